// Browser tests for what follows a check in the embeddable API: household(report, key) and
// exportReport(report, kind), checked against the native CLI (`huqing export`), and the refusal
// of a report a newer check replaced.
//
// Needs `scripts/build` first and Chromium at /usr/bin/chromium. Run: node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, generatedRegister, launch, tempDir } from './lib.mjs';

let server;
let browser;
let tmp;
let fixture; // {path, cli}

before(async () => {
  assertBuilt();
  tmp = tempDir('huqing-api-report-');
  fixture = generatedRegister(tmp.dir, { households: 120, seed: 31, name: '测试村.xlsx' });
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  tmp?.cleanup();
});

test('household() and exportReport() answer about the latest check; an older report is refused', { timeout: TIMEOUT * 2 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url, { waitUntil: 'load' });
  const finding = fixture.cli.findings.find((f) => f.household && f.rows.length > 0);
  const data = readFileSync(fixture.path).toString('base64');
  const out = await page.evaluate(async ({ data, key }) => {
    const { check, household, exportReport } = await import('./huqing.js');
    const bytes = () => Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const report = await check(bytes(), { name: '测试村.xlsx' });
    const view = await household(report, key);
    const exports = {};
    for (const kind of ['annotated', 'findings-csv', 'findings-json', 'masked-xlsx', 'masked-json']) {
      const { blob, name } = await exportReport(report, kind);
      const buffer = new Uint8Array(await blob.arrayBuffer());
      exports[kind] = { name, type: blob.type, size: buffer.length, head: Array.from(buffer.slice(0, 4)), text: kind.endsWith('json') || kind.endsWith('csv') ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(buffer) : null };
    }
    let badKind;
    try {
      await exportReport(report, 'pdf');
    } catch (e) {
      badKind = e.code;
    }
    // A Blob goes to the worker as it is, to be read there.
    const newer = await check(new Blob([bytes()]), { name: '测试村.xlsx' });
    const stale = {};
    for (const [what, run] of [['household', () => household(report, key)], ['export', () => exportReport(report, 'findings-csv')]]) {
      try {
        await run();
        stale[what] = 'resolved';
      } catch (e) {
        stale[what] = { code: e.code, zh: e.message_zh, en: e.message_en };
      }
    }
    const fresh = (await household(newer, key)).rows.length;
    return { view, exports, badKind, stale, fresh, totals: report.totals, facets: report.facets, newerFindings: newer.findings.length };
  }, { data, key: finding.household });

  assert.equal(out.view.household, finding.household);
  const rows = out.view.rows.map((r) => r.row);
  assert.ok(rows.includes(finding.rows[0]), `the household view holds row ${finding.rows[0]}: ${rows}`);
  assert.deepEqual(out.view.headers, fixture.cli.headers);
  assert.deepEqual(out.totals, fixture.cli.totals);
  assert.equal(out.newerFindings, fixture.cli.findings.length, 'a Blob is checked as its bytes are');

  // The facets hold what the CLI's findings hold, for the page's filters.
  const findings = fixture.cli.findings;
  const villages = new Map();
  for (const f of findings) {
    if (!villages.has(f.township ?? '')) villages.set(f.township ?? '', new Set());
    if (f.village) villages.get(f.township ?? '').add(f.village);
  }
  const sorted = (xs) => [...xs].sort();
  assert.deepEqual(sorted(out.facets.severities), sorted(new Set(findings.map((f) => f.severity))));
  assert.deepEqual(
    out.facets.townships.map((t) => ({ name: t.name, villages: sorted(t.villages) })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    [...villages].map(([name, v]) => ({ name, villages: sorted(v) })).sort((a, b) => (a.name < b.name ? -1 : 1)));
  assert.ok(villages.size > 1, 'the register names several 乡镇');
  assert.deepEqual(sorted(out.facets.columns), sorted(new Set(findings.filter((f) => f.column).map((f) => f.column))));
  assert.equal(out.facets.noColumn, findings.some((f) => !f.column));
  assert.equal(out.facets.exempted, false);

  const names = Object.fromEntries(Object.entries(out.exports).map(([k, v]) => [k, v.name]));
  assert.deepEqual(names, {
    annotated: '测试村-标注.xlsx',
    'findings-csv': '测试村-问题清单.csv',
    'findings-json': '测试村-问题清单.json',
    'masked-xlsx': '测试村-脱敏汇总.xlsx',
    'masked-json': '测试村-脱敏汇总.json',
  });
  for (const kind of ['annotated', 'masked-xlsx']) {
    assert.deepEqual(out.exports[kind].head, [0x50, 0x4b, 3, 4], `${kind} is an xlsx (zip)`);
  }
  // The same files as the CLI makes.
  const cliCsv = join(tmp.dir, 'f.csv');
  const cliMasked = join(tmp.dir, 'm.json');
  execFileSync(CLI, ['export', fixture.path, '--findings', cliCsv, '--masked', cliMasked], { stdio: 'pipe' });
  assert.equal(out.exports['findings-csv'].text, readFileSync(cliCsv, 'utf8'));
  assert.deepEqual(JSON.parse(out.exports['masked-json'].text).findings, JSON.parse(readFileSync(cliMasked, 'utf8')).findings);
  assert.deepEqual(JSON.parse(out.exports['findings-json'].text).findings, fixture.cli.findings);

  assert.equal(out.badKind, 'bad-options');
  for (const what of ['household', 'export']) {
    assert.equal(out.stale[what].code, 'stale-report', what);
    assert.ok(out.stale[what].zh.includes('重新检查') && out.stale[what].en, JSON.stringify(out.stale[what]));
  }
  assert.equal(out.fresh, out.view.rows.length);
  assert.deepEqual(errors, []);
  await context.close();
});
