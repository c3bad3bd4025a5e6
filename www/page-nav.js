// Getting around the page without the mouse: the skip link (the first tab stop: to the findings
// once a report is shown, else to the drop zone) and the bar of links to the report's parts.

import { $, ui } from './page-state.js';
import { t } from './text.js';

const skip = $('skip');
const jump = $('jump');

/** Moves focus to `target` (the findings: their table's tab stop when it has rows) and shows it. */
function go(target) {
  const row = target.id === 'findings-panel' && target.querySelector('#findings-body tr[tabindex="0"]');
  target.scrollIntoView({ block: 'start' });
  (row || target).focus({ preventScroll: true });
}

/** The skip link's words and target follow what the page shows. */
function skipTo() {
  const report = !ui.results.hidden;
  skip.textContent = report ? t().skipFindings : t().skipStart;
  skip.href = report ? '#findings-panel' : '#drop';
  return $(report ? 'findings-panel' : 'drop');
}

// Its words follow the results being shown or hidden (a screen reader lists them before focus).
new MutationObserver(skipTo).observe(ui.results, { attributes: true, attributeFilter: ['hidden'] });
skip.addEventListener('click', (e) => {
  e.preventDefault();
  go(skipTo());
});
jump.addEventListener('click', (e) => {
  const link = e.target.closest('a[href^="#"]');
  if (!link) return;
  e.preventDefault();
  go($(link.getAttribute('href').slice(1)));
});

export function applyNavLanguage() {
  skipTo();
  jump.setAttribute('aria-label', t().jumpLabel);
}
