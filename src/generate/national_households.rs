//! The national export's households (see docs/formats.md): the head repeated on every member row
//! (户主姓名, 户主证件号码), two years merged (年度: 2019年底 and 2020年底), and a household list
//! (one row per 户编号) beside the person list, with faults of the rules that compare them.
//!
//! The register as generated is the 2020 data. Households that no fault touches and whose people
//! were adults of 24–58 at the end of 2019 (so no age rule can tell the years apart) are repeated
//! as 2019 rows at the end of the sheet (one that left poverty in 2020 not yet left, on a lower
//! income); every row before them keeps its
//! Excel row, so the other faults' expected rows stand.

use super::columns::{self, text, ID, NAME, RELATION, SIZE};
use super::faults::{mistype_marked, Pending, Rows};
use super::rng::Rng;
use super::{Cell, Expected};

/// The columns added to every person row.
pub const HEADERS: [&str; 3] = ["户主姓名", "户主证件号码", "年度"];
/// The household list's columns.
pub const LIST_HEADERS: [&str; 9] =
    ["县", "乡镇", "行政村", "户编号", "户主姓名", "户主证件号码", "人口数", "联系电话", "帮扶责任人"];
/// The year of the register as generated, and of its earlier copy.
const YEAR: &str = "2020年底";
const EARLIER: &str = "2019年底";
/// Share of households given each fault (as `faults` does).
const RATE: f64 = 0.015;
/// Column indexes of the register as generated (see `columns::HEADERS`).
const EXIT_STATUS: usize = 19;
const EXIT_YEAR: usize = 20;
const INCOME: usize = 22;
const PHONE: usize = 23;

/// The household list written beside the person list, and the findings its faults must produce.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdSheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Each disagreement planted: its rule, the person rows its finding names when the two
    /// lists are sheets of one workbook, and the rows of both lists (person rows, list rows) it
    /// names when they are two files.
    pub planted: Vec<Joined>,
}

/// One planted disagreement of the two lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub rule: &'static str,
    /// Person-list rows the finding of a two-sheet workbook names.
    pub beside: Vec<u32>,
    /// Person-list rows and household-list rows of the finding across two files.
    pub persons: Vec<u32>,
    pub listed: Vec<u32>,
}

impl HouseholdSheet {
    /// The findings the person sheet's check must add when this list is a sheet beside it.
    pub fn expected_beside(&self) -> Vec<Expected> {
        self.planted.iter().map(|j| Expected { rule: j.rule, rows: j.beside.clone() }).collect()
    }

    /// Excel row of list row `i` (the header on row 1).
    pub fn excel_row(i: usize) -> u32 {
        i as u32 + 2
    }
}

/// Adds the head's columns and the year to every row of `households` (as columns `base`..,
/// after those the rows have), plants the head rules' faults in households no other fault
/// touches, and appends the 2019 copies. Returns which households are clean (of the 2020 ones),
/// for [`household_list`].
pub fn apply(
    rng: &mut Rng,
    households: &mut Vec<Rows>,
    pending: &mut Vec<Pending>,
    faults: bool,
    base: usize,
) -> Vec<bool> {
    let n = households.len();
    let mut clean = vec![true; n];
    for p in pending.iter() {
        for &(h, _) in &p.at {
            clean[h] = false;
        }
    }
    for rows in households.iter_mut() {
        let head = head_row(rows);
        let (name, id) = (rows[head][NAME].clone(), rows[head][ID].clone());
        for r in rows.iter_mut() {
            r.extend([name.clone(), id.clone(), Cell::Text(YEAR.to_owned())]);
        }
    }
    let (head_name, head_id) = (base, base + 1);
    let per_kind = if faults { ((n as f64 * RATE).round() as usize).max(usize::from(n >= 50)) } else { 0 };
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let take = |min_members: usize, clean: &mut Vec<bool>, households: &Vec<Rows>| -> Vec<usize> {
        let chosen: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&h| clean[h] && households[h].len() >= min_members && head_row(&households[h]) == 0)
            .filter(|&h| columns::text(&households[h][0][RELATION]) == "户主")
            .take(per_kind)
            .collect();
        for &h in &chosen {
            clean[h] = false;
        }
        chosen
    };
    for h in take(1, &mut clean, households) {
        let wrong = Cell::Text(mistype_marked(rng, text(&households[h][0][ID])));
        households[h].iter_mut().for_each(|r| r[head_id] = wrong.clone());
        pending.push(Pending { rule: "household-head-id-mismatch", at: vec![(h, 0)] });
    }
    for h in take(1, &mut clean, households) {
        let name = text(&households[h][0][NAME]);
        let wrong = Cell::Text(format!(
            "{}{}",
            if name.starts_with('欧') { "司马" } else { "欧阳" },
            name.chars().skip(1).collect::<String>()
        ));
        households[h].iter_mut().for_each(|r| r[head_name] = wrong.clone());
        pending.push(Pending { rule: "household-head-name-mismatch", at: vec![(h, 0)] });
    }
    for h in take(3, &mut clean, households) {
        let last = households[h].len() - 1;
        households[h][last][head_id] = Cell::Text(mistype_marked(rng, text(&households[h][0][ID])));
        pending.push(Pending { rule: "household-head-inconsistent", at: vec![(h, last)] });
    }
    for h in take(2, &mut clean, households) {
        // The head's row is gone; the size follows the rows left, so only the head is missed.
        households[h].remove(0);
        let left = households[h].len();
        households[h].iter_mut().for_each(|r| r[SIZE] = Cell::Number(left as f64));
        let at: Vec<(usize, usize)> = (0..left).map(|m| (h, m)).collect();
        pending.push(Pending { rule: "household-head-missing", at: at.clone() });
        pending.push(Pending { rule: "household-head-not-member", at });
    }
    for h in 0..n {
        if clean[h] && rng.percent(35) && earlier_year_fits(&households[h]) {
            let mut copy = households[h].clone();
            for r in &mut copy {
                r[head_id + 1] = Cell::Text(EARLIER.to_owned());
                // A household that left poverty in 2020 had not yet at the end of 2019, on a
                // lower income.
                if matches!(r[EXIT_YEAR], Cell::Number(y) if y > 2019.0) {
                    r[EXIT_YEAR] = Cell::Empty;
                    r[EXIT_STATUS] = Cell::Text("未脱贫".to_owned());
                    if let Cell::Number(income) = r[INCOME] {
                        r[INCOME] = Cell::Number((income * 0.9).round());
                    }
                }
            }
            households.push(copy);
        }
    }
    clean
}

/// The row of the household's head: its only 户主 row, else the first (as built).
fn head_row(rows: &Rows) -> usize {
    let heads: Vec<usize> = (0..rows.len()).filter(|&r| text(&rows[r][RELATION]) == "户主").collect();
    if heads.len() == 1 {
        heads[0]
    } else {
        0
    }
}

/// True when every member was 24 to 58 at the end of 2019 (past school, before any age limit):
/// its 2019 rows are as consistent as its 2020 ones.
fn earlier_year_fits(rows: &Rows) -> bool {
    rows.iter().all(|r| {
        let born: Option<i32> = text(&r[columns::BIRTH]).get(..4).and_then(|y| y.parse().ok());
        born.is_some_and(|y| (2019 - 58..=2019 - 24).contains(&y))
    })
}

/// The household list of the 2020 households (rows `starts[h]..` of `rows`, Excel row of data
/// row `i` by `excel_row`), with (given `faults`) faults of each join rule planted in clean
/// households.
pub fn household_list(
    rng: &mut Rng,
    rows: &[Vec<Cell>],
    starts: &[usize],
    clean: &[bool],
    base: usize,
    faults: bool,
    excel_row: &dyn Fn(usize) -> u32,
) -> HouseholdSheet {
    let (head_name, head_id) = (base, base + 1);
    let helpers = ["刘建国", "陈秀英", "杨志强", "黄丽华", "赵卫东", "周玉梅"];
    // The 2020 rows (the 2019 copies follow them) grouped by 户编号, as the checker groups them.
    let current = starts.get(clean.len()).copied().unwrap_or(rows.len());
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, row) in rows[..current].iter().enumerate() {
        let key = text(&row[columns::HOUSEHOLD_ID]);
        if key.is_empty() {
            continue;
        }
        let g = *at.entry(key).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    let mut list: Vec<Vec<Cell>> = Vec::new();
    for (key, members) in &groups {
        let first = &rows[members[0]];
        // The head as the person list names it: its one 户主 row, else the head's columns.
        let heads: Vec<&Vec<Cell>> =
            members.iter().map(|&i| &rows[i]).filter(|r| text(&r[RELATION]) == "户主").collect();
        let (name, id) = match heads[..] {
            [head] => (head[NAME].clone(), head[ID].clone()),
            _ => (first[head_name].clone(), first[head_id].clone()),
        };
        list.push(vec![
            first[0].clone(),
            first[1].clone(),
            first[2].clone(),
            Cell::Text(key.to_string()),
            name,
            id,
            Cell::Number(members.len() as f64),
            first[PHONE].clone(),
            Cell::Text(rng.pick(&helpers).to_string()),
        ]);
    }
    // A clean household's list row (its rows all share its 户编号, and no other row does).
    let of_household: Vec<Option<usize>> = (0..clean.len())
        .map(|h| {
            let key = text(&rows[starts[h]][columns::HOUSEHOLD_ID]);
            let g = *at.get(key)?;
            (groups[g].1.len() == starts.get(h + 1).copied().unwrap_or(rows.len()) - starts[h]).then_some(g)
        })
        .collect();
    // Households of more than one person in the list, none of whose rows any fault touches.
    let mut order: Vec<usize> = (0..clean.len()).filter(|&h| clean[h] && of_household[h].is_some()).collect();
    rng.shuffle(&mut order);
    let per_kind =
        if faults { ((clean.len() as f64 * RATE).round() as usize).max(usize::from(clean.len() >= 50)) } else { 0 };
    let mut planted = Vec::new();
    let mut dropped = Vec::new();
    let person_rows = |h: usize| -> Vec<u32> {
        (starts[h]..starts.get(h + 1).copied().unwrap_or(rows.len())).map(excel_row).collect()
    };
    // Three join faults from the list's own households, `per_kind` each (none without faults).
    order.truncate(3 * per_kind);
    let mut chosen = order.chunks(per_kind.max(1));
    for h in chosen.next().unwrap_or(&[]) {
        let l = of_household[*h].expect("listed");
        if let Cell::Number(size) = list[l][6] {
            list[l][6] = Cell::Number(size + 1.0);
        }
        let p = person_rows(*h);
        planted.push(Joined {
            rule: "household-list-size-mismatch",
            beside: p.clone(),
            persons: p,
            listed: vec![l as u32],
        });
    }
    for h in chosen.next().unwrap_or(&[]) {
        let l = of_household[*h].expect("listed");
        list[l][5] = Cell::Text(mistype_marked(rng, text(&list[l][5])));
        let p = person_rows(*h);
        planted.push(Joined {
            rule: "household-list-head-mismatch",
            beside: vec![p[0]],
            persons: p,
            listed: vec![l as u32],
        });
    }
    for h in chosen.next().unwrap_or(&[]) {
        dropped.push(of_household[*h].expect("listed"));
        let p = person_rows(*h);
        planted.push(Joined { rule: "household-list-missing", beside: p.clone(), persons: p, listed: Vec::new() });
    }
    if per_kind > 0 && !list.is_empty() {
        // A household of the list that the person list lacks: a 户编号 no household has.
        let mut extra = list[list.len() - 1].clone();
        let last = text(&extra[3]);
        let key = format!("{}9999", &last[..last.len().saturating_sub(4)]);
        extra[3] = Cell::Text(key);
        extra[6] = Cell::Number(2.0);
        // Its own phone unknown: a copied one would be shared with the household it came from.
        extra[7] = Cell::Empty;
        list.push(extra);
        planted.push(Joined {
            rule: "household-list-extra",
            beside: Vec::new(),
            persons: Vec::new(),
            listed: vec![list.len() as u32 - 1],
        });
    }
    // Dropping list rows moves the ones below up: renumber the list rows the findings name.
    dropped.sort_unstable();
    let kept: Vec<Vec<Cell>> =
        list.into_iter().enumerate().filter(|(i, _)| dropped.binary_search(i).is_err()).map(|(_, r)| r).collect();
    for j in &mut planted {
        for l in &mut j.listed {
            let before = dropped.iter().filter(|&&d| (d as u32) < *l).count() as u32;
            *l = HouseholdSheet::excel_row((*l - before) as usize);
        }
    }
    HouseholdSheet { headers: LIST_HEADERS.iter().map(|h| h.to_string()).collect(), rows: kept, planted }
}
