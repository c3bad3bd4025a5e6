//! The compact table every reader fills and every rule reads.
//!
//! Columnar: each column is one text arena with end offsets and a one-byte kind per cell, so a
//! cell costs 5 bytes plus its text, and no `String` is allocated per cell. Rows are only those
//! the sheet holds, each with the row number Excel shows.

/// What a cell held in the file, before it became text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Empty,
    Text,
    /// A number: its text is the shortest decimal form (`13912345678`, not `13912345678.0`).
    Number,
    /// A date cell: its text is `YYYY-MM-DD`.
    Date,
    Bool,
    /// A formula error such as `#N/A`.
    Error,
}

/// One column's cells.
#[derive(Debug, Default, Clone)]
pub struct Column {
    kinds: Vec<Kind>,
    ends: Vec<u32>,
    text: String,
}

impl Column {
    fn push(&mut self, kind: Kind, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len() as u32);
        self.kinds.push(kind);
    }

    fn pad_to(&mut self, len: usize) {
        while self.kinds.len() < len {
            self.push(Kind::Empty, "");
        }
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Bytes this column holds on the heap.
    fn heap_bytes(&self) -> usize {
        self.kinds.capacity() + 4 * self.ends.capacity() + self.text.capacity()
    }
}

/// Columns wider than this are dropped: no register has them, and a hostile file could use
/// them to make every row cost kilobytes.
pub const MAX_COLUMNS: usize = 512;

/// Every non-empty row of one sheet, before a header is known.
#[derive(Debug, Default, Clone)]
pub struct Grid {
    columns: Vec<Column>,
    row_numbers: Vec<u32>,
    open: bool,
    /// Cells dropped because they lay beyond [`MAX_COLUMNS`].
    pub dropped_cells: u64,
}

impl Grid {
    pub fn new() -> Grid {
        Grid::default()
    }

    /// Starts a row; `excel_row` is the number Excel shows (1-based).
    pub fn start_row(&mut self, excel_row: u32) {
        self.end_row();
        self.row_numbers.push(excel_row);
        self.open = true;
    }

    /// Adds a cell of the open row at 0-based column `col`. Empty cells need not be pushed.
    pub fn push(&mut self, col: usize, kind: Kind, text: &str) {
        if col >= MAX_COLUMNS {
            self.dropped_cells += 1;
            return;
        }
        let row = self.row_numbers.len() - 1;
        while self.columns.len() <= col {
            let mut c = Column::default();
            c.pad_to(row);
            self.columns.push(c);
        }
        let c = &mut self.columns[col];
        if c.kinds.len() > row {
            return; // a repeated reference to a cell already set: the first one wins
        }
        c.pad_to(row);
        c.push(kind, text);
    }

    /// Closes the open row, padding columns it did not touch.
    pub fn end_row(&mut self) {
        if self.open {
            let n = self.row_numbers.len();
            for c in &mut self.columns {
                c.pad_to(n);
            }
            self.open = false;
        }
    }

    pub fn row_count(&self) -> usize {
        self.row_numbers.len()
    }

    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    pub fn text(&self, col: usize, row: usize) -> &str {
        self.columns.get(col).map_or("", |c| c.get(row))
    }

    pub fn kind(&self, col: usize, row: usize) -> Kind {
        self.columns.get(col).map_or(Kind::Empty, |c| c.kinds[row])
    }

    pub fn excel_row(&self, row: usize) -> u32 {
        self.row_numbers[row]
    }

    /// Heap bytes held by all columns: the figure behind "bytes per cell".
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>() + 4 * self.row_numbers.capacity()
    }
}

/// A grid with its header row known: what the rules read. Data row `r` is grid row
/// `first + r`.
#[derive(Debug, Clone)]
pub struct Table {
    grid: Grid,
    first: usize,
    headers: Vec<String>,
    header_row: u32,
}

impl Table {
    /// A table whose header is grid row `header_at`; `headers` are the column names to show.
    pub fn new(mut grid: Grid, header_at: usize, headers: Vec<String>) -> Table {
        grid.end_row();
        let header_row = grid.excel_row(header_at);
        Table { grid, first: header_at + 1, headers, header_row }
    }

    /// Builds a table from text rows: the first row is the header at Excel row 1.
    pub fn from_rows(rows: &[&[&str]]) -> Table {
        let mut g = Grid::new();
        for (i, r) in rows.iter().enumerate() {
            g.start_row(i as u32 + 1);
            for (c, v) in r.iter().enumerate() {
                if !v.is_empty() {
                    g.push(c, Kind::Text, v);
                }
            }
        }
        let headers = rows[0].iter().map(|s| s.to_string()).collect();
        Table::new(g, 0, headers)
    }

    /// Number of data rows (below the header).
    pub fn rows(&self) -> usize {
        self.grid.row_count() - self.first
    }

    pub fn columns(&self) -> usize {
        self.headers.len().max(self.grid.column_count())
    }

    pub fn header(&self, col: usize) -> &str {
        self.headers.get(col).map_or("", String::as_str)
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The Excel row number of the header.
    pub fn header_row(&self) -> u32 {
        self.header_row
    }

    pub fn text(&self, col: usize, row: usize) -> &str {
        self.grid.text(col, self.first + row)
    }

    pub fn kind(&self, col: usize, row: usize) -> Kind {
        self.grid.kind(col, self.first + row)
    }

    pub fn excel_row(&self, row: usize) -> u32 {
        self.grid.excel_row(self.first + row)
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_and_columns_pad_with_empty() {
        let mut g = Grid::new();
        g.start_row(3);
        g.push(2, Kind::Text, "c");
        g.start_row(7);
        g.push(0, Kind::Number, "1");
        g.push(4, Kind::Text, "e");
        g.end_row();
        assert_eq!(g.row_count(), 2);
        assert_eq!(g.column_count(), 5);
        assert_eq!(g.text(2, 0), "c");
        assert_eq!(g.text(2, 1), "");
        assert_eq!(g.kind(0, 1), Kind::Number);
        assert_eq!(g.text(4, 0), "");
        assert_eq!(g.text(4, 1), "e");
        assert_eq!(g.excel_row(1), 7);
    }

    #[test]
    fn far_columns_are_dropped_not_allocated() {
        let mut g = Grid::new();
        g.start_row(1);
        g.push(0, Kind::Text, "a");
        g.push(16_383, Kind::Text, "XFD");
        g.end_row();
        assert_eq!(g.column_count(), 1);
        assert_eq!(g.dropped_cells, 1);
    }

    #[test]
    fn table_rows_start_below_header() {
        let t = Table::from_rows(&[&["户编号", "姓名"], &["1", "张三"], &["1", "李四"]]);
        assert_eq!(t.rows(), 2);
        assert_eq!(t.header_row(), 1);
        assert_eq!(t.excel_row(0), 2);
        assert_eq!(t.text(1, 1), "李四");
    }
}
