//! Reading: bytes of any supported file → a [`Book`] of sheets → a [`Grid`] per sheet.
//!
//! One module per format behind the one [`Book`] trait, as calamine does. The format comes from
//! the bytes ([`sniff`]), the extension only breaks ties, so a renamed file still reads.

pub mod caps;
mod cell;
mod counted;
mod csv;
mod rows;
mod sniff;
pub mod table;
mod workbook;
mod xls_guard;
mod xlsx;
mod zip_guard;

pub(crate) use cell::borrow as borrow_cell;
pub use sniff::{sniff, Format};
/// The `.xlsx` scanner against calamine, for the differential fuzz target.
#[cfg(feature = "fuzzing")]
pub use xlsx::differential as xlsx_differential;

use crate::base::error::Error;
use crate::read::table::Grid;

/// An opened file: its sheets, readable one at a time.
pub trait Book {
    fn format(&self) -> Format;
    fn sheet_names(&self) -> Vec<String>;
    /// The text encoding the file was decoded from, for text files.
    fn encoding(&self) -> Option<&'static str> {
        None
    }
    /// Reads sheet `name`, at most `max_rows` rows when given (for choosing a sheet cheaply).
    /// `progress` receives the fraction of the sheet read so far.
    fn read_sheet(&mut self, name: &str, max_rows: Option<usize>, progress: &mut dyn FnMut(f32))
        -> Result<Grid, Error>;
    /// Lets the reading use `threads` threads (natively: an `.xlsx` part is then inflated on a
    /// thread of its own while it is parsed); one by default. The cells read are the same.
    fn use_threads(&mut self, _threads: usize) {}
}

/// Opens `bytes`, whose file name is `name`, as a [`Book`]. `encoding` (a WHATWG label such as
/// `gb18030` or `utf-16le`) overrides the detected encoding of a text file.
pub fn open<'a>(bytes: &'a [u8], name: &str, encoding: Option<&str>) -> Result<Box<dyn Book + 'a>, Error> {
    open_with_progress(bytes, name, encoding, &|_| {})
}

/// [`open`], telling `progress` the fraction of an `.xlsx`/`.xlsb` file's bytes read so far, from
/// the opening (calamine reads a workbook's shared strings then, seconds for a million rows)
/// through its sheets' reading; for those formats `read_sheet` reports no progress of its own.
pub fn open_with_progress<'a>(
    bytes: &'a [u8],
    name: &str,
    encoding: Option<&str>,
    progress: &'a dyn Fn(f32),
) -> Result<Box<dyn Book + 'a>, Error> {
    caps::check_file(bytes)?;
    open_format(bytes, sniff(bytes, name)?, name, encoding, progress)
}

/// Reads the file at `path` from disk, refusing one over the size limit before reading a byte: a
/// file of gigabytes would be read whole only to be refused, and could exhaust the memory first.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let unreadable =
        |e: std::io::Error| Error::from(crate::base::error::ErrorKind::Unreadable { detail: e.to_string() });
    caps::check_size(std::fs::metadata(path).map_err(unreadable)?.len())?;
    std::fs::read(path).map_err(unreadable)
}

/// Opens `bytes` as `format`, whatever they look like, behind the same guards as [`open`] (the
/// fuzz targets drive each reader this way).
pub fn open_as<'a>(
    bytes: &'a [u8],
    format: Format,
    name: &str,
    encoding: Option<&str>,
) -> Result<Box<dyn Book + 'a>, Error> {
    caps::check_file(bytes)?;
    open_format(bytes, format, name, encoding, &|_| {})
}

fn open_format<'a>(
    bytes: &'a [u8],
    format: Format,
    name: &str,
    encoding: Option<&str>,
    progress: &'a dyn Fn(f32),
) -> Result<Box<dyn Book + 'a>, Error> {
    match format {
        Format::Csv => Ok(Box::new(csv::CsvBook::new(bytes, name, encoding)?)),
        Format::Xlsx => {
            zip_guard::check(bytes)?;
            Ok(Box::new(xlsx::XlsxBook::new(bytes, progress)?))
        }
        format @ (Format::Xlsb | Format::Ods) => {
            zip_guard::check(bytes)?;
            Ok(Box::new(workbook::Workbook::new(bytes, format, progress)?))
        }
        format => {
            xls_guard::check(bytes)?;
            Ok(Box::new(workbook::Workbook::new(bytes, format, progress)?))
        }
    }
}
