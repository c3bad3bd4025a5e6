//! Where a check's time goes: runs `huqing::check` on each FILE and prints one JSON line with
//! the milliseconds spent in each stage (reading, mapping, checking, summarising) and in all.
//! `cargo run --release --example check_stages -- [--profile NAME|FILE.json] FILE…`;
//! `scripts/bench` prints it.

use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = huqing::Options::default();
    if args.first().map(String::as_str) == Some("--profile") && args.len() > 1 {
        let p = args.remove(1);
        args.remove(0);
        options.profile = Some(std::fs::read_to_string(&p).unwrap_or(p));
    }
    for file in args {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let started = Instant::now();
        let mut stages: Vec<(&'static str, f64)> = Vec::new();
        let mut last = started;
        let mut stage = None;
        let report = huqing::check(&bytes, &file, &options, &mut |s, _| {
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
