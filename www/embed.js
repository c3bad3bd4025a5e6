// huqing's iframe mode, for portals that cannot load ES modules: the portal frames embed.html
// and talks to it by postMessage.
//
//   <iframe src=".../embed.html?origins=https://portal.example"></iframe>
//   frame.contentWindow.postMessage({type: 'huqing-check', id, file, name, options}, huqingOrigin);
//
// file is an ArrayBuffer or Blob (File); options are check()'s: {sheet, columns, profile,
// compare: [{file, kind?, name?}], previous, previousName, work, workName} (departments' lists,
// each file an ArrayBuffer or Blob; last period's register, an ArrayBuffer or Blob, and its name;
// the 务工 file — 务工监测/计划外出务工 tables — an ArrayBuffer or Blob, and its name).
// Answers, posted to the sender's origin only:
//   {type: 'huqing-ready'}                               once the checker has loaded
//   {type: 'huqing-progress', id, fraction, stage}
//   {type: 'huqing-done', id, report}
//   {type: 'huqing-error', id, error: {code, message_zh, message_en}}
// {type: 'huqing-cancel', id} cancels a running check (it then ends with huqing-error 'aborted').
// Only origins listed in ?origins= (comma-separated) or the page's huqing-allowed-origins meta
// may talk to it; the origin is checked on every message, and others are ignored, unanswered —
// but the frame says which origin asked and how to allow it (and the console says it too).

import { CODES } from './constants.js';
import { check, preload, STAGES } from './huqing.js';

const status = document.getElementById('status');
const bar = document.getElementById('bar');
const fill = document.getElementById('fill');

/** The configured origins, each exactly as the browser serialises an origin; the rest dropped. */
function allowedOrigins() {
  const listed = [
    ...(new URLSearchParams(location.search).get('origins') || '').split(','),
    ...(document.querySelector('meta[name="huqing-allowed-origins"]')?.content || '').split(/[\s,]+/),
  ];
  const origins = new Set();
  for (const raw of listed) {
    const text = raw.trim();
    if (!text) continue;
    try {
      const origin = new URL(text).origin;
      if (origin !== 'null' && origin === text.replace(/\/$/, '')) origins.add(origin);
    } catch {
      // Not a URL: never allowed.
    }
  }
  return origins;
}

const ALLOWED = allowedOrigins();
const running = new Map(); // "origin id" → AbortController

function say(text, problem = false) {
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

function reply(source, origin, message) {
  try {
    source.postMessage(message, origin);
  } catch {
    // The portal went away or navigated elsewhere: nobody to answer.
  }
}

function plainError(e) {
  return {
    code: typeof e?.code === 'string' ? e.code : CODES.internal,
    message_zh: String(e?.message_zh || e?.message || e),
    message_en: String(e?.message_en || e?.message || e),
  };
}

/** check()'s options from a message, keeping only what it knows. */
function pickOptions(options) {
  const out = {};
  if (!options || typeof options !== 'object') return out;
  if (typeof options.sheet === 'string') out.sheet = options.sheet;
  if (options.columns && typeof options.columns === 'object') out.columns = { ...options.columns };
  if (typeof options.profile === 'string' || (options.profile && typeof options.profile === 'object')) out.profile = options.profile;
  if (typeof options.referenceDate === 'string') out.referenceDate = options.referenceDate;
  if (typeof options.encoding === 'string') out.encoding = options.encoding;
  if (options.exemptions instanceof ArrayBuffer || options.exemptions instanceof Blob) {
    out.exemptions = options.exemptions;
    if (typeof options.exemptionsName === 'string') out.exemptionsName = options.exemptionsName;
  }
  if (Array.isArray(options.compare)) {
    out.compare = options.compare
      .filter((l) => l && (l.file instanceof ArrayBuffer || l.file instanceof Blob))
      .map((l) => ({ file: l.file, kind: typeof l.kind === 'string' ? l.kind : undefined, name: typeof l.name === 'string' ? l.name : undefined }));
  }
  if (options.previous instanceof ArrayBuffer || options.previous instanceof Blob) {
    out.previous = options.previous;
    if (typeof options.previousName === 'string') out.previousName = options.previousName;
  }
  if (options.work instanceof ArrayBuffer || options.work instanceof Blob) {
    out.work = options.work;
    if (typeof options.workName === 'string') out.workName = options.workName;
  }
  return out;
}

/**
 * The key of a running check: the portal's origin and its id. An id is a string or a number (or
 * absent): two object ids would share one key, so a check with one is refused (answered, not run).
 */
function keyOf(origin, id) {
  if (id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return `${origin} ${typeof id} ${id}`;
  return null;
}

async function onCheck(msg, source, origin) {
  const id = msg.id ?? null;
  const key = keyOf(origin, id);
  if (key === null) {
    reply(source, origin, {
      type: 'huqing-error',
      id,
      error: { code: CODES.badInput, message_zh: '消息的 id 应为字符串或数字。', message_en: 'The message\'s id must be a string or a number.' },
    });
    return;
  }
  const file = msg.file;
  if (!(file instanceof ArrayBuffer || file instanceof Blob || ArrayBuffer.isView(file))) {
    reply(source, origin, {
      type: 'huqing-error',
      id,
      error: { code: CODES.badInput, message_zh: '消息中没有文件（file 应为 ArrayBuffer 或 Blob）。', message_en: 'The message holds no file (file must be an ArrayBuffer or a Blob).' },
    });
    return;
  }
  running.get(key)?.abort();
  const controller = new AbortController();
  running.set(key, controller);
  const name = typeof msg.name === 'string' ? msg.name : (file.name || '');
  say(`正在检查 ${name} · Checking`);
  bar.hidden = false;
  fill.style.width = '0%';
  try {
    const report = await check(file, {
      ...pickOptions(msg.options),
      name,
      signal: controller.signal,
      onProgress: (fraction, stage) => {
        fill.style.width = `${Math.round(fraction * 100)}%`;
        say(`正在检查 ${name} · ${STAGES[stage]?.zh ?? stage}`);
        reply(source, origin, { type: 'huqing-progress', id, fraction, stage });
      },
    });
    say(`已检查 ${name}：${report.findings.length} 个问题 · ${report.findings.length} problems`);
    reply(source, origin, { type: 'huqing-done', id, report });
  } catch (e) {
    const error = plainError(e);
    say(error.message_zh, true);
    reply(source, origin, { type: 'huqing-error', id, error });
  } finally {
    if (running.get(key) === controller) running.delete(key);
    bar.hidden = true;
  }
}

/** Shows, in the frame and the console, that `origin` is not allowed and how to allow it. */
function refuse(origin, what) {
  const zh = `${what.zh}（${origin}）不在允许的来源中，不接受它的文件。如需允许，请在 embed.html 的地址后加上 ?origins=${origin}，或把它写入 huqing-allowed-origins 元标记。`;
  const en = `${what.en} (${origin}) is not an allowed origin, so its files are refused. To allow it, add ?origins=${origin} to embed.html's address, or list it in the huqing-allowed-origins meta tag.`;
  say(`${zh} ${en}`, true);
  console.warn(`huqing embed: ${en}`);
}

window.addEventListener('message', (event) => {
  if (!ALLOWED.has(event.origin)) {
    if (typeof event.data?.type === 'string' && event.data.type.startsWith('huqing-')) {
      refuse(event.origin, { zh: '发送文件的网页', en: 'The page sending a file' });
    }
    return;
  }
  if (!event.source) return;
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'huqing-check') onCheck(msg, event.source, event.origin);
  else if (msg.type === 'huqing-cancel') running.get(keyOf(event.origin, msg.id ?? null))?.abort();
});

if (ALLOWED.size === 0) {
  say('没有配置允许的来源（?origins=），本页不接受任何文件。 No allowed origins are configured (?origins=), so no file is accepted.', true);
} else {
  preload().then(
    () => {
      // The page that frames this one, where the browser tells (Chromium, Safari): if it may not
      // send files, say so now rather than "ready" and silence.
      const parent = window.parent !== window ? location.ancestorOrigins?.[0] : undefined;
      if (parent && !ALLOWED.has(parent)) return refuse(parent, { zh: '嵌入本页的网页', en: 'The page framing this one' });
      say('户清已就绪，等待门户发送文件。 Ready for a file from the portal.');
      // Only a parent at an allowed origin receives this: the target origin filters delivery.
      if (window.parent !== window) for (const origin of ALLOWED) window.parent.postMessage({ type: 'huqing-ready' }, origin);
    },
    (e) => say(plainError(e).message_zh, true),
  );
}
