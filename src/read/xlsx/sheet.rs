//! A worksheet's `<sheetData>` streamed into rows: positions, types and values read as
//! calamine's cell reader reads them, so both readers fill the same table.

use super::formats::Shown;
use super::stream::Units;
use super::strings::{finished, read_rich, Strings};
use super::xml::{self, Body, CellTag, Scanner, Tag, Token, Unknown};
use crate::base::error::Error;
use crate::read::rows::RowSink;
use crate::read::table::Kind;
use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use std::io::Read;

/// Why a sheet stopped short: something to leave to calamine, or a cap the table hit.
pub enum Stop {
    // The reason is for the tests, which name why each file they know is left to calamine.
    Unknown(#[cfg_attr(not(any(test, feature = "fuzzing")), allow(dead_code))] Unknown),
    Limit(Error),
    /// A cell without `r` in a run read apart from the rows before it, which alone say its row.
    Unplaced,
}

impl Workbook<'_> {
    /// Whether cell style `s` shows numbers as numbers (not dates or durations).
    fn shows_number(&self, s: &[u8]) -> bool {
        self.shown.get(number(s).unwrap_or(0)).is_some_and(|f| *f == Shown::Number)
    }
}

impl From<Unknown> for Stop {
    fn from(u: Unknown) -> Stop {
        Stop::Unknown(u)
    }
}

/// What cells need from the rest of the workbook.
pub struct Workbook<'a> {
    pub strings: &'a Strings,
    pub shown: &'a [Shown],
    pub is_1904: bool,
}

/// Reads the sheet part `src` into `rows`, until its end or until `rows` has enough.
pub fn read(src: impl Read, book: &Workbook<'_>, rows: &mut RowSink<'_>) -> Result<(), Stop> {
    let mut units = Units::new(src);
    let Some((head, at)) = units.peek_through(b"sheetData")? else { return Err(Unknown("no <sheetData>").into()) };
    let (consumed, close) = open(head, at)?;
    units.advance(consumed);
    let Some(close) = close else { return Ok(()) };
    let mut run = Run::first();
    while let Some(unit) = units.next(&close)? {
        if run.read(unit, book, rows)? {
            return Ok(());
        }
    }
    Err(Unknown("a sheet cut short").into())
}

/// `<sheetData>`'s start tag, at the end of `head` with its name at `at`: the bytes through it,
/// and the end tag of each row (`</x:row>` in a sheet with a prefix), or `None` when the sheet
/// holds no rows (`<sheetData/>`).
pub fn open(head: &[u8], at: usize) -> Result<xml::Start, Unknown> {
    let prefix = xml::prefix_before(head, at).ok_or(Unknown("no <sheetData>"))?;
    let close = (!head.ends_with(b"/>")).then(|| [b"</", prefix, b"row>"].concat());
    Ok((head.len(), close))
}

/// Whole rows of `<sheetData>` read one unit after another, and where the next cell goes.
pub struct Run {
    at: Position,
    bufs: Bufs,
}

impl Run {
    /// The run that starts the sheet.
    pub fn first() -> Run {
        Run { at: Position { row: 0, col: 0, known: true }, bufs: Bufs::default() }
    }

    /// A run that starts after rows read apart from it: until a `<row r="…">`, it cannot place a
    /// cell without a reference of its own ([`Stop::Unplaced`]).
    pub fn later() -> Run {
        Run { at: Position { row: 0, col: 0, known: false }, bufs: Bufs::default() }
    }

    /// Reads `unit` (whole rows, or the sheet's last bytes) into `rows`: true once
    /// `</sheetData>` ends the sheet or `rows` has enough.
    pub fn read(&mut self, unit: &[u8], book: &Workbook<'_>, rows: &mut RowSink<'_>) -> Result<bool, Stop> {
        let mut out = Held { rows, cells: Vec::with_capacity(HELD) };
        let ended = self.cells(unit, book, &mut out);
        // The cells held came before whatever ended the unit.
        if !out.flush(book)? {
            return Ok(true);
        }
        ended
    }

    fn cells<'u>(&mut self, unit: &'u [u8], book: &Workbook<'_>, out: &mut Held<'u, '_, '_>) -> Result<bool, Stop> {
        let Run { at, bufs } = self;
        let mut sc = Scanner::new(unit);
        loop {
            if let Some(tag) = sc.cell_tag() {
                let body = sc.cell_body(tag.empty);
                if !cell(tag, body, &mut sc, book, at, bufs, out)? {
                    return Ok(true);
                }
                continue;
            }
            let Some(t) = sc.next()? else { return Ok(false) };
            match t {
                Token::Open(t) if t.is(b"row") => {
                    if let Some(r) = t.attr(b"r") {
                        at.row = reference(r)?.0;
                        at.known = true;
                    }
                    if t.empty {
                        at.next_row();
                    }
                }
                Token::Close(name) if xml::same(xml::local(name), b"row") => at.next_row(),
                Token::Open(t) if t.is(b"c") => {
                    let body = sc.cell_body(t.empty);
                    if !cell(cell_tag(&t), body, &mut sc, book, at, bufs, out)? {
                        return Ok(true);
                    }
                }
                Token::Close(name) if xml::local(name) == b"sheetData" => return Ok(true),
                _ => {}
            }
        }
    }
}

/// The rows cells go to, and the cells read but not yet handed on, in order: shared strings and
/// the plain numbers between them. A shared string is looked up only when [`HELD`] cells are held
/// or another kind of cell comes, and its slot was asked for ([`Strings::prefetch`]) when it was
/// read: a register's strings table is larger than the cache, and a name or a birth date seen
/// before is a miss. Natively, a million-row check 4 % faster; in wasm, which cannot prefetch,
/// neither faster nor slower.
struct Held<'u, 'r, 's> {
    rows: &'r mut RowSink<'s>,
    cells: Vec<(u32, u32, Pending<'u>)>,
}

/// A cell held: a shared string's index, or a number's text in the sheet.
#[derive(Clone, Copy)]
enum Pending<'u> {
    Shared(usize),
    Number(&'u str),
}

/// Cells held at most: a row of a register and more, so that a lookup is asked for well before
/// it is needed.
const HELD: usize = 32;

impl<'u> Held<'u, '_, '_> {
    /// Holds a cell, handing on those held first when there are [`HELD`]: false once the rows
    /// have enough.
    #[inline(always)]
    fn hold(&mut self, row: u32, col: u32, value: Pending<'u>, book: &Workbook<'_>) -> Result<bool, Stop> {
        if self.cells.len() == HELD && !self.flush(book)? {
            return Ok(false);
        }
        self.cells.push((row, col, value));
        Ok(true)
    }

    /// Hands on the cells held: false once the rows have enough (the rest are dropped). Every
    /// cell of a register of inline strings comes by here with none held: that costs a test.
    #[inline(always)]
    fn flush(&mut self, book: &Workbook<'_>) -> Result<bool, Stop> {
        if self.cells.is_empty() {
            return Ok(true);
        }
        self.hand_on(book)
    }

    #[inline(never)]
    fn hand_on(&mut self, book: &Workbook<'_>) -> Result<bool, Stop> {
        for (row, col, value) in self.cells.drain(..) {
            let more = match value {
                Pending::Shared(i) => {
                    let text = book.strings.get(i).ok_or(Unknown("a shared string that is not there"))?;
                    self.rows.shared(row, col as usize, u32::try_from(i).unwrap_or(u32::MAX), text)
                }
                Pending::Number(text) => self.rows.text(row, col as usize, Kind::Number, text),
            };
            if !more.map_err(Stop::Limit)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Where the next cell goes when it does not say (0-based).
struct Position {
    row: u32,
    col: u32,
    /// False until a row with `r` in a run that starts apart from those before it.
    known: bool,
}

impl Position {
    fn next_row(&mut self) {
        self.row = self.row.wrapping_add(1);
        self.col = 0;
    }
}

#[derive(Default)]
struct Bufs {
    text: String,
    piece: String,
}

/// Reads one `<c>`, whose start tag is `c` and what follows it `body`, and hands its value on
/// (held, see [`Held`], or to the rows); false once the rows have enough.
fn cell<'u>(
    c: CellTag<'_>,
    body: Body<'u>,
    sc: &mut Scanner<'u>,
    book: &Workbook<'_>,
    at: &mut Position,
    bufs: &mut Bufs,
    out: &mut Held<'u, '_, '_>,
) -> Result<bool, Stop> {
    // Most cells of a register are shared strings: their index is digits, read in place (no
    // UTF-8 check, no entity scan), as `value` would read it; they are held, and so are the plain
    // numbers that come between them (as `unheld` reads them). A plain number with none held
    // (a register of inline strings) goes to the rows at once.
    let holds = match (c.t, &body) {
        (Some(b"s"), Body::Value(raw)) => number(raw).map(Pending::Shared),
        (None | Some(b"n"), Body::Value(raw)) if c.s.is_none_or(|s| book.shows_number(s)) => {
            sc.str(raw).ok().filter(|text| plain_number(text)).map(Pending::Number)
        }
        _ => None,
    };
    if let Some(value) = holds {
        let (row, col) = match place(c.r, at) {
            Ok(placed) => placed,
            Err(e) if out.flush(book)? => return Err(e),
            Err(_) => return Ok(false),
        };
        match value {
            Pending::Shared(i) => book.strings.prefetch(i),
            Pending::Number(text) if out.cells.is_empty() => {
                return out.rows.text(row, col as usize, Kind::Number, text).map_err(Stop::Limit);
            }
            Pending::Number(_) => {}
        }
        return out.hold(row, col, value, book);
    }
    // Registers written with inline strings: `<is><t>TEXT</t></is></c>`, read in one step.
    // An `<is>` is the cell's text whatever its type says (as in `unheld`).
    if let Body::Inline(raw, preserve) = body {
        if !out.flush(book)? {
            return Ok(false);
        }
        let (row, col) = place(c.r, at)?;
        let decoded = xml::decode(sc.str(raw)?, &mut bufs.text)?;
        let text = finished(preserve, decoded, &mut bufs.piece);
        return out.rows.text(row, col as usize, Kind::Text, text).map_err(Stop::Limit);
    }
    unheld(c, body, sc, book, at, bufs, out)
}

/// [`cell`] for the cells neither held nor an inline string (formulas, dates, booleans, styled
/// numbers, …): out of line, so that the path of most cells keeps a small frame (reading the
/// 100,000-row workbooks took 1 % fewer instructions with shared strings, 3 % with inline ones).
#[inline(never)]
fn unheld<'u>(
    c: CellTag<'_>,
    body: Body<'u>,
    sc: &mut Scanner<'u>,
    book: &Workbook<'_>,
    at: &mut Position,
    bufs: &mut Bufs,
    out: &mut Held<'u, '_, '_>,
) -> Result<bool, Stop> {
    if !out.flush(book)? {
        return Ok(false);
    }
    let CellTag { r, s: style, t: kind, .. } = c;
    let (row, col) = place(r, at)?;
    let inline = matches!(kind, Some(b"inlineStr" | b"is"));
    // Which child gave the value: `<v>` (its text in `text`), `<is>` (likewise), or none. The
    // text is borrowed from the sheet where it holds no entity (most), else decoded in `bufs`.
    let mut from = None;
    let text;
    match body {
        Body::Empty => return Ok(true),
        Body::Inline(..) => unreachable!("read by `cell`"),
        // An inline string's `<v>` is left out, as below.
        Body::Value(_) if inline => return Ok(true),
        Body::Value(raw) => {
            text = xml::decode(sc.str(raw)?, &mut bufs.text)?;
            from = Some(b'v');
        }
        Body::Other => {
            loop {
                match sc.next()?.ok_or(Unknown("a cell cut short"))? {
                    Token::Open(t) => match t.local() {
                        b"v" if inline || t.empty => {
                            if !t.empty {
                                sc.skip_element()?;
                            }
                            from = None;
                        }
                        b"v" => {
                            bufs.text.clear();
                            sc.text_into(&mut bufs.text)?;
                            from = Some(b'v');
                        }
                        b"is" => {
                            bufs.text.clear();
                            if !t.empty {
                                read_rich(sc, &mut bufs.text, &mut bufs.piece)?;
                            }
                            from = Some(b'i');
                        }
                        b"f" => {
                            if !t.empty {
                                sc.skip_element()?;
                            }
                            from = None;
                        }
                        _ => return Err(Unknown("an element calamine does not expect in a cell").into()),
                    },
                    Token::Close(_) => break,
                    Token::Text(_) => {}
                }
            }
            text = &bufs.text;
        }
    }
    if from == Some(b'v')
        && matches!(kind, None | Some(b"n"))
        && style.is_none_or(|s| book.shows_number(s))
        && plain_number(text)
    {
        // Most numbers (IDs, phones, sizes, incomes) are written as the table shows them: skip
        // parsing and printing them again.
        return out.rows.text(row, col as usize, Kind::Number, text).map_err(Stop::Limit);
    }
    let value = match from {
        None => return Ok(true),
        Some(b'i') => DataRef::SharedString(text),
        Some(_) => {
            let text = if kind == Some(b"str") { xml::unescaped(text, &mut bufs.piece) } else { text };
            value(text, style, kind, book)?
        }
    };
    out.rows.cell(row, col as usize, &value, 1, &mut |_| {}).map_err(Stop::Limit)
}

/// Where a cell goes: its reference, else the position after the cell before; `at` moves past it.
#[inline(always)]
fn place(r: Option<&[u8]>, at: &mut Position) -> Result<(u32, u32), Stop> {
    let (row, col) = match r {
        Some(r) => match reference(r)? {
            (row, Some(col)) => {
                at.col = col;
                (row, col)
            }
            (_, None) => return Err(Unknown("a cell reference without its column").into()),
        },
        None if at.known => (at.row, at.col),
        None => return Err(Stop::Unplaced),
    };
    at.col = at.col.wrapping_add(1);
    Ok((row, col))
}

/// The attributes of a `<c>` start tag that [`Scanner::cell_tag`] did not read.
fn cell_tag<'a>(c: &Tag<'a>) -> CellTag<'a> {
    let mut tag = CellTag { r: None, s: None, t: None, empty: c.empty };
    for (k, v) in c.attrs() {
        match k {
            [b'r'] => tag.r = Some(v),
            [b's'] => tag.s = Some(v),
            [b't'] => tag.t = Some(v),
            _ => {}
        }
    }
    tag
}

/// The value of a `<v>` holding `v`, by the cell's type `t` and style `s`.
fn value<'b>(
    v: &'b str,
    style: Option<&[u8]>,
    kind: Option<&[u8]>,
    book: &'b Workbook<'_>,
) -> Result<DataRef<'b>, Unknown> {
    Ok(match kind {
        Some(b"s") if v.is_empty() => DataRef::Empty,
        Some(b"s") => DataRef::SharedString(
            book.strings.get(number(v.as_bytes()).unwrap_or(0)).ok_or(Unknown("a shared string that is not there"))?,
        ),
        Some(b"b") => match v.trim() {
            "" => DataRef::Empty,
            b if b == "0" || b.eq_ignore_ascii_case("false") => DataRef::Bool(false),
            b if b == "1" || b.eq_ignore_ascii_case("true") => DataRef::Bool(true),
            _ => return Err(Unknown("a boolean that is neither")),
        },
        Some(b"d") => DataRef::DateTimeIso(v.to_owned()),
        Some(b"e") => DataRef::Error(v.parse::<CellErrorType>().map_err(|_| Unknown("an error value Excel has not"))?),
        Some(b"str") => DataRef::SharedString(v),
        Some(b"n") | None if v.is_empty() => DataRef::Empty,
        Some(b"n") | None => match fast_float2::parse::<f64, _>(v) {
            Ok(n) => {
                let shown = match style {
                    Some(s) => book.shown.get(number(s).unwrap_or(0)).copied(),
                    None => Some(Shown::Number),
                };
                match shown {
                    Some(Shown::Date) => {
                        DataRef::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, book.is_1904))
                    }
                    Some(Shown::Duration) => {
                        DataRef::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::TimeDelta, book.is_1904))
                    }
                    _ => DataRef::Float(n),
                }
            }
            Err(_) if kind.is_none() => DataRef::SharedString(v),
            Err(_) => return Err(Unknown("a number that does not parse")),
        },
        Some(_) => return Err(Unknown("a cell type Excel has not")),
    })
}

/// A number written as the table prints it: an integer without a leading zero, or a decimal
/// without a trailing one, of at most 15 significant digits and 20 characters. Any such text is
/// the shortest that gives its `f64` (two texts of 15 digits never give the same one, away from
/// the subnormals), and the shortest is what printing the `f64` gives back.
fn plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    let (int, fraction) = match memchr::memchr(b'.', b) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if int.is_empty() || int.len() > 15 || (int[0] == b'0' && int.len() > 1) || !digits(int) {
        return false;
    }
    let Some(f) = fraction else { return true };
    if f.last().is_none_or(|&d| d == b'0') || b.len() > 20 || !digits(f) {
        return false;
    }
    let significant =
        if int == b"0" { f.len() - f.iter().take_while(|&&d| d == b'0').count() } else { int.len() + f.len() };
    significant <= 15
}

/// A non-negative decimal number, digits only.
fn number(s: &[u8]) -> Option<usize> {
    if s.is_empty() || s.len() > 18 {
        return None;
    }
    let mut n = 0u64;
    for d in s {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(d - b'0');
    }
    usize::try_from(n).ok()
}

/// A cell reference (`AB12`) as 0-based (row, column); a row's (`12`) has no column.
fn reference(r: &[u8]) -> Result<(u32, Option<u32>), Unknown> {
    const BAD: Unknown = Unknown("a cell reference that is not one");
    let (mut col, mut row, mut i) = (0u32, 0u32, 0);
    while let Some(b) = r.get(i).filter(|b| b.is_ascii_alphabetic()) {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
        i += 1;
    }
    let digits = r.len() - i;
    if i > 3 || digits == 0 || digits > 9 {
        return Err(BAD);
    }
    for b in &r[i..] {
        if !b.is_ascii_digit() {
            return Err(BAD);
        }
        row = row * 10 + u32::from(b - b'0');
    }
    Ok((row.checked_sub(1).ok_or(BAD)?, col.checked_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_are_what_printing_their_value_gives() {
        use crate::read::table::{Grid, Kind};
        let printed = |text: &str| {
            let mut g = Grid::new();
            g.start_row(1);
            let value = DataRef::Float(text.parse().unwrap());
            crate::read::cell::push(&mut g, 0, &value, &mut String::new());
            assert_eq!(g.kind(0, 0), Kind::Number);
            g.text(0, 0).to_owned()
        };
        // Every shape of a plain number, and numbers near the limits, from a fixed generator.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let int = match next(4) {
                0 => "0".to_owned(),
                _ => {
                    let width = 1 + next(15) as u32;
                    (next(10u64.pow(width)) + 1).to_string()
                }
            };
            let fraction: String = (0..next(16)).map(|_| char::from(b'0' + next(10) as u8)).collect();
            let text = if fraction.is_empty() { int } else { format!("{int}.{fraction}") };
            if plain_number(&text) {
                assert_eq!(printed(&text), text);
                checked += 1;
            }
        }
        assert!(checked > 50_000, "{checked} plain numbers checked");
        for text in ["0.1", "0.3", "123456789012345", "12345678901234.5", "0.000000000000001", "3.14159265358979"] {
            assert!(plain_number(text), "{text}");
            assert_eq!(printed(text), text);
        }
        for not in ["", "01", "1.", ".5", "1.50", "-1", "1e5", "1234567890123456", "0.1234567890123456", "1.2.3"] {
            assert!(!plain_number(not), "{not}");
        }
    }

    #[test]
    fn reads_references() {
        assert_eq!(reference(b"A1").unwrap(), (0, Some(0)));
        assert_eq!(reference(b"ab12").unwrap(), (11, Some(27)));
        assert_eq!(reference(b"XFD1048576").unwrap(), (1_048_575, Some(16_383)));
        assert_eq!(reference(b"7").unwrap(), (6, None));
        for bad in [&b"A0"[..], b"A", b"", b"A1B", b"ABCD1", b"A12345678901"] {
            assert!(reference(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
