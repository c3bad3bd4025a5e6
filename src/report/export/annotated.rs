//! The annotated copy of the user's workbook: every sheet with every value as it was (text as
//! text, numbers as numbers, dates as dates), each offending cell of the checked sheet filled by
//! severity with a note naming the rules, then a 问题清单 sheet linking to the cells and a 汇总
//! sheet. Formulas become their cached values; the original's formatting is not copied.
//!
//! The user's sheets are streamed: each row is written as XML into a deflated part as it is read
//! (sheet_xml, zip_out) and the checked sheet's notes are written from the marks after its rows
//! (notes), so memory is the check's own, the file being read and the compressed result.
//! rust_xlsxwriter writes the rest — those sheets without their rows (columns, panes, filter), the
//! 问题清单, 汇总 and the styles — and its parts are copied around the streamed ones. Its own
//! modes could not do this in wasm: in memory it keeps ~100 bytes a cell, and its constant-memory
//! mode writes rows to a temporary file.

use super::findings::{finding_cells, finding_rows, rule_titles, COLUMNS, ROWS_COLUMN, SEVERITY_COLUMN};
use super::notes;
use super::sheet_xml::{CellError, SheetXml, Value};
use super::sheets::{header_format, sheet_name, text_width, write_period, write_summary, Widths};
use super::zip_out::{Piece, ZipOut};
use super::{severity_zh, write_failed};
use crate::base::error::{Error, ErrorKind};
use crate::base::finding::{Finding, Severity};
use crate::check::session::Session;
use crate::read::{self, Format as FileFormat};
use crate::report::Report;
use calamine::{DataRef, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Url, Workbook, Worksheet};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

/// The most cells (rows × columns) of the checked sheet the browser annotates. The rows are
/// streamed, so the export needs little beside the check's own memory: calamine's shared strings
/// of the file read again, and the compressed result. Measured (docs/exports.md): 99,525 rows × 26
/// columns, wasm memory 61 MB after the check, 83 MB at the export's peak (rust_xlsxwriter's
/// in-memory mode took it to 589 MB); 994,917 rows × 26 (25.9 million cells), 582 MB after the
/// check, 1,126 MB at the peak. 30 million cells (Excel's full sheet of 28 columns) stay near
/// 1.3 GB; past that the check itself is the larger part, and the CLI writes any size.
pub const BROWSER_CELL_LIMIT: u64 = 30_000_000;

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
    let book = annotated_book(session, bytes, progress)?;
    // The rows and notes are most of it: room for all at once, not grown by doubling.
    let notes = book.notes.iter().flat_map(|(c, d)| c.iter().chain(d)).map(Piece::size);
    let room = book.rows.iter().map(SheetXml::size).sum::<u64>() + notes.sum::<u64>() + (1 << 20);
    let out = save(book, Vec::with_capacity(room as usize))?;
    progress(1.0);
    Ok(out)
}

/// [`annotated_xlsx`] written straight to the file `path`, never whole in memory: the batch CLI
/// writes a workbook per register this way.
#[cfg(not(target_arch = "wasm32"))]
pub fn annotated_xlsx_file(session: &Session, bytes: &[u8], path: &std::path::Path) -> Result<(), Error> {
    let book = annotated_book(session, bytes, &mut |_| {})?;
    let file = std::fs::File::create(path).map_err(write_failed)?;
    save(book, std::io::BufWriter::new(file))?.flush().map_err(write_failed)
}

/// The annotated workbook, not yet saved.
struct Book {
    /// rust_xlsxwriter's: every sheet but the rows of the user's sheets (their columns, panes
    /// and filter only) and the checked sheet's notes but its first.
    book: Workbook,
    /// The rows of the user's sheets, the book's first sheets in order.
    rows: Vec<SheetXml>,
    /// The checked sheet's notes, if any: its comments part and VML drawing, deflated.
    notes: Option<(Vec<Piece>, Vec<Piece>)>,
}

fn annotated_book(session: &Session, bytes: &[u8], progress: &mut dyn FnMut(f32)) -> Result<Book, Error> {
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
    let mut book = Workbook::new();
    let formats = Formats::new(&mut book);
    let mut rows = Vec::new();
    let mut notes = None;
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
        let ws = book.add_worksheet();
        ws.set_name(&name).map_err(write_failed)?;
        let mut writer = CellWriter {
            ws,
            rows: SheetXml::new(),
            formats: &formats,
            marks: None,
            findings: &report.findings,
            tick: &mut tick,
            next_tick: 0,
            pending: Vec::new().into_iter().peekable(),
            widths: Widths::default(),
            filter: None,
        };
        if *sheet == report.sheet {
            checked_name = name.clone();
            writer.marks = Some(&marks);
            writer.pending = marks.keys().copied().collect::<Vec<_>>().into_iter().peekable();
            writer.ws.set_freeze_panes(report.header_row, 0).map_err(write_failed)?;
            writer.filter = report.header_row.checked_sub(1);
            // One note through rust_xlsxwriter, for the parts and links notes need; all of them
            // are written below, over its comments and drawing.
            if let Some((&(row, col), found)) = marks.iter().next() {
                let note = Note::new(note_text(&report.findings, &titles, found).1).set_author(notes::AUTHOR);
                writer.ws.insert_note(row, col, &note).map_err(write_failed)?;
            }
        }
        read_sheet(session, bytes, format, sheet, &mut writer)?;
        let (sheet_rows, widths) = writer.finish()?;
        if *sheet == report.sheet && !marks.is_empty() {
            let written = marks.iter().map(|(&(row, col), found)| notes::Note {
                row,
                col,
                text: note_text(&report.findings, &titles, found).1,
                height: 40 + 60 * found.len().min(6) as u32,
            });
            let px = |c| widths.pixels(c, CELL_WIDTH.0, CELL_WIDTH.1);
            notes = Some(notes::write(marks.len(), written, &px).map_err(write_failed)?);
        }
        rows.push(sheet_rows);
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
    Ok(Book { book, rows, notes })
}

/// The narrowest and widest a column of a user's sheet is made, in characters.
const CELL_WIDTH: (f64, f64) = (6.0, 50.0);

/// Saves `book` into `out` with the user's sheets' `rows` in their sheets' XML (the first sheets
/// of the book, in order): the other parts are copied as rust_xlsxwriter compressed them.
fn save<W: Write>(book: Book, out: W) -> Result<W, Error> {
    let Book { mut book, rows, notes } = book;
    let skeleton = book.save_to_buffer().map_err(write_failed)?;
    drop(book);
    let mut parts = zip::ZipArchive::new(Cursor::new(&skeleton)).map_err(write_failed)?;
    let mut rows: Vec<Option<SheetXml>> = rows.into_iter().map(Some).collect();
    // The checked sheet is the only one with notes: its parts are the first of their kind.
    let (mut comments, mut drawing) = notes.map_or((None, None), |(c, d)| (Some(c), Some(d)));
    let mut zip = ZipOut::new(out);
    for i in 0..parts.len() {
        let name = parts.by_index_raw(i).map_err(write_failed)?.name().map_err(write_failed)?.into_owned();
        let sheet = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| rows.get_mut(n.checked_sub(1)?))
            .and_then(Option::take);
        let notes = match name.as_str() {
            "xl/comments1.xml" => comments.take(),
            "xl/drawings/vmlDrawing1.vml" => drawing.take(),
            _ => None,
        };
        if let Some(pieces) = notes {
            zip.deflated(&name, &pieces).map_err(write_failed)?;
        } else if let Some(sheet) = sheet {
            let mut xml = String::new();
            parts.by_index(i).and_then(|mut f| Ok(f.read_to_string(&mut xml)?)).map_err(write_failed)?;
            zip.deflated(&name, &sheet.join(&xml).map_err(write_failed)?).map_err(write_failed)?;
        } else {
            let mut part = parts.by_index_raw(i).map_err(write_failed)?;
            let method = match part.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                m => return Err(write_failed(format!("{name}: {m:?}"))),
            };
            let (crc, size) = (part.crc32(), part.size());
            let mut data = Vec::new();
            part.read_to_end(&mut data).map_err(write_failed)?;
            zip.raw(&name, method, crc, size, &[&data]).map_err(write_failed)?;
        }
    }
    zip.finish().map_err(write_failed)
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
/// and by the severity that fills the cell (none, error, warning, info), with their indices in
/// the workbook's styles (the streamed rows name a cell's style by it).
struct Formats {
    cells: [[Format; 4]; 5],
    xf: [[u32; 4]; 5],
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
    /// The formats, registered in `book` first: the book's styles list them in this order after
    /// its default, whatever the other sheets use.
    fn new(book: &mut Workbook) -> Formats {
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
        let mut seen = vec![Format::default()];
        let xf = cells.each_ref().map(|shape| {
            shape.each_ref().map(|f| {
                let at = seen.iter().position(|g| g == f).unwrap_or_else(|| {
                    book.register_format(f);
                    seen.push(f.clone());
                    seen.len() - 1
                });
                at as u32
            })
        });
        Formats {
            cells,
            xf,
            link: Format::new().set_font_color(0x0563C1).set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }

    /// The style index of a cell of `shape` filled for `severity`.
    fn xf(&self, shape: Shape, severity: Option<Severity>) -> u32 {
        self.xf[shape as usize][Self::slot(severity)]
    }

    fn slot(severity: Option<Severity>) -> usize {
        match severity {
            None => 0,
            Some(Severity::Error) => 1,
            Some(Severity::Warning) => 2,
            Some(Severity::Info) => 3,
        }
    }

    fn fill(&self, severity: Severity) -> &Format {
        &self.cells[Shape::Plain as usize][Self::slot(Some(severity))]
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
/// the file leaves empty is written blank, filled, in its place. The rows go to `rows`; the
/// sheet's columns, panes, filter and notes to `ws`.
struct CellWriter<'w, 'm> {
    ws: &'w mut Worksheet,
    rows: SheetXml,
    formats: &'m Formats,
    marks: Option<&'m BTreeMap<(u32, u16), Vec<usize>>>,
    findings: &'m [Finding],
    /// Told the row being written, every few hundred rows.
    tick: &'m mut dyn FnMut(u32),
    next_tick: u32,
    /// Marked cells not yet written, in order.
    pending: std::iter::Peekable<std::vec::IntoIter<(u32, u16)>>,
    /// The widest value of each column, to size it.
    widths: Widths,
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
        self.value(row, col, v, severity)
    }

    /// The severity a marked cell is filled with: its worst finding's (its note is written with
    /// the others once the rows are).
    fn mark(&mut self, row: u32, col: u16) -> Result<Option<Severity>, Error> {
        let Some(found) = self.marks.and_then(|m| m.get(&(row, col))) else { return Ok(None) };
        Ok(found.iter().map(|&i| self.findings[i].severity).min())
    }

    fn blank(&mut self, at: (u32, u16)) -> Result<(), Error> {
        if let Some(s) = self.mark(at.0, at.1)? {
            self.cell(at.0, at.1, self.formats.xf(Shape::Plain, Some(s)), Value::Blank)?;
        }
        Ok(())
    }

    /// Writes a cell's row XML. A cell at or before one written (a file listing its cells out of
    /// order, or one twice) is left out, as rust_xlsxwriter's constant-memory mode did: the rows
    /// are gone by then.
    fn cell(&mut self, row: u32, col: u16, xf: u32, v: Value<'_>) -> Result<(), Error> {
        match self.rows.cell(row, col, xf, v) {
            Ok(()) | Err(CellError::OutOfOrder) => Ok(()),
            Err(CellError::TooLong) => {
                Err(write_failed(format!("单元格 {} 的文字超过 32,767 个字符", cell_name(row, col))))
            }
            Err(CellError::Io(e)) => Err(write_failed(e)),
        }
    }

    /// Writes the marked cells left, sizes the columns (wide enough to read a name, an ID or a
    /// date; a long text capped) and sets the checked sheet's filter over its header and data.
    fn finish(mut self) -> Result<(SheetXml, Widths), Error> {
        while let Some(at) = self.pending.next() {
            self.blank(at)?;
        }
        self.widths.apply(self.ws, CELL_WIDTH.0, CELL_WIDTH.1)?;
        if let (Some(header), Some((row, col))) = (self.filter, self.rows.extent()) {
            if row > header {
                self.ws.autofilter(header, 0, row, col).map_err(write_failed)?;
            }
        }
        Ok((self.rows, self.widths))
    }

    fn value(&mut self, row: u32, col: u16, v: &DataRef<'_>, severity: Option<Severity>) -> Result<(), Error> {
        let xf = |shape| self.formats.xf(shape, severity);
        match v {
            _ if self.filter.is_some_and(|header| row < header) => {}
            DataRef::String(s) | DataRef::DurationIso(s) => self.widths.see_text(col, s),
            DataRef::SharedString(s) => self.widths.see_text(col, s),
            _ => self.widths.see(col, shown_width(v)),
        }
        let (xf, value) = match v {
            DataRef::Empty => match severity {
                Some(_) => (xf(Shape::Plain), Value::Blank),
                None => return Ok(()),
            },
            DataRef::String(s) | DataRef::DurationIso(s) => (xf(Shape::Plain), Value::Text(s)),
            DataRef::SharedString(s) => (xf(Shape::Plain), Value::Text(s)),
            DataRef::Int(i) => (xf(Shape::Plain), Value::Number(*i as f64)),
            DataRef::Float(x) => (xf(Shape::Plain), Value::Number(*x)),
            DataRef::Bool(b) => (xf(Shape::Plain), Value::Bool(*b)),
            DataRef::DateTime(dt) if dt.is_duration() => (xf(Shape::Duration), Value::Number(dt.as_f64())),
            DataRef::DateTime(dt) if dt.as_f64() < 1.0 => (xf(Shape::Time), Value::Number(dt.as_f64())),
            DataRef::DateTime(dt) => {
                // Through the calendar date, so a workbook of the 1904 system keeps its dates.
                let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
                let shape = if (h, mi, s, ms) == (0, 0, 0, 0) { Shape::Date } else { Shape::DateTime };
                let serial = ExcelDateTime::from_ymd(y, m, d).and_then(|x| x.and_hms_milli(h.into(), mi, s, ms));
                (xf(shape), Value::Number(serial.map_or(dt.as_f64(), |x| x.to_excel())))
            }
            DataRef::DateTimeIso(s) => match ExcelDateTime::parse_from_str(s) {
                Ok(x) => (xf(if s.len() <= 10 { Shape::Date } else { Shape::DateTime }), Value::Number(x.to_excel())),
                Err(_) => (xf(Shape::Plain), Value::Text(s)),
            },
            DataRef::Error(e) => return self.cell(row, col, xf(Shape::Plain), Value::Text(&e.to_string())),
        };
        self.cell(row, col, xf, value)
    }
}

/// The worst severity of the findings `found`, and the note listing each: severity, the rule's
/// Chinese title, message.
fn note_text(findings: &[Finding], titles: &BTreeMap<&str, &str>, found: &[usize]) -> (Severity, String) {
    let mut worst = Severity::Info;
    let mut text = String::new();
    for f in found.iter().map(|&i| &findings[i]) {
        worst = worst.min(f.severity);
        if !text.is_empty() {
            text.push('\n');
        }
        let title = titles.get(f.rule.as_ref()).copied().unwrap_or(&f.rule);
        text.push_str(&format!("【{}】{title}：{}", severity_zh(f.severity), f.message_zh));
    }
    (worst, text)
}

/// A cell's name as Excel shows it ("C5").
pub(super) fn cell_name(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col)
}
