//! `person-id-not-normalized`: an ID that is valid only once cleaned of spaces, full-width
//! characters, invisible marks or a lower-case `x`.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card;

pub struct PersonIdNotNormalized;

static META: Meta = Meta {
    key: "person-id-not-normalized",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码含多余字符",
    title_en: "ID number not in standard form",
    message_zh: "证件号码含空格、全角字符、不可见字符或小写 x，规范写法为 {normalized}；其他系统按原样比对时会认为号码不符",
    message_en: "The ID holds spaces, full-width or invisible characters or a lower-case x; its standard form is {normalized}. Systems comparing it as typed will not match it",
    doc: "**What:** the 证件号码 is a valid ID once spaces (also NBSP and the full-width space), \
zero-width marks, full-width digits or letters and a lower-case `x` are cleaned away, but the \
cell does not hold it in that form. Reported only when the cleaned value is valid; the value \
shown is the cell as typed. The marks an export writes to keep a number text — a leading `#`, \
`'` or tab, trailing spaces or tabs — are no fault and not reported.\n\n\
**Why:** copying from web pages, WeChat or Word brings invisible characters along; 公安 and \
bank systems compare IDs as typed, so a match against them fails although the number is right.\n\n\
**Example:** `３６０４２６１９９１０１０１００７ｘ` or `360426199101010071\u{00A0}` → warning, \
standard form `360426199101010071`.",
    doc_zh: "**查什么：**证件号码去掉空格（包括全角空格）、看不见的字符，把全角数字和字母换成半角、小写 x 换成大写 X 以后是有效号码，但单元格里不是这种规范写法。导出时为保持文本而加的开头的“#”、单引号和末尾的空格不算问题。\n\n\
**为什么要紧：**从网页、微信、文档里复制来的号码常带着看不见的字符；公安、银行系统按原样比对，号码明明是对的也对不上。\n\n\
**怎么改：**把单元格改成提示给出的规范写法（可以直接复制）。\n\n\
**例子：**全角的“３６０４２６１９９１０１０１００７ｘ” → 警告，规范写法 360426199101010071。",
};

impl Rule for PersonIdNotNormalized {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(col) = ctx.col(Role::PersonId) else { return };
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !matches!(ctx.id_state(row), IdState::Valid(_)) {
                continue;
            }
            // The export's own marks (`#`, `'`, trailing spaces) are no fault; the rest is typed.
            let raw = ctx.table.text(col, row);
            // Digits and capitals only, the usual ID is in standard form as written.
            if raw.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
                continue;
            }
            let normalized = id_card::normalized(raw);
            if normalized != crate::base::text::unmark(raw) {
                out.rows(&[row], Some(Role::PersonId), raw.to_owned(), &[("normalized", &normalized)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{rows, run};

    #[test]
    fn finds_full_width_invisible_and_lower_case_forms() {
        let f = run(
            &PersonIdNotNormalized,
            &[
                &["证件号码"],
                &["３６０４２６１９９１０１０１００７１"],
                &["36042619910101008\u{FF58}"],
                &["\u{00A0}360426199101010071"],
                &["360426\u{200B}199101010071"],
                &["36042619910101008x"],
            ],
        );
        assert_eq!(rows(&f), [vec![2], vec![3], vec![4], vec![5], vec![6]]);
        assert!(
            f.iter()
                .any(|x| x.value == "\u{00A0}360426199101010071"
                    && x.message_zh.contains("规范写法为 360426199101010071"))
        );
    }

    #[test]
    fn passes_the_marks_exports_write() {
        let f = run(
            &PersonIdNotNormalized,
            &[&["证件号码"], &["#360426199101010071"], &["'360426199101010071"], &["360426199101010071 \t"]],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn passes_clean_and_invalid_ids() {
        assert!(run(
            &PersonIdNotNormalized,
            &[&["证件号码"], &["360426199101010071"], &["３６０４２６"], &["36042619910101007２"]]
        )
        .is_empty());
    }
}
