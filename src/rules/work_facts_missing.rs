//! `work-facts-missing`: a row of the 务工监测 table without the facts the table requires.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkFactsMissing;

static META: Meta = Meta {
    key: "work-facts-missing",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "务工记录缺少必填项",
    title_en: "Spell of work with required facts blank",
    message_zh: "务工监测表（{sheet}）第 {rows} 行未填：{value}",
    message_en: "Rows {rows} of the work table ({sheet}) leave blank: {value}",
    doc: "**What:** only when a 务工监测 table is checked beside the person list (a sheet of the \
workbook or the work file): a row whose 是否已务工 is blank, or a row of work done (是否已务工 \
not 否) whose 开始时间, 务工月收入, 务工企业名称, 所属行业, 就业渠道 or 是否点对点输送 is blank. \
A column the table does not have, or that is blank on every row, is not asked for. The finding is \
on the person's row and names the work table's rows and the blank facts (Gzuwkj 3_01_009, \
3_12_001, 5_12_006, 5_15_008).\n\n\
**Why:** the monthly work monitoring counts stable employment and pays the work subsidies from \
these facts; a spell without its start, employer or income cannot be counted.\n\n\
**Example:** 是否已务工 是, 务工企业名称 and 所属行业 blank → warning naming both.",
    doc_zh: "**查什么：**只在另有务工监测表（同一工作簿的表或单独的务工文件）时检查：是否已务工为空的记录；是否已务工不是“否”的记录中，开始时间、务工月收入、务工企业名称、所属行业、就业渠道、是否点对点输送有空的。表里没有的栏目、整列都没填的栏目不查。\n\n**为什么要紧：**务工月监测按这些信息统计稳定就业、发放务工补贴，缺了开始时间、企业或收入的记录无法统计。\n\n**怎么改：**按务工人员的实际情况补填空着的项目。\n\n**例子：**是否已务工为“是”，务工企业名称和所属行业为空 → 警告，列出这两项。",
};

/// The facts a spell of work done requires (务工所在县 has its own check).
const REQUIRED: &[Role] = &[
    Role::WorkStart,
    Role::WorkMonthlyIncome,
    Role::WorkEmployer,
    Role::WorkIndustry,
    Role::EmploymentChannel,
    Role::WorkPointToPoint,
];

impl Rule for WorkFactsMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        let wanted: Vec<Role> =
            std::iter::once(Role::WorkDone).chain(REQUIRED.iter().copied()).filter(|&r| work.uses(r)).collect();
        if wanted.is_empty() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let (mut rows, mut blank) = (Vec::new(), Vec::<Role>::new());
            for &r in ctx.spells(work, row) {
                let done = work.worked(r);
                let missing = wanted
                    .iter()
                    .copied()
                    .filter(|&role| (role == Role::WorkDone || done) && work.text(role, r).is_empty());
                let mut any = false;
                for role in missing {
                    any = true;
                    if !blank.contains(&role) {
                        blank.push(role);
                    }
                }
                if any {
                    rows.push(r);
                }
            }
            if !rows.is_empty() {
                blank.sort_by_key(|&r| wanted.iter().position(|&w| w == r));
                let value = blank.iter().map(|&r| work.header(r)).collect::<Vec<_>>().join("、");
                let rows = work.excel_rows(&rows);
                out.rows(&[row], Some(Role::PersonId), value, &[("sheet", &work.source), ("rows", &rows)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work, PERSONS};
    use super::*;

    const WORK: &[&str] = &["证件号码", "是否已务工", "开始时间", "务工月收入", "务工企业名称", "所属行业"];

    #[test]
    fn finds_spells_with_blank_facts() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "是", "2023年01月", "3000", "", ""],
            &["360426199202020029", "是", "2023年06月", "3000", "某厂", "制造业"],
            &["360426199101010071", "", "2023年01月", "3000", "某厂", "制造业"],
        ];
        let f = run_with_work(&WorkFactsMissing, PERSONS, work);
        assert_eq!(rows(&f), [[2], [3]]);
        assert_eq!(f[1].value, "务工企业名称、所属行业");
        assert!(f[1].message_zh.contains("第 2 行"), "{}", f[1].message_zh);
        assert_eq!(f[0].value, "是否已务工");
    }

    #[test]
    fn passes_complete_spells_not_worked_rows_and_unused_columns() {
        // 所属行业 is blank on every row: a column the export carries but does not use.
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "是", "2023年01月", "3000", "某厂", ""],
            &["360426199101010071", "否", "", "", "", ""],
        ];
        assert!(run_with_work(&WorkFactsMissing, PERSONS, work).is_empty());
    }
}
