//! 部门数据比对 over generated registers and lists: every planted match and absence is found at
//! its register rows and list rows, nothing else is; the lists' kinds are guessed from their
//! names; what each list held is reported; a wrong list is refused clearly.
#![cfg(not(target_arch = "wasm32"))]

use huqing::compare::ListInput;
use huqing::generate::{self, lists, Format, Options};
use huqing::{check, Report};

type Found = (String, Vec<u32>, String, Option<u32>);

fn setup(seed: u64, households: usize) -> (Vec<u8>, Vec<lists::GeneratedList>, Vec<lists::ListExpected>) {
    let mut register = generate::generate(&Options { households, seed, faults: false, ..Options::default() });
    let (made, expected) = lists::make(&mut register, seed).expect("lists for a clean register");
    let bytes = register.to_bytes(&Format::Xlsx { inline_strings: false }).expect("the generator writes");
    (bytes, made, expected)
}

fn inputs(made: &[lists::GeneratedList], named: bool) -> Vec<ListInput> {
    made.iter()
        .map(|l| ListInput {
            bytes: l.to_bytes().expect("a list writes"),
            name: l.file.clone(),
            kind: named.then(|| l.kind.to_owned()),
        })
        .collect()
}

fn run(bytes: &[u8], lists: Vec<ListInput>, profile: Option<&str>) -> Report {
    let options = huqing::Options { compare: lists, profile: profile.map(str::to_owned), ..Default::default() };
    check(bytes, "花名册.xlsx", &options, &mut |_, _| {}).expect("the register and its lists are read")
}

fn found(report: &Report) -> Vec<Found> {
    let mut v: Vec<Found> = report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("list-"))
        .map(|f| {
            let at = f.locations.first();
            (f.rule.to_string(), f.rows.clone(), at.and_then(|l| l.file.clone()).unwrap_or_default(), at.map(|l| l.row))
        })
        .collect();
    v.sort();
    v
}

fn want(expected: &[lists::ListExpected]) -> Vec<Found> {
    let mut v: Vec<Found> = expected
        .iter()
        .map(|e| {
            let file = if e.list_row.is_some() { e.list.clone() } else { String::new() };
            (e.rule.to_owned(), e.rows.clone(), file, e.list_row)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_planted_match_is_found_and_nothing_else() {
    for seed in [1, 7, 42] {
        let (bytes, made, expected) = setup(seed, 200);
        let report = run(&bytes, inputs(&made, false), None);
        assert_eq!(found(&report), want(&expected), "seed {seed}");
        // Every built-in kind is planted, and each list's kind was guessed from its name.
        for k in huqing::compare::KINDS {
            assert!(expected.iter().any(|e| e.rule == k.key), "{} is not planted", k.key);
        }
        for (l, summary) in made.iter().zip(&report.compare) {
            assert_eq!(summary.kind, l.kind, "{}", l.file);
            let source = if l.kind == "listed" { "default" } else { "file-name" };
            assert_eq!(summary.kind_source, source, "{}", l.file);
        }
        // The findings count under their kinds like any rule's.
        for k in huqing::compare::KINDS {
            let n = report.findings.iter().filter(|f| f.rule == k.key).count();
            let rule = report.rules.iter().find(|r| r.key == k.key).expect("each kind listed among the rules");
            assert_eq!(rule.count, n, "{}", k.key);
        }
    }
}

#[test]
fn named_kinds_give_the_same_findings() {
    let (bytes, made, expected) = setup(3, 150);
    let report = run(&bytes, inputs(&made, true), None);
    assert_eq!(found(&report), want(&expected));
    assert!(report.compare.iter().all(|l| l.kind_source == "option"));
}

#[test]
fn the_report_says_what_each_list_held() {
    let (bytes, made, _) = setup(1, 200);
    let report = run(&bytes, inputs(&made, false), None);
    let deaths = report.compare.iter().find(|l| l.kind == "deceased").expect("the death list");
    // Five rows: `#`-marked, 15-digit, without ID (matched by name and birth), one the register
    // records as dead (matched, no finding), one not in the register.
    assert_eq!(deaths.rows, 5);
    assert_eq!(deaths.without_id, 1);
    assert_eq!((deaths.matched_by_id, deaths.matched_by_name, deaths.unmatched), (3, 1, 1));
    assert_eq!(deaths.findings, 3);
    assert_eq!(deaths.encoding, Some("gb18030"), "the death list is written in GBK");
    assert_eq!(deaths.columns.get("person-id").map(String::as_str), Some("公民身份号码"));
    assert_eq!(deaths.shown, ["死亡日期", "注销原因"]);
    let by_name = report
        .findings
        .iter()
        .find(|f| f.rule == "list-deceased" && f.column.as_deref() == Some("姓名"))
        .expect("the match on name and birth date");
    assert!(by_name.message_zh.contains("仅按姓名和出生日期匹配"), "{}", by_name.message_zh);
    assert!(by_name.message_en.contains("name and birth date only"), "{}", by_name.message_en);
    let vehicle = report.findings.iter().find(|f| f.rule == "list-vehicle").expect("a vehicle");
    assert!(vehicle.message_zh.contains("号牌号码 贵J·A1234"), "{}", vehicle.message_zh);
    assert_eq!(vehicle.column.as_deref(), Some("证件号码"));
    assert!(vehicle.household.is_some() && vehicle.township.is_some());
}

#[test]
fn a_profile_switches_a_kind_off_or_reweights_it() {
    let (bytes, made, _) = setup(1, 200);
    let profile = r#"{"name": "t", "rules": {"list-vehicle": "off", "list-listed": "warning"}}"#;
    let report = run(&bytes, inputs(&made, false), Some(profile));
    assert!(!report.findings.iter().any(|f| f.rule == "list-vehicle"));
    let listed = report.findings.iter().find(|f| f.rule == "list-listed").expect("the generic kind");
    assert_eq!(listed.severity, huqing::Severity::Warning);
}

#[test]
fn a_list_without_an_id_or_name_column_or_of_an_unknown_kind_is_refused() {
    let (bytes, ..) = setup(1, 100);
    let options = |bytes: &[u8], kind: Option<&str>| huqing::Options {
        compare: vec![ListInput { bytes: bytes.to_vec(), name: "名单.csv".into(), kind: kind.map(str::to_owned) }],
        ..Default::default()
    };
    let no_id = "车牌号码,车辆类型\n贵A12345,小型轿车\n".as_bytes();
    let e = check(&bytes, "r.xlsx", &options(no_id, None), &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code(), "bad-list");
    assert!(e.message_zh().contains("名单.csv") && e.message_zh().contains("证件号码"), "{}", e.message_zh());
    let listed = "姓名,身份证号码\n张三,110101199003070018\n".as_bytes();
    let e = check(&bytes, "r.xlsx", &options(listed, Some("cars")), &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code(), "bad-list");
    assert!(
        e.message_en().contains("no list kind \"cars\"") && e.message_en().contains("vehicle"),
        "{}",
        e.message_en()
    );
}

#[test]
fn the_cli_compares_and_says_what_it_guessed() {
    let dir = std::env::temp_dir().join(format!("huqing-compare-{}", std::process::id()));
    let lists = dir.join("lists");
    let exe = env!("CARGO_BIN_EXE_huqing");
    let register = dir.join("reg.xlsx");
    let status = std::process::Command::new(exe)
        .args(["generate", "--households", "120", "--clean", "--out"])
        .arg(&register)
        .arg("--lists")
        .arg(&lists)
        .status()
        .expect("generate runs");
    assert!(status.success());
    let out = std::process::Command::new(exe)
        .arg("check")
        .arg(&register)
        .arg("--compare")
        .arg(lists.join("车辆登记信息.csv"))
        .arg("--compare")
        .arg(format!("{}:deceased", lists.join("帮扶联系名单.csv").display()))
        .output()
        .expect("check runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("车辆登记信息.csv：按文件名判断为“机动车登记"), "{stderr}");
    assert!(!stderr.contains("帮扶联系名单.csv："), "a named kind is not a guess: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let kinds: Vec<&str> = report["compare"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["vehicle", "deceased"]);
    let expected: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(lists.join("expected.json")).unwrap()).unwrap();
    let vehicles = expected.iter().filter(|e| e["rule"] == "list-vehicle").count();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.iter().filter(|f| f["rule"] == "list-vehicle").count(), vehicles);
    let named = findings.iter().find(|f| f["rule"] == "list-deceased").expect("the list taken as deaths");
    assert_eq!(named["locations"][0]["file"], "帮扶联系名单.csv");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_profile_adds_a_kind_guessed_from_its_words() {
    let (bytes, made, _) = setup(1, 200);
    let profile = r#"{"name": "gz", "compare_kinds": [{"kind": "gz-contact", "key": "list-gz-contact",
        "severity": "warning", "label_zh": "帮扶联系名单", "title_zh": "在帮扶联系名单上", "names": ["帮扶联系"],
        "shows": ["联系干部"], "doc": "贵州的帮扶联系名单"}]}"#;
    let contact: Vec<ListInput> = inputs(&made, false).into_iter().filter(|l| l.name == "帮扶联系名单.csv").collect();
    let report = run(&bytes, contact, Some(profile));
    assert_eq!(report.compare[0].kind, "gz-contact");
    assert_eq!(report.compare[0].kind_source, "file-name");
    let f: Vec<_> = report.findings.iter().filter(|f| f.rule.starts_with("list-")).collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].rule.as_ref(), f[0].severity), ("list-gz-contact", huqing::Severity::Warning));
    assert!(f[0].message_zh.contains("联系干部 王干部"), "{}", f[0].message_zh);
    let rule = report.rules.iter().find(|r| r.key == "list-gz-contact").expect("listed among the rules");
    assert!(rule.custom && rule.count == 1);
}

#[test]
fn a_profile_kind_is_refused_naming_its_field() {
    for (kind, path, words) in [
        (
            r#"{"kind": "Bad", "key": "list-x", "label_zh": "x", "title_zh": "x"}"#,
            "compare_kinds[0].kind",
            "lower-case",
        ),
        (r#"{"kind": "x", "key": "gz-x", "label_zh": "x", "title_zh": "x"}"#, "compare_kinds[0].key", "list-"),
        (
            r#"{"kind": "vehicle", "key": "list-x", "label_zh": "x", "title_zh": "x"}"#,
            "compare_kinds[0].kind",
            "already used",
        ),
        (r#"{"kind": "x", "key": "list-x", "label_zh": "x", "title_zh": ""}"#, "compare_kinds[0].title_zh", "empty"),
    ] {
        let e = huqing::profile::Profile::from_json(&format!(r#"{{"name": "t", "compare_kinds": [{kind}]}}"#))
            .expect_err(kind);
        let huqing::ErrorKind::BadProfile { path: p, problem_en, .. } = e.kind() else { panic!("{e}") };
        assert_eq!(p, path, "{kind}");
        assert!(problem_en.contains(words), "{problem_en}");
    }
}

#[test]
fn the_annotated_workbook_gains_a_comparison_sheet_and_the_exports_carry_the_findings() {
    use calamine::Reader;
    let (bytes, made, expected) = setup(1, 120);
    let options = huqing::Options { compare: inputs(&made, false), ..Default::default() };
    let session = huqing::check::check_file(bytes.clone(), "花名册.xlsx", &options, &mut |_, _| {}).expect("checked");
    let xlsx = huqing::report::export::annotated_xlsx(&session, &bytes).expect("annotated");
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert!(book.sheet_names().iter().any(|s| s == "比对结果"), "{:?}", book.sheet_names());
    let sheet = book.worksheet_range("比对结果").unwrap();
    let text = |r: usize, c: usize| sheet.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    // One line per list, a blank line, a header, then one line per finding of the lists.
    assert_eq!(text(0, 0), "比对名单");
    assert_eq!(text(1, 0), made[0].file);
    let findings_at = made.len() + 2;
    assert_eq!(text(findings_at, 0), "规则代码");
    assert_eq!(sheet.height(), findings_at + 1 + expected.len());
    // The CSV carries them like any finding; the masked summary counts them by rule.
    let csv = String::from_utf8(huqing::report::export::findings_csv(session.report())).unwrap();
    assert_eq!(csv.matches("list-").count(), expected.len());
    let masked = String::from_utf8(huqing::report::export::masked_json(&session)).unwrap();
    assert!(masked.contains("list-vehicle"));
    let vehicle = expected.iter().find(|e| e.rule == "list-vehicle").unwrap();
    let id = made.iter().find(|l| l.kind == "vehicle").unwrap().rows[0][1].clone();
    let huqing::generate::Cell::Text(id) = id else { panic!("an ID") };
    assert!(!masked.contains(&id), "the masked summary holds no ID ({vehicle:?})");
}

#[test]
fn an_exemption_list_names_a_list_kind_by_its_key_or_title() {
    let (bytes, made, _) = setup(1, 200);
    let plain = run(&bytes, inputs(&made, false), None);
    // Two list findings of different kinds, each in a household of its own.
    let mut picked: Vec<&huqing::Finding> = Vec::new();
    for f in plain.findings.iter().filter(|f| f.rule.starts_with("list-") && f.household.is_some()) {
        if picked.iter().all(|p| p.rule != f.rule && p.household != f.household) {
            picked.push(f);
        }
    }
    assert!(picked.len() >= 2, "the lists should match people of two kinds in two households");
    let (by_key, by_title) = (picked[0], picked[1]);
    let title = huqing::compare::kinds::built_in(&by_title.rule).expect("a built-in kind").title_zh;
    let list = format!(
        "户编号,规则,原因\n{},{},已核实\n{},{title},已核实\n",
        by_key.household.as_deref().unwrap(),
        by_key.rule,
        by_title.household.as_deref().unwrap(),
    );
    let exemptions = huqing::check::exemptions::Exemptions::read(list.as_bytes(), "豁免清单.csv").expect("read");
    let options = huqing::Options { compare: inputs(&made, false), exemptions: Some(exemptions), ..Default::default() };
    let report = check(&bytes, "花名册.xlsx", &options, &mut |_, _| {}).expect("the list is accepted");
    let exempted: Vec<(&str, Option<&str>)> = report
        .findings
        .iter()
        .filter(|f| f.exempted.is_some())
        .map(|f| (f.rule.as_ref(), f.household.as_deref()))
        .collect();
    // Exactly the named kinds' findings in the named households, not the households' other findings.
    let want: Vec<(&str, Option<&str>)> = plain
        .findings
        .iter()
        .filter(|f| [by_key, by_title].iter().any(|p| p.rule == f.rule && p.household == f.household))
        .map(|f| (f.rule.as_ref(), f.household.as_deref()))
        .collect();
    assert_eq!(exempted, want);
}
