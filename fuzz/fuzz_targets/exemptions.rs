//! Exemption lists (豁免清单) from any bytes, as the first byte names the file (.csv, .xlsx …):
//! read, then applied to a small register's check. A list is refused with a message, or it only
//! marks findings: the same findings as without it, each rule's open and exempted adding up to
//! its count without the list.
#![no_main]

#[path = "hook.rs"]
mod hook;
#[path = "invariants.rs"]
mod invariants;
#[path = "small.rs"]
mod small;

use huqing::check::exemptions::Exemptions;
use huqing::{Options, Report};
use std::sync::OnceLock;

/// The profile the small register has findings under.
const PROFILE: &str = "monitoring-2021";
const NAMES: &[&str] = &["豁免清单.csv", "豁免清单.xlsx", "豁免清单.txt", "豁免清单.xls", "豁免清单.ods"];

fn without() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let options = Options { profile: Some(PROFILE.to_owned()), ..Default::default() };
        huqing::check(small::register(), small::NAME, &options, &mut |_, _| {}).expect("the register checks")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hook::install();
    let Some((&choice, list)) = data.split_first() else { return };
    let exemptions = match Exemptions::read(list, NAMES[usize::from(choice) % NAMES.len()]) {
        Ok(exemptions) => exemptions,
        Err(e) => return invariants::assert_explained(&e),
    };
    let options =
        Options { profile: Some(PROFILE.to_owned()), exemptions: Some(exemptions), ..Default::default() };
    let report = match huqing::check(small::register(), small::NAME, &options, &mut |_, _| {}) {
        Ok(report) => report,
        // A list naming a rule no profile has is refused when the check resolves it.
        Err(e) => return invariants::assert_explained(&e),
    };
    invariants::assert_consistent(&report);
    let base = without();
    let key = |r: &Report| {
        r.findings.iter().map(|f| (f.rule.to_string(), f.rows.clone(), f.value.clone())).collect::<Vec<_>>()
    };
    assert_eq!(key(&report), key(base), "the list changed the findings, not only marked them");
    for (rule, count) in &base.summary {
        let open = report.summary.get(rule).copied().unwrap_or(0);
        let exempted = report.exempted.get(rule).copied().unwrap_or(0);
        assert_eq!(open + exempted, *count, "{rule}: open and exempted against the count without the list");
    }
});
