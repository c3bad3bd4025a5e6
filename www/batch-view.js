// Several files checked together: the file list, the duplicates across them and the side-by-side
// comparison of one person's records.

import { checkMany } from './huqing.js';
import { CODES } from './constants.js';
import { badge, el } from './dom.js';
import { $, state, ui } from './page-state.js';
import { clearError, showError, showStage, toError } from './progress-and-errors.js';
import { renderReport, ruleTitle } from './report-view.js';
import { bt, fmt, t } from './text.js';

const batchUi = {
  section: $('batch'),
  files: $('batch-files'),
  crossBody: $('cross-body'),
  crossTable: $('cross-table'),
  crossEmpty: $('cross-empty'),
  crossCount: $('cross-count'),
  compare: $('compare'),
  compareClose: $('compare-close'),
  compareMessage: $('compare-message'),
  compareTable: $('compare-table'),
};
let batch = null; // {files: [report | {file, error}], cross, summary, shown: index of the file shown}

export function applyBatchLanguage() {
  for (const node of document.querySelectorAll('[data-batch-i18n]')) {
    const value = bt()[node.dataset.batchI18n];
    if (typeof value === 'string') node.textContent = value;
  }
  if (batch) renderBatch();
}

export function hideBatch() {
  batch = null;
  batchUi.section.hidden = true;
}

/** Checks several files together; a newer run cancels an older one that is still going. */
export async function runMany(files) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  state.source = null;
  hideBatch();
  clearError();
  state.rendering += 1;
  ui.results.hidden = true;
  state.report = null;
  const names = files.map((f) => f.name);
  ui.progressFile.textContent = bt().checkingFiles(1, files.length, names[0]);
  showStage('reading', 0);
  ui.progress.hidden = false;
  try {
    const result = await checkMany(files.map((f) => ({ input: f, name: f.name })), {
      signal: controller.signal,
      onProgress: (fraction, stage, index) => {
        if (state.controller !== controller) return;
        if (index !== undefined) ui.progressFile.textContent = bt().checkingFiles(index + 1, files.length, names[index]);
        showStage(stage, fraction);
      },
    });
    if (state.controller !== controller) return;
    const first = result.files.findIndex((f) => !f.error);
    if (first < 0) {
      showError(result.files[0].error);
      return;
    }
    batch = { ...result, shown: first };
    batchUi.section.hidden = false;
    showBatchFile(first, files);
    renderBatch();
    ui.intake.classList.add('compact');
  } catch (e) {
    if (state.controller !== controller) return;
    if (e && e.code === CODES.aborted) return;
    showError(toError(e));
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      state.progressStage = null;
      ui.progress.hidden = true;
    }
  }
}

/** Shows the report of file `index` of the batch in the single-file view below. */
async function showBatchFile(index, files) {
  const report = batch.files[index];
  if (!report || report.error) return;
  batch.shown = index;
  if (files) batch.sources = files.map((f) => ({ name: f.name, read: async () => f }));
  state.source = batch.sources ? batch.sources[index] : null;
  state.report = report;
  renderBatchFiles();
  await renderReport(report);
}

function renderBatch() {
  renderBatchFiles();
  const text = bt();
  const cross = batch.cross || [];
  batchUi.crossCount.textContent = text.crossCount(fmt(cross.length));
  const fragment = document.createDocumentFragment();
  for (const f of cross) {
    const tr = el('tr', `sev-${f.severity}`);
    tr.dataset.cross = f.rule;
    const ruleCell = el('td', 'c-rule');
    ruleCell.append(badge(f.severity), el('span', 'rule-name', ruleTitle(f.rule)));
    ruleCell.title = f.rule;
    const where = (f.locations || []).map((l) => text.rowAt(l.file ?? '', l.row)).join(t().rowSep);
    const act = el('td', 'c-act');
    act.append(compareButton(f));
    tr.append(ruleCell, el('td', 'c-where', where), el('td', 'c-val', f.value),
      el('td', 'c-msg', state.lang === 'zh' ? f.message_zh : f.message_en), act);
    fragment.append(tr);
  }
  batchUi.crossBody.replaceChildren(fragment);
  batchUi.crossTable.hidden = cross.length === 0;
  batchUi.crossEmpty.hidden = cross.length > 0;
  batchUi.crossEmpty.textContent = text.noCross;
}

function renderBatchFiles() {
  const text = bt();
  batchUi.files.replaceChildren(...batch.files.map((f, i) => {
    const item = el('li');
    if (f.error) {
      const failed = el('span', 'failed', `${f.file} · ${text.failed}: ${state.lang === 'zh' ? f.error.message_zh : f.error.message_en}`);
      item.append(failed);
      return item;
    }
    const button = el('button', `btn small${i === batch.shown ? ' selected' : ''}`);
    button.type = 'button';
    button.dataset.file = f.file;
    button.append(el('strong', null, f.file), ' ', el('span', null, text.fileFacts(fmt(f.rows), fmt(f.households))));
    button.addEventListener('click', () => showBatchFile(i));
    item.append(button);
    return item;
  }));
}

export function compareButton(finding) {
  const button = el('button', 'btn small compare-open', bt().compare);
  button.type = 'button';
  button.addEventListener('click', () => openCompare(finding));
  return button;
}

/** The records of a duplicate finding side by side, one column each, differences shaded. */
function openCompare(finding) {
  const text = bt();
  const records = (finding.locations || []).map((l) => [
    l.file ?? state.report?.file ?? '', String(l.row), l.household, l.township, l.village, l.name, l.id,
  ]);
  const head = el('tr');
  head.append(el('th'), ...records.map((_, i) => el('th', null, text.record(i + 1))));
  const body = text.fields.map((field, row) => {
    const tr = el('tr');
    tr.append(el('th', null, field));
    for (const record of records) {
      const td = el('td', record[row] !== records[0][row] ? 'differs' : null, record[row]);
      tr.append(td);
    }
    return tr;
  });
  batchUi.compareTable.tHead.replaceChildren(head);
  batchUi.compareTable.tBodies[0].replaceChildren(...body);
  batchUi.compareMessage.textContent = state.lang === 'zh' ? finding.message_zh : finding.message_en;
  if (!batchUi.compare.open) batchUi.compare.showModal();
}

batchUi.compareClose.addEventListener('click', () => batchUi.compare.close());
