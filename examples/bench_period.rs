//! Times the period comparison (上期比对) of a register against last period's, and prints its
//! peak memory. Run: `cargo run --release --example bench_period [ROWS…]` (default 100000 and
//! 1000000 rows in each register).
//!
//! For each size the generator's two periods (`generate --previous`: about three rows a
//! household, changes of every kind planted) are loaded into two `Table`s. Timed: the comparison
//! as a check runs it after its rules — the register's households and IDs are already known then
//! (the rules derived them), the baseline's are derived here and counted. Memory is counted by a
//! counting allocator: the peak of heap bytes during the comparison, above the two loaded tables.

use huqing::columns::mapping::Mapping;
use huqing::generate;
use huqing::profile::Profile;
use huqing::rules::Context;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

#[path = "common/counting.rs"]
mod counting;
#[path = "common/register_table.rs"]
mod register_table;
use counting::{IN_USE, PEAK};
use register_table::table;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a row count")).collect();
    let sizes = if sizes.is_empty() { vec![100_000, 1_000_000] } else { sizes };
    for rows in sizes {
        bench(rows);
    }
}

fn bench(rows: usize) {
    let t = Instant::now();
    let pair = generate::period::period(&generate::Options {
        households: rows / 3,
        seed: 5,
        faults: false,
        ..generate::Options::default()
    });
    let (current, previous) = (table(&pair.current), table(&pair.previous));
    let planted = pair.expected.len();
    drop(pair);
    let profile = Profile::default();
    let (mc, mp) =
        (Mapping::new(current.headers(), &BTreeMap::new()), Mapping::new(previous.headers(), &BTreeMap::new()));
    let cur = Context::new(&current, &mc, &profile);
    // What the rules have derived by the time the comparison runs.
    let _ = (cur.households().len(), cur.canonical_id(0), cur.birth_date(0));
    eprintln!(
        "{rows} rows: generated and loaded {} + {} rows in {:.1} s",
        current.rows(),
        previous.rows(),
        t.elapsed().as_secs_f64()
    );

    let base = IN_USE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let prev = Context::new(&previous, &mp, &profile);
    let period = huqing::period::compare(&cur, &prev, "上期");
    let took = t.elapsed();
    let peak = PEAK.load(Relaxed) - base;
    println!(
        "native {:>9} rows against {:>9}: period comparison {:>5.0} ms, peak heap +{:.0} MB over the two loaded tables ({:.0} MB) | {} findings ({planted} planted) | {}",
        current.rows(),
        previous.rows(),
        took.as_secs_f64() * 1e3,
        peak as f64 / 1e6,
        base as f64 / 1e6,
        period.findings.len(),
        period.summary.text_zh,
    );
}
