//! National-style registers (`generate --national`): the head's columns on every row, two years
//! merged, a household list beside the person list. Every planted fault is found on its exact
//! rows, nothing else errs or warns, in the workbook of two sheets and in the pair of CSV files.

use huqing::base::finding::Severity;
use huqing::check::batch::{check_many, FileReport};
use huqing::generate::{generate, CsvEncoding, Format, Options as GenOptions, Register};
use huqing::{check, Options};
use std::collections::BTreeSet;

fn register(households: usize, seed: u64) -> Register {
    generate(&GenOptions { households, seed, national: true, ..GenOptions::default() })
}

/// Findings of error or warning severity as (rule, rows).
fn found(report: &huqing::report::Report) -> BTreeSet<(String, Vec<u32>)> {
    report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect()
}

fn expected(list: impl IntoIterator<Item = huqing::generate::Expected>) -> BTreeSet<(String, Vec<u32>)> {
    list.into_iter().map(|e| (e.rule.to_owned(), e.rows)).collect()
}

/// Rules the faults of other kinds plant at info severity are left out by [`found`]; the
/// expected list holds errors and warnings only when compared this way.
fn errors_and_warnings(reg: &Register, extra: Vec<huqing::generate::Expected>) -> BTreeSet<(String, Vec<u32>)> {
    let infos: BTreeSet<&str> =
        huqing::rules::ALL.iter().map(|r| r.meta()).filter(|m| m.severity == Severity::Info).map(|m| m.key).collect();
    expected(reg.expected.iter().cloned().chain(extra).filter(|e| !infos.contains(e.rule)))
}

#[test]
fn the_workbook_of_two_sheets_finds_every_planted_fault_and_nothing_else() {
    for (households, seed) in [(300, 7), (1200, 2), (60, 1)] {
        workbook_of_two_sheets(households, seed);
    }
}

fn workbook_of_two_sheets(households: usize, seed: u64) {
    let reg = register(households, seed);
    let rules: BTreeSet<&str> = reg.expected.iter().map(|e| e.rule).collect();
    for r in [
        "household-head-id-mismatch",
        "household-head-name-mismatch",
        "household-head-inconsistent",
        "household-head-not-member",
    ] {
        assert!(rules.contains(r), "{r} planted");
    }
    let list = reg.household_list.as_ref().expect("a household list");
    let bytes = reg.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let report = check(&bytes, "national.xlsx", &Options::default(), &mut |_, _| {}).unwrap();
    assert_eq!(report.sheets, ["贫困人口信息", "户信息"]);
    assert_eq!(report.sheet, "贫困人口信息");
    assert_eq!(report.household_list.as_ref().map(|l| l.sheet.as_str()), Some("户信息"));
    let reference = report.reference_date.as_ref().unwrap();
    assert_eq!((reference.source, reference.years.clone()), ("year-column", vec![2019, 2020]));
    let want = errors_and_warnings(&reg, list.expected_beside());
    let got = found(&report);
    assert_eq!(got.difference(&want).collect::<Vec<_>>(), Vec::<&(String, Vec<u32>)>::new(), "unexpected findings");
    assert_eq!(want.difference(&got).collect::<Vec<_>>(), Vec::<&(String, Vec<u32>)>::new(), "missed findings");
}

#[test]
fn two_years_in_one_file_are_no_duplicates() {
    let reg =
        generate(&GenOptions { households: 200, seed: 3, national: true, faults: false, ..GenOptions::default() });
    let years: BTreeSet<String> = reg
        .rows
        .iter()
        .map(|r| match r.last() {
            Some(huqing::generate::Cell::Text(t)) => t.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), ["2019年底", "2020年底"]);
    let bytes = reg.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap();
    let report = check(&bytes, "national.csv", &Options::default(), &mut |_, _| {}).unwrap();
    assert_eq!(found(&report), BTreeSet::new(), "a clean register of two years is clean");
    // The same rows judged as one year: the 2019 copies now repeat people and households.
    let mut one_year = reg.clone();
    one_year.headers.pop();
    one_year.rows.iter_mut().for_each(|r| {
        r.pop();
    });
    let bytes = one_year.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap();
    let report = check(&bytes, "national.csv", &Options::default(), &mut |_, _| {}).unwrap();
    assert!(
        report.summary.contains_key("person-in-multiple-households")
            || report.summary.contains_key("household-split-rows")
    );
}

#[test]
fn the_person_and_household_csv_pair_joins_across_files() {
    let reg = register(300, 11);
    let dir = std::env::temp_dir().join(format!("huqing-national-households-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list_path = dir.join("户信息.csv");
    reg.write_household_list(&list_path, CsvEncoding::Gbk).unwrap();
    let persons = reg.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8Bom }).unwrap();
    let list = std::fs::read(&list_path).unwrap();
    let multi = check_many(&[("人员.csv".to_owned(), persons), ("户信息.csv".to_owned(), list)], &Options::default());
    let [FileReport::Checked(p), FileReport::Checked(l)] = &multi.files[..] else { panic!("both checked") };
    assert_eq!(found(p), errors_and_warnings(&reg, Vec::new()), "the person list alone");
    assert_eq!(serde_json::to_value(l.kind).unwrap(), "households");
    assert_eq!(found(l), heads_as_in_the_person_list(&reg), "the household list alone: its heads, no member rule");
    assert!(
        multi.cross.iter().all(|c| c.rule.starts_with("household-list-")),
        "a head listed in both files is one person"
    );
    let got: BTreeSet<(String, Vec<(usize, u32)>)> = multi
        .cross
        .iter()
        .filter(|c| c.rule.starts_with("household-list-"))
        .map(|c| {
            let rows =
                c.locations.iter().map(|l| (usize::from(l.file.as_deref() == Some("户信息.csv")), l.row)).collect();
            (c.rule.to_owned(), rows)
        })
        .collect();
    let want: BTreeSet<(String, Vec<(usize, u32)>)> =
        reg.expected_across_lists().into_iter().map(|c| (c.rule.to_owned(), c.rows)).collect();
    assert_eq!(got, want);
    let kinds: BTreeSet<&str> = want.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(kinds.len(), 4, "each join rule planted");
    std::fs::remove_dir_all(&dir).ok();
}

/// True for a rule that judges an ID or a name from the cell itself (no 证件类型, no 与户主关系).
fn reads_only_the_cell(rule: &str) -> bool {
    use huqing::columns::roles::Role;
    huqing::rules::by_key(rule).is_some_and(|r| {
        r.meta().needs.iter().all(|n| matches!(n, Role::PersonId | Role::Name | Role::HouseholdId))
            && !rule.starts_with("household-")
            && rule != "id-type-mismatch"
    })
}

/// What a household list checked alone must find: in its heads' IDs and names, what the person
/// list's check finds in the same cells; the head IDs mistyped in the list only (planted for
/// household-list-head-mismatch) fail their check digit; the household the list adds under a new
/// 户编号 repeats the head of the one it was copied from.
fn heads_as_in_the_person_list(reg: &Register) -> BTreeSet<(String, Vec<u32>)> {
    let list = reg.household_list.as_ref().expect("a household list");
    let persons = check(
        &reg.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap(),
        "p.xlsx",
        &Options::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let col = |name: &str| list.headers.iter().position(|h| h == name).unwrap();
    let (name, id) = (col("户主姓名"), col("户主证件号码"));
    let text = |c: &huqing::generate::Cell| match c {
        huqing::generate::Cell::Text(t) => t.clone(),
        huqing::generate::Cell::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let person_cells = persons.findings.iter().filter(|f| f.severity != Severity::Info && f.rows.len() == 1);
    let mut want = BTreeSet::new();
    for (i, row) in list.rows.iter().enumerate() {
        let excel = i as u32 + 2;
        for f in person_cells.clone().filter(|f| reads_only_the_cell(&f.rule)) {
            let column = f.column.as_deref().unwrap_or("");
            let cell = match column {
                "证件号码" => text(&row[id]),
                "姓名" => text(&row[name]),
                _ => continue,
            };
            let r = f.rows[0] as usize - 2;
            let at = reg.headers.iter().position(|h| h == column).unwrap();
            if reg.rows.get(r).map(|p| text(&p[at])) == Some(cell) {
                want.insert((f.rule.to_string(), vec![excel]));
            }
        }
    }
    for j in &list.planted {
        match j.rule {
            "household-list-head-mismatch" => {
                want.extend(j.listed.iter().map(|&l| ("person-id-checksum".to_owned(), vec![l])))
            }
            "household-list-extra" => {
                let extra = j.listed[0];
                let copied =
                    list.rows.iter().position(|r| text(&r[id]) == text(&list.rows[extra as usize - 2][id])).unwrap()
                        as u32
                        + 2;
                want.insert(("person-in-multiple-households".to_owned(), vec![copied, extra]));
            }
            _ => {}
        }
    }
    want
}

#[test]
fn a_household_list_alone_is_a_household_list() {
    let reg = register(120, 5);
    let dir = std::env::temp_dir().join(format!("huqing-household-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("2021年户信息.csv");
    reg.write_household_list(&path, CsvEncoding::Utf8).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let report = check(&bytes, "2021年户信息.csv", &Options::default(), &mut |_, _| {}).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["kind"], "households");
    assert_eq!(json["reference_date"]["source"], "file-name");
    assert_eq!(json["reference_date"]["date"], "2021-12-31");
    for member_rule in ["column-missing", "household-size-mismatch", "household-head-missing", "household-split-rows"] {
        assert!(!report.summary.contains_key(member_rule), "{member_rule} on a household list");
    }
    assert_eq!(found(&report), heads_as_in_the_person_list(&reg));
    let chosen = Options { reference_date: Some("2019-06-30".into()), ..Options::default() };
    let report = check(&bytes, "2021年户信息.csv", &chosen, &mut |_, _| {}).unwrap();
    assert_eq!(report.reference_date.as_ref().map(|r| (r.date.as_str(), r.source)), Some(("2019-06-30", "option")));
    let bad = Options { reference_date: Some("2019/06/30".into()), ..Options::default() };
    assert!(check(&bytes, "x.csv", &bad, &mut |_, _| {}).is_err());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_cli_writes_the_pair_and_takes_a_reference_date() {
    let dir = std::env::temp_dir().join(format!("huqing-national-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (persons, list) = (dir.join("人员.csv"), dir.join("户信息.csv"));
    let bin = env!("CARGO_BIN_EXE_huqing");
    let run = |args: &[&std::ffi::OsStr]| std::process::Command::new(bin).args(args).output().unwrap();
    let out = run(&[
        "generate".as_ref(),
        "--national".as_ref(),
        "--households".as_ref(),
        "80".as_ref(),
        "--out".as_ref(),
        persons.as_os_str(),
        "--household-list".as_ref(),
        list.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&[
        "check".as_ref(),
        persons.as_os_str(),
        list.as_os_str(),
        "--reference-date".as_ref(),
        "2020-06-30".as_ref(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["reference_date"]["source"], "option");
    assert_eq!(json["files"][1]["kind"], "households");
    let rules: BTreeSet<&str> = json["cross"].as_array().unwrap().iter().map(|c| c["rule"].as_str().unwrap()).collect();
    assert!(rules.contains("household-list-extra") && rules.contains("household-list-missing"), "{rules:?}");
    let out = run(&["check".as_ref(), persons.as_os_str(), "--reference-date".as_ref(), "30.6.2020".as_ref()]);
    assert_eq!(out.status.code(), Some(64));
    std::fs::remove_dir_all(&dir).ok();
}
