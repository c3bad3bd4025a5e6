// Browser tests of the page as a county clerk uses it: the findings reached at once (skip link,
// links to the report's parts, the area table as one tab stop), a long export that shows its
// progress and can be cancelled, a cancelled check that says so, and axe-core finding no
// accessibility violation on the start page, the results, the household view and the rule docs.
//
// Needs `scripts/build` first and Chromium at /usr/bin/chromium. axe-core is an npm package of
// this folder (no browser download); it is evaluated in the page, past its CSP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, reportOrError, tempDir } from './lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
let temp;
let small; // a register of 200 households
let large; // one whose annotated workbook takes a while

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-e2e-clerk-');
  small = join(temp.dir, 'reg.xlsx');
  large = join(temp.dir, 'large.xlsx');
  execFileSync(CLI, ['generate', '--households', '200', '--seed', '7', '--out', small], { stdio: 'pipe' });
  execFileSync(CLI, ['generate', '--households', '12000', '--seed', '8', '--out', large], { stdio: 'pipe' });
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

async function open(t, viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page threw');
  });
  await page.goto(server.url, { waitUntil: 'load' });
  return page;
}

async function checkFile(page, path) {
  await page.setInputFiles('#file', path);
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  assert.ok(await page.locator('#results').isVisible(), 'the report is shown');
}

/** axe-core's violations on the page as it is, as "rule: target" lines. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}

test('the findings are in the first screen and a skip link reaches them', { timeout: TIMEOUT }, async (t) => {
  const page = await open(t);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip');
  assert.equal(await page.locator('#skip').innerText(), '跳到选择文件');
  assert.ok(await page.locator('#skip').isVisible(), 'shown when focused');

  await checkFile(page, small);
  const top = await page.evaluate(() => document.getElementById('findings-panel').getBoundingClientRect().top);
  assert.ok(top < 768, `the findings start at ${top} px, below the first screen`);

  // Back to the top of the page: the skip link comes before the language button.
  await page.locator('#lang').focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip');
  assert.equal(await page.locator('#skip').innerText(), '跳到问题清单');
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return { inFindings: Boolean(a.closest('#findings-body')), tag: a.tagName };
  });
  assert.deepEqual(focused, { inFindings: true, tag: 'TR' }, 'Enter on the skip link lands on the first finding');
  // Enter there opens the household: the findings are usable from the skip link on.
  await page.keyboard.press('Enter');
  await page.waitForSelector('#household[open] #household-table tbody tr');
  await page.keyboard.press('Escape');

  // The links under the counts go to each part.
  await page.click('#jump a[href="#areas-panel"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'areas-panel');

  // The table by area is one tab stop; the arrows move within it.
  const stops = await page.$$eval('#areas-body tr, #areas-body button', (nodes) => nodes.filter((n) => n.tabIndex >= 0).length);
  assert.equal(stops, 1, 'the area table is a single tab stop');
  await page.locator('#areas-body tr[tabindex="0"]').focus();
  const first = await page.evaluate(() => document.activeElement.dataset.index);
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.dataset.index);
  assert.equal(Number(second), Number(first) + 1, 'ArrowDown moves to the next area');
});

test('the annotated workbook shows its progress and can be cancelled; the page keeps working', { timeout: TIMEOUT * 4 }, async (t) => {
  const page = await open(t);
  await checkFile(page, large);
  await page.click('#downloads button[data-kind="annotated"]');
  await page.waitForFunction(() => /\d+%/.test(document.getElementById('export-what').textContent)
    && Number(document.getElementById('export-bar').getAttribute('aria-valuenow')) > 0, null, { timeout: TIMEOUT });
  assert.match(await page.locator('#export-what').innerText(), /正在生成批注工作簿/);
  assert.ok(await page.locator('#downloads button[data-kind="findings-csv"]').isDisabled(), 'one export at a time');
  await page.click('#export-cancel');
  await page.waitForFunction(() => document.getElementById('export-status').textContent.includes('已取消'), null, { timeout: TIMEOUT });
  assert.ok(await page.locator('#export-progress').isHidden());
  assert.ok(await page.locator('#results').isVisible());
  // The check was kept again: the household view and a download still work.
  await page.locator('#findings-body tr').first().press('Enter');
  await page.waitForSelector('#household[open] #household-table tbody tr', { timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }),
    page.click('#downloads button[data-kind="findings-csv"]'),
  ]);
  assert.match(download.suggestedFilename(), /问题清单\.csv$/);
});

test('a cancelled check says 已取消', { timeout: TIMEOUT }, async (t) => {
  const page = await open(t);
  await page.setInputFiles('#file', large);
  await page.waitForSelector('#progress:not([hidden])');
  await page.click('#cancel');
  await page.waitForSelector('#cancelled:not([hidden])');
  assert.match(await page.locator('#cancelled').innerText(), /^已取消：large\.xlsx/);
  assert.ok(await page.locator('#progress').isHidden());
  assert.ok(await page.locator('#results').isHidden());
  await checkFile(page, small);
  assert.ok(await page.locator('#cancelled').isHidden(), 'a new check clears it');
});

test('axe-core finds no violation on the start page, the results, the household view and the rule docs', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await open(t);
  assert.deepEqual(await violations(page), [], 'start page');
  await checkFile(page, small);
  assert.deepEqual(await violations(page), [], 'results');
  await page.locator('#findings-body tr').first().press('Enter');
  await page.waitForSelector('#household[open] #household-table tbody tr');
  assert.deepEqual(await violations(page), [], 'household view');
  await page.keyboard.press('Escape');
  await page.click('#rules-doc-open');
  await page.waitForSelector('#rules-doc:not([hidden]) li.rule-doc');
  assert.deepEqual(await violations(page), [], 'rule docs');
});

test('on a phone the findings are cards, still virtual and usable by keyboard', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await open(t, { width: 390, height: 844 });
  await checkFile(page, large);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'nothing wider than the screen');
  const cards = await page.$$eval('#findings-body tr', (rows) => rows.map((tr) => ({
    display: getComputedStyle(tr).display,
    height: Math.round(tr.getBoundingClientRect().height),
    labels: [...tr.querySelectorAll('td[data-label]')].map((td) => getComputedStyle(td, '::before').content),
    width: tr.getBoundingClientRect().width,
  })));
  const total = await page.evaluate(() => Number(document.getElementById('findings-table').getAttribute('aria-rowcount')) - 1);
  assert.ok(total > 1000 && cards.length < 60, `${cards.length} cards in the page for ${total} findings`);
  for (const card of cards) {
    assert.equal(card.display, 'grid');
    assert.equal(card.height, cards[0].height, 'cards of one height, as the virtual list needs');
    assert.deepEqual(card.labels, ['"行号："', '"列："', '"值："', '"户编号："', '"乡镇、村："']);
    assert.ok(card.width <= 390);
  }
  // Scrolled far down, the cards there are rendered; Enter on one opens its household.
  await page.evaluate(() => { const s = document.getElementById('findings-scroll'); s.scrollTop = s.scrollHeight / 2; });
  await page.waitForFunction(() => Number(document.querySelector('#findings-body tr')?.dataset.index) > 100);
  await page.locator('#findings-body tr[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#household[open] #household-table tbody tr', { timeout: TIMEOUT });
});

/** The CLI's open findings of `path`, as the page's comparison identifies them. */
function openFindings(path) {
  const report = JSON.parse(execFileSync(CLI, ['check', path, '--format', 'json'], { maxBuffer: 1 << 28 }).toString('utf8'));
  return report.findings.filter((f) => !f.exempted);
}

function multisetMinus(a, b) {
  const id = (f) => [f.rule, f.column ?? '', f.value ?? '', f.household ?? ''].join('|');
  const left = new Map();
  for (const f of b) left.set(id(f), (left.get(id(f)) || 0) + 1);
  return a.filter((f) => {
    const n = left.get(id(f)) || 0;
    if (n > 0) left.set(id(f), n - 1);
    return n === 0;
  });
}

test('the same register dropped again after fixes shows what was resolved and what is new', { timeout: TIMEOUT * 2 }, async (t) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const first = join(temp.dir, 'reg.csv');
  execFileSync(CLI, ['generate', '--households', '120', '--seed', '31', '--out', first], { stdio: 'pipe' });
  const before = openFindings(first);
  // The clerk's fixes: the row of a missing ID deleted, and a slip made elsewhere (a name erased).
  const lines = readFileSync(first, 'utf8').split('\n');
  const header = lines[0].replace(/^\uFEFF/, '').split(',');
  const missing = before.find((f) => f.rule === 'person-id-missing');
  assert.ok(missing, 'the register has a missing ID to fix');
  const nameAt = header.indexOf('姓名');
  const slip = lines.findIndex((l, i) => i > 5 && i !== missing.rows[0] - 1 && l.split(',')[nameAt]);
  const cells = lines[slip].split(',');
  cells[nameAt] = '';
  lines[slip] = cells.join(',');
  lines.splice(missing.rows[0] - 1, 1);
  mkdirSync(join(temp.dir, 'fixed'), { recursive: true });
  const second = join(temp.dir, 'fixed', 'reg.csv');
  writeFileSync(second, lines.join('\n'));
  const after = openFindings(second);
  const resolved = multisetMinus(before, after);
  const added = multisetMinus(after, before);
  assert.ok(resolved.some((f) => f.rule === 'person-id-missing') && added.some((f) => f.rule === 'name-missing'));

  const page = await open(t);
  await checkFile(page, first);
  assert.ok(await page.locator('#changes').isHidden(), 'nothing to compare on a first check');
  await checkFile(page, second);
  await page.waitForSelector('#changes:not([hidden])');
  assert.equal(await page.locator('#changes-summary').innerText(),
    `上次检查本表以来：已解决 ${resolved.length} 条，新出现 ${added.length} 条；现有 ${after.length} 条待处理。只保存在本页，关闭页面即清除。`);
  assert.equal(await page.locator('#changes-resolved li').count(), resolved.length);
  assert.equal(await page.locator('#changes-added li').count(), added.length);
  assert.match(await page.locator('#changes-resolved').textContent(), /证件号码缺失/);
  assert.match(await page.locator('#changes-added').textContent(), /姓名缺失/);
  // Another register is no comparison.
  await checkFile(page, small);
  assert.ok(await page.locator('#changes').isHidden());
  // A re-render asking for the diff again while it is still being walked (findings beyond one
  // task's chunk) gets the same diff, not none.
  const again = await page.evaluate(async () => {
    const { compareWithLast } = await import('./recheck-diff.js');
    const findings = (n) => Array.from({ length: n }, (_, i) => ({ rule: 'name-missing', column: '姓名', value: '', household: String(i) }));
    const big = { file: 'big.csv', sheet: null, headers: ['姓名'], findings: findings(25_000) };
    await compareWithLast(big);
    const fixed = { ...big, findings: findings(24_000) };
    const [first, second] = await Promise.all([compareWithLast(fixed), compareWithLast(fixed)]);
    return { same: first === second, resolved: second?.resolved.length, added: second?.added.length };
  });
  assert.deepEqual(again, { same: true, resolved: 1000, added: 0 });
});

test('打印概况 gives at most two A4 pages with nothing interactive and readable chart labels', { timeout: TIMEOUT }, async (t) => {
  const page = await open(t);
  await checkFile(page, small);
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    return {
      // (A rule's or a village's name in a table is a button on screen, plain text on paper.)
      controls: [...document.querySelectorAll('#results button:not(td button.link), #results input, #results select, #results summary')]
        .filter(visible).map((e) => e.id || e.className),
      text: document.getElementById('results').innerText,
      labels: [...document.querySelectorAll('#results .chart-label')].filter(visible).map((e) => e.getBoundingClientRect().height),
      date: document.getElementById('r-reference-text').textContent,
    };
  });
  assert.deepEqual(shown.controls, [], 'no control printed');
  assert.ok(!shown.text.includes('查看、修改'), 'no （查看、修改） on paper');
  assert.ok(shown.text.includes('检查日期') && shown.date.length === 10, 'the date of the check and the reference date');
  assert.ok(shown.labels.length > 0 && Math.min(...shown.labels) >= 11, `chart labels ${Math.min(...shown.labels)} px high`);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g).length;
  assert.ok(pages <= 2, `${pages} A4 pages`);
});
