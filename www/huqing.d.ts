// Type declarations for huqing's ES module API (huqing.js). The report mirrors the JSON the CLI
// prints (`huqing check FILE --format json`), documented in README.md.

/** How sure a rule is that the record is wrong. */
export type Severity = 'error' | 'warning' | 'info';

/** What a rule looks at. */
export type Scope = 'cell' | 'row' | 'household' | 'table';

/** The stages a check reports progress in. */
/** 'exporting': an export being written (exportReport's onProgress). */
/** 'comparing': the departments' lists read and compared; 'previous': last period's register read and compared. */
export type Stage = 'reading' | 'mapping' | 'checking' | 'comparing' | 'previous' | 'summarising' | 'exporting';

/** The file formats the checker reads. */
export type Format = 'xlsx' | 'xlsb' | 'xls' | 'ods' | 'csv';

/** One fault a rule found. */
export interface Finding {
  /** The rule's stable key, e.g. `person-id-checksum`. */
  rule: string;
  severity: Severity;
  /** Sheet rows as Excel numbers them (the header row counts), ascending. */
  rows: number[];
  /** The header of the column concerned, as written in the sheet. */
  column: string | null;
  /** The offending value, as read. */
  value: string;
  /** The 户编号 of the household concerned, when there is one. */
  household: string | null;
  message_zh: string;
  message_en: string;
  /** The reason from the exemption list (豁免清单) when the finding is exempted. */
  exempted?: string | null;
  /** The 乡镇 and 村 of the finding's first row, when those columns are mapped and not blank. */
  township?: string;
  village?: string;
  /** For a person recorded several times: every row of the group (`file` across files). */
  locations?: RecordLocation[];
}

/** One row of a group of records of one person, for the side-by-side view. */
export interface RecordLocation {
  file?: string;
  row: number;
  household: string;
  township: string;
  village: string;
  name: string;
  id: string;
}

/** A role (a field such as person-id) and the column taken for it, if any. */
export interface RoleReport {
  key: string;
  zh: string;
  en: string;
  header: string | null;
  /** exact: a known header name; likely: contains one; chosen: set by options.columns or a profile. */
  confidence: 'exact' | 'likely' | 'chosen' | null;
  /** For a role no column took: a header close to one of its names, offered to accept (absent when none). */
  suggestion?: string;
}

/** A column the file does not have (not one the profile requires), and the rules that did not run. */
export interface AbsentColumn {
  /** The role key, e.g. `birth-date`. */
  role: string;
  header_zh: string;
  header_en: string;
  /** Keys of the rules skipped for want of it. */
  rules: string[];
}

/** A rule that can run, with its count (0 included). */
export interface RuleReport {
  key: string;
  severity: Severity;
  scope: Scope;
  title_zh: string;
  title_en: string;
  count: number;
}

/** Everything one check found. */
export interface Report {
  file: string;
  format: Format;
  /** The encoding a text file was decoded from (`UTF-8`, `GB18030`, `UTF-16LE` …); null for workbooks. */
  encoding: string | null;
  /** The sheet checked. */
  sheet: string;
  /** Every sheet of the workbook. */
  sheets: string[];
  /** The Excel row number of the header row. */
  header_row: number;
  /** Data rows below the header. */
  rows: number;
  households: number;
  /** What the sheet lists: a row per member, or a row per 户编号 (a household list). */
  kind: 'persons' | 'households';
  /** The household-list sheet of the workbook joined with this one by 户编号, if any. */
  household_list: { sheet: string; households: number } | null;
  /** The date ages were judged at: the option, the end of each row's 年度, a 数据日期 column, the file name, or the profile's. */
  reference_date: {
    date: string;
    source: 'option' | 'year-column' | 'date-column' | 'file-name' | 'profile';
    column: string | null;
    years: number[];
  } | null;
  /** Role key → the header taken for it. */
  columns: Record<string, string>;
  roles: RoleReport[];
  /** Columns the file lacks that rules need, other than the profile's required_columns (those are column-missing errors). */
  absent: AbsentColumn[];
  findings: Finding[];
  /** Rule key → number of findings, for rules that found something. */
  summary: Record<string, number>;
  rules: RuleReport[];
  /** The counts a clerk reads first (errors/warnings/infos: open findings by severity). */
  totals: Totals;
  /** The same by 乡镇 then 村 ('' when the column is missing or the cell blank). */
  areas: Area[];
  /** What the findings hold, for filters to offer without walking them (unsorted). */
  facets: Facets;
  /**
   * The bytes of wasm memory the worker held once this report was made: its peak so far, as wasm
   * memory never shrinks (a cancel or a crash starts a new worker, with new memory). What a long
   * day of checks in one page is measured by.
   */
  memory: number;
  /** The bytes of that memory in use once this report was made: mostly this check, which the worker keeps for the household view and the exports. */
  heap: number;
  /**
   * Where the check ran: `pool`, the workers of the threaded build's pool (0 on one thread: a
   * page that is not cross-origin isolated, the offline file, a one-core computer); `ran`, the
   * rules each of them ran for this check; `inflated`, the parts of the workbook (an `.xlsx`'s
   * shared strings and sheet) each of them inflated for this check while others parsed them;
   * `parsed`, the runs of those parts' records (about 1 MB of XML each) each of them parsed
   * beside the check's worker (`inflated` and `parsed` all zeros for other formats).
   */
  threads: { pool: number; ran: number[]; inflated: number[]; parsed: number[] };
  /** The departments' lists compared with the register (部门数据比对, docs/compare.md); absent when none was given. */
  compare?: ListSummary[];
  /** The comparison with last period's register (上期比对, docs/period.md); absent when none was given. */
  period?: PeriodSummary;
}

/** How many changes of each kind (上期比对). */
export interface PeriodCounts {
  /** Persons added; by the reason the change column gives (birth, marriage, move, other). */
  added: number;
  added_by_reason: Record<string, number>;
  /** Persons removed (gone, or listed as left); by reason (death …). */
  removed: number;
  removed_by_reason: Record<string, number>;
  moved: number;
  households_added: number;
  households_removed: number;
  split: number;
  merged: number;
  renumbered: number;
  id_corrected: number;
  name_changed: number;
  status_changed: number;
  newly_monitored: number;
  monitoring_ended: number;
  risk_removed: number;
  returned_to_poverty: number;
  /** Households whose declared size changed unlike their members (warnings). */
  size_mismatch: number;
}

/** The comparison with last period's register: counts in all and by 乡镇 and 村, and the sentence to report upward. */
export interface PeriodSummary {
  /** Last period's file. */
  previous: string;
  previous_persons: number;
  previous_households: number;
  persons: number;
  households: number;
  totals: PeriodCounts;
  areas: Array<PeriodCounts & { township: string; village: string }>;
  /** e.g. 新增 2 人（出生 2 人），减少 4 人，户间迁移 2 人，分户 2 户 … */
  text_zh: string;
  text_en: string;
}

/** A list kind or a period-change kind with the labels the page shows (kinds()). */
export interface KindLabel {
  kind: string;
  /** The key of its findings, e.g. `list-vehicle`, `period-person-added`. */
  key: string;
  severity: Severity;
  label_zh: string;
  label_en: string;
}

/** A department's list to compare the register with (部门数据比对). */
export interface CompareList {
  file: CheckInput;
  /** deceased, public-payroll, vehicle, housing, business, disability, student, special-support, dibao, pension-insurance, medical-insurance, listed, or a profile's kind; guessed from the file name and header when absent. */
  kind?: string;
  /** The file name, when the input has none. */
  name?: string;
}

/** What was read of a list compared with the register, and what it yielded. */
export interface ListSummary {
  file: string;
  kind: string;
  /** The key of its findings (e.g. `list-vehicle`). */
  key: string;
  label_zh: string;
  label_en: string;
  /** How the kind was chosen: named by the caller, guessed from the file name or header, or the generic kind. */
  kind_source: 'option' | 'file-name' | 'header' | 'default';
  format: Format;
  encoding: string | null;
  sheet: string;
  header_row: number;
  rows: number;
  /** Role key → header, for the list's ID, name and birth-date columns. */
  columns: Record<string, string>;
  /** The list's columns the findings quote. */
  shown: string[];
  /** Rows with no usable ID (matched on name and birth date when they have both). */
  without_id: number;
  matched_by_id: number;
  matched_by_name: number;
  unmatched: number;
  /** Findings of this list. */
  findings: number;
  /** The register's column(s) the kind compares with, when the register lacks them. */
  register_lacks: string | null;
}

export interface Facets {
  severities: Severity[];
  /** Each 乡镇 the findings name ('' for none) with the 村 they name in it. */
  townships: { name: string; villages: string[] }[];
  /** The columns the findings name. */
  columns: string[];
  /** Whether some finding names no column (a row or a household as a whole). */
  noColumn: boolean;
  /** Whether any finding is exempted. */
  exempted: boolean;
}

export interface Totals {
  rows: number;
  households: number;
  /** Distinct people by ID; a row without a usable ID counts as one. */
  persons: number;
  /** Households / people with at least one open error finding. */
  households_with_errors: number;
  persons_with_errors: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Exempted findings (豁免). */
  exempted: number;
}

export interface Area {
  township: string;
  village: string;
  rows: number;
  households: number;
  households_with_errors: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** Every member of one household, for the household view. */
export interface HouseholdView {
  household: string;
  /** The Excel row number of the header row. */
  header_row: number;
  headers: string[];
  /** Member rows in sheet order: the Excel row number and every cell as displayed text. */
  rows: Array<{ row: number; cells: string[] }>;
}

/**
 * Thresholds and switches that override a named profile's (the fields of src/profile/mod.rs, e.g.
 * reference_date, max_age, poverty_lines, extra_codes, required, disabled, severities).
 */
export interface ProfileSettings {
  name?: string;
  [field: string]: unknown;
}

export interface CheckOptions {
  /** Called as the check goes: 0 ≤ fraction ≤ 1; `memory`: the bytes of wasm memory in use (it only grows: the last call gives the peak). */
  onProgress?: (fraction: number, stage: Stage, file: undefined, memory: number) => void;
  /** Aborting it cancels the check, which then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** The sheet to check; by default the one that looks most like a register. */
  sheet?: string;
  /** Role key → header text, overriding the guessed column mapping. */
  columns?: Record<string, string>;
  /** A profile by name (e.g. `national-2016`), or its settings as an object. */
  profile?: string | ProfileSettings;
  /** The file name, when the input has none: the checker uses its extension. */
  name?: string;
  /** The encoding of a text file ('UTF-8', 'gb18030', 'UTF-16LE' …); by default detected. */
  encoding?: string;
  /** An exemption list (豁免清单, .xlsx or .csv), and its name when it is no File. */
  exemptions?: CheckInput;
  exemptionsName?: string;
  /** Departments' lists to compare the register with (部门数据比对). */
  compare?: CompareList[];
  /** Last period's register (上期比对), and its name when it is no File; the report gains `period`. */
  previous?: CheckInput;
  previousName?: string;
  /** The 务工 records (a 务工监测 and/or 计划外出务工 export), and its name when it is no File; checked in place of such sheets of the register's workbook. */
  work?: CheckInput;
  workName?: string;
}

/** A rule as the 规则说明 view lists it, under a profile. */
export interface RuleDoc {
  key: string;
  severity: Severity;
  scope: Scope;
  title_zh: string;
  title_en: string;
  /** What it finds, why, an example (a Markdown subset), in English; doc_zh in Chinese. */
  doc: string;
  doc_zh: string;
  enabled: boolean;
  custom: boolean;
}

/** Several files checked together: each file's report (or its error) and the duplicates across them. */
export interface MultiReport {
  files: Array<Report | { file: string; error: { code: string; message_zh: string; message_en: string } }>;
  cross: Finding[];
  summary: Record<string, number>;
}

/** What a check can read. A File or Blob is read in the worker; an ArrayBuffer (or a Uint8Array spanning its buffer) is transferred, not copied. */
export type CheckInput = File | Blob | ArrayBuffer | Uint8Array;

/** The error a check rejects with; `name` is `AbortError` when code is `aborted`. */
export class CheckError extends Error {
  constructor(error: { code: string; message_zh: string; message_en: string });
  /** e.g. `unknown-format`, `not-a-spreadsheet` (a PDF, a picture or an archive), `save-as`, `encrypted`, `no-header`, `not-a-register` (a log, a summary table or a blank template), `bad-options`, `aborted`, `worker-failed`, `stale-report`, `export-too-large`, `read-failed` (the file could not be read from disk), `bad-list`, `bad-previous` (a list or last period's register that cannot be compared), `bad-work` (a work file with no 务工监测 or 计划外出务工 table). */
  code: string;
  message_zh: string;
  message_en: string;
}

/** The stages with their display names. */
export const STAGES: Readonly<Record<Stage, { zh: string; en: string }>>;

/** Checks one register in a Web Worker; checks run one at a time, in call order. */
export function check(input: CheckInput, options?: CheckOptions): Promise<Report>;

/** Starts the worker and loads the wasm ahead of the first check. */
export function preload(): Promise<void>;

/**
 * True when this page checks on the threaded build (several workers over shared memory): it is
 * cross-origin isolated (served with COOP `same-origin` and COEP `require-corp`) and the computer
 * has more than one core. Otherwise one thread checks, with the same findings.
 */
export function threaded(): boolean;

/** Checks several registers together and finds the same person across them. */
export function checkMany(
  inputs: Array<CheckInput | { input: CheckInput; name: string }>,
  options?: Omit<CheckOptions, 'onProgress'> & { onProgress?: (fraction: number, stage: Stage, file: number, memory: number) => void },
): Promise<MultiReport>;

/**
 * Every member of household `key` (户编号) in the file of `report`, which must be the latest
 * report check() gave (else rejects with code `stale-report`).
 */
export function household(report: Report, key: string): Promise<HouseholdView>;

/** What exportReport makes: the annotated workbook, the findings, or the masked summary. */
export type ExportKind = 'annotated' | 'findings-csv' | 'findings-json' | 'masked-xlsx' | 'masked-json';

/**
 * An export of the file of `report` (the latest report check() gave, else rejects with code
 * `stale-report`): the file as a Blob and its suggested name (e.g. `原文件名-标注.xlsx`).
 * `annotated` rejects with `export-too-large` for a sheet too large for the browser.
 */
export function exportReport(
  report: Report,
  kind: ExportKind,
  options?: { onProgress?: (fraction: number, stage: Stage) => void; signal?: AbortSignal },
): Promise<{ blob: Blob; name: string }>;

/** The list kinds (部门数据比对) and period-change kinds (上期比对) under a profile, with their labels. */
export function kinds(options?: { profile?: string | ProfileSettings }): Promise<{ lists: KindLabel[]; period: KindLabel[] }>;

/** Every rule under a profile (the default when none is given), with its doc. */
export function rules(options?: { profile?: string | ProfileSettings }): Promise<RuleDoc[]>;
