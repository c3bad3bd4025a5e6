// The report a clerk acts on, in the real page against the native CLI: the summary and its
// charts, the by-area table, filters, search and sort of the findings, the household view
// (mouse and keyboard), the language toggle that stores nothing else, cancelling a big check,
// the downloads, and a virtual table that holds 200,000 findings in a bounded DOM.
//
// Needs `scripts/build` first. Screenshots go to tests/e2e/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, generatedRegister, launch, tempDir, reportOrError } from './lib.mjs';

const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

let server;
let browser;
let tmp;
let fixture; // {path, cli, members: 户编号 → [Excel rows]}

/** The CLI's report of `path`. */
function cliReport(path) {
  return JSON.parse(execFileSync(CLI, ['check', path, '--format', 'json'], { maxBuffer: 1 << 30 }).toString('utf8'));
}

before(async () => {
  assertBuilt();
  mkdirSync(SHOTS, { recursive: true });
  tmp = tempDir('huqing-report-');
  // A CSV register: its members per household are read back here to know every household's rows.
  const { path, cli } = generatedRegister(tmp.dir, { households: 160, seed: 29, name: 'reg.csv' });
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0].split(',');
  const hh = header.indexOf('户编号');
  const members = new Map();
  lines.slice(1).forEach((line, i) => {
    if (!line) return;
    const key = line.split(',')[hh].trim();
    members.set(key, [...(members.get(key) || []), i + 2]);
  });
  fixture = { path, cli, header, members };
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  tmp?.cleanup();
});

async function openPage(t, { viewport = { width: 1366, height: 900 }, context: given, beforeLoad } = {}) {
  const context = given || await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  t.after(async () => {
    if (!given) await context.close();
    assert.deepEqual(errors, [], 'the page reported errors');
  });
  await beforeLoad?.(page);
  await page.goto(server.url, { waitUntil: 'load' });
  return page;
}

async function waitForResults(page) {
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  if (await page.locator('#error').isVisible()) assert.fail(`the page showed an error: ${await page.locator('#error').innerText()}`);
}

async function checkFile(page, path) {
  await page.setInputFiles('#file', path);
  await waitForResults(page);
}

const shown = async (page) => Number(await page.locator('#findings-count').getAttribute('data-shown'));

/** The rendered rows: index, rule, severity, first row, column, household. */
async function renderedRows(page) {
  return page.$$eval('#findings-body tr', (trs) => trs.map((tr) => ({
    index: Number(tr.dataset.index),
    rule: tr.dataset.finding,
    severity: tr.dataset.severity,
    row: Number(tr.querySelector('.c-rows').textContent.split(/[、,\s]/)[0]),
    column: tr.querySelector('.c-col').textContent,
    household: tr.querySelector('.c-hh').textContent,
    text: tr.textContent,
  })));
}

test('the summary, the chart by rule and the table by area give the CLI\'s numbers', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openPage(t);
  await checkFile(page, fixture.path);
  const { totals, areas, rules } = fixture.cli;
  assert.ok(totals && areas, 'the CLI reports totals and areas');
  const card = async (selector) => Number(await page.locator(selector).getAttribute('data-count'));
  assert.equal(await card('.card:has(#r-rows)'), totals.rows);
  assert.equal(await card('.card:has(#r-households)'), totals.households);
  assert.equal(await card('.card:has(#r-persons)'), totals.persons);
  assert.equal(await card('.card:has(#r-hh-errors)'), totals.households_with_errors);
  assert.equal(await card('.card[data-severity="error"]'), totals.errors);
  assert.equal(await card('.card[data-severity="warning"]'), totals.warnings);
  assert.equal(await card('.card[data-severity="info"]'), totals.infos);
  assert.equal(await page.locator('.card[data-severity="exempted"]').count(), totals.exempted > 0 ? 1 : 0);
  const digits = (s) => Number(s.replace(/\D/g, ''));
  assert.equal(digits(await page.locator('#r-persons').innerText()), totals.persons);
  assert.equal(digits(await page.locator('.card:has(#r-persons) .card-note').innerText()), totals.persons_with_errors);
  assert.equal(digits(await page.locator('#r-hh-errors').innerText()), totals.households_with_errors);
  assert.ok(totals.households_with_errors > 0 && totals.households_with_errors < totals.households);

  // One bar per rule with findings, its number the rule's count, its colour its severity.
  const bars = await page.$$eval('#rule-chart .chart-bar', (gs) => gs.map((g) => ({
    rule: g.dataset.rule, count: Number(g.dataset.count), cls: g.getAttribute('class'),
    label: g.querySelector('.chart-value').textContent, fill: getComputedStyle(g.querySelector('rect')).fill,
  })));
  const found = rules.filter((r) => r.count > 0);
  assert.equal(bars.length, found.length);
  for (const rule of found) {
    const bar = bars.find((b) => b.rule === rule.key);
    assert.ok(bar, `no bar for ${rule.key}`);
    assert.equal(bar.count, rule.count);
    assert.equal(digits(bar.label), rule.count);
    assert.ok(bar.cls.includes(rule.severity), `${rule.key}: ${bar.cls}`);
  }
  const fills = new Map(bars.map((b) => [b.cls, b.fill]));
  if (fills.size > 1) assert.equal(new Set(fills.values()).size, fills.size, 'severities share a colour');

  // The table by area: every 乡镇/村 of the CLI, most errors first.
  const rows = await page.$$eval('#areas-body tr', (trs) => trs.map((tr) => ({
    township: tr.dataset.township, village: tr.dataset.village, errors: Number(tr.dataset.errors),
    cells: [...tr.cells].map((c) => c.textContent),
  })));
  const named = areas.filter((a) => a.township || a.village);
  assert.equal(rows.length, named.length);
  for (const a of named) {
    const row = rows.find((r) => r.township === a.township && r.village === a.village);
    assert.ok(row, `no row for ${a.township} ${a.village}`);
    assert.deepEqual(row.cells.slice(2).map(digits), [a.households, a.households_with_errors, a.errors, a.warnings, a.infos]);
  }
  for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1].errors >= rows[i].errors, 'areas not sorted by errors');
  assert.ok(await page.locator('#area-chart .chart-area').count() > 0, 'the area chart is empty');

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'summary.png'), fullPage: true });
  // Printed, the summary and charts show; the controls and the findings list do not.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#rule-chart svg').isVisible());
  assert.ok(await page.locator('#r-cards').isVisible());
  assert.ok(await page.locator('#areas-table').isVisible());
  for (const hidden of ['.findings-panel', '.intake', '#lang', '#print', '#downloads']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is printed`);
  }
  await page.screenshot({ path: join(SHOTS, 'print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('filters, search and sort narrow and order the findings as the report says', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openPage(t);
  await checkFile(page, fixture.path);
  const all = fixture.cli.findings;
  assert.equal(await shown(page), all.length);

  const expectShown = async (want, what, check) => {
    assert.equal(await shown(page), want.length, `${what}: count`);
    const rows = await renderedRows(page);
    assert.equal(rows.length, Math.min(rows.length, want.length));
    assert.ok(rows.length > 0 || want.length === 0, `${what}: nothing rendered`);
    for (const r of rows) assert.ok(check(r), `${what}: row ${JSON.stringify(r)} does not match`);
  };

  // Severity.
  const warnings = all.filter((f) => f.severity === 'warning');
  await page.selectOption('#f-severity', 'warning');
  await expectShown(warnings, 'severity', (r) => r.severity === 'warning');
  await page.selectOption('#f-severity', '');

  // 乡镇 then 村: the village choices follow the township.
  const township = all.find((f) => f.township)?.township;
  assert.ok(township, 'findings carry their township');
  await page.selectOption('#f-township', township);
  await expectShown(all.filter((f) => f.township === township), 'township', () => true);
  const villages = await page.$$eval('#f-village option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(villages.sort(), [...new Set(all.filter((f) => f.township === township && f.village).map((f) => f.village))].sort());
  await page.selectOption('#f-village', villages[0]);
  await expectShown(all.filter((f) => f.township === township && f.village === villages[0]), 'village', () => true);
  await page.click('#show-all');
  assert.equal(await shown(page), all.length);

  // A click in the table by area filters to that village.
  const area = await page.locator('#areas-body tr').first();
  const [aTown, aVillage] = [await area.getAttribute('data-township'), await area.getAttribute('data-village')];
  await area.locator('button').click();
  await expectShown(all.filter((f) => (f.township ?? '') === aTown && (f.village ?? '') === aVillage), 'area click', () => true);
  assert.equal(await page.locator('#f-village').inputValue(), aVillage);
  await page.click('#show-all');

  // Column, and rule together with it.
  const column = all.find((f) => f.column)?.column;
  await page.selectOption('#f-column', column);
  await expectShown(all.filter((f) => f.column === column), 'column', (r) => r.column === column);
  const rule = all.find((f) => f.column === column).rule;
  await page.selectOption('#f-rule', rule);
  await expectShown(all.filter((f) => f.column === column && f.rule === rule), 'column and rule', (r) => r.rule === rule);
  assert.ok(await page.locator(`#rules-body tr[data-rule="${rule}"].selected`).count() === 1, 'the rules table marks the rule');
  await page.click('#show-all');
  assert.equal(await page.locator('#f-column').inputValue(), '');

  // Free text: a household number, a row number, words of a message.
  const target = all.find((f) => f.household && f.household.length > 8);
  await page.fill('#f-search', target.household);
  await page.press('#f-search', 'Enter');
  await expectShown(all.filter((f) => [f.value, f.household, f.message_zh, f.message_en].some((s) => String(s ?? '').toLowerCase().includes(target.household.toLowerCase()))),
    'search household', (r) => r.text.includes(target.household));
  const row = target.rows[0];
  await page.fill('#f-search', String(row));
  await page.press('#f-search', 'Enter');
  const byRow = all.filter((f) => f.rows.includes(row) || [f.value, f.household, f.message_zh, f.message_en].some((s) => String(s ?? '').includes(String(row))));
  await expectShown(byRow, 'search row', () => true);
  assert.ok(byRow.some((f) => f.rows.includes(row)));
  await page.fill('#f-search', '校验位');
  await page.waitForFunction(() => !document.getElementById('show-all').hidden);
  await page.waitForFunction((n) => Number(document.getElementById('findings-count').dataset.shown) === n,
    all.filter((f) => f.message_zh.includes('校验位')).length);
  await page.click('#show-all');
  assert.equal(await page.locator('#f-search').inputValue(), '');

  // Sort by row, both ways, then by severity; the order holds through the whole list.
  const sortedBy = async (key) => {
    await page.click(`#findings-table button[data-sort="${key}"]`);
    const first = await renderedRows(page);
    await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = box.scrollHeight; });
    await page.waitForFunction((n) => document.querySelector(`#findings-body tr[data-index="${n - 1}"]`), all.length);
    const last = await renderedRows(page);
    await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = 0; });
    await page.waitForSelector('#findings-body tr[data-index="0"]');
    return [...first, ...last.filter((r) => r.index > first[first.length - 1].index)];
  };
  const firstRows = (list) => list.map((r) => r.row).filter((n) => n > 0);
  const up = firstRows(await sortedBy('row'));
  assert.equal(await page.locator('th:has(button[data-sort="row"])').getAttribute('aria-sort'), 'ascending');
  for (let i = 1; i < up.length; i += 1) assert.ok(up[i - 1] <= up[i], `row order ${up[i - 1]} > ${up[i]}`);
  const down = firstRows(await sortedBy('row'));
  assert.equal(await page.locator('th:has(button[data-sort="row"])').getAttribute('aria-sort'), 'descending');
  for (let i = 1; i < down.length; i += 1) assert.ok(down[i - 1] >= down[i], `row order ${down[i - 1]} < ${down[i]}`);
  assert.equal(down[0], Math.max(...all.map((f) => f.rows[0] ?? 0)));
  const order = { error: 0, warning: 1, info: 2 };
  const bySeverity = (await sortedBy('severity')).map((r) => order[r.severity]);
  for (let i = 1; i < bySeverity.length; i += 1) assert.ok(bySeverity[i - 1] <= bySeverity[i], 'severity order');
  await page.locator('#f-search').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'findings.png') });
});

/** The household dialog's rows: Excel row, highlighted cells' headers and severities, notes. */
async function dialogRows(page) {
  return page.$$eval('#household-table tbody tr', (trs) => {
    const headers = [...document.querySelectorAll('#household-table thead th')].map((th) => th.textContent);
    return trs.map((tr) => ({
      row: Number(tr.dataset.row),
      current: tr.classList.contains('current'),
      marked: [...tr.cells].map((c, i) => [headers[i], c.dataset.severity]).filter(([, s]) => s),
      notes: tr.querySelector('.notes').textContent,
    }));
  });
}

test('a finding opens its household: every member, the offending cells marked, by mouse and keyboard', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openPage(t);
  await checkFile(page, fixture.path);
  const all = fixture.cli.findings;
  // A single-cell finding in a household of several members.
  const target = all.find((f) => f.column && f.household && f.rows.length === 1 && (fixture.members.get(f.household) || []).length >= 2);
  assert.ok(target, 'the register has a cell finding in a household of several');
  await page.fill('#f-search', target.household);
  await page.press('#f-search', 'Enter');
  const index = (await renderedRows(page)).findIndex((r) => r.rule === target.rule && r.row === target.rows[0]);
  assert.ok(index >= 0, 'the finding is listed');
  await page.locator(`#findings-body tr[data-index="${index}"] .c-val`).click();
  await page.waitForSelector('#household[open] #household-table tbody tr', { timeout: TIMEOUT });
  assert.match(await page.locator('#household-title').innerText(), new RegExp(target.household));
  const rows = await dialogRows(page);
  assert.deepEqual(rows.map((r) => r.row), fixture.members.get(target.household), 'every member, in sheet order');
  const current = rows.find((r) => r.row === target.rows[0]);
  assert.ok(current.current, 'the finding\'s row is marked');
  assert.ok(current.marked.some(([h, s]) => h === target.column && s), `the cell ${target.column} is not marked: ${JSON.stringify(current.marked)}`);
  assert.ok(current.notes.includes(target.message_zh), 'the message stands beside the row');
  // Every cell finding of the household is marked on its row, in the worst severity there.
  for (const f of all.filter((x) => x.household === target.household && x.column && x.rows.length === 1)) {
    const r = rows.find((x) => x.row === f.rows[0]);
    assert.ok(r.marked.some(([h]) => h === f.column), `${f.rule} not marked in row ${f.rows[0]}`);
  }
  // Cell values are text: no element inside any cell.
  assert.equal(await page.locator('#household-table tbody td:not(.h-notes) *').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'household.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#household[open]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), String(index), 'focus returns to the row');

  // By keyboard: from the row, ↓ to the next, Enter opens it; Esc closes and returns there.
  await page.click('#show-all');
  await page.locator('#findings-body tr[data-index="0"]').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '1');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#household[open]');
  const second = (await page.evaluate(() => document.getElementById('household').dataset.household));
  const listed = await page.locator('#findings-body tr[data-index="1"] .c-hh').innerText();
  assert.equal(second, listed);
  if (listed) {
    await page.waitForSelector('#household-table tbody tr');
    assert.deepEqual((await dialogRows(page)).map((r) => r.row), fixture.members.get(listed));
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'household-close', 'the dialog takes the focus');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#household[open]', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '1');
  // The dialog's close event (which focuses the row too) is a task of its own: let it run first.
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  // End jumps to the last finding, rendering it.
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), String(all.length - 1));
});

test('the language toggle switches every text, is remembered, and nothing else is stored', { timeout: TIMEOUT * 2 }, async (t) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await openPage(t, { context });
  await checkFile(page, fixture.path);
  assert.equal(await page.locator('#summary-title').innerText(), '概况');
  assert.equal(await page.locator('.card:has(#r-persons) .card-label').innerText(), '人数');
  const zhRule = await page.locator('#findings-body tr .c-rule').first().innerText();
  assert.match(zhRule, /[\u4e00-\u9fff]/);
  await page.locator('#lang').click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('#summary-title').innerText(), 'Overview');
  assert.equal(await page.locator('.card:has(#r-persons) .card-label').innerText(), 'Persons');
  assert.equal(await page.locator('#findings-title span').first().innerText(), 'Problems');
  assert.doesNotMatch(await page.locator('#findings-body tr .c-rule').first().innerText(), /[\u4e00-\u9fff]/);
  assert.match(await page.locator('#findings-count').innerText(), /problems/);
  assert.match(await page.locator('#rule-chart svg').getAttribute('aria-label'), /Bar chart/);
  assert.equal(await page.locator('label:has(#f-severity) span').innerText(), 'Severity');
  await page.screenshot({ path: join(SHOTS, 'english.png') });
  await page.reload();
  assert.match(await page.locator('h1').innerText(), /Huqing/);
  const stored = await page.evaluate(async () => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.keys(sessionStorage),
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    cookie: document.cookie,
  }));
  assert.deepEqual(stored, { local: { 'huqing.lang': 'en' }, session: [], databases: [], caches: [], cookie: '' });
  await page.locator('#lang').click();
  assert.equal(await page.locator('h1').innerText(), '户清 · 扶贫户籍数据质量检查');
});

test('cancel stops a big check: the worker ends, and the next check works', { timeout: TIMEOUT * 3 }, async (t) => {
  const big = join(tmp.dir, 'big.csv');
  execFileSync(CLI, ['generate', '--households', '40000', '--seed', '31', '--out', big], { stdio: 'pipe' });
  const workers = [];
  const page = await openPage(t, {
    beforeLoad: (p) => p.on('worker', (w) => {
      const entry = { url: w.url(), closed: false };
      workers.push(entry);
      w.on('close', () => { entry.closed = true; });
    }),
  });
  await page.waitForFunction(() => true);
  await page.setInputFiles('#file', big);
  await page.waitForSelector('#progress:not([hidden])');
  // The worker is at it once it reports progress: the stage is named and a percentage shown.
  await page.waitForFunction(() => document.getElementById('progress-pct').textContent !== '', null, { timeout: TIMEOUT });
  const stage = await page.locator('#progress-stage').innerText();
  assert.ok(['读取', '识别列', '检查', '汇总'].includes(stage), `stage ${stage}`);
  assert.equal(workers.filter((w) => w.closed).length, 0);
  // The page is served isolated: on the threaded build the check worker has its pool (one
  // worker a core, four at most), which must end with it.
  const pool = await page.evaluate(async () => ((await import('./huqing.js')).threaded() ? Math.min(4, navigator.hardwareConcurrency) : 0));
  assert.equal(workers.length, 1 + pool, 'one worker, started with the page, and its pool');
  await page.click('#cancel');
  await page.waitForSelector('#progress', { state: 'hidden' });
  const deadline = Date.now() + 10_000;
  while (!workers.every((w) => w.closed) && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(workers.every((w) => w.closed), 'the worker (or one of its pool) was not terminated');
  assert.equal(await page.locator('#results').isVisible(), false, 'a cancelled check shows no results');
  assert.equal(await page.locator('#error').isVisible(), false, 'cancelling is no error');

  await checkFile(page, fixture.path);
  assert.equal(await shown(page), fixture.cli.findings.length);
  assert.equal(workers.length, 2 * (1 + pool), 'a fresh worker (and pool) checked the next file');
  assert.ok(workers.slice(1 + pool).every((w) => !w.closed));
});

test('the downloads are made in the page: annotated workbook, findings CSV and JSON, masked summary', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openPage(t);
  await checkFile(page, fixture.path);
  const saved = {};
  for (const kind of ['annotated', 'findings-csv', 'findings-json', 'masked-xlsx', 'masked-json']) {
    const button = page.locator(`#downloads button[data-kind="${kind}"]`);
    assert.ok(await button.isVisible(), `no ${kind} button`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), button.click()]);
    const path = join(tmp.dir, `${kind}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    saved[kind] = { name: download.suggestedFilename(), bytes: readFileSync(path) };
    assert.ok(saved[kind].bytes.length > 0, `${kind} is empty`);
  }
  assert.equal(saved['findings-csv'].name, 'reg-问题清单.csv');
  assert.equal(saved.annotated.name, 'reg-标注.xlsx');
  for (const kind of ['annotated', 'masked-xlsx']) {
    assert.match(saved[kind].name, /\.xlsx$/);
    assert.equal(saved[kind].bytes.subarray(0, 2).toString('latin1'), 'PK', `${kind} is no xlsx`);
  }
  assert.match(saved['findings-csv'].name, /\.csv$/);
  const csv = saved['findings-csv'].bytes.toString('utf8');
  assert.ok(csv.startsWith('\uFEFF"规则"'), 'the CSV starts with a BOM and its header');
  assert.equal(csv.trimEnd().split('\r\n').length, fixture.cli.findings.length + 1, 'one line a finding');
  assert.ok(csv.includes(fixture.cli.findings[0].message_zh), 'the CSV lists the findings');
  assert.equal(await page.locator('#downloads-error').isVisible(), false);
  const json = JSON.parse(saved['findings-json'].bytes.toString('utf8'));
  const list = Array.isArray(json) ? json : json.findings;
  assert.equal(list.length, fixture.cli.findings.length);
  // The masked summary names no person: no ID number, no name of the register in it.
  const masked = saved['masked-json'].bytes.toString('utf8');
  JSON.parse(masked);
  const ids = fixture.cli.findings.filter((f) => /^\d{17}[\dXx]$/.test(f.value)).map((f) => f.value);
  assert.ok(ids.length > 0);
  for (const id of ids) assert.ok(!masked.includes(id), `the masked summary holds ${id}`);
  const name = fixture.header.indexOf('姓名');
  const names = readFileSync(fixture.path, 'utf8').split(/\r?\n/).slice(1).map((l) => l.split(',')[name]).filter((n) => n && [...n].length === 3);
  assert.ok(names.length > 100);
  for (const n of names) assert.ok(!masked.includes(n), `the masked summary names ${n}`);
});

test('200,000 findings: the table keeps a bounded DOM and scrolls to the last finding', { timeout: TIMEOUT * 4 }, async (t) => {
  // Every row has five faults (ID format, name, relation, size, and a sex code of its own, since a
  // value off the code list is one finding per value): 40,000 rows.
  const path = join(tmp.dir, 'faulty.csv');
  const lines = ['县,乡镇,行政村,户编号,姓名,性别,证件号码,与户主关系,人数'];
  for (let i = 0; i < 40_000; i += 1) lines.push(`示例县,第${i % 7}镇,第${i % 23}村,H${String(i).padStart(6, '0')},张${i},未知${i},12345${i},配偶,3`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const cli = cliReport(path);
  assert.ok(cli.findings.length >= 200_000, `${cli.findings.length} findings`);
  const page = await openPage(t);
  await checkFile(page, path);
  assert.equal(await shown(page), cli.findings.length);
  const bounded = async () => {
    const n = await page.locator('#findings-body tr').count();
    assert.ok(n > 0 && n <= 80, `${n} rows in the DOM`);
    assert.ok(await page.locator('tr').count() < 400, 'too many rows in the page');
    // One row is in the tab order, every other rendered row focusable by the arrow keys.
    assert.equal(await page.locator('#findings-body tr[tabindex="0"]').count(), 1);
    assert.equal(await page.locator('#findings-body tr[tabindex="-1"]').count(), n - 1);
  };
  await bounded();
  // Scroll in wheel-sized steps and in long jumps, timing two frames after each (the figures
  // are printed, not asserted: the machine's load decides them).
  const times = await page.locator('#findings-scroll').evaluate(async (box) => {
    const frames = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const run = async (step) => {
      const out = [];
      for (let i = 0; i < 30; i += 1) {
        const start = performance.now();
        if (step) box.scrollTop += step;
        await frames();
        out.push(performance.now() - start);
      }
      return out.sort((a, b) => a - b)[15];
    };
    return { idle: await run(0), wheel: await run(120), jump: await run(2400) };
  });
  console.log(`# 200k findings, median of two frames: idle ${times.idle.toFixed(1)} ms, after a 120 px scroll ${times.wheel.toFixed(1)} ms, after a 2400 px jump ${times.jump.toFixed(1)} ms`);
  await bounded();
  await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = box.scrollHeight; });
  const last = cli.findings.length - 1;
  await page.waitForSelector(`#findings-body tr[data-index="${last}"]`);
  const row = page.locator(`#findings-body tr[data-index="${last}"]`);
  const box = await page.locator('#findings-scroll').boundingBox();
  const rowBox = await row.boundingBox();
  assert.ok(rowBox.y + rowBox.height <= box.y + box.height + 1 && rowBox.y >= box.y, 'the last finding is in view');
  const want = cli.findings[last];
  assert.equal(await row.getAttribute('data-finding'), want.rule);
  assert.match(await row.locator('.c-rows').innerText(), new RegExp(`^${want.rows[0]}`));
  await bounded();
  // The middle, by keyboard: Home then PageDown moves a screenful.
  await row.focus();
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '0');
  await page.keyboard.press('PageDown');
  assert.ok(Number(await page.evaluate(() => document.activeElement.dataset.index)) > 5);
  // A filter over 200,000 findings answers.
  await page.selectOption('#f-rule', 'household-size-mismatch');
  assert.equal(await shown(page), cli.findings.filter((f) => f.rule === 'household-size-mismatch').length);
  await bounded();
  await page.screenshot({ path: join(SHOTS, 'many.png') });
});

test('a province\'s thousands of villages: the table by area keeps a bounded DOM, scrolls to the last, and filters', { timeout: TIMEOUT * 2 }, async (t) => {
  // 2,000 households, each alone in its village (the ID missing: one error each).
  const path = join(tmp.dir, 'villages.csv');
  const lines = ['县,乡镇,行政村,户编号,姓名,性别,证件号码,与户主关系,人数'];
  for (let i = 0; i < 2000; i += 1) lines.push(`示例县,第${i % 9}镇,第${i}村,H${String(i).padStart(6, '0')},张${i},男,,户主,1`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const cli = cliReport(path);
  const named = cli.areas.filter((a) => a.township || a.village);
  assert.equal(named.length, 2000);
  const page = await openPage(t);
  await checkFile(page, path);
  // 2,000 村 are too many for one list: they are offered 乡镇 by 乡镇.
  const villageChoices = async () => page.$$eval('#f-village option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(await villageChoices(), []);
  assert.equal(await page.locator('#f-village option').first().innerText(), '全部村（先选乡镇）');
  await page.selectOption('#f-township', '第3镇');
  const inTownship = [...new Set(cli.findings.filter((f) => f.township === '第3镇').map((f) => f.village))];
  assert.equal(inTownship.length, 222);
  assert.deepEqual((await villageChoices()).sort(), inTownship.sort());
  await page.click('#show-all');
  const rendered = async () => page.$$eval('#areas-body tr', (trs) => trs.map((tr) => Number(tr.dataset.index)));
  const first = await rendered();
  assert.ok(first.length > 0 && first.length <= 60, `${first.length} area rows in the DOM`);
  assert.equal(first[0], 0);
  await page.locator('#areas-scroll').evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await page.waitForSelector('#areas-body tr[data-index="1999"]');
  assert.ok((await rendered()).length <= 60, 'the DOM stays bounded after scrolling');
  // The last row is a village of the CLI's report, and a click on it filters the findings.
  const last = page.locator('#areas-body tr[data-index="1999"]');
  const [town, village] = [await last.getAttribute('data-township'), await last.getAttribute('data-village')];
  assert.ok(named.some((a) => a.township === town && a.village === village), `${town} ${village} is no area of the report`);
  await last.locator('button').click();
  assert.equal(await page.locator('#f-village').inputValue(), village);
  const there = cli.findings.filter((f) => f.township === town && f.village === village).length;
  assert.ok(there > 0);
  await page.waitForFunction((n) => Number(document.getElementById('findings-count').dataset.shown) === n, there, { timeout: TIMEOUT });
});
