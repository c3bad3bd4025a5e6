//! Which format a file is, from its first bytes; refusals for files that are no spreadsheet.

use crate::base::error::{Error, ErrorKind};
use serde::Serialize;

/// A readable format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

const ZIP: &[u8] = b"PK\x03\x04";
pub(super) const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Decides the format of `bytes` named `name`, or says why the file cannot be read.
pub fn sniff(bytes: &[u8], name: &str) -> Result<Format, Error> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if bytes.is_empty() {
        return Err(ErrorKind::Empty.into());
    }
    if bytes.starts_with(ZIP) {
        return zip_format(bytes, &ext);
    }
    if bytes.starts_with(OLE) {
        return ole_format(bytes, &ext);
    }
    if let Some(kind) = not_a_table(bytes) {
        return Err(kind.into());
    }
    if matches!(ext.as_str(), "et" | "ett" | "wps" | "dps") {
        return Err(ErrorKind::SaveAs { what: format!("WPS（.{ext}）") }.into());
    }
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if lower.contains("<html") || lower.contains("<table") || lower.contains("<?xml") {
        // Web systems often export an HTML table or SpreadsheetML 2003 named .xls.
        return Err(ErrorKind::SaveAs { what: "网页/XML 表格（HTML/XML table）".into() }.into());
    }
    if matches!(ext.as_str(), "csv" | "tsv" | "txt") || looks_like_text(head) {
        return Ok(Format::Csv);
    }
    Err(ErrorKind::UnknownFormat { ext }.into())
}

fn zip_format(bytes: &[u8], ext: &str) -> Result<Format, Error> {
    let names = |needle: &[u8]| zip_names(bytes).iter().any(|part| contains(part, needle));
    if names(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
        return Ok(Format::Ods);
    }
    if names(b"xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if names(b"xl/") || matches!(ext, "xlsx" | "xlsm") {
        return Ok(Format::Xlsx);
    }
    if names(b"word/") {
        return Err(ErrorKind::SaveAs { what: "Word".into() }.into());
    }
    if names(b"mimetypeapplication/vnd.oasis.opendocument") {
        return Err(ErrorKind::SaveAs { what: "OpenDocument（非表格）".into() }.into());
    }
    if names(b"ppt/") {
        return Err(not_a_spreadsheet("PowerPoint 演示文稿", "a PowerPoint presentation", false).into());
    }
    if matches!(ext, "xlsb" | "ods" | "xls" | "et") {
        // Named as a workbook but holding none of its parts: damaged, or mislabelled.
        return Err(ErrorKind::UnknownFormat { ext: ext.to_owned() }.into());
    }
    // No part of any office document: an archive, perhaps of the spreadsheet wanted.
    Err(not_a_spreadsheet("ZIP 压缩包", "a ZIP archive", true).into())
}

fn not_a_spreadsheet(what_zh: &str, what_en: &str, archive: bool) -> ErrorKind {
    ErrorKind::NotASpreadsheet { what_zh: what_zh.into(), what_en: what_en.into(), archive }
}

/// A file that is plainly no table, by the signature its format starts with: a document, a
/// picture or an archive someone dropped instead of the register. (Without this a PDF or a
/// picture free of NUL bytes in its head would be taken for text and refused for its encoding.)
fn not_a_table(bytes: &[u8]) -> Option<ErrorKind> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let (zh, en, archive) = if starts(b"%PDF-") {
        ("PDF 文档", "a PDF document", false)
    } else if starts(b"\x89PNG\r\n\x1A\n") {
        ("PNG 图片", "a PNG picture", false)
    } else if starts(b"\xFF\xD8\xFF") {
        ("JPEG 图片（照片）", "a JPEG picture (a photo)", false)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        ("GIF 图片", "a GIF picture", false)
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        ("TIFF 图片（扫描件）", "a TIFF picture (a scan)", false)
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        ("WebP 图片", "a WebP picture", false)
    } else if starts(b"Rar!\x1A\x07") {
        ("RAR 压缩包", "a RAR archive", true)
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        ("7z 压缩包", "a 7z archive", true)
    } else if starts(b"\x1F\x8B\x08") {
        ("GZIP 压缩文件", "a GZIP archive", true)
    } else {
        return None;
    };
    Some(not_a_spreadsheet(zh, en, archive))
}

fn ole_format(bytes: &[u8], ext: &str) -> Result<Format, Error> {
    if is_encrypted_package(bytes) {
        return Err(ErrorKind::Encrypted.into());
    }
    if contains(bytes, &utf16("WordDocument")) {
        return Err(ErrorKind::SaveAs { what: "Word（.doc）".into() }.into());
    }
    if matches!(ext, "et" | "ett" | "wps") && !contains(bytes, &utf16("Workbook")) {
        return Err(ErrorKind::SaveAs { what: format!("WPS（.{ext}）") }.into());
    }
    Ok(Format::Xls)
}

/// A compound document holding an encrypted .xlsx/.xlsb (Office's password protection).
pub(super) fn is_encrypted_package(bytes: &[u8]) -> bool {
    contains(bytes, &utf16("EncryptedPackage"))
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Where a zip names its entries: the first local headers (an ODS file's mimetype comes first)
/// and the central directory at the end. Scanning only these keeps sniffing a 200 MB workbook
/// instant; a zip cut off before its directory is refused by `zip_guard` whatever it is named.
fn zip_names(bytes: &[u8]) -> [&[u8]; 2] {
    const HEAD: usize = 64 << 10;
    const TAIL: usize = 4 << 20;
    if bytes.len() <= HEAD + TAIL {
        return [bytes, &[]];
    }
    [&bytes[..HEAD], &bytes[bytes.len() - TAIL..]]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Text files have no NUL bytes in their head, except UTF-16 ones, which start with a BOM.
fn looks_like_text(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") || !head.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_bytes_not_name() {
        assert_eq!(sniff(b"a,b\n1,2\n", "renamed.xlsx").unwrap(), Format::Csv);
        assert_eq!(sniff(b"a,b\n1,2\n", "data.csv").unwrap(), Format::Csv);
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml", "a.bin").unwrap(), Format::Xlsx);
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.bin", "a.xlsx").unwrap(), Format::Xlsb);
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(sniff(b"", "a.xlsx").unwrap_err().code(), "empty");
        assert_eq!(sniff(b"<html><table>", "a.xls").unwrap_err().code(), "save-as");
        let mut enc = OLE.to_vec();
        enc.extend(utf16("EncryptedPackage"));
        assert_eq!(sniff(&enc, "a.xlsx").unwrap_err().code(), "encrypted");
        assert_eq!(sniff(b"\x00\x01\x02\x03", "a.bin").unwrap_err().code(), "unknown-format");
    }

    #[test]
    fn documents_pictures_and_archives_are_no_spreadsheet() {
        for (bytes, name, what) in [
            (&b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..], "名册.pdf", "PDF"),
            (b"%PDF-1.4\n", "renamed.csv", "PDF"),
            (b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "a.png", "PNG"),
            (b"\xFF\xD8\xFF\xE0\x00\x10JFIF", "photo.jpg", "JPEG"),
            (b"GIF89a\x01\x00", "a.gif", "GIF"),
            (b"II*\x00\x08\x00", "scan.tif", "TIFF"),
            (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a.webp", "WebP"),
            (b"Rar!\x1A\x07\x01\x00", "a.rar", "RAR"),
            (b"7z\xBC\xAF\x27\x1C\x00\x04", "a.7z", "7z"),
            (b"\x1F\x8B\x08\x00", "a.csv.gz", "GZIP"),
            (b"PK\x03\x04....ppt/presentation.xml", "a.pptx", "PowerPoint"),
            (b"PK\x03\x04....data/register.csv", "a.zip", "ZIP"),
        ] {
            let err = sniff(bytes, name).unwrap_err();
            assert_eq!(err.code(), "not-a-spreadsheet", "{name}");
            assert!(err.message_zh().contains(what) && err.message_en().contains(what), "{name}: {err}");
        }
        // A Word document is still told to be saved as a workbook; a zip named .xlsx is read as one.
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml", "a.docx").unwrap_err().code(), "save-as");
        assert_eq!(sniff(b"PK\x03\x04....", "a.xlsx").unwrap(), Format::Xlsx);
    }
}
