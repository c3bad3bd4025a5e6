//! `gender-mismatch-id`: 性别 disagrees with the ID's 17th digit.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;
use crate::domain::id_card;

pub struct GenderMismatchId;

static META: Meta = Meta {
    key: "gender-mismatch-id",
    severity: Severity::Error,
    scope: Scope::Row,
    needs: &[Role::Gender, Role::PersonId],
    title_zh: "性别与证件号码不符",
    title_en: "Sex disagrees with the ID",
    message_zh: "性别填为“{value}”，但证件号码 {id} 第 17 位为 {digit}（{id_sex}），性别或证件号码有一项录错",
    message_en:
        "Sex is \"{value}\" but digit 17 of ID {id} is {digit} ({id_sex_en}); either the sex or the ID is wrong",
    doc: "**What:** the 性别 column (男/女, 男性/女性, or the codes 1/2) disagrees with the 17th \
digit of the ID: odd is male, even is female (GB 11643-1999 §4.3; data.md §3).\n\n\
**Why:** the sex digit of a real ID is never wrong, so one of the two cells was mistyped — or \
the ID belongs to another member of the family.\n\n\
**Example:** 性别 女 with ID `360426199101010071` (17th digit 7, male) → error.",
    doc_zh: "**查什么：**性别一栏（男/女、男性/女性，或代码 1/2）与身份证号码第 17 位不一致：第 17 位单数是男，双数是女。\n\n\
**为什么要紧：**真实身份证号码里的性别位不会错，所以两者必有一个录错了，或者号码是家里另一个人的。\n\n\
**怎么改：**对照身份证核对性别和号码，改正错的一项。\n\n\
**例子：**性别“女”，证件号码 360426199101010071（第 17 位是 7，男）→ 错误。",
};

impl Rule for GenderMismatchId {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(stated) = codes::sex(ctx.text(Role::Gender, row)) else { continue };
            let Some(id) = ctx.valid_id(row) else { continue };
            let Some(male) = id_card::is_male(id) else { continue };
            if stated != male {
                let (id_sex, id_sex_en) = if male { ("男", "male") } else { ("女", "female") };
                let digit = &id[16..17];
                out.cell(
                    row,
                    Role::Gender,
                    &[("id", id), ("digit", digit), ("id_sex", id_sex), ("id_sex_en", id_sex_en)],
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
    fn finds_sex_against_the_17th_digit() {
        let f = run(
            &GenderMismatchId,
            &[
                &["性别", "证件号码"],
                &["女", "360426199101010071"],
                &["1", "120103198806018241"],
                &["男", "120103198806018241"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[0].message_zh.contains("第 17 位为 7（男）"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_agreeing_unstated_and_unusable() {
        let f = run(
            &GenderMismatchId,
            &[
                &["性别", "证件号码"],
                &["男性", "360426199101010071"],
                &["2", "120103198806018241"],
                &["9", "120103198806018241"],
                &["男", "120103198806018242"],
                &["男", ""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
