//! `person-id-missing`: 证件号码 empty or a placeholder.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct PersonIdMissing;

static META: Meta = Meta {
    key: "person-id-missing",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码缺失",
    title_en: "ID number missing",
    message_zh: "证件号码为空或为占位值 {value}",
    message_en: "ID number is empty or a placeholder: {value}",
    doc: "**What:** 证件号码 is empty, or holds a placeholder offices type for \"no ID\": \
`无`, `/`, `-`, `0`, or a number starting `999999`.\n\n\
**Why:** a person without an ID cannot be matched against police, medical-insurance or \
other registers, nor told apart from a namesake.\n\n\
**Example:** `999999199001010011` → error.",
    doc_zh: "**查什么：**证件号码是空的，或填的是表示“没有号码”的占位内容：无、/、-、0，或以 999999 开头的号码。\n\n\
**为什么要紧：**没有证件号码的人，无法和公安、医保等名册比对，也分不清同名同姓的人。\n\n\
**怎么改：**对照户口簿或身份证补填号码；确实没有号码的（比如还没落户的新生儿），办好户口后尽快补填。\n\n\
**例子：**999999199001010011 → 错误。",
};

impl Rule for PersonIdMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.id_state(row) == IdState::Missing {
                out.cell(row, Role::PersonId, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_empty_and_placeholders() {
        let f =
            run(&PersonIdMissing, &[&["证件号码"], &[""], &["无"], &["999999199001010011"], &["360426199101010071"]]);
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert_eq!(f[1].value, "无");
        assert_eq!(f[0].message_zh, "证件号码为空或为占位值 （空）");
    }

    #[test]
    fn passes_real_ids() {
        assert!(run(&PersonIdMissing, &[&["证件号码"], &["360426199101010071"], &["12345"]]).is_empty());
    }
}
