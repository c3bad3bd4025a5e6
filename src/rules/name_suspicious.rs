//! `name-suspicious`: a name with digits, Latin letters or punctuation, or of one character.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct NameSuspicious;

static META: Meta = Meta {
    key: "name-suspicious",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[Role::Name],
    title_zh: "姓名可疑",
    title_en: "Suspicious name",
    message_zh: "姓名“{value}”{reason}，请核对是否录错",
    message_en: "Name \"{value}\" {reason_en}; check whether it was mistyped",
    doc: "**What:** a name holding anything but Chinese characters and the middle dot `·` of \
transcribed minority names — digits, Latin letters, punctuation, spaces — or only one \
character.\n\n\
**Why:** such names are typing slips (`张三1`, `李 四`), notes typed into the name cell \
(`王五（已故）`) or a surname alone; they fail every match with police hukou data.\n\n\
**Example:** `张三2` → warning; `阿依古丽·买买提` passes.",
    doc_zh: "**查什么：**姓名里除了汉字和少数民族译名用的间隔点“·”以外，还有数字、字母、标点或空格，或者只有一个字。\n\n\
**为什么要紧：**这样的姓名多半是打错了（张三1、李 四），把备注写进了姓名格（王五（已故）），或者只写了姓；和公安户籍比对都会失败。\n\n\
**怎么改：**对照户口簿改成正确的姓名；备注写到备注列。\n\n\
**例子：**“张三2” → 警告；“阿依古丽·买买提”没有问题。",
};

impl Rule for NameSuspicious {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let name = ctx.text(Role::Name, row);
            if name.is_empty() {
                continue;
            }
            let (reason, reason_en) = if let Some(c) = name.chars().find(|&c| !is_name_char(c)) {
                (
                    format!("含有非汉字字符“{c}”"),
                    format!("contains the character \"{c}\", which is no Chinese character"),
                )
            } else if name.chars().count() == 1 {
                ("只有一个字".to_owned(), "has one character only".to_owned())
            } else {
                continue;
            };
            out.cell(row, Role::Name, &[("reason", &reason), ("reason_en", &reason_en)]);
        }
    }
}

/// A CJK ideograph (basic block, extension A, extensions B–F, compatibility) or a middle dot.
fn is_name_char(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FA1F}'
        | '\u{F900}'..='\u{FAFF}' | '\u{3007}' | '·' | '•' | '‧' | '・' | '･')
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_digits_letters_punctuation_and_single_characters() {
        let f =
            run(&NameSuspicious, &[&["姓名"], &["张三2"], &["李 四"], &["王五（已故）"], &["Tom"], &["赵"], &["钱七"]]);
        assert_eq!(rows(&f), [[2], [3], [4], [5], [6]]);
        assert!(f[0].message_zh.contains("“2”"), "{}", f[0].message_zh);
        assert!(f[4].message_zh.contains("只有一个字"));
    }

    #[test]
    fn passes_chinese_and_transcribed_names() {
        let f = run(&NameSuspicious, &[&["姓名"], &["张三"], &["阿依古丽·买买提"], &["欧阳娜娜"], &["𠮷祥"], &[""]]);
        assert!(f.is_empty(), "{f:?}");
    }
}
