// huqing's embeddable API: check a register in a worker, entirely in this browser.
//
//   import { check, rules } from './huqing.js';
//   const report = await check(file, { onProgress(fraction, stage) {}, signal, sheet });
//   const catalogue = await rules({ profile: 'monitoring-2021' });
//
// Options: onProgress(fraction, stage, file, memory) (file: the index in checkMany; memory: the
// bytes of wasm memory in use, its peak by the last call); signal (AbortSignal); sheet (a sheet name); encoding (of
// a text file: 'UTF-8', 'gb18030', 'UTF-16LE' …, by default detected); columns
// ({roleKey: header} to override the column mapping; '' leaves a role unmapped); name (the file
// name, when input has none: the checker uses its extension); profile (a built-in profile name,
// 'national-2016' or 'monitoring-2021', or a profile as JSON text or as an object: see
// docs/profile.md); exemptions (an exemption list, 豁免清单: File, Blob, ArrayBuffer or
// Uint8Array; exemptionsName names it when it is no File); compare (departments' lists,
// 部门数据比对: [{file, kind?, name?}], docs/compare.md); previous (last period's register, 上期比对:
// File, Blob, ArrayBuffer or Uint8Array, previousName naming it when it is no File; the report
// gains `period`, docs/period.md); work (the 务工 records, a 务工监测 and/or 计划外出务工 export:
// File, Blob, ArrayBuffer or Uint8Array, workName naming it when it is no File; checked in place
// of such sheets of the register's workbook). A list, previous register or work file that cannot
// be used rejects with code `bad-list`, `bad-previous` or `bad-work`; one too large, as the
// register would be.
//
// rules({profile}) resolves to every rule under that profile: [{key, severity, scope, title_zh,
// title_en, doc, doc_zh, enabled, custom}], and rejects like check when the profile is wrong.
//
// Several files together (the registers of every county of a prefecture):
//
//   import { checkMany } from './huqing.js';
//   const { files, cross, summary } = await checkMany([fileA, fileB], { onProgress(fraction, stage, index) {} });
//
// `files` holds each file's report (as check gives it) or {file, error:{code, message_zh,
// message_en}} for a file that could not be checked; `cross` the duplicates across files, each a
// finding whose `locations` name the file, row, household, township, village, name and ID of
// every row; `summary` counts them by rule. Inputs may be {input, name} objects to name buffers.
//
// The latest report check() gave can be looked into further (these queue like check()):
//
//   const view = await household(report, '5227310101001');
//     // {household, header_row, headers:[text], rows:[{row, cells:[text]}]}: every member row
//   const { blob, name } = await exportReport(report, 'annotated');
//     // kind: 'annotated' (the workbook with offending cells marked, .xlsx), 'findings-csv',
//     // 'findings-json', 'masked-xlsx', 'masked-json' (a summary with personal data masked);
//     // name: the suggested download name, e.g. 原文件名-标注.xlsx
//
// They reject with code `stale-report` when `report` is not the latest check()'s (a newer check
// replaced it, or the worker was restarted): the worker keeps only the last checked file.
//
// `input` is a File, Blob, ArrayBuffer or Uint8Array. A File or Blob is read in the worker, off
// the page's thread. An ArrayBuffer (or a Uint8Array that spans its whole buffer) is transferred
// to the worker, not copied, and is unusable afterwards.
// Rejects with a CheckError carrying `code`, `message_zh` and `message_en`. Checks run one at a
// time, in call order; aborting the running one terminates the worker and a new one is started.

import { ABORTED, BAD_INPUT, CODES, STALE_REPORT, WORKER_FAILED } from './constants.js';

/** The stages a check reports progress in, with their display names. */
export const STAGES = {
  reading: { zh: '读取', en: 'Reading' },
  mapping: { zh: '识别列', en: 'Finding columns' },
  checking: { zh: '检查', en: 'Checking' },
  comparing: { zh: '比对名单', en: 'Comparing lists' },
  previous: { zh: '上期比对', en: 'Comparing with last period' },
  summarising: { zh: '汇总', en: 'Summarising' },
  exporting: { zh: '生成文件', en: 'Writing the file' },
};

/** The error a check rejects with. */
export class CheckError extends Error {
  constructor({ code, message_zh, message_en }) {
    super(message_en);
    this.name = code === CODES.aborted ? 'AbortError' : 'CheckError';
    this.code = code;
    this.message_zh = message_zh;
    this.message_en = message_en;
  }
}

let worker = null;
let readyPromise = null;
let current = null; // the running check: {id, resolve, reject, onProgress}
let queue = Promise.resolve();
let nextId = 1;
const utf8 = new TextDecoder();
// The latest check()'s report and the worker that holds its file, for household().
let latest = null; // {report, worker}

// Where workers start from: the worker and the wasm as one script (scripts/build writes it),
// fetched once, as the page starts the first worker, and kept as a Blob URL. A worker started
// after a cancel or a crash is started from it, so nothing is requested after the page has
// loaded, whatever happens; and a worker from a Blob URL runs under the page's own CSP.
let workerUrl = null;

/**
 * True when this page runs the threaded build, whose check worker spreads the rules over a pool
 * of workers sharing its memory: the page is cross-origin isolated (served with COOP `same-origin`
 * and COEP `require-corp`, docs/deploy.md; never the offline file), so SharedArrayBuffer exists,
 * and the computer has more than one core. Elsewhere the one-thread build checks, with the same
 * findings.
 */
export function threaded() {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
    && (globalThis.navigator?.hardwareConcurrency || 1) > 1;
}

const WORKER_FILES = { one: './pkg/huqing-worker.js', threads: './pkg/huqing-worker-threads.js' };

function workerSource() {
  workerUrl ??= fetch(new URL(threaded() ? WORKER_FILES.threads : WORKER_FILES.one, import.meta.url))
    .then((r) => {
      if (!r.ok) throw new Error(`pkg/huqing-worker.js: HTTP ${r.status}`);
      return r.blob();
    })
    .then((b) => URL.createObjectURL(new Blob([b], { type: 'text/javascript' })));
  workerUrl.catch(() => { workerUrl = null; });
  return workerUrl;
}

/**
 * A worker, started once its source is at hand; messages posted before that wait. It answers
 * like a Worker: postMessage, terminate, and onmessage/onerror set on it.
 */
function spawn() {
  const shell = { onmessage: null, onerror: null, onmessageerror: null, ended: false, pending: [], real: null };
  shell.postMessage = (message, transfer) => {
    if (shell.real) shell.real.postMessage(message, transfer);
    else shell.pending.push([message, transfer]);
  };
  shell.terminate = () => {
    shell.ended = true;
    shell.pending = [];
    shell.real?.terminate();
  };
  workerSource().then(
    (url) => {
      if (shell.ended) return;
      const real = new Worker(url);
      real.onmessage = (e) => shell.onmessage?.(e);
      real.onerror = (e) => shell.onerror?.(e);
      real.onmessageerror = (e) => shell.onmessageerror?.(e);
      shell.real = real;
      for (const [message, transfer] of shell.pending) real.postMessage(message, transfer);
      shell.pending = [];
    },
    (e) => shell.onerror?.({ message: String(e?.message || e), preventDefault() {} }),
  );
  return shell;
}

function startWorker() {
  const w = spawn();
  let readyOk, readyFail;
  readyPromise = new Promise((ok, fail) => { readyOk = ok; readyFail = fail; });
  readyPromise.catch(() => {});
  w.onmessage = (event) => {
    const msg = event.data || {};
    if (msg.type === 'ready') return readyOk();
    if (msg.type === 'error' && msg.id === null) {
      const err = new CheckError(msg.error);
      readyFail(err);
      settle(w, false, err);
      return retire(w);
    }
    if (!current || msg.id !== current.id) return;
    if (msg.type === 'progress') {
      try {
        current.onProgress?.(msg.fraction, msg.stage, msg.file, msg.memory);
      } catch (e) {
        console.error(e);
      }
    } else if (msg.type === 'findings') {
      // A report's findings come as JSON text in parts, each parsed in its own task (see worker.js).
      const parts = (current.findings ||= []);
      for (const f of JSON.parse(utf8.decode(msg.json))) parts.push(f);
    } else if (msg.type === 'result') {
      if (msg.parts) msg.report.findings = current.findings || [];
      settle(w, true, msg.report);
    } else if (msg.type === 'error') {
      settle(w, false, new CheckError(msg.error));
      if (msg.fatal) retire(w);
    }
  };
  w.onerror = (event) => {
    event.preventDefault?.();
    const detail = event.message ? `（${event.message}）` : '';
    const err = new CheckError({
      ...WORKER_FAILED,
      message_zh: WORKER_FAILED.message_zh + detail,
      message_en: WORKER_FAILED.message_en + (event.message ? ` (${event.message})` : ''),
    });
    readyFail(err);
    settle(w, false, err);
    retire(w);
  };
  w.onmessageerror = w.onerror;
  return w;
}

function settle(w, ok, value) {
  if (w !== worker || !current) return;
  const c = current;
  current = null;
  if (ok) c.resolve(value);
  else c.reject(value);
}

/** Ends a worker; the next check starts a fresh one. */
function retire(w) {
  w.terminate();
  if (w === worker) {
    worker = null;
    readyPromise = null;
  }
}

/** Starts the worker and loads the wasm ahead of the first check. Resolves when ready. */
export function preload() {
  if (!worker) worker = startWorker();
  return readyPromise;
}

/** Checks one register; resolves to the report. */
export function check(input, options = {}) {
  const run = queue.then(() => runOne(input, options));
  queue = run.catch(() => {});
  return abortable(run, options.signal);
}

/**
 * `run`, rejected at once when `signal` aborts, even while it still waits its turn in the queue
 * (behind the worker's start, say): the caller hears of the cancel when it happens.
 */
function abortable(run, signal) {
  if (!signal) return run;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new CheckError(ABORTED));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The list kinds and the period-change kinds under a profile, with their labels (from the
 * checker): {lists: [{kind, key, severity, label_zh, label_en}], period: [...]}.
 */
export function kinds({ profile } = {}) {
  const run = queue.then(() => request({ type: 'kinds', profile: profileText(profile) }, []));
  queue = run.catch(() => {});
  return run;
}

/** The rule catalogue under a profile (the default when none is given). */
export function rules({ profile } = {}) {
  const run = queue.then(() => request({ type: 'rules', profile: profileText(profile) }, []));
  queue = run.catch(() => {});
  return run;
}

/** A profile as the checker takes it: a built-in name or JSON text. */
function profileText(profile) {
  if (profile === undefined || profile === null || profile === '') return undefined;
  return typeof profile === 'string' ? profile : JSON.stringify(profile);
}

async function runOne(input, { onProgress, signal, sheet, columns, encoding, name, profile, exemptions, exemptionsName, referenceDate, compare, previous, previousName, work, workName } = {}) {
  if (signal?.aborted) throw new CheckError(ABORTED);
  const { buffer, fileName } = sendable(input, name);
  const list = exemptions ? sendable(exemptions, exemptionsName) : null;
  // Departments' lists to compare the register with: [{file, kind?, name?}].
  const lists = (Array.isArray(compare) ? compare : []).map((l) => {
    const sent = sendable(l?.file, l?.name);
    return { buffer: sent.buffer, name: sent.fileName, kind: typeof l.kind === 'string' && l.kind !== '' ? l.kind : undefined };
  });
  const baseline = previous ? sendable(previous, previousName) : null;
  const records = work ? sendable(work, workName) : null;
  const options = {};
  if (typeof sheet === 'string' && sheet !== '') options.sheet = sheet;
  if (typeof encoding === 'string' && encoding !== '') options.encoding = encoding;
  if (typeof referenceDate === 'string' && referenceDate !== '') options.reference_date = referenceDate;
  if (columns && typeof columns === 'object') options.columns = { ...columns };
  const chosen = profileText(profile);
  if (chosen !== undefined) options.profile = chosen;
  const message = { type: 'check', buffer, name: fileName, options };
  if (list) Object.assign(message, { exemptions: list.buffer, exemptionsName: list.fileName });
  if (lists.length) message.compare = lists;
  if (baseline) Object.assign(message, { previous: baseline.buffer, previousName: baseline.fileName });
  if (records) Object.assign(message, { work: records.buffer, workName: records.fileName });
  const transfer = transferable(buffer, list?.buffer, baseline?.buffer, records?.buffer, ...lists.map((l) => l.buffer));
  // The worker frees the kept check as this one starts: the report before is stale from now.
  latest = null;
  const report = await request(message, transfer, { signal, onProgress });
  latest = { report, worker };
  return report;
}

/** Every member of household `key` (户编号) of the latest check's file. */
export function household(report, key) {
  const run = queue.then(() => aboutLatest(report, { type: 'household', household: String(key ?? '') }));
  queue = run.catch(() => {});
  return run;
}

/**
 * An export of the latest check's file: resolves to {blob, name}. `onProgress(fraction, stage)`
 * follows the annotated workbook; aborting `signal` stops it (the worker, and the kept check with
 * it, is ended: household() and exports of that report reject with stale-report afterwards).
 */
export function exportReport(report, kind, { onProgress, signal } = {}) {
  const run = queue.then(() => aboutLatest(report, { type: 'export', kind: String(kind) }, { onProgress, signal }))
    .then(({ bytes, name, mime }) => ({ blob: new Blob([bytes], { type: mime }), name }));
  queue = run.catch(() => {});
  return run;
}

/** Sends a request about the kept check, once `report` is known to be the latest one. */
function aboutLatest(report, message, options) {
  if (!latest || report !== latest.report || latest.worker !== worker || !worker) {
    return Promise.reject(new CheckError(STALE_REPORT));
  }
  return request(message, [], options);
}

/** Posts one request to the worker and settles with its answer. */
function request(message, transfer, { signal, onProgress } = {}) {
  if (signal?.aborted) return Promise.reject(new CheckError(ABORTED));
  if (!worker) worker = startWorker();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      if (current?.id !== id) return;
      current = null;
      retire(w);
      reject(new CheckError(ABORTED));
    };
    const done = (f) => (v) => {
      signal?.removeEventListener('abort', onAbort);
      f(v);
    };
    current = { id, resolve: done(resolve), reject: done(reject), onProgress };
    signal?.addEventListener('abort', onAbort, { once: true });
    w.postMessage({ ...message, id }, transfer);
  });
}

/** Checks several registers together; resolves to {files, cross, summary}. */
export function checkMany(inputs, options = {}) {
  const run = queue.then(() => runMany(inputs, options));
  queue = run.catch(() => {});
  return run;
}

async function runMany(inputs, { onProgress, signal, sheet, columns } = {}) {
  if (signal?.aborted) throw new CheckError(ABORTED);
  const list = Array.from(inputs || []);
  if (list.length === 0) throw new CheckError(BAD_INPUT);
  const files = [];
  for (const item of list) {
    const named = item && typeof item === 'object' && 'input' in item && !(item instanceof Blob);
    const { buffer, fileName } = sendable(named ? item.input : item, named ? item.name : undefined);
    files.push({ buffer, name: fileName });
  }
  const options = {};
  if (typeof sheet === 'string' && sheet !== '') options.sheet = sheet;
  if (columns && typeof columns === 'object') options.columns = { ...columns };
  return request({ type: 'check-many', files, options }, transferable(...files.map((f) => f.buffer)), { signal, onProgress });
}

/**
 * `input` as the worker takes it: a Blob (a File) as it is, for the worker to read, so that the
 * page's thread never copies a big file (reading 200 MB here held it 60 ms); an ArrayBuffer to
 * transfer.
 */
function sendable(input, name) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return { buffer: input, fileName: name || input.name || '' };
  }
  if (input instanceof ArrayBuffer) return { buffer: input, fileName: name || '' };
  if (ArrayBuffer.isView(input)) {
    const whole = input.buffer instanceof ArrayBuffer && input.byteOffset === 0
      && input.byteLength === input.buffer.byteLength;
    const buffer = whole
      ? input.buffer
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength).slice().buffer;
    return { buffer, fileName: name || '' };
  }
  throw new CheckError(BAD_INPUT);
}

/** The ArrayBuffers among `buffers`, each once: what a message transfers rather than copies. */
const transferable = (...buffers) => [...new Set(buffers.filter((b) => b instanceof ArrayBuffer))];
