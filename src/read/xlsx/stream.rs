//! A zip entry inflated piece by piece, handed out in units that each end just after a given
//! end tag (`</row>`, `</si>`): every unit holds whole elements, so the scanner never meets a tag
//! cut in two, and a million-row sheet never sits in memory at once.

use super::xml::Unknown;
use std::io::Read;

/// Bytes inflated per read.
const PIECE: usize = 1 << 20;
/// A unit this long without its end tag is not a sheet we read quickly: calamine takes over.
pub const MAX_UNIT: usize = 64 << 20;

pub struct Units<R> {
    src: R,
    /// Inflated bytes in `start..end`; the rest is room, zeroed once when it grows.
    buf: Vec<u8>,
    /// Where the next unit starts in `buf`.
    start: usize,
    end: usize,
    eof: bool,
    piece: usize,
}

impl<R: Read> Units<R> {
    pub fn new(src: R) -> Units<R> {
        Units::with_piece(src, PIECE)
    }

    fn with_piece(src: R, piece: usize) -> Units<R> {
        Units { src, buf: Vec::new(), start: 0, end: 0, eof: false, piece }
    }

    /// Inflates up to `min` more bytes past `start` (fewer at the entry's end); false at the end.
    fn fill(&mut self, min: usize) -> Result<bool, Unknown> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        let want = self.end + min;
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        while self.end < want {
            let n = self
                .src
                .read(&mut self.buf[self.end..want])
                .map_err(|_| Unknown("a zip entry that does not inflate"))?;
            if n == 0 {
                self.eof = true;
                break;
            }
            self.end += n;
        }
        Ok(true)
    }

    /// The bytes from the current position through the first occurrence of `needle` and the
    /// next `>` after it, without consuming them (for finding `<sheetData …>`); `None` when the
    /// entry has no `needle`.
    pub fn peek_through(&mut self, needle: &[u8]) -> Result<Option<(&[u8], usize)>, Unknown> {
        let mut searched = 0;
        loop {
            let hay = &self.buf[self.start..self.end];
            if let Some(i) = memchr::memmem::find(&hay[searched..], needle).map(|i| searched + i) {
                if let Some(gt) = memchr::memchr(b'>', &hay[i..]) {
                    return Ok(Some((&self.buf[self.start..self.start + i + gt + 1], i)));
                }
            }
            searched = hay.len().saturating_sub(needle.len());
            if hay.len() > MAX_UNIT {
                return Err(Unknown("a header longer than any sheet's"));
            }
            if !self.fill(self.piece)? {
                return Ok(None);
            }
        }
    }

    /// Consumes `n` bytes.
    pub fn advance(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// The next unit: everything up to and including the last `close` in what is inflated so
    /// far, or the rest of the entry at its end; `None` once all is handed out.
    pub fn next(&mut self, close: &[u8]) -> Result<Option<&[u8]>, Unknown> {
        let mut searched = 0;
        loop {
            let hay = &self.buf[self.start..self.end];
            if let Some(i) = memchr::memmem::rfind(&hay[searched..], close).map(|i| searched + i) {
                let unit = self.start..self.start + i + close.len();
                self.start = unit.end;
                return Ok(Some(&self.buf[unit]));
            }
            searched = hay.len().saturating_sub(close.len());
            if hay.len() > MAX_UNIT {
                return Err(Unknown("a row or string longer than any register's"));
            }
            if !self.fill(self.piece)? || self.end == self.start {
                let unit = self.start..self.end;
                self.start = unit.end;
                return Ok((!unit.is_empty()).then(|| &self.buf[unit]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call, to cut tags at every place.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn units_end_after_their_end_tag_and_cover_everything() {
        let doc = b"<sheetData><row r=\"1\"><c/></row><row r=\"2\"></row></sheetData><tail/>";
        for step in [1, 3, 7, 1000] {
            let mut u = Units::with_piece(Trickle { data: doc, step }, step);
            let (head, at) = u.peek_through(b"sheetData").unwrap().unwrap();
            assert_eq!((head, at), (&b"<sheetData>"[..], 1));
            let len = head.len();
            u.advance(len);
            let mut all = b"<sheetData>".to_vec();
            while let Some(unit) = u.next(b"</row>").unwrap() {
                assert!(
                    unit.ends_with(b"</row>") || unit.ends_with(b"<tail/>"),
                    "{step}: {}",
                    String::from_utf8_lossy(unit)
                );
                all.extend_from_slice(unit);
            }
            assert_eq!(all, doc, "step {step}");
        }
    }
}
