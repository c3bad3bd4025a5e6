//! Refusing zip bombs and cut-off zips before anything is inflated.
//!
//! `.xlsx`, `.xlsb` and `.ods` are zip archives. Their central directory declares every entry's
//! compressed and uncompressed size; this reads it (end-of-central-directory record, zip64 if
//! needed, then each entry) and refuses an archive that declares more than [`MAX_TOTAL`] bytes,
//! or an entry that inflates more than [`MAX_RATIO`] times beyond [`SMALL_ENTRY`]. A declared
//! size cannot lie past this check: the zip reader calamine uses stops any entry that inflates
//! beyond its declared uncompressed size.

use super::sniff::{self, OLE};
use crate::base::error::{Error, ErrorKind};
use crate::base::limits::LIMITS;

/// Most bytes an archive may declare once inflated.
const MAX_TOTAL: u64 = LIMITS.inflated_bytes;
/// Largest inflation ratio of one entry larger than [`SMALL_ENTRY`].
const MAX_RATIO: u64 = LIMITS.inflation_ratio;
/// Entries up to this size may have any ratio.
const SMALL_ENTRY: u64 = LIMITS.small_entry;

const EOCD: u32 = 0x0605_4b50;
const EOCD64_LOCATOR: u32 = 0x0706_4b50;
const EOCD64: u32 = 0x0606_4b50;
const ENTRY: u32 = 0x0201_4b50;

/// Checks the central directory of the zip archive `bytes`.
pub fn check(bytes: &[u8]) -> Result<(), Error> {
    // calamine's zip readers first take a file that starts like a compound document for an
    // encrypted workbook and follow its sector chains without a bound (fuzzing found a looping
    // chain grown to 2 GB). Such a file is no zip, whatever it holds further on.
    if bytes.starts_with(OLE) {
        return Err(if sniff::is_encrypted_package(bytes) { ErrorKind::Encrypted.into() } else { compound() });
    }
    let (count, cd_offset, cd_size) = directory(bytes)?;
    let end = cd_offset.checked_add(cd_size).filter(|e| *e <= bytes.len() as u64).ok_or_else(truncated)?;
    let mut at = cd_offset as usize;
    let mut total = 0u64;
    for _ in 0..count {
        if at + 46 > end as usize || u32_at(bytes, at) != ENTRY {
            return Err(truncated());
        }
        let mut compressed = u64::from(u32_at(bytes, at + 20));
        let mut uncompressed = u64::from(u32_at(bytes, at + 24));
        let name_len = usize::from(u16_at(bytes, at + 28));
        let extra_len = usize::from(u16_at(bytes, at + 30));
        let comment_len = usize::from(u16_at(bytes, at + 32));
        let extra_at = at + 46 + name_len;
        let next = extra_at + extra_len + comment_len;
        if next > end as usize {
            return Err(truncated());
        }
        if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF {
            (uncompressed, compressed) = zip64_sizes(&bytes[extra_at..extra_at + extra_len], uncompressed, compressed);
        }
        total = total.saturating_add(uncompressed);
        if uncompressed > SMALL_ENTRY && uncompressed / compressed.max(1) > MAX_RATIO {
            let name = String::from_utf8_lossy(&bytes[at + 46..extra_at]).into_owned();
            return Err(ErrorKind::ZipBomb { detail: format!("{name}: {compressed} → {uncompressed} B") }.into());
        }
        at = next;
    }
    if total > MAX_TOTAL {
        return Err(ErrorKind::ZipBomb { detail: format!("{total} B") }.into());
    }
    Ok(())
}

/// The entry count, offset and size of the central directory.
fn directory(bytes: &[u8]) -> Result<(u64, u64, u64), Error> {
    // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let eocd =
        (from..bytes.len().saturating_sub(21)).rev().find(|&i| u32_at(bytes, i) == EOCD).ok_or_else(truncated)?;
    let count = u64::from(u16_at(bytes, eocd + 10));
    let size = u64::from(u32_at(bytes, eocd + 12));
    let offset = u64::from(u32_at(bytes, eocd + 16));
    if count != 0xFFFF && size != 0xFFFF_FFFF && offset != 0xFFFF_FFFF {
        return Ok((count, offset, size));
    }
    let locator = eocd.checked_sub(20).filter(|&l| u32_at(bytes, l) == EOCD64_LOCATOR).ok_or_else(truncated)?;
    let at = usize::try_from(u64_at(bytes, locator + 8)).map_err(|_| truncated())?;
    if at + 56 > bytes.len() || u32_at(bytes, at) != EOCD64 {
        return Err(truncated());
    }
    Ok((u64_at(bytes, at + 32), u64_at(bytes, at + 48), u64_at(bytes, at + 40)))
}

/// The sizes from a zip64 extra field: the uncompressed size first, then the compressed one,
/// each present only when its 32-bit field is saturated.
fn zip64_sizes(mut extra: &[u8], mut uncompressed: u64, mut compressed: u64) -> (u64, u64) {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
        let body = extra.get(4..4 + len).unwrap_or_default();
        if id == 1 {
            let mut at = 0;
            if uncompressed == 0xFFFF_FFFF && body.len() >= at + 8 {
                uncompressed = u64_at(body, at);
                at += 8;
            }
            if compressed == 0xFFFF_FFFF && body.len() >= at + 8 {
                compressed = u64_at(body, at);
            }
            break;
        }
        extra = extra.get(4 + len..).unwrap_or_default();
    }
    (uncompressed, compressed)
}

fn compound() -> Error {
    ErrorKind::Corrupt {
        detail: "这是 OLE 复合文档（如 .xls），不是 zip 压缩包 / a compound document (such as .xls), not a zip archive"
            .into(),
    }
    .into()
}

fn truncated() -> Error {
    ErrorKind::Corrupt { detail: "zip 目录缺失或不完整 / the zip directory is missing or cut off".into() }.into()
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| u64::from_le_bytes(s.try_into().expect("8 bytes")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entry archive whose directory declares the given sizes (the data itself is fake).
    fn archive(compressed: u32, uncompressed: u32) -> Vec<u8> {
        let name = b"xl/worksheets/sheet1.xml";
        let mut z = b"PK\x03\x04".to_vec();
        z.extend([0; 26]);
        z.extend(name);
        let cd = z.len() as u32;
        z.extend(ENTRY.to_le_bytes());
        z.extend([0; 16]);
        z.extend(compressed.to_le_bytes());
        z.extend(uncompressed.to_le_bytes());
        z.extend((name.len() as u16).to_le_bytes());
        z.extend([0; 16]);
        z.extend(name);
        let cd_size = z.len() as u32 - cd;
        z.extend(EOCD.to_le_bytes());
        z.extend([0; 4]);
        z.extend(1u16.to_le_bytes());
        z.extend(1u16.to_le_bytes());
        z.extend(cd_size.to_le_bytes());
        z.extend(cd.to_le_bytes());
        z.extend([0; 2]);
        z
    }

    #[test]
    fn passes_ordinary_archives() {
        assert!(check(&archive(1000, 20_000)).is_ok());
        assert!(check(&archive(10_000, 8_000_000)).is_ok(), "small entries may compress well");
    }

    #[test]
    fn refuses_bombs_before_inflating() {
        let e = check(&archive(100_000, 1_000_000_000)).unwrap_err();
        assert_eq!(e.code(), "too-large");
    }

    #[test]
    fn refuses_cut_off_archives() {
        let z = archive(1000, 20_000);
        assert_eq!(check(&z[..z.len() - 30]).unwrap_err().code(), "corrupt");
        assert_eq!(check(b"PK\x03\x04 not a zip").unwrap_err().code(), "corrupt");
    }

    #[test]
    fn refuses_compound_documents_even_around_a_zip() {
        let mut ole = OLE.to_vec();
        ole.extend(archive(1000, 20_000));
        assert_eq!(check(&ole).unwrap_err().code(), "corrupt");
        let mut encrypted = OLE.to_vec();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        encrypted.extend(archive(1000, 20_000));
        assert_eq!(check(&encrypted).unwrap_err().code(), "encrypted");
    }
}
