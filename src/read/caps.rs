//! Refusing a file, or a sheet being read, that goes over a cap of [`LIMITS`]: the readers call
//! these as they go, so that a hostile file is stopped before it costs the memory it asks for.

use crate::base::error::{Error, ErrorKind};
use crate::base::limits::LIMITS;
use crate::read::table::Grid;

/// Refuses a file larger than [`Limits::file_bytes`](crate::base::limits::Limits::file_bytes).
pub fn check_file(bytes: &[u8]) -> Result<(), Error> {
    check_size(bytes.len() as u64)
}

/// Refuses a file of `bytes` bytes larger than [`Limits::file_bytes`](crate::base::limits::Limits::file_bytes) before it is read (the page
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::table::Kind;

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
}
