//! `required-field-missing`: a column the profile marks required is empty.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct RequiredFieldMissing;

static META: Meta = Meta {
    key: "required-field-missing",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[],
    title_zh: "必填项为空",
    title_en: "Required field empty",
    message_zh: "“{column}”为空，此项必须填写",
    message_en: "\"{column}\" is empty; it must be filled in",
    doc: "**What:** an empty cell in a column the profile lists as required (`required`: by \
default 姓名 and 与户主关系; a province may add 民族, 健康状况, 劳动技能 …, the blank checks of \
Gzuwkj 2_01_001–2_01_003, data.md §2.1). 姓名, 证件号码 and 户编号 are left to their own rules \
(`name-missing`, `person-id-missing`, `household-id-missing`), so an empty one is said once.\n\n\
**Why:** the national system refuses records with a required field blank, and the rules that \
read the column cannot judge the person.\n\n\
**Example:** 与户主关系 blank → error.",
    doc_zh: "**查什么：**检查方案列为必填的列里有空格子（默认必填姓名和与户主关系；省里可以加上民族、健康状况、劳动技能等）。姓名、证件号码、户编号空着的，由各自的规则报告，只说一次。\n\n\
**为什么要紧：**国家系统不接收必填项为空的记录，读这一列的检查也没法判断这个人。\n\n\
**怎么改：**对照档案补填这一项。\n\n\
**例子：**与户主关系空着 → 错误。",
};

/// Roles whose blanks another rule already reports.
const OWN_RULE: [Role; 3] = [Role::Name, Role::PersonId, Role::HouseholdId];

impl Rule for RequiredFieldMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for key in &ctx.profile.required {
            let Some(role) = Role::from_key(key).filter(|r| !OWN_RULE.contains(r)) else { continue };
            let Some(col) = ctx.col(role) else { continue };
            let column = ctx.table.header(col);
            for row in 0..ctx.rows() {
                out.tick(row, ctx.rows());
                if ctx.text(role, row).is_empty() {
                    out.cell(row, role, &[("column", column)]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run, run_with};
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn finds_blank_relation_and_profile_required_columns() {
        let mut p = Profile::default();
        p.required.push("ethnicity".into());
        let f = run_with(
            &RequiredFieldMissing,
            &[&["姓名", "与户主关系", "民族"], &["张三", "", "汉族"], &["李四", "配偶", " "]],
            &p,
        );
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.contains("“与户主关系”为空"));
    }

    #[test]
    fn passes_filled_cells_and_leaves_names_to_name_missing() {
        let f = run(&RequiredFieldMissing, &[&["姓名", "与户主关系", "民族"], &["", "户主", ""]]);
        assert!(f.is_empty());
    }
}
