//! The whole check on raw bytes, as the page calls it: format sniffing, guards, reading, header,
//! mapping, every rule and the report. The first byte chooses the file name's extension (it
//! breaks format ties) and the profile; the rest is the file. The bytes must come back unchanged.
#![no_main]

#[path = "hook.rs"]
mod hook;

const NAMES: &[&str] = &["f.xlsx", "f.xls", "f.csv", "f.ods", "f.xlsb", "f.txt", "f.et", "f"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hook::install();
    let Some((&choice, file)) = data.split_first() else { return };
    let name = NAMES[usize::from(choice) % NAMES.len()];
    let profile = (choice & 0x80 != 0).then(|| "monitoring-2021".to_owned());
    let options = huqing::Options { profile, ..Default::default() };
    let before = file.to_vec();
    let mut last = 0.0f32;
    let result = huqing::check(file, name, &options, &mut |_, f| {
        assert!((0.0..=1.0).contains(&f), "progress {f}");
        last = f;
    });
    match result {
        Ok(report) => {
            assert_eq!(last, 1.0, "a finished check reports all done");
            assert!(serde_json::to_string(&report).is_ok_and(|json| !json.is_empty()));
        }
        Err(e) => assert!(!e.code().is_empty() && !e.message_zh().is_empty() && !e.message_en().is_empty()),
    }
    assert_eq!(file, &before[..], "the check changed the bytes it was given");
});

