//! `work-income-implausible`: a monthly income from work that is no number or out of range.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkIncomeImplausible;

static META: Meta = Meta {
    key: "work-income-implausible",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "务工月收入不合常理",
    title_en: "Implausible monthly income from work",
    message_zh: "务工监测表（{sheet}）第 {rows} 行的务工月收入为 {value}，不是 {min}–{max} 元之间的数",
    message_en: "Row {rows} of the work table ({sheet}) gives a monthly income of {value}, not a number from {min} to {max} yuan",
    doc: "**What:** only when a 务工监测 table is checked beside the person list: a row of work \
done (是否已务工 not 否) whose 务工月收入 is filled but is no number, or is below \
`work_monthly_income_min` (100 yuan) or above `work_monthly_income_max` (30,000 yuan), both \
profile thresholds. A blank income is `work-facts-missing`'s. The finding is on the person's row \
and names the first such row (Gzuwkj 5_16_001, 5_16_002; 1111_12 questions incomes under 400, \
a province sets `work_monthly_income_min` to 400 for it).\n\n\
**Why:** a month's wage under 100 yuan is no job, over 30,000 is almost always a yearly figure \
or a typing slip; either distorts the household's wage income and the monitoring line test.\n\n\
**Example:** 务工月收入 35000 → warning; 3,500 was meant.",
    doc_zh: "**查什么：**只在另有务工监测表时检查：是否已务工不是“否”的记录，务工月收入填了，但不是数字，或低于 100 元、高于 30000 元（方案里可改的上下限）。月收入为空另有检查。\n\n**为什么要紧：**每月不到 100 元算不上务工，超过 30000 元多半是把年收入填成了月收入或多打了一位，都会让家庭工资性收入和监测线的判断出错。\n\n**怎么改：**核实每月实际收入，按元填写一个数字。\n\n**例子：**务工月收入 35000 → 警告，实为 3500。",
};

impl Rule for WorkIncomeImplausible {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        if !work.uses(Role::WorkMonthlyIncome) {
            return;
        }
        let min = ctx.profile.number("work_monthly_income_min").unwrap_or(100.0);
        let max = ctx.profile.number("work_monthly_income_max").unwrap_or(30000.0);
        let bad = |r: usize| {
            let v = crate::base::text::number(work.text(Role::WorkMonthlyIncome, r)).replace(',', "");
            !v.is_empty() && !v.parse::<f64>().is_ok_and(|n| n.is_finite() && n >= min && n <= max)
        };
        let (min, max) = (min.to_string(), max.to_string());
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if let Some(r) = ctx.spells(work, row).iter().copied().find(|&r| work.worked(r) && bad(r)) {
                let value = work.text(Role::WorkMonthlyIncome, r).to_owned();
                let rows = work.excel_rows(&[r]);
                out.rows(
                    &[row],
                    Some(Role::PersonId),
                    value,
                    &[("sheet", &work.source), ("rows", &rows), ("min", &min), ("max", &max)],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work, PERSONS};
    use super::*;

    const WORK: &[&str] = &["证件号码", "是否已务工", "务工月收入"];

    #[test]
    fn finds_incomes_out_of_range_or_not_numbers() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "是", "35000"],
            &["360426199101010071", "是", "三千"],
            &["360426199303030013", "是", "50"],
        ];
        let f = run_with_work(&WorkIncomeImplausible, PERSONS, work);
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert_eq!(f[1].value, "35000");
        assert!(f[1].message_zh.contains("100–30000"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_plausible_blank_or_not_worked() {
        let work: &[&[&str]] = &[
            WORK,
            &["360426199202020029", "是", "3,500"],
            &["360426199101010071", "是", ""],
            &["360426199303030013", "否", "0"],
        ];
        assert!(run_with_work(&WorkIncomeImplausible, PERSONS, work).is_empty());
    }
}
