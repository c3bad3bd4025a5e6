//! `household-head-multiple`: more than one member is the head.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadMultiple;

static META: Meta = Meta {
    key: "household-head-multiple",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Relation],
    title_zh: "户内多个户主",
    title_en: "Household has several heads",
    message_zh: "户 {value} 有 {heads} 名成员标为户主，只能有一名",
    message_en: "Household {value} has {heads} members marked as head; there must be one",
    doc: "**What:** more than one member of a household has 与户主关系 = 户主 (or 本人).\n\n\
**Why:** a household has one head. Two heads usually mean two households were merged under \
one 户编号, or a spouse was entered as 户主.\n\n\
**Example:** household 5227310001 with two 户主 rows → error.",
    doc_zh: "**查什么：**一户里有不止一个人的与户主关系是“户主”（或“本人”）。\n\n\
**为什么要紧：**一户只有一个户主；两个户主通常是两户被合到了一个户编号下，或者把配偶填成了户主。\n\n\
**怎么改：**确定真正的户主，改正其他人的与户主关系；如果其实是两户，给其中一户填它自己的户编号。\n\n\
**例子：**户 5227310001 有两行“户主” → 错误。",
};

impl Rule for HouseholdHeadMultiple {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let heads = h.rows.iter().filter(|&&r| ctx.is_head(r)).count();
            if heads > 1 {
                let heads = heads.to_string();
                out.rows(&h.rows, Some(Role::Relation), h.key.to_owned(), &[("heads", &heads)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_two_heads() {
        let f = run(
            &HouseholdHeadMultiple,
            &[&["户编号", "与户主关系"], &["1", "户主"], &["1", "户主"], &["1", "之子"], &["2", "户主"]],
        );
        assert_eq!(rows(&f), [[2, 3, 4]]);
        assert!(f[0].message_zh.contains("2 名"));
    }

    #[test]
    fn passes_one_head_each() {
        assert!(run(&HouseholdHeadMultiple, &[&["户编号", "与户主关系"], &["1", "户主"], &["2", "户主"]]).is_empty());
    }
}
