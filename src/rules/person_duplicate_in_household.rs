//! `person-duplicate-in-household`: one ID twice in one household, the rows otherwise different.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct PersonDuplicateInHousehold;

static META: Meta = Meta {
    key: "person-duplicate-in-household",
    severity: Severity::Error,
    scope: Scope::Household,
    needs: &[Role::PersonId, Role::HouseholdId],
    title_zh: "户内重复人员",
    title_en: "Person twice in a household",
    message_zh: "证件号码 {value} 在户 {household} 中出现 {count} 次，各行内容不同，请核对保留哪一行",
    message_en:
        "ID {value} appears {count} times in household {household} with differing rows; check which row to keep",
    doc: "**What:** the same person — the same ID once normalised, 15- and 18-digit forms and a \
20-digit 残疾人证 number counted as one — is listed two or more times in one household, and the \
rows differ in some column (rows identical in every column are `duplicate-row`'s).\n\n\
**Why:** the person is counted twice in the household's size and in every subsidy computed per \
person, and the two rows disagree, so one of them holds wrong data.\n\n\
**Example:** household 1001 lists `360426199101010071` as 之子 on row 5 and again, with another \
文化程度, on row 8 → error on rows 5 and 8.",
    doc_zh: "**查什么：**同一个人（证件号码相同；15 位、18 位号码和 20 位残疾人证号算同一个人）在同一户里出现两次以上，而且这些行有的内容不同（完全相同的行由“重复行”报告）。\n\n\
**为什么要紧：**这个人在户人数和按人计算的补贴里被算了两次；两行内容又不一样，其中一行的数据是错的。\n\n\
**怎么改：**比较这几行，保留正确的一行，删掉其余的。\n\n\
**例子：**户 1001 第 5 行和第 8 行都是 360426199101010071（之子），第 8 行文化程度不同 → 第 5、8 行报错误。",
};

impl Rule for PersonDuplicateInHousehold {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let cols: Vec<usize> = ctx.mapping.iter().map(|(_, c)| c).collect();
        let cells = |row: usize| cols.iter().map(move |&c| ctx.table.text(c, row).trim());
        // One list for all households: a household is a few rows, not worth an allocation each.
        // The IDs as numbers in the order of their text (see `id_order`): compared in registers,
        // not by a call to compare bytes.
        let mut ids: Vec<((u128, u16), usize)> = Vec::new();
        for (at, household) in ctx.households().iter().enumerate() {
            out.tick(at, ctx.households().len());
            if household.rows.len() < 2 {
                continue;
            }
            ids.clear();
            ids.extend(household.rows.iter().filter_map(|&r| ctx.canonical_id(r).map(|id| (id_order(id), r))));
            ids.sort_unstable();
            for run in ids.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
                let rows: Vec<usize> = run.iter().map(|&(_, r)| r).collect();
                // Rows that are all alike are a re-paste, reported by duplicate-row.
                if rows.iter().all(|&r| cells(r).eq(cells(rows[0]))) {
                    continue;
                }
                let count = rows.len().to_string();
                out.group(
                    &rows,
                    Some(Role::PersonId),
                    ctx.canonical_id(rows[0]).expect("grouped rows have IDs").to_owned(),
                    &[("count", &count), ("household", household.key)],
                );
            }
        }
    }
}

/// A canonical ID (18 bytes) as a key that orders as its text does: the first 16 bytes big-endian,
/// then the last two.
fn id_order(id: &str) -> (u128, u16) {
    let b = id.as_bytes();
    let head: [u8; 16] = b[..16].try_into().expect("canonical IDs have 18 characters");
    (u128::from_be_bytes(head), u16::from_be_bytes([b[16], b[17]]))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_one_id_twice_in_a_household_also_as_15_digits() {
        let f = run(
            &PersonDuplicateInHousehold,
            &[
                &["户编号", "姓名", "证件号码", "与户主关系"],
                &["1", "张伟", "360426199101010071", "户主"],
                &["1", "李娜", "120103198806018241", "配偶"],
                &["1", "张伟", "360426910101007", "之子"],
                &["2", "张伟", "360426199101010071", "户主"],
            ],
        );
        assert_eq!(rows(&f), [[2, 4]]);
        assert_eq!(f[0].household.as_deref(), Some("1"));
        assert!(
            f[0].message_zh.contains("360426199101010071") && f[0].message_zh.contains("2 次"),
            "{}",
            f[0].message_zh
        );
        assert_eq!(
            f[0].locations.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["360426199101010071", "360426910101007"]
        );
    }

    #[test]
    fn passes_identical_rows_left_to_duplicate_row_and_distinct_ids() {
        let f = run(
            &PersonDuplicateInHousehold,
            &[
                &["户编号", "姓名", "证件号码"],
                &["1", "张伟", "360426199101010071"],
                &["1", "张伟", " 360426199101010071"],
                &["1", "李娜", "120103198806018241"],
                &["2", "李娜", "120103198806018241"],
            ],
        );
        assert!(f.is_empty(), "{:?}", rows(&f));
    }

    #[test]
    fn id_order_orders_as_the_text() {
        let ids = ["360426199101010071", "36042619910101007X", "360426199101010170", "120103198806018241"];
        for a in ids {
            for b in ids {
                assert_eq!(id_order(a).cmp(&id_order(b)), a.cmp(b), "{a} {b}");
            }
        }
    }
}
