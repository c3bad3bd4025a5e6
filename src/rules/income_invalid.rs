//! `income-invalid`: 人均纯收入 not a number, negative, or above `max_income`.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct IncomeInvalid;

static META: Meta = Meta {
    key: "income-invalid",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::Income],
    title_zh: "人均纯收入无效",
    title_en: "Per-capita income invalid",
    message_zh: "人均纯收入为“{value}”：{problem}",
    message_en: "Per-capita net income is \"{value}\": {problem_en}",
    doc: "**What:** a filled 人均纯收入 that is not a number (thousands separators and a trailing 元 \
are accepted), is negative, or is above the profile's `max_income` (200,000 yuan).\n\n\
**Why:** income decides who is poor, who has exited and who is monitored; a typing slip (an \
extra zero, a note in the cell) moves a household across the poverty line.\n\n\
**Example:** `52000O` or `-300` → error.",
    doc_zh: "**查什么：**填了的人均纯收入不是数字（千位分隔的逗号和末尾的“元”可以读），是负数，或超过检查方案的上限（20 万元）。\n\n\
**为什么要紧：**收入决定谁是贫困户、谁已脱贫、谁要监测；多打一个 0，或在格子里写了备注，都可能让一户跨过贫困线。\n\n\
**怎么改：**按收入核算表填写正确的数字，格子里只填数字。\n\n\
**例子：**“5200元左右”或 -300 → 错误。",
};

impl Rule for IncomeInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let max = ctx.profile.max_income;
        // `None` for an empty cell, else its amount if it is one.
        let amounts = ctx.judged(Role::Income, |v| (!v.is_empty()).then(|| income(v)));
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(amount) = amounts.get(row) else { continue };
            let (problem, problem_en) = match amount {
                None => ("不是数字".to_owned(), "it is not a number".to_owned()),
                Some(x) if x < 0.0 => ("不能为负数".to_owned(), "it cannot be negative".to_owned()),
                Some(x) if x > max => (
                    format!("超过上限 {max} 元，请核对是否多录了位数"),
                    format!("above the limit of {max} yuan; check for an extra digit"),
                ),
                Some(_) => continue,
            };
            out.cell(row, Role::Income, &[("problem", &problem), ("problem_en", &problem_en)]);
        }
    }
}

/// An income as written: `5200`, `5,200.50`, `5200元`; `None` when it is not a number.
pub fn income(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('元').trim();
    let v: f64 = if t.contains([',', '，']) { t.replace([',', '，'], "").parse().ok()? } else { t.parse().ok()? };
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_words_negatives_and_huge_incomes() {
        let f = run(&IncomeInvalid, &[&["人均纯收入"], &["52000O"], &["-300"], &["3500000"], &["5200"]]);
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[0].message_zh.contains("不是数字"));
    }

    #[test]
    fn passes_numbers_in_their_written_forms() {
        let f = run(&IncomeInvalid, &[&["人均纯收入"], &["5200"], &["5,200.50"], &["5200元"], &["0"], &[""]]);
        assert!(f.is_empty(), "{f:?}");
    }
}
