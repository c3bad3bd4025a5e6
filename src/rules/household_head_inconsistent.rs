//! `household-head-inconsistent`: the rows of one household name different heads.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadInconsistent;

static META: Meta = Meta {
    key: "household-head-inconsistent",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "同户各行户主不一致",
    title_en: "Rows of a household name different heads",
    message_zh: "户 {household} 的{column}不一致：此处为“{value}”，本户多数行为“{head}”",
    message_en:
        "Household {household} names different heads in {column}: \"{value}\" here, \"{head}\" on most of its rows",
    doc: "**What:** the rows of one household (one 户编号, within one 年度) carry different values \
in 户主证件号码 or in 户主姓名. IDs are compared normalised and names as duplicate detection \
compares them; blank cells are not counted. The rows that differ from most of the household are \
reported, once per column.\n\n\
**Why:** every member row of an export repeats its household's head; a different head on one row \
means the row belongs to another household (wrong 户编号) or the head was changed in part of the \
household only.\n\n\
**Example:** 户主证件号码 `360426199101010071` on three rows and `360426199101010098` on the \
fourth → error on the fourth.",
    doc_zh: "**查什么：**同一户（同一个户编号、同一年度）的各行，户主证件号码或户主姓名填得不一样。与本户多数行不同的行被报出，每列一条；空着的不算。\n\n\
**为什么要紧：**导出表每个成员行都重复本户户主；某一行的户主不同，说明这一行其实属于别的户（户编号填错），或者只有部分成员改了户主。\n\n\
**怎么改：**核对这一行的人属于哪一户：属于别户的，改户编号；户主确实变了的，把本户所有行都改成新户主。\n\n\
**例子：**三行户主证件号码是 360426199101010071，第四行是 360426199101010098 → 第四行报错误。",
};

impl Rule for HouseholdHeadInconsistent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let roles: Vec<Role> = [Role::HeadId, Role::HeadName].into_iter().filter(|&r| ctx.col(r).is_some()).collect();
        if roles.is_empty() {
            return;
        }
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            if h.rows.len() < 2 {
                continue;
            }
            for &role in &roles {
                let Some((named, at)) = ctx.named_head(h, role) else { continue };
                let odd: Vec<usize> =
                    h.rows.iter().copied().filter(|&r| ctx.head_key(role, r).is_some_and(|k| k != named)).collect();
                if let Some(&first) = odd.first() {
                    let column = ctx.col(role).map_or("", |c| ctx.table.header(c));
                    out.rows(
                        &odd,
                        Some(role),
                        ctx.text(role, first).to_owned(),
                        &[("head", ctx.text(role, at)), ("household", h.key), ("column", column)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_a_row_naming_another_head() {
        let f = run(
            &HouseholdHeadInconsistent,
            &[
                &["户编号", "户主证件号码", "户主姓名"],
                &["1", "360426199101010071", "张三"],
                &["1", "360426199101010071", "张三"],
                &["1", "360426199101010098", "张 三"],
                &["2", "360426199202020029", "李四"],
                &["2", "360426199202020029", "李五"],
            ],
        );
        assert_eq!(rows(&f), [vec![4], vec![6]]);
        assert_eq!(f[0].value, "360426199101010098");
        assert!(f[1].message_zh.contains("户主姓名"), "{}", f[1].message_zh);
    }

    #[test]
    fn passes_one_head_written_apart_and_blank_cells() {
        let f = run(
            &HouseholdHeadInconsistent,
            &[
                &["户编号", "户主证件号码", "年度"],
                &["1", "360426199101010071", "2019"],
                &["1", "360426910101007", "2019"],
                &["1", "", "2019"],
                &["1", "360426199202020029", "2020"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
