//! How many files of a batch are checked at once, by memory: each file is admitted when the
//! memory the running ones are estimated to need, with its own, fits the budget — or when none
//! runs, so a file larger than the budget is still checked, alone. `--jobs` caps the count.

use std::path::Path;
use std::sync::{Condvar, Mutex};

/// Memory a check is estimated to take, per byte of file: measured peaks (docs/exports.md,
/// README) over generated registers of 24,000 to 1,000,000 rows, rounded up. A compressed
/// workbook (.xlsx .xlsm .xlsb .ods) takes 5–7× its size to check and 11–19× with the annotated
/// workbook (its bytes read again, the notes and the 问题清单 held); a text file or .xls 3.5×
/// and 8.5×.
fn bytes_per_byte(path: &Path, annotated: bool) -> u64 {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let compressed = matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods");
    match (compressed, annotated) {
        (true, false) => 7,
        (true, true) => 19,
        (false, false) => 4,
        (false, true) => 9,
    }
}

/// The memory the check of the file at `path` is estimated to take.
pub fn estimate(path: &Path, annotated: bool) -> u64 {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    size.saturating_mul(bytes_per_byte(path, annotated))
}

/// Three quarters of the memory the system says is available (Linux: MemAvailable of
/// /proc/meminfo); no limit where that cannot be read.
pub fn available() -> u64 {
    let Ok(info) = std::fs::read_to_string("/proc/meminfo") else { return u64::MAX };
    info.lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(u64::MAX, |kb| kb * 1024 / 4 * 3)
}

/// The memory budget the jobs of a batch share.
pub struct Budget {
    limit: u64,
    /// Memory taken, and the files holding it.
    taken: Mutex<(u64, usize)>,
    freed: Condvar,
}

/// A file's share of a [`Budget`], given back when dropped.
pub struct Share<'b> {
    budget: &'b Budget,
    bytes: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget { limit, taken: Mutex::new((0, 0)), freed: Condvar::new() }
    }

    /// Waits until `bytes` fit beside the shares taken (or none is taken), then takes them.
    pub fn take(&self, bytes: u64) -> Share<'_> {
        let mut taken = self.taken.lock().expect("no job panics holding the budget");
        while taken.1 > 0 && taken.0.saturating_add(bytes) > self.limit {
            taken = self.freed.wait(taken).expect("no job panics holding the budget");
        }
        taken.0 = taken.0.saturating_add(bytes);
        taken.1 += 1;
        Share { budget: self, bytes }
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        let mut taken = self.budget.taken.lock().expect("no job panics holding the budget");
        taken.0 -= self.bytes;
        taken.1 -= 1;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn files_run_together_only_as_far_as_the_budget_goes() {
        let budget = Budget::new(100);
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        // Four files of 40: two fit at once. One of 500: alone, but still run.
        std::thread::scope(|s| {
            for bytes in [40, 40, 40, 40, 500] {
                let (budget, running, most) = (&budget, &running, &most);
                s.spawn(move || {
                    let _share = budget.take(bytes);
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    if bytes == 500 {
                        assert_eq!(now, 1, "a file over the budget runs alone");
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    running.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(*budget.taken.lock().unwrap(), (0, 0), "every share given back");
    }

    #[test]
    fn the_estimate_grows_with_the_file_and_the_annotated_workbook() {
        let p = Path::new("a.xlsx");
        assert!(bytes_per_byte(p, true) > bytes_per_byte(p, false));
        assert!(bytes_per_byte(p, false) > bytes_per_byte(Path::new("a.csv"), false));
        assert_eq!(estimate(Path::new("/no/such/file.xlsx"), true), 0);
        assert!(available() > 0);
    }
}
