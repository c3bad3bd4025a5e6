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
 * `make(report, kind, {onProgress, signal})` resolves to {blob, name}. While one is made the
 * others wait, and `progress` shows it: `progress.show(label, fraction)` as it goes,
 * `progress.hide()`; its cancel aborts `signal`. `onStart()` runs first, `onError(error)` shows a
 * failure ({code, message_zh, message_en}), `onCancel(label)` a cancelled one.
 */
export function initDownloads(root, { report, make, progress, onStart, onError, onCancel }) {
  const buttons = [...root.querySelectorAll('button[data-kind]')];
  let controller = null;
  progress.cancel.addEventListener('click', () => controller?.abort());
  for (const button of buttons) {
    button.addEventListener('click', async () => {
      const current = report();
      if (!current || controller) return;
      onStart();
      controller = new AbortController();
      const { signal } = controller;
      const label = () => button.textContent;
      for (const b of buttons) b.disabled = true;
      button.setAttribute('aria-busy', 'true');
      progress.show(label(), 0);
      try {
        const { blob, name } = await make(current, button.dataset.kind, {
          signal,
          onProgress: (fraction) => progress.show(label(), fraction),
        });
        save(blob, name);
      } catch (e) {
        if (e && e.code === CODES.aborted) onCancel(label());
        else {
          onError({
            code: e.code || CODES.exportFailed,
            message_zh: TEXT.zh.downloadFailed + (e.message_zh || e.message),
            message_en: TEXT.en.downloadFailed + (e.message_en || e.message),
          });
        }
      } finally {
        controller = null;
        progress.hide();
        for (const b of buttons) b.disabled = false;
        button.removeAttribute('aria-busy');
      }
    });
  }
}
