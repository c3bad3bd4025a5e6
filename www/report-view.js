// The report of one file: the facts, cards, rules table and charts, then the findings and the
// column mapping, each shown in a task of its own.

import { SEVERITY_ORDER } from './constants.js';
import { badge, el, nextTask } from './dom.js';
import { save } from './downloads.js';
import { filterArea, filterRule, showFindings } from './findings-panel.js';
import { renderColumns } from './column-mapping-panel.js';
import { renderPeriod } from './period-panel.js';
import { renderChanges } from './recheck-diff.js';
import { state, ui } from './page-state.js';
import { currentProfile, profileLabel } from './profile-panel.js';
import { unknownValues, withValues } from './profile-values.js';
import { encodingOptions } from './progress-and-errors.js';
import { renderAreas, renderCards, renderRuleChart } from './summary.js';
import { fmt, t } from './text.js';

export function ruleTitle(key) {
  const rule = state.ruleTitles.get(key);
  if (!rule) return key;
  return state.lang === 'zh' ? rule.title_zh : rule.title_en;
}

/**
 * After the next frame is drawn: the layout of what the part before added is then done in the
 * frame's own task, not forced into the next part's first read of a size (at a million rows the
 * summary's layout, forced in the findings list's, made that one task 100 ms). A hidden page
 * draws no frames: then after 100 ms.
 */
const nextFrame = () => new Promise((ok) => {
  let done = false;
  const go = () => {
    if (!done) ok((done = true));
  };
  requestAnimationFrame(() => setTimeout(go, 0));
  setTimeout(go, 100);
});

/**
 * Shows `report`; `keep` keeps the findings' filters and position (a language change). The
 * summary shows first, then (after a frame) the findings, then the column mapping is built, then
 * the changes since the last check, each in a task (or tasks) of its own after the one that
 * decoded the report: built and laid out at once, they held the page's thread 150 ms at a million
 * rows. #results is aria-busy until all are in. Resolves then, or once a newer call or run has
 * taken over.
 */
export async function renderReport(report, { keep = false } = {}) {
  const mine = ++state.rendering;
  ui.results.setAttribute('aria-busy', 'true');
  const parts = [
    () => {
      renderSummary(report, { keep });
      renderPeriod(report);
      if (!keep) ui.findingsPanel.hidden = true;
      ui.results.hidden = false;
      ui.intake.classList.add('compact');
    },
    () => {
      showFindings(report, { keep });
      ui.findingsPanel.hidden = false;
    },
    () => renderColumns(report),
    // Last: at a million rows the diff with the last check walks its findings over many tasks.
    () => renderChanges(report, ruleTitle, () => mine === state.rendering),
  ];
  for (const [i, part] of parts.entries()) {
    await (i === 1 ? nextFrame() : nextTask());
    if (mine !== state.rendering) return;
    await part();
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
  const found = roles.filter((r) => r.header !== null && r.header !== undefined).length;
  const absent = report.absent || [];
  ui.mapping.textContent = text.mappingFact(fmt(found), absent.length && fmt(absent.length));
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
  document.getElementById('r-reference-text').textContent = reference ? reference.date : '';
  document.getElementById('r-checked-on').textContent = new Date().toLocaleDateString(state.lang === 'zh' ? 'zh-CN' : 'en-GB');
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
    // Hidden, the choice keeps no other file's sheet names.
    ui.sheetSelect.replaceChildren();
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
