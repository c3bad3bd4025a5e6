//! The counts a clerk reads first: rows, households and persons with errors, and the same by
//! 乡镇 and 村. Also places each finding in its 乡镇 and 村, so the page can filter by them.

use crate::base::finding::{Finding, Severity};
use crate::columns::roles::Role;
use crate::facts::areas::{distinct, distinct_pair_areas, pair_hash, AreaRows, NO_AREA};
use crate::facts::context::Context;
use serde::Serialize;

/// The totals of one checked table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Data rows.
    pub rows: usize,
    /// Distinct 户编号 (0 when the column is missing).
    pub households: usize,
    /// Distinct people by canonical ID; a row without a usable ID counts as one person.
    pub persons: usize,
    /// Households with at least one open error finding.
    pub households_with_errors: usize,
    /// People with at least one open error finding.
    pub persons_with_errors: usize,
    /// Open findings by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Exempted findings (豁免), whatever their severity.
    pub exempted: usize,
}

/// The counts of one 乡镇 + 村 ("" when the column is missing or the cell blank).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Area {
    pub township: String,
    pub village: String,
    pub rows: usize,
    pub households: usize,
    pub households_with_errors: usize,
    /// Open findings whose first row lies in this area, by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// The totals and the areas, sorted by township then village.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub totals: Totals,
    pub areas: Vec<Area>,
}

/// Counts what `ctx` holds and what `findings` say of it, and fills each finding's `township`
/// and `village` from its first row. What the rows alone count is the context's
/// ([`Context::areas`]), often counted already beside the rules.
pub fn summarise(ctx: &Context<'_>, findings: &mut [Finding]) -> Overview {
    let rows = ctx.rows();
    let areas = ctx.areas();
    let data_row = RowIndex::new(ctx);
    let has_households = ctx.col(Role::HouseholdId).is_some();
    let mut tallies: Vec<Area> =
        areas.list.iter().map(|a| Area { rows: a.rows, households: a.households, ..Area::default() }).collect();

    let mut totals = Totals { rows, persons: areas.persons, ..Totals::default() };
    let mut error_rows = vec![false; rows];
    for f in findings.iter_mut() {
        // The area by its index, not by reading the row's cells again: at a million rows each
        // read at a finding's (random) row missed the cache.
        let area = f.rows.first().and_then(|&x| data_row.get(x)).map(|r| areas.at[r] as usize);
        if let Some(a) = area {
            let AreaRows { township, village, .. } = areas.list[a];
            f.township = (!township.is_empty()).then(|| township.to_owned());
            f.village = (!village.is_empty()).then(|| village.to_owned());
        }
        if f.exempted.is_some() {
            totals.exempted += 1;
            continue;
        }
        let area = area.map(|a| &mut tallies[a]);
        let (total, in_area) = match f.severity {
            Severity::Error => (&mut totals.errors, area.map(|a| &mut a.errors)),
            Severity::Warning => (&mut totals.warnings, area.map(|a| &mut a.warnings)),
            Severity::Info => (&mut totals.infos, area.map(|a| &mut a.infos)),
        };
        *total += 1;
        if let Some(n) = in_area {
            *n += 1;
        }
        if f.severity == Severity::Error {
            for r in f.rows.iter().filter_map(|&x| data_row.get(x)) {
                error_rows[r] = true;
            }
        }
    }

    // People with errors by their ID packed in a number, counted by sorting, as all are.
    let mut persons_with_errors: Vec<u64> = Vec::new();
    // Households with errors as (area, 户编号) pairs, and by 户编号 alone, as households are.
    let (mut bad_pairs, mut bad_keys) = (Vec::new(), Vec::new());
    let mut last_bad = None;
    for r in error_rows.iter().enumerate().filter(|(_, &bad)| bad).map(|(r, _)| r) {
        match ctx.valid_id(r) {
            Some(id) => persons_with_errors.push(crate::facts::people::pack(id.as_bytes())),
            None => totals.persons_with_errors += 1,
        }
        let (key, area) = (ctx.text(Role::HouseholdId, r), areas.at[r]);
        if has_households && !key.is_empty() && last_bad != Some((area, key)) {
            last_bad = Some((area, key));
            bad_pairs.push((pair_hash(area, key), area, r as u32));
            bad_keys.push((pair_hash(NO_AREA, key), NO_AREA, r as u32));
        }
    }
    totals.persons_with_errors += distinct(persons_with_errors);
    totals.households = if has_households { ctx.households().len() } else { 0 };
    let household_at = |r: u32| ctx.text(Role::HouseholdId, r as usize);
    for a in distinct_pair_areas(bad_pairs, household_at) {
        tallies[a as usize].households_with_errors += 1;
    }
    totals.households_with_errors = distinct_pair_areas(bad_keys, household_at).len();

    let mut tallies: Vec<(&AreaRows<'_>, Area)> = areas.list.iter().zip(tallies).collect();
    tallies.sort_unstable_by_key(|(a, _)| (a.township, a.village));
    let areas = tallies
        .into_iter()
        .map(|(rows, mut area)| {
            area.township = rows.township.to_owned();
            area.village = rows.village.to_owned();
            area
        })
        .collect();
    Overview { totals, areas }
}

/// Excel row number → data row. Usually a table by row number (rows run up to about the number
/// of data rows, 4 bytes each): a finding's row is found in one read, where a binary search over a
/// million rows missed the cache at each step. For a sheet whose row numbers run far beyond its
/// rows, (Excel row, data row) pairs sorted for a binary search.
enum RowIndex {
    Direct(Vec<u32>),
    Sorted(Vec<(u32, u32)>),
}

/// No data row at this Excel row, in [`RowIndex::Direct`].
const NO_ROW: u32 = u32::MAX;

impl RowIndex {
    fn new(ctx: &Context<'_>) -> RowIndex {
        let last = (0..ctx.rows()).map(|r| ctx.table.excel_row(r)).max().unwrap_or(0) as usize;
        if last <= 2 * ctx.rows() + 65_536 {
            let mut direct = vec![NO_ROW; last + 1];
            // In data row order: a row number a file repeats keeps its last data row.
            for r in 0..ctx.rows() {
                direct[ctx.table.excel_row(r) as usize] = r as u32;
            }
            return RowIndex::Direct(direct);
        }
        let mut pairs: Vec<(u32, u32)> = (0..ctx.rows()).map(|r| (ctx.table.excel_row(r), r as u32)).collect();
        pairs.sort_unstable();
        RowIndex::Sorted(pairs)
    }

    /// The data row at `excel_row` (the last, should a file repeat a row number).
    fn get(&self, excel_row: u32) -> Option<usize> {
        match self {
            RowIndex::Direct(direct) => {
                direct.get(excel_row as usize).copied().filter(|&r| r != NO_ROW).map(|r| r as usize)
            }
            RowIndex::Sorted(pairs) => {
                let at = pairs.partition_point(|&(x, _)| x <= excel_row);
                at.checked_sub(1).map(|i| pairs[i]).filter(|&(x, _)| x == excel_row).map(|(_, r)| r as usize)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    fn finding(rule: &'static str, severity: Severity, rows: Vec<u32>, exempted: bool) -> Finding {
        Finding {
            rule: Cow::Borrowed(rule),
            severity,
            rows,
            column: None,
            value: String::new(),
            household: None,
            message_zh: String::new(),
            message_en: String::new(),
            exempted: exempted.then(|| "已核实".to_owned()),
            locations: Vec::new(),
            township: None,
            village: None,
        }
    }

    /// Data rows are found by their Excel rows through a table or, for row numbers far beyond
    /// the rows, a binary search: the same rows either way, the last of a repeated number.
    #[test]
    fn finds_data_rows_by_excel_row_dense_or_sparse() {
        for (numbers, expect) in [
            (vec![2, 3, 3, 6], vec![(1, None), (2, Some(0)), (3, Some(2)), (4, None), (6, Some(3)), (7, None)]),
            (vec![2, 3, 3, 300_000], vec![(1, None), (3, Some(2)), (300_000, Some(3)), (299_999, None)]),
        ] {
            let mut grid = crate::read::table::Grid::new();
            grid.start_row(1);
            grid.push(0, crate::read::table::Kind::Text, "姓名");
            for (i, &n) in numbers.iter().enumerate() {
                grid.start_row(n);
                grid.push(0, crate::read::table::Kind::Text, ["甲", "乙", "丙", "丁"][i]);
            }
            grid.end_row();
            let table = Table::new(grid, 0, vec!["姓名".to_owned()]);
            let mapping = Mapping::new(table.headers(), &BTreeMap::new());
            let profile = Profile::default();
            let ctx = Context::new(&table, &mapping, &profile);
            let index = RowIndex::new(&ctx);
            assert_eq!(matches!(index, RowIndex::Direct(_)), numbers[3] == 6);
            for (excel, row) in expect {
                assert_eq!(index.get(excel), row, "{numbers:?} row {excel}");
            }
        }
    }

    #[test]
    fn counts_rows_households_persons_and_areas() {
        let table = Table::from_rows(&[
            &["乡镇", "行政村", "户编号", "证件号码"],
            &["甲镇", "一村", "H1", "11010519491231002X"],
            &["甲镇", "一村", "H1", "11010519491231002X"],
            &["甲镇", "二村", "H2", ""],
            &["乙乡", "", "H3", "bad"],
        ]);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut findings = vec![
            finding("a", Severity::Error, vec![4], false),
            finding("b", Severity::Warning, vec![2, 3], false),
            finding("c", Severity::Error, vec![5], true),
            finding("d", Severity::Info, vec![], false),
        ];
        let o = summarise(&ctx, &mut findings);
        let t = &o.totals;
        assert_eq!((t.rows, t.households, t.persons), (4, 3, 3), "rows 2 and 3 are one person");
        assert_eq!((t.errors, t.warnings, t.infos, t.exempted), (1, 1, 1, 1));
        assert_eq!((t.households_with_errors, t.persons_with_errors), (1, 1));
        assert_eq!(findings[0].township.as_deref(), Some("甲镇"));
        assert_eq!(findings[0].village.as_deref(), Some("二村"));
        assert_eq!(findings[2].village, None, "a blank village is none");
        assert_eq!(findings[3].township, None, "a finding without rows has no place");
        let places: Vec<(&str, &str, usize, usize, usize)> = o
            .areas
            .iter()
            .map(|a| (a.township.as_str(), a.village.as_str(), a.rows, a.households, a.households_with_errors))
            .collect();
        assert_eq!(places, [("乙乡", "", 1, 1, 0), ("甲镇", "一村", 2, 1, 0), ("甲镇", "二村", 1, 1, 1)]);
        assert_eq!(
            (o.areas[1].warnings, o.areas[2].errors, o.areas[0].errors),
            (1, 1, 0),
            "the exempted error is not counted"
        );
    }

    #[test]
    fn counts_a_household_split_across_rows_and_areas_once_in_each() {
        // H1's rows are split (one of 二村 between them) and one is in 二村: once in 一村, once
        // in 二村; errors on all its rows make it one household with errors in the whole.
        let table = Table::from_rows(&[
            &["乡镇", "行政村", "户编号", "证件号码"],
            &["甲镇", "一村", "H1", ""],
            &["甲镇", "二村", "H2", ""],
            &["甲镇", "一村", "H1", ""],
            &["甲镇", "二村", "H1", ""],
        ]);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut findings = vec![finding("a", Severity::Error, vec![2, 4, 5], false)];
        let o = summarise(&ctx, &mut findings);
        let places: Vec<(&str, usize, usize)> =
            o.areas.iter().map(|a| (a.village.as_str(), a.households, a.households_with_errors)).collect();
        assert_eq!(places, [("一村", 1, 1), ("二村", 2, 1)]);
        assert_eq!((o.totals.households, o.totals.households_with_errors), (2, 1));
    }
}
