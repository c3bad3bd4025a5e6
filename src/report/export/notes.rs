//! The notes of the checked sheet as its comments part and the VML drawing that shows them,
//! written as rust_xlsxwriter writes them but straight into deflated pieces from the marks:
//! rust_xlsxwriter keeps some 20 KB a note (each in its own row's tree node, cloned twice while
//! saving), which a register with a finding on every row could not afford.

use super::sheet_xml::escape;
use super::zip_out::{deflate, Deflater, Piece};
use std::io::{self, Write};

/// A note: the 0-based cell it annotates, its text and its height in pixels.
pub struct Note {
    pub row: u32,
    pub col: u16,
    pub text: String,
    pub height: u32,
}

/// The author the notes are signed with.
pub const AUTHOR: &str = "户清";
/// The width of a note in pixels.
pub const WIDTH: u32 = 360;
/// Excel's default row height and column width, in pixels.
const ROW_PX: u32 = 20;
const COL_PX: u32 = 64;
/// Excel's last row and column, 0-based: a note there is placed to the left and above.
const ROW_MAX: u32 = 1_048_576;
const COL_MAX: u16 = 16_384;

/// Writes the `count` notes `notes` (in cell order) as the comments part and the VML drawing;
/// `col_px` is a column's width in pixels when set.
pub fn write(
    count: usize,
    notes: impl Iterator<Item = Note>,
    col_px: &dyn Fn(u16) -> Option<u32>,
) -> io::Result<(Vec<Piece>, Vec<Piece>)> {
    let mut comments = Deflater::new();
    let mut vml = Deflater::new();
    comments.write_all(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
            "<authors><author>Author</author><author>户清</author></authors><commentList>"
        )
        .as_bytes(),
    )?;
    let blocks = (1024 + count) / 1024;
    let ids: Vec<String> = (1..=blocks).map(|b| b.to_string()).collect();
    write!(
        vml,
        concat!(
            "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" ",
            "xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\">",
            "<o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" ",
            "coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">",
            "<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>"
        ),
        ids.join(",")
    )?;
    let width = |c: u16| col_px(c).unwrap_or(COL_PX);
    // Left edges of the columns in pixels, extended as notes reach further right.
    let mut lefts: Vec<u32> = vec![0];
    for (i, note) in notes.enumerate() {
        let run = |t: &str| {
            format!("<r><rPr>{t}<sz val=\"8\"/><color indexed=\"81\"/><rFont val=\"Tahoma\"/><family val=\"2\"/></rPr>")
        };
        write!(comments, "<comment ref=\"{}\" authorId=\"1\"><text>", super::annotated::cell_name(note.row, note.col))?;
        writeln!(comments, "{}<t>{AUTHOR}:</t></r>{}<t xml:space=\"preserve\">", run("<b/>"), run(""))?;
        escape(&mut comments, &note.text)?;
        comments.write_all(b"</t></r></text></comment>")?;

        let at = place(&note, &width, &mut lefts);
        let pt = |px: f64| (px + 0.25).floor() * 72.0 / 96.0;
        write!(
            vml,
            concat!(
                "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:{left}pt;",
                "margin-top:{top}pt;width:{width}pt;height:{height}pt;z-index:{z};visibility:hidden\" ",
                "fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/>",
                "<v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>",
                "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>",
                "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>",
                "<x:Anchor>{a0}, {a1}, {a2}, {a3}, {a4}, {a5}, {a6}, {a7}</x:Anchor><x:AutoFill>False</x:AutoFill>",
                "<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
            ),
            id = 1025 + i,
            left = pt(at.left as f64),
            top = pt(at.top as f64),
            width = pt(WIDTH as f64),
            height = pt(note.height as f64),
            z = i + 1,
            a0 = at.from.0,
            a1 = at.from.1,
            a2 = at.from.2,
            a3 = at.from.3,
            a4 = at.to.0,
            a5 = at.to.1,
            a6 = at.to.2,
            a7 = at.to.3,
            row = note.row,
            col = note.col,
        )?;
    }
    comments.write_all(b"</commentList></comments>")?;
    vml.write_all(b"</xml>")?;
    let end = |d: Deflater| -> io::Result<Vec<Piece>> { Ok(vec![d.finish(false)?, deflate(b"", true)?]) };
    Ok((end(comments)?, end(vml)?))
}

/// Where a note's box is drawn: its corners as (column, x offset, row, y offset) and its top left
/// corner in pixels from the sheet's, as rust_xlsxwriter places it (right of the cell, a row up).
struct Placed {
    from: (u16, u32, u32, u32),
    to: (u16, u32, u32, u32),
    left: u32,
    top: u32,
}

fn place(note: &Note, width: &dyn Fn(u16) -> u32, lefts: &mut Vec<u32>) -> Placed {
    let (r, c) = (note.row, note.col);
    let mut row = match r {
        0 => 0,
        _ if r >= ROW_MAX - 3 => r - 4,
        _ => r - 1,
    };
    let mut col = if c >= COL_MAX - 3 { c - 3 } else { c + 1 };
    let mut x = if c >= COL_MAX - 3 { 49 } else { 15 };
    let mut y = match r {
        0 => 2,
        _ if r == ROW_MAX - 1 => 14,
        _ if r >= ROW_MAX - 3 => 16,
        _ => 10,
    };
    while lefts.len() <= col as usize {
        let c = lefts.len() as u16 - 1;
        lefts.push(lefts[c as usize] + width(c));
    }
    let left = lefts[col as usize] + x;
    let top = row * ROW_PX + y;
    while x >= width(col) {
        x -= width(col);
        col += 1;
    }
    while y >= ROW_PX {
        y -= ROW_PX;
        row += 1;
    }
    let (mut end_col, mut x2) = (col, WIDTH + x);
    while x2 >= width(end_col) {
        x2 -= width(end_col);
        end_col += 1;
    }
    let (mut end_row, mut y2) = (row, note.height + y);
    while y2 >= ROW_PX {
        y2 -= ROW_PX;
        end_row += 1;
    }
    Placed { from: (col, x, row, y), to: (end_col, x2, end_row, y2), left, top }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::zip_out::ZipOut;
    use std::io::{Cursor, Read};

    fn part(zip: &[u8], name: &str) -> String {
        let mut text = String::new();
        zip::ZipArchive::new(Cursor::new(zip)).unwrap().by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// The same notes, cells and column widths through rust_xlsxwriter: the parts must be
    /// the same bytes (a note on the first row, on wide and narrow columns, long and escaped).
    #[test]
    fn notes_are_written_as_rust_xlsxwriter_writes_them() {
        let cells: Vec<(u32, u16, String, u32)> = vec![
            (0, 0, "【错误】表头 & <列>".into(), 100),
            (1, 3, "【警告】第一条\n【提示】第二条".into(), 160),
            (7, 25, "x".repeat(400), 400),
            (1500, 1, "【错误】证件号码校验位不符：110105194912310021".into(), 100),
        ];
        let widths = [(1u16, 30.0), (3, 6.0), (4, 50.0), (26, 12.0)];
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for &(c, w) in &widths {
            ws.set_column_width(c, w).unwrap();
        }
        for (row, col, text, height) in &cells {
            let note = rust_xlsxwriter::Note::new(text).set_author(AUTHOR).set_width(WIDTH).set_height(*height);
            ws.insert_note(*row, *col, &note).unwrap();
        }
        let theirs = book.save_to_buffer().unwrap();

        let notes = cells.iter().map(|(row, col, text, height)| Note {
            row: *row,
            col: *col,
            text: text.clone(),
            height: *height,
        });
        let px = |c: u16| widths.iter().find(|w| w.0 == c).map(|w| (w.1 * 7.0f64).round() as u32 + 5);
        let (comments, vml) = write(cells.len(), notes, &px).unwrap();
        let mut zip = ZipOut::new(Vec::new());
        zip.deflated("xl/comments1.xml", &comments).unwrap();
        zip.deflated("xl/drawings/vmlDrawing1.vml", &vml).unwrap();
        let ours = zip.finish().unwrap();
        for name in ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"] {
            assert_eq!(part(&ours, name), part(&theirs, name), "{name}");
        }
    }
}
