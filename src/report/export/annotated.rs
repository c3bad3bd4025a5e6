//! The annotated copy of the user's workbook: every sheet with every value as it was (text as
//! text, numbers as numbers, dates as dates), each offending cell of the checked sheet filled by
//! severity with a note naming the rules, then a 问题清单 sheet linking to the cells and a 汇总
//! sheet. Formulas become their cached values; the original's formatting is not copied.

use super::findings::{finding_cells, finding_rows, rule_titles, COLUMNS, ROWS_COLUMN, SEVERITY_COLUMN};
use super::sheets::{header_format, sheet_name, text_width, write_period, write_summary, Widths};
use super::{severity_zh, write_failed};
use crate::base::error::{Error, ErrorKind};
use crate::base::finding::{Finding, Severity};
use crate::check::session::Session;
use crate::read::{self, Format as FileFormat};
use crate::report::Report;
use calamine::{DataRef, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Url, Workbook, Worksheet};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The most cells (rows × columns) of the checked sheet the browser annotates: rust_xlsxwriter
/// keeps every cell in memory there, about 200 bytes each at the peak (measured: 99,525 rows × 26
/// columns took the heap in use from 22.6 to 294.6 MB as the rows were written, and the wasm
/// memory from 75 to 589 MB while saving; docs/exports.md), so 5 million cells stay near 1.2 GB
/// with the check's own memory. The CLI writes any size in constant memory.
pub const BROWSER_CELL_LIMIT: u64 = 5_000_000;

/// The fill of an offending cell: error red, warning amber, info blue; light enough to read.
fn fill(s: Severity) -> u32 {
    match s {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFE699,
        Severity::Info => 0xDDEBF7,
    }
}

/// Excel limits a sheet to 65,530 hyperlinks; the 问题清单 links the first this many findings.
const MAX_LINKS: usize = 65_000;

/// Writes the annotated workbook of `session` as .xlsx bytes; `bytes` are the file's bytes as
/// checked (the session does not keep them: in the browser they would double the memory a
/// million-row check needs).
pub fn annotated_xlsx(session: &Session, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    annotated_xlsx_progress(session, bytes, &mut |_| {})
}

/// [`annotated_xlsx`], calling `progress` with the fraction done as the sheets' rows are written
/// (to 0.9) and once the workbook is saved (1.0): a large register takes seconds in the browser.
pub fn annotated_xlsx_progress(
    session: &Session,
    bytes: &[u8],
    progress: &mut dyn FnMut(f32),
) -> Result<Vec<u8>, Error> {
    let book = annotated_book(session, bytes, progress)?.save_to_buffer().map_err(write_failed)?;
    progress(1.0);
    Ok(book)
}

/// [`annotated_xlsx`] written straight to the file `path`, never whole in memory: the batch CLI
/// writes a workbook per register this way.
#[cfg(not(target_arch = "wasm32"))]
pub fn annotated_xlsx_file(session: &Session, bytes: &[u8], path: &std::path::Path) -> Result<(), Error> {
    annotated_book(session, bytes, &mut |_| {})?.save(path).map_err(write_failed)
}

/// The annotated workbook, every sheet written, not yet saved.
fn annotated_book(session: &Session, bytes: &[u8], progress: &mut dyn FnMut(f32)) -> Result<Workbook, Error> {
    if !session.checked(bytes) {
        return Err(ErrorKind::ExportFailed { detail: "not the file that was checked".into() }.into());
    }
    let report = session.report();
    let table = session.table();
    let cells = (table.grid().row_count() as u64) * (table.columns() as u64);
    if cfg!(target_arch = "wasm32") && cells > BROWSER_CELL_LIMIT {
        return Err(ErrorKind::ExportTooLarge { cells, limit: BROWSER_CELL_LIMIT }.into());
    }
    let marks = marks(&report.findings, table.headers());
    let titles = rule_titles(report);
    let formats = Formats::new();
    let mut book = Workbook::new();
    let mut names: Vec<String> = Vec::new();
    let mut checked_name = String::new();
    let format = read::sniff(bytes, &report.file)?;
    // Rows written are counted against the checked sheet's last row, for every sheet.
    let last_row = (table.grid().row_count() as u32).max(1) + report.header_row;
    let sheets = report.sheets.len().max(1) as f32;
    for (i, sheet) in report.sheets.iter().enumerate() {
        let mut tick = |row: u32| progress(0.9 * (i as f32 + (row as f32 / last_row as f32).min(1.0)) / sheets);
        let name = sheet_name(sheet, &names);
        names.push(name.clone());
        let ws = new_sheet(&mut book, &name)?;
        let mut writer = CellWriter {
            ws,
            formats: &formats,
            marks: None,
            findings: &report.findings,
            titles: &titles,
            tick: &mut tick,
            next_tick: 0,
            pending: Vec::new().into_iter().peekable(),
            widths: Widths::default(),
            extent: None,
            filter: None,
        };
        if *sheet == report.sheet {
            checked_name = name.clone();
            writer.marks = Some(&marks);
            writer.pending = marks.keys().copied().collect::<Vec<_>>().into_iter().peekable();
            writer.ws.set_freeze_panes(report.header_row, 0).map_err(write_failed)?;
            writer.filter = report.header_row.checked_sub(1);
        }
        read_sheet(session, bytes, format, sheet, &mut writer)?;
        writer.finish()?;
    }
    let list = sheet_name("问题清单", &names);
    names.push(list.clone());
    write_findings(new_sheet(&mut book, &list)?, report, &checked_name, table.headers(), &formats)?;
    let summary = sheet_name("汇总", &names);
    names.push(summary.clone());
    write_summary(new_sheet(&mut book, &summary)?, report)?;
    if super::compare_sheet::wanted(report) {
        let compared = sheet_name("比对结果", &names);
        super::compare_sheet::write_compare(new_sheet(&mut book, &compared)?, report)?;
    }
    if let Some(period) = &report.period {
        let name = sheet_name("上期比对", &names);
        write_period(new_sheet(&mut book, &name)?, period)?;
    }
    Ok(book)
}

/// A new sheet: natively in constant-memory mode (rows go to a temporary file as written, so a
/// million rows fit), in the browser held in memory.
fn new_sheet<'b>(book: &'b mut Workbook, name: &str) -> Result<&'b mut Worksheet, Error> {
    #[cfg(not(target_arch = "wasm32"))]
    let ws = book.add_worksheet_with_constant_memory().map_err(write_failed)?;
    #[cfg(target_arch = "wasm32")]
    let ws = book.add_worksheet();
    ws.set_name(name).map_err(write_failed)?;
    Ok(ws)
}

/// (0-based row, column) → the open findings on that cell, by index. A finding without a column
/// marks the first cell of each of its rows; exempted findings mark nothing.
fn marks(findings: &[Finding], headers: &[String]) -> BTreeMap<(u32, u16), Vec<usize>> {
    let mut marks: BTreeMap<(u32, u16), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate().filter(|(_, f)| f.exempted.is_none()) {
        let col = column_of(f, headers);
        for &row in &f.rows {
            marks.entry((row.saturating_sub(1), col)).or_default().push(i);
        }
    }
    marks
}

/// The 0-based column of a finding's header (the first column so headed), else the first column.
pub(crate) fn column_of(f: &Finding, headers: &[String]) -> u16 {
    f.column.as_ref().and_then(|c| headers.iter().position(|h| h == c)).map_or(0, |c| c as u16)
}

/// Reads every cell of `sheet` from the original bytes into `w`, in row order.
fn read_sheet(
    session: &Session,
    bytes: &[u8],
    format: FileFormat,
    sheet: &str,
    w: &mut CellWriter<'_, '_>,
) -> Result<(), Error> {
    let corrupt = |e: calamine::Error| Error::from(ErrorKind::Corrupt { detail: e.to_string() });
    match format {
        FileFormat::Csv => {
            let mut book = read::open(bytes, &session.report().file, session.encoding())?;
            let grid = book.read_sheet(sheet, None, &mut |_| {})?;
            for r in 0..grid.row_count() {
                for c in 0..grid.column_count() {
                    let text = grid.text(c, r);
                    if !text.is_empty() {
                        w.put(grid.excel_row(r) - 1, c as u16, &DataRef::String(text.to_owned()))?;
                    }
                }
            }
        }
        FileFormat::Xlsx => {
            let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(e.into()))?;
            let mut cells = book.worksheet_cells_reader(sheet).map_err(|e| corrupt(e.into()))?;
            while let Some(c) = cells.next_cell().map_err(|e| corrupt(e.into()))? {
                let (row, col) = c.get_position();
                w.put(row, col as u16, c.get_value())?;
            }
        }
        FileFormat::Xlsb => {
            let mut book = calamine::Xlsb::new(Cursor::new(bytes)).map_err(|e| corrupt(e.into()))?;
            let mut cells = book.worksheet_cells_reader(sheet).map_err(|e| corrupt(e.into()))?;
            while let Some(c) = cells.next_cell().map_err(|e| corrupt(e.into()))? {
                let (row, col) = c.get_position();
                w.put(row, col as u16, c.get_value())?;
            }
        }
        FileFormat::Xls | FileFormat::Ods => {
            let range = if format == FileFormat::Xls {
                calamine::Xls::new(Cursor::new(bytes))
                    .and_then(|mut b| b.worksheet_range(sheet))
                    .map_err(|e| corrupt(e.into()))?
            } else {
                calamine::Ods::new(Cursor::new(bytes))
                    .and_then(|mut b| b.worksheet_range(sheet))
                    .map_err(|e| corrupt(e.into()))?
            };
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (row, col, v) in range.used_cells() {
                w.put(r0 + row as u32, (c0 as usize + col) as u16, &read::borrow_cell(v))?;
            }
        }
    }
    Ok(())
}

/// The 问题清单's column after the findings CSV's: every row of a finding that names more than
/// one (a duplicate's rows), as in the CSV's 行号, since the 行号 here is the first one.
const ALL_ROWS: &str = "全部行号";

/// Writes the 问题清单 sheet: one row per finding, the findings CSV's columns and 全部行号; its
/// 行号 is the finding's first row as a number (so the list sorts by it) linking to the offending
/// cell. The header row is frozen and carries a filter over the findings; every column is as
/// wide as its widest text, within bounds.
fn write_findings(
    ws: &mut Worksheet,
    report: &Report,
    checked: &str,
    headers: &[String],
    formats: &Formats,
) -> Result<(), Error> {
    let head = header_format();
    let titles = rule_titles(report);
    let mut widths = Widths::default();
    let all_rows = COLUMNS.len() as u16;
    for (c, h) in COLUMNS.iter().chain([&ALL_ROWS]).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head).map_err(write_failed)?;
        // Room for the filter's drop-down arrow beside the name.
        widths.see(c as u16, text_width(h) + 2.0);
    }
    ws.set_freeze_panes(1, 0).map_err(write_failed)?;
    ws.autofilter(0, 0, report.findings.len() as u32, all_rows).map_err(write_failed)?;
    let sheet = checked.replace('\'', "''");
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        let rows = finding_rows(f);
        for (c, t) in finding_cells(f, &titles, &rows).iter().enumerate() {
            let col = c as u16;
            match f.rows.first() {
                Some(&first) if c == ROWS_COLUMN => {
                    let n = first as f64;
                    if i < MAX_LINKS {
                        // A link's cell is text; written over by the number, the link stays.
                        let cell = rust_xlsxwriter::utility::row_col_to_cell(first - 1, column_of(f, headers));
                        let url = Url::new(format!("internal:'{sheet}'!{cell}")).set_text(first.to_string());
                        ws.write_url_with_format(row, col, url, &formats.link).map_err(write_failed)?;
                        ws.write_number_with_format(row, col, n, &formats.link).map_err(write_failed)?;
                    } else {
                        ws.write_number(row, col, n).map_err(write_failed)?;
                    }
                    widths.see(col, first.to_string().len() as f64);
                    if f.rows.len() > 1 {
                        ws.write_string(row, all_rows, *t).map_err(write_failed)?;
                        widths.see_text(all_rows, t);
                    }
                }
                _ if c == SEVERITY_COLUMN && f.exempted.is_none() => {
                    ws.write_string_with_format(row, col, *t, formats.fill(f.severity)).map_err(write_failed)?;
                    widths.see_text(col, t);
                }
                _ if !t.is_empty() => {
                    ws.write_string(row, col, *t).map_err(write_failed)?;
                    widths.see_text(col, t);
                }
                _ => {}
            }
        }
    }
    // The 说明 may run long: 60 units show most of it, the rest wraps into view when selected.
    widths.apply(ws, 6.0, 60.0)?;
    Ok(())
}

/// The formats of the written cells: by value kind (plain, date, date and time, time, duration)
/// and by the severity that fills the cell (none, error, warning, info).
struct Formats {
    cells: [[Format; 4]; 5],
    link: Format,
}

#[derive(Clone, Copy)]
enum Shape {
    Plain = 0,
    Date = 1,
    DateTime = 2,
    Time = 3,
    Duration = 4,
}

impl Formats {
    fn new() -> Formats {
        let base = |shape: usize| match shape {
            1 => Format::new().set_num_format("yyyy-mm-dd"),
            2 => Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            3 => Format::new().set_num_format("hh:mm:ss"),
            4 => Format::new().set_num_format("[h]:mm:ss"),
            _ => Format::new(),
        };
        let severities = [None, Some(Severity::Error), Some(Severity::Warning), Some(Severity::Info)];
        let cells = std::array::from_fn(|shape| {
            std::array::from_fn(|s| match severities[s] {
                Some(sev) => base(shape).set_background_color(fill(sev)),
                None => base(shape),
            })
        });
        Formats {
            cells,
            link: Format::new().set_font_color(0x0563C1).set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }

    fn get(&self, shape: Shape, severity: Option<Severity>) -> &Format {
        let s = match severity {
            None => 0,
            Some(Severity::Error) => 1,
            Some(Severity::Warning) => 2,
            Some(Severity::Info) => 3,
        };
        &self.cells[shape as usize][s]
    }

    fn fill(&self, severity: Severity) -> &Format {
        self.get(Shape::Plain, Some(severity))
    }
}

/// How wide a value that is not text shows, in Excel's column-width units.
fn shown_width(v: &DataRef<'_>) -> f64 {
    match v {
        DataRef::Int(i) => i.to_string().len() as f64,
        // Excel shows at most 11 characters of a number in the General format.
        DataRef::Float(x) => x.to_string().len().min(11) as f64,
        DataRef::Bool(_) | DataRef::Error(_) => 5.0,
        DataRef::DateTime(dt) if dt.is_duration() || dt.as_f64() < 1.0 => 8.0,
        DataRef::DateTime(dt) if dt.as_f64().fract() == 0.0 => 10.0,
        DataRef::DateTimeIso(s) if s.len() <= 10 => 10.0,
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) => 19.0,
        _ => 0.0,
    }
}

/// Writes cells as they stream, in row order, filling and noting the marked ones; a marked cell
/// the file leaves empty is written blank, filled, in its place.
struct CellWriter<'w, 'm> {
    ws: &'w mut Worksheet,
    formats: &'m Formats,
    marks: Option<&'m BTreeMap<(u32, u16), Vec<usize>>>,
    findings: &'m [Finding],
    /// Rule key → Chinese title: a note names the rule as the clerk reads it.
    titles: &'m BTreeMap<&'m str, &'m str>,
    /// Told the row being written, every few hundred rows.
    tick: &'m mut dyn FnMut(u32),
    next_tick: u32,
    /// Marked cells not yet written, in order.
    pending: std::iter::Peekable<std::vec::IntoIter<(u32, u16)>>,
    /// The widest value of each column, to size it.
    widths: Widths,
    /// The last row and the last column written to, if any.
    extent: Option<(u32, u16)>,
    /// The 0-based header row of the checked sheet, to set a filter on; the columns are sized
    /// by it and the rows below (a title above, merged across the columns, would widen the first).
    filter: Option<u32>,
}

impl CellWriter<'_, '_> {
    fn put(&mut self, row: u32, col: u16, v: &DataRef<'_>) -> Result<(), Error> {
        if row >= self.next_tick {
            (self.tick)(row);
            self.next_tick = row + 512;
        }
        while let Some(&at) = self.pending.peek() {
            if at > (row, col) {
                break;
            }
            self.pending.next();
            if at != (row, col) {
                self.blank(at)?;
            }
        }
        let severity = self.mark(row, col)?;
        self.value(row, col, v, severity).map_err(write_failed)?;
        Ok(())
    }

    /// The severity a marked cell is filled with (its worst finding's); its note is added.
    fn mark(&mut self, row: u32, col: u16) -> Result<Option<Severity>, Error> {
        let Some(found) = self.marks.and_then(|m| m.get(&(row, col))) else { return Ok(None) };
        let findings = &self.findings_text(found);
        let note = Note::new(findings.1.as_str())
            .set_author("户清")
            .set_width(360)
            .set_height(40 + 60 * found.len().min(6) as u32);
        self.ws.insert_note(row, col, &note).map_err(write_failed)?;
        Ok(Some(findings.0))
    }

    /// The worst severity of the findings `found`, and the note listing each: severity, the
    /// rule's Chinese title, message.
    fn findings_text(&self, found: &[usize]) -> (Severity, String) {
        let mut worst = Severity::Info;
        let mut text = String::new();
        for f in found.iter().map(|&i| &self.findings[i]) {
            worst = worst.min(f.severity);
            if !text.is_empty() {
                text.push('\n');
            }
            let title = self.titles.get(f.rule.as_ref()).copied().unwrap_or(&f.rule);
            text.push_str(&format!("【{}】{title}：{}", severity_zh(f.severity), f.message_zh));
        }
        (worst, text)
    }

    fn blank(&mut self, at: (u32, u16)) -> Result<(), Error> {
        let severity = self.mark(at.0, at.1)?;
        if let Some(s) = severity {
            self.ws.write_blank(at.0, at.1, self.formats.fill(s)).map_err(write_failed)?;
        }
        Ok(())
    }

    /// Writes the marked cells left, sizes the columns (wide enough to read a name, an ID or a
    /// date; a long text capped) and sets the checked sheet's filter over its header and data.
    fn finish(mut self) -> Result<(), Error> {
        while let Some(at) = self.pending.next() {
            self.blank(at)?;
        }
        self.widths.apply(self.ws, 6.0, 50.0)?;
        if let (Some(header), Some((row, col))) = (self.filter, self.extent) {
            if row > header {
                self.ws.autofilter(header, 0, row, col).map_err(write_failed)?;
            }
        }
        Ok(())
    }

    fn value(
        &mut self,
        row: u32,
        col: u16,
        v: &DataRef<'_>,
        severity: Option<Severity>,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        let f = |shape| self.formats.get(shape, severity);
        let ws = &mut *self.ws;
        let extent = self.extent.get_or_insert((row, col));
        *extent = (extent.0.max(row), extent.1.max(col));
        match v {
            _ if self.filter.is_some_and(|header| row < header) => {}
            DataRef::String(s) | DataRef::DurationIso(s) => self.widths.see_text(col, s),
            DataRef::SharedString(s) => self.widths.see_text(col, s),
            _ => self.widths.see(col, shown_width(v)),
        }
        match v {
            DataRef::Empty => match severity {
                Some(s) => ws.write_blank(row, col, self.formats.fill(s)),
                None => return Ok(()),
            },
            DataRef::String(s) => ws.write_string_with_format(row, col, s, f(Shape::Plain)),
            DataRef::SharedString(s) => ws.write_string_with_format(row, col, *s, f(Shape::Plain)),
            DataRef::Int(i) => ws.write_number_with_format(row, col, *i as f64, f(Shape::Plain)),
            DataRef::Float(x) => ws.write_number_with_format(row, col, *x, f(Shape::Plain)),
            DataRef::Bool(b) => ws.write_boolean_with_format(row, col, *b, f(Shape::Plain)),
            DataRef::DateTime(dt) if dt.is_duration() => {
                ws.write_number_with_format(row, col, dt.as_f64(), f(Shape::Duration))
            }
            DataRef::DateTime(dt) if dt.as_f64() < 1.0 => {
                ws.write_number_with_format(row, col, dt.as_f64(), f(Shape::Time))
            }
            DataRef::DateTime(dt) => {
                // Through the calendar date, so a workbook of the 1904 system keeps its dates.
                let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
                let shape = if (h, mi, s, ms) == (0, 0, 0, 0) { Shape::Date } else { Shape::DateTime };
                match ExcelDateTime::from_ymd(y, m, d).and_then(|x| x.and_hms_milli(h.into(), mi, s, ms)) {
                    Ok(x) => ws.write_datetime_with_format(row, col, x, f(shape)),
                    Err(_) => ws.write_number_with_format(row, col, dt.as_f64(), f(shape)),
                }
            }
            DataRef::DateTimeIso(s) => match ExcelDateTime::parse_from_str(s) {
                Ok(x) => ws.write_datetime_with_format(
                    row,
                    col,
                    x,
                    f(if s.len() <= 10 { Shape::Date } else { Shape::DateTime }),
                ),
                Err(_) => ws.write_string_with_format(row, col, s, f(Shape::Plain)),
            },
            DataRef::DurationIso(s) => ws.write_string_with_format(row, col, s, f(Shape::Plain)),
            DataRef::Error(e) => ws.write_string_with_format(row, col, e.to_string(), f(Shape::Plain)),
        }?;
        Ok(())
    }
}
