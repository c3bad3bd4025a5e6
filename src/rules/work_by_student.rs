//! `work-by-student`: a pupil or student recorded as working away now or planning to.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;
use crate::facts::work::WorkRecords;

pub struct WorkByStudent;

static META: Meta = Meta {
    key: "work-by-student",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Schooling],
    title_zh: "在校生有务工记录",
    title_en: "Pupil or student recorded as working",
    message_zh: "此人在校生状况为 {value}，但{table}（{sheet}）第 {rows} 行记着{what}",
    message_en: "This person's 在校生状况 is {value}, but rows {rows} of the {table_en} ({sheet}) record {what_en}",
    doc: "**What:** only when a 务工监测 or 计划外出务工 table is checked beside the person list: a \
person whose 在校生状况 says in school (小学 to 本科, 学前教育; not 非在校生 or 学龄前儿童) with a \
spell of work done that has not ended (是否已务工 not 否, 结束时间 blank), or a plan to work \
away (是否计划务工 是). An ended spell (a holiday job) is not questioned. The finding is on the \
person's row, naming the table's rows (Gzuwkj 4_01_006).\n\n\
**Why:** a pupil or student cannot be in school and working away at once; one of the two \
records is stale, and the work subsidy or the education aid is paid on a wrong fact.\n\n\
**Example:** 在校生状况 高中二年级, a 务工监测 row 是否已务工 是 without 结束时间 → warning.",
    doc_zh: "**查什么：**只在另有务工监测表或计划外出务工表时检查：在校生状况写着在读（小学到本科、学前教育，不含非在校生、学龄前儿童）的人，务工监测表里有仍在务工的记录（是否已务工不是“否”、没有结束时间），或计划外出务工表里是否计划务工为“是”。已结束的务工（如假期打工）不查。\n\n**为什么要紧：**不能同时在校读书又外出务工，两条记录必有一条过时，务工补贴或教育资助就会按错的情况发放。\n\n**怎么改：**已辍学或毕业的，改在校生状况；仍在读的，补填务工结束时间或改正务工计划。\n\n**例子：**在校生状况为“高中二年级”，务工监测表有一条是否已务工为“是”、没有结束时间的记录 → 警告。",
};

impl Rule for WorkByStudent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.work.is_none() && ctx.plan.is_none() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !ctx.label(Role::Schooling, row).is_some_and(codes::in_school) {
                continue;
            }
            let running = |work: &WorkRecords, r| work.worked(r) && work.text(Role::WorkEnd, r).is_empty();
            if let Some(e) = ctx.work_evidence(row, running) {
                let value = ctx.text(Role::Schooling, row).to_owned();
                let args = e.args(["仍在务工", "work still running"], ["计划外出务工", "a plan to work away"]);
                out.rows(&[row], Some(Role::Schooling), value, &args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_plan, run_with_work};
    use super::*;

    const PERSONS: &[&[&str]] = &[
        &["户编号", "证件号码", "与户主关系", "在校生状况"],
        &["1", "360426199101010071", "户主", "非在校生"],
        &["1", "360426200802020012", "之子", "高中二年级"],
    ];

    #[test]
    fn finds_a_student_working_or_planning_to() {
        let work: &[&[&str]] = &[
            &["证件号码", "是否已务工", "开始时间", "结束时间"],
            &["360426200802020012", "是", "2024年03月", ""],
            &["360426199101010071", "是", "2024年03月", ""],
        ];
        let f = run_with_work(&WorkByStudent, PERSONS, work);
        assert_eq!(rows(&f), [[3]]);
        assert_eq!(f[0].value, "高中二年级");
        let plan: &[&[&str]] = &[&["证件号码", "是否计划务工"], &["360426200802020012", "是"]];
        let f = run_with_plan(&WorkByStudent, PERSONS, plan);
        assert_eq!(rows(&f), [[3]]);
        assert!(f[0].message_zh.contains("计划外出务工表"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_a_holiday_job_and_no_plan() {
        let work: &[&[&str]] = &[
            &["证件号码", "是否已务工", "开始时间", "结束时间"],
            &["360426200802020012", "是", "2024年07月", "2024年08月"],
        ];
        assert!(run_with_work(&WorkByStudent, PERSONS, work).is_empty());
        let plan: &[&[&str]] = &[&["证件号码", "是否计划务工"], &["360426200802020012", "否"]];
        assert!(run_with_plan(&WorkByStudent, PERSONS, plan).is_empty());
    }
}
