// Type declarations for the <huqing-checker> custom element (huqing-checker.js).

import type { CheckInput, CompareList, ProfileSettings, Report, Stage } from './huqing.js';

export interface HuqingProgressDetail {
  fraction: number;
  stage: Stage;
}

export interface HuqingErrorDetail {
  code: string;
  message_zh: string;
  message_en: string;
}

/** <huqing-checker lang="zh|en" profile="…" reference-date="YYYY-MM-DD">: drop zone, progress, summary and findings. */
export class HuqingChecker extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The last report, or null. */
  readonly report: Report | null;
  /** The profile passed to check(): this property if set, else the `profile` attribute. */
  profile: string | ProfileSettings | undefined;
  /** Departments' lists each check compares the register with (部门数据比对), as check()'s `compare`. */
  compare: CompareList[];
  /** Last period's register each check compares the register with (上期比对), as check()'s `previous`; null for none. */
  previous: CheckInput | null;
  /** Its name, when it is no File. */
  previousName: string | undefined;
  /** The 务工 records (a 务工监测 and/or 计划外出务工 export) each check reads beside the register, as check()'s `work`; null for none. */
  work: CheckInput | null;
  /** Its name, when it is no File. */
  workName: string | undefined;
  /** The 豁免清单 (exemption list) applied to each check, as check()'s `exemptions`; null for none. */
  exemptions: CheckInput | null;
  /** Its name, when it is no File. */
  exemptionsName: string | undefined;
  /** The date ages are judged at (YYYY-MM-DD): this property if set, else the `reference-date` attribute. */
  referenceDate: string | undefined;
  /** Checks a file as if it were dropped; resolves to the report, rejects with a CheckError. */
  check(input: CheckInput, name?: string): Promise<Report>;
  /** Cancels the running check, if any. */
  cancel(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'huqing-checker': HuqingChecker;
  }
  interface HTMLElementEventMap {
    'huqing-progress': CustomEvent<HuqingProgressDetail>;
    'huqing-done': CustomEvent<Report>;
    'huqing-error': CustomEvent<HuqingErrorDetail>;
  }
}
