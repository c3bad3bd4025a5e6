//! Profiles (docs/profile.md) from any bytes: parsed, compiled with their custom rules and
//! condition expressions, and run on a small register. A profile is refused with a message
//! naming the field, or the check runs and its report is consistent (invariants.rs).
#![no_main]

#[path = "hook.rs"]
mod hook;
#[path = "invariants.rs"]
mod invariants;
#[path = "small.rs"]
mod small;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hook::install();
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = huqing::Options { profile: Some(text.to_owned()), ..Default::default() };
    match huqing::check(small::register(), small::NAME, &options, &mut |_, _| {}) {
        Ok(report) => invariants::assert_consistent(&report),
        Err(e) => {
            invariants::assert_explained(&e);
            assert_eq!(e.code(), "bad-profile", "{e}");
        }
    }
});
