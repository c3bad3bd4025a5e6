//! A small XML scanner over a complete slice: tags, their attributes and text, no allocation.
//!
//! It knows only what the parts of an `.xlsx` use. What it does not know (CDATA, a DTD, named
//! entities beyond XML's five, bytes that are not UTF-8) it refuses as [`Unknown`], and the
//! workbook is then read by calamine instead (see `super::XlsxBook`).

use memchr::memchr;

/// Where a part's records start: the bytes through their parent's start tag (`<sheetData>`,
/// `<sst>`), and the records' end tag (`</row>`, `</si>`), or `None` when the parent is empty.
pub type Start = (usize, Option<Vec<u8>>);

/// Something this scanner does not read; the reason names it, for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown(pub &'static str);

/// One step through the document.
#[derive(Debug)]
pub enum Token<'a> {
    /// A start tag, or an empty-element tag when [`Tag::empty`].
    Open(Tag<'a>),
    /// An end tag's qualified name.
    Close(&'a [u8]),
    /// Raw text between tags: entities not yet decoded.
    Text(&'a [u8]),
}

/// What follows a cell's start tag, when written the usual way.
pub enum Body<'a> {
    /// `<c …/>`: nothing.
    Empty,
    /// `<v>TEXT</v></c>`: the raw text.
    Value(&'a [u8]),
    /// `<is><t>TEXT</t></is></c>` (or `<t xml:space="preserve">`): the raw text, and whether
    /// blanks are kept.
    Inline(&'a [u8], bool),
    /// Anything else: the scanner stands at the cell's first child.
    Other,
}

/// The attributes of a cell's start tag that say where it is, how it shows and what it holds.
pub struct CellTag<'a> {
    pub r: Option<&'a [u8]>,
    pub s: Option<&'a [u8]>,
    pub t: Option<&'a [u8]>,
    /// `<c …/>`: a cell with nothing in it.
    pub empty: bool,
}

/// A start tag.
#[derive(Debug)]
pub struct Tag<'a> {
    name: &'a [u8],
    attrs: &'a [u8],
    /// `<x/>`: the element ends here.
    pub empty: bool,
}

impl<'a> Tag<'a> {
    /// The name without its namespace prefix.
    pub fn local(&self) -> &'a [u8] {
        local(self.name)
    }

    /// Whether the local name is `name`.
    pub fn is(&self, name: &[u8]) -> bool {
        same(self.local(), name)
    }

    /// The raw value of attribute `key` (matched exactly, prefix and all).
    pub fn attr(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.attrs().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The raw value of the attribute whose local name is `key` (`r:id` for `id`).
    pub fn attr_local(&self, key: &[u8]) -> Option<&'a [u8]> {
        self.attrs().find(|(k, _)| local(k) == key).map(|(_, v)| v)
    }

    /// The attributes as (name, raw value) pairs; scanning stops at the first malformed one.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs { rest: self.attrs }
    }
}

/// A tag's attributes, scanned byte by byte: they are a few short pairs (`r="B7" s="3" t="s"`),
/// too short for `memchr` to pay.
pub struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.rest;
        let blank = |i: usize| s.get(i).is_some_and(u8::is_ascii_whitespace);
        let mut i = 0;
        while blank(i) {
            i += 1;
        }
        let key_at = i;
        while s.get(i).is_some_and(|b| *b != b'=' && !b.is_ascii_whitespace()) {
            i += 1;
        }
        let key = &s[key_at..i];
        while blank(i) {
            i += 1;
        }
        if s.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while blank(i) {
            i += 1;
        }
        let quote = *s.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        let value_at = i + 1;
        let len = s[value_at..].iter().position(|b| *b == quote)?;
        self.rest = &s[value_at + len + 1..];
        Some((key, &s[value_at..value_at + len]))
    }
}

/// The first `b` in `s`. Tags' names and values and most cells' text end within a few bytes:
/// eight bytes at a time by word arithmetic over the first [`SHORT`], then `memchr`, whose set-up
/// costs more than a short search.
#[inline(always)]
fn find(b: u8, s: &[u8]) -> Option<usize> {
    const SHORT: usize = 32;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = s.chunks_exact(8);
    for (n, w) in words.by_ref().take(SHORT / 8).enumerate() {
        // A zero byte of `x` is a `b` of `w`; the lowest flagged byte is the first `b`.
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes")) ^ (ONES * u64::from(b));
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return Some(n * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let at = s.len() - words.remainder().len() - 8 * words.len();
    if s.len() - at < 8 {
        return s[at..].iter().position(|c| *c == b).map(|i| at + i);
    }
    memchr(b, &s[at..]).map(|i| at + i)
}

/// The namespace prefix (with its colon) of the element whose name starts at `at` in `head`,
/// when `head[at - 1 - prefix]` is the `<` that opens it; `None` when `at` is not a tag name.
pub fn prefix_before(head: &[u8], at: usize) -> Option<&[u8]> {
    let lt = head[..at].iter().rposition(|b| *b == b'<')?;
    let prefix = &head[lt + 1..at];
    (prefix.is_empty()
        || (prefix.ends_with(b":")
            && prefix.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))))
    .then_some(prefix)
}

/// `a == b` for the short names of tags and attributes, without a call to `memcmp`.
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The name after its namespace prefix, if any.
pub fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn trim(s: &[u8]) -> &[u8] {
    let s = trim_start(s);
    let n = s.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    &s[..s.len() - n]
}

/// Tokens of a slice that holds whole tags (it may start and end between any two tags).
pub struct Scanner<'a> {
    s: &'a [u8],
    /// `s` as text, when it is UTF-8 throughout: checked once, in one call, and not text by
    /// text (a few bytes each, where the call costs more than the check).
    text: Option<&'a str>,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(s: &'a [u8]) -> Scanner<'a> {
        Scanner { s, text: crate::base::text::utf8(s), pos: 0 }
    }

    /// `raw`, a slice of this scanner's bytes (text or an attribute value), as text. Its ends
    /// are ASCII (`<`, `>`, a quote): where the whole is UTF-8, so is the slice, and it is cut
    /// from the whole without another check; otherwise it is checked alone.
    #[inline]
    pub fn str(&self, raw: &'a [u8]) -> Result<&'a str, Unknown> {
        if let Some(text) = self.text {
            let at = (raw.as_ptr() as usize).wrapping_sub(self.s.as_ptr() as usize);
            let end = at.checked_add(raw.len());
            if let Some(s) = end.and_then(|end| text.get(at..end)).filter(|s| s.as_ptr() == raw.as_ptr()) {
                return Ok(s);
            }
        }
        std::str::from_utf8(raw).map_err(|_| Unknown("text that is not UTF-8"))
    }

    /// The next token; `Ok(None)` at the end of the slice. Comments and processing
    /// instructions are skipped.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Token<'a>>, Unknown> {
        loop {
            let s = self.s;
            let Some(&first) = s.get(self.pos) else { return Ok(None) };
            if first != b'<' {
                let end = find(b'<', &s[self.pos..]).map_or(s.len(), |i| self.pos + i);
                let text = &s[self.pos..end];
                self.pos = end;
                return Ok(Some(Token::Text(text)));
            }
            let rest = &s[self.pos + 1..];
            match rest.first() {
                Some(b'/') => {
                    let gt = find(b'>', rest).ok_or(Unknown("an end tag cut short"))?;
                    self.pos += gt + 2;
                    return Ok(Some(Token::Close(trim(&rest[1..gt]))));
                }
                Some(b'?') => {
                    let end = memchr::memmem::find(rest, b"?>").ok_or(Unknown("a processing instruction cut short"))?;
                    self.pos += end + 3;
                }
                Some(b'!') if rest.starts_with(b"!--") => {
                    let end = memchr::memmem::find(&rest[3..], b"-->").ok_or(Unknown("a comment cut short"))?;
                    self.pos += end + 7;
                }
                Some(b'!') => return Err(Unknown("CDATA or a DTD")),
                Some(_) => {
                    let name_len = rest
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
                        .ok_or(Unknown("a tag cut short"))?;
                    // Attribute values may hold `>`: the tag ends at the first `>` outside quotes.
                    let mut quote = 0u8;
                    let end = rest[name_len..].iter().position(|&b| {
                        if quote != 0 {
                            if b == quote {
                                quote = 0;
                            }
                        } else if b == b'"' || b == b'\'' {
                            quote = b;
                        } else if b == b'>' {
                            return true;
                        }
                        false
                    });
                    let i = name_len + end.ok_or(Unknown("a tag cut short"))?;
                    let empty = i > name_len && rest[i - 1] == b'/';
                    let attrs = &rest[name_len..if empty { i - 1 } else { i }];
                    self.pos += i + 2;
                    return Ok(Some(Token::Open(Tag { name: &rest[..name_len], attrs, empty })));
                }
                None => return Err(Unknown("a tag cut short")),
            }
        }
    }

    /// Appends the decoded text up to the end tag of the element just opened, which must hold
    /// nothing but text (and comments).
    pub fn text_into(&mut self, out: &mut String) -> Result<(), Unknown> {
        loop {
            match self.next()? {
                Some(Token::Text(raw)) => decode_str_into(self.str(raw)?, out)?,
                Some(Token::Close(_)) => return Ok(()),
                Some(Token::Open(_)) => return Err(Unknown("an element inside text")),
                None => return Err(Unknown("text cut short")),
            }
        }
    }

    /// The start tag of a cell written the usual way, `<c r="B7" s="3" t="s">` with no other
    /// attributes and double quotes, read in one pass and stepped past; `None` (and no step)
    /// for any other shape, which [`Scanner::next`] then reads. Registers have millions.
    #[inline]
    pub fn cell_tag(&mut self) -> Option<CellTag<'a>> {
        match self.cell_tag_in_order() {
            Some(tag) => Some(tag),
            None => self.cell_tag_any_order(),
        }
    }

    /// [`Scanner::cell_tag`] for the order every writer we know uses, `r`, then `s` and `t`
    /// when there: each attribute's name compared as one word where it must stand, no loop.
    // Inlined by force, as are `find` and `cell_body`: left to itself, the compiler calls each
    // piece, and the calls cost as much as the work in them.
    #[inline(always)]
    fn cell_tag_in_order(&mut self) -> Option<CellTag<'a>> {
        // `rest` starts with `NAME="`: the value up to its quote, and what follows the quote.
        #[inline(always)]
        fn value(rest: &[u8]) -> Option<(&[u8], &[u8])> {
            let len = find(b'"', rest)?;
            Some((&rest[..len], &rest[len + 1..]))
        }
        // A style's or a type's value is mostly one byte (`s="3"`, `t="s"`) or `inlineStr`:
        // looked at first.
        #[inline(always)]
        fn short_value(rest: &[u8]) -> Option<(&[u8], &[u8])> {
            match rest {
                [b'"', more @ ..] => Some((&rest[..0], more)),
                [_, b'"', more @ ..] => Some((&rest[..1], more)),
                [b'i', b'n', b'l', b'i', b'n', b'e', b'S', b't', b'r', b'"', more @ ..] => Some((&rest[..9], more)),
                _ => value(rest),
            }
        }
        let rest = self.s.get(self.pos..)?.strip_prefix(b"<c r=\"")?;
        let (r, mut rest) = value(rest)?;
        let mut tag = CellTag { r: Some(r), s: None, t: None, empty: false };
        if let [b' ', b's', b'=', b'"', more @ ..] = rest {
            (tag.s, rest) = short_value(more).map(|(v, more)| (Some(v), more))?;
        }
        if let [b' ', b't', b'=', b'"', more @ ..] = rest {
            (tag.t, rest) = short_value(more).map(|(v, more)| (Some(v), more))?;
        }
        let len = match rest {
            [b'>', ..] => 1,
            [b'/', b'>', ..] => {
                tag.empty = true;
                2
            }
            _ => return None,
        };
        self.pos = self.s.len() - rest.len() + len;
        Some(tag)
    }

    /// [`Scanner::cell_tag`] for its attributes in any order.
    fn cell_tag_any_order(&mut self) -> Option<CellTag<'a>> {
        let mut rest = self.s.get(self.pos..)?.strip_prefix(b"<c ")?;
        let mut tag = CellTag { r: None, s: None, t: None, empty: false };
        // Slice patterns: one length check and the bytes compared, no index checked twice.
        loop {
            match rest {
                [b' ', more @ ..] => rest = more,
                [b'>', ..] => {
                    self.pos = self.s.len() - rest.len() + 1;
                    return Some(tag);
                }
                [b'/', b'>', ..] => {
                    tag.empty = true;
                    self.pos = self.s.len() - rest.len() + 2;
                    return Some(tag);
                }
                [key, b'=', b'"', more @ ..] => {
                    let len = find(b'"', more)?;
                    let value = Some(&more[..len]);
                    match key {
                        b'r' => tag.r = value,
                        b's' => tag.s = value,
                        b't' => tag.t = value,
                        _ => return None,
                    }
                    rest = &more[len + 1..];
                }
                _ => return None,
            }
        }
    }

    /// What follows the start tag of a cell (`empty` when it was `<c …/>`), stepping past it
    /// when it is one of [`Body`]'s usual shapes.
    #[inline(always)]
    pub fn cell_body(&mut self, empty: bool) -> Body<'a> {
        if empty {
            return Body::Empty;
        }
        if let Some(v) = self.plain_value() {
            return Body::Value(v);
        }
        match self.plain_text(b"<is>", b"</is></c>") {
            Some((t, preserve)) => Body::Inline(t, preserve),
            None => Body::Other,
        }
    }

    /// The raw text of a cell written the usual way, `<v>TEXT</v></c>` right after its start
    /// tag, stepping past it; `None` (and no step) for any other shape.
    #[inline(always)]
    pub fn plain_value(&mut self) -> Option<&'a [u8]> {
        let rest = self.s.get(self.pos..)?.strip_prefix(b"<v>")?;
        let lt = find(b'<', rest)?;
        let (value, end) = rest.split_at(lt);
        if !end.starts_with(b"</v></c>") {
            return None;
        }
        self.pos = self.s.len() - end.len() + 8;
        Some(value)
    }

    /// The raw text of rich text written the usual way, `OPEN<t>TEXT</t>CLOSE` (or
    /// `<t xml:space="preserve">`) right here, stepping past it, and whether blanks are kept;
    /// `None` (and no step) for any other shape. A shared string is `<si>…</si>`, an inline
    /// string `<is>…</is></c>`.
    // Inlined, so that `open` and `close` are constants compared in place, not by `memcmp`.
    #[inline]
    pub fn plain_text(&mut self, open: &[u8], close: &[u8]) -> Option<(&'a [u8], bool)> {
        const PRESERVE: &[u8] = br#"<t xml:space="preserve">"#;
        let rest = self.s.get(self.pos..)?.strip_prefix(open)?;
        let (rest, preserve) = match rest.strip_prefix(b"<t>") {
            Some(rest) => (rest, false),
            None => (rest.strip_prefix(PRESERVE)?, true),
        };
        let lt = find(b'<', rest)?;
        let end = rest.get(lt..)?.strip_prefix(b"</t>")?;
        if !end.starts_with(close) {
            return None;
        }
        let text = &rest[..lt];
        self.pos = self.s.len() - end.len() + close.len();
        Some((text, preserve))
    }

    /// Steps past the end tag of the element just opened, whatever it holds.
    pub fn skip_element(&mut self) -> Result<(), Unknown> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Some(Token::Open(t)) if !t.empty => depth += 1,
                Some(Token::Close(_)) if depth == 0 => return Ok(()),
                Some(Token::Close(_)) => depth -= 1,
                Some(_) => {}
                None => return Err(Unknown("an element cut short")),
            }
        }
    }
}

/// Appends `raw` text or attribute value to `out`: XML's five entities and character
/// references decoded, line ends normalised to `\n` as XML 1.0 says.
pub fn decode_into(raw: &[u8], out: &mut String) -> Result<(), Unknown> {
    decode_str_into(std::str::from_utf8(raw).map_err(|_| Unknown("text that is not UTF-8"))?, out)
}

/// `s` decoded as [`decode_into`] decodes it: `s` itself when it has nothing to decode (most
/// texts), else the decoded text in `buf`.
#[inline]
pub fn decode<'x>(s: &'x str, buf: &'x mut String) -> Result<&'x str, Unknown> {
    if !has_any(s.as_bytes(), b'&', b'\r') {
        return Ok(s);
    }
    buf.clear();
    decode_str_into(s, buf)?;
    Ok(buf)
}

/// Whether `s` holds `a` or `b`: a plain loop over short texts (most cells), `memchr2` over
/// long ones.
#[inline]
fn has_any(s: &[u8], a: u8, b: u8) -> bool {
    if s.len() <= 16 {
        s.iter().any(|c| *c == a || *c == b)
    } else {
        memchr::memchr2(a, b, s).is_some()
    }
}

/// [`decode_into`] for text already known to be UTF-8.
fn decode_str_into(s: &str, out: &mut String) -> Result<(), Unknown> {
    if !has_any(s.as_bytes(), b'&', b'\r') {
        out.push_str(s);
        return Ok(());
    }
    let mut rest = s;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'\r' {
            out.push('\n');
            rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
            continue;
        }
        let semi = rest[i..].find(';').ok_or(Unknown("an entity cut short"))?;
        let entity = &rest[i + 1..i + semi];
        out.push(match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or(Unknown("an entity XML does not define"))?
            }
        });
        rest = &rest[i + semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// Undoes OOXML's `_xHHHH_` escapes (control characters and the like, in UTF-16 units): a
/// lone surrogate becomes U+FFFD, as calamine does.
pub fn unescape_ooxml(s: &mut String) {
    if !has_ooxml_escape(s) {
        return;
    }
    let mut out = String::with_capacity(s.len());
    unescape_ooxml_into(s, &mut out);
    *s = out;
}

/// `s` with [`unescape_ooxml`]'s escapes undone: `s` itself when it has none (most texts), else
/// the text undone in `buf`.
#[inline]
pub fn unescaped<'x>(s: &'x str, buf: &'x mut String) -> &'x str {
    if !has_ooxml_escape(s) {
        return s;
    }
    buf.clear();
    unescape_ooxml_into(s, buf);
    buf
}

/// Whether `s` has a `_x`: most texts have no `_` at all, found by a byte search, not a
/// substring search's set-up.
#[inline]
fn has_ooxml_escape(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'_', b).any(|i| b.get(i + 1) == Some(&b'x'))
}

fn unescape_ooxml_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('_') {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        match unit(here) {
            Some(high @ 0xD800..=0xDBFF) => match unit(&here[7..]) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    rest = &here[14..];
                }
                _ => {
                    out.push(char::REPLACEMENT_CHARACTER);
                    rest = &here[7..];
                }
            },
            Some(u) => {
                out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &here[7..];
            }
            None => {
                out.push('_');
                rest = &here[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The UTF-16 unit of an `_xHHHH_` escape at the start of `s`.
fn unit(s: &str) -> Option<u16> {
    let b = s.as_bytes().get(..7)?;
    if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(&s[2..6], 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<String> {
        let mut sc = Scanner::new(s.as_bytes());
        let mut out = Vec::new();
        while let Some(t) = sc.next().unwrap() {
            out.push(match t {
                Token::Open(t) => {
                    let attrs: Vec<String> = t
                        .attrs()
                        .map(|(k, v)| format!("{}={}", String::from_utf8_lossy(k), String::from_utf8_lossy(v)))
                        .collect();
                    format!(
                        "<{}{}{}>",
                        String::from_utf8_lossy(t.name),
                        if attrs.is_empty() { String::new() } else { format!(" {}", attrs.join(" ")) },
                        if t.empty { "/" } else { "" }
                    )
                }
                Token::Close(n) => format!("</{}>", String::from_utf8_lossy(n)),
                Token::Text(t) => String::from_utf8_lossy(t).into_owned(),
            });
        }
        out
    }

    #[test]
    fn scans_tags_attributes_and_text() {
        assert_eq!(
            tokens(r#"<?xml version="1.0"?><x:c r="A1" t='s' ><!-- a > b --><v>1</v></x:c><c r="B1"/> "#),
            ["<x:c r=A1 t=s>", "<v>", "1", "</v>", "</x:c>", "<c r=B1/>", " "]
        );
        // `>` and `/` inside an attribute value do not end the tag.
        assert_eq!(
            tokens(r#"<numFmt formatCode="[>100]0/0" numFmtId="164"/>"#),
            ["<numFmt formatCode=[>100]0/0 numFmtId=164/>"]
        );
    }

    #[test]
    fn reads_usual_cell_tags_in_one_pass_and_leaves_the_rest() {
        let mut sc = Scanner::new(br#"<c r="B7" s="3" t="s"><c r="C7"/><c r="D7" cm="1"><c r='E7'>"#);
        let tag = sc.cell_tag().unwrap();
        assert_eq!((tag.r, tag.s, tag.t, tag.empty), (Some(&b"B7"[..]), Some(&b"3"[..]), Some(&b"s"[..]), false));
        let tag = sc.cell_tag().unwrap();
        assert_eq!((tag.r, tag.s, tag.empty), (Some(&b"C7"[..]), None, true));
        assert!(sc.cell_tag().is_none());
        assert!(matches!(sc.next(), Ok(Some(Token::Open(t))) if t.attr(b"cm") == Some(b"1")));
        assert!(sc.cell_tag().is_none());
    }

    /// The style's and the type's values of every length: empty, one byte and two (looked at
    /// first), `inlineStr` (likewise), and longer ones (searched).
    #[test]
    fn reads_style_and_type_values_of_any_length() {
        let xml = br#"<c r="A1" s="" t="s"><c r="B1" s="12" t="inlineStr"><c r="C1" s="7" t="str"/><c r="D1" s="123" t="inlineStrX">"#;
        let mut sc = Scanner::new(xml);
        let mut tags = Vec::new();
        while let Some(tag) = sc.cell_tag() {
            tags.push((tag.r.unwrap(), tag.s.unwrap(), tag.t.unwrap(), tag.empty));
        }
        let text = |(r, s, t, empty): (&[u8], &[u8], &[u8], bool)| {
            [r, s, t].map(|v| String::from_utf8_lossy(v).into_owned()).join(" ") + if empty { " /" } else { "" }
        };
        let tags: Vec<String> = tags.into_iter().map(text).collect();
        assert_eq!(tags, ["A1  s", "B1 12 inlineStr", "C1 7 str /", "D1 123 inlineStrX"]);
    }

    #[test]
    fn reads_cell_tags_in_any_order_and_bodies_of_the_usual_shapes() {
        let mut sc = Scanner::new(br#"<c r="A1" t="s" s="2"><v>3</v></c><c r="B1" s="2"/><c s="1" r="C1"><is><t>x</t></is></c><c r="D1" t="str"><f>1</f><v>2</v></c>"#);
        let tag = sc.cell_tag().unwrap();
        assert_eq!((tag.r, tag.s, tag.t), (Some(&b"A1"[..]), Some(&b"2"[..]), Some(&b"s"[..])));
        assert!(matches!(sc.cell_body(tag.empty), Body::Value(b"3")));
        let tag = sc.cell_tag().unwrap();
        assert_eq!((tag.r, tag.s, tag.empty), (Some(&b"B1"[..]), Some(&b"2"[..]), true));
        assert!(matches!(sc.cell_body(tag.empty), Body::Empty));
        let tag = sc.cell_tag().unwrap();
        assert_eq!((tag.r, tag.s, tag.t), (Some(&b"C1"[..]), Some(&b"1"[..]), None));
        assert!(matches!(sc.cell_body(tag.empty), Body::Inline(b"x", false)));
        let tag = sc.cell_tag().unwrap();
        assert_eq!(tag.t, Some(&b"str"[..]));
        assert!(matches!(sc.cell_body(tag.empty), Body::Other));
        assert!(matches!(sc.next(), Ok(Some(Token::Open(t))) if t.is(b"f")));
    }

    #[test]
    fn finds_a_byte_as_a_plain_search_does() {
        for len in 0..80 {
            for at in 0..=len {
                let mut s = vec![b'a'; len];
                if at < len {
                    s[at] = b'"';
                    // A `"` later on, and bytes that differ from it by one bit, change nothing.
                    s.iter_mut().skip(at + 1).step_by(3).for_each(|b| *b = b'"');
                    s.iter_mut().take(at).step_by(2).for_each(|b| *b = b'"' ^ 1);
                }
                assert_eq!(find(b'"', &s), s.iter().position(|b| *b == b'"'), "{len} {at}");
            }
        }
    }

    #[test]
    fn cuts_text_from_a_checked_whole_or_checks_it_alone() {
        let sc = Scanner::new("<t>中文</t>".as_bytes());
        assert_eq!(sc.str(&sc.s[3..9]), Ok("中文"));
        // Not UTF-8 as a whole: each slice is checked alone.
        let bad = b"<t>\xff</t><t>ok</t>";
        let sc = Scanner::new(bad);
        assert!(sc.text.is_none());
        assert_eq!(sc.str(&bad[3..4]), Err(Unknown("text that is not UTF-8")));
        assert_eq!(sc.str(&bad[11..13]), Ok("ok"));
        // A slice from elsewhere is checked alone too.
        let elsewhere = b"\xe4\xb8";
        assert!(Scanner::new(b"<t>ab</t>").str(elsewhere).is_err());
    }

    #[test]
    fn borrows_what_needs_no_decoding() {
        let mut buf = String::new();
        let s = "张三 1_2";
        assert!(std::ptr::eq(decode(s, &mut buf).unwrap(), s));
        assert!(std::ptr::eq(unescaped(s, &mut buf), s));
        assert_eq!(decode("a&amp;b", &mut buf).unwrap(), "a&b");
        assert_eq!(unescaped("a_x000D_b", &mut buf), "a\rb");
    }

    #[test]
    fn takes_plain_values_whole_and_leaves_the_rest() {
        let mut sc = Scanner::new(b"<v>12</v></c><v>1</v><f>A1</f></c>");
        assert_eq!(sc.plain_value(), Some(&b"12"[..]));
        assert_eq!(sc.plain_value(), None);
        assert!(matches!(sc.next(), Ok(Some(Token::Open(t))) if t.is(b"v")));
    }

    #[test]
    fn takes_plain_rich_text_whole_and_leaves_the_rest() {
        let mut sc = Scanner::new(
            br#"<si><t>a&amp;b</t></si><si><t xml:space="preserve"> c </t></si><si><t>d</t></si2><is><t>e</t></is></c><si><r><t>f</t></r></si>"#,
        );
        assert_eq!(sc.plain_text(b"<si>", b"</si>"), Some((&b"a&amp;b"[..], false)));
        assert_eq!(sc.plain_text(b"<si>", b"</si>"), Some((&b" c "[..], true)));
        assert_eq!(sc.plain_text(b"<si>", b"</si>"), None, "another end tag");
        assert!(matches!(sc.next(), Ok(Some(Token::Open(t))) if t.is(b"si")));
        sc.skip_element().unwrap();
        assert_eq!(sc.plain_text(b"<is>", b"</is></c>"), Some((&b"e"[..], false)));
        assert_eq!(sc.plain_text(b"<si>", b"</si>"), None, "runs");
        assert!(matches!(sc.next(), Ok(Some(Token::Open(t))) if t.is(b"si")));
    }

    #[test]
    fn finds_attributes_by_name_and_local_name() {
        let mut sc = Scanner::new(br#"<sheet name="A&amp;B" r:id="rId2" state="hidden"/>"#);
        let Some(Token::Open(t)) = sc.next().unwrap() else { panic!() };
        assert_eq!(t.local(), b"sheet");
        assert_eq!(t.attr(b"name"), Some(&b"A&amp;B"[..]));
        assert_eq!(t.attr(b"id"), None);
        assert_eq!(t.attr_local(b"id"), Some(&b"rId2"[..]));
        assert!(t.empty);
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        assert_eq!(Scanner::new(b"<![CDATA[x]]>").next().unwrap_err(), Unknown("CDATA or a DTD"));
        assert!(Scanner::new(b"<c r=\"A1").next().is_err());
        assert!(decode_into(b"&nbsp;", &mut String::new()).is_err());
        assert!(decode_into(b"\xff", &mut String::new()).is_err());
    }

    #[test]
    fn decodes_entities_and_line_ends() {
        let mut s = String::new();
        decode_into(b"a&lt;b&gt;&amp;&quot;&apos;&#20013;&#x6587;\r\nx\ry", &mut s).unwrap();
        assert_eq!(s, "a<b>&\"'中文\nx\ny");
    }

    #[test]
    fn unescapes_ooxml_escapes() {
        for (from, to) in [
            ("a_x000D_b", "a\rb"),
            ("_x005F_x000D_", "_x000D_"),
            ("_xD83D__xDE00_", "😀"),
            ("_xD83D_", "\u{FFFD}"),
            ("_x12_ _xZZZZ_", "_x12_ _xZZZZ_"),
        ] {
            let mut s = from.to_owned();
            unescape_ooxml(&mut s);
            assert_eq!(s, to, "{from}");
        }
    }

    #[test]
    fn finds_the_prefix_of_a_tag() {
        assert_eq!(prefix_before(b"<x:sheetData>", 3), Some(&b"x:"[..]));
        assert_eq!(prefix_before(b"<sheetData>", 1), Some(&b""[..]));
        assert_eq!(prefix_before(b"<a b=\"sheetData\">", 6), None);
    }
}
