//! The `huqing` binary as a user runs it: JSON and text output, exit codes, messages.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn huqing(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().expect("the binary runs")
}

#[test]
fn generate_then_check_prints_the_planted_findings_as_json() {
    let dir = tempdir();
    let file = dir.join("reg.xlsx");
    let expected_file = dir.join("expected.json");
    let out = huqing(&["generate", "--households", "120", "--seed", "4", "--out", file.to_str().unwrap(), "--expected", expected_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = huqing(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&expected_file).unwrap()).unwrap();
    assert_eq!(report["file"], "reg.xlsx");
    assert_eq!(report["header_row"], 1);
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for e in expected.as_array().unwrap() {
        *counts.entry(e["rule"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    for (rule, n) in counts {
        assert_eq!(report["summary"][&rule].as_u64(), Some(n), "{rule}");
    }

    let out = huqing(&["check", file.to_str().unwrap(), "--format", "text"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("person-id-checksum") && text.contains("校验位错误"), "{text}");
}

#[test]
fn unreadable_file_exits_2_with_both_languages() {
    let dir = tempdir();
    let file = dir.join("bad.xlsx");
    std::fs::write(&file, b"PK\x03\x04 not really a zip").unwrap();
    let out = huqing(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("损坏") && err.contains("damaged"), "{err}");
}

#[test]
fn usage_errors_exit_64() {
    assert_eq!(huqing(&["check"]).status.code(), Some(64));
    assert_eq!(huqing(&["frobnicate"]).status.code(), Some(64));
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("huqing-cli-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
