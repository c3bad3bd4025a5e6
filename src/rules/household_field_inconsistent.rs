//! `household-field-inconsistent`: a household-level column differs between members.

use super::{Context, Household, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::{normalize_header, Role};
use crate::read::table::Coded;

pub struct HouseholdFieldInconsistent;

static META: Meta = Meta {
    key: "household-field-inconsistent",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "同户成员的户信息不一致",
    title_en: "Household field differs between members",
    message_zh: "户 {household} 的“{column}”在成员间不一致：{value}；同一户应填同一个值",
    message_en: "\"{column}\" differs between the members of household {household}: {value}; it must be the same for the whole household",
    doc: "**What:** a column that describes the household, not the person — 人数, 贫困户属性, \
户类型, 监测对象类别, 主要致贫原因, 脱贫属性, 脱贫年度, 人均纯收入, 县/乡镇/行政村, the household \
phone (联系电话 or 户联系电话, not a member's own phone), 开户银行 and 银行卡号 — holds different \
values on the rows of one household. Blank cells are not compared: some exports fill household \
columns on the head's row only.\n\n\
**Why:** these are one value per household repeated on every member row; a difference means a \
row was edited alone or pasted from another household, and sums by household or village \
disagree.\n\n\
**Example:** 人均纯收入 5200 on the head's row and 4800 on the spouse's → error.",
    doc_zh: "**查什么：**描述整户而不是个人的列——人数、贫困户属性、户类型、监测对象类别、主要致贫原因、脱贫属性、脱贫年度、人均纯收入、县、乡镇、行政村、户联系电话、开户银行、银行卡号——在同一户的各行里填得不一样。空着的格子不比较（有些导出表只在户主那一行填户信息）。\n\n\
**为什么要紧：**这些是一户一个值，每个成员行重复一遍；不一样，说明某一行被单独改过，或是从别的户粘过来的，按户、按村汇总的数就对不上。\n\n\
**怎么改：**确认这一户正确的值，把这一户所有行改成同一个值。\n\n\
**例子：**户主那行人均纯收入 5200，配偶那行 4800 → 错误。",
};

impl Rule for HouseholdFieldInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let roles: Vec<Role> = crate::columns::roles::HOUSEHOLD_ROLES
            .iter()
            .copied()
            .filter(|&r| ctx.col(r).is_some_and(|c| r != Role::Phone || household_phone(ctx.table.header(c))))
            .collect();
        // Members of a household mostly agree cell for cell: in a dictionary column, on one code.
        let coded: Vec<Option<Coded<'_>>> =
            roles.iter().map(|&r| ctx.col(r).and_then(|c| ctx.table.coded(c))).collect();
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            for (&role, coded) in roles.iter().zip(&coded) {
                if coded.is_some_and(|c| h.rows.iter().all(|&r| c.code(r) == c.code(h.rows[0]))) {
                    continue;
                }
                if let Some(values) = differing(ctx, h, role) {
                    let column = ctx.col(role).map_or("", |c| ctx.table.header(c));
                    out.rows(&h.rows, Some(role), values.join(" / "), &[("household", h.key), ("column", column)]);
                }
            }
        }
    }
}

/// The distinct filled values of `role` in household `h`, when there are two or more.
fn differing<'t>(ctx: &Context<'t>, h: &Household<'t>, role: Role) -> Option<Vec<&'t str>> {
    let mut filled = h.rows.iter().map(|&r| ctx.text(role, r)).filter(|v| !v.is_empty());
    let first = filled.next()?;
    if filled.all(|v| crate::base::text::same(v, first)) {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    let mut values: Vec<&str> = Vec::new();
    for v in h.rows.iter().map(|&r| ctx.text(role, r)).filter(|v| !v.is_empty()) {
        if seen.insert(v) {
            values.push(v);
        }
    }
    Some(values)
}

/// True when a phone column is the household's: 联系电话 of the national export or a header
/// naming the household (户联系电话), not 手机号码 or a member's phone.
fn household_phone(header: &str) -> bool {
    let h = normalize_header(header);
    h == "联系电话" || h.contains('户')
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_income_and_village_differing_within_a_household() {
        let f = run(
            &HouseholdFieldInconsistent,
            &[
                &["户编号", "行政村", "人均纯收入", "联系电话"],
                &["1", "红星村", "5200", "13912345678"],
                &["1", "红星村", "4800", "13912345678"],
                &["1", "红新村", "5200", "13912345678"],
                &["2", "红星村", "6000", "13912345679"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3, 4], [2, 3, 4]]);
        assert_eq!(f[0].value, "红星村 / 红新村");
        assert!(f[1].message_zh.contains("“人均纯收入”在成员间不一致：5200 / 4800"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_equal_values_blanks_and_member_phones() {
        let f = run(
            &HouseholdFieldInconsistent,
            &[
                &["户编号", "人数", "人均纯收入", "手机号码"],
                &["1", "2", "5200", "13912345678"],
                &["1", "2", "", "13912345679"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
