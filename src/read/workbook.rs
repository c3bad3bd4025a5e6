//! Workbooks read through calamine: `.xlsx`/`.xlsm` and `.xlsb` cell by cell as they stream
//! (never a whole bounding box), `.xls` and `.ods` through their ranges.

use super::counted::Counted;
use super::rows::RowSink;
use super::{cell, Book, Format};
use crate::base::error::{Error, ErrorKind};
use crate::read::table::Grid;
use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};

type Src<'a> = Counted<'a>;
enum Inner<'a> {
    Xlsx(Xlsx<Src<'a>>),
    Xlsb(Xlsb<Src<'a>>),
    Xls(Xls<Src<'a>>),
    Ods(Ods<Src<'a>>),
}

/// A workbook of any calamine format.
pub struct Workbook<'a> {
    format: Format,
    inner: Inner<'a>,
    /// Set once calamine panicked on this workbook (what it said): its state is not to be
    /// trusted again.
    broken: Option<String>,
}

impl<'a> Workbook<'a> {
    /// Opens `bytes`; `progress` learns the fraction of them read as calamine reads.
    pub fn new(bytes: &'a [u8], format: Format, progress: &'a dyn Fn(f32)) -> Result<Workbook<'a>, Error> {
        let src = Counted::new(bytes, progress);
        let inner = guarded(|| match format {
            Format::Xlsx => Xlsx::new(src).map(Inner::Xlsx).map_err(corrupt),
            Format::Xlsb => Xlsb::new(src).map(Inner::Xlsb).map_err(corrupt),
            Format::Xls => Xls::new(src).map(Inner::Xls).map_err(corrupt),
            Format::Ods => Ods::new(src).map(Inner::Ods).map_err(corrupt),
            Format::Csv => unreachable!("CSV is read by read::csv"),
        })??;
        Ok(Workbook { format, inner, broken: None })
    }
}

/// Runs a calamine call, turning a panic inside it into a `corrupt` error. calamine indexes
/// some damaged records without checking (fuzzing found `.xls` formulas and `.xlsb` sheet
/// relations); natively the panic unwinds to here. In wasm a panic aborts the module instead:
/// the worker reports its words and is replaced (src/base/panic.rs, www/worker.js). The outer `Err`
/// is the panic.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<Result<T, Error>, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let words = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        ErrorKind::Corrupt { detail: format!("读取器出错 / the reader failed: {words}") }.into()
    })
}

/// Maps a calamine error to what the user is told.
fn corrupt(e: impl Into<calamine::Error>) -> Error {
    let e: calamine::Error = e.into();
    let msg = e.to_string();
    if msg.contains("password") || msg.contains("Password") || msg.contains("encrypt") {
        return ErrorKind::Encrypted.into();
    }
    // calamine's own guard against repeated ODS rows and columns: "Cell limit exceeded (N cells
    // requested, max M)".
    if let Some(rest) = msg.split("Cell limit exceeded (").nth(1) {
        let cells = rest.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
        return ErrorKind::SheetTooLarge { sheet: String::new(), cells }.into();
    }
    ErrorKind::Corrupt { detail: msg }.into()
}

impl Book for Workbook<'_> {
    fn format(&self) -> Format {
        self.format
    }

    fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Xlsx(w) => w.sheet_names(),
            Inner::Xlsb(w) => w.sheet_names(),
            Inner::Xls(w) => w.sheet_names(),
            Inner::Ods(w) => w.sheet_names(),
        }
    }

    /// `progress` hears from `.xls` and `.ods` only: the others report through [`Counted`].
    fn read_sheet(
        &mut self,
        name: &str,
        max_rows: Option<usize>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Grid, Error> {
        if let Some(detail) = &self.broken {
            return Err(ErrorKind::Corrupt { detail: detail.clone() }.into());
        }
        let inner = &mut self.inner;
        guarded(|| read(inner, name, max_rows, progress)).unwrap_or_else(|panic| {
            if let ErrorKind::Corrupt { detail } = panic.kind() {
                self.broken = Some(detail.clone());
            }
            Err(panic)
        })
    }
}

/// Reads sheet `name` of `inner`: see [`Book::read_sheet`].
fn read(
    inner: &mut Inner<'_>,
    name: &str,
    max_rows: Option<usize>,
    progress: &mut dyn FnMut(f32),
) -> Result<Grid, Error> {
    let mut rows = RowSink::new(name, max_rows);
    match inner {
        Inner::Xlsx(w) => {
            let mut r = w.worksheet_cells_reader(name).map_err(corrupt)?;
            while let Some(c) = r.next_cell().map_err(corrupt)? {
                let (row, col) = c.get_position();
                if !rows.cell(row, col, c.get_value(), 1, &mut |_| {})? {
                    break;
                }
            }
        }
        Inner::Xlsb(w) => {
            let mut r = w.worksheet_cells_reader(name).map_err(corrupt)?;
            while let Some(c) = r.next_cell().map_err(corrupt)? {
                let (row, col) = c.get_position();
                if !rows.cell(row, col, c.get_value(), 1, &mut |_| {})? {
                    break;
                }
            }
        }
        Inner::Xls(w) => {
            let range = w.worksheet_range(name).map_err(corrupt)?;
            read_range(&range, &mut rows, progress)?;
        }
        Inner::Ods(w) => {
            let range = w.worksheet_range(name).map_err(corrupt)?;
            read_range(&range, &mut rows, progress)?;
        }
    }
    rows.finish()
}

fn read_range(
    range: &calamine::Range<calamine::Data>,
    rows: &mut RowSink,
    progress: &mut dyn FnMut(f32),
) -> Result<(), Error> {
    let total = range.end().map_or(1, |e| e.0.max(1));
    for (row, col, v) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let v = cell::borrow(v);
        if !rows.cell(r0.saturating_add(row as u32), (c0 as usize).saturating_add(col), &v, total, progress)? {
            break;
        }
    }
    Ok(())
}
