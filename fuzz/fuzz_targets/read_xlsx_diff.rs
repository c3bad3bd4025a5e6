//! The own `.xlsx` scanner (src/read/xlsx) against calamine on any bytes that pass the reader's
//! guards: every sheet read to the same cells by both, or both refuse, or the scanner leaves the
//! workbook to calamine (as the reader then does).
#![no_main]

#[path = "hook.rs"]
mod hook;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hook::install();
    if let Err(difference) = huqing::read::xlsx_differential::compare(data) {
        panic!("the scanner and calamine disagree: {difference}");
    }
});
