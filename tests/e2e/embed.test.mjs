// Embedding: the npm package (npm pack, installed into a copy of examples/portal/), its
// <huqing-checker> element and its API in that portal page, and the iframe mode (embed.html)
// talking postMessage across origins. Every count is compared with the CLI's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import {
  CLI, ROOT, TIMEOUT, assertBuilt, assertCounts, generatedRegister, installPortal, launch, recordRequests, settle, tempDir,
} from './lib.mjs';

let browser;
let tmp;
let fixture;
let portal; // the served copy of examples/portal with the packed package installed
let site; // www/, serving embed.html
let parentAllowed;
let parentOther;
let monitoring; // a generated monitoring register (CSV), its work file and the CLI's report of both
let dated; // an exemption list for the fixture, and the CLI's report with it at another reference date

/** monitoring-2021 at the generator's dates (as tests/monitoring.rs checks its registers). */
const MONITORING_PROFILE = {
  name: 'monitoring-test', extends: 'monitoring-2021', reference_date: '2020-12-31', school_reference_date: '2020-09-01', monitoring_lines: { 2020: 5000 },
};

const workFindings = (findings) => findings
  .filter((f) => f.rule.startsWith('work-') || f.rule.endsWith('-without-work-record'))
  .map(({ rule, rows, column, value, message_zh }) => ({ rule, rows, column, value, message_zh }));

before(async () => {
  assertBuilt();
  tmp = tempDir('huqing-embed-');
  fixture = generatedRegister(tmp.dir, { households: 150, seed: 41 });
  monitoring = { path: join(tmp.dir, 'm.csv'), work: join(tmp.dir, '务工.xlsx'), profile: join(tmp.dir, 'p.json') };
  execFileSync(CLI, ['generate', '--monitoring', '--households', '300', '--seed', '8', '--out', monitoring.path, '--work-out', monitoring.work], { stdio: 'pipe' });
  writeFileSync(monitoring.profile, JSON.stringify(MONITORING_PROFILE));
  monitoring.cli = JSON.parse(execFileSync(CLI, ['check', monitoring.path, '--work', monitoring.work, '--profile', monitoring.profile, '--format', 'json'], { maxBuffer: 1 << 28 }).toString('utf8'));

  dated = datedCheck();
  const portalDir = installPortal(tmp.dir);

  portal = await startServer({ root: portalDir, port: 0 });
  site = await startServer({ root: join(ROOT, 'www'), port: 0 });
  parentAllowed = await portalPage(site.url);
  parentOther = await portalPage(site.url);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of [portal, site, parentAllowed, parentOther]) await s?.close();
  tmp?.cleanup();
});

test('the packed package holds the API, the element, types, the worker with its wasm, README and licence', () => {
  const installed = join(tmp.dir, 'portal', 'node_modules', 'huqing');
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'huqing');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.exports['.'].default, './www/huqing.js');
  assert.equal(pkg.exports['./checker'].default, './www/huqing-checker.js');
  for (const file of ['README.md', 'LICENSE', pkg.types, pkg.exports['./checker'].types, 'www/huqing.js',
    'www/huqing-checker.js', 'www/pkg/huqing-worker.js', 'www/pkg/huqing-worker-threads.js', 'www/embed.html']) {
    assert.ok(existsSync(join(installed, file)), `the package lacks ${file}`);
  }
  // Every name huqing.js exports is declared, and nothing more.
  const js = readFileSync(join(installed, 'www', 'huqing.js'), 'utf8');
  const dts = readFileSync(join(installed, pkg.types), 'utf8');
  const names = (text, re) => [...text.matchAll(re)].map((m) => m[1]).sort();
  assert.deepEqual(
    names(dts, /^export (?:declare )?(?:const|function|class) (\w+)/gm),
    names(js, /^export (?:const|function|class|async function) (\w+)/gm),
  );
  assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License/);
});

/** A bare portal page at its own origin, whose policy lets it frame `framed` (and only that). */
function portalPage(framed) {
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; frame-src ${new URL(framed).origin}; base-uri 'none'; form-action 'none'`,
    });
    res.end('<!doctype html><title>portal</title><p>portal</p>\n');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  })));
}

/**
 * An exemption list naming two households of the fixture's findings (every rule) and the CLI's
 * report with it at a reference date twenty years on, where the age rules find far more.
 */
function datedCheck() {
  const households = [...new Set(fixture.cli.findings.map((f) => f.household).filter(Boolean))].slice(0, 2);
  assert.equal(households.length, 2);
  const path = join(tmp.dir, '豁免.csv');
  writeFileSync(path, `户编号,规则,原因\n${households.map((h) => `${h},*,已核实`).join('\n')}\n`);
  const referenceDate = '2040-12-31';
  const cli = JSON.parse(execFileSync(CLI, ['check', fixture.path, '--reference-date', referenceDate, '--exemptions', path, '--format', 'json'], { maxBuffer: 1 << 28 }).toString('utf8'));
  assert.ok(Object.keys(cli.exempted).length > 0, 'the list exempts nothing');
  assert.notDeepEqual(cli.summary, fixture.cli.summary, 'the reference date changes nothing');
  return { referenceDate, exemptions: { b64: readFileSync(path).toString('base64'), name: '豁免.csv' }, cli };
}

/** The fixture as base64, for building a File inside the page. */
const fixtureBase64 = () => readFileSync(fixture.path).toString('base64');

test('the example portal: the element checks a dropped register, the API a chosen one', { timeout: TIMEOUT * 2 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  const log = recordRequests(context, page);
  await page.goto(portal.url, { waitUntil: 'load' });
  await settle(log);
  // The portal is served cross-origin isolated (scripts/server.mjs): the element gets the threaded build.
  assert.ok(log.requests.some((r) => r.url.endsWith('/node_modules/huqing/www/pkg/huqing-worker-threads.js')), 'the worker and its wasm were not preloaded');

  // Drop the register on the element's drop zone, as a clerk would, and listen for its events.
  const result = await page.evaluate(async (b64) => {
    const el = document.querySelector('huqing-checker');
    const events = { progress: 0, stages: new Set() };
    const done = new Promise((ok, fail) => {
      el.addEventListener('huqing-progress', (e) => { events.progress += 1; events.stages.add(e.detail.stage); });
      el.addEventListener('huqing-done', (e) => ok(e.detail));
      el.addEventListener('huqing-error', (e) => fail(new Error(e.detail.message_en)));
    });
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'reg.xlsx'));
    const drop = el.shadowRoot.querySelector('[part~="drop"]');
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    const report = await done;
    return { summary: report.summary, rows: report.rows, file: report.file, progress: events.progress, stages: [...events.stages], same: el.report === report, threads: report.threads };
  }, fixtureBase64());
  assert.ok(result.threads.pool >= 2 && result.threads.ran.some((n) => n > 0) && result.threads.inflated.some((n) => n > 0), `the element's check ran on the pool: ${JSON.stringify(result.threads)}`);
  assert.equal(result.file, 'reg.xlsx');
  assert.equal(result.rows, fixture.cli.rows);
  assert.ok(result.same, 'element.report is not the report the event carried');
  assert.ok(result.progress > 0 && result.stages.includes('checking'), JSON.stringify(result));
  assertCounts(result.summary, fixture.cli, 'huqing-done event');

  // What the element shows: counts by rule, the findings, all as text.
  const checker = page.locator('huqing-checker');
  const shown = Object.fromEntries(await checker.locator('tr[data-rule]').evaluateAll((rows) => rows.map((tr) => [tr.dataset.rule, Number(tr.querySelector('.count').textContent)])));
  assertCounts(shown, fixture.cli, 'the element\'s summary');
  assert.equal(await checker.locator('tr[data-finding]').count(), Math.min(200, fixture.cli.findings.length));
  assert.match(await page.locator('#element-log').innerText(), /reg\.xlsx/);
  assert.match(await checker.locator('[part~="facts"]').innerText(), /工作表/);

  // lang switches the element's text without checking again.
  await page.locator('#lang').click();
  assert.match(await checker.locator('[part~="facts"]').innerText(), /sheet .* rows/);
  assert.equal(await checker.locator('[part~="button"]').innerText(), 'Choose file');

  // The portal's own code through the API.
  await page.setInputFiles('#api-file', fixture.path);
  await page.waitForSelector('#api-counts:not([hidden])', { timeout: TIMEOUT });
  const api = Object.fromEntries(await page.$$eval('#api-counts tr[data-rule]', (rows) => rows.map((tr) => [tr.dataset.rule, Number(tr.dataset.count)])));
  assertCounts(api, fixture.cli, 'the portal\'s API table');

  // The portal's theme reaches inside through custom properties and ::part.
  const accent = await checker.locator('[part~="button"]').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, 'rgb(122, 31, 31)');
  await page.locator('#lang').click();
  assert.equal(await checker.locator('[part~="button"]').innerText(), '选择文件');
  await page.screenshot({ path: join(ROOT, 'tests', 'e2e', 'screenshots', 'portal.png'), fullPage: false });

  const origin = new URL(portal.url).origin;
  // blob: is the worker started from memory, data: the page's own images: neither leaves it.
  assert.deepEqual(log.requests.filter((r) => !r.url.startsWith(`${origin}/`) && !/^(data|blob):/.test(r.url)), []);
  assert.deepEqual(log.errors, []);
});

test('the element passes its reference-date attribute and exemptions property to every check', { timeout: TIMEOUT * 2 }, async (t) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(portal.url, { waitUntil: 'load' });
  const report = await page.evaluate(async ({ b64, date, list }) => {
    const decode = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const el = document.querySelector('huqing-checker');
    el.setAttribute('reference-date', date);
    el.exemptions = decode(list.b64).buffer;
    el.exemptionsName = list.name;
    const r = await el.check(new File([decode(b64)], 'reg.xlsx'));
    return { summary: r.summary, exempted: r.exempted, date: r.reference_date.date, property: el.referenceDate };
  }, { b64: fixtureBase64(), date: dated.referenceDate, list: dated.exemptions });
  assert.equal(report.date, dated.referenceDate);
  assert.equal(report.property, dated.referenceDate);
  assertCounts(report.summary, dated.cli, 'the element with a reference date and exemptions');
  assert.deepEqual(report.exempted, dated.cli.exempted);
});

test('the element reports a broken file as huqing-error and shows it as text', { timeout: TIMEOUT }, async (t) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(portal.url, { waitUntil: 'load' });
  const payload = '<img src=x onerror="window.__pwned=1">.xlsx';
  const waitError = page.evaluate(() => new Promise((ok) => {
    document.querySelector('huqing-checker').addEventListener('huqing-error', (e) => ok(e.detail), { once: true });
  }));
  await page.locator('huqing-checker input[type=file]').setInputFiles({ name: payload, mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not really a workbook') });
  const error = await waitError;
  assert.equal(typeof error.code, 'string');
  assert.ok(/[\u4e00-\u9fff]/.test(error.message_zh) && error.message_en, JSON.stringify(error));
  const panel = page.locator('huqing-checker [part~="error"]');
  assert.ok(await panel.isVisible());
  assert.match(await panel.innerText(), new RegExp(error.code));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

/**
 * Frames embed.html (with `origins`) into a page at `parent`, and sends it the fixture (or
 * `register`: {b64, name}), with `options` and, when given, `work` ({b64, name}) as options.work.
 */
async function frameAndCheck(t, parent, origins, { asBlob = false, waitMs = 0, id = 7, register = null, options = {}, work = null, exemptions = null } = {}) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(parent.url, { waitUntil: 'load' });
  const src = `${site.url}embed.html?origins=${encodeURIComponent(origins)}`;
  const out = await page.evaluate(async ({ src, b64, name, asBlob, waitMs, target, id, options, work, exemptions }) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    const seen = [];
    let settleDone;
    const done = new Promise((ok) => { settleDone = ok; });
    window.addEventListener('message', (e) => {
      if (e.source !== frame.contentWindow) return;
      seen.push({ type: e.data.type, origin: e.origin });
      if (e.data.type === 'huqing-done' || e.data.type === 'huqing-error') settleDone(e.data);
    });
    await new Promise((ok) => { frame.onload = ok; document.body.append(frame); });
    // Wait for the ready message if it comes; a refused portal never gets one.
    const start = Date.now();
    while (!seen.some((m) => m.type === 'huqing-ready') && Date.now() - start < (waitMs || 20_000)) {
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const decode = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const bytes = decode(b64);
    const file = asBlob ? new File([bytes], name) : bytes.buffer;
    const transfer = asBlob ? [] : [bytes.buffer];
    for (const [key, given] of [['work', work], ['exemptions', exemptions]]) {
      if (!given) continue;
      const extra = decode(given.b64);
      options[key] = asBlob ? new File([extra], given.name) : extra.buffer;
      options[`${key}Name`] = given.name;
      if (!asBlob) transfer.push(extra.buffer);
    }
    frame.contentWindow.postMessage({ type: 'huqing-check', id, file, name, options }, target, transfer);
    const answer = await Promise.race([done, new Promise((ok) => setTimeout(() => ok(null), waitMs || 60_000))]);
    const workFindings = answer?.report?.findings
      .filter((f) => f.rule.startsWith('work-') || f.rule.endsWith('-without-work-record'))
      .map(({ rule, rows, column, value, message_zh }) => ({ rule, rows, column, value, message_zh }));
    return { seen, answer: answer && { type: answer.type, id: answer.id, summary: answer.report?.summary, exempted: answer.report?.exempted, date: answer.report?.reference_date.date, error: answer.error, workFindings, threads: answer.report?.threads } };
  }, {
    src,
    b64: register?.b64 ?? fixtureBase64(),
    name: register?.name ?? 'reg.xlsx',
    asBlob,
    waitMs,
    target: new URL(site.url).origin,
    id,
    options,
    work,
    exemptions,
  });
  // The frame did load (so silence means refusal, not a blocked frame).
  const frame = page.frames().find((f) => f.url().startsWith(`${site.url}embed.html`));
  assert.ok(frame, 'embed.html was not framed');
  out.status = await frame.locator('#status').innerText();
  return out;
}

test('iframe mode: an allowed portal sends a file by postMessage and gets the report', { timeout: TIMEOUT * 2 }, async (t) => {
  const allowed = new URL(parentAllowed.url).origin;
  const siteOrigin = new URL(site.url).origin;
  for (const asBlob of [false, true]) {
    const { seen, answer } = await frameAndCheck(t, parentAllowed, `https://elsewhere.example,${allowed}`, { asBlob });
    assert.ok(answer, `no answer (${asBlob ? 'Blob' : 'ArrayBuffer'})`);
    assert.equal(answer.type, 'huqing-done', JSON.stringify(answer.error));
    assert.equal(answer.id, 7);
    assertCounts(answer.summary, fixture.cli, 'the iframe\'s report');
    // The portal is not cross-origin isolated, so neither is its frame: one thread.
    assert.deepEqual(answer.threads, { pool: 0, ran: [], inflated: [], parsed: [] });
    assert.equal(seen[0].type, 'huqing-ready');
    assert.ok(seen.some((m) => m.type === 'huqing-progress'));
    assert.ok(seen.every((m) => m.origin === siteOrigin));
  }
});

test('iframe mode: a reference date and an exemption list reach the check', { timeout: TIMEOUT * 2 }, async (t) => {
  const allowed = new URL(parentAllowed.url).origin;
  for (const asBlob of [false, true]) {
    const { answer } = await frameAndCheck(t, parentAllowed, allowed, { asBlob, exemptions: dated.exemptions, options: { referenceDate: dated.referenceDate } });
    assert.equal(answer?.type, 'huqing-done', JSON.stringify(answer?.error));
    assert.equal(answer.date, dated.referenceDate);
    assertCounts(answer.summary, dated.cli, `the iframe's report (${asBlob ? 'Blob' : 'ArrayBuffer'})`);
    assert.deepEqual(answer.exempted, dated.cli.exempted);
  }
});

test('iframe mode: a register with its work file gets the CLI\'s work findings; a bad work file is refused', { timeout: TIMEOUT * 3 }, async (t) => {
  const allowed = new URL(parentAllowed.url).origin;
  const register = { b64: readFileSync(monitoring.path).toString('base64'), name: 'm.csv' };
  const work = { b64: readFileSync(monitoring.work).toString('base64'), name: '务工.xlsx' };
  const expected = workFindings(monitoring.cli.findings);
  assert.ok(new Set(expected.map((f) => f.rule)).size >= 5, JSON.stringify(expected.map((f) => f.rule)));
  for (const asBlob of [false, true]) {
    const { answer } = await frameAndCheck(t, parentAllowed, allowed, { asBlob, register, work, options: { profile: MONITORING_PROFILE } });
    assert.equal(answer?.type, 'huqing-done', JSON.stringify(answer?.error));
    assert.deepEqual(answer.workFindings, expected, asBlob ? 'Blob' : 'ArrayBuffer');
  }
  // Without the work file, none of them; the register given as its own work file is refused.
  const { answer: bare } = await frameAndCheck(t, parentAllowed, allowed, { register, options: { profile: MONITORING_PROFILE } });
  assert.equal(bare?.type, 'huqing-done');
  assert.deepEqual(bare.workFindings, []);
  const { answer: refused } = await frameAndCheck(t, parentAllowed, allowed, { register, work: { ...register, name: 'm.csv' } });
  assert.equal(refused?.type, 'huqing-error', JSON.stringify(refused));
  assert.equal(refused.error.code, 'bad-work');
  assert.match(refused.error.message_zh, /务工文件“m\.csv”无法使用/);
});

test('iframe mode: a message whose id is neither a string nor a number is answered with an error', { timeout: TIMEOUT * 2 }, async (t) => {
  const allowed = new URL(parentAllowed.url).origin;
  const { answer } = await frameAndCheck(t, parentAllowed, allowed, { id: { portal: 'a', n: [1] } });
  assert.equal(answer?.type, 'huqing-error', JSON.stringify(answer));
  assert.deepEqual(answer.id, { portal: 'a', n: [1] });
  assert.equal(answer.error.code, 'bad-input');
  assert.match(answer.error.message_zh, /id 应为字符串或数字/);
});

test('iframe mode: any other origin is ignored and never answered', { timeout: TIMEOUT }, async (t) => {
  const allowed = new URL(parentAllowed.url).origin;
  // The portal at another origin frames the page configured for someone else, then with junk.
  for (const origins of [allowed, '*', 'null', `${new URL(parentOther.url).origin}/path`]) {
    const { seen, answer, status } = await frameAndCheck(t, parentOther, origins, { waitMs: 3000 });
    assert.equal(answer, null, `origins=${origins}: answered ${JSON.stringify(answer)}`);
    const other = new URL(parentOther.url).origin;
    // The frame names the origin that framed it or sent the file, and how to allow it.
    assert.ok(status.includes(`（${other}）不在允许的来源中`) && status.includes(`?origins=${other}`), `origins=${origins}: ${status}`);
    assert.deepEqual(seen, [], `origins=${origins}: messages reached a portal that is not allowed`);
  }
});
