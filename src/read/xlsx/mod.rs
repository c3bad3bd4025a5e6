//! `.xlsx` read by a scanner of our own: several times faster than calamine's XML reader on the
//! plain sheets registers are (`xml.rs`, `stream.rs`), and read to the same cells (`sheet.rs`
//! follows calamine's cell reader rule by rule). A workbook holding anything the scanner does
//! not know (CDATA, odd parts, chart sheets …) is read by calamine instead, from the start.

mod ahead;
#[cfg(any(test, feature = "fuzzing"))]
pub mod differential;
mod formats;
mod parts;
mod sheet;
mod split;
mod stream;
mod strings;
mod xml;

use super::counted::{Counted, Tally};
use super::rows::RowSink;
use super::workbook::Workbook;
use super::{Book, Format};
use crate::base::error::Error;
use crate::read::table::Grid;
use parts::{Entries, Layout};
use sheet::Stop;
use strings::Strings;
use zip::ZipArchive;

/// An `.xlsx` workbook, read by the scanner while it can and by calamine after.
pub struct XlsxBook<'a> {
    bytes: &'a [u8],
    progress: &'a dyn Fn(f32),
    fast: Option<Fast<'a>>,
    slow: Option<Workbook<'a>>,
    /// Threads the reading may use (see [`Book::use_threads`]).
    threads: usize,
}

struct Fast<'a> {
    /// The workbook and its count of bytes read, for a part inflated on another thread.
    bytes: &'a [u8],
    tally: std::rc::Rc<Tally<'a>>,
    zip: ZipArchive<Counted<'a>>,
    entries: Entries,
    layout: Layout,
    /// Read with the first sheet.
    strings: Option<Strings>,
}

impl<'a> XlsxBook<'a> {
    /// Opens `bytes`; `progress` learns the fraction of them read.
    pub fn new(bytes: &'a [u8], progress: &'a dyn Fn(f32)) -> Result<XlsxBook<'a>, Error> {
        let mut book = XlsxBook { bytes, progress, fast: None, slow: None, threads: 1 };
        match Fast::open(bytes, progress) {
            Ok(fast) => book.fast = Some(fast),
            Err(_) => book.slow = Some(Workbook::new(bytes, Format::Xlsx, progress)?),
        }
        Ok(book)
    }

    fn slow(&mut self) -> Result<&mut Workbook<'a>, Error> {
        self.fast = None;
        if self.slow.is_none() {
            self.slow = Some(Workbook::new(self.bytes, Format::Xlsx, self.progress)?);
        }
        Ok(self.slow.as_mut().expect("opened just above"))
    }
}

impl<'a> Fast<'a> {
    fn open(bytes: &'a [u8], progress: &'a dyn Fn(f32)) -> Result<Fast<'a>, xml::Unknown> {
        let counted = Counted::new(bytes, progress);
        let tally = counted.tally();
        let mut zip = ZipArchive::new(counted).map_err(|_| xml::Unknown("a zip that does not open"))?;
        let entries = Entries::new(&zip);
        let layout = parts::layout(&mut zip, &entries)?;
        Ok(Fast { bytes, tally, zip, entries, layout, strings: None })
    }

    /// Reads sheet `name`, or its first `max_rows` rows. A whole sheet is parsed on the check's
    /// `threads` while another inflates it ([`split`]); else, and when the runs parsed apart
    /// may not read as the sheet does, on this thread, the shared strings and a whole sheet
    /// inflated on a thread of their own while it parses when `threads` leave one for it (the
    /// same cells every way).
    fn read(&mut self, name: &str, max_rows: Option<usize>, threads: usize) -> Result<Grid, Stop> {
        let i = self.open_sheet(name, threads)?;
        let book = Fast::book(&self.strings, &self.layout);
        // A preview of a few rows is over before a helper would have inflated the first piece.
        let threads = if max_rows.is_none() { threads } else { 0 };
        if let Some(Ok(grid)) = split::sheet((self.bytes, i), &self.tally, threads, ahead::PIECE, &book, name) {
            return Ok(grid);
        }
        let mut rows = RowSink::new(name, max_rows);
        match ahead::parse(self.bytes, i, &self.tally, threads, |part| sheet::read(part, &book, &mut rows)) {
            Some(read) => read?,
            None => {
                let part = self.zip.by_index(i).map_err(|_| xml::Unknown("a zip entry that does not open"))?;
                sheet::read(part, &book, &mut rows)?
            }
        }
        rows.finish().map_err(Stop::Limit)
    }

    /// The zip entry of sheet `name`, the shared strings read first (on `threads`, as above).
    fn open_sheet(&mut self, name: &str, threads: usize) -> Result<usize, Stop> {
        if self.strings.is_none() {
            let strings = match self.layout.strings {
                // In runs on the threads, as a whole sheet is; else (and again when the runs
                // may not read as the part does) on this thread.
                Some(i) => match split::strings((self.bytes, i), &self.tally, threads, ahead::PIECE) {
                    Some(Ok(strings)) => strings,
                    _ => match ahead::parse(self.bytes, i, &self.tally, threads, |part| Strings::read(part)) {
                        Some(strings) => strings?,
                        None => Strings::read(
                            self.zip.by_index(i).map_err(|_| xml::Unknown("a zip entry that does not open"))?,
                        )?,
                    },
                },
                None => Strings::default(),
            };
            self.strings = Some(strings);
        }
        let (_, path) = self.layout.sheets.iter().find(|(n, _)| n == name).ok_or(xml::Unknown("no such sheet"))?;
        Ok(self.entries.find(path).ok_or(xml::Unknown("a sheet part that is missing"))?)
    }

    /// What cells need from the rest of the workbook, once [`Fast::open_sheet`] has run (the
    /// fields it borrows, leaving the zip free).
    fn book<'s>(strings: &'s Option<Strings>, layout: &'s Layout) -> sheet::Workbook<'s> {
        sheet::Workbook {
            strings: strings.as_ref().expect("read by open_sheet"),
            shown: &layout.shown,
            is_1904: layout.is_1904,
        }
    }
}

impl Book for XlsxBook<'_> {
    fn format(&self) -> Format {
        Format::Xlsx
    }

    fn use_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    fn sheet_names(&self) -> Vec<String> {
        match (&self.fast, &self.slow) {
            (Some(fast), _) => fast.layout.sheets.iter().map(|(n, _)| n.clone()).collect(),
            (None, Some(slow)) => slow.sheet_names(),
            (None, None) => Vec::new(),
        }
    }

    fn read_sheet(
        &mut self,
        name: &str,
        max_rows: Option<usize>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Grid, Error> {
        if let Some(fast) = &mut self.fast {
            // The shared strings are read whole on the first read, a preview's too.
            match fast.read(name, max_rows, self.threads) {
                Ok(grid) => return Ok(grid),
                Err(Stop::Limit(e)) => return Err(e),
                // Read on one thread, no cell is without its row.
                Err(Stop::Unknown(_) | Stop::Unplaced) => {}
            }
        }
        self.slow()?.read_sheet(name, max_rows, progress)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The scanner against calamine over every `.xlsx` at hand: the same cells, or a known
    //! reason to leave the file to calamine.
    use super::differential::{self, Agreement};

    const DIRS: [&str; 2] = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calamine"),
    ];

    /// Files the scanner leaves to calamine, and why.
    const LEFT_TO_CALAMINE: &[(&str, &str)] = &[
        ("any_sheets.xlsx", "a chart or dialog sheet"),
        ("inlineStr_cdata.xlsx", "CDATA or a DTD"),
        ("issue438.xlsx", "a chart or dialog sheet"),
    ];

    /// Reads every sheet of `bytes` with both readers: the reason the scanner gave up, if it did.
    fn compare(file: &str, bytes: &[u8]) -> Result<(), String> {
        match differential::compare(bytes) {
            Ok(Agreement::LeftToCalamine(why)) => Err(why.to_owned()),
            Ok(_) => Ok(()),
            Err(difference) => panic!("{file}: {difference}"),
        }
    }

    #[test]
    fn reads_every_workbook_as_calamine_does() {
        let mut read = 0;
        let mut left = Vec::new();
        for dir in DIRS {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
                .collect();
            paths.sort();
            for path in paths {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                match compare(&file, &std::fs::read(&path).unwrap()) {
                    Ok(()) => read += 1,
                    Err(why) => left.push((file, why)),
                }
            }
        }
        let expected: Vec<(String, String)> =
            LEFT_TO_CALAMINE.iter().map(|(f, w)| (f.to_string(), w.to_string())).collect();
        assert_eq!(left, expected, "files left to calamine");
        assert!(read > 60, "{read} workbooks read by both");
    }
}
