//! `spouse-same-gender`: the head and the spouse are of the same sex.

use super::household_spouse_multiple::is_spouse;
use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct SpouseSameGender;

static META: Meta = Meta {
    key: "spouse-same-gender",
    severity: Severity::Warning,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::Relation],
    title_zh: "户主与配偶性别相同",
    title_en: "Head and spouse of the same sex",
    message_zh: "户 {household} 的户主和配偶都是{sex}性，请核对性别、证件号码或与户主关系",
    message_en: "The head and the spouse of household {household} are both {sex_en}; check sex, ID and relation",
    doc: "**What:** the head (户主) and the spouse (配偶) of a household are of the same sex, \
judged by 性别, or by the 17th digit of the ID where 性别 is missing or blank (Gzuwkj 2_02_001; \
county checker rule 28, data.md §2).\n\n\
**Why:** usually the sex or the ID of one of them was mistyped, or a child was entered as 配偶.\n\n\
**Example:** 户主 男 and 配偶 男 → warning.",
    doc_zh: "**查什么：**一户的户主和配偶性别相同（看性别一栏，空着时看号码第 17 位）。\n\n\
**为什么要紧：**通常是其中一人的性别或号码打错了，或者把孩子填成了配偶。\n\n\
**怎么改：**对照户口簿改正性别、号码或与户主关系。\n\n\
**例子：**户主男，配偶也是男 → 警告。",
};

impl Rule for SpouseSameGender {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let Some(&head) = h.rows.iter().find(|&&r| ctx.is_head(r)) else { continue };
            let Some(head_male) = ctx.is_male(head) else { continue };
            for &r in h.rows.iter().filter(|&&r| is_spouse(ctx, r)) {
                if ctx.is_male(r) == Some(head_male) {
                    let (sex, sex_en) = if head_male { ("男", "male") } else { ("女", "female") };
                    let value = ctx.text(Role::Gender, r).to_owned();
                    out.rows(
                        &[head, r],
                        Some(Role::Gender),
                        value,
                        &[("household", h.key), ("sex", sex), ("sex_en", sex_en)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_same_sex_by_column_or_by_id() {
        let f = run(
            &SpouseSameGender,
            &[
                &["户编号", "与户主关系", "性别", "证件号码"],
                &["1", "户主", "男", ""],
                &["1", "配偶", "男", ""],
                &["2", "户主", "", "120103198806018241"],
                &["2", "配偶", "", "11010519491231002X"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3], [4, 5]]);
        assert!(f[1].message_zh.contains("都是女性"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_couples_of_both_sexes_and_unknown_sex() {
        let f = run(
            &SpouseSameGender,
            &[
                &["户编号", "与户主关系", "性别", "证件号码"],
                &["1", "户主", "男", ""],
                &["1", "配偶", "女", ""],
                &["2", "户主", "1", ""],
                &["2", "配偶", "", ""],
            ],
        );
        assert!(f.is_empty());
    }
}
