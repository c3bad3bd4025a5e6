// The page's elements (`ui`) and what it remembers between runs (`state`), shared by its parts.

import { DEFAULT_PROFILE } from './constants.js';
import { i18n } from './text.js';

export const $ = (id) => document.getElementById(id);
export const ui = {
  lang: $('lang'),
  intake: document.querySelector('.intake'),
  drop: $('drop'),
  pick: $('pick'),
  sample: $('sample'),
  file: $('file'),
  progress: $('progress'),
  progressFile: $('progress-file'),
  progressStage: $('progress-stage'),
  progressPct: $('progress-pct'),
  progressBar: $('progress-bar'),
  progressFill: $('progress-fill'),
  cancel: $('cancel'),
  error: $('error'),
  errorTitle: $('error-title'),
  errorMessage: $('error-message'),
  errorCode: $('error-code'),
  results: $('results'),
  file_: $('r-file'),
  sheet: $('r-sheet'),
  sheetSelect: $('r-sheet-select'),
  encodingFact: $('r-encoding-fact'),
  encodingSelect: $('r-encoding-select'),
  headerTextsLine: $('r-header-texts-line'),
  headerTexts: $('r-header-texts'),
  errorEncoding: $('error-encoding'),
  errorEncodingSelect: $('error-encoding-select'),
  header: $('r-header'),
  profileFact: $('r-profile'),
  referenceDate: $('r-reference-date'),
  referenceSource: $('r-reference-source'),
  kindFact: $('r-kind-fact'),
  kind: $('r-kind'),
  profile: $('profile'),
  profileLoad: $('profile-load'),
  profileFile: $('profile-file'),
  exemptionsName: $('exemptions-name'),
  exemptionsLoad: $('exemptions-load'),
  exemptionsClear: $('exemptions-clear'),
  exemptionsFile: $('exemptions-file'),
  cancelled: $('cancelled'),
  changes: $('changes'),
  changesSummary: $('changes-summary'),
  changesResolvedTitle: $('changes-resolved-title'),
  changesAddedTitle: $('changes-added-title'),
  changesResolved: $('changes-resolved'),
  changesAdded: $('changes-added'),
  rulesDocOpen: $('rules-doc-open'),
  rulesDoc: $('rules-doc'),
  rulesDocClose: $('rules-doc-close'),
  rulesDocHint: $('rules-doc-hint'),
  rulesDocList: $('rules-doc-list'),
  remap: $('remap'),
  rulesBody: $('rules-body'),
  cleanRules: $('clean-rules'),
  cleanSummary: $('clean-summary'),
  cleanBody: $('clean-body'),
  columnsList: $('columns-list'),
  unusedRoles: $('unused-roles'),
  findingsPanel: document.querySelector('.findings-panel'),
  print: $('print'),
  downloadError: $('downloads-error'),
  mapping: $('r-mapping'),
  absent: $('r-absent'),
  columnsPanel: document.querySelector('.columns-panel'),
};

export const state = {
  get lang() { return i18n.lang; },
  set lang(lang) { i18n.lang = lang; },
  report: null,
  error: null,
  ruleTitles: new Map(),
  profile: DEFAULT_PROFILE, // a built-in name, or 'file' for profileFile
  profileFile: null, // {name, text} of a loaded profile file
  exemptions: null, // the File of the exemption list
  ruleFilter: '', // the rule the findings are filtered by, marked in the rules table
  columns: {}, // role key → header chosen in the mapping step, for the current file
  pendingColumns: {}, // choices not yet applied
  catalogue: [], // the rules under the current profile, for 规则说明
  kinds: { lists: [], period: [] }, // the list and period-change kinds under the profile, labelled by the checker
  source: null, // {name, read(): Promise<ArrayBuffer|Blob>} of the last file, for another sheet
  options: {}, // the options of the last run: {sheet?, encoding?}
  controller: null,
  progressStage: null,
  progressFraction: 0,
  rendering: 0, // bumped by each renderReport call and each run: a report still being shown stops
};
