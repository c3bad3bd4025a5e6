//! The report of one check: what was read, how columns were mapped, and every finding.

use crate::finding::{Finding, Scope, Severity};
use crate::mapping::{Confidence, Mapping};
use crate::read::Format;
use crate::roles::ROLES;
use crate::rules::ALL;
use crate::table::Table;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a check found, as the CLI prints it as JSON and the page receives it.
#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub format: Format,
    /// The encoding a text file was decoded from (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: Option<&'static str>,
    /// The sheet checked, and every sheet of the workbook.
    pub sheet: String,
    pub sheets: Vec<String>,
    /// The Excel row number of the header row.
    pub header_row: u32,
    /// The header texts as decoded, one per column, so that garbling shows.
    pub header: Vec<String>,
    /// Data rows below the header.
    pub rows: usize,
    pub households: usize,
    /// Role key → the header taken for it.
    pub columns: BTreeMap<&'static str, String>,
    /// Every role, found or not, with its names and how sure the match was.
    pub roles: Vec<RoleReport>,
    pub findings: Vec<Finding>,
    /// Rule key → number of findings, for rules that found something.
    pub summary: BTreeMap<&'static str, usize>,
    /// Every rule that can run, with its titles and count (0 included).
    pub rules: Vec<RuleReport>,
}

#[derive(Debug, Serialize)]
pub struct RoleReport {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub header: Option<String>,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Serialize)]
pub struct RuleReport {
    pub key: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub count: usize,
}

/// What was read, before any rule ran.
pub struct Source {
    pub file: String,
    pub format: Format,
    pub encoding: Option<&'static str>,
    pub sheet: String,
    pub sheets: Vec<String>,
}

impl Report {
    pub fn new(source: Source, table: &Table, mapping: &Mapping, households: usize, findings: Vec<Finding>) -> Report {
        let mut summary: BTreeMap<&'static str, usize> = BTreeMap::new();
        for f in &findings {
            *summary.entry(f.rule).or_default() += 1;
        }
        let header = |c: usize| table.header(c).to_owned();
        Report {
            file: source.file,
            format: source.format,
            encoding: source.encoding,
            sheet: source.sheet,
            sheets: source.sheets,
            header_row: table.header_row(),
            header: table.headers().to_vec(),
            rows: table.rows(),
            households,
            columns: mapping.iter().map(|(r, c)| (r.key(), header(c))).collect(),
            roles: ROLES
                .iter()
                .map(|d| RoleReport {
                    key: d.key,
                    zh: d.zh,
                    en: d.en,
                    header: mapping.col(d.role).map(header),
                    confidence: mapping.confidence(d.role),
                })
                .collect(),
            rules: ALL
                .iter()
                .map(|r| r.meta())
                .map(|m| RuleReport {
                    key: m.key,
                    severity: m.severity,
                    scope: m.scope,
                    title_zh: m.title_zh,
                    title_en: m.title_en,
                    count: summary.get(m.key).copied().unwrap_or(0),
                })
                .collect(),
            findings,
            summary,
        }
    }

    /// A plain-text rendering for terminals: one line per finding, then the counts.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "{}  工作表 {}  表头第 {} 行  {} 行  {} 户", self.file, self.sheet, self.header_row, self.rows, self.households);
        for f in &self.findings {
            let rows: Vec<String> = f.rows.iter().map(u32::to_string).collect();
            let sev = match f.severity {
                Severity::Error => "错误",
                Severity::Warning => "警告",
                Severity::Info => "提示",
            };
            let _ = writeln!(s, "第{}行\t{sev}\t{}\t{}\t{}", rows.join(","), f.rule, f.column.as_deref().unwrap_or("-"), f.message_zh);
        }
        for (k, n) in &self.summary {
            let _ = writeln!(s, "{k}: {n}");
        }
        s
    }
}
