//! `income-below-line-exited`: an exited household whose income is below the poverty line.

use super::income_invalid::income;
use super::{Context, Household, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::dates;

pub struct IncomeBelowLineExited;

static META: Meta = Meta {
    key: "income-below-line-exited",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Income],
    title_zh: "已脱贫户人均纯收入低于贫困线",
    title_en: "Exited household below the poverty line",
    message_zh: "户 {household} 标为已脱贫（{marker}），但人均纯收入 {value} 元低于 {year} 年贫困线 {line} 元；请核对收入或脱贫状态",
    message_en: "Household {household} is marked exited ({marker}) but its per-capita income of {value} yuan is below the {year} line of {line} yuan; check the income or the exit status",
    doc: "**What:** a household marked as having exited poverty — 脱贫年度 filled, 脱贫属性 \
已脱贫/脱贫 (and its variants), or 户类型 脱贫户 — whose 人均纯收入 is below the poverty line of \
its exit year (of the reference year when no 脱贫年度 is given). A 脱贫属性 of 未脱贫, 预脱贫 \
or 返贫 means the household is not (or no longer) exited. The lines are the profile's \
`poverty_lines` (national: 2800 yuan in 2014 to about 4000 in 2020; provinces set their own, \
e.g. 7300 in Guizhou 2023; data.md §2.6).\n\n\
**Why:** exit requires income above the line (两不愁三保障 and 收入达标); an exited household \
below it was exited wrongly (虚假脱贫) or its income was mistyped — both are audit findings.\n\n\
**Example:** 脱贫年度 2019, 人均纯收入 3000 (2019 line 3747) → error.",
    doc_zh: "**查什么：**标为已脱贫的户（填了脱贫年度，或脱贫属性是已脱贫一类，或户类型是脱贫户），人均纯收入低于它脱贫那一年的贫困线（没有脱贫年度的，按基准日所在年份）。脱贫属性是未脱贫、预脱贫或返贫的，不算已脱贫。贫困线按检查方案的设定（全国标准从 2014 年的 2800 元到 2020 年约 4000 元，各省可以自定）。\n\n\
**为什么要紧：**脱贫要求收入在贫困线以上；已脱贫户收入低于贫困线，要么脱贫认定有问题，要么收入录错了，都是审计要查的问题。\n\n\
**怎么改：**核实这一户的收入并改正；收入确实不达标的，按程序处理脱贫状态或纳入监测。\n\n\
**例子：**脱贫年度 2019，人均纯收入 3000 元（2019 年贫困线 3747 元）→ 错误。",
};

impl Rule for IncomeBelowLineExited {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let Some(marker) = exited(ctx, h) else { continue };
            let Some((value, amount)) =
                h.rows.iter().map(|&r| ctx.text(Role::Income, r)).find_map(|t| Some((t, income(t)?)))
            else {
                continue;
            };
            let exit_year = h.rows.iter().find_map(|&r| dates::parse_year(ctx.text(Role::ExitYear, r)));
            let year = exit_year.unwrap_or(ctx.profile.reference_date.year);
            let Some(line) = ctx.profile.poverty_line(year) else { continue };
            if amount < line {
                out.rows(
                    &h.rows,
                    Some(Role::Income),
                    value.to_owned(),
                    &[
                        ("household", h.key),
                        ("marker", &marker),
                        ("year", &year.to_string()),
                        ("line", &line.to_string()),
                    ],
                );
            }
        }
    }
}

/// What marks household `h` as exited, in words; `None` when it is not exited.
fn exited(ctx: &Context<'_>, h: &Household<'_>) -> Option<String> {
    let first = |role: Role| h.rows.iter().map(|&r| ctx.text(role, r)).find(|t| !t.is_empty());
    let status = first(Role::ExitStatus);
    let status_label = status.and_then(|s| crate::domain::codes::label(Role::ExitStatus, s));
    if matches!(status_label, Some("未脱贫" | "预脱贫" | "返贫")) {
        return None;
    }
    if let Some(y) = first(Role::ExitYear).filter(|y| dates::parse_year(y).is_some()) {
        return Some(format!("脱贫年度 {y}"));
    }
    if let (Some(s), Some(_)) = (status, status_label) {
        return Some(format!("脱贫属性 {s}"));
    }
    first(Role::HouseholdKind)
        .filter(|k| crate::domain::codes::label(Role::HouseholdKind, k) == Some("脱贫户"))
        .map(|k| format!("户类型 {k}"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_exited_households_below_their_line() {
        let f = run(
            &IncomeBelowLineExited,
            &[
                &["户编号", "脱贫年度", "脱贫属性", "户类型", "人均纯收入"],
                &["1", "2019", "已脱贫", "", "3000"],
                &["1", "2019", "已脱贫", "", "3000"],
                &["2", "", "脱贫", "", "3900"],
                &["3", "", "", "脱贫户", "2000"],
            ],
        );
        assert_eq!(rows(&f), vec![vec![2, 3], vec![4], vec![5]]);
        assert!(f[0].message_zh.contains("低于 2019 年贫困线 3747 元"), "{}", f[0].message_zh);
        assert!(f[1].message_zh.contains("2020 年贫困线 4000 元"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_incomes_above_the_line_and_households_not_exited() {
        let f = run(
            &IncomeBelowLineExited,
            &[
                &["户编号", "脱贫年度", "脱贫属性", "户类型", "人均纯收入"],
                &["1", "2016", "已脱贫", "", "3000"],
                &["2", "", "未脱贫", "", "2000"],
                &["3", "2016", "返贫", "", "1500"],
                &["4", "", "", "普通农户", "1500"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
