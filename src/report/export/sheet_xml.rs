//! A worksheet's rows written as SpreadsheetML as they come, deflated at once (see
//! [`super::zip_out`]), then joined with the rest of the sheet's XML as rust_xlsxwriter wrote it
//! for a sheet without rows (its columns, panes, filter and notes). The cells are written as
//! rust_xlsxwriter writes them in its constant-memory mode: text inline, numbers as Rust prints
//! them, styles by their index in styles.xml.

use super::zip_out::{deflate, Deflater, Piece};
use std::io::{self, Write};

/// Excel's longest text in a cell, in characters.
const MAX_TEXT: usize = 32_767;

/// A value of a cell as written.
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    /// No value, only the style (a filled cell the file leaves empty).
    Blank,
}

/// The rows of one sheet, in order.
pub struct SheetXml {
    out: Deflater,
    /// The row open, 0-based.
    row: Option<u32>,
    /// The last cell written, (row, column).
    last: Option<(u32, u16)>,
    /// The last row and the last column written to.
    extent: Option<(u32, u16)>,
}

/// Why a cell was not written.
#[derive(Debug)]
pub enum CellError {
    /// At or before the last cell written: a sheet's cells must come in order.
    OutOfOrder,
    TooLong,
    Io(io::Error),
}

impl From<io::Error> for CellError {
    fn from(e: io::Error) -> CellError {
        CellError::Io(e)
    }
}

impl SheetXml {
    pub fn new() -> SheetXml {
        SheetXml { out: Deflater::new(), row: None, last: None, extent: None }
    }

    /// The compressed size of the rows so far (to within the bytes not yet compressed).
    pub fn size(&self) -> u64 {
        self.out.size()
    }

    /// The last row and the last column written to, if any.
    pub fn extent(&self) -> Option<(u32, u16)> {
        self.extent
    }

    pub fn cell(&mut self, row: u32, col: u16, xf: u32, v: Value<'_>) -> Result<(), CellError> {
        if self.last.is_some_and(|last| (row, col) <= last) {
            return Err(CellError::OutOfOrder);
        }
        if let Value::Text(s) = v {
            if s.len() > MAX_TEXT && s.chars().count() > MAX_TEXT {
                return Err(CellError::TooLong);
            }
        }
        if self.row != Some(row) {
            if self.row.is_some() {
                self.out.write_all(b"</row>")?;
            }
            write!(self.out, "<row r=\"{}\">", row + 1)?;
            self.row = Some(row);
        }
        self.last = Some((row, col));
        let extent = self.extent.get_or_insert((row, col));
        *extent = (extent.0.max(row), extent.1.max(col));
        let out = &mut self.out;
        out.write_all(b"<c r=\"")?;
        out.write_all(column_name(col).as_slice())?;
        write!(out, "{}\"", row + 1)?;
        if xf != 0 {
            write!(out, " s=\"{xf}\"")?;
        }
        match v {
            Value::Blank => out.write_all(b"/>")?,
            Value::Number(x) if x.is_finite() => write!(out, "><v>{x}</v></c>")?,
            Value::Number(x) => return self.cell_text(&x.to_string()),
            Value::Bool(b) => write!(out, " t=\"b\"><v>{}</v></c>", u8::from(b))?,
            Value::Text(s) => {
                let edge = |c: char| matches!(c, '\t' | '\n' | ' ');
                let preserve = if s.starts_with(edge) || s.ends_with(edge) { " xml:space=\"preserve\"" } else { "" };
                write!(out, " t=\"inlineStr\"><is><t{preserve}>")?;
                escape(out, s)?;
                out.write_all(b"</t></is></c>")?;
            }
        }
        Ok(())
    }

    /// The end of a cell begun, as text (a number Excel cannot hold).
    fn cell_text(&mut self, s: &str) -> Result<(), CellError> {
        self.out.write_all(b" t=\"inlineStr\"><is><t>")?;
        escape(&mut self.out, s)?;
        self.out.write_all(b"</t></is></c>")?;
        Ok(())
    }

    /// The sheet's XML: `skeleton` (the sheet as written without rows) with these rows in its
    /// `<sheetData>` and its dimension made theirs, as deflated pieces of one part.
    pub fn join(mut self, skeleton: &str) -> io::Result<Vec<Piece>> {
        if self.row.is_some() {
            self.out.write_all(b"</row>")?;
        }
        let bad = || io::Error::other("a worksheet without <sheetData>");
        let start = skeleton.find("<sheetData").ok_or_else(bad)?;
        let end = match skeleton[start..].find("</sheetData>") {
            Some(at) => start + at + "</sheetData>".len(),
            None => start + skeleton[start..].find("/>").ok_or_else(bad)? + 2,
        };
        let mut head = skeleton[..start].to_owned();
        if let (Some(at), Some((row, col))) = (head.find("<dimension ref=\""), self.extent) {
            let at = at + "<dimension ref=\"".len();
            let close = at + head[at..].find('"').ok_or_else(bad)?;
            let col = String::from_utf8_lossy(column_name(col).as_slice()).into_owned();
            head.replace_range(at..close, &format!("A1:{col}{}", row + 1));
        }
        head.push_str("<sheetData>");
        let rows = self.out.finish(false)?;
        let tail = format!("</sheetData>{}", &skeleton[end..]);
        Ok(vec![deflate(head.as_bytes(), false)?, rows, deflate(tail.as_bytes(), true)?])
    }
}

/// A column's letters ("A", "Z", "AA", … "XFD"), without allocating.
fn column_name(col: u16) -> ColumnName {
    let mut letters = [0u8; 3];
    let mut n = col as u32 + 1;
    let mut len = 0;
    while n > 0 && len < 3 {
        let d = (n - 1) % 26;
        letters[2 - len] = b'A' + d as u8;
        len += 1;
        n = (n - 1) / 26;
    }
    ColumnName { letters, len }
}

struct ColumnName {
    letters: [u8; 3],
    len: usize,
}

impl ColumnName {
    fn as_slice(&self) -> &[u8] {
        &self.letters[3 - self.len..]
    }
}

/// Writes `s` as XML text the way Excel reads it back: `&`, `<`, `>` as entities, control
/// characters as `_xHHHH_`, and a literal `_xHHHH_` with its underscore escaped.
pub fn escape(out: &mut impl Write, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let control = b < 0x20 && b != b'\t' && b != b'\n';
        let literal_escape = b == b'_' && is_escape(&bytes[i..]);
        if !(control || literal_escape || matches!(b, b'&' | b'<' | b'>')) {
            continue;
        }
        out.write_all(&bytes[from..i])?;
        match b {
            b'&' => out.write_all(b"&amp;")?,
            b'<' => out.write_all(b"&lt;")?,
            b'>' => out.write_all(b"&gt;")?,
            b'_' => out.write_all(b"_x005F_")?,
            _ => write!(out, "_x{b:04X}_")?,
        }
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

/// Whether `s` starts with `_xHHHH_`.
fn is_escape(s: &[u8]) -> bool {
    s.len() >= 7 && s[1] == b'x' && s[6] == b'_' && s[2..6].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::zip_out::ZipOut;
    use std::io::{Cursor, Read};

    fn xml(sheet: SheetXml, skeleton: &str) -> String {
        let mut zip = ZipOut::new(Vec::new());
        zip.deflated("s.xml", &sheet.join(skeleton).unwrap()).unwrap();
        let bytes = zip.finish().unwrap();
        let mut text = String::new();
        zip::ZipArchive::new(Cursor::new(bytes)).unwrap().by_index(0).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn rows_go_into_the_sheet_data_and_the_dimension_is_theirs() {
        let mut s = SheetXml::new();
        s.cell(0, 0, 0, Value::Text(" 户主 ")).unwrap();
        s.cell(0, 27, 3, Value::Number(2.5)).unwrap();
        s.cell(4, 1, 5, Value::Blank).unwrap();
        s.cell(4, 2, 0, Value::Bool(true)).unwrap();
        s.cell(4, 3, 0, Value::Number(f64::NAN)).unwrap();
        assert!(matches!(s.cell(4, 3, 0, Value::Blank), Err(CellError::OutOfOrder)));
        assert!(matches!(s.cell(3, 9, 0, Value::Blank), Err(CellError::OutOfOrder)));
        let long = "长".repeat(MAX_TEXT + 1);
        assert!(matches!(s.cell(9, 0, 0, Value::Text(&long)), Err(CellError::TooLong)));
        assert_eq!(s.extent(), Some((4, 27)));
        let out = xml(
            s,
            r#"<worksheet><dimension ref="A1:C1"/><sheetData><row r="1"><c r="A1"/></row></sheetData><legacyDrawing r:id="rId1"/></worksheet>"#,
        );
        assert_eq!(
            out,
            concat!(
                r#"<worksheet><dimension ref="A1:AB5"/><sheetData>"#,
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 户主 </t></is></c><c r="AB1" s="3"><v>2.5</v></c></row>"#,
                r#"<row r="5"><c r="B5" s="5"/><c r="C5" t="b"><v>1</v></c><c r="D5" t="inlineStr"><is><t>NaN</t></is></c></row>"#,
                r#"</sheetData><legacyDrawing r:id="rId1"/></worksheet>"#
            )
        );
    }

    #[test]
    fn an_empty_sheet_keeps_its_skeleton() {
        let out = xml(SheetXml::new(), r#"<worksheet><dimension ref="A1"/><sheetData/><pageMargins/></worksheet>"#);
        assert_eq!(out, r#"<worksheet><dimension ref="A1"/><sheetData></sheetData><pageMargins/></worksheet>"#);
    }

    #[test]
    fn text_is_escaped_as_excel_reads_it() {
        let mut out = Vec::new();
        escape(&mut out, "a<b>&c\u{1}d\te_x0041_f_x12_").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a&lt;b&gt;&amp;c_x0001_d\te_x005F_x0041_f_x12_");
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        let name = |c| String::from_utf8(column_name(c).as_slice().to_vec()).unwrap();
        assert_eq!(
            [name(0), name(25), name(26), name(701), name(702), name(16_383)],
            ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
        );
    }
}
