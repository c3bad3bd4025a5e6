//! `work-plan-facts-missing`: a plan to work away without its county or the service needed.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkPlanFactsMissing;

static META: Meta = Meta {
    key: "work-plan-facts-missing",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "计划外出务工缺少必填项",
    title_en: "Plan to work away with required facts blank",
    message_zh: "计划外出务工表（{sheet}）第 {rows} 行是否计划务工为“是”，但未填：{value}",
    message_en: "Rows {rows} of the planned-work table ({sheet}) plan work away but leave blank: {value}",
    doc: "**What:** only when a 计划外出务工 table is checked beside the person list (a sheet of \
the workbook or the work file): a row with 是否计划务工 是 whose 计划务工所在县 or 就业服务需求 is \
blank. A column the table does not have, or that is blank on every row, is not asked for. The \
finding is on the person's row and names the table's rows and the blank facts (Gzuwkj 5_15_009, \
4_12_001).\n\n\
**Why:** the employment office matches jobs and training to the plans by county and by the \
service asked for; a plan without them gets no service.\n\n\
**Example:** 是否计划务工 是, 就业服务需求 blank → warning.",
    doc_zh: "**查什么：**只在另有计划外出务工表（同一工作簿的表或单独的务工文件）时检查：是否计划务工为“是”的记录，计划务工所在县或就业服务需求为空。表里没有的栏目、整列都没填的栏目不查。\n\n**为什么要紧：**人社部门按计划去的县和需要的服务对接岗位、安排培训，缺了就无法提供服务。\n\n**怎么改：**问清计划去哪个县务工、需要什么就业服务（岗位信息、技能培训、劳务输出等），补填。\n\n**例子：**是否计划务工为“是”，就业服务需求为空 → 警告。",
};

impl Rule for WorkPlanFactsMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(plan) = &ctx.plan else { return };
        let wanted: Vec<Role> =
            [Role::WorkPlannedCounty, Role::WorkServiceNeed].into_iter().filter(|&r| plan.uses(r)).collect();
        if wanted.is_empty() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let (mut rows, mut blank) = (Vec::new(), Vec::<Role>::new());
            for &r in ctx.spells(plan, row) {
                if !plan.planned(r) {
                    continue;
                }
                let missing: Vec<Role> = wanted.iter().copied().filter(|&role| plan.text(role, r).is_empty()).collect();
                if !missing.is_empty() {
                    rows.push(r);
                    blank.extend(missing.into_iter().filter(|m| !blank.contains(m)).collect::<Vec<_>>());
                }
            }
            if !rows.is_empty() {
                blank.sort_by_key(|&r| wanted.iter().position(|&w| w == r));
                let value = blank.iter().map(|&r| plan.header(r)).collect::<Vec<_>>().join("、");
                let rows = plan.excel_rows(&rows);
                out.rows(&[row], Some(Role::PersonId), value, &[("sheet", &plan.source), ("rows", &rows)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_plan, PERSONS};
    use super::*;

    const PLAN: &[&str] = &["证件号码", "是否计划务工", "计划务工所在县", "就业服务需求"];

    #[test]
    fn finds_plans_without_county_or_need() {
        let plan: &[&[&str]] = &[
            PLAN,
            &["360426199202020029", "是", "长顺县", ""],
            &["360426199101010071", "是", "", "技能培训"],
            &["360426199303030013", "是", "惠水县", "岗位信息"],
        ];
        let f = run_with_plan(&WorkPlanFactsMissing, PERSONS, plan);
        assert_eq!(rows(&f), [[2], [3]]);
        assert_eq!(f[0].value, "计划务工所在县");
        assert_eq!(f[1].value, "就业服务需求");
    }

    #[test]
    fn passes_complete_plans_and_no_plan() {
        let plan: &[&[&str]] =
            &[PLAN, &["360426199202020029", "是", "长顺县", "岗位信息"], &["360426199101010071", "否", "", ""]];
        assert!(run_with_plan(&WorkPlanFactsMissing, PERSONS, plan).is_empty());
    }
}
