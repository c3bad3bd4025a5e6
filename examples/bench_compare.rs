//! The comparison of a register with a department's list (部门数据比对), natively: a generated
//! register of about ROWS rows (default 1,000,000) against a medical-insurance enrolment list of
//! as many rows (every member but one in twenty, then people the register lacks), as CSV.
//! Prints the time to read the list, to match it and report (the comparison itself), the
//! findings, and the peak memory of the process.
//!
//!     cargo run --release --example bench_compare -- [ROWS]

use huqing::columns::mapping::Mapping;
use huqing::compare::{self, ListInput};
use huqing::facts::context::Context;
use huqing::generate::{self, Options};
use huqing::profile::Profile;
use huqing::read::table::Table;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

#[path = "common/counting.rs"]
mod counting;
use counting::{IN_USE, PEAK};

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let t = Instant::now();
    let register = generate::generate(&Options { households: rows / 3 + 1, faults: false, ..Options::default() });
    let text = |c: &generate::Cell| match c {
        generate::Cell::Text(s) => s.clone(),
        generate::Cell::Number(n) => n.to_string(),
        generate::Cell::Empty => String::new(),
    };
    let cells: Vec<Vec<String>> = std::iter::once(register.headers.clone())
        .chain(register.rows.iter().map(|r| r.iter().map(text).collect()))
        .collect();
    let borrowed: Vec<Vec<&str>> = cells.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let slices: Vec<&[&str]> = borrowed.iter().map(Vec::as_slice).collect();
    let table = Table::from_rows(&slices);
    drop(slices);
    drop(borrowed);
    drop(cells);
    // The list: 19 members of 20 by ID, then people the register lacks (their IDs shifted).
    let mut csv = String::from("姓名,公民身份号码,险种类型,参保状态\n");
    let n = register.rows.len();
    let col = |h: &str| register.headers.iter().position(|x| x == h).expect("a generated column");
    let (name, id) = (col("姓名"), col("证件号码"));
    for (i, r) in register.rows.iter().enumerate() {
        if i % 20 != 0 {
            csv.push_str(&format!("{},{},城乡居民,参保缴费\n", text(&r[name]), text(&r[id])));
        }
    }
    for i in 0..n / 20 {
        csv.push_str(&format!("某某,{:06}19800101{:03}X,城乡居民,参保缴费\n", 990000 + i % 9999, i % 1000));
    }
    let register_rows = n;
    drop(register);
    println!("register {register_rows} rows, list {} bytes; set up in {:.1} s", csv.len(), t.elapsed().as_secs_f64());

    let profile = Profile::default();
    let mapping = Mapping::new(table.headers(), &Default::default());
    let ctx = Context::new(&table, &mapping, &profile);
    // The register's own facts (IDs parsed) as after the rules, which compute them first.
    let t = Instant::now();
    let _ = (0..ctx.rows()).filter(|&r| ctx.canonical_id(r).is_some()).count();
    let _ = ctx.households().len();
    println!("register facts (computed by the rules anyway): {:.2} s", t.elapsed().as_secs_f64());

    let input = ListInput { bytes: csv.into_bytes(), name: "医保参保名单.csv".into(), kind: None };
    let kinds = compare::kinds(&profile);
    let t = Instant::now();
    let list = compare::read(&input, &kinds).expect("the list reads");
    let read = t.elapsed().as_secs_f64();
    println!("read the list: {} rows in {read:.2} s", list.rows.len());
    drop(list);
    let baseline = IN_USE.load(Relaxed);
    PEAK.store(baseline, Relaxed);
    let t = Instant::now();
    let (findings, summaries) = compare::compare(&ctx, std::slice::from_ref(&input), &mut |_| {}).expect("compared");
    let all = t.elapsed().as_secs_f64();
    let s = &summaries[0];
    println!(
        "compare (read + index + match + findings): {all:.2} s; the comparison itself {:.2} s; {} matched, {} unmatched, {} findings",
        all - read,
        s.matched_by_id + s.matched_by_name,
        s.unmatched,
        findings.len()
    );
    let mb = |b: usize| b / (1 << 20);
    println!(
        "heap: {} MB before the comparison (register table, list bytes), peak {} MB during it: {} MB for the comparison",
        mb(baseline),
        mb(PEAK.load(Relaxed)),
        mb(PEAK.load(Relaxed) - baseline)
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines().filter(|l| l.starts_with("VmHWM")) {
            println!("process peak RSS (generating the register included): {line}");
        }
    }
}
