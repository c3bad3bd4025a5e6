//! The compact table every reader fills and every rule reads.
//!
//! Columnar: a column of few distinct values is a dictionary, one byte per cell; any other is one
//! text arena with end offsets and a one-byte kind per cell, 5 bytes plus its text. No `String`
//! is allocated per cell. Rows are only those the sheet holds, each with the row number Excel
//! shows.

use crate::base::limits::LIMITS;
use std::hash::Hasher;

/// What a cell held in the file, before it became text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Empty,
    Text,
    /// A number: its text is the shortest decimal form (`13912345678`, not `13912345678.0`).
    Number,
    /// A date cell: its text is `YYYY-MM-DD`.
    Date,
    Bool,
    /// A formula error such as `#N/A`.
    Error,
}

/// One column's cells. A column of few distinct values (县, 性别, 与户主关系, codes …) is a
/// dictionary: one byte per cell. On its [`DICT_MAX`]+1st distinct value it becomes an arena:
/// all texts in one string with end offsets, and a one-byte kind per cell (5 bytes plus text).
#[derive(Debug, Clone)]
#[cfg_attr(any(test, feature = "fuzzing"), derive(PartialEq))]
pub struct Column {
    store: Store,
    /// Shared strings met in this column while it is a dictionary: their codes by the string's
    /// index, direct-mapped. A shared string met before takes its code without its text being
    /// hashed or compared (two thirds of a register's cells are a dictionary's).
    shared: SharedCodes,
}

/// Slots of [`SharedCodes`].
const SHARED_SLOTS: usize = 64;

/// (shared string's index, its code) by the index modulo [`SHARED_SLOTS`]; `u32::MAX` is free.
#[derive(Debug, Clone)]
struct SharedCodes(Box<[(u32, u8); SHARED_SLOTS]>);

impl Default for SharedCodes {
    fn default() -> SharedCodes {
        SharedCodes(Box::new([(u32::MAX, 0); SHARED_SLOTS]))
    }
}

/// Two columns of the same cells are equal whatever shared strings they met on the way.
#[cfg(any(test, feature = "fuzzing"))]
impl PartialEq for SharedCodes {
    fn eq(&self, _: &SharedCodes) -> bool {
        true
    }
}

#[derive(Debug, Clone)]
#[cfg_attr(any(test, feature = "fuzzing"), derive(PartialEq))]
enum Store {
    Dict {
        codes: Vec<u8>,
        values: Vec<(Kind, Box<str>)>,
        /// The values by hash, open addressing: a slot holds a code + 1, or 0 when free. Twice
        /// as many slots as values can be, so a probe always ends; no key is copied to look one up.
        slots: Box<[u16]>,
        /// The code last pushed, for runs of equal values without a lookup.
        last: u8,
    },
    Arena {
        kinds: Vec<Kind>,
        ends: Vec<u32>,
        text: String,
    },
}

/// The dictionary's hash: a multiply-rotate over 8-byte words (as rustc's FxHash), several times
/// cheaper than the default SipHash on the short keys of every cell read. A dictionary holds at
/// most [`DICT_MAX`] keys, so crafted collisions cannot cost much (`duplicate-row` hashes rows
/// with it too, and sorts out equal hashes by comparing cells).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Most distinct values a dictionary column holds: its codes are bytes.
const DICT_MAX: usize = 256;

/// Slots of a dictionary's table: a power of two, twice [`DICT_MAX`].
const SLOTS: usize = 2 * DICT_MAX;

impl Default for Column {
    fn default() -> Column {
        let mut slots = vec![0u16; SLOTS].into_boxed_slice();
        slots[slot(Kind::Empty, "")] = 1;
        let values = vec![(Kind::Empty, Box::from(""))];
        Column { store: Store::Dict { codes: Vec::new(), values, slots, last: 0 }, shared: SharedCodes::default() }
    }
}

/// The first slot to probe for a value: the top bits of its hash (a multiplicative hash
/// mixes upwards).
#[inline]
fn slot(kind: Kind, text: &str) -> usize {
    let mut h = Fx::default();
    h.write(text.as_bytes());
    h.write_u8(kind as u8);
    (h.finish() >> (64 - SLOTS.trailing_zeros())) as usize
}

/// `a == b` for the short texts of cells, without a call to `memcmp`.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

impl Column {
    fn len(&self) -> usize {
        match &self.store {
            Store::Dict { codes, .. } => codes.len(),
            Store::Arena { kinds, .. } => kinds.len(),
        }
    }

    /// Adds a cell; returns the bytes of text this put on the heap (all of them when the column
    /// turns into an arena). Inlined into [`Grid::push`], which every cell read goes through.
    #[inline(always)]
    fn push(&mut self, kind: Kind, text: &str) -> usize {
        let mut return_bytes = 0;
        if let Store::Dict { values, last, .. } = &self.store {
            let run = &values[usize::from(*last)];
            let found = if run.0 == kind && same(&run.1, text) { Some((*last, 0)) } else { self.code(kind, text) };
            let Store::Dict { codes, values, last, .. } = &mut self.store else { unreachable!("a dictionary") };
            if let Some((code, added)) = found {
                *last = code;
                codes.push(code);
                return added;
            }
            let mut arena = (Vec::with_capacity(codes.len() * 2), Vec::with_capacity(codes.len() * 2), String::new());
            for &c in codes.iter() {
                let (k, t) = &values[usize::from(c)];
                arena.2.push_str(t);
                arena.1.push(arena.2.len() as u32);
                arena.0.push(*k);
            }
            return_bytes = arena.2.len();
            self.store = Store::Arena { kinds: arena.0, ends: arena.1, text: arena.2 };
        }
        if let Store::Arena { kinds, ends, text: all } = &mut self.store {
            all.push_str(text);
            ends.push(all.len() as u32);
            kinds.push(kind);
            return_bytes += text.len();
        }
        return_bytes
    }

    /// [`Column::push`] of the text of shared string `index`, `text`, as a text cell (an index
    /// of `u32::MAX` is not remembered).
    #[inline(always)]
    fn push_shared(&mut self, index: u32, text: &str) -> usize {
        let slot = index as usize % SHARED_SLOTS;
        if let Store::Dict { codes, last, .. } = &mut self.store {
            let (met, code) = self.shared.0[slot];
            if met == index && index != u32::MAX {
                codes.push(code);
                *last = code;
                return 0;
            }
        }
        let bytes = self.push(Kind::Text, text);
        if let Store::Dict { codes, .. } = &self.store {
            self.shared.0[slot] = (index, *codes.last().expect("a cell was pushed"));
        }
        bytes
    }

    /// A dictionary's code for a value, added when new (with the bytes that put on the heap);
    /// `None` when the value is new and the dictionary full.
    #[inline(always)]
    fn code(&mut self, kind: Kind, text: &str) -> Option<(u8, usize)> {
        let Store::Dict { values, slots, .. } = &mut self.store else { return None };
        let mut i = slot(kind, text);
        loop {
            match slots[i] {
                0 if values.len() < DICT_MAX => {
                    let code = values.len() as u8;
                    values.push((kind, Box::from(text)));
                    slots[i] = u16::from(code) + 1;
                    return Some((code, text.len()));
                }
                0 => return None,
                s => {
                    let (k, t) = &values[usize::from(s - 1)];
                    if *k == kind && same(t, text) {
                        return Some(((s - 1) as u8, 0));
                    }
                }
            }
            i = (i + 1) % SLOTS;
        }
    }

    /// An empty column kept as an arena from its first cell: for a run read apart whose column
    /// the joined grid already holds as one (see [`Grid::append`]).
    fn arena() -> Column {
        let store = Store::Arena { kinds: Vec::new(), ends: Vec::new(), text: String::new() };
        Column { store, shared: SharedCodes::default() }
    }

    /// This column's buffers, emptied: an arena when `arena`, else a dictionary as
    /// [`Column::default`] makes one.
    fn emptied(self, arena: bool) -> Column {
        let Column { store, mut shared } = self;
        shared.0.fill((u32::MAX, 0));
        match store {
            Store::Arena { mut kinds, mut ends, mut text } if arena => {
                kinds.clear();
                ends.clear();
                text.clear();
                Column { store: Store::Arena { kinds, ends, text }, shared }
            }
            Store::Dict { mut codes, mut values, mut slots, .. } if !arena => {
                codes.clear();
                values.truncate(1);
                slots.fill(0);
                slots[slot(Kind::Empty, "")] = 1;
                Column { store: Store::Dict { codes, values, slots, last: 0 }, shared }
            }
            _ if arena => Column::arena(),
            _ => Column::default(),
        }
    }

    /// Adds `other`'s cells after this column's, as pushing them one by one would (the same
    /// store, codes and heap bytes); returns the bytes put on the heap.
    fn append(&mut self, other: &Column) -> usize {
        match (&mut self.store, &other.store) {
            (Store::Arena { kinds, ends, text }, Store::Arena { kinds: k, ends: e, text: t }) => {
                let base = text.len() as u32;
                text.push_str(t);
                ends.extend(e.iter().map(|end| end + base));
                kinds.extend_from_slice(k);
                t.len()
            }
            (Store::Dict { .. }, Store::Dict { codes: c, values: v, .. }) => {
                // `other`'s codes number its values in the order of their first cells: found or
                // added in that order, they take the codes pushing the cells would give them.
                let mut to = [0u8; DICT_MAX];
                let mut bytes = 0;
                for (i, (kind, text)) in v.iter().enumerate() {
                    match self.code(*kind, text) {
                        Some((code, added)) => {
                            to[i] = code;
                            bytes += added;
                        }
                        // This column turns into an arena at the cell that brings this value.
                        None => return bytes + self.push_each(other),
                    }
                }
                let Store::Dict { codes, last, .. } = &mut self.store else { unreachable!("matched above") };
                codes.extend(c.iter().map(|&code| to[usize::from(code)]));
                *last = codes.last().copied().unwrap_or(0);
                bytes
            }
            _ => self.push_each(other),
        }
    }

    fn push_each(&mut self, other: &Column) -> usize {
        (0..other.len()).map(|i| self.push(other.kind(i), other.get(i))).sum()
    }

    /// Pushes empty cells up to `len`, as [`Column::push`] would one by one (every row that
    /// leaves a column out pads it: no lookup for them).
    fn pad_to(&mut self, len: usize) {
        if self.len() >= len {
            return;
        }
        match &mut self.store {
            // The empty value is code 0 of every dictionary.
            Store::Dict { codes, last, .. } => {
                codes.resize(len, 0);
                *last = 0;
            }
            Store::Arena { kinds, ends, text } => {
                kinds.resize(len, Kind::Empty);
                ends.resize(len, text.len() as u32);
            }
        }
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        match &self.store {
            Store::Dict { codes, values, .. } => &values[usize::from(codes[i])].1,
            Store::Arena { ends, text, .. } => {
                let start = if i == 0 { 0 } else { ends[i - 1] as usize };
                &text[start..ends[i] as usize]
            }
        }
    }

    #[inline]
    fn kind(&self, i: usize) -> Kind {
        match &self.store {
            Store::Dict { codes, values, .. } => values[usize::from(codes[i])].0,
            Store::Arena { kinds, .. } => kinds[i],
        }
    }

    fn shrink_to_fit(&mut self) {
        match &mut self.store {
            Store::Dict { codes, .. } => codes.shrink_to_fit(),
            Store::Arena { kinds, ends, text } => {
                kinds.shrink_to_fit();
                ends.shrink_to_fit();
                text.shrink_to_fit();
            }
        }
    }

    /// Bytes this column holds on the heap (a dictionary's table of slots included).
    fn heap_bytes(&self) -> usize {
        match &self.store {
            Store::Dict { codes, values, slots, .. } => {
                let texts: usize = values.iter().map(|(_, t)| t.len()).sum();
                codes.capacity() + values.capacity() * 24 + texts + 2 * slots.len()
            }
            Store::Arena { kinds, ends, text } => kinds.capacity() + 4 * ends.capacity() + text.capacity(),
        }
    }
}

/// Columns wider than this are dropped: no register has them, and a hostile file could use
/// them to make every row cost kilobytes.
pub const MAX_COLUMNS: usize = LIMITS.columns;

/// Every non-empty row of one sheet, before a header is known.
#[derive(Debug, Default, Clone)]
#[cfg_attr(any(test, feature = "fuzzing"), derive(PartialEq))]
pub struct Grid {
    columns: Vec<Column>,
    row_numbers: Vec<u32>,
    open: bool,
    /// Cells dropped because they lay beyond [`MAX_COLUMNS`].
    pub dropped_cells: u64,
    /// Bytes of cell text held on the heap, for [`crate::base::limits`].
    text_bytes: u64,
    /// The first cell longer than the limit allows: grid row, column, characters.
    too_long: Option<(usize, usize, usize)>,
    /// Columns to start as arenas (see [`Grid::for_run`]).
    arenas: Vec<bool>,
    /// The columns of a run's grid joined already, by position, for the next run's to reuse
    /// (see [`Grid::reuse`]).
    spare: Vec<Option<Column>>,
}

impl Grid {
    pub fn new() -> Grid {
        Grid::default()
    }

    /// A grid for a run of rows read apart and joined later ([`Grid::append`]): the columns
    /// `arenas` marks, arenas in the grid it joins, start as arenas (a dictionary would fill
    /// with the first 256 values only to turn into one).
    pub fn for_run(arenas: Vec<bool>) -> Grid {
        Grid { arenas, ..Grid::default() }
    }

    /// [`Grid::for_run`] in the buffers of this grid, a run's joined already: a run's columns
    /// then grow little, where new ones would be reallocated up to their size run after run.
    pub fn reuse(self, arenas: Vec<bool>) -> Grid {
        let Grid { columns, mut row_numbers, mut spare, .. } = self;
        spare.resize_with(spare.len().max(columns.len()), || None);
        for (at, column) in spare.iter_mut().zip(columns) {
            *at = Some(column);
        }
        row_numbers.clear();
        Grid { row_numbers, arenas, spare, ..Grid::default() }
    }

    /// Which columns are arenas, for [`Grid::for_run`].
    pub fn arenas(&self) -> Vec<bool> {
        self.columns.iter().map(|c| matches!(c.store, Store::Arena { .. })).collect()
    }

    /// Adds the rows of `other`, read after this grid's, as though its cells had been pushed
    /// here one by one: the same cells, stores and counts.
    pub fn append(&mut self, other: &mut Grid) {
        self.end_row();
        other.end_row();
        let rows = self.row_count();
        if let Some(last) = other.columns.len().checked_sub(1) {
            self.open_columns(last, rows);
        }
        for (mine, column) in self.columns.iter_mut().zip(&other.columns) {
            self.text_bytes += mine.append(column) as u64;
        }
        self.row_numbers.extend_from_slice(&other.row_numbers);
        let n = self.row_numbers.len();
        for c in &mut self.columns {
            c.pad_to(n);
        }
        self.dropped_cells += other.dropped_cells;
        if self.too_long.is_none() {
            self.too_long = other.too_long.map(|(row, col, chars)| (rows + row, col, chars));
        }
    }

    /// Starts a row; `excel_row` is the number Excel shows (1-based).
    pub fn start_row(&mut self, excel_row: u32) {
        self.end_row();
        self.row_numbers.push(excel_row);
        self.open = true;
    }

    /// Adds a cell of the open row at 0-based column `col`. Empty cells need not be pushed.
    pub fn push(&mut self, col: usize, kind: Kind, text: &str) {
        let Some(c) = self.cell_at(col) else { return };
        self.text_bytes += c.push(kind, text) as u64;
        self.check_length(col, text);
    }

    /// [`Grid::push`] of a text cell that is shared string `index` of a workbook, `text`.
    pub fn push_shared(&mut self, col: usize, index: u32, text: &str) {
        let Some(c) = self.cell_at(col) else { return };
        self.text_bytes += c.push_shared(index, text) as u64;
        self.check_length(col, text);
    }

    /// The column a cell of the open row at `col` goes in, padded up to that row; `None` when
    /// the cell is dropped (too far right, or a repeated reference to a cell already set: the
    /// first one wins).
    #[inline(always)]
    fn cell_at(&mut self, col: usize) -> Option<&mut Column> {
        if col >= MAX_COLUMNS {
            self.dropped_cells += 1;
            return None;
        }
        let row = self.row_numbers.len() - 1;
        if col >= self.columns.len() {
            self.open_columns(col, row);
        }
        let c = &mut self.columns[col];
        if c.len() > row {
            return None;
        }
        c.pad_to(row);
        Some(c)
    }

    /// Notes the first cell longer than the limit allows.
    #[inline(always)]
    fn check_length(&mut self, col: usize, text: &str) {
        let row = self.row_numbers.len() - 1;
        if text.len() > LIMITS.cell_chars && self.too_long.is_none() {
            let chars = text.chars().count();
            if chars > LIMITS.cell_chars {
                self.too_long = Some((row, col, chars));
            }
        }
    }

    /// Adds the columns up to `col` that the grid lacks, each padded with `rows` empty cells (an
    /// arena where [`Grid::for_run`] says so).
    fn open_columns(&mut self, col: usize, rows: usize) {
        while self.columns.len() <= col {
            let at = self.columns.len();
            let arena = self.arenas.get(at) == Some(&true);
            let mut c = match self.spare.get_mut(at).and_then(Option::take) {
                Some(c) => c.emptied(arena),
                None if arena => Column::arena(),
                None => Column::default(),
            };
            c.pad_to(rows);
            self.columns.push(c);
        }
    }

    /// Bytes of cell text the grid holds on the heap.
    pub fn text_bytes(&self) -> u64 {
        self.text_bytes
    }

    /// The first cell over [`crate::base::limits::Limits::cell_chars`]: grid row, column, characters.
    pub fn too_long(&self) -> Option<(usize, usize, usize)> {
        self.too_long
    }

    /// Closes the open row, padding columns it did not touch.
    pub fn end_row(&mut self) {
        if self.open {
            let n = self.row_numbers.len();
            for c in &mut self.columns {
                c.pad_to(n);
            }
            self.open = false;
        }
    }

    pub fn row_count(&self) -> usize {
        self.row_numbers.len()
    }

    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    #[inline]
    pub fn text(&self, col: usize, row: usize) -> &str {
        self.columns.get(col).map_or("", |c| c.get(row))
    }

    #[inline]
    pub fn kind(&self, col: usize, row: usize) -> Kind {
        self.columns.get(col).map_or(Kind::Empty, |c| c.kind(row))
    }

    #[inline]
    pub fn excel_row(&self, row: usize) -> u32 {
        self.row_numbers[row]
    }

    /// Makes room for this grid to grow `factor` times, at most four times at once and never
    /// past the caps of [`LIMITS`] (the factor is an estimate: a wrong one costs no more than
    /// growing by doubling would).
    pub fn reserve(&mut self, factor: f64) {
        let cells = (self.row_count() * self.column_count()).max(1) as f64;
        let room = (LIMITS.text_bytes as f64 / self.text_bytes.max(1) as f64).min(LIMITS.cells as f64 / cells);
        let factor = factor.min(4.0).min(room);
        let more = |len: usize| (len as f64 * (factor - 1.0)) as usize;
        for c in &mut self.columns {
            match &mut c.store {
                Store::Dict { codes, .. } => codes.reserve(more(codes.len())),
                Store::Arena { kinds, ends, text } => {
                    kinds.reserve(more(kinds.len()));
                    ends.reserve(more(ends.len()));
                    text.reserve(more(text.len()));
                }
            }
        }
        self.row_numbers.reserve(more(self.row_numbers.len()));
    }

    /// Gives back the spare capacity that growing by doubling left, once reading is done.
    pub fn shrink_to_fit(&mut self) {
        for c in &mut self.columns {
            c.shrink_to_fit();
        }
        self.row_numbers.shrink_to_fit();
    }

    /// Heap bytes held by all columns: the figure behind "bytes per cell".
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum::<usize>() + 4 * self.row_numbers.capacity()
    }
}

/// A dictionary column read through a table's data rows: each row's code and the values the
/// codes stand for. A rule that judges a value, not a row, judges each value once and walks the
/// codes (one byte a row) rather than the texts.
#[derive(Clone, Copy)]
pub struct Coded<'t> {
    codes: &'t [u8],
    data: &'t [u32],
    values: &'t [(Kind, Box<str>)],
}

impl<'t> Coded<'t> {
    /// The code of data row `row`: an index into the values.
    #[inline]
    pub fn code(&self, row: usize) -> usize {
        usize::from(self.codes[self.data[row] as usize])
    }

    /// The text of value `code` as the file holds it.
    pub fn value(&self, code: usize) -> &'t str {
        &self.values[code].1
    }

    /// How many values the codes stand for (the empty cell's among them).
    pub fn values(&self) -> usize {
        self.values.len()
    }
}

/// A grid with its header known: what the rules read. Data row `r` is grid row `data[r]`:
/// blank rows and 合计/小计 rows are left out, so no rule reports them, and listed apart.
#[derive(Debug, Clone)]
pub struct Table {
    grid: Grid,
    data: Vec<u32>,
    headers: Vec<String>,
    header_row: u32,
    summary: Vec<(u32, String)>,
    blank: Vec<(u32, u32)>,
}

/// Words that open a totals row (合计 / 小计 / 总计 …).
const SUMMARY_WORDS: &[&str] = &["合计", "总计", "小计", "共计", "汇总", "总合计"];

impl Table {
    /// A table whose header is the one grid row `header_at`; `headers` are the column names.
    pub fn new(grid: Grid, header_at: usize, headers: Vec<String>) -> Table {
        Table::with_header(grid, header_at, 1, headers)
    }

    /// A table whose header spans `span` grid rows from `header_at` (a merged band above the
    /// names); data starts below the last of them.
    pub fn with_header(mut grid: Grid, header_at: usize, span: usize, headers: Vec<String>) -> Table {
        grid.end_row();
        grid.shrink_to_fit();
        let last = header_at + span.max(1) - 1;
        let header_row = grid.excel_row(last);
        let width = headers.len().max(1);
        let mut data = Vec::with_capacity(grid.row_count().saturating_sub(last + 1));
        let (mut summary, mut blank) = (Vec::new(), Vec::new());
        let mut previous = header_row;
        let mut pending: Vec<(u32, u32)> = Vec::new();
        for row in last + 1..grid.row_count() {
            let excel = grid.excel_row(row);
            // Rows the file does not hold (xlsx stores no empty row) are blank rows too; blank
            // rows count only once data follows them.
            if excel > previous + 1 {
                add_run(&mut pending, previous + 1, excel - 1);
            }
            previous = previous.max(excel);
            if is_blank(&grid, row) {
                add_run(&mut pending, excel, excel);
                continue;
            }
            blank.append(&mut pending);
            match summary_label(&grid, row, width) {
                Some(label) => summary.push((excel, label)),
                None => data.push(row as u32),
            }
        }
        Table { grid, data, headers, header_row, summary, blank }
    }

    /// Builds a table from text rows: the first row is the header at Excel row 1.
    pub fn from_rows(rows: &[&[&str]]) -> Table {
        let mut g = Grid::new();
        for (i, r) in rows.iter().enumerate() {
            g.start_row(i as u32 + 1);
            for (c, v) in r.iter().enumerate() {
                if !v.is_empty() {
                    g.push(c, Kind::Text, v);
                }
            }
        }
        let headers = rows[0].iter().map(|s| s.to_string()).collect();
        Table::new(g, 0, headers)
    }

    /// Number of data rows (below the header, blank and totals rows left out).
    pub fn rows(&self) -> usize {
        self.data.len()
    }

    pub fn columns(&self) -> usize {
        self.headers.len().max(self.grid.column_count())
    }

    pub fn header(&self, col: usize) -> &str {
        self.headers.get(col).map_or("", String::as_str)
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The Excel row number of the header (its last row when it spans two).
    pub fn header_row(&self) -> u32 {
        self.header_row
    }

    #[inline]
    pub fn text(&self, col: usize, row: usize) -> &str {
        self.grid.text(col, self.data[row] as usize)
    }

    #[inline]
    pub fn kind(&self, col: usize, row: usize) -> Kind {
        self.grid.kind(col, self.data[row] as usize)
    }

    #[inline]
    pub fn excel_row(&self, row: usize) -> u32 {
        self.grid.excel_row(self.data[row] as usize)
    }

    /// Column `col` as codes, when the grid holds it as a dictionary (few distinct values).
    pub fn coded(&self, col: usize) -> Option<Coded<'_>> {
        match &self.grid.columns.get(col)?.store {
            Store::Dict { codes, values, .. } => Some(Coded { codes, data: &self.data, values }),
            Store::Arena { .. } => None,
        }
    }

    /// Totals rows (合计/小计 …) below the header: Excel row and the word that marked them.
    pub fn summary_rows(&self) -> &[(u32, String)] {
        &self.summary
    }

    /// Runs of empty rows between the header and the last data row, as (first, last) Excel
    /// row numbers. Runs, not rows: a stray cell far below the data makes one run, not a million.
    pub fn blank_runs(&self) -> &[(u32, u32)] {
        &self.blank
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }
}

/// A row of cells that hold only spaces. A row without any cell is no blank row: readers
/// never make one, and tables written inline for tests use it for a row of empty values.
/// Adds rows `first..=last` to `runs`, joining the last run when they follow it.
fn add_run(runs: &mut Vec<(u32, u32)>, first: u32, last: u32) {
    match runs.last_mut() {
        Some(run) if run.1 + 1 == first => run.1 = last,
        _ => runs.push((first, last)),
    }
}

fn is_blank(grid: &Grid, row: usize) -> bool {
    let cells = || (0..grid.column_count()).filter(|&c| grid.kind(c, row) != Kind::Empty);
    cells().next().is_some() && cells().all(|c| is_space(grid.text(c, row)))
}

fn is_space(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
}

/// The totals word of a row whose first non-empty cell within the header says 合计, 小计 …
/// (alone, or followed by a colon or bracket: `合计：35户`).
fn summary_label(grid: &Grid, row: usize, width: usize) -> Option<String> {
    let cell = (0..width.min(grid.column_count())).map(|c| grid.text(c, row)).find(|t| !is_space(t))?;
    // The cell without its spaces, read in place: every data row comes here, and few are totals.
    let squeezed = || cell.chars().filter(|c| !c.is_whitespace());
    let first = squeezed().next()?;
    if !SUMMARY_WORDS.iter().any(|w| w.starts_with(first)) {
        return None;
    }
    let word = SUMMARY_WORDS.iter().find(|w| {
        let mut s = squeezed();
        w.chars().all(|c| s.next() == Some(c))
    })?;
    let after = squeezed().nth(word.chars().count());
    matches!(after, None | Some(':' | '：' | '(' | '（')).then(|| cell.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_and_columns_pad_with_empty() {
        let mut g = Grid::new();
        g.start_row(3);
        g.push(2, Kind::Text, "c");
        g.start_row(7);
        g.push(0, Kind::Number, "1");
        g.push(4, Kind::Text, "e");
        g.end_row();
        assert_eq!(g.row_count(), 2);
        assert_eq!(g.column_count(), 5);
        assert_eq!(g.text(2, 0), "c");
        assert_eq!(g.text(2, 1), "");
        assert_eq!(g.kind(0, 1), Kind::Number);
        assert_eq!(g.text(4, 0), "");
        assert_eq!(g.text(4, 1), "e");
        assert_eq!(g.excel_row(1), 7);
    }

    #[test]
    fn a_column_turns_from_dictionary_to_arena_keeping_every_cell() {
        let mut g = Grid::new();
        for i in 0..600u32 {
            g.start_row(i + 1);
            g.push(0, Kind::Text, if i % 2 == 0 { "户主" } else { "配偶" });
            g.push(1, if i % 3 == 0 { Kind::Number } else { Kind::Text }, &(i % 300).to_string());
        }
        g.end_row();
        let before = g.heap_bytes();
        g.shrink_to_fit();
        assert!(g.heap_bytes() <= before);
        for i in 0..600usize {
            assert_eq!(g.text(0, i), if i % 2 == 0 { "户主" } else { "配偶" });
            assert_eq!(g.text(1, i), (i % 300).to_string());
            assert_eq!(g.kind(1, i), if i % 3 == 0 { Kind::Number } else { Kind::Text }, "same text, another kind");
        }
        assert!(matches!(g.columns[0].store, Store::Dict { .. }));
        assert!(matches!(g.columns[1].store, Store::Arena { .. }));
    }

    #[test]
    fn a_reused_grid_fills_as_a_new_one() {
        // Run `r`'s cells: its width, and column 1 a dictionary or, with 300 values, an arena.
        let fill = |mut g: Grid, r: u32| {
            let width = [4, 2, 3][r as usize % 3];
            for i in 0..300 {
                g.start_row(r * 1000 + i + 1);
                for c in (0..width).filter(|c| (i + c) % 5 != 0) {
                    let text = if c == 1 && r.is_multiple_of(2) { (i % 300).to_string() } else { format!("{}", i % 3) };
                    g.push(c as usize, if c == 2 { Kind::Number } else { Kind::Text }, &text);
                }
            }
            g.end_row();
            g
        };
        for arenas in [vec![], vec![false, true], vec![true, true, true, true]] {
            let mut used = fill(Grid::for_run(arenas.clone()), 0);
            for r in 1..6 {
                let reused = fill(used.reuse(arenas.clone()), r);
                let mut new = fill(Grid::for_run(arenas.clone()), r);
                assert_eq!(reused.columns, new.columns, "run {r} over {arenas:?}");
                assert_eq!((reused.row_numbers.clone(), reused.text_bytes), (new.row_numbers.clone(), new.text_bytes));
                new.spare = reused.spare.clone();
                assert_eq!(reused, new);
                used = reused;
            }
        }
    }

    /// Shared strings are remembered by index: indexes that share a slot, a column turning into
    /// an arena, and a reused grid (whose codes start afresh) keep every cell's text.
    #[test]
    fn shared_strings_keep_their_texts_whatever_their_slots() {
        let texts: Vec<String> = (0..300).map(|i| format!("值{i}")).collect();
        // Index i is text i; 0, 64, 128 … fall in one slot.
        let cells: Vec<usize> = (0..900).map(|n| (n * 64 + n / 7) % 300).collect();
        let fill = |mut g: Grid, cells: &[usize]| {
            for (r, &i) in cells.iter().enumerate() {
                g.start_row(r as u32 + 1);
                g.push_shared(0, i as u32, &texts[i]);
                g.push_shared(1, (i % 5) as u32, &texts[i % 5]);
                g.push(2, Kind::Text, &texts[i % 3]);
                g.push_shared(2, 299, &texts[299]);
            }
            g.end_row();
            g
        };
        let check = |g: &Grid, cells: &[usize]| {
            for (r, &i) in cells.iter().enumerate() {
                assert_eq!((g.text(0, r), g.text(1, r), g.text(2, r)), (&*texts[i], &*texts[i % 5], &*texts[i % 3]));
                assert_eq!(g.kind(0, r), Kind::Text);
            }
        };
        let first = fill(Grid::new(), &cells);
        check(&first, &cells);
        assert!(matches!(first.columns[0].store, Store::Arena { .. }), "300 values: an arena");
        assert!(matches!(first.columns[1].store, Store::Dict { .. }));
        let fewer: Vec<usize> = cells.iter().rev().map(|i| i % 200).collect();
        let reused = fill(first.reuse(vec![]), &fewer);
        check(&reused, &fewer);
        assert_eq!(reused.columns, fill(Grid::new(), &fewer).columns);
    }

    #[test]
    fn a_grid_makes_room_for_at_most_four_times_what_it_holds() {
        let mut g = Grid::new();
        for i in 0..1000u32 {
            g.start_row(i + 1);
            g.push(0, Kind::Text, "户主");
            g.push(1, Kind::Text, &format!("36042619{i:010}"));
        }
        g.end_row();
        g.shrink_to_fit();
        let held = g.heap_bytes();
        g.reserve(1000.0);
        let roomy = g.heap_bytes();
        assert!(roomy >= held * 3 && roomy <= held * 4 + 64, "{held} → {roomy}");
        g.reserve(3.0);
        assert_eq!(g.heap_bytes(), roomy, "room enough already");
        g.shrink_to_fit();
        assert_eq!(g.heap_bytes(), held);
    }

    #[test]
    fn far_columns_are_dropped_not_allocated() {
        let mut g = Grid::new();
        g.start_row(1);
        g.push(0, Kind::Text, "a");
        g.push(16_383, Kind::Text, "XFD");
        g.end_row();
        assert_eq!(g.column_count(), 1);
        assert_eq!(g.dropped_cells, 1);
    }

    #[test]
    fn table_rows_start_below_header() {
        let t = Table::from_rows(&[&["户编号", "姓名"], &["1", "张三"], &["1", "李四"]]);
        assert_eq!(t.rows(), 2);
        assert_eq!(t.header_row(), 1);
        assert_eq!(t.excel_row(0), 2);
        assert_eq!(t.text(1, 1), "李四");
    }

    #[test]
    fn totals_and_blank_rows_are_set_apart() {
        let mut g = Grid::new();
        for (excel, cells) in [
            (1, &["户编号", "姓名"][..]),
            (2, &["1", "张三"]),
            (4, &["2", "李四"]),
            (5, &["", "\u{3000}"]),
            (6, &["小计", "2"]),
            (7, &["3", "王五"]),
            (8, &["合 计：3户", ""]),
            (9, &[" ", ""]),
        ] {
            g.start_row(excel);
            for (c, v) in cells.iter().enumerate() {
                if !v.is_empty() {
                    g.push(c, Kind::Text, v);
                }
            }
        }
        let t = Table::new(g, 0, vec!["户编号".into(), "姓名".into()]);
        assert_eq!(t.rows(), 3);
        assert_eq!((t.excel_row(0), t.excel_row(1), t.excel_row(2)), (2, 4, 7));
        assert_eq!(t.text(1, 2), "王五");
        assert_eq!(t.summary_rows(), &[(6, "小计".to_owned()), (8, "合 计：3户".to_owned())]);
        assert_eq!(
            t.blank_runs(),
            &[(3, 3), (5, 5)],
            "row 3 is absent from the file, row 5 holds a full-width space; trailing row 9 is no gap"
        );
    }

    #[test]
    fn a_name_starting_with_a_totals_word_is_data() {
        let t = Table::from_rows(&[&["户编号", "姓名"], &["合计村001", "张三"]]);
        assert_eq!(t.rows(), 1);
        assert!(t.summary_rows().is_empty());
    }
}
