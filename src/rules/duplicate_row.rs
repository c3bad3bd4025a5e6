//! `duplicate-row`: rows identical in every mapped column (re-pasted rows).

use super::{Context, Meta, Out, Rule};
use crate::finding::{Scope, Severity};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
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
    doc: "**What:** two or more rows hold the same value in every mapped column.\n\n\
**Why:** a re-pasted row counts a person twice: the household's size, the village's \
totals and every subsidy computed from them are off.\n\n\
**Example:** row 12 pasted again as row 13 → error on rows 12 and 13.",
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
        let cells = |row: usize| cols.iter().map(move |&c| ctx.table.text(c, row).trim());
        let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
        for row in 0..ctx.rows() {
            if cells(row).all(str::is_empty) {
                continue;
            }
            let mut h = DefaultHasher::new();
            cells(row).for_each(|c| c.hash(&mut h));
            by_hash.entry(h.finish()).or_default().push(row);
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for rows in by_hash.into_values().filter(|r| r.len() > 1) {
            // Equal hashes are checked cell by cell: a collision must not merge distinct rows.
            let mut rest = rows;
            while let Some(first) = rest.first().copied() {
                let (same, other): (Vec<usize>, Vec<usize>) = rest.into_iter().partition(|&r| cells(r).eq(cells(first)));
                if same.len() > 1 {
                    groups.push(same);
                }
                rest = other;
            }
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
        let f = run(&DuplicateRow, &[
            &["户编号", "姓名", "证件号码"],
            &["1", "张三", "360426199101010071"],
            &["1", "张三", "360426199101010071"],
            &["1", "李四", "120103198806018241"],
            &["1", "张三 ", "360426199101010071"],
        ]);
        assert_eq!(rows(&f), [[2, 3, 5]]);
        assert!(f[0].message_zh.contains("2、3、5"));
    }

    #[test]
    fn passes_rows_differing_in_one_column() {
        let f = run(&DuplicateRow, &[&["户编号", "姓名"], &["1", "张三"], &["2", "张三"], &["", ""]]);
        assert!(f.is_empty());
    }
}
