// Hostile input in the browser: markup, script URLs, formula starts, control characters and very
// long strings in headers, values, sheet and file names are shown as inert text in every view;
// a wasm trap leaves a readable error and a page that checks the next file; a check cancelled
// while reading or checking leaves the page ready for another; the user's File is unchanged.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import { ROOT, CLI, TIMEOUT, assertBuilt, launch, tempDir, reportOrError } from './lib.mjs';
import { execFileSync } from 'node:child_process';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(2)</script>',
  'javascript:alert(3)',
  "'><svg onload=alert(4)>",
];
const FORMULAS = ['=HYPERLINK("http://example.com","x")', '+1+1', '-2+3', '@SUM(1,2)'];
const LONG = `长${'<b>'.repeat(3000)}尾`;
const CONTROL = 'a\u0007b\u001b[31mc\u202ed\u0000e';

let server;
let browser;
let tmp;
let cleanup;
let hostile; // {xlsx, csv, csv2} paths

/** CRC-32 (IEEE) of a buffer, as zip entries carry it. */
function crc32(buf) {
  let crc = ~0;
  for (const b of buf) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xEDB88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** A zip of {name: text} entries, stored without compression. */
function zip(entries) {
  const parts = [];
  const dir = [];
  let at = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(26);
    head.writeUInt16LE(20, 0);
    head.writeUInt32LE(crc32(data), 10);
    head.writeUInt32LE(data.length, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt16LE(nameBytes.length, 22);
    parts.push(Buffer.from('PK\x03\x04', 'latin1'), head, nameBytes, data);
    const central = Buffer.alloc(42);
    central.writeUInt16LE(20, 0);
    head.copy(central, 2, 0, 26);
    central.writeUInt32LE(at, 38);
    dir.push(Buffer.from('PK\x01\x02', 'latin1'), central, nameBytes);
    at += 30 + nameBytes.length + data.length;
  }
  const dirBuf = Buffer.concat(dir);
  const end = Buffer.alloc(18);
  const n = Object.keys(entries).length;
  end.writeUInt16LE(n, 4);
  end.writeUInt16LE(n, 6);
  end.writeUInt32LE(dirBuf.length, 8);
  end.writeUInt32LE(at, 12);
  return Buffer.concat([...parts, dirBuf, Buffer.from('PK\x05\x06', 'latin1'), end]);
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);

/** An xlsx whose sheets are {name: rows of strings}, every cell an inline string. */
function xlsx(sheets) {
  const ns = 'http://schemas.openxmlformats.org';
  const names = Object.keys(sheets);
  const col = (c) => String.fromCharCode(65 + c);
  const entries = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>${names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
  };
  names.forEach((n, i) => {
    const rows = sheets[n].map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => (v === '' ? '' : `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t xml:space="preserve">${xml(v)}</t></is></c>`)).join('')}</row>`);
    entries[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  });
  return zip(entries);
}

/** An 18-digit ID with a correct check character. */
function idNumber(prefix17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...prefix17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return prefix17 + '10X98765432'[sum % 11];
}

/** A register whose every free-text place holds a payload; `shared` is one person's ID, put in
 * another household of the second file too, so that the two files share a duplicate. */
function hostileRows(shared, household) {
  const header = ['户编号', '姓名', '性别', '证件号码', '与户主关系', '家庭人口数', '行政村', PAYLOADS[0], PAYLOADS[1]];
  const rows = [header];
  const values = [...PAYLOADS, ...FORMULAS, LONG, CONTROL];
  values.forEach((v, i) => {
    rows.push([`${household}${i}`, v, '男', i % 3 === 0 ? v : idNumber(`5227311980010${String(100 + i).padStart(4, '0')}`), i % 2 ? v : '户主', i % 4 ? v : '1', v, v, v]);
  });
  rows.push([`${household}X`, PAYLOADS[0], '男', shared, '户主', '1', PAYLOADS[1], '', '']);
  return rows;
}

before(async () => {
  assertBuilt();
  ({ dir: tmp, cleanup } = tempDir('huqing-hostile-'));
  const shared = idNumber('52273119800101001');
  hostile = {
    xlsx: join(tmp, 'hostile.xlsx'),
    csv: join(tmp, 'hostile.csv'),
  };
  writeFileSync(hostile.xlsx, xlsx({ [PAYLOADS[3]]: [['说明', PAYLOADS[0]]], [PAYLOADS[0]]: hostileRows(shared, 'A') }));
  const csvCell = (v) => `"${v.replace(/"/g, '""')}"`;
  writeFileSync(hostile.csv, `\uFEFF${hostileRows(shared, 'B').map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`);
  server = await startServer({ root: join(ROOT, 'www'), port: 0 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  cleanup?.();
});

/** A page that records dialogs, page errors, any attempt to run a payload, and every element a
 * payload could have made. */
async function openPage(t, { route } = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
  if (route) await route(context);
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], requests: [] };
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  context.on('request', (r) => seen.requests.push(r.url()));
  await page.addInitScript(() => {
    window.__ran = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
      window[name] = (...args) => { window.__ran.push(`${name}(${args.join(',')})`); };
    }
    window.__made = [];
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (node.nodeType !== 1) continue;
          for (const el of [node, ...node.querySelectorAll('*')]) {
            const on = [...el.attributes].filter((a) => /^on/i.test(a.name)
              || (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)));
            const tag = el.tagName.toLowerCase();
            const scriptWithoutSrc = tag === 'script' && !el.src && el.type !== 'text/plain';
            if (['img', 'iframe', 'object', 'embed'].includes(tag) || scriptWithoutSrc || on.length) {
              window.__made.push(el.outerHTML.slice(0, 120));
            }
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  t.after(() => context.close());
  await page.goto(server.url, { waitUntil: 'load' });
  return { page, seen };
}

async function assertInert(page, seen, where) {
  assert.deepEqual(seen.dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(await page.evaluate(() => window.__ran), [], `${where}: a payload ran`);
  assert.deepEqual(await page.evaluate(() => window.__made), [], `${where}: markup from data became elements`);
  const origin = new URL(server.url).origin;
  const foreign = seen.requests.filter((u) => !(u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:')));
  assert.deepEqual(foreign, [], `${where}: requests left the page`);
  assert.ok(!seen.requests.some((u) => new URL(u).pathname === '/x'), `${where}: a payload image was requested`);
  assert.deepEqual(seen.errors, [], `${where}: page errors`);
}

async function waitForResults(page) {
  await page.waitForFunction(reportOrError, null, { timeout: TIMEOUT });
  if (await page.locator('#error').isVisible()) assert.fail(`the page showed an error: ${await page.locator('#error').innerText()}`);
}

test('payloads in headers, values, sheet and file names stay text in every view, and the export defuses formulas', { timeout: TIMEOUT * 3 }, async (t) => {
  const { page, seen } = await openPage(t);
  const before = readFileSync(hostile.xlsx);
  const name = `${PAYLOADS[0]}.xlsx`;
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: before });
  await waitForResults(page);
  assert.equal(await page.locator('#r-file').innerText(), name);
  assert.equal(await page.locator('#r-sheet').innerText(), PAYLOADS[0], 'the register sheet is chosen and named as text');
  const sheetOptions = await page.$$eval('#r-sheet-select option', (os) => os.map((o) => o.textContent));
  assert.ok(sheetOptions.includes(PAYLOADS[3]), `sheet choices: ${sheetOptions}`);
  await page.locator('#columns-list select').first().focus();
  const columnOptions = await page.$$eval('#columns-list option', (os) => os.map((o) => o.textContent));
  assert.ok(columnOptions.includes(PAYLOADS[0]) && columnOptions.includes(PAYLOADS[1]), 'headers listed as text');
  const cells = await page.$$eval('#findings-body td', (tds) => tds.map((td) => td.textContent));
  for (const p of [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]]) {
    assert.ok(cells.some((c) => c.includes(p)), `${p} shown as text in a finding`);
  }
  await assertInert(page, seen, 'one file');

  // The summary by 乡镇/村 (payloads are township and village names here), the virtual table
  // scrolled to its end, and the household view of a row full of payloads.
  const areas = await page.locator('#results').innerText();
  assert.ok(areas.includes(PAYLOADS[0]), 'payloads named as text in the summary');
  await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await page.waitForTimeout(200);
  await assertInert(page, seen, 'findings scrolled');
  await page.locator('#findings-scroll').evaluate((box) => { box.scrollTop = 0; });
  await page.waitForTimeout(200);
  await page.locator('#findings-body tr[data-index] .c-hh').filter({ hasText: /\S/ }).first().click();
  await page.waitForSelector('#household[open] #household-table tbody tr', { timeout: TIMEOUT });
  const members = await page.locator('#household-table').innerText();
  assert.ok(PAYLOADS.slice(0, 3).some((p) => members.includes(p)), `payloads shown as text among the members: ${members.slice(0, 300)}`);
  assert.equal(await page.locator('#household-table tbody td:not(.h-notes) *').count(), 0, 'no element made from a cell');
  await assertInert(page, seen, 'household view');
  await page.keyboard.press('Escape');

  // The other sheet.
  await page.selectOption('#r-sheet-select', { label: PAYLOADS[3] });
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  assert.ok((await page.locator('#error-message').innerText()).includes(PAYLOADS[3]), 'the sheet without a header is named as text');
  await assertInert(page, seen, 'other sheet');
  await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: before });
  await waitForResults(page);

  // The export: payloads as text, formula starts defused with a leading apostrophe.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
  const exported = readFileSync(await download.path(), 'utf8');
  const fields = exported.split(/"(?:,|\r\n)"?/);
  for (const f of FORMULAS) {
    const quoted = f.replace(/"/g, '""');
    assert.ok(exported.includes(`'${quoted}`), `${f} defused in the export`);
    assert.ok(!fields.includes(quoted), `${f} left live in the export`);
  }
  assert.ok(exported.includes(PAYLOADS[0]));

  // 规则说明 under a profile whose own rule carries payloads in its title and doc.
  const profile = {
    name: PAYLOADS[0],
    extends: 'national-2016',
    custom_rules: [{ key: 'xx-hostile', kind: 'required', column: PAYLOADS[1], title_zh: PAYLOADS[0], doc: `**${PAYLOADS[1]}** [x](javascript:alert(5)) ${PAYLOADS[3]}` }],
  };
  await page.setInputFiles('#profile-file', { name: `${PAYLOADS[0]}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(profile)) });
  await waitForResults(page);
  await page.click('#rules-doc-open');
  await page.waitForSelector('#rules-doc-list li[data-rule="xx-hostile"]');
  const doc = await page.locator('#rules-doc-list li[data-rule="xx-hostile"]').innerText();
  assert.ok(doc.includes(PAYLOADS[0]) && doc.includes(PAYLOADS[1]), doc);
  assert.equal(await page.locator('#rules-doc-list a').count(), 0, 'no link made from a doc');
  await page.click('#rules-doc-close');
  await assertInert(page, seen, 'rules doc');

  // An error message naming a hostile extension.
  await page.setInputFiles('#file', { name: `a.${PAYLOADS[0]}`, mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 0, 0]) });
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  assert.ok((await page.locator('#error-message').innerText()).includes(PAYLOADS[0]));
  await assertInert(page, seen, 'error');

  // The user's file is unchanged.
  assert.deepEqual(readFileSync(hostile.xlsx), before);
});

test('two hostile files together: the cross list and the side-by-side view show payloads as text', { timeout: TIMEOUT * 3 }, async (t) => {
  const { page, seen } = await openPage(t);
  const files = [
    { name: `${PAYLOADS[1]}.xlsx`, data: readFileSync(hostile.xlsx).toString('base64') },
    { name: `${PAYLOADS[0]}.csv`, data: readFileSync(hostile.csv).toString('base64') },
  ];
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const { name, data } of items) dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name));
    return dt;
  }, files);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('#batch:not([hidden])', { timeout: TIMEOUT });
  const listed = await page.$$eval('#batch-files button', (bs) => bs.map((b) => b.textContent));
  assert.ok(listed.some((l) => l.includes(PAYLOADS[1])) && listed.some((l) => l.includes(PAYLOADS[0])), listed.join(' | '));
  assert.ok(await page.locator('#cross-body tr').count() > 0, 'the shared person is found across files');
  await page.locator('#cross-body .compare-open').first().click();
  await page.waitForSelector('#compare[open]');
  const compared = await page.locator('#compare').innerText();
  assert.ok(compared.includes(PAYLOADS[0]) && compared.includes(PAYLOADS[1]), compared);
  await page.locator('#compare-close').click();
  for (const f of files) {
    await page.locator('#batch-files button').filter({ hasText: f.name.slice(0, 10) }).first().click();
  }
  await assertInert(page, seen, 'several files');
});

test('a wasm trap shows the checker\'s error, the worker is replaced, and the next file checks', { timeout: TIMEOUT * 2 }, async (t) => {
  // The worker script (the glue, the wasm and worker.js in one) is served with the Checked
  // constructor (what the worker's check calls) throwing what a Rust panic becomes in wasm, for
  // one file name: the replacement worker starts from the same script, kept by the page.
  let served = 0;
  // Either build: the page served isolated loads the threaded one.
  const route = (context) => context.route(/\/pkg\/huqing-worker(-threads)?\.js$/, async (route) => {
    served += 1;
    const response = await route.fetch();
    const constructor = /(class Checked \{[\s\S]*?constructor\(bytes, name[^)]*\) \{)/;
    const body = await response.text();
    assert.match(body, constructor);
    const trapping = body.replace(constructor, '$1 if (name === "trap.csv") throw new WebAssembly.RuntimeError("unreachable");');
    await route.fulfill({ response, body: trapping, headers: { ...response.headers(), 'cache-control': 'no-store' } });
  });
  const { page, seen } = await openPage(t, { route });
  const file = { name: 'reg.csv', mimeType: 'text/csv', buffer: readFileSync(hostile.csv) };
  await page.setInputFiles('#file', { ...file, name: 'trap.csv' });
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  const message = await page.locator('#error-message').innerText();
  assert.match(message, /检查程序内部出错/);
  assert.match(message, /RuntimeError: unreachable/);
  assert.equal(await page.locator('#error-code').innerText(), 'internal');

  await page.setInputFiles('#file', file);
  await waitForResults(page);
  assert.equal(served, 1, 'the new worker was started from the script the page kept, not fetched again');
  // The real module exports the panic words the worker reads after a trap; none are pending.
  assert.equal(await page.evaluate(async () => {
    const m = await import('./pkg/huqing.js');
    await m.default();
    return typeof m.last_panic === 'function' && m.last_panic() === undefined;
  }), true);
  seen.errors = seen.errors.filter((e) => !/unreachable/.test(e));
  await assertInert(page, seen, 'after a trap');
});

test('cancelling while reading and while checking leaves the page ready for the next file', { timeout: TIMEOUT * 4 }, async (t) => {
  const { page, seen } = await openPage(t);
  const big = join(tmp, 'big.csv');
  execFileSync(CLI, ['generate', '--households', '40000', '--seed', '5', '--out', big], { stdio: 'pipe' });
  const small = join(tmp, 'small.csv');
  execFileSync(CLI, ['generate', '--households', '30', '--seed', '6', '--out', small], { stdio: 'pipe' });
  const smallRows = JSON.parse(execFileSync(CLI, ['check', small, '--format', 'json']).toString('utf8')).rows;
  const original = readFileSync(big);
  for (const stage of ['读取', '检查']) {
    await page.setInputFiles('#file', big);
    await page.waitForFunction((s) => document.getElementById('progress-stage').textContent.includes(s), stage, { timeout: TIMEOUT, polling: 10 });
    await page.locator('#cancel').click();
    await page.waitForSelector('#progress', { state: 'hidden', timeout: TIMEOUT });
    assert.equal(await page.locator('#error').isVisible(), false, `cancelling while ${stage} showed an error`);
    assert.equal(await page.locator('#results').isVisible(), false, `cancelling while ${stage} showed results`);
    await page.setInputFiles('#file', small);
    await waitForResults(page);
    assert.equal(Number((await page.locator('#r-rows').innerText()).replace(/[^0-9]/g, '')), smallRows, `the file after cancelling while ${stage}`);
  }
  // The File the page read is unchanged, to the byte, in the browser and on disk.
  const same = await page.evaluate(async (b64) => {
    const input = document.getElementById('file');
    const bytes = new Uint8Array(await input.files[0].arrayBuffer());
    const want = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return bytes.length === want.length && bytes.every((b, i) => b === want[i]);
  }, readFileSync(small).toString('base64'));
  assert.ok(same, 'the File reads the same after its check');
  assert.deepEqual(readFileSync(big), original);
  await assertInert(page, seen, 'cancelling');
});

test('a real panic in the reader shows its words, and the next file checks', { timeout: TIMEOUT * 2 }, async (t) => {
  // An .xls the fuzzer found on which calamine indexes past a formula's end: natively refused as
  // corrupt, in wasm a panic that aborts the module.
  const { page, seen } = await openPage(t);
  const crash = readFileSync(join(ROOT, 'tests', 'fixtures', 'fuzz', 'read_xls', 'calamine-formula-slice.xls'));
  await page.setInputFiles('#file', { name: 'crash.xls', mimeType: 'application/vnd.ms-excel', buffer: crash });
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  const message = await page.locator('#error-message').innerText();
  assert.equal(await page.locator('#error-code').innerText(), 'internal');
  assert.match(message, /RuntimeError: unreachable: range end index \d+ out of range .*calamine/, "the panic hook's words reach the page");
  await page.setInputFiles('#file', { name: 'reg.csv', mimeType: 'text/csv', buffer: readFileSync(hostile.csv) });
  await waitForResults(page);
  seen.errors = seen.errors.filter((e) => !/unreachable/.test(e));
  await assertInert(page, seen, 'after a panic');
});
