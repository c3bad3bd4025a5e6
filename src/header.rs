//! Finding the header row: title rows often sit above it, so the best-matching row of the first
//! [`SCAN_ROWS`] wins.

use crate::roles::{match_score, normalize_header, Role, ROLES};
use crate::table::Grid;

/// How many rows from the top may hold the header.
pub const SCAN_ROWS: usize = 30;

/// The header row of a grid, and how many roles its cells name.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Grid row index of the header.
    pub at: usize,
    /// Number of distinct roles the row names.
    pub score: usize,
    /// The header texts, one per column.
    pub names: Vec<String>,
}

/// The roles without which a row is no register header.
const KEY_ROLES: &[Role] = &[Role::PersonId, Role::HouseholdId, Role::Name, Role::Relation];

/// Finds the header: the row of the first [`SCAN_ROWS`] naming the most roles, at least two of
/// them, one a key role (ID, household, name or relation).
pub fn find(grid: &Grid) -> Option<Header> {
    let mut best: Option<Header> = None;
    for row in 0..grid.row_count().min(SCAN_ROWS) {
        let names: Vec<String> = (0..grid.column_count()).map(|c| grid.text(c, row).to_owned()).collect();
        let normalized: Vec<String> = names.iter().map(|n| normalize_header(n)).collect();
        let named = |def: &crate::roles::RoleDef| normalized.iter().any(|h| match_score(def, h) > 0);
        let score = ROLES.iter().filter(|d| named(d)).count();
        let has_key = ROLES.iter().any(|d| KEY_ROLES.contains(&d.role) && named(d));
        if score >= 2 && has_key && best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(Header { at: row, score, names });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Kind;

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
        assert_eq!(h.at, 2);
        assert_eq!(h.score, 4);
    }

    #[test]
    fn no_header_in_unrelated_sheet() {
        assert_eq!(find(&grid(&[&["a", "b"], &["1", "2"]])), None);
    }
}
