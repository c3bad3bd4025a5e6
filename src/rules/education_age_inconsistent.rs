//! `education-age-inconsistent`: 文化程度 beyond what the age allows, or 小学/文盲 at 16–22.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct EducationAgeInconsistent;

static META: Meta = Meta {
    key: "education-age-inconsistent",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Education],
    title_zh: "文化程度与年龄不符",
    title_en: "Education disagrees with age",
    message_zh: "文化程度为“{value}”，但按 {date} 计为 {age} 岁；{expect}。请核对文化程度和出生日期",
    message_en: "Education is \"{value}\" but the person is {age} at {date}; {expect_en}. Check the education and the birth date",
    doc: "**What:** 文化程度 is beyond what the age at the reference date allows — 大专及以上 (大专, \
本科, 高职高专, 技师) under 18, 高中 under 15 — or is 小学 or 文盲或半文盲 at 16–22, an age that \
has finished nine years of compulsory schooling (Gzuwkj 5_17_005, 5_17_007; data.md §2.1).\n\n\
**Why:** the first is a slip in the birth date or the education; the second is either not \
updated or a school drop-out (控辍保学) the township must follow up.\n\n\
**Example:** 文化程度 高中 at 12 → warning.",
    doc_zh: "**查什么：**文化程度超出了按基准日年龄可能达到的程度：不满 18 岁却是大专及以上（大专、本科、高职高专、技师），不满 15 岁却是高中；或者 16 到 22 岁仍是小学或文盲半文盲，这个年龄本该读完九年义务教育。\n\n\
**为什么要紧：**前一种是出生日期或文化程度填错了；后一种要么没有更新，要么是辍学，乡镇要做控辍保学跟进。\n\n\
**怎么改：**核对出生日期和实际文化程度并改正；确是辍学的，按控辍保学要求跟进。\n\n\
**例子：**12 岁，文化程度“高中” → 警告。",
};

/// Ages that have finished compulsory schooling yet are young enough to have gone through it
/// under the 2006 Compulsory Education Law.
const COMPULSORY_DONE: std::ops::RangeInclusive<i32> = 16..=22;

impl Rule for EducationAgeInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(education) = ctx.label(Role::Education, row) else { continue };
            let Some(age) = ctx.age(row) else { continue };
            let (expect, expect_en) = match education {
                "大专及以上" | "大专" | "本科及以上" | "高职高专" | "本科及研究生及以上" | "技师" if age < 18 => {
                    (
                        "大专及以上学历应至少 18 岁".to_owned(),
                        "a college education needs an age of at least 18".to_owned(),
                    )
                }
                "高中" if age < 15 => (
                    "高中学历应至少 15 岁".to_owned(),
                    "a senior-school education needs an age of at least 15".to_owned(),
                ),
                "小学" | "文盲或半文盲" if COMPULSORY_DONE.contains(&age) => (
                    format!(
                        "{}–{} 岁应已完成九年义务教育，请核实是否辍学或未更新",
                        COMPULSORY_DONE.start(),
                        COMPULSORY_DONE.end()
                    ),
                    format!(
                        "at {}–{} nine years of compulsory school are done; check for a drop-out or a stale value",
                        COMPULSORY_DONE.start(),
                        COMPULSORY_DONE.end()
                    ),
                ),
                _ => continue,
            };
            out.cell(
                row,
                Role::Education,
                &[
                    ("age", &age.to_string()),
                    ("date", &ctx.reference_date(row).to_string()),
                    ("expect", &expect),
                    ("expect_en", &expect_en),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_too_high_for_age_and_primary_at_eighteen() {
        let f = run(
            &EducationAgeInconsistent,
            &[
                &["文化程度", "出生日期"],
                &["高中", "2008-01-01"],
                &["本科及以上", "2005-01-01"],
                &["小学", "2002-06-01"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[2].message_zh.contains("九年义务教育"), "{}", f[2].message_zh);
    }

    #[test]
    fn passes_fitting_education() {
        let f = run(
            &EducationAgeInconsistent,
            &[
                &["文化程度", "出生日期"],
                &["高中", "1990-01-01"],
                &["小学", "1960-01-01"],
                &["小学", "2010-01-01"],
                &["大专及以上", "2002-01-01"],
                &["文盲", ""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
