//! `person-id-legacy-15`: a 15-digit pre-1999 ID number.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card::IdForm;

pub struct PersonIdLegacy15;

static META: Meta = Meta {
    key: "person-id-legacy-15",
    severity: Severity::Info,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "15 位旧身份证号码",
    title_en: "Old 15-digit ID number",
    message_zh: "证件号码“{value}”是 15 位旧号码，对应的 18 位号码为 {id18}，建议更新",
    message_en: "ID number \"{value}\" is an old 15-digit number; its 18-digit form is {id18}",
    doc: "**What:** the ID is a 15-digit number of the pre-1999 form (6-digit region, YYMMDD, \
3-digit sequence, no check character). The finding gives its 18-digit form: `19` inserted \
before the year and the MOD 11-2 check character appended (GB 11643-1999; data.md §3).\n\n\
**Why:** other registers hold the 18-digit number; matching against them needs it. The \
checker already treats both forms as one person.\n\n\
**Example:** `360426910101007` → info, 18-digit form `360426199101010071`.",
    doc_zh: "**查什么：**证件号码是 1999 年以前的 15 位旧号码（6 位地区码、6 位出生年月日、3 位顺序码，没有校验码）。提示给出对应的 18 位号码：年份前加“19”，末尾补上校验码。\n\n\
**为什么要紧：**其他部门的名册用的是 18 位号码，比对时要用它；本程序已经把两种写法当作同一个人。\n\n\
**怎么改：**核对后改为提示给出的 18 位号码。\n\n\
**例子：**360426910101007 → 提示，18 位号码为 360426199101010071。",
};

impl Rule for PersonIdLegacy15 {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.id_state(row) == IdState::Valid(IdForm::Id15) {
                let id18 = ctx.canonical_id(row).unwrap_or_default();
                out.cell(row, Role::PersonId, &[("id18", id18)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_15_digit_number_with_its_18_digit_form() {
        let f = run(&PersonIdLegacy15, &[&["证件号码"], &["360426910101007"], &["360426199101010071"]]);
        assert_eq!(rows(&f), [[2]]);
        assert!(f[0].message_zh.contains("360426199101010071"));
    }

    #[test]
    fn passes_18_and_20_digit_numbers() {
        assert!(run(&PersonIdLegacy15, &[&["证件号码"], &["360426199101010071"], &["36042619910101007142"]]).is_empty());
    }
}
