//! Replays every input the fuzzers ever failed on (`tests/fixtures/fuzz/TARGET/`, see
//! scripts/fuzz) exactly as its target ran it: each must now finish within seconds without a
//! panic, with a report or an error that has words in both languages.
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate;
use huqing::read::{open_as, Format};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");
const LIMIT: Duration = Duration::from_secs(10);
/// As fuzz/fuzz_targets/read_csv.rs and check.rs choose from their first byte.
const ENCODINGS: &[Option<&str>] =
    &[None, Some("utf-8"), Some("gb18030"), Some("gbk"), Some("utf-16le"), Some("utf-16be"), Some("big5")];
const NAMES: &[&str] = &["f.xlsx", "f.xls", "f.csv", "f.ods", "f.xlsb", "f.txt", "f.et", "f"];

/// As fuzz/fuzz_targets/exemptions.rs names the list from its first byte.
const EXEMPTION_NAMES: &[&str] = &["豁免清单.csv", "豁免清单.xlsx", "豁免清单.txt", "豁免清单.xls", "豁免清单.ods"];

/// The register the profile and exemption targets check (fuzz/fuzz_targets/small.rs).
fn small_register() -> Vec<u8> {
    let options = generate::Options { households: 6, seed: 1, monitoring: true, ..Default::default() };
    generate::generate(&options).to_bytes(&generate::Format::Csv { encoding: generate::CsvEncoding::Utf8 }).unwrap()
}

/// What fuzz/fuzz_targets/common.rs does: every sheet, a preview and whole.
fn read_all(data: &[u8], format: Format, encoding: Option<&str>) {
    let Ok(mut book) = open_as(data, format, "fuzz", encoding) else { return };
    for sheet in book.sheet_names() {
        for max_rows in [Some(50), None] {
            if let Ok(grid) = book.read_sheet(&sheet, max_rows, &mut |_| {}) {
                for row in 0..grid.row_count() {
                    for col in 0..grid.column_count() {
                        std::hint::black_box(grid.text(col, row));
                    }
                }
                let _ = huqing::columns::header::find(&grid);
            }
        }
    }
}

fn replay(target: &str, data: &[u8]) {
    match target {
        "read_xlsx" => read_all(data, Format::Xlsx, None),
        "read_xlsb" => read_all(data, Format::Xlsb, None),
        "read_xls" => read_all(data, Format::Xls, None),
        "read_ods" => read_all(data, Format::Ods, None),
        "read_csv" => {
            if let Some((&c, rest)) = data.split_first() {
                read_all(rest, Format::Csv, ENCODINGS[usize::from(c) % ENCODINGS.len()]);
            }
        }
        "check" => {
            if let Some((&c, rest)) = data.split_first() {
                let profile = (c & 0x80 != 0).then(|| "monitoring-2021".to_owned());
                let options = huqing::Options { profile, ..Default::default() };
                if let Err(e) = huqing::check(rest, NAMES[usize::from(c) % NAMES.len()], &options, &mut |_, _| {}) {
                    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty(), "{}", e.code());
                }
            }
        }
        // The cells both readers give are compared by the unit tests of src/read/xlsx/differential.rs.
        "read_xlsx_diff" => read_all(data, Format::Xlsx, None),
        "profile" => {
            let profile = String::from_utf8_lossy(data).into_owned();
            let options = huqing::Options { profile: Some(profile), ..Default::default() };
            if let Err(e) = huqing::check(&small_register(), "register.csv", &options, &mut |_, _| {}) {
                assert_eq!(e.code(), "bad-profile", "{e}");
            }
        }
        "exemptions" => {
            if let Some((&c, rest)) = data.split_first() {
                let name = EXEMPTION_NAMES[usize::from(c) % EXEMPTION_NAMES.len()];
                if let Ok(list) = huqing::check::exemptions::Exemptions::read(rest, name) {
                    let profile = Some("monitoring-2021".to_owned());
                    let options = huqing::Options { profile, exemptions: Some(list), ..Default::default() };
                    let _ = huqing::check(&small_register(), "register.csv", &options, &mut |_, _| {});
                }
            }
        }
        other => panic!("tests/fixtures/fuzz/{other}: no such fuzz target (a failure of `register` is kept as the file it wrote, under check/)"),
    }
}

fn inputs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(DIR).unwrap().flatten().filter(|d| d.path().is_dir()) {
        let target = dir.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            out.push((target.clone(), f.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_input_a_fuzzer_failed_on_now_passes() {
    let inputs = inputs();
    let mut failures = Vec::new();
    for (target, path) in &inputs {
        let (tx, rx) = mpsc::channel();
        let (t, p) = (target.clone(), path.clone());
        std::thread::spawn(move || {
            let data = std::fs::read(&p).unwrap();
            let _ = tx.send(std::panic::catch_unwind(|| replay(&t, &data)).is_ok());
        });
        match rx.recv_timeout(LIMIT) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("{}: panicked", name(path))),
            Err(_) => failures.push(format!("{}: over {LIMIT:?}", name(path))),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn name(p: &Path) -> String {
    p.strip_prefix(DIR).unwrap_or(p).display().to_string()
}

/// A DIMENSIONS record whose first row lies past its last: calamine's arithmetic wraps to
/// billions of rows and it reserved room for them (an abort, not a panic, natively and in wasm).
#[test]
fn an_xls_declaring_a_wrapped_dimension_is_refused_before_calamine_reserves_it() {
    let data = std::fs::read(Path::new(DIR).join("read_xls/calamine-dimensions-reserve.xls")).unwrap();
    let e = huqing::read::open(&data, "f.xls", None).err().expect("refused");
    assert_eq!(e.code(), "sheet-too-large", "{e}");
}

/// A STRING record before any FORMULA is a cell at A1 to calamine, and a LABEL at (65535, 65535)
/// made the sheet's box 137 GB (an abort): the guard reads each sheet from where its BOUNDSHEET
/// points, as calamine does, and counts that cell.
#[test]
fn an_xls_whose_string_record_stands_at_a1_is_refused_before_calamine_allocates_it() {
    let data = std::fs::read(Path::new(DIR).join("read_xls/string-at-a1-far-corner.xls")).unwrap();
    let e = huqing::read::open(&data, "f.xls", None).err().expect("refused");
    assert_eq!(e.code(), "sheet-too-large", "{e}");
}
