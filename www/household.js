// The household view: every member of one 户编号 as the sheet has them, the cells a finding
// names coloured by severity, and the findings' explanations beside each row. A <dialog>: Esc
// closes it and the focus goes back to the finding it was opened from. The household's changes
// since last period (上期比对) and its departments' list matches (部门数据比对) are listed apart,
// above the members, persons no longer listed included. Text only (textContent).

import { badge, el } from './dom.js';
import { SEVERITY_ORDER } from './findings-filter.js';
import { pick, t } from './text.js';

const $ = (id) => document.getElementById(id);
const ui = {
  dialog: $('household'),
  title: $('household-title'),
  where: $('household-where'),
  hint: $('household-hint'),
  wide: $('household-wide'),
  table: $('household-table'),
  close: $('household-close'),
  scroll: document.querySelector('.household-scroll'),
  failed: $('household-failed'),
};

let onClosed = null;
let index = { report: null, byHousehold: new Map() };

ui.close.addEventListener('click', () => ui.dialog.close());
ui.dialog.addEventListener('close', () => {
  const done = onClosed;
  onClosed = null;
  done?.();
});

/** The findings of each household of `report`, built once per report. */
function findingsOf(report, key) {
  if (index.report !== report) {
    const byHousehold = new Map();
    for (const f of report.findings || []) {
      if (f.household === null || f.household === undefined) continue;
      const list = byHousehold.get(f.household);
      if (list) list.push(f);
      else byHousehold.set(f.household, [f]);
    }
    index = { report, byHousehold };
  }
  return index.byHousehold.get(key) || [];
}

const worse = (a, b) => (!a || (SEVERITY_ORDER[b] ?? 9) < (SEVERITY_ORDER[a] ?? 9) ? b : a);

/** One explanation: severity, the rule's title, the message. */
function note(f, ruleTitle) {
  const item = el('li', `note sev-${f.severity}`);
  item.dataset.rule = f.rule;
  item.append(badge(f.severity), ' ', el('strong', null, ruleTitle(f.rule)), el('span', 'note-msg', `：${pick(f.message_zh, f.message_en)}`));
  return item;
}

/**
 * Opens the view of `finding`'s household: `load(report, key)` resolves to the household's
 * rows (huqing.js household()); `onClose` runs when the dialog closes.
 */
export async function openHousehold(report, finding, { load, ruleTitle, onClose }) {
  const text = t();
  onClosed = onClose;
  ui.failed.hidden = true;
  ui.wide.replaceChildren();
  ui.table.tHead.replaceChildren();
  ui.table.tBodies[0].replaceChildren();
  ui.scroll.hidden = true;
  ui.where.textContent = [finding.township, finding.village].filter(Boolean).join(' ');
  ui.dialog.dataset.household = finding.household ?? '';
  if (finding.household === null || finding.household === undefined || finding.household === '') {
    ui.title.textContent = text.problemTitle;
    ui.hint.textContent = text.householdNone;
    ui.wide.append(note(finding, ruleTitle));
    show();
    return;
  }
  ui.title.textContent = text.householdTitle(finding.household);
  ui.hint.textContent = '';
  show();
  let house;
  try {
    house = await load(report, finding.household);
  } catch (e) {
    ui.failed.hidden = false;
    ui.failed.textContent = text.householdFailed + pick(e.message_zh || e.message, e.message_en || e.message);
    return;
  }
  if (!ui.dialog.open || ui.dialog.dataset.household !== finding.household) return;
  render(house, findingsOf(report, finding.household), finding, ruleTitle);
}

function show() {
  if (!ui.dialog.open) ui.dialog.showModal();
  ui.close.focus();
}

function render(house, findings, current, ruleTitle) {
  const text = t();
  const members = new Set(house.rows.map((r) => r.row));
  const column = new Map(house.headers.map((h, i) => [h, i]).reverse());
  const marks = new Map(); // "row:col" → {severity, titles}
  const notes = new Map(); // row → findings of that one row
  const wide = [];
  // Keys of changes and list matches start so (src/period/kinds.rs; src/compare checks list keys).
  const groups = { period: [], list: [] };
  for (const f of findings) {
    const rows = (f.rows || []).filter((r) => members.has(r));
    const col = f.column !== null && f.column !== undefined ? column.get(f.column) : undefined;
    if (col !== undefined) {
      for (const r of rows) {
        const key = `${r}:${col}`;
        const mark = marks.get(key) || { severity: null, titles: [] };
        mark.severity = worse(mark.severity, f.severity);
        mark.titles.push(pick(f.message_zh, f.message_en));
        marks.set(key, mark);
      }
    }
    const group = f.rule.startsWith('period-') ? groups.period : f.rule.startsWith('list-') ? groups.list : null;
    if (group) {
      group.push(f);
    } else if (rows.length === 1) {
      const list = notes.get(rows[0]) || [];
      list.push(f);
      notes.set(rows[0], list);
    } else {
      wide.push(f);
    }
  }
  ui.hint.textContent = text.householdMembers(house.rows.length);
  ui.scroll.hidden = false;
  if (wide.length) {
    ui.wide.append(el('li', 'wide-title', text.householdWide), ...wide.map((f) => note(f, ruleTitle)));
  }
  if (groups.period.length) {
    ui.wide.append(el('li', 'wide-title', text.householdPeriod), ...groups.period.map((f) => note(f, ruleTitle)));
  }
  if (groups.list.length) {
    ui.wide.append(el('li', 'wide-title', text.householdLists), ...groups.list.map((f) => note(f, ruleTitle)));
  }
  const head = el('tr');
  head.append(el('th', 'h-row', text.thExcelRow), el('th', 'h-notes', text.thProblems), ...house.headers.map((h) => el('th', null, h)));
  ui.table.tHead.replaceChildren(head);
  const currentRows = new Set(current.rows || []);
  ui.table.tBodies[0].replaceChildren(...house.rows.map((member) => {
    const tr = el('tr', currentRows.has(member.row) ? 'current' : null);
    tr.dataset.row = String(member.row);
    const list = el('ul', 'notes');
    list.append(...(notes.get(member.row) || []).map((f) => note(f, ruleTitle)));
    const notesCell = el('td', 'h-notes');
    notesCell.append(list);
    tr.append(el('th', 'h-row', member.row), notesCell);
    member.cells.forEach((value, i) => {
      const td = el('td', null, value);
      const mark = marks.get(`${member.row}:${i}`);
      if (mark) {
        td.className = `hl hl-${mark.severity}`;
        td.dataset.severity = mark.severity;
        td.title = mark.titles.join('\n');
      }
      tr.append(td);
    });
    return tr;
  }));
}
