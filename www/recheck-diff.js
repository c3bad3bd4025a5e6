// Fix, drop again, see what changed: the findings of the last check of the same register (same
// file name, or the same sheet and header) are compared with this check's, in this page's memory
// only. A finding is the same when rule, column, value and household are (its rows may move as
// rows are deleted); one that is gone was resolved, one that was not there is new.

import { el } from './dom.js';
import { state, ui } from './page-state.js';
import { fmt, t } from './text.js';

/** Findings listed per kind; the counts are always whole. */
const LISTED = 200;

let last = null; // {name, sheet, header, findings} of the last report compared
let shown = null; // {report, diff}: the diff of the report on screen, kept across re-renders

const identity = (f) => [f.rule, f.column ?? '', f.value ?? '', f.household ?? ''].join('\u0001');

/** The findings of `after` not in `before`, counting repeats (a multiset difference). */
function minus(after, before) {
  const left = new Map();
  for (const f of before) left.set(identity(f), (left.get(identity(f)) || 0) + 1);
  const out = [];
  for (const f of after) {
    const n = left.get(identity(f)) || 0;
    if (n > 0) left.set(identity(f), n - 1);
    else out.push(f);
  }
  return out;
}

function sameRegister(a, b) {
  return a.name === b.name || (a.sheet === b.sheet && a.header === b.header);
}

/** {resolved, added, kept} against the last check of the same register, or null. */
export function compareWithLast(report) {
  if (shown && shown.report === report) return shown.diff;
  const open = (report.findings || []).filter((f) => !f.exempted);
  const here = { name: report.file, sheet: report.sheet, header: (report.headers || []).join('\u0001'), findings: open };
  const diff = last && sameRegister(last, here)
    ? { resolved: minus(last.findings, open), added: minus(open, last.findings), total: open.length }
    : null;
  last = here;
  shown = { report, diff };
  return diff;
}

function item(f, ruleTitle) {
  const text = state.lang === 'zh' ? f.message_zh : f.message_en;
  const rows = (f.rows || []).slice(0, 3).join('、');
  return el('li', null, `${ruleTitle(f.rule)} · ${t().thRows} ${rows} · ${text}`);
}

function list(node, findings, ruleTitle) {
  const items = findings.slice(0, LISTED).map((f) => item(f, ruleTitle));
  if (findings.length > LISTED) items.push(el('li', 'muted', t().changesMore(fmt(findings.length - LISTED))));
  node.replaceChildren(...items);
}

/** Shows what changed since the last check of this register (hidden for a first check). */
export function renderChanges(report, ruleTitle) {
  const diff = compareWithLast(report);
  ui.changes.hidden = !diff;
  if (!diff) {
    // Hidden is not gone: the lists of a diff before held another file's findings.
    ui.changesResolved.replaceChildren();
    ui.changesAdded.replaceChildren();
    return;
  }
  const text = t();
  ui.changesSummary.textContent = text.changesSummary(fmt(diff.resolved.length), fmt(diff.added.length), fmt(diff.total));
  ui.changesResolvedTitle.textContent = text.changesResolved(fmt(diff.resolved.length));
  ui.changesAddedTitle.textContent = text.changesAdded(fmt(diff.added.length));
  list(ui.changesResolved, diff.resolved, ruleTitle);
  list(ui.changesAdded, diff.added, ruleTitle);
}
