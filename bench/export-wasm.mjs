// Times the exports in the browser: the built wasm module in headless Chromium checks a generated
// register of ROWS rows (xlsx, 26 columns) through `Checked`, then makes each export. Prints the
// check's time, each export's time and size, the heap in use (`heap_in_use()`) before each export,
// at its largest while the annotated workbook's rows are written and after it, and the wasm memory
// after the check and after the exports (wasm memory only grows, so "after" is the peak). The
// annotated workbook above BROWSER_CELL_LIMIT cells is refused (export-too-large): that is printed
// too.
//
// Needs `scripts/build` (www/pkg, target/release/huqing) and /usr/bin/chromium.
// Run: node bench/export-wasm.mjs [ROWS…]   (default 100000), or scripts/bench-export.
// The generated file is written to www/samples/ (git-ignored) for the page to fetch, then removed.

import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../scripts/server.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { chromium } = createRequire(join(ROOT, 'tests', 'e2e', 'package.json'))('playwright-core');
const CLI = join(ROOT, 'target', 'release', 'huqing');
const SAMPLES = join(ROOT, 'www', 'samples');
const sizes = process.argv.slice(2).map(Number);

if (!existsSync(CLI) || !existsSync(join(ROOT, 'www', 'pkg', 'huqing_bg.wasm'))) {
  console.error('run scripts/build first');
  process.exit(1);
}

const server = await startServer({ root: join(ROOT, 'www'), port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const rows of sizes.length ? sizes : [100_000]) {
    const name = `bench-export-${rows}.xlsx`;
    const path = join(SAMPLES, name);
    execFileSync(CLI, ['generate', '--households', String(Math.round(rows / 3.04)), '--seed', '43', '--out', path], { stdio: 'pipe' });
    const mb = statSync(path).size / 1e6;
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    const r = await page.evaluate(async (file) => {
      const mod = await import('./pkg/huqing.js');
      const wasm = await mod.default();
      const bytes = new Uint8Array(await (await fetch(`samples/${file}`)).arrayBuffer());
      let t = performance.now();
      const checked = new mod.Checked(bytes, file, {}, () => {});
      const report = checked.report();
      const check = performance.now() - t;
      const afterCheck = wasm.memory.buffer.byteLength;
      const exports = [];
      const mb = (x) => (x / 1e6).toFixed(1);
      for (const method of ['findings_csv', 'findings_json', 'masked_xlsx', 'masked_json', 'annotated_xlsx']) {
        // The heap in use (heap_in_use: live bytes) and the wasm memory (its peak) before the
        // export and at each progress tick while the sheets' rows are written.
        const heap = mod.heap_in_use();
        const memory = wasm.memory.buffer.byteLength;
        let writing = { heap, memory };
        const ticks = (f) => {
          if (f < 1) writing = { heap: Math.max(writing.heap, mod.heap_in_use()), memory: wasm.memory.buffer.byteLength };
        };
        t = performance.now();
        try {
          const out = method === 'annotated_xlsx' ? checked[method](bytes, ticks) : checked[method]();
          const ms = (performance.now() - t).toFixed(0);
          exports.push(`${method} ${ms} ms, ${mb(out.length)} MB; heap ${mb(heap)} MB before, `
            + `${mb(writing.heap)} MB once the rows are written, ${mb(mod.heap_in_use())} MB after; wasm memory `
            + `${mb(memory)} → ${mb(writing.memory)} → ${mb(wasm.memory.buffer.byteLength)} MB`);
        } catch (e) {
          exports.push(`${method} refused: ${e.code || e}`);
        }
      }
      const after = wasm.memory.buffer.byteLength;
      checked.free();
      return { rows: report.rows, columns: report.headers.length, findings: report.findings.length, check, afterCheck, after, exports };
    }, name);
    await page.context().close();
    rmSync(path, { force: true });
    console.log(`wasm ${r.rows} rows × ${r.columns} columns (${mb.toFixed(1)} MB xlsx, ${r.findings} findings): check ${r.check.toFixed(0)} ms | `
      + `${r.exports.join(' | ')} | wasm memory ${(r.afterCheck / 1e6).toFixed(0)} MB after the check, ${(r.after / 1e6).toFixed(0)} MB after the exports`);
  }
} finally {
  await browser.close();
  await server.close();
}
