//! `household-head-missing`: no member of the household is its head.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadMissing;

static META: Meta = Meta {
    key: "household-head-missing",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Relation],
    title_zh: "户内无户主",
    title_en: "Household has no head",
    message_zh: "户 {value} 的 {count} 名成员中没有与户主关系为“户主”的人",
    message_en: "None of the {count} members of household {value} is marked as head (户主)",
    doc: "**What:** no member of a household (rows sharing a 户编号) has 与户主关系 = 户主 \
(or 本人).\n\n\
**Why:** every household has exactly one head; without one the household cannot be \
reported, and often the head's row was deleted or typed under another 户编号.\n\n\
**Example:** household 5227310001 with members 配偶, 之子 only → error.",
    doc_zh: "**查什么：**一户（户编号相同的各行）里没有一个人的与户主关系是“户主”（或“本人”）。\n\n\
**为什么要紧：**每户必须有且只有一个户主；没有户主的户无法上报，常见原因是户主那一行被删了，或登记到了别的户编号下。\n\n\
**怎么改：**找到户主那一行，补回来或改正它的户编号；户主已去世或迁出的，按程序变更户主。\n\n\
**例子：**户 5227310001 只有配偶和之子 → 错误。",
};

impl Rule for HouseholdHeadMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            if !h.rows.iter().any(|&r| ctx.is_head(r)) {
                let count = h.rows.len().to_string();
                out.rows(&h.rows, Some(Role::Relation), h.key.to_owned(), &[("count", &count)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_household_without_head() {
        let f =
            run(&HouseholdHeadMissing, &[&["户编号", "与户主关系"], &["1", "户主"], &["2", "配偶"], &["2", "之子"]]);
        assert_eq!(rows(&f), [[3, 4]]);
        assert_eq!(f[0].household.as_deref(), Some("2"));
    }

    #[test]
    fn passes_household_with_head() {
        assert!(run(&HouseholdHeadMissing, &[&["户编号", "与户主关系"], &["1", "配偶"], &["1", "本人"]]).is_empty());
    }
}
