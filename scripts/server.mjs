//! A tiny dependency-free static server for www/: local use and the browser tests only.
//
// Binds 127.0.0.1, serves files (never directory listings), refuses paths that leave the root,
// and gives wasm its application/wasm type so streaming compilation works.
// Run directly: `node scripts/server.mjs` (port from PORT, else the first free one from 8080).
// From tests: `const {url, close} = await startServer({root, port: 0})`.

import { createServer } from 'node:http';
import { stat, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_ROOT = resolve(HERE, '..', 'www');

// The policy index.html declares in its meta tag, also sent as a header (the workers, started
// from a Blob URL, run under the page's policy either way).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; connect-src 'self'; "
  + "img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
};

/** Maps a request path to a file under root, or null when it would leave root or is malformed. */
function toFile(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function handler(root, headers) {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    const file = toFile(root, req.url || '/');
    if (!file) return send(res, 400, 'bad path\n');
    let info;
    try {
      info = await stat(file);
    } catch {
      return send(res, 404, 'not found\n');
    }
    if (!info.isFile()) return send(res, 404, 'not found\n');
    const body = await readFile(file);
    const security = headers && {
      'X-Content-Type-Options': 'nosniff',
      // Nothing may frame the page; embed.html is framed by the portals its ?origins= names
      // (a deployment lists them in frame-ancestors too: docs/deploy.md).
      'Content-Security-Policy': basename(file) === 'embed.html' ? CSP : `${CSP}; frame-ancestors 'none'`,
      'Referrer-Policy': 'no-referrer',
      // Cross-origin isolated: the page may share memory between workers, and checks on the
      // threaded build (docs/deploy.md). embed.html may still be framed by a portal that is
      // isolated itself, which requires it to allow being loaded from another origin.
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      ...(basename(file) === 'embed.html' ? { 'Cross-Origin-Resource-Policy': 'cross-origin' } : {}),
    };
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      ...security,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

function listen(server, port) {
  return new Promise((ok, fail) => {
    const onError = (e) => { server.off('listening', onListening); fail(e); };
    const onListening = () => { server.off('error', onError); ok(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Starts serving `root` on 127.0.0.1. `port` 0 picks any free port; a number tries that port
 * only; undefined tries PORT, else 8080 upwards until one is free. `headers: false` serves without
 * the security headers, as a careless deployment would (for the tests of what the page then does;
 * not cross-origin isolated, the page checks on one thread).
 */
export async function startServer({ root = DEFAULT_ROOT, port, headers = true } = {}) {
  root = resolve(root);
  const server = createServer(handler(root, headers));
  if (port === undefined && process.env.PORT) port = Number(process.env.PORT);
  if (port !== undefined) {
    await listen(server, port);
  } else {
    for (let p = 8080; ; p++) {
      try {
        await listen(server, p);
        break;
      } catch (e) {
        if (e.code !== 'EADDRINUSE' || p >= 8180) throw e;
      }
    }
  }
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer();
  console.log(`huqing: serving www/ at ${url}`);
}
