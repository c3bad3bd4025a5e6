// Browser tests for profiles, exemptions, the mapping step and the 规则说明 view: each change
// in the page re-checks the same file, and the counts agree with the CLI given the same choice.
//
// Needs `scripts/build` first and Chromium at /usr/bin/chromium. Screenshots of the 规则说明
// view and the mapping step go to $HUQING_SHOTS (default: a huqing-screens folder in tmp).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { CLI, ROOT, TIMEOUT, assertBuilt, launch, tempDir } from './lib.mjs';

const EXAMPLE = join(ROOT, 'docs', 'examples', 'guizhou-2023.json');
const SHOTS = process.env.HUQING_SHOTS || join(tmpdir(), 'huqing-screens');

let server;
let browser;
let temp;
let tmp;
let register; // path of a generated register with planted faults
let base; // its CLI report under the default profile

function cli(...args) {
  return JSON.parse(execFileSync(CLI, ['check', register, ...args], { maxBuffer: 1 << 28 }).toString('utf8'));
}

before(async () => {
  assertBuilt();
  temp = tempDir('huqing-e2e-profile-');
  tmp = temp.dir;
  register = join(tmp, 'reg.xlsx');
  execFileSync(CLI, ['generate', '--households', '200', '--seed', '11', '--out', register], { stdio: 'pipe' });
  base = cli();
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

async function openWithRegister(t, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page threw');
  });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.setInputFiles('#file', register);
  await waitForReport(page, 'national-2016');
  return page;
}

/** Waits until a report made with the profile `name` is shown (the run after a change). */
async function waitForReport(page, name) {
  await page.waitForFunction((want) => {
    if (!document.getElementById('error').hidden) return true;
    const results = document.getElementById('results');
    return !results.hidden && !results.hasAttribute('aria-busy') && document.getElementById('r-profile').dataset.profile === want;
  }, name, { timeout: TIMEOUT });
  if (await page.locator('#error').isVisible()) assert.fail(`error shown: ${await page.locator('#error').innerText()}`);
}

/** Open counts per rule as the page shows them (rules with any finding, open or exempted). */
async function pageCounts(page) {
  const rows = await page.$$eval('#rules-body tr[data-rule]', (trs) => trs.map((tr) => [tr.dataset.rule, Number(tr.dataset.count), Number(tr.dataset.exempted)]));
  return {
    open: Object.fromEntries(rows.filter((r) => r[1] > 0).map((r) => [r[0], r[1]])),
    exempted: Object.fromEntries(rows.filter((r) => r[2] > 0).map((r) => [r[0], r[2]])),
  };
}

test('choosing monitoring-2021 re-checks the file and agrees with the CLI', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openWithRegister(t);
  assert.deepEqual((await pageCounts(page)).open, base.summary);
  await page.selectOption('#profile', 'monitoring-2021');
  await waitForReport(page, 'monitoring-2021');
  const want = cli('--profile', 'monitoring-2021');
  assert.equal(want.profile, 'monitoring-2021');
  assert.deepEqual((await pageCounts(page)).open, want.summary);
});

test('loading the example province profile runs its own rules as the CLI does', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openWithRegister(t);
  await page.setInputFiles('#profile-file', EXAMPLE);
  await waitForReport(page, 'guizhou-2023');
  const want = cli('--profile', EXAMPLE);
  assert.deepEqual((await pageCounts(page)).open, want.summary);
  assert.ok(Object.keys(want.summary).some((k) => k.startsWith('gz-')), 'the example finds something of its own');
  const listed = await page.$$eval('tr[data-rule^="gz-"]', (trs) => trs.map((tr) => tr.dataset.rule));
  assert.deepEqual(listed.sort(), want.rules.filter((r) => r.custom).map((r) => r.key).sort());
  assert.match(await page.locator('#profile option:checked').innerText(), /guizhou-2023/);
});

test('a broken profile file is refused with the field named, and the choice stays', { timeout: TIMEOUT }, async (t) => {
  const page = await openWithRegister(t);
  await page.setInputFiles('#profile-file', {
    name: 'bad.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: 'bad', rules: { 'person-id-checksm': 'off' } })),
  });
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  const message = await page.locator('#error-message').innerText();
  assert.match(message, /rules\.person-id-checksm：没有这条规则（是否想写 person-id-checksum？）/);
  assert.equal(await page.locator('#error-code').innerText(), 'bad-profile');
  assert.equal(await page.locator('#profile').inputValue(), 'national-2016');
});

test('an exemption list marks findings exempted, counts them apart and hides none', { timeout: TIMEOUT * 2 }, async (t) => {
  const checksum = base.findings.filter((f) => f.rule === 'person-id-checksum').slice(0, 2);
  const household = base.findings.find((f) => f.rule === 'household-size-mismatch');
  assert.equal(checksum.length, 2, 'the register has ID checksum faults');
  const list = join(tmp, '豁免清单.csv');
  writeFileSync(list, ['证件号码,户编号,规则,原因',
    ...checksum.map((f) => `${f.value},,person-id-checksum,已到户核实`),
    `,${household.household},household-size-mismatch,一人户口在外`].join('\n'));
  const want = cli('--exemptions', list);
  assert.equal(Object.values(want.exempted).reduce((a, b) => a + b, 0), 3);

  const page = await openWithRegister(t);
  await page.setInputFiles('#exemptions-file', list);
  await page.waitForSelector('.total.exempted', { timeout: TIMEOUT });
  assert.equal(await page.locator('#exemptions-name').innerText(), '豁免清单.csv');
  const shown = await pageCounts(page);
  assert.deepEqual(shown.open, want.summary);
  assert.deepEqual(shown.exempted, want.exempted);
  assert.equal(await page.locator('.total.exempted').getAttribute('data-count'), '3');
  assert.match(await page.locator('.total.exempted').innerText(), /^已豁免（另计）\s*3\s*条$/);

  await page.selectOption('#exempt-filter', 'exempted');
  assert.equal(await page.locator('#findings-body tr').count(), 3);
  assert.equal(await page.locator('#findings-body tr.exempted .badge.exempt').count(), 3);
  assert.match(await page.locator('#findings-body').innerText(), /豁免原因：一人户口在外/);
  await page.selectOption('#exempt-filter', 'all');
  assert.match(await page.locator('#findings-count').innerText(), new RegExp(`共 ${want.findings.length.toLocaleString('zh-CN')} 条`));

  await page.click('#exemptions-clear');
  await page.waitForSelector('.total.exempted', { state: 'detached', timeout: TIMEOUT });
  await waitForReport(page, 'national-2016');
  assert.deepEqual((await pageCounts(page)).open, base.summary);
});

test('the mapping step changes a column and re-checks as the CLI does', { timeout: TIMEOUT * 2 }, async (t) => {
  const page = await openWithRegister(t);
  const id = page.locator('#columns-list li[data-role="person-id"]');
  assert.equal(await id.locator('select').inputValue(), '证件号码');
  // The headers are offered once the select is used (focused or pressed): until then it holds
  // the choice made and （无此列）, so that the panel is not most of the page.
  assert.deepEqual(await id.locator('option').allTextContents(), ['（无此列）', '证件号码']);
  await id.locator('select').focus();
  const offered = await id.locator('option').allTextContents();
  assert.deepEqual(offered.slice(1), base.headers.filter((h, i, all) => h.trim() !== '' && all.indexOf(h) === i), 'every header is offered');
  assert.equal(await id.locator('select').inputValue(), '证件号码', 'the choice stays as the headers are offered');
  await id.locator('select').selectOption('');
  assert.ok(await page.locator('#remap').isVisible(), 'the re-check button appears');
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#columns-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'mapping.png') });
  await page.click('#remap');
  await page.waitForFunction(() => document.querySelector('#rules-body tr[data-rule="column-missing"]') && !document.getElementById('results').hidden
    && !document.getElementById('results').hasAttribute('aria-busy'), null, { timeout: TIMEOUT });
  const want = cli('--column', 'person-id=');
  assert.deepEqual((await pageCounts(page)).open, want.summary);
  assert.ok(!Object.keys(want.summary).some((k) => k.startsWith('person-id-')));
  assert.equal(await id.locator('select').inputValue(), '');

  await id.locator('select').focus();
  await id.locator('select').selectOption('证件号码');
  await page.click('#remap');
  await page.waitForFunction(() => !document.querySelector('#rules-body tr[data-rule="column-missing"]') && !document.getElementById('results').hidden
    && !document.getElementById('results').hasAttribute('aria-busy'), null, { timeout: TIMEOUT });
  assert.deepEqual((await pageCounts(page)).open, base.summary);
  assert.equal(await id.locator('.chosen').textContent(), '手动指定');
});

test('规则说明 lists every rule with its doc as safe text', { timeout: TIMEOUT }, async (t) => {
  const page = await openWithRegister(t);
  await page.click('#rules-doc-open');
  await page.waitForSelector('#rules-doc:not([hidden]) li.rule-doc');
  const keys = await page.$$eval('#rules-doc-list li', (lis) => lis.map((li) => li.dataset.rule));
  assert.deepEqual(keys, base.rules.map((r) => r.key));
  const docText = await page.locator('#rules-doc-list').innerText();
  assert.ok(!docText.includes('**'), 'Markdown bold is rendered, not shown');
  assert.ok(await page.locator('#rules-doc-list strong').count() > 0);
  // In Chinese every rule's doc is Chinese: the four parts, no English prose, no rule key.
  const docs = await page.$$eval('#rules-doc-list li', (lis) => lis.map((li) => [li.dataset.rule, li.querySelector('.doc').innerText]));
  for (const [key, doc] of docs) {
    for (const part of ['查什么：', '为什么要紧：', '怎么改：', '例子：']) assert.ok(doc.includes(part), `${key}: no ${part} in ${doc}`);
    assert.ok(!/What:|Why:|Example:/.test(doc), `${key}: English in the Chinese doc`);
    assert.ok(!docs.some(([other]) => doc.includes(other)), `${key}: a rule key in the Chinese doc`);
  }
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'rules-doc.png') });
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#rules-doc-list li .doc').innerText.includes('What:'));
  assert.match(await page.locator('#rules-doc-list li[data-rule="person-id-checksum"] .doc').innerText(), /What:.*check character/s);
  await page.click('#lang');

  await page.selectOption('#profile', 'national-2016');
  await page.setInputFiles('#profile-file', EXAMPLE);
  await page.waitForSelector('#rules-doc-list li[data-rule="gz-no-labour-no-work"] .tag.custom');
  assert.match(await page.locator('#rules-doc-list li[data-rule="gz-no-labour-no-work"]').innerText(), /无劳动力者不应有务工状况/);
  await page.click('#rules-doc-close');
  assert.ok(await page.locator('#rules-doc').isHidden());
});
