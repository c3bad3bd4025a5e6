//! Every cap on what a file may make the checker do, in one table ([`LIMITS`]); `read::caps`
//! checks a file and a sheet being read against them. docs/limits.md explains each to users.
//!
//! The caps keep a hostile or broken file from exhausting the memory of the browser tab (a
//! wasm32 module has at most 4 GiB) while accepting any real register: Excel's full 1,048,576
//! rows × 30 columns, and much wider ones, read well inside them.

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
};

// Checked when compiling: a full Excel sheet of 95 columns fits, and a zip may inflate to at least
// its own size.
const _: () = assert!(1_048_576 * 95 <= LIMITS.cells && LIMITS.inflated_bytes >= LIMITS.file_bytes);

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

    #[test]
    fn names_columns_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
