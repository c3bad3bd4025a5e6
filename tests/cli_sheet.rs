//! The command line's reading options: `--sheet` and `--encoding`.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn check(args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huqing")).arg("check").args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn sheet_picks_another_sheet_and_names_the_real_ones_when_wrong() {
    let file = format!("{FIXTURES}/sheets.xlsx");
    let (code, report, _) = check(&[&file]);
    assert_eq!((code, report["sheet"].as_str()), (Some(0), Some("花名册")));
    let (code, report, _) = check(&[&file, "--sheet", "汇总"]);
    assert_eq!((code, report["sheet"].as_str()), (Some(0), Some("汇总")));
    let (code, _, err) = check(&[&file, "--sheet", "Sheet9"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("说明、汇总、花名册"), "{err}");
}

#[test]
fn encoding_overrides_detection_and_the_report_shows_the_header() {
    let file = format!("{FIXTURES}/office-gbk.csv");
    let (code, report, _) = check(&[&file, "--encoding", "gbk"]);
    assert_eq!((code, report["encoding"].as_str()), (Some(0), Some("GBK")));
    assert!(report["header"].as_array().unwrap().iter().any(|h| h == "证件号码"));
    let (code, _, err) = check(&[&file, "--encoding", "utf-16be"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("表头"), "{err}");
}
