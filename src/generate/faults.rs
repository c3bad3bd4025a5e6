//! Fault injection: breaks a few households of a clean register, one fault per household, and
//! records the findings a correct checker must report for each.
//!
//! Every fault is made so that it triggers only its own rules: a duplicated row is never a head
//! or spouse (no second 户主/配偶), a person copied into another household comes in as 其他 (no
//! relation-age or relation-gender finding), an empty 户编号 is the household's last row and the
//! declared size is lowered with it, and a 特困供养 household never grows past two rows. A person
//! recorded twice keeps the birth date, sex and county of the ID; a mistyped ID differs only in
//! the sequence digits before the sex digit or in the check character, so no date or region rule
//! fires, and no typo comes within one edit of someone else with a similar name.

use std::collections::HashMap;

use super::columns::{person_no, text, HOUSEHOLD_ID, ID, KIND, NAME, PERSON_COLUMNS, PERSON_NO, RELATION, SEX, SIZE};
use super::rng::Rng;
use super::Cell;
use crate::domain::id_card::check_char;
use crate::domain::names;

/// The rules a generated register can be made to break, in injection order.
pub const KINDS: [&str; 11] = [
    "person-id-missing",
    "person-id-format",
    "person-id-checksum",
    "household-id-missing",
    "household-size-mismatch",
    "household-head-missing",
    "household-head-multiple",
    "person-in-multiple-households",
    "duplicate-row",
    // Injected after the others' check characters are broken, so that adding them left every
    // earlier fault of a seed as it was.
    "person-duplicate-in-household",
    "person-possible-duplicate",
];

/// How many of [`KINDS`] are injected before the check characters are broken.
const EARLY: usize = 9;

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
    for kind in &KINDS[..EARLY] {
        let kind = *kind;
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
    let mut ids = IdBook::new(households);
    pending.extend(wrong_checksums(rng, households, &checksum_targets, &mut ids));
    for kind in &KINDS[EARLY..] {
        let mut candidates = order.iter().copied();
        for i in 0..per_kind {
            let Some(a) = take(&mut candidates, &mut used, households, |rows| eligible(kind, rows)) else { break };
            let planted = match *kind {
                "person-duplicate-in-household" => repeat_person(rng, &mut households[a], a),
                _ => {
                    let Some(b) = take(&mut candidates, &mut used, households, |rows| !special_support(rows)) else {
                        break;
                    };
                    // Alternately a namesake under another valid ID and a mistyped ID.
                    possible_duplicate(rng, households, a, b, i % 2 == 1, &mut ids)
                }
            };
            pending.extend(planted);
        }
    }
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
        "duplicate-row" | "person-duplicate-in-household" => {
            !special_support(rows) && rows.iter().any(|r| !head_or_spouse(r))
        }
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
/// substitution or transposition of another ID of someone with a similar name (that would add a
/// possible-duplicate finding).
fn wrong_checksums(
    rng: &mut Rng,
    households: &mut [Rows],
    targets: &[(usize, usize)],
    ids: &mut IdBook,
) -> Vec<Pending> {
    let mut out = Vec::new();
    for &(h, m) in targets {
        let id = text(&households[h][m][ID]).to_owned();
        let name = text(&households[h][m][NAME]).to_owned();
        let right = check_char(&id.as_bytes()[..17]);
        let mut wrong: Vec<u8> = b"0123456789X".iter().copied().filter(|&c| c != right).collect();
        rng.shuffle(&mut wrong);
        let chosen =
            wrong.into_iter().map(|c| format!("{}{}", &id[..17], c as char)).find(|bad| ids.free(bad, &name, &id));
        if let Some(bad) = chosen {
            ids.add(&bad, &name);
            households[h][m][ID] = Cell::Text(bad);
            out.push(Pending { rule: "person-id-checksum", at: vec![(h, m)] });
        }
    }
    out
}

/// Every ID of the register with the name keys written with it, to keep planted IDs clear of
/// accidental typo-distance neighbours.
pub struct IdBook(HashMap<String, Vec<String>>);

impl IdBook {
    pub fn new(households: &[Rows]) -> IdBook {
        let mut book = IdBook(HashMap::new());
        for row in households.iter().flatten() {
            book.add(text(&row[ID]), text(&row[NAME]));
        }
        book
    }

    pub fn add(&mut self, id: &str, name: &str) {
        self.0.entry(id.to_owned()).or_default().push(names::key(name));
    }

    /// True when `id` is new and no ID one edit from it but `except` belongs to a name similar to
    /// `name`.
    pub fn free(&self, id: &str, name: &str, except: &str) -> bool {
        let key = names::key(name);
        let b = id.as_bytes();
        let mut near: Vec<Vec<u8>> = Vec::new();
        for i in 0..b.len() {
            for c in b"0123456789X" {
                let mut n = b.to_vec();
                n[i] = *c;
                near.push(n);
            }
            if i + 1 < b.len() {
                let mut n = b.to_vec();
                n.swap(i, i + 1);
                near.push(n);
            }
        }
        !self.0.contains_key(id)
            && near.iter().filter(|n| n.as_slice() != b && n.as_slice() != except.as_bytes()).all(|n| {
                let n = std::str::from_utf8(n).expect("ASCII");
                self.0.get(n).is_none_or(|keys| keys.iter().all(|k| !names::similar(k, &key)))
            })
    }
}

/// Lists a member of household `h` (neither head nor spouse) a second time right below, under a
/// new 人编号: the same ID in one household, the rows differing. The declared size follows.
fn repeat_person(rng: &mut Rng, rows: &mut Rows, h: usize) -> Vec<Pending> {
    let others: Vec<usize> = (0..rows.len()).filter(|&i| !head_or_spouse(&rows[i])).collect();
    let m = *rng.pick(&others);
    let mut copy = rows[m].clone();
    copy[PERSON_NO] = Cell::Text(person_no(text(&rows[0][HOUSEHOLD_ID]), rows.len()));
    rows.insert(m + 1, copy);
    let len = rows.len() as f64;
    set_size(rows, len);
    vec![Pending { rule: "person-duplicate-in-household", at: vec![(h, m), (h, m + 1)] }]
}

/// Records a member of household `a` again in household `b` (as 其他, `b`'s size raised) under
/// another ID: with `typo`, the ID mistyped (a sequence digit before the sex digit substituted or
/// the two swapped, or the check character substituted), which also breaks its check character;
/// otherwise a different valid ID of the same county, birth date and sex, the surname written in
/// its traditional form where it has one.
fn possible_duplicate(
    rng: &mut Rng,
    households: &mut [Rows],
    a: usize,
    b: usize,
    typo: bool,
    ids: &mut IdBook,
) -> Vec<Pending> {
    let from = &households[a];
    let m = if from.len() > 1 { 1 + rng.below(from.len() as u64 - 1) as usize } else { 0 };
    let (id, name) = (text(&from[m][ID]).to_owned(), text(&from[m][NAME]).to_owned());
    let name2 = if typo { name.clone() } else { traditional(&name) };
    let mut other = None;
    for _ in 0..200 {
        let candidate = if typo { mistype(rng, &id) } else { renumber(rng, &id) };
        if candidate != id && ids.free(&candidate, &name2, &id) {
            other = Some(candidate);
            break;
        }
    }
    let Some(other) = other else { return Vec::new() };
    ids.add(&other, &name2);
    let mut row = households[b][0].clone();
    for c in PERSON_COLUMNS {
        row[c] = households[a][m][c].clone();
    }
    row[ID] = Cell::Text(other);
    row[NAME] = Cell::Text(name2);
    row[RELATION] = Cell::Text("其他".into());
    let target = &mut households[b];
    row[PERSON_NO] = Cell::Text(person_no(text(&target[0][HOUSEHOLD_ID]), target.len()));
    target.push(row);
    let len = target.len();
    set_size(target, len as f64);
    let mut out = vec![Pending { rule: "person-possible-duplicate", at: vec![(a, m), (b, len - 1)] }];
    if typo {
        out.push(Pending { rule: "person-id-checksum", at: vec![(b, len - 1)] });
    }
    out
}

/// `id` mistyped where no date, sex or region rule looks: digit 15 or 16 substituted, the two
/// swapped, or the check character substituted. Always breaks the check character.
/// An ID, 户编号 or 人编号 without the `#` a national export writes before it.
pub fn unmarked(text: &str) -> &str {
    text.strip_prefix('#').unwrap_or(text)
}

/// The `#` a national export writes before a number, or "".
fn marks(text: &str) -> &str {
    &text[..text.len() - unmarked(text).len()]
}

/// [`mistype`] of an ID written with or without the national export's `#`, keeping the mark.
pub fn mistype_marked(rng: &mut Rng, id: &str) -> String {
    format!("{}{}", marks(id), mistype(rng, unmarked(id)))
}

pub fn mistype(rng: &mut Rng, id: &str) -> String {
    let mut b = id.as_bytes().to_vec();
    match rng.below(3) {
        0 if b[14] != b[15] => b.swap(14, 15),
        1 => {
            let at = 14 + rng.below(2) as usize;
            b[at] = b'0' + ((b[at] - b'0' + 1 + rng.below(9) as u8) % 10);
        }
        _ => {
            let right = check_char(&b[..17]);
            let wrong: Vec<u8> = b"0123456789X".iter().copied().filter(|&c| c != right).collect();
            b[17] = *rng.pick(&wrong);
        }
    }
    String::from_utf8(b).expect("ASCII")
}

/// Another valid ID of the same county, birth date and sex: a new sequence number of the same parity.
fn renumber(rng: &mut Rng, id: &str) -> String {
    let parity = (id.as_bytes()[16] - b'0') % 2;
    let seq = rng.below(497) * 2 + 1 + u64::from(parity == 0);
    let first17 = format!("{}{seq:03}", &id[..14]);
    let check = check_char(first17.as_bytes()) as char;
    format!("{first17}{check}")
}

/// `name` with its surname in the traditional form, when the surname has one.
fn traditional(name: &str) -> String {
    const FORMS: [(char, char); 12] = [
        ('陈', '陳'),
        ('张', '張'),
        ('刘', '劉'),
        ('黄', '黃'),
        ('赵', '趙'),
        ('吴', '吳'),
        ('杨', '楊'),
        ('孙', '孫'),
        ('马', '馬'),
        ('罗', '羅'),
        ('郑', '鄭'),
        ('谢', '謝'),
    ];
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return String::new() };
    let surname = FORMS.iter().find(|(s, _)| *s == first).map_or(first, |(_, t)| *t);
    std::iter::once(surname).chain(chars).collect()
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

/// The columns [`plant_across`] needs that a style moves: the national one drops 出生日期.
#[derive(Clone, Copy)]
pub struct Across {
    pub relation: usize,
    pub size: usize,
}

/// Plants two household heads of register `from` into register `into`, each as a new
/// one-person household at its end: one under the same ID (一人多户 across the two files) and
/// one under a mistyped ID (a possible duplicate, and a wrong check character in `into`).
/// Returns, for each, (rule, data row in `from`, data row in `into`).
pub fn plant_across(
    rng: &mut Rng,
    from: &[Vec<Cell>],
    into: &mut Vec<Vec<Cell>>,
    cols: Across,
) -> Vec<(&'static str, usize, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in from.iter().chain(into.iter()) {
        *seen.entry(text(&r[ID])).or_default() += 1;
        *seen.entry(text(&r[NAME])).or_default() += 1;
    }
    // Heads whose ID and name occur once in both registers, with a valid ID: no fault touches them.
    let heads: Vec<usize> = (0..from.len())
        .filter(|&i| {
            let r = &from[i];
            text(&r[cols.relation]) == "户主"
                && !text(&r[HOUSEHOLD_ID]).is_empty()
                && crate::domain::id_card::checksum_ok(unmarked(text(&r[ID])))
                && seen[text(&r[ID])] == 1
                && seen[text(&r[NAME])] == 1
        })
        .collect();
    let mut book = IdBook::new(&[from.to_vec(), into.clone()]);
    let mut out = Vec::new();
    for rule in ["person-in-multiple-households", "person-possible-duplicate"] {
        let Some(&a) = heads
            .get(rng.below(heads.len().max(1) as u64) as usize)
            .filter(|a| !out.iter().any(|o: &(_, usize, _)| o.1 == **a))
        else {
            continue;
        };
        let (id, name) = (text(&from[a][ID]).to_owned(), text(&from[a][NAME]).to_owned());
        let id = match rule {
            "person-in-multiple-households" => id,
            _ => match (0..200).map(|_| mistype_marked(rng, &id)).find(|t| book.free(t, &name, &id)) {
                Some(t) => t,
                None => continue,
            },
        };
        book.add(&id, &name);
        let last = into.last().expect("a register has rows").clone();
        // The highest 户编号, not the last row's: a national export's earlier year repeats
        // households after the others.
        let (mark, highest) = into
            .iter()
            .map(|r| text(&r[HOUSEHOLD_ID]))
            .filter_map(|h| Some((marks(h), unmarked(h).parse::<u64>().ok()?)))
            .max_by_key(|&(_, n)| n)
            .expect("numeric 户编号");
        let household = format!("{mark}{}", highest + 1);
        let mut row = from[a].clone();
        row[..3].clone_from_slice(&last[..3]);
        row[ID] = Cell::Text(id);
        row[HOUSEHOLD_ID] = Cell::Text(household.clone());
        row[PERSON_NO] = Cell::Text(person_no(&household, 0));
        row[cols.size] = Cell::Number(1.0);
        into.push(row);
        out.push((rule, a, into.len() - 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistyped_ids_are_one_edit_away_and_fail_the_checksum() {
        let mut rng = Rng::new(3);
        for id in ["360426199101010071", "11010519491231002X", "522731195811231152"] {
            for _ in 0..50 {
                let bad = mistype(&mut rng, id);
                assert!(crate::facts::people::one_edit_apart(bad.as_bytes(), id.as_bytes()), "{bad}");
                assert!(!crate::domain::id_card::checksum_ok(&bad), "{bad}");
                assert_eq!((&bad[..14], &bad[16..17]), (&id[..14], &id[16..17]), "birth date and sex kept");
            }
        }
    }

    #[test]
    fn broken_ids_are_broken_the_right_way() {
        use crate::domain::id_card::{form, is_missing, normalize, IdForm};
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
