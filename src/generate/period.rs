//! Two periods of one register, for the period comparison (上期比对): the register as generated
//! (clean) is this period's, and last period's is made from it by undoing planted changes of
//! every kind — births, deaths, a size changed unlike the members, moves, splits, merges,
//! renumbered households, corrected IDs, changed names, status changes — each on households of
//! its own, with the findings the comparison must then report.
//!
//! This period gains a 人员变更 column (新生儿 on the births). In the national style both files
//! keep the export's conventions (`#`-marked IDs, the head's columns, two 年度 merged); only the
//! latest year's rows change, as the comparison reads the latest year of each file.

use super::columns::text;
use super::rng::Rng;
use super::{generate, Cell, Options, Register};
use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use serde::Serialize;
use std::collections::HashSet;

/// The change column this period's register gains.
pub const CHANGE_HEADER: &str = "人员变更";
/// Salt of the changes' stream.
const PERIOD_STREAM: u64 = 0x9E21_0D00_5EED_0017;
/// Columns of a household rather than a person: a person moved takes them from the new household.
pub const HOUSEHOLD_ROLES: &[Role] = &[
    Role::County,
    Role::Township,
    Role::Village,
    Role::HouseholdId,
    Role::HouseholdSize,
    Role::HouseholdType,
    Role::ExitStatus,
    Role::ExitYear,
    Role::PovertyCause,
    Role::Income,
    Role::Phone,
    Role::BankName,
    Role::BankCard,
    Role::HouseholdKind,
    Role::MonitorCategory,
    Role::HeadName,
    Role::HeadId,
    Role::Year,
];

/// A finding the comparison must report: its current rows, or for a person no longer listed
/// none, with the previous register's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodExpected {
    pub rule: &'static str,
    pub rows: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub previous_rows: Vec<u32>,
}

/// Last period's register, this period's, and what comparing them must find.
#[derive(Debug, Clone)]
pub struct PeriodPair {
    pub previous: Register,
    pub current: Register,
    /// Sorted by (rule, rows, previous rows).
    pub expected: Vec<PeriodExpected>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Birth,
    Death,
    SizeMismatch,
    Move,
    Split,
    Merge,
    Renumber,
    IdCorrected,
    NameChanged,
    Status,
}

const CHANGES: [Change; 10] = [
    Change::Birth,
    Change::Death,
    Change::SizeMismatch,
    Change::Move,
    Change::Split,
    Change::Merge,
    Change::Renumber,
    Change::IdCorrected,
    Change::NameChanged,
    Change::Status,
];

/// A row of last period's register.
#[derive(Debug, Clone)]
struct Row {
    cells: Vec<Cell>,
    /// A person no longer listed this period: the comparison reports this row.
    removed: bool,
}

/// Generates the two periods (the register of `opts`, always clean) and their expected changes.
pub fn period(opts: &Options) -> PeriodPair {
    let mut current = generate(&Options { faults: false, ..*opts });
    current.headers.push(CHANGE_HEADER.to_owned());
    for r in &mut current.rows {
        r.push(Cell::Empty);
    }
    // The columns as the register names them (the national style renames and reorders them).
    let mapping = Mapping::new(&current.headers, &Default::default());
    let col = |role: Role| mapping.col(role).unwrap_or_else(|| panic!("a generated register has {role:?}"));
    let (household_col, id_col, name_col, relation_col, size_col, exit_col) = (
        col(Role::HouseholdId),
        col(Role::PersonId),
        col(Role::Name),
        col(Role::Relation),
        col(Role::HouseholdSize),
        col(Role::ExitStatus),
    );
    let birth_col = mapping.col(Role::BirthDate);
    let change_col = current.headers.len() - 1;
    let year_col = mapping.col(Role::Year);
    let year = |r: &[Cell]| year_col.map_or("", |c| text(&r[c])).to_owned();
    let latest = current.rows.iter().map(|r| year(r)).max().unwrap_or_default();

    // Households as (户编号, 年度) runs of rows.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, r) in current.rows.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if same_household(&current.rows[g[0]], r, household_col, year_col) => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    let mut prev: Vec<Vec<Row>> = groups
        .iter()
        .map(|g| g.iter().map(|&i| Row { cells: current.rows[i].clone(), removed: false }).collect())
        .collect();
    // Households added to last period's register, after the group of each index.
    let mut inserted: Vec<(usize, Vec<Row>)> = Vec::new();

    let mut rng = Rng::new(opts.seed ^ PERIOD_STREAM);
    let mut order: Vec<usize> = (0..groups.len()).filter(|&g| year(&current.rows[groups[g][0]]) == latest).collect();
    rng.shuffle(&mut order);
    let ids: HashSet<String> = current.rows.iter().map(|r| plain_id(text(&r[id_col]))).collect();
    let mut used = vec![false; groups.len()];
    let each = (order.len() / 80).max(1);
    let mut expected = Vec::new();
    let mut expect =
        |rule: &'static str, rows: Vec<u32>| expected.push(PeriodExpected { rule, rows, previous_rows: Vec::new() });
    let first_row = current.title_rows + 2;
    let excel = |i: usize| first_row + i as u32;
    let household_columns: Vec<usize> = HOUSEHOLD_ROLES.iter().filter_map(|&r| mapping.col(r)).collect();
    let mut fresh_id = 0u32;

    for change in CHANGES {
        for _ in 0..each {
            let fits = |g: usize| {
                let n = groups[g].len();
                match change {
                    Change::Birth | Change::Split => n >= 2,
                    Change::Merge => n >= 3,
                    Change::IdCorrected => {
                        groups[g].iter().any(|&i| plain_id(text(&current.rows[i][id_col])).len() == 18)
                    }
                    _ => true,
                }
            };
            let Some(&g) = order.iter().find(|&&g| !used[g] && fits(g)) else { break };
            used[g] = true;
            let rows = &groups[g];
            let all: Vec<u32> = rows.iter().map(|&i| excel(i)).collect();
            let n = rows.len();
            match change {
                Change::Birth => {
                    let last = *rows.last().expect("households have members");
                    current.rows[last][change_col] = Cell::Text("新生儿".to_owned());
                    prev[g].pop();
                    set_size(&mut prev[g], size_col, n - 1);
                    expect("period-person-added", vec![excel(last)]);
                }
                Change::Death | Change::SizeMismatch => {
                    let mut gone = prev[g][0].cells.clone();
                    fresh_id += 1;
                    gone[id_col] = Cell::Text(new_id(text(&gone[id_col]), fresh_id, &ids));
                    gone[name_col] = Cell::Text(format!("{}老", first_char(text(&gone[name_col]))));
                    gone[relation_col] = Cell::Text("之父".to_owned());
                    if let Some(b) = birth_col {
                        gone[b] = Cell::Text("19350101".to_owned());
                    }
                    prev[g].push(Row { cells: gone, removed: true });
                    if change == Change::Death {
                        set_size(&mut prev[g], size_col, n + 1);
                    } else {
                        expect("period-size-change-mismatch", all.clone());
                    }
                }
                Change::Move => {
                    // Its last member lived in another household last period.
                    let Some(&from) = order.iter().find(|&&h| !used[h]) else { break };
                    used[from] = true;
                    let Some(&moved) = rows.last().filter(|_| n >= 2) else { continue };
                    let row = prev[g].pop().expect("n >= 2");
                    set_size(&mut prev[g], size_col, n - 1);
                    let cells = rehome(&row.cells, &prev[from][0].cells, &household_columns);
                    prev[from].push(Row { cells, removed: false });
                    let size = prev[from].len();
                    set_size(&mut prev[from], size_col, size);
                    expect("period-person-moved", vec![excel(moved)]);
                }
                Change::Split => {
                    // Another household was part of this one last period.
                    let Some(&other) = order.iter().find(|&&h| !used[h]) else { break };
                    used[other] = true;
                    let moved: Vec<Row> = std::mem::take(&mut prev[other]);
                    for mut row in moved {
                        row.cells = rehome(&row.cells, &prev[g][0].cells, &household_columns);
                        if crate::domain::codes::is_head(text(&row.cells[relation_col])) {
                            row.cells[relation_col] = Cell::Text("之子".to_owned());
                        }
                        prev[g].push(row);
                    }
                    let size = prev[g].len();
                    set_size(&mut prev[g], size_col, size);
                    let mut rows: Vec<u32> =
                        all.iter().copied().chain(groups[other].iter().map(|&i| excel(i))).collect();
                    rows.sort_unstable();
                    expect("period-household-split", rows);
                }
                Change::Merge => {
                    // Its last two members were a household of their own last period.
                    let mut own: Vec<Row> = prev[g].split_off(n - 2);
                    set_size(&mut prev[g], size_col, n - 2);
                    let key = format!("{}9", text(&own[0].cells[household_col]));
                    for (k, row) in own.iter_mut().enumerate() {
                        row.cells[household_col] = Cell::Text(key.clone());
                        row.cells[relation_col] = Cell::Text(if k == 0 { "户主" } else { "配偶" }.to_owned());
                    }
                    set_size(&mut own, size_col, 2);
                    inserted.push((g, own));
                    expect("period-household-merged", all.clone());
                }
                Change::Renumber => {
                    let key = format!("{}8", text(&prev[g][0].cells[household_col]));
                    for row in &mut prev[g] {
                        row.cells[household_col] = Cell::Text(key.clone());
                    }
                    expect("period-household-renumbered", all.clone());
                }
                Change::IdCorrected => {
                    let k =
                        rows.iter().position(|&i| plain_id(text(&current.rows[i][id_col])).len() == 18).expect("fits");
                    let written = text(&prev[g][k].cells[id_col]).to_owned();
                    prev[g][k].cells[id_col] = Cell::Text(wrong_check(&written));
                    expect("period-id-corrected", vec![excel(rows[k])]);
                }
                Change::NameChanged => {
                    let k = n - 1;
                    let name = text(&prev[g][k].cells[name_col]).to_owned();
                    prev[g][k].cells[name_col] = Cell::Text(other_name(&name));
                    expect("period-name-changed", vec![excel(rows[k])]);
                }
                Change::Status => {
                    let was =
                        if text(&current.rows[rows[0]][exit_col]) == "未脱贫" { "已脱贫" } else { "未脱贫" };
                    for row in &mut prev[g] {
                        row.cells[exit_col] = Cell::Text(was.to_owned());
                    }
                    expect("period-status-changed", vec![excel(rows[0])]);
                }
            }
        }
    }

    // Last period's rows, and the rows of the persons no longer listed.
    let mut previous = Register {
        headers: current.headers.clone(),
        rows: Vec::new(),
        expected: Vec::new(),
        title_rows: current.title_rows,
        household_list: None,
        work: None,
    };
    let mut gone = Vec::new();
    for (g, rows) in prev.into_iter().enumerate() {
        let extra = inserted.iter().filter(|(at, _)| *at == g).flat_map(|(_, r)| r.iter().cloned());
        for row in rows.into_iter().chain(extra.collect::<Vec<_>>()) {
            if row.removed {
                gone.push(previous.rows.len());
            }
            previous.rows.push(row.cells);
        }
    }
    for i in gone {
        expected.push(PeriodExpected {
            rule: "period-person-removed",
            rows: Vec::new(),
            previous_rows: vec![previous.excel_row(i)],
        });
    }
    expected.sort_by(|a, b| (a.rule, &a.rows, &a.previous_rows).cmp(&(b.rule, &b.rows, &b.previous_rows)));
    PeriodPair { previous, current, expected }
}

fn same_household(a: &[Cell], b: &[Cell], household: usize, year_col: Option<usize>) -> bool {
    text(&a[household]) == text(&b[household]) && year_col.is_none_or(|c| text(&a[c]) == text(&b[c]))
}

fn set_size(rows: &mut [Row], column: usize, size: usize) {
    for r in rows {
        r.cells[column] = Cell::Number(size as f64);
    }
}

/// A person's row as a member of the household of `head`: the household's columns taken from it.
fn rehome(person: &[Cell], head: &[Cell], household_columns: &[usize]) -> Vec<Cell> {
    let mut cells = person.to_vec();
    for &c in household_columns {
        cells[c] = head[c].clone();
    }
    cells
}

/// An ID as compared, without the export's marks.
fn plain_id(written: &str) -> String {
    crate::domain::id_card::normalize(written)
}

/// A new valid 18-digit ID like `like` (same county, born 1935), unlike any of `taken`, written
/// with the same marks.
fn new_id(like: &str, n: u32, taken: &HashSet<String>) -> String {
    let plain = plain_id(like);
    let county = plain.get(..6).filter(|c| c.bytes().all(|b| b.is_ascii_digit())).unwrap_or("360426");
    let mut seq = n;
    loop {
        let first17 = format!("{county}19350101{:03}", seq % 1000);
        let id = format!("{first17}{}", crate::domain::id_card::check_char(first17.as_bytes()) as char);
        if !taken.contains(&id) {
            return remark(like, &id);
        }
        seq += 1000;
    }
}

/// `id` written with the marks `like` has (a leading `#` or `'`).
fn remark(like: &str, id: &str) -> String {
    let mark: String = like.chars().take_while(|c| matches!(c, '#' | '\'')).collect();
    format!("{mark}{id}")
}

/// The ID `written` with a wrong check character, as typed last period.
fn wrong_check(written: &str) -> String {
    let plain = plain_id(written);
    let right = plain.as_bytes()[17];
    let wrong = if right == b'1' { '2' } else { '1' };
    remark(written, &format!("{}{wrong}", &plain[..17]))
}

fn first_char(name: &str) -> String {
    name.chars().next().map(String::from).unwrap_or_else(|| "张".to_owned())
}

/// A name with its last character written otherwise (王晓明 → 王小明), as a name changed.
fn other_name(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let last = chars.pop().unwrap_or('明');
    chars.push(if last == '敏' { '明' } else { '敏' });
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plants_every_kind_and_keeps_this_period_clean() {
        let pair = period(&Options { households: 300, seed: 5, faults: true, ..Options::default() });
        assert!(pair.current.expected.is_empty(), "this period's register is clean");
        for rule in [
            "period-person-added",
            "period-person-removed",
            "period-person-moved",
            "period-household-split",
            "period-household-merged",
            "period-household-renumbered",
            "period-id-corrected",
            "period-name-changed",
            "period-status-changed",
            "period-size-change-mismatch",
        ] {
            assert!(pair.expected.iter().any(|e| e.rule == rule), "{rule} planted");
        }
        assert_eq!(wrong_check("#360426199101010071"), "#360426199101010072");
        assert_eq!(other_name("王晓明"), "王晓敏");
    }
}
