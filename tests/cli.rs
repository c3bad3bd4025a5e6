//! The `huqing` binary as a user runs it: JSON and text output, exit codes, messages.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::process::Command;

fn huqing(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().expect("the binary runs")
}

#[test]
fn generate_then_check_prints_the_planted_findings_as_json() {
    let dir = tempdir();
    let file = dir.join("reg.xlsx");
    let expected_file = dir.join("expected.json");
    let out = huqing(&[
        "generate",
        "--households",
        "120",
        "--seed",
        "4",
        "--out",
        file.to_str().unwrap(),
        "--expected",
        expected_file.to_str().unwrap(),
    ]);
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
fn several_files_are_checked_together_and_duplicates_across_them_name_both_files() {
    let dir = tempdir();
    let (a, b) = (dir.join("county-a.xlsx"), dir.join("county-b.csv"));
    let out = huqing(&["generate", "--households", "150", "--seed", "5", "--out", a.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = huqing(&[
        "generate",
        "--households",
        "150",
        "--seed",
        "6",
        "--plant-from-seed",
        "5",
        "--out",
        b.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = huqing(&["check", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["file"], "county-a.xlsx");
    assert_eq!(report["files"][1]["file"], "county-b.csv");
    let cross = report["cross"].as_array().unwrap();
    let rules: Vec<&str> = cross.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["person-in-multiple-households", "person-possible-duplicate"]);
    for f in cross {
        let files: Vec<&str> = f["locations"].as_array().unwrap().iter().map(|l| l["file"].as_str().unwrap()).collect();
        assert_eq!(files, ["county-a.xlsx", "county-b.csv"], "{f}");
    }

    let out = huqing(&["check", a.to_str().unwrap(), b.to_str().unwrap(), "--format", "text"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("跨文件  2 条") && text.contains("county-a.xlsx:"), "{text}");

    let missing = dir.join("missing.xlsx");
    let out = huqing(&["check", a.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][1]["error"]["code"], "unreadable");
    assert!(report["files"][0]["findings"].is_array(), "the readable file is still reported");
}

#[test]
fn threads_change_nothing_in_the_report_and_must_be_a_positive_number() {
    let dir = tempdir();
    let file = dir.join("reg.xlsx");
    let out =
        huqing(&["generate", "--households", "400", "--seed", "11", "--national", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let one = huqing(&["check", file.to_str().unwrap(), "--threads", "1"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(one.stdout.len() > 1000);
    for threads in [None, Some("2"), Some("4")] {
        let mut args = vec!["check", file.to_str().unwrap()];
        args.extend(threads.iter().flat_map(|t| ["--threads", *t]));
        let many = huqing(&args);
        assert!(one.stdout == many.stdout, "the report on --threads {threads:?} differs from one thread's");
    }
    let refused = huqing(&["check", file.to_str().unwrap(), "--threads", "0"]);
    assert_eq!(refused.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--threads takes a positive number"));
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

/// A 5 GB file (sparse: no disk is used) is refused for its size without being read: run with
/// 1 GB of address space, reading it whole would abort instead. Alone, beside another file, and
/// into a report folder.
#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = tempdir();
    let big = dir.join("huge.xlsx");
    std::fs::File::create(&big).unwrap().set_len(5 << 30).unwrap();
    let small = dir.join("small.xlsx");
    assert!(huqing(&["generate", "--households", "5", "--out", small.to_str().unwrap()]).status.success());
    let out_dir = dir.join("reports");
    let (big, small, out_dir) = (big.to_str().unwrap(), small.to_str().unwrap(), out_dir.to_str().unwrap());
    for args in [vec!["check", big], vec!["check", big, small], vec!["check", big, small, "--out", out_dir]] {
        let out = Command::new("sh")
            .args(["-c", "ulimit -v 1000000; exec \"$@\"", "sh", env!("CARGO_BIN_EXE_huqing")])
            .args(&args)
            .output()
            .unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(format!("{stdout}{stderr}").contains("5120 MB"), "{args:?} names no size: {stdout}{stderr}");
    }
    std::fs::remove_file(big).unwrap();
}

#[test]
fn usage_errors_exit_64() {
    assert_eq!(huqing(&["check"]).status.code(), Some(64));
    assert_eq!(huqing(&["frobnicate"]).status.code(), Some(64));
}

#[test]
fn profile_column_and_exemption_flags() {
    let dir = tempdir();
    let file = dir.join("reg.csv");
    std::fs::write(
        &file,
        "户编号,姓名,身份号,与户主关系,人数,劳动技能,务工状况\n521,甲,360426199101010072,户主,1,无劳动力,务工\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples/guizhou-2023.json");
    let json = |out: std::process::Output| -> serde_json::Value {
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };

    let r = json(huqing(&["check", f, "--profile", example]));
    assert_eq!(r["profile"], "guizhou-2023");
    assert_eq!(r["summary"]["gz-no-labour-no-work"], 1);
    assert_eq!(json(huqing(&["check", f, "--profile", "monitoring-2021"]))["profile"], "monitoring-2021");

    let r = json(huqing(&["check", f, "--column", "person-id=身份号"]));
    assert_eq!(r["columns"]["person-id"], "身份号");
    assert_eq!(r["summary"]["person-id-checksum"], 1);

    let list = dir.join("豁免.csv");
    std::fs::write(&list, "证件号码,规则,原因\n360426199101010072,person-id-checksum,已核实\n").unwrap();
    let r = json(huqing(&["check", f, "--column", "person-id=身份号", "--exemptions", list.to_str().unwrap()]));
    assert_eq!(r["exempted"]["person-id-checksum"], 1);
    assert!(r["summary"].get("person-id-checksum").is_none());
    let out = huqing(&[
        "check",
        f,
        "--column",
        "person-id=身份号",
        "--exemptions",
        list.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("已豁免：已核实"));

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"name": "x", "min_head_age": -1}"#).unwrap();
    let out = huqing(&["check", f, "--profile", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("min_head_age：年龄不能是负数") && err.contains("min_head_age: an age cannot be negative"),
        "{err}"
    );
}

#[test]
fn docs_rules_prints_the_committed_catalogue() {
    let out = huqing(&["docs", "rules"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        committed,
        "regenerate: cargo run --release -- docs rules > docs/rules.md"
    );
    assert_eq!(huqing(&["docs", "nothing"]).status.code(), Some(64));
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("huqing-cli-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn check_with_a_work_file_names_it_in_the_work_findings() {
    let dir = tempdir();
    let (person, work) = (dir.join("人员.csv"), dir.join("务工.csv"));
    std::fs::write(
        &person,
        "户编号,人编号,证件号码,与户主关系,劳动技能\n5201,p1,360426199101010071,户主,普通劳动力\n5201,p2,360426199202020025,配偶,丧失劳动力\n",
    )
    .unwrap();
    std::fs::write(&work, "人编号,是否已务工,开始时间,务工所在县\np2,是,2023年03月,长顺县\n").unwrap();
    let out = huqing(&["check", person.to_str().unwrap(), "--work", work.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "work-without-labour").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["rows"], serde_json::json!([3]));
    assert!(found[0]["message_zh"].as_str().unwrap().contains("务工.csv"), "{}", found[0]["message_zh"]);

    let out = huqing(&["check", person.to_str().unwrap(), "--work", person.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("务工文件"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn generate_writes_the_work_file_beside_a_csv_and_its_work_faults_are_found_exactly() {
    let dir = tempdir();
    let (reg, work, expected, bare, profile) =
        (dir.join("m.csv"), dir.join("务工.xlsx"), dir.join("e.json"), dir.join("bare.json"), dir.join("p.json"));
    std::fs::write(
        &profile,
        r#"{"name": "monitoring-test", "extends": "monitoring-2021", "reference_date": "2020-12-31",
            "school_reference_date": "2020-09-01", "monitoring_lines": {"2020": 5000}}"#,
    )
    .unwrap();
    let path = |p: &std::path::PathBuf| p.to_str().unwrap().to_owned();
    let gen = |extra: &[&str], expected: &std::path::PathBuf| {
        let mut args = vec!["generate", "--monitoring", "--households", "400", "--seed", "12"];
        let (out, exp) = (path(&reg), path(expected));
        args.extend(["--out", &out, "--expected", &exp]);
        args.extend(extra);
        let out = huqing(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    gen(&[], &bare);
    assert!(!work.exists());
    gen(&["--work-out", &path(&work)], &expected);
    let read = |p: &std::path::PathBuf| -> BTreeSet<(String, Vec<u64>)> {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let rows = e["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect();
                (e["rule"].as_str().unwrap().to_owned(), rows)
            })
            .collect()
    };
    let (with, without) = (read(&expected), read(&bare));
    // The work file adds the work faults and nothing else changes.
    assert!(without.is_subset(&with));
    let work_faults: BTreeSet<_> = with.difference(&without).cloned().collect();
    let rules: BTreeSet<&str> = work_faults.iter().map(|(r, _)| r.as_str()).collect();
    for rule in
        ["work-periods-overlap", "work-without-labour", "work-plan-facts-missing", "risk-work-without-work-record"]
    {
        assert!(rules.contains(rule), "{rule} not among the planted work faults {rules:?}");
    }

    let out = huqing(&["check", &path(&reg), "--work", &path(&work), "--profile", &path(&profile)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: BTreeSet<(String, Vec<u64>)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| rules.contains(f["rule"].as_str().unwrap()))
        .map(|f| {
            let rows = f["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect();
            (f["rule"].as_str().unwrap().to_owned(), rows)
        })
        .collect();
    assert_eq!(found, work_faults);

    // Only a monitoring register has work tables, and the work file is a workbook.
    let out = huqing(&["generate", "--out", &path(&reg), "--work-out", &path(&work)]);
    assert_eq!(out.status.code(), Some(64));
    let out = huqing(&["generate", "--monitoring", "--out", &path(&reg), "--work-out", &path(&dir.join("w.csv"))]);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn a_reader_that_stops_reading_ends_the_check_quietly() {
    use std::io::Read;
    let dir = tempdir();
    let file = dir.join("reg.xlsx");
    let out = huqing(&["generate", "--households", "400", "--seed", "5", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // As `huqing check reg.xlsx | head -c 100`: the report (hundreds of kilobytes, more than a
    // pipe holds) meets a closed pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_huqing"))
        .args(["check", file.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    assert!(head.starts_with(b"{"));
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
