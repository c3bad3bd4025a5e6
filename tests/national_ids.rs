//! The ID column and the number columns as the national system exports them: `#` marks on
//! 证件号码, 户编号, phones and bank cards; 残疾人证号, residence permits and foreigners' permanent
//! residence IDs in the ID column; a 证件类型 column. Over generated national-style registers in
//! several formats, across files, and over a small file made like a real export.
#![cfg(not(target_arch = "wasm32"))]

use huqing::check::batch::FileReport;
use huqing::generate::{self, Cell, CsvEncoding, Format, Options, Register};
use huqing::{check, check_many, Finding, Report, Severity};

fn national(households: usize, seed: u64, faults: bool) -> Register {
    generate::generate(&Options {
        households,
        seed,
        faults,
        title_rows: 0,
        national: true,
        monitoring: false,
        id_counties: 0,
    })
}

fn run(bytes: &[u8], name: &str) -> Report {
    check(bytes, name, &Default::default(), &mut |_, _| {}).expect("the register reads")
}

/// Errors and warnings as (rule, rows), sorted.
fn serious(findings: &[Finding]) -> Vec<(String, Vec<u32>)> {
    let mut v: Vec<_> = findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect();
    v.sort();
    v
}

/// The planted errors and warnings, as [`serious`] lists them.
fn expected(register: &Register, format: &Format) -> Vec<(String, Vec<u32>)> {
    let info = |rule: &str| huqing::rules::by_key(rule).is_some_and(|r| r.meta().severity == Severity::Info);
    let mut v: Vec<_> = register
        .expected_as(format)
        .into_iter()
        .filter(|e| !info(e.rule))
        .map(|e| (e.rule.to_owned(), e.rows))
        .collect();
    v.sort();
    v
}

/// The register with every `#` mark taken off, as another office's export of the same people.
fn unmarked(register: &Register) -> Register {
    let mut r = register.clone();
    for row in &mut r.rows {
        for cell in row.iter_mut() {
            if let Cell::Text(s) = cell {
                if let Some(rest) = s.strip_prefix('#') {
                    *s = rest.to_owned();
                }
            }
        }
    }
    r
}

#[test]
fn a_national_register_gives_exactly_its_planted_findings_in_xlsx_and_gbk_csv() {
    let register = national(1_200, 15, true);
    let header = &register.headers;
    assert!(header.iter().any(|h| h == "证件类型"));
    let ids: Vec<&str> = register
        .rows
        .iter()
        .filter_map(|r| match &r[7] {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    // The conventions are there to be read: marks on every ID, the other documents.
    assert!(ids.iter().filter(|s| !s.is_empty()).all(|s| s.starts_with('#')));
    let len = |n: usize| ids.iter().filter(|s| s.len() == n + 1).count();
    assert!(len(20) > 20 && len(22) > 0, "残疾人证号 of 20 and 22 characters");
    for prefix in ["#810000", "#820000", "#830000", "#9"] {
        assert!(ids.iter().any(|s| s.starts_with(prefix)), "{prefix}");
    }
    assert!(ids.iter().any(|s| s.len() == 16 && s.as_bytes()[1].is_ascii_uppercase()), "an old PR card");
    let csv = Format::Csv { encoding: CsvEncoding::Gbk };
    let want = expected(&register, &csv);
    for rule in
        ["disability-number-invalid", "id-type-mismatch", "person-id-checksum", "disability-without-certificate"]
    {
        assert!(want.iter().any(|(r, _)| r == rule), "{rule} is planted");
    }
    for (format, name) in [(Format::Xlsx { inline_strings: false }, "national.xlsx"), (csv, "national.csv")] {
        let report = run(&register.to_bytes(&format).unwrap(), name);
        assert_eq!(report.columns.get("id-type").map(String::as_str), Some("证件类型"));
        // Every planted finding at its rows, and no error or warning anywhere else (the
        // workbook's second sheet, the household list, adds the faults planted in it).
        let want = expected(&register, &format);
        let got = serious(&report.findings);
        let unexpected: Vec<_> = got.iter().filter(|f| !want.contains(f)).collect();
        let missed: Vec<_> = want.iter().filter(|f| !got.contains(f)).collect();
        assert_eq!((unexpected, missed), (vec![], vec![]), "{name}: (unexpected, missed)");
        assert_eq!(got.len(), want.len(), "{name}: each finding once");
        let checksum = report
            .findings
            .iter()
            .find(|f| f.rule == "person-id-checksum" && f.value.len() > 19)
            .expect("a 残疾人证号 with a wrong check character is planted");
        assert!(checksum.value.starts_with('#'), "quoted as written: {}", checksum.value);
        assert!(checksum.message_zh.starts_with("残疾人证号“#"), "{}", checksum.message_zh);
        let invalid = report.findings.iter().find(|f| f.rule == "disability-number-invalid").unwrap();
        assert!(invalid.message_zh.contains("不存在"), "{}", invalid.message_zh);
    }
}

#[test]
fn age_sex_and_person_rules_run_on_marked_ids() {
    // The clean national register: no finding at all, though every ID carries a mark and many
    // are other documents; with the marks the persons are still counted by their IDs.
    let register = national(800, 16, false);
    let report = run(&register.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap(), "clean.csv");
    let found = serious(&report.findings);
    assert!(found.is_empty(), "{:?}", found.iter().take(5).collect::<Vec<_>>());
    // (The national style repeats some households as an earlier year's rows: those people are
    // counted once.)
    let year = register.headers.iter().position(|h| h == "年度").unwrap();
    let current = register.rows.iter().filter(|r| r[year] == Cell::Text("2020年底".into())).count();
    assert_eq!(report.totals.persons, current, "every person counted once, by the ID");
    // A marked register whose ages contradict its labour column is still told so: the age comes
    // from the marked ID (the national export has no 出生日期 column).
    let mut aged = register.clone();
    assert!(!aged.headers.iter().any(|h| h == "出生日期"), "the national person export has no birth date column");
    let child = aged
        .rows
        .iter()
        .position(|r| {
            // A resident ID (`#` and 18 characters) of someone born in 2009–2011.
            matches!(&r[7], Cell::Text(s) if s.len() == 19 && s[7..11] >= *"2009" && s[7..11] <= *"2011")
        })
        .unwrap();
    let labour = aged.headers.iter().position(|h| h == "劳动技能").unwrap();
    aged.rows[child][labour] = Cell::Text("普通劳动力".into());
    let report = run(&aged.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap(), "aged.xlsx");
    let found: Vec<_> = serious(&report.findings).into_iter().filter(|(r, _)| r != "column-missing").collect();
    assert_eq!(found, [("labour-age-inconsistent".to_owned(), vec![child as u32 + 2])]);
}

#[test]
fn a_marked_and_an_unmarked_export_of_one_household_are_one_household_across_files() {
    let a = national(300, 17, false);
    let b = unmarked(&a);
    let files = |b: &Register| {
        vec![
            ("marked.xlsx".to_owned(), a.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap()),
            ("unmarked.csv".to_owned(), b.to_bytes(&Format::Csv { encoding: CsvEncoding::Gbk }).unwrap()),
        ]
    };
    let report = check_many(&files(&b), &Default::default());
    for f in &report.files {
        let FileReport::Checked(r) = f else { panic!("{f:?}") };
        assert!(serious(&r.findings).is_empty(), "{}: {:?}", r.file, serious(&r.findings));
    }
    assert!(report.cross.is_empty(), "{:?}", &report.cross[..1]);
    // The same people under other 户编号 in the second file are in two households each: the
    // check above could have failed.
    let mut moved = b.clone();
    for row in &mut moved.rows {
        if let Cell::Text(h) = &mut row[3] {
            h.push('9');
        }
    }
    let report = check_many(&files(&moved), &Default::default());
    let people = a.rows.iter().filter(|r| !matches!(&r[7], Cell::Text(s) if s.len() == 16)).count();
    let across = report.cross.iter().filter(|f| f.rule == "person-in-multiple-households").count();
    assert_eq!(across, people, "every person with an ID that reads as one is in two households");
    let l = &report.cross[0].locations;
    assert!(l[0].id.starts_with('#') && !l[1].id.starts_with('#'), "IDs as written: {l:?}");
}

/// A person list made as the national system writes one (the export of issue 15: `#` before
/// every 证件号码, 户编号, 人编号 and phone; no 出生日期 column), with two real faults: a child of 12
/// recorded as 普通劳动力, and one child in two households, once with the mark and once without.
const REAL_EXPORT: &str = "\
序号,县(市、区、旗),乡(镇),行政村,户编号,人编号,姓名,性别,证件号码,人数,与户主关系,民族,文化程度,在校生状况,健康状况,劳动技能,务工时间（月）,户联系电话
1,澧县,城头山镇,城头山村,#3125752184,#312575218401,张德顺,男,#430723195112100117,4,户主,汉族,小学,非在校生,健康,无劳动力,0,#13907361234
2,澧县,城头山镇,城头山村,#3125752184,#312575218402,李秀英,女,#430723195303050220,4,配偶,汉族,文盲或半文盲,非在校生,长期慢性病,无劳动力,0,#13907361234
3,澧县,城头山镇,城头山村,#3125752184,#312575218403,张建国,男,#430723197806010318,4,之子,汉族,初中,非在校生,健康,普通劳动力,10,#13907361234
4,澧县,城头山镇,城头山村,#3125752184,#312575218404,张雨涵,女,#430723200809090426,4,之孙女,汉族,,小学,健康,普通劳动力,0,#13907361234
5,澧县,城头山镇,城头山村,#3125752185,#312575218501,王桂兰,女,#430723196501010240,2,户主,汉族,小学,非在校生,健康,普通劳动力,6,#13807362345
6,澧县,城头山镇,城头山村,#3125752185,#312575218502,刘思琪,女,430723201502020268,2,其他,汉族,,学龄前儿童,健康,无劳动力,0,#13807362345
7,澧县,城头山镇,城头山村,#3125752186,#312575218601,刘伟,男,#430723198505050134,2,户主,汉族,高中,非在校生,健康,普通劳动力,12,#0736-3212345
8,澧县,城头山镇,城头山村,#3125752186,#312575218602,刘思琪,女,#430723201502020268,2,之女,汉族,,学龄前儿童,健康,无劳动力,0,#0736-3212345
";

#[test]
fn a_file_like_the_real_export_is_flagged_only_where_it_is_wrong() {
    let report = run(REAL_EXPORT.as_bytes(), "real.csv");
    assert_eq!((report.rows, report.households), (8, 3));
    // Columns this export lacks are another matter: what is left is the two faults, found
    // because the marked IDs give ages and persons (the child twice: marked and not).
    let found: Vec<_> = serious(&report.findings).into_iter().filter(|(r, _)| r != "column-missing").collect();
    assert_eq!(
        found,
        [("labour-age-inconsistent".to_owned(), vec![5]), ("person-in-multiple-households".to_owned(), vec![7, 9])]
    );
    let twice = report.findings.iter().find(|f| f.rule == "person-in-multiple-households").unwrap();
    assert_eq!(twice.household.as_deref(), Some("3125752185"), "the household as read");
    assert!(twice.message_zh.contains("3125752185、3125752186"), "{}", twice.message_zh);
    // The same file unmarked gives the same findings: the marks change nothing.
    let plain = REAL_EXPORT.replace('#', "");
    assert_eq!(serious(&run(plain.as_bytes(), "plain.csv").findings), serious(&report.findings));
}
