//! `household-spouse-multiple`: more than one member is the head's spouse.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdSpouseMultiple;

static META: Meta = Meta {
    key: "household-spouse-multiple",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Relation],
    title_zh: "户内多个配偶",
    title_en: "Household has several spouses",
    message_zh: "户 {value} 有 {spouses} 名成员标为“配偶”，户主只能有一名配偶；请核对与户主关系（如之儿媳误填为配偶）",
    message_en: "Household {value} has {spouses} members marked as spouse (配偶); the head has one spouse at most",
    doc: "**What:** more than one member of a household has 与户主关系 = 配偶.\n\n\
**Why:** the head has at most one spouse. A second 配偶 is usually a daughter-in-law or a \
son-in-law entered with the wrong relation, or two households merged under one 户编号 \
(a county checker's rule 06, data.md §2.2).\n\n\
**Example:** household 5227310001 with two 配偶 rows → error.",
    doc_zh: "**查什么：**一户里有不止一个人的与户主关系是“配偶”。\n\n\
**为什么要紧：**户主最多只有一个配偶；第二个“配偶”通常是儿媳或女婿的关系选错了，或者两户合到了一个户编号下。\n\n\
**怎么改：**对照户口簿，改正多出来的那个人的与户主关系（比如改为之儿媳），或者把另一户分出来。\n\n\
**例子：**户 5227310001 有两行“配偶” → 错误。",
};

impl Rule for HouseholdSpouseMultiple {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let spouses: Vec<usize> = h.rows.iter().copied().filter(|&r| is_spouse(ctx, r)).collect();
            if spouses.len() > 1 {
                out.rows(&spouses, Some(Role::Relation), h.key.to_owned(), &[("spouses", &spouses.len().to_string())]);
            }
        }
    }
}

/// True when data row `row` is the head's spouse.
pub fn is_spouse(ctx: &Context<'_>, row: usize) -> bool {
    ctx.label(Role::Relation, row) == Some("配偶")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_two_spouses() {
        let f = run(
            &HouseholdSpouseMultiple,
            &[&["户编号", "与户主关系"], &["1", "户主"], &["1", "配偶"], &["1", "之子"], &["1", "妻子"]],
        );
        assert_eq!(rows(&f), [[3, 5]]);
        assert!(f[0].message_zh.contains("2 名"));
    }

    #[test]
    fn passes_one_spouse_per_household() {
        let f = run(
            &HouseholdSpouseMultiple,
            &[&["户编号", "与户主关系"], &["1", "户主"], &["1", "配偶"], &["2", "户主"], &["2", "配偶"]],
        );
        assert!(f.is_empty());
    }
}
