//! `household-list-head-mismatch`: household list names another head (a household list checked beside the person list).

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdListHeadMismatch;

static META: Meta = Meta {
    key: "household-list-head-mismatch",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "户信息表户主与人员表不符",
    title_en: "Household list names another head",
    message_zh: "户 {household} 在{list}第 {row} 行的户主为“{value}”，人员表中为“{other}”",
    message_en: "Household {household} has head \"{value}\" in {list} (row {row}), but \"{other}\" in the person list",
    doc: "**What:** a household list and a person list checked together name different heads for one \
户编号: the list's 户主证件号码 (or, without IDs on both sides, 户主姓名) against the ID (name) of \
the person list's 户主 row. IDs are compared normalised, names as duplicate detection compares \
them.\n\n\
**Why:** the head changed in one list only (a death, a split household), or a 户编号 was \
typed into the wrong household.\n\n\
**Example:** list 户主 `360426199101010071`, person list 户主 `360426199303030013` → error.",
    doc_zh: "**查什么：**户信息表和人员表一起检查时，同一个户编号的户主不一样：户信息表的户主证件号码（两边都没有号码时比较户主姓名）与人员表里“户主”那一行的号码（姓名）不同。\n\n\
**为什么要紧：**户主只在一张表里变了（去世、分户），或者户编号填进了别的户。\n\n\
**怎么改：**确认现在的户主，把两张表改成一致。\n\n\
**例子：**户信息表户主 360426199101010071，人员表户主 360426199303030013 → 错误。",
};

impl Rule for HouseholdListHeadMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        super::household_list::report(ctx, out, META.key);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_beside, PERSONS};
    use super::*;

    #[test]
    fn finds_another_head_by_id_then_by_name() {
        let f = run_beside(
            &HouseholdListHeadMismatch,
            PERSONS,
            &[&["户编号", "户主姓名", "户主证件号码"], &["1", "张三", "360426199202020029"], &["2", "王六", ""]],
        );
        assert_eq!(rows(&f), [[2], [4]]);
        assert_eq!(f[0].value, "360426199202020029");
        assert_eq!(f[1].value, "王六");
    }

    #[test]
    fn passes_lists_that_agree() {
        assert!(run_beside(
            &HouseholdListHeadMismatch,
            PERSONS,
            &[
                &["户编号", "户主姓名", "户主证件号码", "人口数"],
                &["1", "张三", "360426199101010071", "2"],
                &["2", "王五", "360426199303030013", "1"],
            ]
        )
        .is_empty());
    }
}
