//! Delimited text (`.csv`, `.tsv`, `.txt`): decoding, delimiter choice, and rows numbered as
//! Excel numbers them when it opens the file (a blank line is a row too).

use super::{Book, Format};
use crate::error::{Error, ErrorKind};
use crate::limits;
use crate::table::{Grid, Kind};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// A text file, decoded once.
pub struct CsvBook<'a> {
    name: String,
    text: Cow<'a, str>,
    encoding: &'static str,
}

impl<'a> CsvBook<'a> {
    /// Decodes `bytes` as `forced` (a WHATWG encoding label) when given, else as detected.
    pub fn new(bytes: &'a [u8], file_name: &str, forced: Option<&str>) -> Result<CsvBook<'a>, Error> {
        let (text, encoding) = match forced {
            Some(label) => decode_as(bytes, label)?,
            None => decode(bytes)?,
        };
        let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        let name = stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_owned();
        Ok(CsvBook { name, text, encoding })
    }
}

/// Decodes as the user chose: undecodable bytes become U+FFFD, so that a wrong choice shows as
/// garbling in the header rather than as a refusal.
fn decode_as<'b>(bytes: &'b [u8], label: &str) -> Result<(Cow<'b, str>, &'static str), Error> {
    let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| ErrorKind::BadOptions {
        detail: format!("unknown encoding \"{label}\" (use utf-8, gb18030, gbk, utf-16le, utf-16be, big5 …)"),
    })?;
    let (text, _) = enc.decode_with_bom_removal(bytes);
    Ok((text, enc.name()))
}

/// Decodes by BOM, then as UTF-8 when valid, else as GB18030 (the superset of GBK and GB2312
/// that Chinese Windows writes).
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Error> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(ErrorKind::Encoding.into());
        }
        return Ok((text, enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(s), UTF_8.name()));
    }
    // UTF-16 without a BOM: every other byte of ASCII text is NUL.
    let nul_odd = bytes.iter().skip(1).step_by(2).take(512).filter(|b| **b == 0).count();
    let nul_even = bytes.iter().step_by(2).take(512).filter(|b| **b == 0).count();
    for (enc, nuls) in [(UTF_16LE, nul_odd), (UTF_16BE, nul_even)] {
        if nuls > 16 {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if !had_errors {
                return Ok((text, enc.name()));
            }
        }
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ErrorKind::Encoding.into());
    }
    Ok((text, GB18030.name()))
}

/// The delimiter of the first line: tab, comma or semicolon, whichever occurs most.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or("");
    [b'\t', b',', b';']
        .into_iter()
        .max_by_key(|d| (line.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

impl Book for CsvBook<'_> {
    fn format(&self) -> Format {
        Format::Csv
    }

    fn sheet_names(&self) -> Vec<String> {
        vec![self.name.clone()]
    }

    fn encoding(&self) -> Option<&'static str> {
        Some(self.encoding)
    }

    fn read_sheet(
        &mut self,
        name: &str,
        max_rows: Option<usize>,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Grid, Error> {
        if name != self.name {
            return Err(ErrorKind::SheetNotFound { name: name.into(), sheets: self.sheet_names() }.into());
        }
        let text = self.text.as_bytes();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter(&self.text))
            .from_reader(text);
        let mut grid = Grid::new();
        let mut record = csv::ByteRecord::new();
        // Excel's row of a record: 1 + line breaks before it, less those inside quoted fields
        // (a record spanning lines is one row in Excel, and blank lines are rows too).
        let (mut line, mut scanned, mut inside) = (1u64, 0usize, 0u64);
        let mut rows = 0usize;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(ErrorKind::Corrupt { detail: e.to_string() }.into()),
            }
            if max_rows.is_some_and(|m| rows >= m) {
                break;
            }
            // The reported start lies before the blank lines the reader skipped.
            let mut start = record.position().map_or(scanned, |p| p.byte() as usize);
            while matches!(text.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            line += text[scanned..start].iter().filter(|b| **b == b'\n').count() as u64;
            scanned = start;
            let own: u64 = record.iter().map(|f| f.iter().filter(|b| **b == b'\n').count() as u64).sum();
            let excel_row = (line - inside) as u32;
            inside += own;
            // A line of bare delimiters is left out, as an empty line is: a gap in the row
            // numbers, which the table reports as a blank row.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            limits::check_grid(&grid, &self.name)?;
            grid.start_row(excel_row);
            rows += 1;
            for (col, field) in record.iter().enumerate() {
                // The bytes came from a &str and fields split on ASCII, so they are UTF-8.
                let field = std::str::from_utf8(field).unwrap_or_default();
                if !field.is_empty() {
                    grid.push(col, Kind::Text, field);
                }
            }
            if rows % 8192 == 0 {
                progress(start as f32 / text.len() as f32);
            }
        }
        grid.end_row();
        limits::check_grid(&grid, &self.name)?;
        Ok(grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Grid {
        let mut b = CsvBook::new(bytes, "x.csv", None).unwrap();
        b.read_sheet("x", None, &mut |_| {}).unwrap()
    }

    #[test]
    fn rows_keep_excel_numbers_across_blank_lines_and_quoted_newlines() {
        let g = read("a,b\n\n\"x\ny\",2\n3,4\n".as_bytes());
        assert_eq!(g.row_count(), 3);
        assert_eq!((g.excel_row(0), g.excel_row(1), g.excel_row(2)), (1, 3, 4));
        assert_eq!(g.text(0, 1), "x\ny");
    }

    #[test]
    fn lines_of_bare_delimiters_are_gaps() {
        let g = read("a,b\n1,2\n,,\n \t, \n3,4\n".as_bytes());
        assert_eq!(g.row_count(), 3);
        assert_eq!(g.excel_row(2), 5);
    }

    #[test]
    fn decodes_bom_utf8_gbk_and_utf16() {
        let g = read("\u{FEFF}姓名,户编号\n张三,1\n".as_bytes());
        assert_eq!(g.text(0, 0), "姓名");
        let (gbk, _, _) = GB18030.encode("姓名,户编号\n张三,1\n");
        assert_eq!(read(&gbk).text(0, 1), "张三");
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend("姓名\t户编号\n张三\t1\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&u16).text(1, 1), "1");
        let mut be = vec![0xFE, 0xFF];
        be.extend("姓名,户编号\n张三,1\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read(&be).text(0, 1), "张三");
    }

    #[test]
    fn reads_gb18030_only_characters_not_as_gb2312() {
        // 㑇 is a two-byte GBK character outside GB2312; 𠀀 (U+20000) is four bytes in GB18030.
        let (bytes, _, unmappable) = GB18030.encode("姓名,户编号\n张㑇𠀀,1\n");
        assert!(!unmappable);
        let b = CsvBook::new(&bytes, "x.csv", None).unwrap();
        assert_eq!(b.encoding, "gb18030");
        assert_eq!(read(&bytes).text(0, 1), "张㑇𠀀");
    }

    #[test]
    fn a_chosen_encoding_overrides_detection() {
        let (gbk, _, _) = GB18030.encode("姓名,户编号\n张三,1\n");
        let mut b = CsvBook::new(&gbk, "x.csv", Some("utf-16le")).unwrap();
        assert_eq!(b.encoding(), Some("UTF-16LE"));
        assert_ne!(b.read_sheet("x", None, &mut |_| {}).unwrap().text(0, 0), "姓名", "garbled, as chosen");
        let b = CsvBook::new("姓名\n".as_bytes(), "x.csv", Some("GBK")).unwrap();
        assert_eq!(b.encoding, "GBK");
        assert_eq!(CsvBook::new(b"a", "x.csv", Some("klingon")).err().map(|e| e.code()), Some("bad-options"));
    }
}
