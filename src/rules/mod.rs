//! The rule registry: one file per rule, one unit struct each, all listed in [`ALL`].
//!
//! A rule only detects: it reports rows, a column and a value through [`Out`]. The wording
//! lives in its [`Meta`] templates, rendered here, so detection and wording stay apart.
//! Adding a rule = one file, one `mod` line, one line in [`ALL`]. Keys are permanent.

mod context;
mod out;

mod column_missing;
mod duplicate_row;
mod household_head_missing;
mod household_head_multiple;
mod household_id_missing;
mod household_size_mismatch;
mod person_id_checksum;
mod person_id_format;
mod person_id_missing;
mod person_id_stored_as_number;
mod person_duplicate_in_household;
mod person_in_multiple_households;
mod person_possible_duplicate;

pub use context::{Context, Household, IdState};
pub use out::Out;
pub(crate) use out::render;

use crate::finding::{Finding, Scope, Severity};
use crate::roles::Role;

/// What a rule is, for reports, docs and the page.
#[derive(Debug)]
pub struct Meta {
    /// Stable kebab-case key, as in `../shared/domain/rules.md`.
    pub key: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// Columns the rule cannot run without; when one is missing the rule is skipped and
    /// `column-missing` says so.
    pub needs: &'static [Role],
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// Message templates: `{value}` is the offending value; other `{name}`s are the rule's args.
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// What it finds, why it matters, an example (Markdown).
    pub doc: &'static str,
}

/// A check over the table.
pub trait Rule: Sync {
    fn meta(&self) -> &'static Meta;
    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>);
}

/// Every rule, in report order.
pub const ALL: &[&dyn Rule] = &[
    &column_missing::ColumnMissing,
    &person_id_missing::PersonIdMissing,
    &person_id_stored_as_number::PersonIdStoredAsNumber,
    &person_id_format::PersonIdFormat,
    &person_id_checksum::PersonIdChecksum,
    &household_id_missing::HouseholdIdMissing,
    &household_head_missing::HouseholdHeadMissing,
    &household_head_multiple::HouseholdHeadMultiple,
    &household_size_mismatch::HouseholdSizeMismatch,
    &person_in_multiple_households::PersonInMultipleHouseholds,
    &duplicate_row::DuplicateRow,
    &person_duplicate_in_household::PersonDuplicateInHousehold,
    &person_possible_duplicate::PersonPossibleDuplicate,
];

/// The rule with `key`.
pub fn by_key(key: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().key == key)
}

/// Runs every rule over `ctx`, calling `progress` with the fraction of rules done.
pub fn run_all(ctx: &Context<'_>, progress: &mut dyn FnMut(f32)) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, rule) in ALL.iter().enumerate() {
        let meta = rule.meta();
        if meta.needs.iter().all(|r| ctx.col(*r).is_some()) {
            rule.check(ctx, &mut Out::new(ctx, meta, &mut findings));
        }
        progress((i + 1) as f32 / ALL.len() as f32);
    }
    findings
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running one rule on a tiny table written inline.
    use super::*;
    use crate::mapping::Mapping;
    use crate::profile::Profile;
    use crate::table::Table;
    use std::collections::BTreeMap;

    /// Runs `rule` over `rows` (first row = header, at Excel row 1).
    pub fn run(rule: &dyn Rule, rows: &[&[&str]]) -> Vec<Finding> {
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut findings = Vec::new();
        rule.check(&ctx, &mut Out::new(&ctx, rule.meta(), &mut findings));
        findings
    }

    /// The rows of each finding.
    pub fn rows(findings: &[Finding]) -> Vec<Vec<u32>> {
        findings.iter().map(|f| f.rows.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_kebab_case_and_catalogued() {
        let catalogue = include_str!("../../../shared/domain/rules.md");
        let mut keys: Vec<_> = ALL.iter().map(|r| r.meta().key).collect();
        for k in &keys {
            assert!(k.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{k} is not kebab-case");
            assert!(catalogue.contains(&format!("`{k}`")), "{k} is not in the catalogue");
        }
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len(), "duplicate rule keys");
    }

    #[test]
    fn every_rule_file_is_registered_and_tested() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if ["mod", "context", "out"].contains(&stem.as_str()) {
                continue;
            }
            let key = stem.replace('_', "-");
            assert!(by_key(&key).is_some(), "src/rules/{stem}.rs is not in rules::ALL");
            let src = std::fs::read_to_string(&path).unwrap();
            assert!(src.contains("fn finds_") && src.contains("fn passes_"),
                "src/rules/{stem}.rs needs a positive (fn finds_…) and a negative (fn passes_…) test");
        }
    }

    #[test]
    fn every_rule_has_words_and_a_doc() {
        for r in ALL {
            let m = r.meta();
            assert!(!m.title_zh.is_empty() && !m.title_en.is_empty() && !m.message_zh.is_empty() && !m.message_en.is_empty(), "{}", m.key);
            assert!(m.doc.len() > 40, "{} needs a doc", m.key);
        }
    }
}
