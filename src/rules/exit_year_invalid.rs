//! `exit-year-invalid`: 脱贫年度 not a year, or outside first_exit_year – the reference year.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::dates;

pub struct ExitYearInvalid;

static META: Meta = Meta {
    key: "exit-year-invalid",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::ExitYear],
    title_zh: "脱贫年度无效",
    title_en: "Exit year invalid",
    message_zh: "脱贫年度为“{value}”，应为 {first}–{last} 之间的年份",
    message_en: "Exit year is \"{value}\"; it must be a year from {first} to {last}",
    doc: "**What:** a filled 脱贫年度 that is not a year (`2019`, `2019.0` and `2019年` are \
read), or is before the profile's `first_exit_year` (2014, when 建档立卡 began) or after the \
year of the reference date.\n\n\
**Why:** the exit year selects the poverty line an exit was judged by and the years of \
continued support (摘帽不摘政策); `1019` or `2091` is a typing slip.\n\n\
**Example:** `2012` → error.",
    doc_zh: "**查什么：**填了的脱贫年度不是年份（2019、2019.0、2019年 都能读），或早于 2014 年（建档立卡开始的年份，检查方案可以调整），或晚于基准日所在的年份。\n\n\
**为什么要紧：**脱贫年度决定按哪一年的贫困线判断脱贫，以及“摘帽不摘政策”的年限；1019 或 2091 是打错了。\n\n\
**怎么改：**按脱贫档案填写正确的四位年份。\n\n\
**例子：**2012 → 错误。",
};

impl Rule for ExitYearInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let first = ctx.profile.first_exit_year;
        let first_s = first.to_string();
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let v = ctx.text(Role::ExitYear, row);
            if v.is_empty() {
                continue;
            }
            // In a merged export a row of 2018 cannot have left poverty in 2019.
            let last = ctx.reference_date(row).year;
            if !dates::parse_year(v).is_some_and(|y| (first..=last).contains(&y)) {
                out.cell(row, Role::ExitYear, &[("first", &first_s), ("last", &last.to_string())]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_early_late_and_non_years() {
        let f = run(&ExitYearInvalid, &[&["脱贫年度"], &["2012"], &["2021"], &["去年"], &["2019"]]);
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[0].message_zh.contains("2014–2020"));
    }

    #[test]
    fn passes_years_in_range_in_every_form() {
        assert!(run(&ExitYearInvalid, &[&["脱贫年度"], &["2014"], &["2020.0"], &["2016年"], &[""]]).is_empty());
    }
}
