//! `household-split-rows`: the rows of one household are not contiguous.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdSplitRows;

static META: Meta = Meta {
    key: "household-split-rows",
    severity: Severity::Warning,
    scope: Scope::Table,
    needs: &[Role::HouseholdId],
    title_zh: "同一户的成员行不相连",
    title_en: "Household rows not contiguous",
    message_zh: "户 {value} 的成员分在 {parts} 处（第 {ranges} 行），中间夹有其他户；请核对是否两户用了同一个户编号",
    message_en: "The members of household {value} sit in {parts} separate blocks (rows {ranges}) with other households between; check whether two households share one ID",
    doc: "**What:** the rows with one 户编号 are not next to each other: rows of another \
household lie between them. Rows without a 户编号 (blank rows, a member whose 户编号 is missing) \
do not split a household.\n\n\
**Why:** exports list a household's members together. Members far apart usually mean two \
different households were given the same 户编号, or a member was added at the end of the sheet \
under the wrong number.\n\n\
**Example:** household 1001 at rows 2–4 and again at row 90 → warning.",
    doc_zh: "**查什么：**同一个户编号的行没有挨在一起，中间夹着别的户。没有户编号的行（空行、缺户编号的成员）不算隔开。\n\n\
**为什么要紧：**导出表总把一户的成员排在一起；隔得很远，通常是两个不同的户用了同一个户编号，或在表尾补录成员时填错了户编号。\n\n\
**怎么改：**核对隔开的那几行是不是这一户的人：不是的，改成它自己的户编号；是的，可以把它们排到一起。\n\n\
**例子：**户 1001 在第 2 到 4 行，第 90 行又出现 → 警告。",
};

impl Rule for HouseholdSplitRows {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        // keyed[r] = rows before r that carry a 户编号: two rows of a household are adjacent
        // when no keyed row lies between them.
        let mut keyed = Vec::with_capacity(ctx.rows());
        let mut n = 0u32;
        for row in 0..ctx.rows() {
            keyed.push(n);
            n += u32::from(!ctx.text(Role::HouseholdId, row).is_empty());
        }
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let breaks = h.rows.windows(2).filter(|w| keyed[w[1]] - keyed[w[0]] > 1).count();
            if breaks == 0 {
                continue;
            }
            let mut ranges: Vec<String> = Vec::new();
            let mut start = h.rows[0];
            for (i, w) in h.rows.windows(2).enumerate() {
                if keyed[w[1]] - keyed[w[0]] > 1 {
                    ranges.push(range(ctx, start, w[0]));
                    start = h.rows[i + 1];
                }
            }
            ranges.push(range(ctx, start, *h.rows.last().expect("a household has rows")));
            out.rows(
                &h.rows,
                Some(Role::HouseholdId),
                h.key.to_owned(),
                &[("parts", &(breaks + 1).to_string()), ("ranges", &ranges.join("、"))],
            );
        }
    }
}

/// Excel rows `a`–`b` as text.
fn range(ctx: &Context<'_>, a: usize, b: usize) -> String {
    let (a, b) = (ctx.table.excel_row(a), ctx.table.excel_row(b));
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_household_in_two_blocks() {
        let f = run(&HouseholdSplitRows, &[&["户编号"], &["1"], &["1"], &["2"], &["1"], &["3"]]);
        assert_eq!(rows(&f), [[2, 3, 5]]);
        assert!(f[0].message_zh.contains("第 2–3、5 行"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_contiguous_households_and_blank_ids_between() {
        let f = run(&HouseholdSplitRows, &[&["户编号"], &["1"], &[""], &["1"], &["2"], &["2"]]);
        assert!(f.is_empty());
    }
}
