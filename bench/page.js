// The bench page (scripts/bench): times huqing's check() — the embeddable API, its Web Worker
// and wasm — and SheetJS's parse of the same file in this browser, watching the main thread.
//
// window.bench.huqing(url, name) → {ms, memory, stages, began, progress, longestTask, rows, findings}
//   ms: from check() to its report, the file's bytes already in memory and the worker loaded;
//   memory: peak bytes of wasm memory (from the progress messages), stages: the memory as each
//   stage began, began: when (ms after check()); progress: how many progress updates the bar got, the longest gap between two (ms)
//   and the update that ended it; longestTask: the longest main-thread
//   task during the check (ms, from a PerformanceObserver of 'longtask'; 0 when none over 50 ms).
// window.bench.sheetjs(url) → {ms, cells} for XLSX.read of the same bytes (dense), or {error}.

import { check, preload } from '/www/huqing.js';

const bar = document.getElementById('bar');

async function bytesOf(url) {
  return (await fetch(url)).arrayBuffer();
}

/** The longest long task seen while `run` runs. */
async function watchingTasks(run) {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  observer.observe({ type: 'longtask' });
  try {
    const out = await run();
    // Entries are delivered after the task: let the observer catch up.
    await new Promise((ok) => setTimeout(ok, 100));
    return { ...out, longestTask: Math.round(Math.max(longest, ...observer.takeRecords().map((e) => e.duration))) };
  } finally {
    observer.disconnect();
  }
}

async function huqing(url, name) {
  await preload();
  const buffer = await bytesOf(url);
  return watchingTasks(async () => {
    let memory = 0;
    let updates = 0;
    let last = 0;
    let gap = 0;
    let gapAt = '';
    const stages = {}; // stage → wasm memory when it began
    const began = {}; // stage → ms from check() to its first progress
    const start = performance.now();
    last = start;
    const report = await check(buffer, {
      name,
      onProgress(fraction, stage, _file, bytes) {
        const now = performance.now();
        if (now - last > gap) {
          gap = now - last;
          gapAt = `${stage} ${Math.round(fraction * 100)}%`;
        }
        last = now;
        updates += 1;
        bar.value = fraction;
        memory = Math.max(memory, bytes || 0);
        if (!(stage in stages)) {
          stages[stage] = bytes;
          began[stage] = Math.round(now - start);
        }
      },
    });
    const ms = performance.now() - start;
    return {
      ms: Math.round(ms),
      memory,
      stages,
      began,
      progress: { updates, longestGap: Math.round(gap), gapAt },
      rows: report.rows,
      findings: report.findings.length,
    };
  });
}

async function sheetjs(url) {
  const XLSX = await import('/bench/node_modules/xlsx/xlsx.mjs');
  const bytes = new Uint8Array(await bytesOf(url));
  try {
    const start = performance.now();
    const book = XLSX.read(bytes, { type: 'array', dense: true });
    const ms = performance.now() - start;
    const sheet = book.Sheets[book.SheetNames[0]];
    const range = XLSX.utils.decode_range(sheet['!ref'] || 'A1');
    return { ms: Math.round(ms), cells: (range.e.r + 1) * (range.e.c + 1) };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

window.bench = { huqing, sheetjs };
window.benchReady = true;
