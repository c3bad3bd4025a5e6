//! A zip part inflated on a thread of its own while the calling thread parses what came before
//! (when the check may use threads: natively a thread, in the browser's threaded build a worker
//! of the pool, both through `pool::beside`): inflating is about a fifth of reading a sheet, and
//! the parser then waits for none of it. The pieces go through a short queue, so only a
//! few megabytes are ever inflated ahead; the helper stops as soon as the parser stops reading.

use crate::base::pool::{self, Receiver};
use crate::read::counted::Tally;
use std::cell::Cell;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::sync::{Mutex, PoisonError};
use zip::read::ZipReadOptions;
use zip::ZipArchive;

/// Bytes inflated per piece.
pub const PIECE: usize = 1 << 20;
/// Pieces inflated ahead of the parser at most.
const DEPTH: usize = 4;
/// Buffers [`Spares`] keeps at most: enough for the pieces queued and being parsed.
const SPARE: usize = 16;

/// A piece inflated (shorter than the rest at the part's end), and the compressed bytes read
/// for it.
pub type Piece = io::Result<(Vec<u8>, u64)>;

/// Runs `parse` over part `index` of the zip `bytes`, inflated on another thread; the compressed
/// bytes go to `tally` as the parser takes the pieces they made. `None`, with nothing run, when
/// `threads` (the check's) leave no thread for the inflater ([`pool::beside`]).
pub fn parse<T>(
    bytes: &[u8],
    index: usize,
    tally: &Tally<'_>,
    threads: usize,
    parse: impl FnOnce(Ahead<'_, '_, '_>) -> T,
) -> Option<T> {
    pieces(bytes, index, threads, PIECE, |rx, spares| parse(Ahead { rx, piece: Vec::new(), at: 0, tally, spares }))
}

/// Buffers used and given back, for the next taker to fill again: a new one would be allocated
/// and grown (a piece: zeroed, and natively faulted in page by page) for each megabyte of a part.
pub struct Spares<T>(Mutex<Vec<T>>);

impl<T> Default for Spares<T> {
    fn default() -> Spares<T> {
        Spares(Mutex::new(Vec::new()))
    }
}

impl<T> Spares<T> {
    /// A buffer given back, if any.
    pub fn take(&self) -> Option<T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).pop()
    }

    /// Gives back a buffer its taker is done with.
    pub fn give(&self, spare: T) {
        let mut spares = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if spares.len() < SPARE {
            spares.push(spare);
        }
    }
}

/// Runs `take` over the pieces (of `piece` bytes) of part `index` of the zip `bytes` as another
/// thread inflates them; `None`, with nothing run, when `threads` leave no thread for it.
pub fn pieces<T>(
    bytes: &[u8],
    index: usize,
    threads: usize,
    piece: usize,
    take: impl FnOnce(Pieces<'_>, &Spares<Vec<u8>>) -> T,
) -> Option<T> {
    let spares = Spares::default();
    let entry = entry(bytes, index);
    // The receiver is dropped when `take` returns: a helper still inflating then fails to send
    // and ends, and `beside` returns once it has.
    let inflate = |send: &dyn Fn(Piece) -> bool| inflate(bytes, index, piece, &spares, send);
    pool::beside(threads, "huqing-inflate", DEPTH, inflate, |rx: Receiver<'_, Piece>| {
        take(Pieces { rx, size: piece, entry, sum: crc32fast::Hasher::new() }, &spares)
    })
}

/// The bytes part `index` inflates to and its CRC-32, as the zip says; `None` if the zip cannot
/// be read here (the inflater then fails to read it too, and says why).
fn entry(bytes: &[u8], index: usize) -> Option<(u64, u32)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_index_raw(index).ok()?;
    Some((part.size(), part.crc32()))
}

/// The pieces as the inflater sends them, their CRC-32 summed as they are taken and checked
/// against the zip's at the part's end, where the zip reader would check it. The sum is taken
/// here rather than by the inflater because the parser waits on the inflater's one thread (in
/// wasm, with no instruction for it, the sum was a third of that thread's time) and the taker
/// has time to spare.
pub struct Pieces<'r> {
    rx: Receiver<'r, Piece>,
    /// Bytes a piece holds but the last.
    size: usize,
    /// What the zip says of the part ([`entry`]).
    entry: Option<(u64, u32)>,
    sum: crc32fast::Hasher,
}

impl Pieces<'_> {
    /// The bytes the part inflates to, as the zip says (0 if it does not).
    pub fn inflated(&self) -> u64 {
        self.entry.map_or(0, |(size, _)| size)
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        let piece = self.rx.next()?;
        let Ok((bytes, _)) = &piece else { return Some(piece) };
        self.sum.update(bytes);
        let last = bytes.len() < self.size;
        if last && self.entry.is_some_and(|(_, crc)| crc != self.sum.clone().finalize()) {
            // The zip reader's own words for it.
            return Some(Err(io::Error::new(io::ErrorKind::InvalidData, "Invalid checksum")));
        }
        Some(piece)
    }
}

/// The helper: inflates the part piece by piece into `send` until its end, an error (sent too),
/// or the parser gone.
fn inflate(bytes: &[u8], index: usize, size: usize, spares: &Spares<Vec<u8>>, send: &dyn Fn(Piece) -> bool) {
    let read = Cell::new(0);
    let run = || -> io::Result<()> {
        let mut zip = ZipArchive::new(Counting { inner: Cursor::new(bytes), read: &read }).map_err(io::Error::other)?;
        // The sum is checked by the taker ([`Pieces`]).
        let options = ZipReadOptions::new().ignore_crc32(true);
        let mut part = zip.by_index_with_options(index, options).map_err(io::Error::other)?;
        let mut told = read.get();
        loop {
            let mut piece = spares.take().unwrap_or_default();
            // A spare is whole unless it was the part's last piece: only what it lacks is zeroed.
            piece.resize(size, 0);
            let mut n = 0;
            while n < size {
                match part.read(&mut piece[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            piece.truncate(n);
            let now = read.get();
            if !send(Ok((piece, now - told))) || n < size {
                return Ok(());
            }
            told = now;
        }
    };
    if let Err(e) = run() {
        send(Err(e));
    }
}

/// The zip's bytes, counting what is read of them.
struct Counting<'b, 'c> {
    inner: Cursor<&'b [u8]>,
    read: &'c Cell<u64>,
}

impl Read for Counting<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl Seek for Counting<'_, '_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The part as the parser reads it: the pieces in order.
pub struct Ahead<'r, 't, 'p> {
    rx: Pieces<'r>,
    piece: Vec<u8>,
    at: usize,
    tally: &'t Tally<'p>,
    spares: &'r Spares<Vec<u8>>,
}

impl Read for Ahead<'_, '_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.piece.len() {
            match self.rx.next() {
                Some(Ok((piece, read))) => {
                    self.tally.add(read);
                    self.spares.give(std::mem::replace(&mut self.piece, piece));
                    self.at = 0;
                    if self.piece.is_empty() {
                        return Ok(0);
                    }
                }
                Some(Err(e)) => return Err(e),
                // The helper ended after the last piece (had it panicked, `beside` says so).
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.piece.len() - self.at);
        buf[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
