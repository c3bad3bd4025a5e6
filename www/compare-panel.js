// The 比对 panel (部门数据比对): departments' lists added beside the register, each with its kind,
// compared in the same check (its progress is the check's); after a check, what each list held
// and what it yielded. Its findings are among the register's (filters, household view, exports).
// Every value from a list is written with textContent.

import { el } from './dom.js';
import { i18n, fmt } from './text.js';

/** The built-in kinds (src/compare/kinds.rs), '' = guessed from the file name and header. */
const KINDS = [
  ['', '自动判断（按文件名和表头）', 'Guess (from the file name and header)'],
  ['deceased', '死亡、注销户籍人员（公安/民政）', 'Deaths and cancelled registrations'],
  ['public-payroll', '财政供养人员（财政/人社）', 'Public payroll'],
  ['vehicle', '机动车登记（公安交管）', 'Registered vehicles'],
  ['housing', '商品房登记（住建/不动产）', 'Commercial housing'],
  ['business', '工商登记、企业法人和股东（市场监管）', 'Businesses and company officers'],
  ['disability', '残疾人证（残联）', 'Disability certificates'],
  ['student', '学籍（教育）', 'Student registrations'],
  ['special-support', '特困供养人员（民政）', 'Destitute support recipients'],
  ['dibao', '低保对象（民政）', 'Minimum living allowance recipients'],
  ['pension-insurance', '养老保险参保（人社）', 'Pension insurance enrolment'],
  ['medical-insurance', '医疗保险参保（医保）', 'Medical insurance enrolment'],
  ['listed', '其他名单（仅标出在名单上的人）', 'Any other list (marks who is on it)'],
];

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
  },
};

const text = () => TEXT[i18n.lang] || TEXT.zh;
const $ = (id) => document.getElementById(id);

/** The lists added: [{file, kind}]. */
const lists = [];
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
  renderCompare(null);
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
  select.replaceChildren(...KINDS.map(([value, zh, en]) => {
    const option = el('option', null, i18n.lang === 'zh' ? zh : en);
    option.value = value;
    return option;
  }));
  select.value = chosen;
  const added = $('compare-lists');
  added.replaceChildren();
  added.classList.toggle('none', lists.length === 0);
  if (!lists.length) added.textContent = words.none;
  lists.forEach((l, i) => {
    const kind = KINDS.find(([value]) => value === (l.kind || ''));
    const item = el('span', 'compare-item', `${l.file.name}（${i18n.lang === 'zh' ? kind[1] : kind[2]}）`);
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
