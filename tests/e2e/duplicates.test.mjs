// Browser tests for several files at once: two counties' registers dropped together, a person of
// the first planted into the second; the page lists the duplicates across the files, naming
// both, as the CLI does, and opens them side by side.
//
// Needs `scripts/build` first and Chromium at /usr/bin/chromium. Run: node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, tempDir } from './lib.mjs';

let server;
let browser;
let temp;
let files; // [{path, name}]
let cli; // the CLI's multi-file report

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-dup-');
  files = [{ name: '德安县.xlsx' }, { name: '平昌县.csv' }].map((f) => ({ ...f, path: join(temp.dir, f.name) }));
  execFileSync(CLI, ['generate', '--households', '150', '--seed', '11', '--out', files[0].path], { stdio: 'pipe' });
  execFileSync(CLI, ['generate', '--households', '150', '--seed', '12', '--plant-from-seed', '11', '--out', files[1].path], { stdio: 'pipe' });
  cli = JSON.parse(execFileSync(CLI, ['check', files[0].path, files[1].path], { maxBuffer: 1 << 28 }).toString('utf8'));
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

async function openPage(t) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  t.after(() => context.close());
  await page.goto(server.url, { waitUntil: 'load' });
  return { page, errors };
}

/** Drops `files` on the drop zone the way a browser does: one drop event carrying them all. */
async function drop(page, list) {
  const payload = list.map((f) => ({ name: f.name, data: readFileSync(f.path).toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const { name, data } of items) {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
}

test('two files dropped together show the person found in both, side by side', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, errors } = await openPage(t);
  assert.equal(await page.getAttribute('#file', 'multiple'), '');
  assert.equal(cli.cross.length, 2, 'the CLI finds the two planted people');

  await drop(page, files);
  await page.waitForSelector('#batch:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#error').isVisible(), false);

  // Each file is listed; the first one's report is shown and matches the CLI's.
  const listed = await page.$$eval('#batch-files button', (bs) => bs.map((b) => b.dataset.file));
  assert.deepEqual(listed, files.map((f) => f.name));
  assert.equal(await page.locator('#r-file').innerText(), files[0].name);
  await page.locator(`#batch-files button[data-file="${files[1].name}"]`).click();
  // The report is shown part by part, a task each: wait for the one asked for.
  await page.waitForFunction((name) => document.getElementById('r-file').textContent === name
    && !document.getElementById('results').hasAttribute('aria-busy'), files[1].name, { timeout: TIMEOUT });
  const rows = Number((await page.locator('#r-rows').innerText()).replace(/[^0-9]/g, ''));
  assert.equal(rows, cli.files[1].rows);

  // The duplicates across files: the CLI's, each naming both files.
  const cross = await page.$$eval('#cross-body tr', (trs) => trs.map((tr) => ({
    rule: tr.dataset.cross,
    where: tr.querySelector('.c-where').textContent,
  })));
  assert.deepEqual(cross.map((c) => c.rule), cli.cross.map((c) => c.rule));
  for (const c of cross) {
    for (const f of files) assert.ok(c.where.includes(f.name), `${c.where} should name ${f.name}`);
  }

  // The side-by-side view: one column a record, file, row, household, village, name and ID.
  await page.locator('#cross-body tr[data-cross="person-possible-duplicate"] .compare-open').click();
  await page.waitForSelector('#compare[open]');
  const table = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const want = cli.cross.find((c) => c.rule === 'person-possible-duplicate').locations;
  assert.deepEqual(table[0].slice(1), want.map((l) => l.file));
  assert.deepEqual(table[1].slice(1), want.map((l) => String(l.row)));
  assert.deepEqual(table[4].slice(1), want.map((l) => l.village));
  assert.deepEqual(table[6].slice(1), want.map((l) => l.id));
  assert.ok(await page.locator('#compare-table td.differs').count() > 0, 'the differing ID is shaded');
  await page.screenshot({ path: join(temp.dir, 'compare.png') });
  await page.locator('#compare-close').click();
  assert.equal(await page.locator('#compare[open]').count(), 0);

  // A duplicate within one file opens the same view from the findings list (listed alone: the
  // list renders the rows in view, and the panel is below the fold).
  await page.selectOption('#f-rule', 'person-possible-duplicate');
  await page.locator('#findings-body .compare-open').first().click();
  await page.waitForSelector('#compare[open]');
  assert.ok(await page.locator('#compare-table thead th').count() >= 3);
  await page.locator('#compare-close').click();

  // One file alone hides the multi-file view.
  await page.setInputFiles('#file', files[0].path);
  await page.waitForFunction(() => document.getElementById('batch').hidden && !document.getElementById('results').hidden
    && !document.getElementById('results').hasAttribute('aria-busy'), null, { timeout: TIMEOUT });
  assert.deepEqual(errors, []);
});

test('the API checks several files at once and names each file in the cross findings', { timeout: TIMEOUT * 2 }, async (t) => {
  const { page, errors } = await openPage(t);
  const payload = files.map((f) => ({ name: f.name, data: readFileSync(f.path).toString('base64') }));
  const out = await page.evaluate(async (items) => {
    const { checkMany } = await import('./huqing.js');
    const inputs = items.map(({ name, data }) => ({ input: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)), name }));
    inputs.push({ input: new Uint8Array([1, 2, 3]), name: 'broken.xlsx' });
    const seen = new Set();
    const result = await checkMany(inputs, { onProgress: (f, stage, index) => seen.add(index) });
    return { result, seen: [...seen] };
  }, payload);
  assert.deepEqual(out.seen.sort(), [0, 1, 2]);
  assert.deepEqual(out.result.files.map((f) => f.file), [...files.map((f) => f.name), 'broken.xlsx']);
  assert.equal(typeof out.result.files[2].error.code, 'string');
  assert.deepEqual(out.result.cross.map((c) => [c.rule, c.locations.map((l) => [l.file, l.row])]),
    cli.cross.map((c) => [c.rule, c.locations.map((l) => [l.file, l.row])]));
  assert.deepEqual(out.result.summary, cli.summary);
  assert.deepEqual(errors, []);
});
