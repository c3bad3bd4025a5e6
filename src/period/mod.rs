//! Period comparison (上期比对): this register against last period's (the baseline), person by
//! person and household by household. What changed is reported as findings of the kinds in
//! [`kinds::KINDS`], and counted in a [`Summary`] a clerk reports upward. See docs/period.md.
//!
//! Persons match on the normalised ID (`Context::canonical_id`: 15 digits upgraded, `#` and
//! spaces stripped, a 残疾人证号 reduced to its ID), then — for an ID corrected — on name and birth
//! date, then on name within the same 户编号. Households match on 户编号, then on their members when
//! the number changed. In an export of several 年度 merged, each file's latest year is compared.

pub mod kinds;
pub mod people;
mod reason;
mod summary;

pub use reason::{Direction, Reason};
pub use summary::{AreaCounts, Counts, Summary};

use crate::base::error::{Error, ErrorKind};
use crate::base::finding::{Finding, Location};
use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::domain::names;
use crate::facts::people::pack;
use crate::profile::Profile;
use crate::read::table::Table;
use crate::rules::SheetKind;
use crate::rules::{render, Context, Meta};
use std::collections::HashMap;

/// Last period's register as the caller hands it: a file name (for its format and messages) and
/// its bytes.
#[derive(Clone, Default)]
pub struct Baseline {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Baseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Baseline({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// What the comparison found: the findings (current rows, or none for a person no longer
/// listed) and the counts.
#[derive(Debug, Clone)]
pub struct Period {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// No index: a person without a household, a household without a match.
const NONE: u32 = u32::MAX;

/// The columns whose change is a status change, read on the head's row.
pub const STATUS: [Role; 5] =
    [Role::HouseholdKind, Role::HouseholdType, Role::ExitStatus, Role::MonitorCategory, Role::RiskRemoved];

/// One register as compared: its persons (data rows of its latest 年度) and households.
struct Side<'c, 't> {
    ctx: &'c Context<'t>,
    /// Person → data row.
    rows: Vec<usize>,
    /// Person → household index, or [`NONE`].
    household: Vec<u32>,
    /// Person → what its change column says.
    change: Vec<Option<(Reason, Direction)>>,
    households: Vec<House<'t>>,
}

struct House<'t> {
    /// 户编号 as compared ([`crate::facts::households::household_key`]).
    key: &'t str,
    /// Its persons, in sheet order.
    persons: Vec<u32>,
}

impl<'c, 't> Side<'c, 't> {
    fn new(ctx: &'c Context<'t>) -> Side<'c, 't> {
        let latest =
            if ctx.col(Role::Year).is_some() { (0..ctx.rows()).filter_map(|r| ctx.year(r)).max() } else { None };
        let rows: Vec<usize> = (0..ctx.rows()).filter(|&r| latest.is_none() || ctx.year(r) == latest).collect();
        let mut person_of = vec![NONE; ctx.rows()];
        for (p, &r) in rows.iter().enumerate() {
            person_of[r] = p as u32;
        }
        let mut household = vec![NONE; rows.len()];
        let mut households: Vec<House<'t>> = Vec::new();
        let mut by_key: HashMap<&'t str, u32> = HashMap::new();
        for h in ctx.households().iter().filter(|h| latest.is_none() || h.year == latest) {
            let key = key_of(h.key);
            let next = households.len() as u32;
            let i = *by_key.entry(key).or_insert(next);
            if i == next {
                households.push(House { key, persons: Vec::new() });
            }
            for &r in &h.rows {
                let p = person_of[r];
                if p != NONE {
                    household[p as usize] = i;
                    households[i as usize].persons.push(p);
                }
            }
        }
        let change = match ctx.col(Role::ChangeReason) {
            Some(_) => rows.iter().map(|&r| reason::read(ctx.text(Role::ChangeReason, r))).collect(),
            None => vec![None; rows.len()],
        };
        Side { ctx, rows, household, change, households }
    }

    fn id(&self, p: u32) -> Option<u64> {
        self.ctx.canonical_id(self.rows[p as usize]).map(|id| pack(id.as_bytes()))
    }

    fn text(&self, role: Role, p: u32) -> &'t str {
        self.ctx.text(role, self.rows[p as usize])
    }

    fn name_key(&self, p: u32) -> String {
        names::key(self.text(Role::Name, p))
    }

    fn birth(&self, p: u32) -> Option<u32> {
        self.ctx
            .birth_date(self.rows[p as usize])
            .map(|d| u32::from(d.year) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day))
    }

    fn left(&self, p: u32) -> bool {
        matches!(self.change[p as usize], Some((_, Direction::Left)))
    }

    fn excel(&self, p: u32) -> u32 {
        self.ctx.table.excel_row(self.rows[p as usize])
    }

    /// The 户编号 of household `h` as written on its first row.
    fn written(&self, h: u32) -> &'t str {
        self.text(Role::HouseholdId, self.households[h as usize].persons[0])
    }

    /// The person whose row a household's own columns are read on: the head, else the first.
    fn head(&self, h: u32) -> u32 {
        let persons = &self.households[h as usize].persons;
        persons.iter().copied().find(|&p| self.ctx.is_head(self.rows[p as usize])).unwrap_or(persons[0])
    }

    /// The household size person `p`'s row declares, when it is a whole number below 10,000.
    fn declared(&self, p: u32) -> Option<i64> {
        let v = crate::base::text::trim(self.text(Role::HouseholdSize, p)).parse::<f64>().ok()?;
        (v.fract() == 0.0 && (0.0..10_000.0).contains(&v)).then_some(v as i64)
    }

    fn header(&self, role: Role) -> Option<String> {
        self.ctx.col(role).map(|c| self.ctx.table.header(c).to_owned())
    }

    fn area(&self, p: u32) -> (String, String) {
        (self.text(Role::Township, p).to_owned(), self.text(Role::Village, p).to_owned())
    }

    fn location(&self, p: u32, file: &str) -> Location {
        Location {
            file: Some(file.to_owned()),
            row: self.excel(p),
            household: self.text(Role::HouseholdId, p).to_owned(),
            township: self.text(Role::Township, p).to_owned(),
            village: self.text(Role::Village, p).to_owned(),
            name: self.text(Role::Name, p).to_owned(),
            id: self.ctx.written(Role::PersonId, self.rows[p as usize]).to_owned(),
        }
    }
}

/// Compares the register behind `ctx` with last period's, `read` from the file `name` (its
/// person sheet and mapping, or why it could not be read), adding the changes to `findings`
/// (the profile's switches and severities applied) and returning their counts.
pub fn run(
    ctx: &Context<'_>,
    name: &str,
    read: Result<(Table, Mapping), Error>,
    profile: &Profile,
    findings: &mut Vec<Finding>,
) -> Result<Summary, Error> {
    let (table, mapping) = read.map_err(|e| bad(name, e.message_zh(), e.message_en()))?;
    let prev = Context::new(&table, &mapping, profile);
    comparable(&prev, name)?;
    let period = compare(ctx, &prev, name);
    findings.extend(period.findings.into_iter().filter(|f| profile.enabled(&f.rule)).map(|mut f| {
        if let Some(&s) = profile.severities.get(f.rule.as_ref()) {
            f.severity = s;
        }
        f
    }));
    Ok(period.summary)
}

/// A reason or a status change quoted after a message, in Chinese (0) and English (1).
pub const QUOTES: [(&str, &str); 2] = [("（", "）"), (" (", ")")];
/// What a person still listed and marked as left adds to the reason.
pub const STILL_LISTED: (&str, &str) = ("，本期仍列出并标为减少", ", still listed and marked as left");
/// Why an ID correction was found: by name and birth date, or by name in the same household.
pub const BY_BIRTH: (&str, &str) = ("姓名、出生日期相同", "same name and birth date");
pub const BY_HOUSEHOLD: (&str, &str) = ("同一户内姓名相同", "same name in the same household");
/// An ID corrected from nothing.
pub const EMPTY_ID: &str = "（空）";
/// Between the households a split or merge names.
pub const JOIN: &str = "、";

fn quoted(lang: usize, text: &str) -> String {
    format!("{}{text}{}", QUOTES[lang].0, QUOTES[lang].1)
}

/// Why last period's register `name` cannot be compared with.
fn bad(name: &str, zh: String, en: String) -> Error {
    ErrorKind::BadPrevious { file: name.to_owned(), problem_zh: zh, problem_en: en }.into()
}

/// Refuses a baseline without persons to match: no 证件号码 or 姓名 column, or a household list.
fn comparable(prev: &Context<'_>, name: &str) -> Result<(), Error> {
    if prev.col(Role::PersonId).is_none() && prev.col(Role::Name).is_none() {
        return Err(bad(
            name,
            "找不到“证件号码”或“姓名”列，无法逐人比对。请选择上期导出的人员信息表。".into(),
            "it has no 证件号码 (ID) or 姓名 (name) column to match persons on; choose last period's person list."
                .into(),
        ));
    }
    if prev.sheet_kind() == SheetKind::Households {
        return Err(bad(
            name,
            "这是一户一行的户表，没有成员行，无法逐人比对。请选择上期导出的人员信息表（一人一行）。".into(),
            "it lists households (a row per 户编号), not persons; choose last period's person list (a row per member)."
                .into(),
        ));
    }
    Ok(())
}

/// [`crate::facts::households::household_key`] without a copy.
fn key_of(written: &str) -> &str {
    crate::base::text::trim(written).trim_start_matches(['#', '\'', '\t']).trim()
}

/// How a current person was found in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Unmatched,
    /// The same ID (or, without an ID on either side, the same name in the same household).
    Same,
    /// Another ID, the same name and birth date.
    IdByBirth,
    /// Another ID, the same name in the same 户编号.
    IdByHousehold,
}

/// Compares the register behind `cur` with the baseline behind `prev` (named `prev_name`).
pub fn compare(cur: &Context<'_>, prev: &Context<'_>, prev_name: &str) -> Period {
    let cur = Side::new(cur);
    let prev = Side::new(prev);
    let mut out = Emit::new(&cur, &prev, prev_name);

    // Persons: by ID, then the ID corrections.
    let mut of_cur = vec![NONE; cur.rows.len()];
    let mut of_prev = vec![NONE; prev.rows.len()];
    let mut how = vec![How::Unmatched; cur.rows.len()];
    // Sorted (ID, person) lists merged: no hashing of a million IDs.
    let sorted = |s: &Side<'_, '_>| {
        let mut v: Vec<(u64, u32)> = (0..s.rows.len() as u32).filter_map(|x| Some((s.id(x)?, x))).collect();
        v.sort_unstable();
        v
    };
    let (ids_cur, ids_prev) = (sorted(&cur), sorted(&prev));
    let mut i = 0;
    for &(id, p) in &ids_prev {
        while i < ids_cur.len() && ids_cur[i].0 < id {
            i += 1;
        }
        // The first listing of an ID on each side; later ones are the register's own duplicates.
        let Some(&(other, c)) = ids_cur.get(i).filter(|(x, _)| *x == id) else { continue };
        if other == id && of_cur[c as usize] == NONE && of_prev[p as usize] == NONE {
            of_cur[c as usize] = p;
            of_prev[p as usize] = c;
            how[c as usize] = How::Same;
        }
    }
    drop((ids_cur, ids_prev));
    let by_birth = |s: &Side<'_, '_>, x: u32| Some((s.name_key(x), s.birth(x)?)).filter(|(n, _)| !n.is_empty());
    pair_unique(&cur, &prev, &mut of_cur, &mut of_prev, &mut how, How::IdByBirth, by_birth);
    let by_household = |s: &Side<'_, '_>, x: u32| {
        let h = s.household[x as usize];
        Some((s.name_key(x), s.households.get(h as usize)?.key.to_owned())).filter(|(n, _)| !n.is_empty())
    };
    pair_unique(&cur, &prev, &mut of_cur, &mut of_prev, &mut how, How::IdByHousehold, by_household);

    // Households: by 户编号, then renumbered ones by their members.
    let mut corr_cur = vec![NONE; cur.households.len()];
    let mut corr_prev = vec![NONE; prev.households.len()];
    let cur_keys: HashMap<&str, u32> = cur.households.iter().enumerate().map(|(i, h)| (h.key, i as u32)).collect();
    for (p, h) in prev.households.iter().enumerate() {
        if let Some(&c) = cur_keys.get(h.key) {
            corr_prev[p] = c;
            corr_cur[c as usize] = p as u32;
        }
    }
    drop(cur_keys);
    // The households the matched members of a household are in on the other side.
    let sources = |c: u32| -> Vec<u32> {
        let mut v: Vec<u32> = cur.households[c as usize]
            .persons
            .iter()
            .map(|&x| of_cur[x as usize])
            .filter(|&p| p != NONE)
            .map(|p| prev.household[p as usize])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let dests = |p: u32| -> Vec<u32> {
        let mut v: Vec<u32> = prev.households[p as usize]
            .persons
            .iter()
            .map(|&x| of_prev[x as usize])
            .filter(|&c| c != NONE)
            .map(|c| cur.household[c as usize])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut renumbered = Vec::new();
    for p in 0..prev.households.len() as u32 {
        if corr_prev[p as usize] != NONE {
            continue;
        }
        // The one new household made of its members only (others who left it moved).
        let mut fresh = dests(p);
        fresh.retain(|&c| c != NONE && corr_cur[c as usize] == NONE && sources(c) == [p]);
        if let [c] = fresh[..] {
            corr_prev[p as usize] = c;
            corr_cur[c as usize] = p;
            renumbered.push((p, c));
        }
    }

    // Persons in another household now: splits, merges, and single moves.
    let mut moved: Vec<(u32, u32)> = Vec::new();
    for c in 0..cur.rows.len() as u32 {
        let p = of_cur[c as usize];
        if p == NONE || cur.left(c) {
            continue;
        }
        let (hp, hc) = (prev.household[p as usize], cur.household[c as usize]);
        if hp != NONE && hc != NONE && corr_prev[hp as usize] != hc {
            moved.push((p, c));
        }
    }
    let mut explained = vec![false; moved.len()];
    // A split: members of one old household now in a new household made of them only.
    let mut splits: Vec<(u32, Vec<u32>)> = Vec::new();
    let mut from: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &(p, _)) in moved.iter().enumerate() {
        from.entry(prev.household[p as usize]).or_default().push(i);
    }
    let mut olds: Vec<u32> = from.keys().copied().collect();
    olds.sort_unstable();
    for hp in olds {
        let moves = &from[&hp];
        let mut parts: Vec<u32> = moves.iter().map(|&i| cur.household[moved[i].1 as usize]).collect();
        parts.sort_unstable();
        parts.dedup();
        parts.retain(|&hc| corr_cur[hc as usize] == NONE && sources(hc) == [hp]);
        let mut formed = parts.clone();
        if corr_prev[hp as usize] != NONE {
            formed.insert(0, corr_prev[hp as usize]);
        }
        if parts.is_empty() || formed.len() < 2 {
            continue;
        }
        for &i in moves {
            if parts.contains(&cur.household[moved[i].1 as usize]) {
                explained[i] = true;
            }
        }
        splits.push((hp, formed));
    }
    // A merge: a household gone, every matched member of it now in one household with others.
    let mut merges: Vec<(u32, Vec<u32>)> = Vec::new();
    let mut into: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &(_, c)) in moved.iter().enumerate().filter(|(i, _)| !explained[*i]) {
        into.entry(cur.household[c as usize]).or_default().push(i);
    }
    let mut news: Vec<u32> = into.keys().copied().collect();
    news.sort_unstable();
    for hc in news {
        let moves = &into[&hc];
        let mut gone: Vec<u32> = moves.iter().map(|&i| prev.household[moved[i].0 as usize]).collect();
        gone.sort_unstable();
        gone.dedup();
        gone.retain(|&hp| corr_prev[hp as usize] == NONE && dests(hp) == [hc]);
        let mut merged = gone.clone();
        if corr_cur[hc as usize] != NONE {
            merged.insert(0, corr_cur[hc as usize]);
        }
        if gone.is_empty() || merged.len() < 2 {
            continue;
        }
        for &i in moves {
            if gone.contains(&prev.household[moved[i].0 as usize]) {
                explained[i] = true;
            }
        }
        merges.push((hc, merged));
    }

    // Findings, in order of the current rows, then the persons no longer listed.
    for c in 0..cur.rows.len() as u32 {
        let p = of_cur[c as usize];
        match how[c as usize] {
            How::Unmatched => out.added(c),
            How::Same => {
                if cur.left(c) && !prev.left(p) {
                    out.removed_listed(p, c);
                }
                out.name_changed(p, c);
            }
            How::IdByBirth | How::IdByHousehold => out.id_corrected(p, c, how[c as usize] == How::IdByBirth),
        }
    }
    for (i, &(p, c)) in moved.iter().enumerate() {
        if !explained[i] {
            out.moved(p, c);
        }
    }
    for (hp, formed) in &splits {
        out.split(*hp, formed);
    }
    for (hc, merged) in &merges {
        out.merged(*hc, merged);
    }
    for &(hp, hc) in &renumbered {
        out.renumbered(hp, hc);
    }
    for hc in 0..cur.households.len() as u32 {
        let hp = corr_cur[hc as usize];
        if hp != NONE {
            out.status(hp, hc);
            out.size(hp, hc);
        }
    }
    for p in 0..prev.rows.len() as u32 {
        if of_prev[p as usize] == NONE && !prev.left(p) {
            out.removed(p);
        }
    }
    // Households new or gone: neither matched nor formed by a split or a merge.
    let mut explained_cur = vec![false; cur.households.len()];
    let mut explained_prev = vec![false; prev.households.len()];
    for (hp, formed) in &splits {
        explained_prev[*hp as usize] = true;
        formed.iter().for_each(|&h| explained_cur[h as usize] = true);
    }
    for (hc, merged) in &merges {
        explained_cur[*hc as usize] = true;
        merged.iter().for_each(|&h| explained_prev[h as usize] = true);
    }
    for hc in (0..cur.households.len()).filter(|&h| corr_cur[h] == NONE && !explained_cur[h]) {
        let a = cur.area(cur.households[hc].persons[0]);
        out.summary.bump(a, |n| n.households_added += 1);
    }
    for hp in (0..prev.households.len()).filter(|&h| corr_prev[h] == NONE && !explained_prev[h]) {
        let a = prev.area(prev.households[hp].persons[0]);
        out.summary.bump(a, |n| n.households_removed += 1);
    }
    let households = (prev.households.len(), cur.households.len());
    out.finish(prev.rows.len(), cur.rows.len(), households)
}

/// Pairs the persons still unmatched on both sides whose `key` is equal and unique on each side.
fn pair_unique<K: std::hash::Hash + Eq>(
    cur: &Side<'_, '_>,
    prev: &Side<'_, '_>,
    of_cur: &mut [u32],
    of_prev: &mut [u32],
    how: &mut [How],
    kind: How,
    key: impl Fn(&Side<'_, '_>, u32) -> Option<K>,
) {
    let mut candidates: HashMap<K, (u32, u32, u32, u32)> = HashMap::new();
    for p in (0..prev.rows.len() as u32).filter(|&p| of_prev[p as usize] == NONE && !prev.left(p)) {
        if let Some(k) = key(prev, p) {
            let e = candidates.entry(k).or_insert((0, p, 0, NONE));
            e.0 += 1;
        }
    }
    if candidates.is_empty() {
        return;
    }
    for c in (0..cur.rows.len() as u32).filter(|&c| of_cur[c as usize] == NONE) {
        if let Some(e) = key(cur, c).and_then(|k| candidates.get_mut(&k)) {
            e.2 += 1;
            e.3 = c;
        }
    }
    for (_, (np, p, nc, c)) in candidates {
        if np == 1 && nc == 1 {
            of_cur[c as usize] = p;
            of_prev[p as usize] = c;
            // Two persons without an ID paired by name are the same person, no correction.
            how[c as usize] = if cur.id(c).is_none() && prev.id(p).is_none() { How::Same } else { kind };
        }
    }
}

/// Makes the findings and counts them.
struct Emit<'s, 'c, 't, 'd, 'u> {
    cur: &'s Side<'c, 't>,
    prev: &'s Side<'d, 'u>,
    prev_name: &'s str,
    findings: Vec<Finding>,
    summary: summary::Builder,
}

impl<'s, 'c, 't, 'd, 'u> Emit<'s, 'c, 't, 'd, 'u> {
    fn new(cur: &'s Side<'c, 't>, prev: &'s Side<'d, 'u>, prev_name: &'s str) -> Self {
        Emit { cur, prev, prev_name, findings: Vec::new(), summary: summary::Builder::default() }
    }

    /// A finding of `meta` on current persons `persons`.
    fn push(&mut self, meta: &'static Meta, persons: &[u32], role: Option<Role>, value: String, args: &[(&str, &str)]) {
        let mut rows: Vec<u32> = persons.iter().map(|&p| self.cur.excel(p)).collect();
        rows.sort_unstable();
        rows.dedup();
        let household = persons.first().map(|&p| self.cur.text(Role::HouseholdId, p)).filter(|h| !h.is_empty());
        self.findings.push(finding(meta, rows, role.and_then(|r| self.cur.header(r)), household, value, args));
    }

    fn reason_args(&self, side: &Side<'_, '_>, p: u32) -> (String, String, Option<Reason>) {
        let text = crate::base::text::trim(side.text(Role::ChangeReason, p));
        match side.change[p as usize] {
            Some((r, _)) => (quoted(0, text), quoted(1, text), Some(r)),
            None => (String::new(), String::new(), None),
        }
    }

    fn added(&mut self, c: u32) {
        let (zh, en, r) = self.reason_args(self.cur, c);
        let value = self.cur.ctx.written(Role::PersonId, self.cur.rows[c as usize]).to_owned();
        self.push(kinds::PERSON_ADDED, &[c], Some(Role::PersonId), value, &[("reason", &zh), ("reason_en", &en)]);
        self.summary.bump(self.cur.area(c), |n| n.added(r));
    }

    /// A person still listed whose change column says they left.
    fn removed_listed(&mut self, p: u32, c: u32) {
        let (zh, en, r) = self.reason_args(self.cur, c);
        let name = self.cur.text(Role::Name, c).to_owned();
        let old_household = self.prev.text(Role::HouseholdId, p).to_owned();
        let args = [("old_row", self.prev.excel(p).to_string()), ("name", name), ("old_household", old_household)];
        let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let zh = format!("{zh}{}", STILL_LISTED.0);
        let en = format!("{en}{}", STILL_LISTED.1);
        args.extend([("reason", zh.as_str()), ("reason_en", en.as_str())]);
        let value = self.cur.ctx.written(Role::PersonId, self.cur.rows[c as usize]).to_owned();
        self.push(kinds::PERSON_REMOVED, &[c], Some(Role::ChangeReason), value, &args);
        self.findings.last_mut().expect("pushed").locations = vec![self.prev.location(p, self.prev_name)];
        self.summary.bump(self.cur.area(c), |n| n.removed(r));
    }

    /// A person of the baseline no longer listed: no current row.
    fn removed(&mut self, p: u32) {
        let (zh, en, r) = self.reason_args(self.prev, p);
        let loc = self.prev.location(p, self.prev_name);
        let args = [
            ("old_row", loc.row.to_string()),
            ("name", loc.name.clone()),
            ("old_household", loc.household.clone()),
            ("reason", zh),
            ("reason_en", en),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let household = Some(loc.household.as_str()).filter(|h| !h.is_empty());
        let mut f = finding(
            kinds::PERSON_REMOVED,
            Vec::new(),
            self.prev.header(Role::PersonId),
            household,
            loc.id.clone(),
            &args,
        );
        f.township = Some(loc.township.clone()).filter(|t| !t.is_empty());
        f.village = Some(loc.village.clone()).filter(|t| !t.is_empty());
        f.locations = vec![loc];
        self.findings.push(f);
        self.summary.bump(self.prev.area(p), |n| n.removed(r));
    }

    fn name_changed(&mut self, p: u32, c: u32) {
        let (old, new) = (self.prev.text(Role::Name, p), self.cur.text(Role::Name, c));
        if old == new || old.is_empty() || new.is_empty() || self.prev.name_key(p) == self.cur.name_key(c) {
            return;
        }
        let row = self.prev.excel(p).to_string();
        self.push(kinds::NAME_CHANGED, &[c], Some(Role::Name), new.to_owned(), &[("old_name", old), ("old_row", &row)]);
        self.located(p);
        self.summary.bump(self.cur.area(c), |n| n.name_changed += 1);
    }

    fn id_corrected(&mut self, p: u32, c: u32, by_birth: bool) {
        let old = self.prev.ctx.written(Role::PersonId, self.prev.rows[p as usize]);
        let new = self.cur.ctx.written(Role::PersonId, self.cur.rows[c as usize]).to_owned();
        let row = self.prev.excel(p).to_string();
        let (basis, basis_en) = if by_birth { BY_BIRTH } else { BY_HOUSEHOLD };
        let old = if old.is_empty() { EMPTY_ID } else { old };
        let args = [("old_id", old), ("old_row", row.as_str()), ("basis", basis), ("basis_en", basis_en)];
        self.push(kinds::ID_CORRECTED, &[c], Some(Role::PersonId), new, &args);
        self.located(p);
        self.summary.bump(self.cur.area(c), |n| n.id_corrected += 1);
        self.name_changed(p, c);
    }

    fn moved(&mut self, p: u32, c: u32) {
        let old = self.prev.text(Role::HouseholdId, p);
        let now = self.cur.text(Role::HouseholdId, c);
        let row = self.prev.excel(p).to_string();
        let args = [("old_household", old), ("household", now), ("old_row", row.as_str())];
        self.push(kinds::PERSON_MOVED, &[c], Some(Role::HouseholdId), now.to_owned(), &args);
        self.located(p);
        self.summary.bump(self.cur.area(c), |n| n.moved += 1);
    }

    fn split(&mut self, hp: u32, formed: &[u32]) {
        let persons: Vec<u32> =
            formed.iter().flat_map(|&h| self.cur.households[h as usize].persons.iter().copied()).collect();
        let names: Vec<&str> = formed.iter().map(|&h| self.cur.written(h)).collect();
        let (list, count) = (names.join(JOIN), formed.len().to_string());
        let old = self.prev.written(hp).to_owned();
        self.push(
            kinds::HOUSEHOLD_SPLIT,
            &persons,
            Some(Role::HouseholdId),
            old,
            &[("households", &list), ("count", &count)],
        );
        self.household_located(hp);
        self.summary.bump(self.cur.area(persons[0]), |n| n.split += 1);
    }

    fn merged(&mut self, hc: u32, merged: &[u32]) {
        let persons = self.cur.households[hc as usize].persons.clone();
        let names: Vec<&str> = merged.iter().map(|&h| self.prev.written(h)).collect();
        let (list, count) = (names.join(JOIN), merged.len().to_string());
        let value = self.cur.written(hc).to_owned();
        self.push(
            kinds::HOUSEHOLD_MERGED,
            &persons,
            Some(Role::HouseholdId),
            value,
            &[("households", &list), ("count", &count)],
        );
        let locations = merged
            .iter()
            .flat_map(|&h| {
                self.prev.households[h as usize].persons.iter().map(|&p| self.prev.location(p, self.prev_name))
            })
            .collect();
        self.findings.last_mut().expect("pushed").locations = locations;
        self.summary.bump(self.cur.area(persons[0]), |n| n.merged += 1);
    }

    fn renumbered(&mut self, hp: u32, hc: u32) {
        let persons = self.cur.households[hc as usize].persons.clone();
        let old = self.prev.written(hp);
        let value = self.cur.written(hc).to_owned();
        self.push(kinds::HOUSEHOLD_RENUMBERED, &persons, Some(Role::HouseholdId), value, &[("old_household", old)]);
        self.household_located(hp);
        self.summary.bump(self.cur.area(persons[0]), |n| n.renumbered += 1);
    }

    fn status(&mut self, hp: u32, hc: u32) {
        let (p, c) = (self.prev.head(hp), self.cur.head(hc));
        for role in STATUS {
            if self.prev.ctx.col(role).is_none() || self.cur.ctx.col(role).is_none() {
                continue;
            }
            let old = crate::base::text::trim(self.prev.text(role, p));
            let new = crate::base::text::trim(self.cur.text(role, c));
            if old == new {
                continue;
            }
            let what = what_changed(role, old, new);
            let (zh, en) = what.map_or((String::new(), String::new()), |w| (quoted(0, w.zh()), quoted(1, w.en())));
            let column = self.cur.header(role).unwrap_or_default();
            let args = [("old", old), ("column", column.as_str()), ("what", zh.as_str()), ("what_en", en.as_str())];
            self.push(kinds::STATUS_CHANGED, &[c], Some(role), new.to_owned(), &args);
            self.located(p);
            self.summary.bump(self.cur.area(c), |n| n.status(what));
        }
    }

    fn size(&mut self, hp: u32, hc: u32) {
        if self.prev.ctx.col(Role::HouseholdSize).is_none() || self.cur.ctx.col(Role::HouseholdSize).is_none() {
            return;
        }
        let members =
            |s: &Side<'_, '_>, h: u32| s.households[h as usize].persons.iter().filter(|&&x| !s.left(x)).count() as i64;
        let (Some(old), Some(new)) = (self.prev.declared(self.prev.head(hp)), self.cur.declared(self.cur.head(hc)))
        else {
            return;
        };
        let (was, now) = (members(self.prev, hp), members(self.cur, hc));
        if new - old == now - was {
            return;
        }
        let signed = |d: i64| if d > 0 { format!("+{d}") } else { d.to_string() };
        let value = crate::base::text::trim(self.cur.text(Role::HouseholdSize, self.cur.head(hc))).to_owned();
        let args = [
            ("old_size", old.to_string()),
            ("size_delta", signed(new - old)),
            ("old_members", was.to_string()),
            ("members", now.to_string()),
            ("member_delta", signed(now - was)),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let persons = self.cur.households[hc as usize].persons.clone();
        self.push(kinds::SIZE_CHANGE_MISMATCH, &persons, Some(Role::HouseholdSize), value, &args);
        self.household_located(hp);
        self.summary.bump(self.cur.area(persons[0]), |n| n.size_mismatch += 1);
    }

    /// Gives the last finding the baseline's row of person `p`.
    fn located(&mut self, p: u32) {
        self.findings.last_mut().expect("pushed").locations = vec![self.prev.location(p, self.prev_name)];
    }

    /// Gives the last finding the baseline's rows of household `h`.
    fn household_located(&mut self, h: u32) {
        let locations =
            self.prev.households[h as usize].persons.iter().map(|&p| self.prev.location(p, self.prev_name)).collect();
        self.findings.last_mut().expect("pushed").locations = locations;
    }

    fn finish(self, prev_persons: usize, cur_persons: usize, households: (usize, usize)) -> Period {
        let summary = self.summary.finish(self.prev_name, prev_persons, cur_persons, households);
        Period { findings: self.findings, summary }
    }
}

/// What a status change means, for the message and the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    NewlyMonitored,
    MonitoringEnded,
    RiskRemoved,
    ReturnedToPoverty,
}

impl StatusChange {
    pub fn zh(self) -> &'static str {
        match self {
            StatusChange::NewlyMonitored => "新纳入监测",
            StatusChange::MonitoringEnded => "不再是监测对象",
            StatusChange::RiskRemoved => "风险已消除",
            StatusChange::ReturnedToPoverty => "返贫",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            StatusChange::NewlyMonitored => "newly monitored",
            StatusChange::MonitoringEnded => "no longer monitored",
            StatusChange::RiskRemoved => "risk removed",
            StatusChange::ReturnedToPoverty => "returned to poverty",
        }
    }
}

/// A test of a status column's old and new values (never equal).
#[derive(Debug, Clone, Copy)]
pub enum When {
    OldEmpty,
    NewEmpty,
    NewIs(&'static str),
    /// The new value says 返贫, or the old one says 脱贫 (not 未脱贫 or 返贫) and the new one 未脱贫.
    Returned,
}

/// The words [`When::Returned`] reads.
pub const RETURNED: &str = "返贫";
pub const NOT_EXITED: &str = "未脱贫";
pub const EXITED: &str = "脱贫";

/// What a change of a status column means: the first line for its column whose test holds.
/// The SQL at scale is generated from the same table.
pub const WHAT_CHANGED: [(&[Role], When, StatusChange); 4] = [
    (&[Role::MonitorCategory], When::OldEmpty, StatusChange::NewlyMonitored),
    (&[Role::MonitorCategory], When::NewEmpty, StatusChange::MonitoringEnded),
    (&[Role::RiskRemoved], When::NewIs("是"), StatusChange::RiskRemoved),
    (&[Role::ExitStatus, Role::HouseholdType, Role::HouseholdKind], When::Returned, StatusChange::ReturnedToPoverty),
];

fn what_changed(role: Role, old: &str, new: &str) -> Option<StatusChange> {
    let exited = |s: &str| s.contains(EXITED) && !s.contains(NOT_EXITED) && !s.contains(RETURNED);
    let holds = |when: When| match when {
        When::OldEmpty => old.is_empty(),
        When::NewEmpty => new.is_empty(),
        When::NewIs(v) => new == v,
        When::Returned => new.contains(RETURNED) || (exited(old) && new.contains(NOT_EXITED)),
    };
    WHAT_CHANGED.iter().find(|(roles, when, _)| roles.contains(&role) && holds(*when)).map(|l| l.2)
}

/// A finding of `meta` with its messages rendered.
fn finding(
    meta: &'static Meta,
    rows: Vec<u32>,
    column: Option<String>,
    household: Option<&str>,
    value: String,
    args: &[(&str, &str)],
) -> Finding {
    Finding {
        rule: meta.key.into(),
        severity: meta.severity,
        rows,
        column,
        message_zh: render(meta.message_zh, &value, "（空）", args),
        message_en: render(meta.message_en, &value, "(empty)", args),
        value,
        household: household.map(str::to_owned),
        exempted: None,
        locations: Vec::new(),
        township: None,
        village: None,
    }
}

#[cfg(test)]
mod tests;
