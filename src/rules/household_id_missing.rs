//! `household-id-missing`: a member row without 户编号.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdIdMissing;

static META: Meta = Meta {
    key: "household-id-missing",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::HouseholdId],
    title_zh: "户编号缺失",
    title_en: "Household ID missing",
    message_zh: "户编号为空，此人不属于任何一户，户内检查不包含此行",
    message_en: "Household ID is empty: this person belongs to no household and is left out of household checks",
    doc: "**What:** the 户编号 cell of a member row is empty.\n\n\
**Why:** members are grouped into households by 户编号; a row without one is a member of no \
household (多余人员), so its household's size, head and income checks are all wrong.\n\n\
**Example:** a row for 张三 with 户编号 blank → error.",
    doc_zh: "**查什么：**成员行的户编号是空的。\n\n\
**为什么要紧：**成员按户编号归户；没有户编号的行不属于任何一户，这一户的人数、户主、收入等检查都会出错。\n\n\
**怎么改：**查清这个人属于哪一户，补上户编号。\n\n\
**例子：**张三这一行户编号空着 → 错误。",
};

impl Rule for HouseholdIdMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.text(Role::HouseholdId, row).is_empty() {
                out.cell(row, Role::HouseholdId, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_blank_household_id() {
        let f = run(&HouseholdIdMissing, &[&["户编号", "姓名"], &["1", "张三"], &["", "李四"], &[" ", "王五"]]);
        assert_eq!(rows(&f), [[3], [4]]);
    }

    #[test]
    fn passes_filled_household_id() {
        assert!(run(&HouseholdIdMissing, &[&["户编号", "姓名"], &["1", "张三"], &["#3125752184", "李四"]]).is_empty());
    }
}
