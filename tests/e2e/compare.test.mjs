// 部门数据比对 on the real page: a register and departments' lists dropped in, the lists'
// findings counted among the register's by rule as the CLI counts them, what each list held
// shown in the 比对 panel.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, reportOrError, tempDir } from './lib.mjs';

let browser;
let server;
let temp;
let register;
let lists;

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-compare-');
  register = join(temp.dir, 'reg.xlsx');
  lists = join(temp.dir, 'lists');
  execFileSync(CLI, ['generate', '--households', '150', '--seed', '9', '--clean', '--out', register, '--lists', lists], { stdio: 'pipe' });
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

test('the page compares a register with two lists and shows their findings beside the register\'s', { timeout: TIMEOUT * 2 }, async (t) => {
  const files = ['车辆登记信息.csv', '残疾人证名单.csv'];
  const cli = JSON.parse(execFileSync(CLI, ['check', register, ...files.flatMap((f) => ['--compare', join(lists, f)])], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
  const expected = JSON.parse(readFileSync(join(lists, 'expected.json'), 'utf8'));
  for (const [rule, n] of [['list-vehicle', expected.filter((e) => e.rule === 'list-vehicle').length], ['list-disability-mismatch', expected.filter((e) => e.rule === 'list-disability-mismatch').length]]) {
    assert.equal(cli.summary[rule], n, `the CLI's ${rule}`);
  }

  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url, { waitUntil: 'load' });
  await page.setInputFiles('#compare-file', files.map((f) => join(lists, f)));
  assert.match(await page.locator('#compare-lists').innerText(), /车辆登记信息\.csv[\s\S]*残疾人证名单\.csv/);
  await page.setInputFiles('#file', register);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);

  // The lists' findings count by rule on the page as in the CLI's report.
  const shown = Object.fromEntries(await page.$$eval('tr[data-rule]', (rows) => rows.map((tr) => [tr.dataset.rule, Number(tr.dataset.count)])));
  for (const rule of ['list-vehicle', 'list-disability-mismatch']) assert.equal(shown[rule], cli.summary[rule], rule);

  // The panel says what each list held and yielded.
  const panel = await page.locator('#compare-results').innerText();
  assert.match(panel, /车辆登记信息\.csv：机动车登记（公安交管）.*按文件名判断/);
  assert.match(panel, new RegExp(`问题 ${cli.summary['list-vehicle']} 条`));
  assert.match(panel, /残疾人证名单\.csv：残疾人证（残联）/);
  assert.deepEqual(errors, []);
});
