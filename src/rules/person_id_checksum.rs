//! `person-id-checksum`: the ISO 7064 MOD 11-2 check character is wrong.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card;

pub struct PersonIdChecksum;

static META: Meta = Meta {
    key: "person-id-checksum",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码校验位错误",
    title_en: "ID check character wrong",
    message_zh: "{doc}“{value}”校验位错误（按前 17 位应为 {expected}），号码中有数字录错",
    message_en:
        "{doc_en} \"{value}\" has a wrong check character (the first 17 digits give {expected}): a digit was mistyped",
    doc: "**What:** the 18th character of the ID is not the ISO 7064 MOD 11-2 check character \
of the first 17 digits (GB 11643-1999). The same holds for the ID inside a 残疾人证号, for the \
residence permits of Hong Kong, Macao and Taiwan residents and for the 2023 foreigners' permanent \
residence ID: the message names the document.\n\n\
**Why:** the check character catches nearly every single-digit typo and most swapped digit \
pairs: a wrong one means the number was mistyped.\n\n\
**Example:** `360426199101010072` → error (the check character should be `1`).",
    doc_zh: "**查什么：**18 位证件号码的最后一位（校验码）与按前 17 位算出的不符。残疾人证号里的身份证号码、港澳台居民居住证、2023 年版外国人永久居留身份证也同样检查，提示会写明是哪种证件。\n\n\
**为什么要紧：**校验码能发现几乎所有打错一位和大多数相邻两位颠倒的情况：校验码不对，号码里就有数字打错了。\n\n\
**怎么改：**对照身份证逐位核对，重新录入。\n\n\
**例子：**360426199101010072 → 错误（按前 17 位，最后一位应为 1）。",
};

impl Rule for PersonIdChecksum {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.id_state(row) == IdState::BadChecksum {
                let id = id_card::normalize(ctx.text(Role::PersonId, row));
                let expected = (id_card::check_char(&id.as_bytes()[..17]) as char).to_string();
                let doc = ctx.id_document(row).unwrap_or(id_card::Document::ResidentId);
                out.cell(
                    row,
                    Role::PersonId,
                    &[("expected", &expected), ("doc", doc.name_zh()), ("doc_en", doc.name_en())],
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
    fn finds_wrong_check_character() {
        let f = run(&PersonIdChecksum, &[&["证件号码"], &["360426199101010072"], &["36042619910102009X"]]);
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.contains("应为 1"), "{}", f[0].message_zh);
        assert!(f[0].message_zh.starts_with("证件号码“"), "{}", f[0].message_zh);
    }

    #[test]
    fn finds_wrong_check_character_inside_other_documents_in_their_words() {
        let f = run(&PersonIdChecksum, &[&["证件号码"], &["#36042619910101007242"], &["810000199001010011"]]);
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.starts_with("残疾人证号“#36042619910101007242”校验位错误"), "{}", f[0].message_zh);
        assert!(f[1].message_zh.starts_with("港澳居民居住证号码"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_right_check_character() {
        assert!(run(&PersonIdChecksum, &[&["证件号码"], &["11010519491231002X"], &["360426910101007"]]).is_empty());
    }
}
