//! Findings as CSV for Excel, in the page's conventions: UTF-8 with a BOM (so Excel shows the
//! Chinese), CRLF lines, every cell quoted, a leading `= + - @` defused with `'` so Excel does
//! not run it as a formula, and a long digit string (ID, bank card, 户编号) written as `="…"` so
//! Excel keeps it as text instead of rounding it to 15 digits.

use huqing::batch::CrossFinding;
use huqing::{Report, Severity};
use std::collections::HashMap;
use std::io::Write;

const HEADER: [&str; 9] = ["规则", "级别", "行号", "列", "值", "户编号", "说明", "豁免原因", "规则代码"];

/// Every finding of `report`, one a line.
pub fn findings(w: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let titles: HashMap<&str, &str> = report.rules.iter().map(|r| (&*r.key, &*r.title_zh)).collect();
    let mut rows = vec![HEADER.map(String::from).to_vec()];
    for f in &report.findings {
        let rows_text: Vec<String> = f.rows.iter().map(u32::to_string).collect();
        rows.push(vec![
            titles.get(&*f.rule).copied().unwrap_or(&f.rule).to_owned(),
            severity(f.severity).to_owned(),
            rows_text.join(" "),
            f.column.clone().unwrap_or_default(),
            f.value.clone(),
            f.household.clone().unwrap_or_default(),
            f.message_zh.clone(),
            f.exempted.clone().unwrap_or_default(),
            f.rule.to_string(),
        ]);
    }
    write_rows(w, &rows)
}

/// The duplicates across files, their rows given as `file:row`.
pub fn cross(w: &mut impl Write, cross: &[CrossFinding]) -> std::io::Result<()> {
    let mut rows = vec![["级别", "文件:行号", "值", "说明", "规则代码"].map(String::from).to_vec()];
    for f in cross {
        let at: Vec<String> = f.locations.iter().map(|l| format!("{}:{}", l.file.as_deref().unwrap_or(""), l.row)).collect();
        rows.push(vec![severity(f.severity).to_owned(), at.join(" "), f.value.clone(), f.message_zh.clone(), f.rule.to_owned()]);
    }
    write_rows(w, &rows)
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// Writes `rows` as a CSV file Excel opens as UTF-8.
pub fn write_rows(w: &mut impl Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    w.write_all("\u{FEFF}".as_bytes())?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        w.write_all(cells.join(",").as_bytes())?;
        w.write_all(b"\r\n")?;
    }
    Ok(())
}

/// One quoted cell, as the page's CSV export writes it.
fn cell(value: &str) -> String {
    if value.len() >= 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return format!("\"=\"\"{value}\"\"\"");
    }
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "\"'-1\"");
        assert_eq!(cell("@SUM"), "\"'@SUM\"");
        assert_eq!(cell("360426199101010072"), "\"=\"\"360426199101010072\"\"\"");
        assert_eq!(cell("36042619910101007X"), "\"36042619910101007X\"");
        assert_eq!(cell("张三"), "\"张三\"");
    }
}
