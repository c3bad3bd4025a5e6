//! `head-too-young`: the head of the household is younger than `min_head_age`.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HeadTooYoung;

static META: Meta = Meta {
    key: "head-too-young",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Relation],
    title_zh: "户主年龄过小",
    title_en: "Head of household too young",
    message_zh: "户主 {age} 岁（按 {date} 计），不满 {min} 岁；请核对出生日期、证件号码，或户主是否填错",
    message_en: "The head is {age} years old at {date}, under {min}; check the birth date, the ID, or who the head is",
    doc: "**What:** the member with 与户主关系 = 户主 is younger than `min_head_age` (16) at the \
reference date; age from 出生日期, else from the ID.\n\n\
**Why:** a child head is nearly always a relation entered wrongly (the child marked 户主 \
instead of the parent) or a mistyped birth date; a real orphan household deserves an \
exemption with its reason.\n\n\
**Example:** 户主 born 2010 at reference date 2020-12-31 (10 years old) → warning.",
    doc_zh: "**查什么：**与户主关系为“户主”的人，按基准日不满 16 岁（先看出生日期，没有就从身份证号码算）。\n\n\
**为什么要紧：**孩子当户主，几乎都是关系填错了（把孩子标成户主，而不是父母），或出生日期打错了；真的是孤儿户的，应加入豁免清单并写明原因。\n\n\
**怎么改：**核对谁是户主，改正与户主关系或出生日期；确为孤儿户的，加入豁免清单。\n\n\
**例子：**户主 2010 年出生，基准日 2020-12-31，只有 10 岁 → 警告。",
};

impl Rule for HeadTooYoung {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let min = ctx.profile.min_head_age;
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !ctx.is_head(row) {
                continue;
            }
            if let Some(age) = ctx.age(row).filter(|&a| a >= 0 && a < min) {
                let date = ctx.reference_date(row).to_string();
                out.cell(row, Role::Relation, &[("age", &age.to_string()), ("min", &min.to_string()), ("date", &date)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_child_head() {
        let f = run(&HeadTooYoung, &[&["与户主关系", "出生日期"], &["户主", "2010-05-01"], &["之子", "2012-01-01"]]);
        assert_eq!(rows(&f), [[2]]);
        assert!(f[0].message_zh.contains("户主 10 岁"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_adult_heads_and_unknown_ages() {
        let f = run(&HeadTooYoung, &[&["与户主关系", "出生日期"], &["户主", "2004-12-31"], &["本人", ""]]);
        assert!(f.is_empty());
    }
}
