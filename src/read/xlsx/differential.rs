//! The scanner against calamine on the same bytes, for the unit tests over every fixture and
//! the `read_xlsx_diff` fuzz target (feature `fuzzing`): every sheet read to the same cells by
//! both, or both refuse it, or the scanner leaves the workbook to calamine (as the reader then
//! does, so the two never disagree in use).

use super::sheet::Stop;
use super::{split, Fast};
use crate::read::table::{Grid, Kind};
use crate::read::workbook::Workbook;
use crate::read::{caps, zip_guard, Book, Format};

/// How the two readers agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// Both read every sheet to the same cells (a sheet both refuse counts as the same).
    Same,
    /// The scanner gives the workbook to calamine, for this reason.
    LeftToCalamine(&'static str),
    /// Neither opens the workbook.
    BothRefuse,
    /// The reader's guards refuse the bytes before either reader sees them.
    Guarded,
}

/// Reads every sheet of `bytes` with both readers, behind the guards the reader has; `Err`
/// describes the first difference.
pub fn compare(bytes: &[u8]) -> Result<Agreement, String> {
    if caps::check_file(bytes).is_err() || zip_guard::check(bytes).is_err() {
        return Ok(Agreement::Guarded);
    }
    let slow = Workbook::new(bytes, Format::Xlsx, &|_| {});
    let mut fast = match Fast::open(bytes, &|_| {}) {
        Ok(fast) => fast,
        Err(u) if slow.is_ok() => return Ok(Agreement::LeftToCalamine(u.0)),
        Err(_) => return Ok(Agreement::BothRefuse),
    };
    let names: Vec<String> = fast.layout.sheets.iter().map(|(n, _)| n.clone()).collect();
    // The scanner opens what calamine refuses when the damage lies in a part it reads later
    // (shared strings, a sheet): each sheet must then be refused by the scanner too, as the
    // reader does when it gives the sheet to calamine.
    let mut slow = match slow {
        Ok(slow) => slow,
        Err(e) => {
            for name in &names {
                if fast.read(name, None, 0).is_ok() {
                    return Err(format!(
                        "calamine refuses the workbook ({}), the scanner reads sheet {name}",
                        e.message_en()
                    ));
                }
            }
            return Ok(Agreement::BothRefuse);
        }
    };
    if names != slow.sheet_names() {
        return Err(format!("sheet names: scanner {names:?}, calamine {:?}", slow.sheet_names()));
    }
    for name in names {
        let expected = slow.read_sheet(&name, None, &mut |_| {});
        let got = match fast.read(&name, None, 0) {
            Ok(grid) => Ok(grid),
            Err(Stop::Unknown(u)) => return Ok(Agreement::LeftToCalamine(u.0)),
            Err(Stop::Limit(e)) => Err(e),
            Err(Stop::Unplaced) => return Err(format!("sheet {name}: a cell without its row, read on one thread")),
        };
        if let Ok(got) = &got {
            read_in_runs(&mut fast, &name, got)?;
        }
        match (got, expected) {
            (Ok(got), Ok(expected)) => {
                if cells(&got) != cells(&expected) {
                    return Err(format!("sheet {name}: scanner {:?}, calamine {:?}", cells(&got), cells(&expected)));
                }
                if got.dropped_cells != expected.dropped_cells {
                    return Err(format!(
                        "sheet {name}: {} cells dropped by the scanner, {} by calamine",
                        got.dropped_cells, expected.dropped_cells
                    ));
                }
            }
            (Err(_), Err(_)) => {}
            (Ok(_), Err(e)) => {
                return Err(format!("sheet {name}: calamine refuses it ({}), the scanner reads it", e.message_en()))
            }
            (Err(e), Ok(_)) => {
                return Err(format!("sheet {name}: the scanner refuses it ({}), calamine reads it", e.message_en()))
            }
        }
    }
    Ok(Agreement::Same)
}

/// The shared strings and the sheet read in runs on several threads ([`split`]), cut small so
/// that a small part makes many: the same as on one thread (the grid's stores and counts too),
/// unless the reader would read it again on one thread.
fn read_in_runs(fast: &mut Fast<'_>, name: &str, one: &Grid) -> Result<(), String> {
    let Ok(i) = fast.open_sheet(name, 0) else { return Err(format!("sheet {name}: read once, not twice")) };
    let book = Fast::book(&fast.strings, &fast.layout);
    if let (Some(strings), Some(one)) = (fast.layout.strings, &fast.strings) {
        for piece in [61, 1000, 1 << 16] {
            if let Some(Ok(runs)) = split::strings((fast.bytes, strings), &fast.tally, 3, piece) {
                if runs != *one {
                    return Err(format!("shared strings in runs of {piece} bytes {runs:?}, on one thread {one:?}"));
                }
            }
        }
    }
    for piece in [61, 1000, 1 << 16] {
        if let Some(Ok(grid)) = split::sheet((fast.bytes, i), &fast.tally, 3, piece, &book, name) {
            if grid != *one {
                return Err(format!(
                    "sheet {name}: in runs of {piece} bytes {:?}, on one thread {:?}",
                    cells(&grid),
                    cells(one)
                ));
            }
        }
    }
    Ok(())
}

/// Every cell that is not blank: (Excel row, column, kind, text).
fn cells(g: &Grid) -> Vec<(u32, usize, Kind, String)> {
    let mut out = Vec::new();
    for r in 0..g.row_count() {
        for c in 0..g.column_count() {
            if g.kind(c, r) != Kind::Empty || !g.text(c, r).is_empty() {
                out.push((g.excel_row(r), c, g.kind(c, r), g.text(c, r).to_owned()));
            }
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz/read_xlsx_diff");

    /// Shared strings that are not UTF-8: calamine refuses the workbook on opening, the scanner
    /// opens it and refuses its sheet on reading (and the reader gives it to calamine).
    #[test]
    fn both_refuse_a_workbook_whose_shared_strings_are_not_utf8() {
        let bytes = std::fs::read(format!("{DIR}/shared-strings-not-utf8.xlsx")).unwrap();
        assert_eq!(compare(&bytes), Ok(Agreement::BothRefuse));
        let e = crate::read::open(&bytes, "f.xlsx", None).and_then(|mut book| {
            let sheet = book.sheet_names().remove(0);
            book.read_sheet(&sheet, None, &mut |_| {})
        });
        assert_eq!(e.err().map(|e| e.code()), Some("corrupt"));
    }

    /// A sheet that inflates to other bytes than its CRC-32 says: refused when it is inflated on
    /// a thread of its own (which leaves the sum to the parser's side) as on one thread.
    #[test]
    fn a_sheet_whose_sum_differs_is_refused_on_any_threads() {
        let bytes = std::fs::read(format!("{DIR}/sheet-crc-mismatch.xlsx")).unwrap();
        for threads in [0, 1, 2, 3] {
            let mut fast = Fast::open(&bytes, &|_| {}).unwrap();
            let name = fast.layout.sheets[0].0.clone();
            assert!(fast.read(&name, None, threads).is_err(), "read on {threads} threads");
        }
    }

    /// Every input the differential fuzz target failed on.
    #[test]
    fn agrees_on_every_input_the_fuzzer_failed_on() {
        for entry in std::fs::read_dir(DIR).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            assert!(compare(&bytes).is_ok(), "{}: {:?}", path.display(), compare(&bytes));
        }
    }
}
