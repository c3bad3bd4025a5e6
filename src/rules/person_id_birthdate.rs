//! `person-id-birthdate`: the birth date inside the ID number is impossible.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card;

pub struct PersonIdBirthdate;

static META: Meta = Meta {
    key: "person-id-birthdate",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码中的出生日期不可能",
    title_en: "Impossible birth date in the ID",
    message_zh: "{doc}“{value}”第 7–14 位的出生日期 {date} {reason}，号码录错了，请核对身份证",
    message_en: "{doc_en} \"{value}\": the birth date in digits 7–14, {date}, {reason_en}; the number was mistyped, check the ID card",
    doc: "**What:** digits 7–14 of the ID (YYYYMMDD; for a 15-digit number 19YYMMDD) are not a \
real day (month 13, 0231), or are before 1900, or after the profile's reference date \
(GB 11643-1999 §4.2; data.md §3).\n\n\
**Why:** the birth date cannot be wrong in a real ID: a wrong one means the number was mistyped, \
and every age rule reading it would be misled.\n\n\
**Example:** `360426199113010079` (month 13) → error.",
    doc_zh: "**查什么：**证件号码第 7 到 14 位的出生日期（15 位旧号码是第 7 到 12 位，年份前补 19）不是真实的日子（比如 13 月、2 月 31 日），或早于 1900 年，或晚于基准日。\n\n\
**为什么要紧：**真实身份证上的出生日期不会错，错了说明号码打错了，按它算年龄的检查也都会被带偏。\n\n\
**怎么改：**对照身份证重新录入号码。\n\n\
**例子：**360426199113010079（13 月）→ 错误。",
};

impl Rule for PersonIdBirthdate {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !matches!(ctx.id_state(row), IdState::Valid(_) | IdState::BadChecksum) {
                continue;
            }
            let Some(id) = ctx.canonical_id(row) else { continue };
            let reference = ctx.reference_date(row);
            let (reason, reason_en) = match id_card::birth_date(id) {
                None => ("不是真实的日期".to_owned(), "is not a real day".to_owned()),
                Some(d) if d.year < 1900 => ("早于 1900 年".to_owned(), "is before 1900".to_owned()),
                Some(d) if d > reference => {
                    (format!("晚于核查基准日 {reference}"), format!("is after the reference date {reference}"))
                }
                Some(_) => continue,
            };
            let date = &id[6..14];
            let doc = ctx.id_document(row).unwrap_or(id_card::Document::ResidentId);
            out.cell(
                row,
                Role::PersonId,
                &[
                    ("date", date),
                    ("reason", &reason),
                    ("reason_en", &reason_en),
                    ("doc", doc.name_zh()),
                    ("doc_en", doc.name_en()),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_impossible_early_and_future_dates() {
        let f = run(
            &PersonIdBirthdate,
            &[
                &["证件号码"],
                &["360426199113010079"],
                &["11010519491331002X"],
                &["360426189901010011"],
                &["360426202501010016"],
                &["360426911301007"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5], [6]]);
        assert!(f[0].message_zh.contains("19911301 不是真实的日期"), "{}", f[0].message_zh);
        assert!(f[3].message_zh.contains("晚于核查基准日 2020-12-31"), "{}", f[3].message_zh);
    }

    #[test]
    fn passes_real_dates_and_leaves_malformed_ids_to_other_rules() {
        let f = run(
            &PersonIdBirthdate,
            &[&["证件号码"], &["360426199101010071"], &["360426910101007"], &["3604261991"], &[""]],
        );
        assert!(f.is_empty());
    }
}
