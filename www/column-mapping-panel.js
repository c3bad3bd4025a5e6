// The column mapping panel: which header each role (field) was taken from, a choice per role, and
// the button that re-checks with the choices made (see initColumnMapping).

import { el } from './dom.js';
import { state, ui } from './page-state.js';
import { t } from './text.js';

/** Re-checks the current file with the chosen columns; set by initColumnMapping. */
let rerun = () => {};

/** Sets what applying the column choices does: re-check the current file. */
export function initColumnMapping(hooks) {
  rerun = hooks.rerun;
}

/** Whether the roles with no column and no check reading them are shown; kept across files. */
let showUnused = false;

ui.unusedRoles.addEventListener('click', () => {
  showUnused = !showUnused;
  for (const item of ui.columnsList.querySelectorAll('li.unused')) item.hidden = !showUnused;
  const count = ui.columnsList.querySelectorAll('li.unused').length;
  ui.unusedRoles.textContent = showUnused ? t().hideUnusedRoles : t().showUnusedRoles(count);
  ui.unusedRoles.setAttribute('aria-expanded', String(showUnused));
});

ui.remap.addEventListener('click', () => {
  state.columns = { ...state.columns, ...state.pendingColumns };
  state.pendingColumns = {};
  rerun();
});

/**
 * Lists the roles in three groups: columns the checks need but did not find (and those with a
 * suggestion), the columns found, then the roles this sheet has no column for and no enabled
 * check reads (most monitoring and 务工 roles on a person list), folded away: they are not faults.
 */
export function renderColumns(report) {
  const text = t();
  const headers = (report.headers || []).filter((h, i, all) => h.trim() !== '' && all.indexOf(h) === i);
  const needed = new Set((report.absent || []).map((a) => a.role));
  const found = (r) => r.header !== null && r.header !== undefined;
  const group = (r) => (found(r) ? 1 : needed.has(r.key) || r.suggestion || r.key in state.pendingColumns ? 0 : 2);
  const roles = [...(report.roles || [])].sort((a, b) => group(a) - group(b));
  const unused = roles.filter((r) => group(r) === 2).length;
  const items = roles.map((role) => {
    const item = el('li', 'role');
    if (group(role) === 2) {
      item.classList.add('unused');
      item.hidden = !showUnused;
    }
    item.dataset.role = role.key;
    const name = state.lang === 'zh' ? role.zh : role.en;
    item.append(el('span', 'role-name', name));
    const header = el('span', 'role-header');
    const select = el('select', 'role-select');
    select.setAttribute('aria-label', text.columnFor(name));
    const none = el('option', null, text.notUsed);
    none.value = '';
    select.append(none, ...headers.map((h) => {
      const option = el('option', null, h);
      option.value = h;
      return option;
    }));
    const pending = state.pendingColumns[role.key];
    select.value = pending !== undefined ? pending : (role.header ?? '');
    select.addEventListener('change', () => {
      state.pendingColumns[role.key] = select.value;
      item.classList.add('changed');
      ui.remap.hidden = false;
    });
    header.append(select);
    if ((role.header === null || role.header === undefined) && role.suggestion && pending === undefined) {
      item.classList.add('missing', 'suggested');
      const accept = el('button', 'link suggestion', text.suggestion(role.suggestion));
      accept.type = 'button';
      accept.title = text.suggestionHint;
      accept.addEventListener('click', () => {
        select.value = role.suggestion;
        select.dispatchEvent(new Event('change'));
        accept.remove();
      });
      header.append(' ', accept);
    } else if (group(role) === 0) {
      item.classList.add('missing');
    } else if (role.confidence === 'likely') {
      const tag = el('span', 'likely', text.likely);
      tag.title = text.likelyHint;
      header.append(' ', tag);
    } else if (role.confidence === 'chosen') {
      header.append(' ', el('span', 'chosen', text.chosen));
    }
    if (pending !== undefined) item.classList.add('changed');
    item.append(header);
    return item;
  });
  ui.columnsList.replaceChildren(...items);
  ui.unusedRoles.hidden = unused === 0;
  ui.unusedRoles.textContent = showUnused ? text.hideUnusedRoles : text.showUnusedRoles(unused);
  ui.unusedRoles.setAttribute('aria-expanded', String(showUnused));
  ui.remap.hidden = Object.keys(state.pendingColumns).length === 0;
}
