// The example portal's own code: the ES module API beside the element, and the element's events.
import { check, preload } from './node_modules/huqing/www/huqing.js';

const $ = (id) => document.getElementById(id);
const checker = $('checker');

// Everything the check needs is loaded now, before any file is chosen.
preload().catch((e) => { $('api-status').textContent = e.message_zh || String(e); });

$('lang').addEventListener('click', () => {
  const en = checker.getAttribute('lang') !== 'en';
  checker.setAttribute('lang', en ? 'en' : 'zh');
  $('lang').textContent = en ? '中文' : 'English';
});

checker.addEventListener('huqing-done', (e) => {
  const report = e.detail;
  $('element-log').textContent = `${report.file}: ${report.rows} 行, ${report.findings.length} 个问题`;
});
checker.addEventListener('huqing-error', (e) => {
  $('element-log').textContent = `${e.detail.code}: ${e.detail.message_zh}`;
});

$('api-file').addEventListener('change', async () => {
  const file = $('api-file').files[0];
  if (!file) return;
  const progress = $('api-progress');
  const table = $('api-counts');
  progress.hidden = false;
  table.hidden = true;
  $('api-status').textContent = `正在检查 ${file.name}`;
  try {
    const report = await check(file, { onProgress: (fraction) => { progress.value = fraction; } });
    const titles = Object.fromEntries(report.rules.map((r) => [r.key, r.title_zh]));
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const [rule, count] of Object.entries(report.summary)) {
      const tr = document.createElement('tr');
      tr.dataset.rule = rule;
      tr.dataset.count = String(count);
      const name = document.createElement('td');
      name.textContent = titles[rule] || rule;
      const n = document.createElement('td');
      n.className = 'num';
      n.textContent = String(count);
      tr.append(name, n);
      body.append(tr);
    }
    table.hidden = false;
    $('api-status').textContent = `${report.file}：${report.rows} 行，${report.households} 户`;
  } catch (e) {
    $('api-status').textContent = `${e.code}: ${e.message_zh}`;
  } finally {
    progress.hidden = true;
  }
});
