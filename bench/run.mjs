// scripts/bench: how fast huqing checks big registers, against the floor and the alternative.
//
// For generated registers of about 100,000 and 1,000,000 rows × 26 columns, each as .xlsx with
// shared strings, .xlsx with inline strings and GBK .csv, measures side by side in one run:
//   (1) huqing in headless Chromium: check() of www/huqing.js in its Web Worker — total time,
//       peak wasm memory, progress updates and the longest main-thread task; and the page
//       itself (www/index.html): from dropping the file to its first finding shown, and the
//       longest main-thread task meanwhile;
//   (2) the floor: calamine's streaming cell reader alone, native (examples/read_floor.rs);
//   (3) SheetJS (npm xlsx) parsing the same bytes in the same browser;
//   (4) the huqing CLI, native;
// and prints each figure with the ratios (1)/(2) and (3)/(1). Figures, not assertions: the
// machine's load (printed) moves them.
//
// node bench/run.mjs [--quick] [--runs N] [--sheetjs-timeout S] [--only WORD]
//   --quick: the 100,000-row files only; --runs: repeat (1), (2) and (4) N times, keep the best;
//   --sheetjs-timeout: give up on SheetJS after S seconds (default 300; 0 skips SheetJS);
//   --only: the files whose size or kind contains WORD (1M, shared, inline, csv …).
// Generated files are cached in bench/.cache/ (git-ignored), named by their parameters.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'bench', '.cache');
const CLI = join(ROOT, 'target', 'release', 'huqing');
const FLOOR = join(ROOT, 'target', 'release', 'examples', 'read_floor');
const SEED = '9';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const runs = flag('--runs', 1);
const sheetjsTimeout = flag('--sheetjs-timeout', 300) * 1000;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
// Households per size: the generator writes about three people a household.
const SIZES = quick ? [['100k', 33_333]] : [['100k', 33_333], ['1M', 330_000]];
const KINDS = [
  { kind: 'xlsx shared strings', suffix: 'shared.xlsx', flags: [] },
  { kind: 'xlsx inline strings', suffix: 'inline.xlsx', flags: ['--inline-strings'] },
  { kind: 'csv GBK', suffix: 'gbk.csv', flags: ['--encoding', 'gbk'] },
];

for (const need of [CLI, FLOOR, join(ROOT, 'www', 'pkg', 'huqing_bg.wasm')]) {
  if (!existsSync(need)) {
    console.error(`bench: ${need} is missing; run scripts/bench (it builds first)`);
    process.exit(1);
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const s = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const best = (xs) => xs.reduce((a, b) => (a.ms <= b.ms ? a : b));

/** The cached file for households × kind, generated when missing. */
function register(households, { suffix, flags }) {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `h${households}-s${SEED}-${suffix}`);
  if (!existsSync(file)) {
    process.stdout.write(`bench: generating ${file} … `);
    execFileSync(CLI, ['generate', '--households', String(households), '--seed', SEED, ...flags, '--out', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return file;
}

function floor(file) {
  const out = execFileSync(FLOOR, [file], { encoding: 'utf8' });
  return JSON.parse(out.trim());
}

function cli(file) {
  const start = process.hrtime.bigint();
  const r = spawnSync(CLI, ['check', file], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`huqing check ${file}: ${r.stderr}`);
  return { ms };
}

async function inBrowser(browser, url, run, timeout) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${url}bench/page.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.benchReady === true);
    let timer;
    const limit = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`no result in ${timeout / 1000} s`)), timeout); });
    try {
      return await Promise.race([page.evaluate(run.fn, run.arg), limit]);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    return { error: String(e.message || e).split('\n')[0] };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * The page itself, as a clerk uses it: the file dropped into www/index.html until its first
 * finding shows, and the longest main-thread task meanwhile (the page's own rendering included).
 */
async function inPage(browser, url, file, timeout) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      window.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.goto(`${url}www/index.html`, { waitUntil: 'load' });
    // Loading the page (compiling the wasm) is not the check: start counting at the drop.
    await page.waitForTimeout(1000);
    await page.evaluate(() => { window.longestTask = 0; });
    const start = Date.now();
    await page.setInputFiles('#file', file);
    await page.waitForSelector('#findings-body tr[data-index="0"]', { timeout });
    const ms = Date.now() - start;
    await page.waitForTimeout(500);
    return { ms, longestTask: Math.round(await page.evaluate(() => window.longestTask)) };
  } catch (e) {
    return { error: String(e.message || e).split('\n')[0] };
  } finally {
    await context.close().catch(() => {});
  }
}

console.log(`bench: ${new Date().toISOString()} · load average ${load()} · ${runs} run(s) each, best kept`);
const server = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows = [];
try {
  for (const [size, households] of SIZES) {
    for (const k of KINDS) {
      if (only && !`${size} ${k.kind}`.includes(only)) continue;
      const file = register(households, k);
      const url = `${server.url}bench/.cache/${file.split('/').pop()}`;
      const name = file.split('/').pop();
      const r = { size, kind: k.kind, bytes: statSync(file).size };
      const tries = { floor: [], cli: [], wasm: [] };
      for (let i = 0; i < runs; i++) {
        tries.floor.push(floor(file));
        tries.cli.push(cli(file));
        tries.wasm.push(await inBrowser(browser, server.url, { fn: ([u, n]) => window.bench.huqing(u, n), arg: [url, name] }, 30 * 60_000));
      }
      const wasmOk = tries.wasm.filter((w) => !w.error);
      Object.assign(r, { floor: best(tries.floor), cli: best(tries.cli), wasm: wasmOk.length ? best(wasmOk) : tries.wasm[0] });
      r.page = await inPage(browser, server.url, file, 30 * 60_000);
      r.sheetjs = sheetjsTimeout === 0 ? { error: 'skipped' } : await inBrowser(browser, server.url, { fn: (u) => window.bench.sheetjs(u), arg: url }, sheetjsTimeout);
      rows.push(r);
      print(r);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

function print(r) {
  const w = r.wasm;
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
  console.log(`\n${r.size} rows · ${r.kind} · ${mb(r.bytes)} · ${w.rows ?? '?'} data rows · load ${load()}`);
  if (w.error) {
    console.log(`  (1) huqing in Chromium      failed: ${w.error}`);
  } else {
    console.log(`  (1) huqing in Chromium      ${s(w.ms)}   peak wasm memory ${mb(w.memory)}   progress updates ${w.progress.updates} (longest gap ${w.progress.longestGap} ms, until ${w.progress.gapAt})   longest main-thread task ${w.longestTask} ms   ${w.findings} findings`);
  }
  if (!w.error) console.log(`      wasm memory as each stage began: ${Object.entries(w.stages).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
  if (!w.error) console.log(`      each stage began at: ${Object.entries(w.began).map(([k, v]) => `${k} ${s(v)}`).join(', ')}; the report at ${s(w.ms)}`);
  console.log(`      the page (www/index.html): ${r.page.error ? `failed: ${r.page.error}` : `${s(r.page.ms)} from the drop to the first finding shown, longest main-thread task ${r.page.longestTask} ms`}`);
  console.log(`  (2) floor: native read      ${s(r.floor.ms)}   (${r.floor.cells} cells; calamine's cell reader${r.kind.startsWith('csv') ? ' → for CSV: decode + csv crate' : ''})`);
  // SheetJS gives up on a huge sheet without a word (a sheet of 1 cell): a failure, not a time.
  if (!r.sheetjs.error && r.sheetjs.cells < r.floor.cells / 2) {
    r.sheetjs.error = `${s(r.sheetjs.ms)}, but its sheet spans ${r.sheetjs.cells} cells, not the file's ${r.floor.cells}`;
  }
  console.log(`  (3) SheetJS XLSX.read       ${r.sheetjs.error ? `failed: ${r.sheetjs.error}` : `${s(r.sheetjs.ms)}   (its sheet spans ${r.sheetjs.cells} cells)`}`);
  console.log(`  (4) huqing CLI, native      ${s(r.cli.ms)}`);
  console.log(`  (1)/(2) = ${w.error ? '—' : ratio(w.ms, r.floor.ms)}   (3)/(1) = ${w.error || r.sheetjs.error ? '—' : ratio(r.sheetjs.ms, w.ms)}   (4)/(2) = ${ratio(r.cli.ms, r.floor.ms)}`);
}
console.log(`\nbench: done · load average ${load()}`);
