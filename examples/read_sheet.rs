//! Reading alone: opens each FILE as the check does, reads its first sheet whole into the table
//! and prints one JSON line with the rows, the cells that hold something, a digest of every
//! cell's kind and text (to tell two builds read the same table), and the wall and CPU
//! milliseconds of the reading (the process's, and the calling thread's alone). Small enough to run under `valgrind --tool=callgrind`, whose
//! instruction counts hold still on a loaded machine where times do not.
//! `cargo run --release --example read_sheet -- [--threads N] [--sheet NAME] FILE…`

use std::hash::Hasher;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let (mut threads, mut sheet) = (1, None);
    while args.len() > 1 && args[0].starts_with("--") {
        let (flag, value) = (args.remove(0), args.remove(0));
        match flag.as_str() {
            "--threads" => threads = value.parse().expect("--threads takes a number"),
            "--sheet" => sheet = Some(value),
            _ => panic!("unknown option {flag}"),
        }
    }
    for file in args {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let started = Instant::now();
        let cpu_started = cpu::process_ms();
        let thread_started = cpu::thread_ms();
        let mut book = huqing::read::open(&bytes, &file, None).unwrap_or_else(|e| panic!("{}", e.message_en()));
        book.use_threads(threads);
        let name = sheet.clone().unwrap_or_else(|| book.sheet_names().remove(0));
        let grid = book.read_sheet(&name, None, &mut |_| {}).unwrap_or_else(|e| panic!("{}", e.message_en()));
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu::process_ms().zip(cpu_started).map(|(a, b)| a - b);
        let thread_cpu = cpu::thread_ms().zip(thread_started).map(|(a, b)| a - b);
        // FNV-1a over every cell, row by row: order, kind and text all count.
        let mut digest = Fnv(0xcbf2_9ce4_8422_2325);
        let mut cells = 0usize;
        for row in 0..grid.row_count() {
            digest.write_u32(grid.excel_row(row));
            for col in 0..grid.column_count() {
                let kind = grid.kind(col, row);
                cells += usize::from(kind != huqing::read::table::Kind::Empty);
                digest.write_u8(kind as u8);
                digest.write(grid.text(col, row).as_bytes());
                digest.write_u8(0xff);
            }
        }
        println!(
            "{{\"file\":{file:?},\"rows\":{},\"columns\":{},\"cells\":{cells},\"digest\":\"{:016x}\",\"ms\":{ms:.0},\"cpu_ms\":{},\"thread_cpu_ms\":{}}}",
            grid.row_count(),
            grid.column_count(),
            digest.finish(),
            cpu.map_or("null".to_owned(), |c| format!("{c:.0}")),
            thread_cpu.map_or("null".to_owned(), |c| format!("{c:.0}")),
        );
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
