//! Both sides of a period comparison as rows, for the comparison at scale (`huqing index
//! --previous`, docs/scale.md): each person as [`compare`](super::compare) reads it — the rows of
//! the latest 年度, the normalised ID, the name key, the birth date, the household as matched
//! (户编号 as compared, the person's place in it, whether it is the row the household's columns
//! are read on), the change column's reason — so that the SQL matches exactly what the per-file
//! comparison matches, with no second copy of its rules.

use super::{comparable, Side, NONE, STATUS};
use crate::base::error::Error;
use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::profile::Profile;
use crate::read::table::Table;
use crate::rules::Context;

/// One person of one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The row as Excel numbers it.
    pub row: u32,
    /// The household (its place among the side's households) and the person's place in it;
    /// `None` for a row without a 户编号.
    pub household: Option<(u32, u32)>,
    /// 户编号 as households are matched by, and as written on the household's first row.
    pub household_key: String,
    pub household_written: String,
    /// The person whose row the household's own columns (status, size) are read on.
    pub head: bool,
    /// 户编号, 乡镇, 行政村, 姓名, 证件号码 of the person's own row, as a finding quotes them.
    pub household_text: String,
    pub township: String,
    pub village: String,
    pub name: String,
    pub id_written: String,
    pub name_key: String,
    /// The normalised ID (`Context::canonical_id`).
    pub id: Option<String>,
    /// `yyyymmdd`.
    pub birth: Option<u32>,
    /// The change column's text (trimmed), when it names a reason; and whether that reason is
    /// that the person left.
    pub reason: Option<String>,
    pub left: bool,
    /// The status columns ([`STATUS`]) of the row, trimmed; `None` when the side lacks the column.
    pub status: [Option<String>; 5],
    /// 人数 of the row as written (trimmed), when the side has the column, and as declared
    /// (a whole number below 10,000).
    pub size_text: Option<String>,
    pub size: Option<i64>,
}

/// One side: its persons, and the headers of its status columns (`None`: not mapped).
#[derive(Debug, Clone, Default)]
pub struct People {
    pub persons: Vec<Person>,
    pub status_headers: [Option<String>; 5],
}

/// The register behind `ctx` and last period's, `read` from the file `name`, as the comparison
/// reads them; refused as [`super::run`] refuses a baseline.
pub fn sides(
    ctx: &Context<'_>,
    name: &str,
    read: Result<(Table, Mapping), Error>,
    profile: &Profile,
) -> Result<(People, People), Error> {
    let (table, mapping) = read.map_err(|e| super::bad(name, e.message_zh(), e.message_en()))?;
    let prev = Context::new(&table, &mapping, profile);
    comparable(&prev, name)?;
    Ok((people(&Side::new(ctx)), people(&Side::new(&prev))))
}

fn people(side: &Side<'_, '_>) -> People {
    let mut place = vec![(NONE, 0u32); side.rows.len()];
    let mut heads = vec![false; side.rows.len()];
    for (h, house) in side.households.iter().enumerate() {
        for (i, &p) in house.persons.iter().enumerate() {
            place[p as usize] = (h as u32, i as u32);
        }
        heads[side.head(h as u32) as usize] = true;
    }
    let persons = (0..side.rows.len() as u32)
        .map(|p| {
            let r = side.rows[p as usize];
            let (h, at) = place[p as usize];
            let text = |role: Role| side.text(role, p).to_owned();
            let column =
                |role: Role| side.ctx.col(role).map(|_| crate::base::text::trim(side.text(role, p)).to_owned());
            Person {
                row: side.excel(p),
                household: (h != NONE).then_some((h, at)),
                household_key: if h == NONE { String::new() } else { side.households[h as usize].key.to_owned() },
                household_written: if h == NONE { String::new() } else { side.written(h).to_owned() },
                head: heads[p as usize],
                household_text: text(Role::HouseholdId),
                township: text(Role::Township),
                village: text(Role::Village),
                name: text(Role::Name),
                id_written: side.ctx.written(Role::PersonId, r).to_owned(),
                name_key: side.name_key(p),
                id: side.ctx.canonical_id(r).map(str::to_owned),
                birth: side.birth(p),
                reason: side.change[p as usize]
                    .map(|_| crate::base::text::trim(side.text(Role::ChangeReason, p)).to_owned()),
                left: side.left(p),
                status: STATUS.map(column),
                size_text: column(Role::HouseholdSize),
                size: side.declared(p),
            }
        })
        .collect();
    People { persons, status_headers: STATUS.map(|role| side.header(role)) }
}
