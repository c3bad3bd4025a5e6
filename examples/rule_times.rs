//! Which rules grow faster than the rows: times the shared facts and each rule of the catalogue
//! on generated registers of each size and prints them side by side, with how each grew.
//! `cargo run --release --example rule_times [ROWS…]` (default 100000 and 1000000 rows); with
//! `REPS=N` each rule runs N times and the least time is kept (a busy machine's figures vary by a
//! tenth; the repeats may reuse memory the first run freed, so they leave out some of the cost
//! of fresh memory).
//!
//! The register is generated with its faults and loaded into a `Table` in memory (no file), as
//! `scripts/bench`'s files are generated; then, CPU time of the thread (wall time where that is
//! not known): the facts every rule shares (households, the IDs' states, birth dates), then each
//! rule as `run_all` runs it, then the profile's own rules.

use huqing::columns::mapping::Mapping;
use huqing::generate;
use huqing::profile::Profile;
use huqing::rules::{Context, Out, ALL};
use std::collections::BTreeMap;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
#[path = "common/register_table.rs"]
mod register_table;

/// Milliseconds `f` took: CPU time of the thread where known, else wall time.
fn timed(f: impl FnOnce()) -> f64 {
    let (wall, cpu) = (Instant::now(), cpu::thread_ms());
    f();
    match (cpu::thread_ms(), cpu) {
        (Some(b), Some(a)) => b - a,
        _ => wall.elapsed().as_secs_f64() * 1e3,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a row count")).collect();
    let sizes = if sizes.is_empty() { vec![100_000, 1_000_000] } else { sizes };
    let reps: usize = std::env::var("REPS").map_or(1, |r| r.parse().expect("REPS: a number of runs"));
    let mut columns: Vec<(usize, Vec<(String, f64)>)> = Vec::new();
    for &rows in &sizes {
        let register = generate::generate(&generate::Options {
            households: rows / 3,
            seed: 9,
            faults: true,
            title_rows: 0,
            national: false,
            monitoring: false,
            id_counties: 0,
        });
        let table = register_table::table(&register);
        drop(register);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut times = vec![
            (
                "(facts) households".to_owned(),
                timed(|| {
                    std::hint::black_box(ctx.households().len());
                }),
            ),
            (
                "(facts) ID states".to_owned(),
                timed(|| {
                    std::hint::black_box(ctx.id_state(0));
                }),
            ),
            (
                "(facts) birth dates".to_owned(),
                timed(|| {
                    std::hint::black_box(ctx.birth_date(0));
                }),
            ),
        ];
        let mut findings = Vec::new();
        for rule in ALL {
            let meta = rule.meta();
            // A person register: no rule is skipped for being a household list's.
            if !profile.enabled(meta.key) || !meta.needs.iter().all(|r| ctx.col(*r).is_some()) {
                continue;
            }
            // The first run keeps its findings; repeats (REPS) keep only their time, the least.
            let mut best = timed(|| rule.check(&ctx, &mut Out::new(&ctx, meta, &mut findings)));
            for _ in 1..reps {
                best = best.min(timed(|| rule.check(&ctx, &mut Out::new(&ctx, meta, &mut Vec::new()))));
            }
            times.push((meta.key.to_owned(), best));
        }
        times.push((
            "(profile's own rules)".to_owned(),
            timed(|| huqing::check::run::custom(&ctx, &mut findings, &mut |_| {})),
        ));
        eprintln!("{} rows: {} findings", table.rows(), findings.len());
        columns.push((table.rows(), times));
    }
    print(&columns);
}

/// The table: one line a rule, slowest last, each size's milliseconds and the growth from the
/// first size to the last, then the sums.
fn print(columns: &[(usize, Vec<(String, f64)>)]) {
    let Some((last_rows, last)) = columns.last() else { return };
    let (first_rows, first) = &columns[0];
    let mut keys: Vec<&(String, f64)> = last.iter().collect();
    keys.sort_by(|a, b| a.1.total_cmp(&b.1));
    let head: Vec<String> = columns.iter().map(|(rows, _)| format!("{rows:>10} rows")).collect();
    println!("{:<40}{}  growth (rows ×{:.1})", "ms (CPU)", head.join(""), *last_rows as f64 / *first_rows as f64);
    let of = |times: &[(String, f64)], key: &str| times.iter().find(|(k, _)| k == key).map(|t| t.1);
    for (key, _) in keys {
        let figures: Vec<String> = columns
            .iter()
            .map(|(_, t)| of(t, key).map_or(format!("{:>15}", "—"), |ms| format!("{ms:>15.1}")))
            .collect();
        let growth = of(first, key).zip(of(last, key)).map_or(String::new(), |(a, b)| format!("×{:.1}", b / a));
        println!("{key:<40}{}  {growth}", figures.join(""));
    }
    let sums: Vec<f64> = columns.iter().map(|(_, t)| t.iter().map(|x| x.1).sum()).collect();
    let figures: Vec<String> = sums.iter().map(|s| format!("{s:>15.1}")).collect();
    println!("{:<40}{}  ×{:.1}", "all", figures.join(""), sums[sums.len() - 1] / sums[0]);
}
