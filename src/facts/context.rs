//! What every rule reads: the table, the column mapping, the profile, and facts derived once
//! and shared (households, each row's ID state).

use crate::columns::mapping::Mapping;
use crate::columns::roles::{Role, ROLES};
use crate::domain::codes;
use crate::domain::dates;
use crate::domain::id_card::{self, Date, IdForm};
use crate::facts::areas::Areas;
use crate::facts::households::{household_key, HouseholdList, HouseholdSide};
use crate::facts::work::{WorkEvidence, WorkRecords};
use crate::profile::Profile;
use crate::read::table::{Coded, Kind, Table};
use std::cell::Cell;
use std::sync::OnceLock;

/// One household: the data rows sharing a 户编号 (and a 年度, in a file of several years), in
/// sheet order.
#[derive(Debug)]
pub struct Household<'t> {
    pub key: &'t str,
    /// The year of its rows, in a merged export of several years.
    pub year: Option<u16>,
    pub rows: Vec<usize>,
}

/// What a sheet lists: people (one row per member), or households (one row per 户编号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetKind {
    Persons,
    Households,
}

/// What a row's 证件号码 cell is, decided once for all ID rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdState {
    /// Empty or a placeholder.
    Missing,
    /// A number cell: Excel kept only 15 significant digits.
    StoredAsNumber,
    /// Not a number of any form the ID column holds (see `IdForm`).
    BadFormat,
    /// No ID: the 证件类型 column names a document of another kind (护照, 出生医学证明, 通行证…)
    /// and the number has no ID's form; `id-type-mismatch` checks it fits that document.
    OtherDocument,
    /// The check character is wrong.
    BadChecksum,
    /// A usable ID of this form.
    Valid(IdForm),
}

/// Each data row's 证件号码 as the ID rules read it, worked out once (see [`Context::id_state`]).
struct Ids {
    /// Each row's state, the document its number is of (for a usable ID or one with a wrong
    /// check character), and whether it has a canonical ID.
    rows: Vec<(IdState, Option<id_card::Document>, bool)>,
    /// The canonical IDs, 18 ASCII characters a row (zeros for a row without one): the rules
    /// ask for them millions of times, sliced as text with no UTF-8 check.
    canonical: String,
}

/// A fact the rules or the summary share, computed once (see [`Context::compute`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fact {
    Households,
    Ids,
    Births,
    Areas,
}

/// A cell of `role` as rules read it (see [`Context::text`]).
#[inline]
fn read_as(role: Role, cell: &str) -> &str {
    match role.is_number() {
        true => crate::base::text::number(cell),
        false => crate::base::text::trim(cell),
    }
}

/// A judgement of each data row's value of one role (see [`Context::judged`]).
pub struct Judged<'c, 't, T, F> {
    ctx: &'c Context<'t>,
    role: Role,
    judge: F,
    /// The column's codes and the judgement of each value, for a dictionary column.
    coded: Option<(Coded<'t>, Vec<T>)>,
    /// The last value judged and its judgement, for any other: a household's column (its bank
    /// card, income, phone) repeats one value on each member's row.
    last: Cell<Option<(&'t str, T)>>,
}

impl<'t, T: Copy, F: Fn(&'t str) -> T> Judged<'_, 't, T, F> {
    /// The judgement of data row `row`'s value.
    #[inline]
    pub fn get(&self, row: usize) -> T {
        if let Some((coded, judged)) = &self.coded {
            return judged[coded.code(row)];
        }
        let v = self.ctx.text(self.role, row);
        match self.last.get() {
            Some((last, judged)) if crate::base::text::same(last, v) => judged,
            _ => {
                let judged = (self.judge)(v);
                self.last.set(Some((v, judged)));
                judged
            }
        }
    }
}

/// The shared view of one check.
pub struct Context<'t> {
    pub table: &'t Table,
    pub mapping: &'t Mapping,
    pub profile: &'t Profile,
    households: OnceLock<Vec<Household<'t>>>,
    areas: OnceLock<Areas<'t>>,
    ids: OnceLock<Ids>,
    stated_births: OnceLock<Vec<Option<Date>>>,
    births: OnceLock<Vec<Option<Date>>>,
    years: OnceLock<Vec<Option<u16>>>,
    /// Each coded role's label in each row, by role (see [`Context::label`]).
    labels: Vec<OnceLock<Box<[u8]>>>,
    sheet_kind: OnceLock<SheetKind>,
    /// True when every row is judged at the profile's reference date whatever its 年度 (the
    /// user chose the date).
    pub fixed_reference: bool,
    /// The household list checked beside this person list (another sheet of the workbook).
    pub companion: Option<HouseholdList>,
    /// The 务工监测 table checked beside this person list (a sheet of the workbook or the work file).
    pub work: Option<WorkRecords>,
    /// The 计划外出务工 table checked beside this person list (a sheet of the workbook or the work file).
    pub plan: Option<WorkRecords>,
    /// The mapping as an array indexed by role: rules ask for a column millions of times.
    cols: Vec<Option<usize>>,
    /// Columns mapped to a role of numbers (see [`Role::is_number`]), by column.
    number_cols: Vec<bool>,
}

impl<'t> Context<'t> {
    pub fn new(table: &'t Table, mapping: &'t Mapping, profile: &'t Profile) -> Context<'t> {
        let mut cols = vec![None; ROLES.len()];
        let mut number_cols = vec![false; table.columns()];
        for (role, col) in mapping.iter() {
            cols[role as usize] = Some(col);
            if role.is_number() && col < number_cols.len() {
                number_cols[col] = true;
            }
        }
        Context {
            table,
            mapping,
            profile,
            households: OnceLock::new(),
            areas: OnceLock::new(),
            ids: OnceLock::new(),
            stated_births: OnceLock::new(),
            births: OnceLock::new(),
            years: OnceLock::new(),
            labels: ROLES.iter().map(|_| OnceLock::new()).collect(),
            sheet_kind: OnceLock::new(),
            fixed_reference: false,
            companion: None,
            work: None,
            plan: None,
            cols,
            number_cols,
        }
    }

    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    /// On a household list (one row per household), reads the head's 户主证件号码 and 户主姓名
    /// as the row's 证件号码 and 姓名, where the list has none under those names: the ID and
    /// name checks then check the heads (a household list is often all an office sends).
    pub fn read_heads_as_persons(&mut self) {
        for (person, head) in [(Role::PersonId, Role::HeadId), (Role::Name, Role::HeadName)] {
            if self.cols[person as usize].is_none() {
                self.cols[person as usize] = self.cols[head as usize];
            }
        }
        // What was read of the persons' columns before is read again.
        self.ids = OnceLock::new();
        self.areas = OnceLock::new();
        self.stated_births = OnceLock::new();
        self.births = OnceLock::new();
        self.labels.iter_mut().for_each(|l| *l = OnceLock::new());
    }

    #[inline]
    pub fn col(&self, role: Role) -> Option<usize> {
        self.cols[role as usize]
    }

    /// The rows of `records` (the 务工监测 or 计划外出务工 table) of the person on data row `row`:
    /// by 人编号 when both tables have it, else by 证件号码. The records are this sheet's (`work`
    /// or `plan`): the join is made once, on the first call.
    pub fn spells<'w>(&self, records: &'w WorkRecords, row: usize) -> &'w [usize] {
        let by_no = records.has(Role::PersonNo) && self.col(Role::PersonNo).is_some();
        let role = if by_no { Role::PersonNo } else { Role::PersonId };
        records.joined(self.rows(), by_no, |r| self.text(role, r), row)
    }

    /// What the 务工 tables record of the person on data row `row`, for the rules that hold it
    /// against the register (a pupil, a person without labour ability): the 务工监测 rows that
    /// `counts` keeps, else the person's planned 计划外出务工 rows; `None` when neither has any.
    pub fn work_evidence(&self, row: usize, counts: impl Fn(&WorkRecords, usize) -> bool) -> Option<WorkEvidence<'_>> {
        let picked = |records: &WorkRecords, keep: &dyn Fn(usize) -> bool| {
            let rows: Vec<usize> = self.spells(records, row).iter().copied().filter(|&r| keep(r)).collect();
            (!rows.is_empty()).then(|| records.excel_rows(&rows))
        };
        let work = self.work.as_ref().and_then(|w| Some((w, picked(w, &|r| counts(w, r))?, false)));
        let found = work.or_else(|| self.plan.as_ref().and_then(|p| Some((p, picked(p, &|r| p.planned(r))?, true))));
        found.map(|(records, rows, planned)| WorkEvidence { sheet: &records.source, rows, planned })
    }

    /// The value of `role` in data row `row` as rules read it: trimmed, and for a column of
    /// numbers (证件号码, 户编号, phones…, see [`Role::is_number`]) without the `#` or `'` that
    /// exports put before a number to keep it text; empty when the column is not mapped.
    #[inline]
    pub fn text(&self, role: Role, row: usize) -> &'t str {
        self.col(role).map_or("", |c| read_as(role, self.table.text(c, row)))
    }

    /// `judge` of each data row's value of `role` (see [`Judged::get`]): in a dictionary column
    /// each distinct value is judged once, here; in any other each row's when asked, unless it
    /// is the value just judged.
    pub fn judged<T: Copy, F: Fn(&'t str) -> T>(&self, role: Role, judge: F) -> Judged<'_, 't, T, F> {
        let coded = self.distinct(role).map(|(coded, values)| (coded, values.into_iter().map(&judge).collect()));
        Judged { ctx: self, role, judge, coded, last: Cell::new(None) }
    }

    /// `role`'s column as codes, with the values they stand for as [`Context::text`] reads them,
    /// when the table holds it as a dictionary (see [`Coded`]): for rules that judge each
    /// distinct value once.
    pub fn distinct(&self, role: Role) -> Option<(Coded<'t>, Vec<&'t str>)> {
        let coded = self.table.coded(self.col(role)?)?;
        let values = (0..coded.values()).map(|c| read_as(role, coded.value(c))).collect();
        Some((coded, values))
    }

    /// The value of column `col` in data row `row` as rules read it, as [`Context::text`] does for
    /// the role the column is mapped to (for a profile's own rules, which name columns).
    #[inline]
    pub fn column_text(&self, col: usize, row: usize) -> &'t str {
        match self.number_cols.get(col) {
            Some(true) => crate::base::text::number(self.table.text(col, row)),
            _ => crate::base::text::trim(self.table.text(col, row)),
        }
    }

    /// The cell of `role` in data row `row` as written (trimmed only), for quoting in findings.
    #[inline]
    pub fn written(&self, role: Role, row: usize) -> &'t str {
        self.col(role).map_or("", |c| crate::base::text::trim(self.table.text(c, row)))
    }

    #[inline]
    pub fn kind(&self, role: Role, row: usize) -> Kind {
        self.col(role).map_or(Kind::Empty, |c| self.table.kind(c, row))
    }

    /// The households, in order of first appearance; rows without a 户编号 belong to none. In a
    /// merged export of several years a household is a 户编号 within a 年度: the same 户编号 in
    /// 2017 and 2018 is two records of one family, not one household listed twice.
    pub fn households(&self) -> &[Household<'t>] {
        self.households.get_or_init(|| {
            // Grouped by sorting, not hashing: no file can make it slow (an unseeded hash can be
            // made to collide; a seeded one cost a million-row check a fifth of a second). A
            // household's rows mostly follow each other, so runs of them are sorted, not rows.
            let mut rows: Vec<usize> = Vec::with_capacity(self.rows());
            let mut runs: Vec<(&'t str, Option<u16>, std::ops::Range<usize>)> = Vec::with_capacity(self.rows() / 3);
            for row in 0..self.rows() {
                let key = self.text(Role::HouseholdId, row);
                if key.is_empty() {
                    continue;
                }
                let year = self.year(row);
                match runs.last_mut() {
                    Some((k, y, run)) if *k == key && *y == year => run.end += 1,
                    _ => runs.push((key, year, rows.len()..rows.len() + 1)),
                }
                rows.push(row);
            }
            // The runs are sorted by a hash of their 户编号 first, held beside each run, so that
            // most comparisons read no text; equal hashes are told apart by the 户编号 itself, so
            // colliding keys cost a comparison of texts, never more than the sort's n log n.
            let mut order: Vec<(u64, u32)> = runs
                .iter()
                .enumerate()
                .map(|(i, (key, ..))| {
                    let mut h = crate::read::table::Fx::default();
                    std::hash::Hasher::write(&mut h, key.as_bytes());
                    (std::hash::Hasher::finish(&h), i as u32)
                })
                .collect();
            // Fx ends in a multiplication: its top bits are spread, as the radix passes need.
            // Each run's household is that of its group's first run (the lowest: runs follow
            // the sheet). The households are then made in order of first appearance, each
            // list of rows at its full size: a rule walking them reads memory in order.
            let mut first_run: Vec<u32> = vec![0; runs.len()];
            let key = |&(_, i): &(u64, u32)| (runs[i as usize].0, runs[i as usize].1);
            crate::facts::grouping::by_key(
                &mut order,
                |e| e.0,
                key,
                |group| {
                    for &(_, i) in group {
                        first_run[i as usize] = group[0].1;
                    }
                },
            );
            drop(order);
            let mut household: Vec<u32> = vec![0; runs.len()];
            let mut sizes: Vec<usize> = Vec::new();
            for (i, (_, _, run)) in runs.iter().enumerate() {
                let h = match first_run[i] as usize {
                    first if first == i => {
                        sizes.push(0);
                        sizes.len() - 1
                    }
                    first => household[first] as usize,
                };
                household[i] = h as u32;
                sizes[h] += run.len();
            }
            let mut out: Vec<Household<'t>> = Vec::with_capacity(sizes.len());
            for (i, (key, year, _)) in runs.iter().enumerate() {
                if first_run[i] as usize == i {
                    let size = sizes[out.len()];
                    out.push(Household { key, year: *year, rows: Vec::with_capacity(size) });
                }
            }
            for (i, (_, _, run)) in runs.iter().enumerate() {
                out[household[i] as usize].rows.extend_from_slice(&rows[run.clone()]);
            }
            out
        })
    }

    /// Computes `fact` now, for the threads of a check to share, each computing one.
    pub(crate) fn compute(&self, fact: Fact) {
        match fact {
            Fact::Households => drop(self.households()),
            Fact::Ids => drop(self.ids()),
            Fact::Births => drop(self.births()),
            Fact::Areas => drop(self.areas()),
        }
    }

    /// Each row's 乡镇 and 村, and what the rows count there (see [`Areas`]).
    pub fn areas(&self) -> &Areas<'t> {
        self.areas.get_or_init(|| Areas::of(self))
    }

    /// The 年度 of data row `row`, in a merged export of several years.
    pub fn year(&self, row: usize) -> Option<u16> {
        self.col(Role::Year)?;
        self.years.get_or_init(|| (0..self.rows()).map(|r| dates::parse_data_year(self.text(Role::Year, r))).collect())
            [row]
    }

    /// The date data row `row` is judged at: the end of its 年度, else the reference date (the
    /// user's, the file's or the profile's: see `reference`).
    pub fn reference_date(&self, row: usize) -> Date {
        match self.year(row).filter(|_| !self.fixed_reference) {
            Some(y) => Date::new(y, 12, 31).expect("the last day of a year exists"),
            None => self.profile.reference_date,
        }
    }

    /// The start of the school year data row `row` is judged at (see [`Self::reference_date`]).
    pub fn school_reference_date(&self, row: usize) -> Date {
        match self.year(row).filter(|_| !self.fixed_reference) {
            Some(y) => Date::new(y, 9, 1).expect("the first of September exists"),
            None => self.profile.school_reference_date,
        }
    }

    /// Whether the sheet lists people or households: a sheet without 与户主关系 whose 户编号 is
    /// unique on (nearly) every row, with a household's size, head or helper, lists households.
    pub fn sheet_kind(&self) -> SheetKind {
        *self.sheet_kind.get_or_init(|| {
            let listy = [Role::HouseholdSize, Role::HeadName, Role::HeadId, Role::Helper];
            if self.col(Role::Relation).is_some()
                || self.col(Role::HouseholdId).is_none()
                || !listy.iter().any(|&r| self.col(r).is_some())
            {
                return SheetKind::Persons;
            }
            let keyed = self.households().iter().map(|h| h.rows.len()).sum::<usize>();
            let single = self.households().iter().filter(|h| h.rows.len() == 1).count();
            if keyed > 0 && single * 10 >= keyed * 9 {
                SheetKind::Households
            } else {
                SheetKind::Persons
            }
        })
    }

    /// True when data row `row` names the household head.
    pub fn is_head(&self, row: usize) -> bool {
        codes::is_head(self.text(Role::Relation, row))
    }

    fn ids(&self) -> &Ids {
        self.ids.get_or_init(|| {
            let mut canonical = Vec::with_capacity(18 * self.rows());
            let rows = (0..self.rows())
                .map(|row| {
                    let (state, document, id) = self.classify_id(row);
                    canonical.extend_from_slice(&id.unwrap_or([b'0'; 18]));
                    (state, document, id.is_some())
                })
                .collect();
            Ids { rows, canonical: String::from_utf8(canonical).expect("IDs are ASCII") }
        })
    }

    fn classify_id(&self, row: usize) -> (IdState, Option<id_card::Document>, Option<[u8; 18]>) {
        let raw = self.text(Role::PersonId, row);
        let Some(id) = id_card::present(raw) else {
            return (IdState::Missing, None, None);
        };
        if self.kind(Role::PersonId, row) == Kind::Number {
            return (IdState::StoredAsNumber, None, None);
        }
        // The form once, for the state, the document and the canonical ID alike.
        let form = id_card::form(&id);
        let state = match form {
            IdForm::Invalid if self.states_other_document(row) => IdState::OtherDocument,
            IdForm::Invalid => IdState::BadFormat,
            IdForm::Id18 | IdForm::Disability if !id_card::checksum_ok(&id) => IdState::BadChecksum,
            form => IdState::Valid(form),
        };
        let document = match state {
            IdState::Valid(_) | IdState::BadChecksum => id_card::document_of_form(&id, form),
            _ => None,
        };
        (state, document, id_card::canonical_bytes_of_form(&id, form))
    }

    /// True when the 证件类型 of data row `row` names a document whose number is no ID.
    fn states_other_document(&self, row: usize) -> bool {
        matches!(
            codes::id_type(self.text(Role::IdType, row)),
            Some(codes::IdType::Passport | codes::IdType::BirthCertificate | codes::IdType::Other)
        )
    }

    /// The document data row `row`'s 证件号码 is a number of, by its form (with a right check
    /// character or not); `None` when it has no known form.
    pub fn id_document(&self, row: usize) -> Option<id_card::Document> {
        self.ids().rows[row].1
    }

    /// The state of data row `row`'s 证件号码.
    pub fn id_state(&self, row: usize) -> IdState {
        self.ids().rows[row].0
    }

    /// The canonical 18-character ID of data row `row` (15-digit upgraded, 残疾人证 suffix
    /// dropped), whenever the value has an ID's form, even with a wrong check character.
    pub fn canonical_id(&self, row: usize) -> Option<&str> {
        let ids = self.ids();
        ids.rows[row].2.then(|| &ids.canonical[18 * row..18 * row + 18])
    }

    /// The ID of data row `row` when it is usable (right form and check character).
    pub fn valid_id(&self, row: usize) -> Option<&str> {
        matches!(self.id_state(row), IdState::Valid(_)).then(|| self.canonical_id(row)).flatten()
    }

    /// The birth date written in the ID of data row `row`, when the ID is usable and the date
    /// is one `person-id-birthdate` accepts (a real day from 1900 to the reference date).
    pub fn id_birth_date(&self, row: usize) -> Option<Date> {
        let d = id_card::birth_date(self.valid_id(row)?)?;
        (d.year >= 1900 && d <= self.reference_date(row)).then_some(d)
    }

    /// The date the 出生日期 column of data row `row` holds, if any (parsed once for all rules).
    pub fn stated_birth_date(&self, row: usize) -> Option<Date> {
        self.stated_births
            .get_or_init(|| (0..self.rows()).map(|r| dates::parse(self.text(Role::BirthDate, r))).collect())[row]
    }

    /// The birth date of data row `row`: the 出生日期 column when it holds a date, else the ID's.
    pub fn birth_date(&self, row: usize) -> Option<Date> {
        self.births()[row]
    }

    fn births(&self) -> &[Option<Date>] {
        self.births.get_or_init(|| {
            (0..self.rows()).map(|r| self.stated_birth_date(r).or_else(|| self.id_birth_date(r))).collect()
        })
    }

    /// Age in whole years at the row's reference date (see [`Self::reference_date`]).
    pub fn age(&self, row: usize) -> Option<i32> {
        Some(self.birth_date(row)?.years_until(self.reference_date(row)))
    }

    /// Age in whole years at the row's school reference date (start of the school year).
    pub fn school_age(&self, row: usize) -> Option<i32> {
        Some(self.birth_date(row)?.years_until(self.school_reference_date(row)))
    }

    /// The sex of data row `row`: the 性别 column when it states one, else the ID's 17th digit.
    pub fn is_male(&self, row: usize) -> Option<bool> {
        codes::sex(self.text(Role::Gender, row)).or_else(|| id_card::is_male(self.valid_id(row)?))
    }

    /// The code-list label of `role` in data row `row` (spelling variants resolved). Several
    /// rules ask for the labels of 与户主关系, 劳动技能… on every row: each column's are found
    /// once, one byte a row (the label's place in the list).
    pub fn label(&self, role: Role, row: usize) -> Option<&'static str> {
        let list = codes::list(role)?;
        self.col(role)?;
        let labels = self.labels[role as usize].get_or_init(|| self.label_places(role, list));
        labels[row].checked_sub(1).map(|i| list[usize::from(i)])
    }

    /// The place + 1 in `list` of each row's label of `role`, 0 for none.
    fn label_places(&self, role: Role, list: &[&str]) -> Box<[u8]> {
        let place = |v: &str| {
            if v.is_empty() {
                return 0;
            }
            codes::label(role, v)
                .and_then(|l| list.iter().position(|x| *x == l))
                .map_or(0, |i| u8::try_from(i + 1).expect("a code list has fewer than 255 labels"))
        };
        let places = self.judged(role, place);
        (0..self.rows()).map(|row| places.get(row)).collect()
    }

    /// The head's ID as data row `row` names it in 户主证件号码 (`role` = [`Role::HeadId`]) or its
    /// member ID (`Role::PersonId`), in the form two IDs are compared in: the canonical 18
    /// characters when it has an ID's form, else normalised. `None` when missing or stored as a
    /// number (digits lost).
    pub fn id_key(&self, role: Role, row: usize) -> Option<String> {
        let raw = self.text(role, row);
        if id_card::is_missing(raw) || self.kind(role, row) == Kind::Number {
            return None;
        }
        let n = id_card::normalized(raw);
        Some(id_card::canonical(&n).unwrap_or_else(|| n.into_owned()))
    }

    /// A name as the head's columns are compared (see `names::key`); `None` when blank.
    pub fn name_key(&self, role: Role, row: usize) -> Option<String> {
        Some(crate::domain::names::key(self.text(role, row))).filter(|k| !k.is_empty())
    }

    /// The head a household names in 户主证件号码 or 户主姓名 (`role`): the value most of its rows
    /// carry (the first on a tie), as a key of [`Self::id_key`] / [`Self::name_key`], with a row
    /// carrying it.
    pub fn named_head(&self, h: &Household<'_>, role: Role) -> Option<(String, usize)> {
        self.col(role)?;
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for &r in &h.rows {
            let Some(k) = self.head_key(role, r) else { continue };
            match counts.iter_mut().find(|(x, ..)| *x == k) {
                Some((_, n, _)) => *n += 1,
                None => counts.push((k, 1, r)),
            }
        }
        let best = counts.iter().map(|c| c.1).max()?;
        counts.into_iter().find(|c| c.1 == best).map(|(k, _, r)| (k, r))
    }

    /// [`Self::id_key`] for an ID column, [`Self::name_key`] for a name column.
    pub fn head_key(&self, role: Role, row: usize) -> Option<String> {
        match role {
            Role::HeadId | Role::PersonId => self.id_key(role, row),
            _ => self.name_key(role, row),
        }
    }
}

impl HouseholdList {
    /// The households of the sheet behind `ctx`: each row of a household list; each household
    /// of a person list, of its latest 年度 in a merged export (a household list describes one
    /// year).
    pub fn from_context(ctx: &Context<'_>, source: &str) -> HouseholdList {
        let mut out = HouseholdList { source: source.to_owned(), households: Vec::new() };
        if ctx.col(Role::HouseholdId).is_none() {
            return out;
        }
        let latest = ctx.households().iter().filter_map(|h| h.year).max();
        let excel = |r: usize| ctx.table.excel_row(r);
        for h in ctx.households().iter().filter(|h| h.year == latest) {
            let first = h.rows[0];
            let written = |role: Role, r: usize| ctx.text(role, r).to_owned();
            let mut side = HouseholdSide {
                key: household_key(h.key),
                written: h.key.to_owned(),
                township: written(Role::Township, first),
                village: written(Role::Village, first),
                rows: h.rows.iter().map(|&r| excel(r)).collect(),
                data_rows: h.rows.clone(),
                size: None,
                head_id: None,
                head_name: None,
                head_rows: Vec::new(),
            };
            let pick = |role: Role, r: usize| ctx.head_key(role, r).map(|k| (k, written(role, r)));
            if ctx.sheet_kind() == SheetKind::Households {
                side.size = ctx
                    .text(Role::HouseholdSize, first)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.fract() == 0.0 && *v >= 0.0)
                    .map(|v| v as u64);
                // A household list names its head in 户主证件号码/户主姓名, or in 证件号码/姓名.
                side.head_id = pick(Role::HeadId, first).or_else(|| pick(Role::PersonId, first));
                side.head_name = pick(Role::HeadName, first).or_else(|| pick(Role::Name, first));
                side.head_rows = vec![first];
            } else {
                side.size = Some(h.rows.len() as u64);
                let mut heads = h.rows.iter().copied().filter(|&r| ctx.is_head(r));
                if let (Some(head), None) = (heads.next(), heads.next()) {
                    side.head_id = pick(Role::PersonId, head);
                    side.head_name = pick(Role::Name, head);
                    side.head_rows = vec![head];
                } else {
                    let named = |role: Role| ctx.named_head(h, role).map(|(k, r)| (k, written(role, r)));
                    side.head_id = named(Role::HeadId);
                    side.head_name = named(Role::HeadName);
                    side.head_rows = h.rows.clone();
                }
            }
            out.households.push(side);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn households_group_rows_wherever_they_stand_in_order_of_first_appearance() {
        let table = Table::from_rows(&[
            &["户编号", "姓名", "年度"],
            &["B", "甲", "2020年底"],
            &["A", "乙", "2020年底"],
            &["A", "丙", "2020年底"],
            &["", "丁", "2020年底"],
            &["B", "戊", "2020年底"],
            &["A", "己", "2019年底"],
            &["A", "庚", "2020年底"],
        ]);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let got: Vec<(&str, Option<u16>, &[usize])> =
            ctx.households().iter().map(|h| (h.key, h.year, h.rows.as_slice())).collect();
        assert_eq!(
            got,
            [("B", Some(2020), &[0, 4][..]), ("A", Some(2020), &[1, 2, 6][..]), ("A", Some(2019), &[5][..])]
        );
    }

    /// On enough runs for the radix passes, the households are those of a plain grouping in
    /// order of first appearance.
    #[test]
    fn households_of_many_runs_are_those_of_a_plain_grouping() {
        let mut state = 5u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let keys: Vec<String> = (0..90_000).map(|_| format!("H{}", next(30_000))).collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["户编号", "姓名"]];
        rows.extend(keys.iter().map(|k| vec![k.as_str(), "甲"]));
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let table = Table::from_rows(&rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut expected: Vec<(&str, Vec<usize>)> = Vec::new();
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (row, key) in keys.iter().enumerate() {
            let h = *at.entry(key).or_insert_with(|| {
                expected.push((key, Vec::new()));
                expected.len() - 1
            });
            expected[h].1.push(row);
        }
        let got: Vec<(&str, Vec<usize>)> = ctx.households().iter().map(|h| (h.key, h.rows.clone())).collect();
        assert_eq!(got, expected);
    }

    /// A column of few values is read by its codes, one of many by its texts: the labels are
    /// the same either way.
    #[test]
    fn labels_are_the_same_in_a_column_of_few_values_and_of_many() {
        let cells = ["户主", " 配偶", "之子", "", "户主", "外星人", "妻子", "配偶"];
        let many: Vec<String> = (0..300).map(|i| format!("亲属{i}")).collect();
        let labels = |extra: &[String]| {
            let mut rows: Vec<Vec<&str>> = vec![vec!["与户主关系"]];
            rows.extend(cells.iter().map(|c| vec![*c]).chain(extra.iter().map(|c| vec![c.as_str()])));
            let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
            let table = Table::from_rows(&rows);
            assert_eq!(table.coded(0).is_some(), extra.is_empty(), "a dictionary only while values are few");
            let mapping = Mapping::new(table.headers(), &BTreeMap::new());
            let profile = Profile::default();
            let ctx = Context::new(&table, &mapping, &profile);
            (0..cells.len()).map(|row| ctx.label(Role::Relation, row)).collect::<Vec<_>>()
        };
        let few = labels(&[]);
        assert_eq!(few[..4], [Some("户主"), Some("配偶"), Some("之子"), None]);
        assert_eq!(few[5], None, "a value off the list");
        assert_eq!(few[6], Some("配偶"), "a spelling variant");
        assert_eq!(labels(&many), few);
    }
}
