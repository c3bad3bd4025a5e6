// Fix, drop again, see what changed: the findings of the last check of the same register (same
// file name, or the same sheet and header) are compared with this check's, in this page's memory
// only. A finding is the same when rule, column, value and household are (its rows may move as
// rows are deleted); one that is gone was resolved, one that was not there is new.

import { el, nextTask } from './dom.js';
import { state, ui } from './page-state.js';
import { fmt, t } from './text.js';

/** Findings listed per kind; the counts are always whole. */
const LISTED = 200;

let last = null; // {name, sheet, header, findings} of the last report compared
let shown = null; // {report, diff}: the diff (a promise) of the report on screen, kept across re-renders

const identity = (f) => [f.rule, f.column ?? '', f.value ?? '', f.household ?? ''].join('\u0001');

/** Findings walked per task: a million-row report's diff would hold the page for seconds. */
const CHUNK = 10_000;

/** Calls `each` on the open (not exempted) findings of `findings`, a chunk a task. */
async function walk(findings, each) {
  for (let i = 0; i < findings.length; i += CHUNK) {
    if (i > 0) await nextTask();
    for (const f of findings.slice(i, i + CHUNK)) if (!f.exempted) each(f);
  }
}

/** The open findings of `after` not in `before`, counting repeats (a multiset difference). */
async function minus(after, before) {
  const left = new Map();
  await walk(before, (f) => {
    const id = identity(f);
    left.set(id, (left.get(id) || 0) + 1);
  });
  const out = [];
  await walk(after, (f) => {
    const id = identity(f);
    const n = left.get(id) || 0;
    if (n > 0) left.set(id, n - 1);
    else out.push(f);
  });
  return out;
}

function sameRegister(a, b) {
  return a.name === b.name || (a.sheet === b.sheet && a.header === b.header);
}

/**
 * {resolved, added, total} against the last check of the same register, or null; walked a
 * chunk a task. The report becomes the one the next check is compared with at once. Asked again
 * for the report on screen (a re-render, say on a language switch, even mid-walk), it gives the
 * same diff.
 */
export function compareWithLast(report) {
  if (shown?.report !== report) shown = { report, diff: diffWithLast(report) };
  return shown.diff;
}

async function diffWithLast(report) {
  const findings = report.findings || [];
  const here = { name: report.file, sheet: report.sheet, header: (report.headers || []).join('\u0001'), findings };
  const before = last;
  last = here;
  if (!before || !sameRegister(before, here)) return null;
  const resolved = await minus(before.findings, findings);
  const added = await minus(findings, before.findings);
  let total = 0;
  for (const f of findings) if (!f.exempted) total++;
  return { resolved, added, total };
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

/**
 * Shows what changed since the last check of this register (hidden for a first check), once
 * the diff is made; nothing when `current()` says a newer rendering has taken over by then.
 */
export async function renderChanges(report, ruleTitle, current = () => true) {
  const diff = await compareWithLast(report);
  if (!current()) return;
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
