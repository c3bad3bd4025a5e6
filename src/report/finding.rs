//! A finding: one fault a rule found, with the sheet rows, column and value it concerns.

use serde::Serialize;
use std::borrow::Cow;

/// How sure a rule is that the record is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record is wrong.
    Error,
    /// Probably wrong: needs a look.
    Warning,
    /// Worth knowing.
    Info,
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Cell,
    Row,
    Household,
    Table,
}

/// One fault, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable key, e.g. `person-id-checksum`; owned for a profile's own rules.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    /// Sheet rows as Excel numbers them (the header row counts), ascending.
    pub rows: Vec<u32>,
    /// The header of the column concerned, as written in the sheet.
    pub column: Option<String>,
    /// The offending value, as read.
    pub value: String,
    /// The 户编号 of the household concerned, when there is one.
    pub household: Option<String>,
    pub message_zh: String,
    pub message_en: String,
    /// The reason from the exemption list (豁免清单) when this finding is exempted: still
    /// reported, but not counted as open.
    pub exempted: Option<String>,
    /// For findings about one person recorded several times: each row of the group with what
    /// tells the records apart, for the side-by-side view. Absent for other findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The 乡镇 and 村 of the finding's first row, when the columns are mapped and not blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
}

/// One row of a group of records, as the side-by-side view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, when a finding spans several files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The row as Excel numbers it.
    pub row: u32,
    /// 户编号, 乡镇, 行政村, 姓名 and 证件号码 as written ("" when the column is missing).
    pub household: String,
    pub township: String,
    pub village: String,
    pub name: String,
    pub id: String,
}
