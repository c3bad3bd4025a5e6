//! A workbook's bytes that count what is read of them, for progress by bytes.

use std::cell::Cell;
use std::io::Cursor;
use std::rc::Rc;

/// The workbook's bytes as a reader reads them, counting what it reads: progress by bytes runs
/// through the opening (the shared strings) and every sheet alike, and needs no row count.
pub struct Counted<'a> {
    inner: Cursor<&'a [u8]>,
    tally: Rc<Tally<'a>>,
}

/// The count of a workbook's bytes read, shared with whoever reads them by another way (a part
/// inflated on a thread of its own, see `xlsx::ahead`).
pub struct Tally<'a> {
    read: Cell<u64>,
    len: u64,
    /// The last fraction reported, in 1/1024 steps.
    step: Cell<u32>,
    progress: &'a dyn Fn(f32),
}

impl Tally<'_> {
    /// Counts `n` more bytes read, telling `progress` when the fraction rose by a step.
    pub fn add(&self, n: u64) {
        let read = self.read.get() + n;
        self.read.set(read);
        let step = (read.min(self.len) * 1024 / self.len) as u32;
        if step > self.step.get() {
            self.step.set(step);
            (self.progress)(step as f32 / 1024.0);
        }
    }
}

impl std::io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tally.add(n as u64);
        Ok(n)
    }
}

impl std::io::Seek for Counted<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

impl<'a> Counted<'a> {
    pub fn new(bytes: &'a [u8], progress: &'a dyn Fn(f32)) -> Counted<'a> {
        let len = bytes.len().max(1) as u64;
        let tally = Rc::new(Tally { read: Cell::new(0), len, step: Cell::new(0), progress });
        Counted { inner: Cursor::new(bytes), tally }
    }

    /// The count this reader adds to.
    pub fn tally(&self) -> Rc<Tally<'a>> {
        self.tally.clone()
    }
}
