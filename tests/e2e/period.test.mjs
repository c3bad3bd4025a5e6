// 上期比对 on the real page: a generated register and last period's register (`huqing generate
// --previous`) chosen in the 比对 panel; the planted changes counted as the CLI counts them, the
// sentence a clerk reports upward, the filters by kind and by 村, the household view of a
// change, its own progress in the panel, and the exports with their 上期比对 sheet.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, reportOrError, tempDir } from './lib.mjs';

let browser;
let server;
let temp;
let current;
let previous;
let expected;
let cli;
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-period-');
  current = join(temp.dir, 'reg-2024.xlsx');
  previous = join(temp.dir, 'reg-2023.xlsx');
  const wanted = join(temp.dir, 'expected.json');
  execFileSync(CLI, ['generate', '--households', '200', '--seed', '11', '--out', current, '--previous', previous, '--expected', wanted], { stdio: 'pipe' });
  expected = JSON.parse(readFileSync(wanted, 'utf8'));
  cli = JSON.parse(execFileSync(CLI, ['check', current, '--previous', previous], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'));
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

/** The entry `name` of the zip `bytes`, inflated (through the central directory). */
function unzip(bytes, name) {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = bytes.readUInt32LE(eocd + 16);
  for (let n = bytes.readUInt16LE(eocd + 10); n > 0; n--) {
    const [method, size, nameLen, extra, comment, local] = [bytes.readUInt16LE(at + 10), bytes.readUInt32LE(at + 20),
      bytes.readUInt16LE(at + 28), bytes.readUInt16LE(at + 30), bytes.readUInt16LE(at + 32), bytes.readUInt32LE(at + 42)];
    if (bytes.subarray(at + 46, at + 46 + nameLen).toString('utf8') === name) {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + size);
      return method === 0 ? data : inflateRawSync(data);
    }
    at += 46 + nameLen + extra + comment;
  }
  return null;
}

const periodCounts = (summary) => Object.fromEntries(Object.entries(summary).filter(([k]) => k.startsWith('period-')));

test('the CLI finds every planted change (the page is compared with it below)', () => {
  const planted = {};
  for (const e of expected) planted[e.rule] = (planted[e.rule] || 0) + 1;
  assert.deepEqual(periodCounts(cli.summary), planted);
  assert.ok(Object.keys(planted).length >= 8, `changes of most kinds are planted: ${Object.keys(planted)}`);
  assert.ok(cli.period.text_zh.startsWith('新增 '), cli.period.text_zh);
});

test('the page compares a register with last period\'s: summary, kinds, 村, household view, exports', { timeout: TIMEOUT * 3 }, async (t) => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url, { waitUntil: 'load' });

  // The slot: chosen, named, removable; its own progress while the check runs.
  await page.setInputFiles('#previous-file', previous);
  assert.equal(await page.locator('#previous-name').innerText(), 'reg-2023.xlsx');
  assert.ok(await page.locator('#previous-remove').isVisible());
  await page.evaluate(() => {
    window.seenProgress = [];
    new MutationObserver(() => window.seenProgress.push(document.getElementById('previous-progress').textContent))
      .observe(document.getElementById('previous-progress'), { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles('#file', current);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);
  const progress = await page.evaluate(() => window.seenProgress);
  assert.ok(progress.some((p) => /^正在比对 \d+%$/.test(p)), `the slot showed its progress: ${progress}`);
  assert.equal(await page.locator('#previous-progress').isVisible(), false, 'its progress is gone once done');

  // The sentence and sizes, as the checker gives them.
  assert.ok(await page.locator('#period-panel').isVisible());
  assert.equal(await page.locator('#period-text').innerText(), cli.period.text_zh);
  assert.match(await page.locator('#period-panel').innerText(), /与上期名册“reg-2023\.xlsx”相比/);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'period-top.png') });
  await page.locator('#period-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'period-panel.png') });

  // A button per kind found, with the CLI's count; "every change" with their sum.
  const counts = periodCounts(cli.summary);
  const buttons = await page.$$eval('#period-panel button.period-kind', (bs) => bs.map((b) => [b.dataset.rule, b.textContent]));
  assert.deepEqual(buttons.map(([rule]) => rule).slice(1).sort(), Object.keys(counts).sort());
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(buttons[0][0], 'period-*');
  assert.match(buttons[0][1], new RegExp(`^全部变化 ${total}$`));
  const shown = async () => Number(await page.locator('#findings-count').getAttribute('data-shown'));
  for (const [rule, n] of Object.entries(counts)) {
    await page.click(`#period-panel button[data-rule="${rule}"]`);
    assert.equal(await shown(), n, rule);
    assert.equal(await page.locator('#f-rule').inputValue(), rule);
  }
  await page.click('#period-panel button[data-rule="period-*"]');
  assert.equal(await shown(), total);
  assert.equal(await page.locator('#f-rule').inputValue(), 'period-*', 'the findings filter offers every change as one choice');

  // The table by 乡镇 and 村 adds up to the totals, and a row filters the list to that 村's changes.
  const areas = cli.period.areas;
  assert.equal(await page.locator('#period-panel tbody tr').count(), areas.length);
  const area = areas.find((a) => a.township && a.village && a.added + a.removed > 0);
  await page.click(`#period-panel tbody tr[data-township="${area.township}"][data-village="${area.village}"]`);
  const inArea = cli.findings.filter((f) => f.rule.startsWith('period-') && f.township === area.township && f.village === area.village).length;
  assert.ok(inArea > 0);
  assert.equal(await shown(), inArea);
  assert.equal(await page.locator('#f-village').inputValue(), area.village);

  // The household view of a split household lists its changes apart.
  await page.click('#period-panel button[data-rule="period-household-split"]');
  await page.locator('#findings-body tr').first().click();
  await page.waitForSelector('#household-table tbody tr', { timeout: TIMEOUT });
  await page.screenshot({ path: join(SHOTS, 'period-household.png') });
  const notes = await page.locator('#household-wide').innerText();
  assert.match(notes, /与上期相比的变化/);
  assert.ok(await page.locator('#household-wide li[data-rule="period-household-split"]').count() > 0);
  await page.click('#household-close');

  // English: the sentence and the labels switch.
  await page.click('#lang');
  assert.equal(await page.locator('#period-text').innerText(), cli.period.text_en);
  assert.match(await page.locator('#previous-label').innerText(), /Last period/);
  await page.locator('#period-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'period-panel-en.png') });
  await page.click('#lang');

  // The exports carry the comparison: the workbooks a 上期比对 sheet, the findings the changes.
  const saved = {};
  for (const kind of ['annotated', 'masked-xlsx', 'findings-csv', 'masked-json']) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click(`#downloads button[data-kind="${kind}"]`)]);
    const path = join(temp.dir, `${kind}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    saved[kind] = readFileSync(path);
  }
  for (const kind of ['annotated', 'masked-xlsx']) {
    const book = unzip(saved[kind], 'xl/workbook.xml').toString('utf8');
    assert.match(book, /<sheet [^>]*name="上期比对"/, `${kind} has a 上期比对 sheet`);
  }
  const csv = saved['findings-csv'].toString('utf8');
  assert.equal(csv.split('"period-person-removed"').length - 1, counts['period-person-removed']);
  const masked = JSON.parse(saved['masked-json'].toString('utf8'));
  assert.deepEqual(masked.period.totals, cli.period.totals);

  // Removed: the next check has no period section.
  await page.click('#previous-remove');
  await page.waitForFunction(() => document.getElementById('period-panel').hidden
    && !document.getElementById('results').hidden && !document.getElementById('results').hasAttribute('aria-busy'), null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#previous-name').innerText(), '未选择（选择上期导出的人员名册，与本期逐人逐户比对）');
  assert.deepEqual(errors, []);
});
