//! The small parts of an `.xlsx` that say where things are and how numbers show: the package
//! and workbook relationships, `workbook.xml` (sheet names, the 1904 date system) and
//! `styles.xml` (which cell styles are dates). Found the way calamine finds them.

use super::formats::{self, Shown};
use super::xml::{decode_into, Scanner, Token, Unknown};
use std::collections::HashMap;
use std::io::{Read, Seek};
use zip::ZipArchive;

/// A metadata part longer than this is not one we read quickly.
const MAX_PART: u64 = 64 << 20;

/// The zip's entries by lower-case name with `/` separators, as calamine looks them up.
pub struct Entries(HashMap<String, usize>);

impl Entries {
    pub fn new<R: Read + Seek>(zip: &ZipArchive<R>) -> Entries {
        let mut map = HashMap::new();
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                map.entry(name.replace('\\', "/").to_ascii_lowercase()).or_insert(i);
            }
        }
        Entries(map)
    }

    pub fn find(&self, path: &str) -> Option<usize> {
        self.0.get(&path.to_ascii_lowercase()).copied()
    }
}

/// What the workbook says before any sheet is read.
pub struct Layout {
    /// Sheet names and their parts' paths, in the workbook's order.
    pub sheets: Vec<(String, String)>,
    pub is_1904: bool,
    /// How each cell style (`s="N"`) shows numbers.
    pub shown: Vec<Shown>,
    /// The shared strings' part, when the workbook has one.
    pub strings: Option<usize>,
}

pub fn layout<R: Read + Seek>(zip: &mut ZipArchive<R>, entries: &Entries) -> Result<Layout, Unknown> {
    let package = part(zip, entries, "_rels/.rels")?.ok_or(Unknown("no _rels/.rels"))?;
    let target = office_document(&package)?.ok_or(Unknown("no officeDocument relationship"))?;
    let (dir, name) = target.split_at(target.rfind('/').map_or(0, |i| i + 1));
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
    let rels = part(zip, entries, &format!("{dir}_rels/{name}.rels"))?.ok_or(Unknown("no workbook relationships"))?;
    let rels = relationships(&rels)?;
    let workbook = part(zip, entries, &format!("{dir}{name}"))?.ok_or(Unknown("no workbook part"))?;
    let (sheets, is_1904) = workbook_sheets(&workbook, &rels, &dir)?;
    let shown = match part(zip, entries, &format!("{dir}styles.xml"))? {
        Some(styles) => cell_styles(&styles)?,
        None => Vec::new(),
    };
    Ok(Layout { sheets, is_1904, shown, strings: entries.find(&format!("{dir}sharedStrings.xml")) })
}

/// The whole of a small part, or `None` when the zip has no such entry.
fn part<R: Read + Seek>(zip: &mut ZipArchive<R>, entries: &Entries, path: &str) -> Result<Option<Vec<u8>>, Unknown> {
    let Some(i) = entries.find(path) else { return Ok(None) };
    let file = zip.by_index(i).map_err(|_| Unknown("a zip entry that does not open"))?;
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|_| Unknown("a zip entry that does not inflate"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(Unknown("a metadata part too long"));
    }
    Ok(Some(bytes))
}

/// Calls `each` with every start tag of `xml`.
fn each_tag(xml: &[u8], mut each: impl FnMut(&super::xml::Tag<'_>) -> Result<(), Unknown>) -> Result<(), Unknown> {
    let mut sc = Scanner::new(xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml));
    while let Some(t) = sc.next()? {
        if let Token::Open(tag) = t {
            each(&tag)?;
        }
    }
    Ok(())
}

fn attr_text(raw: &[u8]) -> Result<String, Unknown> {
    let mut s = String::new();
    decode_into(raw, &mut s)?;
    Ok(s)
}

fn office_document(xml: &[u8]) -> Result<Option<String>, Unknown> {
    let mut target = None;
    each_tag(xml, |t| {
        if t.local() == b"Relationship"
            && t.attr(b"Type").is_some_and(|ty| ty.ends_with(b"/relationships/officeDocument"))
        {
            if let Some(raw) = t.attr(b"Target") {
                target = Some(attr_text(raw)?);
            }
        }
        Ok(())
    })?;
    Ok(target)
}

/// Relationship id → (target, type).
fn relationships(xml: &[u8]) -> Result<HashMap<String, (String, String)>, Unknown> {
    let mut rels = HashMap::new();
    each_tag(xml, |t| {
        if t.local() == b"Relationship" {
            if let Some(id) = t.attr(b"Id") {
                let target = t.attr(b"Target").map(attr_text).transpose()?.unwrap_or_default();
                let kind = t.attr(b"Type").map(attr_text).transpose()?.unwrap_or_default();
                rels.insert(attr_text(id)?, (target, kind));
            }
        }
        Ok(())
    })?;
    Ok(rels)
}

fn workbook_sheets(
    xml: &[u8],
    rels: &HashMap<String, (String, String)>,
    dir: &str,
) -> Result<(Vec<(String, String)>, bool), Unknown> {
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    each_tag(xml, |t| {
        match t.local() {
            b"sheet" => {
                let name = t.attr(b"name").map(attr_text).transpose()?.unwrap_or_default();
                let id = attr_text(t.attr_local(b"id").unwrap_or_default())?;
                let (target, kind) = rels.get(&id).ok_or(Unknown("a sheet without its relationship"))?;
                if !kind.ends_with("/worksheet") {
                    return Err(Unknown("a chart or dialog sheet"));
                }
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("{dir}{target}"),
                };
                sheets.push((name, path));
            }
            b"workbookPr" => {
                if let Some(v) = t.attr(b"date1904") {
                    is_1904 = v == b"1" || v == b"true";
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok((sheets, is_1904))
}

/// How each `cellXfs` style shows numbers: its `numFmtId`, looked up among the custom formats
/// first, then the built-in ones.
fn cell_styles(xml: &[u8]) -> Result<Vec<Shown>, Unknown> {
    let mut custom: HashMap<Vec<u8>, Shown> = HashMap::new();
    let mut shown = Vec::new();
    let mut in_cell_xfs = false;
    let mut sc = Scanner::new(xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml));
    while let Some(t) = sc.next()? {
        match t {
            Token::Open(t) if t.local() == b"numFmt" => {
                if let (Some(id), Some(code)) = (t.attr(b"numFmtId"), t.attr(b"formatCode")) {
                    custom.insert(id.to_vec(), formats::custom(&attr_text(code)?));
                }
            }
            Token::Open(t) if t.local() == b"cellXfs" => in_cell_xfs = !t.empty,
            Token::Close(name) if super::xml::local(name) == b"cellXfs" => in_cell_xfs = false,
            Token::Open(t) if in_cell_xfs && t.local() == b"xf" => {
                shown.push(
                    t.attr(b"numFmtId")
                        .map_or(Shown::Number, |id| custom.get(id).copied().unwrap_or_else(|| formats::builtin(id))),
                );
            }
            _ => {}
        }
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_workbook_and_its_sheets() {
        let pkg = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        assert_eq!(office_document(pkg).unwrap().as_deref(), Some("xl/workbook.xml"));
        let rels = relationships(br#"<Relationships><Relationship Id="rId1" Type=".../worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type=".../worksheet" Target="/xl/worksheets/b.xml"/></Relationships>"#).unwrap();
        let (sheets, is_1904) = workbook_sheets(
            br#"<workbook><workbookPr date1904="1"/><sheets><sheet name="&#x6237;" sheetId="1" r:id="rId1"/><sheet name="B" r:id="rId2"/></sheets></workbook>"#,
            &rels,
            "xl/",
        )
        .unwrap();
        assert!(is_1904);
        assert_eq!(
            sheets,
            [
                ("户".to_owned(), "xl/worksheets/sheet1.xml".to_owned()),
                ("B".to_owned(), "xl/worksheets/b.xml".to_owned())
            ]
        );
    }

    #[test]
    fn tells_which_styles_are_dates() {
        let styles = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>
            <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"><alignment/></xf><xf numFmtId="164"/><xf numFmtId="165"/><xf/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
        assert_eq!(
            cell_styles(styles.as_bytes()).unwrap(),
            [Shown::Number, Shown::Date, Shown::Date, Shown::Number, Shown::Number, Shown::Duration]
        );
    }
}
