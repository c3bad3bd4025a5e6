//! `relation-age-inconsistent`: a relation the ages of head and member cannot have.

use super::household_spouse_multiple::is_spouse;
use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct RelationAgeInconsistent;

static META: Meta = Meta {
    key: "relation-age-inconsistent",
    severity: Severity::Warning,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Relation],
    title_zh: "与户主关系与年龄不符",
    title_en: "Relation disagrees with ages",
    message_zh: "{problem}；请核对出生日期、证件号码或与户主关系",
    message_en: "{problem_en}; check the birth dates, the IDs or the relation",
    doc: "**What:** the birth dates of a member and the head (from 出生日期, else the ID) cannot \
go with their relation: a child, child-in-law (之子 之女 之儿媳 之女婿) less than `min_parent_gap` \
(15) years younger than the head; a parent or parent-in-law (之父 之母 之公公 之婆婆 之岳父 之岳母) \
less than 15 years older; a grandchild (之孙子 之孙女 之外孙子 之外孙女 之曾孙子 之曾孙女) less than \
`min_grandparent_gap` (30) years younger; a grandparent less than 30 years older; a spouse under \
`min_marriage_age` (20) at the reference date (data.md §2.5).\n\n\
**Why:** such gaps are impossible, so a birth date or ID was mistyped or the relation was \
picked wrongly (之子 for 之孙子, 之父 for 之子).\n\n\
**Example:** 户主 born 1980 and 之子 born 1990 → warning (10 years apart).",
    doc_zh: "**查什么：**成员与户主的出生日期（先看出生日期，没有就从号码算）和他们的关系对不上：子女、儿媳、女婿比户主小不到 15 岁；父母、公婆、岳父母比户主大不到 15 岁；孙辈（包括外孙、曾孙）比户主小不到 30 岁；祖父母比户主大不到 30 岁；配偶按基准日不满 20 岁。这些年龄差可以在检查方案里调整。\n\n\
**为什么要紧：**这样的年龄差不可能，要么出生日期或号码打错了，要么关系选错了（把之孙子选成之子，把之子选成之父）。\n\n\
**怎么改：**对照户口簿核对关系和出生日期，改正错的一项。\n\n\
**例子：**户主 1980 年生，之子 1990 年生，只差 10 岁 → 警告。",
};

/// What a relation says about the years between the head's birth and the member's.
#[derive(Clone, Copy)]
enum Gap {
    /// The member is at least `min_parent_gap` years younger.
    Child,
    /// At least `min_grandparent_gap` years younger.
    Grandchild,
    /// At least `min_parent_gap` years older.
    Parent,
    /// At least `min_grandparent_gap` years older.
    Grandparent,
}

fn gap(relation: &str) -> Option<Gap> {
    Some(match relation {
        "之子" | "之女" | "之儿媳" | "之女婿" => Gap::Child,
        "之孙子" | "之孙女" | "之外孙子" | "之外孙女" | "之曾孙子" | "之曾孙女" => {
            Gap::Grandchild
        }
        "之父" | "之母" | "之公公" | "之婆婆" | "之岳父" | "之岳母" => Gap::Parent,
        "之祖父" | "之祖母" | "之外祖父" | "之外祖母" => Gap::Grandparent,
        _ => return None,
    })
}

impl Rule for RelationAgeInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let p = ctx.profile;
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let head = h.rows.iter().copied().find(|&r| ctx.is_head(r));
            let head_birth = head.and_then(|r| ctx.birth_date(r));
            for &r in &h.rows {
                if is_spouse(ctx, r) {
                    if let Some(age) = ctx.age(r).filter(|&a| a >= 0 && a < p.min_marriage_age) {
                        let problem = format!("配偶 {age} 岁，未到法定婚龄 {} 岁", p.min_marriage_age);
                        let problem_en = format!("the spouse is {age}, under the marriage age {}", p.min_marriage_age);
                        report(ctx, out, &[r], r, &problem, &problem_en);
                    }
                    continue;
                }
                let (Some(head), Some(head_birth)) = (head, head_birth) else { continue };
                let Some(relation) = ctx.label(Role::Relation, r) else { continue };
                let Some(kind) = gap(relation) else { continue };
                let Some(birth) = ctx.birth_date(r) else { continue };
                let (younger, min, word) = match kind {
                    Gap::Child => (true, p.min_parent_gap, "小"),
                    Gap::Grandchild => (true, p.min_grandparent_gap, "小"),
                    Gap::Parent => (false, p.min_parent_gap, "大"),
                    Gap::Grandparent => (false, p.min_grandparent_gap, "大"),
                };
                let years = if younger { head_birth.years_until(birth) } else { birth.years_until(head_birth) };
                if years < min {
                    let problem = format!("{relation}（生于 {birth}）与户主（生于 {head_birth}）相差不足 {min} 岁，{relation}应比户主至少{word} {min} 岁");
                    let problem_en = format!(
                        "{relation} (born {birth}) is not {min} years {} than the head (born {head_birth})",
                        if younger { "younger" } else { "older" }
                    );
                    report(ctx, out, &[head, r], r, &problem, &problem_en);
                }
            }
        }
    }
}

fn report(
    ctx: &Context<'_>,
    out: &mut Out<'_, '_, '_>,
    rows: &[usize],
    member: usize,
    problem: &str,
    problem_en: &str,
) {
    let value = ctx.text(Role::Relation, member).to_owned();
    out.rows(rows, Some(Role::Relation), value, &[("problem", problem), ("problem_en", problem_en)]);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_close_generations_and_a_young_spouse() {
        let f = run(
            &RelationAgeInconsistent,
            &[
                &["户编号", "与户主关系", "出生日期"],
                &["1", "户主", "1980-05-01"],
                &["1", "之子", "1990-01-01"],
                &["1", "之母", "1970-01-01"],
                &["1", "之孙女", "2005-01-01"],
                &["1", "配偶", "2003-01-01"],
            ],
        );
        assert_eq!(rows(&f), vec![vec![2, 3], vec![2, 4], vec![2, 5], vec![6]]);
        assert!(f[0].message_zh.contains("相差不足 15 岁"), "{}", f[0].message_zh);
        assert!(f[3].message_zh.contains("配偶 17 岁"), "{}", f[3].message_zh);
    }

    #[test]
    fn passes_plausible_generations() {
        let f = run(
            &RelationAgeInconsistent,
            &[
                &["户编号", "与户主关系", "出生日期"],
                &["1", "户主", "1960-05-01"],
                &["1", "配偶", "1962-01-01"],
                &["1", "之子", "1985-01-01"],
                &["1", "之父", "1935-01-01"],
                &["1", "之孙子", "2010-01-01"],
                &["1", "其他", "1961-01-01"],
                &["2", "之子", "1961-01-01"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
