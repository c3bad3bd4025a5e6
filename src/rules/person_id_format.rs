//! `person-id-format`: the value is no ID of any known form.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct PersonIdFormat;

static META: Meta = Meta {
    key: "person-id-format",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码格式错误",
    title_en: "ID number malformed",
    message_zh: "证件号码“{value}”格式不对：应为 18 位（前 17 位数字，末位数字或 X）、15 位旧号码或 20/22 位残疾人证号",
    message_en: "ID number \"{value}\" is malformed: expected 18 characters (17 digits then a digit or X), a 15-digit old number or a 20/22-character disability-certificate number",
    doc: "**What:** after removing an export's `#` or `'` mark, spaces and mapping full-width \
characters, the value is not 18 characters of `[0-9]{17}[0-9X]` (a resident ID, a residence \
permit of a Hong Kong, Macao or Taiwan resident, a 2023 foreigners' permanent residence ID), nor \
a 15-digit pre-1999 number, nor a 残疾人证 number (an 18-character ID and two characters, \
category and grade, sometimes a re-issue mark `B1`: 20 or 22 characters; their values are \
checked by `disability-number-invalid`), nor an older foreigners' permanent residence card \
(3 letters, 12 digits). Where a 证件类型 column names a document that is no ID (护照, 出生医学证明, \
通行证…), `id-type-mismatch` checks the number instead.\n\n\
**Why:** a malformed ID is a typing error (a digit dropped, `O` for `0`) and matches no one.\n\n\
**Example:** `36042619910101007` (17 digits) → error.",
    doc_zh: "**查什么：**去掉导出时加的“#”或单引号和空格、全角换成半角以后，号码既不是 18 位（前 17 位是数字，最后一位是数字或 X）的身份证号码、港澳台居民居住证号、外国人永久居留身份证号，也不是 15 位旧号码、20 或 22 位残疾人证号、旧式外国人永久居留证号（3 个字母加 12 位数字）。证件类型写明是护照、出生医学证明、通行证等其他证件的，由“证件号码与证件类型不符”检查。\n\n\
**为什么要紧：**格式不对的号码是打错了（少打一位，把数字 0 打成字母 O），和谁都对不上。\n\n\
**怎么改：**对照证件重新录入完整的号码。\n\n\
**例子：**36042619910101007（只有 17 位）→ 错误。",
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
            &[&["证件号码"], &["36042619910101007"], &["3604261991O1010071"], &["#3604261991010100714"]],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert_eq!(f[2].value, "#3604261991010100714", "quoted as written");
    }

    #[test]
    fn passes_all_valid_forms() {
        let ok: &[&[&str]] = &[
            &["证件号码"],
            &["360426199101010071"],
            &["360426910101007"],
            &["36042619910101007142"],
            &["36042619910101007142B1"],
            &["#36042619910101007182"],
            &["44011320141005001x"],
            &["#430723195112100013"],
            &["'360426199101010071"],
            &["\t360426199101010071  "],
            &["USA110919880015"],
        ];
        assert!(run(&PersonIdFormat, ok).is_empty());
        let passport = run(&PersonIdFormat, &[&["证件号码", "证件类型"], &["E12345678", "护照"]]);
        assert!(passport.is_empty(), "a passport number is for id-type-mismatch to judge");
    }
}
