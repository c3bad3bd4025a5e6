//! Finding the header row: title rows often sit above it, so the best-matching row of the first
//! [`SCAN_ROWS`] wins. A header may span two rows: a merged band (家庭成员信息) over the names, or
//! names merged down over two rows beside names split in the second; the pair is read as one
//! header when it names more roles than either row alone.

use crate::columns::roles::{named_by, normalize_header, Role};
use crate::read::table::Grid;

/// How many rows from the top may hold the header.
pub const SCAN_ROWS: usize = 30;

/// The header row of a grid, and how many roles its cells name.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Grid row index of the header (of its first row when it spans two).
    pub at: usize,
    /// Grid rows the header spans: 1, or 2 for a merged band above the names.
    pub span: usize,
    /// Number of distinct roles the row names.
    pub score: usize,
    /// The header texts, one per column: of a two-row header, the lower text where there is
    /// one, else the upper (a name merged down over both rows).
    pub names: Vec<String>,
}

/// The roles without which a row is no register header.
const KEY_ROLES: &[Role] = &[Role::PersonId, Role::HouseholdId, Role::Name, Role::Relation];

/// Finds the header: the row of the first [`SCAN_ROWS`] naming the most roles, at least two of
/// them, one a key role (ID, household, name or relation).
pub fn find(grid: &Grid) -> Option<Header> {
    let rows = grid.row_count().min(SCAN_ROWS);
    let text =
        |row: usize| -> Vec<String> { (0..grid.column_count()).map(|c| grid.text(c, row).trim().to_owned()).collect() };
    let singles: Vec<Vec<String>> = (0..rows).map(text).collect();
    let scores: Vec<Option<usize>> = singles.iter().map(|n| score(n)).collect();
    let mut best: Option<Header> = None;
    for row in 0..rows {
        if let Some(s) = scores[row].filter(|s| best.as_ref().is_none_or(|b| *s > b.score)) {
            best = Some(Header { at: row, span: 1, score: s, names: singles[row].clone() });
        }
        // Rows of a merged band sit next to each other (Excel keeps a band's row even when only
        // its first cell holds text); the pair must name more than either of its rows.
        if row + 1 < rows && grid.excel_row(row + 1) == grid.excel_row(row) + 1 {
            let pair: Vec<String> = singles[row]
                .iter()
                .zip(&singles[row + 1])
                .map(|(up, low)| if low.is_empty() { up.clone() } else { low.clone() })
                .collect();
            let alone = scores[row].max(scores[row + 1]).unwrap_or(0);
            if let Some(s) = score(&pair).filter(|s| *s > alone && best.as_ref().is_none_or(|b| *s > b.score)) {
                best = Some(Header { at: row, span: 2, score: s, names: pair });
            }
        }
    }
    best
}

/// How many roles `names` name, when at least two, one of them a key role.
fn score(names: &[String]) -> Option<usize> {
    // Blank cells name nothing: most of a sheet's first rows are blank or repeated.
    let mut normalized: Vec<String> = names.iter().map(|n| normalize_header(n)).filter(|h| !h.is_empty()).collect();
    normalized.sort_unstable();
    normalized.dedup();
    let mut named: Vec<Role> = normalized.iter().flat_map(|h| named_by(h)).map(|d| d.role).collect();
    named.sort_unstable();
    named.dedup();
    let has_key = named.iter().any(|r| KEY_ROLES.contains(r));
    (named.len() >= 2 && has_key).then_some(named.len())
}

/// Words of the headers of tables that are no register (logs, summaries, lists of projects):
/// with role names, they tell a table huqing cannot check from text it cannot read.
const TABLE_WORDS: &[&str] = &[
    "时间", "日期", "操作", "日志", "用户", "账号", "合计", "总计", "小计", "户数", "人数", "人口", "数量", "序号",
    "单位", "备注", "说明", "名称", "内容", "状态", "类型", "编号", "金额", "年度", "比例", "地区", "类别", "项目",
    "指标", "结果", "原因", "资金", "完成",
];

/// Cells of a header row shown in a message, and the characters shown of each.
const SHOWN: usize = 8;
const SHOWN_CHARS: usize = 16;

/// A header text as a message shows it: cut to [`SHOWN_CHARS`] characters.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The header of a table that is no register: the row of the first [`SCAN_ROWS`] with the most
/// cells naming a role or holding a common header word, when at least two do. `None` for a
/// sheet that shows no such row (garbled text, scattered notes).
pub fn other_table(grid: &Grid) -> Option<Vec<String>> {
    let words = |row: usize| {
        (0..grid.column_count())
            .map(|c| normalize_header(grid.text(c, row)))
            .filter(|h| !h.is_empty() && (TABLE_WORDS.iter().any(|w| h.contains(w)) || !named_by(h).is_empty()))
            .count()
    };
    let (row, n) =
        (0..grid.row_count().min(SCAN_ROWS)).map(|r| (r, words(r))).max_by_key(|&(r, n)| (n, usize::MAX - r))?;
    (n >= 2).then(|| {
        (0..grid.column_count())
            .map(|c| grid.text(c, row).trim())
            .filter(|t| !t.is_empty())
            .take(SHOWN)
            .map(shown)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::table::Kind;

    #[test]
    fn tables_that_are_no_register_show_their_header() {
        let log = grid(&[
            &["系统操作日志"],
            &["序号", "操作时间", "操作人", "操作内容"],
            &["1", "2023-01-01", "张三", "导出"],
        ]);
        assert_eq!(find(&log), None);
        assert_eq!(other_table(&log).unwrap(), ["序号", "操作时间", "操作人", "操作内容"]);
        let summary = grid(&[&["乡镇", "户数", "人数"], &["城关镇", "120", "430"]]);
        assert_eq!(find(&summary), None);
        assert_eq!(other_table(&summary).unwrap(), ["乡镇", "户数", "人数"]);
        let garbled = grid(&[&["鍘跨紪鍙", "濮撳悕", "璇佷欢"], &["1", "2", "3"]]);
        assert_eq!(other_table(&garbled), None);
        let long = grid(&[&["序号", "姓名及曾用名（如有，请全部填写完整）"]]);
        assert_eq!(other_table(&long).unwrap()[1], "姓名及曾用名（如有，请全部填写完…");
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut g = Grid::new();
        for (i, r) in rows.iter().enumerate() {
            g.start_row(i as u32 + 1);
            for (c, v) in r.iter().enumerate() {
                if !v.is_empty() {
                    g.push(c, Kind::Text, v);
                }
            }
        }
        g.end_row();
        g
    }

    #[test]
    fn skips_title_rows() {
        let g = grid(&[
            &["某某县建档立卡贫困人口信息表"],
            &["填报单位：某某镇", "", "户编号"],
            &["户编号", "姓名", "证件号码", "与户主关系"],
            &["1", "张三", "360426199101010071", "户主"],
        ]);
        let h = find(&g).unwrap();
        assert_eq!((h.at, h.span), (2, 1));
        assert_eq!(h.score, 4);
    }

    #[test]
    fn reads_a_merged_band_over_the_names() {
        let g = grid(&[
            &["某县脱贫人口信息"],
            &["户编号", "家庭成员信息", "", "", "联系电话"],
            &["", "姓名", "证件号码", "与户主关系", ""],
            &["1", "张三", "360426199101010071", "户主", "13912345678"],
        ]);
        let h = find(&g).unwrap();
        assert_eq!((h.at, h.span), (1, 2));
        assert_eq!(h.names, ["户编号", "姓名", "证件号码", "与户主关系", "联系电话"]);
    }

    #[test]
    fn names_with_spaces_brackets_and_line_breaks_still_match() {
        let g = grid(&[
            &["户 编 号", "姓\n名", "证件号码（身份证）", "与户主\r\n关系", "务工时间（月）"],
            &["1", "张三", "x", "户主", "3"],
        ]);
        let h = find(&g).unwrap();
        assert_eq!((h.at, h.span, h.score), (0, 1, 5));
    }

    #[test]
    fn no_header_in_unrelated_sheet() {
        assert_eq!(find(&grid(&[&["a", "b"], &["1", "2"]])), None);
    }
}
