//! A summary safe to send upward: the totals, the counts by rule and by area, and the findings
//! with every personal value masked (IDs, names, phones, bank cards). Messages embed values, so
//! none is copied: each finding is named by its rule's title.

use super::mask::{self, Names};
use super::sheets::{header_format, write_summary};
use super::{severity_zh, write_failed};
use crate::base::error::Error;
use crate::check::session::Session;
use crate::columns::roles::Role;
use crate::report::finding::Severity;
use crate::report::summary::{Area, Totals};
use crate::report::Report;
use rust_xlsxwriter::Workbook;
use serde::Serialize;
use std::collections::BTreeMap;

/// The masked summary, as its JSON shows it.
#[derive(Debug, Serialize)]
pub struct Masked<'r> {
    pub file: &'r str,
    pub sheet: &'r str,
    pub profile: &'r str,
    pub totals: &'r Totals,
    /// Rules that found something: open and exempted counts.
    pub rules: Vec<MaskedRule<'r>>,
    pub areas: &'r [Area],
    pub findings: Vec<MaskedFinding<'r>>,
}

#[derive(Debug, Serialize)]
pub struct MaskedRule<'r> {
    pub key: &'r str,
    pub title_zh: &'r str,
    pub title_en: &'r str,
    pub severity: Severity,
    pub count: usize,
    pub exempted: usize,
}

/// A finding with its value masked and no message.
#[derive(Debug, Serialize)]
pub struct MaskedFinding<'r> {
    pub rows: &'r [u32],
    pub rule: &'r str,
    pub title_zh: &'r str,
    pub severity: Severity,
    pub column: Option<&'r str>,
    pub value: String,
    pub township: Option<&'r str>,
    pub village: Option<&'r str>,
    pub exempted: bool,
}

/// Builds the masked summary of `session`.
pub fn masked(session: &Session) -> Masked<'_> {
    let report = session.report();
    let table = session.table();
    let role_of: BTreeMap<&str, &str> = report.columns.iter().map(|(role, header)| (header.as_str(), *role)).collect();
    let names = match table.headers().iter().position(|h| Some(h) == report.columns.get(Role::Name.key())) {
        Some(col) => Names::new((0..table.rows()).map(|r| table.text(col, r))),
        None => Names::default(),
    };
    let titles: BTreeMap<&str, &str> = report.rules.iter().map(|r| (r.key.as_ref(), r.title_zh.as_ref())).collect();
    let findings = report
        .findings
        .iter()
        .map(|f| MaskedFinding {
            rows: &f.rows,
            rule: &f.rule,
            title_zh: titles.get(f.rule.as_ref()).copied().unwrap_or(""),
            severity: f.severity,
            column: f.column.as_deref(),
            value: mask_value(&f.value, f.column.as_deref().and_then(|c| role_of.get(c).copied()), &names),
            township: f.township.as_deref(),
            village: f.village.as_deref(),
            exempted: f.exempted.is_some(),
        })
        .collect();
    Masked {
        file: &report.file,
        sheet: &report.sheet,
        profile: &report.profile,
        totals: &report.totals,
        rules: rules(report),
        areas: &report.areas,
        findings,
    }
}

fn rules(report: &Report) -> Vec<MaskedRule<'_>> {
    report
        .rules
        .iter()
        .filter(|r| r.count + r.exempted > 0)
        .map(|r| MaskedRule {
            key: &r.key,
            title_zh: &r.title_zh,
            title_en: &r.title_en,
            severity: r.severity,
            count: r.count,
            exempted: r.exempted,
        })
        .collect()
}

/// A finding's value masked by the role of its column; any other value has the digit runs and
/// the register's names in it masked.
fn mask_value(value: &str, role: Option<&str>, names: &Names) -> String {
    let each = |f: fn(&str) -> String| -> String {
        let mut out = String::new();
        let mut token = String::new();
        for c in value.chars() {
            if c.is_whitespace() || "、,，;；/|".contains(c) {
                out.push_str(&f(&token));
                token.clear();
                out.push(c);
            } else {
                token.push(c);
            }
        }
        out + &f(&token)
    };
    match role {
        Some("person-id") => each(mask::id),
        Some("name") => each(mask::name),
        Some("phone" | "member-phone") => each(mask::phone),
        Some("bank-card") => each(mask::card),
        _ => names.mask_in(&mask::digit_runs(value)),
    }
}

/// The masked summary as JSON.
pub fn masked_json(session: &Session) -> Vec<u8> {
    serde_json::to_vec_pretty(&masked(session)).expect("the summary serialises")
}

/// The masked summary as a workbook: a 汇总 sheet and a 问题清单（脱敏） sheet.
pub fn masked_xlsx(session: &Session) -> Result<Vec<u8>, Error> {
    let m = masked(session);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("汇总").map_err(write_failed)?;
    write_summary(ws, session.report())?;
    let ws = book.add_worksheet().set_name("问题清单（脱敏）").map_err(write_failed)?;
    let head = header_format();
    for (c, h) in
        ["行号", "规则", "规则代码", "严重程度", "列", "值（已脱敏）", "乡镇", "村", "已豁免"].iter().enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &head).map_err(write_failed)?;
    }
    ws.set_freeze_panes(1, 0).map_err(write_failed)?;
    for (i, f) in m.findings.iter().enumerate() {
        let row = i as u32 + 1;
        let rows = f.rows.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let cells = [
            rows.as_str(),
            f.title_zh,
            f.rule,
            severity_zh(f.severity),
            f.column.unwrap_or(""),
            &f.value,
            f.township.unwrap_or(""),
            f.village.unwrap_or(""),
            if f.exempted { "是" } else { "" },
        ];
        for (c, t) in cells.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(row, c as u16, *t).map_err(write_failed)?;
            }
        }
    }
    for (c, w) in [10, 24, 22, 8, 14, 24, 12, 12, 8].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(write_failed)?;
    }
    book.save_to_buffer().map_err(write_failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_masked_by_their_column() {
        let names = Names::new(["张三", "李四"]);
        assert_eq!(mask_value("3604262O0802019242", Some("person-id"), &names), "360426********9242");
        assert_eq!(
            mask_value("360426200801185177、36042620080118251X", Some("person-id"), &names),
            "360426********5177、360426********251X"
        );
        assert_eq!(mask_value("张三", Some("name"), &names), "张*");
        assert_eq!(mask_value("1391234567", Some("phone"), &names), "139***4567");
        assert_eq!(mask_value("南明村 张三 李四 13912345678", None, &names), "南明村 张* 李* 139****5678");
        assert_eq!(mask_value("3604260020010022", Some("relation"), &names), "360426******0022");
    }
}
