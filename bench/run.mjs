// scripts/bench: how fast huqing checks big registers, against the floor and the alternative.
//
// For generated registers of about 100,000 and 1,000,000 rows × 26 columns, each as .xlsx with
// shared strings, .xlsx with inline strings and GBK .csv, measures side by side in one run:
//   (1) huqing in headless Chromium: check() of www/huqing.js in its Web Worker — total time,
//       peak wasm memory, progress updates and the longest main-thread task; and the page
//       itself (www/index.html): from dropping the file to its first finding shown, and the
//       longest main-thread task meanwhile;
//   (0) the physical floor, native: the worksheet and shared-strings XML inflated (zlib-rs, as
//       the crate's reader inflates) and every `<` visited with memchr, nothing built — what no
//       reader can avoid (for CSV: decoding and visiting every comma and line end);
//   (2) calamine's streaming cell reader alone, native (both from examples/read_floor.rs);
//   (3) SheetJS (npm xlsx) parsing the same bytes in the same browser;
//   (4) the huqing CLI, native, whole; and its stages (reading, rules …) from
//       examples/check_stages.rs, the same pipeline in-process;
// and prints each figure with its ratio to the floor (0), the ratios (1)/(2) and (3)/(1), and at
// the end how the rules stage grows from 100,000 to 1,000,000 rows. Figures, not assertions:
// the machine's load (printed) moves them.
//
// node bench/run.mjs [--quick] [--native] [--runs N] [--sheetjs-timeout S] [--only WORD]
//   --quick: the 100,000-row files only; --native: no browser, (0), (2) and (4) only;
//   --runs: repeat (0), (1), (2) and (4) N times, keep the best;
//   --sheetjs-timeout: give up on SheetJS after S seconds (default 300; 0 skips SheetJS);
//   --only: the files whose size or kind contains WORD (1M, shared, inline, csv …).
// Generated files are cached in bench/.cache/ (git-ignored), named by their parameters.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'bench', '.cache');
const CLI = join(ROOT, 'target', 'release', 'huqing');
const FLOOR = join(ROOT, 'target', 'release', 'examples', 'read_floor');
const STAGES = join(ROOT, 'target', 'release', 'examples', 'check_stages');
const SEED = '9';
const CORES = availableParallelism();
const TIME = '/usr/bin/time';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = args.includes('--quick');
const native = args.includes('--native');
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

for (const need of [CLI, FLOOR, STAGES, ...(native ? [] : [join(ROOT, 'www', 'pkg', 'huqing_bg.wasm')])]) {
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

/** The check's stages in milliseconds ({reading, mapping, checking, summarising}), in-process. */
function stages(file, threads = 1) {
  const out = execFileSync(STAGES, ['--threads', String(threads), file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const r = JSON.parse(out.trim());
  return { ms: r.ms, rows: r.rows, cpu: r.cpu ?? {}, cpuMs: r.cpu_ms, critical: r.critical_cpu_ms, workers: r.workers_cpu ?? [], ...r.stages };
}

/**
 * The CLI as a user runs it (by default on every core; `threads` = 1 for one): wall time, and
 * user + system CPU time where /usr/bin/time is.
 */
function cli(file, threads) {
  const timed = existsSync(TIME);
  const times = join(CACHE, 'cli-times');
  const check = [CLI, 'check', file, ...(threads ? ['--threads', String(threads)] : [])];
  const [cmd, argv] = timed ? [TIME, ['-f', '%U %S', '-o', times, ...check]] : [check[0], check.slice(1)];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`huqing check ${file}: ${r.stderr}`);
  const cpu = timed ? readFileSync(times, 'utf8').trim().split(/\s+/).reduce((a, b) => a + Number(b) * 1000, 0) : undefined;
  return { ms, cpu };
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
const server = native ? null : await startServer({ root: ROOT, port: 0 });
const browser = native ? null : await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows = [];
try {
  for (const [size, households] of SIZES) {
    for (const k of KINDS) {
      if (only && !`${size} ${k.kind}`.includes(only)) continue;
      const file = register(households, k);
      const url = native ? '' : `${server.url}bench/.cache/${file.split('/').pop()}`;
      const name = file.split('/').pop();
      const r = { size, kind: k.kind, bytes: statSync(file).size };
      const tries = { floor: [], cli: [], cli1: [], stages: [], stagesN: [], wasm: [] };
      const skipped = { error: 'skipped (--native)' };
      for (let i = 0; i < runs; i++) {
        tries.floor.push(floor(file));
        tries.cli.push(cli(file));
        tries.cli1.push(cli(file, 1));
        tries.stages.push(stages(file));
        if (CORES > 1) tries.stagesN.push(stages(file, CORES));
        tries.wasm.push(native ? skipped : await inBrowser(browser, server.url, { fn: ([u, n]) => window.bench.huqing(u, n), arg: [url, name] }, 30 * 60_000));
      }
      const wasmOk = tries.wasm.filter((w) => !w.error);
      const floors = tries.floor.map((f) => ({ ...f, ms: f.floor_ms, cpu: f.floor_cpu_ms }));
      Object.assign(r, {
        physical: best(floors),
        floor: best(tries.floor),
        cli: best(tries.cli),
        cli1: best(tries.cli1),
        stages: best(tries.stages),
        stagesN: tries.stagesN.length ? best(tries.stagesN) : undefined,
        wasm: wasmOk.length ? best(wasmOk) : tries.wasm[0],
      });
      // Each stage its best over the runs: the rules' figure is not the whole's best run's.
      for (const k of ['reading', 'mapping', 'checking', 'summarising']) {
        r.stages[k] = Math.min(...tries.stages.map((t) => t[k] ?? Infinity));
        if (r.stages.cpu[k] !== undefined) r.stages.cpu[k] = Math.min(...tries.stages.map((t) => t.cpu[k] ?? Infinity));
      }
      r.physical.cpu = Math.min(...floors.map((f) => f.cpu ?? Infinity));
      r.floor.cpu_ms = Math.min(...tries.floor.map((f) => f.cpu_ms ?? Infinity));
      r.cli.cpu = Math.min(...tries.cli.map((c) => c.cpu ?? Infinity));
      r.cli1.cpu = Math.min(...tries.cli1.map((c) => c.cpu ?? Infinity));
      if (r.cli1.cpu === Infinity) r.cli1.cpu = undefined;
      for (const o of [r.physical, r.floor]) if (o.cpu === Infinity) o.cpu = undefined;
      if (r.floor.cpu_ms === Infinity) r.floor.cpu_ms = undefined;
      if (r.cli.cpu === Infinity) r.cli.cpu = undefined;
      r.page = native ? skipped : await inPage(browser, server.url, file, 30 * 60_000);
      r.sheetjs = native || sheetjsTimeout === 0 ? { error: 'skipped' } : await inBrowser(browser, server.url, { fn: (u) => window.bench.sheetjs(u), arg: url }, sheetjsTimeout);
      rows.push(r);
      print(r);
    }
  }
} finally {
  await browser?.close();
  await server?.close();
}

function print(r) {
  const w = r.wasm;
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
  // Against the floor: wall time, and where both are known CPU time (steadier under load).
  const vsFloor = (ms, cpu) => {
    const wall = `${s(ms)} ${ratio(ms, r.physical.ms).padStart(7)} floor`;
    return cpu === undefined || r.physical.cpu === undefined ? wall : `${wall} (CPU ${s(cpu)} ${ratio(cpu, r.physical.cpu)})`;
  };
  console.log(`\n${r.size} rows · ${r.kind} · ${mb(r.bytes)} · ${r.stages.rows ?? w.rows ?? '?'} data rows · load ${load()}`);
  const what = r.kind.startsWith('csv') ? 'decoded text, every comma and line end visited' : 'sheet + shared-strings XML inflated (zlib-rs), every < visited';
  console.log(`  (0) physical floor          ${s(r.physical.ms)} (CPU ${s(r.physical.cpu)})   (${mb(r.physical.xml_bytes)} ${what}: ${r.physical.tags})`);
  if (w.error) {
    console.log(`  (1) huqing in Chromium      ${w.error.startsWith('skipped') ? w.error : `failed: ${w.error}`}`);
  } else {
    console.log(`  (1) huqing in Chromium      ${vsFloor(w.ms)}   peak wasm memory ${mb(w.memory)}   progress updates ${w.progress.updates} (longest gap ${w.progress.longestGap} ms, until ${w.progress.gapAt})   longest main-thread task ${w.longestTask} ms   ${w.findings} findings`);
    console.log(`      wasm memory as each stage began: ${Object.entries(w.stages).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
    console.log(`      each stage began at: ${Object.entries(w.began).map(([k, v]) => `${k} ${s(v)}`).join(', ')}; the report at ${s(w.ms)}`);
  }
  if (!r.page.error || !r.page.error.startsWith('skipped')) {
    console.log(`      the page (www/index.html): ${r.page.error ? `failed: ${r.page.error}` : `${s(r.page.ms)} from the drop to the first finding shown, longest main-thread task ${r.page.longestTask} ms`}`);
  }
  console.log(`  (2) calamine, native read   ${vsFloor(r.floor.ms, r.floor.cpu_ms)}   (${r.floor.cells} cells; calamine's cell reader${r.kind.startsWith('csv') ? ' → for CSV: decode + csv crate' : ''})`);
  // SheetJS gives up on a huge sheet without a word (a sheet of 1 cell): a failure, not a time.
  if (!r.sheetjs.error && r.sheetjs.cells < r.floor.cells / 2) {
    r.sheetjs.error = `${s(r.sheetjs.ms)}, but its sheet spans ${r.sheetjs.cells} cells, not the file's ${r.floor.cells}`;
  }
  if (!r.sheetjs.error || !r.sheetjs.error.startsWith('skipped')) {
    console.log(`  (3) SheetJS XLSX.read       ${r.sheetjs.error ? `failed: ${r.sheetjs.error}` : `${s(r.sheetjs.ms)}   (its sheet spans ${r.sheetjs.cells} cells)`}`);
  }
  console.log(`  (4) huqing CLI, native      ${vsFloor(r.cli.ms, r.cli.cpu)}   (${CORES} threads; on one: ${vsFloor(r.cli1.ms, r.cli1.cpu)})`);
  const st = r.stages;
  const cpu = (k) => (st.cpu[k] === undefined ? '' : ` (CPU ${s(st.cpu[k])})`);
  console.log(`      its stages, in-process, one thread: reading ${vsFloor(st.reading, st.cpu.reading)} · mapping ${s(st.mapping)}${cpu('mapping')} · rules ${s(st.checking)}${cpu('checking')} · summarising ${s(st.summarising)}${cpu('summarising')}`);
  const n = r.stagesN;
  if (n) {
    // The CPU of each thread the check started besides the calling one (the parts' inflaters,
    // the rules' workers): under load the wall time says little, these say how the work spread.
    console.log(`      on ${CORES} threads: whole ${vsFloor(n.ms, n.cpuMs)} · reading ${s(n.reading)} (CPU ${s(n.cpu.reading)}) · rules ${s(n.checking)} (CPU ${s(n.cpu.checking)})`);
    console.log(`      critical path (the calling thread's CPU + the longest rules worker's, the time on ${CORES} idle cores): ${s(n.critical)} ${ratio(n.critical, r.physical.cpu)} floor CPU · the threads started: ${n.workers.map(([name, ms]) => `${name} ${s(ms)}`).join(', ')}`);
  }
  console.log(`  (1)/(2) = ${w.error ? '—' : ratio(w.ms, r.floor.ms)}   (3)/(1) = ${w.error || r.sheetjs.error ? '—' : ratio(r.sheetjs.ms, w.ms)}   (4)/(2) = ${ratio(r.cli.ms, r.floor.ms)}`);
}

// The rules should grow with the rows: the 1,000,000-row stage within 11× the 100,000-row one.
for (const k of KINDS) {
  const [small, big] = ['100k', '1M'].map((size) => rows.find((r) => r.size === size && r.kind === k.kind));
  if (!small || !big) continue;
  const n = (r) => r.stages.rows ?? 0;
  const grows = (a, b) => `${s(a)} → ${s(b)}: ×${(b / a).toFixed(1)}`;
  const cpu = small.stages.cpu.checking === undefined ? '' : `; CPU ${grows(small.stages.cpu.checking, big.stages.cpu.checking)}`;
  console.log(`\nrules stage, ${k.kind}, ${n(small)} → ${n(big)} rows (×${(n(big) / n(small)).toFixed(1)}): wall ${grows(small.stages.checking, big.stages.checking)}${cpu}`);
}
console.log(`\nbench: done · load average ${load()}`);
