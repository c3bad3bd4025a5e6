//! `phone-shared-across-households`: the same phone number in different households.

use super::phone_invalid::{numbers, valid};
use super::{Context, Meta, Out, Rule};
use crate::finding::{Scope, Severity};
use crate::roles::Role;
use std::collections::HashMap;

pub struct PhoneSharedAcrossHouseholds;

static META: Meta = Meta {
    key: "phone-shared-across-households",
    severity: Severity::Info,
    scope: Scope::Table,
    needs: &[Role::HouseholdId],
    title_zh: "多户使用同一联系电话",
    title_en: "One phone in several households",
    message_zh: "联系电话 {value} 出现在 {count} 个户中：{households}；请核实是否为村干部或帮扶人的电话代填",
    message_en: "Phone {value} appears in {count} households: {households}; check whether a cadre's or helper's number was filled in for them",
    doc: "**What:** one phone number (a valid one; malformed numbers are `phone-invalid`'s) \
appears in two or more households, in 联系电话 or 家庭成员联系电话 (Gzuwkj 5_15_022, data.md \
§2.1).\n\n\
**Why:** a number shared by households is often a village cadre's or helper's phone typed in \
for families without one, so the households themselves cannot be reached; or the households \
are one family split in two. Only information: relatives do share phones.\n\n\
**Example:** `13912345678` in households 1001 and 1007 → info.",
};

impl Rule for PhoneSharedAcrossHouseholds {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        // Number → (its rows, whether a second household holds it).
        let mut by_number: HashMap<&str, (Vec<usize>, bool)> = HashMap::new();
        for role in [Role::Phone, Role::MemberPhone] {
            if ctx.col(role).is_none() {
                continue;
            }
            for row in 0..ctx.rows() {
                let household = ctx.text(Role::HouseholdId, row);
                if household.is_empty() {
                    continue;
                }
                for n in numbers(ctx.text(role, row)).filter(|n| valid(n)) {
                    let (rows, shared) = by_number.entry(n).or_default();
                    if let Some(&first) = rows.first() {
                        *shared |= ctx.text(Role::HouseholdId, first) != household;
                    }
                    if rows.last() != Some(&row) {
                        rows.push(row);
                    }
                }
            }
        }
        let mut shared: Vec<(&str, Vec<usize>)> = by_number.into_iter().filter(|(_, (_, s))| *s).map(|(n, (rows, _))| (n, rows)).collect();
        for (_, rows) in &mut shared {
            rows.sort_unstable();
            rows.dedup();
        }
        shared.sort_by_key(|(_, rows)| rows[0]);
        for (number, rows) in shared {
            let mut households: Vec<&str> = Vec::new();
            for &r in &rows {
                let h = ctx.text(Role::HouseholdId, r);
                if !households.contains(&h) {
                    households.push(h);
                }
            }
            let count = households.len().to_string();
            let listed = match households.len() {
                n if n > 5 => format!("{} 等", households[..5].join("、")),
                _ => households.join("、"),
            };
            out.rows(&rows, None, number.to_owned(), &[("count", &count), ("households", &listed)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_phone_of_two_households() {
        let f = run(&PhoneSharedAcrossHouseholds, &[
            &["户编号", "联系电话"],
            &["1", "13912345678"],
            &["1", "13912345678"],
            &["2", "13912345678.0"],
            &["3", "13812345678"],
        ]);
        assert_eq!(rows(&f), [[2, 3, 4]]);
        assert!(f[0].message_zh.contains("2 个户中：1、2"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_phones_within_one_household_and_invalid_ones() {
        let f = run(&PhoneSharedAcrossHouseholds, &[
            &["户编号", "联系电话", "家庭成员联系电话"],
            &["1", "13912345678", "13912345678"],
            &["2", "无", "15012345678"],
            &["3", "无", ""],
        ]);
        assert!(f.is_empty(), "{f:?}");
    }
}
