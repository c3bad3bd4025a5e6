//! `work-without-labour`: a spell of work in the 务工监测 table, or a plan to work away in the
//! 计划外出务工 table, for a person recorded without labour ability.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;

pub struct WorkWithoutLabour;

static META: Meta = Meta {
    key: "work-without-labour",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Labour],
    title_zh: "无劳动力者有务工记录",
    title_en: "Work recorded for someone without labour",
    message_zh: "劳动技能为“{value}”，但{table}（{sheet}）第 {rows} 行记着{what}",
    message_en: "Labour ability is \"{value}\", but rows {rows} of the {table_en} ({sheet}) record {what_en}",
    doc: "**What:** only when a 务工监测 or 计划外出务工 table is checked beside the person list: a \
person whose 劳动技能 is 无劳动力 or 丧失劳动力 with a spell whose 是否已务工 is not 否, or with a \
plan row whose 是否计划务工 is 是 (Gzuwkj 2_12_004 reads both tables, 2_01_015). One finding a \
person, naming the spells when there are any, else the plan rows. 弱劳动力或半劳动力 can work and \
is not questioned.\n\n\
**Why:** either the person works or means to and the labour ability is wrong (it drives the \
缺劳动力 risk and the 低保 checks), or the record belongs to someone else.\n\n\
**Example:** 劳动技能 丧失劳动力, a spell 是否已务工 是 → warning; 劳动技能 无劳动力, a plan row \
是否计划务工 是 → warning.",
    doc_zh: "**查什么：**只在另有务工监测表或计划外出务工表时检查：劳动技能为无劳动力或丧失劳动力的人，在务工监测表里有已务工的记录，或在计划外出务工表里是否计划务工为“是”。每人报一次，有务工记录时指出务工记录，否则指出计划务工的行。弱劳动力或半劳动力能干些活，不查。\n\n**为什么要紧：**要么此人在务工或打算外出务工、劳动技能填错了（劳动技能影响缺劳动力、低保等判断），要么这条记录记到了别人名下。\n\n**怎么改：**核实后改正劳动技能，或把务工记录、务工计划改到正确的人名下；确实不能务工的，删去这条计划。\n\n**例子：**劳动技能为丧失劳动力，务工监测表里有一条是否已务工为“是”的记录 → 警告；劳动技能为无劳动力，计划外出务工表里是否计划务工为“是” → 警告。",
};

impl Rule for WorkWithoutLabour {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.work.is_none() && ctx.plan.is_none() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !codes::no_labour(ctx.text(Role::Labour, row)) {
                continue;
            }
            if let Some(e) = ctx.work_evidence(row, |work, r| work.worked(r)) {
                let args = e.args(["此人已务工", "this person working"], ["此人计划外出务工", "a plan to work away"]);
                out.cell(row, Role::Labour, &args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_plan, run_with_work};
    use super::*;

    const PERSONS: &[&[&str]] = &[
        &["户编号", "人编号", "证件号码", "与户主关系", "劳动技能"],
        &["1", "p1", "360426199101010071", "户主", "丧失劳动力"],
        &["1", "p2", "360426199202020029", "配偶", "普通劳动力"],
        &["2", "p3", "360426199303030013", "户主", "无劳动力"],
    ];
    const WORK: &[&str] = &["人编号", "是否已务工", "开始时间"];

    #[test]
    fn finds_work_by_a_person_without_labour_joined_by_person_number() {
        let work: &[&[&str]] = &[WORK, &["#p1", "是", "2023年01月"], &["p2", "是", "2023年01月"]];
        let f = run_with_work(&WorkWithoutLabour, PERSONS, work);
        assert_eq!(rows(&f), [[2]]);
        assert_eq!(f[0].value, "丧失劳动力");
    }

    const PLAN: &[&str] = &["人编号", "是否计划务工", "计划务工所在县"];

    #[test]
    fn finds_a_plan_to_work_away_by_a_person_without_labour() {
        let plan: &[&[&str]] = &[PLAN, &["p3", "是", "花溪区"], &["p2", "是", "花溪区"]];
        let f = run_with_plan(&WorkWithoutLabour, PERSONS, plan);
        assert_eq!(rows(&f), [[4]]);
        assert_eq!(f[0].value, "无劳动力");
        assert!(
            f[0].message_zh.contains("计划外出务工表") && f[0].message_zh.contains("第 2 行"),
            "{}",
            f[0].message_zh
        );
    }

    #[test]
    fn passes_a_plan_row_that_plans_no_work() {
        let plan: &[&[&str]] = &[PLAN, &["p1", "否", ""], &["p3", "", ""]];
        assert!(run_with_plan(&WorkWithoutLabour, PERSONS, plan).is_empty());
    }

    #[test]
    fn passes_a_spell_not_worked() {
        let work: &[&[&str]] = &[WORK, &["p3", "否", ""], &["p2", "是", "2023年01月"]];
        assert!(run_with_work(&WorkWithoutLabour, PERSONS, work).is_empty());
    }
}
