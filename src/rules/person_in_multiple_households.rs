//! `person-in-multiple-households`: one ID in two or more households (一人多户).

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct PersonInMultipleHouseholds;

static META: Meta = Meta {
    key: "person-in-multiple-households",
    severity: Severity::Error,
    scope: Scope::Table,
    needs: &[Role::PersonId, Role::HouseholdId],
    title_zh: "一人多户",
    title_en: "Person in several households",
    message_zh: "证件号码 {value} 出现在 {count} 个户中：{households}",
    message_en: "ID {value} appears in {count} households: {households}",
    doc: "**What:** the same person — the same ID once normalised, with the 15- and 18-digit \
forms of one number and a 20-digit 残疾人证 number counted as one — is a member of two or more \
households.\n\n\
**Why:** a person may belong to one household only; one person in two households (一人多户) \
double-counts people and subsidies and is the first thing auditors look for.\n\n\
**Example:** `360426199101010071` in household 1001 and, as `360426910101007`, in 1002 → error.",
    doc_zh:
        "**查什么：**同一个人（证件号码相同；15 位、18 位号码和 20 位残疾人证号算同一个号码）是两户或更多户的成员。\n\n\
**为什么要紧：**一个人只能属于一户；一人多户会重复计算人数和补贴，是审计首先要查的问题。\n\n\
**怎么改：**核实这个人现在属于哪一户，从其他户中删除，或按程序迁移。\n\n\
**例子：**360426199101010071 在户 1001，又以 360426910101007 出现在户 1002 → 错误。",
};

impl Rule for PersonInMultipleHouseholds {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        // In a merged export of several years a person is compared within a 年度 only (a
        // household is a 户编号 within a 年度).
        let mut home = vec![u32::MAX; ctx.rows()];
        for (i, h) in ctx.households().iter().enumerate() {
            for &r in &h.rows {
                home[r] = i as u32;
            }
        }
        let people = (0..ctx.rows())
            .filter(|&row| home[row] != u32::MAX)
            .filter_map(|row| {
                let id = crate::facts::people::pack(ctx.canonical_id(row)?.as_bytes());
                Some((ctx.year(row).unwrap_or(0), id, row as u32))
            })
            .collect();
        for group in crate::facts::people::same_id_in_households(people, |r| home[r as usize]) {
            let rows: Vec<usize> = group.iter().map(|&r| r as usize).collect();
            let id = ctx.canonical_id(rows[0]).expect("grouped rows have IDs");
            // A set beside the list: one ID in every household of a hostile file stays linear.
            let mut seen = std::collections::HashSet::new();
            let mut households: Vec<&str> = Vec::new();
            for &r in &rows {
                let h = ctx.text(Role::HouseholdId, r);
                if seen.insert(h) {
                    households.push(h);
                }
            }
            let count = households.len().to_string();
            out.group(
                &rows,
                Some(Role::PersonId),
                id.to_owned(),
                &[("count", &count), ("households", &households.join("、"))],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_one_person_in_two_households_also_as_15_digits() {
        let f = run(
            &PersonInMultipleHouseholds,
            &[
                &["户编号", "证件号码"],
                &["1", "360426199101010071"],
                &["1", "120103198806018241"],
                &["2", "360426910101007"],
            ],
        );
        assert_eq!(rows(&f), [[2, 4]]);
        assert!(f[0].message_zh.contains("1、2"));
    }

    #[test]
    fn finds_only_the_rows_that_name_a_household() {
        let f = run(
            &PersonInMultipleHouseholds,
            &[
                &["户编号", "证件号码"],
                &["1", "360426199101010071"],
                &["", "360426199101010071"],
                &["2", "360426199101010071"],
            ],
        );
        assert_eq!(rows(&f), [[2, 4]]);
        assert!(f[0].message_en.contains("2 households"), "{}", f[0].message_en);
    }

    #[test]
    fn passes_same_id_within_one_household_and_distinct_ids() {
        let f = run(
            &PersonInMultipleHouseholds,
            &[
                &["户编号", "证件号码"],
                &["1", "360426199101010071"],
                &["1", "360426199101010071"],
                &["2", "120103198806018241"],
            ],
        );
        assert!(f.is_empty());
    }

    #[test]
    fn passes_one_person_in_the_rows_of_two_years() {
        let f = run(
            &PersonInMultipleHouseholds,
            &[
                &["户编号", "证件号码", "年度"],
                &["1", "360426199101010071", "2017年底"],
                &["1", "360426199101010071", "2018年底"],
                &["2", "360426199101010071", "2018年底"],
            ],
        );
        assert_eq!(rows(&f), [[3, 4]], "2018 alone has the person twice");
    }
}
