// A work file (务工信息表) beside the person file on the real page: chosen in its slot, its
// work-* findings those of `huqing check PERSON --work WORK`, named by the work file; a person
// file given as the work file refused with the checker's own message; the slot removable.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, reportOrError, tempDir } from './lib.mjs';

let browser;
let server;
let temp;
let person;
let work;
let cli;

// Three people of one household; the work file: an overlap of p1's spells, p2 working while
// 丧失劳动力 with no county, p3 (a child, 无劳动力) with no 是否已务工.
const PERSONS = [
  '户编号,人编号,姓名,证件号码,出生日期,与户主关系,劳动技能',
  '5201,p1,张三,360426199101010071,1991-01-01,户主,普通劳动力',
  '5201,p2,李四,360426199202020029,1992-02-02,配偶,丧失劳动力',
  '5201,p3,张小,360426201006010017,2010-06-01,之子,无劳动力',
];
const WORK = [
  '人编号,是否已务工,开始时间,结束时间,务工所在县,就业渠道,务工月收入',
  'p1,是,2023年01月,2023年08月,长顺县,县内务工,3000',
  'p1,是,2023年05月,,花溪区,县外省内务工,3500',
  'p2,是,2023年03月,2023年06月,,县内务工,2000',
  'p3,,,,,,',
];

const workFindings = (findings) => findings
  .filter((f) => f.rule.startsWith('work-'))
  .map(({ rule, rows, column, value, message_zh }) => ({ rule, rows, column, value, message_zh }));

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-work-');
  person = join(temp.dir, '人员.csv');
  work = join(temp.dir, '务工.csv');
  writeFileSync(person, PERSONS.join('\n') + '\n');
  writeFileSync(work, WORK.join('\n') + '\n');
  cli = JSON.parse(execFileSync(CLI, ['check', person, '--work', work, '--format', 'json'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

test('the CLI finds the work file\'s faults, each naming the file (the page is compared with it below)', () => {
  const found = workFindings(cli.findings);
  const rules = found.map((f) => f.rule).sort();
  for (const rule of ['work-periods-overlap', 'work-county-missing', 'work-without-labour', 'work-facts-missing']) {
    assert.ok(rules.includes(rule), `${rule} among ${rules}`);
  }
  for (const f of found) assert.match(f.message_zh, /务工\.csv/, f.message_zh);
});

test('the page checks a person file with a work file: the CLI\'s work findings, a bad work file refused', { timeout: TIMEOUT * 2 }, async (t) => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url, { waitUntil: 'load' });

  // The slot: chosen, named, removable.
  assert.match(await page.locator('#work-name').innerText(), /^未选择/);
  await page.setInputFiles('#work-file', work);
  assert.equal(await page.locator('#work-name').innerText(), '务工.csv');
  assert.ok(await page.locator('#work-remove').isVisible());
  await page.setInputFiles('#file', person);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);

  // The page's findings, as its JSON export gives them, are the CLI's.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click('#downloads button[data-kind="findings-json"]')]);
  const path = join(temp.dir, download.suggestedFilename());
  await download.saveAs(path);
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  const shown = workFindings(exported.findings);
  assert.ok(shown.length >= 4, `work findings in the page: ${JSON.stringify(shown)}`);
  assert.deepEqual(shown, workFindings(cli.findings));

  // A person file as the work file: the checker's bad-work message, shown as the page's error.
  await page.setInputFiles('#work-file', person);
  await page.waitForFunction(() => !document.getElementById('error').hidden, null, { timeout: TIMEOUT });
  assert.match(await page.locator('#error').innerText(), /务工文件“人员\.csv”无法使用/);

  // Removed: the next check has no work findings from a file.
  await page.click('#work-remove');
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.match(await page.locator('#work-name').innerText(), /^未选择/);
  assert.deepEqual(errors, []);
});
