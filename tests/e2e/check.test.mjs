// Browser tests for the huqing page: what a clerk sees, checked against the native CLI.
//
// Needs `scripts/build` first (www/pkg, www/samples, target/release/huqing) and Chromium at
// /usr/bin/chromium; never downloads a browser. Run: node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, generatedRegister, launch, reportOrError, tempDir } from './lib.mjs';

let server;
let browser;
let temp;
let tmp;
let fixture; // {path, cli}

before(async () => {
  assertBuilt([[join(ROOT, 'www', 'samples', 'sample.xlsx'), 'the sample register']]);
  temp = tempDir('huqing-e2e-');
  tmp = temp.dir;
  fixture = generatedRegister(tmp, { households: 200, seed: 11 });
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

/** A fresh page on the site, recording every request and every page error. */
async function openPage(t, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const seen = { requests: [], errors: [] };
  context.on('request', (r) => seen.requests.push(r.url()));
  page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`); });
  t.after(() => context.close());
  await page.goto(server.url, { waitUntil: 'load' });
  return { page, seen };
}

function assertOnlyOwnOrigin(seen) {
  const origin = new URL(server.url).origin;
  const foreign = seen.requests.filter((u) => !(u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:')));
  assert.deepEqual(foreign, [], 'requests left the page\'s own origin');
}

async function waitForResults(page) {
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  const error = await page.locator('#error').isVisible();
  if (error) assert.fail(`the page showed an error: ${await page.locator('#error').innerText()}`);
}

async function waitForError(page) {
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
}

const digits = (s) => Number(String(s).replace(/[^0-9]/g, ''));

/**
 * The findings rows rendered once the list has settled: shown, it measures its rows in a later
 * frame and renders the window again, so a count taken at once can be the first estimate's.
 */
async function settledRows(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const count = () => document.querySelectorAll('#findings-body tr').length;
    let last = -1;
    while (count() !== last) {
      last = count();
      await frame();
      await frame();
    }
    return last;
  });
}

/** The per-rule counts the page shows, from the rows' data-rule/data-count and their text. */
async function pageRuleCounts(page) {
  return page.$$eval('tr[data-rule]', (rows) => rows.map((tr) => ({
    rule: tr.dataset.rule,
    count: Number(tr.dataset.count),
    text: tr.querySelector('.count').textContent,
  })));
}

function cliRuleCounts(report) {
  if (Array.isArray(report.rules)) return Object.fromEntries(report.rules.map((r) => [r.key, r.count]));
  return report.summary;
}

test('a generated register gives the same numbers in the page as in the CLI', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  assert.equal(await page.locator('h1').innerText(), '户清 · 扶贫户籍数据质量检查');
  await page.setInputFiles('#file', fixture.path);
  await waitForResults(page);
  const cli = fixture.cli;

  assert.equal(await page.locator('#r-file').innerText(), 'reg.xlsx');
  assert.equal(digits(await page.locator('#r-rows').innerText()), cli.rows);
  assert.equal(digits(await page.locator('#r-households').innerText()), cli.households);
  assert.equal(digits(await page.locator('#r-header').innerText()), cli.header_row);

  const shown = await pageRuleCounts(page);
  const expected = cliRuleCounts(cli);
  assert.ok(shown.length > 0, 'no rule counts shown');
  for (const { rule, count, text } of shown) {
    assert.equal(digits(text), count, `rule ${rule}: shown text ${text} differs from its data-count`);
  }
  const shownMap = Object.fromEntries(shown.map((r) => [r.rule, r.count]));
  for (const [rule, count] of Object.entries(expected)) {
    assert.equal(shownMap[rule] ?? 0, count, `rule ${rule}: page ${shownMap[rule]}, CLI ${count}`);
  }
  for (const [rule, count] of Object.entries(shownMap)) {
    assert.equal(expected[rule] ?? 0, count, `rule ${rule} shown by the page but not by the CLI`);
  }

  const total = cli.findings.length;
  assert.ok(total > 0, 'the fixture should have findings');
  // The list holds every finding; the table renders those in view, a bounded number.
  assert.equal(Number(await page.locator('#findings-count').getAttribute('data-shown')), total);
  assert.equal(Number(await page.locator('#findings-count').getAttribute('data-total')), total);
  const rows = await settledRows(page);
  assert.ok(rows > 0 && rows <= Math.min(total, 80), `${rows} rows rendered of ${total}`);
  assert.ok((await page.locator('#findings-body tr').first().innerText()).trim().length > 0);
  const roles = await page.locator('#columns-list li').count();
  assert.equal(roles, cli.roles.length, 'every role has its line in the column table');
  // Roles with no column that no enabled check reads are folded away and not counted as missing:
  // the fact names only the columns the checks need.
  const unread = cli.roles.filter((r) => r.header == null && !r.suggestion && !cli.absent.some((a) => a.role === r.key));
  assert.ok(unread.length > 0, 'the generated register lacks some monitoring columns');
  assert.equal(await page.locator('#columns-list li.unused:not([hidden])').count(), 0);
  assert.equal(await page.locator('#columns-list li.unused').count(), unread.length);
  const found = cli.roles.filter((r) => r.header != null).length;
  assert.match(await page.locator('#r-mapping').innerText(), new RegExp(`已识别 ${found} 项${cli.absent.length ? `，检查要用的 ${cli.absent.length} 项未找到` : '（'}`));
  await page.locator('#unused-roles').click();
  assert.equal(await page.locator('#columns-list li.unused:not([hidden])').count(), unread.length);
  assert.equal(await page.locator('#unused-roles').getAttribute('aria-expanded'), 'true');

  // Clicking a rule shows only its findings.
  const firstRule = shown.find((r) => r.count > 0);
  await page.locator(`tr[data-rule="${firstRule.rule}"] button`).click();
  const filtered = await page.$$eval('#findings-body tr', (trs) => trs.map((tr) => tr.dataset.finding));
  assert.equal(Number(await page.locator('#findings-count').getAttribute('data-shown')), firstRule.count);
  assert.equal(filtered.length, Math.min(rows, firstRule.count));
  assert.ok(filtered.every((r) => r === firstRule.rule));
  await page.locator('#show-all').click();
  assert.equal(Number(await page.locator('#findings-count').getAttribute('data-shown')), total);
  assert.equal(await settledRows(page), rows);
  // Scrolled to its end, the table renders the last finding.
  await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await page.waitForFunction((n) => document.querySelector(`#findings-body tr[data-index="${n - 1}"]`), total);
  await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = 0; });
  await page.waitForSelector('#findings-body tr[data-index="0"]');

  // The export is a local download of what is listed, readable by Excel (BOM, one line a finding).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
  assert.match(download.suggestedFilename(), /^reg-问题清单\.csv$/);
  const csvPath = join(tmp, 'export.csv');
  await download.saveAs(csvPath);
  const exported = readFileSync(csvPath, 'utf8');
  assert.ok(exported.startsWith('\uFEFF"规则"'));
  assert.equal(exported.trimEnd().split('\r\n').length, total + 1);

  await page.evaluate(() => window.scrollTo(0, 0));
  // HUQING_README_SHOT=1 renews the README's picture; a plain test run leaves the tree as it was.
  await page.screenshot({ path: process.env.HUQING_README_SHOT ? join(ROOT, 'docs', 'screenshot.png') : join(tmp, 'page.png') });

  assert.ok(seen.requests.some((u) => /\/pkg\/huqing-worker(-threads)?\.js$/.test(u)), 'the request for the worker and its wasm was not seen');
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('the sample button checks the bundled sample', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  await page.locator('#sample').click();
  await waitForResults(page);
  assert.equal(await page.locator('#r-file').innerText(), 'sample.xlsx');
  assert.ok(digits(await page.locator('#r-rows').innerText()) > 0);
  assert.ok(digits(await page.locator('#r-households').innerText()) > 0);
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('a corrupt file shows the error panel and the next file still works', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  await page.setInputFiles('#file', { name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: randomBytes(4096) });
  await waitForError(page);
  assert.equal(await page.locator('#results').isVisible(), false);
  const message = await page.locator('#error-message').innerText();
  assert.ok(/[\u4e00-\u9fff]/.test(message), `the error is not in Chinese: ${message}`);
  assert.ok((await page.locator('#error-code').innerText()).length > 0);

  await page.setInputFiles('#file', fixture.path);
  await waitForResults(page);
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.equal(digits(await page.locator('#r-rows').innerText()), fixture.cli.rows);
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('a file over the size limit is refused unread, with its size, and the next file still works', { timeout: TIMEOUT * 2 }, async (t) => {
  // 5 GB, sparse: no disk is used. Read whole, it would not even fit the checker's memory.
  const path = join(tmp, 'huge.xlsx');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 5 * 2 ** 30);
  closeSync(fd);
  t.after(() => rmSync(path, { force: true }));
  const { page, seen } = await openPage(t);
  await page.setInputFiles('#file', path);
  await waitForError(page);
  assert.equal(await page.locator('#error-code').innerText(), 'file-too-large');
  const message = await page.locator('#error-message').innerText();
  assert.ok(message.includes('5120 MB'), `the size is not named: ${message}`);

  await page.setInputFiles('#file', fixture.path);
  await waitForResults(page);
  assert.equal(digits(await page.locator('#r-rows').innerText()), fixture.cli.rows);
  assert.deepEqual(seen.errors, []);
});

test('an ArrayBuffer over the size limit is refused by its size, before it is copied', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  const out = await page.evaluate(async () => {
    const { check } = await import('./huqing.js');
    const refusal = async (input) => {
      try {
        await check(input, { name: 'huge.csv' });
        return null;
      } catch (e) {
        return { name: e.name, code: e.code, zh: e.message_zh };
      }
    };
    // Untouched pages cost no memory; transferred to the worker, the buffer is not copied.
    return [await refusal(new ArrayBuffer(1.1 * 2 ** 30)), await refusal(new Uint8Array(new ArrayBuffer(1.1 * 2 ** 30)))];
  });
  for (const refused of out) {
    assert.equal(refused?.name, 'CheckError', JSON.stringify(out));
    assert.equal(refused.code, 'file-too-large');
    assert.ok(refused.zh.includes('MB'), refused.zh);
  }
  assert.deepEqual(seen.errors, []);
});

/** An 18-digit ID with a correct check character. */
function idNumber(prefix17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...prefix17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return prefix17 + '10X98765432'[sum % 11];
}

test('markup in a cell or a file name is shown as text and never runs', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  const payload = '<img src=x onerror="window.__pwned=1">';
  const quoted = `"${payload.replace(/"/g, '""')}"`;
  // The payload stands in a name and in an ID cell, so a finding (bad ID format) shows it.
  const csv = [
    '县,乡镇,行政村,户编号,姓名,性别,证件号码,与户主关系,人数',
    `示例县,示例镇,示例村,H001,${quoted},男,${idNumber('52273119800101001')},户主,2`,
    `示例县,示例镇,示例村,H001,<script>window.__pwned=2</script>,女,${quoted},配偶,2`,
  ].join('\r\n');
  const name = '<img src=y onerror=window.__pwned=3>.csv';
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await waitForResults(page);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#results img, #results script').count(), 0);
  assert.equal(await page.locator('#r-file').innerText(), name);
  const texts = await page.$$eval('#findings-body td', (tds) => tds.map((td) => td.textContent));
  assert.ok(texts.some((s) => s.includes(payload)), 'the payload should be shown as text in a finding');
  assert.ok(!seen.requests.some((u) => ['/x', '/y'].includes(new URL(u).pathname)), 'a payload image was requested');
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('the embeddable API: progress, transfer, errors, and cancelling', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  const result = await page.evaluate(async () => {
    const { check } = await import('./huqing.js');
    const fetchSample = async () => (await fetch('samples/sample.xlsx')).arrayBuffer();
    const out = {};

    const buffer = await fetchSample();
    const stages = new Set();
    const report = await check(buffer, { name: 'sample.xlsx', onProgress: (f, stage) => stages.add(stage) });
    out.rows = report.rows;
    out.stages = [...stages];
    out.transferred = buffer.byteLength === 0;

    try {
      await check(new Uint8Array([80, 75, 3, 4, 1, 2, 3]), { name: 'broken.xlsx' });
      out.bad = 'resolved';
    } catch (e) {
      out.bad = { code: e.code, zh: e.message_zh, en: e.message_en, isError: e instanceof Error };
    }

    const controller = new AbortController();
    const cancelled = check(new Blob([await fetchSample()]), { name: 'sample.xlsx', signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    try {
      await cancelled;
      out.cancelled = 'finished first';
    } catch (e) {
      out.cancelled = e.code;
    }
    out.after = (await check(new Uint8Array(await fetchSample()), { name: 'sample.xlsx' })).rows;
    return out;
  });
  assert.ok(result.rows > 0);
  assert.ok(result.stages.includes('reading') && result.stages.includes('checking'), `stages: ${result.stages}`);
  assert.ok(result.transferred, 'the ArrayBuffer was copied, not transferred');
  assert.equal(typeof result.bad.code, 'string');
  assert.ok(result.bad.isError && result.bad.zh && result.bad.en, JSON.stringify(result.bad));
  // A small sample may finish before the abort lands; both are fine, a hang or other error is not.
  assert.ok(['aborted', 'finished first'].includes(result.cancelled), String(result.cancelled));
  assert.equal(result.after, result.rows);
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('the page declares the content security policy it is tested under', { timeout: TIMEOUT }, async (t) => {
  const { page } = await openPage(t);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const header = (await page.request.get(server.url)).headers()['content-security-policy'];
  // The header adds what only a header can say: nobody may frame the page.
  assert.equal(header, `${meta}; frame-ancestors 'none'`);
  assert.equal(await page.locator('#served-headers').isVisible(), false, 'served with every header, the page says nothing');
  for (const part of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", 'worker-src blob:',
    "connect-src 'self'", "style-src 'self'", "object-src 'none'"]) {
    assert.ok(meta.includes(part), `the policy lacks ${part}`);
  }
});

test('English is one click away, and only the language choice is stored', { timeout: TIMEOUT }, async (t) => {
  const { page } = await openPage(t);
  await page.locator('#lang').click();
  assert.match(await page.locator('h1').innerText(), /Huqing/);
  await page.reload();
  assert.match(await page.locator('h1').innerText(), /Huqing/);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['huqing.lang']);
});

test('the drop zone opens the file picker from the keyboard', { timeout: TIMEOUT }, async (t) => {
  const { page } = await openPage(t);
  // Count the picker's openings instead of waiting for a dialog (no race with dialog interception).
  await page.evaluate(() => {
    window.__picks = 0;
    document.getElementById('file').addEventListener('click', (e) => {
      window.__picks += 1;
      e.preventDefault();
    });
  });
  // The skip link first, then the language button, then the drop zone.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'drop');
  await page.keyboard.press('Enter');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.__picks), 2);
});

test('a text file shows its encoding and decoded header, and another encoding can be chosen', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, seen } = await openPage(t);
  const gbk = join(ROOT, 'tests', 'fixtures', 'office-gbk.csv');
  await page.setInputFiles('#file', gbk);
  await waitForResults(page);
  assert.equal(await page.locator('#r-encoding-select').inputValue(), 'gb18030');
  const header = await page.locator('#r-header-texts').innerText();
  assert.ok(header.includes('证件号码') && header.includes('户编号'), header);
  const rows = digits(await page.locator('#r-rows').innerText());

  await page.selectOption('#r-encoding-select', 'UTF-16LE');
  await waitForError(page);
  assert.equal(await page.locator('#error-code').innerText(), 'no-header');
  assert.ok(await page.locator('#error-encoding-select').isVisible(), 'the error offers another encoding');

  await page.selectOption('#error-encoding-select', 'gb18030');
  await waitForResults(page);
  assert.equal(digits(await page.locator('#r-rows').innerText()), rows);
  assertOnlyOwnOrigin(seen);
  assert.deepEqual(seen.errors, []);
});

test('a national export: the reference date is shown with its source, and a date the user picks checks again', { timeout: TIMEOUT * 2 }, async (t) => {
  const path = join(tmp, 'national.xlsx');
  execFileSync(CLI, ['generate', '--national', '--households', '120', '--seed', '4', '--out', path], { stdio: 'pipe' });
  const cliAt = (...extra) => JSON.parse(execFileSync(CLI, ['check', path, ...extra], { maxBuffer: 1 << 28 }).toString('utf8'));
  const { page, seen } = await openPage(t);
  await page.setInputFiles('#file', path);
  await waitForResults(page);
  assert.equal(await page.locator('#r-reference-date').inputValue(), '2020-12-31');
  assert.match(await page.locator('#r-reference-source').innerText(), /2019、2020/);
  assert.match(await page.locator('#r-kind').innerText(), /户信息/);
  const counts = async () => Object.fromEntries((await pageRuleCounts(page)).filter((r) => r.count > 0).map((r) => [r.rule, r.count]));
  const open = (cli) => Object.fromEntries(Object.entries(cliRuleCounts(cli)).filter(([, n]) => n > 0));
  assert.deepEqual(await counts(), open(cliAt()));

  await page.locator('#r-reference-date').fill('2019-06-30');
  await page.locator('#r-reference-date').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('#r-reference-source')?.textContent === '（您指定的）', null, { timeout: TIMEOUT });
  await waitForResults(page);
  const chosen = cliAt('--reference-date', '2019-06-30');
  assert.equal(chosen.reference_date.source, 'option');
  assert.deepEqual(await counts(), open(chosen));
  assert.deepEqual(seen.errors, []);
});

test('a big report reaches the page in parts: no message from the worker holds more than 500 findings', { timeout: TIMEOUT * 3 }, async (t) => {
  const big = generatedRegister(tmp, { households: 6000, seed: 5, name: 'big.xlsx' });
  assert.ok(big.cli.findings.length > 1000, `only ${big.cli.findings.length} findings`);
  const context = await browser.newContext({ locale: 'zh-CN' });
  t.after(() => context.close());
  const page = await context.newPage();
  // Every message the page receives from a worker, measured before the page's own handler runs.
  await page.addInitScript(() => {
    const Real = window.Worker;
    window.__messages = { biggest: 0, parts: 0 };
    window.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          const d = e.data || {};
          const findings = d.type === 'findings' ? JSON.parse(new TextDecoder().decode(d.json)) : d.report?.findings;
          if (d.type === 'findings') window.__messages.parts++;
          window.__messages.biggest = Math.max(window.__messages.biggest, Array.isArray(findings) ? findings.length : 0);
        });
      }
    };
  });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.setInputFiles('#file', big.path);
  await waitForResults(page);
  const seen = await page.evaluate(() => window.__messages);
  assert.ok(seen.biggest > 0 && seen.biggest <= 500, JSON.stringify(seen));
  assert.ok(seen.parts >= Math.ceil(big.cli.findings.length / 500), JSON.stringify(seen));
  assert.equal(digits(await page.locator('#findings-count').innerText()), big.cli.findings.length);
});
