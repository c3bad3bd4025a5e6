// The 比对 panel: departments' lists added beside the register (部门数据比对), each with its kind,
// and last period's register (上期名册, 上期比对), compared in the same check, each slot with its
// own progress; the 务工 records (务工信息表) checked beside the register; after a check, what each list held and what it yielded. Their findings are
// among the register's (filters, household view, exports); the period's summary is
// period-panel.js's. Every value from a file is written with textContent.

import { el } from './dom.js';
import { state } from './page-state.js';
import { i18n, fmt } from './text.js';

const TEXT = {
  zh: {
    label: '比对名单',
    none: '未添加',
    add: '添加比对名单…',
    remove: '移除',
    kind: '名单种类',
    heading: '部门数据比对',
    guessed: { 'file-name': '按文件名判断', header: '按表头判断', default: '未能判断，按其他名单', option: '' },
    line: (l) => `${l.file}：${l.label_zh}，工作表“${l.sheet}”表头第 ${l.header_row} 行，${fmt(l.rows)} 行`,
    columns: (l) => `识别的列：${Object.values(l.columns).join('、') || '无'}；引用的列：${l.shown.join('、') || '无'}`,
    counts: (l) => `按证件号码对上 ${fmt(l.matched_by_id)} 行，按姓名和出生日期对上 ${fmt(l.matched_by_name)} 行，花名册中没有 ${fmt(l.unmatched)} 行；无可用证件号码 ${fmt(l.without_id)} 行；问题 ${fmt(l.findings)} 条`,
    lacks: (col) => `花名册没有“${col}”列，只做了匹配，未比对`,
    guess: '自动判断（按文件名和表头）',
    previousLabel: '上期名册',
    previousAdd: '选择上期名册…',
    previousChange: '换一个上期名册…',
    previousNone: '未选择（选择上期导出的人员名册，与本期逐人逐户比对）',
    workLabel: '务工信息表',
    workAdd: '选择务工信息表…',
    workChange: '换一个务工信息表…',
    workNone: '未选择（可选择单独导出的务工监测或计划外出务工表，与人员名册一并检查）',
    waiting: '等待比对',
    working: (pct) => `正在比对 ${pct}%`,
    done: '已比对',
  },
  en: {
    label: 'Lists to compare',
    none: 'none',
    add: 'Add a list…',
    remove: 'Remove',
    kind: 'Kind of list',
    heading: 'Department lists compared',
    guessed: { 'file-name': 'guessed from the file name', header: 'guessed from the header', default: 'kind not recognised: any other list', option: '' },
    line: (l) => `${l.file}: ${l.label_en}, sheet "${l.sheet}", header row ${l.header_row}, ${fmt(l.rows)} rows`,
    columns: (l) => `columns recognised: ${Object.values(l.columns).join(', ') || 'none'}; quoted: ${l.shown.join(', ') || 'none'}`,
    counts: (l) => `${fmt(l.matched_by_id)} rows matched by ID, ${fmt(l.matched_by_name)} by name and birth date, ${fmt(l.unmatched)} not in the register; ${fmt(l.without_id)} without a usable ID; ${fmt(l.findings)} findings`,
    lacks: (col) => `the register has no "${col}" column: matched, not compared`,
    guess: 'Guess (from the file name and header)',
    previousLabel: 'Last period',
    previousAdd: "Choose last period's register…",
    previousChange: 'Choose another…',
    previousNone: "none (choose last period's person list to compare with, person by person)",
    workLabel: 'Work records',
    workAdd: 'Choose a work file…',
    workChange: 'Choose another…',
    workNone: 'none (choose a 务工监测 or 计划外出务工 export to check with the person list)',
    waiting: 'waiting',
    working: (pct) => `comparing ${pct}%`,
    done: 'compared',
  },
};

const text = () => TEXT[i18n.lang] || TEXT.zh;
const $ = (id) => document.getElementById(id);

/** The lists added: [{file, kind}]; last period's register and the work file (Files) or null. */
const lists = [];
let previous = null;
let work = null;
let rerun = () => {};
let lastReport = null;

/** Sets what a change of the lists does (re-check the current file), and wires the controls. */
export function initComparePanel(hooks) {
  rerun = hooks.rerun;
  $('compare-add').addEventListener('click', () => {
    $('compare-file').value = '';
    $('compare-file').click();
  });
  $('compare-file').addEventListener('change', () => {
    const kind = $('compare-kind').value;
    for (const file of $('compare-file').files || []) lists.push({ file, kind: kind || undefined });
    renderCompare(lastReport);
    rerun();
  });
  $('previous-add').addEventListener('click', () => {
    $('previous-file').value = '';
    $('previous-file').click();
  });
  $('previous-file').addEventListener('change', () => {
    const [file] = $('previous-file').files || [];
    if (!file) return;
    previous = file;
    renderCompare(lastReport);
    rerun();
  });
  $('previous-remove').addEventListener('click', () => {
    previous = null;
    renderCompare(lastReport);
    $('previous-add').focus();
    rerun();
  });
  $('work-add').addEventListener('click', () => {
    $('work-file').value = '';
    $('work-file').click();
  });
  $('work-file').addEventListener('change', () => {
    const [file] = $('work-file').files || [];
    if (!file) return;
    work = file;
    renderCompare(lastReport);
    rerun();
  });
  $('work-remove').addEventListener('click', () => {
    work = null;
    renderCompare(lastReport);
    $('work-add').focus();
    rerun();
  });
  renderCompare(null);
}

/** check()'s `work` option: the 务工 records' file, or undefined. */
export function workOption() {
  return work || undefined;
}

/** check()'s `previous` option: last period's register, or undefined. */
export function previousOption() {
  return previous || undefined;
}

/**
 * Each slot's own progress as the check goes: `comparing` is the lists' stage, `previous` last
 * period's register's. A stage's own share runs from where it began to where the summary begins
 * (0.95 of the bar, src/check/mod.rs). `stage` null: the check ended.
 */
const SUMMARY_AT = 0.95;
const began = {};
export function showCompareProgress(stage, fraction) {
  const words = text();
  const slots = [['comparing', 'compare-progress', lists.length > 0], ['previous', 'previous-progress', previous !== null]];
  const order = ['reading', 'mapping', 'checking', 'comparing', 'previous', 'summarising'];
  for (const [own, id, used] of slots) {
    const node = $(id);
    node.hidden = !used || stage === null;
    if (node.hidden) continue;
    const at = order.indexOf(stage);
    if (at < order.indexOf(own)) {
      delete began[own];
      node.textContent = words.waiting;
    } else if (stage === own) {
      began[own] ??= fraction;
      const share = Math.max(0, Math.min(1, (fraction - began[own]) / Math.max(1e-6, SUMMARY_AT - began[own])));
      node.textContent = words.working(Math.round(share * 100));
    } else {
      node.textContent = words.done;
    }
  }
}

/** check()'s `compare` option: the lists added, or undefined when none. */
export function compareOptions() {
  return lists.length ? lists.map((l) => ({ file: l.file, kind: l.kind })) : undefined;
}

/** The panel: its controls in the page's language, the lists added and, after a check, what each yielded. */
export function renderCompare(report) {
  lastReport = report;
  const words = text();
  $('compare-label').textContent = words.label;
  $('compare-add').textContent = words.add;
  const select = $('compare-kind');
  const chosen = select.value;
  select.setAttribute('aria-label', words.kind);
  select.title = words.kind;
  // The kinds and their labels are the checker's (kinds() in huqing.js); '' lets it guess.
  const choices = [['', words.guess], ...state.kinds.lists.map((k) => [k.kind, i18n.lang === 'zh' ? k.label_zh : k.label_en])];
  select.replaceChildren(...choices.map(([value, label]) => {
    const option = el('option', null, label);
    option.value = value;
    return option;
  }));
  select.value = chosen;
  const added = $('compare-lists');
  added.replaceChildren();
  added.classList.toggle('none', lists.length === 0);
  if (!lists.length) added.textContent = words.none;
  lists.forEach((l, i) => {
    const kind = choices.find(([value]) => value === (l.kind || ''));
    const item = el('span', 'compare-item', `${l.file.name}（${kind ? kind[1] : l.kind}）`);
    const remove = el('button', 'btn small', words.remove);
    remove.type = 'button';
    remove.addEventListener('click', () => {
      lists.splice(i, 1);
      renderCompare(lastReport);
      rerun();
    });
    item.append(' ', remove);
    added.append(item);
  });
  $('previous-label').textContent = words.previousLabel;
  const name = $('previous-name');
  name.textContent = previous ? previous.name : words.previousNone;
  name.classList.toggle('none', !previous);
  $('previous-add').textContent = previous ? words.previousChange : words.previousAdd;
  $('previous-remove').textContent = words.remove;
  $('previous-remove').hidden = !previous;
  $('previous-remove').setAttribute('aria-label', `${words.remove} ${previous ? previous.name : ''}`.trim());
  $('work-label').textContent = words.workLabel;
  const workName = $('work-name');
  workName.textContent = work ? work.name : words.workNone;
  workName.classList.toggle('none', !work);
  $('work-add').textContent = work ? words.workChange : words.workAdd;
  $('work-remove').textContent = words.remove;
  $('work-remove').hidden = !work;
  $('work-remove').setAttribute('aria-label', `${words.remove} ${work ? work.name : ''}`.trim());
  const results = $('compare-results');
  const summaries = report?.compare || [];
  results.hidden = summaries.length === 0;
  results.replaceChildren();
  if (!summaries.length) return;
  results.append(el('h3', null, words.heading));
  for (const l of summaries) {
    const block = el('div', 'compare-summary');
    const guessed = words.guessed[l.kind_source];
    block.append(el('p', 'compare-line', words.line(l) + (guessed ? `（${guessed}）` : '')));
    block.append(el('p', 'compare-columns', words.columns(l)));
    block.append(el('p', 'compare-counts', words.counts(l)));
    if (l.register_lacks) block.append(el('p', 'compare-lacks', words.lacks(l.register_lacks)));
    results.append(block);
  }
}
