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

/// Samples, every few milliseconds, the CPU time of each thread the process starts besides the
/// calling one, until [`Workers::stop`]: how a check that runs on several threads spread its work
/// (their longest is the critical path on an idle machine, whatever the load now).
#[allow(dead_code)]
pub struct Workers {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: std::thread::JoinHandle<Vec<(String, f64)>>,
}

#[allow(dead_code)]
impl Workers {
    pub fn start() -> Workers {
        use std::collections::BTreeMap;
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (flag, main) = (stop.clone(), std::process::id().to_string());
        let sampler = std::thread::spawn(move || {
            let me = std::fs::read_link("/proc/thread-self").ok().and_then(|p| Some(p.file_name()?.to_owned()));
            let mut seen: BTreeMap<String, (String, f64)> = BTreeMap::new();
            while !flag.load(Ordering::Relaxed) {
                for task in std::fs::read_dir("/proc/self/task").into_iter().flatten().flatten() {
                    let tid = task.file_name();
                    if tid.to_str() == Some(main.as_str()) || Some(&tid) == me.as_ref() {
                        continue;
                    }
                    let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else { continue };
                    if let Some(ns) = stat.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()) {
                        let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
                        seen.insert(tid.to_string_lossy().into_owned(), (name.trim().to_owned(), ns / 1e6));
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            let mut ms: Vec<(String, f64)> = seen.into_values().collect();
            ms.sort_by(|a, b| b.1.total_cmp(&a.1));
            ms
        });
        Workers { stop, sampler }
    }

    /// Each thread's name and CPU milliseconds, the largest first (the last 2 ms of each may be
    /// missed).
    pub fn stop(self) -> Vec<(String, f64)> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.sampler.join().unwrap_or_default()
    }
}
