//! The text reader on any bytes, in every encoding: the first byte chooses detection or one of
//! the encodings a user may force.
#![no_main]

#[path = "common.rs"]
mod common;

const ENCODINGS: &[Option<&str>] = &[None, Some("utf-8"), Some("gb18030"), Some("gbk"), Some("utf-16le"), Some("utf-16be"), Some("big5")];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let encoding = ENCODINGS[usize::from(choice) % ENCODINGS.len()];
    common::read_all(rest, huqing::read::Format::Csv, "fuzz.csv", encoding);
});
