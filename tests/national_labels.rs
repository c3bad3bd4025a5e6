//! Registers in the national export's style (`generate --national`): its labels, header
//! spellings and missing optional columns. Every planted fault is found at its rows, each label
//! no code list has once with all its rows, no error or warning falls elsewhere, the columns the
//! export lacks are listed as absent rather than reported; workbooks that hold no register are
//! refused as such; the text report names table findings without a row number.
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate::{self, CsvEncoding, Format, Options, Register};
use huqing::{check, Report, Severity};
use std::process::Command;

fn national(households: usize, seed: u64) -> Register {
    generate::generate(&Options {
        households,
        seed,
        faults: true,
        title_rows: 0,
        national: true,
        monitoring: false,
        id_counties: 0,
    })
}

fn run(register: &Register, format: &Format, name: &str) -> Report {
    let bytes = register.to_bytes(format).expect("the generator writes");
    check(&bytes, name, &Default::default(), &mut |_, _| {}).expect("a national register reads")
}

/// (rule, rows) of every finding of the rules the register plants, and every error or warning.
fn found(report: &Report, register: &Register) -> Vec<(String, Vec<u32>)> {
    let planted: Vec<&str> = register.expected.iter().map(|e| e.rule).collect();
    let mut v: Vec<_> = report
        .findings
        .iter()
        .filter(|f| planted.contains(&f.rule.as_ref()) || f.severity != Severity::Info)
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect();
    v.sort();
    v
}

fn expected(register: &Register, format: &Format) -> Vec<(String, Vec<u32>)> {
    let mut v: Vec<_> = register.expected_as(format).into_iter().map(|e| (e.rule.to_owned(), e.rows)).collect();
    v.sort();
    v
}

#[test]
fn national_registers_give_exactly_the_planted_findings_in_xlsx_and_gbk_csv() {
    for seed in [1, 2] {
        let register = national(400, seed);
        let unknown: Vec<_> = register.expected.iter().filter(|e| e.rule == "value-not-in-code-list").collect();
        assert_eq!(unknown.len(), 2, "seed {seed} plants two labels no list has");
        for (format, name) in [
            (Format::Xlsx { inline_strings: false }, "national.xlsx"),
            (Format::Csv { encoding: CsvEncoding::Gbk }, "national.csv"),
        ] {
            let report = run(&register, &format, name);
            assert_eq!(report.rows, register.rows.len(), "{name}");
            assert_eq!(found(&report, &register), expected(&register, &format), "seed {seed} {name}");

            // Each label off the lists once, naming its rows and their count, as info.
            let labels: Vec<_> = report.findings.iter().filter(|f| f.rule == "value-not-in-code-list").collect();
            assert_eq!(labels.len(), 2, "{name}");
            for f in labels {
                assert_eq!(f.severity, Severity::Info);
                assert!(f.message_zh.contains(&format!("有 {} 行填为“{}”", f.rows.len(), f.value)), "{}", f.message_zh);
            }

            // 务工所在地 holds places, read as such.
            assert_eq!(report.columns.get("work-place").map(String::as_str), Some("务工所在地"), "{name}");
            assert!(!report.columns.contains_key("work-status"));
            assert!(!report.findings.iter().any(|f| f.column.as_deref() == Some("务工所在地")));
            assert_eq!(report.columns.get("household-size").map(String::as_str), Some("人口数"));

            // The columns the export lacks: no finding, one line each.
            assert!(!report.findings.iter().any(|f| f.rule == "column-missing"), "{name}");
            let absent: Vec<&str> = report.absent.iter().map(|a| a.role).collect();
            assert_eq!(absent, ["birth-date", "exit-year", "bank-card"], "{name}");
            assert_eq!(report.absent[0].rules, ["birthdate-mismatch-id"]);
        }
    }
}

#[test]
fn a_clean_national_register_has_only_the_absent_columns_to_say() {
    let register = generate::generate(&Options {
        households: 300,
        seed: 4,
        faults: false,
        title_rows: 1,
        national: true,
        monitoring: false,
        id_counties: 0,
    });
    let report = run(&register, &Format::Xlsx { inline_strings: true }, "clean.xlsx");
    assert!(report.findings.is_empty(), "{:?}", report.findings.first());
    assert_eq!(report.absent.len(), 3);
}

#[test]
fn the_profile_add_values_command_makes_the_labels_accepted() {
    let dir = std::env::temp_dir().join(format!("huqing-add-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("national.xlsx");
    let register = national(200, 3);
    register.write(&file, &Format::Xlsx { inline_strings: false }).unwrap();
    let profile = dir.join("province.json");
    let bin = env!("CARGO_BIN_EXE_huqing");
    let out = Command::new(bin)
        .args(["profile", "add-values", file.to_str().unwrap(), "--out", profile.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&profile).unwrap()).unwrap();
    assert_eq!(written["extends"], "national-2016");
    assert_eq!(written["codes"]["household-type"], serde_json::json!(["兜底保障户"]));
    assert_eq!(written["codes"]["monitor-category"], serde_json::json!(["因病返贫风险户"]));

    // Checked under it, the labels are accepted; from a saved report the same profile comes out.
    let report = Command::new(bin)
        .args(["check", file.to_str().unwrap(), "--profile", profile.to_str().unwrap()])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["summary"].get("value-not-in-code-list"), None, "{}", report["summary"]);
    let json = dir.join("report.json");
    let plain = Command::new(bin).args(["check", file.to_str().unwrap()]).output().unwrap();
    std::fs::write(&json, plain.stdout).unwrap();
    let again = Command::new(bin).args(["profile", "add-values", json.to_str().unwrap()]).output().unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&again.stdout).unwrap(), written);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A workbook of the given sheets, each a list of rows.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn workbooks_without_a_register_are_refused_as_such() {
    let log: &[&[&str]] = &[
        &["扶贫系统操作日志"],
        &["序号", "操作时间", "操作人", "操作内容", "IP地址"],
        &["1", "2023-03-01 09:12", "王芳", "导出脱贫人口信息", "10.0.0.8"],
        &["2", "2023-03-01 09:40", "王芳", "修改户信息", "10.0.0.8"],
    ];
    let summary: &[&[&str]] = &[
        &["乡镇", "脱贫户数", "脱贫人口数", "监测户数", "合计"],
        &["城关镇", "120", "430", "8", "128"],
        &["合计", "120", "430", "8", "128"],
    ];
    let template: &[&[&str]] = &[&["户编号", "姓名", "证件号码", "与户主关系", "人口数"]];
    let cases: Vec<(Vec<u8>, &str, &[&str], bool)> = vec![
        (workbook(&[("日志", log), ("汇总", summary)]), "log.xlsx", &["日志", "操作时间", "汇总", "脱贫户数"], false),
        (workbook(&[("汇总", summary)]), "summary.xlsx", &["汇总", "乡镇"], false),
        (workbook(&[("模板", template)]), "template.xlsx", &["模板", "户编号", "没有数据行"], true),
        (
            "序号,操作时间,操作人,操作内容\n1,2023-03-01,王芳,导出\n".as_bytes().to_vec(),
            "log.csv",
            &["操作内容"],
            false,
        ),
    ];
    for (bytes, name, words, template) in cases {
        let err = check(&bytes, name, &Default::default(), &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), "not-a-register", "{name}: {err}");
        for w in words {
            assert!(err.message_zh().contains(w), "{name}: {} lacks {w}", err.message_zh());
        }
        assert!(err.message_zh().contains("证件号码") && err.message_en().contains("not a list of persons"));
        assert_eq!(err.message_en().contains("blank template"), template, "{name}");
    }
}

#[test]
fn the_text_report_names_table_findings_and_absent_columns() {
    let dir = std::env::temp_dir().join(format!("huqing-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // No 姓名 column: a required column missing, a finding about the whole table.
    let file = dir.join("no-name.csv");
    std::fs::write(&file, "户编号,证件号码,与户主关系,人口数\n1,11010519491231002X,户主,1\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_huqing"))
        .args(["check", file.to_str().unwrap(), "--format", "text"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("第行"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("整表\t错误\tcolumn-missing")), "{text}");
    assert!(text.contains("本文件没有“出生日期”列，未进行：出生日期与证件号码不符（"), "{text}");
    assert!(text.contains("rules not run: birthdate-mismatch-id）"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
