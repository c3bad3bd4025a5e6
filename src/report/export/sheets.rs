//! What the annotated workbook and the masked summary share: the 汇总 sheet, header formats,
//! and sheet names Excel accepts.

use super::{severity_zh, write_failed};
use crate::base::error::Error;
use crate::report::Report;
use rust_xlsxwriter::{Format, FormatBorder, Worksheet};

/// The bold, shaded format of a header row.
pub fn header_format() -> Format {
    Format::new().set_bold().set_background_color(0xD9E1F2).set_border_bottom(FormatBorder::Thin)
}

/// How wide a text shows, in Excel's column-width units (the width of a digit): a Chinese
/// (full-width) character takes two, any other one.
pub fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if wide(c) { 2.0 } else { 1.0 }).sum()
}

/// East Asian wide and full-width characters: CJK, kana, hangul, full-width forms.
fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The widest text of each column seen so far, to size the columns wide enough to read; kept
/// per column only, so a sheet written in constant memory stays so.
#[derive(Default)]
pub struct Widths(Vec<f64>);

impl Widths {
    /// Notes a cell of column `col` showing `width` units.
    pub fn see(&mut self, col: u16, width: f64) {
        let col = col as usize;
        if self.0.len() <= col {
            self.0.resize(col + 1, 0.0);
        }
        self.0[col] = self.0[col].max(width);
    }

    /// Notes a cell of column `col` showing `text`.
    pub fn see_text(&mut self, col: u16, text: &str) {
        // Columns are capped well below this: a long text need not be counted to its end.
        let width = text.chars().take(200).map(|c| if wide(c) { 2.0 } else { 1.0 }).sum();
        self.see(col, width);
    }

    /// Sets each seen column's width: its widest cell plus a margin (and room for a filter's
    /// drop-down arrow), at least `min`, at most `max`. Columns never seen keep Excel's default.
    pub fn apply(&self, ws: &mut Worksheet, min: f64, max: f64) -> Result<(), Error> {
        for c in 0..self.0.len() as u16 {
            if let Some(w) = self.width(c, min, max) {
                ws.set_column_width(c, w).map_err(write_failed)?;
            }
        }
        Ok(())
    }

    /// The width [`Widths::apply`] gives column `col`, if it sets one.
    fn width(&self, col: u16, min: f64, max: f64) -> Option<f64> {
        let w = *self.0.get(col as usize)?;
        (w > 0.0).then(|| (w + 3.0).clamp(min, max))
    }

    /// That width in pixels, as Excel (and rust_xlsxwriter) converts it: 7 a character and 5 of
    /// padding (`min` being at least 1).
    pub fn pixels(&self, col: u16, min: f64, max: f64) -> Option<u32> {
        self.width(col, min, max).map(|w| (w * 7.0).round() as u32 + 5)
    }
}

/// Writes the 汇总 sheet: what was checked, the totals, the counts by rule, the counts by area.
pub fn write_summary(ws: &mut Worksheet, report: &Report) -> Result<(), Error> {
    let head = header_format();
    let t = &report.totals;
    let mut row = 0u32;
    let mut widths = Widths::default();
    let mut line = |ws: &mut Worksheet, cells: &[Cell<'_>], format: Option<&Format>| -> Result<(), Error> {
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => widths.see_text(c, s),
                Cell::Count(n) => widths.see(c, n.to_string().len() as f64),
            }
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
    line(ws, &[Text("检查方案"), Text(&crate::profile::Profile::title_zh(&report.profile))], None)?;
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
    // Column A holds the labels and the rule keys, B the file name and rule titles: as wide as
    // they need, a long path capped (it wraps into view when the cell is selected).
    // Neither a filter nor frozen panes: the sheet stacks three short tables of different
    // columns, and one filter or frozen header would serve only the first of them.
    widths.apply(ws, 8.0, 60.0)?;
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

/// Writes the 上期比对 sheet: the comparison's sentence, then its counts in all and by 乡镇 and 村
/// (counts only, no personal data: the masked summary carries it too).
pub fn write_period(ws: &mut Worksheet, period: &crate::period::Summary) -> Result<(), Error> {
    use crate::period::Counts;
    let head = header_format();
    ws.write_string(
        0,
        0,
        format!(
            "上期比对：{}（上期 {} 人、{} 户；本期 {} 人、{} 户）",
            period.previous, period.previous_persons, period.previous_households, period.persons, period.households
        ),
    )
    .map_err(write_failed)?;
    ws.write_string(1, 0, &period.text_zh).map_err(write_failed)?;
    type Column = (&'static str, fn(&Counts) -> usize);
    let columns: [Column; 16] = [
        ("新增人数", |c| c.added),
        ("其中出生", |c| c.added_by_reason.get("birth").copied().unwrap_or(0)),
        ("减少人数", |c| c.removed),
        ("其中死亡", |c| c.removed_by_reason.get("death").copied().unwrap_or(0)),
        ("户间迁移", |c| c.moved),
        ("新增户", |c| c.households_added),
        ("减少户", |c| c.households_removed),
        ("分户", |c| c.split),
        ("合户", |c| c.merged),
        ("户编号变更", |c| c.renumbered),
        ("证件号码更正", |c| c.id_corrected),
        ("姓名变更", |c| c.name_changed),
        ("状态变化", |c| c.status_changed),
        ("新纳入监测", |c| c.newly_monitored),
        ("返贫", |c| c.returned_to_poverty),
        ("人口数变化不符", |c| c.size_mismatch),
    ];
    let top = 3;
    for (c, h) in ["乡镇", "村"].iter().chain(columns.iter().map(|(h, _)| h)).enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &head).map_err(write_failed)?;
    }
    let lines = period.areas.iter().map(|a| (a.township.as_str(), a.village.as_str(), &a.counts));
    let all = std::iter::once(("合计", "", &period.totals));
    for (i, (township, village, counts)) in all.chain(lines).enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, township).map_err(write_failed)?;
        ws.write_string(row, 1, village).map_err(write_failed)?;
        for (c, (_, get)) in columns.iter().enumerate() {
            ws.write_number(row, c as u16 + 2, get(counts) as f64).map_err(write_failed)?;
        }
    }
    ws.set_freeze_panes(top + 1, 2).map_err(write_failed)?;
    ws.set_column_width(0, 14).map_err(write_failed)?;
    ws.set_column_width(1, 14).map_err(write_failed)?;
    Ok(())
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
