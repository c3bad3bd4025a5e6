//! Every cap on what a file may make the checker do, in one table ([`LIMITS`]), and the check of
//! a sheet being read against them. docs/limits.md explains each to users.
//!
//! The caps keep a hostile or broken file from exhausting the memory of the browser tab (a
//! wasm32 module has at most 4 GiB) while accepting any real register: Excel's full 1,048,576
//! rows × 30 columns, and much wider ones, read well inside them.

use crate::error::{Error, ErrorKind};
use crate::table::Grid;

/// The caps, each with why it has its value.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, in bytes: the biggest real registers (a million rows as CSV) are a
    /// few hundred megabytes, and the browser holds the file and the table read from it at once.
    pub file_bytes: u64,
    /// Most bytes a zip (`.xlsx`, `.xlsb`, `.ods`) may declare once inflated, all entries together.
    pub inflated_bytes: u64,
    /// Largest inflation ratio of one zip entry larger than [`Limits::small_entry`]. Sheet XML of
    /// real registers compresses 5–30 times; repeated empty XML compresses about 1000 times.
    pub inflation_ratio: u64,
    /// Zip entries up to this size may have any ratio: a small entry cannot hurt.
    pub small_entry: u64,
    /// Most cells the dense ranges of all sheets of an `.xls` may span together: calamine
    /// allocates them all on opening (about 200 MB). A full `.xls` sheet is 65,536 × 256.
    pub xls_cells: u64,
    /// Most cells a sheet's table may hold, counted as rows × columns (empty cells cost a byte
    /// too): 1,048,576 rows × 95 columns.
    pub cells: u64,
    /// Columns read; cells beyond are dropped. No register has more than a couple of hundred.
    pub columns: usize,
    /// Most characters in one cell: Excel's own limit, so only a broken file (a CSV with an
    /// unmatched quote) or a hostile one goes beyond.
    pub cell_chars: usize,
    /// Most bytes of distinct cell text a sheet's table may hold. A few short strings repeated
    /// in every cell are stored once; a long one repeated by reference (an `.xlsx` shared
    /// string) would otherwise cost its length in every cell. Real registers hold 100–200 bytes
    /// a row; the cap leaves room for the arena doubling once within a wasm module's 4 GiB.
    pub text_bytes: u64,
    /// Largest profile document: a province's profile with hundreds of rules is tens of KB.
    pub profile_bytes: usize,
    /// Most rules a profile may declare (`custom_rules`); each runs over every row.
    pub custom_rules: usize,
    /// Most characters in a `pattern` rule's regular expression.
    pub pattern_chars: usize,
    /// Largest compiled size of one `pattern`, in bytes. Matching costs time in proportion to it
    /// for every cell: real patterns (`52\d{10}`, `.{0,200}`) compile to a few KB and match in
    /// microseconds, while `(?:a{1,30}){1,30}b` needs 256 KB and a millisecond a cell.
    pub pattern_bytes: usize,
}

/// The caps huqing applies.
pub const LIMITS: Limits = Limits {
    file_bytes: 1 << 30,
    inflated_bytes: 2 << 30,
    inflation_ratio: 200,
    small_entry: 16 << 20,
    xls_cells: 6_000_000,
    cells: 100_000_000,
    columns: 512,
    cell_chars: 32_767,
    text_bytes: 768 << 20,
    profile_bytes: 2 << 20,
    custom_rules: 1_000,
    pattern_chars: 1_000,
    pattern_bytes: 64 << 10,
};

// Checked when compiling: a full Excel sheet of 95 columns fits, and a zip may inflate to at least
// its own size.
const _: () = assert!(1_048_576 * 95 <= LIMITS.cells && LIMITS.inflated_bytes >= LIMITS.file_bytes);

/// Refuses a file larger than [`Limits::file_bytes`].
pub fn check_file(bytes: &[u8]) -> Result<(), Error> {
    check_size(bytes.len() as u64)
}

/// Refuses a file of `bytes` bytes larger than [`Limits::file_bytes`] before it is read (the page
/// would otherwise copy gigabytes only to be told so).
pub fn check_size(bytes: u64) -> Result<(), Error> {
    if bytes > LIMITS.file_bytes {
        return Err(ErrorKind::FileTooLarge { bytes }.into());
    }
    Ok(())
}

/// Refuses the sheet `sheet` being read into `grid` as soon as it goes over a cap; readers call
/// this as each row starts and once at the end.
pub fn check_grid(grid: &Grid, sheet: &str) -> Result<(), Error> {
    let cells = grid.row_count() as u64 * grid.column_count() as u64;
    if cells > LIMITS.cells {
        return Err(ErrorKind::SheetTooLarge { sheet: sheet.to_owned(), cells }.into());
    }
    if grid.text_bytes() > LIMITS.text_bytes {
        return Err(ErrorKind::TextTooLarge { sheet: sheet.to_owned(), bytes: grid.text_bytes() }.into());
    }
    if let Some((row, col, chars)) = grid.too_long() {
        return Err(ErrorKind::CellTooLong { sheet: sheet.to_owned(), row: grid.excel_row(row), col, chars }.into());
    }
    Ok(())
}

/// The column letters Excel shows for 0-based column `col`: A, Z, AA, XFD.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Kind;

    #[test]
    fn refuses_a_cell_longer_than_excel_allows() {
        let mut g = Grid::new();
        g.start_row(1);
        g.push(0, Kind::Text, "户编号");
        g.start_row(7);
        g.push(2, Kind::Text, &"长".repeat(LIMITS.cell_chars));
        assert!(check_grid(&g, "S").is_ok(), "Excel's limit itself is fine");
        g.push(3, Kind::Text, &"长".repeat(LIMITS.cell_chars + 1));
        let e = check_grid(&g, "S").unwrap_err();
        assert_eq!(e.code(), "cell-too-long");
        assert!(e.message_zh().contains("D7"), "{}", e.message_zh());
        assert!(e.message_en().contains("32768"), "{}", e.message_en());
    }

    #[test]
    fn counts_text_held_not_text_repeated() {
        let mut g = Grid::new();
        for r in 1..=10_000 {
            g.start_row(r);
            g.push(0, Kind::Text, "乡（镇）外县内务工");
        }
        assert!(g.text_bytes() < 100, "a dictionary holds its text once: {}", g.text_bytes());
        for r in 10_001..=10_400 {
            g.start_row(r);
            g.push(0, Kind::Text, &r.to_string());
        }
        assert!(g.text_bytes() > 10_000 * 27, "an arena holds every cell's text: {}", g.text_bytes());
    }

    #[test]
    fn names_columns_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
