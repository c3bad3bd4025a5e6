//! `household-list-missing`: household missing from the household list (a household list checked beside the person list).

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdListMissing;

static META: Meta = Meta {
    key: "household-list-missing",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "户不在户信息表中",
    title_en: "Household missing from the household list",
    message_zh: "户 {household} 有成员行，但不在{list}中",
    message_en: "Household {household} has member rows but is not in {list}",
    doc: "**What:** a household of the person list (of its latest 年度, in a merged export) has no row \
in the household list checked beside it. 户编号 are compared without the exporting system's \
text markers (`#3125752184` is `3125752184`).\n\n\
**Why:** the two lists should describe the same households; one missing from the list was \
added in the person list only, or deleted from the list by mistake.\n\n\
**Example:** household 1007 with three member rows, no 1007 in the list → error.",
    doc_zh: "**查什么：**人员表里有成员的某一户（多个年度合在一起导出的，看最新年度），在一起检查的户信息表里没有。户编号前面导出时加的“#”不影响比较。\n\n\
**为什么要紧：**两张表应当是同一批户；户信息表里少了的，是只在人员表里新增了，或在户信息表里误删了。\n\n\
**怎么改：**在户信息表里补上这一户；这一户本不该有的，删掉人员表里的这些行。\n\n\
**例子：**户 1007 有三个成员，户信息表里没有 1007 → 错误。",
};

impl Rule for HouseholdListMissing {
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
    fn finds_a_household_the_list_lacks() {
        let f = run_beside(&HouseholdListMissing, PERSONS, &[&["户编号", "户主姓名", "人口数"], &["#1", "张三", "2"]]);
        assert_eq!(rows(&f), [[4]]);
        assert_eq!(f[0].value, "2");
    }

    #[test]
    fn passes_lists_that_agree() {
        assert!(run_beside(
            &HouseholdListMissing,
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
