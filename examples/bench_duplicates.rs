//! Times duplicate detection, exact and fuzzy together, on generated registers, and prints its
//! peak memory. Run: `cargo run --release --example bench_duplicates [ROWS…]` (default 100000
//! and 1000000 rows), or `scripts/bench-duplicates`.
//!
//! For each size: a register with faults (so there are duplicates to find) is generated and
//! loaded into a `Table`, then, timed: the person index is built from it, and the three
//! duplicate rules run (`person-in-multiple-households`, `person-duplicate-in-household`,
//! `person-possible-duplicate`), as a check runs them. Memory is counted by a counting
//! allocator: the peak of heap bytes during detection, above what the loaded table holds.

use huqing::columns::mapping::Mapping;
use huqing::facts::people::PersonIndex;
use huqing::generate;
use huqing::profile::Profile;
use huqing::read::table::Table;
use huqing::rules::{self, Context, Out};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

#[path = "common/counting.rs"]
mod counting;
#[path = "common/register_table.rs"]
mod register_table;
use counting::{IN_USE, PEAK};

/// Starts a new peak at the present use; returns the present use.
fn reset_peak() -> usize {
    let now = IN_USE.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

const RULES: [&str; 3] =
    ["person-in-multiple-households", "person-duplicate-in-household", "person-possible-duplicate"];

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a row count")).collect();
    let sizes = if sizes.is_empty() { vec![100_000, 1_000_000] } else { sizes };
    for rows in sizes {
        bench(rows);
    }
}

fn bench(rows: usize) {
    let t = Instant::now();
    let table = load(rows);
    let mapping = Mapping::new(table.headers(), &BTreeMap::new());
    let profile = Profile::default();
    eprintln!("{rows} rows: generated and loaded {} rows in {:.1} s", table.rows(), t.elapsed().as_secs_f64());

    let base = reset_peak();
    let t = Instant::now();
    let ctx = Context::new(&table, &mapping, &profile);
    let _ = (ctx.households().len(), ctx.canonical_id(0));
    let shared = t.elapsed();
    let mut findings = Vec::new();
    for key in RULES {
        let t = Instant::now();
        let rule = rules::by_key(key).expect("registered");
        rule.check(&ctx, &mut Out::new(&ctx, rule.meta(), &mut findings));
        eprintln!("  {key}: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    let rules_time = t.elapsed();
    eprintln!("  households and IDs (shared with other rules): {:.0} ms", shared.as_secs_f64() * 1e3);
    let peak = PEAK.load(Relaxed);

    let before = reset_peak();
    let t = Instant::now();
    let index = PersonIndex::from_context(&ctx, "bench");
    let build = t.elapsed();
    let t = Instant::now();
    let exact = index.same_id_groups().len();
    let fuzzy = index.possible_duplicates().len();
    let detect = t.elapsed();
    let index_peak = PEAK.load(Relaxed) - before;

    let count = |k: &str| findings.iter().filter(|f| f.rule == k).count();
    println!(
        "native {:>9} rows: the three duplicate rules {:>5.0} ms, peak heap +{:.0} MB over the loaded table ({:.0} MB) | person index {:.0} MB built in {:.0} ms, exact + fuzzy over it {:.0} ms, peak heap +{:.0} MB | findings: {} 一人多户, {} 户内重复, {} 疑似重复 (index: {exact} + {fuzzy})",
        table.rows(),
        rules_time.as_secs_f64() * 1e3,
        (peak - base) as f64 / 1e6,
        base as f64 / 1e6,
        index.heap_bytes() as f64 / 1e6,
        build.as_secs_f64() * 1e3,
        detect.as_secs_f64() * 1e3,
        index_peak as f64 / 1e6,
        count(RULES[0]),
        count(RULES[1]),
        count(RULES[2]),
    );
}

/// A generated register of about `rows` rows (three a household) as a `Table`.
fn load(rows: usize) -> Table {
    let register = generate::generate(&generate::Options {
        households: rows / 3,
        seed: 5,
        faults: true,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    });
    register_table::table(&register)
}
