// Times duplicate detection in the browser: the built wasm module in headless Chromium checks two
// generated county registers (ROWS rows in all, a person of the first planted into the second)
// with one Batch, then finds the duplicates across them. Prints, per size: the time each file's
// check took (reading, every rule including the duplicate rules, and the person index), the time
// of Batch.finish() (exact and fuzzy detection over the joined index of all rows), and the wasm
// memory: its size before finish() and after (wasm memory only grows, so "after" is the peak).
// The two registers are generated independently from the same ten counties, so at a million rows
// some IDs and some (name, birth date, sex) fall together by chance: those are found too.
//
// Needs `scripts/build` (www/pkg, target/release/huqing) and /usr/bin/chromium.
// Run: node bench/duplicates-wasm.mjs [ROWS…]   (default 100000 1000000), or scripts/bench-duplicates.
// The generated files are written to www/samples/ (git-ignored) for the page to fetch, then removed.

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
  for (const rows of sizes.length ? sizes : [100_000, 1_000_000]) {
    const households = String(Math.round(rows / 6)); // two files, about three rows a household
    const names = [`bench-a-${rows}.csv`, `bench-b-${rows}.csv`];
    const paths = names.map((n) => join(SAMPLES, n));
    execFileSync(CLI, ['generate', '--households', households, '--seed', '41', '--out', paths[0]], { stdio: 'pipe' });
    execFileSync(CLI, ['generate', '--households', households, '--seed', '42', '--plant-from-seed', '41', '--out', paths[1]], { stdio: 'pipe' });
    const mb = paths.reduce((s, p) => s + statSync(p).size, 0) / 1e6;
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    const r = await page.evaluate(async (files) => {
      const mod = await import('./pkg/huqing.js');
      const wasm = await mod.default();
      const batch = new mod.Batch();
      const adds = [];
      let rowsRead = 0;
      for (const name of files) {
        const bytes = new Uint8Array(await (await fetch(`samples/${name}`)).arrayBuffer());
        const t = performance.now();
        const report = batch.add(bytes, name, {}, () => {});
        adds.push(performance.now() - t);
        rowsRead += report.rows;
      }
      const before = wasm.memory.buffer.byteLength;
      const t = performance.now();
      const { cross } = batch.finish();
      const finish = performance.now() - t;
      const after = wasm.memory.buffer.byteLength;
      batch.free();
      const counts = {};
      for (const c of cross) counts[c.rule] = (counts[c.rule] || 0) + 1;
      return { adds, finish, before, after, rowsRead, counts };
    }, names);
    await page.context().close();
    for (const p of paths) rmSync(p, { force: true });
    console.log(`wasm ${String(r.rowsRead).padStart(9)} rows (${mb.toFixed(0)} MB CSV in 2 files): check per file ${r.adds.map((a) => a.toFixed(0)).join(' + ')} ms | `
      + `duplicates across all rows (exact + fuzzy, Batch.finish) ${r.finish.toFixed(0)} ms | wasm memory ${(r.before / 1e6).toFixed(0)} MB before, `
      + `${(r.after / 1e6).toFixed(0)} MB after | cross findings: ${JSON.stringify(r.counts)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
