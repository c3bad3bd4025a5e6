// The summary a clerk reads first and prints: counts of rows, households, persons and
// households with errors, findings by severity (exempted ones apart), the chart by rule, and
// the counts by 乡镇 and 村 as a chart and a table.

import { areaChart, ruleChart } from './charts.js';
import { el } from './dom.js';
import { VirtualTable } from './findings-table.js';
import { collator, fmt, pct, t } from './text.js';

const $ = (id) => document.getElementById(id);
const ui = {
  cards: $('r-cards'),
  ruleChart: $('rule-chart'),
  areaChart: $('area-chart'),
  areaChartTitle: $('area-chart-title'),
  areaChartMore: $('area-chart-more'),
  areasBody: $('areas-body'),
  areasTable: $('areas-table'),
  areasEmpty: $('areas-empty'),
  areasWrap: $('areas-scroll'),
};

/** The report's totals; older reports without them are counted from the rules. */
function totalsOf(report) {
  if (report.totals) return report.totals;
  const by = { error: 0, warning: 0, info: 0 };
  for (const rule of report.rules || []) by[rule.severity] = (by[rule.severity] || 0) + rule.count;
  const exempted = Object.values(report.exempted || {}).reduce((a, b) => a + b, 0);
  return { rows: report.rows, households: report.households, errors: by.error, warnings: by.warning, infos: by.info, exempted };
}

/** One card: a label, a number, and an optional line under it. */
function card(id, className, label, value, unit, note) {
  const node = el('div', `card ${className}`);
  node.dataset.count = String(value ?? '');
  const number = el('dd', 'card-number', fmt(value));
  if (id) number.id = id;
  if (unit) number.append(el('span', 'card-unit', unit));
  node.append(el('dt', 'card-label', label), number);
  if (note) node.append(el('dd', 'card-note', note));
  return node;
}

/** The cards of the summary. */
export function renderCards(report) {
  const text = t();
  const totals = totalsOf(report);
  const cards = [
    card('r-rows', 'plain', text.rows, totals.rows, text.unitRows),
    card('r-households', 'plain', text.households, totals.households, text.unitHouseholds),
  ];
  if (totals.persons !== undefined) {
    const note = totals.persons_with_errors !== undefined ? text.personsWithErrors(fmt(totals.persons_with_errors)) : null;
    cards.push(card('r-persons', 'plain', text.persons, totals.persons, text.unitPersons, note));
  }
  if (totals.households_with_errors !== undefined) {
    cards.push(card('r-hh-errors', `households-errors${totals.households_with_errors ? '' : ' zero'}`, text.householdsWithErrors,
      totals.households_with_errors, text.unitHouseholds, text.shareOf(pct(totals.households_with_errors, totals.households))));
  }
  for (const [severity, count, label] of [['error', totals.errors, text.errorsCard], ['warning', totals.warnings, text.warningsCard], ['info', totals.infos, text.infosCard]]) {
    const node = card(null, `total ${severity}${count ? '' : ' zero'}`, label, count, text.unitFindings);
    node.dataset.severity = severity;
    cards.push(node);
  }
  if (totals.exempted > 0) {
    const node = card(null, 'total exempted', text.exemptedCard, totals.exempted, text.unitFindings);
    node.dataset.severity = 'exempted';
    cards.push(node);
  }
  ui.cards.replaceChildren(...cards);
}

/** The chart by rule, bars in the rules table's order. */
export function renderRuleChart(rules, titleOf) {
  const chart = ruleChart(rules, titleOf);
  ui.ruleChart.replaceChildren(chart);
  ui.ruleChart.hidden = !rules.some((r) => r.count > 0);
}

const byErrors = (a, b) => b.errors - a.errors || b.warnings - a.warnings || b.infos - a.infos;

/** The areas' counts added up by 乡镇. */
function byTownship(areas) {
  const sums = new Map();
  for (const a of areas) {
    const s = sums.get(a.township) || { name: a.township, errors: 0, warnings: 0, infos: 0 };
    s.errors += a.errors;
    s.warnings += a.warnings;
    s.infos += a.infos;
    sums.set(a.township, s);
  }
  return [...sums.values()];
}

/**
 * Up to this many areas are all in the page (printed whole); a province's thousands of villages
 * are rendered as they scroll into view, so laying out the table never holds the page.
 */
const AREAS_ALL = 300;

/** The table by 乡镇 and 村: a click on a row, or Enter, filters the findings to it. */
const areaTable = new VirtualTable({
  viewport: ui.areasWrap,
  table: ui.areasTable,
  body: ui.areasBody,
  before: $('areas-before'),
  after: $('areas-after'),
  rowHeight: 28,
  renderRow: (a) => areaRow(a),
  onOpen: (a) => areaTable.pick(a.township, a.village),
});
areaTable.pick = () => {};

function areaRow(a) {
  const blank = (s) => s || t().blank;
  const tr = el('tr');
  tr.dataset.township = a.township;
  tr.dataset.village = a.village;
  tr.dataset.errors = String(a.errors);
  const village = el('td', 'area-village');
  const button = el('button', 'link', blank(a.village));
  button.type = 'button';
  // The row is the table's one tab stop (arrows move between rows); the button is for the mouse.
  button.tabIndex = -1;
  button.addEventListener('click', () => areaTable.pick(a.township, a.village));
  village.append(button);
  const num = (n, cls = '') => el('td', `num ${cls}${n ? '' : ' zero'}`, fmt(n));
  tr.append(el('td', 'area-township', blank(a.township)), village, num(a.households), num(a.households_with_errors, 'hh-errors'),
    num(a.errors, 'n-error'), num(a.warnings, 'n-warning'), num(a.infos, 'n-info'));
  return tr;
}

/** The chart and the table by 乡镇 and 村; `onPick(township, village)` filters the findings. */
export function renderAreas(report, onPick) {
  const text = t();
  const areas = (report.areas || []).filter((a) => a.township !== '' || a.village !== '');
  ui.areasEmpty.hidden = areas.length > 0;
  ui.areasEmpty.textContent = text.noAreas;
  ui.areasWrap.hidden = areas.length === 0;
  ui.areaChart.hidden = areas.length === 0;
  if (areas.length === 0) {
    ui.areaChart.replaceChildren();
    areaTable.setItems([]);
    return;
  }
  const blank = (s) => s || text.blank;
  const townships = new Set(areas.map((a) => a.township));
  const points = townships.size > 1
    ? byTownship(areas).map((a) => ({ ...a, name: blank(a.name) }))
    : areas.map((a) => ({ name: blank(a.village), errors: a.errors, warnings: a.warnings, infos: a.infos }));
  points.sort(byErrors);
  const limit = 12;
  ui.areaChartTitle.textContent = townships.size > 1 ? text.chartTownshipsTitle : text.chartVillagesTitle;
  ui.areaChart.replaceChildren(areaChart(points, limit));
  ui.areaChartMore.hidden = points.length <= limit;
  ui.areaChartMore.textContent = text.chartMore(fmt(points.length - limit));

  const { compare } = collator();
  const sorted = areas.slice().sort((a, b) => byErrors(a, b) || compare(a.township, b.township) || compare(a.village, b.village));
  areaTable.pick = onPick;
  areaTable.setItems(sorted, { all: sorted.length <= AREAS_ALL });
}
