//! `phone-shared-across-households`: the same phone number in different households.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::phone::{numbers, valid};
use crate::read::table::Fx;
use std::hash::Hasher;

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
    doc_zh: "**查什么：**同一个有效的电话号码出现在两户或更多户里（联系电话或家庭成员联系电话）。格式不对的号码由“联系电话格式不对”报告。\n\n\
**为什么要紧：**多户共用的号码，常是村干部或帮扶人替没有电话的农户填的，这些户本身联系不上；也可能是一家人分成了两户。只作提示：亲戚之间确实会共用电话。\n\n\
**怎么改：**核实每户自己的联系电话并改正；确是亲属共用的，可以不改。\n\n\
**例子：**13912345678 出现在户 1001 和户 1007 → 提示。",
};

impl Rule for PhoneSharedAcrossHouseholds {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let roles: Vec<Role> = [Role::Phone, Role::MemberPhone].into_iter().filter(|&r| ctx.col(r).is_some()).collect();
        let households = ctx.households();
        // Every (number, household) met, grouped by sorting on the number's hash, not in a map
        // of a million entries: the sort stays in the cache. What is sorted is the hash, the
        // household and the number's place in `texts` (16 bytes, not 32 with the text: at a
        // million rows the sort leaves the cache). A household's phone repeats on every member
        // row: a cell equal to the one above is not split again.
        let mut met: Vec<(u64, u32, u32)> = Vec::with_capacity(households.len());
        let mut texts: Vec<&str> = Vec::with_capacity(households.len());
        for (i, h) in households.iter().enumerate() {
            out.tick(i, households.len());
            for &role in &roles {
                let mut above = "";
                for &r in &h.rows {
                    let cell = ctx.text(role, r);
                    if cell == above {
                        continue;
                    }
                    above = cell;
                    for n in numbers(cell).filter(|n| valid(n)) {
                        met.push((hash(n), i as u32, texts.len() as u32));
                        texts.push(n);
                    }
                }
            }
        }
        // By number, each number's holders in household order, as met.
        let text = |e: &(u64, u32, u32)| texts[e.2 as usize];
        let mut shared: Vec<(&str, Vec<usize>)> = Vec::new();
        crate::facts::grouping::by_key(
            &mut met,
            |e| e.0,
            text,
            |one| {
                if one.len() < 2 {
                    return;
                }
                let mut holders: Vec<usize> = Vec::new();
                for &(_, i, _) in one {
                    let i = i as usize;
                    // One 户编号 in two 年度 of a merged export is one household.
                    if holders.last().is_none_or(|&j| j != i && households[j].key != households[i].key) {
                        holders.push(i);
                    }
                }
                if holders.len() > 1 {
                    shared.push((text(&one[0]), holders));
                }
            },
        );
        shared.sort_by_key(|&(number, ref hs)| (households[hs[0]].rows[0], number));
        for (number, holders) in shared {
            let mut rows: Vec<usize> = holders
                .iter()
                .flat_map(|&i| households[i].rows.iter().copied())
                .filter(|&r| roles.iter().any(|&role| numbers(ctx.text(role, r)).any(|n| n == number)))
                .collect();
            rows.sort_unstable();
            let keys: Vec<&str> = holders.iter().map(|&i| households[i].key).collect();
            let listed = match keys.len() {
                n if n > 5 => format!("{} 等", keys[..5].join("、")),
                _ => keys.join("、"),
            };
            out.rows(&rows, None, number.to_owned(), &[("count", &keys.len().to_string()), ("households", &listed)]);
        }
    }
}

/// The hash numbers are grouped by.
fn hash(number: &str) -> u64 {
    let mut h = Fx::default();
    h.write(number.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_phone_of_two_households() {
        let f = run(
            &PhoneSharedAcrossHouseholds,
            &[
                &["户编号", "联系电话"],
                &["1", "13912345678"],
                &["1", "13912345678"],
                &["2", "13912345678.0"],
                &["3", "13812345678"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3, 4]]);
        assert!(f[0].message_zh.contains("2 个户中：1、2"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_phones_within_one_household_and_invalid_ones() {
        let f = run(
            &PhoneSharedAcrossHouseholds,
            &[
                &["户编号", "联系电话", "家庭成员联系电话"],
                &["1", "13912345678", "13912345678"],
                &["2", "无", "15012345678"],
                &["3", "无", ""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
