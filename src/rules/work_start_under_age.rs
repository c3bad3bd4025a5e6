//! `work-start-under-age`: a spell of work in the 务工监测 table that starts before the person is
//! of working age.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkStartUnderAge;

static META: Meta = Meta {
    key: "work-start-under-age",
    severity: Severity::Error,
    scope: Scope::Row,
    needs: &[],
    title_zh: "未满16岁开始务工",
    title_en: "Work started under working age",
    message_zh: "务工监测表（{sheet}）第 {rows} 行的务工开始时间为 {value}，此人当时未满 {min} 岁",
    message_en:
        "Row {rows} of the work table ({sheet}) starts a spell of work in {value}, before this person was {min}",
    doc: "**What:** only when a 务工监测 sheet is checked beside the person list: a spell whose \
开始时间 falls before the person's birthday of age `working_age_min` (16; a profile threshold), \
the birth date read from the person's row (出生日期, else the ID). The finding is on the person's \
row and names the work table's row (Gzuwkj 5_16_010, 5_12_004).\n\n\
**Why:** employing a child under 16 is forbidden (Labour Law art. 15); the start date or the \
person joined is wrong.\n\n\
**Example:** born 2010-06-01, 开始时间 2024年03月 → error.",
    doc_zh: "**查什么：**只在另有务工监测表时检查：一段务工的开始时间早于此人满 16 周岁（方案里的劳动年龄下限）的时候，出生日期取人员表的出生日期或身份证号。\n\n**为什么要紧：**不满 16 周岁不得务工，多半是开始时间填错或记录对错了人。\n\n**怎么改：**核实开始时间和这条记录所属的人，改正错的一项。\n\n**例子：**2010年6月出生，开始时间 2024年03月 → 错误。",
};

impl Rule for WorkStartUnderAge {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        let min = ctx.profile.number("working_age_min").unwrap_or(16.0) as i32;
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let spells = ctx.spells(work, row);
            if spells.is_empty() {
                continue;
            }
            let Some(birth) = ctx.birth_date(row) else { continue };
            // Of age from the month after the birthday's month (the 1st of the month of birth is
            // before a birthday later in it).
            let of_age = (i32::from(birth.year) + min) * 12 + i32::from(birth.month) - 1 + i32::from(birth.day > 1);
            let young = spells.iter().copied().filter(|&r| work.month(Role::WorkStart, r).is_some_and(|m| m < of_age));
            if let Some(r) = young.min_by_key(|&r| work.month(Role::WorkStart, r)) {
                let value = work.text(Role::WorkStart, r).to_owned();
                let (rows, min) = (work.excel_rows(&[r]), min.to_string());
                out.rows(
                    &[row],
                    Some(Role::PersonId),
                    value,
                    &[("sheet", &work.source), ("rows", &rows), ("min", &min)],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work};
    use super::*;

    const PERSONS: &[&[&str]] = &[
        &["户编号", "证件号码", "出生日期", "与户主关系"],
        &["1", "360426199101010071", "1991-01-01", "户主"],
        &["1", "360426201006010017", "2010-06-01", "之子"],
    ];
    const WORK: &[&str] = &["证件号码", "开始时间", "结束时间"];

    #[test]
    fn finds_work_started_under_16() {
        let work: &[&[&str]] =
            &[WORK, &["360426201006010017", "2024年03月", ""], &["360426199101010071", "2008年03月", "2010年01月"]];
        let f = run_with_work(&WorkStartUnderAge, PERSONS, work);
        assert_eq!(rows(&f), [[3]]);
        assert_eq!(f[0].value, "2024年03月");
    }

    #[test]
    fn passes_work_started_at_16() {
        let work: &[&[&str]] =
            &[WORK, &["360426201006010017", "2026年07月", ""], &["360426199101010071", "2007年02月", ""]];
        assert!(run_with_work(&WorkStartUnderAge, PERSONS, work).is_empty());
    }
}
