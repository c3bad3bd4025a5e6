//! Reading: bytes of any supported file → a [`Book`] of sheets → a [`Grid`] per sheet.
//!
//! One module per format behind the one [`Book`] trait, as calamine does. The format comes from
//! the bytes ([`sniff`]), the extension only breaks ties, so a renamed file still reads.

mod cell;
mod csv;
mod sniff;
mod workbook;
mod xls_guard;
mod zip_guard;

pub use sniff::{sniff, Format};
pub(crate) use cell::borrow as borrow_cell;

use crate::error::Error;
use crate::table::Grid;

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
    fn read_sheet(
        &mut self,
        name: &str,
        max_rows: Option<usize>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Grid, Error>;
}

/// Opens `bytes`, whose file name is `name`, as a [`Book`]. `encoding` (a WHATWG label such as
/// `gb18030` or `utf-16le`) overrides the detected encoding of a text file.
pub fn open<'a>(bytes: &'a [u8], name: &str, encoding: Option<&str>) -> Result<Box<dyn Book + 'a>, Error> {
    crate::limits::check_file(bytes)?;
    open_as(bytes, sniff(bytes, name)?, name, encoding)
}

/// Opens `bytes` as `format`, whatever they look like, behind the same guards as [`open`] (the
/// fuzz targets drive each reader this way).
pub fn open_as<'a>(bytes: &'a [u8], format: Format, name: &str, encoding: Option<&str>) -> Result<Box<dyn Book + 'a>, Error> {
    crate::limits::check_file(bytes)?;
    match format {
        Format::Csv => Ok(Box::new(csv::CsvBook::new(bytes, name, encoding)?)),
        format @ (Format::Xlsx | Format::Xlsb | Format::Ods) => {
            zip_guard::check(bytes)?;
            Ok(Box::new(workbook::Workbook::new(bytes, format)?))
        }
        format => {
            xls_guard::check(bytes)?;
            Ok(Box::new(workbook::Workbook::new(bytes, format)?))
        }
    }
}
