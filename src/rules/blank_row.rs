//! `blank-row`: empty rows between the header and the last data row.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};

pub struct BlankRow;

static META: Meta = Meta {
    key: "blank-row",
    severity: Severity::Info,
    scope: Scope::Row,
    needs: &[],
    title_zh: "空行",
    title_en: "Blank row",
    message_zh: "数据中间有 {n} 个空行；排序、筛选或导入时可能把空行后的数据当成另一张表",
    message_en: "{n} blank row(s) inside the data; sorting, filtering or importing may treat the rows after them as another table",
    doc: "**What:** rows with no value between the header and the last data row, one finding per \
run of consecutive blank rows. An `.xlsx` file does not store empty rows: they are the gaps in \
its row numbers; a CSV holds them as empty lines or lines of bare commas.\n\n\
**Why:** Excel's sort, filter and 'current region' stop at a blank row, and import tools may \
drop what follows it, so members go missing silently.\n\n\
**Example:** rows 120–121 empty between two households → one info finding on rows 120, 121. \
A run longer than 20 rows names its first and last row.",
    doc_zh: "**查什么：**表头和最后一行数据之间整行空着的行，连续的几行空行算一条。\n\n\
**为什么要紧：**表格排序、筛选时会在空行处停下，导入系统时空行后面的人可能被丢掉，成员就悄悄少了。\n\n\
**怎么改：**整行删除这些空行，让数据连成一片。\n\n\
**例子：**两户之间第 120、121 行是空的 → 一条提示，行号 120、121。连续超过 20 行的只写第一行和最后一行。",
};

impl Rule for BlankRow {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for &(first, last) in ctx.table.blank_runs() {
            let n = last - first + 1;
            // A long run (a stray cell far below the data) names its first and last rows only.
            let rows = if n <= MAX_LISTED { (first..=last).collect() } else { vec![first, last] };
            out.excel_rows(rows, String::new(), &[("n", &n.to_string())]);
        }
    }
}

/// Longest run whose rows are all listed.
const MAX_LISTED: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{rows, run};

    #[test]
    fn finds_each_run_of_blank_rows() {
        let f = run(
            &BlankRow,
            &[
                &["户编号", "姓名"],
                &["1", "张三"],
                &[" ", ""],
                &["", " "],
                &["2", "李四"],
                &[" "],
                &["3", "王五"],
                &[" "],
            ],
        );
        assert_eq!(rows(&f), [vec![3, 4], vec![6]]);
        assert!(f[0].message_zh.contains("2 个空行"));
    }

    #[test]
    fn finds_a_long_gap_as_its_ends() {
        use crate::read::table::{Grid, Kind, Table};
        let mut g = Grid::new();
        for (row, v) in [(1, "户编号"), (2, "1"), (1_048_576, "2")] {
            g.start_row(row);
            g.push(0, Kind::Text, v);
        }
        let t = Table::new(g, 0, vec!["户编号".into()]);
        let (m, p) = (crate::columns::mapping::Mapping::default(), crate::profile::Profile::default());
        let ctx = Context::new(&t, &m, &p);
        let mut f = Vec::new();
        BlankRow.check(&ctx, &mut Out::new(&ctx, &META, &mut f));
        assert_eq!(rows(&f), [vec![3, 1_048_575]]);
        assert!(f[0].message_zh.contains("1048573 个空行"));
    }

    #[test]
    fn passes_trailing_blank_rows() {
        assert!(run(&BlankRow, &[&["户编号", "姓名"], &["1", "张三"], &[" ", ""]]).is_empty());
    }
}
