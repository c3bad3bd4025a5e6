// The list of findings: filters (rule, severity, 乡镇, 村, column, exemption), a free-text
// search, sorting by a column's header, and the virtual table. A click on a row, or Enter on
// it, asks for the household view.

import { SEVERITIES } from './constants.js';
import { badge, el, option } from './dom.js';
import { BLANK, NO_COLUMN, areaFilter, RULE_GROUPS, SEVERITY_ORDER, anyFilter, filterFindings, isExempted, noFilters, ruleTaken, sortFindings } from './findings-filter.js';
import { VirtualTable } from './findings-table.js';
import { collator, fmt, pick, t } from './text.js';

const ROWS_SHOWN = 6;
const SEARCH_DELAY = 180;
/** Up to this many 村 are offered when no 乡镇 is chosen. */
const VILLAGES_ALL = 300;

const $ = (id) => document.getElementById(id);
const ui = {
  count: $('findings-count'),
  label: $('filter-label'),
  clear: $('show-all'),
  rule: $('f-rule'),
  severity: $('f-severity'),
  township: $('f-township'),
  village: $('f-village'),
  column: $('f-column'),
  exempt: $('exempt-filter'),
  search: $('f-search'),
  table: $('findings-table'),
  scroll: $('findings-scroll'),
  empty: $('findings-empty'),
  sorts: [...document.querySelectorAll('#findings-table button[data-sort]')],
};

const panel = {
  report: null,
  filters: noFilters(),
  sort: { key: '', dir: 1 },
  shown: [],
  ruleTitle: (key) => key,
  onOpen: () => {},
  decorate: () => {},
  onFilter: () => {},
};

const table = new VirtualTable({
  viewport: ui.scroll,
  table: ui.table,
  body: $('findings-body'),
  before: $('findings-before'),
  after: $('findings-after'),
  renderRow: (f) => renderRow(f),
  onOpen: (f, index) => panel.onOpen(f, index),
});

/**
 * Wires the panel to the page: `ruleTitle(key)` names a rule, `onOpen(finding)` opens its
 * household, `decorate(cell, finding)` may add to the explanation cell (a compare button),
 * `onFilter(rule)` hears the rule filter change (the rules table marks it).
 */
export function initFindings({ ruleTitle, onOpen, decorate, onFilter }) {
  Object.assign(panel, { ruleTitle, onOpen, decorate, onFilter });
}

/** The filters in force. */
export const currentFilters = () => ({ ...panel.filters });

/** Returns the row `index` of the list to the focus (after the household view closes). */
export const focusFinding = (index) => table.reveal(index);

/** Shows `report`'s findings; `keep` keeps the filters, sort and position (a language change). */
export function showFindings(report, { keep = false } = {}) {
  const fresh = panel.report !== report;
  panel.report = report;
  if (!keep && fresh) {
    const exempt = panel.filters.exempt;
    panel.filters = { ...noFilters(), exempt };
    ui.search.value = '';
  }
  const exempted = Boolean(report.facets?.exempted);
  if (!exempted) panel.filters.exempt = 'all';
  ui.exempt.closest('.filter').hidden = !exempted;
  fillChoices(report);
  if (keep && !fresh) {
    renderCount();
    table.refresh();
  } else {
    update();
  }
}

/** Shows only `rule`'s findings (or all rules, for ''): from the rules table. */
export function filterRule(rule) {
  panel.filters.rule = rule || '';
  ui.rule.value = panel.filters.rule;
  update();
}

/** Shows only one area's findings: from the table by 乡镇 and 村. */
export function filterArea(township, village) {
  panel.filters.township = areaFilter(township);
  panel.filters.village = areaFilter(village);
  fillChoices(panel.report);
  update();
}

/**
 * Shows only `rule`'s findings (a key or a group, '' for all) in one area (a name, '' for a blank
 * one; undefined for all): from the period panel.
 */
export function filterTo(rule, township, village) {
  const area = (name) => (name === undefined ? '' : areaFilter(name));
  Object.assign(panel.filters, { rule: rule || '', township: area(township), village: area(village) });
  fillChoices(panel.report);
  update();
}

/** Clears every filter and the search. */
export function clearFilters() {
  panel.filters = noFilters();
  ui.search.value = '';
  fillChoices(panel.report);
  update();
}

/** Texts in the order the current language sorts them. */
const sorted = (values) => values.slice().sort(collator().compare);

/** A <select>'s options: the "any" choice, then `values` (value, label) pairs. */
function fill(select, any, values, current) {
  select.replaceChildren(option('', any), ...values.map(([value, label]) => option(value, label)));
  select.value = values.some(([v]) => v === current) ? current : '';
  return select.value;
}

/**
 * The filters' choices, from what the findings hold (`report.facets`, gathered by the worker).
 * A province's thousands of 村 are offered 乡镇 by 乡镇: a list that long helps no one, and laying
 * out its options held the page's thread 60 ms.
 */
function fillChoices(report) {
  const text = t();
  const facets = report?.facets ?? { severities: [], townships: [], columns: [], noColumn: false };
  const f = panel.filters;
  const rules = (report?.rules || []).filter((r) => r.count > 0 || r.exempted > 0)
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) || b.count - a.count);
  const groups = RULE_GROUPS.filter((g) => rules.some((r) => ruleTaken(g, r.key))).map((g) => [g, text.ruleGroups[g]]);
  f.rule = fill(ui.rule, text.anyRule, [...groups, ...rules.map((r) => [r.key, panel.ruleTitle(r.key)])], f.rule);
  const severities = SEVERITIES.filter((s) => facets.severities.includes(s));
  f.severity = fill(ui.severity, text.anySeverity, severities.map((s) => [s, text.severity[s]]), f.severity);
  const townships = sorted(facets.townships.map((x) => x.name).filter((v) => v !== ''));
  const blankTownship = facets.townships.some((x) => x.name === '') && townships.length > 0;
  f.township = fill(ui.township, text.anyTownship,
    [...townships.map((v) => [v, v]), ...(blankTownship ? [[BLANK, text.blank]] : [])], f.township);
  ui.township.closest('.filter').hidden = townships.length === 0;
  const inTownship = f.township ? facets.townships.filter((x) => x.name === (f.township === BLANK ? '' : f.township)) : facets.townships;
  const named = [...new Set(inTownship.flatMap((x) => x.villages))];
  const villages = sorted(named.filter((v) => v !== ''));
  const byTownship = !f.township && townships.length > 1 && villages.length > VILLAGES_ALL;
  const offered = byTownship ? villages.filter((v) => v === f.village) : villages;
  const blankVillage = named.includes('') && villages.length > 0;
  f.village = fill(ui.village, byTownship ? text.anyVillagePickTownship : text.anyVillage,
    [...offered.map((v) => [v, v]), ...(blankVillage ? [[BLANK, text.blank]] : [])], f.village);
  ui.village.closest('.filter').hidden = villages.length === 0;
  const columns = sorted(facets.columns).map((c) => [c, c]);
  if (facets.noColumn) columns.push([NO_COLUMN, text.noColumn]);
  f.column = fill(ui.column, text.anyColumn, columns, f.column);
  ui.exempt.value = f.exempt;
}

function update() {
  const findings = panel.report ? panel.report.findings || [] : [];
  const list = filterFindings(findings, panel.filters);
  sortFindings(list, panel.sort.key, panel.sort.dir, panel.ruleTitle, collator());
  panel.shown = list;
  for (const button of ui.sorts) {
    const th = button.closest('th');
    if (button.dataset.sort === panel.sort.key) th.setAttribute('aria-sort', panel.sort.dir > 0 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
  renderCount();
  ui.table.hidden = list.length === 0;
  table.setItems(list);
  panel.onFilter(panel.filters.rule);
}

function renderCount() {
  const text = t();
  const total = panel.report ? (panel.report.findings || []).length : 0;
  const shown = panel.shown.length;
  ui.count.textContent = text.shownCount(fmt(shown), fmt(total));
  ui.count.dataset.shown = String(shown);
  ui.count.dataset.total = String(total);
  ui.clear.hidden = !anyFilter(panel.filters);
  const rule = panel.filters.rule;
  ui.label.textContent = rule ? text.filterLabel(text.ruleGroups[rule] ?? panel.ruleTitle(rule)) : '';
  ui.empty.hidden = shown > 0;
  ui.empty.textContent = total === 0 ? text.noProblems : text.noMatches;
  ui.empty.classList.toggle('none-found', total === 0);
  for (const button of ui.sorts) button.title = text.sortBy(button.textContent);
  ui.search.placeholder = text.searchHint;
}

function rowsText(rows) {
  const text = t();
  const list = rows || [];
  const head = list.slice(0, ROWS_SHOWN).join(text.rowSep);
  return list.length > ROWS_SHOWN ? `${head} ${text.moreRows(fmt(list.length))}` : head;
}

/**
 * A cell whose text is cut to the row's height; the whole text is its tooltip. `label` names it
 * where the row is shown as a card (a narrow screen, see style.css).
 */
function cell(className, value, lines = 1, label = '') {
  const td = el('td', className);
  if (label) td.dataset.label = label;
  const text = value === null || value === undefined ? '' : String(value);
  td.append(el('div', lines > 1 ? 'clamp' : 'line', text));
  if (text) td.title = text;
  return td;
}

function renderRow(f) {
  const text = t();
  const exempted = isExempted(f);
  const tr = el('tr', `sev-${f.severity}${exempted ? ' exempted' : ''}`);
  tr.dataset.finding = f.rule;
  tr.dataset.severity = f.severity;
  const sevCell = el('td', 'c-sev');
  sevCell.append(badge(f.severity));
  if (exempted) sevCell.append(el('span', 'badge exempt', text.exempted));
  const ruleCell = cell('c-rule', panel.ruleTitle(f.rule), 2);
  ruleCell.title = `${panel.ruleTitle(f.rule)} (${f.rule})`;
  const rowsCell = cell('c-rows', rowsText(f.rows), 2, text.thRows);
  if ((f.rows || []).length > ROWS_SHOWN) rowsCell.title = f.rows.join(text.rowSep);
  const area = [f.township, f.village].filter(Boolean).join(' ');
  const message = pick(f.message_zh, f.message_en);
  const msgCell = cell('c-msg', exempted ? `${message} · ${text.exemptReason(f.exempted)}` : message, 2);
  panel.decorate(msgCell, f);
  if (msgCell.querySelector('button')) msgCell.classList.add('has-action');
  tr.append(
    sevCell,
    ruleCell,
    rowsCell,
    cell('c-col', f.column ?? '', 1, text.thColumn),
    cell('c-val', f.value, 1, text.thValue),
    cell('c-hh', f.household ?? '', 1, text.thHousehold),
    cell('c-area', area, 1, text.thArea),
    msgCell,
  );
  return tr;
}

// ---- controls ----

for (const [select, key] of [[ui.rule, 'rule'], [ui.severity, 'severity'], [ui.village, 'village'], [ui.column, 'column'], [ui.exempt, 'exempt']]) {
  select.addEventListener('change', () => {
    panel.filters[key] = select.value;
    update();
  });
}
ui.township.addEventListener('change', () => {
  panel.filters.township = ui.township.value;
  panel.filters.village = '';
  fillChoices(panel.report);
  update();
});

let searchTimer = null;
ui.search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    panel.filters.query = ui.search.value;
    update();
  }, SEARCH_DELAY);
});
ui.search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    clearTimeout(searchTimer);
    panel.filters.query = ui.search.value;
    update();
  }
});

ui.clear.addEventListener('click', clearFilters);

for (const button of ui.sorts) {
  button.addEventListener('click', () => {
    const key = button.dataset.sort;
    panel.sort = panel.sort.key === key ? { key, dir: -panel.sort.dir } : { key, dir: 1 };
    update();
  });
}
