//! `special-support-size`: a 特困供养 (五保) household with more than `max_support_size` members.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct SpecialSupportSize;

static META: Meta = Meta {
    key: "special-support-size",
    severity: Severity::Warning,
    scope: Scope::Household,
    needs: &[Role::HouseholdId, Role::HouseholdType],
    title_zh: "特困供养户人数过多",
    title_en: "Extreme-poverty support household too large",
    message_zh:
        "户 {household} 为“{value}”，却有 {count} 名成员；特困供养（五保）户一般不超过 {max} 人，请核对户属性或成员",
    message_en: "Household {household} is \"{value}\" but has {count} members; such households have at most {max}",
    doc: "**What:** a household whose 贫困户属性 is 特困供养 (or the older 五保) has more member rows \
than the profile's `max_support_size` (2).\n\n\
**Why:** 特困供养 supports people with no one to support them (无劳动能力、无生活来源、无法定赡养\
抚养扶养义务人), who live alone or as an old couple; a larger household either is not one, or had \
members added under its 户编号 by mistake.\n\n\
**Example:** 特困供养贫困户 with 4 members → warning.",
    doc_zh: "**查什么：**贫困户属性是特困供养（或旧称五保）的户，成员行多于检查方案规定的人数（2 人）。\n\n\
**为什么要紧：**特困供养针对无劳动能力、无生活来源、无法定赡养抚养扶养义务人的人，一般是独居或老两口；人数更多的，要么不是特困户，要么有别人误登记在这个户编号下。\n\n\
**怎么改：**核实户属性和成员：改正户属性，或把别户的人移回原来的户。\n\n\
**例子：**特困供养贫困户有 4 名成员 → 警告。",
};

impl Rule for SpecialSupportSize {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let max = ctx.profile.max_support_size;
        // The column holds few values, repeated on every member's row: a value equal to the
        // one read before keeps its answer without searching it again.
        let mut last = ("", false);
        for (at, h) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            if h.rows.len() <= max {
                continue;
            }
            let kind = h.rows.iter().map(|&r| ctx.text(Role::HouseholdType, r)).find(|&t| {
                if !crate::base::text::same(t, last.0) {
                    last = (t, t.contains("特困供养") || t.contains("五保"));
                }
                last.1
            });
            if let Some(kind) = kind {
                out.rows(
                    &h.rows,
                    Some(Role::HouseholdType),
                    kind.to_owned(),
                    &[("household", h.key), ("count", &h.rows.len().to_string()), ("max", &max.to_string())],
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
    fn finds_large_supported_household() {
        let f = run(
            &SpecialSupportSize,
            &[
                &["户编号", "贫困户属性"],
                &["1", "特困供养贫困户"],
                &["1", "特困供养贫困户"],
                &["1", "特困供养贫困户"],
                &["2", "五保-分散供养"],
                &["2", "五保-分散供养"],
                &["2", "五保-分散供养"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3, 4], [5, 6, 7]]);
        assert!(f[0].message_zh.contains("3 名成员"));
    }

    #[test]
    fn passes_small_supported_and_large_other_households() {
        let f = run(
            &SpecialSupportSize,
            &[
                &["户编号", "贫困户属性"],
                &["1", "特困供养贫困户"],
                &["1", "特困供养贫困户"],
                &["2", "一般贫困户"],
                &["2", "一般贫困户"],
                &["2", "一般贫困户"],
            ],
        );
        assert!(f.is_empty());
    }
}
