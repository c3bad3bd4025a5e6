// The hand-written TypeScript declarations against what the code exports: huqing.d.ts against
// huqing.js, huqing-checker.d.ts against huqing-checker.js, and the wasm module
// (www/pkg/huqing.js) against what worker.js and the README's Embedding section use of it.
// Node only, no browser.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ROOT, assertBuilt } from './lib.mjs';

const read = (...path) => readFileSync(join(ROOT, ...path), 'utf8');

/** The values (functions, classes, constants) a .d.ts declares for export, and its types. */
function declared(dts) {
  const values = new Set();
  const types = new Set();
  for (const [, kind, name] of dts.matchAll(/^export\s+(?:declare\s+)?(function|class|const|let|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)) {
    (kind === 'interface' || kind === 'type' ? types : values).add(name);
    if (kind === 'class') types.add(name);
  }
  return { values, types };
}

/** The names a module's source exports (the forms this project writes). */
function exportedBySource(source) {
  const names = new Set();
  for (const [, name] of source.matchAll(/^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) names.add(name);
  for (const [, list] of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) names.add(item.split(/\s+as\s+/).pop().trim());
  }
  return names;
}

const sorted = (set) => [...set].sort();

test('huqing.d.ts declares exactly what huqing.js exports', async () => {
  const mod = await import(pathToFileURL(join(ROOT, 'www', 'huqing.js')).href);
  const { values } = declared(read('www', 'huqing.d.ts'));
  assert.deepEqual(sorted(values), sorted(Object.keys(mod)));
  for (const name of values) {
    const kind = /^export\s+(?:declare\s+)?(function|class|const)\s+/m.exec(read('www', 'huqing.d.ts').split('\n').find((l) => new RegExp(`^export\\s+(?:declare\\s+)?(?:function|class|const)\\s+${name}\\b`).test(l)))[1];
    if (kind === 'function' || kind === 'class') assert.equal(typeof mod[name], 'function', `${name} is declared a ${kind}`);
    else assert.notEqual(typeof mod[name], 'function', `${name} is declared a const`);
  }
  // The stages STAGES names are the Stage type's.
  const stage = /export type Stage = ([^;]+);/.exec(read('www', 'huqing.d.ts'));
  assert.deepEqual(sorted(new Set([...stage[1].matchAll(/'([^']+)'/g)].map((m) => m[1]))), sorted(Object.keys(mod.STAGES)));
});

test('huqing.d.ts\'s Severity and ExportKind are the code\'s', async () => {
  const { SEVERITIES } = await import(pathToFileURL(join(ROOT, 'www', 'constants.js')).href);
  const dts = read('www', 'huqing.d.ts');
  const union = (name) => [...new RegExp(`export type ${name} = ([^;]+);`).exec(dts)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(union('Severity'), SEVERITIES);
  const worker = read('www', 'worker.js');
  const kinds = /const EXPORTS = \{([\s\S]*?)\n\};/.exec(worker)[1];
  const exportKinds = [...kinds.matchAll(/^\s*'?([a-z-]+)'?:/gm)].map((m) => m[1]);
  assert.deepEqual(sorted(new Set(union('ExportKind'))), sorted(new Set(exportKinds)));
});

test('huqing-checker.d.ts declares exactly what huqing-checker.js exports', () => {
  // Not imported: the module defines the custom element, which node has no registry for.
  const { values } = declared(read('www', 'huqing-checker.d.ts'));
  assert.deepEqual(sorted(values), sorted(exportedBySource(read('www', 'huqing-checker.js'))));
  assert.match(read('www', 'huqing-checker.js'), /customElements\.define\('huqing-checker', HuqingChecker\)/);
  assert.match(read('www', 'huqing-checker.d.ts'), /'huqing-checker': HuqingChecker/);
});

test('the wasm module exports what the worker and the README use of it', async () => {
  assertBuilt();
  const glue = await import(pathToFileURL(join(ROOT, 'www', 'pkg', 'huqing.js')).href);
  const worker = read('www', 'worker.js');
  const used = new Set([...worker.matchAll(/\bmod\.([A-Za-z_]\w*)/g)].map((m) => m[1]));
  assert.ok(used.has('Checked') && used.has('Batch'), 'the worker should use Checked and Batch');
  // The threaded build (the pool's exports besides) and the one-thread build.
  const threads = await import(pathToFileURL(join(ROOT, 'www', 'pkg', 'threads', 'huqing.js')).href);
  const pool = ['pool_handles', 'pool_worker'];
  assert.ok(pool.every((name) => used.has(name)), 'the worker should start the pool');
  for (const name of used) {
    assert.equal(typeof threads[name], 'function', `the threaded wasm module does not export ${name}`);
    if (!pool.includes(name)) assert.equal(typeof glue[name], 'function', `the wasm module does not export ${name}`);
  }
  // Checked: the methods the worker calls (its exports, the household view, the report).
  const methods = [...worker.matchAll(/^\s*'?[a-z-]+'?: \['([a-z_]+)'/gm)].map((m) => m[1]);
  assert.ok(methods.length >= 5, 'the worker\'s EXPORTS should name Checked methods');
  for (const name of [...methods, 'report', 'household', 'free']) {
    assert.equal(typeof glue.Checked.prototype[name], 'function', `Checked has no ${name}()`);
  }
  for (const name of ['add', 'finish', 'free']) assert.equal(typeof glue.Batch.prototype[name], 'function', `Batch has no ${name}()`);
  // The README's Embedding section names Checked's methods as `name(…)`.
  const readme = read('README.md');
  const inWasm = /In wasm the same is `new Checked\(([^)]*)\)`([\s\S]*?)\n\n/.exec(readme);
  assert.ok(inWasm, 'README.md should describe Checked');
  const named = [...inWasm[2].matchAll(/`([a-z_]+)\(/g)].map((m) => m[1]);
  assert.ok(named.length >= 5);
  for (const name of named) assert.equal(typeof glue.Checked.prototype[name], 'function', `README names Checked.${name}(), which the wasm lacks`);
  assert.equal(glue.Checked.length, inWasm[1].split(',').length, 'Checked takes the arguments README lists');
});
