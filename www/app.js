// The huqing page: picks a file, runs the check through huqing.js, and shows the report.
// Every value from a file or a report is written with textContent, never as HTML.
// The only thing stored is the language choice (localStorage 'huqing.lang').

//
// This file wires the page's parts together and starts it; each part is a module of its own:
// page-state.js (elements and state), run-controller.js (drop zone, file button, the run and its
// cancel), progress-and-errors.js, profile-panel.js (profile, exemptions, 规则说明),
// report-view.js (one file's report), column-mapping-panel.js, batch-view.js (several files),
// page-nav.js (skip link, links to the report's parts),
// and the findings, household and downloads modules they use.

import { exportReport, household, kinds, preload, rules } from './huqing.js';
import { applyBatchLanguage, compareButton } from './batch-view.js';
import { initColumnMapping } from './column-mapping-panel.js';
import { initComparePanel, renderCompare } from './compare-panel.js';
import { initDownloads } from './downloads.js';
import { focusFinding, initFindings } from './findings-panel.js';
import { openHousehold } from './household.js';
import { applyNavLanguage } from './page-nav.js';
import { $, state, ui } from './page-state.js';
import { initProfilePanel, renderExemptions, renderProfileChoice, renderRulesDoc } from './profile-panel.js';
import { showError, showStage, toError } from './progress-and-errors.js';
import { renderReport, ruleTitle } from './report-view.js';
import { rerun } from './run-controller.js';
import { checkServedHeaders } from './served-headers.js';
import { t } from './text.js';

// ---- language ----

function loadLanguage() {
  try {
    const saved = localStorage.getItem('huqing.lang');
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage blocked: Chinese by default
  }
  return 'zh';
}

function setLanguage(lang) {
  state.lang = lang;
  try {
    localStorage.setItem('huqing.lang', lang);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  applyLanguage();
}

function applyLanguage() {
  const text = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = text.title;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const value = text[el.dataset.i18n];
    if (typeof value === 'string') el.textContent = value;
  }
  ui.lang.textContent = text.langButton;
  ui.lang.lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  ui.sheetSelect.title = text.sheetChoose;
  ui.sheetSelect.setAttribute('aria-label', text.sheetChoose);
  ui.referenceDate.title = text.referenceChoose;
  ui.encodingSelect.title = text.encodingChoose;
  ui.encodingSelect.setAttribute('aria-label', text.encodingChoose);
  renderProfileChoice();
  renderExemptions();
  renderCompare(state.report);
  renderRulesDoc();
  if (state.progressStage) showStage(state.progressStage, state.progressFraction);
  if (state.error) showError(state.error);
  if (state.report) renderReport(state.report, { keep: true });
  applyBatchLanguage();
  applyNavLanguage();
}

ui.lang.addEventListener('click', () => setLanguage(state.lang === 'zh' ? 'en' : 'zh'));

// ---- start ----

initProfilePanel({ rerun });
initComparePanel({ rerun });
initColumnMapping({ rerun });
initFindings({
  ruleTitle,
  onOpen: (finding, index) => openHousehold(state.report, finding, {
    load: household,
    ruleTitle,
    onClose: () => focusFinding(index),
  }),
  decorate: (cell, finding) => {
    if ((finding.locations || []).length > 1) cell.append(compareButton(finding));
  },
  onFilter: (rule) => {
    state.ruleFilter = rule;
    for (const tr of document.querySelectorAll('tr[data-rule]')) tr.classList.toggle('selected', tr.dataset.rule === rule);
  },
});
ui.print.addEventListener('click', () => window.print());
initDownloads($('downloads'), {
  report: () => state.report,
  make: exportReport,
  progress: {
    cancel: $('export-cancel'),
    show: (label, fraction) => {
      const percent = Math.round(fraction * 100);
      $('export-progress').hidden = false;
      $('export-what').textContent = t().exporting(label, percent);
      $('export-fill').style.width = `${percent}%`;
      $('export-bar').setAttribute('aria-valuenow', String(percent));
    },
    hide: () => { $('export-progress').hidden = true; },
  },
  onError: (error) => {
    ui.downloadError.textContent = state.lang === 'zh' ? error.message_zh : error.message_en;
    ui.downloadError.hidden = false;
  },
  onStart: () => {
    ui.downloadError.hidden = true;
    $('export-status').textContent = '';
  },
  // Stopping an export ends the worker that kept the check: the file is checked again (same
  // result) so that the household view and the other downloads keep working.
  onCancel: (label) => {
    const said = t().exportCancelled(label);
    rerun()?.then(() => { $('export-status').textContent = said; });
  },
});
ui.mapping.addEventListener('click', () => {
  ui.columnsPanel.scrollIntoView({ block: 'start', behavior: 'smooth' });
  ui.columnsPanel.querySelector('select')?.focus({ preventScroll: true });
});

state.lang = loadLanguage();
applyLanguage();
preload().catch((e) => showError(toError(e)));
checkServedHeaders(document.getElementById('served-headers'));
rules().then((catalogue) => {
  state.catalogue = catalogue;
  renderRulesDoc();
}, () => {});
kinds().then((labelled) => {
  state.kinds = labelled;
  renderCompare(state.report);
  if (state.report) renderReport(state.report, { keep: true });
}, () => {});
