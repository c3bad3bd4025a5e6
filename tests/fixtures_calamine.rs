//! Every workbook of calamine's own test suite (`tests/fixtures/calamine/`: odd producers,
//! old BIFF, passwords, denial-of-service files) either loads or is refused with a known code
//! and words in both languages — within seconds, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calamine");
const LIMIT: Duration = Duration::from_secs(10);
const KNOWN: &[&str] = &[
    "empty",
    "unknown-format",
    "save-as",
    "not-a-spreadsheet",
    "encrypted",
    "corrupt",
    "encoding",
    "no-data",
    "no-header",
    "not-a-register",
    "too-large",
    "sheet-too-large",
];

/// What checking one file gave: `Ok` or the error code, or a panic's text.
fn outcome(path: std::path::PathBuf) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    std::thread::spawn(move || {
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| huqing::check(&bytes, &name, &Default::default(), &mut |_, _| {}));
        let _ = tx.send(match result {
            Ok(Ok(_)) => Ok("loaded".to_owned()),
            Ok(Err(e)) if e.message_zh().is_empty() || e.message_en().is_empty() => {
                Err(format!("{} without words", e.code()))
            }
            Ok(Err(e)) => Ok(e.code().to_owned()),
            Err(_) => Err("panicked".to_owned()),
        });
    });
    rx.recv_timeout(LIMIT).unwrap_or_else(|_| Err(format!("took over {LIMIT:?}")))
}

#[test]
fn every_calamine_fixture_loads_or_is_refused_clearly() {
    let mut paths: Vec<_> =
        std::fs::read_dir(DIR).expect("tests/fixtures/calamine exists").map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        match outcome(path) {
            Ok(code) if code == "loaded" || KNOWN.contains(&code.as_str()) => {
                println!("{file}: {code} ({:?})", started.elapsed());
                *counts.entry(code).or_default() += 1;
            }
            Ok(code) => failures.push(format!("{file}: unexpected code {code}")),
            Err(why) => failures.push(format!("{file}: {why}")),
        }
    }
    println!("outcomes: {counts:?}");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(counts.get("loaded").is_some_and(|n| *n > 0), "some fixtures hold a header and load");
    assert!(counts.contains_key("encrypted"), "the password-protected fixtures are refused as such");
}

#[test]
fn protected_and_hostile_fixtures_get_their_own_code() {
    for (file, code) in [
        ("pass_protected.xlsx", "encrypted"),
        ("pass_protected.xlsb", "encrypted"),
        ("pass_protected.ods", "encrypted"),
        ("picture.png", "not-a-spreadsheet"),
        ("issue_385.xls", "encrypted"),
        ("issue_594_dos.ods", "sheet-too-large"),
    ] {
        let path = std::path::Path::new(DIR).join(file);
        assert_eq!(outcome(path), Ok(code.to_owned()), "{file}");
    }
}
