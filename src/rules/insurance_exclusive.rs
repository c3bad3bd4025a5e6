//! `insurance-exclusive`: residents' and employees' insurance both 是, or neither.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes::{self, WORKING_AGE};

pub struct InsuranceExclusive;

static META: Meta = Meta {
    key: "insurance-exclusive",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "城乡居民与城镇职工保险应参加且只参加一项",
    title_en: "Exactly one of residents' and employees' insurance",
    message_zh: "{scheme}：城乡居民“{value}”、城镇职工“{other}”，{problem}",
    message_en: "{scheme_en}: residents' \"{value}\", employees' \"{other}\"; {problem_en}",
    doc: "**What:** the residents' (城乡居民, formerly 新农合 / 新型养老保险) and the employees' \
(城镇职工) scheme of one insurance are both 是, or both 否/blank. Checked for basic medical \
insurance and for the basic pension, each where both columns exist. Pension \"neither\" is only \
reported from 16 on and out of school, the ages the residents' pension takes people (Gzuwkj \
2_01_008, 2_01_009; county checker rule 17; data.md §2).\n\n\
**Why:** the two schemes are mutually exclusive; both means a double enrolment to cancel, \
neither means a person without cover whom 综合保障 must reach.\n\n\
**Example:** 城乡居民基本医疗保险 是 and 城镇职工基本医疗保险 是 → warning.",
    doc_zh: "**查什么：**同一种保险的城乡居民（原来的新农合、新农保）和城镇职工两项都填了“是”，或者都是“否”或空着。基本医疗保险和基本养老保险各查一次，两列都有时才查。养老保险两项都没参加的，只对 16 岁以上、不在校的人报告。\n\n\
**为什么要紧：**两种保险只能参加一种：都参加是重复参保，要退掉一个；都没参加就是没有保障，综合保障要兜住。\n\n\
**怎么改：**按实际参保情况改正；重复参保的办理退保，没参保的动员参保。\n\n\
**例子：**城乡居民基本医疗保险“是”，城镇职工基本医疗保险也是“是” → 警告。",
};

/// The two schemes of one insurance: (residents', employees', name, English name).
const PAIRS: [(Role, Role, &str, &str); 2] = [
    (Role::MedicalResident, Role::MedicalEmployee, "基本医疗保险", "basic medical insurance"),
    (Role::PensionResident, Role::PensionEmployee, "基本养老保险", "basic pension"),
];

impl Rule for InsuranceExclusive {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (resident, employee, scheme, scheme_en) in PAIRS {
            if ctx.col(resident).is_none() || ctx.col(employee).is_none() {
                continue;
            }
            for row in 0..ctx.rows() {
                out.tick(row, ctx.rows());
                let yes = |role| ctx.label(role, row) == Some("是");
                let no = |role| ctx.text(role, row).is_empty() || ctx.label(role, row) == Some("否");
                let (problem, problem_en) = if yes(resident) && yes(employee) {
                    ("两项不能同时参加，请核实并注销其一", "the schemes exclude each other; cancel one")
                } else if no(resident)
                    && no(employee)
                    && (resident == Role::MedicalResident || eligible_for_pension(ctx, row))
                {
                    ("两项都未参加，请核实是否未参保", "neither is marked; check whether the person is uninsured")
                } else {
                    continue;
                };
                let other = ctx.text(employee, row);
                out.cell(
                    row,
                    resident,
                    &[
                        ("other", other),
                        ("scheme", scheme),
                        ("scheme_en", scheme_en),
                        ("problem", problem),
                        ("problem_en", problem_en),
                    ],
                );
            }
        }
    }
}

/// True when the residents' pension takes the person: 16 or over and not in school.
fn eligible_for_pension(ctx: &Context<'_>, row: usize) -> bool {
    ctx.age(row).is_some_and(|a| a >= *WORKING_AGE.start())
        && !ctx.label(Role::Schooling, row).is_some_and(codes::in_school)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_both_and_neither() {
        let f = run(
            &InsuranceExclusive,
            &[
                &[
                    "是否参加城乡居民基本医疗保险",
                    "是否参加城镇职工基本医疗保险",
                    "是否参加城乡居民基本养老保险",
                    "是否参加城镇职工基本养老保险",
                    "出生日期",
                ],
                &["是", "是", "是", "否", "1980-01-01"],
                &["否", "", "否", "否", "1980-01-01"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [3]]);
        assert!(f[0].message_zh.starts_with("基本医疗保险：城乡居民“是”、城镇职工“是”"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_one_scheme_and_children_without_pension() {
        let f = run(
            &InsuranceExclusive,
            &[
                &["新农合", "城镇职工基本医疗保险", "新型养老保险", "城镇职工基本养老保险", "出生日期"],
                &["是", "否", "是", "否", "1980-01-01"],
                &["否", "是", "否", "是", "1980-01-01"],
                &["是", "否", "否", "否", "2012-01-01"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
