//! The exports, natively, on the committed fixtures: the annotated workbook keeps every cell of
//! every sheet (re-read with calamine and compared with the input) and marks every open finding's
//! cell with its severity's fill and a note naming the rule by its Chinese title; the masked summary leaks nothing.
#![cfg(not(target_arch = "wasm32"))]

use calamine::{Data, Reader};
use huqing::check::session::Session;
use huqing::report::export;
use huqing::Severity;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn session(bytes: Vec<u8>, name: &str) -> Session {
    huqing::check_file(bytes, name, &Default::default(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (sheet index, row, col) → value.
type Cells = BTreeMap<(usize, u32, u32), Data>;

/// The sheet names, and every non-empty cell of every sheet.
fn cells_of(bytes: &[u8]) -> (Vec<String>, Cells) {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    let mut out = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        let range = book.worksheet_range(name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            if *v != Data::Empty {
                out.insert((i, r0 + r as u32, c0 + c as u32), v.clone());
            }
        }
    }
    (names, out)
}

/// What the annotated workbook must hold for an input cell.
fn written(v: &Data) -> Data {
    match v {
        Data::Int(i) => Data::Float(*i as f64),
        Data::Error(e) => Data::String(e.to_string()),
        Data::DurationIso(s) => Data::String(s.clone()),
        other => other.clone(),
    }
}

fn same(input: &Data, output: &Data) -> bool {
    match (written(input), output) {
        (Data::DateTime(a), Data::DateTime(b)) => {
            a.to_ymd_hms_milli() == b.to_ymd_hms_milli() && a.is_datetime() == b.is_datetime()
        }
        (Data::DateTimeIso(a), Data::DateTime(b)) => {
            let (y, m, d, ..) = b.to_ymd_hms_milli();
            a.starts_with(&format!("{y:04}-{m:02}-{d:02}"))
        }
        (a, b) => a == *b,
    }
}

fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// Cell reference ("C5") → fill colour (RRGGBB) of its style, for one sheet's XML.
fn fills(files: &HashMap<String, String>, sheet: usize) -> HashMap<String, String> {
    let styles = &files["xl/styles.xml"];
    let fills_xml = styles.split("<fills").nth(1).unwrap().split("</fills>").next().unwrap();
    let fill_colours: Vec<String> = fills_xml
        .split("<fill>")
        .skip(1)
        .map(|f| f.split("fgColor rgb=\"").nth(1).map(|c| c[2..8].to_owned()).unwrap_or_default())
        .collect();
    let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    let xf_fill: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| x.split("fillId=\"").nth(1).map_or(0, |v| v.split('"').next().unwrap().parse().unwrap()))
        .collect();
    let re = regex_lite::Regex::new(r#"<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?"#).unwrap();
    re.captures_iter(&files[&format!("xl/worksheets/sheet{}.xml", sheet + 1)])
        .filter_map(|c| {
            let style: usize = c.get(2)?.as_str().parse().unwrap();
            Some((c[1].to_owned(), fill_colours[xf_fill[style]].clone()))
        })
        .collect()
}

fn colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FFC7CE",
        Severity::Warning => "FFE699",
        Severity::Info => "DDEBF7",
    }
}

fn cell_ref(row0: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row0 + 1)
}

fn check_annotated(name: &str) {
    let bytes = fixture(name);
    let s = session(bytes.clone(), name);
    let out = export::annotated_xlsx(&s, &bytes).unwrap();
    let (out_names, out_cells) = cells_of(&out);
    let report = s.report();
    let added = &out_names[report.sheets.len()..];
    assert!(added.len() == 2 && added[0].starts_with("问题清单") && added[1].starts_with("汇总"), "{name}: {added:?}");

    // Every original cell, of every sheet, as it was.
    if name.ends_with(".csv") {
        let mut book = huqing::read::open(&bytes, name, None).unwrap();
        let grid = book.read_sheet(&report.sheets[0], None, &mut |_| {}).unwrap();
        let mut n = 0;
        for r in 0..grid.row_count() {
            for c in 0..grid.column_count() {
                let text = grid.text(c, r);
                if !text.is_empty() {
                    n += 1;
                    assert_eq!(
                        out_cells.get(&(0, grid.excel_row(r) - 1, c as u32)),
                        Some(&Data::String(text.to_owned())),
                        "{name} row {r} col {c}"
                    );
                }
            }
        }
        assert_eq!(out_cells.keys().filter(|k| k.0 == 0).count(), n, "{name}: no cell added");
    } else {
        let (in_names, in_cells) = cells_of(&bytes);
        if name.starts_with("quirks") {
            assert!(
                in_cells.values().any(|v| matches!(v, Data::DateTime(_) | Data::DateTimeIso(_))),
                "{name} has dates to keep"
            );
        }
        assert_eq!(in_names, report.sheets);
        for (k, v) in &in_cells {
            let got = out_cells.get(k).unwrap_or(&Data::Empty);
            assert!(same(v, got), "{name} sheet {} cell {:?}: {v:?} became {got:?}", k.0, (k.1, k.2));
        }
        let written = out_cells.keys().filter(|k| k.0 < in_names.len()).count();
        assert_eq!(written, in_cells.len(), "{name}: no cell added");
    }

    // Every open finding's cell: filled by the worst severity on it, with a note naming the rule.
    let checked = report.sheets.iter().position(|x| *x == report.sheet).unwrap();
    let files = unzip(&out);
    let fills = fills(&files, checked);
    let comments: String =
        files.iter().filter(|(k, _)| k.starts_with("xl/comments")).map(|(_, v)| v.as_str()).collect();
    let mut worst: HashMap<String, Severity> = HashMap::new();
    let mut marked = 0;
    for f in report.findings.iter().filter(|f| f.exempted.is_none()) {
        let col = f.column.as_ref().and_then(|c| report.headers.iter().position(|h| h == c)).unwrap_or(0) as u16;
        for &row in &f.rows {
            let at = cell_ref(row - 1, col);
            let w = worst.entry(at.clone()).or_insert(f.severity);
            *w = (*w).min(f.severity);
            let note = comments
                .split(&format!("<comment ref=\"{at}\""))
                .nth(1)
                .unwrap_or_else(|| panic!("{name}: no note on {at}"));
            let note = note.split("</comment>").next().unwrap();
            // The clerk reads the rule's Chinese title; its key stays in the 问题清单's code column.
            let title = &report.rules.iter().find(|r| r.key == f.rule).unwrap().title_zh;
            assert!(note.contains(&format!("】{title}：")), "{name}: the note on {at} names {title}: {note}");
            assert!(!note.contains(&format!("】{}", f.rule)), "{name}: the note on {at} starts with the key");
            marked += 1;
        }
    }
    assert!(marked > 0 || name == "sheets.xlsx", "{name} has findings on cells");
    for (at, s) in &worst {
        assert_eq!(fills.get(at).map(String::as_str), Some(colour(*s)), "{name}: {at} filled for {s:?}");
    }
    let filled = fills.values().filter(|c| ["FFC7CE", "FFE699", "DDEBF7"].contains(&c.as_str())).count();
    assert_eq!(filled, worst.len(), "{name}: only offending cells are filled");
    assert!(files.keys().any(|k| k.starts_with("xl/worksheets/sheet")), "a workbook");
    let linked = files[&format!("xl/worksheets/sheet{}.xml", report.sheets.len() + 1)].contains("location=");
    assert_eq!(linked, marked > 0, "{name}: 问题清单 links to cells");
    desk_ready(name, report, &out_cells, &files);
}

/// The annotated workbook is ready to work through at a desk: on the 问题清单 the 行号 is a
/// number (the finding's first row, so the list sorts), every row of a finding listed under
/// 全部行号 when there are several; the header rows are frozen and carry a filter; the columns
/// are sized.
fn desk_ready(name: &str, report: &huqing::Report, cells: &Cells, files: &HashMap<String, String>) {
    let list = report.sheets.len();
    let checked = report.sheets.iter().position(|x| *x == report.sheet).unwrap();
    assert_eq!(cells.get(&(list, 0, 3)), Some(&Data::String("行号".into())), "{name}");
    assert_eq!(cells.get(&(list, 0, 11)), Some(&Data::String("全部行号".into())), "{name}");
    for (i, f) in report.findings.iter().enumerate() {
        let row = i as u32 + 1;
        let first = f.rows.first().map(|&r| Data::Float(r as f64));
        assert_eq!(cells.get(&(list, row, 3)), first.as_ref(), "{name}: 行号 of finding {i} is a number");
        let all =
            (f.rows.len() > 1).then(|| Data::String(f.rows.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")));
        assert_eq!(cells.get(&(list, row, 11)), all.as_ref(), "{name}: 全部行号 of finding {i}");
    }
    let xml = |sheet: usize| &files[&format!("xl/worksheets/sheet{}.xml", sheet + 1)];
    let list_xml = xml(list);
    assert!(
        list_xml.contains(&format!("<autoFilter ref=\"A1:L{}\"", report.findings.len() + 1)),
        "{name}: 问题清单 filters its header and every finding"
    );
    assert!(
        list_xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#),
        "{name}"
    );
    assert!(list_xml.contains("<cols>"), "{name}: 问题清单 columns sized");
    let data_xml = xml(checked);
    let header = report.header_row;
    assert!(
        data_xml.contains(&format!(
            r#"<pane ySplit="{header}" topLeftCell="A{}" activePane="bottomLeft" state="frozen"/>"#,
            header + 1
        )),
        "{name}: the checked sheet's header frozen"
    );
    if report.rows > 0 {
        assert!(
            data_xml.contains(&format!("<autoFilter ref=\"A{header}:")),
            "{name}: the checked sheet filters its header"
        );
    }
    assert!(data_xml.contains("<cols>"), "{name}: the checked sheet's columns sized");
    // A column of 18-digit IDs is wide enough to show them.
    if let Some(id) = report.headers.iter().position(|h| h == "证件号码") {
        let col = id + 1;
        let width: f64 = data_xml
            .split(&format!(r#"<col min="{col}" max="{col}" width=""#))
            .nth(1)
            .and_then(|w| w.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no width for column {col}"))
            .parse()
            .unwrap();
        assert!(width >= 18.0, "{name}: 证件号码 column {width} wide");
    }
    let summary_xml = xml(list + 1);
    assert!(summary_xml.contains("<cols>"), "{name}: 汇总 columns sized");
    let strings: String = files
        .iter()
        .filter(|(k, _)| k.contains("sharedStrings") || k.contains("worksheets"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(strings.contains("建档立卡 2016–2020（national-2016）"), "{name}: 汇总 names the profile in Chinese");
}

#[test]
fn the_annotated_xlsx_keeps_every_cell_and_marks_every_finding() {
    check_annotated("office.xlsx");
}

#[test]
fn the_annotated_xls_keeps_every_cell_and_marks_every_finding() {
    check_annotated("office.xls");
}

#[test]
fn the_annotated_ods_keeps_every_cell_and_marks_every_finding() {
    check_annotated("office.ods");
}

#[test]
fn the_annotated_gbk_csv_keeps_every_cell_and_marks_every_finding() {
    check_annotated("office-gbk.csv");
}

#[test]
fn the_annotated_register_keeps_every_cell_and_marks_every_finding() {
    check_annotated("register-small.xlsx");
}

#[test]
fn the_annotated_quirky_workbooks_keep_every_cell() {
    for name in ["quirks.xlsx", "quirks.xls", "quirks.ods", "sheets.xlsx"] {
        check_annotated(name);
    }
}

/// Every ID, name, phone and bank card of a generated register, as written.
fn personal_values(register: &huqing::generate::Register) -> Vec<String> {
    let col = |h: &str| register.headers.iter().position(|x| x == h).unwrap();
    let wanted = [(col("证件号码"), 8), (col("姓名"), 2), (col("联系电话"), 7), (col("银行卡号"), 8)];
    let mut out = Vec::new();
    for row in &register.rows {
        for &(c, min) in &wanted {
            let text = match &row[c] {
                huqing::generate::Cell::Text(s) => s.trim().to_owned(),
                huqing::generate::Cell::Number(x) => format!("{x:.0}"),
                huqing::generate::Cell::Empty => continue,
            };
            if text.chars().count() >= min {
                out.push(text);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn the_masked_summary_holds_no_personal_value() {
    use huqing::generate::{self, Format, Options};
    let register = generate::generate(&Options {
        households: 400,
        seed: 11,
        faults: true,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    let bytes = register.to_bytes(&Format::Xlsx { inline_strings: false }).unwrap();
    let s = session(bytes, "r.xlsx");
    assert!(s.report().findings.len() > 20);
    let json = String::from_utf8(export::masked_json(&s)).unwrap();
    let xlsx = export::masked_xlsx(&s).unwrap();
    let xml: String = unzip(&xlsx).into_values().collect();
    let secrets = personal_values(&register);
    assert!(secrets.len() > 1000, "the register has people: {}", secrets.len());
    for secret in &secrets {
        assert!(!json.contains(secret.as_str()), "the masked JSON holds {secret}");
        assert!(!xml.contains(secret.as_str()), "the masked workbook holds {secret}");
    }
    // It still says what is wrong and where.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), s.report().findings.len());
    assert_eq!(v["totals"]["errors"], s.report().totals.errors);
    assert!(v["areas"].as_array().unwrap().len() > 1);
    let masked_id = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "person-id-checksum").unwrap()
        ["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(regex_lite::Regex::new(r"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$").unwrap().is_match(&masked_id), "{masked_id}");
    assert!(xml.contains("person-id-checksum") && xml.contains(&masked_id));
}

#[test]
fn findings_csv_and_json_list_every_finding() {
    let s = session(fixture("office.xlsx"), "office.xlsx");
    let csv = String::from_utf8(export::findings_csv(s.report())).unwrap();
    assert!(csv.starts_with('\u{FEFF}'));
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), s.report().findings.len() + 1);
    for f in &s.report().findings {
        assert!(csv.contains(&format!("\"{}\"", f.rule)), "{}", f.rule);
    }
    let json: serde_json::Value = serde_json::from_slice(&export::findings_json(s.report())).unwrap();
    assert_eq!(json["file"], "office.xlsx");
    assert_eq!(json["findings"].as_array().unwrap().len(), s.report().findings.len());
}

#[test]
fn the_annotated_xlsx_refuses_bytes_other_than_those_checked() {
    let bytes = fixture("office.xlsx");
    let s = session(bytes.clone(), "office.xlsx");
    let other = fixture("register-small.xlsx");
    let e = export::annotated_xlsx(&s, &other).unwrap_err();
    assert_eq!(e.code(), "export-failed", "{e}");
    assert!(export::annotated_xlsx(&s, &bytes).is_ok());
}

/// The page shows how far the annotated workbook is: the fraction rises with the rows written
/// and ends at 1 once it is saved.
#[test]
fn the_annotated_xlsx_reports_its_progress() {
    let register = huqing::generate::generate(&huqing::generate::Options { households: 600, ..Default::default() });
    let bytes = register.to_bytes(&huqing::generate::Format::Xlsx { inline_strings: false }).unwrap();
    let s = session(bytes.clone(), "reg.xlsx");
    let mut seen = Vec::new();
    export::annotated_xlsx_progress(&s, &bytes, &mut |f| seen.push(f)).unwrap();
    assert!(seen.len() > 3, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "rises: {seen:?}");
    assert!(seen.iter().any(|f| *f > 0.3 && *f < 0.9), "in between: {seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
}
