// The summary's bar charts, drawn as SVG: problems by rule (one bar a rule, coloured by its
// severity) and problems by area (one stacked bar a 乡镇 or 村: errors, warnings, info).
// Each bar carries its exact number as text; the tables beside the charts hold the same data.

import { SEVERITIES } from './constants.js';
import { svg } from './dom.js';
import { fmt, t } from './text.js';

const WIDTH = 640;
const LABEL = 220;
const VALUE = 64;
const BAR = 18;
const GAP = 8;
const TOP = 4;

/** A label cut to fit `width` pixels at the chart's font (wide CJK, narrow Latin), marked by an ellipsis. */
function clip(text, width) {
  const chars = [...String(text)];
  const size = (c) => (c.charCodeAt(0) > 0x2e7f ? 12.5 : 7);
  let used = 0;
  for (let i = 0; i < chars.length; i += 1) {
    used += size(chars[i]);
    if (used > width) return `${chars.slice(0, Math.max(1, i - 1)).join('')}…`;
  }
  return chars.join('');
}

/** The chart's frame: an accessible image scaling with the page, `rows` bars high. */
function frame(rows, label, extra = 0) {
  const height = TOP + rows * (BAR + GAP) + extra;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
  root.style.aspectRatio = `${WIDTH} / ${height}`;
  return root;
}

/** A bar's label on the left, written in full in its tooltip. */
function label(y, text) {
  return svg('text', { x: LABEL - 8, y: y + BAR / 2, class: 'chart-label', 'text-anchor': 'end', 'dominant-baseline': 'central' }, clip(text, LABEL - 12));
}

/**
 * Problems by rule: `rules` are the report's rules with a count (already in display order);
 * `titleOf(key)` names one. Returns the <svg>.
 */
export function ruleChart(rules, titleOf) {
  const shown = rules.filter((r) => r.count > 0);
  const root = frame(shown.length, t().chartRulesLabel(shown.length));
  const max = Math.max(1, ...shown.map((r) => r.count));
  const span = WIDTH - LABEL - VALUE;
  shown.forEach((rule, i) => {
    const y = TOP + i * (BAR + GAP);
    const width = Math.max(2, (rule.count / max) * span);
    const bar = svg('g', { class: `chart-bar ${rule.severity}`, 'data-rule': rule.key, 'data-count': rule.count });
    bar.append(
      svg('title', {}, `${titleOf(rule.key)}（${t().severity[rule.severity]}）: ${fmt(rule.count)}`),
      label(y, titleOf(rule.key)),
      svg('rect', { x: LABEL, y, width: width.toFixed(1), height: BAR, rx: 2 }),
      svg('text', { x: LABEL + width + 6, y: y + BAR / 2, class: 'chart-value', 'dominant-baseline': 'central' }, fmt(rule.count)),
    );
    root.append(bar);
  });
  return root;
}

/** A legend of the three severities above a stacked chart. */
function legend(y) {
  const group = svg('g', { class: 'chart-legend' });
  let x = LABEL;
  for (const severity of SEVERITIES) {
    const name = t().severity[severity];
    group.append(
      svg('rect', { x, y, width: 12, height: 12, rx: 2, class: `chart-swatch ${severity}` }),
      svg('text', { x: x + 17, y: y + 6, class: 'chart-label', 'dominant-baseline': 'central' }, name),
    );
    x += 30 + 15 * [...name].length;
  }
  return group;
}

/**
 * Problems by area: `areas` are {name, errors, warnings, infos} in display order, at most
 * `limit` drawn. Returns the <svg>.
 */
export function areaChart(areas, limit = 12) {
  const shown = areas.slice(0, limit);
  const head = 22;
  const root = frame(shown.length, t().chartAreasLabel(shown.length), head);
  root.append(legend(TOP));
  const max = Math.max(1, ...shown.map((a) => a.errors + a.warnings + a.infos));
  const span = WIDTH - LABEL - VALUE;
  shown.forEach((area, i) => {
    const y = TOP + head + i * (BAR + GAP);
    const bar = svg('g', { class: 'chart-area', 'data-area': area.name, 'data-errors': area.errors });
    const parts = [['error', area.errors], ['warning', area.warnings], ['info', area.infos]];
    const counts = parts.map(([severity, n]) => `${t().severity[severity]} ${fmt(n)}`);
    bar.append(svg('title', {}, `${area.name}: ${counts.join(' · ')}`), label(y, area.name));
    let x = LABEL;
    for (const [severity, count] of parts) {
      if (count === 0) continue;
      const width = Math.max(1.5, (count / max) * span);
      bar.append(svg('rect', { x: x.toFixed(1), y, width: width.toFixed(1), height: BAR, class: `chart-part ${severity}` }));
      x += width;
    }
    // The number is the errors': what the areas are ranked by, in the errors' colour.
    bar.append(svg('text', { x: x + 6, y: y + BAR / 2, class: 'chart-value error', 'dominant-baseline': 'central' }, fmt(area.errors)));
    root.append(bar);
  });
  return root;
}
