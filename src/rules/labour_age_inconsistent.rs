//! `labour-age-inconsistent`: 劳动技能 or migrant work that the age or schooling rules out.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes::{self, WORKING_AGE};

pub struct LabourAgeInconsistent;

static META: Meta = Meta {
    key: "labour-age-inconsistent",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Labour],
    title_zh: "劳动技能与年龄或在校情况不符",
    title_en: "Labour ability disagrees with age or schooling",
    message_zh: "{facts}，劳动技能为“{value}”；{expect}",
    message_en: "{facts_en}, labour ability \"{value}\": {expect_en}",
    doc: "**What:** 劳动技能 or migrant work that the age (at the reference date) or schooling \
rules out: under 16 but not 无劳动力; 60 or over as 普通劳动力 or 技能劳动力; a pupil or student \
(在校生状况 other than 非在校生/学龄前儿童) not 无劳动力; migrant work (a 务工状况 place or 务工时间 \
above 0) for someone under 16 or marked 无劳动力/丧失劳动力 (Gzuwkj 2_01_011, 2_12_017, 1111_07, \
5_16_010; data.md §2.1).\n\n\
**Why:** labour ability decides which assistance a household gets (employment help or 兜底 \
social cover); a child or a student counted as labour hides a household's real need.\n\n\
**Example:** 12 years old with 普通劳动力 → warning: under 16 it must be 无劳动力.",
    doc_zh: "**查什么：**劳动技能或外出务工与年龄（按基准日）或在校情况矛盾：不满 16 岁却不是无劳动力；60 岁以上却是普通劳动力或技能劳动力；在校学生（在校生状况不是非在校生或学龄前儿童）却不是无劳动力；不满 16 岁、无劳动力或丧失劳动力的人却有外出务工（有务工地点或务工月数大于 0）。\n\n\
**为什么要紧：**劳动能力决定一户得到哪种帮扶（就业帮扶还是兜底保障）；把孩子或学生算作劳动力，会掩盖这一户真实的困难。\n\n\
**怎么改：**按实际情况改正劳动技能、在校生状况或务工信息，或核对出生日期。\n\n\
**例子：**12 岁，劳动技能“普通劳动力” → 警告：不满 16 岁应为无劳动力。",
};

impl Rule for LabourAgeInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(labour) = ctx.label(Role::Labour, row) else { continue };
            let age = ctx.age(row);
            let schooling = ctx.label(Role::Schooling, row).filter(|s| codes::in_school(s));
            let able = matches!(labour, "普通劳动力" | "技能劳动力");
            let (facts, facts_en, expect, expect_en) = match age {
                Some(a) if a >= 0 && a < *WORKING_AGE.start() && labour != "无劳动力" => (
                    format!("年龄 {a} 岁"),
                    format!("aged {a}"),
                    format!("{} 岁以下应为“无劳动力”", WORKING_AGE.start()),
                    format!("under {} it must be 无劳动力", WORKING_AGE.start()),
                ),
                Some(a) if a > *WORKING_AGE.end() && able => (
                    format!("年龄 {a} 岁"),
                    format!("aged {a}"),
                    format!("{} 岁及以上不应为普通或技能劳动力", WORKING_AGE.end() + 1),
                    format!("from {} on it cannot be ordinary or skilled labour", WORKING_AGE.end() + 1),
                ),
                _ if schooling.is_some() && labour != "无劳动力" => (
                    format!("在校生状况为“{}”", schooling.unwrap_or_default()),
                    format!("in school ({})", schooling.unwrap_or_default()),
                    "在校生应为“无劳动力”".to_owned(),
                    "a pupil or student must be 无劳动力".to_owned(),
                ),
                _ if works(ctx, row) && (codes::no_labour(labour) || age.is_some_and(|a| a < *WORKING_AGE.start())) => {
                    (
                        format!("有务工记录（{}）", work_text(ctx, row)),
                        format!("works away ({})", work_text(ctx, row)),
                        format!("{} 岁以下或无劳动力、丧失劳动力的人不应有务工", WORKING_AGE.start()),
                        format!("nobody under {} or without labour ability works away", WORKING_AGE.start()),
                    )
                }
                _ => continue,
            };
            out.cell(
                row,
                Role::Labour,
                &[("facts", &facts), ("facts_en", &facts_en), ("expect", &expect), ("expect_en", &expect_en)],
            );
        }
    }
}

/// True when data row `row` records migrant work: a 务工状况 place, a 务工所在地, or months
/// worked above 0.
fn works(ctx: &Context<'_>, row: usize) -> bool {
    let place =
        ctx.label(Role::WorkStatus, row).is_some_and(|w| w != "其他") || !ctx.text(Role::WorkPlace, row).is_empty();
    place || ctx.text(Role::WorkMonths, row).parse::<f64>().is_ok_and(|m| m > 0.0)
}

fn work_text(ctx: &Context<'_>, row: usize) -> String {
    let place =
        Some(ctx.text(Role::WorkStatus, row)).filter(|p| !p.is_empty()).unwrap_or(ctx.text(Role::WorkPlace, row));
    let months = ctx.text(Role::WorkMonths, row);
    match (place.is_empty(), months.is_empty()) {
        (false, false) => format!("{place}，{months} 个月"),
        (false, true) => place.to_owned(),
        _ => format!("{months} 个月"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_child_labour_old_labour_working_students_and_idle_workers() {
        let f = run(
            &LabourAgeInconsistent,
            &[
                &["劳动技能", "出生日期", "在校生状况", "务工状况", "务工时间（月）"],
                &["普通劳动力", "2008-05-01", "七年级", "", ""],
                &["技能劳动力", "1950-01-01", "非在校生", "", ""],
                &["普通劳动力", "2001-01-01", "高职二年级", "", ""],
                &["丧失劳动力", "1980-01-01", "非在校生", "省外务工", "10"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5]]);
        assert_eq!(f[0].message_zh, "年龄 12 岁，劳动技能为“普通劳动力”；16 岁以下应为“无劳动力”");
        assert!(f[3].message_zh.contains("省外务工，10 个月"), "{}", f[3].message_zh);
    }

    #[test]
    fn passes_fitting_labour() {
        let f = run(
            &LabourAgeInconsistent,
            &[
                &["劳动技能", "出生日期", "在校生状况", "务工状况", "务工时间（月）"],
                &["无劳动力", "2008-05-01", "七年级", "", ""],
                &["普通劳动力", "1980-01-01", "非在校生", "省外务工", "10"],
                &["丧失劳动力", "1950-01-01", "非在校生", "", "0"],
                &["无劳动能力", "2015-01-01", "学龄前儿童", "", ""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
