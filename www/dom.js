// Small builders of DOM and SVG nodes, and the page's way to yield. Text always goes in as
// textContent, never as markup, so a value read from a file shows as written and never runs.

import { t } from './text.js';

const SVG = 'http://www.w3.org/2000/svg';

/** An element with an optional class and text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** An SVG element with attributes; `text` becomes its textContent. */
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A coloured label naming a severity. */
export function badge(severity) {
  return el('span', `badge ${severity}`, t().severity[severity] || severity);
}

/** An <option> with a value and a label. */
export function option(value, label) {
  const node = el('option', null, label);
  node.value = value;
  return node;
}

/** The next task: the page paints and answers input before the work after this goes on. */
export const nextTask = () => new Promise((ok) => {
  const channel = new MessageChannel(); // unlike setTimeout, neither clamped nor throttled
  channel.port1.onmessage = () => ok();
  channel.port2.postMessage(null);
});
