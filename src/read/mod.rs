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
    caps::check_size(std::fs::metadata(path).map_err(unreadable)?.len())?;
    std::fs::read(path).map_err(unreadable)
}

/// A file of the user's that could not be read, as the check reports it.
#[cfg(not(target_arch = "wasm32"))]
fn unreadable(e: std::io::Error) -> Error {
    Error::from(crate::base::error::ErrorKind::Unreadable { detail: e.to_string() })
}

/// The bytes of a file checked natively, mapped into memory ([`map_file`]) or read.
#[cfg(not(target_arch = "wasm32"))]
pub enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

#[cfg(not(target_arch = "wasm32"))]
impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

/// The file at `path`, refused over the size limit as [`read_file`] refuses it; one of a
/// megabyte or more is mapped into memory rather than read: a read copies the whole file before
/// anything else starts (~0.1 s for a million-row workbook of 200 MB), while mapped pages come
/// in as the reader reaches them, from the page cache.
#[cfg(not(target_arch = "wasm32"))]
pub fn map_file(path: &std::path::Path) -> Result<FileBytes, Error> {
    /// Smaller files are read: mapping one costs more than the copy it saves.
    const MAP_FROM: u64 = 1 << 20;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    caps::check_size(size)?;
    if size < MAP_FROM {
        let mut bytes = Vec::with_capacity(size as usize);
        std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(unreadable)?;
        return Ok(FileBytes::Read(bytes));
    }
    // SAFETY: the map is only read. Were the file changed on disk while it is checked, the
    // check would read what it holds then (as any reader of a changing file does), or, were it
    // cut shorter, the process would end with SIGBUS: the trade ripgrep makes for the files it
    // searches, for a command-line tool checking one file that nothing else writes to.
    unsafe { memmap2::Mmap::map(&file) }.map(FileBytes::Mapped).map_err(unreadable)
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{map_file, FileBytes};

    /// A file of a megabyte or more is mapped, a smaller one read, both to the bytes on disk;
    /// a missing one is unreadable.
    #[test]
    fn map_file_gives_the_bytes_on_disk() {
        let dir = std::env::temp_dir().join(format!("huqing-map-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (len, mapped) in [(0, false), (1000, false), ((1 << 20) + 7, true)] {
            let bytes: Vec<u8> = (0..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
            let path = dir.join(format!("{len}.bin"));
            std::fs::write(&path, &bytes).unwrap();
            let got = map_file(&path).unwrap();
            assert_eq!(matches!(got, FileBytes::Mapped(_)), mapped, "{len} bytes");
            assert!(got.as_ref() == bytes.as_slice(), "{len} bytes");
        }
        let missing = map_file(&dir.join("missing.xlsx")).err().expect("an error");
        assert_eq!(missing.code(), "unreadable");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
