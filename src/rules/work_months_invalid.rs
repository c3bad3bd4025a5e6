//! `work-months-invalid`: 务工时间 not 0–12 months, or months without a 务工状况.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkMonthsInvalid;

static META: Meta = Meta {
    key: "work-months-invalid",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::WorkMonths],
    title_zh: "务工时间无效",
    title_en: "Months worked invalid",
    message_zh: "务工时间为“{value}”：{problem}",
    message_en: "Months worked is \"{value}\": {problem_en}",
    doc: "**What:** a filled 务工时间（月） that is not a number of months from 0 to 12, or is above \
0 while 务工状况 is blank (where the sheet has a 务工状况 column, else its 务工所在地; county \
checker rule 13, data.md §2.2).\n\n\
**Why:** months worked feed the household's wage income and employment subsidies (稳岗补贴, \
交通补助); 15 months in a year, or months with no place of work, cannot be right.\n\n\
**Example:** `15` → error; `6` with 务工状况 blank → error.",
    doc_zh: "**查什么：**填了的务工时间（月）不是 0 到 12 之间的月数，或者大于 0 但务工状况是空的（表里没有务工状况一列时看务工所在地）。\n\n\
**为什么要紧：**务工月数影响工资性收入和稳岗补贴、交通补助；一年务工 15 个月，或有月数却没有务工地点，都不可能。\n\n\
**怎么改：**核实后填写 0 到 12 的月数，并补填务工状况。\n\n\
**例子：**15 → 错误；6 个月但务工状况空着 → 错误。",
};

impl Rule for WorkMonthsInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        // 务工所在地 says where, as 务工状况 does: either filled shows the months are for work.
        let status = [Role::WorkStatus, Role::WorkPlace].into_iter().find(|r| ctx.col(*r).is_some());
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let v = ctx.text(Role::WorkMonths, row);
            if v.is_empty() {
                continue;
            }
            let months = v.trim_end_matches("个月").trim_end_matches('月').trim().parse::<f64>().ok();
            let (problem, problem_en) = match months {
                Some(m) if (0.0..=12.0).contains(&m) => {
                    if m > 0.0 && status.is_some_and(|r| ctx.text(r, row).is_empty()) {
                        (
                            "有务工时间但务工状况为空，请补填务工地点或清空务工时间",
                            "months are given but 务工状况 is blank",
                        )
                    } else {
                        continue;
                    }
                }
                _ => ("应为 0–12 之间的月数", "it must be a number of months from 0 to 12"),
            };
            out.cell(row, Role::WorkMonths, &[("problem", problem), ("problem_en", problem_en)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_out_of_range_words_and_months_without_place() {
        let f = run(
            &WorkMonthsInvalid,
            &[
                &["务工时间（月）", "务工状况"],
                &["15", "省外务工"],
                &["半年", "省外务工"],
                &["-1", "省外务工"],
                &["6", ""],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5]]);
        assert!(f[3].message_zh.contains("务工状况为空"));
        let f = run(&WorkMonthsInvalid, &[&["务工时间（月）", "务工所在地"], &["6", ""], &["6", "广东省深圳市"]]);
        assert_eq!(rows(&f), [[2]]);
    }

    #[test]
    fn passes_months_with_a_place_zero_and_blank() {
        let f = run(
            &WorkMonthsInvalid,
            &[&["务工时间（月）", "务工状况"], &["12", "省外务工"], &["0", ""], &["", ""], &["6个月", "县外省内务工"]],
        );
        assert!(f.is_empty(), "{f:?}");
        let f = run(&WorkMonthsInvalid, &[&["务工时间（月）", "务工地点"], &["10", "浙江省宁波市"], &["", ""]]);
        assert!(f.is_empty(), "{f:?}");
    }
}
