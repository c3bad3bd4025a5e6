//! A check on several threads reports exactly what it reports on one: the same JSON, byte for
//! byte, on generated plain, national and monitoring registers and on every fixture (natively
//! the rules then run side by side, and an `.xlsx` part is inflated on a thread of its own).
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate::{self, CsvEncoding, Format, Options as Generate};
use huqing::{check, Options};
use std::path::Path;

/// The report of `bytes` on `threads` threads as JSON, or the refusal's message; also the
/// progress reported, to see it rise to the end on any number of threads.
fn report(bytes: &[u8], name: &str, options: &Options, threads: usize) -> (String, Vec<f32>) {
    let options = Options { threads, ..options.clone() };
    let mut seen = Vec::new();
    let json = match check(bytes, name, &options, &mut |_, f| seen.push(f)) {
        Ok(report) => serde_json::to_string_pretty(&report).expect("a report serialises"),
        Err(e) => format!("refused: {}", e.message_en()),
    };
    (json, seen)
}

/// Checks `bytes` on 1, 2 and 5 threads and returns the one report, after asserting the others
/// equal it and that progress only rose.
fn same_on_any_threads(bytes: &[u8], name: &str, options: &Options) -> String {
    let (one, _) = report(bytes, name, options, 1);
    for threads in [2, 5] {
        let (many, seen) = report(bytes, name, options, threads);
        assert!(one == many, "{name}: the report on {threads} threads differs from the one on one thread");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{name} on {threads} threads: progress went back");
    }
    one
}

#[test]
fn generated_registers_report_the_same_on_several_threads() {
    let kinds = [
        ("plain", Generate { households: 3000, seed: 7, ..Generate::default() }, None),
        ("national", Generate { households: 3000, seed: 8, national: true, ..Generate::default() }, None),
        (
            "monitoring",
            Generate { households: 3000, seed: 9, national: true, monitoring: true, ..Generate::default() },
            Some("monitoring-2021"),
        ),
    ];
    for (kind, generate, profile) in kinds {
        let register = generate::generate(&generate);
        let options = Options { profile: profile.map(str::to_owned), ..Options::default() };
        for (format, name) in
            [(Format::Xlsx { inline_strings: false }, "r.xlsx"), (Format::Csv { encoding: CsvEncoding::Gbk }, "r.csv")]
        {
            let bytes = register.to_bytes(&format).expect("the generator writes");
            let mut options = options.clone();
            if name.ends_with(".csv") {
                // The 务工 tables beside the person list, as a file of their own.
                options.work = register.work_file();
            }
            let json = same_on_any_threads(&bytes, &format!("{kind}-{name}"), &options);
            let report: serde_json::Value = serde_json::from_str(&json).expect("a report");
            let findings = report["findings"].as_array().expect("findings").len();
            assert!(findings >= register.expected.len(), "{kind} {name}: {findings} findings");
        }
    }
}

#[test]
fn every_fixture_reports_the_same_on_several_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    let fuzz = root.join("fuzz");
    for dir in [
        root.clone(),
        root.join("calamine"),
        root.join("period"),
        root.join("lists"),
        fuzz.join("read_xlsx_diff"),
        fuzz.join("read_xlsb"),
        fuzz.join("read_xls"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files.iter().filter(|p| p.is_file()) {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ["md", "json", "txt-licence"].contains(&ext) || ext.is_empty() {
                continue;
            }
            let bytes = std::fs::read(path).expect("a fixture");
            let name = path.file_name().unwrap().to_string_lossy();
            same_on_any_threads(&bytes, &name, &Options::default());
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} fixtures checked");
}

#[test]
fn a_damaged_workbook_reports_the_same_on_several_threads() {
    // Bytes changed through the parts, the sheet's compressed stream among them: whether the
    // inflater fails, the scanner gives up or calamine refuses, it happens the same way when
    // the part is inflated on a thread of its own.
    let register = generate::generate(&Generate { households: 2000, seed: 12, ..Generate::default() });
    let bytes = register.to_bytes(&Format::Xlsx { inline_strings: false }).expect("the generator writes");
    let mut outcomes = std::collections::BTreeSet::new();
    for k in 1..24 {
        let mut damaged = bytes.clone();
        let at = bytes.len() * k / 24;
        for b in &mut damaged[at..at + 16] {
            *b ^= 0x5a;
        }
        let json = same_on_any_threads(&damaged, &format!("damaged-{k}.xlsx"), &Options::default());
        outcomes.insert(json.starts_with("refused"));
    }
    assert!(outcomes.contains(&true), "no damage was refused: the test damages nothing that matters");
}
