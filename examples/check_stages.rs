//! Where a check's time goes: runs `huqing::check` on each FILE and prints one JSON line with
//! the milliseconds spent in each stage (reading, mapping, checking, summarising) and in all.
//! `cargo run --release --example check_stages -- FILE…`; `scripts/bench` prints it.

use std::time::Instant;

fn main() {
    for file in std::env::args().skip(1) {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let started = Instant::now();
        let mut stages: Vec<(&'static str, f64)> = Vec::new();
        let mut last = started;
        let mut stage = None;
        let report = huqing::check(&bytes, &file, &huqing::Options::default(), &mut |s, _| {
            if stage != Some(s) {
                let now = Instant::now();
                if let Some(previous) = stage {
                    stages.push((huqing::Stage::as_str(previous), (now - last).as_secs_f64() * 1000.0));
                }
                (stage, last) = (Some(s), now);
            }
        })
        .unwrap_or_else(|e| panic!("{file}: {}", e.message_en()));
        let total = started.elapsed().as_secs_f64() * 1000.0;
        if let Some(s) = stage {
            stages.push((s.as_str(), (Instant::now() - last).as_secs_f64() * 1000.0));
        }
        let ms: serde_json::Map<String, serde_json::Value> =
            stages.iter().map(|(k, v)| (k.to_string(), v.round().into())).collect();
        println!("{}", serde_json::json!({ "file": file, "ms": total.round(), "stages": ms, "rows": report.rows }));
    }
}
