//! What the four `household-list-*` rules share: the join of the person list behind a context
//! with the household list checked beside it, reported for one rule.

use super::{Context, Out, SheetKind};
use crate::columns::roles::Role;
use crate::facts::households::{join, HouseholdList};

/// Reports the findings of `rule` of the join of the sheet behind `ctx` with the household list
/// checked beside it (another sheet of the workbook), if any: on the member rows concerned, or,
/// for a household the person list lacks, on no row (the message names the list's row).
pub fn report(ctx: &Context<'_>, out: &mut Out<'_, '_, '_>, rule: &str) {
    let Some(list) = &ctx.companion else { return };
    if ctx.sheet_kind() != SheetKind::Persons {
        return;
    }
    let persons = HouseholdList::from_context(ctx, "");
    for m in join(&persons, list).into_iter().filter(|m| m.rule == rule) {
        let listed = m.listed.map(|l| &list.households[l]);
        let row = listed.map_or(String::new(), |g| g.rows[0].to_string());
        let args = |household: &str| {
            [
                ("list", list.source.clone()),
                ("row", row.clone()),
                ("other", m.other.clone()),
                ("household", household.to_owned()),
            ]
        };
        match m.person.map(|p| &persons.households[p]) {
            Some(h) => {
                let (rows, role) = match rule {
                    "household-list-head-mismatch" => {
                        (&h.head_rows, if h.head_id.is_some() { Role::PersonId } else { Role::Name })
                    }
                    "household-list-size-mismatch" => (&h.data_rows, Role::HouseholdId),
                    _ => (&h.data_rows, Role::HouseholdId),
                };
                let a = args(&h.written);
                let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
                out.rows(rows, Some(role), m.value.clone(), &a);
            }
            None => {
                let a = args(&m.value);
                let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
                out.table(None, m.value.clone(), &a);
            }
        }
    }
}
