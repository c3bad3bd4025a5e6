//! `id-type-mismatch`: the number in the ID column is not of the kind the 证件类型 column states.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes::{self, IdType};
use crate::domain::id_card::{self, Document};

pub struct IdTypeMismatch;

static META: Meta = Meta {
    key: "id-type-mismatch",
    severity: Severity::Warning,
    scope: Scope::Row,
    // Without a 证件类型 column the rule has nothing to compare: it is not run, and that is no
    // missing column.
    needs: &[Role::PersonId],
    title_zh: "证件号码与证件类型不符",
    title_en: "ID number does not fit the ID type",
    message_zh: "证件类型为“{id_type}”，但证件号码“{value}”{problem}；请核对证件类型或号码",
    message_en: "The ID type is \"{id_type}\" but the number \"{value}\" {problem_en}; check the type or the number",
    doc: "**What:** where the sheet has a 证件类型 column, the number in the ID column is not of the \
kind it states: 居民身份证/身份证/户口簿 need a resident ID (18 characters or the old 15 digits), \
残疾人证 a 残疾人证号 (the holder's ID, category and grade: 20 or 22 characters), 港澳居民居住证 a \
number on 810000 or 820000, 台湾居民居住证 one on 830000, 外国人永久居留身份证 an 18-character \
number starting with 9 or the older 3 letters and 12 digits; 护照 needs 5–17 letters and digits \
and 出生医学证明 a letter and 9 digits, and neither may be an ID number. Types of other documents \
(通行证, 军官证, 其他) and unknown or empty types are not judged; a number of no form at all is \
`person-id-format`'s.\n\n\
**Why:** the type decides how the number is verified (公安, 残联, 移民管理) and rules such as the \
因残 checks read it: a 残疾人证号 recorded as 居民身份证, or an ID recorded as 护照, sends the \
record to the wrong system.\n\n\
**Example:** 证件类型 居民身份证, 证件号码 `36042619910101007142` → warning: the number is a \
残疾人证号.",
    doc_zh: "**查什么：**表里有证件类型一列时，证件号码与证件类型对不上：居民身份证、身份证、户口簿要 18 位身份证号码（或 15 位旧号码）；残疾人证要残疾人证号（20 或 22 位）；港澳居民居住证要以 810000 或 820000 开头；台湾居民居住证要以 830000 开头；外国人永久居留身份证要以 9 开头的 18 位号码，或旧式的 3 个字母加 12 位数字；护照要 5 到 17 位字母和数字，出生医学证明要 1 个字母加 9 位数字，而且都不能是身份证号码。其他证件类型或空着的不判断。\n\n\
**为什么要紧：**证件类型决定号码拿到哪个系统去核验（公安、残联、移民管理），因残等检查也要读它；类型填错了，记录就送错了系统。\n\n\
**怎么改：**按实际证件改正证件类型，或改正号码。\n\n\
**例子：**证件类型“居民身份证”，证件号码 36042619910101007142 → 警告：这是残疾人证号。",
};

/// The number's kind, in a finding's words.
fn kind_zh(doc: Document) -> (&'static str, &'static str) {
    match doc {
        Document::ResidentId => ("居民身份证号码", "a resident ID number"),
        Document::Disability => ("残疾人证号", "a disability certificate number"),
        Document::HongKongMacao => ("港澳居民居住证号码", "a Hong Kong/Macao residence permit number"),
        Document::Taiwan => ("台湾居民居住证号码", "a Taiwan residence permit number"),
        Document::ForeignPermanent => ("外国人永久居留身份证号码", "a foreigner's permanent residence ID number"),
    }
}

/// True when a number of document `doc` fits the stated type.
fn fits(stated: IdType, doc: Document) -> bool {
    match stated {
        IdType::ResidentId => doc == Document::ResidentId,
        IdType::Disability => doc == Document::Disability,
        IdType::HongKongMacao => doc == Document::HongKongMacao,
        IdType::Taiwan => doc == Document::Taiwan,
        IdType::HongKongMacaoTaiwan => matches!(doc, Document::HongKongMacao | Document::Taiwan),
        IdType::ForeignPermanent => doc == Document::ForeignPermanent,
        IdType::Passport | IdType::BirthCertificate => false,
        IdType::Other => true,
    }
}

/// What is wrong with the number of a document that is no ID, if anything.
fn other_document_problem(stated: IdType, number: &str) -> Option<(&'static str, &'static str)> {
    let b = number.as_bytes();
    match stated {
        IdType::Passport if !((5..=17).contains(&b.len()) && b.iter().all(u8::is_ascii_alphanumeric)) => {
            Some(("不像护照号码（应为 5–17 位字母和数字）", "is no passport number (5–17 letters and digits)"))
        }
        IdType::BirthCertificate
            if !(b.len() == 10 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)) =>
        {
            Some((
                "不像出生医学证明编号（应为 1 位字母和 9 位数字）",
                "is no birth certificate number (a letter and 9 digits)",
            ))
        }
        _ => None,
    }
}

impl Rule for IdTypeMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.col(Role::IdType).is_none() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let id_type = ctx.text(Role::IdType, row);
            let Some(stated) = codes::id_type(id_type) else { continue };
            let (problem, problem_en) = match ctx.id_state(row) {
                IdState::OtherDocument => {
                    let number = id_card::normalized(ctx.text(Role::PersonId, row));
                    match other_document_problem(stated, &number) {
                        Some((zh, en)) => (zh.to_owned(), en.to_owned()),
                        None => continue,
                    }
                }
                IdState::Valid(_) | IdState::BadChecksum => {
                    let Some(doc) = ctx.id_document(row) else { continue };
                    if fits(stated, doc) {
                        continue;
                    }
                    let (zh, en) = kind_zh(doc);
                    (format!("是{zh}"), format!("is {en}"))
                }
                _ => continue,
            };
            out.cell(row, Role::PersonId, &[("id_type", id_type), ("problem", &problem), ("problem_en", &problem_en)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_numbers_of_another_kind_than_stated() {
        let f = run(
            &IdTypeMismatch,
            &[
                &["证件号码", "证件类型"],
                &["#36042619910101007142", "居民身份证"],
                &["360426199101010071", "残疾人证"],
                &["810000199001010019", "台湾居民居住证"],
                &["360426199101010071", "外国人永久居留身份证"],
                &["360426199101010071", "护照"],
                &["E12", "护照"],
                &["12345678", "出生医学证明"],
                &["931840198506120027", "身份证"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5], [6], [7], [8], [9]]);
        assert!(f[0].message_zh.contains("“#36042619910101007142”是残疾人证号"), "{}", f[0].message_zh);
        assert!(f[1].message_zh.contains("是居民身份证号码"), "{}", f[1].message_zh);
        assert!(f[5].message_zh.contains("不像护照号码"), "{}", f[5].message_zh);
        assert!(f[7].message_zh.contains("是外国人永久居留身份证号码"), "{}", f[7].message_zh);
    }

    #[test]
    fn passes_numbers_that_fit_and_types_it_does_not_judge() {
        let f = run(
            &IdTypeMismatch,
            &[
                &["证件号码", "证件类型"],
                &["#360426199101010071", "居民身份证"],
                &["360426910101007", "身份证"],
                &["360426199101010071", "户口簿"],
                &["36042619910101007142B1", "残疾人证"],
                &["810000199001010019", "港澳居民居住证"],
                &["830000199001010039", "港澳台居民居住证"],
                &["931840198506120027", "外国人永久居留身份证"],
                &["USA110919880015", "外国人永久居留证"],
                &["E12345678", "护照"],
                &["O440012345", "出生医学证明"],
                &["H12345678", "港澳居民来往内地通行证"],
                &["360426199101010071", ""],
                &["360426199101010071", "不知道"],
                &["", "居民身份证"],
                &["3604", "居民身份证"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
        assert!(run(&IdTypeMismatch, &[&["证件号码"], &["36042619910101007142"]]).is_empty());
    }
}
