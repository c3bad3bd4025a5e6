//! What every report must satisfy, whatever the register: the targets that check whole registers
//! assert it on each report.

use huqing::Report;
use std::collections::BTreeMap;

/// Every finding names rows the sheet has (ascending, below the header) and a column of its
/// header, and the summary counts the open findings by rule.
pub fn assert_consistent(report: &Report) {
    let first = report.header_row + 1;
    let last = report.header_row + u32::try_from(report.rows).expect("rows fit u32");
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    let mut exempted: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        assert!(f.rows.windows(2).all(|w| w[0] < w[1]), "{}: rows not ascending: {:?}", f.rule, f.rows);
        for &row in &f.rows {
            assert!((first..=last).contains(&row), "{}: row {row} outside {first}..={last}", f.rule);
        }
        if let Some(column) = &f.column {
            assert!(
                report.header.contains(column),
                "{}: column {column:?} not in the header {:?}",
                f.rule,
                report.header
            );
        }
        assert!(!f.message_zh.is_empty() && !f.message_en.is_empty(), "{}: a message is empty", f.rule);
        *if f.exempted.is_some() { &mut exempted } else { &mut open }.entry(&f.rule).or_default() += 1;
    }
    let summary: BTreeMap<&str, usize> = report.summary.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
    assert_eq!(summary, open, "summary against the open findings");
    let counted: BTreeMap<&str, usize> = report.exempted.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
    assert_eq!(counted, exempted, "exempted counts against the exempted findings");
    assert!(serde_json::to_string(report).is_ok_and(|json| !json.is_empty()));
}

/// A refusal names its kind and says why in both languages.
pub fn assert_explained(e: &huqing::Error) {
    assert!(!e.code().is_empty() && !e.message_zh().is_empty() && !e.message_en().is_empty(), "{e}");
}
