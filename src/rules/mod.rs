//! The rule registry: one file per rule, one unit struct each, all listed in [`ALL`].
//!
//! A rule only detects: it reports rows, a column and a value through [`Out`]. The wording
//! lives in its [`Meta`] templates, rendered here, so detection and wording stay apart.
//! Adding a rule = one file, one `mod` line, one line in [`ALL`]. Keys are permanent.

mod household_list;
mod out;

mod age_implausible;
mod bank_card_invalid;
mod birthdate_mismatch_id;
mod blank_row;
mod column_missing;
mod disability_number_invalid;
mod disability_without_certificate;
mod duplicate_row;
mod education_age_inconsistent;
mod education_schooling_both;
mod exit_year_invalid;
mod gender_mismatch_id;
mod head_too_young;
mod header_ambiguous;
mod household_field_inconsistent;
mod household_head_id_mismatch;
mod household_head_inconsistent;
mod household_head_missing;
mod household_head_multiple;
mod household_head_name_mismatch;
mod household_head_not_member;
mod household_id_missing;
mod household_list_extra;
mod household_list_head_mismatch;
mod household_list_missing;
mod household_list_size_mismatch;
mod household_size_mismatch;
mod household_split_rows;
mod household_spouse_multiple;
mod id_type_mismatch;
mod income_below_line_exited;
mod income_invalid;
mod insurance_exclusive;
mod labour_age_inconsistent;
mod labour_capacity_unexplained;
mod name_missing;
mod name_suspicious;
mod person_duplicate_in_household;
mod person_id_birthdate;
mod person_id_checksum;
mod person_id_format;
mod person_id_legacy_15;
mod person_id_missing;
mod person_id_not_normalized;
mod person_id_region;
mod person_id_stored_as_number;
mod person_in_multiple_households;
mod person_possible_duplicate;
mod phone_invalid;
mod phone_shared_across_households;
mod relation_age_inconsistent;
mod relation_gender_inconsistent;
mod relation_unknown;
mod required_field_missing;
mod schooling_age_inconsistent;
mod special_support_size;
mod spouse_same_gender;
mod summary_row;
mod value_not_in_code_list;
mod work_county_missing;
mod work_months_invalid;
mod work_periods_overlap;
mod work_start_under_age;
mod work_without_labour;

pub use crate::facts::context::{Context, Household, IdState, SheetKind};
pub(crate) use column_missing::{missing_for_custom, skipped_by};
pub(crate) use out::render;
pub use out::Out;

use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

/// What a rule is, for reports, docs and the page.
#[derive(Debug)]
pub struct Meta {
    /// Stable kebab-case key, as in `docs/rules.md`: reports, profiles and tests use it, so it never changes.
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
    /// The same in plain Chinese for a clerk: what it checks, why it matters, how to fix the
    /// row, an example; no rule keys, no English.
    pub doc_zh: &'static str,
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
    &person_id_not_normalized::PersonIdNotNormalized,
    &person_id_birthdate::PersonIdBirthdate,
    &person_id_region::PersonIdRegion,
    &person_id_legacy_15::PersonIdLegacy15,
    &disability_number_invalid::DisabilityNumberInvalid,
    &id_type_mismatch::IdTypeMismatch,
    &household_id_missing::HouseholdIdMissing,
    &name_missing::NameMissing,
    &name_suspicious::NameSuspicious,
    &gender_mismatch_id::GenderMismatchId,
    &birthdate_mismatch_id::BirthdateMismatchId,
    &age_implausible::AgeImplausible,
    &household_head_missing::HouseholdHeadMissing,
    &household_head_multiple::HouseholdHeadMultiple,
    &household_head_id_mismatch::HouseholdHeadIdMismatch,
    &household_head_name_mismatch::HouseholdHeadNameMismatch,
    &household_head_inconsistent::HouseholdHeadInconsistent,
    &household_head_not_member::HouseholdHeadNotMember,
    &household_list_size_mismatch::HouseholdListSizeMismatch,
    &household_list_head_mismatch::HouseholdListHeadMismatch,
    &household_list_missing::HouseholdListMissing,
    &household_list_extra::HouseholdListExtra,
    &household_spouse_multiple::HouseholdSpouseMultiple,
    &spouse_same_gender::SpouseSameGender,
    &household_size_mismatch::HouseholdSizeMismatch,
    &household_field_inconsistent::HouseholdFieldInconsistent,
    &household_split_rows::HouseholdSplitRows,
    &head_too_young::HeadTooYoung,
    &relation_age_inconsistent::RelationAgeInconsistent,
    &relation_gender_inconsistent::RelationGenderInconsistent,
    &relation_unknown::RelationUnknown,
    &value_not_in_code_list::ValueNotInCodeList,
    &required_field_missing::RequiredFieldMissing,
    &schooling_age_inconsistent::SchoolingAgeInconsistent,
    &education_age_inconsistent::EducationAgeInconsistent,
    &education_schooling_both::EducationSchoolingBoth,
    &labour_age_inconsistent::LabourAgeInconsistent,
    &labour_capacity_unexplained::LabourCapacityUnexplained,
    &insurance_exclusive::InsuranceExclusive,
    &disability_without_certificate::DisabilityWithoutCertificate,
    &work_months_invalid::WorkMonthsInvalid,
    &work_periods_overlap::WorkPeriodsOverlap,
    &work_start_under_age::WorkStartUnderAge,
    &work_county_missing::WorkCountyMissing,
    &work_without_labour::WorkWithoutLabour,
    &income_invalid::IncomeInvalid,
    &income_below_line_exited::IncomeBelowLineExited,
    &exit_year_invalid::ExitYearInvalid,
    &special_support_size::SpecialSupportSize,
    &phone_invalid::PhoneInvalid,
    &phone_shared_across_households::PhoneSharedAcrossHouseholds,
    &bank_card_invalid::BankCardInvalid,
    &person_in_multiple_households::PersonInMultipleHouseholds,
    &duplicate_row::DuplicateRow,
    &summary_row::SummaryRow,
    &blank_row::BlankRow,
    &header_ambiguous::HeaderAmbiguous,
    &person_duplicate_in_household::PersonDuplicateInHousehold,
    &person_possible_duplicate::PersonPossibleDuplicate,
];

/// The rule with `key`.
pub fn by_key(key: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().key == key)
}

/// Rules that presume one row per member: a household list (one row per 户编号, see
/// [`Context::sheet_kind`]) has no member rows to count or to find a head among, nor the member columns
/// that `column-missing` would ask for.
pub(crate) const MEMBER_ROWS: &[&str] = &[
    "column-missing",
    "household-head-missing",
    "household-head-multiple",
    "household-size-mismatch",
    "household-split-rows",
    "household-head-inconsistent",
    "household-head-not-member",
    "special-support-size",
];

/// True when rule `key` does not apply to the kind of sheet behind `ctx`.
pub(crate) fn skipped(ctx: &Context<'_>, key: &str) -> bool {
    ctx.sheet_kind() == SheetKind::Households && MEMBER_ROWS.contains(&key)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running one rule on a tiny table written inline.
    use super::*;
    use crate::base::finding::Finding;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;
    use std::collections::BTreeMap;

    /// Runs `rule` over `rows` (first row = header, at Excel row 1).
    pub fn run(rule: &dyn Rule, rows: &[&[&str]]) -> Vec<Finding> {
        run_with(rule, rows, &Profile::default())
    }

    /// Runs `rule` over `rows` under `profile`.
    pub fn run_with(rule: &dyn Rule, rows: &[&[&str]], profile: &Profile) -> Vec<Finding> {
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, profile);
        let mut findings = Vec::new();
        rule.check(&ctx, &mut Out::new(&ctx, rule.meta(), &mut findings));
        findings
    }

    /// A person list of two households (1: 张三 and 李四; 2: 王五), for the rules that join a
    /// household list with it.
    pub const PERSONS: &[&[&str]] = &[
        &["户编号", "姓名", "证件号码", "与户主关系"],
        &["1", "张三", "360426199101010071", "户主"],
        &["1", "李四", "360426199202020029", "配偶"],
        &["2", "王五", "360426199303030013", "户主"],
    ];

    /// Runs `rule` over the person list `rows` with the household list `list` checked beside it.
    pub fn run_beside(rule: &dyn Rule, rows: &[&[&str]], list: &[&[&str]]) -> Vec<Finding> {
        let profile = Profile::default();
        let (lt, table) = (Table::from_rows(list), Table::from_rows(rows));
        let (lm, mapping) =
            (Mapping::new(lt.headers(), &BTreeMap::new()), Mapping::new(table.headers(), &BTreeMap::new()));
        let companion =
            crate::facts::households::HouseholdList::from_context(&Context::new(&lt, &lm, &profile), "户信息表");
        let mut ctx = Context::new(&table, &mapping, &profile);
        ctx.companion = Some(companion);
        let mut findings = Vec::new();
        rule.check(&ctx, &mut Out::new(&ctx, rule.meta(), &mut findings));
        findings
    }

    /// Runs `rule` over the person list `rows` with the 务工监测 table `work` checked beside it.
    pub fn run_with_work(rule: &dyn Rule, rows: &[&[&str]], work: &[&[&str]]) -> Vec<Finding> {
        let profile = Profile::default();
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let mut ctx = Context::new(&table, &mapping, &profile);
        ctx.work = Some(crate::facts::work::WorkRecords::new("务工监测".to_owned(), Table::from_rows(work)));
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
        let catalogue = include_str!("../../docs/rules.md");
        let mut keys: Vec<_> = ALL.iter().map(|r| r.meta().key).collect();
        for k in &keys {
            assert!(
                k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{k} is not kebab-case"
            );
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
            if ["mod", "household_list", "out"].contains(&stem.as_str()) {
                continue;
            }
            let key = stem.replace('_', "-");
            assert!(by_key(&key).is_some(), "src/rules/{stem}.rs is not in rules::ALL");
            let src = std::fs::read_to_string(&path).unwrap();
            assert!(
                src.contains("fn finds_") && src.contains("fn passes_"),
                "src/rules/{stem}.rs needs a positive (fn finds_…) and a negative (fn passes_…) test"
            );
        }
    }

    #[test]
    fn every_rule_has_words_and_a_doc() {
        for r in ALL {
            let m = r.meta();
            assert!(
                !m.title_zh.is_empty()
                    && !m.title_en.is_empty()
                    && !m.message_zh.is_empty()
                    && !m.message_en.is_empty(),
                "{}",
                m.key
            );
            assert!(m.doc.len() > 40, "{} needs a doc", m.key);
        }
    }
}
