// Threads in the browser: the served page is cross-origin isolated (scripts/server.mjs sends COOP
// and COEP), so it loads the threaded build, whose check worker runs the rules on a pool of
// workers over its shared memory, and parses an .xlsx's sheet in runs beside the pool while a
// worker of the pool inflates it; a page served without those headers, and the offline file,
// check on one thread. The findings are
// the same everywhere, and the CLI's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/server.mjs';
import { OFFLINE, ROOT, TIMEOUT, assertBuilt, generatedRegister, launch, tempDir } from './lib.mjs';

let browser;
let isolated;
let plain;
let tmp;
let fixture;
let big;

before(async () => {
  assertBuilt([[join(ROOT, 'www', 'pkg', 'huqing-worker-threads.js'), 'the threaded build'], [OFFLINE, 'the single-file build']]);
  tmp = tempDir('huqing-threads-');
  fixture = generatedRegister(tmp.dir, { households: 3000, seed: 41 });
  big = generatedRegister(tmp.dir, { households: 30000, seed: 43, name: 'big.xlsx' });
  isolated = await startServer({ root: join(ROOT, 'www'), port: 0 });
  plain = await startServer({ root: join(ROOT, 'www'), port: 0, headers: false });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
  tmp?.cleanup();
});

/** A page of `url`, and the workers it starts (the check worker and, threaded, its pool). */
async function open(t, url) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** Checks `path` through the page's API; resolves to what the page knew and the report. */
function checkIn(page, path) {
  return page.evaluate(async (data) => {
    const { check, rules, threaded } = await import('./huqing.js');
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const stages = [];
    const report = await check(bytes, { name: 'reg.xlsx', onProgress: (f, stage) => stages.push([stage, f]) });
    return {
      isolated: self.crossOriginIsolated,
      threaded: threaded(),
      threads: report.threads,
      findings: report.findings,
      summary: report.summary,
      rows: report.rows,
      stages,
      catalogue: (await rules()).length,
    };
  }, readFileSync(path).toString('base64'));
}

/** Findings as the CLI's JSON gives them, for a comparison cell for cell. */
const plainFindings = (findings) => JSON.parse(JSON.stringify(findings));

test('the isolated page checks on a pool of workers, with the one-thread build\'s and the CLI\'s findings', { timeout: TIMEOUT * 3 }, async (t) => {
  const { page, errors } = await open(t, isolated.url);
  const threaded = await checkIn(page, fixture.path);
  assert.equal(threaded.isolated, true, 'the served page is cross-origin isolated');
  assert.equal(threaded.threaded, true, 'an isolated page on more than one core loads the threaded build');
  const { pool, ran, inflated, parsed } = threaded.threads;
  assert.ok(pool >= 2, `the pool has ${pool} workers`);
  assert.equal(ran.length, pool);
  // The rules ran on the pool, and on more than one of its workers.
  assert.ok(ran.filter((n) => n > 0).length >= 2, `rules each pool worker ran: ${ran}`);
  assert.ok(ran.reduce((a, b) => a + b, 0) >= 30, `rules each pool worker ran: ${ran}`);
  // This check's own: not the worker's warm-up on a generated register before it (src/wasm.rs).
  assert.ok(ran.reduce((a, b) => a + b, 0) <= threaded.catalogue, `rules each pool worker ran: ${ran}, of ${threaded.catalogue}`);
  // The workbook's two parts, its shared strings and its sheet, were inflated on the pool while
  // the check worker parsed them.
  assert.equal(inflated.length, pool);
  assert.equal(inflated.reduce((a, b) => a + b, 0), 2, `parts each pool worker inflated: ${inflated}`);
  // The shared strings (1.3 MB of XML) and the sheet (7 MB) were parsed in runs of about 1 MB,
  // some of them on the pool, while the check worker parsed others.
  assert.equal(parsed.length, pool);
  assert.ok(parsed.reduce((a, b) => a + b, 0) > 0, `runs each pool worker parsed: ${parsed}`);
  const checking = threaded.stages.filter(([stage]) => stage === 'checking').map(([, f]) => f);
  assert.ok(checking.length >= 3 && checking.every((f, i) => i === 0 || f >= checking[i - 1]), `progress while checking: ${checking}`);

  const { page: other } = await open(t, plain.url);
  const one = await checkIn(other, fixture.path);
  assert.equal(one.isolated, false);
  assert.equal(one.threaded, false);
  assert.deepEqual(one.threads, { pool: 0, ran: [], inflated: [], parsed: [] }, 'a page that is not isolated checks on one thread');

  assert.equal(threaded.rows, fixture.cli.rows);
  assert.deepEqual(threaded.summary, fixture.cli.summary);
  assert.deepEqual(plainFindings(threaded.findings), plainFindings(one.findings), 'pool and one thread differ');
  assert.deepEqual(plainFindings(threaded.findings), fixture.cli.findings, 'the pool and the CLI differ');
  assert.deepEqual(errors, []);
});

test('cancelling a threaded check ends the pool with its worker; the next check gets a new pool', { timeout: TIMEOUT * 4 }, async (t) => {
  const { page, errors } = await open(t, isolated.url);
  const client = await page.context().newCDPSession(page);
  const workers = async () => (await client.send('Target.getTargets')).targetInfos.filter((i) => i.type === 'worker');
  // Cancelled while reading (a pool worker inflating the sheet as the check worker parses it),
  // then once the rules are under way on the pool.
  for (const [when, after] of [['reading', 0.3], ['checking', 0.8]]) {
    const out = await page.evaluate(async ({ data, when, after }) => {
      const { check } = await import('./huqing.js');
      const bytes = () => Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const abort = new AbortController();
      let seen = false;
      const running = check(bytes(), {
        name: 'big.xlsx',
        signal: abort.signal,
        onProgress: (f, stage) => {
          if (stage === when && f > after && !seen) {
            seen = true;
            abort.abort();
          }
        },
      });
      const code = await running.then(() => 'done', (e) => e.code);
      return { code, seen };
    }, { data: readFileSync(big.path).toString('base64'), when, after });
    assert.deepEqual(out, { code: 'aborted', seen: true }, `cancelled while ${when}`);
    // The check worker and its pool's workers are gone (Chromium lists every worker of the page
    // as a target; they end as their parent is terminated).
    let left = await workers();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      left = await workers();
    }
    assert.deepEqual(left, [], `workers left after the cancel while ${when}`);

    const again = await checkIn(page, fixture.path);
    assert.ok(again.threads.pool >= 2 && again.threads.ran.filter((n) => n > 0).length >= 2, JSON.stringify(again.threads));
    assert.equal(again.threads.inflated.reduce((a, b) => a + b, 0), 2, JSON.stringify(again.threads));
    assert.deepEqual(plainFindings(again.findings), fixture.cli.findings);
    assert.equal((await workers()).length, 1 + again.threads.pool, 'one check worker and its pool');
  }
  assert.deepEqual(errors, []);
});

test('the offline file checks on one thread', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, errors } = await open(t, pathToFileURL(OFFLINE).href);
  const out = await page.evaluate(() => ({ isolated: self.crossOriginIsolated, sab: typeof SharedArrayBuffer }));
  assert.deepEqual(out, { isolated: false, sab: 'undefined' });
  await page.setInputFiles('#file', fixture.path);
  await page.waitForSelector('#results:not([hidden]):not([aria-busy])', { timeout: TIMEOUT });
  assert.equal(Number((await page.locator('#r-rows').innerText()).replace(/\D/g, '')), fixture.cli.rows);
  assert.deepEqual(errors, []);
});
