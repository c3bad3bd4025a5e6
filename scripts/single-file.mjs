// Builds dist/huqing-offline.html: the page as ONE self-contained file that works opened from
// file:// with no server and no network (intranet PCs, USB sticks).
//
// Run by scripts/build after wasm-bindgen: `node scripts/single-file.mjs [www-dir] [out-file]`.
// What it does to www/index.html:
// - every stylesheet becomes one inline <style>, every module script one inline module script
//   (the page's modules joined, each in its own function scope, so huqing.js is one instance);
// - the worker (wasm-bindgen's glue + worker.js, the wasm as base64) goes into a non-executed
//   <script type="text/plain">, started from a Blob URL as the served page starts it from
//   www/pkg/huqing-worker.js, which this script writes too;
// - the CSP becomes: nothing fetched or connected at all, scripts and styles only by their
//   sha256 hashes (computed here), workers only from blob:, wasm compiled by 'wasm-unsafe-eval'.
// It fails, rather than writing a half-offline file, when anything is left that would be fetched.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WWW = resolve(process.argv[2] || join(ROOT, 'www'));
const OUT = resolve(process.argv[3] || join(ROOT, 'dist', 'huqing-offline.html'));

const IDENT = /^[A-Za-z_$][\w$]*$/;

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

/** Replaces exactly one occurrence of `from`, failing loudly when the source has changed shape. */
function replaceOnce(source, from, to, what) {
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + from.length) >= 0) fail(`expected exactly one ${JSON.stringify(from)} in ${what}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/** Parses `a, b as c` (an import or export list) into [[outer, inner]] pairs. */
function bindings(list, what) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const [name, alias = name] = item.split(/\s+as\s+/).map((s) => s.trim());
    if (!IDENT.test(name) || !IDENT.test(alias)) fail(`cannot read the binding "${item}" in ${what}`);
    return [name, alias];
  });
}

/**
 * Turns one ES module (the subset this project writes: named imports from relative paths,
 * `export` declarations and `export { … }` lists) into a function scope returning its exports.
 * `deps` maps a specifier to the variable holding that module's exports.
 */
function wrapModule(source, what, deps) {
  const exported = [];
  let code = source.replace(/^import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?[ \t]*$/gm, (_, list, spec) => {
    const dep = deps(spec);
    return `const { ${bindings(list, what).map(([n, a]) => (n === a ? n : `${n}: ${a}`)).join(', ')} } = ${dep};`;
  });
  code = code.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm, (_, kind, name) => {
    exported.push([name, name]);
    return `${kind} ${name}`;
  });
  code = code.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const [local, name] of bindings(list, what)) exported.push([name, local]);
    return '';
  });
  const statements = code.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');
  if (/^\s*(import|export)(\s+[\w*{]|\s*\{)/m.test(statements) || /\bimport\s*\(/.test(statements)) {
    fail(`${what} uses an import or export form this script does not bundle`);
  }
  if (/^await\b/m.test(statements)) fail(`${what} uses top-level await`);
  const out = exported.map(([name, local]) => (name === local ? name : `${JSON.stringify(name)}: ${local}`));
  return `(() => {\n${code}\nreturn { ${out.join(', ')} };\n})()`;
}

/**
 * Joins modules from their entry files: returns the statements (`const __huqing_module_N = …;`,
 * dependencies first) and the variable of each entry; shared modules run once. `edit(source,
 * what)` may rewrite a module's source before it is wrapped.
 */
function joinModules(entries, edit = (source) => source) {
  const order = [];
  const vars = new Map();
  const visit = (file) => {
    if (vars.has(file)) return vars.get(file);
    const name = `__huqing_module_${vars.size}`;
    vars.set(file, name);
    const what = relative(WWW, file);
    const source = edit(readFileSync(file, 'utf8'), what);
    if (/\bimport\.meta\b/.test(source)) fail(`${what} uses import.meta, which has no meaning in one file`);
    const wrapped = wrapModule(source, what, (spec) => {
      if (!spec.startsWith('.')) fail(`${what} imports ${spec}, which is not a file of the page`);
      return visit(resolve(dirname(file), spec));
    });
    order.push(`const ${name} = ${wrapped};`);
    return name;
  };
  const names = entries.map(visit);
  return { order, names };
}

/** Bundles page modules from their entry files into one module script; shared modules run once. */
function bundlePage(entries) {
  const { order } = joinModules(entries, (source, what) => {
    if (what !== 'huqing.js') return source;
    // The worker script is the text of #huqing-worker rather than a fetched file.
    // A file: page is never cross-origin isolated, so it has only the one-thread build.
    return replaceOnce(source, "fetch(new URL(threaded() ? WORKER_FILES.threads : WORKER_FILES.one, import.meta.url))", "Promise.resolve(new Response(document.getElementById('huqing-worker').textContent))", what);
  });
  const prelude = ['// huqing offline: the page modules, joined. The worker source is the text of #huqing-worker.'];
  return `\n${prelude.join('\n')}\n${order.join('\n')}\n`;
}

/**
 * The worker as one classic script: the wasm-bindgen glue, the wasm bytes, worker.js and the
 * modules it imports; of the build wasm-bindgen wrote into `pkg` (pkg/ the one-thread build,
 * pkg/threads/ the threaded one).
 */
function bundleWorker(pkg) {
  // import.meta is a syntax error in a classic script; the glue only uses it to find the wasm
  // file when given no bytes, and here it is always given the bytes (or, in a worker of the
  // threaded build's pool, the compiled module).
  const gluePath = relative(WWW, join(pkg, 'huqing.js'));
  const glueSource = replaceOnce(readFileSync(join(pkg, 'huqing.js'), 'utf8'), 'import.meta.url', 'self.location.href', gluePath);
  const glue = wrapModule(glueSource, gluePath, (spec) => fail(`${gluePath} imports ${spec}`));
  const wasm = readFileSync(join(pkg, 'huqing_bg.wasm')).toString('base64');
  // worker.js and the modules it imports (constants.js), each in its own function scope; the
  // glue is the one module it loads by import().
  const { order } = joinModules([join(WWW, 'worker.js')], (source, what) => (what === 'worker.js'
    ? replaceOnce(source, "import('./pkg/huqing.js')", 'Promise.resolve(__huqingGlueOffline)', what)
    : source));
  const worker = order.join('\n');
  return [
    "'use strict';",
    '// huqing offline worker: wasm-bindgen glue, the wasm inlined as base64, then worker.js.',
    `const __huqingGlue = ${glue};`,
    `const __huqingWasm = "${wasm}";`,
    'const __huqingGlueOffline = {',
    '  ...__huqingGlue,',
    '  default: (given) => __huqingGlue.default(given ?? { module_or_path: Uint8Array.from(atob(__huqingWasm), (c) => c.charCodeAt(0)) }),',
    '};',
    worker,
  ].join('\n');
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function assertRawText(text, what) {
  if (/<\/script|<!--/i.test(text)) fail(`${what} contains </script or <!--, which would end its inline block`);
  return text;
}

let html = readFileSync(join(WWW, 'index.html'), 'utf8');

const styles = [];
html = html.replace(/<link\s+rel="stylesheet"\s+href="([^"]+)"\s*\/?>\n?/g, (_, href) => {
  styles.push(readFileSync(join(WWW, href), 'utf8'));
  return '';
});
// No samples travel with the file: its sample button would only fail.
styles.push('#sample { display: none !important; }\n');
const css = `\n${styles.join('\n')}`;
if (/<\/style/i.test(css)) fail('a stylesheet contains </style');

const entries = [];
html = html.replace(/<script\s+type="module"\s+src="([^"]+)"\s*><\/script>\n?/g, (_, src) => {
  entries.push(resolve(WWW, src));
  return entries.length === 1 ? '<!--huqing:head-->\n' : '';
});
if (entries.length === 0) fail('index.html has no module script');
const script = assertRawText(bundlePage(entries), 'the page script');
const worker = assertRawText(bundleWorker(join(WWW, 'pkg')), 'the worker');
// The served page starts its workers from the same script (www/huqing.js fetches it once), or,
// cross-origin isolated, from the threaded build's (scripts/build makes it; the offline file
// never carries it).
writeFileSync(join(WWW, 'pkg', 'huqing-worker.js'), worker);
const threadsPkg = join(WWW, 'pkg', 'threads');
if (existsSync(join(threadsPkg, 'huqing_bg.wasm'))) {
  writeFileSync(join(WWW, 'pkg', 'huqing-worker-threads.js'), bundleWorker(threadsPkg));
}

const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  "connect-src 'none'",
  'img-src data:',
  `style-src ${sha256(css)}`,
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

html = replaceOnce(html, '<!--huqing:head-->\n', `<style>${css}</style>\n<script type="module">${script}</script>\n`, 'index.html');
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
if (!html.includes(csp)) fail('index.html has no CSP meta tag to replace');
html = replaceOnce(html, '</body>', `<script type="text/plain" id="huqing-worker">${worker}</script>\n</body>`, 'index.html');

// Whatever still names a URL would be fetched, and fail, from file:// under this policy.
const outside = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
if (outside.length) fail(`index.html still refers to ${outside.join(', ')}`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, html);
console.log(`single-file: wrote ${relative(process.cwd(), OUT)} (${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MB)`);
