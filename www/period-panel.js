// 上期比对 in the results: the sentence a clerk reports upward (the checker's text_zh), the
// changes by kind and by 乡镇 and 村. The changes themselves are findings: a kind or a 村 chosen
// here filters the findings list to them (the same filters, household view and exports). Kind
// labels are the checker's (kinds() in huqing.js, report.rules); values are written with textContent.

import { PERIOD_COUNTS as COLUMNS } from './constants.js';
import { el } from './dom.js';
import { filterTo } from './findings-panel.js';
import { state } from './page-state.js';
import { fmt, i18n } from './text.js';

const TEXT = {
  zh: {
    title: '上期比对',
    against: (file) => `与上期名册“${file}”相比`,
    sizes: (p) => `上期 ${fmt(p.previous_persons)} 人、${fmt(p.previous_households)} 户；本期 ${fmt(p.persons)} 人、${fmt(p.households)} 户（各取最新年度）`,
    copy: '复制这段话',
    copied: '已复制',
    kinds: '按变化类型（点击在问题清单中只看这一类）',
    all: '全部变化',
    none: '与上期相比没有变化。',
    areas: '按乡镇、村统计（点击一行只看该村的变化）',
    township: '乡镇',
    village: '村',
    blank: '（空）',
  },
  en: {
    title: 'Compared with last period',
    against: (file) => `against last period's "${file}"`,
    sizes: (p) => `last period ${fmt(p.previous_persons)} persons, ${fmt(p.previous_households)} households; now ${fmt(p.persons)} persons, ${fmt(p.households)} households (latest year of each)`,
    copy: 'Copy this summary',
    copied: 'Copied',
    kinds: 'By kind of change (click to list only those findings)',
    all: 'Every change',
    none: 'Nothing changed since last period.',
    areas: 'By township and village (click a row to list its changes)',
    township: 'Township',
    village: 'Village',
    blank: '(blank)',
  },
};

const text = () => TEXT[i18n.lang] || TEXT.zh;

/** The label of a period kind, from the checker. */
function label(key) {
  const kind = state.kinds.period.find((k) => k.key === key);
  if (kind) return i18n.lang === 'zh' ? kind.label_zh : kind.label_en;
  const rule = state.ruleTitles.get(key);
  return rule ? (i18n.lang === 'zh' ? rule.title_zh : rule.title_en) : key;
}

/** Lists only `rule`'s findings, in one area when given ('' a blank 乡镇 or 村), and brings the list into view. */
function show(rule, township, village) {
  filterTo(rule, township, village);
  document.getElementById('findings-panel').scrollIntoView({ block: 'start' });
}

/** The 上期比对 section for `report` (hidden when no previous register was given). */
export function renderPeriod(report) {
  const panel = document.getElementById('period-panel');
  const period = report?.period;
  panel.hidden = !period;
  panel.replaceChildren();
  if (!period) return;
  const words = text();
  const head = el('h3', null, words.title);
  head.id = 'period-title';
  head.append(' ', el('span', 'period-file', words.against(period.previous)));
  panel.append(head, el('p', 'period-sizes', words.sizes(period)));

  const sentence = el('p', 'period-text', i18n.lang === 'zh' ? period.text_zh : period.text_en);
  sentence.id = 'period-text';
  const copy = el('button', 'btn small no-print', words.copy);
  copy.type = 'button';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(sentence.textContent);
      copy.textContent = words.copied;
    } catch {
      getSelection().selectAllChildren(sentence);
    }
  });
  const said = el('div', 'period-sentence');
  said.append(sentence, copy);
  panel.append(said);

  const counts = new Map((report.rules || []).filter((r) => r.key.startsWith('period-')).map((r) => [r.key, r.count]));
  const kinds = COLUMNS.filter(([, key]) => counts.get(key) > 0);
  if (kinds.length === 0) {
    panel.append(el('p', 'period-none', words.none));
    return;
  }
  const bar = el('div', 'period-kinds no-print');
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', words.kinds);
  const button = (rule, name, n) => {
    const b = el('button', 'btn small period-kind', `${name} ${fmt(n)}`);
    b.type = 'button';
    b.dataset.rule = rule;
    b.addEventListener('click', () => show(rule));
    return b;
  };
  const total = kinds.reduce((n, [, key]) => n + counts.get(key), 0);
  bar.append(button('period-*', words.all, total), ...kinds.map(([, key]) => button(key, label(key), counts.get(key))));
  panel.append(el('p', 'period-caption no-print', words.kinds), bar);

  const shown = COLUMNS.filter(([field]) => period.areas.some((a) => a[field] > 0));
  const table = el('table', 'period-areas');
  const tr = el('tr');
  tr.append(el('th', null, words.township), el('th', null, words.village), ...shown.map(([, key]) => el('th', 'num', label(key))));
  table.createTHead().append(tr);
  const body = table.createTBody();
  for (const area of period.areas) {
    const row = el('tr');
    row.tabIndex = 0;
    row.dataset.township = area.township;
    row.dataset.village = area.village;
    row.append(el('td', null, area.township || words.blank), el('td', null, area.village || words.blank),
      ...shown.map(([field]) => el('td', 'num', area[field] ? fmt(area[field]) : '')));
    const pick = () => show('period-*', area.township, area.village);
    row.addEventListener('click', pick);
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') pick();
    });
    body.append(row);
  }
  const scroll = el('div', 'period-scroll');
  scroll.append(table);
  panel.append(el('p', 'period-caption', words.areas), scroll);
}
