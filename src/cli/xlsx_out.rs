//! The batch CLI's summary workbook (`--format xlsx`): a 汇总 sheet with a line per file, its
//! report linked, and a 跨文件重复 sheet with the duplicates across files, the same lines as
//! summary.csv and cross.csv in one file a clerk opens in Excel.

use super::csv_out::{cross_cells, CROSS_COLUMNS};
use huqing::check::batch::CrossFinding;
use rust_xlsxwriter::{Format, FormatBorder, Url, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// One line of the 汇总 sheet: the cells, and the report file (relative to the workbook) that
/// the last cell links to.
pub struct Line {
    pub cells: Vec<Cell>,
    pub report: Option<String>,
}

/// A cell of the summary: text, or a count Excel can sum.
pub enum Cell {
    Text(String),
    Count(Option<usize>),
}

/// Writes the summary workbook to `path`: `header` and `lines` on 汇总, the `cross` findings on
/// 跨文件重复.
pub fn summary(path: &Path, header: &[&str], lines: &[Line], cross: &[CrossFinding]) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_background_color(0xD9E1F2).set_border_bottom(FormatBorder::Thin);
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("汇总")?;
    headings(ws, header, &head)?;
    for (r, line) in lines.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in line.cells.iter().enumerate() {
            match cell {
                Cell::Text(t) if !t.is_empty() => ws.write_string(row, c as u16, t)?,
                Cell::Count(Some(n)) => ws.write_number(row, c as u16, *n as f64)?,
                _ => continue,
            };
        }
        if let Some(report) = &line.report {
            // A relative link: the reports sit beside the summary, wherever DIR is moved.
            let url = Url::new(format!("file:///{report}")).set_text(report);
            ws.write_url(row, line.cells.len() as u16, url)?;
        }
    }
    for (c, w) in [30, 16, 10, 10, 8, 8, 8, 40, 36].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let ws = book.add_worksheet().set_name("跨文件重复")?;
    headings(ws, &CROSS_COLUMNS, &head)?;
    for (r, f) in cross.iter().enumerate() {
        for (c, t) in cross_cells(f).iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(r as u32 + 1, c as u16, t)?;
        }
    }
    for (c, w) in [8, 50, 40, 80, 30, 16].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    book.save(path)
}

fn headings(ws: &mut Worksheet, header: &[&str], head: &Format) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
