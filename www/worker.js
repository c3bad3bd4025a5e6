// huqing's worker: loads the wasm checker once and answers check requests. No DOM here.
//
// Protocol (all messages are plain objects):
//   worker → page  {type:'ready', pool}                        the wasm module is loaded, and the pool
//                  started (pool: its workers, 0 in the one-thread build; see POOL_NAME)
//   page → worker  {type:'check', id, buffer, name, options, exemptions?, exemptionsName?,
//                   compare?: [{buffer, name, kind?}],  departments' lists (部门数据比对)
//                   previous?, previousName?,            last period's register (上期比对)
//                   work?, workName?}                    the 务工 records (务工监测/计划外出务工)
//                  buffer, exemptions, previous, work: ArrayBuffer (transferred) or Blob (read here, off
//                  the page's thread; each refused unread when too large); options.profile: name
//                  or JSON text
//                  the worker keeps this check (its table and bytes) for the requests below,
//                  freeing the one before; a check that fails leaves none kept
//   page → worker  {type:'household', id, household}          every member of that 户编号 in the
//                  kept check: result report = {household, header_row, headers, rows:[{row, cells}]}
//   page → worker  {type:'export', id, kind}                  an export of the kept check, kind one of
//                  annotated | findings-csv | findings-json | masked-xlsx | masked-json:
//                  result report = {bytes: ArrayBuffer (transferred), name, mime}, name the
//                  suggested file name (原文件名-标注.xlsx …)
//   page → worker  {type:'rules', id, profile?}                the rule catalogue under a profile
//   page → worker  {type:'kinds', id, profile?}                the list and period-change kinds
//   page → worker  {type:'check-many', id, files:[{buffer, name}], options}   buffer as for 'check'
//                  several files together; progress carries `file` (its index), the result is
//                  {files:[report | {file, error}], cross:[finding with locations], summary}
//   worker → page  {type:'progress', id, fraction, stage, memory}
//                  0 ≤ fraction ≤ 1, stage: reading|mapping|checking|comparing|previous|summarising
//                  (comparing: the lists read and compared; previous: last period's register);
//                  memory: the bytes
//                  of wasm memory (it only grows: for 'check', the last progress message, sent just
//                  before the result, gives the peak)
//   worker → page  {type:'findings', id, json}                 a part of a check's findings, in order:
//                  a JSON array of at most FINDINGS_PART findings as UTF-8 bytes (an ArrayBuffer,
//                  transferred), parsed on the page
//   worker → page  {type:'result', id, report, parts?}         report: the report (with its facets: what
//                  its findings hold, for filters; memory: the bytes of wasm memory once it was
//                  made, this worker's peak so far, as the module's memory never shrinks; heap: the
//                  bytes of it in use then, mostly the check the worker keeps; threads: {pool, ran,
//                  inflated, parsed}, the pool's workers, the rules each ran for this check, the
//                  workbook's parts each inflated for it and the runs of its sheet each parsed),
//                  or the catalogue
//                  parts: true for a check's report, whose findings came before in 'findings'
//                  messages (none when there are none): report.findings is then absent and is
//                  their concatenation. Each part is parsed in a task of its own on the page, so a
//                  report of 100,000 findings never blocks the page's thread for long.
//   worker → page  {type:'error', id, error:{code,message_zh,message_en}, fatal}
// `id` is null on an error that belongs to no request (the module failed to load). `fatal: true`
// means this worker cannot be trusted with another file (the module failed to load, or wasm
// trapped and its memory may be inconsistent): the page should terminate it and start a new one.
// A trap from a Rust panic carries the panic's message and place in the error's message.

import { CODES, isCheckError, STALE_REPORT } from './constants.js';

// The threaded build (its glue exports pool_worker; the page loads it when it may use threads,
// see huqing.js) runs a check's rules on a pool: POOL_MAX workers at most, one per core, each
// started from this same script under the name POOL_NAME, instantiating the module over this
// worker's shared memory and taking the rules this worker's check hands out (src/base/pool.rs)
// while this worker waits. They are this worker's own (nested) workers, so terminating it — a
// cancel, a trap — ends them with it.
const POOL_NAME = 'huqing-pool';
const POOL_MAX = 4;

const glue = import('./pkg/huqing.js');
let memory = null; // the wasm module's memory, whose size progress messages carry
let poolSize = 0; // the pool's workers that joined
const loading = self.name === POOL_NAME ? null : glue.then(async (mod) => {
  // The pool's workers start at once, beside this one's compiling: their scripts are requested
  // (from memory) as the page loads, not later.
  const pool = mod.pool_handles ? startPool() : null;
  const exports = await mod.default();
  memory = exports.memory ?? mod.pool_handles()[1];
  if (pool) poolSize = await pool(mod.pool_handles());
  // A small generated register checked before the first file, and the heap touched (see warm_up
  // in src/wasm.rs): the first check then runs optimised code, not V8's baseline tier, on memory
  // that costs no page faults.
  mod.warm_up();
  return mod;
});

if (loading) {
  loading.then(
    () => self.postMessage({ type: 'ready', pool: poolSize }),
    (e) => self.postMessage({ type: 'error', id: null, error: loadError(e), fatal: true }),
  );
} else {
  // A worker of the pool: its one message is the module and the memory to run over.
  self.onmessage = async ({ data }) => {
    let mod;
    try {
      mod = await glue;
      await mod.default({ module_or_path: data.module, memory: data.memory });
    } catch (e) {
      // Not joined: the check worker goes on without this one.
      self.postMessage({ type: 'failed', error: describe(e) });
      return;
    }
    mod.pool_worker(() => self.postMessage({ type: 'joined' })); // never returns
  };
}

/**
 * Starts the pool's workers; returns the function that hands them [module, memory] and resolves
 * to the number that joined (one that fails to start is left out: the checks use the others, or
 * run on this worker alone).
 */
function startPool() {
  const count = Math.min(POOL_MAX, Math.max(1, navigator.hardwareConcurrency || 1));
  const workers = [];
  const joined = [];
  for (let i = 0; i < count; i++) {
    let w;
    try {
      w = new Worker(self.location.href, { name: POOL_NAME });
    } catch {
      continue; // not started (a policy forbids it): one worker fewer
    }
    workers.push(w);
    // Listening from the start: a worker that fails as it loads must not be waited for.
    joined.push(new Promise((ok) => {
      w.onmessage = (e) => ok(e.data?.type === 'joined');
      w.onerror = (e) => {
        e.preventDefault();
        ok(false);
      };
    }));
  }
  return ([module, shared]) => {
    for (const w of workers) w.postMessage({ module, memory: shared });
    return Promise.all(joined).then((ok) => ok.filter(Boolean).length);
  };
}

// The last check, kept for the household view and the exports: a wasm `Checked` (freed when the
// next check starts), and the name of its file.
let kept = null;

if (loading) self.onmessage = async (event) => {
  const msg = event.data;
  if (msg && msg.type === 'check-many') return checkMany(msg);
  if (msg && msg.type === 'household') return fromKept(msg, (checked) => checked.household(String(msg.household ?? '')));
  if (msg && msg.type === 'export') {
    const post = progressPoster(msg.id);
    return fromKept(msg, (checked, name, buffer) => exported(checked, name, buffer, msg.kind, (f) => post(f, 'exporting')));
  }
  if (!msg || (msg.type !== 'check' && msg.type !== 'rules' && msg.type !== 'kinds')) return;
  const { id } = msg;
  const mod = await loaded(id);
  if (!mod) return;
  try {
    if (msg.type === 'check') {
      msg.buffer = await bytesOf(mod, msg.buffer, msg.name);
      if (msg.exemptions) msg.exemptions = await bytesOf(mod, msg.exemptions, msg.exemptionsName);
      for (const list of msg.compare || []) list.buffer = await bytesOf(mod, list.buffer, list.name);
      if (msg.previous) msg.previous = await bytesOf(mod, msg.previous, msg.previousName);
      if (msg.work) msg.work = await bytesOf(mod, msg.work, msg.workName);
    }
    const profile = typeof msg.profile === 'string' ? msg.profile : undefined;
    const before = { ran: mod.pool_ran(), inflated: mod.pool_inflated(), parsed: mod.pool_parsed() };
    const report = msg.type === 'check' ? keep(mod, msg) : mod[msg.type](profile);
    if (msg.type === 'check') {
      progressPoster(id)(1, 'summarising');
      report.memory = memory.buffer.byteLength;
      report.heap = mod.heap_in_use();
      report.threads = threadsUsed(mod, before);
      postReport(id, kept.checked, report);
    } else {
      self.postMessage({ type: 'result', id, report });
    }
  } catch (e) {
    postFailure(id, e, mod);
  }
};

/**
 * Where the check ran: {pool: the pool's workers (0 in the one-thread build), ran: the rules each
 * of them ran in this check, inflated: the workbook's parts each of them inflated for it while
 * others parsed them (an .xlsx's shared strings and sheet), parsed: the runs of the sheet's rows
 * each of them parsed beside this worker}.
 */
function threadsUsed(mod, before) {
  const since = (after, was) => Array.from(after, (n, i) => n - (was[i] ?? 0));
  return {
    pool: poolSize,
    ran: since(mod.pool_ran(), before.ran),
    inflated: since(mod.pool_inflated(), before.inflated),
    parsed: since(mod.pool_parsed(), before.parsed),
  };
}

/**
 * The bytes of a file sent as a Blob (read here, one file at a time) or an ArrayBuffer. One too
 * large for the checker is refused first, unread and uncopied into the wasm memory.
 */
async function bytesOf(mod, input, name) {
  mod.refuse_size(input instanceof Blob ? input.size : input.byteLength);
  if (!(input instanceof Blob)) return input;
  try {
    return await input.arrayBuffer();
  } catch (e) {
    throw {
      code: CODES.readFailed,
      message_zh: `无法读取文件“${name || ''}”：它可能已被移动或删除、正被其他程序占用，或电脑内存不足。请关闭占用它的程序后重新选择文件。（${describe(e)}）`,
      message_en: `The file "${name || ''}" could not be read: it may have been moved or deleted, another program may hold it, or memory ran short. Close that program and choose the file again. (${describe(e)})`,
    };
  }
}

/**
 * Checks one file, keeping it as the last check (the one before is freed first, to spare memory);
 * returns its report without the findings (see postReport), with their facets.
 */
function keep(mod, msg) {
  if (kept) kept.checked.free();
  kept = null;
  const checked = new mod.Checked(
    new Uint8Array(msg.buffer),
    String(msg.name || ''),
    msg.options || {},
    progressPoster(msg.id),
    msg.exemptions ? new Uint8Array(msg.exemptions) : undefined,
    msg.exemptions ? String(msg.exemptionsName || '') : undefined,
    msg.compare?.length
      ? msg.compare.map((l) => ({ bytes: new Uint8Array(l.buffer), name: String(l.name || ''), kind: l.kind || undefined }))
      : undefined,
    msg.previous ? new Uint8Array(msg.previous) : undefined,
    msg.previous ? String(msg.previousName || '') : undefined,
    msg.work ? new Uint8Array(msg.work) : undefined,
    msg.work ? String(msg.workName || '') : undefined,
  );
  // The file's bytes stay here, outside wasm memory, for the annotated export: the module frees
  // its copy before the rules run.
  kept = { checked, name: String(msg.name || ''), buffer: msg.buffer };
  return checked.head();
}

/** Answers a request about the kept check with `answer(checked)`, or says there is none. */
async function fromKept(msg, answer) {
  const { id } = msg;
  const mod = await loaded(id);
  if (!mod) return;
  if (!kept) {
    self.postMessage({ type: 'error', id, error: STALE_REPORT, fatal: false });
    return;
  }
  try {
    const report = answer(kept.checked, kept.name, kept.buffer);
    self.postMessage({ type: 'result', id, report }, report && report.bytes instanceof ArrayBuffer ? [report.bytes] : []);
  } catch (e) {
    postFailure(id, e, mod);
  }
}

// Export kinds: the Checked method, the file name's suffix and the MIME type.
const EXPORTS = {
  annotated: ['annotated_xlsx', '-标注.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'findings-csv': ['findings_csv', '-问题清单.csv', 'text/csv;charset=utf-8'],
  'findings-json': ['findings_json', '-问题清单.json', 'application/json'],
  'masked-xlsx': ['masked_xlsx', '-脱敏汇总.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'masked-json': ['masked_json', '-脱敏汇总.json', 'application/json'],
};

/**
 * One export of the kept check (of the file `buffer` holds) as {bytes, name, mime}; throws a
 * CheckError-shaped object for an unknown kind. The annotated workbook, which takes seconds on a
 * large register, tells `onProgress(fraction)` how far it is.
 */
function exported(checked, fileName, buffer, kind, onProgress) {
  const entry = Object.hasOwn(EXPORTS, kind) ? EXPORTS[kind] : null;
  if (!entry) {
    throw {
      code: CODES.badOptions,
      message_zh: `未知的导出类型“${kind}”，可用：${Object.keys(EXPORTS).join('、')}。`,
      message_en: `Unknown export kind "${kind}"; use one of ${Object.keys(EXPORTS).join(', ')}.`,
    };
  }
  const [method, suffix, mime] = entry;
  const bytes = method === 'annotated_xlsx' ? checked[method](new Uint8Array(buffer), onProgress) : checked[method]();
  const base = fileName.replace(/\.[^./\\]*$/, '') || 'huqing';
  // A fresh Uint8Array from wasm owns its whole buffer: transferred, not copied.
  return { bytes: bytes.buffer, name: base + suffix, mime };
}

/** The wasm module, or null once the failure to load it has been posted for request `id`. */
async function loaded(id) {
  try {
    return await loading;
  } catch (e) {
    self.postMessage({ type: 'error', id, error: loadError(e), fatal: true });
    return null;
  }
}

/** Posts why request `id` failed: the checker's own error, or a trap that retires this worker. */
function postFailure(id, e, mod) {
  if (isCheckError(e)) {
    self.postMessage({ type: 'error', id, error: plainError(e), fatal: false });
  } else {
    self.postMessage({ type: 'error', id, error: internalError(e, panicText(mod)), fatal: true });
  }
}

/** Checks several files with one wasm Batch: a file that cannot be checked is listed with its error. */
async function checkMany(msg) {
  const { id } = msg;
  const mod = await loaded(id);
  if (!mod) return;
  const batch = new mod.Batch();
  try {
    const files = msg.files || [];
    const out = [];
    for (let i = 0; i < files.length; i++) {
      const name = String(files[i].name || '');
      const post = progressPoster(id);
      const onProgress = (fraction, stage) => post((i + Number(fraction || 0)) / files.length, stage, i);
      try {
        out.push(batch.add(new Uint8Array(await bytesOf(mod, files[i].buffer, name)), name, msg.options || {}, onProgress));
      } catch (e) {
        if (!isCheckError(e)) throw e;
        out.push({ file: name, error: plainError(e) });
      }
      files[i].buffer = null;
    }
    const { cross, summary } = batch.finish();
    self.postMessage({ type: 'result', id, report: { files: out, cross, summary } });
  } catch (e) {
    self.postMessage({ type: 'error', id, error: internalError(e, panicText(mod)), fatal: true });
  } finally {
    batch.free();
  }
}

/**
 * Findings per 'findings' message: the page parses one in 1–2 ms, so that its garbage collections
 * as a million-row report's findings pile up, not the parsing, are what its longest tasks hold
 * (with parts of 2000, a part took 15–40 ms to decode, and a collection in it more).
 */
const FINDINGS_PART = 500;

/**
 * Posts a check's report: its findings first, in parts, each serialized by the module as JSON
 * and handed on as bytes, unparsed (the page parses each as it comes, while the module writes the
 * next), then the rest (`report`, the head).
 */
function postReport(id, checked, report) {
  const count = checked.findings_count();
  for (let i = 0; i < count; i += FINDINGS_PART) {
    const json = checked.findings_part(i, i + FINDINGS_PART);
    // A fresh Uint8Array from wasm owns its whole buffer: transferred, not copied.
    self.postMessage({ type: 'findings', id, json: json.buffer }, [json.buffer]);
  }
  self.postMessage({ type: 'result', id, report, parts: true });
}

/** A progress callback that posts only visible changes: a new stage, or one more percent. */
function progressPoster(id) {
  let lastStage = null;
  let lastFraction = -1;
  return (fraction, stage, file) => {
    const f = Math.min(1, Math.max(0, Number(fraction) || 0));
    if (stage === lastStage && f - lastFraction < 0.01 && f < 1) return;
    lastStage = stage;
    lastFraction = f;
    const msg = { type: 'progress', id, fraction: f, stage: String(stage), memory: memory ? memory.buffer.byteLength : 0 };
    if (file !== undefined) msg.file = file;
    self.postMessage(msg);
  };
}

function plainError(e) {
  return { code: e.code, message_zh: e.message_zh, message_en: e.message_en };
}

function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return 'unknown error';
  }
}

/** The words of the Rust panic behind a wasm trap, kept by the module's panic hook; or null. */
function panicText(mod) {
  try {
    const text = mod.last_panic?.();
    return typeof text === 'string' && text !== '' ? text : null;
  } catch {
    return null;
  }
}

function internalError(e, panic = null) {
  const detail = panic ? `${describe(e)}: ${panic}` : describe(e);
  return {
    code: CODES.internal,
    message_zh: `检查程序内部出错，这个文件没有检查完。文件可能过大或结构异常。请再试一次；如果仍然出错，请在 Excel 或 WPS 中把它另存为新的 xlsx 文件后再检查。（${detail}）`,
    message_en: `The checker failed internally and did not finish this file. The file may be too large or unusually structured. Try again; if it fails again, save it as a new xlsx file in Excel or WPS and check that. (${detail})`,
  };
}

function loadError(e) {
  const detail = describe(e);
  return {
    code: CODES.loadFailed,
    message_zh: `检查程序未能加载。请确认浏览器是最新版的 Chrome、Edge 或 Firefox，然后刷新页面。（${detail}）`,
    message_en: `The checker could not be loaded. Use a current Chrome, Edge or Firefox and reload the page. (${detail})`,
  };
}
