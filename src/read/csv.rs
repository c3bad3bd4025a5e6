//! Delimited text (`.csv`, `.tsv`, `.txt`): decoding, delimiter choice, and rows numbered as
//! Excel numbers them when it opens the file (a blank line is a row too).
//!
//! The text is decoded as it is parsed, a chunk at a time: a million-row file's whole decoded
//! text (larger than its GBK bytes) is never held beside the bytes and the table being filled.

use super::{Book, Format};
use crate::base::error::{Error, ErrorKind};
use crate::base::limits::LIMITS;
use crate::base::text::utf8;
use crate::read::caps;
use crate::read::table::{Grid, Kind};
use csv_core::ReadRecordResult;
use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Bytes of text decoded (or, for UTF-8, parsed in place) at a time.
const CHUNK: usize = 64 << 10;

/// The fewest bytes of text a chunk holds, short of the text's end: a whole character, so that
/// the parser, which drops a byte-order mark left at the text's start, sees it whole.
const MIN_CHUNK: usize = 4;

/// A text file, with its encoding settled.
pub struct CsvBook<'a> {
    name: String,
    text: Text<'a>,
    encoding: &'static str,
    /// The parser for the text's delimiter, built once (building compiles its state machine)
    /// and reset for each read: a preview, then the whole sheet. (Not cloned: csv_core's clone
    /// of a parser copies only part of its state machine.)
    parser: csv_core::Reader,
}

/// A file's text: its bytes after any byte-order mark, and how they decode.
#[derive(Clone, Copy)]
enum Text<'a> {
    /// Valid UTF-8, parsed as it is.
    Utf8(&'a [u8]),
    /// Bytes in an encoding, decoded as they are parsed; undecodable bytes become U+FFFD (only
    /// a chosen encoding lets any through: a detected one decodes cleanly).
    Encoded(&'a [u8], &'static Encoding),
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
        let parser = csv_core::ReaderBuilder::new().delimiter(delimiter(text)).build();
        Ok(CsvBook { name, text, encoding: encoding.name(), parser })
    }
}

/// Decodes as the user chose: undecodable bytes become U+FFFD, so that a wrong choice shows as
/// garbling in the header rather than as a refusal. A byte-order mark of that very encoding is
/// dropped.
fn decode_as<'b>(bytes: &'b [u8], label: &str) -> Result<(Text<'b>, &'static Encoding), Error> {
    let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| ErrorKind::BadOptions {
        detail: format!("unknown encoding \"{label}\" (use utf-8, gb18030, gbk, utf-16le, utf-16be, big5 …)"),
    })?;
    let bom = match Encoding::for_bom(bytes) {
        Some((e, len)) if e == enc => len,
        _ => 0,
    };
    Ok((text_in(&bytes[bom..], enc), enc))
}

/// Decodes by BOM, then as UTF-8 when valid, else as GB18030 (the superset of GBK and GB2312
/// that Chinese Windows writes). A file that does not decode cleanly is refused.
fn decode(bytes: &[u8]) -> Result<(Text<'_>, &'static Encoding), Error> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        if !decodes_cleanly(rest, enc) {
            return Err(ErrorKind::Encoding.into());
        }
        return Ok((text_in(rest, enc), enc));
    }
    if utf8(bytes).is_some() {
        return Ok((Text::Utf8(bytes), UTF_8));
    }
    // UTF-16 without a BOM: every other byte of ASCII text is NUL.
    let nul_odd = bytes.iter().skip(1).step_by(2).take(512).filter(|b| **b == 0).count();
    let nul_even = bytes.iter().step_by(2).take(512).filter(|b| **b == 0).count();
    for (enc, nuls) in [(UTF_16LE, nul_odd), (UTF_16BE, nul_even)] {
        if nuls > 16 && decodes_cleanly(bytes, enc) {
            return Ok((Text::Encoded(bytes, enc), enc));
        }
    }
    if !decodes_cleanly(bytes, GB18030) {
        return Err(ErrorKind::Encoding.into());
    }
    Ok((Text::Encoded(bytes, GB18030), GB18030))
}

/// `bytes` (no BOM) in `enc`: read in place when they are valid UTF-8 and meant as such.
fn text_in<'a>(bytes: &'a [u8], enc: &'static Encoding) -> Text<'a> {
    if enc == UTF_8 && utf8(bytes).is_some() {
        Text::Utf8(bytes)
    } else {
        Text::Encoded(bytes, enc)
    }
}

/// Whether `bytes` decode in `enc` without a malformed sequence: a pass that keeps nothing, so
/// that a file is refused (or another encoding tried) before any of it is read.
fn decodes_cleanly(bytes: &[u8], enc: &'static Encoding) -> bool {
    if enc == UTF_8 {
        return utf8(bytes).is_some();
    }
    if enc == GB18030 && plain_gbk(bytes) {
        return true;
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut scratch = vec![0u8; CHUNK];
    let mut read = 0;
    loop {
        let (result, n, _) = decoder.decode_to_utf8_without_replacement(&bytes[read..], &mut scratch, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return true,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(..) => return false,
        }
    }
}

/// Whether `bytes` are ASCII and GBK's two-byte characters only (a lead byte 0x81–0xFE, a trail
/// byte 0x40–0x7E or 0x80–0xFE), every one of which GB18030 decodes: what a Chinese Windows export
/// is, told in one pass several times cheaper than decoding it. False says nothing: the decoder
/// then decides (four-byte sequences, stray bytes).
fn plain_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        // ASCII eight bytes at a time: a CSV's digits, delimiters and line ends.
        if let Some(word) = bytes.get(i..i + 8) {
            if u64::from_le_bytes(word.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        match bytes[i] {
            0..=0x7F => i += 1,
            0x81..=0xFE if matches!(bytes.get(i + 1), Some(0x40..=0x7E | 0x80..=0xFE)) => i += 2,
            _ => return false,
        }
    }
    true
}

/// The delimiter of the first line: tab, comma or semicolon, whichever occurs most.
fn delimiter(text: Text<'_>) -> u8 {
    const CANDIDATES: [u8; 3] = [b'\t', b',', b';'];
    let mut counts = [0usize; 3];
    let mut chunks = Chunks::new(text, CHUNK);
    loop {
        let rest = chunks.rest();
        let end = rest.iter().position(|b| *b == b'\n');
        for b in &rest[..end.unwrap_or(rest.len())] {
            if let Some(i) = CANDIDATES.iter().position(|d| d == b) {
                counts[i] += 1;
            }
        }
        if end.is_some() || !chunks.next_chunk() {
            break;
        }
    }
    (0..3).max_by_key(|&i| (counts[i], CANDIDATES[i] == b',')).map_or(b',', |i| CANDIDATES[i])
}

/// A file's text as UTF-8, one chunk at a time.
struct Chunks<'a> {
    source: Source<'a>,
    /// Bytes of the file taken so far, and in all.
    taken: usize,
    len: usize,
    /// The part of the current chunk not yet consumed, as indices into the file's bytes (in
    /// place) or into the chunk decoded.
    at: usize,
    end: usize,
    size: usize,
}

enum Source<'a> {
    InPlace(&'a [u8]),
    /// `done`: the decoder has been told the text ended, and has flushed.
    Decoding {
        bytes: &'a [u8],
        decoder: Decoder,
        decoded: Vec<u8>,
        done: bool,
    },
}

impl<'a> Chunks<'a> {
    /// The text in chunks of `size` bytes of the file (at least [`MIN_CHUNK`] of text, short of
    /// its end), at its first chunk.
    fn new(text: Text<'a>, size: usize) -> Chunks<'a> {
        let size = size.max(MIN_CHUNK);
        let (source, len) = match text {
            Text::Utf8(bytes) => (Source::InPlace(bytes), bytes.len()),
            // The decoder writes whole characters: room for a few beyond the least a chunk holds.
            Text::Encoded(bytes, enc) => {
                let decoder = enc.new_decoder_without_bom_handling();
                (Source::Decoding { bytes, decoder, decoded: vec![0; size.max(16)], done: false }, bytes.len())
            }
        };
        let mut chunks = Chunks { source, taken: 0, len, at: 0, end: 0, size };
        chunks.next_chunk();
        chunks
    }

    /// What is left of the current chunk.
    fn rest(&self) -> &[u8] {
        match &self.source {
            Source::InPlace(bytes) => &bytes[self.at..self.end],
            Source::Decoding { decoded, .. } => &decoded[self.at..self.end],
        }
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }

    /// Moves on to the next chunk, the current one being consumed; false at the end of the text.
    fn next_chunk(&mut self) -> bool {
        let until = self.len.min(self.taken + self.size);
        match &mut self.source {
            Source::InPlace(_) => {
                (self.at, self.end) = (self.taken, until);
                self.taken = until;
                self.at < self.end
            }
            Source::Decoding { bytes, decoder, decoded, done } => {
                let mut filled = 0;
                while filled < MIN_CHUNK && !*done {
                    let until = self.len.min(self.taken + self.size);
                    let last = until == self.len;
                    let (result, read, written, _) =
                        decoder.decode_to_utf8(&bytes[self.taken..until], &mut decoded[filled..], last);
                    self.taken += read;
                    filled += written;
                    *done = last && result == CoderResult::InputEmpty;
                }
                (self.at, self.end) = (0, filled);
                filled > 0
            }
        }
    }

    /// The fraction of the file taken.
    fn fraction(&self) -> f32 {
        if self.len == 0 {
            1.0
        } else {
            self.taken as f32 / self.len as f32
        }
    }
}

/// One record being read: its fields' bytes end to end, and where each field ends. Only the
/// fields of the columns read are kept ([`crate::base::limits::Limits::columns`]): the rest are parsed into
/// scratch space, so a line of a hundred million commas costs no memory.
struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    fields: usize,
}

/// A field longer than a cell may be, found as it is read (before it is held whole).
struct TooLong {
    /// The line the record starts on, and the field's 0-based column.
    line: u64,
    col: usize,
    /// Characters read so far: at least this many.
    chars: usize,
}

impl Record {
    fn new() -> Record {
        Record { bytes: vec![0; 1024], ends: vec![0; 64], fields: 0 }
    }

    /// Reads the next record, adding the line breaks it spans (blank lines before it, its own,
    /// its end's) to `line`. Returns the line its first byte is on, or None at the end of the
    /// text; a field longer than a cell may be is refused as soon as it is.
    fn read(
        &mut self,
        parser: &mut csv_core::Reader,
        chunks: &mut Chunks<'_>,
        line: &mut u64,
    ) -> Result<Option<u64>, TooLong> {
        let keep = LIMITS.columns;
        let (mut out, mut ends) = (0, 0);
        let mut start = None;
        loop {
            // A chunk consumed: the next one, or none (which tells the parser the text ended).
            if chunks.rest().is_empty() {
                chunks.next_chunk();
            }
            // Room for the parser to go on, in the kept fields or the scratch space past them.
            if out == self.bytes.len() {
                self.bytes.resize(self.bytes.len() * 2, 0);
            }
            if ends == self.ends.len() {
                self.ends.resize(self.ends.len() * 2, 0);
            }
            let rest = chunks.rest();
            let (result, nin, nout, nend) = parser.read_record(rest, &mut self.bytes[out..], &mut self.ends[ends..]);
            let taken = &rest[..nin];
            if start.is_none() {
                // The parser skips the line breaks of blank lines before a record.
                let blank = taken.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
                if blank < nin {
                    start = Some(*line + newlines(&taken[..blank]));
                }
            }
            *line += newlines(taken);
            chunks.consume(nin);
            // Past the kept columns, the same space is parsed into again and again.
            let kept = ends < keep;
            if kept {
                out += nout;
                ends += nend;
            }
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull if kept => {
                    let field = &self.bytes[self.ends[..ends].last().copied().unwrap_or(0)..out];
                    if field.len() > LIMITS.cell_chars {
                        let chars = field.iter().filter(|b| (**b as i8) >= -0x40).count();
                        if chars > LIMITS.cell_chars {
                            return Err(TooLong { line: start.unwrap_or(*line), col: ends, chars });
                        }
                    }
                }
                // Grown at the loop's top (kept) or parsed into again (past the kept fields).
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    self.fields = ends.min(keep);
                    return Ok(Some(start.unwrap_or(*line)));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// The kept fields' bytes end to end.
    fn kept(&self) -> &[u8] {
        &self.bytes[..self.ends[..self.fields].last().copied().unwrap_or(0)]
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let ends = &self.ends[..self.fields];
        ends.iter().scan(0, |start, &end| {
            let field = &self.bytes[*start..end];
            *start = end;
            Some(field)
        })
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
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
        self.read_rows(max_rows, progress, CHUNK)
    }
}

impl CsvBook<'_> {
    /// The rows of the text, read in chunks of `size` bytes.
    fn read_rows(
        &mut self,
        max_rows: Option<usize>,
        progress: &mut dyn FnMut(f32),
        size: usize,
    ) -> Result<Grid, Error> {
        let parser = &mut self.parser;
        parser.reset();
        let mut chunks = Chunks::new(self.text, size);
        let mut record = Record::new();
        let mut grid = Grid::new();
        // Excel's row of a record: 1 + line breaks before it, less those inside quoted fields
        // (a record spanning lines is one row in Excel, and blank lines are rows too).
        let (mut line, mut inside) = (1u64, 0u64);
        let mut rows = 0usize;
        while max_rows.is_none_or(|m| rows < m) {
            let read = record.read(parser, &mut chunks, &mut line).map_err(|e| ErrorKind::CellTooLong {
                sheet: self.name.clone(),
                row: (e.line - inside) as u32,
                col: e.col,
                chars: e.chars,
            })?;
            let Some(start) = read else { break };
            let excel_row = (start - inside) as u32;
            inside += newlines(record.kept());
            // A line of bare delimiters is left out, as an empty line is: a gap in the row
            // numbers, which the table reports as a blank row.
            if record.fields().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            caps::check_grid(&grid, &self.name)?;
            grid.start_row(excel_row);
            rows += 1;
            // Decoded text split on ASCII bytes: the record is UTF-8, and so is every field in
            // it. Checked once a record, not once a field.
            let text = utf8(record.kept()).unwrap_or_default();
            let mut start = 0;
            for (col, &end) in record.ends[..record.fields].iter().enumerate() {
                let field = text.get(start..end).unwrap_or_default();
                start = end;
                if !field.is_empty() {
                    grid.push(col, Kind::Text, field);
                }
            }
            if rows.is_multiple_of(8192) {
                progress(chunks.fraction());
            }
        }
        grid.end_row();
        caps::check_grid(&grid, &self.name)?;
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

    /// Every row read from `bytes` in chunks of `size`, as (Excel row, cells).
    fn rows_in_chunks(bytes: &[u8], forced: Option<&str>, size: usize) -> Vec<(u32, Vec<String>)> {
        let g = CsvBook::new(bytes, "x.csv", forced).unwrap().read_rows(None, &mut |_| {}, size).unwrap();
        (0..g.row_count())
            .map(|r| (g.excel_row(r), (0..g.column_count()).map(|c| g.text(c, r).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn a_field_over_the_cell_cap_is_refused_as_it_is_read() {
        // Quoted, it would run to the end of the file: the refusal names where it starts.
        let mut text = "户编号,姓名,备注\n1,甲,短\n2,乙,\"".to_owned();
        text.push_str(&"很长".repeat(500_000));
        let e = CsvBook::new(text.as_bytes(), "x.csv", None).unwrap().read_rows(None, &mut |_| {}, 64).unwrap_err();
        match e.kind() {
            ErrorKind::CellTooLong { row, col, chars, .. } => {
                assert_eq!((*row, *col), (3, 2));
                assert!(*chars > LIMITS.cell_chars && *chars < 4 * LIMITS.cell_chars, "refused near the cap: {chars}");
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn plain_gbk_is_told_as_the_decoder_tells_it() {
        // Every two-byte character the quick pass lets through decodes.
        for lead in 0x81..=0xFEu8 {
            for trail in (0x40..=0x7Eu8).chain(0x80..=0xFE) {
                let pair = [b'a', lead, trail, b','];
                assert!(plain_gbk(&pair));
                let (_, malformed) = GB18030.decode_without_bom_handling(&pair);
                assert!(!malformed, "{lead:02x} {trail:02x}");
            }
        }
        let gbk = GB18030.encode("户编号,姓名,证件号码\n1,张三,110101199001011234\n").0;
        assert!(plain_gbk(&gbk) && decodes_cleanly(&gbk, GB18030));
        // Left to the decoder: a four-byte sequence (clean), a cut pair, 0xFF, a bad trail byte.
        let four = GB18030.encode("a€𠀀b").0;
        assert!(!plain_gbk(&four) && decodes_cleanly(&four, GB18030));
        for bad in [&b"abcdefgh\xb0"[..], b"\xff", b"\xb0\x20", b"12345678\x81\x7f"] {
            assert!(!plain_gbk(bad) && !decodes_cleanly(bad, GB18030), "{bad:?}");
        }
    }

    #[test]
    fn fields_past_the_columns_read_are_dropped_as_they_are_parsed() {
        let mut text = "户编号,姓名\n1,甲".to_owned();
        text.push_str(&",".repeat(200_000));
        text.push_str("末\n2,乙\n");
        let mut record = Record::new();
        let mut parser = csv_core::ReaderBuilder::new().build();
        let mut chunks = Chunks::new(Text::Utf8(text.as_bytes()), 64);
        let mut line = 1;
        assert!(matches!(record.read(&mut parser, &mut chunks, &mut line), Ok(Some(1))));
        assert!(matches!(record.read(&mut parser, &mut chunks, &mut line), Ok(Some(2))));
        assert_eq!(record.fields().count(), LIMITS.columns);
        assert!(record.ends.len() <= 2 * LIMITS.columns, "{} ends held", record.ends.len());
        let g = read(text.as_bytes());
        assert_eq!(g.row_count(), 3);
        assert!((0..g.column_count()).all(|c| g.text(c, 1) != "末"), "the field past the columns read is dropped");
        assert_eq!((g.text(1, 1), g.text(1, 2)), ("甲", "乙"));
    }

    #[test]
    fn chunk_boundaries_change_nothing() {
        // Every chunk size from 1 byte splits a GBK, UTF-8 or UTF-16 character, a quoted field
        // (with its doubled quote and line break), a CRLF and the first line somewhere.
        let text = "姓名\t户编号\t备注\r\n张㑇𠀀\t1\t\"第一行\r\n第二行，\"\"引号\"\"\"\r\n\r\n\n李四\t2\t\t\r\n \t\t\r\n\"王\n五\"\t3\t末";
        let (gbk, _, _) = GB18030.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut bad = gbk.to_vec();
        bad.insert(2, 0xFF);
        for (bytes, forced) in [(text.as_bytes(), None), (&gbk[..], None), (&utf16[..], None), (&bad[..], Some("gbk"))]
        {
            let whole = rows_in_chunks(bytes, forced, CHUNK);
            assert_eq!(whole.len(), 4, "{whole:?}");
            assert_eq!(whole[1], (2, vec!["张㑇𠀀".into(), "1".into(), "第一行\r\n第二行，\"引号\"".into()]));
            assert_eq!((whole[2].0, whole[3].0), (5, 7), "blank lines and a line of delimiters are gaps");
            assert_eq!(whole[3].1, ["王\n五", "3", "末"]);
            for size in 1..=48 {
                assert_eq!(rows_in_chunks(bytes, forced, size), whole, "chunks of {size} bytes");
            }
        }
        assert_eq!(
            rows_in_chunks(&bad, Some("gbk"), CHUNK)[0].1[0],
            "姓\u{FFFD}名",
            "a chosen encoding replaces what it cannot decode"
        );
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
