// The single-file build (dist/huqing-offline.html, made by scripts/build) opened from file://:
// no server, no network; it must check a register exactly as the CLI does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OFFLINE, ROOT, TIMEOUT, assertBuilt, assertCounts, generatedRegister, launch, recordRequests, settle, tempDir, reportOrError } from './lib.mjs';

let browser;
let tmp;
let fixture;

before(async () => {
  assertBuilt([[OFFLINE, 'the single-file build']]);
  tmp = tempDir('huqing-offline-');
  fixture = generatedRegister(tmp.dir, { households: 150, seed: 31 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  tmp?.cleanup();
});

test('the single file checks a register from file:// with no server', { timeout: TIMEOUT * 2 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const log = recordRequests(context, page);
  const url = pathToFileURL(OFFLINE).href;
  await page.goto(url, { waitUntil: 'load' });
  await settle(log);

  await page.setInputFiles('#file', fixture.path);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false, await page.locator('#error').innerText());

  const cli = fixture.cli;
  assert.equal(await page.locator('#r-file').innerText(), 'reg.xlsx');
  assert.equal(Number((await page.locator('#r-rows').innerText()).replace(/\D/g, '')), cli.rows);
  const shown = Object.fromEntries(await page.$$eval('tr[data-rule]', (rows) => rows.map((tr) => [tr.dataset.rule, Number(tr.dataset.count)])));
  assertCounts(Object.fromEntries(Object.entries(shown).filter(([, n]) => n > 0)), cli, 'offline page');
  assert.equal(Number(await page.locator('#findings-count').getAttribute('data-shown')), cli.findings.length);
  const rendered = await page.locator('#findings-body tr').count();
  assert.ok(rendered > 0 && rendered <= Math.min(80, cli.findings.length), `${rendered} rows rendered`);
  assert.equal(await page.locator('#sample').isVisible(), false, 'the sample button cannot work offline and must be hidden');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
  const csv = join(tmp.dir, 'offline-export.csv');
  await download.saveAs(csv);
  assert.equal(readFileSync(csv, 'utf8').trimEnd().split('\r\n').length, cli.findings.length + 1);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, 'tests', 'e2e', 'screenshots', 'offline.png') });

  // The only thing ever loaded is the file itself (and the worker from its own Blob URL).
  const other = log.requests.filter((r) => r.url !== url && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  assert.deepEqual(other, [], 'the offline file loaded something besides itself');
  assert.deepEqual(log.sockets, []);
  assert.deepEqual(log.errors, []);
});

test('the single file carries a strict policy: hashed scripts, nothing fetched', { timeout: TIMEOUT }, async () => {
  const html = readFileSync(OFFLINE, 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)[1];
  for (const part of ["default-src 'none'", "connect-src 'none'", 'worker-src blob:', "form-action 'none'",
    "base-uri 'none'", "object-src 'none'", "'wasm-unsafe-eval'"]) {
    assert.ok(csp.includes(part), `the policy lacks ${part}: ${csp}`);
  }
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"), csp);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]{44}' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(html, /\s(src|href)="(?!data:|#)/, 'the file refers to another file');
});
