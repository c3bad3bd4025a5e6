//! `duplicate-row`: rows identical in every mapped column (re-pasted rows), the `#` or `'` an
//! export puts before numbers aside: a row pasted from a national export into a sheet typed by
//! hand differs only by that mark.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::facts::grouping::{pick_shared, sort_by_hash, PICK_FROM};
use crate::read::table::Fx;
use std::hash::{Hash, Hasher};

pub struct DuplicateRow;

static META: Meta = Meta {
    key: "duplicate-row",
    severity: Severity::Error,
    scope: Scope::Row,
    needs: &[],
    title_zh: "重复行",
    title_en: "Duplicate rows",
    message_zh: "第 {rows} 行内容完全相同（{value}），应只保留一行",
    message_en: "Rows {rows} are identical ({value}); keep only one",
    doc: "**What:** two or more rows hold the same value in every mapped column (a `#` or `'` that an \
export puts before a number does not count as a difference).\n\n\
**Why:** a re-pasted row counts a person twice: the household's size, the village's \
totals and every subsidy computed from them are off.\n\n\
**Example:** row 12 pasted again as row 13 → error on rows 12 and 13.",
    doc_zh: "**查什么：**两行或多行在所有识别出的列里内容完全一样（系统导出时加在号码前的井号或单引号不算不同）。\n\n\
**为什么要紧：**重复粘贴的行把一个人算了两次，户人数、村里的合计和按人计算的补贴都会错。\n\n\
**怎么改：**只保留一行，删掉其余重复的行。\n\n\
**例子：**第 12 行被再次粘贴成第 13 行 → 第 12、13 行报错误。",
};

impl Rule for DuplicateRow {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let cols: Vec<usize> = ctx.mapping.iter().map(|(_, c)| c).collect();
        if cols.is_empty() {
            return;
        }
        let cells = |row: usize| cols.iter().map(move |&c| crate::base::text::number(ctx.table.text(c, row)));
        // Identical rows agree on the person's ID, name and 户编号 above all: rows are first
        // grouped on those alone (all columns when none is mapped), by sorting (hash, row)
        // pairs (a radix sort on the hash: a million rows cost ten times a hundred thousand); only rows sharing that hash are compared on every column.
        let mut keys: Vec<usize> =
            [Role::PersonId, Role::Name, Role::HouseholdId].into_iter().filter_map(|r| ctx.col(r)).collect();
        if keys.is_empty() {
            keys.clone_from(&cols);
        }
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(ctx.rows());
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let mut h = Fx::default();
            keys.iter().for_each(|&c| crate::base::text::number(ctx.table.text(c, row)).hash(&mut h));
            keyed.push((h.finish(), row as u32));
        }
        // The hash is Fx's, whose last step is a multiplication: its top bits are spread. Rows
        // whose hash no other row may share are no duplicates: of many, only the others are sorted.
        let mut picked = Vec::new();
        if keyed.len() >= PICK_FROM && pick_shared(&keyed, |e| e.0, &mut picked) {
            keyed = picked;
        }
        sort_by_hash(&mut keyed, &mut Vec::new(), |e| e.0);
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            // Sorting (not pairing) keeps even a run of a million alike rows n log n.
            let mut rows: Vec<usize> =
                run.iter().map(|&(_, r)| r as usize).filter(|&r| cells(r).any(|c| !c.is_empty())).collect();
            rows.sort_by(|&a, &b| cells(a).cmp(cells(b)));
            groups.extend(rows.chunk_by(|&a, &b| cells(a).eq(cells(b))).filter(|g| g.len() > 1).map(<[usize]>::to_vec));
        }
        groups.sort_by_key(|g| g[0]);
        for g in groups {
            let rows: Vec<String> = g.iter().map(|&r| ctx.table.excel_row(r).to_string()).collect();
            let value: Vec<&str> = cells(g[0]).filter(|c| !c.is_empty()).take(3).collect();
            out.rows(&g, None, value.join(" "), &[("rows", &rows.join("、"))]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_repasted_rows() {
        let f = run(
            &DuplicateRow,
            &[
                &["户编号", "姓名", "证件号码"],
                &["1", "张三", "360426199101010071"],
                &["1", "张三", "360426199101010071"],
                &["1", "李四", "120103198806018241"],
                &["1", "张三 ", "360426199101010071"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3, 5]]);
        assert!(f[0].message_zh.contains("2、3、5"));
    }

    #[test]
    fn finds_rows_that_differ_only_by_the_exports_number_mark() {
        let f = run(
            &DuplicateRow,
            &[
                &["户编号", "姓名", "证件号码"],
                &["#5201020001", "张三", "#360426199101010071"],
                &["5201020001", "张三", "360426199101010071"],
                &["5201020001", "张三", "'360426199101010071"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3, 4]]);
    }

    /// Enough rows that only those whose hash another may share are sorted: the duplicates
    /// among 40,000 rows are all found, and nothing else.
    #[test]
    fn finds_the_few_repasted_rows_of_many() {
        let cells: Vec<[String; 2]> = (0..40_000).map(|i| [format!("H{}", i / 3), format!("人{i}")]).collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["户编号", "姓名"]];
        rows.extend(cells.iter().map(|[h, n]| vec![h.as_str(), n.as_str()]));
        for at in [17, 30_001, 17] {
            rows.push(vec![cells[at][0].as_str(), cells[at][1].as_str()]);
        }
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        assert!(rows.len() > crate::facts::grouping::PICK_FROM, "data rows beyond the header");
        let f = run(&DuplicateRow, &rows);
        assert_eq!(super::super::testing::rows(&f), [vec![19, 40_002, 40_004], vec![30_003, 40_003]]);
    }

    #[test]
    fn passes_rows_differing_in_one_column() {
        let f = run(&DuplicateRow, &[&["户编号", "姓名"], &["1", "张三"], &["2", "张三"], &["", ""]]);
        assert!(f.is_empty());
    }
}
