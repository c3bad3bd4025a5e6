//! What every reader target does with the bytes it is given: open them as one format, then read
//! every sheet twice (a preview of a few rows, as the sheet choice does, and whole), touching
//! every cell, as the check would.

#[path = "hook.rs"]
mod hook;

use huqing::read::{open_as, Format};

/// Reads `data` as `format`; an `Err` is a fine answer, a panic, hang or blown memory is not.
pub fn read_all(data: &[u8], format: Format, name: &str, encoding: Option<&str>) {
    hook::install();
    let Ok(mut book) = open_as(data, format, name, encoding) else { return };
    for sheet in book.sheet_names() {
        for max_rows in [Some(50), None] {
            let Ok(grid) = book.read_sheet(&sheet, max_rows, &mut |f| assert!((0.0..=1.0).contains(&f), "progress {f}")) else { continue };
            let mut chars = 0usize;
            for row in 0..grid.row_count() {
                assert!(grid.excel_row(row) >= 1);
                for col in 0..grid.column_count() {
                    chars += grid.text(col, row).len();
                    let _ = grid.kind(col, row);
                }
            }
            std::hint::black_box(chars);
            let _ = huqing::columns::header::find(&grid);
        }
    }
}
