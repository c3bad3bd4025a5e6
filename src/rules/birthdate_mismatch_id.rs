//! `birthdate-mismatch-id`: 出生日期 disagrees with digits 7–14 of the ID.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card;

pub struct BirthdateMismatchId;

static META: Meta = Meta {
    key: "birthdate-mismatch-id",
    severity: Severity::Error,
    scope: Scope::Row,
    needs: &[Role::BirthDate, Role::PersonId],
    title_zh: "出生日期与证件号码不符",
    title_en: "Birth date disagrees with the ID",
    message_zh: "出生日期填为“{value}”，但证件号码 {id} 中的出生日期是 {id_date}，两者有一项录错",
    message_en: "Birth date is \"{value}\" but ID {id} gives {id_date}; one of them is wrong",
    doc: "**What:** the 出生日期 column, read in any of the forms registers write (`1980-05-03`, \
`19800503`, `1980.5.3`, `1980年5月3日`, a date cell), is another day than digits 7–14 of a valid \
ID (data.md §3).\n\n\
**Why:** the ID's date is fixed; a different 出生日期 was mistyped or belongs to someone else, \
and ages computed from it (school, labour, head of household) are off.\n\n\
**Example:** 出生日期 `1991-10-01` with ID `360426199101010071` → error.",
    doc_zh: "**查什么：**出生日期一栏（1980-05-03、19800503、1980.5.3、1980年5月3日、日期格式的单元格都能读）与身份证号码第 7 到 14 位的出生日期不是同一天。\n\n\
**为什么要紧：**身份证上的出生日期是定的；出生日期填得不一样，要么打错了，要么是别人的，按它算出的年龄（上学、劳动力、户主）都会错。\n\n\
**怎么改：**对照身份证，把出生日期改成与号码一致；如果是号码打错了，改号码。\n\n\
**例子：**出生日期 1991-10-01，证件号码 360426199101010071（1991 年 1 月 1 日出生）→ 错误。",
};

impl Rule for BirthdateMismatchId {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(stated) = ctx.stated_birth_date(row) else { continue };
            let Some(id) = ctx.valid_id(row) else { continue };
            let Some(in_id) = id_card::birth_date(id) else { continue };
            if stated != in_id {
                out.cell(row, Role::BirthDate, &[("id", id), ("id_date", &in_id.to_string())]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_other_day_than_the_id() {
        let f = run(
            &BirthdateMismatchId,
            &[&["出生日期", "证件号码"], &["1991-10-01", "360426199101010071"], &["19880601", "120103198806018241"]],
        );
        assert_eq!(rows(&f), [[2]]);
        assert!(f[0].message_zh.contains("是 1991-01-01"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_every_written_form_of_the_same_day() {
        let f = run(
            &BirthdateMismatchId,
            &[
                &["出生日期", "证件号码"],
                &["1991.1.1", "360426199101010071"],
                &["1991年1月1日", "360426199101010071"],
                &["1991-01-01", "360426910101007"],
                &["", "360426199101010071"],
                &["1991-05-05", "360426199101010072"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
