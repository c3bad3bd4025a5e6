//! `huqing check … --out DIR`: folders walked, reports and the combined summary written, files
//! checked in parallel with the same results, duplicates across files, exit codes.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn huqing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().expect("the binary runs")
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huqing-cli-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A prefecture's folder: two counties whose registers share a planted person (both named
/// 花名册 in their own folder), a GBK CSV, an Excel lock file and a note that are no registers.
fn prefecture(dir: &Path) -> PathBuf {
    let root = dir.join("地区");
    for county in ["甲县", "乙县/二组"] {
        std::fs::create_dir_all(root.join(county)).unwrap();
    }
    let gen = |args: &[&str]| {
        let out = huqing(&[&["generate"], args].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    gen(&["--households", "120", "--seed", "5", "--out", s(&root.join("甲县/花名册.xlsx"))]);
    gen(&[
        "--households",
        "120",
        "--seed",
        "6",
        "--plant-from-seed",
        "5",
        "--out",
        s(&root.join("乙县/二组/花名册.xlsx")),
    ]);
    gen(&[
        "--households",
        "80",
        "--seed",
        "7",
        "--clean",
        "--encoding",
        "gbk",
        "--out",
        s(&root.join("乙县/丙村.csv")),
    ]);
    std::fs::write(root.join("甲县/~$花名册.xlsx"), b"lock").unwrap();
    std::fs::write(root.join("说明.docx"), b"not a register").unwrap();
    root
}

#[test]
fn a_folder_is_walked_and_every_report_and_the_summary_are_written() {
    let dir = tempdir("walk");
    let root = prefecture(&dir);
    let out_dir = dir.join("out");
    let out = huqing(&["check", s(&root), "--out", s(&out_dir), "--jobs", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[3/3]") && err.contains("丙村.csv"),
        "plain progress lines when stderr is no terminal: {err}"
    );

    let summary = json(&out_dir.join("summary.json"));
    let files: Vec<&str> = summary["files"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["乙县/丙村.csv", "乙县/二组/花名册.xlsx", "甲县/花名册.xlsx"],
        "the lock file and the note are skipped"
    );
    for f in summary["files"].as_array().unwrap() {
        let report = json(&out_dir.join(f["report"].as_str().unwrap()));
        assert_eq!(report["file"], f["file"]);
        assert_eq!(report["rows"], f["rows"]);
        assert_eq!(report["households"], f["households"]);
        let open = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["exempted"].is_null() && x["severity"] == "error")
            .count();
        assert_eq!(f["severity"]["error"].as_u64().unwrap_or(0), open as u64, "{}", f["file"]);
        assert_eq!(f["rules"], report["summary"]);
    }
    assert_eq!(summary["files"][0]["households"], 80);
    assert!(summary["files"][0]["severity"].get("error").is_none(), "the clean register has no error");
    assert!(summary["files"][2]["severity"]["error"].as_u64().unwrap() > 0, "the planted faults are counted");

    let cross = summary["cross"].as_array().unwrap();
    let rules: Vec<&str> = cross.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["person-in-multiple-households", "person-possible-duplicate"]);
    for f in cross {
        let files: Vec<&str> = f["locations"].as_array().unwrap().iter().map(|l| l["file"].as_str().unwrap()).collect();
        assert_eq!(files, ["乙县/二组/花名册.xlsx", "甲县/花名册.xlsx"], "{f}");
    }
    assert_eq!(summary["cross_summary"]["person-in-multiple-households"], 1);
    assert_eq!(summary["totals"]["checked"], 3);
    assert_eq!(summary["totals"]["failed"], 0);
    let rows: u64 = summary["files"].as_array().unwrap().iter().map(|f| f["rows"].as_u64().unwrap()).sum();
    assert_eq!(summary["totals"]["rows"].as_u64(), Some(rows));
}

#[test]
fn one_job_and_two_give_the_same_reports() {
    let dir = tempdir("jobs");
    let root = prefecture(&dir);
    let (one, two) = (dir.join("one"), dir.join("two"));
    assert_eq!(huqing(&["check", s(&root), "--out", s(&one), "--jobs", "1"]).status.code(), Some(0));
    assert_eq!(huqing(&["check", s(&root), "--out", s(&two), "--jobs", "2"]).status.code(), Some(0));
    for name in ["summary.json", "甲县/花名册.xlsx.json", "乙县/二组/花名册.xlsx.json", "乙县/丙村.csv.json"]
    {
        assert_eq!(std::fs::read(one.join(name)).unwrap(), std::fs::read(two.join(name)).unwrap(), "{name}");
    }
}

#[test]
fn csv_reports_open_in_excel_without_formulas() {
    let dir = tempdir("csv");
    let out_dir = dir.join("out");
    let file = dir.join("reg.csv");
    std::fs::write(&file, "户编号,姓名,身份证号,与户主关系\n521,=HYPERLINK(\"x\"),360426199101010072,户主\n").unwrap();
    let out = huqing(&[
        "check",
        s(&file),
        &format!("{FIXTURES}/register-small.xlsx"),
        "--out",
        s(&out_dir),
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let text = String::from_utf8(std::fs::read(out_dir.join("reg.csv.csv")).unwrap()).unwrap();
    let body = text.strip_prefix('\u{FEFF}').expect("a BOM for Excel");
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("规则"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The page's findings export: 规则, 规则代码, 严重程度, 行号, 列, 值 …
    let checksum = records.iter().find(|r| r.get(1) == Some("person-id-checksum")).expect("the checksum finding");
    assert_eq!(checksum.get(2), Some("错误"));
    assert_eq!(checksum.get(3), Some("2"));
    assert_eq!(checksum.get(5), Some("=\"360426199101010072\""), "a long ID stays text in Excel");
    assert!(!body.contains(",\"=HYPERLINK"), "no cell starts a formula: {body}");

    let summary = String::from_utf8(std::fs::read(out_dir.join("summary.csv")).unwrap()).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(summary.trim_start_matches('\u{FEFF}').as_bytes());
    let files: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    assert_eq!(files, ["reg.csv", "register-small.xlsx"]);
    assert!(out_dir.join("cross.csv").is_file());
    assert!(out_dir.join("register-small.xlsx.csv").is_file());
}

#[test]
fn exit_codes_say_whether_every_file_was_checked_and_whether_errors_are_open() {
    let dir = tempdir("exit");
    let out_dir = dir.join("out");
    let faulty = format!("{FIXTURES}/register-small.xlsx");
    let clean = dir.join("clean.xlsx");
    assert!(huqing(&["generate", "--households", "50", "--seed", "3", "--clean", "--out", s(&clean)]).status.success());

    let code = |args: &[&str]| huqing(&[&["check"], args].concat()).status.code();
    assert_eq!(code(&[&faulty, "--out", s(&out_dir)]), Some(0), "findings alone do not fail");
    assert_eq!(code(&[&faulty, "--out", s(&out_dir), "--fail-on", "error"]), Some(1));
    assert_eq!(code(&[s(&clean), "--out", s(&out_dir), "--fail-on", "error"]), Some(0));
    assert_eq!(code(&[&faulty, "--fail-on", "error"]), Some(1), "also without --out");

    let bad = dir.join("bad.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let out = huqing(&["check", s(&clean), s(&bad), "--out", s(&out_dir), "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(2));
    let summary = json(&out_dir.join("summary.json"));
    assert_eq!(summary["files"][1]["error"]["code"], "corrupt");
    assert!(summary["files"][1]["error"]["message_zh"].as_str().unwrap().contains("损坏"));
    assert_eq!(summary["files"][0]["households"], 50, "{summary}");
    assert_eq!(summary["totals"]["failed"], 1);

    let empty = tempdir("exit-empty");
    assert_eq!(code(&[s(&empty), "--out", s(&out_dir)]), Some(2), "a folder without registers");
    assert_eq!(code(&[&faulty, "--out", s(&out_dir), "--format", "text"]), Some(64));
    assert_eq!(code(&[&faulty, "--out", s(&out_dir), "--jobs", "0"]), Some(64));
    assert_eq!(code(&[&faulty, "--format", "csv"]), Some(64), "csv reports need --out");
}

/// Every non-empty cell of sheet `name` of the workbook at `path`, as text, by (row, column).
fn sheet_text(path: &Path, name: &str) -> std::collections::BTreeMap<(u32, u32), String> {
    use calamine::{DataType, Reader};
    let mut book = calamine::open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("{}: {name}: {e}", path.display()));
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.to_string()))
        .collect()
}

/// The text of the notes (批注) of the workbook at `path`, all sheets together.
fn notes(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with("xl/comments") {
            f.read_to_string(&mut text).unwrap();
        }
    }
    text
}

/// "C5" for 0-based (4, 2).
fn cell_ref(row0: u32, col: usize) -> String {
    let (mut name, mut c) = (String::new(), col + 1);
    while c > 0 {
        name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row0 + 1)
}

#[test]
fn xlsx_reports_are_annotated_workbooks_with_every_finding_marked() {
    let dir = tempdir("xlsx");
    let root = prefecture(&dir);
    let (xlsx_dir, json_dir) = (dir.join("xlsx"), dir.join("json"));
    let out = huqing(&["check", s(&root), "--out", s(&xlsx_dir), "--format", "xlsx", "--jobs", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(huqing(&["check", s(&root), "--out", s(&json_dir)]).status.code(), Some(0));

    let summary = json(&xlsx_dir.join("summary.json"));
    let json_summary = json(&json_dir.join("summary.json"));
    assert_eq!(summary["cross"], json_summary["cross"], "the same duplicates across files as the json batch");
    assert_eq!(summary["totals"], json_summary["totals"]);
    for f in summary["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        assert_eq!(f["report"], format!("{name}.xlsx"), "named as the json and csv reports are");
        let report = json(&json_dir.join(format!("{name}.json")));
        let book = xlsx_dir.join(f["report"].as_str().unwrap());
        let findings = report["findings"].as_array().unwrap();
        assert_eq!(findings.is_empty(), name.ends_with("丙村.csv"), "{name}: only the clean register has no findings");

        // The 问题清单: one row per finding, with the findings CSV's columns and 全部行号.
        let list = sheet_text(&book, "问题清单");
        let header: Vec<&str> = (0..12).map(|c| list[&(0, c)].as_str()).collect();
        assert_eq!(
            header,
            [
                "规则",
                "规则代码",
                "严重程度",
                "行号",
                "列",
                "值",
                "户编号",
                "乡镇",
                "村",
                "说明",
                "豁免原因",
                "全部行号"
            ]
        );
        assert_eq!(list.keys().map(|k| k.0).max(), Some(findings.len() as u32), "{name}");
        for (i, x) in findings.iter().enumerate() {
            let row = i as u32 + 1;
            let rows: Vec<String> = x["rows"].as_array().unwrap().iter().map(|r| r.to_string()).collect();
            assert_eq!(list[&(row, 1)], x["rule"].as_str().unwrap(), "{name} finding {i}");
            assert_eq!(
                list[&(row, 2)],
                if x["severity"] == "error" {
                    "错误"
                } else if x["severity"] == "warning" {
                    "警告"
                } else {
                    "提示"
                }
            );
            // 行号 is the first row (a number); every row, when there are several, under 全部行号.
            assert_eq!(list.get(&(row, 3)).cloned().unwrap_or_default(), rows.first().cloned().unwrap_or_default());
            let all = if rows.len() > 1 { rows.join(" ") } else { String::new() };
            assert_eq!(list.get(&(row, 11)).cloned().unwrap_or_default(), all);
            assert_eq!(list[&(row, 9)], x["message_zh"].as_str().unwrap());
        }

        // The checked sheet keeps its values; each finding's cell carries a note naming its rule
        // by its Chinese title.
        let sheet = sheet_text(&book, report["sheet"].as_str().unwrap());
        let notes = notes(&book);
        let headers = report["headers"].as_array().unwrap();
        for x in findings {
            let col = headers.iter().position(|h| *h == x["column"]).unwrap_or(0);
            for row in x["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap() as u32) {
                let at = cell_ref(row - 1, col);
                let note = notes
                    .split(&format!("<comment ref=\"{at}\""))
                    .nth(1)
                    .unwrap_or_else(|| panic!("{name}: no note on {at}"));
                let title = report["rules"].as_array().unwrap().iter().find(|r| r["key"] == x["rule"]).unwrap()
                    ["title_zh"]
                    .as_str()
                    .unwrap();
                assert!(note.split("</comment>").next().unwrap().contains(title), "{name}: the note on {at}");
            }
            if x["rule"] == "person-id-checksum" {
                let row = x["rows"][0].as_u64().unwrap() as u32;
                assert_eq!(sheet[&(row - 1, col as u32)], x["value"].as_str().unwrap(), "{name}: the ID as written");
            }
        }
    }

    // The combined summary: a line per file linking its workbook, and the duplicates across files.
    let lines = sheet_text(&xlsx_dir.join("summary.xlsx"), "汇总");
    for (i, f) in summary["files"].as_array().unwrap().iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(lines[&(row, 0)], f["file"].as_str().unwrap());
        assert_eq!(lines[&(row, 2)], f["rows"].to_string());
        assert_eq!(lines.get(&(row, 4)).cloned(), Some(f["severity"]["error"].as_u64().unwrap_or(0).to_string()));
        assert_eq!(lines[&(row, 8)], f["report"].as_str().unwrap());
    }
    let cross = sheet_text(&xlsx_dir.join("summary.xlsx"), "跨文件重复");
    let rules: Vec<&str> = (1..=2).map(|r| cross[&(r, 4)].as_str()).collect();
    assert_eq!(rules, ["person-in-multiple-households", "person-possible-duplicate"]);
    assert!(cross[&(1, 1)].contains("乙县/二组/花名册.xlsx:") && cross[&(1, 1)].contains("甲县/花名册.xlsx:"));
}

#[test]
fn xlsx_batches_keep_the_exit_codes() {
    let dir = tempdir("xlsx-exit");
    let out_dir = dir.join("out");
    let faulty = format!("{FIXTURES}/register-small.xlsx");
    let bad = dir.join("bad.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let code =
        |args: &[&str]| huqing(&[&["check", "--format", "xlsx", "--out", s(&out_dir)], args].concat()).status.code();
    assert_eq!(code(&[&faulty]), Some(0));
    assert_eq!(code(&[&faulty, "--fail-on", "error"]), Some(1));
    assert_eq!(code(&[&faulty, s(&bad), "--fail-on", "error"]), Some(2));
    let summary = json(&out_dir.join("summary.json"));
    assert_eq!(summary["files"][1]["error"]["code"], "corrupt");
    assert!(summary["files"][1].get("report").is_none());
    assert!(out_dir.join("register-small.xlsx.xlsx").is_file() && !out_dir.join("bad.xlsx.xlsx").exists());
    let lines = sheet_text(&out_dir.join("summary.xlsx"), "汇总");
    assert!(lines[&(2, 7)].contains("损坏"), "why the file could not be checked: {lines:?}");
}

#[test]
fn a_report_folder_inside_the_folder_checked_is_not_checked_again() {
    let dir = tempdir("inside");
    let root = prefecture(&dir);
    let out_dir = root.join("报告");
    for run in 0..2 {
        let out = huqing(&["check", s(&root), "--out", s(&out_dir), "--format", "xlsx"]);
        assert_eq!(out.status.code(), Some(0), "run {run}: {}", String::from_utf8_lossy(&out.stderr));
        let summary = json(&out_dir.join("summary.json"));
        assert_eq!(summary["totals"]["files"], 3, "run {run}: the workbooks written are no registers");
    }
}

/// Two clean registers sharing a planted person (once under the same ID, once mistyped) and a
/// clean GBK CSV: the only findings are the planted ones.
fn planted(dir: &Path) -> PathBuf {
    let root = dir.join("planted");
    std::fs::create_dir_all(&root).unwrap();
    for args in [
        &["--households", "40", "--seed", "5", "--clean", "--out", s(&root.join("a.xlsx"))][..],
        &["--households", "40", "--seed", "6", "--clean", "--plant-from-seed", "5", "--out", s(&root.join("b.xlsx"))],
        &["--households", "30", "--seed", "7", "--clean", "--encoding", "gbk", "--out", s(&root.join("c.csv"))],
    ] {
        assert!(huqing(&[&["generate"], args].concat()).status.success());
    }
    root
}

#[test]
fn the_check_options_apply_to_every_file_and_to_the_duplicates_across_files() {
    let dir = tempdir("options");
    let root = planted(&dir);
    let out_dir = dir.join("out");
    let run = |args: &[&str]| {
        let out = huqing(&[&["check", s(&root), "--out", s(&out_dir), "--fail-on", "warning"], args].concat());
        (out.status.code(), json(&out_dir.join("summary.json")))
    };
    let (code, plain) = run(&[]);
    assert_eq!(code, Some(1), "the planted person is found");
    let cross = plain["cross"].as_array().unwrap();
    let rules: Vec<&str> = cross.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["person-in-multiple-households", "person-possible-duplicate"]);
    assert!(cross.iter().all(|f| f["exempted"].is_null()));
    assert_eq!(plain["files"][1]["rules"], serde_json::json!({"person-id-checksum": 1}), "the mistyped ID in b.xlsx");

    // An exemption list naming the planted people (the one by its ID, the other by its mistyped
    // ID in b.xlsx): every finding on them exempted, within the file and across files.
    let mistyped = cross[1]["locations"][1]["id"].as_str().unwrap();
    let list = dir.join("豁免.csv");
    std::fs::write(
        &list,
        format!("证件号码,规则,原因\n{},*,已核实\n{mistyped},*,同一人\n", cross[0]["value"].as_str().unwrap()),
    )
    .unwrap();
    let (code, exempted) = run(&["--exemptions", s(&list), "--format", "csv"]);
    assert_eq!(code, Some(0), "{exempted}");
    for f in exempted["cross"].as_array().unwrap() {
        assert!(["已核实", "同一人"].contains(&f["exempted"].as_str().unwrap()), "{f}");
    }
    assert_eq!(exempted["cross_summary"], serde_json::json!({}), "open cross-file findings only");
    assert_eq!(exempted["files"][1]["severity"], serde_json::json!({}), "the checksum finding in b.xlsx exempted");
    assert!(std::fs::read_to_string(out_dir.join("b.xlsx.csv")).unwrap().contains("\"person-id-checksum\""));
    let cross_csv = std::fs::read_to_string(out_dir.join("cross.csv")).unwrap();
    assert!(cross_csv.contains("\"豁免原因\"") && cross_csv.contains("\"已核实\""), "{cross_csv}");

    // A profile switching the one rule off and lowering the other: in every report and across.
    let profile = dir.join("方案.json");
    let rules =
        r#"{"person-in-multiple-households": "off", "person-possible-duplicate": "info", "person-id-checksum": "off"}"#;
    std::fs::write(&profile, format!(r#"{{"name": "测试方案", "rules": {rules}}}"#)).unwrap();
    let (code, profiled) = run(&["--profile", s(&profile)]);
    assert_eq!(code, Some(0), "{profiled}");
    let cross = profiled["cross"].as_array().unwrap();
    assert_eq!(cross.len(), 1, "{profiled}");
    assert_eq!((&cross[0]["rule"], &cross[0]["severity"]), (&"person-possible-duplicate".into(), &"info".into()));
    assert_eq!(json(&out_dir.join("a.xlsx.json"))["profile"], "测试方案");
    assert_eq!(profiled["files"][1]["rules"], serde_json::json!({}));

    // The encoding: the GBK file read as Big5 has no header to find.
    let (code, misread) = run(&["--encoding", "big5"]);
    assert_eq!(code, Some(2));
    assert_eq!(misread["files"][2]["error"]["code"], "no-header", "{misread}");
    assert!(misread["files"][0]["error"].is_null());

    // A wrong profile is refused before any file is checked.
    std::fs::write(&profile, r#"{"name": "x", "rules": {"no-such-rule": "off"}}"#).unwrap();
    let out = huqing(&["check", s(&root), "--out", s(&dir.join("never")), "--profile", s(&profile)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
    assert!(!dir.join("never").exists(), "nothing written");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("[1/3]"), "no file checked");
}

/// Two periods of a county's register: this period's to `now`, last period's to `last`; the
/// period findings expected, counted by rule.
fn two_periods(now: &Path, last: &Path, seed: &str, extra: &[&str]) -> std::collections::BTreeMap<String, u64> {
    let expected = now.with_extension("expected.json");
    let args = [
        &["generate", "--households", "100", "--seed", seed, "--out", s(now), "--previous", s(last)][..],
        extra,
        &["--expected", s(&expected)],
    ]
    .concat();
    let out = huqing(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut counts = std::collections::BTreeMap::new();
    for e in json(&expected).as_array().unwrap() {
        *counts.entry(e["rule"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    std::fs::remove_file(expected).unwrap();
    counts
}

/// The period findings of a report (or of a summary's `rules`), counted by rule.
fn period_counts(rules: &Value) -> std::collections::BTreeMap<String, u64> {
    rules
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("period-"))
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect()
}

#[test]
fn previous_folder_pairs_each_register_with_last_periods_of_the_same_name() {
    let dir = tempdir("previous");
    let (now, last) = (dir.join("本期"), dir.join("上期"));
    for d in [now.join("乙县"), last.join("乙县")] {
        std::fs::create_dir_all(d).unwrap();
    }
    let jia = two_periods(&now.join("甲县.xlsx"), &last.join("甲县.xlsx"), "21", &[]);
    let yi = two_periods(&now.join("乙县/花名册.csv"), &last.join("乙县/花名册.csv"), "22", &["--encoding", "gbk"]);
    assert!(jia.len() >= 8 && yi.len() >= 8, "changes of most kinds are planted: {jia:?} {yi:?}");
    // A register new this period, and one whose last period's file is no register.
    let made = huqing(&["generate", "--households", "40", "--seed", "23", "--out", s(&now.join("丙县.xlsx"))]);
    assert!(made.status.success());
    two_periods(&now.join("丁县.xlsx"), &dir.join("unused.xlsx"), "24", &[]);
    std::fs::write(last.join("丁县.xlsx"), "这不是表格").unwrap();

    let out_dir = dir.join("out");
    let out = huqing(&["check", s(&now), "--previous", s(&last), "--out", s(&out_dir)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "丁县 could not be compared: {err}");
    assert!(err.contains("丙县.xlsx：上期目录") && err.contains("未做上期比对"), "{err}");
    let summary = json(&out_dir.join("summary.json"));
    let file = |name: &str| summary["files"].as_array().unwrap().iter().find(|f| f["file"] == name).unwrap().clone();
    for (name, planted, baseline) in
        [("甲县.xlsx", &jia, last.join("甲县.xlsx")), ("乙县/花名册.csv", &yi, last.join("乙县/花名册.csv"))]
    {
        let f = file(name);
        assert_eq!(f["previous"].as_str(), Some(s(&baseline)), "{name}");
        assert_eq!(&period_counts(&f["rules"]), planted, "{name}");
        let report = json(&out_dir.join(f["report"].as_str().unwrap()));
        assert_eq!(report["period"]["previous"], baseline.file_name().unwrap().to_str().unwrap());
        assert_eq!(&period_counts(&report["summary"]), planted, "{name}");
    }
    let new = file("丙县.xlsx");
    assert!(new.get("previous").is_none() && period_counts(&new["rules"]).is_empty());
    assert!(json(&out_dir.join(new["report"].as_str().unwrap())).get("period").is_none());
    assert_eq!(file("丁县.xlsx")["error"]["code"], "bad-previous");
    assert!(file("丁县.xlsx")["error"]["message_zh"].as_str().unwrap().contains("丁县.xlsx"));

    // Without --out, files named one by one pair by file name; the JSON holds each report.
    let out = huqing(&["check", s(&now.join("甲县.xlsx")), s(&now.join("乙县/花名册.csv")), "--previous", s(&last)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("花名册.csv：上期目录"), "乙县's file is not at the top of 上期: {err}");
    let both: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(period_counts(&both["files"][0]["summary"]), jia);
    assert!(both["files"][1].get("period").is_none());

    // One register and a folder: the same pairing.
    let out = huqing(&["check", s(&now.join("甲县.xlsx")), "--previous", s(&last)]);
    let one: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(period_counts(&one["summary"]), jia);
    let _ = std::fs::remove_dir_all(&dir);
}
