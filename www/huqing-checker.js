// <huqing-checker>: the whole check in one custom element, for portals that embed huqing.
//
//   <script type="module" src=".../huqing-checker.js"></script>
//   <huqing-checker lang="zh" profile="national-2016"></huqing-checker>
//
// Attributes: lang (zh | en, default zh), profile (a profile name, or a JSON object).
// Events (bubbling, composed): huqing-progress {fraction, stage}, huqing-done (the report),
// huqing-error ({code, message_zh, message_en}), each in event.detail.
// Styling: the custom properties below (--huqing-accent …) and the parts root, drop, button,
// progress, progress-bar, progress-fill, progress-label, cancel, error, summary, facts, rules,
// findings, more. Every value from a file is written with textContent, never as HTML; the
// styles are a constructed stylesheet, so the page's CSP needs no 'unsafe-inline'.

import { CODES, SEVERITY_ORDER } from './constants.js';
import { check, preload, STAGES } from './huqing.js';

/** How many findings the element lists; the full list is in the report (event.detail). */
const LISTED = 200;

const TEXT = {
  zh: {
    drop: '把户籍表格文件拖到这里',
    button: '选择文件',
    checking: '正在检查',
    cancel: '取消',
    errorCode: '错误代码',
    facts: (r) => `${r.file} · 工作表 ${r.sheet} · ${r.rows} 行 · ${r.households} 户`,
    totals: (e, w, i) => `错误 ${e} 条 · 警告 ${w} 条 · 提示 ${i} 条`,
    severity: { error: '错误', warning: '警告', info: '提示' },
    rule: '规则',
    count: '数量',
    rows: '行号',
    column: '列',
    value: '值',
    message: '说明',
    none: '没有发现问题。',
    more: (shown, total) => `只列出前 ${shown} 条，共 ${total} 条。`,
  },
  en: {
    drop: 'Drop a household register here',
    button: 'Choose file',
    checking: 'Checking',
    cancel: 'Cancel',
    errorCode: 'Error code',
    facts: (r) => `${r.file} · sheet ${r.sheet} · ${r.rows} rows · ${r.households} households`,
    totals: (e, w, i) => `${e} errors · ${w} warnings · ${i} info`,
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    rule: 'Rule',
    count: 'Count',
    rows: 'Rows',
    column: 'Column',
    value: 'Value',
    message: 'Explanation',
    none: 'No problems found.',
    more: (shown, total) => `The first ${shown} of ${total} are listed.`,
  },
};

const CSS = `
:host {
  --huqing-accent: #1a5fb4;
  --huqing-ink: #1d2733;
  --huqing-muted: #5a6776;
  --huqing-line: #d9e0e8;
  --huqing-paper: #ffffff;
  --huqing-error: #b42318;
  --huqing-warning: #8a5300;
  --huqing-info: #1b5e8c;
  --huqing-radius: 6px;
  --huqing-font: "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", sans-serif;
  display: block;
  font-family: var(--huqing-font);
  font-size: 14px;
  line-height: 1.5;
  color: var(--huqing-ink);
}
[hidden] { display: none !important; }
.root { display: grid; gap: 12px; }
.drop {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 12px;
  padding: 24px; border: 2px dashed var(--huqing-line); border-radius: var(--huqing-radius);
  background: var(--huqing-paper); cursor: pointer; text-align: center;
}
.drop.over, .drop:hover { border-color: var(--huqing-accent); }
.drop:focus-visible, button:focus-visible { outline: 3px solid var(--huqing-accent); outline-offset: 2px; }
button {
  font: inherit; padding: 4px 14px; border-radius: var(--huqing-radius); cursor: pointer;
  border: 1px solid var(--huqing-accent); background: var(--huqing-paper); color: var(--huqing-accent);
}
button.primary { background: var(--huqing-accent); color: var(--huqing-paper); }
.progress { display: grid; gap: 6px; }
.progress-row { display: flex; gap: 12px; align-items: center; justify-content: space-between; }
.bar { height: 8px; border-radius: 4px; background: var(--huqing-line); overflow: hidden; }
.fill { height: 100%; width: 0; background: var(--huqing-accent); transition: width 0.15s; }
.problem {
  padding: 12px 16px; border-left: 4px solid var(--huqing-error); border-radius: var(--huqing-radius);
  background: var(--huqing-paper); color: var(--huqing-error);
}
.problem p { margin: 0; }
.problem .code { color: var(--huqing-muted); font-size: 12px; margin-top: 4px; }
.summary { display: grid; gap: 6px; justify-items: start; }
.facts { margin: 0; color: var(--huqing-muted); overflow-wrap: anywhere; }
.totals { margin: 0; font-weight: bold; }
table { border-collapse: collapse; width: 100%; background: var(--huqing-paper); }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--huqing-line); vertical-align: top; }
th { color: var(--huqing-muted); font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.value { overflow-wrap: break-word; }
td.col { white-space: nowrap; }
.rules { width: auto; min-width: min(100%, 480px); }
.sev { font-size: 12px; white-space: nowrap; }
.sev.error { color: var(--huqing-error); }
.sev.warning { color: var(--huqing-warning); }
.sev.info { color: var(--huqing-info); }
.findings-wrap { max-height: var(--huqing-findings-height, 420px); overflow: auto; }
.more { margin: 0; color: var(--huqing-muted); }
`;

let sheet = null;
/** One constructed stylesheet shared by every instance. */
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** Makes an element with a class, a part name and text. */
function el(tag, { cls, part, text } = {}) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (part) e.setAttribute('part', part);
  if (text !== undefined) e.textContent = String(text);
  return e;
}

/** The custom element; registered as <huqing-checker>. */
export class HuqingChecker extends HTMLElement {
  static observedAttributes = ['lang', 'profile', 'reference-date'];

  #ui;
  #report = null;
  #error = null;
  #controller = null;
  #profile;
  #progress = null;
  /** Departments' lists each check compares the register with (部门数据比对): [{file, kind?, name?}]. */
  compare = [];
  /** Last period's register each check compares the register with (上期比对), or null; previousName names a buffer. */
  previous = null;
  previousName = undefined;
  /** The 务工 records each check reads beside the register (务工监测/计划外出务工), or null; workName names a buffer. */
  work = null;
  workName = undefined;
  /** The 豁免清单 applied to each check, or null; exemptionsName names a buffer. */
  exemptions = null;
  exemptionsName = undefined;
  #referenceDate;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles()];
    this.#ui = this.#build(root);
  }

  connectedCallback() {
    this.#renderText();
    // Load the worker and wasm now, so that nothing is fetched once a file is chosen.
    preload().catch((e) => this.#fail(e));
  }

  attributeChangedCallback(name) {
    if (name === 'lang') this.#render();
  }

  /** The last report, or null. */
  get report() {
    return this.#report;
  }

  /** The profile passed to check(): the `profile` property if set, else the attribute. */
  get profile() {
    if (this.#profile !== undefined) return this.#profile;
    const attr = this.getAttribute('profile');
    if (attr === null || attr.trim() === '') return undefined;
    if (attr.trim().startsWith('{')) {
      try {
        return JSON.parse(attr);
      } catch {
        return attr;
      }
    }
    return attr;
  }

  set profile(value) {
    this.#profile = value === null ? undefined : value;
  }

  /** The date ages are judged at (YYYY-MM-DD): the `referenceDate` property if set, else the `reference-date` attribute. */
  get referenceDate() {
    if (this.#referenceDate !== undefined) return this.#referenceDate;
    const attr = this.getAttribute('reference-date');
    return attr === null || attr.trim() === '' ? undefined : attr.trim();
  }

  set referenceDate(value) {
    this.#referenceDate = value === null || value === '' ? undefined : value;
  }

  /** Checks a File, Blob, ArrayBuffer or Uint8Array; resolves to the report (also sent as huqing-done). */
  async check(input, name) {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#report = null;
    this.#error = null;
    this.#progress = { file: name || input?.name || '', fraction: 0, stage: 'reading' };
    this.#render();
    const options = { signal: controller.signal, onProgress: (fraction, stage) => this.#onProgress(controller, fraction, stage) };
    if (name) options.name = name;
    const profile = this.profile;
    if (profile !== undefined) options.profile = profile;
    if (this.referenceDate !== undefined) options.referenceDate = this.referenceDate;
    if (this.exemptions) Object.assign(options, { exemptions: this.exemptions, exemptionsName: this.exemptionsName });
    if (this.compare.length) options.compare = this.compare;
    if (this.previous) Object.assign(options, { previous: this.previous, previousName: this.previousName });
    if (this.work) Object.assign(options, { work: this.work, workName: this.workName });
    try {
      const report = await check(input, options);
      if (this.#controller === controller) {
        this.#controller = null;
        this.#progress = null;
        this.#report = report;
        this.#render();
        this.dispatchEvent(new CustomEvent('huqing-done', { detail: report, bubbles: true, composed: true }));
      }
      return report;
    } catch (e) {
      if (this.#controller === controller) {
        this.#controller = null;
        this.#progress = null;
        this.#fail(e);
      }
      throw e;
    }
  }

  /** Cancels the running check, if any; it fails with code `aborted`. */
  cancel() {
    this.#controller?.abort();
  }

  #onProgress(controller, fraction, stage) {
    if (this.#controller !== controller) return;
    this.#progress = { ...this.#progress, fraction, stage };
    this.#renderProgress();
    this.dispatchEvent(new CustomEvent('huqing-progress', { detail: { fraction, stage }, bubbles: true, composed: true }));
  }

  #fail(e) {
    const error = {
      code: typeof e?.code === 'string' ? e.code : CODES.internal,
      message_zh: e?.message_zh || String(e?.message || e),
      message_en: e?.message_en || String(e?.message || e),
    };
    this.#error = error;
    this.#render();
    this.dispatchEvent(new CustomEvent('huqing-error', { detail: error, bubbles: true, composed: true }));
  }

  #lang() {
    return this.getAttribute('lang') === 'en' ? 'en' : 'zh';
  }

  #build(root) {
    const ui = {};
    ui.root = el('div', { cls: 'root', part: 'root' });
    ui.drop = el('div', { cls: 'drop', part: 'drop' });
    ui.drop.tabIndex = 0;
    ui.drop.setAttribute('role', 'button');
    ui.dropText = el('span');
    ui.button = el('button', { cls: 'primary', part: 'button' });
    ui.button.type = 'button';
    ui.input = el('input');
    ui.input.type = 'file';
    ui.input.hidden = true;
    ui.input.accept = '.xlsx,.xlsm,.xls,.xlsb,.ods,.csv,.tsv,.txt';
    ui.drop.append(ui.dropText, ui.button);

    ui.progress = el('div', { cls: 'progress', part: 'progress' });
    ui.progress.setAttribute('aria-live', 'polite');
    const row = el('div', { cls: 'progress-row' });
    ui.progressLabel = el('span', { part: 'progress-label' });
    ui.cancel = el('button', { part: 'cancel' });
    ui.cancel.type = 'button';
    row.append(ui.progressLabel, ui.cancel);
    ui.bar = el('div', { cls: 'bar', part: 'progress-bar' });
    ui.bar.setAttribute('role', 'progressbar');
    ui.bar.setAttribute('aria-valuemin', '0');
    ui.bar.setAttribute('aria-valuemax', '100');
    ui.fill = el('div', { cls: 'fill', part: 'progress-fill' });
    ui.bar.append(ui.fill);
    ui.progress.append(row, ui.bar);

    ui.error = el('div', { cls: 'problem', part: 'error' });
    ui.error.setAttribute('role', 'alert');
    ui.summary = el('div', { cls: 'summary', part: 'summary' });
    ui.findings = el('div', { cls: 'findings-wrap', part: 'findings' });
    ui.root.append(ui.drop, ui.input, ui.progress, ui.error, ui.summary, ui.findings);
    root.append(ui.root);

    const pick = () => ui.input.click();
    ui.button.addEventListener('click', (e) => {
      e.stopPropagation();
      pick();
    });
    ui.drop.addEventListener('click', pick);
    ui.drop.addEventListener('keydown', (e) => {
      if (e.target !== ui.drop || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      pick();
    });
    ui.input.addEventListener('change', () => {
      const file = ui.input.files[0];
      ui.input.value = '';
      if (file) this.check(file).catch(() => {});
    });
    for (const type of ['dragenter', 'dragover']) {
      ui.drop.addEventListener(type, (e) => {
        e.preventDefault();
        ui.drop.classList.add('over');
      });
    }
    for (const type of ['dragleave', 'dragend']) ui.drop.addEventListener(type, () => ui.drop.classList.remove('over'));
    ui.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      ui.drop.classList.remove('over');
      const file = e.dataTransfer?.files[0];
      if (file) this.check(file).catch(() => {});
    });
    ui.cancel.addEventListener('click', () => this.cancel());
    return ui;
  }

  #render() {
    this.#renderText();
    this.#renderProgress();
    this.#renderError();
    this.#renderReport();
  }

  #renderText() {
    const t = TEXT[this.#lang()];
    this.#ui.dropText.textContent = t.drop;
    this.#ui.button.textContent = t.button;
    this.#ui.cancel.textContent = t.cancel;
  }

  #renderProgress() {
    const ui = this.#ui;
    const p = this.#progress;
    ui.progress.hidden = !p;
    if (!p) return;
    const lang = this.#lang();
    const pct = Math.round(Math.min(1, Math.max(0, p.fraction)) * 100);
    const stage = STAGES[p.stage]?.[lang] ?? p.stage;
    ui.progressLabel.textContent = `${TEXT[lang].checking} ${p.file} · ${stage} · ${pct}%`;
    ui.fill.style.width = `${pct}%`;
    ui.bar.setAttribute('aria-valuenow', String(pct));
  }

  #renderError() {
    const ui = this.#ui;
    const e = this.#error;
    ui.error.hidden = !e || e.code === CODES.aborted;
    ui.error.replaceChildren();
    if (ui.error.hidden) return;
    const lang = this.#lang();
    ui.error.append(
      el('p', { text: lang === 'en' ? e.message_en : e.message_zh }),
      el('p', { cls: 'code', text: `${TEXT[lang].errorCode}: ${e.code}` }),
    );
  }

  #renderReport() {
    const ui = this.#ui;
    const r = this.#report;
    ui.summary.hidden = !r;
    ui.findings.hidden = !r;
    ui.summary.replaceChildren();
    ui.findings.replaceChildren();
    if (!r) return;
    const lang = this.#lang();
    const t = TEXT[lang];
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const f of r.findings) bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
    ui.summary.append(
      el('p', { cls: 'facts', part: 'facts', text: t.facts(r) }),
      el('p', { cls: 'totals', text: t.totals(bySeverity.error, bySeverity.warning, bySeverity.info) }),
    );

    const titles = Object.fromEntries((r.rules || []).map((x) => [x.key, lang === 'en' ? x.title_en : x.title_zh]));
    const severities = Object.fromEntries((r.rules || []).map((x) => [x.key, x.severity]));
    const counts = Object.entries(r.summary || {}).sort(([a, n], [b, m]) =>
      (SEVERITY_ORDER[severities[a]] ?? 3) - (SEVERITY_ORDER[severities[b]] ?? 3) || m - n || a.localeCompare(b));
    if (counts.length === 0) {
      ui.summary.append(el('p', { cls: 'totals', text: t.none }));
    } else {
      const table = el('table', { cls: 'rules', part: 'rules' });
      const head = el('tr');
      head.append(el('th', { text: t.rule }), el('th', { text: '' }), el('th', { cls: 'num', text: t.count }));
      table.append(el('thead'), el('tbody'));
      table.tHead.append(head);
      for (const [key, n] of counts) {
        const tr = el('tr');
        tr.dataset.rule = key;
        tr.dataset.count = String(n);
        const sev = severities[key] || 'info';
        tr.append(
          el('td', { text: titles[key] || key }),
          el('td', { cls: `sev ${sev}`, text: t.severity[sev] || sev }),
          el('td', { cls: 'num count', text: n }),
        );
        table.tBodies[0].append(tr);
      }
      ui.summary.append(table);
    }

    if (r.findings.length === 0) return;
    const table = el('table');
    const head = el('tr');
    for (const h of [t.rule, t.rows, t.column, t.value, t.message]) head.append(el('th', { text: h }));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    for (const f of r.findings.slice(0, LISTED)) {
      const tr = el('tr');
      tr.dataset.finding = f.rule;
      tr.append(
        el('td', { cls: `sev ${f.severity}`, text: titles[f.rule] || f.rule }),
        el('td', { cls: 'rows', text: f.rows.join(lang === 'en' ? ', ' : '、') }),
        el('td', { cls: 'col', text: f.column ?? '' }),
        el('td', { cls: 'value', text: f.value }),
        el('td', { text: lang === 'en' ? f.message_en : f.message_zh }),
      );
      table.tBodies[0].append(tr);
    }
    ui.findings.append(table);
    if (r.findings.length > LISTED) ui.findings.append(el('p', { cls: 'more', part: 'more', text: t.more(LISTED, r.findings.length) }));
  }
}

if (!customElements.get('huqing-checker')) customElements.define('huqing-checker', HuqingChecker);
