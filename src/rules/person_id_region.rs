//! `person-id-region`: the first six digits of the ID are no GB/T 2260 county code.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::id_card::{self, Region};

pub struct PersonIdRegion;

static META: Meta = Meta {
    key: "person-id-region",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码地区码不存在",
    title_en: "Unknown region code in the ID",
    message_zh: "{doc}“{value}”前 6 位 {code} {reason}，请核对身份证",
    message_en: "{doc_en} \"{value}\": the first six digits {code} {reason_en}; check the ID card",
    doc: "**What:** the first six digits of the ID (the 地址码) are not a county code of \
GB/T 2260 at any time since 1980, or belong to a county abolished before the person was born. \
The embedded table holds current and historical codes (from python-stdnum, see \
`src/domain/data/README.md`). A code created after the birth year is fine: it is the county where the \
number was issued, often years after birth (data.md §3).\n\n\
**Why:** an unknown region usually means a mistyped first digit that happens to keep the check \
character right. Only a warning: the table may lack a rare code.\n\n\
Other documents in the ID column: the residence permits of Hong Kong, Macao and Taiwan residents \
(810000, 820000, 830000) are known codes; a foreigners' permanent residence ID of 2023 (first \
digit 9, then a province code of GB/T 2260 in digits 2–3) needs a country code other than 000 in \
digits 4–6.\n\n\
**Example:** `990426199112010074` (no province 99) → warning.",
    doc_zh: "**查什么：**证件号码前 6 位（地区码）不是 1980 年以来存在过的县级行政区划代码，或者是这个人出生前就已撤销的县。出生以后才设立的县没有问题：号码是在发证的地方编的，常常晚于出生。港澳台居民居住证的 810000、820000、830000 是已知代码；2023 年版外国人永久居留身份证（以 9 开头）第 4 到 6 位的国家代码不能是 000。\n\n\
**为什么要紧：**地区码不存在，通常是第一位打错了而校验码恰好还对。只算警告：代码表可能缺少个别少见的代码。\n\n\
**怎么改：**对照身份证核对前 6 位。\n\n\
**例子：**990426199112010074（没有 99 开头的省份）→ 警告。",
};

impl Rule for PersonIdRegion {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !matches!(ctx.id_state(row), IdState::Valid(_)) {
                continue;
            }
            let Some(id) = ctx.canonical_id(row) else { continue };
            let year = id_card::birth_date(id).map_or(0, |d| d.year);
            let doc = ctx.id_document(row).unwrap_or(id_card::Document::ResidentId);
            let (reason, reason_en) = match id_card::region(id, year) {
                Region::Known => continue,
                Region::Unknown if doc == id_card::Document::ForeignPermanent => (
                    "不是“受理地省级代码＋国籍代码”（第 2–3 位应为省级行政区划代码，第 4–6 位为国家代码）".to_owned(),
                    "are no issuing province and nationality (digits 2–3 a province code, 4–6 a country code)"
                        .to_owned(),
                ),
                Region::Unknown => {
                    ("不是任何时期的县级行政区划代码".to_owned(), "are no county code of any time".to_owned())
                }
                Region::AbolishedIn(y) => (
                    format!("是 {y} 年已撤销的县级代码，而此人生于 {year} 年"),
                    format!("are a county code abolished in {y}, before the birth year {year}"),
                ),
            };
            out.cell(
                row,
                Role::PersonId,
                &[
                    ("code", &id[..6]),
                    ("reason", &reason),
                    ("reason_en", &reason_en),
                    ("doc", doc.name_zh()),
                    ("doc_en", doc.name_en()),
                ],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_unknown_and_abolished_codes() {
        // 110103 (崇文区) was merged away in 2010.
        let f = run(&PersonIdRegion, &[&["证件号码"], &["990426199112010074"], &["110103201101010015"]]);
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.contains("990426 不是任何时期"), "{}", f[0].message_zh);
        assert!(f[1].message_zh.contains("2010 年已撤销"), "{}", f[1].message_zh);
    }

    #[test]
    fn finds_a_foreigners_id_without_province_in_its_words() {
        let f = run(&PersonIdRegion, &[&["证件号码"], &["931000198506120022"], &["999840198506120025"]]);
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.starts_with("外国人永久居留身份证号码“"), "{}", f[0].message_zh);
        assert!(f[0].message_zh.contains("第 4–6 位为国家代码"), "{}", f[0].message_zh);
        assert!(f[1].message_zh.contains("不是任何时期的县级行政区划代码"), "no province 99: no foreigner's number");
    }

    #[test]
    fn passes_current_historical_and_later_created_codes() {
        let f = run(
            &PersonIdRegion,
            &[
                &["证件号码"],
                &["120110198012010073"],
                &["120110199212010072"],
                &["110111198012010078"],
                &["360426910101007"],
                &["990426199112010075"],
                &["810000199001010019"],
                &["820000199001010029"],
                &["#830000199001010039"],
                &["931840198506120027"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
