//! The counts a clerk reads first: rows, households and persons with errors, and the same by
//! 乡镇 and 村. Also places each finding in its 乡镇 and 村, so the page can filter by them.

use crate::columns::roles::Role;
use crate::facts::context::Context;
use crate::report::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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
/// and `village` from its first row.
pub fn summarise(ctx: &Context<'_>, findings: &mut [Finding]) -> Overview {
    let rows = ctx.rows();
    let data_row = RowIndex::new(ctx);
    let has_households = ctx.col(Role::HouseholdId).is_some();
    let area_of = |r: usize| (ctx.text(Role::Township, r), ctx.text(Role::Village, r));

    // Each row's area, as an index into `tallies`: the area's counts, its households, its
    // households with errors. Rows of one area and of one household mostly follow each other,
    // so most rows need no lookup at all.
    type Tally<'a> = (Area, HashSet<&'a str>, HashSet<&'a str>);
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut tallies: Vec<((&str, &str), Tally<'_>)> = Vec::new();
    let mut area_at: Vec<u32> = Vec::with_capacity(rows);
    let (mut last_area, mut last_household) = (None, None);
    for r in 0..rows {
        let key = area_of(r);
        let a = match last_area {
            Some((k, a)) if k == key => a,
            _ => *index.entry(key).or_insert_with(|| {
                tallies.push((key, Tally::default()));
                tallies.len() - 1
            }),
        };
        last_area = Some((key, a));
        area_at.push(a as u32);
        let tally = &mut tallies[a].1;
        tally.0.rows += 1;
        let household = ctx.text(Role::HouseholdId, r);
        if has_households && !household.is_empty() && last_household != Some((household, a)) {
            tally.1.insert(household);
            last_household = Some((household, a));
        }
    }

    let mut totals = Totals { rows, ..Totals::default() };
    let mut error_rows = vec![false; rows];
    for f in findings.iter_mut() {
        let first = f.rows.first().and_then(|&x| data_row.get(x));
        if let Some(r) = first {
            let (township, village) = area_of(r);
            f.township = (!township.is_empty()).then(|| township.to_owned());
            f.village = (!village.is_empty()).then(|| village.to_owned());
        }
        if f.exempted.is_some() {
            totals.exempted += 1;
            continue;
        }
        let area = first.map(|r| &mut tallies[area_at[r] as usize].1 .0);
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

    // People by their ID packed in a number, counted by sorting: no hashing of 100 000 IDs.
    let mut persons: Vec<u64> = Vec::with_capacity(rows);
    let mut persons_with_errors: Vec<u64> = Vec::new();
    let mut households: HashSet<&str> = HashSet::new();
    for (r, &bad) in error_rows.iter().enumerate() {
        let id = ctx.valid_id(r).map(|id| crate::facts::people::pack(id.as_bytes()));
        match id {
            Some(id) => persons.push(id),
            None => totals.persons += 1,
        }
        if !bad {
            continue;
        }
        match id {
            Some(id) => persons_with_errors.push(id),
            None => totals.persons_with_errors += 1,
        }
        let key = ctx.text(Role::HouseholdId, r);
        if has_households && !key.is_empty() {
            households.insert(key);
            tallies[area_at[r] as usize].1 .2.insert(key);
        }
    }
    totals.persons += distinct(persons);
    totals.persons_with_errors += distinct(persons_with_errors);
    totals.households = if has_households { ctx.households().len() } else { 0 };
    totals.households_with_errors = households.len();

    tallies.sort_unstable_by_key(|(key, _)| *key);
    let areas = tallies
        .into_iter()
        .map(|((township, village), (mut area, all, bad))| {
            area.township = township.to_owned();
            area.village = village.to_owned();
            area.households = all.len();
            area.households_with_errors = bad.len();
            area
        })
        .collect();
    Overview { totals, areas }
}

/// How many different numbers `v` holds.
fn distinct(mut v: Vec<u64>) -> usize {
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// Excel row number → data row: (Excel row, data row) pairs, sorted for a binary search.
struct RowIndex(Vec<(u32, u32)>);

impl RowIndex {
    fn new(ctx: &Context<'_>) -> RowIndex {
        let mut pairs: Vec<(u32, u32)> = (0..ctx.rows()).map(|r| (ctx.table.excel_row(r), r as u32)).collect();
        pairs.sort_unstable();
        RowIndex(pairs)
    }

    /// The data row at `excel_row` (the last, should a file repeat a row number).
    fn get(&self, excel_row: u32) -> Option<usize> {
        let at = self.0.partition_point(|&(x, _)| x <= excel_row);
        at.checked_sub(1).map(|i| self.0[i]).filter(|&(x, _)| x == excel_row).map(|(_, r)| r as usize)
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
}
