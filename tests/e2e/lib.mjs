// Shared by the embedding, offline and privacy browser tests: Chromium, a generated register
// with the CLI's own report of it, and a recorder of every request a browser context makes.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'target', 'release', 'huqing');
export const OFFLINE = join(ROOT, 'dist', 'huqing-offline.html');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const TIMEOUT = 120_000;

/** Fails early, with the command to run, when the build has not been made. */
export function assertBuilt(extra = []) {
  for (const [path, what] of [
    [CLI, 'the native CLI'],
    [join(ROOT, 'www', 'pkg', 'huqing_bg.wasm'), 'the wasm module'],
    ...extra,
  ]) {
    assert.ok(existsSync(path), `${what} is missing at ${path}: run scripts/build first`);
  }
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/**
 * Runs in the page (pass it to waitForFunction): true once a report is shown whole — #results out
 * and no longer aria-busy, as the page builds its parts one task after another — or an error is.
 */
export function reportOrError() {
  const results = document.getElementById('results');
  return (!results.hidden && !results.hasAttribute('aria-busy')) || !document.getElementById('error').hidden;
}

/** A temp dir removed by `cleanup()`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Generates a register with planted faults into `dir`; returns its path and the CLI's report. */
export function generatedRegister(dir, { households = 150, seed = 23, name = 'reg.xlsx' } = {}) {
  const path = join(dir, name);
  execFileSync(CLI, ['generate', '--households', String(households), '--seed', String(seed), '--out', path], { stdio: 'pipe' });
  const json = execFileSync(CLI, ['check', path, '--format', 'json'], { maxBuffer: 1 << 28 }).toString('utf8');
  const cli = JSON.parse(json);
  assert.ok(cli.findings.length > 0, 'the generated register should have findings');
  return { path, cli };
}

/** Asserts per-rule counts equal the CLI's summary, in both directions. */
export function assertCounts(shown, cli, where) {
  const expected = cli.summary;
  for (const [rule, count] of Object.entries(expected)) {
    assert.equal(shown[rule] ?? 0, count, `${where}: rule ${rule} shows ${shown[rule]}, the CLI ${count}`);
  }
  for (const [rule, count] of Object.entries(shown)) {
    assert.equal(expected[rule] ?? 0, count, `${where}: rule ${rule} is shown but not reported by the CLI`);
  }
}

/**
 * Records every request of a context (pages, workers, service workers), websockets, and page
 * errors. `mark()` starts a new phase; `since(mark)` lists the requests made after it.
 */
export function recordRequests(context, page) {
  const log = { requests: [], sockets: [], errors: [] };
  context.on('request', (r) => log.requests.push({ url: r.url(), method: r.method(), type: r.resourceType() }));
  page.on('websocket', (ws) => log.sockets.push(ws.url()));
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(`console: ${m.text()}`); });
  log.mark = () => log.requests.length;
  log.since = (mark) => log.requests.slice(mark);
  return log;
}

/** Waits until no request has started for `quietMs`, so that everything loaded at start is in. */
export async function settle(log, quietMs = 700, limitMs = 30_000) {
  const start = Date.now();
  let count = -1;
  let last = Date.now();
  while (Date.now() - start < limitMs) {
    if (log.requests.length !== count) {
      count = log.requests.length;
      last = Date.now();
    } else if (Date.now() - last >= quietMs) {
      return;
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.fail('requests kept coming after load');
}

function npm(args, cwd) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, stdio: 'pipe' }).toString('utf8');
}

/**
 * The example portal as a portal gets huqing: `npm pack` in the repository, then a copy of
 * examples/portal/ with the tarball installed into its node_modules. Returns the copy's path.
 */
export function installPortal(dir) {
  const packed = npm(['pack', '--pack-destination', dir], ROOT).trim().split('\n').pop();
  const tarball = join(dir, packed);
  assert.ok(existsSync(tarball), `npm pack wrote no ${tarball}`);
  const portal = join(dir, 'portal');
  cpSync(join(ROOT, 'examples', 'portal'), portal, { recursive: true });
  npm(['install', '--offline', tarball], portal);
  return portal;
}
