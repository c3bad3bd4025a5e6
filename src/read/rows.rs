//! Cells, in the order a reader streams them, gathered into the rows of a [`Grid`] under the
//! caps of [`crate::base::limits`].

use super::cell;
use crate::base::error::Error;
use crate::read::caps;
use crate::read::table::{Grid, Kind, MAX_COLUMNS};
use calamine::DataRef;

/// Gathers cells, in the order they stream, into rows of a [`Grid`].
pub struct RowSink<'n> {
    sheet: &'n str,
    grid: Grid,
    row: Option<u32>,
    rows: usize,
    max_rows: Option<usize>,
    /// False once `max_rows` rows are complete.
    open: bool,
    /// Where a value printed for the table (a number, a date) is written.
    printed: String,
}

impl<'n> RowSink<'n> {
    pub fn new(sheet: &'n str, max_rows: Option<usize>) -> RowSink<'n> {
        RowSink { sheet, grid: Grid::new(), row: None, rows: 0, max_rows, open: true, printed: String::new() }
    }

    /// A sink for a run of rows read apart and joined later, into `grid` (from
    /// [`Grid::for_run`] or [`Grid::reuse`]).
    pub fn for_run(sheet: &'n str, grid: Grid) -> RowSink<'n> {
        RowSink { grid, ..RowSink::new(sheet, None) }
    }

    /// Takes one cell at 0-based (`row`, `col`); false once `max_rows` rows are complete, an
    /// error once the sheet goes over a cap of [`crate::base::limits`].
    pub fn cell(
        &mut self,
        row: u32,
        col: impl TryInto<usize>,
        v: &DataRef<'_>,
        total: u32,
        progress: &mut dyn FnMut(f32),
    ) -> Result<bool, Error> {
        if matches!(v, DataRef::Empty) {
            return Ok(true);
        }
        let Some(col) = self.place(row, col, total, progress)? else { return Ok(self.open) };
        cell::push(&mut self.grid, col, v, &mut self.printed);
        Ok(true)
    }

    /// [`RowSink::cell`] for a value already in the table's form: `kind` and `text`.
    #[inline(always)]
    pub fn text(&mut self, row: u32, col: usize, kind: Kind, text: &str) -> Result<bool, Error> {
        let Some(col) = self.place(row, col, 1, &mut |_| {})? else { return Ok(self.open) };
        self.grid.push(col, kind, text);
        Ok(true)
    }

    /// [`RowSink::text`] for a text cell that is shared string `index` of a workbook.
    #[inline(always)]
    pub fn shared(&mut self, row: u32, col: usize, index: u32, text: &str) -> Result<bool, Error> {
        let Some(col) = self.place(row, col, 1, &mut |_| {})? else { return Ok(self.open) };
        self.grid.push_shared(col, index, text);
        Ok(true)
    }

    /// Opens the row a cell at (`row`, `col`) goes in: its column, or `None` when the cell is
    /// dropped (too far right) or the rows wanted are complete (then `open` is false).
    fn place(
        &mut self,
        row: u32,
        col: impl TryInto<usize>,
        total: u32,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Option<usize>, Error> {
        let col = col.try_into().unwrap_or(usize::MAX);
        if col >= MAX_COLUMNS {
            // Dropped before its row opens: a far-away stray cell makes no row of nothing.
            self.grid.dropped_cells += 1;
            return Ok(None);
        }
        if self.row != Some(row) {
            if self.max_rows.is_some_and(|m| self.rows >= m) {
                self.open = false;
                return Ok(None);
            }
            caps::check_grid(&self.grid, self.sheet)?;
            self.row = Some(row);
            self.rows += 1;
            self.grid.start_row(row.saturating_add(1));
            if self.rows.is_multiple_of(4096) {
                progress((row as f32 / total as f32).min(1.0));
            }
        }
        Ok(Some(col))
    }

    pub fn finish(mut self) -> Result<Grid, Error> {
        self.grid.end_row();
        caps::check_grid(&self.grid, self.sheet)?;
        Ok(self.grid)
    }
}
