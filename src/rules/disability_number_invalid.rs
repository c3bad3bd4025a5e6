//! `disability-number-invalid`: a 残疾人证号 in the ID column whose category, grade or re-issue
//! mark does not exist.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card::{self, DisabilityFault, IdForm, DISABILITY_CATEGORIES};

pub struct DisabilityNumberInvalid;

static META: Meta = Meta {
    key: "disability-number-invalid",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "残疾人证号类别或等级不存在",
    title_en: "Disability certificate number with an impossible category or grade",
    message_zh: "残疾人证号“{value}”{problem}；残疾人证号为 18 位身份证号＋残疾类别（1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重）＋残疾等级（1–4），补办的证后加 B1、B2…",
    message_en: "Disability certificate number \"{value}\": {problem_en}. The number is the holder's 18-character ID, the category (1 visual, 2 hearing, 3 speech, 4 physical, 5 intellectual, 6 mental, 7 multiple) and the grade (1–4), with B1, B2… for a re-issued card",
    doc: "**What:** the ID column holds a second-generation 残疾人证 number — the holder's \
18-character ID, then the disability category and grade, 20 characters, and for a re-issued card \
a mark `B1`, `B2`… (22) — whose 19th character is no category 1–7 (视力 听力 言语 肢体 智力 精神 \
多重, GB/T 26341-2010), whose 20th is no grade 1–4, or whose last two are no re-issue mark. The ID \
inside is still read and checked by the ID rules, and used for age, sex and duplicates \
(Gzuwkj 1_01_004, 4_01_007, 5_16_008 read the same layout).\n\n\
**Why:** the category and grade decide the disability subsidies (两项补贴 for grades 1–2) and \
the 因残 checks; a number with category 8 was mistyped and matches no certificate of the 残联 \
system.\n\n\
**Example:** `36042619910101007182` → error, category 8 does not exist.",
    doc_zh: "**查什么：**证件号码一栏填的是第二代残疾人证号（18 位身份证号后面加残疾类别和等级，共 20 位；补办的证再加 B1、B2 等，共 22 位），但第 19 位不是 1 到 7 的残疾类别（1 视力、2 听力、3 言语、4 肢体、5 智力、6 精神、7 多重），或第 20 位不是 1 到 4 的等级，或最后两位不是补办标记。号码里的身份证号照常检查。\n\n\
**为什么要紧：**残疾类别和等级决定残疾人两项补贴和因残相关的核查；类别是 8 的号码一定打错了，在残联系统里查不到。\n\n\
**怎么改：**对照残疾人证，重新录入最后的类别和等级。\n\n\
**例子：**36042619910101007182 → 错误，没有第 8 类残疾。",
};

impl Rule for DisabilityNumberInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !matches!(ctx.id_state(row), IdState::Valid(IdForm::Disability) | IdState::BadChecksum) {
                continue;
            }
            let id = id_card::normalized(ctx.text(Role::PersonId, row));
            if id_card::form(&id) != IdForm::Disability {
                continue;
            }
            let (problem, problem_en) = match id_card::disability_code(&id) {
                Ok(_) => continue,
                Err(DisabilityFault::Category(c)) => (
                    format!("第 19 位残疾类别 {c} 不存在（应为 1–7）"),
                    format!("the category (19th character) {c} does not exist (1–7)"),
                ),
                Err(DisabilityFault::Grade(g)) => {
                    let category = DISABILITY_CATEGORIES[usize::from(id.as_bytes()[18] - b'1')];
                    (
                        format!("第 20 位残疾等级 {g} 不存在（{category}残疾应为 1–4 级）"),
                        format!("the grade (20th character) {g} does not exist (1–4)"),
                    )
                }
                Err(DisabilityFault::Reissue) => (
                    format!("第 21–22 位“{}”不是补办标记（应为 B1、B2…）", &id[20..]),
                    format!("characters 21–22, \"{}\", are no re-issue mark (B1, B2…)", &id[20..]),
                ),
            };
            out.cell(row, Role::PersonId, &[("problem", &problem), ("problem_en", &problem_en)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_impossible_category_grade_and_reissue_mark() {
        let f = run(
            &DisabilityNumberInvalid,
            &[
                &["证件号码"],
                &["#36042619910101007182"],
                &["36042619910101007145"],
                &["36042619910101007142C1"],
                &["36042619910101007202"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5]]);
        assert!(f[0].message_zh.contains("第 19 位残疾类别 8 不存在"), "{}", f[0].message_zh);
        assert_eq!(f[0].value, "#36042619910101007182");
        assert!(f[1].message_zh.contains("肢体残疾应为 1–4 级"), "{}", f[1].message_zh);
        assert!(f[2].message_zh.contains("“C1”不是补办标记"), "{}", f[2].message_zh);
        assert!(f[3].message_zh.contains("类别 0 不存在"), "a wrong check character does not hide it");
    }

    #[test]
    fn passes_right_numbers_and_plain_ids() {
        let f = run(
            &DisabilityNumberInvalid,
            &[
                &["证件号码"],
                &["36042619910101007142"],
                &["#36042619910101007171B2"],
                &["360426199101010071"],
                &["3604261991010100718"],
                &[""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
