//! A zip container written straight to its destination, with parts deflated piece by piece: a
//! large sheet's XML is compressed as it is produced and never held whole. Pieces compressed
//! apart (each ending on a sync flush, the last finishing) join into one deflate stream, so a
//! sheet's head can be written after its rows.

use flate2::{Compress, Compression, FlushCompress, Status};
use std::io::{self, Write};

/// Uncompressed bytes gathered before a compression call: few calls, a bounded buffer.
const STAGE: usize = 64 * 1024;
/// The compressed bytes are kept in chunks of this size: a growing vector would double its room
/// (up to twice the output) and copy it at each step.
const CHUNK: usize = 1024 * 1024;

/// A piece of a part, compressed: joined in order with others, the last being `last`.
pub struct Piece {
    data: Vec<Vec<u8>>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Piece {
    /// Its compressed size.
    pub fn size(&self) -> u64 {
        self.data.iter().map(|d| d.len() as u64).sum()
    }
}

/// Deflates what is written into a [`Piece`].
pub struct Deflater {
    z: Compress,
    stage: Vec<u8>,
    out: Vec<Vec<u8>>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Deflater {
    pub fn new() -> Deflater {
        Deflater {
            z: Compress::new(Compression::default(), false),
            stage: Vec::with_capacity(STAGE),
            out: vec![Vec::with_capacity(STAGE)],
            crc: crc32fast::Hasher::new(),
            len: 0,
        }
    }

    fn run(&mut self, flush: FlushCompress) -> io::Result<()> {
        let mut input = &self.stage[..];
        loop {
            let mut out = self.out.last_mut().expect("a chunk");
            if out.len() == out.capacity() {
                self.out.push(Vec::with_capacity(CHUNK));
                out = self.out.last_mut().expect("a chunk");
            }
            let before = self.z.total_in();
            let status = self.z.compress_vec(input, out, flush).map_err(io::Error::other)?;
            input = &input[(self.z.total_in() - before) as usize..];
            // Done when the input is taken and the output did not fill the room it had.
            let room_left = out.len() < out.capacity();
            match (flush, status) {
                (_, Status::StreamEnd) => break,
                (FlushCompress::None, _) if input.is_empty() => break,
                (FlushCompress::Sync, _) if input.is_empty() && room_left => break,
                _ => {}
            }
        }
        self.stage.clear();
        Ok(())
    }

    /// The compressed size so far.
    pub fn size(&self) -> u64 {
        self.out.iter().map(|d| d.len() as u64).sum()
    }

    /// The piece so far: ending on a byte boundary for more to follow, or, if `last`, the end of
    /// the part.
    pub fn finish(mut self, last: bool) -> io::Result<Piece> {
        self.run(if last { FlushCompress::Finish } else { FlushCompress::Sync })?;
        if let Some(last) = self.out.last_mut() {
            last.shrink_to_fit();
        }
        Ok(Piece { data: self.out, crc: self.crc, len: self.len })
    }
}

impl Write for Deflater {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.crc.update(buf);
        self.len += buf.len() as u64;
        self.stage.extend_from_slice(buf);
        if self.stage.len() >= STAGE {
            self.run(FlushCompress::None)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A piece holding `bytes` whole, deflated.
pub fn deflate(bytes: &[u8], last: bool) -> io::Result<Piece> {
    let mut d = Deflater::new();
    d.write_all(bytes)?;
    d.finish(last)
}

/// An entry of the central directory, once its data is written.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// A zip archive written entry by entry to `W`. Entries are dated 1980-01-01 as rust_xlsxwriter
/// dates its own, so the same workbook gives the same bytes.
pub struct ZipOut<W: Write> {
    out: W,
    at: u64,
    entries: Vec<Entry>,
}

const DEFLATED: u16 = 8;
/// Zip64 when a size or an offset does not fit 32 bits (a sheet of many millions of cells).
const MAX32: u64 = 0xFFFF_FFFF;

impl<W: Write> ZipOut<W> {
    pub fn new(out: W) -> ZipOut<W> {
        ZipOut { out, at: 0, entries: Vec::new() }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// The part `name`, the deflated `pieces` joined (the last one finished).
    pub fn deflated(&mut self, name: &str, pieces: &[Piece]) -> io::Result<()> {
        let mut crc = crc32fast::Hasher::new();
        for p in pieces {
            crc.combine(&p.crc);
        }
        let data: Vec<&[u8]> = pieces.iter().flat_map(|p| p.data.iter().map(Vec::as_slice)).collect();
        let size = pieces.iter().map(|p| p.len).sum();
        self.raw(name, DEFLATED, crc.finalize(), size, &data)
    }

    /// The part `name` from data already compressed by `method`, with its CRC and size.
    pub fn raw(&mut self, name: &str, method: u16, crc: u32, size: u64, data: &[&[u8]]) -> io::Result<()> {
        let compressed: u64 = data.iter().map(|d| d.len() as u64).sum();
        let offset = self.at;
        let zip64 = size >= MAX32 || compressed >= MAX32;
        let mut head = Vec::with_capacity(30 + name.len() + 20);
        head.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        head.extend_from_slice(&(if zip64 { 45u16 } else { 20 }).to_le_bytes());
        head.extend_from_slice(&0x0800u16.to_le_bytes()); // names in UTF-8
        head.extend_from_slice(&method.to_le_bytes());
        head.extend_from_slice(&[0, 0, 0x21, 0]); // 00:00, 1980-01-01
        head.extend_from_slice(&crc.to_le_bytes());
        let (c32, s32) = if zip64 { (MAX32, MAX32) } else { (compressed, size) };
        head.extend_from_slice(&(c32 as u32).to_le_bytes());
        head.extend_from_slice(&(s32 as u32).to_le_bytes());
        head.extend_from_slice(&(name.len() as u16).to_le_bytes());
        head.extend_from_slice(&(if zip64 { 20u16 } else { 0 }).to_le_bytes());
        head.extend_from_slice(name.as_bytes());
        if zip64 {
            head.extend_from_slice(&1u16.to_le_bytes());
            head.extend_from_slice(&16u16.to_le_bytes());
            head.extend_from_slice(&size.to_le_bytes());
            head.extend_from_slice(&compressed.to_le_bytes());
        }
        self.put(&head)?;
        for d in data {
            self.put(d)?;
        }
        self.entries.push(Entry { name: name.to_owned(), method, crc, compressed, size, offset });
        Ok(())
    }

    /// Writes the central directory and returns the destination.
    pub fn finish(mut self) -> io::Result<W> {
        let start = self.at;
        let entries = std::mem::take(&mut self.entries);
        for e in &entries {
            let mut extra = Vec::new();
            if e.size >= MAX32 || e.compressed >= MAX32 || e.offset >= MAX32 {
                extra.extend_from_slice(&1u16.to_le_bytes());
                extra.extend_from_slice(&24u16.to_le_bytes());
                extra.extend_from_slice(&e.size.to_le_bytes());
                extra.extend_from_slice(&e.compressed.to_le_bytes());
                extra.extend_from_slice(&e.offset.to_le_bytes());
            }
            let zip64 = !extra.is_empty();
            let clamp = |v: u64| if zip64 { MAX32 as u32 } else { v as u32 };
            let mut h = Vec::with_capacity(46 + e.name.len() + extra.len());
            h.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            h.extend_from_slice(&(if zip64 { 45u16 } else { 20 }).to_le_bytes()); // made by
            h.extend_from_slice(&(if zip64 { 45u16 } else { 20 }).to_le_bytes()); // needed
            h.extend_from_slice(&0x0800u16.to_le_bytes());
            h.extend_from_slice(&e.method.to_le_bytes());
            h.extend_from_slice(&[0, 0, 0x21, 0]);
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&clamp(e.compressed).to_le_bytes());
            h.extend_from_slice(&clamp(e.size).to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&(extra.len() as u16).to_le_bytes());
            h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            h.extend_from_slice(&clamp(e.offset).to_le_bytes());
            h.extend_from_slice(e.name.as_bytes());
            h.extend_from_slice(&extra);
            self.put(&h)?;
        }
        let size = self.at - start;
        let count = entries.len() as u64;
        let mut end = Vec::new();
        if start >= MAX32 || count >= 0xFFFF {
            let zip64_end = self.at;
            end.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            end.extend_from_slice(&44u64.to_le_bytes());
            end.extend_from_slice(&45u16.to_le_bytes());
            end.extend_from_slice(&45u16.to_le_bytes());
            end.extend_from_slice(&[0; 8]); // this disk, the directory's disk
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&size.to_le_bytes());
            end.extend_from_slice(&start.to_le_bytes());
            end.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            end.extend_from_slice(&0u32.to_le_bytes());
            end.extend_from_slice(&zip64_end.to_le_bytes());
            end.extend_from_slice(&1u32.to_le_bytes());
        }
        let count16 = count.min(0xFFFF) as u16;
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0; 4]);
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&(size.min(MAX32) as u32).to_le_bytes());
        end.extend_from_slice(&(start.min(MAX32) as u32).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.put(&end)?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn read(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().into_owned(), data)
            })
            .collect()
    }

    #[test]
    fn pieces_deflated_apart_read_back_as_one_part() {
        // Past the stage, so the middle piece is compressed in several calls.
        let rows: String = (0..20_000).map(|i| format!("<row r=\"{i}\"><c><v>{}</v></c></row>", i * 7)).collect();
        let mut middle = Deflater::new();
        middle.write_all(rows.as_bytes()).unwrap();
        let pieces =
            [deflate(b"<head>", false).unwrap(), middle.finish(false).unwrap(), deflate(b"</head>", true).unwrap()];
        let mut zip = ZipOut::new(Vec::new());
        zip.deflated("xl/worksheets/sheet1.xml", &pieces).unwrap();
        zip.deflated("empty", &[deflate(b"", true).unwrap()]).unwrap();
        zip.raw("stored.txt", 0, crc32fast::hash(b"plain"), 5, &[b"pla", b"in"]).unwrap();
        let parts = read(&zip.finish().unwrap());
        assert_eq!(parts[0], ("xl/worksheets/sheet1.xml".to_owned(), format!("<head>{rows}</head>").into_bytes()));
        assert_eq!(parts[1], ("empty".to_owned(), Vec::new()));
        assert_eq!(parts[2], ("stored.txt".to_owned(), b"plain".to_vec()));
    }

    #[test]
    fn deflated_rows_take_a_fraction_of_their_size() {
        let mut d = Deflater::new();
        for i in 0..100_000u32 {
            write!(d, "<c r=\"A{i}\" t=\"inlineStr\"><is><t>张三{}</t></is></c>", i % 97).unwrap();
        }
        let piece = d.finish(true).unwrap();
        assert!(piece.len > 4_000_000 && piece.size() < piece.len / 8, "{} of {}", piece.size(), piece.len);
    }
}
