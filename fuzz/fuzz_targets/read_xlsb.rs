//! The .xlsb reader, behind its guards, on any bytes.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read_all(data, huqing::read::Format::Xlsb, "fuzz.xlsb", None));
