//! The panic hook of every target. libFuzzer's own aborts on any panic. calamine panics on some
//! damaged files (unchecked indexing); natively huqing's reader catches those and refuses the
//! file as corrupt (src/read/workbook.rs), so the target lets them unwind to it. In the browser
//! they abort the wasm module, which the worker reports and survives (src/base/panic.rs). Any other
//! panic is huqing's own: a finding.

pub fn install() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                return;
            }
            eprintln!("{info}");
            std::process::abort();
        }))
    });
}
