//! A workbook's bytes that count what is read of them, for progress by bytes.

use std::io::Cursor;

/// The workbook's bytes as a reader reads them, counting what it reads: progress by bytes runs
/// through the opening (the shared strings) and every sheet alike, and needs no row count.
pub struct Counted<'a> {
    inner: Cursor<&'a [u8]>,
    read: u64,
    /// The last fraction reported, in 1/1024 steps.
    step: u32,
    progress: &'a dyn Fn(f32),
}

impl std::io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let len = self.inner.get_ref().len().max(1) as u64;
        let step = (self.read.min(len) * 1024 / len) as u32;
        if step > self.step {
            self.step = step;
            (self.progress)(step as f32 / 1024.0);
        }
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
        Counted { inner: Cursor::new(bytes), read: 0, step: 0, progress }
    }
}
