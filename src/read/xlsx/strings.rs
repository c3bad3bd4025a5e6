//! The shared strings (`sharedStrings.xml`) in one arena: one `String` and end offsets, not a
//! `String` each (a million-row register has millions).

use super::stream::Units;
use super::xml::{self, Scanner, Tag, Token, Unknown};
use std::io::Read;

#[derive(Default)]
pub struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    fn push(&mut self, s: &str) -> Result<(), Unknown> {
        self.text.push_str(s);
        self.ends.push(u32::try_from(self.text.len()).map_err(|_| Unknown("shared strings over 4 GB"))?);
        Ok(())
    }

    /// Reads the part: each `<si>`'s text is its `<t>`s joined, phonetic runs (`<rPh>`) left out,
    /// trimmed of ASCII blanks unless `xml:space="preserve"`, as calamine reads them.
    pub fn read(src: impl Read) -> Result<Strings, Unknown> {
        let mut units = Units::new(src);
        let Some((head, at)) = units.peek_through(b"sst")? else { return Err(Unknown("no <sst>")) };
        let prefix = xml::prefix_before(head, at).ok_or(Unknown("no <sst>"))?.to_vec();
        let mut strings = Strings::default();
        if let Some(Token::Open(t)) = Scanner::new(&head[at - 1 - prefix.len()..]).next()? {
            if let Some(n) = t.attr(b"uniqueCount").and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok()) {
                strings.ends.reserve(n.min(1 << 24));
            }
            if t.empty {
                return Ok(strings);
            }
        }
        let consumed = head.len();
        units.advance(consumed);
        let close = [b"</", &prefix[..], b"si>"].concat();
        let (mut text, mut piece) = (String::new(), String::new());
        while let Some(unit) = units.next(&close)? {
            let mut sc = Scanner::new(unit);
            loop {
                if let Some((raw, preserve)) = sc.plain_text(b"<si>", b"</si>") {
                    let decoded = xml::decode(sc.str(raw)?, &mut text)?;
                    strings.push(finished(preserve, decoded, &mut piece))?;
                    continue;
                }
                let Some(t) = sc.next()? else { break };
                match t {
                    Token::Open(t) if t.local() == b"si" => {
                        text.clear();
                        if !t.empty {
                            read_rich(&mut sc, &mut text, &mut piece)?;
                        }
                        strings.push(&text)?;
                    }
                    Token::Close(name) if xml::local(name) == b"sst" => return Ok(strings),
                    _ => {}
                }
            }
        }
        Err(Unknown("shared strings cut short"))
    }
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
