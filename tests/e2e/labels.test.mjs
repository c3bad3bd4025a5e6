// Browser test for a national-style register (`generate --national`): the columns it lacks are
// one line under the summary, and the button on value-not-in-code-list downloads the profile
// with the labels found added to its codes, which, loaded, accepts them.
//
// Needs `scripts/build` first and Chromium at /usr/bin/chromium.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, reportOrError, tempDir } from './lib.mjs';

let server;
let browser;
let tmp;

before(async () => {
  assertBuilt();
  tmp = tempDir('huqing-e2e-labels-');
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  tmp?.cleanup();
});

test('the labels no code list has are added to the profile in one step', { timeout: TIMEOUT * 2 }, async (t) => {
  const register = join(tmp.dir, 'national.xlsx');
  execFileSync(CLI, ['generate', '--national', '--households', '200', '--seed', '3', '--out', register], { stdio: 'pipe' });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page threw');
  });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.setInputFiles('#file', register);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.ok(await page.locator('#results').isVisible(), 'the register is checked');

  const absent = await page.locator('#r-absent').innerText();
  assert.match(absent, /本文件没有“出生日期”列/);
  assert.match(absent, /银行卡号/);
  const row = page.locator('#rules-body tr[data-rule="value-not-in-code-list"]');
  assert.equal(await row.getAttribute('data-count'), '2');
  assert.equal(await page.locator('#rules-body tr[data-rule="column-missing"]').count(), 0);

  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('#add-values').click()]);
  const saved = join(tmp.dir, download.suggestedFilename());
  await download.saveAs(saved);
  const profile = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(profile.extends, 'national-2016');
  assert.deepEqual(profile.codes, { 'household-type': ['兜底保障户'], 'monitor-category': ['因病返贫风险户'] });

  // The page's profile is the CLI's: the same document from the same register.
  const cli = JSON.parse(execFileSync(CLI, ['profile', 'add-values', register], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
  assert.deepEqual(profile, cli);

  // Loaded as the profile, it accepts the labels: the file checks without the rule.
  await page.setInputFiles('#profile-file', saved);
  await page.waitForFunction((name) => {
    if (!document.getElementById('error').hidden) return true;
    const results = document.getElementById('results');
    return !results.hidden && !results.hasAttribute('aria-busy') && document.getElementById('r-profile').dataset.profile === name;
  }, profile.name, { timeout: TIMEOUT });
  assert.ok(await page.locator('#results').isVisible(), await page.locator('#error').innerText());
  assert.equal(await page.locator('#rules-body tr[data-rule="value-not-in-code-list"]').count(), 0);
});
