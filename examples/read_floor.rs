//! Two floors for a check of a file, both native over the bytes already in memory:
//!
//! - `floor_ms`, the physical floor no reader can beat: the worksheet and shared-strings XML
//!   inflated (by the inflater the crate's zip reader uses, zlib-rs through flate2) and every `<`
//!   visited with memchr, building nothing. For a text file: decoding to UTF-8 (GB18030 when it
//!   is not UTF-8) and every line end and comma visited likewise.
//! - `ms`, calamine's streaming cell reader alone over an `.xlsx`/`.xlsb` (for text files the
//!   `csv` crate's record reader), touching every cell.
//!
//! `cargo run --release --example read_floor -- [--repeat N] FILE…` prints one JSON line per
//! file: `{"file", "ms", "cells", "floor_ms", "xml_bytes", "tags"}`, each time the fastest of N;
//! `cpu_ms` and `floor_cpu_ms` the same as CPU time of the thread (Linux only).
//! `scripts/bench` prints huqing's times against both.

use calamine::{DataRef, Reader, Xlsb, Xlsx};
use std::io::Cursor;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).expect("--repeat takes a number");
        args.drain(i..i + 2);
    }
    for file in &args {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (mut best, mut floor_best) = (f64::MAX, f64::MAX);
        let (mut cpu_best, mut floor_cpu_best) = (f64::MAX, f64::MAX);
        let (mut cells, mut physical) = (0, Physical::default());
        for _ in 0..repeat {
            let (started, cpu_started) = (Instant::now(), cpu::thread_ms());
            physical = floor(&bytes, file);
            floor_best = floor_best.min(started.elapsed().as_secs_f64() * 1000.0);
            let cpu_now = cpu::thread_ms();
            floor_cpu_best = floor_cpu_best.min(cpu_now.zip(cpu_started).map_or(f64::NAN, |(a, b)| a - b));
            let started = Instant::now();
            cells = read(&bytes, file);
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
            cpu_best = cpu_best.min(cpu::thread_ms().zip(cpu_now).map_or(f64::NAN, |(a, b)| a - b));
        }
        let line = serde_json::json!({
            "file": file, "ms": best.round(), "cells": cells, "floor_ms": floor_best.round(),
            "xml_bytes": physical.bytes, "tags": physical.tags,
            "cpu_ms": cpu_best.round(), "floor_cpu_ms": floor_cpu_best.round(),
        });
        println!("{line}");
    }
}

/// What the physical floor went through: bytes of XML (or text) and `<` (or separators) in them.
#[derive(Default)]
struct Physical {
    bytes: u64,
    tags: u64,
}

/// The physical floor: inflate the first worksheet and the shared strings, visit every `<`.
fn floor(bytes: &[u8], file: &str) -> Physical {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") || lower.ends_with(".tsv") {
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
        };
        let tags = memchr::memchr2_iter(b',', b'\n', text.as_bytes()).count() as u64;
        return Physical { bytes: text.len() as u64, tags };
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = zip.file_names().filter_map(|n| Some(n.ok()?.into_owned())).collect();
    // The sheet a check reads is the workbook's first; generated registers name it sheet1.xml.
    let sheet = names
        .iter()
        .find(|n| n.as_str() == "xl/worksheets/sheet1.xml" || n.as_str() == "xl/worksheets/sheet1.bin")
        .or_else(|| names.iter().filter(|n| n.starts_with("xl/worksheets/") && !n.contains("_rels")).min())
        .expect("a worksheet");
    let mut parts = vec![sheet.clone()];
    parts.extend(names.iter().find(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml")).cloned());
    let mut physical = Physical::default();
    let mut buf = vec![0u8; 1 << 20];
    for part in parts {
        let mut entry = zip.by_name(&part).expect("a part");
        loop {
            let n = std::io::Read::read(&mut entry, &mut buf).expect("inflates");
            if n == 0 {
                break;
            }
            physical.bytes += n as u64;
            physical.tags += memchr::memchr_iter(b'<', &buf[..n]).count() as u64;
        }
    }
    physical
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
