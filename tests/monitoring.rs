//! The built-in 防返贫监测 checks over generated monitoring-style registers: every planted fault
//! is found at its exact rows, and the checks raise nothing on clean households, up to
//! 100,000 rows.
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate::{self, Format, Options, Register};
use huqing::profile::Profile;
use huqing::{check, Report};
use std::collections::BTreeSet;

/// monitoring-2021 at the generator's dates, with the monitoring line its clean data keeps.
const PROFILE: &str = r#"{"name": "monitoring-test", "extends": "monitoring-2021",
    "reference_date": "2020-12-31", "school_reference_date": "2020-09-01",
    "monitoring_lines": {"2020": 5000}}"#;

/// The register as CSV, its work tables as a work file beside it.
fn run(register: &Register) -> Report {
    let bytes =
        register.to_bytes(&Format::Csv { encoding: generate::CsvEncoding::Utf8 }).expect("the generator writes");
    let work = register.work_file();
    assert!(work.is_some(), "a monitoring register has its work tables");
    let opts = huqing::Options { profile: Some(PROFILE.to_owned()), work, ..Default::default() };
    check(&bytes, "monitoring.csv", &opts, &mut |_, _| {}).expect("a generated register reads")
}

/// The built-in monitoring checks, and the rules of the work tables beside the register.
fn monitoring_keys() -> BTreeSet<String> {
    for key in WORK_RULES {
        assert!(huqing::rules::ALL.iter().any(|r| r.meta().key == *key), "no rule {key}");
    }
    Profile::monitoring_2021()
        .custom
        .iter()
        .map(|r| r.key.clone())
        .chain(WORK_RULES.iter().map(|k| k.to_string()))
        .collect()
}

/// The rules of the 务工监测 and 计划外出务工 tables, planted by the generator with the checks.
const WORK_RULES: &[&str] = &[
    "work-periods-overlap",
    "work-county-missing",
    "work-facts-missing",
    "work-stopped-without-end",
    "work-income-implausible",
    "work-without-labour",
    "work-start-under-age",
    "work-by-student",
    "work-plan-facts-missing",
];

/// Checks `register`: every planted monitoring fault is found exactly, no monitoring finding
/// falls on a household no fault touched, and no monitoring column is missing.
fn assert_exact(register: &Register) -> usize {
    let report = run(register);
    let keys = monitoring_keys();
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "column-missing" && keys.iter().any(|k| f.message_en.contains(k.as_str())))
        .map(|f| f.value.as_str())
        .collect();
    assert!(missing.is_empty(), "monitoring columns missing: {missing:?}");
    let found: BTreeSet<(String, Vec<u32>)> = report
        .findings
        .iter()
        .filter(|f| keys.contains(f.rule.as_ref()))
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect();
    let planted: BTreeSet<(String, Vec<u32>)> = register
        .expected_with_work()
        .iter()
        .filter(|e| keys.contains(e.rule))
        .map(|e| (e.rule.to_owned(), e.rows.clone()))
        .collect();
    let lost: Vec<_> = planted.difference(&found).collect();
    assert!(lost.is_empty(), "planted monitoring faults not found: {lost:?}");
    // Rows of households some fault touched (a national fault may make a household inconsistent).
    let faulty: BTreeSet<u32> = register.expected_with_work().iter().flat_map(|e| e.rows.iter().copied()).collect();
    let stray: Vec<_> =
        found.difference(&planted).filter(|(_, rows)| !rows.iter().any(|r| faulty.contains(r))).take(5).collect();
    assert!(stray.is_empty(), "monitoring findings on clean households: {stray:?}");
    planted.len()
}

#[test]
fn finds_every_planted_monitoring_fault_and_nothing_on_clean_households() {
    let register = generate::generate(&Options { households: 600, seed: 11, monitoring: true, ..Default::default() });
    let planted = assert_exact(&register);
    let keys = monitoring_keys();
    let kinds: BTreeSet<&str> =
        register.expected_with_work().iter().map(|e| e.rule).filter(|r| keys.contains(*r)).collect();
    // Every built-in check and work rule is exercised end to end: none is left to unit tests only.
    let unplanted: Vec<&String> = keys.iter().filter(|k| !kinds.contains(k.as_str())).collect();
    assert!(unplanted.is_empty(), "built-in checks with no planted fault: {unplanted:?}");
    assert!(planted >= kinds.len());
    // work-without-labour is planted both as a spell and as a plan row, and found both ways.
    let report = run(&register);
    for table in ["务工监测表", "计划外出务工表"] {
        assert!(
            report.findings.iter().any(|f| f.rule == "work-without-labour" && f.message_zh.contains(table)),
            "no work-without-labour naming the {table}"
        );
    }
}

/// A planted monitoring fault raises exactly its expected findings, of any rule (e.g. an
/// uninsured member's `insurance-exclusive`), on its household.
#[test]
fn planted_monitoring_faults_imply_only_their_expected_findings() {
    let register = generate::generate(&Options { households: 600, seed: 11, monitoring: true, ..Default::default() });
    let report = run(&register);
    let keys = monitoring_keys();
    let rows_of = |monitoring: bool| -> BTreeSet<u32> {
        register
            .expected_with_work()
            .iter()
            .filter(|e| keys.contains(e.rule) == monitoring)
            .flat_map(|e| e.rows.iter().copied())
            .collect()
    };
    let (planted, national) = (rows_of(true), rows_of(false));
    let all = register.expected_with_work();
    let expected: BTreeSet<(&str, &[u32])> = all.iter().map(|e| (e.rule, e.rows.as_slice())).collect();
    let extra: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rows.iter().any(|r| planted.contains(r)) && !f.rows.iter().any(|r| national.contains(r)))
        .filter(|f| !expected.contains(&(f.rule.as_ref(), f.rows.as_slice())))
        .take(5)
        .map(|f| (&f.rule, &f.rows, &f.message_zh))
        .collect();
    assert!(extra.is_empty(), "findings a planted monitoring fault raised but did not expect: {extra:?}");
}

#[test]
fn passes_a_clean_monitoring_register() {
    let register = generate::generate(&Options {
        households: 400,
        seed: 3,
        faults: false,
        monitoring: true,
        ..Default::default()
    });
    let report = run(&register);
    let keys = monitoring_keys();
    // The 2021 export fills exactly one of 文化程度 and 在校生状况, as the generator does.
    let raised: Vec<_> = report
        .findings
        .iter()
        .filter(|f| keys.contains(f.rule.as_ref()) || f.rule == "education-schooling-both")
        .take(5)
        .map(|f| (&f.rule, &f.rows, &f.message_zh))
        .collect();
    assert!(raised.is_empty(), "{raised:?}");
}

/// 100,000 rows: slow in a debug build, so run with `cargo test --release`.
#[test]
#[cfg_attr(debug_assertions, ignore)]
fn exact_at_100_000_rows() {
    let register = generate::generate(&Options { households: 34_000, seed: 7, monitoring: true, ..Default::default() });
    assert!(register.rows.len() >= 100_000, "{} rows", register.rows.len());
    assert_exact(&register);
}
