//! Refusing `.xls` sheets whose cells span an absurd box, before calamine allocates it.
//!
//! calamine parses every sheet of an `.xls` when it opens the file and stores each as a dense
//! range: two cells at A1 and IV65536 cost 16.7 million cells of 32 bytes, then a copy. This
//! walks the compound file (OLE) to the `Workbook` stream and its BIFF cell records, measures each
//! sheet's bounding box, and refuses a workbook whose boxes add up to more than [`MAX_CELLS`].
//! A compound file it cannot follow (a sector chain leaving the allocation table, a small stream
//! without the mini-stream tables) is refused as damaged: calamine indexes those tables without
//! checking, and a panic in the browser would kill the worker.

use crate::base::error::{Error, ErrorKind};
use crate::base::limits::LIMITS;

/// Most cells the dense ranges of all sheets may hold together (about 200 MB in calamine).
const MAX_CELLS: u64 = LIMITS.xls_cells;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// Checks the `.xls` file `bytes`: refuses a password-protected one (a FILEPASS record, after
/// which every record is encrypted) and one whose sheets span too many cells.
pub fn check(bytes: &[u8]) -> Result<(), Error> {
    let Some(stream) = workbook_stream(bytes).ok_or_else(damaged)? else { return Ok(()) };
    if is_encrypted(&stream) {
        return Err(ErrorKind::Encrypted.into());
    }
    let mut total = 0u64;
    for sheet in boxes(&stream) {
        let spanned = if sheet.rows.0 <= sheet.rows.1 {
            (u64::from(sheet.rows.1 - sheet.rows.0) + 1) * (u64::from(sheet.cols.1 - sheet.cols.0) + 1)
        } else {
            0
        };
        let cells = spanned + sheet.declared;
        total += cells;
        if total > MAX_CELLS {
            return Err(ErrorKind::SheetTooLarge { sheet: sheet.name, cells }.into());
        }
    }
    Ok(())
}

/// True when the workbook globals hold a FILEPASS record (before their EOF).
fn is_encrypted(stream: &[u8]) -> bool {
    let mut at = 0;
    while at + 4 <= stream.len() {
        match u16_at(stream, at) {
            0x002F => return true,
            0x000A => return false,
            _ => at += 4 + usize::from(u16_at(stream, at + 2)),
        }
    }
    false
}

/// The rows and columns one sheet's cells span, and the cells its DIMENSIONS record declares
/// (calamine reserves room for those before it reads a cell).
struct SheetBox {
    name: String,
    rows: (u16, u16),
    cols: (u16, u16),
    declared: u64,
}

/// The bounding box of each sheet's cells, read as calamine reads them: the globals up to their
/// EOF name each sheet and where its records start; each sheet is then read from there (whatever
/// lies at that offset), nested substreams (charts) skipped, up to its EOF. A STRING record is a
/// cell at the last FORMULA's place, (0, 0) before any: one at A1 and one at (65535, 65535)
/// cost 137 GB.
fn boxes(stream: &[u8]) -> Vec<SheetBox> {
    let mut names: Vec<(usize, String)> = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 if data.len() >= 8 => names.push((u32_at(data, 0) as usize, sheet_name(&data[6..]))),
            0x000A => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (pos, name) in names {
        let Some(sheet) = stream.get(pos..) else { continue };
        let mut b = SheetBox { name, rows: (u16::MAX, 0), cols: (u16::MAX, 0), declared: 0 };
        let mut cell = |row: u16, first: u16, last: u16| {
            b.rows = (b.rows.0.min(row), b.rows.1.max(row));
            b.cols = (b.cols.0.min(first), b.cols.1.max(last.max(first)));
        };
        let (mut seen_bof, mut depth, mut formula) = (false, 0usize, (0u16, 0u16));
        for (kind, data) in records(sheet) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => b.declared = b.declared.max(declared_cells(data)),
                // FORMULA: a cell, and the place of a STRING record after it.
                0x0006 if data.len() >= 4 => {
                    formula = (u16_at(data, 0), u16_at(data, 2));
                    cell(formula.0, formula.1, formula.1);
                }
                0x0207 => cell(formula.0, formula.1, formula.1),
                // LABELSST, NUMBER, RK, LABEL, BOOLERR, RSTRING, and the multi-cell MULRK whose
                // last column ends the record.
                0x00FD | 0x0203 | 0x027E | 0x0204 | 0x0205 | 0x00D6 | 0x00BD if data.len() >= 4 => {
                    let col = u16_at(data, 2);
                    let last = if kind == 0x00BD { u16_at(data, data.len() - 2) } else { col };
                    cell(u16_at(data, 0), col, last);
                }
                _ => {}
            }
        }
        if b.rows.0 <= b.rows.1 || b.declared > 0 {
            out.push(b);
        }
    }
    out
}

/// The records of a BIFF stream as calamine frames them: (type, data), up to the first that the
/// stream's end cuts short (where calamine stops with an error). CONTINUE records are its own.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(stream, at + 2));
        let data = stream.get(at + 4..at + 4 + len).filter(|_| at + 4 <= stream.len())?;
        let kind = u16_at(stream, at);
        at += 4 + len;
        Some((kind, data))
    })
}

/// The cells calamine reserves for a DIMENSIONS record, by its own arithmetic: a first row past
/// the last wraps round to billions (a fuzzed file asked for terabytes that way).
fn declared_cells(d: &[u8]) -> u64 {
    let (first_row, rows_end, first_col, cols_end) = match d.len() {
        10 => (u32::from(u16_at(d, 0)), u32::from(u16_at(d, 2)), u32::from(u16_at(d, 4)), u32::from(u16_at(d, 6))),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u32::from(u16_at(d, 8)), u32::from(u16_at(d, 10))),
        _ => return 0,
    };
    if rows_end < 1 || cols_end < 1 {
        return 1;
    }
    let first_col = if first_col > 0xFF || cols_end < first_col { 0 } else { first_col };
    let rows = (rows_end - 1).wrapping_sub(first_row).wrapping_add(1);
    let cols = (cols_end - 1).wrapping_sub(first_col).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

/// A BOUNDSHEET name: a length, then (BIFF8) a flag byte and Latin-1 or UTF-16 characters, or
/// (BIFF5) code-page bytes, shown here as far as they are ASCII.
fn sheet_name(d: &[u8]) -> String {
    let len = usize::from(d.first().copied().unwrap_or(0));
    match d.get(1) {
        Some(1) => {
            let units: Vec<u16> = d
                .get(2..2 + 2 * len)
                .unwrap_or_default()
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(0) => d.get(2..2 + len).unwrap_or_default().iter().map(|&b| char::from(b)).collect(),
        _ => String::from_utf8_lossy(d.get(1..1 + len).unwrap_or_default()).into_owned(),
    }
}

fn damaged() -> Error {
    ErrorKind::Corrupt { detail: "OLE 复合文档结构损坏 / the compound-file structure is broken".into() }.into()
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of a compound file: `Some(None)` when there
/// is none (calamine then says so), `None` when the file's tables cannot be followed.
fn workbook_stream(b: &[u8]) -> Option<Option<Vec<u8>>> {
    let shift = u32::from(u16_at(b, 0x1E));
    if shift != 9 && shift != 12 {
        return Some(None); // calamine refuses other sector sizes itself
    }
    let size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        // A file cut inside its last sector still yields that sector's start, as in calamine.
        let start = usize::try_from((u64::from(id) + 1) * size as u64).ok().filter(|&s| s < b.len())?;
        b.get(start..b.len().min(start + size))
    };
    // The FAT: its sectors are listed in the header's 109 slots, then in a DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(b, 0x4C + 4 * i)).filter(|&s| s < END_OF_CHAIN).collect();
    let mut difat = u32_at(b, 0x44);
    let max_sectors = b.len() / size + 1;
    while difat < END_OF_CHAIN && fat_sectors.len() < max_sectors {
        let s = sector(difat)?;
        // A DIFAT sector cut short by the file's end lists what it holds; its link is then lost.
        fat_sectors
            .extend(s[..s.len().min(size - 4)].chunks_exact(4).map(|c| u32_at(c, 0)).filter(|&s| s < END_OF_CHAIN));
        difat = u32_at(s, size - 4);
    }
    let fat: Vec<u32> =
        fat_sectors.iter().filter_map(|&s| sector(s)).flat_map(|s| s.chunks_exact(4).map(|c| u32_at(c, 0))).collect();
    let chain = |start: u32, limit: usize| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        while id < END_OF_CHAIN && out.len() < limit {
            out.extend_from_slice(sector(id)?);
            if out.len() >= limit {
                break; // as calamine stops, without the last sector's entry
            }
            id = *fat.get(id as usize)?;
            if out.len() > b.len() {
                return None; // a loop in the chain
            }
        }
        Some(out)
    };
    let dir = chain(u32_at(b, 0x30), usize::MAX)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let name_of = |e: &[u8]| {
        let len = usize::from(u16_at(e, 64)).min(64) / 2;
        String::from_utf16_lossy(
            &e[..len.saturating_sub(1) * 2]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
    };
    let Some(entry) = entries.iter().find(|e| matches!(name_of(e).as_str(), "Workbook" | "Book" | "WORKBOOK" | "BOOK"))
    else {
        return Some(None);
    };
    let (start, len) = (u32_at(entry, 116), u32_at(entry, 120) as usize);
    if len >= u32_at(b, 0x38) as usize {
        let mut s = chain(start, len)?;
        s.truncate(len);
        return Some(Some(s));
    }
    // A small stream lives in 64-byte sectors of the root entry's mini stream.
    let root = entries.first()?;
    let mini_stream = chain(u32_at(root, 116), usize::MAX)?;
    let mini_fat: Vec<u32> = chain(u32_at(b, 0x3C), usize::MAX)?.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
    let mut out = Vec::new();
    let mut id = start;
    while id < END_OF_CHAIN && out.len() < len {
        out.extend_from_slice(mini_stream.get(id as usize * 64..id as usize * 64 + 64)?);
        if out.len() >= len {
            break;
        }
        id = *mini_fat.get(id as usize)?;
    }
    out.truncate(len);
    Some(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(END_OF_CHAIN, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    /// A BIFF8 stream: globals naming one sheet, then the sheet holding `cells`.
    fn stream(cells: &[(u16, u16)]) -> Vec<u8> {
        let mut globals = record(0x0809, &[0; 16]);
        let mut bound = 0u32.to_le_bytes().to_vec();
        bound.extend([0, 0, 2, 0]);
        bound.extend(b"S1");
        let bound_len = record(0x0085, &bound).len();
        let eof = record(0x000A, &[]);
        let sheet_at = (globals.len() + bound_len + eof.len()) as u32;
        bound[..4].copy_from_slice(&sheet_at.to_le_bytes());
        globals.extend(record(0x0085, &bound));
        globals.extend(&eof);
        globals.extend(record(0x0809, &[0; 16]));
        for &(r, c) in cells {
            globals.extend(number(r, c));
        }
        globals.extend(eof);
        globals
    }

    #[test]
    fn measures_each_sheet() {
        let b = boxes(&stream(&[(0, 0), (99, 3), (5, 1)]));
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].name.as_str(), b[0].rows, b[0].cols), ("S1", (0, 99), (0, 3)));
    }

    #[test]
    fn sees_filepass() {
        let mut s = record(0x0809, &[0; 16]);
        assert!(!is_encrypted(&s));
        s.extend(record(0x002F, &[1, 0]));
        assert!(is_encrypted(&s));
    }

    /// A STRING record with no FORMULA before it is a cell at A1, as calamine reads it.
    #[test]
    fn a_string_record_without_a_formula_is_a_cell_at_a1() {
        let mut s = stream(&[(65535, 65535)]);
        let eof = s.split_off(s.len() - 4);
        s.extend(record(0x0207, &[1, 0, 0, b'x']));
        s.extend(eof);
        let b = boxes(&s);
        assert_eq!((b[0].rows, b[0].cols), ((0, 65535), (0, 65535)));
    }

    #[test]
    fn a_far_corner_makes_an_absurd_box() {
        let b = boxes(&stream(&[(0, 0), (65535, 255)]));
        assert_eq!((u64::from(b[0].rows.1) + 1) * (u64::from(b[0].cols.1) + 1), 16_777_216);
    }
}
