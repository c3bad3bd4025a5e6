//! The floor a check of a file cannot beat: calamine's streaming cell reader alone over an
//! `.xlsx`/`.xlsb` (or, for text files, decoding plus the `csv` crate's record reader), touching
//! every cell and building nothing. `scripts/bench` prints huqing's times against it.
//!
//! `cargo run --release --example read_floor -- [--repeat N] FILE…` prints one JSON line per
//! file: `{"file", "ms", "cells"}`, `ms` the fastest of N reads of the bytes already in memory.

use calamine::{DataRef, Reader, Xlsb, Xlsx};
use std::io::Cursor;
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).expect("--repeat takes a number");
        args.drain(i..i + 2);
    }
    for file in &args {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut best = f64::MAX;
        let mut cells = 0;
        for _ in 0..repeat {
            let started = Instant::now();
            cells = read(&bytes, file);
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!("{}", serde_json::json!({ "file": file, "ms": best.round(), "cells": cells }));
    }
}

/// Reads every cell of the first sheet; returns how many there were (and, so that nothing is
/// optimised away, folds their text lengths in).
fn read(bytes: &[u8], file: &str) -> u64 {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") || lower.ends_with(".tsv") {
        return read_text(bytes);
    }
    let mut n = 0u64;
    let mut touch = |v: &DataRef<'_>| {
        n += 1;
        match v {
            DataRef::String(s) => std::hint::black_box(s.len()),
            DataRef::SharedString(s) => std::hint::black_box(s.len()),
            _ => 0,
        };
    };
    if lower.ends_with(".xlsb") {
        let mut book = Xlsb::new(Cursor::new(bytes)).expect("an xlsb");
        let sheet = book.sheet_names()[0].clone();
        let mut r = book.worksheet_cells_reader(&sheet).expect("a sheet");
        while let Some(c) = r.next_cell().expect("a cell") {
            touch(c.get_value());
        }
    } else {
        let mut book = Xlsx::new(Cursor::new(bytes)).expect("an xlsx");
        let sheet = book.sheet_names()[0].clone();
        let mut r = book.worksheet_cells_reader(&sheet).expect("a sheet");
        while let Some(c) = r.next_cell().expect("a cell") {
            touch(c.get_value());
        }
    }
    n
}

/// Text: UTF-8 as is, anything else decoded as GB18030, then every record's fields.
fn read_text(bytes: &[u8]) -> u64 {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut n = 0u64;
    while reader.read_record(&mut record).expect("a record") {
        for field in record.iter() {
            n += 1;
            std::hint::black_box(field.len());
        }
    }
    n
}
