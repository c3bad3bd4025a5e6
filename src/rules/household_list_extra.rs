//! `household-list-extra`: listed household has no members (a household list checked beside the person list).

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdListExtra;

static META: Meta = Meta {
    key: "household-list-extra",
    severity: Severity::Warning,
    scope: Scope::Table,
    needs: &[Role::HouseholdId],
    title_zh: "户信息表中的户没有成员",
    title_en: "Listed household has no members",
    message_zh: "{list}第 {row} 行的户 {value} 在人员表中没有成员",
    message_en: "Household {value} of {list} (row {row}) has no member rows in the person list",
    doc: "**What:** a household of the household list has no member rows in the person list checked \
beside it (of its latest 年度, in a merged export). The finding names the list's row.\n\n\
**Why:** a household whose members were all deleted or moved, or one registered in the list \
only; its people are missing from every person-based check.\n\n\
**Example:** household 1009 in the list, no row with 户编号 1009 → warning.",
    doc_zh: "**查什么：**户信息表里的某一户，在一起检查的人员表里一个成员也没有（多个年度合在一起导出的，看最新年度）。提示写出户信息表里的行号。\n\n\
**为什么要紧：**这一户的成员可能全被删了或迁走了，或者只登记在户信息表里；这些人在所有按人检查的项目里都漏掉了。\n\n\
**怎么改：**补录这一户的成员；这一户已经不存在的，按程序从户信息表里删除。\n\n\
**例子：**户信息表有户 1009，人员表里没有户编号为 1009 的行 → 警告。",
};

impl Rule for HouseholdListExtra {
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
    fn finds_a_listed_household_without_members() {
        let f = run_beside(
            &HouseholdListExtra,
            PERSONS,
            &[&["户编号", "户主姓名", "人口数"], &["1", "张三", "2"], &["2", "王五", "1"], &["9", "钱七", "2"]],
        );
        assert_eq!(rows(&f), [Vec::<u32>::new()]);
        assert_eq!(f[0].value, "9");
        assert!(f[0].message_zh.contains("第 4 行"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_lists_that_agree() {
        assert!(run_beside(
            &HouseholdListExtra,
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
