//! Threads for a check: [`scope`] runs one piece of work on several threads while the calling
//! thread takes what they send; [`together`] does the same while the calling thread works too;
//! [`beside`] runs a helper on one other thread while the calling thread works through what it
//! sends. Natively the threads are `std::thread::scope`'s. In the browser's threaded build (wasm
//! with atomics, on a cross-origin-isolated page) `std::thread` cannot start a thread, so the
//! page's check worker starts Web Workers over the same memory, each running [`serve`] (exported
//! as `pool_worker`): the pool, which takes the work `scope`, `together` and `beside` queue.
//! Elsewhere (the one-thread wasm build, a pool not started) `scope`'s work runs on the calling
//! thread, `together`'s caller works alone, and `beside` leaves its caller to do the work alone.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// The work [`scope`] and [`together`] run on each thread, given the function that sends a
/// message to the calling thread.
pub type Work<'a, T> = dyn Fn(&dyn Fn(T)) + Sync + 'a;

/// Runs `work` on up to `threads` threads, each given a function that sends a message to the
/// calling thread, which calls `receive` with every message as it arrives and returns once every
/// thread has finished. On wasm the threads are the pool's workers (as many as there are, at
/// most `threads`); with none, `work` runs once on the calling thread, its messages received as
/// they are sent. `name` names native threads (for profiles and per-thread CPU figures).
pub fn scope<T: Send>(threads: usize, name: &str, work: &Work<'_, T>, receive: &mut dyn FnMut(T)) {
    if cfg!(target_arch = "wasm32") && threads.min(size()) == 0 {
        let receive = std::cell::RefCell::new(receive);
        return work(&|t| (receive.borrow_mut())(t));
    }
    together(threads.max(1) + 1, name, work, |sent| sent.for_each(receive));
}

/// Runs `helper` on up to `threads - 1` threads while the calling thread runs `main`, which takes
/// what the helpers send from its [`Sent`]; returns `main`'s result once every helper has
/// returned. The helpers and `main` share one job through what they borrow (a queue of pieces,
/// which `main` must close before it returns, or waits for the helpers to finish): `main` must
/// not count on any helper starting, for on wasm the helpers are pool jobs, as many as the pool
/// has workers, which may start late (a worker busy with a [`beside`] helper) or, in the
/// one-thread build, never. `name` names native threads.
pub fn together<T: Send, R>(
    threads: usize,
    name: &str,
    helper: &Work<'_, T>,
    main: impl FnOnce(&mut Sent<T>) -> R,
) -> R {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel();
            for _ in 1..threads {
                let tx = tx.clone();
                let thread = move || helper(&|t| drop(tx.send(t)));
                std::thread::Builder::new().name(name.to_owned()).spawn_scoped(scope, thread).expect("a thread starts");
            }
            drop(tx);
            // A helper that panics drops its sender as it unwinds, so `main` never waits for it;
            // the scope then fails with its panic.
            main(&mut Sent(Inbound::Native(rx)))
        })
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        let _ = name;
        shared::together(threads.saturating_sub(1).min(size()), helper, main)
    }
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    {
        let _ = (threads, name, helper);
        main(&mut Sent(Inbound::None(std::marker::PhantomData)))
    }
}

/// What [`together`]'s helpers have sent, as the calling thread takes it.
pub struct Sent<T>(Inbound<T>);

enum Inbound<T> {
    #[cfg(not(target_arch = "wasm32"))]
    Native(std::sync::mpsc::Receiver<T>),
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    Shared(std::sync::Arc<shared::Inbox<T>>),
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    None(std::marker::PhantomData<T>),
}

impl<T> Iterator for Sent<T> {
    type Item = T;

    /// The next message, waiting for one; `None` once every helper has returned and all they
    /// sent is taken.
    fn next(&mut self) -> Option<T> {
        match &self.0 {
            #[cfg(not(target_arch = "wasm32"))]
            Inbound::Native(rx) => rx.recv().ok(),
            #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
            Inbound::Shared(inbox) => inbox.next(true),
            #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
            Inbound::None(_) => None,
        }
    }
}

impl<T> Sent<T> {
    /// A message already sent, without waiting.
    pub fn ready(&mut self) -> Option<T> {
        match &self.0 {
            #[cfg(not(target_arch = "wasm32"))]
            Inbound::Native(rx) => rx.try_recv().ok(),
            #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
            Inbound::Shared(inbox) => inbox.next(false),
            #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
            Inbound::None(_) => None,
        }
    }
}

/// Runs `helper` on a thread beside the calling thread while the calling thread runs `main` over
/// what the helper sends, in order; returns `main`'s result once both have ended. At most `depth`
/// messages wait between them (the helper's `send` waits for room), and `send` returns false once
/// `main` has returned, when the helper should stop. `None`, with neither run, when no thread is
/// to spare: `threads`, the threads the check may use (`Options::threads`), is 1 or less, or (on
/// wasm) the pool has no worker (always in the one-thread build); the caller then does the work
/// itself. Natively the helper is a scoped thread named `name`; in the threaded wasm build it is
/// a job on the pool (free: the check worker, which queues all its jobs, is here meanwhile).
pub fn beside<T: Send, R>(
    threads: usize,
    name: &str,
    depth: usize,
    helper: impl FnOnce(&dyn Fn(T) -> bool) + Send,
    main: impl FnOnce(Receiver<'_, T>) -> R,
) -> Option<R> {
    if threads <= 1 {
        return None;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let pipe = Pipe::new(depth);
        let pipe = &pipe;
        Some(std::thread::scope(|scope| {
            let thread = move || {
                // Natively a panic unwinds: `main` then sees the end, and the scope the panic.
                let _ended = Ended(pipe);
                helper(&|t| pipe.send(t));
            };
            std::thread::Builder::new().name(name.to_owned()).spawn_scoped(scope, thread).expect("a thread starts");
            main(Receiver(pipe))
        }))
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        let _ = name;
        shared::beside(depth, helper, main)
    }
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    {
        let _ = (name, depth, helper, main);
        None
    }
}

/// What [`beside`]'s helper sends, as `main` takes it; dropped, it tells the helper to stop.
pub struct Receiver<'p, T>(&'p Pipe<T>);

impl<T> Iterator for Receiver<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.0.next()
    }
}

impl<T> Drop for Receiver<'_, T> {
    fn drop(&mut self) {
        // Also while a panic unwinds (natively), so that the scope's helper ends and it can join.
        self.0.end(|flow| flow.taken = true);
    }
}

/// The queue between [`beside`]'s helper and the calling thread.
struct Pipe<T> {
    flow: Mutex<Flow<T>>,
    changed: Condvar,
    depth: usize,
}

struct Flow<T> {
    queue: VecDeque<T>,
    /// The helper has ended.
    sent: bool,
    /// `main` has returned (its [`Receiver`] is dropped): the helper's sends fail.
    taken: bool,
    /// The helper's pool worker panicked: it stopped where it was (panic = abort), and `sent`
    /// never comes.
    failed: bool,
}

#[cfg_attr(all(target_arch = "wasm32", not(target_feature = "atomics")), allow(dead_code))]
impl<T> Pipe<T> {
    fn new(depth: usize) -> Pipe<T> {
        let flow = Flow { queue: VecDeque::new(), sent: false, taken: false, failed: false };
        Pipe { flow: Mutex::new(flow), changed: Condvar::new(), depth: depth.max(1) }
    }

    fn wait<'a>(&self, flow: MutexGuard<'a, Flow<T>>) -> MutexGuard<'a, Flow<T>> {
        self.changed.wait(flow).unwrap_or_else(PoisonError::into_inner)
    }

    /// The helper's send: false once `main` has returned.
    fn send(&self, t: T) -> bool {
        let mut flow = lock(&self.flow);
        while flow.queue.len() >= self.depth && !flow.taken {
            flow = self.wait(flow);
        }
        if flow.taken {
            return false;
        }
        flow.queue.push_back(t);
        self.changed.notify_all();
        true
    }

    fn next(&self) -> Option<T> {
        let mut flow = lock(&self.flow);
        loop {
            if let Some(t) = flow.queue.pop_front() {
                self.changed.notify_all();
                return Some(t);
            } else if flow.sent {
                return None;
            } else if flow.failed {
                drop(flow);
                failed()
            }
            flow = self.wait(flow);
        }
    }

    /// Marks one side ended and wakes the other.
    fn end(&self, mark: impl FnOnce(&mut Flow<T>)) {
        mark(&mut lock(&self.flow));
        self.changed.notify_all();
    }

    /// Waits for the helper to end, dropping what it sent that `main` did not take (natively the
    /// scope joins the helper's thread instead).
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    fn wait_sent(&self) {
        let mut flow = lock(&self.flow);
        loop {
            flow.queue.clear();
            if flow.sent {
                return;
            } else if flow.failed {
                drop(flow);
                failed()
            }
            flow = self.wait(flow);
        }
    }
}

/// Marks the helper of a [`Pipe`] ended when dropped: when it returns, or unwinds.
#[cfg(not(target_arch = "wasm32"))]
struct Ended<'p, T>(&'p Pipe<T>);

#[cfg(not(target_arch = "wasm32"))]
impl<T> Drop for Ended<'_, T> {
    fn drop(&mut self) {
        self.0.end(|flow| flow.sent = true);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Fails the calling thread because a pool worker it waits for panicked, with that panic's words.
fn failed() -> ! {
    let why = crate::base::panic::take().unwrap_or_default();
    panic!("a thread of the check failed: {why}")
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

/// What a pool worker counts having done, for the page's tests ([`done`]): that the pool, not
/// the calling thread alone, ran a check's rules, inflated its workbook's parts ([`beside`]'s
/// helpers) and parsed the runs of its sheet.
#[derive(Clone, Copy)]
pub enum Task {
    Rule = 0,
    Helper = 1,
    Run = 2,
}

/// Counts one `task` done by the pool worker this runs on (nothing elsewhere).
#[cfg_attr(not(all(target_arch = "wasm32", target_feature = "atomics")), allow(unused_variables))]
pub fn tally(task: Task) {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    shared::tally(task as usize);
}

/// The tasks of a kind each pool worker has done so far, in the order the workers joined.
pub fn done(task: Task) -> Vec<u32> {
    counts(task as usize)
}

#[cfg_attr(not(all(target_arch = "wasm32", target_feature = "atomics")), allow(unused_variables))]
fn counts(kind: usize) -> Vec<u32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        shared::counts(kind)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    {
        Vec::new()
    }
}

/// Called by the panic hook: a panic on a pool worker wakes the thread waiting in [`scope`] or
/// [`beside`], which then fails too (with panic = abort the worker's thread stops where it is,
/// and would otherwise leave the check waiting for it for ever).
pub fn panicked() {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    shared::panicked();
}

/// Joins the pool and runs the work [`scope`] and [`beside`] queue, for ever: a Web Worker of the
/// threaded build calls it (as `pool_worker`) once it has instantiated the module over the shared
/// memory. `joined` is called once this worker counts in [`size`].
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
pub fn serve(joined: &dyn Fn()) -> ! {
    shared::serve(joined)
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod shared {
    use super::{lock, Pipe, Receiver, Work};
    use std::cell::Cell;
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex, PoisonError};

    type Job = Box<dyn FnOnce() + Send>;

    pub static WORKERS: AtomicUsize = AtomicUsize::new(0);
    static JOBS: Mutex<VecDeque<Job>> = Mutex::new(VecDeque::new());
    static QUEUED: Condvar = Condvar::new();
    /// Per worker: the tasks of each kind it did (see [`super::Task`]).
    static RAN: Mutex<Vec<[u32; 3]>> = Mutex::new(Vec::new());

    thread_local! {
        /// This worker's place in `RAN` (None off the pool).
        static INDEX: Cell<Option<usize>> = const { Cell::new(None) };
        /// The scope whose work this worker runs, to wake if it panics.
        static RUNNING: Cell<Option<*const (dyn Stop + 'static)>> = const { Cell::new(None) };
    }

    trait Stop: Sync {
        fn stop(&self);
    }

    /// What the helpers of one [`together`] send, and how many are still running.
    pub struct Inbox<T> {
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

    impl<T: Send> Stop for Pipe<T> {
        fn stop(&self) {
            self.end(|flow| flow.failed = true);
        }
    }

    /// Runs `run` as the work of the scope `stop` ends if this worker panics meanwhile.
    fn running(stop: &(dyn Stop + '_), run: impl FnOnce()) {
        let stop: *const (dyn Stop + '_) = stop;
        // SAFETY: only the lifetime is erased; the pointer is cleared before the job ends, and the
        // scope outlives the job (the callers wait for it).
        let stop: *const (dyn Stop + 'static) = unsafe { std::mem::transmute(stop) };
        RUNNING.with(|r| r.set(Some(stop)));
        run();
        RUNNING.with(|r| r.set(None));
    }

    /// Queues `job` for the next free pool worker.
    ///
    /// SAFETY: the caller must not return before `job` is past its last use of what it borrows
    /// (or panics: abort, the module is dead, and the page ends its workers).
    unsafe fn queue<'a>(job: impl FnOnce() + Send + 'a) {
        let job: Box<dyn FnOnce() + Send + 'a> = Box::new(job);
        // SAFETY: only the lifetime is erased, which the caller answers for.
        let job: Job = unsafe { std::mem::transmute(job) };
        lock(&JOBS).push_back(job);
        QUEUED.notify_one();
    }

    impl<T> Inbox<T> {
        /// The next message; with `wait`, waiting for one until every job has returned.
        pub fn next(&self, wait: bool) -> Option<T> {
            let mut state = lock(&self.state);
            loop {
                if let Some(t) = state.0.pop_front() {
                    return Some(t);
                } else if self.failed.load(Ordering::Acquire) {
                    drop(state);
                    super::failed()
                } else if state.1 == 0 || !wait {
                    return None;
                }
                state = self.ready.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }

    pub fn together<T: Send, R>(
        helpers: usize,
        helper: &Work<'_, T>,
        main: impl FnOnce(&mut super::Sent<T>) -> R,
    ) -> R {
        // Shared, not borrowed: a job still touches it after the waiter has seen it end.
        let inbox = Arc::new(Inbox {
            state: Mutex::new((VecDeque::new(), helpers)),
            ready: Condvar::new(),
            failed: AtomicBool::new(false),
        });
        for _ in 0..helpers {
            let inbox = Arc::clone(&inbox);
            let job = move || {
                running(&*inbox, || {
                    helper(&|t| {
                        lock(&inbox.state).0.push_back(t);
                        inbox.ready.notify_one();
                    })
                });
                let mut state = lock(&inbox.state);
                state.1 -= 1;
                inbox.ready.notify_one();
            };
            // SAFETY: the job borrows `helper`, which lives until this function returns, and it
            // returns only once every job is past its last use of it (the count reaching 0).
            unsafe { queue(job) };
        }
        let result = main(&mut super::Sent(super::Inbound::Shared(Arc::clone(&inbox))));
        // Whatever `main` left untaken is dropped as the jobs end.
        while inbox.next(true).is_some() {}
        result
    }

    pub fn beside<T: Send, R>(
        depth: usize,
        helper: impl FnOnce(&dyn Fn(T) -> bool) + Send,
        main: impl FnOnce(Receiver<'_, T>) -> R,
    ) -> Option<R> {
        if WORKERS.load(Ordering::Acquire) == 0 {
            return None;
        }
        // Shared, not borrowed: the job still touches it after the waiter has seen it end.
        let pipe = Arc::new(Pipe::new(depth));
        let job = {
            let pipe = Arc::clone(&pipe);
            move || {
                running(&*pipe, || helper(&|t| pipe.send(t)));
                tally(super::Task::Helper as usize);
                pipe.end(|flow| flow.sent = true);
            }
        };
        // SAFETY: the job borrows what `helper` does, which lives until this function returns,
        // and it returns only once the job has marked the helper ended, past its last use of it.
        unsafe { queue(job) };
        let result = main(Receiver(&pipe));
        pipe.wait_sent();
        Some(result)
    }

    pub fn serve(joined: &dyn Fn()) -> ! {
        {
            let mut ran = lock(&RAN);
            INDEX.with(|i| i.set(Some(ran.len())));
            ran.push([0; 3]);
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

    pub fn tally(kind: usize) {
        if let Some(i) = INDEX.with(Cell::get) {
            lock(&RAN)[i][kind] += 1;
        }
    }

    pub fn counts(kind: usize) -> Vec<u32> {
        lock(&RAN).iter().map(|counts| counts[kind]).collect()
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

    #[test]
    fn together_runs_the_helpers_while_the_calling_thread_works() {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        for threads in [1, 3] {
            // Each takes one piece, then all wait for each other: only threads that run at
            // once, the calling one among them, get past the barrier.
            let (next, barrier) = (AtomicUsize::new(0), std::sync::Barrier::new(threads));
            let helper = |send: &dyn Fn(usize)| {
                let piece = next.fetch_add(1, Relaxed);
                barrier.wait();
                send(piece);
            };
            let (mine, theirs) = together(threads, "t", &helper, |sent| {
                let piece = next.fetch_add(1, Relaxed);
                barrier.wait();
                (piece, sent.collect::<Vec<_>>())
            });
            let mut all = theirs;
            all.push(mine);
            all.sort_unstable();
            assert_eq!(all, (0..threads).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn beside_runs_the_helper_on_another_thread_while_main_takes_all_it_sends_in_order() {
        let caller = std::thread::current().id();
        let helper = std::sync::Mutex::new(None);
        let got = beside(
            2,
            "t",
            3,
            |send: &dyn Fn(usize) -> bool| {
                *helper.lock().unwrap() = Some(std::thread::current().id());
                for i in 0..1000 {
                    assert!(send(i), "main takes everything");
                }
            },
            |taken| taken.collect::<Vec<_>>(),
        );
        assert_eq!(got, Some((0..1000).collect()));
        let helper = helper.into_inner().unwrap().expect("the helper ran");
        assert_ne!(helper, caller);
    }

    #[test]
    fn beside_stops_the_helper_when_main_stops_early() {
        let sent = std::sync::atomic::AtomicUsize::new(0);
        let refused = std::sync::atomic::AtomicBool::new(false);
        let got = beside(
            2,
            "t",
            2,
            |send: &dyn Fn(usize) -> bool| {
                // Would run for ever if nobody told it to stop.
                for i in 0.. {
                    if !send(i) {
                        refused.store(true, std::sync::atomic::Ordering::Relaxed);
                        return;
                    }
                    sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            },
            |taken| taken.take(5).collect::<Vec<_>>(),
        );
        assert_eq!(got, Some(vec![0, 1, 2, 3, 4]));
        assert!(refused.into_inner(), "the helper learnt that main had returned");
        // What it sent stays within the queue's depth of what was taken (and the one refused).
        assert!(sent.into_inner() <= 5 + 2, "the helper ran ahead of main by more than the depth");
    }

    #[test]
    fn beside_leaves_the_work_to_the_caller_on_one_thread() {
        for threads in [0, 1] {
            let got = beside(threads, "t", 4, |_: &dyn Fn(u8) -> bool| panic!("no helper"), |_| panic!("no main"));
            assert_eq!(got, None::<()>);
        }
    }

    #[test]
    fn a_panicking_helper_fails_the_caller_instead_of_leaving_it_waiting() {
        let outcome = std::panic::catch_unwind(|| {
            beside(
                2,
                "t",
                1,
                |send: &dyn Fn(u8) -> bool| {
                    send(1);
                    panic!("the helper failed");
                },
                |taken| taken.count(),
            )
        });
        assert!(outcome.is_err(), "the helper's panic reaches the caller");
    }
}
