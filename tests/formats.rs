//! Real office files: the same registers saved by rust_xlsxwriter and by LibreOffice, in every
//! format and encoding, read to the same findings; layout quirks (title rows, a merged two-row
//! header, totals and blank rows, IDs typed as numbers or with full-width digits) as offices make
//! them. The committed fixtures are described in `tests/fixtures/README.md`.
#![cfg(not(target_arch = "wasm32"))]

use huqing::generate::{self, CsvEncoding, Format, Options};
use huqing::{check, Report};
use std::collections::BTreeSet;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const CALAMINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calamine");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(bytes: &[u8], name: &str) -> Report {
    check(bytes, name, &Default::default(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn pairs(report: &Report) -> BTreeSet<(String, Vec<u32>)> {
    report.findings.iter().map(|f| (f.rule.to_string(), f.rows.clone())).collect()
}

/// The office register: made by `huqing generate --households 40 --seed 11 --title-rows 2`, saved
/// again by LibreOffice as .xls (BIFF8) and .ods.
const OFFICE: &[&str] = &["office.xlsx", "office.xls", "office.ods"];

#[test]
fn the_same_register_in_every_format_gives_the_same_findings() {
    let expected: Vec<serde_json::Value> = serde_json::from_slice(&fixture("office.expected.json")).unwrap();
    let planted: BTreeSet<(String, Vec<u32>)> = expected
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_owned(),
                e["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap() as u32).collect(),
            )
        })
        .collect();
    let base = run(&fixture(OFFICE[0]), OFFICE[0]);
    assert!(planted.is_subset(&pairs(&base)), "every planted fault is found in the xlsx");
    let mut files: Vec<(String, Vec<u8>)> = OFFICE[1..].iter().map(|n| (n.to_string(), fixture(n))).collect();
    // The same register written now, in every encoding a text export uses.
    let register = generate::generate(&Options {
        households: 40,
        seed: 11,
        faults: true,
        title_rows: 2,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    for (format, name) in [
        (Format::Xlsx { inline_strings: true }, "inline.xlsx"),
        (Format::Xlsx { inline_strings: false }, "shared.xlsx"),
        (Format::Csv { encoding: CsvEncoding::Utf8 }, "utf8.csv"),
        (Format::Csv { encoding: CsvEncoding::Utf8Bom }, "utf8-bom.csv"),
        (Format::Csv { encoding: CsvEncoding::Gbk }, "gbk.csv"),
        (Format::Csv { encoding: CsvEncoding::Utf16Le }, "utf16le.csv"),
    ] {
        files.push((name.to_owned(), register.to_bytes(&format).unwrap()));
    }
    let utf8 = register.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend(std::str::from_utf8(&utf8).unwrap().encode_utf16().flat_map(u16::to_be_bytes));
    files.push(("utf16be.txt".to_owned(), be));
    for (name, bytes) in &files {
        let report = run(bytes, name);
        assert_eq!(report.header_row, 3, "{name}");
        assert_eq!(report.rows, base.rows, "{name}");
        assert_eq!(pairs(&report), pairs(&base), "{name}");
    }
}

#[test]
fn legacy_files_report_their_encoding_and_header() {
    for (file, encoding) in [("office-gbk.csv", "gb18030"), ("office-utf16.txt", "UTF-16LE")] {
        let report = run(&fixture(file), file);
        assert_eq!(report.encoding, Some(encoding), "{file}");
        assert!(report.header.iter().any(|h| h == "证件号码"), "{file}: {:?}", report.header);
    }
}

#[test]
fn a_wrong_encoding_can_be_chosen_away() {
    let bytes = fixture("office-gbk.csv");
    let options = huqing::Options { encoding: Some("utf-16le".into()), ..Default::default() };
    let err = check(&bytes, "office-gbk.csv", &options, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), "no-header", "garbled text has no header");
    let options = huqing::Options { encoding: Some("gbk".into()), ..Default::default() };
    let report = check(&bytes, "office-gbk.csv", &options, &mut |_, _| {}).unwrap();
    assert_eq!(report.encoding, Some("GBK"));
    assert_eq!(report.rows, run(&bytes, "office-gbk.csv").rows);
}

/// Rows of `quirks.*` (written by `write_quirks_fixture`): a title, a two-row header whose top
/// row merges 家庭成员信息 over five columns, a blank row, IDs as numbers, full-width and with a
/// no-break space, a 小计 and a 合计 row, a row longer than the header, a date cell.
const QUIRKS: &[&str] = &["quirks.xlsx", "quirks.xls", "quirks.ods"];

#[test]
fn office_quirks_read_alike_in_every_format() {
    for file in QUIRKS {
        let report = run(&fixture(file), file);
        let found = pairs(&report);
        assert_eq!(report.header_row, 3, "{file}: the names sit in the second header row");
        assert_eq!(report.rows, 4, "{file}: totals and blank rows are no people");
        assert_eq!(report.columns.get("name").map(String::as_str), Some("姓 名"), "{file}: spaces inside a name");
        assert_eq!(
            report.columns.get("person-id").map(String::as_str),
            Some("证件号码\n（身份证）"),
            "{file}: a line break and full-width brackets"
        );
        assert_eq!(
            report.columns.get("household-id").map(String::as_str),
            Some("户编号"),
            "{file}: merged down over both rows"
        );
        assert_eq!(report.columns.get("phone").map(String::as_str), Some("联系电话"), "{file}");
        for want in [
            ("summary-row", vec![8]),
            ("summary-row", vec![10]),
            ("blank-row", vec![6]),
            ("person-id-stored-as-number", vec![7]),
            ("person-id-not-normalized", vec![5]),
            ("person-id-not-normalized", vec![9]),
        ] {
            assert!(found.contains(&(want.0.to_owned(), want.1.clone())), "{file}: no {want:?} in {found:?}");
        }
        let other = report.findings.iter().filter(|f| {
            !["summary-row", "blank-row"].contains(&f.rule.as_ref()) && f.rows.iter().any(|r| [6, 8, 10].contains(r))
        });
        assert_eq!(other.count(), 0, "{file}: rules saw a totals or blank row");
        assert!(
            !found.iter().any(|(r, _)| r == "household-size-mismatch" || r == "household-head-missing"),
            "{file}: {found:?}"
        );
    }
}

#[test]
fn dates_read_as_dates_in_both_excel_date_systems() {
    for file in ["date.xlsx", "date.xls", "date.xlsb", "date_1904.xlsx", "date_1904.xls", "date_1904.xlsb", "date.ods"]
    {
        let bytes = std::fs::read(format!("{CALAMINE}/{file}")).unwrap();
        let mut book = huqing::read::open(&bytes, file, None).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let grid = book.read_sheet(&sheet, None, &mut |_| {}).unwrap();
        let dates: Vec<&str> = (0..grid.row_count())
            .filter(|&r| grid.kind(0, r) == huqing::read::table::Kind::Date)
            .map(|r| grid.text(0, r))
            .collect();
        assert_eq!(dates.first().copied(), Some("2021-01-01"), "{file}: {dates:?}");
    }
}

#[test]
fn the_register_sheet_is_chosen_and_another_can_be_asked_for() {
    let bytes = fixture("sheets.xlsx");
    let report = run(&bytes, "sheets.xlsx");
    assert_eq!(report.sheets, ["说明", "汇总", "花名册"]);
    assert_eq!(report.sheet, "花名册", "the sheet with IDs under its header, not the summary with the same header");
    let options = huqing::Options { sheet: Some("汇总".into()), ..Default::default() };
    let report = check(&bytes, "sheets.xlsx", &options, &mut |_, _| {}).unwrap();
    assert_eq!(report.sheet, "汇总");
    let options = huqing::Options { sheet: Some("没有".into()), ..Default::default() };
    assert_eq!(check(&bytes, "sheets.xlsx", &options, &mut |_, _| {}).unwrap_err().code(), "sheet-not-found");
}

#[test]
fn wps_and_other_documents_are_told_what_to_save_as() {
    for (file, code) in [("old.et", "save-as"), ("word.docx", "save-as"), ("page.xls", "save-as")] {
        let err = check(&fixture(file), file, &Default::default(), &mut |_, _| {}).unwrap_err();
        assert_eq!(err.code(), code, "{file}");
        assert!(err.message_zh().contains("另存为"), "{file}: {}", err.message_zh());
    }
    // WPS saves .et workbooks in the BIFF8 compound format: those read as .xls.
    let report = run(&fixture("office.xls"), "office.et");
    assert_eq!(report.format, huqing::read::Format::Xls);
}

/// Writes `quirks.xlsx` and `sheets.xlsx`; run with `--ignored` to remake them, then convert
/// `quirks.xlsx` with LibreOffice as the README says.
#[test]
#[ignore]
fn write_quirks_fixture() {
    use rust_xlsxwriter::{ExcelDateTime, Format as Fmt, Workbook};
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("花名册").unwrap();
    let date = Fmt::new().set_num_format("yyyy-mm-dd");
    s.write_string(0, 0, "某某县脱贫人口信息表（2020年）").unwrap();
    s.merge_range(1, 0, 2, 0, "户编号", &Fmt::new()).unwrap();
    s.merge_range(1, 1, 1, 6, "家庭成员信息", &Fmt::new()).unwrap();
    s.merge_range(1, 7, 2, 7, "联系电话", &Fmt::new()).unwrap();
    for (c, h) in ["姓 名", "性别", "证件号码\n（身份证）", "与户主关系", "出生日期", "家庭人口数"].iter().enumerate()
    {
        s.write_string(2, 1 + c as u16, *h).unwrap();
    }
    // (sheet row, 户编号, 姓名, 性别, 证件号码, 与户主关系, birth date, 家庭人口数)
    type Person<'a> = (u32, &'a str, &'a str, &'a str, &'a str, &'a str, (u16, u8, u8), f64);
    let people: &[Person] = &[
        (3, "H001", "张三", "男", "360426199101010071", "户主", (1991, 1, 1), 2.0),
        (4, "H001", "李四", "女", "\u{00A0}360426199303150021", "配偶", (1993, 3, 15), 2.0),
        (6, "H002", "王五", "男", "", "户主", (1985, 2, 3), 1.0),
        (8, "H003", "赵六", "女", "３６０４２６１９８７０６１５００４８", "户主", (1987, 6, 15), 1.0),
    ];
    for &(r, hh, name, sex, id, rel, (y, m, d), size) in people {
        s.write_string(r, 0, hh).unwrap();
        s.write_string(r, 1, name).unwrap();
        s.write_string(r, 2, sex).unwrap();
        if !id.is_empty() {
            s.write_string(r, 3, id).unwrap();
        }
        s.write_string(r, 4, rel).unwrap();
        s.write_datetime_with_format(r, 5, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).unwrap();
        s.write_number(r, 6, size).unwrap();
    }
    s.write_number(3, 7, 13912345678.0).unwrap();
    s.write_number(6, 3, 360426198502030000.0).unwrap();
    s.write_string(8, 9, "（表外备注）").unwrap();
    s.write_string(7, 0, "小计").unwrap();
    s.write_number(7, 6, 3.0).unwrap();
    s.write_string(9, 0, "合  计").unwrap();
    s.write_number(9, 6, 4.0).unwrap();
    wb.save(format!("{FIXTURES}/quirks.xlsx")).unwrap();

    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "本表由某某镇填报").unwrap();
    let header = ["户编号", "姓名", "证件号码", "与户主关系", "人数"];
    let sum = wb.add_worksheet().set_name("汇总").unwrap();
    for (c, h) in header.iter().enumerate() {
        sum.write_string(0, c as u16, *h).unwrap();
        sum.write_string(1, c as u16, if c == 0 { "合计" } else { "" }).unwrap();
    }
    sum.write_number(1, 4, 2.0).unwrap();
    let reg = wb.add_worksheet().set_name("花名册").unwrap();
    for (c, h) in header.iter().enumerate() {
        reg.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in
        [["H001", "张三", "360426199101010071", "户主", "2"], ["H001", "李四", "360426199303150021", "配偶", "2"]]
            .iter()
            .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            reg.write_string(1 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(format!("{FIXTURES}/sheets.xlsx")).unwrap();

    // Two cells at the corners of the largest .xls sheet, for `far.xls`.
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "户编号").unwrap();
    s.write_string(0, 1, "姓名").unwrap();
    s.write_string(65_535, 255, "x").unwrap();
    wb.save(format!("{FIXTURES}/far.xlsx")).unwrap();
}

/// A BIFF5 (Excel 95) workbook in code page 936, as Chinese Excel 95 and old exporters wrote it:
/// a compound file holding one `Book` stream. LibreOffice no longer writes BIFF5, so it is built
/// here record by record.
fn biff5_gbk(rows: &[&[&str]]) -> Vec<u8> {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let record = |kind: u16, data: &[u8]| [&kind.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat();
    let bof = |dt: u16| record(0x0809, &[&0x0500u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 4]].concat());
    let name = gbk("花名册");
    let bound = |pos: u32| record(0x0085, &[&pos.to_le_bytes()[..], &[0, 0, name.len() as u8], &name].concat());
    let mut globals = [bof(0x0005), record(0x0042, &936u16.to_le_bytes())].concat();
    let sheet_at = (globals.len() + bound(0).len() + 4) as u32;
    globals.extend(bound(sheet_at));
    globals.extend(record(0x000A, &[]));
    let mut stream = [globals, bof(0x0010)].concat();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let text = gbk(v);
            let head = [
                (r as u16).to_le_bytes(),
                (c as u16).to_le_bytes(),
                15u16.to_le_bytes(),
                (text.len() as u16).to_le_bytes(),
            ]
            .concat();
            stream.extend(record(0x0204, &[head, text].concat()));
        }
    }
    stream.extend(record(0x000A, &[]));
    // Padded past the 4096-byte mini-stream cutoff: the stream lives in ordinary sectors.
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let len = stream.len();
    compound_file("Book", &stream, len)
}

/// A version-3 compound file of 512-byte sectors: FAT in sector 0, directory in sector 1, the one
/// stream from sector 2 on.
fn compound_file(name: &str, stream: &[u8], len: usize) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let sectors = stream.len() / 512;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    for (at, v) in [(0x18, 0x3Eu16), (0x1A, 3), (0x1C, 0xFFFE), (0x1E, 9), (0x20, 6)] {
        header[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
    for (at, v) in [(0x2C, 1u32), (0x30, 1), (0x38, 4096), (0x3C, END), (0x44, END), (0x4C, 0)] {
        header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    for i in 1..109 {
        header[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&FREE.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFDu32, END];
    fat.extend((0..sectors).map(|i| if i + 1 == sectors { END } else { 3 + i as u32 }));
    fat.resize(128, FREE);
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        for at in [68, 72] {
            e[at..at + 4].copy_from_slice(&FREE.to_le_bytes());
        }
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = [entry("Root Entry", 5, 1, END, 0), entry(name, 2, FREE, 2, len as u32)].concat();
    dir.resize(512, 0);
    [header, fat.iter().flat_map(|v| v.to_le_bytes()).collect(), dir, stream.to_vec()].concat()
}

#[test]
fn biff5_text_is_decoded_through_its_code_page() {
    let bytes =
        biff5_gbk(&[&["户编号", "姓名", "证件号码", "与户主关系"], &["H1", "张㑇", "360426199101010071", "户主"]]);
    let report = run(&bytes, "excel95.xls");
    assert_eq!(report.format, huqing::read::Format::Xls);
    assert_eq!(report.sheet, "花名册");
    assert_eq!(report.header, ["户编号", "姓名", "证件号码", "与户主关系"]);
    assert_eq!(report.rows, 1);
    assert!(!report.findings.iter().any(|f| f.rule.starts_with("person-id")), "{:?}", report.findings);
}

#[test]
fn a_compound_file_calamine_would_index_out_of_bounds_is_refused_as_damaged() {
    // A 300-byte stream belongs in the mini stream, but the file has no mini-stream tables:
    // calamine indexes its empty mini FAT and panics, which in the browser kills the worker.
    let bytes = biff5_gbk(&[&["户编号", "姓名"]]);
    let mut small = bytes.clone();
    small[512 + 512 + 128 + 120..512 + 512 + 128 + 124].copy_from_slice(&300u32.to_le_bytes());
    let err = check(&small, "small.xls", &Default::default(), &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), "corrupt");
}
