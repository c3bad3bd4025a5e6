//! The shared strings (`sharedStrings.xml`) in one array of slots and one arena, not a `String`
//! each (a million-row register has millions).

use super::stream::Units;
use super::xml::{self, Scanner, Tag, Token, Unknown};
use std::io::Read;

#[derive(Default)]
#[cfg_attr(any(test, feature = "fuzzing"), derive(Debug, PartialEq))]
pub struct Strings {
    slots: Vec<Slot>,
    /// The strings too long for their slot.
    text: String,
}

/// A string: its length in the last four bytes, and before them the string itself when it is
/// [`INLINE`] bytes or shorter, else its offset in the arena. A register's names and birth dates
/// repeat all over the sheet, so most cells looking one up miss the cache: in its slot, once,
/// not in an offset and then in the text it points to.
type Slot = [u8; 16];
const INLINE: usize = 12;

/// Scratch for decoding a string: its text, and a piece of it.
#[derive(Default)]
pub struct Bufs {
    text: String,
    piece: String,
}

impl Strings {
    pub fn get(&self, i: usize) -> Option<&str> {
        let slot = self.slots.get(i)?;
        let (head, len) = slot.split_at(INLINE);
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        if len <= INLINE {
            // SAFETY: `push` wrote these `len` bytes from a whole `&str`, and nothing else writes.
            return Some(unsafe { std::str::from_utf8_unchecked(&head[..len]) });
        }
        let at = u32::from_le_bytes(head[..4].try_into().expect("4 bytes")) as usize;
        self.text.get(at..at + len)
    }

    /// Asks for string `i`'s slot to be brought into the cache, for a [`Strings::get`] soon after.
    /// Wasm has no such instruction (a load nothing waits for, in its place, did not pay).
    #[inline(always)]
    pub fn prefetch(&self, i: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(slot) = self.slots.get(i) {
            // SAFETY: a prefetch reads nothing the program sees and cannot fault.
            unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.as_ptr().cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = i;
    }

    fn push(&mut self, s: &str) -> Result<(), Unknown> {
        let mut slot = [0u8; 16];
        if s.len() <= INLINE {
            slot[..s.len()].copy_from_slice(s.as_bytes());
        } else {
            let at = u32::try_from(self.text.len() + s.len()).map_err(|_| Unknown("shared strings over 4 GB"))?;
            slot[..4].copy_from_slice(&(at - s.len() as u32).to_le_bytes());
            self.text.push_str(s);
        }
        slot[INLINE..].copy_from_slice(&(s.len() as u32).to_le_bytes());
        self.slots.push(slot);
        Ok(())
    }

    /// Makes room for these strings to grow `factor` times, at most four times at once.
    pub fn reserve(&mut self, factor: f64) {
        let more = |len: usize| (len as f64 * (factor.min(4.0) - 1.0)) as usize;
        self.slots.reserve(more(self.slots.len()));
        self.text.reserve(more(self.text.len()));
    }

    /// Adds `other`'s strings after these (a run read apart, see `split`).
    pub fn append(&mut self, other: Strings) -> Result<(), Unknown> {
        let base = self.text.len();
        let base = u32::try_from(base + other.text.len())
            .map(|_| base as u32)
            .map_err(|_| Unknown("shared strings over 4 GB"))?;
        self.text.push_str(&other.text);
        self.slots.extend(other.slots.iter().map(|&slot| {
            let mut slot = slot;
            if u32::from_le_bytes(slot[INLINE..].try_into().expect("4 bytes")) as usize > INLINE {
                let at = u32::from_le_bytes(slot[..4].try_into().expect("4 bytes"));
                slot[..4].copy_from_slice(&(at + base).to_le_bytes());
            }
            slot
        }));
        Ok(())
    }

    /// Reads the part: each `<si>`'s text is its `<t>`s joined, phonetic runs (`<rPh>`) left out,
    /// trimmed of ASCII blanks unless `xml:space="preserve"`, as calamine reads them.
    pub fn read(src: impl Read) -> Result<Strings, Unknown> {
        let mut units = Units::new(src);
        let Some((head, at)) = units.peek_through(b"sst")? else { return Err(Unknown("no <sst>")) };
        let ((consumed, close), count) = open(head, at)?;
        let mut strings = Strings::default();
        strings.slots.reserve(count.min(1 << 22));
        let Some(close) = close else { return Ok(strings) };
        units.advance(consumed);
        let mut bufs = Bufs::default();
        while let Some(unit) = units.next(&close)? {
            if strings.read_run(unit, &mut bufs)? {
                return Ok(strings);
            }
        }
        Err(Unknown("shared strings cut short"))
    }

    /// Reads the `<si>`s of `unit` (whole ones, or the part's last bytes): true once `</sst>`
    /// ends them.
    pub fn read_run(&mut self, unit: &[u8], bufs: &mut Bufs) -> Result<bool, Unknown> {
        let Bufs { text, piece } = bufs;
        let mut sc = Scanner::new(unit);
        loop {
            if let Some((raw, preserve)) = sc.plain_text(b"<si>", b"</si>") {
                let decoded = xml::decode(sc.str(raw)?, text)?;
                self.push(finished(preserve, decoded, piece))?;
                continue;
            }
            let Some(t) = sc.next()? else { return Ok(false) };
            match t {
                Token::Open(t) if t.local() == b"si" => {
                    text.clear();
                    if !t.empty {
                        read_rich(&mut sc, text, piece)?;
                    }
                    self.push(text)?;
                }
                Token::Close(name) if xml::local(name) == b"sst" => return Ok(true),
                _ => {}
            }
        }
    }
}

/// `<sst>`'s start tag, at the end of `head` with its name at `at`: the bytes through it and the
/// end tag of each string (`</x:si>` with a prefix), or `None` when it holds none (`<sst/>`);
/// and the count of strings it announces (0 when it does not).
pub fn open(head: &[u8], at: usize) -> Result<(xml::Start, usize), Unknown> {
    let prefix = xml::prefix_before(head, at).ok_or(Unknown("no <sst>"))?;
    let (mut count, mut empty) = (0, false);
    if let Some(Token::Open(t)) = Scanner::new(&head[at - 1 - prefix.len()..]).next()? {
        count = t.attr(b"uniqueCount").and_then(|n| std::str::from_utf8(n).ok()?.parse().ok()).unwrap_or(0);
        empty = t.empty;
    }
    let close = (!empty).then(|| [b"</", prefix, b"si>"].concat());
    Ok(((head.len(), close), count))
}

/// Reads the rich text of the element just opened (`<si>`, `<is>`) through its end tag into
/// `out`: its `<t>`s joined, phonetic runs (`<rPh>`) left out. `piece` is scratch.
pub fn read_rich(sc: &mut Scanner<'_>, out: &mut String, piece: &mut String) -> Result<(), Unknown> {
    let mut phonetic = false;
    let mut depth = 0usize;
    loop {
        match sc.next()?.ok_or(Unknown("a string cut short"))? {
            Token::Open(t) if t.local() == b"rPh" => phonetic = !t.empty,
            Token::Open(t) if t.local() == b"t" && !t.empty => {
                piece.clear();
                sc.text_into(piece)?;
                if !phonetic {
                    read_t(&t, piece);
                    out.push_str(piece);
                }
            }
            Token::Open(t) if !t.empty => depth += 1,
            Token::Close(name) if xml::local(name) == b"rPh" => phonetic = false,
            Token::Close(_) if depth == 0 => return Ok(()),
            Token::Close(_) => depth -= 1,
            _ => {}
        }
    }
}

/// Finishes the text of a `<t>`: trimmed of ASCII blanks unless `xml:space="preserve"`, then
/// OOXML's `_xHHHH_` escapes undone.
pub fn read_t(t: &Tag<'_>, piece: &mut String) {
    finish(|| t.attr(b"xml:space") == Some(b"preserve"), piece);
}

/// The text of a `<t>` that keeps its blanks when `preserve`, finished as [`read_t`] finishes
/// it: a slice of `s` when only trimming (or nothing) changes it, else the text in `buf`.
#[inline]
pub fn finished<'x>(preserve: bool, s: &'x str, buf: &'x mut String) -> &'x str {
    let s = if !preserve && has_blank_end(s) { trim_blanks(s) } else { s };
    xml::unescaped(s, buf)
}

fn finish(preserve: impl FnOnce() -> bool, piece: &mut String) {
    if has_blank_end(piece) && !preserve() {
        *piece = trim_blanks(piece).to_owned();
    }
    xml::unescape_ooxml(piece);
}

#[inline]
fn has_blank_end(s: &str) -> bool {
    let blank = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t' | b'\r' | b'\n'));
    blank(s.as_bytes().first()) || blank(s.as_bytes().last())
}

fn trim_blanks(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_strings_read_back_whole_also_when_appended() {
        // Around the slot's twelve bytes, in ASCII and in three-byte characters.
        let texts =
            ["", "1", "18225301092", "123456789012", "1234567890123", "张三丰", "欧阳晓明", "欧阳晓明a", "诸葛孔明先"];
        let mut joined = Strings::default();
        let mut run = Strings::default();
        for t in texts {
            joined.push(t).unwrap();
            run.push(&format!("{t}{t}")).unwrap();
        }
        joined.append(run).unwrap();
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(joined.get(i), Some(*t));
            assert_eq!(joined.get(texts.len() + i), Some(format!("{t}{t}").as_str()));
        }
        assert_eq!(joined.get(2 * texts.len()), None);
    }

    #[test]
    fn reads_plain_rich_and_phonetic_strings() {
        let part = r#"<?xml version="1.0"?><x:sst xmlns:x="…" count="6" uniqueCount="6">
            <x:si><x:t>张三</x:t></x:si>
            <x:si><x:r><x:t xml:space="preserve">李 </x:t></x:r><x:r><x:rPr/><x:t>四</x:t></x:r><x:rPh sb="0" eb="1"><x:t>リ</x:t></x:rPh></x:si>
            <x:si><x:t>  a&amp;b_x000D_  </x:t></x:si>
            <x:si/>
            <x:si><x:t/></x:si>
            <x:si><x:t xml:space="preserve"> 1 </x:t></x:si>
        </x:sst>"#;
        let s = Strings::read(part.as_bytes()).unwrap();
        let all: Vec<&str> = (0..6).map(|i| s.get(i).unwrap()).collect();
        assert_eq!(all, ["张三", "李 四", "a&b\r", "", "", " 1 "]);
        assert_eq!(s.get(6), None);
    }
}
