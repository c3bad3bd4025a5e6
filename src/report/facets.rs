//! What a report's findings hold, for the page's filters to offer, gathered in one pass where the
//! findings are (in wasm), so that neither the page's thread nor the worker walks them as objects.

use crate::base::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The severities, each 乡镇 (`""` for none) with its 村, the columns, whether a finding names no
/// column and whether any is exempted; each list in the order of first appearance (the page sorts
/// in the language it shows).
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Facets<'a> {
    pub severities: Vec<Severity>,
    pub townships: Vec<Township<'a>>,
    pub columns: Vec<&'a str>,
    #[serde(rename = "noColumn")]
    pub no_column: bool,
    pub exempted: bool,
}

/// A 乡镇 and the 村 its findings name (`""` for none).
#[derive(Debug, PartialEq, Serialize)]
pub struct Township<'a> {
    pub name: &'a str,
    pub villages: Vec<&'a str>,
}

impl<'a> Facets<'a> {
    pub fn of(findings: &'a [Finding]) -> Facets<'a> {
        let mut facets = Facets::default();
        let mut township_at: HashMap<&str, usize> = HashMap::new();
        let mut villages_seen: HashSet<(&str, &str)> = HashSet::new();
        let mut columns_seen: HashSet<&str> = HashSet::new();
        for f in findings {
            if !facets.severities.contains(&f.severity) {
                facets.severities.push(f.severity);
            }
            let township = f.township.as_deref().unwrap_or("");
            let village = f.village.as_deref().unwrap_or("");
            let at = *township_at.entry(township).or_insert_with(|| {
                facets.townships.push(Township { name: township, villages: Vec::new() });
                facets.townships.len() - 1
            });
            if villages_seen.insert((township, village)) {
                facets.townships[at].villages.push(village);
            }
            match f.column.as_deref() {
                Some(column) if columns_seen.insert(column) => facets.columns.push(column),
                Some(_) => {}
                None => facets.no_column = true,
            }
            facets.exempted |= f.exempted.is_some();
        }
        facets
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn finding(severity: Severity, township: Option<&str>, village: Option<&str>, column: Option<&str>) -> Finding {
        Finding {
            rule: Cow::Borrowed("r"),
            severity,
            rows: vec![2],
            column: column.map(str::to_owned),
            value: String::new(),
            household: None,
            message_zh: String::new(),
            message_en: String::new(),
            exempted: None,
            locations: Vec::new(),
            township: township.map(str::to_owned),
            village: village.map(str::to_owned),
        }
    }

    #[test]
    fn each_value_once_in_the_order_first_seen() {
        let mut findings = vec![
            finding(Severity::Warning, Some("乙镇"), Some("一村"), Some("姓名")),
            finding(Severity::Error, Some("甲镇"), None, None),
            finding(Severity::Warning, Some("乙镇"), Some("二村"), Some("姓名")),
            finding(Severity::Error, None, Some("一村"), Some("证件号码")),
            finding(Severity::Error, Some("乙镇"), Some("一村"), Some("证件号码")),
        ];
        findings[3].exempted = Some("已核实".into());
        let facets = Facets::of(&findings);
        assert_eq!(facets.severities, [Severity::Warning, Severity::Error]);
        let townships: Vec<_> = facets.townships.iter().map(|t| (t.name, t.villages.clone())).collect();
        assert_eq!(townships, [("乙镇", vec!["一村", "二村"]), ("甲镇", vec![""]), ("", vec!["一村"])]);
        assert_eq!(facets.columns, ["姓名", "证件号码"]);
        assert!(facets.no_column && facets.exempted);
        assert_eq!(Facets::of(&[]), Facets::default());
    }
}
