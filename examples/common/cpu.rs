//! CPU time, the steadier figure on a shared machine than wall time (Linux only, else `None`):
//! `#[path = "common/cpu.rs"] mod cpu;` in each benchmark that prints it.

/// The process's CPU time so far, user + system over all its threads, in milliseconds (from
/// `/proc/self/stat`, in clock ticks of 10 ms).
#[allow(dead_code)]
pub fn process_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let user: f64 = fields.nth(11)?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10.0)
}

/// The calling thread's CPU time so far in milliseconds, to the nanosecond (from
/// `/proc/thread-self/schedstat`).
#[allow(dead_code)]
pub fn thread_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
