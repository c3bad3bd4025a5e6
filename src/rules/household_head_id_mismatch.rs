//! `household-head-id-mismatch`: the head's row carries another ID than 户主证件号码 names.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct HouseholdHeadIdMismatch;

static META: Meta = Meta {
    key: "household-head-id-mismatch",
    severity: Severity::Error,
    scope: Scope::Row,
    needs: &[Role::HouseholdId, Role::Relation, Role::PersonId],
    title_zh: "户主证件号码与户主本人不符",
    title_en: "Head's ID column disagrees with the head's row",
    message_zh: "户 {household} 的户主行证件号码为 {value}，但户主证件号码填的是 {head}",
    message_en: "The head of household {household} has ID {value}, but 户主证件号码 says {head}",
    doc: "**What:** in an export that repeats the head on every member row (户主证件号码), the \
row whose 与户主关系 is 户主 carries another ID than 户主证件号码 names (on that row, or on most \
rows of the household when that row leaves it blank). IDs are compared normalised: 15 and 18 \
digits of one number, `x` and `X`, full-width digits and the exporting system's text markers are \
the same ID. Runs only when the file has a 户主证件号码 column; a household with two heads is left \
to `household-head-multiple`.\n\n\
**Why:** the national system derives 户主证件号码 from the head's record; when they differ, the head \
was changed in one place only, or the wrong member is marked 户主.\n\n\
**Example:** 户主 张三 `360426199101010071`, 户主证件号码 `360426199101010098` → error.",
    doc_zh: "**查什么：**在每个成员行都重复户主信息的导出表里（有“户主证件号码”一列），与户主关系为“户主”的那一行，本人的证件号码和“户主证件号码”不是同一个号码。比较时 15 位和 18 位、大小写 X、全角数字都当作相同。一户有两个户主的，由“户内多个户主”报告。\n\n\
**为什么要紧：**系统里的户主证件号码取自户主本人的记录；两者不同，说明换户主时只改了一处，或者标错了户主。\n\n\
**怎么改：**确认谁是户主，改正与户主关系或户主证件号码，使两者一致。\n\n\
**例子：**户主张三本人的号码是 360426199101010071，户主证件号码却填 360426199101010098 → 错误。",
};

impl Rule for HouseholdHeadIdMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.col(Role::HeadId).is_none() {
            return;
        }
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            let mut heads = h.rows.iter().copied().filter(|&r| ctx.is_head(r));
            let (Some(head), None) = (heads.next(), heads.next()) else { continue };
            let Some(own) = ctx.id_key(Role::PersonId, head) else { continue };
            let named = match ctx.id_key(Role::HeadId, head) {
                Some(k) => (k, head),
                None => match ctx.named_head(h, Role::HeadId) {
                    Some(n) => n,
                    None => continue,
                },
            };
            if own != named.0 {
                out.cell(head, Role::PersonId, &[("head", ctx.text(Role::HeadId, named.1)), ("household", h.key)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    const HEADER: &[&str] = &["户编号", "与户主关系", "证件号码", "户主证件号码"];

    #[test]
    fn finds_a_head_row_with_another_id() {
        let f = run(
            &HouseholdHeadIdMismatch,
            &[
                HEADER,
                &["1", "户主", "360426199101010071", "360426199101010098"],
                &["1", "配偶", "360426199202020029", "360426199101010098"],
            ],
        );
        assert_eq!(rows(&f), [[2]]);
        assert_eq!(f[0].value, "360426199101010071");
        assert!(f[0].message_zh.contains("360426199101010098"), "{}", f[0].message_zh);
    }

    #[test]
    fn finds_it_against_the_household_when_the_head_row_leaves_it_blank() {
        let f = run(
            &HouseholdHeadIdMismatch,
            &[
                HEADER,
                &["1", "户主", "360426199101010071", ""],
                &["1", "配偶", "360426199202020029", "360426199202020029"],
            ],
        );
        assert_eq!(rows(&f), [[2]]);
    }

    #[test]
    fn passes_the_same_id_in_any_written_form() {
        let f = run(
            &HouseholdHeadIdMismatch,
            &[
                HEADER,
                &["1", "户主", "11010519491231002x", "11010519491231002X"],
                &["2", "户主", "360426199101010071", "360426910101007"],
                &["3", "户主", "３６０４２６１９９１０１０１００７１", "360426199101010071"],
                &["4", "户主", "360426199101010071", ""],
                &["5", "户主", "360426199101010071", "360426199101010098"],
                &["5", "户主", "360426199202020029", "360426199101010098"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
