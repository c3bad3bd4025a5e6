//! A sheet read on several threads: its XML, inflated on a thread of its own (`ahead`), is cut
//! after each piece's last `</row>` into runs of whole rows, which the calling thread and helpers
//! ([`pool::together`]) parse into grids of their own, joined in file order into one. Parsing is
//! four fifths of reading a sheet, and it now spreads over the cores.
//!
//! The joined grid is the one a read on one thread gives, cell for cell. Where it might not be —
//! a run whose first cells follow a `<row>` without `r` (only the rows before it say where they
//! go), a row cut between two runs, a cap reached (whose error names a count reached row by row),
//! anything the scanner leaves to calamine — the reader says [`Again`], and the sheet is read
//! once more on one thread, which settles it.

use super::ahead::{self, Piece};
use super::sheet::{self, Stop, Workbook};
use super::stream::MAX_UNIT;
use crate::base::pool::{self, Receiver};
use crate::read::caps;
use crate::read::counted::Tally;
use crate::read::rows::RowSink;
use crate::read::table::Grid;
use memchr::memmem::{Finder, FinderRev};
use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Read the sheet again on one thread: what the runs hold may read differently apart.
#[derive(Debug)]
pub struct Again;

/// Runs waiting for a helper, per helper: enough that none waits while the caller cuts.
const QUEUED: usize = 2;

/// Reads the sheet `sheet`, part `index` of the zip `bytes`, on `threads` threads besides the
/// inflater's, which inflates pieces of `piece` bytes; the compressed bytes go to `tally` as the
/// pieces are taken. `None`, with nothing read, when `threads` leave no thread for the inflater.
pub fn read(
    (bytes, index): (&[u8], usize),
    tally: &Tally<'_>,
    threads: usize,
    piece: usize,
    book: &Workbook<'_>,
    sheet: &str,
) -> Option<Result<Grid, Again>> {
    ahead::pieces(bytes, index, threads, piece, |pieces| {
        let mut cuts = Cuts::open(pieces, tally)?;
        let queue = Queue { runs: Mutex::new((VecDeque::new(), false)), ready: Condvar::new() };
        let helper = |send: &dyn Fn(Parsed)| {
            while let Some(run) = queue.take() {
                send(parse(run, book, sheet));
                pool::tally(pool::Task::Run);
            }
        };
        pool::together(threads, "huqing-parse", &helper, |sent| {
            let _closed = Closed(&queue);
            let mut joined = Joined { grid: Grid::new(), next: 0, waiting: BTreeMap::new(), ended: false, sheet };
            let room = QUEUED * threads.saturating_sub(1);
            while !joined.ended {
                let Some(run) = cuts.next(joined.grid.arenas())? else { break };
                if let Some(run) = queue.offer(run, room) {
                    joined.take(parse(run, book, sheet))?;
                }
                while let Some(parsed) = sent.ready() {
                    joined.take(parsed)?;
                }
            }
            queue.close();
            // What no helper took yet (on wasm, one may not have started) is parsed here.
            while let Some(run) = queue.take() {
                joined.take(parse(run, book, sheet))?;
            }
            for parsed in sent {
                joined.take(parsed)?;
            }
            joined.finish(cuts.cut)
        })
    })
}

/// Whole rows of the sheet: `head`, then `body[range]` (a piece as it was inflated, uncopied).
struct Run {
    seq: usize,
    head: Vec<u8>,
    body: Vec<u8>,
    range: Range<usize>,
    /// The columns the joined grid holds as arenas when the run was cut.
    arenas: Vec<bool>,
}

/// A run parsed: its rows and whether `</sheetData>` ended them, or why it stopped.
struct Parsed {
    seq: usize,
    rows: Result<(Grid, bool), Stop>,
}

fn parse(run: Run, book: &Workbook<'_>, sheet: &str) -> Parsed {
    let mut rows = RowSink::for_run(sheet, run.arenas);
    let mut at = if run.seq == 0 { sheet::Run::first() } else { sheet::Run::later() };
    let ended = at.read(&run.head, book, &mut rows).and_then(|ended| match ended {
        true => Ok(true),
        false => at.read(&run.body[run.range], book, &mut rows),
    });
    let rows = ended.and_then(|ended| Ok((rows.finish().map_err(Stop::Limit)?, ended)));
    Parsed { seq: run.seq, rows }
}

/// The inflated pieces cut into runs.
struct Cuts<'r, 't, 'p> {
    pieces: Receiver<'r, Piece>,
    tally: &'t Tally<'p>,
    /// Bytes after the last `</row>` so far: the start of the next run.
    carry: Vec<u8>,
    close: Finder<'static>,
    close_rev: FinderRev<'static>,
    /// Runs cut so far.
    cut: usize,
    end: bool,
}

impl<'r, 't, 'p> Cuts<'r, 't, 'p> {
    /// Takes the pieces through `<sheetData …>`; [`Again`] when the sheet has no rows, or no
    /// `<sheetData>` (read on one thread, they end as they do there).
    fn open(pieces: Receiver<'r, Piece>, tally: &'t Tally<'p>) -> Result<Cuts<'r, 't, 'p>, Again> {
        let start = Finder::new(b"sheetData");
        let mut cuts = Cuts {
            pieces,
            tally,
            carry: Vec::new(),
            close: Finder::new(b""),
            close_rev: FinderRev::new(b""),
            cut: 0,
            end: false,
        };
        loop {
            if let Some(at) = start.find(&cuts.carry) {
                if let Some(gt) = memchr::memchr(b'>', &cuts.carry[at..]) {
                    let (head, close) = sheet::open(&cuts.carry[..at + gt + 1], at).map_err(|_| Again)?;
                    let close = close.ok_or(Again)?;
                    cuts.carry.drain(..head);
                    cuts.close = Finder::new(&close).into_owned();
                    cuts.close_rev = FinderRev::new(&close).into_owned();
                    return Ok(cuts);
                }
            }
            let piece = cuts.piece()?.ok_or(Again)?;
            cuts.carry.extend_from_slice(&piece);
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
                Ok((!piece.is_empty()).then_some(piece))
            }
            Some(Err(_)) => Err(Again),
            None => Ok(None),
        }
    }

    /// The next run: what was carried, the next piece through its first `</row>`, and the rest
    /// of the piece through its last, each holding whole elements as the scanner needs; at the
    /// part's end, what is left.
    fn next(&mut self, arenas: Vec<bool>) -> Result<Option<Run>, Again> {
        let close = self.close.needle().len();
        while !self.end {
            let Some(piece) = self.piece()? else {
                self.end = true;
                break;
            };
            let (Some(first), Some(last)) = (self.close.find(&piece), self.close_rev.rfind(&piece)) else {
                // A row longer than a piece (or a `</row>` cut in two): carried on.
                self.carry.extend_from_slice(&piece);
                if self.carry.len() > MAX_UNIT {
                    return Err(Again);
                }
                continue;
            };
            let mut head = std::mem::take(&mut self.carry);
            head.extend_from_slice(&piece[..first + close]);
            self.carry = piece[last + close..].to_vec();
            return Ok(Some(self.run(head, piece, first + close..last + close, arenas)));
        }
        let head = std::mem::take(&mut self.carry);
        Ok((!head.is_empty()).then(|| self.run(head, Vec::new(), 0..0, arenas)))
    }

    fn run(&mut self, head: Vec<u8>, body: Vec<u8>, range: Range<usize>, arenas: Vec<bool>) -> Run {
        self.cut += 1;
        Run { seq: self.cut - 1, head, body, range, arenas }
    }
}

/// Runs waiting for a helper, and whether more will come.
struct Queue {
    runs: Mutex<(VecDeque<Run>, bool)>,
    ready: Condvar,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, (VecDeque<Run>, bool)> {
        self.runs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `run` when fewer than `room` wait; else gives it back, for the caller to parse.
    fn offer(&self, run: Run, room: usize) -> Option<Run> {
        let mut runs = self.lock();
        if runs.0.len() >= room {
            return Some(run);
        }
        runs.0.push_back(run);
        self.ready.notify_one();
        None
    }

    /// The next run, waiting for one until the queue is closed.
    fn take(&self) -> Option<Run> {
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
struct Closed<'q>(&'q Queue);

impl Drop for Closed<'_> {
    fn drop(&mut self) {
        let mut runs = self.0.lock();
        runs.0.clear();
        runs.1 = true;
        self.0.ready.notify_all();
    }
}

/// The runs joined so far, in file order, and those parsed ahead of their turn.
struct Joined<'s> {
    grid: Grid,
    next: usize,
    waiting: BTreeMap<usize, Result<(Grid, bool), Stop>>,
    /// A run has met `</sheetData>`: later ones are not read.
    ended: bool,
    sheet: &'s str,
}

impl Joined<'_> {
    fn take(&mut self, parsed: Parsed) -> Result<(), Again> {
        self.waiting.insert(parsed.seq, parsed.rows);
        while let Some(rows) = self.waiting.remove(&self.next) {
            self.next += 1;
            if self.ended {
                continue;
            }
            let (grid, ended) = rows.map_err(|_| Again)?;
            let (n, m) = (self.grid.row_count(), grid.row_count());
            // One row's cells on both sides of the cut: one row read on one thread, two here.
            if n > 0 && m > 0 && self.grid.excel_row(n - 1) == grid.excel_row(0) {
                return Err(Again);
            }
            self.grid.append(grid);
            caps::check_grid(&self.grid, self.sheet).map_err(|_| Again)?;
            self.ended = ended;
        }
        Ok(())
    }

    /// The sheet, once every one of the `cut` runs is joined and one ended it.
    fn finish(self, cut: usize) -> Result<Grid, Again> {
        if !self.ended || self.next != cut {
            return Err(Again);
        }
        Ok(self.grid)
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
        let parts = [
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
        (one, read((bytes, i), &fast.tally, threads, piece, &book, "S"))
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
