// The downloads a report offers: the annotated workbook, the findings as CSV and JSON, and the
// masked summary. Each is made by the checker (huqing.js exportReport) and handed to the
// browser as a local object URL: nothing leaves the computer.

import { CODES } from './constants.js';
import { TEXT } from './text.js';

/** Saves `blob` as `name` through a temporary link; the URL is revoked afterwards. */
export function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * Makes the buttons under `root` (each with data-kind) download their kind of `report()`:
 * `make(report, kind)` resolves to {blob, name}; `onStart()` runs first, `onError(error)` shows a
 * failure ({code, message_zh, message_en}).
 */
export function initDownloads(root, { report, make, onStart, onError }) {
  for (const button of root.querySelectorAll('button[data-kind]')) {
    button.addEventListener('click', async () => {
      const current = report();
      if (!current) return;
      onStart();
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      try {
        const { blob, name } = await make(current, button.dataset.kind);
        save(blob, name);
      } catch (e) {
        onError({
          code: e.code || CODES.exportFailed,
          message_zh: TEXT.zh.downloadFailed + (e.message_zh || e.message),
          message_en: TEXT.en.downloadFailed + (e.message_en || e.message),
        });
      } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
    });
  }
}
