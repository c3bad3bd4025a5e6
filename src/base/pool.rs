//! Threads for a check: [`scope`] runs one piece of work on several threads while the calling
//! thread takes what they send. Natively the threads are `std::thread::scope`'s. In the browser's
//! threaded build (wasm with atomics, on a cross-origin-isolated page) `std::thread` cannot start
//! a thread, so the page's check worker starts Web Workers over the same memory, each running
//! [`serve`] (exported as `pool_worker`): the pool, which takes the work `scope` queues. Elsewhere
//! (the one-thread wasm build, a pool not started) the work runs on the calling thread.

/// The work [`scope`] runs on each thread, given the function that sends a message to the
/// calling thread.
pub type Work<'a, T> = dyn Fn(&dyn Fn(T)) + Sync + 'a;

/// Runs `work` on up to `threads` threads, each given a function that sends a message to the
/// calling thread, which calls `receive` with every message as it arrives and returns once every
/// thread has finished. On wasm the threads are the pool's workers (as many as there are, at
/// most `threads`); with none, `work` runs once on the calling thread, its messages received as
/// they are sent. `name` names native threads (for profiles and per-thread CPU figures).
pub fn scope<T: Send>(threads: usize, name: &str, work: &Work<'_, T>, receive: &mut dyn FnMut(T)) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native(threads, name, work, receive)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        let _ = name;
        shared::scope(threads.min(size()), work, receive)
    }
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    {
        let _ = (threads, name);
        inline(work, receive)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn native<T: Send>(threads: usize, name: &str, work: &Work<'_, T>, receive: &mut dyn FnMut(T)) {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let thread = move || work(&|t| drop(tx.send(t)));
            std::thread::Builder::new().name(name.to_owned()).spawn_scoped(scope, thread).expect("a thread starts");
        }
        drop(tx);
        // Ends when every sender is gone: each thread's, as it returns (or unwinds).
        for t in rx {
            receive(t);
        }
    });
}

/// `work` on the calling thread, each message received as it is sent.
#[cfg(target_arch = "wasm32")]
fn inline<T>(work: &Work<'_, T>, receive: &mut dyn FnMut(T)) {
    let receive = std::cell::RefCell::new(receive);
    work(&|t| (receive.borrow_mut())(t));
}

/// The threads a check may use here: the pool's workers in the threaded wasm build, 0 in the
/// one-thread build (natively the caller decides: `Options::threads`).
pub fn size() -> usize {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        shared::WORKERS.load(std::sync::atomic::Ordering::Acquire)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        0
    }
}

/// Counts one piece of work done by the pool worker this runs on (nothing elsewhere), for
/// [`ran`]: the page's test sees that the pool, not the calling thread, ran the rules.
pub fn tally() {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    shared::tally();
}

/// The pieces of work each pool worker has done so far (see [`tally`]), in the order they joined.
pub fn ran() -> Vec<u32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        shared::ran()
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        Vec::new()
    }
}

/// Called by the panic hook: a panic on a pool worker wakes the thread waiting in [`scope`],
/// which then fails too (with panic = abort the worker's thread stops where it is, and would
/// otherwise leave the check waiting for it for ever).
pub fn panicked() {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    shared::panicked();
}

/// Joins the pool and runs the work [`scope`] queues, for ever: a Web Worker of the threaded
/// build calls it (as `pool_worker`) once it has instantiated the module over the shared memory.
/// `joined` is called once this worker counts in [`size`].
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
pub fn serve(joined: &dyn Fn()) -> ! {
    shared::serve(joined)
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod shared {
    use super::Work;
    use std::cell::Cell;
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

    type Job = Box<dyn FnOnce() + Send>;

    pub static WORKERS: AtomicUsize = AtomicUsize::new(0);
    static JOBS: Mutex<VecDeque<Job>> = Mutex::new(VecDeque::new());
    static QUEUED: Condvar = Condvar::new();
    static RAN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

    thread_local! {
        /// This worker's place in `RAN` (None off the pool).
        static INDEX: Cell<Option<usize>> = const { Cell::new(None) };
        /// The scope whose work this worker runs, to wake if it panics.
        static RUNNING: Cell<Option<*const (dyn Stop + 'static)>> = const { Cell::new(None) };
    }

    fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        m.lock().unwrap_or_else(PoisonError::into_inner)
    }

    trait Stop: Sync {
        fn stop(&self);
    }

    /// What the threads of one scope send, and how many are still running.
    struct Inbox<T> {
        state: Mutex<(VecDeque<T>, usize)>,
        ready: Condvar,
        failed: AtomicBool,
    }

    impl<T: Send> Stop for Inbox<T> {
        fn stop(&self) {
            self.failed.store(true, Ordering::Release);
            // Under the lock, so that the waiter cannot miss it between its test and its wait.
            let _held = lock(&self.state);
            self.ready.notify_all();
        }
    }

    pub fn scope<T: Send>(threads: usize, work: &Work<'_, T>, receive: &mut dyn FnMut(T)) {
        if threads == 0 {
            return super::inline(work, receive);
        }
        // Shared, not borrowed: a job still touches it after the waiter has seen it end.
        let inbox = Arc::new(Inbox {
            state: Mutex::new((VecDeque::new(), threads)),
            ready: Condvar::new(),
            failed: AtomicBool::new(false),
        });
        for _ in 0..threads {
            let inbox = Arc::clone(&inbox);
            let job = move || {
                let stop: *const (dyn Stop + '_) = &*inbox;
                // SAFETY: only the lifetime is erased; the pointer is cleared before the job ends,
                // and the scope outlives the job (below).
                let stop: *const (dyn Stop + 'static) = unsafe { std::mem::transmute(stop) };
                RUNNING.with(|r| r.set(Some(stop)));
                work(&|t| {
                    lock(&inbox.state).0.push_back(t);
                    inbox.ready.notify_one();
                });
                RUNNING.with(|r| r.set(None));
                let mut state = lock(&inbox.state);
                state.1 -= 1;
                inbox.ready.notify_one();
            };
            let job: Box<dyn FnOnce() + Send + '_> = Box::new(job);
            // SAFETY: the job borrows `work`, which lives until this function returns, and it
            // returns only once every job is past its last use of it (the count reaching 0) — or
            // panics (abort: the module is dead, and the page ends its workers).
            let job: Job = unsafe { std::mem::transmute(job) };
            lock(&JOBS).push_back(job);
            QUEUED.notify_one();
        }
        let mut state = lock(&inbox.state);
        loop {
            if let Some(t) = state.0.pop_front() {
                drop(state);
                receive(t);
                state = lock(&inbox.state);
            } else if state.1 == 0 {
                return;
            } else if inbox.failed.load(Ordering::Acquire) {
                drop(state);
                let why = crate::base::panic::take().unwrap_or_default();
                panic!("a thread of the check failed: {why}");
            } else {
                state = inbox.ready.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }

    pub fn serve(joined: &dyn Fn()) -> ! {
        {
            let mut ran = lock(&RAN);
            INDEX.with(|i| i.set(Some(ran.len())));
            ran.push(0);
        }
        WORKERS.fetch_add(1, Ordering::AcqRel);
        joined();
        loop {
            let job = {
                let mut jobs = lock(&JOBS);
                loop {
                    match jobs.pop_front() {
                        Some(job) => break job,
                        None => jobs = QUEUED.wait(jobs).unwrap_or_else(PoisonError::into_inner),
                    }
                }
            };
            job();
        }
    }

    pub fn tally() {
        if let Some(i) = INDEX.with(Cell::get) {
            lock(&RAN)[i] += 1;
        }
    }

    pub fn ran() -> Vec<u32> {
        lock(&RAN).clone()
    }

    pub fn panicked() {
        if let Some(stop) = RUNNING.with(Cell::get) {
            // SAFETY: set only while the scope that owns it waits for this job.
            unsafe { (*stop).stop() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_runs_the_work_and_every_message_arrives() {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut got = Vec::new();
        scope(
            3,
            "t",
            &|send: &dyn Fn(usize)| {
                while let Some(i) = Some(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)).filter(|&i| i < 100) {
                    send(i);
                }
            },
            &mut |i| got.push(i),
        );
        got.sort_unstable();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }
}
