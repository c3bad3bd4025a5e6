//! Keeping the words of a panic. In the browser a panic aborts the wasm module with a bare
//! `RuntimeError: unreachable`; the hook [`record`] keeps the panic's message and place first, so
//! that the worker can tell the user what went wrong ([`take`], exported as `last_panic`) before
//! it is replaced. The same hook runs natively in the tests.

use std::sync::Mutex;

static LAST: Mutex<Option<String>> = Mutex::new(None);

/// The panic hook: keeps the message and where it arose, replacing any earlier one.
pub fn record(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned());
    let text = match info.location() {
        Some(at) => format!("{message} ({}:{})", at.file(), at.line()),
        None => message,
    };
    if let Ok(mut last) = LAST.lock() {
        *last = Some(text);
    }
    crate::base::pool::panicked();
}

/// The last panic's message and place, taken (the next call gives `None` until another panic).
pub fn take() -> Option<String> {
    LAST.lock().ok().and_then(|mut last| last.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_keeps_the_message_and_place_once() {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(record));
        // The hook and what it keeps are the process's: another test panicking meanwhile (a pool
        // helper's test, calamine on a hostile file) may replace this panic's words, so a try
        // that meets another's is made again.
        let kept = (0..50).find_map(|_| {
            let caught = std::panic::catch_unwind(|| {
                let cells: Vec<u8> = Vec::new();
                cells[usize::from(cells.is_empty())]
            });
            assert!(caught.is_err());
            let text = take().expect("the hook kept a panic");
            let ours = text.contains("index out of bounds") && text.contains("src/base/panic.rs:");
            (ours && take().is_none()).then_some(text)
        });
        std::panic::set_hook(previous);
        assert!(kept.is_some(), "the hook kept this panic's message and place, taken once");
    }
}
