//! `work-stopped-without-end`: a spell of work marked as no longer worked, without its end.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkStoppedWithoutEnd;

static META: Meta = Meta {
    key: "work-stopped-without-end",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "务工已停止但未填结束时间",
    title_en: "Work stopped without its end date",
    message_zh: "务工监测表（{sheet}）第 {rows} 行是否已务工为“否”、有开始时间，但结束时间为空",
    message_en: "Rows {rows} of the work table ({sheet}) have 是否已务工 否 and a start, but 结束时间 is blank",
    doc: "**What:** only when a 务工监测 table is checked beside the person list: a row with \
是否已务工 否 and a 开始时间 (a spell that happened and is over) whose 结束时间 is blank, when the \
table uses a 结束时间 column. A row of 否 without a start (never worked) is not asked for an end. \
The finding is on the person's row and names the work table's rows (Gzuwkj 1111_16, 1111_17).\n\n\
**Why:** a spell that is over counts as work for its months only; without the end it reads as \
still running and the person is counted as employed.\n\n\
**Example:** 是否已务工 否, 开始时间 2023年03月, 结束时间 blank → warning.",
    doc_zh: "**查什么：**只在另有务工监测表、且表里用了“结束时间”一栏时检查：是否已务工为“否”、填了开始时间（出去务工过、现已不在务工）的记录，结束时间为空。没有开始时间的“否”（从未务工）不要求结束时间。\n\n**为什么要紧：**已结束的务工只按实际月份计算，缺了结束时间就会被当成仍在务工，把人算作稳定就业。\n\n**怎么改：**补填返乡或停止务工的年月；如仍在务工，把是否已务工改为“是”。\n\n**例子：**是否已务工为“否”，开始时间 2023年03月，结束时间为空 → 警告。",
};

impl Rule for WorkStoppedWithoutEnd {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        if !work.uses(Role::WorkEnd) || !work.uses(Role::WorkDone) {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let open: Vec<usize> = ctx
                .spells(work, row)
                .iter()
                .copied()
                .filter(|&r| {
                    !work.worked(r)
                        && !work.text(Role::WorkStart, r).is_empty()
                        && work.text(Role::WorkEnd, r).is_empty()
                })
                .collect();
            if !open.is_empty() {
                let rows = work.excel_rows(&open);
                out.rows(&[row], Some(Role::PersonId), String::new(), &[("sheet", &work.source), ("rows", &rows)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work, PERSONS};
    use super::*;

    const WORK: &[&str] = &["证件号码", "是否已务工", "开始时间", "结束时间"];

    #[test]
    fn finds_stopped_work_without_end() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "否", "2023年03月", ""],
            &["360426199101010071", "否", "2022年01月", "2022年12月"],
        ];
        let f = run_with_work(&WorkStoppedWithoutEnd, PERSONS, work);
        assert_eq!(rows(&f), [[3]]);
        assert!(f[0].message_zh.contains("第 2 行"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_running_work_and_never_worked() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "是", "2023年03月", ""],
            &["360426199101010071", "否", "", ""],
            &["360426199303030013", "否", "2022年01月", "2022年12月"],
        ];
        assert!(run_with_work(&WorkStoppedWithoutEnd, PERSONS, work).is_empty());
    }
}
