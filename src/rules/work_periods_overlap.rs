//! `work-periods-overlap`: two spells of one person in the 务工监测 table that overlap.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkPeriodsOverlap;

static META: Meta = Meta {
    key: "work-periods-overlap",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "务工时间段重叠",
    title_en: "Overlapping spells of work",
    message_zh: "务工监测表（{sheet}）第 {rows} 行是此人的务工记录，时间段重叠：{value}",
    message_en: "Rows {rows} of the work table ({sheet}) are this person's spells of work, and they overlap: {value}",
    doc: "**What:** only when a 务工监测 sheet (one row per spell of work: 人编号 or 证件号码, \
开始时间, 结束时间 …) is checked beside the person list: a person with a spell that starts before \
an earlier spell ends (a spell without 结束时间 is still going on). Months are compared; a spell \
that starts in the month the other ends is not an overlap. The finding is on the person's row \
and names the work table's rows (Gzuwkj 5_12_001).\n\n\
**Why:** one person works one job at a time in this table; overlapping spells double the months \
and income of work, usually because an ended spell was not closed.\n\n\
**Example:** 2023年01月–2023年08月 and 2023年05月– → warning.",
    doc_zh: "**查什么：**只在同一工作簿里另有一张务工监测表（每行一段务工：人编号或证件号码、开始时间、结束时间等）时检查：同一个人的一段务工在前一段结束之前就开始了（没有结束时间的一段算仍在务工）。按月比较，一段在另一段结束的当月开始不算重叠。问题标在人员表此人的行上，并写明务工监测表的行号。\n\n**为什么要紧：**一个人同一时间只记一份工，重叠会把务工月数和收入算重，多半是前一段结束后没有填结束时间。\n\n**怎么改：**给已经结束的那段补上结束时间，或删去重复的记录。\n\n**例子：**2023年01月到2023年08月，另一段 2023年05月开始 → 警告。",
};

impl Rule for WorkPeriodsOverlap {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let spells = ctx.spells(work, row);
            if spells.len() < 2 {
                continue;
            }
            let mut dated: Vec<(i32, Option<i32>, usize)> = spells
                .iter()
                .filter_map(|&r| Some((work.month(Role::WorkStart, r)?, work.month(Role::WorkEnd, r), r)))
                .collect();
            dated.sort_unstable();
            let Some(pair) = dated.windows(2).find(|w| w[1].0 < w[0].1.unwrap_or(i32::MAX)) else { continue };
            let shown = |&(_, _, r): &(i32, Option<i32>, usize)| {
                format!("{}–{}", work.text(Role::WorkStart, r), work.text(Role::WorkEnd, r))
            };
            let value = format!("{} / {}", shown(&pair[0]), shown(&pair[1]));
            let rows = work.excel_rows(&[pair[0].2, pair[1].2]);
            out.rows(&[row], Some(Role::PersonId), value, &[("sheet", &work.source), ("rows", &rows)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work, PERSONS};
    use super::*;

    const WORK: &[&str] = &["证件号码", "是否已务工", "开始时间", "结束时间", "务工所在县"];

    #[test]
    fn finds_spells_that_overlap() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199101010071", "是", "2023年01月", "2023年08月", "长顺县"],
            &["360426199101010071", "是", "2023年05月", "", "花溪区"],
        ];
        let f = run_with_work(&WorkPeriodsOverlap, PERSONS, work);
        assert_eq!(rows(&f), [[2]]);
        assert!(f[0].message_zh.contains("第 2、3 行"), "{}", f[0].message_zh);
        assert_eq!(f[0].value, "2023年01月–2023年08月 / 2023年05月–");
    }

    #[test]
    fn passes_spells_one_after_another() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199101010071", "是", "2023年01月", "2023年05月", "长顺县"],
            &["360426199101010071", "是", "2023年05月", "", "花溪区"],
            &["360426199202020029", "是", "2022年03月", "", "长顺县"],
        ];
        assert!(run_with_work(&WorkPeriodsOverlap, PERSONS, work).is_empty());
    }
}
