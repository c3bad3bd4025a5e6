//! `household-head-not-member`: the head the household names is none of its member rows.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadNotMember;

static META: Meta = Meta {
    key: "household-head-not-member",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::HouseholdId],
    title_zh: "户主不在本户成员中",
    title_en: "Named head is not among the members",
    message_zh: "户 {household} 的户主“{value}”不在本户的成员行中，请核实户主的行是否被删除或登记在其他户编号下",
    message_en: "The head \"{value}\" that household {household} names is on none of its member rows; check whether the head's row was deleted or filed under another 户编号",
    doc: "**What:** a household names its head in 户主证件号码 (or, without that column, 户主姓名), \
no member row of the household carries that ID (name), and no row is marked 户主. (When a row is \
marked 户主 under another ID, `household-head-id-mismatch` says so instead.)\n\n\
**Why:** the head's own row is missing: deleted, or typed under another 户编号; the household \
then has no head and its size is one short.\n\n\
**Example:** rows 配偶 and 之子 of household 1001 naming 户主 张三 `360426199101010071`, and no \
row with that ID → error (with `household-head-missing`).",
    doc_zh: "**查什么：**一户在“户主证件号码”（没有这一列时看“户主姓名”）里写了户主，但本户的成员行里没有这个号码（姓名）的人，也没有人标为户主。\n\n\
**为什么要紧：**户主本人的那一行不见了：被删了，或者登记到了别的户编号下；这样这一户没有户主，人数也少了一个。\n\n\
**怎么改：**找回户主那一行，补上，或改正它的户编号。\n\n\
**例子：**户 1001 只有配偶、之子两行，写的户主是张三 360426199101010071，表里没有这个号码的行 → 错误（同时报“户内无户主”）。",
};

impl Rule for HouseholdHeadNotMember {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let (role, member) = match (ctx.col(Role::HeadId), ctx.col(Role::HeadName)) {
            (Some(_), _) if ctx.col(Role::PersonId).is_some() => (Role::HeadId, Role::PersonId),
            (_, Some(_)) if ctx.col(Role::Name).is_some() => (Role::HeadName, Role::Name),
            _ => return,
        };
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            if h.rows.iter().any(|&r| ctx.is_head(r)) {
                continue;
            }
            let Some((named, at)) = ctx.named_head(h, role) else { continue };
            if !h.rows.iter().any(|&r| ctx.head_key(member, r).as_deref() == Some(named.as_str())) {
                out.rows(&h.rows, Some(role), ctx.text(role, at).to_owned(), &[("household", h.key)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_a_household_whose_head_row_is_gone() {
        let f = run(
            &HouseholdHeadNotMember,
            &[
                &["户编号", "与户主关系", "证件号码", "户主证件号码"],
                &["1", "配偶", "360426199202020029", "360426199101010071"],
                &["1", "之子", "360426201501010013", "360426199101010071"],
                &["2", "户主", "360426199303030013", "360426199303030013"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3]]);
        assert_eq!(f[0].value, "360426199101010071");
    }

    #[test]
    fn finds_it_by_name_without_an_id_column() {
        let f = run(&HouseholdHeadNotMember, &[&["户编号", "姓名", "户主姓名"], &["1", "李四", "张三"]]);
        assert_eq!(rows(&f), [[2]]);
    }

    #[test]
    fn passes_a_head_present_or_marked_otherwise() {
        let f = run(
            &HouseholdHeadNotMember,
            &[
                &["户编号", "与户主关系", "证件号码", "户主证件号码"],
                &["1", "配偶", "360426199202020029", "360426199101010071"],
                &["1", "之子", "360426910101007", "360426199101010071"],
                &["2", "户主", "360426199303030013", "360426199101010098"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
