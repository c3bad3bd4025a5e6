//! The batch CLI's CSV files, written as the page's findings export is (`huqing::report::export`): UTF-8
//! with a BOM, CRLF lines, every cell quoted, formulas defused, long digit strings kept as text.

use huqing::check::batch::CrossFinding;
use huqing::report::export::{csv_line, severity_zh};
use huqing::Report;
use std::io::Write;

/// Every finding of `report`, one a line: the page's findings export.
pub fn findings(w: &mut impl Write, report: &Report) -> std::io::Result<()> {
    w.write_all(&huqing::report::export::findings_csv(report))
}

/// The columns of the duplicates across files, in cross.csv and summary.xlsx.
pub const CROSS_COLUMNS: [&str; 6] = ["级别", "文件:行号", "值", "说明", "规则代码", "豁免原因"];

/// A duplicate across files under [`CROSS_COLUMNS`], its rows given as `file:row`.
pub fn cross_cells(f: &CrossFinding) -> [String; 6] {
    let at: Vec<String> =
        f.locations.iter().map(|l| format!("{}:{}", l.file.as_deref().unwrap_or(""), l.row)).collect();
    let exempted = f.exempted.clone().unwrap_or_default();
    [
        severity_zh(f.severity).to_owned(),
        at.join(" "),
        f.value.clone(),
        f.message_zh.clone(),
        f.rule.to_owned(),
        exempted,
    ]
}

/// The duplicates across files, one a line.
pub fn cross(w: &mut impl Write, cross: &[CrossFinding]) -> std::io::Result<()> {
    let mut rows = vec![CROSS_COLUMNS.map(String::from).to_vec()];
    rows.extend(cross.iter().map(|f| cross_cells(f).to_vec()));
    write_rows(w, &rows)
}

/// Writes `rows` as a CSV file Excel opens as UTF-8.
pub fn write_rows(w: &mut impl Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut out = String::from("\u{FEFF}");
    for row in rows {
        csv_line(&mut out, row);
    }
    w.write_all(out.as_bytes())
}
