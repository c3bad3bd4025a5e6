//! The caps of `src/base/limits.rs` on real files: each over-cap file is refused with its own code and
//! words in both languages, real registers up to Excel's full sheet are not, hostile shapes of
//! data take linear time, and the bytes given to the check come back unchanged.
#![cfg(not(target_arch = "wasm32"))]

use huqing::base::limits::LIMITS;
use huqing::read::caps::check_grid;
use huqing::read::table::{Grid, Kind};
use std::time::{Duration, Instant};

fn check(bytes: &[u8], name: &str) -> Result<huqing::Report, huqing::Error> {
    huqing::check(bytes, name, &Default::default(), &mut |_, _| {})
}

fn refused(bytes: &[u8], name: &str) -> huqing::Error {
    let e = check(bytes, name).err().unwrap_or_else(|| panic!("{name} was checked"));
    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    e
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_anything_is_read() {
    // Zeroed pages are not touched: the cap is measured, not the memory.
    let bytes = vec![0u8; LIMITS.file_bytes as usize + 1];
    let e = refused(&bytes, "huge.csv");
    assert_eq!(e.code(), "file-too-large");
    assert!(e.message_zh().contains("1024 MB"), "{}", e.message_zh());
}

#[test]
fn an_unmatched_quote_in_a_csv_is_named_by_its_cell() {
    let mut csv = String::from("户编号,姓名,证件号码,与户主关系\nH1,张三,360426199101010071,户主\nH1,\"李四,");
    for i in 0..3000 {
        csv.push_str(&format!("\nH{i},王五{i},360426199101010071,子"));
    }
    let e = refused(csv.as_bytes(), "quote.csv");
    assert_eq!(e.code(), "cell-too-long");
    assert!(e.message_zh().contains("B3") && e.message_zh().contains("引号"), "{}", e.message_zh());
    assert!(e.message_en().contains("B3") && e.message_en().contains("quote"), "{}", e.message_en());
}

/// CRC-32 (IEEE), as zip entries carry it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A zip of `entries`, stored without compression.
fn stored_zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let (mut z, mut dir) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let (crc, len, at) = (crc32(data), data.len() as u32, z.len() as u32);
        let common = |v: &mut Vec<u8>| {
            v.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            v.extend(crc.to_le_bytes());
            v.extend(len.to_le_bytes());
            v.extend(len.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend([0, 0]);
        };
        z.extend(b"PK\x03\x04");
        common(&mut z);
        z.extend(name.as_bytes());
        z.extend(data);
        dir.extend(b"PK\x01\x02\x14\x00");
        common(&mut dir);
        dir.extend([0; 10]);
        dir.extend(at.to_le_bytes());
        dir.extend(name.as_bytes());
    }
    let (dir_at, dir_len, n) = (z.len() as u32, dir.len() as u32, entries.len() as u16);
    z.extend(dir);
    z.extend(b"PK\x05\x06\x00\x00\x00\x00");
    z.extend(n.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend(dir_len.to_le_bytes());
    z.extend(dir_at.to_le_bytes());
    z.extend([0, 0]);
    z
}

#[test]
fn long_shared_strings_repeated_in_every_cell_are_refused_not_copied_out_of_memory() {
    // 300 distinct strings of 10,000 characters, each stored once in the shared-string table
    // (9 MB) but referenced by 40,000 cells: 1.2 GB of text once read.
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="304" uniqueCount="304">"#,
    );
    for h in ["户编号", "姓名", "证件号码", "备注"] {
        sst.push_str(&format!("<si><t>{h}</t></si>"));
    }
    for i in 0..300 {
        sst.push_str(&format!("<si><t>{i:03}{}</t></si>", "备".repeat(10_000)));
    }
    sst.push_str("</sst>");
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>"#,
    );
    for r in 2..=40_000 {
        sheet.push_str(&format!(r#"<row r="{r}"><c r="D{r}" t="s"><v>{}</v></c></row>"#, 4 + r % 300));
    }
    sheet.push_str("</sheetData></worksheet>");
    let ns = "http://schemas.openxmlformats.org";
    let bytes = stored_zip(&[
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#).into_bytes()),
        ("_rels/.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes()),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#).into_bytes()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ]);
    assert!(bytes.len() < 12 << 20, "the bomb is small: {} bytes", bytes.len());
    let started = Instant::now();
    let e = refused(&bytes, "bomb.xlsx");
    assert_eq!(e.code(), "text-too-large", "{e}");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    // On two threads the sheet is parsed in runs side by side (src/read/xlsx/split.rs), and a
    // cap reached there is settled by reading again on one thread: the same refusal, word for
    // word (its count of bytes included).
    let options = huqing::Options { threads: 2, ..Default::default() };
    let Err(e2) = huqing::check(&bytes, "bomb.xlsx", &options, &mut |_, _| {}) else {
        panic!("checked on two threads")
    };
    assert_eq!((e2.code(), e2.message_en()), (e.code(), e.message_en()));
}

#[test]
fn excels_full_sheet_of_thirty_columns_is_within_the_caps() {
    let mut g = Grid::new();
    let mut id = String::new();
    for r in 0..1_048_576u32 {
        g.start_row(r + 1);
        for c in 0..30 {
            match c {
                // Distinct values (IDs, names, cards, phones) go to an arena; the rest are codes.
                0..=5 => {
                    id.clear();
                    id.push_str(&format!("36042619{:010}", u64::from(r) * 7 + c as u64));
                    g.push(c, Kind::Text, &id);
                }
                _ => g.push(
                    c,
                    Kind::Text,
                    ["健康", "普通劳动力", "乡（镇）外县内务工", "是", "否"][(r as usize + c) % 5],
                ),
            }
        }
        if r % 65_536 == 0 {
            check_grid(&g, "S").unwrap();
        }
    }
    g.end_row();
    check_grid(&g, "S").unwrap();
    assert_eq!(g.row_count() * g.column_count(), 1_048_576 * 30);
}

/// A register of `n` rows, one household each unless `one_household`, with `cell(row)` giving
/// 姓名 and 证件号码.
fn register(n: usize, one_household: bool, cell: impl Fn(usize) -> (String, String)) -> Vec<u8> {
    let mut csv = String::from("户编号,姓名,证件号码,与户主关系,家庭人口数,行政村\n");
    for r in 0..n {
        let (name, id) = cell(r);
        let h = if one_household { 1 } else { r };
        csv.push_str(&format!("H{h},{name},{id},户主,{},村{r}\n", r % 7));
    }
    csv.into_bytes()
}

fn id18(body: &str) -> String {
    format!("{body}{}", char::from(huqing::domain::id_card::check_char(body.as_bytes())))
}

#[test]
fn hostile_shapes_of_data_take_linear_time() {
    // Each took quadratic time before (one ID in 64,000 households: 20 s); linear, each is well
    // under a second here.
    let n = 100_000;
    let shapes: [(&str, Vec<u8>); 4] = [
        ("one ID in every household", register(n, false, |_| ("张三".into(), "360426199101010071".into()))),
        (
            "one name under a thousand IDs",
            register(n, false, |r| ("张三".into(), id18(&format!("36042619910101{:03}", r % 1000)))),
        ),
        (
            "one household of distinct values",
            register(n, true, |r| (format!("张{r}"), id18(&format!("3604261991{:07}", r)))),
        ),
        ("near-identical IDs", register(n, false, |r| ("李四".into(), id18(&format!("3604261991{:07}", r / 2))))),
    ];
    for (what, bytes) in shapes {
        let started = Instant::now();
        let report = check(&bytes, "shape.csv").unwrap();
        assert_eq!(report.rows, n);
        assert!(started.elapsed() < Duration::from_secs(20), "{what}: {:?}", started.elapsed());
    }
}

#[test]
fn the_bytes_given_to_the_check_are_unchanged() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    for name in ["register-small.xlsx", "office.xls", "office.ods", "office-gbk.csv", "office-utf16.txt", "far.xls"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let copy = bytes.clone();
        let _ = check(&bytes, name);
        let mut batch = huqing::Batch::new();
        let _ = batch.add(bytes.clone(), name, &Default::default(), &mut |_, _| {});
        assert!(bytes == copy, "{name} changed");
        assert_eq!(std::fs::read(format!("{dir}/{name}")).unwrap(), copy, "{name} changed on disk");
    }
}
