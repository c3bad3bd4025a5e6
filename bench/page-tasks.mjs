// scripts/bench-page-tasks: the page's main thread while it checks a big monitoring register.
//
// Generates a 防返贫监测 register (`huqing generate --monitoring`, about three people a household)
// as CSV with its 务工 tables as a work file beside it (`--work-out`), opens the real page
// (www/index.html) in headless Chromium, loads the monitoring profile at the generator's dates,
// fills the 务工信息表 slot, chooses the register, and records a Chrome trace until the report is
// shown whole. From the trace it prints every main-thread task (RunTask on CrRendererMain) longer
// than the limit in thread time, with its wall time beside it and what ran inside it, and the
// longest by each measure. Thread time (tdur) is what the page's own code cost; wall time (dur)
// also holds the time the thread waited for a core on a loaded machine. Figures, not assertions.
//
// node bench/page-tasks.mjs [--households N] [--limit MS] [--no-work] [--recheck] [--trace FILE]
//   --households: default 330000 (about 1,000,000 rows); --limit: default 50;
//   --no-work: the register alone; --recheck: then choose the same file again, until the
//   changes since the first check show (the diff of two reports); --trace: also write the raw
//   trace there.
// Files are cached in bench/.cache/ (git-ignored), named by their parameters.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../scripts/server.mjs';
import { CLI, ROOT, launch } from '../tests/e2e/lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const households = Number(option('--households', '330000'));
const limit = Number(option('--limit', '50'));
const withWork = !args.includes('--no-work');
const recheck = args.includes('--recheck');
const traceOut = option('--trace', null);
const SEED = '9';
const CACHE = join(ROOT, 'bench', '.cache');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** monitoring-2021 at the generator's dates, as tests/monitoring.rs checks its registers. */
const PROFILE = {
  name: 'monitoring-test', extends: 'monitoring-2021', reference_date: '2020-12-31', school_reference_date: '2020-09-01', monitoring_lines: { 2020: 5000 },
};

mkdirSync(CACHE, { recursive: true });
const register = join(CACHE, `monitoring-h${households}-s${SEED}.csv`);
const work = join(CACHE, `monitoring-h${households}-s${SEED}-work.xlsx`);
const profile = join(CACHE, 'monitoring-test.json');
if (!existsSync(register) || !existsSync(work)) {
  console.log(`generating ${register} and its work file …`);
  execFileSync(CLI, ['generate', '--monitoring', '--households', String(households), '--seed', SEED, '--out', register, '--work-out', work], { stdio: 'inherit' });
}
writeFileSync(profile, JSON.stringify(PROFILE));

console.log(`page tasks: ${new Date().toISOString()} · ${households} households${withWork ? ' with the work file' : ''} · load ${load()}`);
const server = await startServer({ root: join(ROOT, 'www'), port: 0 });
const browser = await launch();
try {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url, { waitUntil: 'load' });
  await page.setInputFiles('#profile-file', profile);
  if (withWork) await page.setInputFiles('#work-file', work);
  await page.waitForTimeout(1000);
  // A sampling profile of the page's JavaScript beside the trace (same clock): which functions
  // the long tasks spent their time in.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
  const start = Date.now();
  await page.setInputFiles('#file', register);
  await page.waitForFunction(() => {
    const results = document.getElementById('results');
    return (!results.hidden && !results.hasAttribute('aria-busy')) || !document.getElementById('error').hidden;
  }, null, { timeout: 60 * 60_000, polling: 1000 });
  const shown = Date.now() - start;
  if (recheck) {
    await page.waitForTimeout(3000);
    await page.setInputFiles('#file', []);
    await page.setInputFiles('#file', register);
    await page.waitForSelector('#changes:not([hidden])', { timeout: 60 * 60_000 });
    console.log(`checked again: the changes since the first check shown ${((Date.now() - start - shown) / 1000).toFixed(1)} s later`);
  }
  // The page goes on (the findings list, the charts) a moment after the report is out.
  await page.waitForTimeout(3000);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  const { profile: js } = await cdp.send('Profiler.stop');
  if (traceOut) writeFileSync(traceOut, JSON.stringify(trace));
  const error = await page.locator('#error').isVisible() ? await page.locator('#error').innerText() : null;
  const findings = await page.evaluate(() => document.getElementById('findings-count')?.textContent ?? '');
  report(trace.traceEvents || trace, js, { shown, error, findings, errors });
  await context.close();
} finally {
  await browser.close();
  await server.close();
}

/** The functions that `js` (a CPU profile) sampled between `from` and `to` (µs), by self time. */
function hottest(js, from, to) {
  const nodes = new Map(js.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let at = js.startTime;
  js.samples.forEach((id, i) => {
    at += js.timeDeltas[i];
    if (at < from || at > to) return;
    const f = nodes.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.split('/').pop()}:${f.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) || 0) + (js.timeDeltas[i + 1] ?? 0));
  });
  return [...self].filter(([name]) => name !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([name, us]) => `${name} ${(us / 1000).toFixed(1)} ms`).join(', ');
}

function report(events, js, { shown, error, findings, errors }) {
  const main = new Set(events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const onMain = (e) => main.has(`${e.pid}:${e.tid}`);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && onMain(e));
  const ms = (us) => (us === undefined ? '—' : `${(us / 1000).toFixed(1)} ms`);
  console.log(`\nthe report shown whole ${(shown / 1000).toFixed(1)} s after the file was chosen${error ? ` — ERROR: ${error}` : ''} · ${findings} · load ${load()}`);
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
  console.log(`main-thread tasks: ${tasks.length}; total thread time ${ms(tasks.reduce((a, t) => a + (t.tdur || 0), 0))}`);
  const byCpu = [...tasks].sort((a, b) => (b.tdur || 0) - (a.tdur || 0));
  const byWall = [...tasks].sort((a, b) => b.dur - a.dur);
  console.log(`longest by thread time: ${ms(byCpu[0]?.tdur)} (wall ${ms(byCpu[0]?.dur)})`);
  console.log(`longest by wall time:   ${ms(byWall[0]?.dur)} (thread ${ms(byWall[0]?.tdur)})`);
  const over = byCpu.filter((t) => (t.tdur || 0) > limit * 1000);
  console.log(`tasks over ${limit} ms of thread time: ${over.length}; over ${limit} ms of wall time: ${byWall.filter((t) => t.dur > limit * 1000).length}`);
  // What ran inside the longest tasks: the biggest events nested in each (script, GC, layout).
  const inner = events.filter((e) => e.ph === 'X' && e.name !== 'RunTask' && onMain(e) && e.dur > 2000);
  for (const t of [...new Set([...over, ...byCpu.slice(0, 5), ...byWall.slice(0, 3)])]) {
    const inside = inner
      .filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur)
      .sort((a, b) => b.dur - a.dur)
      .slice(0, 6)
      .map((e) => {
        const d = e.args?.data || {};
        const what = d.functionName || d.type || d.url?.split('/').pop() || '';
        return `${e.name}${what ? `(${what}${d.lineNumber ? `:${d.lineNumber}` : ''})` : ''} ${ms(e.dur)}`;
      });
    console.log(`  task at +${((t.ts - tasks[0].ts) / 1e6).toFixed(1)} s: thread ${ms(t.tdur)}, wall ${ms(t.dur)} — ${inside.join(', ') || 'nothing nested over 2 ms'}`);
    console.log(`      sampled: ${hottest(js, t.ts, t.ts + t.dur) || 'no script'}`);
  }
}
