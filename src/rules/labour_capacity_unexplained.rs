//! `labour-capacity-unexplained`: a healthy adult of working age without labour ability.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes::{self, WORKING_AGE};

pub struct LabourCapacityUnexplained;

static META: Meta = Meta {
    key: "labour-capacity-unexplained",
    severity: Severity::Info,
    scope: Scope::Row,
    needs: &[Role::Labour, Role::Health],
    title_zh: "健康的劳动年龄人口无劳动能力",
    title_en: "Healthy working-age person without labour ability",
    message_zh: "{age} 岁、健康、不在校，劳动技能却为“{value}”；请核实原因（如照料家人），或改为普通劳动力",
    message_en: "Aged {age}, healthy and not in school, yet labour ability is \"{value}\"; check why, or correct it",
    doc: "**What:** someone aged 16–59 at the reference date, with 健康状况 健康 and not in school, \
has 劳动技能 无劳动力, 丧失劳动力 or 弱劳动力或半劳动力 (Gzuwkj 2_01_010-16, 5_12_008; data.md \
§2.1).\n\n\
**Why:** lost labour ability normally has a cause in 健康状况 (illness, disability); without \
one, the record is either wrong or hides a reason the file should state. Only information: \
carers of the sick or disabled are real cases.\n\n\
**Example:** 35 years old, 健康, 非在校生, 无劳动力 → info.",
    doc_zh: "**查什么：**按基准日 16 到 59 岁、健康状况“健康”、不在校的人，劳动技能却是无劳动力、丧失劳动力或弱劳动力（半劳动力）。\n\n\
**为什么要紧：**没有劳动能力通常有原因写在健康状况里（患病、残疾）；没有原因，要么记录错了，要么有该写明的原因。只作提示：照料病人、残疾人的情况确实存在。\n\n\
**怎么改：**核实原因：是照料家人等情况的，加入豁免清单并写明原因；否则改为普通劳动力，或补填健康状况。\n\n\
**例子：**35 岁、健康、非在校生、无劳动力 → 提示。",
};

impl Rule for LabourCapacityUnexplained {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(labour) = ctx.label(Role::Labour, row) else { continue };
            if !codes::no_labour(labour) && labour != "弱劳动力或半劳动力" {
                continue;
            }
            if ctx.label(Role::Health, row) != Some("健康")
                || ctx.label(Role::Schooling, row).is_some_and(codes::in_school)
            {
                continue;
            }
            if let Some(age) = ctx.age(row).filter(|a| WORKING_AGE.contains(a)) {
                out.cell(row, Role::Labour, &[("age", &age.to_string())]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_healthy_adult_without_labour() {
        let f = run(
            &LabourCapacityUnexplained,
            &[
                &["劳动技能", "健康状况", "出生日期", "在校生状况"],
                &["无劳动力", "健康", "1985-01-01", "非在校生"],
                &["弱劳动力", "健康", "1970-01-01", ""],
            ],
        );
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.starts_with("35 岁"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_the_ill_the_old_students_and_workers() {
        let f = run(
            &LabourCapacityUnexplained,
            &[
                &["劳动技能", "健康状况", "出生日期", "在校生状况"],
                &["无劳动力", "残疾", "1985-01-01", "非在校生"],
                &["无劳动力", "健康", "1950-01-01", "非在校生"],
                &["无劳动力", "健康", "2000-01-01", "本科二年级"],
                &["普通劳动力", "健康", "1985-01-01", "非在校生"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
