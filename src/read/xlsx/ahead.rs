//! A zip part inflated on a thread of its own while the calling thread parses what came before
//! (natively, when the check may use threads): inflating is about a fifth of reading a sheet,
//! and the parser then waits for none of it. The pieces go through a short queue, so only a
//! few megabytes are ever inflated ahead; the helper stops as soon as the parser stops reading.

use crate::read::counted::Tally;
use std::cell::Cell;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::sync::mpsc::{self, Receiver, SyncSender};
use zip::ZipArchive;

/// Bytes inflated per piece.
const PIECE: usize = 1 << 20;
/// Pieces inflated ahead of the parser at most.
const DEPTH: usize = 4;

/// A piece inflated (shorter than [`PIECE`] at the part's end), and the compressed bytes read
/// for it.
type Piece = io::Result<(Vec<u8>, u64)>;

/// Runs `parse` over part `index` of the zip `bytes`, inflated on another thread; the compressed
/// bytes go to `tally` as the parser takes the pieces they made.
pub fn parse<T>(bytes: &[u8], index: usize, tally: &Tally<'_>, parse: impl FnOnce(Ahead<'_, '_>) -> T) -> T {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Piece>(DEPTH);
        std::thread::Builder::new()
            .name("huqing-inflate".into())
            .spawn_scoped(scope, move || inflate(bytes, index, &tx))
            .expect("a thread starts");
        // `Ahead` (the receiver) is dropped when `parse` returns: a helper still inflating then
        // fails to send and ends, and the scope ends with it.
        parse(Ahead { rx, piece: Vec::new(), at: 0, tally })
    })
}

/// The helper: inflates the part piece by piece into `tx` until its end, an error (sent too),
/// or the parser gone.
fn inflate(bytes: &[u8], index: usize, tx: &SyncSender<Piece>) {
    let read = Cell::new(0);
    let run = || -> io::Result<()> {
        let mut zip = ZipArchive::new(Counting { inner: Cursor::new(bytes), read: &read }).map_err(io::Error::other)?;
        let mut part = zip.by_index(index).map_err(io::Error::other)?;
        let mut told = read.get();
        loop {
            let mut piece = vec![0; PIECE];
            let mut n = 0;
            while n < PIECE {
                match part.read(&mut piece[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            piece.truncate(n);
            let now = read.get();
            if tx.send(Ok((piece, now - told))).is_err() || n < PIECE {
                return Ok(());
            }
            told = now;
        }
    };
    if let Err(e) = run() {
        drop(tx.send(Err(e)));
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
pub struct Ahead<'t, 'p> {
    rx: Receiver<Piece>,
    piece: Vec<u8>,
    at: usize,
    tally: &'t Tally<'p>,
}

impl Read for Ahead<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.piece.len() {
            match self.rx.recv() {
                Ok(Ok((piece, read))) => {
                    self.tally.add(read);
                    (self.piece, self.at) = (piece, 0);
                    if self.piece.is_empty() {
                        return Ok(0);
                    }
                }
                Ok(Err(e)) => return Err(e),
                // The helper ended after the last piece (had it panicked, the scope says so).
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.piece.len() - self.at);
        buf[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
