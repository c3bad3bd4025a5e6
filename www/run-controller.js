// Running a check: the drop zone, the file button and the sample, the sheet, encoding and
// reference-date choices that re-check, and the run itself with its cancel.

import { check } from './huqing.js';
import { CODES } from './constants.js';
import { hideBatch, runMany } from './batch-view.js';
import { state, ui } from './page-state.js';
import { compareOptions, previousOption, renderCompare, showCompareProgress, workOption } from './compare-panel.js';
import { currentProfile } from './profile-panel.js';
import { clearError, showError, showStage, toError } from './progress-and-errors.js';
import { renderReport } from './report-view.js';
import { t, TEXT } from './text.js';

function openPicker() {
  ui.file.value = '';
  ui.file.click();
}

ui.drop.addEventListener('click', openPicker);
ui.pick.addEventListener('click', openPicker);
ui.drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    openPicker();
  }
});
ui.file.addEventListener('change', () => runFiles(ui.file.files));

for (const type of ['dragenter', 'dragover']) {
  ui.drop.addEventListener(type, (e) => {
    e.preventDefault();
    ui.drop.classList.add('over');
  });
}
for (const type of ['dragleave', 'dragend']) {
  ui.drop.addEventListener(type, () => ui.drop.classList.remove('over'));
}
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  runFiles(e.dataTransfer && e.dataTransfer.files);
});
// A file dropped beside the drop zone must not make the browser open it instead of the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

ui.sample.addEventListener('click', () => {
  state.columns = {};
  const url = new URL('samples/sample.xlsx', document.baseURI);
  run({
    name: 'sample.xlsx',
    read: async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  }, {}, true);
});

ui.cancel.addEventListener('click', () => {
  if (!state.controller) return;
  state.controller.abort();
  // Said where the check was, not a silent return to the start.
  ui.cancelled.textContent = t().checkCancelled(ui.progressFile.textContent);
  ui.cancelled.hidden = false;
});

ui.sheetSelect.addEventListener('change', () => {
  state.columns = {};
  if (state.source) run(state.source, { ...state.options, sheet: ui.sheetSelect.value });
});

ui.referenceDate.addEventListener('change', () => {
  const value = ui.referenceDate.value;
  if (state.source && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    run(state.source, { ...state.options, sheet: state.report?.sheet, referenceDate: value });
  }
});

for (const select of [ui.encodingSelect, ui.errorEncodingSelect]) {
  select.addEventListener('change', () => {
    if (state.source) run(state.source, { ...state.options, encoding: select.value });
  });
}

/** Re-checks the current file (same sheet) with the current choices. */
export function rerun() {
  if (state.source && !state.controller) return run(state.source, state.report ? { ...state.options, sheet: state.report.sheet } : state.options);
  return undefined;
}

function runFile(file) {
  state.columns = {};
  run({ name: file.name, read: async () => file });
}

/** One file is checked alone; several are checked together (see runMany). */
function runFiles(list) {
  const files = Array.from(list || []);
  if (files.length > 1) runMany(files);
  else if (files.length === 1) runFile(files[0]);
}

/** Checks one source; a newer run cancels an older one that is still going. */
async function run(source, options = {}, isSample = false) {
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  state.source = source;
  state.options = options;
  hideBatch();
  clearError();
  ui.cancelled.hidden = true;
  document.getElementById('export-status').textContent = '';
  state.rendering += 1;
  ui.results.hidden = true;
  state.report = null;
  ui.progressFile.textContent = source.name;
  showStage('reading', 0);
  ui.progress.hidden = false;
  ui.results.setAttribute('aria-busy', 'true');
  try {
    let input;
    try {
      input = await source.read();
    } catch (e) {
      if (!isSample) throw e;
      throw {
        code: CODES.sampleUnavailable,
        message_zh: TEXT.zh.sampleFailed + e.message,
        message_en: TEXT.en.sampleFailed + e.message,
      };
    }
    const report = await check(input, {
      ...options,
      profile: currentProfile(),
      exemptions: state.exemptions || undefined,
      compare: compareOptions(),
      previous: previousOption(),
      work: workOption(),
      columns: state.columns,
      name: source.name,
      signal: controller.signal,
      onProgress: (fraction, stage) => {
        if (state.controller !== controller) return;
        showStage(stage, fraction);
        showCompareProgress(stage, fraction);
      },
    });
    // A report that arrives as the user cancels is not shown: 已取消 stands.
    if (state.controller !== controller || controller.signal.aborted) return;
    state.report = report;
    state.pendingColumns = {};
    renderCompare(report);
    await renderReport(report);
  } catch (e) {
    if (state.controller !== controller) return;
    if (e && e.code === CODES.aborted) return;
    showError(toError(e));
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      state.progressStage = null;
      showCompareProgress(null, 0);
      ui.progress.hidden = true;
      ui.results.removeAttribute('aria-busy');
    }
  }
}
