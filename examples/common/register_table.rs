//! A generated register as the `Table` a check reads, built in memory (no file written or read):
//! what the benchmarks time starts from a loaded table.

use huqing::generate::{Cell, Register};
use huqing::read::table::{Grid, Kind, Table};

/// `register`'s header on row 1 and its rows below, as Excel would number them.
pub fn table(register: &Register) -> Table {
    let mut grid = Grid::new();
    grid.start_row(1);
    for (c, h) in register.headers.iter().enumerate() {
        grid.push(c, Kind::Text, h);
    }
    for (i, row) in register.rows.iter().enumerate() {
        grid.start_row(i as u32 + 2);
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => grid.push(c, Kind::Text, s),
                Cell::Number(x) => grid.push(c, Kind::Number, &x.to_string()),
                Cell::Empty => {}
            }
        }
    }
    Table::new(grid, 0, register.headers.clone())
}
