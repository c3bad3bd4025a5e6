//! `huqing export` as a user runs it: every output written, options shared with `check`, clear
//! refusals.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn huqing(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().expect("the binary runs")
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "huqing-cli-export-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn export_writes_every_output_asked_for() {
    let dir = tempdir();
    let input = format!("{}/tests/fixtures/office-gbk.csv", env!("CARGO_MANIFEST_DIR"));
    let path = |n: &str| dir.join(n).to_str().unwrap().to_owned();
    let out = huqing(&[
        "export",
        &input,
        "--annotated",
        &path("a.xlsx"),
        "--findings",
        &path("f.csv"),
        "--masked",
        &path("m.json"),
        "--profile",
        "national-2016",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xlsx = std::fs::read(path("a.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an xlsx (zip) file");
    let csv = std::fs::read_to_string(path("f.csv")).unwrap();
    assert!(csv.starts_with('\u{FEFF}') && csv.contains("规则代码"));
    let check = huqing(&["check", &input]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap().len();
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), findings + 1);
    let masked: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path("m.json")).unwrap()).unwrap();
    assert_eq!(masked["totals"], report["totals"]);
    assert_eq!(masked["findings"].as_array().unwrap().len(), findings);

    let out = huqing(&["export", &input, "--findings", &path("f.json"), "--masked", &path("m.xlsx")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path("f.json")).unwrap()).unwrap();
    assert_eq!(json["findings"], report["findings"]);
    assert!(std::fs::read(path("m.xlsx")).unwrap().starts_with(b"PK"));
}

#[test]
fn export_refuses_what_it_cannot_do_with_a_reason() {
    let dir = tempdir();
    let input = format!("{}/tests/fixtures/office.xlsx", env!("CARGO_MANIFEST_DIR"));
    let out = huqing(&["export", &input]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--annotated"));
    let out = huqing(&["export", &input, "--annotated", dir.join("a.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx"));
    let out = huqing(&["export", &input, "--findings", dir.join("f.csv").to_str().unwrap(), "--sheet", "没有这个表"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到名为"));
    assert!(!dir.join("f.csv").exists(), "nothing written for a file that could not be checked");
}
