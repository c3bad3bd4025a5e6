// Where the browser's check spends its time, thread by thread: a V8 sampling profile of every
// thread of the page's renderer (the check worker, the pool's workers, the page) while check()
// of www/huqing.js checks one file on the bench page, from a Chrome trace. For each thread it
// prints a line of its busy share in time slices (from ' ' idle to '@' busy: where reading,
// the rules and the report fall), then its functions by self samples (wasm functions by their
// Rust names). Waiting on a condition variable (a worker waiting for work, the check worker for
// its pool) counts as idle. Figures, not assertions: the profiler's sampling slows the check.
//
// node bench/profile-wasm.mjs FILE [--one-thread] [--top N] [--slice MS] [--callers TEXT] [--from S] [--to S]
//   FILE: a file under the repository (bench/.cache/… as scripts/bench caches them);
//   --one-thread: serve the page without COOP/COEP, so the one-thread build runs;
//   --callers: also, for the functions whose name contains TEXT, their callers by samples
//   (the first caller outside the allocator and the growth of collections);
//   --from S, --to S: count the functions' samples only between these seconds of the trace
//   (the clock of the threads' lines: what one thread does in one stage).
// Needs scripts/build and /usr/bin/chromium.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { chromium } = createRequire(join(ROOT, 'tests', 'e2e', 'package.json'))('playwright-core');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = args[0] && resolve(args[0]);
const top = Number(option('--top', 25));
const callersOf = option('--callers', null);
const sliceUs = Number(option('--slice', 50)) * 1000;
const fromUs = Number(option('--from', 0)) * 1e6;
const toUs = Number(option('--to', Infinity)) * 1e6;
if (!file || !existsSync(file) || relative(ROOT, file).startsWith('..')) {
  console.error('usage: node bench/profile-wasm.mjs FILE [--one-thread] [--top N] [--slice MS] [--callers TEXT] [--from S] [--to S] (FILE under the repository)');
  process.exit(64);
}

const server = await startServer({ root: ROOT, port: 0, headers: !args.includes('--one-thread') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
let trace;
let result;
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench/page.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.benchReady === true);
  await page.evaluate(async () => (await import('/www/huqing.js')).preload());
  await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8'] });
  const url = `${server.url}${relative(ROOT, file)}`;
  result = await page.evaluate(([u, n]) => window.bench.huqing(u, n), [url, file.split('/').pop()]);
  trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
} finally {
  await browser.close();
  server.close();
}

console.log(`${file.split('/').pop()}: check() ${(result.ms / 1000).toFixed(2)} s under the profiler, ${result.findings} findings; stages began at ${Object.entries(result.began).map(([s, ms]) => `${s} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);
const events = trace.traceEvents || trace;
const threadNames = new Map();
for (const e of events) if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
// Each thread's profile arrives in chunks (written by the profiler's own thread, under the
// profile's id): its nodes (functions in call trees) and its samples. The 'Profile' event
// beginning it stands on the profiled thread.
const profiled = new Map();
const startedAt = new Map(); // thread → its profile's start (µs, one clock for all threads)
for (const e of events) {
  if (e.name !== 'Profile') continue;
  profiled.set(`${e.pid}:${e.id}`, `${e.pid}:${e.tid}`);
  startedAt.set(`${e.pid}:${e.tid}`, e.args.data.startTime);
}
const first = Math.min(...startedAt.values());
const threads = new Map();
for (const e of events) {
  if (e.name !== 'ProfileChunk') continue;
  const key = profiled.get(`${e.pid}:${e.id}`) || `${e.pid}:${e.tid}`;
  // Time on the common clock, so that the threads' lines below align.
  if (!threads.has(key)) threads.set(key, { nodes: new Map(), samples: [], us: (startedAt.get(key) ?? first) - first });
  const t = threads.get(key);
  const { cpuProfile = {}, timeDeltas = [] } = e.args.data;
  for (const n of cpuProfile.nodes || []) {
    const name = n.callFrame.functionName || `(${(n.callFrame.url || '').split('/').pop()})`;
    t.nodes.set(n.id, { name, parent: n.parent });
  }
  (cpuProfile.samples || []).forEach((id, i) => {
    t.us += timeDeltas[i] || 0;
    t.samples.push([t.us, t.nodes.get(id)?.name ?? '?', id]);
  });
}
const idle = (name) => name === '(idle)' || name === '(program)' || name.includes('Condvar>::wait');
// Rust's names carry their crate's hash: huqing[5b04…]::read → huqing::read.
const short = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '');
for (const [key, t] of threads) {
  const busy = t.samples.filter(([us, n]) => !idle(n) && us >= fromUs && us < toUs);
  if (busy.length < 10) continue;
  const slices = [];
  for (const [us, n] of t.samples) {
    const s = (slices[Math.floor(us / sliceUs)] ||= [0, 0]);
    s[1] += 1;
    if (!idle(n)) s[0] += 1;
  }
  const shade = Array.from(slices, (s) => (s ? ' .:-=+*#%@'[Math.round((9 * s[0]) / s[1])] : ' ')).join('');
  console.log(`\n== ${threadNames.get(key) || key} (${key}): ${busy.length} busy samples of ${t.samples.length}`);
  console.log(`|${shade}|  (${sliceUs / 1000} ms a character)`);
  const byName = new Map();
  for (const [, n] of busy) byName.set(n, (byName.get(n) || 0) + 1);
  for (const [n, c] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * c) / busy.length).toFixed(1).padStart(6)} %  ${short(n).slice(0, 140)}`);
  }
  if (!callersOf) continue;
  const callers = new Map();
  for (const [, n, id] of busy) {
    if (!n.includes(callersOf)) continue;
    // The first caller that is not the allocator's or a collection's growth.
    let up = t.nodes.get(t.nodes.get(id)?.parent);
    while (up && /alloc|raw_vec|finish_grow|reserve|grow_one|Counting/.test(up.name)) up = t.nodes.get(up.parent);
    const k = `${short(n).slice(0, 60)} ← ${short(up?.name ?? '(none)').slice(0, 90)}`;
    callers.set(k, (callers.get(k) || 0) + 1);
  }
  for (const [k, c] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * c) / busy.length).toFixed(1).padStart(6)} %  ${k}`);
  }
}
