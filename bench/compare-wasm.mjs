// Times both comparisons in the browser (issue #17: the comparison itself under 6 s there): check()
// of www/huqing.js, in its Web Worker, in headless Chromium, on a generated register of ROWS rows
// with a department list of about as many rows (医保参保名单: every member but one in twenty, and
// one outsider in twenty) and last period's register (`huqing generate --previous`: changes of
// every kind planted). Prints, from the progress messages the page receives: the time of each
// stage; of the lists' stage (comparing), the list's reading and its matching; of last period's
// stage (previous), the register's reading and the comparison; and the wasm memory's peak. Figures,
// not assertions: the machine's load (printed) moves them. Not part of scripts/test.
//
// Needs `scripts/build` (www/pkg, target/release/huqing) and /usr/bin/chromium.
// Run: node bench/compare-wasm.mjs [ROWS]   (default 1000000). The generated files are written to
// www/samples/ (git-ignored) for the page to fetch, then removed.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { chromium } = createRequire(join(ROOT, 'tests', 'e2e', 'package.json'))('playwright-core');
const CLI = join(ROOT, 'target', 'release', 'huqing');
const SAMPLES = join(ROOT, 'www', 'samples');
const rows = Number(process.argv[2] || 1_000_000);

if (!existsSync(CLI) || !existsSync(join(ROOT, 'www', 'pkg', 'huqing_bg.wasm'))) {
  console.error('run scripts/build first');
  process.exit(1);
}

// Where the stages' shares of the bar begin and end (src/check/mod.rs check_sheet; a list's
// share is half reading, src/compare/mod.rs; last period's is 0.8 reading, src/period/mod.rs).
const LISTS = [0.85, 0.88];
const PREVIOUS = [0.88, 0.95];
const listRead = LISTS[0] + 0.5 * (LISTS[1] - LISTS[0]);
const previousRead = PREVIOUS[0] + 0.8 * (PREVIOUS[1] - PREVIOUS[0]);

const names = { current: `bench-now-${rows}.csv`, previous: `bench-last-${rows}.csv`, list: `医保参保名单-${rows}.csv` };
const path = (n) => join(SAMPLES, n);
const households = String(Math.round(rows / 3)); // about three rows a household
console.log(`bench: generating ${rows} rows, last period and a list … (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
execFileSync(CLI, ['generate', '--households', households, '--seed', '17', '--out', path(names.current), '--previous', path(names.previous)], { stdio: 'pipe' });
// The list: 姓名 and 身份证号码 of the register's members, one in twenty left out (findings:
// members missing from it), one in twenty replaced by a person from elsewhere.
{
  const lines = readFileSync(path(names.current), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const head = lines[0].split(',');
  const id = head.indexOf('证件号码');
  const name = head.indexOf('姓名');
  const out = ['姓名,身份证号码,参保状态'];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (i % 20 === 0) continue;
    if (i % 20 === 10) out.push(`外地人${i},52010119800101${String(i % 1000).padStart(3, '0')}X,正常参保`);
    else out.push(`${cells[name]},${cells[id]},正常参保`);
  }
  writeFileSync(path(names.list), out.join('\n'));
}
const sizes = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, `${(statSync(path(n)).size / 1e6).toFixed(0)} MB`]));

const server = await startServer({ root: join(ROOT, 'www'), port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url, { waitUntil: 'load' });
  const r = await page.evaluate(async ({ names, listRead, previousRead }) => {
    const { check, preload } = await import('./huqing.js');
    await preload();
    const bytes = async (n) => (await fetch(`samples/${n}`)).arrayBuffer();
    const [current, previous, list] = await Promise.all([bytes(names.current), bytes(names.previous), bytes(names.list)]);
    const marks = {};
    let peak = 0;
    const mark = (what, t) => { marks[what] ??= t; };
    const start = performance.now();
    const report = await check(current, {
      name: names.current,
      compare: [{ file: list, name: names.list, kind: 'medical-insurance' }],
      previous,
      previousName: names.previous,
      onProgress: (fraction, stage, _file, memory) => {
        const t = performance.now() - start;
        peak = Math.max(peak, memory || 0);
        mark(stage, t);
        if (stage === 'comparing' && fraction >= listRead) mark('list read', t);
        if (stage === 'previous' && fraction >= previousRead) mark('previous read', t);
      },
    });
    const total = performance.now() - start;
    const byRule = (p) => report.findings.filter((f) => f.rule.startsWith(p)).length;
    return { marks, total, peak, rows: report.rows, previousPersons: report.period.previous_persons,
      list: report.compare[0], listFindings: byRule('list-'), changes: byRule('period-'), text: report.period.text_zh };
  }, { names, listRead, previousRead });
  const m = r.marks;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`wasm: ${r.rows} rows (${sizes.current} CSV) against a list of ${r.list.rows} rows (${sizes.list}) and last period's ${r.previousPersons} persons (${sizes.previous})`);
  console.log(`  check() ${s(r.total)}: reading ${s(m.mapping - m.reading)}, rules ${s(m.comparing - m.checking)}, `
    + `lists ${s(m.previous - m.comparing)} (reading ${s(m['list read'] - m.comparing)}, matching ${s(m.previous - m['list read'])}), `
    + `last period ${s(m.summarising - m.previous)} (reading ${s(m['previous read'] - m.previous)}, comparing ${s(m.summarising - m['previous read'])}), `
    + `summary and report ${s(r.total - m.summarising)}`);
  console.log(`  the comparisons themselves (list matching + period comparison): ${s(m.previous - m['list read'] + m.summarising - m['previous read'])}; `
    + `with their reading: ${s(m.summarising - m.comparing)}`);
  console.log(`  peak wasm memory ${(r.peak / 1e6).toFixed(0)} MB | list findings ${r.listFindings} (matched ${r.list.matched_by_id}, not in the register ${r.list.unmatched}) | changes ${r.changes}`);
  console.log(`  ${r.text}`);
  console.log(`  load ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
} finally {
  await browser.close();
  await server.close();
  for (const n of Object.values(names)) rmSync(path(n), { force: true });
}
