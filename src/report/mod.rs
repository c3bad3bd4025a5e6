//! The report of one check: what was read, how columns were mapped, and every finding.

pub mod docs;
pub mod export;
pub mod facets;
pub mod summary;

use crate::base::finding::{Finding, Scope, Severity};
use crate::columns::mapping::{Confidence, Mapping};
use crate::columns::roles::ROLES;
use crate::profile::Profile;
use crate::read::table::Table;
use crate::read::Format;
use crate::report::summary::{Area, Overview, Totals};
use crate::rules;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
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
    /// What the sheet lists: `persons` (a row per member) or `households` (a row per 户编号).
    pub kind: crate::facts::context::SheetKind,
    /// The household-list sheet of the workbook joined with this one, if any.
    pub household_list: Option<ListReport>,
    /// The date ages were judged at and where it came from.
    pub reference_date: Option<crate::facts::reference::ReferenceDate>,
    /// Rows, households, persons, and those with errors; open findings by severity.
    pub totals: Totals,
    /// The same by 乡镇 and 村, sorted by township then village.
    pub areas: Vec<Area>,
    /// The texts of the header row, one per column (for choosing a column by hand).
    pub headers: Vec<String>,
    /// Role key → the header taken for it.
    pub columns: BTreeMap<&'static str, String>,
    /// Every role, found or not, with its names and how sure the match was.
    pub roles: Vec<RoleReport>,
    /// Columns this file does not have that rules need, other than the profile's required ones
    /// (those are `column-missing` errors): one line each, with the rules that did not run.
    pub absent: Vec<Absent>,
    pub findings: Vec<Finding>,
    /// Rule key → number of open (not exempted) findings, for rules that found something.
    pub summary: BTreeMap<Cow<'static, str>, usize>,
    /// Rule key → number of exempted findings (豁免), for rules with any.
    pub exempted: BTreeMap<Cow<'static, str>, usize>,
    /// Every rule that ran, with its titles and counts (0 included); the profile's own last.
    pub rules: Vec<RuleReport>,
    /// The name of the profile used.
    pub profile: String,
    /// Rules the profile switched off.
    pub disabled_rules: Vec<Cow<'static, str>>,
    /// The departments' lists compared with the register (部门数据比对): what was read of each
    /// and what it yielded; absent when none was given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub compare: Vec<crate::compare::ListSummary>,
    /// The comparison with last period's register, when one was given (see docs/period.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<crate::period::Summary>,
}

/// The report without its findings, which the page's worker sends apart, in parts
/// (`Checked::findings_part` in src/wasm.rs): serialized as the report is, `findings` left out. The test
/// `head_is_the_report_but_its_findings` keeps its fields those of [`Report`].
pub struct Head<'a>(pub &'a Report);

impl Serialize for Head<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut s = serializer.serialize_struct("Report", 25)?;
        s.serialize_field("file", &r.file)?;
        s.serialize_field("format", &r.format)?;
        s.serialize_field("encoding", &r.encoding)?;
        s.serialize_field("sheet", &r.sheet)?;
        s.serialize_field("sheets", &r.sheets)?;
        s.serialize_field("header_row", &r.header_row)?;
        s.serialize_field("header", &r.header)?;
        s.serialize_field("rows", &r.rows)?;
        s.serialize_field("households", &r.households)?;
        s.serialize_field("kind", &r.kind)?;
        s.serialize_field("household_list", &r.household_list)?;
        s.serialize_field("reference_date", &r.reference_date)?;
        s.serialize_field("totals", &r.totals)?;
        s.serialize_field("areas", &r.areas)?;
        s.serialize_field("headers", &r.headers)?;
        s.serialize_field("columns", &r.columns)?;
        s.serialize_field("roles", &r.roles)?;
        s.serialize_field("absent", &r.absent)?;
        s.serialize_field("summary", &r.summary)?;
        s.serialize_field("exempted", &r.exempted)?;
        s.serialize_field("rules", &r.rules)?;
        s.serialize_field("profile", &r.profile)?;
        s.serialize_field("disabled_rules", &r.disabled_rules)?;
        if !r.compare.is_empty() {
            s.serialize_field("compare", &r.compare)?;
        }
        if let Some(period) = &r.period {
            s.serialize_field("period", period)?;
        }
        s.end()
    }
}

/// A household list joined with the sheet checked.
#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    pub sheet: String,
    pub households: usize,
}

#[derive(Debug, Serialize)]
pub struct RoleReport {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub header: Option<String>,
    pub confidence: Option<Confidence>,
    /// For a role no column took: a header of the sheet that is close to one of its names
    /// (one character off, or a hint such as 年度家庭人口数 for 人数), offered to the user to
    /// accept, never taken on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A column the file does not have, and the rules that did not run for want of it.
#[derive(Debug, Serialize)]
pub struct Absent {
    /// The role key, e.g. `birth-date`.
    pub role: &'static str,
    pub header_zh: &'static str,
    pub header_en: &'static str,
    /// Keys of the rules skipped.
    pub rules: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct RuleReport {
    pub key: Cow<'static, str>,
    /// The severity under the profile used.
    pub severity: Severity,
    pub scope: Scope,
    pub title_zh: Cow<'static, str>,
    pub title_en: Cow<'static, str>,
    /// Open findings.
    pub count: usize,
    /// Exempted findings.
    pub exempted: usize,
    /// True for a rule the profile declares.
    pub custom: bool,
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
    pub fn new(
        source: Source,
        table: &Table,
        mapping: &Mapping,
        households: usize,
        findings: Vec<Finding>,
        overview: Overview,
        profile: &Profile,
    ) -> Report {
        let mut summary: BTreeMap<Cow<'static, str>, usize> = BTreeMap::new();
        let mut exempted: BTreeMap<Cow<'static, str>, usize> = BTreeMap::new();
        for f in &findings {
            let counts = if f.exempted.is_some() { &mut exempted } else { &mut summary };
            *counts.entry(f.rule.clone()).or_default() += 1;
        }
        let catalogue = docs::catalogue(profile);
        let header = |c: usize| table.header(c).to_owned();
        let suggestions = mapping.suggestions(table.headers());
        let absent = ROLES
            .iter()
            .filter(|d| mapping.col(d.role).is_none() && !profile.required_columns.iter().any(|k| k == d.key))
            .map(|d| Absent {
                role: d.key,
                header_zh: d.zh,
                header_en: d.en,
                rules: rules::skipped_by(d.role, profile),
            })
            .filter(|a| !a.rules.is_empty())
            .collect();
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
            kind: crate::facts::context::SheetKind::Persons,
            household_list: None,
            reference_date: None,
            totals: overview.totals,
            areas: overview.areas,
            headers: table.headers().to_vec(),
            columns: mapping.iter().map(|(r, c)| (r.key(), header(c))).collect(),
            roles: ROLES
                .iter()
                .map(|d| RoleReport {
                    key: d.key,
                    zh: d.zh,
                    en: d.en,
                    header: mapping.col(d.role).map(header),
                    confidence: mapping.confidence(d.role),
                    suggestion: suggestions.get(&d.role).map(|&c| header(c)),
                })
                .collect(),
            absent,
            rules: catalogue
                .iter()
                .filter(|r| r.enabled)
                .map(|r| RuleReport {
                    key: r.key.clone(),
                    severity: r.severity,
                    scope: r.scope,
                    title_zh: r.title_zh.clone(),
                    title_en: r.title_en.clone(),
                    count: summary.get(r.key.as_ref()).copied().unwrap_or(0),
                    exempted: exempted.get(r.key.as_ref()).copied().unwrap_or(0),
                    custom: r.custom,
                })
                .collect(),
            profile: profile.name.clone(),
            disabled_rules: catalogue.iter().filter(|r| !r.enabled).map(|r| r.key.clone()).collect(),
            findings,
            summary,
            exempted,
            compare: Vec::new(),
            period: None,
        }
    }

    /// Adds the lists compared, and their kinds to `rules` (with their counts), so that the
    /// findings of a list filter and count like any rule's.
    pub fn add_lists(&mut self, lists: Vec<crate::compare::ListSummary>, profile: &Profile) {
        let kinds = crate::compare::kinds(profile);
        for l in &lists {
            let Some(k) = crate::compare::find_kind(&kinds, &l.key) else { continue };
            if self.rules.iter().any(|r| r.key == k.key) || !profile.enabled(&k.key) {
                continue;
            }
            self.rules.push(RuleReport {
                key: k.key.clone(),
                severity: profile.severities.get(k.key.as_ref()).copied().unwrap_or(k.severity),
                scope: Scope::Row,
                title_zh: k.title_zh.clone(),
                title_en: k.title_en.clone(),
                count: self.summary.get(k.key.as_ref()).copied().unwrap_or(0),
                exempted: self.exempted.get(k.key.as_ref()).copied().unwrap_or(0),
                custom: k.custom,
            });
        }
        self.compare = lists;
    }

    /// Adds the period comparison's summary, and its change kinds to `rules` with their counts
    /// (its findings are already among `findings`, counted in `summary`).
    pub fn add_period(&mut self, period: crate::period::Summary, profile: &Profile) {
        for m in crate::period::kinds::KINDS.iter().filter(|m| profile.enabled(m.key)) {
            self.rules.push(RuleReport {
                key: m.key.into(),
                severity: profile.severities.get(m.key).copied().unwrap_or(m.severity),
                scope: m.scope,
                title_zh: m.title_zh.into(),
                title_en: m.title_en.into(),
                count: self.summary.get(m.key).copied().unwrap_or(0),
                exempted: self.exempted.get(m.key).copied().unwrap_or(0),
                custom: false,
            });
        }
        self.period = Some(period);
    }

    /// A plain-text rendering for terminals: the columns absent, one line per finding, then the
    /// counts.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}  工作表 {}  表头第 {} 行  {} 行  {} 户",
            self.file, self.sheet, self.header_row, self.rows, self.households
        );
        for a in &self.absent {
            let title =
                |key: &str| self.rules.iter().find(|r| r.key == key).map_or(key.to_owned(), |r| r.title_zh.to_string());
            let _ = writeln!(
                s,
                "本文件没有“{}”列，未进行：{}（not in this file: {}; rules not run: {}）",
                a.header_zh,
                a.rules.iter().map(|k| title(k)).collect::<Vec<_>>().join("、"),
                a.header_en,
                a.rules.join(", ")
            );
        }
        for f in &self.findings {
            let sev = match f.severity {
                Severity::Error => "错误",
                Severity::Warning => "警告",
                Severity::Info => "提示",
            };
            let exempted = f.exempted.as_ref().map(|r| format!("\t已豁免：{r}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "{}\t{sev}\t{}\t{}\t{}{exempted}",
                rows_text(&f.rows),
                f.rule,
                f.column.as_deref().unwrap_or("-"),
                f.message_zh
            );
        }
        for (k, n) in &self.summary {
            let _ = writeln!(s, "{k}: {n}");
        }
        for (k, n) in &self.exempted {
            let _ = writeln!(s, "{k}: {n} 已豁免");
        }
        if let Some(p) = &self.period {
            let _ = writeln!(s, "上期比对（{}）：{}", p.previous, p.text_zh);
            for a in &p.areas {
                let place = format!("{} {}", a.township, a.village);
                let _ = writeln!(s, "  {}：{}", place.trim(), a.counts.sentence_zh());
            }
        }
        s
    }
}

/// Where a finding lies, for the text report: 第2,5行, or 整表 for one about the whole table.
fn rows_text(rows: &[u32]) -> String {
    if rows.is_empty() {
        return "整表".to_owned();
    }
    let rows: Vec<String> = rows.iter().map(u32::to_string).collect();
    format!("第{}行", rows.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head's fields are the report's but `findings`, in the same order, with a list and last
    /// period's register (the fields serialized only when present) and without.
    #[test]
    fn head_is_the_report_but_its_findings() {
        let fixture =
            |name: &str| std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let bytes = fixture("period/period-current.xlsx");
        let full = crate::Options {
            previous: Some(crate::period::Baseline {
                name: "上期.xlsx".into(),
                bytes: fixture("period/period-previous.xlsx"),
            }),
            compare: vec![crate::compare::ListInput {
                bytes: fixture("lists/死亡人员名单.csv"),
                name: "死亡人员名单.csv".into(),
                kind: None,
            }],
            ..crate::Options::default()
        };
        for options in [crate::Options::default(), full] {
            let report = crate::check::check(&bytes, "本期.xlsx", &options, &mut |_, _| {}).unwrap();
            let findings = serde_json::to_string(&report.findings).unwrap();
            let whole = serde_json::to_string(&report).unwrap().replacen(&format!("\"findings\":{findings},"), "", 1);
            assert_eq!(serde_json::to_string(&Head(&report)).unwrap(), whole);
        }
    }
}
