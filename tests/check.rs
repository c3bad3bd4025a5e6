//! Whole checks over generated registers, natively: every planted fault is found at its rows,
//! nothing else is, clean registers are clean, in each file format.
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate::{self, CsvEncoding, Format, Options, Register};
use huqing::{check, Finding, Report};

/// Rule keys the generator plants and the checker implements.
const PLANTED: &[&str] = &[
    "person-id-missing",
    "person-id-format",
    "person-id-checksum",
    "household-id-missing",
    "household-size-mismatch",
    "household-head-missing",
    "household-head-multiple",
    "person-in-multiple-households",
    "duplicate-row",
    "person-duplicate-in-household",
    "person-possible-duplicate",
];

fn run(register: &Register, format: &Format, name: &str) -> Report {
    let bytes = register.to_bytes(format).expect("the generator writes");
    check(&bytes, name, &Default::default(), &mut |_, _| {}).expect("a generated register reads")
}

fn pairs(findings: &[Finding]) -> Vec<(String, Vec<u32>)> {
    let mut v: Vec<_> = findings
        .iter()
        .filter(|f| PLANTED.contains(&f.rule.as_ref()))
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect();
    v.sort();
    v
}

fn expected(register: &Register) -> Vec<(String, Vec<u32>)> {
    let mut v: Vec<_> = register.expected.iter().map(|e| (e.rule.to_owned(), e.rows.clone())).collect();
    v.sort();
    v
}

#[test]
fn finds_every_planted_fault_and_nothing_else() {
    for seed in [1, 2, 3] {
        let register = generate::generate(&Options {
            households: 400,
            seed,
            faults: true,
            title_rows: 0,
            national: false,
            monitoring: false,
            id_counties: 0,
        });
        for rule in PLANTED {
            assert!(register.expected.iter().any(|e| e.rule == *rule), "seed {seed} plants no {rule}");
        }
        let report = run(&register, &Format::Xlsx { inline_strings: false }, "r.xlsx");
        assert_eq!(pairs(&report.findings), expected(&register), "seed {seed}");
        assert_eq!(report.rows, register.rows.len());
    }
}

#[test]
fn every_format_and_encoding_gives_the_same_findings() {
    let register = generate::generate(&Options {
        households: 200,
        seed: 9,
        faults: true,
        title_rows: 2,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    let want = expected(&register);
    let formats = [
        (Format::Xlsx { inline_strings: false }, "r.xlsx"),
        (Format::Xlsx { inline_strings: true }, "r.xlsx"),
        (Format::Csv { encoding: CsvEncoding::Utf8 }, "r.csv"),
        (Format::Csv { encoding: CsvEncoding::Utf8Bom }, "r.csv"),
        (Format::Csv { encoding: CsvEncoding::Gbk }, "r.csv"),
        (Format::Csv { encoding: CsvEncoding::Utf16Le }, "r.csv"),
    ];
    for (format, name) in formats {
        let report = run(&register, &format, name);
        assert_eq!(report.header_row, 3, "{format:?}: two title rows sit above the header");
        assert_eq!(pairs(&report.findings), want, "{format:?}");
    }
}

/// IDs issued in 200 counties other than the household's own: still clean (the ID's county is
/// where it was issued, not where the household lives).
#[test]
fn clean_registers_with_ids_of_many_counties_have_no_findings() {
    let register = generate::generate(&Options {
        households: 2_000,
        seed: 9,
        faults: false,
        id_counties: 200,
        ..Default::default()
    });
    let report = run(&register, &Format::Csv { encoding: CsvEncoding::Utf8 }, "spread.csv");
    let found: Vec<_> = report.findings.iter().take(5).map(|f| (&f.rule, &f.rows, &f.value)).collect();
    assert!(report.findings.is_empty(), "a clean register gave findings: {found:?}");
}

#[test]
fn clean_registers_have_no_findings() {
    let register = generate::generate(&Options {
        households: 10_000,
        seed: 5,
        faults: false,
        title_rows: 1,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    assert!(register.expected.is_empty());
    let report = run(&register, &Format::Xlsx { inline_strings: false }, "clean.xlsx");
    assert_eq!(report.households, 10_000);
    let found: Vec<_> = report.findings.iter().take(5).map(|f| (&f.rule, &f.rows, &f.value)).collect();
    assert!(report.findings.is_empty(), "a clean register gave findings: {found:?}");
    assert_eq!(report.columns.get("person-id").map(String::as_str), Some("证件号码"));
    assert_eq!(report.columns.len(), 26, "every generated column maps to a role: {:?}", report.columns);
}

#[test]
fn a_missing_column_is_said_once_not_silently_skipped() {
    let csv = "户编号,姓名,与户主关系,人数\n1,张三,户主,1\n";
    let report = check(csv.as_bytes(), "no-id.csv", &Default::default(), &mut |_, _| {}).unwrap();
    let missing: Vec<_> =
        report.findings.iter().filter(|f| f.rule == "column-missing" && f.value == "证件号码").collect();
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0].message_zh.contains("证件号码校验位错误")
            && missing[0].message_en.contains("ID check character wrong")
    );
    assert!(!report.findings.iter().any(|f| f.rule.starts_with("person-id")));
}

#[test]
fn unreadable_files_are_refused_with_a_reason() {
    let register = generate::generate(&Options {
        households: 20,
        seed: 1,
        faults: false,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    let xlsx = register.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let cases: &[(&[u8], &str, &str)] = &[
        (b"", "a.xlsx", "empty"),
        (&xlsx[..xlsx.len() / 2], "cut.xlsx", "corrupt"),
        (b"\x00\x01\x02\x03\x04garbage", "x.bin", "unknown-format"),
        (b"<html><body><table><tr><td>1</td></tr></table>", "export.xls", "save-as"),
        ("姓名,年龄\n张三,3\n".as_bytes(), "other.csv", "no-header"),
    ];
    for (bytes, name, code) in cases {
        let err = check(bytes, name, &Default::default(), &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), *code, "{name}: {err}");
        assert!(!err.message_zh().is_empty() && !err.message_en().is_empty());
    }
}

#[test]
fn a_pdf_or_a_picture_is_refused_as_no_spreadsheet_with_the_formats_read() {
    // Their heads hold no NUL byte: without their signatures known they were taken for text
    // and refused for its encoding.
    let cases: &[(&[u8], &str, &str, &str)] = &[
        (
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "花名册.pdf",
            "PDF 文档",
            "a PDF document",
        ),
        (b"%PDF-1.4\n%\xC7\xEC\x8F\xA2\n", "花名册.csv", "PDF 文档", "a PDF document"),
        (b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "截图.png", "PNG 图片", "a PNG picture"),
        (b"\xFF\xD8\xFF\xE1\x12\x34Exif", "拍照.jpg", "JPEG 图片", "a JPEG picture"),
    ];
    for (bytes, name, zh, en) in cases {
        let err = check(bytes, name, &Default::default(), &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), "not-a-spreadsheet", "{name}: {err}");
        let (msg_zh, msg_en) = (err.message_zh(), err.message_en());
        assert!(msg_zh.starts_with("这不是电子表格") && msg_zh.contains(zh), "{name}: {msg_zh}");
        assert!(msg_en.starts_with("This is not a spreadsheet") && msg_en.contains(en), "{name}: {msg_en}");
        for ext in [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt"] {
            assert!(msg_zh.contains(ext) && msg_en.contains(ext), "{name}: the formats read name {ext}");
        }
        assert!(!msg_zh.contains("编码") && !msg_en.contains("encoding"), "{name}: not an encoding fault");
    }
}

#[test]
fn progress_runs_through_every_stage_to_the_end() {
    let register = generate::generate(&Options { households: 50, ..Options::default() });
    let bytes = register.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let mut seen = Vec::new();
    check(&bytes, "r.xlsx", &Default::default(), &mut |s, f| seen.push((s, f))).unwrap();
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "progress went backwards");
    assert_eq!(seen.last().map(|s| s.1), Some(1.0));
    for stage in [huqing::Stage::Reading, huqing::Stage::Mapping, huqing::Stage::Checking, huqing::Stage::Summarising] {
        assert!(seen.iter().any(|s| s.0 == stage));
    }
}

/// An xlsx reports reading by the bytes calamine has read: from the shared strings it reads on
/// opening through the sheet, in small steps, so that a big file's bar keeps moving.
#[test]
fn reading_an_xlsx_moves_the_bar_in_small_steps() {
    let register = generate::generate(&Options {
        households: 3000,
        seed: 2,
        faults: true,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    for inline_strings in [false, true] {
        let bytes = register.to_bytes(&Format::Xlsx { inline_strings }).unwrap();
        let mut reading = Vec::new();
        check(&bytes, "r.xlsx", &Default::default(), &mut |s, f| {
            if s == huqing::Stage::Reading {
                reading.push(f);
            }
        })
        .unwrap();
        assert!(reading.windows(2).all(|w| w[0] < w[1]), "each report moves forward");
        assert!(reading.len() > 100, "{} reports", reading.len());
        assert!(reading.windows(2).all(|w| w[1] - w[0] < 0.05), "no step over 5%: {reading:?}");
        assert!(*reading.last().unwrap() > 0.65 && *reading.last().unwrap() <= 0.7);
    }
}

/// A clean register of 100,000 households (about 300,000 people) has many namesakes, all born on
/// different days (the generator keeps name, birth date and sex unique), and no ID within one
/// typo of another: no duplicate rule may fire.
#[test]
fn clean_registers_of_100000_households_have_no_possible_duplicates() {
    use std::collections::{HashMap, HashSet};
    let register = generate::generate(&Options {
        households: 100_000,
        seed: 21,
        faults: false,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    let (name, birth, sex) = (5, 8, 6);
    let text = |c: &generate::Cell| match c {
        generate::Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    let mut people = HashSet::new();
    let mut namesakes: HashMap<String, usize> = HashMap::new();
    for r in &register.rows {
        let key = huqing::domain::names::key(&text(&r[name]));
        assert!(people.insert((key.clone(), text(&r[birth]), text(&r[sex]))), "{key} born {} twice", text(&r[birth]));
        *namesakes.entry(key).or_default() += 1;
    }
    let shared = namesakes.values().filter(|&&n| n > 1).count();
    assert!(shared > 10_000, "the register should have many namesakes ({shared} names shared)");
    let report = run(&register, &Format::Csv { encoding: CsvEncoding::Utf8 }, "clean.csv");
    let dups: Vec<_> =
        report.findings.iter().filter(|f| f.rule.starts_with("person-") && f.rule.contains("duplicate")).collect();
    assert!(dups.is_empty(), "{dups:?}");
    assert_eq!(report.summary.get("person-in-multiple-households"), None);
}

/// Two counties' registers, a person of the first planted into the second twice (same ID, and a
/// mistyped ID): each file's report is what it would be alone, and exactly the planted pairs are
/// found across the files, every row naming its file. Also in the national style, whose IDs and
/// 户编号 carry `#`, whose columns differ and whose planted households join its household list.
#[test]
fn finds_duplicates_across_two_files() {
    for national in [false, true] {
        let options = |seed, title_rows| Options {
            households: 300,
            seed,
            faults: true,
            title_rows,
            national,
            monitoring: false,
            id_counties: 0,
        };
        let a = generate::generate(&options(31, 0));
        let mut b = generate::generate(&options(32, 1));
        let planted = b.plant_from(&a, 32);
        assert_eq!(
            planted.iter().map(|p| p.rule).collect::<Vec<_>>(),
            ["person-in-multiple-households", "person-possible-duplicate"],
            "national: {national}"
        );
        let (xlsx, csv) = (Format::Xlsx { inline_strings: false }, Format::Csv { encoding: CsvEncoding::Gbk });
        let files =
            vec![("a.xlsx".to_owned(), a.to_bytes(&xlsx).unwrap()), ("b.csv".to_owned(), b.to_bytes(&csv).unwrap())];
        let report = huqing::check_many(&files, &Default::default());
        for ((file, register), format) in report.files.iter().zip([&a, &b]).zip([&xlsx, &csv]) {
            let huqing::check::batch::FileReport::Checked(r) = file else { panic!("{file:?}") };
            if national {
                // Every finding: the style's own rules are planted too.
                let mut found: Vec<_> = r.findings.iter().map(|f| (f.rule.to_string(), f.rows.clone())).collect();
                let mut want: Vec<_> =
                    register.expected_as(format).into_iter().map(|e| (e.rule.to_owned(), e.rows)).collect();
                found.sort();
                want.sort();
                assert_eq!(found, want, "{}", r.file);
            } else {
                assert_eq!(pairs(&r.findings), expected(register), "{}", r.file);
            }
        }
        let names = ["a.xlsx", "b.csv"];
        let found: Vec<(&str, Vec<(String, u32)>)> = report
            .cross
            .iter()
            .map(|f| (f.rule, f.locations.iter().map(|l| (l.file.clone().unwrap(), l.row)).collect()))
            .collect();
        let want: Vec<(&str, Vec<(String, u32)>)> =
            planted.iter().map(|p| (p.rule, p.rows.iter().map(|&(f, r)| (names[f].to_owned(), r)).collect())).collect();
        assert_eq!(found, want, "national: {national}");
        assert!(report.cross.iter().all(|f| f.message_zh.contains("a.xlsx") && f.message_zh.contains("b.csv")));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["summary"]["person-possible-duplicate"], 1);
        assert_eq!(json["files"][1]["file"], "b.csv");
    }
}

#[test]
fn totals_and_areas_add_up_to_the_findings() {
    let register = generate::generate(&Options {
        households: 300,
        seed: 5,
        faults: true,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    let report = run(&register, &Format::Xlsx { inline_strings: false }, "r.xlsx");
    let t = &report.totals;
    let open = |s: huqing::Severity| report.findings.iter().filter(|f| f.exempted.is_none() && f.severity == s).count();
    assert_eq!((t.rows, t.households), (report.rows, report.households));
    assert_eq!(
        (t.errors, t.warnings, t.infos),
        (open(huqing::Severity::Error), open(huqing::Severity::Warning), open(huqing::Severity::Info))
    );
    assert!(t.errors > 0 && t.households_with_errors > 0 && t.households_with_errors < t.households);
    assert!(t.persons_with_errors > 0 && t.persons <= t.rows && t.persons > t.rows / 2);
    assert!(report.areas.len() > 1, "the generator writes several villages");
    assert!(report.areas.windows(2).all(|w| (&w[0].township, &w[0].village) < (&w[1].township, &w[1].village)));
    assert_eq!(report.areas.iter().map(|a| a.rows).sum::<usize>(), t.rows);
    assert_eq!(report.areas.iter().map(|a| a.households_with_errors).sum::<usize>(), t.households_with_errors);
    let placed = report.findings.iter().filter(|f| f.exempted.is_none() && f.township.is_some());
    assert_eq!(placed.count(), report.areas.iter().map(|a| a.errors + a.warnings + a.infos).sum::<usize>());
    let f = report.findings.iter().find(|f| !f.rows.is_empty()).expect("a finding on a row");
    let area = report
        .areas
        .iter()
        .find(|a| Some(&a.township) == f.township.as_ref() && Some(&a.village) == f.village.as_ref());
    assert!(area.is_some(), "a finding's township and village name an area");
}
