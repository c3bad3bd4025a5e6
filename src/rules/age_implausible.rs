//! `age-implausible`: age at the reference date below 0 or above `max_age`.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct AgeImplausible;

static META: Meta = Meta {
    key: "age-implausible",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "年龄不合理",
    title_en: "Implausible age",
    message_zh: "出生日期 {value}，按 {date} 计年龄为 {age} 岁，不在 0–{max} 岁之间，请核对出生日期和证件号码",
    message_en: "Born {value}: aged {age} at {date}, outside 0–{max}; check the birth date and the ID",
    doc: "**What:** the age at the profile's reference date, from 出生日期 or else from the ID, \
is below 0 (born after the reference date) or above `max_age` (110).\n\n\
**Why:** such ages are typing slips in the birth date (1891 for 1981), or a person who has \
died and not been removed (自然减少 not recorded).\n\n\
**Example:** 出生日期 `1891-05-03` at reference date 2020-12-31 → warning (age 129).",
    doc_zh: "**查什么：**按检查基准日算出的年龄（先看出生日期，没有就从身份证号码算）小于 0 岁（出生在基准日之后），或大于 110 岁。\n\n\
**为什么要紧：**多半是出生日期打错了（把 1981 打成 1891），或者人已去世却没有做自然减少。\n\n\
**怎么改：**对照户口簿或身份证核对出生日期并改正；人已去世的，按程序减员。\n\n\
**例子：**出生日期 1891-05-03，基准日 2020-12-31，算出 129 岁 → 警告。",
};

impl Rule for AgeImplausible {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let max = ctx.profile.max_age;
        let column = if ctx.col(Role::BirthDate).is_some() { Role::BirthDate } else { Role::PersonId };
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(age) = ctx.age(row) else { continue };
            if age < 0 || age > max {
                let born = ctx.birth_date(row).map(|d| d.to_string()).unwrap_or_default();
                let date = ctx.reference_date(row).to_string();
                out.rows(
                    &[row],
                    Some(column),
                    born,
                    &[("age", &age.to_string()), ("max", &max.to_string()), ("date", &date)],
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
    fn finds_too_old_and_unborn() {
        let f = run(
            &AgeImplausible,
            &[&["出生日期", "证件号码"], &["1891-05-03", ""], &["2021-03-01", ""], &["", "360426190501010010"]],
        );
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert!(f[0].message_zh.contains("129 岁"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_plausible_ages_and_leaves_bad_ids_to_id_rules() {
        let f = run(
            &AgeImplausible,
            &[&["出生日期", "证件号码"], &["1950-05-03", ""], &["", "360426199101010071"], &["", "360426202501010016"]],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
