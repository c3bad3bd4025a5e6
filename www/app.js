// The huqing page: picks a file, runs the check through huqing.js, and shows the report.
// Every value from a file or a report is written with textContent, never as HTML.
// The only thing stored is the language choice (localStorage 'huqing.lang').

import { check, checkMany, exportReport, household, preload, rules, STAGES } from './huqing.js';
import { BUILT_IN_PROFILES, CODES, DEFAULT_PROFILE, SEVERITY_ORDER } from './constants.js';
import { badge, el } from './dom.js';
import { initDownloads, save } from './downloads.js';
import { filterArea, filterRule, focusFinding, initFindings, showFindings } from './findings-panel.js';
import { openHousehold } from './household.js';
import { renderAreas, renderCards, renderRuleChart } from './summary.js';
import { unknownValues, withValues } from './profile-values.js';
import { TEXT, bt, fmt, i18n, t } from './text.js';

const $ = (id) => document.getElementById(id);
const ui = {
  lang: $('lang'),
  intake: document.querySelector('.intake'),
  drop: $('drop'),
  pick: $('pick'),
  sample: $('sample'),
  file: $('file'),
  progress: $('progress'),
  progressFile: $('progress-file'),
  progressStage: $('progress-stage'),
  progressPct: $('progress-pct'),
  progressBar: $('progress-bar'),
  progressFill: $('progress-fill'),
  cancel: $('cancel'),
  error: $('error'),
  errorTitle: $('error-title'),
  errorMessage: $('error-message'),
  errorCode: $('error-code'),
  results: $('results'),
  file_: $('r-file'),
  sheet: $('r-sheet'),
  sheetSelect: $('r-sheet-select'),
  encodingFact: $('r-encoding-fact'),
  encodingSelect: $('r-encoding-select'),
  headerTextsLine: $('r-header-texts-line'),
  headerTexts: $('r-header-texts'),
  errorEncoding: $('error-encoding'),
  errorEncodingSelect: $('error-encoding-select'),
  header: $('r-header'),
  profileFact: $('r-profile'),
  referenceDate: $('r-reference-date'),
  referenceSource: $('r-reference-source'),
  kindFact: $('r-kind-fact'),
  kind: $('r-kind'),
  profile: $('profile'),
  profileLoad: $('profile-load'),
  profileFile: $('profile-file'),
  exemptionsName: $('exemptions-name'),
  exemptionsLoad: $('exemptions-load'),
  exemptionsClear: $('exemptions-clear'),
  exemptionsFile: $('exemptions-file'),
  rulesDocOpen: $('rules-doc-open'),
  rulesDoc: $('rules-doc'),
  rulesDocClose: $('rules-doc-close'),
  rulesDocHint: $('rules-doc-hint'),
  rulesDocList: $('rules-doc-list'),
  remap: $('remap'),
  rulesBody: $('rules-body'),
  cleanRules: $('clean-rules'),
  cleanSummary: $('clean-summary'),
  cleanBody: $('clean-body'),
  columnsList: $('columns-list'),
  findingsPanel: document.querySelector('.findings-panel'),
  print: $('print'),
  downloadError: $('downloads-error'),
  mapping: $('r-mapping'),
  absent: $('r-absent'),
  columnsPanel: document.querySelector('.columns-panel'),
};

const state = {
  get lang() { return i18n.lang; },
  set lang(lang) { i18n.lang = lang; },
  report: null,
  error: null,
  ruleTitles: new Map(),
  profile: DEFAULT_PROFILE, // a built-in name, or 'file' for profileFile
  profileFile: null, // {name, text} of a loaded profile file
  exemptions: null, // the File of the exemption list
  ruleFilter: '', // the rule the findings are filtered by, marked in the rules table
  columns: {}, // role key → header chosen in the mapping step, for the current file
  pendingColumns: {}, // choices not yet applied
  catalogue: [], // the rules under the current profile, for 规则说明
  source: null, // {name, read(): Promise<ArrayBuffer|Blob>} of the last file, for another sheet
  options: {}, // the options of the last run: {sheet?, encoding?}
  controller: null,
  progressStage: null,
  progressFraction: 0,
  rendering: 0, // bumped by each renderReport call and each run: a report still being shown stops
};


// ---- language ----

function loadLanguage() {
  try {
    const saved = localStorage.getItem('huqing.lang');
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage blocked: Chinese by default
  }
  return 'zh';
}

function setLanguage(lang) {
  state.lang = lang;
  try {
    localStorage.setItem('huqing.lang', lang);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  applyLanguage();
}

function applyLanguage() {
  const text = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = text.title;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const value = text[el.dataset.i18n];
    if (typeof value === 'string') el.textContent = value;
  }
  ui.lang.textContent = text.langButton;
  ui.lang.lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  ui.sheetSelect.title = text.sheetChoose;
  ui.sheetSelect.setAttribute('aria-label', text.sheetChoose);
  ui.referenceDate.title = text.referenceChoose;
  ui.encodingSelect.title = text.encodingChoose;
  ui.encodingSelect.setAttribute('aria-label', text.encodingChoose);
  renderProfileChoice();
  renderExemptions();
  renderRulesDoc();
  if (state.progressStage) showStage(state.progressStage, state.progressFraction);
  if (state.error) showError(state.error);
  if (state.report) renderReport(state.report, { keep: true });
  applyBatchLanguage();
}

// ---- intake ----

function openPicker() {
  ui.file.value = '';
  ui.file.click();
}

ui.drop.addEventListener('click', openPicker);
ui.pick.addEventListener('click', openPicker);
ui.drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    openPicker();
  }
});
ui.file.addEventListener('change', () => runFiles(ui.file.files));

for (const type of ['dragenter', 'dragover']) {
  ui.drop.addEventListener(type, (e) => {
    e.preventDefault();
    ui.drop.classList.add('over');
  });
}
for (const type of ['dragleave', 'dragend']) {
  ui.drop.addEventListener(type, () => ui.drop.classList.remove('over'));
}
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  runFiles(e.dataTransfer && e.dataTransfer.files);
});
// A file dropped beside the drop zone must not make the browser open it instead of the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

ui.sample.addEventListener('click', () => {
  state.columns = {};
  const url = new URL('samples/sample.xlsx', document.baseURI);
  run({
    name: 'sample.xlsx',
    read: async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  }, {}, true);
});

ui.cancel.addEventListener('click', () => state.controller?.abort());

ui.sheetSelect.addEventListener('change', () => {
  state.columns = {};
  if (state.source) run(state.source, { ...state.options, sheet: ui.sheetSelect.value });
});

// Text files only: the encodings offices' CSV and TXT exports come in (WHATWG labels).
const ENCODINGS = [
  ['UTF-8', 'UTF-8'],
  ['gb18030', 'GB18030 / GBK'],
  ['UTF-16LE', 'UTF-16LE'],
  ['UTF-16BE', 'UTF-16BE'],
  ['Big5', 'Big5'],
];

function encodingOptions(select, current) {
  const known = ENCODINGS.some(([v]) => v.toLowerCase() === (current || '').toLowerCase());
  const list = known || !current ? ENCODINGS : [[current, current], ...ENCODINGS];
  select.replaceChildren(...list.map(([value, label]) => {
    const option = el('option', null, label);
    option.value = value;
    option.selected = value.toLowerCase() === (current || '').toLowerCase();
    return option;
  }));
}

ui.referenceDate.addEventListener('change', () => {
  const value = ui.referenceDate.value;
  if (state.source && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    run(state.source, { ...state.options, sheet: state.report?.sheet, referenceDate: value });
  }
});

for (const select of [ui.encodingSelect, ui.errorEncodingSelect]) {
  select.addEventListener('change', () => {
    if (state.source) run(state.source, { ...state.options, encoding: select.value });
  });
}

const isText = (name) => /\.(csv|tsv|txt)$/i.test(name || '');

// ---- profile, exemptions, column choices: each re-checks the current file ----

/** The profile as the checker takes it: a built-in name or the loaded file's JSON text. */
function currentProfile() {
  return state.profile === 'file' && state.profileFile ? state.profileFile.text : state.profile;
}

/** A profile's name as shown: the built-in ones by what they are for. */
function profileLabel(name) {
  return t().profiles[name] || name;
}

function renderProfileChoice() {
  const text = t();
  const options = BUILT_IN_PROFILES.map((name) => {
    const option = el('option', null, text.profiles[name]);
    option.value = name;
    return option;
  });
  if (state.profileFile) {
    const option = el('option', null, text.profileFile(state.profileFile.name));
    option.value = 'file';
    options.push(option);
  }
  ui.profile.replaceChildren(...options);
  ui.profile.value = state.profile;
}

function renderExemptions() {
  const text = t();
  ui.exemptionsName.textContent = state.exemptions ? state.exemptions.name : text.exemptionsNone;
  ui.exemptionsName.classList.toggle('none', !state.exemptions);
  ui.exemptionsClear.hidden = !state.exemptions;
}

/** Re-checks the current file (same sheet) with the current choices. */
function rerun() {
  if (state.source && !state.controller) run(state.source, state.report ? { ...state.options, sheet: state.report.sheet } : state.options);
}

/** Switches to `choice` after the checker accepted the profile; a refused one is shown as an error. */
async function chooseProfile(choice, file = null) {
  const previous = { profile: state.profile, profileFile: state.profileFile };
  state.profile = choice;
  if (file) state.profileFile = file;
  try {
    state.catalogue = await rules({ profile: currentProfile() });
  } catch (e) {
    Object.assign(state, previous);
    renderProfileChoice();
    showError(toError(e));
    return;
  }
  clearError();
  renderProfileChoice();
  renderRulesDoc();
  rerun();
}

ui.profile.addEventListener('change', () => chooseProfile(ui.profile.value));
ui.profileLoad.addEventListener('click', () => {
  ui.profileFile.value = '';
  ui.profileFile.click();
});
ui.profileFile.addEventListener('change', async () => {
  const file = ui.profileFile.files && ui.profileFile.files[0];
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch (e) {
    showError({ code: CODES.profileUnreadable, message_zh: TEXT.zh.profileReadFailed + e.message, message_en: TEXT.en.profileReadFailed + e.message });
    return;
  }
  let name = file.name;
  try {
    name = JSON.parse(text).name || name;
  } catch {
    // the checker explains what is wrong with the text
  }
  chooseProfile('file', { name: String(name), text });
});

ui.exemptionsLoad.addEventListener('click', () => {
  ui.exemptionsFile.value = '';
  ui.exemptionsFile.click();
});
ui.exemptionsFile.addEventListener('change', () => {
  const file = ui.exemptionsFile.files && ui.exemptionsFile.files[0];
  if (!file) return;
  state.exemptions = file;
  renderExemptions();
  rerun();
});
ui.exemptionsClear.addEventListener('click', () => {
  state.exemptions = null;
  renderExemptions();
  rerun();
});

ui.remap.addEventListener('click', () => {
  state.columns = { ...state.columns, ...state.pendingColumns };
  state.pendingColumns = {};
  rerun();
});


// ---- 规则说明 ----

/** A doc in the Markdown subset rule docs use (paragraphs, **bold**, `code`), built as DOM. */
function renderDoc(markdown) {
  const fragment = document.createDocumentFragment();
  for (const para of String(markdown || '').split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const p = el('p');
    for (const part of para.replace(/\s*\n\s*/g, ' ').split(/(\*\*[^*]+\*\*|`[^`]+`)/)) {
      if (part.startsWith('**') && part.endsWith('**') && part.length > 4) p.append(el('strong', null, part.slice(2, -2)));
      else if (part.startsWith('`') && part.endsWith('`') && part.length > 2) p.append(el('code', null, part.slice(1, -1)));
      else if (part) p.append(document.createTextNode(part));
    }
    fragment.append(p);
  }
  return fragment;
}

function renderRulesDoc() {
  const text = t();
  const list = state.catalogue || [];
  const profileName = state.profile === 'file' && state.profileFile ? state.profileFile.name : state.profile;
  ui.rulesDocHint.textContent = text.rulesDocHint(profileLabel(profileName), list.length, list.filter((r) => !r.enabled).length);
  ui.rulesDocList.replaceChildren(...list.map((rule) => {
    const item = el('li', `rule-doc${rule.enabled ? '' : ' off'}`);
    item.id = `rule-${rule.key}`;
    item.dataset.rule = rule.key;
    const head = el('div', 'rule-doc-head');
    head.append(
      el('h3', null, state.lang === 'zh' ? rule.title_zh : rule.title_en),
      badge(rule.severity),
      el('code', 'rule-key', rule.key),
      el('span', 'tag', text.scopes[rule.scope] || rule.scope),
    );
    if (rule.custom) head.append(el('span', 'tag custom', text.ruleCustom));
    if (!rule.enabled) head.append(el('span', 'tag off', text.ruleOff));
    const other = state.lang === 'zh' ? rule.title_en : rule.title_zh;
    const doc = el('div', 'doc');
    doc.append(renderDoc(rule.doc));
    item.append(head, el('p', 'other-title', other), doc);
    return item;
  }));
}

function showRulesDoc(open) {
  ui.rulesDoc.hidden = !open;
  if (open) {
    renderRulesDoc();
    ui.rulesDoc.scrollIntoView({ block: 'start' });
  }
}

ui.rulesDocOpen.addEventListener('click', () => showRulesDoc(ui.rulesDoc.hidden));
ui.rulesDocClose.addEventListener('click', () => {
  showRulesDoc(false);
  ui.rulesDocOpen.focus();
});

ui.lang.addEventListener('click', () => setLanguage(state.lang === 'zh' ? 'en' : 'zh'));

function runFile(file) {
  state.columns = {};
  run({ name: file.name, read: async () => file });
}

/** One file is checked alone; several are checked together (see runMany). */
function runFiles(list) {
  const files = Array.from(list || []);
  if (files.length > 1) runMany(files);
  else if (files.length === 1) runFile(files[0]);
}

/** Checks one source; a newer run cancels an older one that is still going. */
async function run(source, options = {}, isSample = false) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  state.source = source;
  state.options = options;
  hideBatch();
  clearError();
  state.rendering += 1;
  ui.results.hidden = true;
  state.report = null;
  ui.progressFile.textContent = source.name;
  showStage('reading', 0);
  ui.progress.hidden = false;
  ui.results.setAttribute('aria-busy', 'true');
  try {
    let input;
    try {
      input = await source.read();
    } catch (e) {
      if (!isSample) throw e;
      throw {
        code: CODES.sampleUnavailable,
        message_zh: TEXT.zh.sampleFailed + e.message,
        message_en: TEXT.en.sampleFailed + e.message,
      };
    }
    const report = await check(input, {
      ...options,
      profile: currentProfile(),
      exemptions: state.exemptions || undefined,
      columns: state.columns,
      name: source.name,
      signal: controller.signal,
      onProgress: (fraction, stage) => {
        if (state.controller === controller) showStage(stage, fraction);
      },
    });
    if (state.controller !== controller) return;
    state.report = report;
    state.pendingColumns = {};
    await renderReport(report);
  } catch (e) {
    if (state.controller !== controller) return;
    if (e && e.code === CODES.aborted) return;
    showError(toError(e));
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      state.progressStage = null;
      ui.progress.hidden = true;
      ui.results.removeAttribute('aria-busy');
    }
  }
}

function toError(e) {
  if (e && typeof e.code === 'string' && typeof e.message_zh === 'string') {
    return { code: e.code, message_zh: e.message_zh, message_en: e.message_en || e.message_zh };
  }
  const detail = e && e.message ? e.message : String(e);
  return {
    code: CODES.pageError,
    message_zh: `检查时出现意外错误：${detail}`,
    message_en: `Something unexpected went wrong: ${detail}`,
  };
}

// ---- progress and errors ----

function showStage(stage, fraction) {
  state.progressStage = stage;
  const names = STAGES[stage];
  ui.progressStage.textContent = names ? names[state.lang] : stage;
  state.progressFraction = fraction;
  const percent = Math.round(fraction * 100);
  // Before the first real progress the bar moves on its own, so a slow start does not look stuck.
  ui.progressBar.classList.toggle('busy', percent === 0);
  ui.progressFill.style.width = `${percent}%`;
  ui.progressBar.setAttribute('aria-valuenow', String(percent));
  ui.progressPct.textContent = percent === 0 ? '' : `${percent}%`;
}

function showError(error) {
  state.error = error;
  const retry = isText(state.source?.name) && [CODES.noHeader, CODES.encoding, CODES.noData].includes(error.code);
  if (retry) encodingOptions(ui.errorEncodingSelect, state.options.encoding || '');
  ui.errorEncoding.hidden = !retry;
  ui.errorTitle.textContent = error.code === CODES.loadFailed ? t().errorTitleLoad : t().errorTitle;
  ui.errorMessage.textContent = state.lang === 'zh' ? error.message_zh : error.message_en;
  ui.errorCode.textContent = error.code;
  ui.error.hidden = false;
}

function clearError() {
  state.error = null;
  ui.error.hidden = true;
}

// ---- the report ----

function ruleTitle(key) {
  const rule = state.ruleTitles.get(key);
  if (!rule) return key;
  return state.lang === 'zh' ? rule.title_zh : rule.title_en;
}

/** The next task: the page paints and answers input before the work after this goes on. */
const nextTask = () => new Promise((ok) => {
  const channel = new MessageChannel(); // unlike setTimeout, neither clamped nor throttled
  channel.port1.onmessage = () => ok();
  channel.port2.postMessage(null);
});

/**
 * Shows `report`; `keep` keeps the findings' filters and position (a language change). The
 * summary shows first, then the findings, then the column mapping is built, each in a task of its
 * own after the one that decoded the report: built and laid out at once, they held the page's
 * thread 150 ms at a million rows. #results is aria-busy until all are in. Resolves then, or once
 * a newer call or run has taken over.
 */
async function renderReport(report, { keep = false } = {}) {
  const mine = ++state.rendering;
  ui.results.setAttribute('aria-busy', 'true');
  const parts = [
    () => {
      renderSummary(report, { keep });
      if (!keep) ui.findingsPanel.hidden = true;
      ui.results.hidden = false;
      ui.intake.classList.add('compact');
    },
    () => {
      showFindings(report, { keep });
      ui.findingsPanel.hidden = false;
    },
    () => renderColumns(report),
  ];
  for (const part of parts) {
    await nextTask();
    if (mine !== state.rendering) return;
    part();
  }
  ui.results.removeAttribute('aria-busy');
}

function renderSummary(report, { keep }) {
  const text = t();
  state.ruleTitles = new Map((report.rules || []).map((r) => [r.key, r]));

  ui.file_.textContent = report.file;
  ui.file_.title = report.file;
  renderSheet(report);
  ui.header.textContent = text.headerRowValue(report.header_row);
  ui.encodingFact.hidden = !report.encoding;
  if (report.encoding) encodingOptions(ui.encodingSelect, report.encoding);
  const header = (report.header || []).filter((h) => h !== '');
  ui.headerTextsLine.hidden = !report.encoding || header.length === 0;
  ui.headerTexts.textContent = header.join(' | ');
  ui.profileFact.textContent = profileLabel(report.profile || '');
  ui.profileFact.title = report.profile || '';
  ui.profileFact.dataset.profile = report.profile || '';
  renderReference(report);

  if (!keep) ui.downloadError.hidden = true;
  renderCards(report);
  renderRules(report);
  renderAreas(report, (township, village) => {
    filterArea(township, village);
    ui.findingsPanel.scrollIntoView({ block: 'start', behavior: 'smooth' });
  });
  const roles = report.roles || [];
  const missing = roles.filter((r) => r.header === null || r.header === undefined).length;
  ui.mapping.textContent = text.mappingFact(fmt(roles.length - missing), fmt(missing));
  const absent = report.absent || [];
  ui.absent.hidden = absent.length === 0;
  ui.absent.textContent = absent
    .map((a) => text.absentColumn(state.lang === 'zh' ? a.header_zh : a.header_en, a.rules.map(ruleTitle).join(text.listSep)))
    .join(text.clauseSep);
}

/** The reference date the check used, where it came from, and what the sheet lists. */
function renderReference(report) {
  const text = t();
  const reference = report.reference_date;
  ui.referenceDate.value = reference ? reference.date : '';
  ui.referenceSource.textContent = !reference ? ''
    : reference.source === 'year-column' && reference.years.length ? text.referenceYears(reference.years)
    : text.referenceSources[reference.source] || '';
  const kind = report.kind === 'households' ? text.kindHouseholds
    : report.household_list ? text.kindJoined(report.household_list.sheet, report.household_list.households) : '';
  ui.kind.textContent = kind;
  ui.kindFact.hidden = !kind;
}

function renderSheet(report) {
  const sheets = report.sheets || [];
  ui.sheet.textContent = report.sheet || '';
  if (sheets.length > 1) {
    ui.sheetSelect.replaceChildren(...sheets.map((name) => {
      const option = el('option', null, name);
      option.value = name;
      option.selected = name === report.sheet;
      return option;
    }));
    ui.sheetSelect.hidden = false;
    ui.sheet.hidden = true;
  } else {
    ui.sheetSelect.hidden = true;
    ui.sheet.hidden = false;
  }
}

function ruleRow(rule) {
  const tr = el('tr');
  tr.dataset.rule = rule.key;
  tr.dataset.count = String(rule.count);
  tr.dataset.severity = rule.severity;
  const titleCell = el('td', 'rule-title');
  if (rule.count > 0 || rule.exempted > 0) {
    const button = el('button', 'link', ruleTitle(rule.key));
    button.type = 'button';
    button.title = rule.key;
    button.addEventListener('click', () => {
      filterRule(state.ruleFilter === rule.key ? '' : rule.key);
      ui.findingsPanel.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
    titleCell.append(button);
  } else {
    titleCell.textContent = ruleTitle(rule.key);
    titleCell.title = rule.key;
  }
  const sevCell = el('td');
  sevCell.append(badge(rule.severity));
  if (rule.exempted > 0) titleCell.append(el('span', 'exempted-count', t().exemptedCount(fmt(rule.exempted))));
  tr.dataset.exempted = String(rule.exempted || 0);
  tr.append(titleCell, sevCell, el('td', 'num count', fmt(rule.count)));
  if (rule.key === 'value-not-in-code-list' && rule.count > 0) titleCell.append(' ', addValuesButton());
  if (state.ruleFilter === rule.key) tr.classList.add('selected');
  return tr;
}

/**
 * The button that downloads the current profile with the values found off the code lists added
 * to its codes: load it as the profile (or send it to the province) to accept them.
 */
function addValuesButton() {
  const button = el('button', 'link add-values', t().addValues);
  button.type = 'button';
  button.id = 'add-values';
  button.title = t().addValuesHint;
  button.addEventListener('click', () => {
    if (!state.report) return;
    const seen = unknownValues(state.report);
    const { name, text } = withValues(currentProfile(), seen);
    save(new Blob([text], { type: 'application/json' }), name);
  });
  return button;
}

function renderRules(report) {
  const rules = (report.rules || []).slice();
  const bySeverityThenCount = (a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
    || b.count - a.count;
  const found = rules.filter((r) => r.count > 0 || r.exempted > 0).sort(bySeverityThenCount);
  const clean = rules.filter((r) => r.count === 0 && !(r.exempted > 0)).sort(bySeverityThenCount);
  ui.rulesBody.replaceChildren(...found.map(ruleRow));
  renderRuleChart(found, ruleTitle);
  if (found.length === 0) {
    const tr = el('tr');
    const td = el('td', 'empty', t().noProblems);
    td.colSpan = 3;
    tr.append(td);
    ui.rulesBody.append(tr);
  }
  ui.cleanBody.replaceChildren(...clean.map(ruleRow));
  ui.cleanSummary.textContent = t().cleanRules(clean.length);
  ui.cleanRules.hidden = clean.length === 0;
}

function renderColumns(report) {
  const text = t();
  const headers = (report.headers || []).filter((h, i, all) => h.trim() !== '' && all.indexOf(h) === i);
  const items = (report.roles || []).map((role) => {
    const item = el('li', 'role');
    item.dataset.role = role.key;
    const name = state.lang === 'zh' ? role.zh : role.en;
    item.append(el('span', 'role-name', name));
    const header = el('span', 'role-header');
    const select = el('select', 'role-select');
    select.setAttribute('aria-label', text.columnFor(name));
    const none = el('option', null, text.notUsed);
    none.value = '';
    select.append(none, ...headers.map((h) => {
      const option = el('option', null, h);
      option.value = h;
      return option;
    }));
    const pending = state.pendingColumns[role.key];
    select.value = pending !== undefined ? pending : (role.header ?? '');
    select.addEventListener('change', () => {
      state.pendingColumns[role.key] = select.value;
      item.classList.add('changed');
      ui.remap.hidden = false;
    });
    header.append(select);
    if ((role.header === null || role.header === undefined) && role.suggestion && pending === undefined) {
      item.classList.add('missing', 'suggested');
      const accept = el('button', 'link suggestion', text.suggestion(role.suggestion));
      accept.type = 'button';
      accept.title = text.suggestionHint;
      accept.addEventListener('click', () => {
        select.value = role.suggestion;
        select.dispatchEvent(new Event('change'));
        accept.remove();
      });
      header.append(' ', accept);
    } else if (role.header === null || role.header === undefined) {
      item.classList.add('missing');
    } else if (role.confidence === 'likely') {
      const tag = el('span', 'likely', text.likely);
      tag.title = text.likelyHint;
      header.append(' ', tag);
    } else if (role.confidence === 'chosen') {
      header.append(' ', el('span', 'chosen', text.chosen));
    }
    if (pending !== undefined) item.classList.add('changed');
    item.append(header);
    return item;
  });
  ui.columnsList.replaceChildren(...items);
  ui.remap.hidden = Object.keys(state.pendingColumns).length === 0;
}

// ---- several files: checked together, duplicates across them, side-by-side comparison ----

const batchUi = {
  section: $('batch'),
  files: $('batch-files'),
  crossBody: $('cross-body'),
  crossTable: $('cross-table'),
  crossEmpty: $('cross-empty'),
  crossCount: $('cross-count'),
  compare: $('compare'),
  compareClose: $('compare-close'),
  compareMessage: $('compare-message'),
  compareTable: $('compare-table'),
};
let batch = null; // {files: [report | {file, error}], cross, summary, shown: index of the file shown}

function applyBatchLanguage() {
  for (const node of document.querySelectorAll('[data-batch-i18n]')) {
    const value = bt()[node.dataset.batchI18n];
    if (typeof value === 'string') node.textContent = value;
  }
  if (batch) renderBatch();
}

function hideBatch() {
  batch = null;
  batchUi.section.hidden = true;
}

/** Checks several files together; a newer run cancels an older one that is still going. */
async function runMany(files) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  state.source = null;
  hideBatch();
  clearError();
  state.rendering += 1;
  ui.results.hidden = true;
  state.report = null;
  const names = files.map((f) => f.name);
  ui.progressFile.textContent = bt().checkingFiles(1, files.length, names[0]);
  showStage('reading', 0);
  ui.progress.hidden = false;
  try {
    const result = await checkMany(files.map((f) => ({ input: f, name: f.name })), {
      signal: controller.signal,
      onProgress: (fraction, stage, index) => {
        if (state.controller !== controller) return;
        if (index !== undefined) ui.progressFile.textContent = bt().checkingFiles(index + 1, files.length, names[index]);
        showStage(stage, fraction);
      },
    });
    if (state.controller !== controller) return;
    const first = result.files.findIndex((f) => !f.error);
    if (first < 0) {
      showError(result.files[0].error);
      return;
    }
    batch = { ...result, shown: first };
    batchUi.section.hidden = false;
    showBatchFile(first, files);
    renderBatch();
    ui.intake.classList.add('compact');
  } catch (e) {
    if (state.controller !== controller) return;
    if (e && e.code === CODES.aborted) return;
    showError(toError(e));
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      state.progressStage = null;
      ui.progress.hidden = true;
    }
  }
}

/** Shows the report of file `index` of the batch in the single-file view below. */
async function showBatchFile(index, files) {
  const report = batch.files[index];
  if (!report || report.error) return;
  batch.shown = index;
  if (files) batch.sources = files.map((f) => ({ name: f.name, read: async () => f }));
  state.source = batch.sources ? batch.sources[index] : null;
  state.report = report;
  renderBatchFiles();
  await renderReport(report);
}

function renderBatch() {
  renderBatchFiles();
  const text = bt();
  const cross = batch.cross || [];
  batchUi.crossCount.textContent = text.crossCount(fmt(cross.length));
  const fragment = document.createDocumentFragment();
  for (const f of cross) {
    const tr = el('tr', `sev-${f.severity}`);
    tr.dataset.cross = f.rule;
    const ruleCell = el('td', 'c-rule');
    ruleCell.append(badge(f.severity), el('span', 'rule-name', ruleTitle(f.rule)));
    ruleCell.title = f.rule;
    const where = (f.locations || []).map((l) => text.rowAt(l.file ?? '', l.row)).join(t().rowSep);
    const act = el('td', 'c-act');
    act.append(compareButton(f));
    tr.append(ruleCell, el('td', 'c-where', where), el('td', 'c-val', f.value),
      el('td', 'c-msg', state.lang === 'zh' ? f.message_zh : f.message_en), act);
    fragment.append(tr);
  }
  batchUi.crossBody.replaceChildren(fragment);
  batchUi.crossTable.hidden = cross.length === 0;
  batchUi.crossEmpty.hidden = cross.length > 0;
  batchUi.crossEmpty.textContent = text.noCross;
}

function renderBatchFiles() {
  const text = bt();
  batchUi.files.replaceChildren(...batch.files.map((f, i) => {
    const item = el('li');
    if (f.error) {
      const failed = el('span', 'failed', `${f.file} · ${text.failed}: ${state.lang === 'zh' ? f.error.message_zh : f.error.message_en}`);
      item.append(failed);
      return item;
    }
    const button = el('button', `btn small${i === batch.shown ? ' selected' : ''}`);
    button.type = 'button';
    button.dataset.file = f.file;
    button.append(el('strong', null, f.file), ' ', el('span', null, text.fileFacts(fmt(f.rows), fmt(f.households))));
    button.addEventListener('click', () => showBatchFile(i));
    item.append(button);
    return item;
  }));
}

function compareButton(finding) {
  const button = el('button', 'btn small compare-open', bt().compare);
  button.type = 'button';
  button.addEventListener('click', () => openCompare(finding));
  return button;
}

/** The records of a duplicate finding side by side, one column each, differences shaded. */
function openCompare(finding) {
  const text = bt();
  const records = (finding.locations || []).map((l) => [
    l.file ?? state.report?.file ?? '', String(l.row), l.household, l.township, l.village, l.name, l.id,
  ]);
  const head = el('tr');
  head.append(el('th'), ...records.map((_, i) => el('th', null, text.record(i + 1))));
  const body = text.fields.map((field, row) => {
    const tr = el('tr');
    tr.append(el('th', null, field));
    for (const record of records) {
      const td = el('td', record[row] !== records[0][row] ? 'differs' : null, record[row]);
      tr.append(td);
    }
    return tr;
  });
  batchUi.compareTable.tHead.replaceChildren(head);
  batchUi.compareTable.tBodies[0].replaceChildren(...body);
  batchUi.compareMessage.textContent = state.lang === 'zh' ? finding.message_zh : finding.message_en;
  if (!batchUi.compare.open) batchUi.compare.showModal();
}

batchUi.compareClose.addEventListener('click', () => batchUi.compare.close());

// ---- start ----

initFindings({
  ruleTitle,
  onOpen: (finding, index) => openHousehold(state.report, finding, {
    load: household,
    ruleTitle,
    onClose: () => focusFinding(index),
  }),
  decorate: (cell, finding) => {
    if ((finding.locations || []).length > 1) cell.append(compareButton(finding));
  },
  onFilter: (rule) => {
    state.ruleFilter = rule;
    for (const tr of document.querySelectorAll('tr[data-rule]')) tr.classList.toggle('selected', tr.dataset.rule === rule);
  },
});
ui.print.addEventListener('click', () => window.print());
initDownloads($('downloads'), {
  report: () => state.report,
  make: exportReport,
  onError: (error) => {
    ui.downloadError.textContent = state.lang === 'zh' ? error.message_zh : error.message_en;
    ui.downloadError.hidden = false;
  },
  onStart: () => { ui.downloadError.hidden = true; },
});
ui.mapping.addEventListener('click', () => {
  ui.columnsPanel.scrollIntoView({ block: 'start', behavior: 'smooth' });
  ui.columnsPanel.querySelector('select')?.focus({ preventScroll: true });
});

state.lang = loadLanguage();
applyLanguage();
preload().catch((e) => showError(toError(e)));
rules().then((catalogue) => {
  state.catalogue = catalogue;
  renderRulesDoc();
}, () => {});
