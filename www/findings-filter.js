// Which findings the list shows and in what order: the filters (rule, severity, 乡镇, 村,
// column, exemption), the free-text search and the sort. Pure functions of the findings.

import { SEVERITY_ORDER } from './constants.js';

export { SEVERITY_ORDER };

/** The column filter's value for findings that name no column (a row or household as a whole). */
export const NO_COLUMN = '\u0000none';

/** The 乡镇/村 filters' value for findings in rows that leave it blank ('' means any). */
export const BLANK = '\u0000blank';

/** The filter value that takes an area's findings: its name, or [`BLANK`] for a blank one. */
export const areaFilter = (name) => (name === '' || name === null || name === undefined ? BLANK : name);

const areaTaken = (filter, name) => (name ?? '') === (filter === BLANK ? '' : filter);

export const isExempted = (f) => f.exempted !== null && f.exempted !== undefined;

/**
 * Rule filters that take a group of rules: every change since last period (上期比对), every
 * finding of the departments' lists (部门数据比对). Their keys' prefixes are the checker's
 * (src/period/kinds.rs; a list kind's key starts with `list-`, checked in src/compare).
 */
export const RULE_GROUPS = ['period-*', 'list-*'];

/** True when `filter` (a rule key or a group) takes the rule `key`. */
export const ruleTaken = (filter, key) => (filter.endsWith('*') ? key.startsWith(filter.slice(0, -1)) : key === filter);

/** An empty set of filters: everything shown. */
export function noFilters() {
  return { rule: '', severity: '', township: '', village: '', column: '', exempt: 'all', query: '' };
}

/** True when any filter narrows the list. */
export function anyFilter(filters) {
  return Boolean(filters.rule || filters.severity || filters.township || filters.village || filters.column
    || filters.exempt !== 'all' || filters.query.trim());
}

/**
 * A finding matches the search when its value, either message or its household contains the
 * text (case ignored), or when the text is a row number the finding names.
 */
function searcher(query) {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const row = /^\d+$/.test(q) ? Number(q) : null;
  return (f) => (row !== null && (f.rows || []).includes(row))
    || String(f.value ?? '').toLowerCase().includes(q)
    || String(f.household ?? '').toLowerCase().includes(q)
    || String(f.message_zh ?? '').toLowerCase().includes(q)
    || String(f.message_en ?? '').toLowerCase().includes(q);
}

/** The findings that pass every filter, in the report's order. */
export function filterFindings(findings, filters) {
  const search = searcher(filters.query);
  const tests = [];
  if (filters.rule) tests.push((f) => ruleTaken(filters.rule, f.rule));
  if (filters.severity) tests.push((f) => f.severity === filters.severity);
  if (filters.township) tests.push((f) => areaTaken(filters.township, f.township));
  if (filters.village) tests.push((f) => areaTaken(filters.village, f.village));
  if (filters.column === NO_COLUMN) tests.push((f) => f.column === null || f.column === undefined);
  else if (filters.column) tests.push((f) => f.column === filters.column);
  if (filters.exempt === 'open') tests.push((f) => !isExempted(f));
  if (filters.exempt === 'exempted') tests.push(isExempted);
  if (search) tests.push(search);
  if (tests.length === 0) return findings.slice();
  return findings.filter((f) => tests.every((test) => test(f)));
}

/** Ranks of distinct texts in collation order, so a sort compares numbers, not strings. */
function ranks(values, collator) {
  const sorted = [...new Set(values)].sort(collator.compare);
  return new Map(sorted.map((v, i) => [v, i]));
}

/**
 * `list` sorted in place by `key` ('row', 'severity', 'rule' or 'column'), `dir` 1 ascending or
 * -1 descending; ties keep the report's order (the sort is stable), then go by first row.
 * `titleOf(key)` names a rule as shown, so rules sort by what the clerk reads; texts sort by
 * `collator` (an Intl.Collator).
 */
export function sortFindings(list, key, dir, titleOf, collator) {
  if (!key) return list;
  const firstRow = (f) => (f.rows && f.rows.length ? f.rows[0] : Number.MAX_SAFE_INTEGER);
  let value;
  if (key === 'row') value = firstRow;
  else if (key === 'severity') value = (f) => SEVERITY_ORDER[f.severity] ?? 9;
  else if (key === 'rule') {
    const titles = new Map([...new Set(list.map((f) => f.rule))].map((k) => [k, titleOf(k)]));
    const rank = ranks([...titles.values()], collator);
    value = (f) => rank.get(titles.get(f.rule));
  } else if (key === 'column') {
    const rank = ranks(list.map((f) => f.column ?? ''), collator);
    value = (f) => rank.get(f.column ?? '');
  } else {
    return list;
  }
  const keyed = list.map((f) => [value(f), firstRow(f), f]);
  keyed.sort((a, b) => (a[0] - b[0]) * dir || a[1] - b[1]);
  for (let i = 0; i < keyed.length; i += 1) list[i] = keyed[i][2];
  return list;
}
