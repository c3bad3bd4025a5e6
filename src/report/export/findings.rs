//! The findings as CSV (for Excel: UTF-8 with BOM, formula-safe) and as JSON.

use super::severity_zh;
use crate::base::finding::Finding;
use crate::report::Report;
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns of the findings list, in Chinese as the clerk reads them: the CSV's, and the
/// annotated workbook's 问题清单 sheet's.
pub(crate) const COLUMNS: [&str; 11] =
    ["规则", "规则代码", "严重程度", "行号", "列", "值", "户编号", "乡镇", "村", "说明", "豁免原因"];

/// Where 严重程度 and 行号 are in [`COLUMNS`] (the workbook fills the one and links the other).
pub(crate) const SEVERITY_COLUMN: usize = 2;
pub(crate) const ROWS_COLUMN: usize = 3;

/// Rule key → its Chinese title, for [`finding_cells`].
pub(crate) fn rule_titles(report: &Report) -> BTreeMap<&str, &str> {
    report.rules.iter().map(|r| (r.key.as_ref(), r.title_zh.as_ref())).collect()
}

/// The rows of a finding as one cell: Excel row numbers joined by spaces.
pub(crate) fn finding_rows(f: &Finding) -> String {
    f.rows.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

/// One finding as a row under [`COLUMNS`]; `rows` is its [`finding_rows`]. A rule the report
/// has no title for is named by its key.
pub(crate) fn finding_cells<'a>(
    f: &'a Finding,
    titles: &BTreeMap<&str, &'a str>,
    rows: &'a str,
) -> [&'a str; COLUMNS.len()] {
    [
        titles.get(f.rule.as_ref()).copied().unwrap_or(&f.rule),
        &f.rule,
        severity_zh(f.severity),
        rows,
        f.column.as_deref().unwrap_or(""),
        &f.value,
        f.household.as_deref().unwrap_or(""),
        f.township.as_deref().unwrap_or(""),
        f.village.as_deref().unwrap_or(""),
        &f.message_zh,
        f.exempted.as_deref().unwrap_or(""),
    ]
}

/// One row per finding, with a byte-order mark so that Excel reads the Chinese as UTF-8, rows
/// of a finding joined by spaces, CRLF line ends.
pub fn findings_csv(report: &Report) -> Vec<u8> {
    let titles = rule_titles(report);
    let mut out = String::from("\u{FEFF}");
    csv_line(&mut out, &COLUMNS);
    for f in &report.findings {
        let rows = finding_rows(f);
        csv_line(&mut out, &finding_cells(f, &titles, &rows));
    }
    out.into_bytes()
}

/// Appends one CSV line of `cells` to `out`, CRLF-ended (after a `\u{FEFF}` the caller writes first).
pub fn csv_line<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// A CSV cell: quoted; a leading `=` `+` `-` `@` (or tab, CR) defused with an apostrophe so Excel
/// does not run it as a formula; a long digit string (ID, bank card, 户编号) written as `="…"` so
/// Excel keeps it as text instead of rounding it to 15 digits, the very fault huqing reports.
fn cell(s: &str) -> String {
    if s.len() >= 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        return format!("\"=\"\"{s}\"\"\"");
    }
    let defused = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// The findings with what they were found in: file, sheet, profile, totals, areas.
pub fn findings_json(r: &Report) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'r> {
        file: &'r str,
        sheet: &'r str,
        profile: &'r str,
        totals: &'r crate::report::summary::Totals,
        areas: &'r [crate::report::summary::Area],
        findings: &'r [crate::base::finding::Finding],
    }
    let out = Out {
        file: &r.file,
        sheet: &r.sheet,
        profile: &r.profile,
        totals: &r.totals,
        areas: &r.areas,
        findings: &r.findings,
    };
    serde_json::to_vec_pretty(&out).expect("findings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("张三"), "\"张三\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("522731199001011234"), "\"=\"\"522731199001011234\"\"\"");
        assert_eq!(cell("52273119900101123X"), "\"52273119900101123X\"");
        assert_eq!(cell(""), "\"\"");
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_lists_every_finding() {
        let csv = "户编号,姓名,与户主关系,证件号码\nH1,张三,户主,110105194912310021\nH1,=1+1,配偶,\n";
        let s = crate::check::check_file(csv.as_bytes(), "a.csv", &Default::default(), &mut |_, _| {}).unwrap();
        let bytes = findings_csv(s.report());
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with("\u{FEFF}\"规则\",\"规则代码\""));
        assert_eq!(text.lines().count(), s.report().findings.len() + 1);
        assert!(text.contains("\"person-id-checksum\""));
        assert!(!text.contains(",\"=1+1\""), "a formula is never written as is");
        let json: serde_json::Value = serde_json::from_slice(&findings_json(s.report())).unwrap();
        assert_eq!(json["findings"].as_array().unwrap().len(), s.report().findings.len());
        assert_eq!(json["totals"]["rows"], 2);
    }
}
