//! Where a check's time goes: runs `huqing::check` on each FILE and prints one JSON line with
//! the milliseconds spent in each stage (reading, mapping, checking, summarising) and in all, as
//! wall time (`stages`, `ms`) and as CPU time of all the process's threads (`cpu`, `cpu_ms`: on
//! a shared machine the steadier figure; Linux only, else absent), and the checking stage split into the catalogue's rules, the rules of the 务工 tables
//! (`work-*`, with the work file's reading before them) and the profile's own checks (the
//! monitoring checks of monitoring-2021).
//! With `--threads N` (N > 1) the rules run side by side and `checking` is not split by rule;
//! `workers_cpu` is then each thread the check started with its CPU milliseconds, the largest
//! first, and `critical_cpu_ms` the time the check would take on an idle machine with enough
//! cores: the calling thread's CPU plus the longest rules worker's.
//! `cargo run --release --example check_stages -- [--threads N] [--profile NAME|FILE.json] [--work FILE] FILE…`;
//! `scripts/bench` prints it.

use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::process_ms as cpu_ms;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = huqing::Options::default();
    while args.len() > 1 && args[0].starts_with("--") {
        let (flag, value) = (args.remove(0), args.remove(0));
        match flag.as_str() {
            "--threads" => options.threads = value.parse().expect("--threads takes a number"),
            "--profile" => options.profile = Some(std::fs::read_to_string(&value).unwrap_or(value)),
            "--work" => {
                let bytes = std::fs::read(&value).unwrap_or_else(|e| panic!("{value}: {e}"));
                let name = std::path::Path::new(&value).file_name().unwrap().to_string_lossy().into_owned();
                options.work = Some(huqing::WorkFile { name, bytes });
            }
            _ => panic!("unknown option {flag}"),
        }
    }
    let custom = match &options.profile {
        Some(p) => huqing::profile::Profile::choose(p).unwrap_or_else(|e| panic!("{}", e.message_en())).custom.len(),
        None => huqing::profile::Profile::default().custom.len(),
    };
    let catalogue = huqing::rules::ALL.len();
    let total = (catalogue + custom) as f32;
    for file in args {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let started = Instant::now();
        let cpu_started = cpu_ms();
        let workers = cpu::Workers::start();
        // Each stage: its name, wall and CPU milliseconds.
        let mut stages: Vec<(&'static str, f64, Option<f64>)> = Vec::new();
        let (mut last, mut last_cpu) = (started, cpu_started);
        let mut stage = None;
        // Within checking, the fraction tells which rule just ended: 0.75 + 0.2 × (rules ended) /
        // (catalogue + custom) — the pipeline's split of the bar when nothing is compared.
        let (mut split, mut ended, mut rule_start) = ([0.0f64; 4], 0usize, None::<Instant>);
        // The bytes given, not copied, as the CLI gives them.
        let session = huqing::check_file(bytes, &file, &options, &mut |s, f| {
            let now = Instant::now();
            if stage != Some(s) {
                let cpu = cpu_ms();
                if let Some(previous) = stage {
                    let spent = cpu.zip(last_cpu).map(|(a, b)| a - b);
                    stages.push((huqing::Stage::as_str(previous), (now - last).as_secs_f64() * 1000.0, spent));
                }
                (stage, last, last_cpu) = (Some(s), now, cpu);
                if s == huqing::Stage::Checking {
                    rule_start = Some(now);
                }
                return;
            }
            if s != huqing::Stage::Checking {
                return;
            }
            let done = (f - 0.75) / 0.2 * total;
            let whole = done.round();
            if (done - whole).abs() > 1e-3 || whole as usize <= ended {
                return;
            }
            let ms = (now - rule_start.unwrap()).as_secs_f64() * 1000.0;
            // Rules ended since the last call: the time goes to the last of them.
            let i = whole as usize - 1;
            let bucket = if i >= catalogue {
                3
            } else if huqing::rules::ALL[i].meta().key.starts_with("work-") {
                2
            } else if ended == 0 {
                0 // the first rule, with the work file's reading and the context before it
            } else {
                1
            };
            split[bucket] += ms;
            (ended, rule_start) = (whole as usize, Some(now));
        })
        .unwrap_or_else(|e| panic!("{file}: {}", e.message_en()));
        let total_ms = started.elapsed().as_secs_f64() * 1000.0;
        let workers = workers.stop();
        // On an idle machine the check takes about the calling thread's CPU time plus the longest
        // rules worker's (the inflaters run beside the calling thread's parsing, which is longer).
        let started_cpu: f64 = workers.iter().map(|w| w.1).sum();
        let longest_rules = workers.iter().filter(|w| w.0 == "huqing-rules").map(|w| w.1).fold(0.0, f64::max);
        let critical = cpu_ms().zip(cpu_started).map(|(a, b)| a - b).map(|c| (c - started_cpu + longest_rules).round());
        let workers: Vec<serde_json::Value> =
            workers.iter().map(|(name, ms)| serde_json::json!([name, ms.round()])).collect();
        let cpu_total = cpu_ms().zip(cpu_started).map(|(a, b)| a - b);
        if let Some(s) = stage {
            let spent = cpu_ms().zip(last_cpu).map(|(a, b)| a - b);
            stages.push((s.as_str(), (Instant::now() - last).as_secs_f64() * 1000.0, spent));
        }
        let ms: serde_json::Map<String, serde_json::Value> =
            stages.iter().map(|(k, v, _)| (k.to_string(), v.round().into())).collect();
        let cpu: serde_json::Map<String, serde_json::Value> =
            stages.iter().filter_map(|(k, _, c)| Some((k.to_string(), c.map(f64::round)?.into()))).collect();
        let checking = serde_json::json!({
            "work_file_and_first_rule": split[0].round(),
            "catalogue": split[1].round(),
            "work_rules": split[2].round(),
            "profile_checks": split[3].round(),
        });
        let line = serde_json::json!({
            "file": file, "ms": total_ms.round(), "stages": ms, "cpu_ms": cpu_total, "cpu": cpu,
            "checking": checking, "rows": session.report().rows, "workers_cpu": workers,
            "critical_cpu_ms": critical,
        });
        println!("{line}");
    }
}
