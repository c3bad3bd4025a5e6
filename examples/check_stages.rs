//! Where a check's time goes: runs `huqing::check` on each FILE and prints one JSON line with
//! the milliseconds spent in each stage (reading, mapping, checking, summarising) and in all, as
//! wall time (`stages`, `ms`) and as CPU time of all the process's threads (`cpu`, `cpu_ms`: on
//! a shared machine the steadier figure; Linux only, else absent).
//! `cargo run --release --example check_stages -- [--profile NAME|FILE.json] FILE…`;
//! `scripts/bench` prints it.

use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::process_ms as cpu_ms;

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
        let cpu_started = cpu_ms();
        // Each stage: its name, wall and CPU milliseconds.
        let mut stages: Vec<(&'static str, f64, Option<f64>)> = Vec::new();
        let (mut last, mut last_cpu) = (started, cpu_started);
        let mut stage = None;
        let report = huqing::check(&bytes, &file, &options, &mut |s, _| {
            if stage != Some(s) {
                let (now, cpu) = (Instant::now(), cpu_ms());
                if let Some(previous) = stage {
                    let spent = cpu.zip(last_cpu).map(|(a, b)| a - b);
                    stages.push((huqing::Stage::as_str(previous), (now - last).as_secs_f64() * 1000.0, spent));
                }
                (stage, last, last_cpu) = (Some(s), now, cpu);
            }
        })
        .unwrap_or_else(|e| panic!("{file}: {}", e.message_en()));
        let total = started.elapsed().as_secs_f64() * 1000.0;
        let cpu_total = cpu_ms().zip(cpu_started).map(|(a, b)| a - b);
        if let Some(s) = stage {
            let spent = cpu_ms().zip(last_cpu).map(|(a, b)| a - b);
            stages.push((s.as_str(), (Instant::now() - last).as_secs_f64() * 1000.0, spent));
        }
        let ms: serde_json::Map<String, serde_json::Value> =
            stages.iter().map(|(k, v, _)| (k.to_string(), v.round().into())).collect();
        let cpu: serde_json::Map<String, serde_json::Value> =
            stages.iter().filter_map(|(k, _, c)| Some((k.to_string(), c.map(f64::round)?.into()))).collect();
        let line = serde_json::json!({
            "file": file, "ms": total.round(), "stages": ms, "cpu_ms": cpu_total, "cpu": cpu, "rows": report.rows,
        });
        println!("{line}");
    }
}
