// The huqing page: picks a file, runs the check through huqing.js, and shows the report.
// Every value from a file or a report is written with textContent, never as HTML.
// The only thing stored is the language choice (localStorage 'huqing.lang').

import { check, checkMany, preload, rules, STAGES } from './huqing.js';

const PAGE_SIZE = 100;
const ROWS_SHOWN = 8;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const BUILT_IN_PROFILES = ['national-2016', 'monitoring-2021'];

const TEXT = {
  zh: {
    title: '户清 · 扶贫户籍数据质量检查',
    promise: '文件只在本机浏览器中检查，不上传。',
    intakeTitle: '选择要检查的表格',
    dropTitle: '把户籍表格文件拖到这里，或点击选择文件',
    dropHint: '支持 Excel（xlsx、xls、xlsm、xlsb）、WPS/ODS 和 CSV 文件 · 一行一人，按户编号分户',
    pick: '选择文件',
    sample: '试用示例',
    checkingFile: '正在检查',
    cancel: '取消',
    errorTitle: '无法检查这个文件',
    errorTitleLoad: '检查程序未能加载',
    errorCode: '错误代码',
    resultsTitle: '检查结果',
    file: '文件',
    sheet: '工作表',
    headerRow: '表头行',
    rows: '数据行数',
    households: '户数',
    rulesTitle: '问题统计',
    rulesHint: '点击一条规则，只看这一类问题。',
    columnsTitle: '列识别',
    columnsHint: '表格中的哪一列被当作哪一项。认错或未找到时，可在右侧改选，再点“按所选列重新检查”。',
    thRule: '规则',
    thSeverity: '级别',
    thCount: '数量',
    thRows: '行号',
    thColumn: '列',
    thValue: '值',
    thHousehold: '户编号',
    thMessage: '说明',
    findingsTitle: '问题清单',
    showAll: '显示全部',
    export: '导出问题清单（CSV）',
    prev: '上一页',
    next: '下一页',
    footer: '户清在浏览器中离线运行：打开页面后即使断网也可以检查。检查结果只显示在本页，关闭页面即清除。',
    langButton: 'English',
    notFound: '未找到',
    likely: '按列名推测',
    likelyHint: '列名不完全一致，按相近的列名认定，请核对。',
    severity: { error: '错误', warning: '警告', info: '提示' },
    headerRowValue: (n) => `第 ${n} 行`,
    totals: (e, w, i) => [`错误 ${e} 条`, `警告 ${w} 条`, `提示 ${i} 条`],
    noProblems: '没有发现问题。',
    cleanRules: (n) => `未发现问题的规则（${n} 条）`,
    pageInfo: (p, n, total) => `第 ${p} / ${n} 页 · 共 ${total} 条`,
    filterLabel: (title) => `— 只看：${title}`,
    moreRows: (n) => `等 ${n} 行`,
    rowSep: '、',
    sheetChoose: '换一个工作表检查',
    encoding: '编码',
    encodingChoose: '表头显示乱码时，换一种编码重新检查',
    encodingRetry: '如果是乱码，换一种编码重试：',
    headerTexts: '表头（按此编码解读）',
    sampleFailed: '示例文件无法载入：',
    exportName: '问题清单',
    exportHeader: ['规则', '级别', '行号', '列', '值', '户编号', '说明', '豁免原因'],
    profileLabel: '检查方案',
    profileLoad: '载入方案文件…',
    profiles: { 'national-2016': '建档立卡 2016–2020（默认）', 'monitoring-2021': '防返贫监测 2021 起' },
    profileFile: (name) => `方案文件：${name}`,
    exemptionsLabel: '豁免清单',
    exemptionsLoad: '载入豁免清单…',
    exemptionsClear: '不用豁免清单',
    exemptionsNone: '未使用',
    rulesDocOpen: '规则说明',
    rulesDocTitle: '规则说明',
    rulesDocClose: '返回',
    rulesDocHint: (profile, n, off) => `检查方案“${profile}”共 ${fmt(n)} 条规则${off ? `，其中 ${fmt(off)} 条已关闭` : ''}。`,
    ruleOff: '已关闭',
    ruleCustom: '方案规则',
    scopes: { cell: '单元格', row: '行', household: '户', table: '整表' },
    remap: '按所选列重新检查',
    notUsed: '（无此列）',
    chosen: '手动指定',
    columnFor: (name) => `“${name}”对应的列`,
    exemptAll: '全部问题',
    exemptOpen: '只看待处理',
    exemptOnly: '只看已豁免',
    exempted: '已豁免',
    exemptedTotal: (n) => `已豁免 ${n} 条`,
    exemptedCount: (n) => `另 ${n} 条已豁免`,
    exemptReason: (r) => `豁免原因：${r || '（未写原因）'}`,
    profileReadFailed: '方案文件无法读取：',
  },
  en: {
    title: 'Huqing · Poverty-register data quality check',
    promise: 'Your file is checked only in this browser, on this computer. It is never uploaded.',
    intakeTitle: 'Choose a register to check',
    dropTitle: 'Drop a household register here, or click to choose a file',
    dropHint: 'Excel (xlsx, xls, xlsm, xlsb), WPS/ODS and CSV · one row per person, grouped by household ID',
    pick: 'Choose file',
    sample: 'Try a sample',
    checkingFile: 'Checking',
    cancel: 'Cancel',
    errorTitle: 'This file cannot be checked',
    errorTitleLoad: 'The checker could not be loaded',
    errorCode: 'Error code',
    resultsTitle: 'Results',
    file: 'File',
    sheet: 'Sheet',
    headerRow: 'Header row',
    rows: 'Data rows',
    households: 'Households',
    rulesTitle: 'Problems by rule',
    rulesHint: 'Click a rule to see only its problems.',
    columnsTitle: 'Columns found',
    columnsHint: 'Which column of the sheet was taken for each field. If one is wrong or missing, choose another and click "Check again with these columns".',
    thRule: 'Rule',
    thSeverity: 'Severity',
    thCount: 'Count',
    thRows: 'Rows',
    thColumn: 'Column',
    thValue: 'Value',
    thHousehold: 'Household',
    thMessage: 'Explanation',
    findingsTitle: 'Problems',
    showAll: 'Show all',
    export: 'Export problems (CSV)',
    prev: 'Previous',
    next: 'Next',
    footer: 'Huqing runs offline in your browser: once this page is open it works without a network. Results stay on this page and are gone when you close it.',
    langButton: '中文',
    notFound: 'not found',
    likely: 'guessed',
    likelyHint: 'The header is not an exact known name; it was taken because it is close. Please verify.',
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    headerRowValue: (n) => `row ${n}`,
    totals: (e, w, i) => [`${e} errors`, `${w} warnings`, `${i} info`],
    noProblems: 'No problems found.',
    cleanRules: (n) => `Rules with no problems (${n})`,
    pageInfo: (p, n, total) => `Page ${p} of ${n} · ${total} problems`,
    filterLabel: (title) => `— only: ${title}`,
    moreRows: (n) => `and ${n} more`,
    rowSep: ', ',
    sheetChoose: 'Check another sheet',
    encoding: 'Encoding',
    encodingChoose: 'If the header looks garbled, check again with another encoding',
    encodingRetry: 'If the text was garbled, try another encoding:',
    headerTexts: 'Header (as decoded)',
    sampleFailed: 'The sample could not be loaded: ',
    exportName: 'problems',
    exportHeader: ['Rule', 'Severity', 'Rows', 'Column', 'Value', 'Household', 'Explanation', 'Exemption reason'],
    profileLabel: 'Profile',
    profileLoad: 'Load a profile file…',
    profiles: { 'national-2016': '建档立卡 2016–2020 (default)', 'monitoring-2021': '防返贫监测 2021 onwards' },
    profileFile: (name) => `Profile file: ${name}`,
    exemptionsLabel: 'Exemptions',
    exemptionsLoad: 'Load an exemption list…',
    exemptionsClear: 'Stop using it',
    exemptionsNone: 'none',
    rulesDocOpen: 'Rules explained',
    rulesDocTitle: 'Rules explained',
    rulesDocClose: 'Back',
    rulesDocHint: (profile, n, off) => `Profile "${profile}" has ${fmt(n)} rules${off ? `, ${fmt(off)} of them switched off` : ''}.`,
    ruleOff: 'switched off',
    ruleCustom: 'profile rule',
    scopes: { cell: 'cell', row: 'row', household: 'household', table: 'table' },
    remap: 'Check again with these columns',
    notUsed: '(no such column)',
    chosen: 'chosen',
    columnFor: (name) => `Column for "${name}"`,
    exemptAll: 'All problems',
    exemptOpen: 'Open only',
    exemptOnly: 'Exempted only',
    exempted: 'Exempted',
    exemptedTotal: (n) => `${n} exempted`,
    exemptedCount: (n) => `+${n} exempted`,
    exemptReason: (r) => `Exemption reason: ${r || '(none given)'}`,
    profileReadFailed: 'The profile file could not be read: ',
  },
};

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
  rows: $('r-rows'),
  households: $('r-households'),
  profileFact: $('r-profile'),
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
  exemptFilter: $('exempt-filter'),
  totals: $('r-totals'),
  rulesBody: $('rules-body'),
  cleanRules: $('clean-rules'),
  cleanSummary: $('clean-summary'),
  cleanBody: $('clean-body'),
  columnsList: $('columns-list'),
  filterLabel: $('filter-label'),
  showAll: $('show-all'),
  exportBtn: $('export'),
  findingsBody: $('findings-body'),
  findingsTable: $('findings-table'),
  findingsEmpty: $('findings-empty'),
};

const state = {
  lang: 'zh',
  report: null,
  error: null,
  ruleTitles: new Map(),
  filter: null, // rule key, or null for all
  exemptFilter: 'all', // all | open | exempted
  profile: 'national-2016', // a built-in name, or 'file' for profileFile
  profileFile: null, // {name, text} of a loaded profile file
  exemptions: null, // the File of the exemption list
  columns: {}, // role key → header chosen in the mapping step, for the current file
  pendingColumns: {}, // choices not yet applied
  catalogue: [], // the rules under the current profile, for 规则说明
  shown: [], // the findings after the filter
  page: 0,
  source: null, // {name, read(): Promise<ArrayBuffer|Blob>} of the last file, for another sheet
  options: {}, // the options of the last run: {sheet?, encoding?}
  controller: null,
  progressStage: null,
  progressFraction: 0,
};

const t = () => TEXT[state.lang];
const numberFormat = { zh: new Intl.NumberFormat('zh-CN'), en: new Intl.NumberFormat('en') };
const fmt = (n) => numberFormat[state.lang].format(n);

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
  ui.encodingSelect.title = text.encodingChoose;
  ui.encodingSelect.setAttribute('aria-label', text.encodingChoose);
  renderProfileChoice();
  renderExemptions();
  renderRulesDoc();
  if (state.progressStage) showStage(state.progressStage, state.progressFraction);
  if (state.error) showError(state.error);
  if (state.report) renderReport(state.report, { keepPage: true });
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
    showError({ code: 'profile-unreadable', message_zh: TEXT.zh.profileReadFailed + e.message, message_en: TEXT.en.profileReadFailed + e.message });
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

ui.exemptFilter.addEventListener('change', () => {
  state.exemptFilter = ui.exemptFilter.value;
  applyFilter(state.filter);
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
        code: 'sample-unavailable',
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
    state.filter = null;
    state.page = 0;
    state.pendingColumns = {};
    renderReport(report);
    ui.results.hidden = false;
    ui.intake.classList.add('compact');
  } catch (e) {
    if (state.controller !== controller) return;
    if (e && e.code === 'aborted') return;
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
    code: 'page-error',
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
  const retry = isText(state.source?.name) && ['no-header', 'encoding', 'no-data'].includes(error.code);
  if (retry) encodingOptions(ui.errorEncodingSelect, state.options.encoding || '');
  ui.errorEncoding.hidden = !retry;
  ui.errorTitle.textContent = error.code === 'load-failed' ? t().errorTitleLoad : t().errorTitle;
  ui.errorMessage.textContent = state.lang === 'zh' ? error.message_zh : error.message_en;
  ui.errorCode.textContent = error.code;
  ui.error.hidden = false;
}

function clearError() {
  state.error = null;
  ui.error.hidden = true;
}

// ---- the report ----

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function badge(severity) {
  return el('span', `badge ${severity}`, t().severity[severity] || severity);
}

function ruleTitle(key) {
  const rule = state.ruleTitles.get(key);
  if (!rule) return key;
  return state.lang === 'zh' ? rule.title_zh : rule.title_en;
}

function renderReport(report, { keepPage = false } = {}) {
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
  ui.rows.textContent = fmt(report.rows);
  ui.households.textContent = fmt(report.households);
  ui.profileFact.textContent = profileLabel(report.profile || '');
  ui.profileFact.title = report.profile || '';
  ui.profileFact.dataset.profile = report.profile || '';

  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const rule of report.rules || []) bySeverity[rule.severity] = (bySeverity[rule.severity] || 0) + rule.count;
  const labels = text.totals(fmt(bySeverity.error), fmt(bySeverity.warning), fmt(bySeverity.info));
  ui.totals.replaceChildren(
    ...['error', 'warning', 'info'].map((sev, i) => {
      const chip = el('span', `total ${sev}${bySeverity[sev] ? '' : ' zero'}`, labels[i]);
      chip.dataset.severity = sev;
      chip.dataset.count = String(bySeverity[sev]);
      return chip;
    }),
  );
  const exempted = Object.values(report.exempted || {}).reduce((a, b) => a + b, 0);
  if (exempted > 0) {
    const chip = el('span', 'total exempted', text.exemptedTotal(fmt(exempted)));
    chip.dataset.severity = 'exempted';
    chip.dataset.count = String(exempted);
    ui.totals.append(chip);
  }
  ui.exemptFilter.hidden = exempted === 0;
  if (exempted === 0) state.exemptFilter = 'all';
  ui.exemptFilter.value = state.exemptFilter;

  renderRules(report);
  renderColumns(report);
  if (!keepPage) state.page = 0;
  applyFilter(state.filter, keepPage);
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
      state.page = 0;
      applyFilter(state.filter === rule.key ? null : rule.key);
      ui.findingsTable.scrollIntoView({ block: 'start', behavior: 'smooth' });
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
  if (state.filter === rule.key) tr.classList.add('selected');
  return tr;
}

function renderRules(report) {
  const rules = (report.rules || []).slice();
  const bySeverityThenCount = (a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
    || b.count - a.count;
  const found = rules.filter((r) => r.count > 0 || r.exempted > 0).sort(bySeverityThenCount);
  const clean = rules.filter((r) => r.count === 0 && !(r.exempted > 0)).sort(bySeverityThenCount);
  ui.rulesBody.replaceChildren(...found.map(ruleRow));
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
    if (role.header === null || role.header === undefined) {
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

function applyFilter(rule, keepPage = false) {
  state.filter = rule;
  const findings = state.report ? state.report.findings || [] : [];
  const byExemption = {
    all: () => true,
    open: (f) => f.exempted === null || f.exempted === undefined,
    exempted: (f) => f.exempted !== null && f.exempted !== undefined,
  }[state.exemptFilter] || (() => true);
  state.shown = findings.filter((f) => (!rule || f.rule === rule) && byExemption(f));
  if (!keepPage) state.page = 0;
  for (const tr of document.querySelectorAll('tr[data-rule]')) {
    tr.classList.toggle('selected', tr.dataset.rule === rule);
  }
  ui.filterLabel.textContent = rule ? t().filterLabel(ruleTitle(rule)) : '';
  ui.showAll.hidden = !rule;
  renderPage();
}

ui.showAll.addEventListener('click', () => applyFilter(null));
for (const button of document.querySelectorAll('[data-step]')) {
  button.addEventListener('click', () => goPage(state.page + Number(button.dataset.step)));
}

function goPage(page) {
  state.page = page;
  renderPage();
  ui.findingsTable.scrollIntoView({ block: 'start' });
}

function rowsText(rows) {
  const text = t();
  const list = rows || [];
  const head = list.slice(0, ROWS_SHOWN).join(text.rowSep);
  return list.length > ROWS_SHOWN ? `${head} ${text.moreRows(fmt(list.length))}` : head;
}

function messageCell(f, isExempted) {
  const cell = el('td', 'c-msg', state.lang === 'zh' ? f.message_zh : f.message_en);
  if (isExempted) cell.append(el('span', 'exempt-reason', t().exemptReason(f.exempted)));
  return cell;
}

function renderPage() {
  const text = t();
  const total = state.shown.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  state.page = Math.min(Math.max(0, state.page), pages - 1);
  const start = state.page * PAGE_SIZE;
  const slice = state.shown.slice(start, start + PAGE_SIZE);
  const fragment = document.createDocumentFragment();
  for (const f of slice) {
    const isExempted = f.exempted !== null && f.exempted !== undefined;
    const tr = el('tr', `sev-${f.severity}${isExempted ? ' exempted' : ''}`);
    tr.dataset.finding = f.rule;
    const ruleCell = el('td', 'c-rule');
    ruleCell.append(badge(f.severity), el('span', 'rule-name', ruleTitle(f.rule)));
    if (isExempted) ruleCell.append(el('span', 'badge exempt', text.exempted));
    ruleCell.title = f.rule;
    const rowsCell = el('td', 'c-rows', rowsText(f.rows));
    if ((f.rows || []).length > ROWS_SHOWN) rowsCell.title = f.rows.join(text.rowSep);
    const valueCell = el('td', 'c-val', f.value);
    if (f.value) valueCell.title = f.value;
    const householdCell = el('td', 'c-hh', f.household ?? '');
    if (f.household) householdCell.title = f.household;
    const msgCell = messageCell(f, isExempted);
    if ((f.locations || []).length > 1) msgCell.append(' ', compareButton(f));
    tr.append(
      ruleCell,
      rowsCell,
      el('td', 'c-col', f.column ?? ''),
      valueCell,
      householdCell,
      msgCell,
    );
    fragment.append(tr);
  }
  ui.findingsBody.replaceChildren(fragment);
  ui.findingsEmpty.hidden = total > 0;
  ui.findingsEmpty.textContent = text.noProblems;
  ui.findingsTable.hidden = total === 0;
  for (const info of document.querySelectorAll('.page-info')) {
    info.textContent = text.pageInfo(fmt(state.page + 1), fmt(pages), fmt(total));
  }
  for (const button of document.querySelectorAll('[data-step]')) {
    button.disabled = button.dataset.step < 0 ? state.page === 0 : state.page >= pages - 1;
  }
  for (const pager of document.querySelectorAll('.pager')) pager.hidden = total === 0;
  ui.exportBtn.disabled = total === 0;
}

// ---- export ----

/**
 * A CSV cell: quoted; a leading = + - @ defused so Excel does not run it as a formula; and a long
 * digit string (ID, bank card, household number) written as ="…" so Excel keeps it as text
 * instead of rounding it to 15 digits, the very fault this tool reports.
 */
function csvCell(value) {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^\d{12,}$/.test(s)) return `"=""${s}"""`;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

ui.exportBtn.addEventListener('click', () => {
  if (!state.report) return;
  const text = t();
  const lines = [text.exportHeader.map(csvCell).join(',')];
  for (const f of state.shown) {
    lines.push([
      ruleTitle(f.rule),
      text.severity[f.severity] || f.severity,
      (f.rows || []).join(' '),
      f.column ?? '',
      f.value,
      f.household ?? '',
      state.lang === 'zh' ? f.message_zh : f.message_en,
      f.exempted ?? '',
    ].map(csvCell).join(','));
  }
  // The BOM makes Excel read the file as UTF-8, so Chinese shows correctly.
  const blob = new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
  const base = String(state.report.file || 'huqing').replace(/\.[^.]+$/, '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${base}-${text.exportName}${state.filter ? `-${state.filter}` : ''}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});

// ---- several files: checked together, duplicates across them, side-by-side comparison ----

const BATCH_TEXT = {
  zh: {
    batchTitle: '多个文件一起检查',
    batchHint: '点击一个文件，在下方查看它的检查结果。',
    crossTitle: '跨文件重复人员',
    crossHint: '同一人出现在不同文件中。点击“对比”并排查看各条记录，判断哪条正确。',
    thRule: '规则',
    thWhere: '文件与行号',
    thValue: '证件号码',
    thMessage: '说明',
    compareTitle: '并排对比',
    compareHint: '与第一条记录不同的值以底色标出。',
    close: '关闭',
    compare: '对比',
    checkingFiles: (i, n, name) => `第 ${i} / ${n} 个文件：${name}`,
    fileFacts: (rows, households) => `${rows} 行 · ${households} 户`,
    failed: '无法检查',
    crossCount: (n) => `${n} 组`,
    noCross: '没有发现跨文件的重复人员。',
    record: (i) => `记录 ${i}`,
    fields: ['文件', '行号', '户编号', '乡镇', '行政村', '姓名', '证件号码'],
    rowAt: (file, row) => `${file} 第 ${row} 行`,
  },
  en: {
    batchTitle: 'Several files checked together',
    batchHint: 'Click a file to see its results below.',
    crossTitle: 'The same person in several files',
    crossHint: 'One person appears in different files. Click "Compare" to see the records side by side and decide which is right.',
    thRule: 'Rule',
    thWhere: 'Files and rows',
    thValue: 'ID numbers',
    thMessage: 'Explanation',
    compareTitle: 'Side by side',
    compareHint: 'Values that differ from the first record are shaded.',
    close: 'Close',
    compare: 'Compare',
    checkingFiles: (i, n, name) => `file ${i} of ${n}: ${name}`,
    fileFacts: (rows, households) => `${rows} rows · ${households} households`,
    failed: 'cannot be checked',
    crossCount: (n) => `${n} groups`,
    noCross: 'No person appears in more than one file.',
    record: (i) => `Record ${i}`,
    fields: ['File', 'Row', 'Household', 'Township', 'Village', 'Name', 'ID number'],
    rowAt: (file, row) => `${file} row ${row}`,
  },
};

const bt = () => BATCH_TEXT[state.lang];
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
    if (e && e.code === 'aborted') return;
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
function showBatchFile(index, files) {
  const report = batch.files[index];
  if (!report || report.error) return;
  batch.shown = index;
  if (files) batch.sources = files.map((f) => ({ name: f.name, read: async () => f }));
  state.source = batch.sources ? batch.sources[index] : null;
  state.report = report;
  state.filter = null;
  state.page = 0;
  renderReport(report);
  ui.results.hidden = false;
  renderBatchFiles();
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

state.lang = loadLanguage();
applyLanguage();
preload().catch((e) => showError(toError(e)));
rules().then((catalogue) => {
  state.catalogue = catalogue;
  renderRulesDoc();
}, () => {});
