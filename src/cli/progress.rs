//! Progress of a batch on stderr: a bar redrawn in place on a terminal, one plain line per file
//! finished otherwise (a log, a CI job), so that neither fills up with the other's form.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Shared by the jobs of a batch; every method takes `&self`.
pub struct Progress {
    state: Mutex<State>,
    terminal: bool,
}

struct State {
    total: usize,
    done: usize,
    /// The fraction done of each file being checked, by its job.
    running: Vec<f32>,
    drawn: Option<Instant>,
}

/// Redraws of the bar at most this often: each costs a write to the terminal.
const REDRAW: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

impl Progress {
    pub fn new(total: usize, jobs: usize) -> Progress {
        let state = State { total, done: 0, running: vec![0.0; jobs], drawn: None };
        Progress { state: Mutex::new(state), terminal: std::io::stderr().is_terminal() }
    }

    /// Job `job` has checked `fraction` of its current file.
    pub fn advance(&self, job: usize, fraction: f32) {
        if !self.terminal {
            return;
        }
        let mut s = self.state.lock().expect("progress lock");
        s.running[job] = fraction;
        if s.drawn.is_none_or(|t| t.elapsed() >= REDRAW) {
            s.drawn = Some(Instant::now());
            draw(&s, "");
        }
    }

    /// Job `job` finished a file; `line` says how it went.
    pub fn finished(&self, job: usize, line: &str) {
        let mut s = self.state.lock().expect("progress lock");
        s.done += 1;
        s.running[job] = 0.0;
        if self.terminal {
            draw(&s, line);
        } else {
            eprintln!("huqing: [{}/{}] {line}", s.done, s.total);
        }
    }

    /// Ends the bar's line.
    pub fn close(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

/// The bar, the count of files, and the last file finished (kept on the terminal above the bar).
fn draw(s: &State, line: &str) {
    let running: f32 = s.running.iter().sum();
    let fraction = ((s.done as f32 + running) / s.total.max(1) as f32).min(1.0);
    let filled = (fraction * WIDTH as f32) as usize;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(WIDTH - filled));
    let mut err = std::io::stderr().lock();
    if !line.is_empty() {
        let _ = writeln!(err, "\r\x1b[2K{line}");
    }
    let _ = write!(err, "\r\x1b[2K{bar} {:>3}%  {}/{} 个文件 files", (fraction * 100.0) as u32, s.done, s.total);
    let _ = err.flush();
}
