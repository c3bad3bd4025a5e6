// A table that shows a long list by rendering only the rows in view (plus a few either side):
// 200,000 findings scroll as smoothly as 20, and the DOM holds a bounded number of rows.
//
// The table sits in a scrolling box; its header sticks to the top. Two padding bodies, before
// and after the rendered rows, keep the scroll height that of the whole list. Past MAX_HEIGHT
// pixels (browsers cap element heights) the scroll position maps onto the list proportionally.
// Rows are fixed-height (CSS keeps their content to the height; the table measures it, again
// when its box is resized: below 600 px the stylesheet shows each row as a card).
// Keyboard: one row is in the tab order; ↑ ↓ PageUp PageDown Home End move, Enter opens.

const OVERSCAN = 6;
const MAX_HEIGHT = 8_000_000;

export class VirtualTable {
  /**
   * `viewport`: the scrolling box; `table` within it with a <thead>, and three <tbody>s: `before`
   * and `after` (one padding row each) around `body`. `renderRow(item, index)` returns a <tr>;
   * `onOpen(item, index)` is called on a click or Enter.
   */
  constructor({ viewport, table, body, before, after, renderRow, onOpen, rowHeight = 48 }) {
    Object.assign(this, { viewport, table, body, renderRow, onOpen, rowHeight });
    this.items = [];
    this.all = false;
    this.active = 0;
    this.window = { first: 0, last: 0 };
    this.rowsValid = false; // whether the rendered rows still show this.items as they are
    this.beforeCell = before.rows[0].cells[0];
    this.afterCell = after.rows[0].cells[0];
    this.queued = false;
    viewport.style.overflowAnchor = 'none';
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    // Shown after being hidden, or resized: the number of rows in view changes, and on a narrow
    // screen rows become cards of another height (measured again).
    new ResizeObserver(() => {
      this.measured = false;
      this.schedule();
    }).observe(viewport);
    body.addEventListener('click', (e) => {
      if (e.target.closest('button, a, input, select')) return;
      const index = this.indexOf(e.target);
      if (index >= 0) this.open(index);
    });
    body.addEventListener('keydown', (e) => this.key(e));
    body.addEventListener('focusin', (e) => {
      const index = this.indexOf(e.target);
      if (index >= 0) this.setActive(index);
    });
  }

  /** Shows `items` from the top; every row at once when `all` (a short list, printed whole). */
  setItems(items, { all = false } = {}) {
    this.all = all;
    this.items = items;
    this.active = 0;
    this.viewport.scrollTop = 0;
    this.table.setAttribute('aria-rowcount', String(items.length + 1));
    this.rowsValid = false;
    this.render();
  }

  /** Renders the current window again (the language changed, say). */
  refresh() {
    this.rowsValid = false;
    this.render();
  }

  indexOf(node) {
    const tr = node.closest && node.closest('tr[data-index]');
    return tr && this.body.contains(tr) ? Number(tr.dataset.index) : -1;
  }

  schedule() {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.render();
    });
  }

  /** The geometry of the list at the current scroll position. */
  geometry() {
    const n = this.items.length;
    const head = this.table.tHead ? this.table.tHead.offsetHeight : 0;
    const area = Math.max(this.rowHeight, this.viewport.clientHeight - head);
    const height = Math.min(n * this.rowHeight, MAX_HEIGHT);
    const maxScroll = Math.max(0, head + height - this.viewport.clientHeight);
    const inView = area / this.rowHeight;
    const span = Math.max(0, n - inView);
    return { n, head, area, height, maxScroll, inView, span };
  }

  /** The fractional index of the row at the top of the view. */
  topIndex(g) {
    const scroll = Math.min(this.viewport.scrollTop, g.maxScroll);
    return g.maxScroll > 0 ? (scroll / g.maxScroll) * g.span : 0;
  }

  render() {
    const g = this.geometry();
    const top = this.topIndex(g);
    const first = this.all ? 0 : Math.max(0, Math.floor(top) - OVERSCAN);
    const last = this.all ? g.n : Math.min(g.n, Math.ceil(top + g.inView) + OVERSCAN);
    const scroll = Math.min(this.viewport.scrollTop, g.maxScroll);
    const before = this.all ? 0 : Math.max(0, scroll - (top - first) * this.rowHeight);
    const after = this.all ? 0 : Math.max(0, g.height - before - (last - first) * this.rowHeight);
    const focused = this.body.contains(document.activeElement);
    const tabStop = this.active >= first && this.active < last ? this.active : Math.min(g.n - 1, Math.max(first, Math.ceil(top)));
    this.place(first, last);
    for (const tr of this.body.rows) {
      const tab = Number(tr.dataset.index) === tabStop ? 0 : -1;
      if (tr.tabIndex !== tab) tr.tabIndex = tab;
    }
    this.beforeCell.style.height = `${before}px`;
    this.afterCell.style.height = `${after}px`;
    this.window = { first, last };
    if (focused) this.focusRow(this.active);
    // The stylesheet fixes the row height; adopt what it really is (fonts differ between PCs).
    const measured = !this.measured && this.body.rows[0] ? this.body.rows[0].getBoundingClientRect().height : 0;
    if (measured > 0) {
      this.measured = true;
      if (Math.abs(measured - this.rowHeight) <= 0.5) return;
      this.rowHeight = measured;
      this.render();
    }
  }

  /**
   * Makes the body hold rows first..last-1. Rows still in the window stay as they are, so a
   * scroll of a few rows builds only those few (the work of a frame stays small).
   */
  place(first, last) {
    const old = this.window;
    if (!this.rowsValid || first >= old.last || last <= old.first) {
      const fragment = document.createDocumentFragment();
      for (let i = first; i < last; i += 1) fragment.append(this.row(i));
      this.body.replaceChildren(fragment);
      this.rowsValid = true;
      return;
    }
    for (const tr of [...this.body.rows]) {
      const i = Number(tr.dataset.index);
      if (i < first || i >= last) tr.remove();
    }
    const head = document.createDocumentFragment();
    for (let i = first; i < Math.min(old.first, last); i += 1) head.append(this.row(i));
    this.body.prepend(head);
    const tail = document.createDocumentFragment();
    for (let i = Math.max(old.last, first); i < last; i += 1) tail.append(this.row(i));
    this.body.append(tail);
  }

  /** The <tr> of item `i`. */
  row(i) {
    const tr = this.renderRow(this.items[i], i);
    tr.dataset.index = String(i);
    tr.setAttribute('aria-rowindex', String(i + 2));
    tr.tabIndex = -1;
    return tr;
  }

  setActive(index) {
    this.active = index;
    for (const tr of this.body.rows) tr.tabIndex = Number(tr.dataset.index) === index ? 0 : -1;
  }

  focusRow(index) {
    const tr = this.body.querySelector(`tr[data-index="${index}"]`);
    if (tr) tr.focus({ preventScroll: true });
  }

  /** Scrolls just enough to bring row `index` into view, renders, and focuses it. */
  reveal(index) {
    const g = this.geometry();
    if (g.n === 0) return;
    const i = Math.max(0, Math.min(g.n - 1, index));
    let top = this.topIndex(g);
    if (i < top) top = i;
    else if (i + 1 > top + g.inView) top = i + 1 - g.inView;
    if (g.span > 0) this.viewport.scrollTop = (top / g.span) * g.maxScroll;
    this.active = i;
    this.render();
    this.focusRow(i);
    const tr = this.body.querySelector(`tr[data-index="${i}"]`);
    if (tr) tr.scrollIntoView({ block: 'nearest' });
  }

  open(index) {
    this.setActive(index);
    this.onOpen(this.items[index], index);
  }

  key(e) {
    const index = this.indexOf(e.target);
    if (index < 0 || e.target.closest('button, a, input, select')) return;
    const page = Math.max(1, Math.floor(this.geometry().inView) - 1);
    const moves = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: this.items.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      this.reveal(moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open(index);
    }
  }
}
