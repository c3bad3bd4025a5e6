// The progress bar and the error box of the page, and the text-file encoding choice the error
// box offers for a text file read wrongly.

import { STAGES } from './huqing.js';
import { CODES } from './constants.js';
import { el } from './dom.js';
import { state, ui } from './page-state.js';
import { t } from './text.js';

// Text files only: the encodings offices' CSV and TXT exports come in (WHATWG labels).
const ENCODINGS = [
  ['UTF-8', 'UTF-8'],
  ['gb18030', 'GB18030 / GBK'],
  ['UTF-16LE', 'UTF-16LE'],
  ['UTF-16BE', 'UTF-16BE'],
  ['Big5', 'Big5'],
];

export function encodingOptions(select, current) {
  const known = ENCODINGS.some(([v]) => v.toLowerCase() === (current || '').toLowerCase());
  const list = known || !current ? ENCODINGS : [[current, current], ...ENCODINGS];
  select.replaceChildren(...list.map(([value, label]) => {
    const option = el('option', null, label);
    option.value = value;
    option.selected = value.toLowerCase() === (current || '').toLowerCase();
    return option;
  }));
}

export const isText = (name) => /\.(csv|tsv|txt)$/i.test(name || '');

export function toError(e) {
  if (e && typeof e.code === 'string' && typeof e.message_zh === 'string') {
    return { code: e.code, message_zh: e.message_zh, message_en: e.message_en || e.message_zh };
  }
  const detail = e && e.message ? e.message : String(e);
  return {
    code: CODES.pageError,
    message_zh: `检查时出现意外错误：${detail}`,
    message_en: `Something unexpected went wrong: ${detail}`,
  };
}

export function showStage(stage, fraction) {
  state.progressStage = stage;
  const names = STAGES[stage];
  ui.progressStage.textContent = names ? names[state.lang] : stage;
  state.progressFraction = fraction;
  const percent = Math.round(fraction * 100);
  // Before the first real progress the bar moves on its own, so a slow start does not look stuck.
  ui.progressBar.classList.toggle('busy', percent === 0);
  ui.progressFill.style.width = `${percent}%`;
  ui.progressBar.setAttribute('aria-valuenow', String(percent));
  ui.progressPct.textContent = percent === 0 ? '' : `${percent}%`;
}

export function showError(error) {
  state.error = error;
  const retry = isText(state.source?.name) && [CODES.noHeader, CODES.encoding, CODES.noData].includes(error.code);
  if (retry) encodingOptions(ui.errorEncodingSelect, state.options.encoding || '');
  ui.errorEncoding.hidden = !retry;
  ui.errorTitle.textContent = error.code === CODES.loadFailed ? t().errorTitleLoad : t().errorTitle;
  ui.errorMessage.textContent = state.lang === 'zh' ? error.message_zh : error.message_en;
  ui.errorCode.textContent = error.code;
  ui.error.hidden = false;
}

export function clearError() {
  state.error = null;
  ui.error.hidden = true;
}
