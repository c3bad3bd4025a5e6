//! Profiles, declarative rules and exemptions through the whole check, natively: each profile
//! feature and each declarative kind on an inline register, the example province profile, the
//! published schema, and exemption lists as CSV and xlsx.
#![cfg(not(target_arch = "wasm32"))]

use huqing::check::exemptions::Exemptions;
use huqing::generate::{self, Format};
use huqing::{check, Options, Report, Severity};
use std::collections::BTreeSet;

const EXAMPLE: &str = include_str!("../docs/examples/guizhou-2023.json");
const SCHEMA: &str = include_str!("../docs/profile.schema.json");

fn run(csv: &str, profile: Option<&str>) -> Report {
    let options = Options { profile: profile.map(str::to_owned), ..Options::default() };
    check(csv.as_bytes(), "reg.csv", &options, &mut |_, _| {}).expect("the register reads")
}

/// (rule, rows) of the findings of rules whose key starts with `prefix`.
fn found(r: &Report, prefix: &str) -> Vec<(String, Vec<u32>)> {
    r.findings.iter().filter(|f| f.rule.starts_with(prefix)).map(|f| (f.rule.to_string(), f.rows.clone())).collect()
}

fn profile_with(rule: &str) -> String {
    format!(r#"{{"name": "t", "custom_rules": [{rule}]}}"#)
}

const HEAD: &str = "户编号,姓名,证件号码,与户主关系,人数,劳动技能,务工状况,户类型,务工时间（月）,联系电话\n";

#[test]
fn required_kind() {
    let p = profile_with(r#"{"key": "t-phone", "kind": "required", "column": "phone", "title_zh": "电话必填"}"#);
    let r = run(
        &format!("{HEAD}521,甲,360426199101010071,户主,2,,,,,13912345678\n521,乙,120103198806018241,配偶,2,,,,,\n"),
        Some(&p),
    );
    assert_eq!(found(&r, "t-"), [("t-phone".to_owned(), vec![3])]);
    let rule = r.rules.iter().find(|x| x.key == "t-phone").expect("listed in report.rules");
    assert_eq!((rule.title_zh.as_ref(), rule.count, rule.custom), ("电话必填", 1, true));
    assert_eq!(r.summary["t-phone"], 1);
}

#[test]
fn allowed_kind() {
    let p = profile_with(
        r#"{"key": "t-type", "kind": "allowed", "column": "户类型", "values": ["脱贫户", "普通农户"], "title_zh": "户类型"}"#,
    );
    let r = run(
        &format!("{HEAD}521,甲,360426199101010071,户主,1,,,贫困户,,\n522,乙,120103198806018241,户主,1,,,脱贫户,,\n"),
        Some(&p),
    );
    assert_eq!(found(&r, "t-"), [("t-type".to_owned(), vec![2])]);
    assert_eq!(r.findings.iter().find(|f| f.rule == "t-type").unwrap().column.as_deref(), Some("户类型"));
}

#[test]
fn pattern_kind() {
    let p = profile_with(
        r#"{"key": "t-hh", "kind": "pattern", "column": "household-id", "pattern": "52\\d+", "title_zh": "户编号"}"#,
    );
    let r =
        run(&format!("{HEAD}521,甲,360426199101010071,户主,1,,,,,\n431,乙,120103198806018241,户主,1,,,,,\n"), Some(&p));
    assert_eq!(found(&r, "t-"), [("t-hh".to_owned(), vec![3])]);
}

#[test]
fn range_kind() {
    let p = profile_with(
        r#"{"key": "t-months", "kind": "range", "column": "务工时间（月）", "min": 0, "max": 12, "title_zh": "月数", "severity": "error"}"#,
    );
    let r = run(
        &format!("{HEAD}521,甲,360426199101010071,户主,2,,,,14,\n521,乙,120103198806018241,配偶,2,,,,6,\n"),
        Some(&p),
    );
    assert_eq!(found(&r, "t-"), [("t-months".to_owned(), vec![2])]);
    assert_eq!(r.findings.iter().find(|f| f.rule == "t-months").unwrap().severity, Severity::Error);
}

#[test]
fn unique_kind() {
    let p =
        profile_with(r#"{"key": "t-phone-unique", "kind": "unique", "column": "联系电话", "title_zh": "电话不重复"}"#);
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,1,,,,,13912345678\n522,乙,120103198806018241,户主,1,,,,,13912345678\n"), Some(&p));
    assert_eq!(found(&r, "t-"), [("t-phone-unique".to_owned(), vec![2, 3])]);
}

#[test]
fn unique_together_kind() {
    let p = profile_with(
        r#"{"key": "t-name-hh", "kind": "unique-together", "columns": ["household-id", "name"], "title_zh": "同户同名"}"#,
    );
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,3,,,,,\n521,甲,120103198806018241,配偶,3,,,,,\n522,甲,11010519491231002X,户主,1,,,,,\n521,乙,44011320141005001X,之子,3,,,,,\n"), Some(&p));
    assert_eq!(found(&r, "t-"), [("t-name-hh".to_owned(), vec![2, 3])]);
}

#[test]
fn same_within_household_kind() {
    let p = profile_with(
        r#"{"key": "t-type-same", "kind": "same-within-household", "column": "户类型", "title_zh": "同户户类型"}"#,
    );
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,2,,,脱贫户,,\n521,乙,120103198806018241,配偶,2,,,普通农户,,\n522,丙,11010519491231002X,户主,1,,,脱贫户,,\n"), Some(&p));
    assert_eq!(found(&r, "t-"), [("t-type-same".to_owned(), vec![2, 3])]);
}

#[test]
fn conditional_kind() {
    let p = profile_with(
        r#"{"key": "t-labour", "kind": "conditional", "title_zh": "无劳动力不务工",
        "when": {"column": "劳动技能", "equals": "无劳动力"}, "then": {"column": "务工状况", "empty": true}}"#,
    );
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,2,无劳动力,省外务工,,,\n521,乙,120103198806018241,配偶,2,普通劳动力,省外务工,,,\n"), Some(&p));
    assert_eq!(found(&r, "t-"), [("t-labour".to_owned(), vec![2])]);
    let f = r.findings.iter().find(|f| f.rule == "t-labour").unwrap();
    assert_eq!(f.message_zh, "“劳动技能”为“无劳动力”时，“务工状况”应为空（实际是“省外务工”）");
}

#[test]
fn a_rule_whose_column_is_absent_reports_column_missing_once() {
    let p = profile_with(r#"{"key": "t-bank", "kind": "required", "column": "银行卡号", "title_zh": "卡号必填"}"#);
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,1,,,,,\n"), Some(&p));
    let missing: Vec<_> = r.findings.iter().filter(|f| f.rule == "column-missing" && f.value == "银行卡号").collect();
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0].message_zh.contains("卡号必填") && !missing[0].message_zh.contains("t-bank"),
        "{}",
        missing[0].message_zh
    );
    assert!(found(&r, "t-").is_empty());
}

#[test]
fn the_example_province_profile_loads_and_runs() {
    let csv = format!("{HEAD}521,甲,360426199101010071,户主,2,无劳动力,省外务工,脱贫户,13,\n521,乙,120103198806018241,配偶,2,,,普通农户,,\n");
    let r = run(&csv, Some(EXAMPLE));
    assert_eq!(r.profile, "guizhou-2023");
    let keys: BTreeSet<String> =
        r.findings.iter().map(|f| f.rule.to_string()).filter(|k| k.starts_with("gz-")).collect();
    for k in ["gz-no-labour-no-work", "gz-household-type-same", "gz-work-months-range", "gz-phone-required"] {
        assert!(keys.contains(k), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains("gz-household-type-allowed") && !keys.contains("gz-household-id-form"), "{keys:?}");
}

#[test]
fn a_profile_switches_rules_off_and_changes_severities_on_a_generated_register() {
    let reg = generate::generate(&generate::Options { households: 150, seed: 5, ..Default::default() });
    let bytes = reg.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let base = check(&bytes, "reg.xlsx", &Options::default(), &mut |_, _| {}).unwrap();
    assert_eq!(base.profile, "national-2016");
    assert!(
        base.summary.get("duplicate-row").is_some_and(|n| *n > 0)
            && base.summary.get("person-id-checksum").is_some_and(|n| *n > 0),
        "the seed plants both"
    );
    let options = Options {
        profile: Some(r#"{"name": "p", "rules": {"duplicate-row": "off", "person-id-checksum": "warning"}}"#.into()),
        ..Options::default()
    };
    let r = check(&bytes, "reg.xlsx", &options, &mut |_, _| {}).unwrap();
    assert!(!r.summary.contains_key("duplicate-row") && !r.rules.iter().any(|x| x.key == "duplicate-row"));
    assert_eq!(r.disabled_rules, ["duplicate-row"]);
    assert_eq!(r.summary["person-id-checksum"], base.summary["person-id-checksum"]);
    assert!(r.findings.iter().filter(|f| f.rule == "person-id-checksum").all(|f| f.severity == Severity::Warning));
    assert_eq!(r.rules.iter().find(|x| x.key == "person-id-checksum").unwrap().severity, Severity::Warning);
}

#[test]
fn a_built_in_profile_is_chosen_by_name() {
    let r = run(&format!("{HEAD}521,甲,360426199101010071,户主,1,,,,,\n"), Some("monitoring-2021"));
    assert_eq!(r.profile, "monitoring-2021");
    let e = check(b"a", "a.csv", &Options { profile: Some("national".into()), ..Options::default() }, &mut |_, _| {})
        .unwrap_err();
    assert_eq!(e.code(), "bad-profile");
}

#[test]
fn profile_columns_rename_and_options_override_them() {
    let csv = "户编号,姓名,身份号,与户主关系,人数\n521,甲,360426199101010072,户主,1\n";
    let plain = run(csv, None);
    assert!(plain.findings.iter().any(|f| f.rule == "column-missing" && f.value == "证件号码"));
    let r = run(csv, Some(r#"{"name": "p", "columns": {"person-id": "身份号"}}"#));
    assert_eq!(r.columns["person-id"], "身份号");
    assert_eq!(found(&r, "person-id-checksum").len(), 1);
    let mut options = Options {
        profile: Some(r#"{"name": "p", "columns": {"person-id": "身份号"}}"#.into()),
        ..Options::default()
    };
    options.columns.insert("person-id".into(), String::new());
    let r = check(csv.as_bytes(), "reg.csv", &options, &mut |_, _| {}).unwrap();
    assert!(!r.columns.contains_key("person-id"), "an empty choice unmaps the role");
    assert_eq!(r.headers, ["户编号", "姓名", "身份号", "与户主关系", "人数"]);
}

#[test]
fn a_broken_profile_is_refused_before_reading_naming_the_field() {
    let options = Options {
        profile: Some(r#"{"name": "p", "rules": {"person-id-checksm": "off"}}"#.into()),
        ..Options::default()
    };
    let e = check(b"", "empty.csv", &options, &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code(), "bad-profile");
    assert_eq!(
        e.message_zh(),
        "检查方案有误，未使用：rules.person-id-checksm：没有这条规则（是否想写 person-id-checksum？）"
    );
    assert!(
        e.message_en().contains("rules.person-id-checksm")
            && e.message_en().contains("did you mean person-id-checksum")
    );
}

/// The fields the schema publishes are exactly those the reader accepts, and its column keys
/// are the roles'.
#[test]
fn the_schema_matches_the_reader() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let published: BTreeSet<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
    // serde lists every accepted field when it refuses an unknown one.
    let e = huqing::profile::Profile::from_json(r#"{"name": "x", "zzz": 1}"#).unwrap_err();
    let accepted: BTreeSet<String> = match e.kind() {
        huqing::ErrorKind::BadProfile { problem_en, .. } => problem_en
            .split("known fields: ")
            .nth(1)
            .unwrap()
            .trim_end_matches(')')
            .split(", ")
            .map(str::to_owned)
            .collect(),
        k => panic!("{k:?}"),
    };
    assert_eq!(published, accepted, "docs/profile.schema.json and src/profile/parse.rs disagree");
    let roles: BTreeSet<&str> = schema["properties"]["required"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let known: BTreeSet<&str> = huqing::columns::roles::ROLES.iter().map(|d| d.key).collect();
    assert_eq!(
        roles, known,
        "update the column-key enum of docs/profile.schema.json (and docs/profile.md) to src/columns/roles.rs"
    );
}

// ---- exemptions ----

fn planted() -> (Vec<u8>, Report) {
    let reg = generate::generate(&generate::Options { households: 150, seed: 5, ..Default::default() });
    let bytes = reg.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let report = check(&bytes, "reg.xlsx", &Options::default(), &mut |_, _| {}).unwrap();
    (bytes, report)
}

/// Two ID-checksum findings and one household finding, as (ID, household, rule, reason) lines.
fn lines(report: &Report) -> Vec<[String; 4]> {
    let checksum: Vec<_> = report.findings.iter().filter(|f| f.rule == "person-id-checksum").take(2).collect();
    let size = report.findings.iter().find(|f| f.rule == "household-size-mismatch").expect("planted");
    assert_eq!(checksum.len(), 2);
    let mut out: Vec<[String; 4]> = checksum
        .iter()
        .map(|f| [f.value.clone(), String::new(), "person-id-checksum".into(), "已到户核实".into()])
        .collect();
    out.push([String::new(), size.household.clone().unwrap(), "household-size-mismatch".into(), "一人户口在外".into()]);
    out
}

fn assert_exempted(base: &Report, r: &Report) {
    assert_eq!(r.findings.len(), base.findings.len(), "exempted findings are not hidden");
    assert_eq!(r.exempted["person-id-checksum"], 2);
    assert_eq!(r.exempted["household-size-mismatch"], 1);
    let open = |k: &str| r.summary.get(k).copied().unwrap_or(0);
    assert_eq!(open("person-id-checksum") + 2, base.summary["person-id-checksum"]);
    assert_eq!(open("household-size-mismatch") + 1, base.summary["household-size-mismatch"]);
    let reasons: BTreeSet<&str> = r.findings.iter().filter_map(|f| f.exempted.as_deref()).collect();
    assert_eq!(reasons, BTreeSet::from(["已到户核实", "一人户口在外"]));
    let rule = r.rules.iter().find(|x| x.key == "person-id-checksum").unwrap();
    assert_eq!((rule.count, rule.exempted), (base.summary["person-id-checksum"] - 2, 2));
}

#[test]
fn exemptions_from_csv_are_counted_apart_not_hidden() {
    let (bytes, base) = planted();
    let mut csv = String::from("证件号码,户编号,规则,原因\n");
    for l in lines(&base) {
        csv.push_str(&l.join(","));
        csv.push('\n');
    }
    let options = Options {
        exemptions: Some(Exemptions::read(csv.as_bytes(), "豁免清单.csv").unwrap()),
        ..Options::default()
    };
    let r = check(&bytes, "reg.xlsx", &options, &mut |_, _| {}).unwrap();
    assert_exempted(&base, &r);
}

#[test]
fn exemptions_from_xlsx_with_a_title_row() {
    let (bytes, base) = planted();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "某某县 2023 年豁免清单").unwrap();
    for (c, h) in ["序号", "身份证号", "户编号", "规则", "豁免原因"].iter().enumerate() {
        ws.write(1, c as u16, *h).unwrap();
    }
    for (i, l) in lines(&base).iter().enumerate() {
        let row = i as u32 + 2;
        ws.write(row, 0, i as u32 + 1).unwrap();
        for (c, v) in l.iter().enumerate() {
            ws.write(row, c as u16 + 1, v.as_str()).unwrap();
        }
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let options =
        Options { exemptions: Some(Exemptions::read(&xlsx, "豁免清单.xlsx").unwrap()), ..Options::default() };
    let r = check(&bytes, "reg.xlsx", &options, &mut |_, _| {}).unwrap();
    assert_exempted(&base, &r);
}
