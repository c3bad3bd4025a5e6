//! `person-id-format`: the value is no ID of any known form.

use super::{Context, IdState, Meta, Out, Rule};
use crate::finding::{Scope, Severity};
use crate::roles::Role;

pub struct PersonIdFormat;

static META: Meta = Meta {
    key: "person-id-format",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码格式错误",
    title_en: "ID number malformed",
    message_zh: "证件号码“{value}”格式不对：应为 18 位（前 17 位数字，末位数字或 X）、15 位旧号码或 20 位残疾人证号",
    message_en: "ID number \"{value}\" is malformed: expected 18 characters (17 digits then a digit or X), a 15-digit old number or a 20-digit disability-certificate number",
    doc: "**What:** after removing spaces and mapping full-width characters, the value is not \
18 characters of `[0-9]{17}[0-9X]`, nor a 15-digit pre-1999 number, nor a 20-digit 残疾人证 \
number (an 18-character ID, a category digit 1–7 and a grade digit 1–4).\n\n\
**Why:** a malformed ID is a typing error (a digit dropped, `O` for `0`) and matches no one.\n\n\
**Example:** `36042619910101007` (17 digits) → error.",
};

impl Rule for PersonIdFormat {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.id_state(row) == IdState::BadFormat {
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
    fn finds_wrong_length_and_letters() {
        let f = run(
            &PersonIdFormat,
            &[&["证件号码"], &["36042619910101007"], &["3604261991O1010071"], &["36042619910101007182"]],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
    }

    #[test]
    fn passes_all_valid_forms() {
        let ok: &[&[&str]] = &[
            &["证件号码"],
            &["360426199101010071"],
            &["360426910101007"],
            &["36042619910101007142"],
            &["44011320141005001x"],
        ];
        assert!(run(&PersonIdFormat, ok).is_empty());
    }
}
