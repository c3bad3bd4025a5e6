//! Bytes per cell of the columnar table for a generated million-row register: the figure behind
//! "1,000,000 rows × 30 columns well under 1 GB". Run with
//! `cargo run --release --example table_memory [ROWS]`.

use huqing::generate::{self, Cell, Options};
use huqing::read::table::{Grid, Kind};

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let register = generate::generate(&Options { households: rows / 3, ..Options::default() });
    let started = std::time::Instant::now();
    let mut grid = Grid::new();
    grid.start_row(1);
    for (c, h) in register.headers.iter().enumerate() {
        grid.push(c, Kind::Text, h);
    }
    let mut number = String::new();
    let mut cells = register.headers.len();
    for (i, row) in register.rows.iter().enumerate() {
        grid.start_row(i as u32 + 2);
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => grid.push(c, Kind::Text, s),
                Cell::Number(x) => {
                    use std::fmt::Write;
                    number.clear();
                    let _ = write!(number, "{x}");
                    grid.push(c, Kind::Number, &number);
                }
                Cell::Empty => {}
            }
        }
        cells += row.len();
    }
    grid.end_row();
    grid.shrink_to_fit();
    let filled_in = started.elapsed();
    let bytes = grid.heap_bytes();
    let all = grid.row_count() * grid.column_count();
    println!(
        "{} rows × {} columns: {:.1} MB on the heap, {:.2} bytes per cell ({} cells, {} of them filled), filled in {:.2} s",
        grid.row_count(),
        grid.column_count(),
        bytes as f64 / 1e6,
        bytes as f64 / all as f64,
        all,
        cells,
        filled_in.as_secs_f64()
    );
}
