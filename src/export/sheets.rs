//! What the annotated workbook and the masked summary share: the 汇总 sheet, header formats,
//! and sheet names Excel accepts.

use super::{severity_zh, write_failed};
use crate::error::Error;
use crate::report::Report;
use rust_xlsxwriter::{Format, FormatBorder, Worksheet};

/// The bold, shaded format of a header row.
pub fn header_format() -> Format {
    Format::new().set_bold().set_background_color(0xD9E1F2).set_border_bottom(FormatBorder::Thin)
}

/// Writes the 汇总 sheet: what was checked, the totals, the counts by rule, the counts by area.
pub fn write_summary(ws: &mut Worksheet, report: &Report) -> Result<(), Error> {
    let head = header_format();
    let t = &report.totals;
    let mut row = 0u32;
    let mut line = |ws: &mut Worksheet, cells: &[Cell<'_>], format: Option<&Format>| -> Result<(), Error> {
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match (cell, format) {
                (Cell::Text(s), Some(f)) => ws.write_string_with_format(row, c, *s, f),
                (Cell::Text(s), None) => ws.write_string(row, c, *s),
                (Cell::Count(n), _) => ws.write_number(row, c, *n as f64),
            }
            .map_err(write_failed)?;
        }
        row += 1;
        Ok(())
    };
    use Cell::{Count, Text};
    line(ws, &[Text("项目"), Text("内容")], Some(&head))?;
    line(ws, &[Text("文件"), Text(&report.file)], None)?;
    line(ws, &[Text("工作表"), Text(&report.sheet)], None)?;
    line(ws, &[Text("检查方案"), Text(&report.profile)], None)?;
    for (label, n) in [
        ("数据行数", t.rows),
        ("户数", t.households),
        ("人数", t.persons),
        ("有错误的户数", t.households_with_errors),
        ("有错误的人数", t.persons_with_errors),
        ("错误", t.errors),
        ("警告", t.warnings),
        ("提示", t.infos),
        ("已豁免", t.exempted),
    ] {
        line(ws, &[Text(label), Count(n)], None)?;
    }
    line(ws, &[], None)?;
    line(ws, &[Text("规则代码"), Text("规则"), Text("严重程度"), Text("问题数"), Text("已豁免")], Some(&head))?;
    for r in report.rules.iter().filter(|r| r.count + r.exempted > 0) {
        line(
            ws,
            &[Text(&r.key), Text(&r.title_zh), Text(severity_zh(r.severity)), Count(r.count), Count(r.exempted)],
            None,
        )?;
    }
    line(ws, &[], None)?;
    line(
        ws,
        &[
            Text("乡镇"),
            Text("村"),
            Text("行数"),
            Text("户数"),
            Text("有错误的户数"),
            Text("错误"),
            Text("警告"),
            Text("提示"),
        ],
        Some(&head),
    )?;
    for a in &report.areas {
        let cells = [
            Text(&a.township),
            Text(&a.village),
            Count(a.rows),
            Count(a.households),
            Count(a.households_with_errors),
            Count(a.errors),
            Count(a.warnings),
            Count(a.infos),
        ];
        line(ws, &cells, None)?;
    }
    ws.set_column_width(0, 22).map_err(write_failed)?;
    ws.set_column_width(1, 36).map_err(write_failed)?;
    Ok(())
}

enum Cell<'a> {
    Text(&'a str),
    Count(usize),
}

/// A sheet name Excel accepts, unlike every name in `taken`: at most 31 characters, none of
/// `[]:*?/\`, no apostrophe at either end.
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'');
    let base: String = if clean.is_empty() { "Sheet".to_owned() } else { clean.chars().take(31).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!("({n})");
        name = base.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid_and_distinct() {
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name("汇总", &["汇总".to_owned()]), "汇总(2)");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 31);
        assert_eq!(sheet_name("''", &[]), "Sheet");
    }
}
