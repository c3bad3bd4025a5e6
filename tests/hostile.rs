//! Hostile and broken files: each is refused (or read) within seconds with a clear code, and
//! never makes the reader allocate what the file only pretends to hold.
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// Checks `bytes`, asserting it takes under two seconds; the error code, or "ok".
fn code(bytes: &[u8], name: &str) -> String {
    let started = Instant::now();
    let result = huqing::check(bytes, name, &Default::default(), &mut |_, _| {});
    assert!(started.elapsed() < Duration::from_secs(2), "{name} took {:?}", started.elapsed());
    match result {
        Ok(_) => "ok".to_owned(),
        Err(e) => {
            assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
            e.code().to_owned()
        }
    }
}

/// The offset of the central-directory entry of `entry` in zip `z`.
fn directory_entry(z: &[u8], entry: &str) -> usize {
    let needle = [b"PK\x01\x02".as_slice()].concat();
    (0..z.len() - 46)
        .find(|&i| z[i..].starts_with(&needle) && z[i + 46..].starts_with(entry.as_bytes()))
        .unwrap_or_else(|| panic!("no {entry}"))
}

#[test]
fn a_zip_declaring_a_huge_sheet_is_refused_before_inflating() {
    let mut z = fixture("office.xlsx");
    let at = directory_entry(&z, "xl/worksheets/sheet1.xml");
    z[at + 24..at + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    assert_eq!(code(&z, "bomb.xlsx"), "too-large");
}

#[test]
fn a_zip_lying_about_its_size_is_cut_off_at_the_declared_size() {
    let mut z = fixture("office.xlsx");
    let at = directory_entry(&z, "xl/worksheets/sheet1.xml");
    z[at + 24..at + 28].copy_from_slice(&100u32.to_le_bytes());
    assert_eq!(code(&z, "liar.xlsx"), "corrupt");
}

#[test]
fn truncated_and_corrupt_workbooks_are_refused() {
    for name in ["office.xlsx", "office.ods", "office.xls"] {
        let bytes = fixture(name);
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() * 9 / 10] {
            let c = code(&bytes[..cut], name);
            assert!(["corrupt", "no-data"].contains(&c.as_str()), "{name} cut at {cut}: {c}");
        }
    }
    let mut flipped = fixture("office.xlsx");
    let mid = flipped.len() / 2;
    for b in &mut flipped[mid..mid + 200] {
        *b ^= 0x5A;
    }
    assert_eq!(code(&flipped, "flipped.xlsx"), "corrupt");
}

#[test]
fn an_xlsx_with_a_far_corner_cell_does_not_allocate_the_box() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["户编号", "姓名", "证件号码", "与户主关系"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["H1", "张三", "360426199101010071", "户主"].iter().enumerate() {
        s.write_string(1, c as u16, *v).unwrap();
    }
    s.write_string(1_048_575, 16_383, "XFD1048576").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 8000, "{} bytes", bytes.len());
    let report = huqing::check(&bytes, "far.xlsx", &Default::default(), &mut |_, _| {}).unwrap();
    assert_eq!(report.rows, 1, "the stray cell lies beyond any column a register uses");
    assert_eq!(code(&bytes, "far.xlsx"), "ok");
}

#[test]
fn an_xls_with_a_far_corner_cell_is_refused_before_calamine_allocates_it() {
    assert_eq!(code(&fixture("far.xls"), "far.xls"), "sheet-too-large");
}
