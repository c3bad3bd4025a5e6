// Times the browser's check on one thread and on the pool: the page served cross-origin
// isolated (the threaded build, its rules on a pool of workers) and served without COOP/COEP
// (the one-thread build) check the same generated register (xlsx, shared strings) through
// check(). Prints for each: wall time, the pool and the rules each of its workers ran, peak wasm
// memory, the findings (which must be the same), and the CPU time of every worker thread of the
// page's renderer (from /proc: the check worker and the pool's workers), read again when the
// reading ends (the first progress of another stage), with the critical path, the time on idle
// cores: the reading's busiest thread (the check worker parses while a pool worker inflates an
// .xlsx ahead of it), then the check worker's CPU after it plus the busiest pool worker's (the
// rules, while the check worker waits). On a loaded machine read the CPU, not the wall time.
//
// Needs `scripts/build` and /usr/bin/chromium; Linux (/proc).
// Run: node bench/threads-wasm.mjs [ROWS…]   (default 100000 1000000), or scripts/bench-threads.
// Each generated file is written to www/samples/ (git-ignored) for the page to fetch, then removed.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { chromium } = createRequire(join(ROOT, 'tests', 'e2e', 'package.json'))('playwright-core');
const CLI = join(ROOT, 'target', 'release', 'huqing');
const SAMPLES = join(ROOT, 'www', 'samples');
const sizes = process.argv.slice(2).map(Number);
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

if (!existsSync(CLI) || !existsSync(join(ROOT, 'www', 'pkg', 'huqing-worker-threads.js'))) {
  console.error('run scripts/build first');
  process.exit(1);
}

/** Every process descending from `pid` (itself included). */
function descendants(pid) {
  const parent = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, pp] of parent) if (out.has(pp) && !out.has(p)) (out.add(p), grew = true);
  }
  return [...out];
}

/** CPU ms of every worker thread under `pid`: Map of "pid/tid" → ms. */
function workerThreads(pid) {
  const out = new Map();
  for (const p of descendants(pid)) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch { continue; }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${p}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!/^DedicatedWorker/.test(name)) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${p}/${tid}`, (Number(f[11]) + Number(f[12])) * TICK_MS);
      } catch { /* gone */ }
    }
  }
  return out;
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const server = await chromium.launchServer({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const browser = await chromium.connect(server.wsEndpoint());
const isolated = await startServer({ root: join(ROOT, 'www'), port: 0 });
const plain = await startServer({ root: join(ROOT, 'www'), port: 0, headers: false });
try {
  for (const rows of sizes.length ? sizes : [100_000, 1_000_000]) {
    const name = `bench-threads-${rows}.xlsx`;
    const path = join(SAMPLES, name);
    execFileSync(CLI, ['generate', '--households', String(Math.round(rows / 3.01)), '--seed', '9', '--out', path], { stdio: 'pipe' });
    console.log(`\n${rows} rows · ${(statSync(path).size / 1e6).toFixed(0)} MB · load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    let first = null;
    for (const [what, site] of [['one thread (not isolated)', plain], ['pool (isolated)', isolated]]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url, { waitUntil: 'load' });
      await page.evaluate(async () => (await import('./huqing.js')).preload());
      await page.evaluate(async (url) => { window.benchBytes = await (await fetch(url)).arrayBuffer(); }, `samples/${name}`);
      let read = null;
      await page.exposeFunction('benchRead', () => { read ??= workerThreads(server.process().pid); });
      const before = workerThreads(server.process().pid);
      const r = await page.evaluate(async () => {
        const { check } = await import('./huqing.js');
        const start = performance.now();
        const onProgress = (f, stage) => { if (stage !== 'reading') window.benchRead(); };
        const report = await check(window.benchBytes, { name: 'bench.xlsx', onProgress });
        window.benchBytes = null;
        return { ms: performance.now() - start, memory: report.memory, threads: report.threads, findings: JSON.stringify(report.findings), count: report.findings.length };
      });
      const after = workerThreads(server.process().pid);
      const at = (m, k) => m.get(k) ?? 0;
      const keys = [...after.keys()];
      const mid = read ?? after;
      const reading = keys.map((k) => Math.max(0, at(mid, k) - at(before, k)));
      const rest = keys.map((k) => at(after, k) - Math.max(at(mid, k), at(before, k)));
      // The check worker: the busiest thread while reading (it parses; the pool at most inflates).
      const order = keys.map((_, i) => i).filter((i) => reading[i] + rest[i] > 0).sort((i, j) => reading[j] - reading[i]);
      const [main, ...pool] = order;
      const cpu = order.map((i) => reading[i] + rest[i]);
      const total = cpu.reduce((a, b) => a + b, 0);
      const critical = reading[main] + rest[main] + Math.max(0, ...pool.map((i) => rest[i]));
      const split = (i) => `${s(reading[i] + rest[i])} (${s(reading[i])} reading)`;
      const same = first === null ? '' : (first === r.findings ? ' · findings the same as on one thread' : ' · FINDINGS DIFFER from one thread\'s');
      first ??= r.findings;
      console.log(`  ${what.padEnd(26)} ${s(r.ms)} wall · pool ${r.threads.pool} (rules run: ${r.threads.ran.join(' + ') || '—'}; parts inflated: ${r.threads.inflated?.join(' + ') || '—'}) · peak wasm memory ${(r.memory / 1e6).toFixed(0)} MB · ${r.count} findings${same}`);
      console.log(`  ${''.padEnd(26)} CPU of the worker threads: check worker ${split(main)}${pool.map((i) => ` + ${split(i)}`).join('')} = ${s(total)} · critical path ${s(critical)}`);
      await context.close();
    }
    rmSync(path, { force: true });
  }
} finally {
  await browser.close();
  await server.close();
  await isolated.close();
  await plain.close();
}
