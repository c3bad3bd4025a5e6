//! `household-head-name-mismatch`: the head's row carries another name than 户主姓名 names.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadNameMismatch;

static META: Meta = Meta {
    key: "household-head-name-mismatch",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::HouseholdId, Role::Relation, Role::Name],
    title_zh: "户主姓名与户主本人不符",
    title_en: "Head's name column disagrees with the head's row",
    message_zh: "户 {household} 的户主行姓名为“{value}”，但户主姓名填的是“{head}”",
    message_en: "The head of household {household} is named \"{value}\", but 户主姓名 says \"{head}\"",
    doc: "**What:** in an export that repeats the head on every member row (户主姓名), the row \
whose 与户主关系 is 户主 carries another 姓名 than 户主姓名 names (on that row, or on most rows of \
the household when that row leaves it blank). Names are compared as duplicate detection compares \
them (spaces, full-width letters, · and traditional forms ignored). Runs only when the file has a \
户主姓名 column; a household with two heads is left to `household-head-multiple`.\n\n\
**Why:** a head renamed in one place only, or the wrong member marked 户主; a warning, since a \
name may also be a variant spelling.\n\n\
**Example:** 户主 张三, 户主姓名 张山 → warning.",
    doc_zh: "**查什么：**在每个成员行都重复户主信息的导出表里（有“户主姓名”一列），与户主关系为“户主”的那一行，本人姓名与“户主姓名”不一样（空格、全角字母、间隔点和繁体字不算不同）。一户有两个户主的，由“户内多个户主”报告。\n\n\
**为什么要紧：**可能换户主时只改了一处，或标错了户主；也可能只是同一个名字的不同写法，所以只算警告。\n\n\
**怎么改：**对照户口簿，改正姓名或户主姓名，使两者一致。\n\n\
**例子：**户主本人叫张三，户主姓名填“张山” → 警告。",
};

impl Rule for HouseholdHeadNameMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.col(Role::HeadName).is_none() {
            return;
        }
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let mut heads = h.rows.iter().copied().filter(|&r| ctx.is_head(r));
            let (Some(head), None) = (heads.next(), heads.next()) else { continue };
            let Some(own) = ctx.name_key(Role::Name, head) else { continue };
            let named = match ctx.name_key(Role::HeadName, head) {
                Some(k) => (k, head),
                None => match ctx.named_head(h, Role::HeadName) {
                    Some(n) => n,
                    None => continue,
                },
            };
            if own != named.0 {
                out.cell(head, Role::Name, &[("head", ctx.text(Role::HeadName, named.1)), ("household", h.key)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    const HEADER: &[&str] = &["户编号", "与户主关系", "姓名", "户主姓名"];

    #[test]
    fn finds_a_head_row_with_another_name() {
        let f =
            run(&HouseholdHeadNameMismatch, &[HEADER, &["1", "户主", "张三", "张山"], &["1", "配偶", "李四", "张山"]]);
        assert_eq!(rows(&f), [[2]]);
        assert_eq!(f[0].value, "张三");
    }

    #[test]
    fn passes_the_same_name_written_apart() {
        let f = run(
            &HouseholdHeadNameMismatch,
            &[HEADER, &["1", "户主", "张 三", "张三"], &["2", "户主", "陳伟", "陈伟"], &["3", "户主", "王五", ""]],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
