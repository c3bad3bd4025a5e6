//! `household-size-mismatch`: declared 人数 differs from the number of member rows.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdSizeMismatch;

static META: Meta = Meta {
    key: "household-size-mismatch",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::HouseholdSize],
    title_zh: "家庭人口数与成员行数不符",
    title_en: "Household size disagrees with member rows",
    message_zh: "户 {household} 填报人数为 {value}，但表中有 {count} 名成员",
    message_en: "Household {household} declares {value} members but the sheet lists {count}",
    doc: "**What:** the declared household size (人数 / 家庭人口数, repeated on every member \
row) differs from the number of rows with that 户编号. The value most members carry is \
compared.\n\n\
**Why:** a wrong size distorts per-capita income and the household counts reported upward; \
often a member was added or removed without updating 人数, or a row was pasted twice.\n\n\
**Example:** 人数 = 4 on each of three member rows → error.",
    doc_zh: "**查什么：**填报的家庭人口数（人数、家庭人口数，每个成员行都重复）与这个户编号下实际的行数不同。比较的是多数成员行填的那个数。\n\n\
**为什么要紧：**人数错了，人均纯收入和上报的户数、人数都会失真；常见原因是增减成员后没改人数，或某一行粘贴了两次。\n\n\
**怎么改：**核实实际成员：改正人数，或补上、删掉多出来的成员行。\n\n\
**例子：**三个成员行都写人数 4 → 错误。",
};

impl Rule for HouseholdSizeMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let Some(declared) = most_common(h.rows.iter().filter_map(|&r| declared(ctx.text(Role::HouseholdSize, r))))
            else {
                continue;
            };
            if declared != h.rows.len() as u64 {
                let count = h.rows.len().to_string();
                out.rows(
                    &h.rows,
                    Some(Role::HouseholdSize),
                    declared.to_string(),
                    &[("count", &count), ("household", h.key)],
                );
            }
        }
    }
}

/// A declared size: a whole number, also when written `4.0`.
fn declared(text: &str) -> Option<u64> {
    let v: f64 = text.parse().ok()?;
    (v >= 0.0 && v.fract() == 0.0 && v < 1e6).then_some(v as u64)
}

/// The most frequent value, the first seen on a tie.
fn most_common(values: impl Iterator<Item = u64>) -> Option<u64> {
    let mut counts: Vec<(u64, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.iter().rev().max_by_key(|(_, n)| *n).map(|(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_size_mismatch() {
        let f = run(&HouseholdSizeMismatch, &[&["户编号", "人数"], &["1", "3"], &["1", "3"], &["2", "1"]]);
        assert_eq!(rows(&f), [[2, 3]]);
        assert_eq!(f[0].value, "3");
        assert!(f[0].message_zh.contains("有 2 名成员"));
    }

    #[test]
    fn passes_matching_sizes_also_as_floats() {
        assert!(run(&HouseholdSizeMismatch, &[&["户编号", "家庭人口数"], &["1", "2.0"], &["1", "2"], &["2", ""]])
            .is_empty());
    }

    #[test]
    fn most_common_prefers_first_on_tie() {
        assert_eq!(most_common([3, 2, 2, 3].into_iter()), Some(3));
        assert_eq!(most_common([3, 2, 2].into_iter()), Some(2));
    }
}
