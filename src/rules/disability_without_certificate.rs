//! `disability-without-certificate`: 健康状况 残疾 but 证件类型 is not 残疾人证.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;

pub struct DisabilityWithoutCertificate;

static META: Meta = Meta {
    key: "disability-without-certificate",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Health],
    title_zh: "残疾但证件类型不是残疾人证",
    title_en: "Disabled without a disability certificate",
    message_zh: "健康状况为“{value}”，但证件类型为“{id_type}”而不是残疾人证；请核实是否已办残疾人证",
    message_en: "Health is \"{value}\" but the ID type is \"{id_type}\", not a disability certificate (残疾人证); check whether one was issued",
    doc: "**What:** 健康状况 includes 残疾, but 证件类型 is not 残疾人证. Only where the sheet has an \
证件类型 column (防返贫监测 exports): without it the rule does not run (Gzuwkj 4_01_002, \
4_12_003; data.md §2.1). A member whose ID column holds a 残疾人证号 has the certificate: not \
reported (a type that says otherwise is `id-type-mismatch`).\n\n\
**Why:** disability subsidies (两项补贴) and the 因残 cause need a 残疾人证; a disabled member \
recorded with an ID card has either no certificate yet — a case to follow up — or a wrong \
health status.\n\n\
**Example:** 健康状况 残疾, 证件类型 居民身份证 → warning.",
    doc_zh: "**查什么：**健康状况里有“残疾”，但证件类型不是残疾人证。只在表里有证件类型一列时检查（防返贫监测导出表）。证件号码一栏填的就是残疾人证号的，不报。\n\n\
**为什么要紧：**残疾人两项补贴和“因残”风险都要凭残疾人证；登记为残疾却用身份证登记的，要么还没办证，需要跟进，要么健康状况填错了。\n\n\
**怎么改：**已办证的，把证件类型改为残疾人证并填写残疾人证号；没办证的，协助办证；不是残疾的，改正健康状况。\n\n\
**例子：**健康状况“残疾”，证件类型“居民身份证” → 警告。",
};

impl Rule for DisabilityWithoutCertificate {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if ctx.col(Role::IdType).is_none() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !codes::split(ctx.text(Role::Health, row)).any(|h| codes::label(Role::Health, h) == Some("残疾")) {
                continue;
            }
            let id_type = ctx.text(Role::IdType, row);
            // A 残疾人证号 in the ID column is the certificate; a type that disagrees with it is
            // `id-type-mismatch`'s.
            let certificate = ctx.id_document(row) == Some(crate::domain::id_card::Document::Disability);
            if !id_type.contains("残疾人证") && !certificate {
                out.cell(row, Role::Health, &[("id_type", id_type)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_disabled_with_an_id_card() {
        let f = run(
            &DisabilityWithoutCertificate,
            &[&["健康状况", "证件类型"], &["残疾", "居民身份证"], &["长期慢性病,残疾", ""]],
        );
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.contains("证件类型为“居民身份证”"));
    }

    #[test]
    fn passes_certificates_the_healthy_and_sheets_without_id_type() {
        assert!(run(
            &DisabilityWithoutCertificate,
            &[&["健康状况", "证件类型"], &["残疾", "残疾人证"], &["健康", "居民身份证"]]
        )
        .is_empty());
        assert!(run(&DisabilityWithoutCertificate, &[&["健康状况"], &["残疾"]]).is_empty());
        let numbered = &[&["健康状况", "证件类型", "证件号码"][..], &["残疾", "居民身份证", "#36042619910101007142"]];
        assert!(run(&DisabilityWithoutCertificate, numbered).is_empty());
    }
}
