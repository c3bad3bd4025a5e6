//! Period comparison (上期比对): the generator's two periods of one register (`generate
//! --previous`), changes of every kind planted. Every planted change is found on its exact rows
//! (the previous register's row for a person no longer listed), nothing else is reported, the
//! register's own check is unchanged, and the baseline may be in another format than the
//! register.

use huqing::base::finding::Severity;
use huqing::generate::period::{period, PeriodPair};
use huqing::generate::{CsvEncoding, Format, Options as GenOptions};
use huqing::period::Baseline;
use huqing::{check, Options, Report};
use std::collections::BTreeSet;

type Found = BTreeSet<(String, Vec<u32>, Vec<u32>)>;

/// The period findings as (rule, rows, previous rows).
fn period_found(report: &Report) -> Found {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("period-"))
        .map(|f| {
            let previous = if f.rows.is_empty() { f.locations.iter().map(|l| l.row).collect() } else { Vec::new() };
            (f.rule.to_string(), f.rows.clone(), previous)
        })
        .collect()
}

fn period_expected(pair: &PeriodPair) -> Found {
    pair.expected.iter().map(|e| (e.rule.to_owned(), e.rows.clone(), e.previous_rows.clone())).collect()
}

/// Errors and warnings of the register's own rules, as (rule, rows).
fn own(report: &Report) -> BTreeSet<(String, Vec<u32>)> {
    report
        .findings
        .iter()
        .filter(|f| !f.rule.starts_with("period-") && f.severity != Severity::Info)
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect()
}

fn compare(pair: &PeriodPair, current: &Format, previous: &Format, prev_name: &str) -> (Report, Report) {
    let bytes = pair.current.to_bytes(current).unwrap();
    let name = if matches!(current, Format::Csv { .. }) { "本期.csv" } else { "本期.xlsx" };
    let alone = check(&bytes, name, &Options::default(), &mut |_, _| {}).unwrap();
    let baseline = Baseline { name: prev_name.to_owned(), bytes: pair.previous.to_bytes(previous).unwrap() };
    let options = Options { previous: Some(baseline), ..Options::default() };
    let report = check(&bytes, name, &options, &mut |_, _| {}).unwrap();
    (alone, report)
}

fn finds_every_change(pair: &PeriodPair, current: Format, previous: Format, prev_name: &str) {
    let (alone, report) = compare(pair, &current, &previous, prev_name);
    assert_eq!(period_found(&alone), Found::new());
    assert_eq!(own(&report), own(&alone), "the register's own findings do not change");
    let want = period_expected(pair);
    let got = period_found(&report);
    assert_eq!(got.difference(&want).collect::<Vec<_>>(), Vec::<&(String, Vec<u32>, Vec<u32>)>::new(), "nothing else");
    assert_eq!(want.difference(&got).collect::<Vec<_>>(), Vec::<&(String, Vec<u32>, Vec<u32>)>::new(), "all found");
    let summary = report.period.as_ref().expect("a period summary");
    assert_eq!(summary.previous, prev_name);
    let count = |rule: &str| want.iter().filter(|e| e.0 == rule).count();
    let t = &summary.totals;
    assert_eq!(t.added, count("period-person-added"));
    assert_eq!(t.added_by_reason.get("birth"), Some(&count("period-person-added")), "every birth says 新生儿");
    assert_eq!(t.removed, count("period-person-removed"));
    assert_eq!(
        (t.split, t.merged, t.renumbered),
        (count("period-household-split"), count("period-household-merged"), count("period-household-renumbered"))
    );
    assert_eq!(
        (t.moved, t.id_corrected, t.name_changed),
        (count("period-person-moved"), count("period-id-corrected"), count("period-name-changed"))
    );
    assert_eq!(t.size_mismatch, count("period-size-change-mismatch"));
    assert!(
        summary.text_zh.starts_with(&format!("新增 {} 人（出生 {} 人），减少 {} 人", t.added, t.added, t.removed)),
        "{}",
        summary.text_zh
    );
    let areas: usize = summary.areas.iter().map(|a| a.counts.added).sum();
    assert_eq!(areas, t.added, "the areas add up");
    // The change kinds are listed with the rules, with their counts.
    let listed = report.rules.iter().find(|r| r.key == "period-person-removed").expect("listed");
    assert_eq!(listed.count, t.removed);
    // A person no longer listed has no row, and is placed in the previous register's 乡镇 and 村.
    let removed = report.findings.iter().find(|f| f.rule == "period-person-removed" && f.rows.is_empty()).unwrap();
    assert!(removed.township.is_some() && removed.locations[0].file.as_deref() == Some(prev_name));
}

#[test]
fn finds_every_planted_change_in_a_workbook_against_a_workbook() {
    for (households, seed) in [(300, 3), (80, 11)] {
        let pair = period(&GenOptions { households, seed, ..GenOptions::default() });
        let xlsx = Format::Xlsx { inline_strings: false };
        finds_every_change(&pair, xlsx, xlsx, "上期.xlsx");
    }
}

#[test]
fn a_baseline_in_another_format_works() {
    let pair = period(&GenOptions { households: 250, seed: 8, ..GenOptions::default() });
    let gbk = Format::Csv { encoding: CsvEncoding::Gbk };
    finds_every_change(&pair, Format::Xlsx { inline_strings: true }, gbk, "上期.csv");
    finds_every_change(&pair, gbk, Format::Xlsx { inline_strings: false }, "上期.xlsx");
}

#[test]
fn finds_every_planted_change_in_national_exports() {
    let pair = period(&GenOptions { households: 300, seed: 4, national: true, ..GenOptions::default() });
    assert!(pair.current.headers.iter().any(|h| h == "年度"), "two years merged");
    let gbk = Format::Csv { encoding: CsvEncoding::Gbk };
    finds_every_change(&pair, Format::Xlsx { inline_strings: false }, gbk, "上期.csv");
}

#[test]
fn an_unchanged_register_gives_nothing() {
    let pair = period(&GenOptions { households: 120, seed: 2, ..GenOptions::default() });
    let bytes = pair.current.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let baseline = Baseline { name: "同期.xlsx".into(), bytes: bytes.clone() };
    let options = Options { previous: Some(baseline), ..Options::default() };
    let report = check(&bytes, "本期.xlsx", &options, &mut |_, _| {}).unwrap();
    assert_eq!(period_found(&report), Found::new());
    assert_eq!(report.period.unwrap().text_zh, "新增 0 人，减少 0 人");
}

/// The lists and last period's register each have their own progress stage, in that order, after
/// the rules and before the summary; the bar never moves back.
#[test]
fn the_comparisons_report_their_own_progress_stages() {
    use huqing::Stage;
    let pair = period(&GenOptions { households: 400, seed: 3, ..GenOptions::default() });
    let bytes = pair.current.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let previous = pair.previous.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let list = "姓名,身份证号码\n某某,110101199003070011\n".as_bytes().to_vec();
    let options = Options {
        previous: Some(Baseline { name: "上期.xlsx".into(), bytes: previous }),
        compare: vec![huqing::compare::ListInput { bytes: list, name: "名单.csv".into(), kind: None }],
        ..Options::default()
    };
    let mut seen = Vec::new();
    check(&bytes, "本期.xlsx", &options, &mut |s, f| seen.push((s, f))).unwrap();
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "progress went backwards: {seen:?}");
    let first = |stage: Stage| seen.iter().position(|s| s.0 == stage).unwrap_or_else(|| panic!("no {stage:?}"));
    let order = [Stage::Checking, Stage::Comparing, Stage::Previous, Stage::Summarising].map(first);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Last period's reading moves the bar while it reads, not only at its end.
    let within = seen.iter().filter(|s| s.0 == Stage::Previous).count();
    assert!(within >= 4, "{within} progress calls while last period's register was read and compared");
    assert_eq!(seen.last().map(|s| s.1), Some(1.0));
}

#[test]
fn a_baseline_that_cannot_be_read_is_refused_with_its_name() {
    let pair = period(&GenOptions { households: 20, seed: 2, ..GenOptions::default() });
    let bytes = pair.current.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let baseline = Baseline { name: "上期.pdf".into(), bytes: b"%PDF-1.4 not a table".to_vec() };
    let options = Options { previous: Some(baseline), ..Options::default() };
    let e = check(&bytes, "本期.xlsx", &options, &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code(), "bad-previous");
    assert!(e.message_zh().contains("上期花名册“上期.pdf”"), "{}", e.message_zh());
}

#[test]
fn the_command_line_generates_two_periods_and_compares_them() {
    let dir = std::env::temp_dir().join(format!("huqing-period-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let huqing = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().unwrap();
    let made = huqing(&[
        "generate",
        "--out",
        &path("本期.xlsx"),
        "--previous",
        &path("上期.csv"),
        "--encoding",
        "gbk",
        "--households",
        "150",
        "--national",
        "--expected",
        &path("expected.json"),
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let expected: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(path("expected.json")).unwrap()).unwrap();
    let out = huqing(&["check", &path("本期.xlsx"), "--previous", &path("上期.csv")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let period =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"].as_str().unwrap().starts_with("period-"));
    assert_eq!(period.count(), expected.len());
    assert_eq!(report["period"]["previous"], "上期.csv");
    let text = huqing(&["check", &path("本期.xlsx"), "--previous", &path("上期.csv"), "--format", "text"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("上期比对（上期.csv）：新增 "), "{text}");
    let two = huqing(&["check", &path("本期.xlsx"), &path("上期.csv"), "--previous", &path("上期.csv")]);
    assert_eq!(two.status.code(), Some(64), "one register at a time");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_exports_carry_the_changes_and_the_masked_summary_counts_them_without_personal_data() {
    use calamine::Reader;
    let pair = period(&GenOptions { households: 150, seed: 6, ..GenOptions::default() });
    let bytes = pair.current.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let previous = pair.previous.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let options =
        Options { previous: Some(Baseline { name: "上期.xlsx".into(), bytes: previous }), ..Options::default() };
    let session = huqing::check::check_file(bytes.clone(), "本期.xlsx", &options, &mut |_, _| {}).unwrap();
    let report = session.report();
    let removed: Vec<&huqing::Finding> = report.findings.iter().filter(|f| f.rule == "period-person-removed").collect();
    assert!(!removed.is_empty());

    let book = huqing::report::export::annotated_xlsx(&session, &bytes).unwrap();
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(book)).unwrap();
    assert!(xlsx.sheet_names().iter().any(|s| s == "上期比对"), "{:?}", xlsx.sheet_names());
    let sheet = xlsx.worksheet_range("上期比对").unwrap();
    assert_eq!(sheet.get_value((1, 0)).map(|v| v.to_string()), report.period.as_ref().map(|p| p.text_zh.clone()));

    let csv = String::from_utf8(huqing::report::export::findings_csv(report)).unwrap();
    assert_eq!(csv.matches("period-person-removed").count(), removed.len(), "a finding without a row is a line too");

    let masked = String::from_utf8(huqing::report::export::masked_json(&session)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&masked).unwrap();
    assert_eq!(json["period"]["totals"]["removed"], removed.len());
    for f in &removed {
        let id = huqing::domain::id_card::normalize(&f.value);
        assert!(!masked.contains(&id), "the removed person's ID {id} is masked");
        assert!(!masked.contains(&f.locations[0].name), "nor is the name written");
    }
}

/// A profile names the change kinds as it names rules: one switched off is not reported, another
/// takes the severity given.
#[test]
fn a_profile_switches_a_kind_off_and_sets_a_severity() {
    let pair = period(&GenOptions { households: 120, seed: 5, ..GenOptions::default() });
    let xlsx = Format::Xlsx { inline_strings: false };
    let baseline = Baseline { name: "上期.xlsx".into(), bytes: pair.previous.to_bytes(&xlsx).unwrap() };
    let profile = r#"{"name": "x", "rules": {"period-person-added": "off", "period-size-change-mismatch": "info"}}"#;
    let options = Options { previous: Some(baseline), profile: Some(profile.into()), ..Options::default() };
    let report = check(&pair.current.to_bytes(&xlsx).unwrap(), "本期.xlsx", &options, &mut |_, _| {}).unwrap();
    let of = |rule: &str| report.findings.iter().filter(|f| f.rule == rule).collect::<Vec<_>>();
    assert!(of("period-person-added").is_empty());
    assert!(!of("period-person-removed").is_empty());
    let sizes = of("period-size-change-mismatch");
    assert!(!sizes.is_empty() && sizes.iter().all(|f| f.severity == Severity::Info));
}

/// A change explained upward can be exempted as any finding: a person no longer listed by the ID
/// of their baseline row, a household's change by its 户编号 and the kind's Chinese title.
#[test]
fn the_changes_can_be_exempted_by_id_and_by_household() {
    use huqing::check::exemptions::Exemptions;
    let pair = period(&GenOptions { households: 300, seed: 3, ..GenOptions::default() });
    let xlsx = Format::Xlsx { inline_strings: false };
    let (_, report) = compare(&pair, &xlsx, &xlsx, "上期.xlsx");
    let removed = report.findings.iter().find(|f| f.rule == "period-person-removed" && f.rows.is_empty()).unwrap();
    let mismatch = report.findings.iter().find(|f| f.rule == "period-size-change-mismatch").expect("planted");
    let household = mismatch.household.clone().unwrap();
    let list = format!(
        "证件号码,户编号,规则,原因\n{},,period-person-removed,年内去世，已核实\n,{household},上期比对：人口数变化与成员变化不符,已核实\n",
        removed.locations[0].id
    );
    let exemptions = Exemptions::read(list.as_bytes(), "豁免.csv").unwrap();
    let bytes = pair.current.to_bytes(&xlsx).unwrap();
    let baseline = Baseline { name: "上期.xlsx".into(), bytes: pair.previous.to_bytes(&xlsx).unwrap() };
    let options = Options { previous: Some(baseline), exemptions: Some(exemptions), ..Options::default() };
    let exempted = check(&bytes, "本期.xlsx", &options, &mut |_, _| {}).unwrap();
    let marked: BTreeSet<(&str, Option<&str>, &str)> = exempted
        .findings
        .iter()
        .filter_map(|f| Some((f.rule.as_ref(), f.household.as_deref(), f.exempted.as_deref()?)))
        .collect();
    let want = BTreeSet::from([
        ("period-person-removed", removed.household.as_deref(), "年内去世，已核实"),
        ("period-size-change-mismatch", Some(household.as_str()), "已核实"),
    ]);
    assert_eq!(marked, want);
    assert_eq!(exempted.exempted.get("period-person-removed"), Some(&1));
}
