//! A part read on several threads: its XML, inflated on a thread of its own (`ahead`), is cut
//! after each piece's last end tag of its records (`</row>` in a sheet, `</si>` in the shared
//! strings) into runs of whole records, which the calling thread and helpers
//! ([`pool::together`]) parse apart, joined in file order into one. Parsing is four fifths of
//! reading a sheet, and it now spreads over the cores.
//!
//! What is joined is what a read on one thread gives, store for store. Where it might not be —
//! a run whose first cells follow a `<row>` without `r` (only the rows before it say where they
//! go), a row cut between two runs, a cap reached (whose error names a count reached row by row),
//! anything the scanner leaves to calamine — the reader says [`Again`], and the part is read once
//! more on one thread, which settles it.

use super::ahead::{self, Pieces, Spares};
use super::sheet::{self, Stop, Workbook};
use super::stream::MAX_UNIT;
use super::strings::{self, Strings};
use super::xml::{Start, Unknown};
use crate::base::pool;
use crate::read::caps;
use crate::read::counted::Tally;
use crate::read::rows::RowSink;
use crate::read::table::Grid;
use memchr::memmem::{Finder, FinderRev};
use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Read the part again on one thread: what the runs hold may read differently apart.
#[derive(Debug)]
pub struct Again;

/// Runs waiting for a helper, per helper: enough that none waits while the caller cuts.
const QUEUED: usize = 2;

/// The zip part being read: the workbook's bytes and the part's index.
pub type Part<'b> = (&'b [u8], usize);

/// Reads the sheet `sheet` (`part`) on `threads` threads besides the inflater's, which inflates
/// pieces of `piece` bytes; the compressed bytes go to `tally` as the pieces are taken. `None`,
/// with nothing read, when `threads` leave no thread for the inflater.
pub fn sheet(
    (bytes, index): Part<'_>,
    tally: &Tally<'_>,
    threads: usize,
    piece: usize,
    book: &Workbook<'_>,
    sheet: &str,
) -> Option<Result<Grid, Again>> {
    ahead::pieces(bytes, index, threads, piece, |pieces, spares| {
        let cuts = Cuts::open(pieces, spares, tally, b"sheetData", sheet::open)?;
        read(&Rows { book, sheet, spare: Spares::default() }, cuts, Grid::new(), threads)
    })
}

/// Reads the shared strings (`part`) as [`sheet`] reads a sheet.
pub fn strings(
    (bytes, index): Part<'_>,
    tally: &Tally<'_>,
    threads: usize,
    piece: usize,
) -> Option<Result<Strings, Again>> {
    ahead::pieces(bytes, index, threads, piece, |pieces, spares| {
        let cuts = Cuts::open(pieces, spares, tally, b"sst", |head, at| Ok(strings::open(head, at)?.0))?;
        read(&Texts, cuts, Strings::default(), threads)
    })
}

/// Records read in runs: how a run is parsed, and how the parsed runs are joined in file order.
trait Records: Sync {
    /// What the runs joined so far tell a run cut now.
    type Hint: Send;
    type Parsed: Send;
    type Joined;
    fn hint(&self, joined: &Self::Joined) -> Self::Hint;
    /// Parses run `seq`: its records are `head`, then `body`.
    fn parse(&self, seq: usize, hint: Self::Hint, head: &[u8], body: &[u8]) -> Self::Parsed;
    /// Joins the next run in file order; true once it ended the part (later runs are not read).
    fn join(&self, joined: &mut Self::Joined, parsed: Self::Parsed) -> Result<bool, Again>;
    /// Makes room in what was joined for it to grow `factor` times.
    fn reserve(&self, joined: &mut Self::Joined, factor: f64);
}

/// Cuts the pieces into runs that this thread and the helpers parse, and joins them.
fn read<R: Records>(
    records: &R,
    mut cuts: Cuts<'_, '_, '_>,
    joined: R::Joined,
    threads: usize,
) -> Result<R::Joined, Again> {
    let queue = Queue { runs: Mutex::new((VecDeque::new(), false)), ready: Condvar::new() };
    let spares = cuts.spares;
    let helper = |send: &dyn Fn((usize, R::Parsed))| {
        while let Some(run) = queue.take() {
            send((run.seq, parse(records, run, spares)));
            pool::tally(pool::Task::Run);
        }
    };
    pool::together(threads, "huqing-parse", &helper, |sent| {
        let _closed = Closed(&queue);
        let mut joined = InOrder { joined, next: 0, waiting: BTreeMap::new(), ended: false };
        let room = QUEUED * threads.saturating_sub(1);
        while !joined.ended {
            let Some(run) = cuts.next(records.hint(&joined.joined))? else { break };
            if let Some(run) = queue.offer(run, room) {
                joined.take(records, run.seq, parse(records, run, spares), &mut cuts)?;
            }
            while let Some((seq, parsed)) = sent.ready() {
                joined.take(records, seq, parsed, &mut cuts)?;
            }
        }
        queue.close();
        // What no helper took yet (on wasm, one may not have started) is parsed here.
        while let Some(run) = queue.take() {
            joined.take(records, run.seq, parse(records, run, spares), &mut cuts)?;
        }
        for (seq, parsed) in sent {
            joined.take(records, seq, parsed, &mut cuts)?;
        }
        joined.finish(cuts.cut)
    })
}

/// Parses `run`, giving its piece back for the inflater to fill again.
fn parse<R: Records>(records: &R, run: Run<R::Hint>, spares: &Spares<Vec<u8>>) -> R::Parsed {
    let Run { seq, head, body, range, hint } = run;
    let parsed = records.parse(seq, hint, &head, &body[range]);
    spares.give(body);
    parsed
}

/// Whole records: `head`, then `body[range]` (a piece as it was inflated, uncopied).
struct Run<H> {
    seq: usize,
    head: Vec<u8>,
    body: Vec<u8>,
    range: Range<usize>,
    hint: H,
}

/// A sheet's rows.
struct Rows<'b, 's> {
    book: &'b Workbook<'b>,
    sheet: &'s str,
    /// Grids of runs joined already, for later runs to fill again ([`Grid::reuse`]).
    spare: Spares<Grid>,
}

impl Records for Rows<'_, '_> {
    /// The columns the joined grid holds as arenas.
    type Hint = Vec<bool>;
    /// A run's rows and whether `</sheetData>` ended them, or why it stopped.
    type Parsed = Result<(Grid, bool), Stop>;
    type Joined = Grid;

    fn hint(&self, grid: &Grid) -> Vec<bool> {
        grid.arenas()
    }

    fn parse(&self, seq: usize, hint: Vec<bool>, head: &[u8], body: &[u8]) -> Self::Parsed {
        let grid = match self.spare.take() {
            Some(grid) => grid.reuse(hint),
            None => Grid::for_run(hint),
        };
        let mut rows = RowSink::for_run(self.sheet, grid);
        let mut at = if seq == 0 { sheet::Run::first() } else { sheet::Run::later() };
        let ended = match at.read(head, self.book, &mut rows)? {
            true => true,
            false => at.read(body, self.book, &mut rows)?,
        };
        Ok((rows.finish().map_err(Stop::Limit)?, ended))
    }

    fn join(&self, grid: &mut Grid, parsed: Self::Parsed) -> Result<bool, Again> {
        let (mut rows, ended) = parsed.map_err(|_| Again)?;
        let (n, m) = (grid.row_count(), rows.row_count());
        // One row's cells on both sides of the cut: one row read on one thread, two here.
        if n > 0 && m > 0 && grid.excel_row(n - 1) == rows.excel_row(0) {
            return Err(Again);
        }
        grid.append(&mut rows);
        self.spare.give(rows);
        caps::check_grid(grid, self.sheet).map_err(|_| Again)?;
        Ok(ended)
    }

    fn reserve(&self, grid: &mut Grid, factor: f64) {
        grid.reserve(factor);
    }
}

/// The shared strings.
struct Texts;

impl Records for Texts {
    type Hint = ();
    /// A run's strings and whether `</sst>` ended them.
    type Parsed = Result<(Strings, bool), Unknown>;
    type Joined = Strings;

    fn hint(&self, _: &Strings) {}

    fn parse(&self, _: usize, _: (), head: &[u8], body: &[u8]) -> Self::Parsed {
        let (mut texts, mut bufs) = (Strings::default(), Default::default());
        let ended = texts.read_run(head, &mut bufs)? || texts.read_run(body, &mut bufs)?;
        Ok((texts, ended))
    }

    fn join(&self, joined: &mut Strings, parsed: Self::Parsed) -> Result<bool, Again> {
        let (texts, ended) = parsed.map_err(|_| Again)?;
        joined.append(texts).map_err(|_| Again)?;
        Ok(ended)
    }

    fn reserve(&self, joined: &mut Strings, factor: f64) {
        joined.reserve(factor);
    }
}

/// The inflated pieces cut into runs.
struct Cuts<'r, 't, 'p> {
    pieces: Pieces<'r>,
    spares: &'r Spares<Vec<u8>>,
    tally: &'t Tally<'p>,
    /// The bytes the part inflates to (0 if unknown), and those taken through each run cut.
    size: u64,
    taken: Vec<u64>,
    /// The steps of [`Cuts::growth`] taken.
    grown: usize,
    /// Bytes after the last end tag so far: the start of the next run.
    carry: Vec<u8>,
    close: Finder<'static>,
    close_rev: FinderRev<'static>,
    /// Runs cut so far.
    cut: usize,
    end: bool,
}

/// Where the records start in the bytes through the start tag of their parent (named at `at`).
type Open = fn(&[u8], usize) -> Result<Start, Unknown>;

impl<'r, 't, 'p> Cuts<'r, 't, 'p> {
    /// Takes the pieces through the start tag of the records' parent `name`; [`Again`] when it
    /// is empty, or missing (read on one thread, they end as they do there).
    fn open(
        pieces: Pieces<'r>,
        spares: &'r Spares<Vec<u8>>,
        tally: &'t Tally<'p>,
        name: &[u8],
        open: Open,
    ) -> Result<Cuts<'r, 't, 'p>, Again> {
        let start = Finder::new(name);
        let size = pieces.inflated();
        let mut cuts = Cuts {
            pieces,
            spares,
            tally,
            size,
            taken: vec![0],
            grown: 0,
            carry: Vec::new(),
            close: Finder::new(b""),
            close_rev: FinderRev::new(b""),
            cut: 0,
            end: false,
        };
        loop {
            if let Some(at) = start.find(&cuts.carry) {
                if let Some(gt) = memchr::memchr(b'>', &cuts.carry[at..]) {
                    let (head, close) = open(&cuts.carry[..at + gt + 1], at).map_err(|_| Again)?;
                    let close = close.ok_or(Again)?;
                    cuts.carry.drain(..head);
                    cuts.close = Finder::new(&close).into_owned();
                    cuts.close_rev = FinderRev::new(&close).into_owned();
                    return Ok(cuts);
                }
            }
            let piece = cuts.piece()?.ok_or(Again)?;
            cuts.carry.extend_from_slice(&piece);
            cuts.spares.give(piece);
            if cuts.carry.len() > MAX_UNIT {
                return Err(Again);
            }
        }
    }

    /// The next piece inflated, `None` at the part's end.
    fn piece(&mut self) -> Result<Option<Vec<u8>>, Again> {
        match self.pieces.next() {
            Some(Ok((piece, read))) => {
                self.tally.add(read);
                *self.taken.last_mut().expect("a count") += piece.len() as u64;
                Ok((!piece.is_empty()).then_some(piece))
            }
            Some(Err(_)) => Err(Again),
            None => Ok(None),
        }
    }

    /// The next run: what was carried, the next piece through its first end tag, and the rest
    /// of the piece through its last, each holding whole elements as the scanner needs; at the
    /// part's end, what is left.
    fn next<H>(&mut self, hint: H) -> Result<Option<Run<H>>, Again> {
        let close = self.close.needle().len();
        while !self.end {
            let Some(piece) = self.piece()? else {
                self.end = true;
                break;
            };
            let (Some(first), Some(last)) = (self.close.find(&piece), self.close_rev.rfind(&piece)) else {
                // A record longer than a piece (or an end tag cut in two): carried on.
                self.carry.extend_from_slice(&piece);
                self.spares.give(piece);
                if self.carry.len() > MAX_UNIT {
                    return Err(Again);
                }
                continue;
            };
            let mut head = std::mem::take(&mut self.carry);
            head.extend_from_slice(&piece[..first + close]);
            self.carry = piece[last + close..].to_vec();
            return Ok(Some(self.run(head, piece, first + close..last + close, hint)));
        }
        let head = std::mem::take(&mut self.carry);
        Ok((!head.is_empty()).then(|| self.run(head, Vec::new(), 0..0, hint)))
    }

    fn run<H>(&mut self, head: Vec<u8>, body: Vec<u8>, range: Range<usize>, hint: H) -> Run<H> {
        self.cut += 1;
        self.taken.push(*self.taken.last().expect("a count"));
        Run { seq: self.cut - 1, head, body, range, hint }
    }

    /// How many times what the first `joined` runs hold the whole part will hold, reckoned from
    /// the XML they were read from (a little more, for rows longer than those so far), once
    /// when it is a sixteenth of the part and once when a quarter: what is joined grows in
    /// those two steps, where growing by doubling would copy it about once more in all, in wasm
    /// on every step.
    fn growth(&mut self, joined: usize) -> Option<f64> {
        let through = *self.taken.get(joined.checked_sub(1)?)?;
        let step = [16, 4].get(self.grown)?;
        if through == 0 || through * step < self.size {
            return None;
        }
        self.grown += 1;
        Some(self.size as f64 / through as f64 * 1.02)
    }
}

/// Runs waiting for a helper, and whether more will come.
struct Queue<H> {
    runs: Mutex<(VecDeque<Run<H>>, bool)>,
    ready: Condvar,
}

impl<H> Queue<H> {
    fn lock(&self) -> MutexGuard<'_, (VecDeque<Run<H>>, bool)> {
        self.runs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `run` when fewer than `room` wait; else gives it back, for the caller to parse.
    fn offer(&self, run: Run<H>, room: usize) -> Option<Run<H>> {
        let mut runs = self.lock();
        if runs.0.len() >= room {
            return Some(run);
        }
        runs.0.push_back(run);
        self.ready.notify_one();
        None
    }

    /// The next run, waiting for one until the queue is closed.
    fn take(&self) -> Option<Run<H>> {
        let mut runs = self.lock();
        loop {
            if let Some(run) = runs.0.pop_front() {
                return Some(run);
            } else if runs.1 {
                return None;
            }
            runs = self.ready.wait(runs).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn close(&self) {
        self.lock().1 = true;
        self.ready.notify_all();
    }
}

/// Closes the queue and drops what waits in it when the caller stops, however it stops: the
/// helpers then return, and `together` with them.
struct Closed<'q, H>(&'q Queue<H>);

impl<H> Drop for Closed<'_, H> {
    fn drop(&mut self) {
        let mut runs = self.0.lock();
        runs.0.clear();
        runs.1 = true;
        self.0.ready.notify_all();
    }
}

/// The runs joined so far, in file order, and those parsed ahead of their turn.
struct InOrder<J, P> {
    joined: J,
    next: usize,
    waiting: BTreeMap<usize, P>,
    /// A run has ended the part: later ones are not read.
    ended: bool,
}

impl<J, P> InOrder<J, P> {
    /// Takes run `seq`, parsed, and joins every run it lets join in order, growing what is
    /// joined as `cuts` reckons ([`Cuts::growth`]).
    fn take<R: Records<Joined = J, Parsed = P>>(
        &mut self,
        records: &R,
        seq: usize,
        parsed: P,
        cuts: &mut Cuts<'_, '_, '_>,
    ) -> Result<(), Again> {
        self.waiting.insert(seq, parsed);
        while let Some(parsed) = self.waiting.remove(&self.next) {
            self.next += 1;
            if !self.ended {
                self.ended = records.join(&mut self.joined, parsed)?;
                if let Some(factor) = cuts.growth(self.next) {
                    records.reserve(&mut self.joined, factor);
                }
            }
        }
        Ok(())
    }

    /// What was read, once every one of the `cut` runs is joined and one ended the part.
    fn finish(self, cut: usize) -> Result<J, Again> {
        if !self.ended || self.next != cut {
            return Err(Again);
        }
        Ok(self.joined)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! Sheets made to meet each case at a cut, read in runs of a few bytes: the grid a read on
    //! one thread gives, or the reader reads again. (Every fixture is read both ways too, in
    //! `differential`.)
    use super::*;
    use crate::read::xlsx::{Fast, XlsxBook};
    use crate::read::Book;
    use crate::report::export::zip_out::{deflate, ZipOut};

    const NS: &str = "http://schemas.openxmlformats.org";

    /// A workbook of one sheet `S` whose worksheet part is `sheet`.
    fn workbook(sheet: &str) -> Vec<u8> {
        workbook_with(sheet, None)
    }

    /// The same, with the shared strings `sst` when given.
    fn workbook_with(sheet: &str, sst: Option<&str>) -> Vec<u8> {
        let mut parts = vec![
            (
                "[Content_Types].xml",
                format!(
                    r#"<Types xmlns="{NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
                ),
            ),
            (
                "_rels/.rels",
                format!(
                    r#"<Relationships xmlns="{NS}/package/2006/relationships"><Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns="{NS}/spreadsheetml/2006/main" xmlns:r="{NS}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"<Relationships xmlns="{NS}/package/2006/relationships"><Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            ("xl/worksheets/sheet1.xml", sheet.to_owned()),
        ];
        if let Some(sst) = sst {
            parts.push(("xl/sharedStrings.xml", sst.to_owned()));
        }
        let mut zip = ZipOut::new(Vec::new());
        for (name, text) in parts {
            zip.deflated(name, &[deflate(text.as_bytes(), true).unwrap()]).unwrap();
        }
        zip.finish().unwrap()
    }

    fn worksheet(rows: &str) -> String {
        format!(r#"<worksheet xmlns="{NS}/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#)
    }

    /// Sheet `S` read on one thread, and in runs of `piece` bytes on `threads`.
    fn both(bytes: &[u8], piece: usize, threads: usize) -> (Grid, Option<Result<Grid, Again>>) {
        let Ok(mut fast) = Fast::open(bytes, &|_| {}) else { panic!("opens") };
        let Ok(one) = fast.read("S", None, 0) else { panic!("reads on one thread") };
        let Ok(i) = fast.open_sheet("S", 0) else { panic!("a sheet") };
        let book = Fast::book(&fast.strings, &fast.layout);
        (one, sheet((bytes, i), &fast.tally, threads, piece, &book, "S"))
    }

    /// A register-like sheet: an ID in every row (an arena), a village of few values (a
    /// dictionary), a column whose 300 values overflow its dictionary two thirds down, one
    /// only the last rows fill, numbers, empty rows and gaps in the numbering.
    fn register() -> String {
        let mut rows = String::new();
        for r in 1..=1200u32 {
            if r % 97 == 0 {
                continue; // a gap: row r is not in the file
            }
            if r % 89 == 0 {
                rows.push_str(&format!(r#"<row r="{r}"/>"#));
                continue;
            }
            rows.push_str(&format!(
                r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>3604261990{r:08}</t></is></c><c r="B{r}" t="inlineStr"><is><t>村{}</t></is></c><c r="C{r}"><v>{}</v></c><c r="D{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
                r % 7,
                r % 5,
                if r > 800 { r % 300 } else { r % 40 }
            ));
            if r > 1100 {
                rows.push_str(&format!(r#"<c r="F{r}" t="inlineStr"><is><t>备注</t></is></c>"#));
            }
            rows.push_str("</row>");
        }
        worksheet(&rows)
    }

    #[test]
    fn runs_join_into_the_grid_one_thread_reads() {
        let bytes = workbook(&register());
        for piece in [61, 997, 1 << 16] {
            for threads in [2, 3] {
                let (one, runs) = both(&bytes, piece, threads);
                let runs = runs.expect("a thread to inflate").unwrap_or_else(|_| panic!("{piece}: read again"));
                assert_eq!(runs, one, "runs of {piece} bytes on {threads} threads");
            }
        }
    }

    #[test]
    fn the_joined_grid_grows_to_the_sheets_size_not_by_doubling() {
        // 11,000 rows: growing by doubling would leave columns of 16,384 rows' room.
        let rows: String = (1..=11_000u32)
            .map(|r| {
                format!(
                    r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>3604261990{:08}</t></is></c><c r="B{r}"><v>{}</v></c></row>"#,
                    r * 7919 % 100_000_000,
                    r % 3
                )
            })
            .collect();
        let bytes = workbook(&worksheet(&rows));
        let (one, runs) = both(&bytes, 1 << 14, 2);
        let mut runs = runs.expect("a thread to inflate").unwrap_or_else(|_| panic!("read again"));
        let held = runs.heap_bytes();
        runs.shrink_to_fit();
        assert_eq!(runs, one);
        assert!(held * 100 <= runs.heap_bytes() * 112, "{held} bytes held for {}", runs.heap_bytes());
    }

    #[test]
    fn a_prefixed_sheet_is_cut_at_its_own_row_end_tag() {
        let sheet = register()
            .replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
            .replace("</worksheet>", "</x:worksheet>")
            .replace("sheetData>", "x:sheetData>")
            .replace("<row ", "<x:row ")
            .replace("</row>", "</x:row>")
            .replace("<c ", "<x:c ")
            .replace("</c>", "</x:c>")
            .replace("<is>", "<x:is>")
            .replace("</is>", "</x:is>")
            .replace("<t>", "<x:t>")
            .replace("</t>", "</x:t>")
            .replace("<v>", "<x:v>")
            .replace("</v>", "</x:v>");
        let (one, runs) = both(&workbook(&sheet), 211, 2);
        assert_eq!(one.row_count(), 1200 - 12 - 13);
        assert_eq!(runs.unwrap().unwrap(), one);
    }

    #[test]
    fn rows_after_the_sheet_data_are_not_read() {
        // What follows `</sheetData>` may hold `</row>` (an extension): a run cut there is
        // not read, as one thread stops at `</sheetData>`.
        let sheet = register().replace(
            "</sheetData>",
            r#"</sheetData><extLst><ext><row r="5000"><c r="A5000"><v>1</v></c></row></ext></extLst>"#,
        );
        for piece in [61, 997] {
            let (one, runs) = both(&workbook(&sheet), piece, 2);
            assert_eq!(runs.unwrap().unwrap(), one);
        }
    }

    #[test]
    fn what_runs_apart_cannot_place_is_read_again() {
        // Rows without `r` (calamine's issue 261): only the rows before say where they go.
        let unnumbered =
            worksheet(&"<row><c t=\"inlineStr\"><is><t>无行号</t></is></c><c><v>7</v></c></row>".repeat(200));
        // A row number given twice in a row: one thread joins both into one row.
        let twice = worksheet(
            &(1..=200)
                .map(|r| {
                    format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c></row><row r="{r}"><c r="B{r}"><v>2</v></c></row>"#)
                })
                .collect::<String>(),
        );
        for sheet in [unnumbered, twice] {
            let bytes = workbook(&sheet);
            let (one, runs) = both(&bytes, 97, 2);
            assert_eq!(one.row_count(), 200);
            assert!(matches!(runs, Some(Err(Again))), "{runs:?}");
            // The reader then reads it on one thread: the same grid whatever the threads.
            let mut book = XlsxBook::new(&bytes, &|_| {}).unwrap();
            book.use_threads(2);
            assert_eq!(book.read_sheet("S", None, &mut |_| {}).unwrap(), one);
        }
    }

    #[test]
    fn shared_strings_in_runs_are_those_one_thread_reads() {
        let mut sst = String::from(
            r#"<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="900">"#,
        );
        for i in 0..300 {
            sst.push_str(&format!("<x:si><x:t>户主{i}</x:t></x:si>"));
            sst.push_str(&format!(r#"<x:si><x:r><x:t xml:space="preserve">张 </x:t></x:r><x:r><x:t>{i}&amp;_x000D_</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ハ</x:t></x:rPh></x:si>"#));
            sst.push_str(&format!("<x:si><x:t>  {i}  </x:t></x:si>"));
        }
        sst.push_str("</x:sst>");
        let sheet = worksheet(r#"<row r="1"><c r="A1" t="s"><v>899</v></c></row>"#);
        let bytes = workbook_with(&sheet, Some(&sst));
        let Ok(fast) = Fast::open(&bytes, &|_| {}) else { panic!("opens") };
        let i = fast.layout.strings.expect("a part of shared strings");
        let one = Strings::read(sst.as_bytes()).unwrap();
        assert_eq!(one.get(1), Some("张 0&\r"));
        for piece in [61, 997] {
            for threads in [2, 3] {
                let runs = strings((&bytes, i), &fast.tally, threads, piece).expect("a thread to inflate");
                assert_eq!(runs.unwrap(), one, "runs of {piece} bytes on {threads} threads");
            }
        }
    }

    #[test]
    fn the_reader_on_threads_reads_what_it_reads_alone() {
        let bytes = workbook(&register());
        let read = |threads| {
            let mut book = XlsxBook::new(&bytes, &|_| {}).unwrap();
            book.use_threads(threads);
            book.read_sheet("S", None, &mut |_| {}).unwrap()
        };
        assert_eq!(read(3), read(1));
    }
}
