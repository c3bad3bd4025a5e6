//! `relation-gender-inconsistent`: a relation that implies a sex disagrees with the member's sex.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes::{FEMALE_RELATIONS, MALE_RELATIONS};

pub struct RelationGenderInconsistent;

static META: Meta = Meta {
    key: "relation-gender-inconsistent",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Relation],
    title_zh: "与户主关系与性别不符",
    title_en: "Relation disagrees with sex",
    message_zh: "与户主关系为“{value}”，应为{want}性，但性别为{sex}；请核对与户主关系、性别或证件号码",
    message_en: "Relation \"{value}\" implies a {want_en}, but the member is {sex_en}; check relation, sex or ID",
    doc: "**What:** a relation that implies a sex — 之子 之父 之公公 之女婿 之孙子 之外孙子 之岳父 \
之侄儿 之祖父 之外祖父 之叔伯 之曾孙子 for men, 之女 之母 之婆婆 之儿媳 之孙女 之外孙女 之岳母 之侄女 \
之祖母 之外祖母 之兄弟媳妇 之曾孙女 for women — disagrees with 性别, or with the ID's 17th digit \
where 性别 is missing (Gzuwkj 2_01_004, data.md §2.1). 配偶, 之兄弟姐妹 and 其他 fit either.\n\n\
**Why:** 之子 for a daughter or 之儿媳 for a son-in-law is a picking slip in the relation list \
that misstates the family.\n\n\
**Example:** 之子 with 性别 女 → warning.",
    doc_zh: "**查什么：**与户主关系本身带有性别——之子、之父、之公公、之女婿、之孙子、之外孙子、之岳父、之侄儿、之祖父、之外祖父、之叔伯、之曾孙子是男性；之女、之母、之婆婆、之儿媳、之孙女、之外孙女、之岳母、之侄女、之祖母、之外祖母、之兄弟媳妇、之曾孙女是女性——与性别不一致（性别空着时看号码第 17 位）。配偶、之兄弟姐妹、其他，男女都可以。\n\n\
**为什么要紧：**把女儿选成之子、把女婿选成之儿媳，是在关系列表里点错了，家庭结构就记错了。\n\n\
**怎么改：**对照户口簿改正与户主关系或性别。\n\n\
**例子：**之子，性别“女” → 警告。",
};

impl Rule for RelationGenderInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(relation) = ctx.label(Role::Relation, row) else { continue };
            let want_male = if MALE_RELATIONS.contains(&relation) {
                true
            } else if FEMALE_RELATIONS.contains(&relation) {
                false
            } else {
                continue;
            };
            if ctx.is_male(row) == Some(!want_male) {
                let (want, want_en, sex, sex_en) =
                    if want_male { ("男", "man", "女", "female") } else { ("女", "woman", "男", "male") };
                out.cell(
                    row,
                    Role::Relation,
                    &[("want", want), ("want_en", want_en), ("sex", sex), ("sex_en", sex_en)],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_son_who_is_female_and_daughter_in_law_by_id() {
        let f = run(
            &RelationGenderInconsistent,
            &[
                &["与户主关系", "性别", "证件号码"],
                &["之子", "女", ""],
                &["之儿媳", "", "360426199101010071"],
                &["之外祖父", "女", ""],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[0].message_zh.contains("应为男性，但性别为女"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_fitting_and_sexless_relations() {
        let f = run(
            &RelationGenderInconsistent,
            &[
                &["与户主关系", "性别", "证件号码"],
                &["之子", "男", ""],
                &["之女", "2", ""],
                &["配偶", "男", ""],
                &["之兄弟姐妹", "女", ""],
                &["之母", "", ""],
            ],
        );
        assert!(f.is_empty());
    }
}
