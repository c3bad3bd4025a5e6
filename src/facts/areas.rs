//! Where each row lies (its 乡镇 and 村) and what the rows alone count, before any finding: the
//! rows and households of each area, and the persons. The summary adds the findings to these
//! counts; as a fact of the check they are counted beside the rules, not after them, where
//! nothing else runs (a million-row register's took a tenth of a second in the browser).

use super::context::Context;
use super::grouping::{self, sort_by_hash, SPREAD};
use crate::columns::roles::Role;
use crate::read::table::Fx;
use std::collections::HashMap;
use std::hash::Hasher;

/// One 乡镇 + 村 ("" where the column is missing or the cell blank) and what its rows count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRows<'t> {
    pub township: &'t str,
    pub village: &'t str,
    pub rows: usize,
    /// Distinct 户编号 among its rows.
    pub households: usize,
}

/// The areas of a table's rows, and its persons.
#[derive(Debug)]
pub struct Areas<'t> {
    /// The areas in order of their first rows.
    pub list: Vec<AreaRows<'t>>,
    /// Each data row's area: its place in `list`.
    pub at: Vec<u32>,
    /// Distinct persons by canonical ID; a row without a usable ID counts as one person.
    pub persons: usize,
}

impl<'t> Areas<'t> {
    pub fn of(ctx: &Context<'t>) -> Areas<'t> {
        let rows = ctx.rows();
        let has_households = ctx.col(Role::HouseholdId).is_some();
        // Rows of one area and of one household mostly follow each other, so most rows need no
        // lookup at all. Households are counted from (area, 户编号) pairs by sorting on a hash of
        // each pair, not in a map: no file can make that slow.
        let mut index: HashMap<(&str, &str), usize> = HashMap::new();
        let mut list: Vec<AreaRows<'t>> = Vec::new();
        let mut pairs: Vec<(u64, u32, u32)> = Vec::new();
        let mut at: Vec<u32> = Vec::with_capacity(rows);
        let (mut last_area, mut last_household) = (None, None);
        for r in 0..rows {
            let key = (ctx.text(Role::Township, r), ctx.text(Role::Village, r));
            let a = match last_area {
                Some((k, a)) if k == key => a,
                _ => *index.entry(key).or_insert_with(|| {
                    list.push(AreaRows { township: key.0, village: key.1, rows: 0, households: 0 });
                    list.len() - 1
                }),
            };
            last_area = Some((key, a));
            at.push(a as u32);
            list[a].rows += 1;
            let household = ctx.text(Role::HouseholdId, r);
            if has_households && !household.is_empty() && last_household != Some((household, a)) {
                pairs.push((pair_hash(a as u32, household), a as u32, r as u32));
                last_household = Some((household, a));
            }
        }
        for a in distinct_pair_areas(pairs, |r| ctx.text(Role::HouseholdId, r as usize)) {
            list[a as usize].households += 1;
        }
        // People by their ID packed in a number, counted by sorting: no hashing of a million IDs.
        let mut ids: Vec<u64> = Vec::with_capacity(rows);
        let mut without = 0;
        for r in 0..rows {
            match ctx.valid_id(r) {
                Some(id) => ids.push(crate::facts::people::pack(id.as_bytes())),
                None => without += 1,
            }
        }
        Areas { list, at, persons: without + distinct(ids) }
    }
}

/// The area of a 户编号 counted across all areas.
pub const NO_AREA: u32 = u32::MAX;

/// A hash of the pair (area `a`, 户编号 `household`), spread in its top bits.
pub fn pair_hash(a: u32, household: &str) -> u64 {
    let mut h = Fx::default();
    h.write(household.as_bytes());
    h.write_u32(a);
    h.finish()
}

/// The area of each distinct (area, 户编号) pair among `pairs` (its hash, area and a row holding
/// it; `household_at` reads a row's 户编号): grouped by a radix sort on the hash, so that a pair
/// met once (most) is counted without reading its 户编号 again. A comparison sort of a
/// million-row register's 333,000 pairs read each 户编号 from afar at every step.
pub fn distinct_pair_areas<'t>(mut pairs: Vec<(u64, u32, u32)>, household_at: impl Fn(u32) -> &'t str) -> Vec<u32> {
    let mut areas = Vec::with_capacity(pairs.len());
    grouping::by_key(&mut pairs, |e| e.0, |e| (e.1, household_at(e.2)), |pair| areas.push(pair[0].1));
    areas
}

/// How many different numbers `v` holds: equal ones meet in a radix sort on their product with
/// [`SPREAD`] (a bijection).
pub fn distinct(mut v: Vec<u64>) -> usize {
    sort_by_hash(&mut v, &mut Vec::new(), |&x| x.wrapping_mul(SPREAD));
    v.dedup();
    v.len()
}
