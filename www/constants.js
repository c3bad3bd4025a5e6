// The constants the page, the API, the custom element, the iframe and the worker share: one
// source each. Rust owns some of them (the built-in profiles, in src/profile/mod.rs; the
// severities, in src/base/finding.rs; the checker's error codes, in src/base/error.rs);
// tests/e2e/constants.test.mjs checks these copies against the wasm module and the Rust source.
// Plain data only: the worker imports it too (bundled into a classic script offline).

/** The built-in profiles, the default first (Rust: profile::BUILT_IN). */
export const BUILT_IN_PROFILES = ['national-2016', 'monitoring-2021'];

/** The profile a check uses when none is chosen. */
export const DEFAULT_PROFILE = BUILT_IN_PROFILES[0];

/**
 * The count fields of a period comparison's summary (Rust: period::Counts), each with the kind of
 * change it counts (Rust: period::kinds::KINDS, in their order), for the table by 乡镇 and 村.
 */
export const PERIOD_COUNTS = [
  ['added', 'period-person-added'],
  ['removed', 'period-person-removed'],
  ['moved', 'period-person-moved'],
  ['split', 'period-household-split'],
  ['merged', 'period-household-merged'],
  ['renumbered', 'period-household-renumbered'],
  ['id_corrected', 'period-id-corrected'],
  ['name_changed', 'period-name-changed'],
  ['status_changed', 'period-status-changed'],
  ['size_mismatch', 'period-size-change-mismatch'],
];

/** The severities, worst first (Rust: finding::Severity). */
export const SEVERITIES = ['error', 'warning', 'info'];

/** Severity → its rank, worst 0; sort unknown ones last with `?? SEVERITIES.length`. */
export const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i]));

/**
 * The error codes the JS side names. Those the Rust checker gives (RUST_CODES) come from
 * src/base/error.rs; the rest are the JS side's own.
 */
export const CODES = {
  // from the checker (src/base/error.rs)
  badOptions: 'bad-options',
  encoding: 'encoding',
  exportFailed: 'export-failed',
  noData: 'no-data',
  noHeader: 'no-header',
  // the JS side's own
  aborted: 'aborted',
  badInput: 'bad-input',
  internal: 'internal',
  loadFailed: 'load-failed',
  pageError: 'page-error',
  profileUnreadable: 'profile-unreadable',
  sampleUnavailable: 'sample-unavailable',
  readFailed: 'read-failed',
  staleReport: 'stale-report',
  workerFailed: 'worker-failed',
};

/** Which of CODES the Rust checker gives; the others it must never give. */
export const RUST_CODES = [CODES.badOptions, CODES.encoding, CODES.exportFailed, CODES.noData, CODES.noHeader];

/**
 * A request about a report that is no longer the worker's kept check (a newer check replaced
 * it, or the worker was restarted): the worker keeps only the last checked file.
 */
export const STALE_REPORT = {
  code: CODES.staleReport,
  message_zh: '检查结果已被更新的检查取代，请重新检查。',
  message_en: 'This result has been replaced by a newer check. Check the file again.',
};

/** A check cancelled by its AbortSignal (or the element's or iframe's cancel). */
export const ABORTED = {
  code: CODES.aborted,
  message_zh: '检查已取消。',
  message_en: 'The check was cancelled.',
};

/** The worker stopped (crashed, ran out of memory, or was blocked). */
export const WORKER_FAILED = {
  code: CODES.workerFailed,
  message_zh: '检查程序意外停止（可能是文件过大、内存不足，或浏览器阻止了后台程序）。请重试；如仍失败，请刷新页面。',
  message_en: 'The checker stopped unexpectedly (the file may be too large, memory ran out, or the browser blocked the worker). Try again; if it still fails, reload the page.',
};

/** check() or checkMany() given nothing it can read. */
export const BAD_INPUT = {
  code: CODES.badInput,
  message_zh: '没有可检查的文件。',
  message_en: 'There is no file to check.',
};

/** Whether `e` has the shape of a checker error: {code, message_zh, message_en}, all strings. */
export function isCheckError(e) {
  return e !== null && typeof e === 'object' && typeof e.code === 'string'
    && typeof e.message_zh === 'string' && typeof e.message_en === 'string';
}
