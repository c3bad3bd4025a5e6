//! `schooling-age-inconsistent`: 在校生状况 contradicts the age at the start of the school year.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;

pub struct SchoolingAgeInconsistent;

static META: Meta = Meta {
    key: "schooling-age-inconsistent",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Schooling],
    title_zh: "在校生状况与年龄不符",
    title_en: "Schooling disagrees with age",
    message_zh: "在校生状况为“{value}”，但按 {date} 计为 {age} 岁；{expect}。请核对在校生状况和出生日期",
    message_en: "Schooling is \"{value}\" but the person is {age} at {date}; {expect_en}. Check the schooling and the birth date",
    doc: "**What:** 在校生状况 contradicts the age at the profile's school reference date (the \
start of the school year, e.g. 09-01; age from 出生日期, else the ID): 学龄前儿童/学前教育 at 7 or \
over; 小学 under 6 or over 14; 七–九年级 under 12 or over 17; 高中/中职 under 15 or over 20; \
技师学院 under 15; 高职/高职高专/大专/本科 under 18; 硕士 under 20; anyone in school over \
`max_student_age` (35). These are the Gzuwkj rules 5_17_001–5_17_006 (data.md §2.1).\n\n\
**Why:** a child's 在校生状况 is updated once a year and often forgotten: a 16-year-old still \
marked 小学 has left school or moved on, and education subsidies (雨露计划, 两免一补) follow \
this column.\n\n\
**Example:** 小学 at 16 → warning.",
    doc_zh: "**查什么：**在校生状况与按学年开始日（比如 9 月 1 日）算出的年龄矛盾：学龄前儿童或学前教育却已满 7 岁；小学不满 6 岁或超过 14 岁；七到九年级不满 12 岁或超过 17 岁；高中、中职不满 15 岁或超过 20 岁；技师学院不满 15 岁；高职、大专、本科不满 18 岁；硕士不满 20 岁；任何在校生超过 35 岁。\n\n\
**为什么要紧：**孩子的在校生状况一年才更新一次，常被忘记：16 岁还标着小学的，其实已经离校或升学了；而雨露计划、两免一补等教育补助都看这一列。\n\n\
**怎么改：**按孩子现在实际就读的学段改正，或核对出生日期。\n\n\
**例子：**16 岁，在校生状况“小学” → 警告。",
};

/// School levels and the ages (at the school reference date) that fit them.
struct Level {
    /// True for the 在校生状况 labels of this level.
    is: fn(&str) -> bool,
    min: Option<i32>,
    max: Option<i32>,
}

const LEVELS: [Level; 7] = [
    Level { is: |s| matches!(s, "学龄前儿童" | "学前教育"), min: None, max: Some(6) },
    Level { is: |s| s == "小学", min: Some(6), max: Some(14) },
    Level { is: |s| matches!(s, "七年级" | "八年级" | "九年级"), min: Some(12), max: Some(17) },
    Level {
        is: |s| s.starts_with("高中") || s.starts_with("普通高中") || s.starts_with("中职"),
        min: Some(15),
        max: Some(20),
    },
    Level { is: |s| s.starts_with("技师学院"), min: Some(15), max: None },
    Level {
        is: |s| s.starts_with("高职") || s.starts_with("本科") || s == "大专及以上", min: Some(18), max: None
    },
    Level { is: |s| s.starts_with("硕士"), min: Some(20), max: None },
];

impl Rule for SchoolingAgeInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let max_student = ctx.profile.max_student_age;
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(status) = ctx.label(Role::Schooling, row) else { continue };
            if status == "非在校生" {
                continue;
            }
            let Some(age) = ctx.school_age(row) else { continue };
            let level = LEVELS.iter().find(|l| (l.is)(status));
            let (min, max) = level.map_or((None, None), |l| (l.min, l.max));
            let (expect, expect_en) = if min.is_some_and(|m| age < m) || max.is_some_and(|m| age > m) {
                expected(status, min, max)
            } else if codes::in_school(status) && age > max_student {
                (format!("在校生一般不超过 {max_student} 岁"), format!("students are at most {max_student}"))
            } else {
                continue;
            };
            out.cell(
                row,
                Role::Schooling,
                &[
                    ("age", &age.to_string()),
                    ("date", &ctx.school_reference_date(row).to_string()),
                    ("expect", &expect),
                    ("expect_en", &expect_en),
                ],
            );
        }
    }
}

/// The ages that fit `status`, in words.
fn expected(status: &str, min: Option<i32>, max: Option<i32>) -> (String, String) {
    match (min, max) {
        (Some(a), Some(b)) => (format!("{status}应为 {a}–{b} 岁"), format!("{status} fits ages {a}–{b}")),
        (Some(a), None) => (format!("{status}应至少 {a} 岁"), format!("{status} needs an age of at least {a}")),
        (None, Some(b)) => (format!("{status}应不超过 {b} 岁"), format!("{status} fits ages up to {b}")),
        (None, None) => unreachable!("every level has a bound"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_levels_that_do_not_fit_the_age() {
        // School reference date 2020-09-01.
        let f = run(
            &SchoolingAgeInconsistent,
            &[
                &["在校生状况", "出生日期"],
                &["小学", "2004-01-01"],
                &["学前教育", "2012-01-01"],
                &["九年级", "2010-01-01"],
                &["本科二年级", "2004-01-01"],
                &["高职一年级", "1980-01-01"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5], [6]]);
        assert!(f[0].message_zh.contains("16 岁；小学应为 6–14 岁"), "{}", f[0].message_zh);
        assert!(f[4].message_zh.contains("不超过 35 岁"), "{}", f[4].message_zh);
    }

    #[test]
    fn passes_fitting_ages_and_the_school_year_boundary() {
        let f = run(
            &SchoolingAgeInconsistent,
            &[
                &["在校生状况", "出生日期"],
                &["小学", "2014-09-01"],
                &["七年级", "2008-03-01"],
                &["高中二年级", "2004-05-01"],
                &["非在校生", "1950-01-01"],
                &["大专及以上", "2000-01-01"],
                &["小学", ""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
