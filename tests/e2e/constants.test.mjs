// The JS copies of what Rust owns (www/constants.js) against the wasm module and the Rust
// source, so that they cannot drift: the built-in profiles, the severities, the error codes.
// Node only, no browser: the wasm module is loaded here from its bytes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ROOT, assertBuilt } from './lib.mjs';
import { BUILT_IN_PROFILES, CODES, DEFAULT_PROFILE, PERIOD_COUNTS, RUST_CODES, SEVERITIES, SEVERITY_ORDER } from '../../www/constants.js';
import { STAGES } from '../../www/huqing.js';

/** The wasm module, initialised from its bytes (no fetch in node). */
async function wasm() {
  assertBuilt();
  const mod = await import(pathToFileURL(join(ROOT, 'www', 'pkg', 'huqing.js')).href);
  await mod.default({ module_or_path: readFileSync(join(ROOT, 'www', 'pkg', 'huqing_bg.wasm')) });
  return mod;
}

const catalogue = (mod, profile) => {
  const out = mod.rules(profile);
  return typeof out === 'string' ? JSON.parse(out) : out;
};

test('the built-in profiles are the checker\'s, the default first', async () => {
  const mod = await wasm();
  let refused = null;
  try {
    mod.rules('no-such-profile');
  } catch (e) {
    refused = e;
  }
  assert.ok(refused, 'an unknown profile name should be refused');
  assert.equal(refused.code, 'bad-profile');
  const listed = /the built-in profiles are (.+)$/.exec(refused.message_en);
  assert.ok(listed, `the refusal should list the built-in profiles: ${refused.message_en}`);
  assert.deepEqual(BUILT_IN_PROFILES, listed[1].split(', ').map((s) => s.trim()));
  assert.equal(DEFAULT_PROFILE, BUILT_IN_PROFILES[0]);
  // The checker's default is the first: its catalogue is the one given with no profile.
  assert.deepEqual(catalogue(mod, DEFAULT_PROFILE), catalogue(mod, undefined));
  for (const name of BUILT_IN_PROFILES) assert.ok(catalogue(mod, name).length > 0, name);
});

test('the severities are the checker\'s, worst first', async () => {
  const mod = await wasm();
  const seen = new Set(BUILT_IN_PROFILES.flatMap((name) => catalogue(mod, name).map((r) => r.severity)));
  assert.deepEqual([...seen].sort(), [...SEVERITIES].sort(), 'the rules use exactly these severities');
  // Rust's order of declaration is its order of severity (Error < Warning < Info).
  const rust = readFileSync(join(ROOT, 'src', 'base', 'finding.rs'), 'utf8');
  const body = /pub enum Severity \{([^}]*)\}/.exec(rust);
  assert.ok(body, 'src/base/finding.rs should declare enum Severity');
  const variants = [...body[1].matchAll(/^\s*([A-Z]\w*),?\s*$/gm)].map((m) => m[1].toLowerCase());
  assert.deepEqual(variants, SEVERITIES);
  assert.deepEqual(SEVERITIES.map((s) => SEVERITY_ORDER[s]), SEVERITIES.map((_, i) => i));
});

test('the error codes named in JS are the checker\'s where it gives them, and only there', () => {
  const rust = readFileSync(join(ROOT, 'src', 'base', 'error.rs'), 'utf8');
  const fn = /pub fn code\(&self\) -> &'static str \{([\s\S]*?)\n {4}\}/.exec(rust);
  assert.ok(fn, 'src/base/error.rs should have Error::code');
  const codes = new Set([...fn[1].matchAll(/=> "([a-z-]+)"/g)].map((m) => m[1]));
  assert.ok(codes.size > 10, 'Error::code should name the codes');
  for (const code of RUST_CODES) assert.ok(codes.has(code), `${code} is not a code of src/base/error.rs`);
  for (const code of Object.values(CODES)) {
    if (!RUST_CODES.includes(code)) assert.ok(!codes.has(code), `${code} is the checker's: list it in RUST_CODES`);
  }
  assert.equal(new Set(Object.values(CODES)).size, Object.values(CODES).length, 'each code once');
});

test('the period counts the page tabulates are the checker\'s fields and kinds, in its order', async () => {
  const mod = await wasm();
  const kinds = mod.kinds(undefined);
  assert.deepEqual(PERIOD_COUNTS.map(([, key]) => key), kinds.period.map((k) => k.key));
  // Every field is one a report's period totals carries.
  const fixture = (name) => readFileSync(join(ROOT, 'tests', 'fixtures', 'period', name));
  const checked = new mod.Checked(fixture('period-current.xlsx'), 'period-current.xlsx', undefined, () => {},
    undefined, undefined, undefined, fixture('period-previous.xlsx'), 'period-previous.xlsx');
  const report = checked.report();
  checked.free();
  for (const [field, key] of PERIOD_COUNTS) {
    assert.equal(typeof report.period.totals[field], 'number', field);
    assert.ok(report.rules.some((r) => r.key === key), `${key} is among the report's rules`);
  }
  // The list kinds the page offers are the checker's, labelled by it.
  assert.ok(kinds.lists.length >= 12 && kinds.lists.every((k) => k.key.startsWith('list-') && k.label_zh && k.label_en));
});

test('the progress stages named in JS are the checker\'s, and the exports\'', () => {
  const rust = readFileSync(join(ROOT, 'src', 'check', 'mod.rs'), 'utf8');
  const stages = [...rust.matchAll(/Stage::\w+ => "([a-z]+)"/g)].map((m) => m[1]);
  assert.ok(stages.includes('previous') && stages.includes('comparing'), stages.join());
  assert.deepEqual(Object.keys(STAGES), [...stages, 'exporting']);
});
