//! Fault injection: breaks a few households of a clean register, one fault per household, and
//! records the findings a correct checker must report for each.
//!
//! Every fault is made so that it triggers only its own rules: a duplicated row is never a head
//! or spouse (no second 户主/配偶), a person copied into another household comes in as 其他 (no
//! relation-age or relation-gender finding), an empty 户编号 is the household's last row and the
//! declared size is lowered with it, and a 特困供养 household never grows past two rows.

use std::collections::{HashMap, HashSet};

use super::columns::{person_no, text, HOUSEHOLD_ID, ID, KIND, NAME, PERSON_COLUMNS, PERSON_NO, RELATION, SEX, SIZE};
use super::rng::Rng;
use super::Cell;
use crate::id_card::check_char;

/// The rules a generated register can be made to break, in injection order.
pub const KINDS: [&str; 9] = [
    "person-id-missing",
    "person-id-format",
    "person-id-checksum",
    "household-id-missing",
    "household-size-mismatch",
    "household-head-missing",
    "household-head-multiple",
    "person-in-multiple-households",
    "duplicate-row",
];

/// Share of households given each kind of fault.
const RATE: f64 = 0.015;

/// A household's rows, each a full row of cells.
pub type Rows = Vec<Vec<Cell>>;

/// A finding to expect, located by (household, row within it) before rows are numbered.
pub struct Pending {
    /// The rule key.
    pub rule: &'static str,
    /// (household index, row index within the household) of every row the finding names.
    pub at: Vec<(usize, usize)>,
}

/// Injects faults into `households` and returns the findings they must produce.
pub fn inject(rng: &mut Rng, households: &mut [Rows]) -> Vec<Pending> {
    let n = households.len();
    let per_kind = ((n as f64 * RATE).round() as usize).max(usize::from(n >= 50));
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut used = vec![false; n];
    let mut pending = Vec::new();
    let mut checksum_targets = Vec::new();
    for kind in KINDS {
        let mut candidates = order.iter().copied();
        for _ in 0..per_kind {
            let Some(h) = take(&mut candidates, &mut used, households, |rows| eligible(kind, rows)) else {
                break;
            };
            match kind {
                "person-in-multiple-households" => {
                    let Some(b) = take(&mut candidates, &mut used, households, |rows| !special_support(rows)) else {
                        break;
                    };
                    pending.push(copy_person(rng, households, h, b));
                }
                // Applied last, once the IDs of namesakes can be compared with the broken one.
                "person-id-checksum" => checksum_targets.push((h, rng.below(households[h].len() as u64) as usize)),
                _ => pending.extend(break_household(rng, kind, h, &mut households[h])),
            }
        }
    }
    pending.extend(wrong_checksums(rng, households, &checksum_targets));
    pending
}

/// The next unused household of `candidates` that `ok` accepts, marked used.
fn take(
    candidates: &mut impl Iterator<Item = usize>,
    used: &mut [bool],
    households: &[Rows],
    ok: impl Fn(&Rows) -> bool,
) -> Option<usize> {
    let h = candidates.find(|&h| !used[h] && ok(&households[h]))?;
    used[h] = true;
    Some(h)
}

/// Applies a fault of `kind` that stays inside household `h`.
fn break_household(rng: &mut Rng, kind: &'static str, h: usize, rows: &mut Rows) -> Vec<Pending> {
    let m = rng.below(rows.len() as u64) as usize;
    match kind {
        "person-id-missing" => rows[m][ID] = missing_id(rng, text(&rows[m][ID])),
        "person-id-format" => rows[m][ID] = Cell::Text(malformed_id(rng, text(&rows[m][ID]))),
        "household-id-missing" => {
            // The last row, so the rest of the household stays contiguous.
            let last = rows.len() - 1;
            rows[last][HOUSEHOLD_ID] = Cell::Empty;
            set_size(rows, last as f64);
            return vec![Pending { rule: kind, at: vec![(h, last)] }];
        }
        "household-size-mismatch" => {
            let len = rows.len() as f64;
            let up = match (special_support(rows), rows.len()) {
                (_, 1) => true,
                (true, _) => false,
                (false, _) => rng.percent(50),
            };
            set_size(rows, if up { len + 1.0 } else { len - 1.0 });
            return vec![whole(kind, h, rows)];
        }
        "household-head-missing" => {
            let child = if text(&rows[0][SEX]) == "男" { "之子" } else { "之女" };
            rows[0][RELATION] = Cell::Text(child.into());
            return vec![whole(kind, h, rows)];
        }
        "household-head-multiple" => {
            let spouse = rows.iter().position(|r| text(&r[RELATION]) == "配偶").expect("eligible");
            rows[spouse][RELATION] = Cell::Text("户主".into());
            return vec![whole(kind, h, rows)];
        }
        "duplicate-row" => {
            let others: Vec<usize> = (0..rows.len()).filter(|&i| !head_or_spouse(&rows[i])).collect();
            let m = *rng.pick(&others);
            rows.insert(m + 1, rows[m].clone());
            return vec![
                Pending { rule: kind, at: vec![(h, m), (h, m + 1)] },
                whole("household-size-mismatch", h, rows),
            ];
        }
        _ => unreachable!("{kind} is not a household fault"),
    }
    vec![Pending { rule: kind, at: vec![(h, m)] }]
}

/// Whether household `rows` can take a fault of `kind` without breaking any other rule.
fn eligible(kind: &str, rows: &Rows) -> bool {
    match kind {
        "household-id-missing" => rows.len() >= 2,
        "household-head-multiple" => rows.iter().any(|r| text(&r[RELATION]) == "配偶"),
        "duplicate-row" => !special_support(rows) && rows.iter().any(|r| !head_or_spouse(r)),
        _ => true,
    }
}

/// A finding that concerns every row of household `h`.
fn whole(rule: &'static str, h: usize, rows: &Rows) -> Pending {
    Pending { rule, at: (0..rows.len()).map(|m| (h, m)).collect() }
}

/// Copies a member of household `a` into household `b` as 其他, raising `b`'s declared size so
/// that only the 一人多户 finding arises.
fn copy_person(rng: &mut Rng, households: &mut [Rows], a: usize, b: usize) -> Pending {
    let from = &households[a];
    // A member other than the head when there is one: the head's other household is rarer.
    let m = if from.len() > 1 { 1 + rng.below(from.len() as u64 - 1) as usize } else { 0 };
    let mut row = households[b][0].clone();
    for c in PERSON_COLUMNS {
        row[c] = households[a][m][c].clone();
    }
    row[RELATION] = Cell::Text("其他".into());
    let target = &mut households[b];
    row[PERSON_NO] = Cell::Text(person_no(text(&target[0][HOUSEHOLD_ID]), target.len()));
    target.push(row);
    set_size(target, target.len() as f64);
    Pending { rule: "person-in-multiple-households", at: vec![(a, m), (b, target.len() - 1)] }
}

/// Gives each target a wrong check character, choosing one that does not bring the ID within one
/// substitution or transposition of another ID of someone with the same name (that would add a
/// possible-duplicate finding).
fn wrong_checksums(rng: &mut Rng, households: &mut [Rows], targets: &[(usize, usize)]) -> Vec<Pending> {
    let names: HashSet<String> = targets.iter().map(|&(h, m)| text(&households[h][m][NAME]).to_owned()).collect();
    let mut same_name: HashMap<String, Vec<String>> = HashMap::new();
    for row in households.iter().flatten() {
        if names.contains(text(&row[NAME])) {
            same_name.entry(text(&row[NAME]).to_owned()).or_default().push(text(&row[ID]).to_owned());
        }
    }
    let mut out = Vec::new();
    for &(h, m) in targets {
        let id = text(&households[h][m][ID]).to_owned();
        let right = check_char(&id.as_bytes()[..17]);
        let mut wrong: Vec<u8> = b"0123456789X".iter().copied().filter(|&c| c != right).collect();
        rng.shuffle(&mut wrong);
        let others = same_name.get_mut(text(&households[h][m][NAME])).expect("indexed above");
        let chosen = wrong.into_iter().map(|c| format!("{}{}", &id[..17], c as char)).find(|bad| {
            others.iter().all(|o| *o == id || !one_edit_apart(bad, o))
        });
        if let Some(bad) = chosen {
            // Namesakes broken later are compared with this ID as it now reads.
            others.iter_mut().filter(|o| **o == id).for_each(|o| o.clone_from(&bad));
            households[h][m][ID] = Cell::Text(bad);
            out.push(Pending { rule: "person-id-checksum", at: vec![(h, m)] });
        }
    }
    out
}

/// True when `a` and `b` differ by one substituted character or one swap of neighbours.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diff[..] {
        [_] => true,
        [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// An empty ID, the word 无, or a 999999 placeholder that keeps the birth date and sex digits.
fn missing_id(rng: &mut Rng, id: &str) -> Cell {
    match rng.below(3) {
        0 => Cell::Empty,
        1 => Cell::Text("无".into()),
        _ => {
            let first17 = format!("999999{}", &id[6..17]);
            let check = check_char(first17.as_bytes()) as char;
            Cell::Text(format!("{first17}{check}"))
        }
    }
}

/// An ID of the wrong form: a digit dropped, a letter O typed for a zero, or a digit too many.
fn malformed_id(rng: &mut Rng, id: &str) -> String {
    let zero = id[6..17].find('0').map(|i| i + 6);
    match (rng.below(3), zero) {
        (1, Some(z)) => format!("{}O{}", &id[..z], &id[z + 1..]),
        (2, _) => format!("{id}{}", rng.below(10)),
        _ => id[..17].to_owned(),
    }
}

fn set_size(rows: &mut Rows, size: f64) {
    for r in rows {
        r[SIZE] = Cell::Number(size);
    }
}

fn special_support(rows: &Rows) -> bool {
    text(&rows[0][KIND]) == "特困供养贫困户"
}

fn head_or_spouse(row: &[Cell]) -> bool {
    matches!(text(&row[RELATION]), "户主" | "配偶")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart_finds_typos_only() {
        assert!(one_edit_apart("360426199101010071", "360426199101010072"));
        assert!(one_edit_apart("360426199101010071", "360426199110010071"), "01 → 10 swapped");
        assert!(!one_edit_apart("360426199101010071", "360426199101010071"));
        assert!(!one_edit_apart("360426199101010071", "360426199101020072"));
        assert!(!one_edit_apart("36042619910101007", "360426199101010071"));
    }

    #[test]
    fn broken_ids_are_broken_the_right_way() {
        use crate::id_card::{form, is_missing, normalize, IdForm};
        let mut rng = Rng::new(2);
        for id in ["360426199101010071", "11010519491231002X", "522731195811231155"] {
            for _ in 0..30 {
                let bad = malformed_id(&mut rng, id);
                assert!(!is_missing(&bad) && form(&normalize(&bad)) == IdForm::Invalid, "{bad}");
                let missing = missing_id(&mut rng, id);
                assert!(is_missing(text(&missing)), "{missing:?}");
            }
        }
    }
}
