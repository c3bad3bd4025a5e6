//! `household-list-size-mismatch`: household list size disagrees with the members (a household list checked beside the person list).

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdListSizeMismatch;

static META: Meta = Meta {
    key: "household-list-size-mismatch",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "户信息表人口数与成员不符",
    title_en: "Household list size disagrees with the members",
    message_zh: "户 {household} 在{list}第 {row} 行填报人口数 {value}，但人员表列出 {other} 名成员",
    message_en: "Household {household} declares {value} members in {list} (row {row}), but the person list has {other}",
    doc: "**What:** a household list (one row per 户编号, with 人口数) and a person list are checked \
 together — two sheets of one workbook — and the 人口数 a household declares in the list differs \
from its member rows in the person list (of its latest 年度, in a merged export). Two files \
checked together are joined the same way (the finding is then one across files).\n\n\
**Why:** the two lists are exported from one system; a size that disagrees means a member was \
added or removed in one only, and per-capita figures are wrong.\n\n\
**Example:** 人口数 4 in the list, three member rows → error on the members' rows.",
    doc_zh: "**查什么：**户信息表（每户一行，有人口数）和人员表一起检查时（同一个工作簿的两张表，或一起检查的两个文件），户信息表填的人口数与人员表里这一户的成员行数不同（多个年度合在一起导出的，看最新年度）。\n\n\
**为什么要紧：**两张表出自同一个系统；人数对不上，说明只在一张表里增减了成员，人均数也会算错。\n\n\
**怎么改：**核实这一户实际的人口，把户信息表的人口数和人员表的成员改成一致。\n\n\
**例子：**户信息表人口数 4，人员表只有 3 个成员 → 在成员行上报错误。",
};

impl Rule for HouseholdListSizeMismatch {
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
    fn finds_a_declared_size_other_than_the_members() {
        let f = run_beside(
            &HouseholdListSizeMismatch,
            PERSONS,
            &[&["户编号", "户主姓名", "人口数"], &["1", "张三", "3"], &["2", "王五", "1"]],
        );
        assert_eq!(rows(&f), [[2, 3]]);
        assert_eq!(f[0].value, "3");
        assert!(f[0].message_zh.contains("列出 2 名成员"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_lists_that_agree() {
        assert!(run_beside(
            &HouseholdListSizeMismatch,
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
