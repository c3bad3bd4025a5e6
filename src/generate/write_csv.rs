//! Writing a register as CSV (RFC 4180 quoting, CRLF line ends as Excel writes them) in UTF-8,
//! UTF-8 with BOM, GBK or UTF-16LE with BOM. Title rows are as wide as the table, the title in the
//! first field, as Excel saves a sheet with a title band.

use std::collections::HashMap;
use std::io::Write;

use super::{Cell, CsvEncoding, Register};

/// Streams `register` to `out`.
pub fn write<W: Write>(register: &Register, encoding: CsvEncoding, out: W) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("writing CSV: {e}");
    let mut out = Encode { inner: out, encoding, pending: Vec::new(), gbk: HashMap::new() };
    match encoding {
        CsvEncoding::Utf8Bom => out.inner.write_all(b"\xEF\xBB\xBF"),
        CsvEncoding::Utf16Le => out.inner.write_all(b"\xFF\xFE"),
        CsvEncoding::Utf8 | CsvEncoding::Gbk => Ok(()),
    }
    .map_err(|e| err(&e))?;

    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
    let blanks = vec![""; register.headers.len().saturating_sub(1)];
    for line in register.title_lines() {
        w.write_record(std::iter::once(line.as_str()).chain(blanks.iter().copied())).map_err(|e| err(&e))?;
    }
    w.write_record(&register.headers).map_err(|e| err(&e))?;
    for row in &register.rows {
        for cell in row {
            let number;
            let field = match cell {
                Cell::Text(s) => s.as_str(),
                Cell::Number(x) => {
                    number = format_number(*x);
                    number.as_str()
                }
                Cell::Empty => "",
            };
            w.write_field(field).map_err(|e| err(&e))?;
        }
        w.write_record(None::<&[u8]>).map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))?;
    drop(w);
    out.flush().map_err(|e| err(&e))?;
    if !out.pending.is_empty() {
        return Err(err(&"incomplete UTF-8 at the end"));
    }
    Ok(())
}

/// A number as a spreadsheet shows it: integers without a decimal point.
fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// Re-encodes the UTF-8 the CSV writer produces. The writer flushes its buffer wherever it is
/// full, possibly inside a character, so an incomplete tail waits for the next write.
struct Encode<W> {
    inner: W,
    encoding: CsvEncoding,
    pending: Vec<u8>,
    /// GBK bytes of each character met so far: encoding_rs looks Hanzi up slowly (its fast tables
    /// are a cargo feature), and a register uses only a few hundred distinct characters.
    gbk: HashMap<char, Vec<u8>>,
}

impl<W: Write> Write for Encode<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if matches!(self.encoding, CsvEncoding::Utf8 | CsvEncoding::Utf8Bom) {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = std::str::from_utf8(&self.pending[..valid]).expect("checked above");
        let mut bytes = Vec::with_capacity(text.len() * 2);
        if self.encoding == CsvEncoding::Gbk {
            for c in text.chars() {
                if c.is_ascii() {
                    bytes.push(c as u8);
                } else {
                    let gbk = self
                        .gbk
                        .entry(c)
                        .or_insert_with(|| encoding_rs::GBK.encode(c.encode_utf8(&mut [0; 4])).0.into_owned());
                    bytes.extend_from_slice(gbk);
                }
            }
        } else {
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        self.inner.write_all(&bytes)?;
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_a_spreadsheet() {
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(2019.0), "2019");
        assert_eq!(format_number(5234.57), "5234.57");
    }

    #[test]
    fn a_character_split_across_writes_is_kept_whole() {
        let mut out =
            Encode { inner: Vec::new(), encoding: CsvEncoding::Gbk, pending: Vec::new(), gbk: HashMap::new() };
        let bytes = "户编号".as_bytes();
        out.write_all(&bytes[..4]).unwrap();
        out.write_all(&bytes[4..]).unwrap();
        assert!(out.pending.is_empty());
        assert_eq!(encoding_rs::GBK.decode(&out.inner).0, "户编号");
    }
}
