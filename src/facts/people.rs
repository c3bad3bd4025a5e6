//! A compact index of the people of one or more registers, and the duplicate detection that runs
//! over it: the same ID in several households, and likely duplicates under different IDs.
//!
//! A row costs one [`Person`] (48 bytes) plus its name and ID as written and a share of its
//! household: about 120 MB for a million rows, whatever the width of the table, and the indexes
//! of several files can be joined after their tables are gone (see `batch`). Detection never
//! compares all pairs: it sorts keys (blocking) and compares rows only within a run of equal
//! keys; see [`PersonIndex::possible_duplicates`].

use crate::base::finding::Location;
use crate::columns::roles::Role;
use crate::domain::id_card;
use crate::domain::id_card::IdForm;
use crate::domain::names;
use crate::facts::context::{Context, IdState, SheetKind};
use crate::facts::grouping::{pick_shared, sort_by_hash, PICK_FROM, SPREAD};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// No household (the row has no 户编号, or the table has no such column).
const NONE: u32 = u32::MAX;
/// Runs up to this size are compared pair by pair; larger ones are split further.
const SMALL_RUN: usize = 64;

/// One row of a register, as duplicate detection needs it.
#[derive(Debug, Clone)]
pub struct Person {
    /// The canonical ID packed in base 11 (`X` = 10), see [`pack`]; `None` when the cell holds no ID.
    id: Option<u64>,
    /// Hash of the name key (see `names::key`); 0 when the name is empty.
    name_hash: u64,
    /// Birth date as `yyyymmdd`, 0 when unknown.
    birth: u32,
    /// Index into [`PersonIndex::households`], or [`NONE`].
    household: u32,
    /// The row as Excel numbers it.
    row: u32,
    /// Offset of the name as written in the text arena; the ID as written follows it.
    text: u32,
    name_len: u16,
    id_len: u16,
    file: u16,
    /// 1 male, 2 female, 0 unknown.
    sex: u8,
    /// What the 证件号码 cell holds, as [`ID_KINDS`] names it.
    id_kind: u8,
}

/// The kinds of 证件号码 cell the index tells apart, by [`IdState`]: usable IDs by form, then the
/// faults that leave a canonical ID (a wrong check character) or none.
pub const ID_KINDS: [&str; 9] = [
    "id18",
    "id15",
    "disability",
    "foreign-permanent",
    "bad-checksum",
    "number",
    "bad-format",
    "other-document",
    "missing",
];

fn id_kind(state: IdState) -> u8 {
    match state {
        IdState::Valid(IdForm::Id18) => 0,
        IdState::Valid(IdForm::Id15) => 1,
        IdState::Valid(IdForm::Disability) => 2,
        IdState::Valid(IdForm::ForeignPermanent15 | IdForm::Invalid) => 3,
        IdState::BadChecksum => 4,
        IdState::StoredAsNumber => 5,
        IdState::BadFormat => 6,
        IdState::OtherDocument => 7,
        IdState::Missing => 8,
    }
}

/// One person of the index as the index file holds it (see `scale`): what the detection reads,
/// in the forms it compares them in.
pub struct IndexRow<'a> {
    pub file: usize,
    pub row: u32,
    /// The household's 户编号 as rules read it (no `#` mark), 乡镇, 行政村 (its first row's) and
    /// 年度; `None` when the person is in no household.
    pub household: Option<[&'a str; 3]>,
    pub year: Option<u16>,
    /// The canonical 18-character ID (15 digits upgraded), when the cell has an ID's form.
    pub id: Option<String>,
    pub id_written: &'a str,
    pub id_kind: &'static str,
    pub name: &'a str,
    pub name_key: String,
    /// `yyyymmdd`: the 出生日期 column, else the ID's.
    pub birth: Option<u32>,
    /// 1 male, 2 female.
    pub sex: Option<u8>,
}

/// One household: its file, its 户编号, 乡镇 and 行政村 in the text arena, and its 年度 in a merged
/// export of several years (0 when none).
#[derive(Debug, Clone)]
struct Household {
    file: u16,
    year: u16,
    text: u32,
    lens: [u16; 3],
}

/// The people of one or more registers.
#[derive(Debug, Default)]
pub struct PersonIndex {
    people: Vec<Person>,
    households: Vec<Household>,
    text: String,
    files: Vec<String>,
    /// Hash of a household's 户编号, 乡镇 and 行政村 → the first household with them, for the
    /// households of [`PersonIndex::households`] up to `keyed`: files appended later join them.
    by_place: HashMap<u64, u32>,
    keyed: usize,
    /// Each file's households as its sheet describes them, for joining household lists with
    /// person lists across files: (file, what the sheet lists, its households).
    pub(crate) sides: Vec<(usize, SheetKind, crate::facts::households::HouseholdList)>,
}

impl PersonIndex {
    /// The index of the table behind `ctx`, the file named `file`. Rows with neither a name nor an
    /// ID are left out: they cannot match anyone.
    pub fn from_context(ctx: &Context<'_>, file: &str) -> PersonIndex {
        let mut index = PersonIndex::people(ctx, file);
        index.sides.push((0, ctx.sheet_kind(), crate::facts::households::HouseholdList::from_context(ctx, file)));
        index
    }

    /// [`PersonIndex::from_context`] without the households as the sheet describes them, which
    /// only joining files needs (a tenth of the index's cost on a register of small households).
    pub fn people(ctx: &Context<'_>, file: &str) -> PersonIndex {
        let mut index = PersonIndex { files: vec![file.to_owned()], ..PersonIndex::default() };
        let mut home = vec![NONE; ctx.rows()];
        if ctx.col(Role::HouseholdId).is_some() {
            for h in ctx.households() {
                let first = h.rows[0];
                let at = index.push_texts(&[h.key, ctx.text(Role::Township, first), ctx.text(Role::Village, first)]);
                for &r in &h.rows {
                    home[r] = index.households.len() as u32;
                }
                let year = h.year.unwrap_or(0);
                index.households.push(Household { file: 0, year, text: at.0, lens: [at.1[0], at.1[1], at.1[2]] });
            }
        }
        index.people.reserve(ctx.rows());
        for (row, &household) in home.iter().enumerate() {
            let name = ctx.text(Role::Name, row);
            let canonical = ctx.canonical_id(row);
            if name.is_empty() && canonical.is_none() {
                continue;
            }
            let birth = ctx
                .stated_birth_date(row)
                .or_else(|| canonical.and_then(id_card::birth_date))
                .map_or(0, |d| u32::from(d.year) * 10_000 + u32::from(d.month) * 100 + u32::from(d.day));
            let sex = match ctx.text(Role::Gender, row) {
                "男" | "男性" | "1" => 1,
                "女" | "女性" | "2" => 2,
                _ => match canonical.and_then(id_card::is_male) {
                    Some(true) => 1,
                    Some(false) => 2,
                    None => 0,
                },
            };
            let (text, lens) = index.push_texts(&[name, ctx.written(Role::PersonId, row)]);
            index.people.push(Person {
                id: canonical.map(|c| pack(c.as_bytes())),
                name_hash: name_hash(name),
                birth,
                household,
                row: ctx.table.excel_row(row),
                text,
                name_len: lens[0],
                id_len: lens[1],
                file: 0,
                sex,
                id_kind: id_kind(ctx.id_state(row)),
            });
        }
        index
    }

    /// Appends the texts to the arena: where they start, and their (possibly cut) lengths.
    fn push_texts(&mut self, texts: &[&str]) -> (u32, [u16; 3]) {
        let at = self.text.len() as u32;
        let mut lens = [0u16; 3];
        for (i, t) in texts.iter().enumerate() {
            let t = cut(t, u16::MAX as usize);
            self.text.push_str(t);
            lens[i] = t.len() as u16;
        }
        (at, lens)
    }

    /// Appends `other`'s people as those of further files. A household of `other` with the
    /// 户编号, 乡镇 and 行政村 of one already here is that household, exported again (another
    /// year, another office): its people are its members, not members of a second household. The
    /// 户编号 is compared as rules read it, so `#3125752184` and `3125752184` are one household.
    /// In merged exports of several years, a household is one of a year.
    pub fn append(&mut self, other: PersonIndex) {
        for h in self.keyed..self.households.len() {
            let key = place_hash(self.household_texts(h), self.households[h].year);
            self.by_place.entry(key).or_insert(h as u32);
        }
        let (files, text) = (self.files.len() as u16, self.text.len() as u32);
        self.sides.extend(other.sides.into_iter().map(|(f, k, l)| (f + files as usize, k, l)));
        self.files.extend(other.files);
        self.text.push_str(&other.text);
        let mut moved = Vec::with_capacity(other.households.len());
        for h in other.households {
            let h = Household { file: h.file + files, text: h.text + text, ..h };
            self.households.push(h);
            let new = self.households.len() - 1;
            let texts = self.household_texts(new);
            let year = self.households[new].year;
            let key = place_hash(texts, year);
            let known = self.by_place.get(&key).copied().filter(|&k| {
                (self.households[k as usize].file != self.households[new].file)
                    && self.households[k as usize].year == year
                    && !texts[0].is_empty()
                    && self.household_texts(k as usize) == texts
            });
            match known {
                Some(k) => {
                    self.households.pop();
                    moved.push(k);
                }
                None => {
                    self.by_place.entry(key).or_insert(new as u32);
                    moved.push(new as u32);
                }
            }
        }
        self.keyed = self.households.len();
        self.people.extend(other.people.into_iter().map(|p| Person {
            household: if p.household == NONE { NONE } else { moved[p.household as usize] },
            text: p.text + text,
            file: p.file + files,
            ..p
        }));
    }

    /// The 户编号, 乡镇 and 行政村 of household `h`.
    fn household_texts(&self, h: usize) -> [&str; 3] {
        let h = &self.households[h];
        let mut at = h.text as usize;
        h.lens.map(|len| {
            let s = &self.text[at..at + usize::from(len)];
            at += usize::from(len);
            s
        })
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Bytes the index holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.people.capacity() * std::mem::size_of::<Person>()
            + self.households.capacity() * std::mem::size_of::<Household>()
            + self.text.capacity()
    }

    /// The Excel row of person `i`.
    pub fn row(&self, i: usize) -> u32 {
        self.people[i].row
    }

    /// The file number of person `i` (its position among the files appended).
    pub fn file(&self, i: usize) -> usize {
        usize::from(self.people[i].file)
    }

    /// The name of file `file` (0-based, in the order the files were appended).
    pub fn file_name(&self, file: usize) -> &str {
        &self.files[file]
    }

    /// The name of person `i` as written.
    pub fn name(&self, i: usize) -> &str {
        let p = &self.people[i];
        &self.text[p.text as usize..p.text as usize + usize::from(p.name_len)]
    }

    /// The ID of person `i` as written.
    pub fn id_text(&self, i: usize) -> &str {
        let p = &self.people[i];
        let at = p.text as usize + usize::from(p.name_len);
        &self.text[at..at + usize::from(p.id_len)]
    }

    /// The canonical 18-character ID of person `i`.
    pub fn canonical_id(&self, i: usize) -> Option<String> {
        self.people[i].id.map(|v| String::from_utf8(unpack(v).to_vec()).expect("ASCII"))
    }

    /// The 户编号, 乡镇 and 行政村 of person `i`'s household, empty when it has none.
    pub fn household(&self, i: usize) -> [&str; 3] {
        match self.people[i].household {
            NONE => ["", "", ""],
            h => self.household_texts(h as usize),
        }
    }

    /// Person `i` as the index file holds it.
    pub fn index_row(&self, i: usize) -> IndexRow<'_> {
        let p = &self.people[i];
        let household = (p.household != NONE).then(|| self.household_texts(p.household as usize));
        let year = match p.household {
            NONE => None,
            h => Some(self.households[h as usize].year).filter(|&y| y != 0),
        };
        IndexRow {
            file: self.file(i),
            row: p.row,
            household,
            year,
            id: self.canonical_id(i),
            id_written: self.id_text(i),
            id_kind: ID_KINDS[usize::from(p.id_kind)],
            name: self.name(i),
            name_key: names::key(self.name(i)),
            birth: (p.birth != 0).then_some(p.birth),
            sex: (p.sex != 0).then_some(p.sex),
        }
    }

    /// Where person `i` stands, for the side-by-side view; `with_file` names the file.
    pub fn location(&self, i: usize, with_file: bool) -> Location {
        let [household, township, village] = self.household(i);
        Location {
            file: with_file.then(|| self.files[self.file(i)].clone()),
            row: self.row(i),
            household: household.to_owned(),
            township: township.to_owned(),
            village: village.to_owned(),
            name: self.name(i).to_owned(),
            id: self.id_text(i).to_owned(),
        }
    }

    /// People sharing one canonical ID across two or more households (一人多户) of one year, as
    /// groups of person indexes in index order, groups ordered by their first person. A person
    /// in a household's rows of several years (a merged export) is one person; one without a
    /// 户编号 is in no household.
    pub fn same_id_groups(&self) -> Vec<Vec<u32>> {
        let people = self
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.household != NONE)
            .filter_map(|(i, p)| Some((self.households[p.household as usize].year, p.id?, i as u32)))
            .collect();
        same_id_in_households(people, |i| self.people[i as usize].household)
    }

    /// Likely duplicates under different IDs, as groups of person indexes (each ascending, groups
    /// ordered by their first person). Two people are linked when
    /// - they are in different households, with different IDs (or none), and the same name key,
    ///   birth date and sex; or
    /// - their IDs are one substituted character or one swap of neighbours apart and their names
    ///   are similar (`names::similar`).
    ///
    /// Linked people are joined into groups (union-find). Cost: a few sorts of the index, then
    /// comparisons within runs of equal keys only.
    pub fn possible_duplicates(&self) -> Vec<Vec<u32>> {
        let mut sets = Sets::new(self.people.len());
        self.link_namesakes(&mut sets);
        self.link_typos(&mut sets);
        sets.groups()
    }

    /// The 年度 of person `i`'s household in a merged register; 0 when unknown.
    fn year(&self, i: usize) -> u16 {
        let h = self.people[i].household;
        if h == NONE {
            0
        } else {
            self.households[h as usize].year
        }
    }

    /// Same name key, birth date and sex, in different households under different IDs, in one
    /// 年度: across the years of a merged register the same person under another ID is an ID
    /// corrected between years, which the period comparison reports, not a second record.
    fn link_namesakes(&self, sets: &mut Sets) {
        let mut keys: Vec<(u64, u32)> = self
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name_hash != 0 && p.birth != 0)
            .map(|(i, p)| (mix(mix(p.name_hash, u64::from(p.birth)), u64::from(p.sex)), i as u32))
            .collect();
        // The keys are hashes already: their own top bits spread them.
        sort_by_hash(&mut keys, &mut Vec::new(), |e| e.0);
        // Runs of namesakes multiply with the rows (a pair in 10 times the rows is 100 times as
        // likely): one list for all runs, and name keys compared in place, only for the pairs
        // that pass everything else, not one string built for each member.
        let mut members: Vec<u32> = Vec::new();
        for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            members.clear();
            members.extend(run.iter().map(|&(_, i)| i));
            let name_key = |at: usize| names::key_chars(self.name(members[at] as usize));
            let linked = |a: usize, b: usize| {
                let (p, q) = (&self.people[members[a] as usize], &self.people[members[b] as usize]);
                let years = (self.year(members[a] as usize), self.year(members[b] as usize));
                (p.household != q.household || p.household == NONE)
                    && (years.0 == years.1 || years.0 == 0 || years.1 == 0)
                    && (p.id != q.id || p.id.is_none())
                    && p.birth == q.birth
                    && p.sex == q.sex
                    && name_key(a).eq(name_key(b))
            };
            link_within(&members, linked, sets);
        }
    }

    /// IDs one edit apart with similar names, in one 年度 (as namesakes are). Rows sharing one
    /// (ID, name key, 年度) are merged into a class first, so that a thousand copies of one row cost one comparison; then the classes
    /// are blocked by the parts of the ID an edit leaves intact (see [`PersonIndex::block`]).
    fn link_typos(&self, sets: &mut Sets) {
        // The 年度 rides along (in the key's padding): read in person order here, not at random
        // once the keys are sorted by ID, where each read missed the cache.
        let mut keys: Vec<(u64, u64, u32, u16)> = self
            .people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.id.filter(|_| p.name_hash != 0).map(|id| (id, p.name_hash, i as u32, self.year(i))))
            .collect();
        // Only equal IDs need to meet, in no particular order: sorted by a mix of the ID.
        sort_by_hash(&mut keys, &mut Vec::new(), |e| e.0.wrapping_mul(SPREAD));
        let mut classes: Vec<Class> = Vec::new();
        let mut members: Vec<Member> = Vec::new();
        let mut copies: Vec<u32> = Vec::new();
        for same_id in keys.chunk_by_mut(|a, b| a.0 == b.0) {
            same_id.sort_unstable_by_key(|e| (e.1, e.3, e.2));
            let id = packed_nibbles(same_id[0].0);
            for run in same_id.chunk_by(|a, b| a.1 == b.1 && a.3 == b.3) {
                let year = run[0].3;
                members.push(member(id, classes.len() as u32));
                classes.push(Class { name_hash: run[0].1, year, copies: copies.len() as u32 });
                copies.extend(run.iter().map(|e| e.2));
            }
        }
        drop(keys);
        let first = |c: u32| copies[classes[c as usize].copies as usize];
        let mut linked = Vec::new();
        self.block(&classes, &first, &mut members, 0..18, &mut linked, &mut Vec::new());
        let mut partnered = vec![false; classes.len()];
        for &(a, b) in &linked {
            partnered[a as usize] = true;
            partnered[b as usize] = true;
            sets.union(first(a), first(b));
        }
        // Copies of one row join the group of a class that found a partner; alone they are not
        // possible duplicates (same ID: other rules report them).
        for (c, class) in classes.iter().enumerate().filter(|(c, _)| partnered[*c]) {
            let end = classes.get(c + 1).map_or(copies.len(), |n| n.copies as usize);
            for &x in &copies[class.copies as usize + 1..end] {
                sets.union(first(c as u32), x);
            }
        }
    }

    /// Links classes of `members`, which all agree on the ID outside `free`. Small blocks are
    /// compared pair by pair; a larger one is split with the pigeonhole principle: one edit
    /// inside `free` leaves two of its three thirds intact or, for a swap across the boundary of
    /// two thirds, everything but the two swapped characters. Each way of keeping is one sort.
    fn block(
        &self,
        classes: &[Class],
        first: &dyn Fn(u32) -> u32,
        members: &mut [Member],
        free: Range<usize>,
        linked: &mut Vec<(u32, u32)>,
        scratch: &mut Vec<Member>,
    ) {
        if members.len() < 2 {
            return;
        }
        if members.len() <= SMALL_RUN || free.len() <= 2 {
            self.compare_all(classes, first, members, linked);
            return;
        }
        // The whole ID splits where its meaning does (county, birth date, sequence and check),
        // so that each way of keeping two parts leaves small runs: same county and birth date,
        // same county and sequence, same birth date and sequence.
        let (m1, m2) = if free == (0..18) {
            (6, 14)
        } else {
            let third = free.len() / 3;
            (free.start + third, free.start + 2 * third)
        };
        let ways: [(Range<usize>, [Range<usize>; 2]); 5] = [
            (free.start..m1, [m1..free.end, 0..0]),
            (m1..m2, [free.start..m1, m2..free.end]),
            (m2..free.end, [free.start..m2, 0..0]),
            (m1 - 1..m1 + 1, [free.start..m1 - 1, m1 + 1..free.end]),
            (m2 - 1..m2 + 1, [free.start..m2 - 1, m2 + 1..free.end]),
        ];
        let mut picked: Vec<Member> = Vec::new();
        for (sub_free, kept) in ways {
            let mask = kept.iter().flat_map(Clone::clone).fold(0u128, |m, i| m | 0xF << nibble_shift(i));
            // The kept nibbles, folded to 64 bits and spread: a rare collision only puts extra
            // classes in a run, which the exact comparison at the leaves then rejects. The members
            // themselves are sorted (16 bytes each), so that each run is a slice of them; of many,
            // only those whose key another may share.
            let key = |m: &Member| fold(member_id(*m) & mask).wrapping_mul(SPREAD);
            let runs: &mut [Member] = if members.len() >= PICK_FROM && pick_shared(members, key, &mut picked) {
                sort_by_hash(&mut picked, scratch, key);
                &mut picked
            } else {
                sort_by_hash(members, scratch, key);
                &mut *members
            };
            let mut at = 0;
            while at < runs.len() {
                let k = key(&runs[at]);
                let end = runs[at..].iter().position(|m| key(m) != k).map_or(runs.len(), |n| at + n);
                if end - at > 1 {
                    self.block(classes, first, &mut runs[at..end], sub_free.clone(), linked, scratch);
                }
                at = end;
            }
        }
    }

    /// Compares the classes of a block, one distinct ID against another: IDs one edit apart and
    /// names similar. Two IDs with very many names each (junk: one ID typed for everyone) are
    /// matched on equal names only, by merging, so the cost stays bounded.
    fn compare_all(
        &self,
        classes: &[Class],
        first: &dyn Fn(u32) -> u32,
        members: &mut [Member],
        linked: &mut Vec<(u32, u32)>,
    ) {
        // By ID, then by class, which within one ID is by name hash.
        members.sort_unstable();
        let by_id: Vec<&[Member]> = members.chunk_by(|a, b| member_id(*a) == member_id(*b)).collect();
        if by_id.len() < 2 {
            return;
        }
        let name_keys = |g: &[Member]| -> Vec<String> {
            g.iter().map(|&m| names::key(self.name(first(member_class(m)) as usize))).collect()
        };
        let same_year = |a: u32, b: u32| {
            let (x, y) = (classes[a as usize].year, classes[b as usize].year);
            x == y || x == 0 || y == 0
        };
        for i in 0..by_id.len() {
            for j in i + 1..by_id.len() {
                let (gi, gj) = (by_id[i], by_id[j]);
                if !one_edit_nibbles(member_id(gi[0]), member_id(gj[0])) {
                    continue;
                }
                if gi.len() * gj.len() > SMALL_RUN * SMALL_RUN {
                    let (mut a, mut b) = (0, 0);
                    while a < gi.len() && b < gj.len() {
                        let (ca, cb) = (member_class(gi[a]), member_class(gj[b]));
                        let (ha, hb) = (classes[ca as usize].name_hash, classes[cb as usize].name_hash);
                        match ha.cmp(&hb) {
                            std::cmp::Ordering::Less => a += 1,
                            std::cmp::Ordering::Greater => b += 1,
                            std::cmp::Ordering::Equal => {
                                if same_year(ca, cb) {
                                    linked.push((ca, cb));
                                }
                                a += 1;
                                b += 1;
                            }
                        }
                    }
                    continue;
                }
                let (ki, kj) = (name_keys(gi), name_keys(gj));
                for (a, &ma) in gi.iter().enumerate() {
                    for (b, &mb) in gj.iter().enumerate() {
                        let (ca, cb) = (member_class(ma), member_class(mb));
                        if same_year(ca, cb) && names::similar(&ki[a], &kj[b]) {
                            linked.push((ca, cb));
                        }
                    }
                }
            }
        }
    }
}

/// A class as blocking moves it around: its ID (as [`nibbles`], 72 bits) above its class number,
/// so that keys are computed without reaching back into the class list, in 16 bytes.
type Member = u128;

fn member(id: u128, class: u32) -> Member {
    id << 32 | u128::from(class)
}

fn member_id(m: Member) -> u128 {
    m >> 32
}

fn member_class(m: Member) -> u32 {
    m as u32
}

/// Rows sharing one (canonical ID, name key): stands for all of them in typo detection. Its ID
/// rides in its [`Member`].
struct Class {
    name_hash: u64,
    /// The 年度 of its rows (0 unknown).
    year: u16,
    /// Where its rows start in the list of copies; the first is the one compared.
    copies: u32,
}

/// Links members pairwise where `linked` says so: every pair for a small run; for a larger one
/// (many people of one name born on one day — a placeholder date or name), each member is
/// compared with up to [`SMALL_RUN`] representatives only, which keeps the cost linear.
fn link_within(members: &[u32], linked: impl Fn(usize, usize) -> bool, sets: &mut Sets) {
    if members.len() <= SMALL_RUN {
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                if linked(a, b) {
                    sets.union(members[a], members[b]);
                }
            }
        }
        return;
    }
    let mut reps: Vec<usize> = Vec::new();
    for x in 0..members.len() {
        let mut found = false;
        for &r in &reps {
            if linked(r, x) {
                sets.union(members[r], members[x]);
                found = true;
            }
        }
        if !found && reps.len() < SMALL_RUN {
            reps.push(x);
        }
    }
}

/// Union-find over person indexes, remembering which were ever linked.
struct Sets {
    parent: Vec<u32>,
    linked: Vec<bool>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets { parent: (0..n as u32).collect(), linked: vec![false; n] }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.linked[a as usize] = true;
        self.linked[b as usize] = true;
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }

    /// Sets of two or more linked people, each ascending, ordered by their first member.
    fn groups(mut self) -> Vec<Vec<u32>> {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for x in 0..self.parent.len() as u32 {
            if self.linked[x as usize] {
                pairs.push((self.find(x), x));
            }
        }
        pairs.sort_unstable();
        let mut groups: Vec<Vec<u32>> = pairs
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|r| r.len() > 1)
            .map(|r| r.iter().map(|&(_, x)| x).collect())
            .collect();
        groups.sort_unstable_by_key(|g| g[0]);
        groups
    }
}

/// A hash of a household's 户编号, 乡镇 and 行政村.
fn place_hash(texts: [&str; 3], year: u16) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    texts.hash(&mut h);
    year.hash(&mut h);
    h.finish()
}

/// One canonical ID in two or more households of one year (一人多户): `people` holds (year,
/// packed ID, person) for each person in a household, 16 bytes (a million of them are sorted),
/// and `household` gives a person's household. Returns the groups of persons, each ascending,
/// ordered by their first person. The one detection behind the
/// `person-in-multiple-households` rule (persons are a sheet's rows) and the same check across
/// files ([`PersonIndex::same_id_groups`]).
pub(crate) fn same_id_in_households(mut people: Vec<(u16, u64, u32)>, household: impl Fn(u32) -> u32) -> Vec<Vec<u32>> {
    // Sorting beats a map of person lists on big tables: no allocation per person. Only equal
    // (year, ID) need to meet: sorted by a mix of them, then by (year, ID, person); of many, only
    // those whose mix another may share.
    let key = |&(year, id, _): &(u16, u64, u32)| (id ^ u64::from(year) << 48).wrapping_mul(SPREAD);
    let mut picked = Vec::new();
    if people.len() >= PICK_FROM && pick_shared(&people, key, &mut picked) {
        people = picked;
    }
    sort_by_hash(&mut people, &mut Vec::new(), key);
    let mut groups: Vec<Vec<u32>> = people
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        // A person alone (most) is not looked up: `household` reads at random once sorted.
        .filter(|run| run.len() > 1 && run.iter().any(|p| household(p.2) != household(run[0].2)))
        .map(|run| run.iter().map(|p| p.2).collect())
        .collect();
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// A canonical 18-character ID as one number: base 11, `X` = 10 (11^18 < 2^64).
pub(crate) fn pack(id: &[u8]) -> u64 {
    id.iter().fold(0u64, |k, &b| k * 11 + digit(b))
}

fn unpack(mut v: u64) -> [u8; 18] {
    let mut id = [0u8; 18];
    for slot in id.iter_mut().rev() {
        let d = (v % 11) as u8;
        *slot = if d == 10 { b'X' } else { b'0' + d };
        v /= 11;
    }
    id
}

fn digit(b: u8) -> u64 {
    if b == b'X' {
        10
    } else {
        u64::from(b - b'0')
    }
}

/// An 18-character ID as one nibble a character (`X` = 10), the first character highest, so that
/// the characters an edit leaves alone can be picked with a mask. Detection takes it from the
/// packed ID ([`packed_nibbles`]); the tests spell it out.
#[cfg(test)]
fn nibbles(id: &[u8; 18]) -> u128 {
    id.iter().fold(0u128, |k, &b| k << 4 | u128::from(digit(b)))
}

/// [`nibbles`] of a [`pack`]ed ID without spelling the ID out: two halves of nine base-11 digits,
/// each taken apart in 32-bit arithmetic (half the divisions' latency of [`unpack`]).
fn packed_nibbles(v: u64) -> u128 {
    const HALF: u64 = 11u64.pow(9);
    let half = |mut x: u32| {
        let mut n = 0u64;
        for i in 0..9 {
            n |= u64::from(x % 11) << (4 * i);
            x /= 11;
        }
        n
    };
    u128::from(half((v / HALF) as u32)) << 36 | u128::from(half((v % HALF) as u32))
}

/// Where character `i` of an ID sits in [`nibbles`].
fn nibble_shift(i: usize) -> u32 {
    4 * (17 - i as u32)
}

fn fold(x: u128) -> u64 {
    (x as u64) ^ ((x >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// [`one_edit_apart`] on [`nibbles`].
fn one_edit_nibbles(a: u128, b: u128) -> bool {
    let d = a ^ b;
    if d == 0 {
        return false;
    }
    let (lo, hi) = (d.trailing_zeros() / 4, (127 - d.leading_zeros()) / 4);
    let at = |x: u128, n: u32| (x >> (4 * n)) & 0xF;
    lo == hi || (hi == lo + 1 && at(a, lo) == at(b, hi) && at(a, hi) == at(b, lo))
}

/// True when `a` and `b` differ by one substituted character or one swap of neighbours.
pub fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(i) = (0..a.len()).find(|&i| a[i] != b[i]) else { return false };
    let rest = |from: usize| a[from..] == b[from..];
    rest(i + 1) || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && rest(i + 2))
}

/// FNV-1a of the name key, never 0 for a non-empty key.
fn name_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    for c in names::key_chars(name) {
        any = true;
        h = (h ^ u64::from(c as u32)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    if !any {
        0
    } else {
        h | 1
    }
}

fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517C_C1B7_2722_0A95)
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;
    use std::collections::BTreeMap;

    /// Grouped by a radix sort on a mix of (year, ID), the groups are those a sort on (year, ID,
    /// person) gives: enough people for the radix passes, with few IDs and years so that many
    /// meet, and with many IDs so that few do (then only those are sorted).
    #[test]
    fn same_id_groups_are_those_of_a_plain_sort() {
        let mut state = 11u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for (ids, least) in [(40_000, 1000), (4_000_000, 100)] {
            let home: Vec<u32> = (0..100_000).map(|_| next(60_000) as u32).collect();
            let people: Vec<(u16, u64, u32)> =
                (0..100_000u32).map(|p| (next(3) as u16 + 2019, 1 << 61 | next(ids), p)).collect();
            let mut plain = people.clone();
            plain.sort_unstable();
            let mut expected: Vec<Vec<u32>> = plain
                .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
                .filter(|run| run.iter().any(|p| home[p.2 as usize] != home[run[0].2 as usize]))
                .map(|run| run.iter().map(|p| p.2).collect())
                .collect();
            expected.sort_unstable_by_key(|g| g[0]);
            assert!(expected.len() > least, "{ids} IDs: {}", expected.len());
            assert_eq!(same_id_in_households(people, |p| home[p as usize]), expected, "{ids} IDs");
        }
    }

    fn index(rows: &[&[&str]]) -> PersonIndex {
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let profile = Profile::default();
        PersonIndex::from_context(&Context::new(&table, &mapping, &profile), "a.xlsx")
    }

    /// `n` IDs, a quarter of them one edit from an earlier one (a digit changed, or two neighbours
    /// swapped), the others from `fresh`, which draws on the generator it is given.
    fn with_typos(n: usize, seed: u64, fresh: impl Fn(&mut dyn FnMut(u64) -> u64) -> Vec<u8>) -> Vec<Vec<u8>> {
        let mut state = seed;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let mut ids: Vec<Vec<u8>> = Vec::new();
        while ids.len() < n {
            let mut id = fresh(&mut next);
            if next(4) == 0 && !ids.is_empty() {
                let mut copy = ids[next(ids.len() as u64) as usize].clone();
                let p = next(17) as usize;
                // A swap that moves an X out of the check position makes no ID at all: keep to digits.
                if next(2) == 0 || copy[17] == b'X' {
                    copy[p] = b'0' + next(10) as u8
                } else {
                    copy.swap(p, p + 1)
                }
                id = copy;
            }
            ids.push(id);
        }
        ids
    }

    /// What `link_typos` groups among people of one name, each in a household of their own, with
    /// these IDs; and how many people the index holds.
    fn typo_groups(ids: &[Vec<u8>]) -> (usize, Vec<Vec<u32>>) {
        let mut rows: Vec<Vec<String>> = vec![vec!["户编号".into(), "姓名".into(), "证件号码".into()]];
        for (i, id) in ids.iter().enumerate() {
            rows.push(vec![i.to_string(), "张伟".into(), String::from_utf8(id.clone()).unwrap()]);
        }
        let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let idx = index(&refs);
        let mut sets = Sets::new(idx.len());
        idx.link_typos(&mut sets);
        (idx.len(), sets.groups())
    }

    #[test]
    fn blocking_a_register_too_large_to_sort_whole_finds_every_typo() {
        // Over PICK_FROM classes, so that the top-level ways sort only the members whose key
        // another may share: every pair one edit apart must still meet. The oracle looks up each
        // ID's one-edit variants (every substitution, every swap of neighbours) instead of
        // comparing 40,000² pairs.
        let ids = with_typos(40_000, 11, |next| {
            let date = (1950 + next(50), 1 + next(12), 1 + next(28));
            let mut id = format!("360426{}{:02}{:02}{:03}", date.0, date.1, date.2, next(1000)).into_bytes();
            id.push(crate::domain::id_card::check_char(&id));
            id
        });
        let (people, found) = typo_groups(&ids);
        assert!(people > PICK_FROM, "{people}");
        let mut at: std::collections::HashMap<&[u8], Vec<u32>> = std::collections::HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            at.entry(id.as_slice()).or_default().push(i as u32);
        }
        let mut oracle = Sets::new(ids.len());
        for (id, mine) in &at {
            let mut variants: Vec<Vec<u8>> = Vec::new();
            for p in 0..18 {
                for c in b"0123456789X" {
                    let mut v = id.to_vec();
                    v[p] = *c;
                    variants.push(v);
                }
                if p < 17 {
                    let mut v = id.to_vec();
                    v.swap(p, p + 1);
                    variants.push(v);
                }
            }
            for v in variants.iter().filter(|v| v.as_slice() != *id) {
                for &b in at.get(v.as_slice()).into_iter().flatten() {
                    for &a in mine {
                        oracle.union(a, b);
                    }
                }
            }
        }
        let want = oracle.groups();
        let linked: usize = want.iter().map(Vec::len).sum();
        assert!(linked > 5000, "the test should plant many typos ({linked})");
        assert_eq!(found, want);
    }

    #[test]
    fn packs_ids_both_ways() {
        for id in ["360426199101010071", "44011320141005001X", "000000000000000000", "99999999999999999X"] {
            assert_eq!(&unpack(pack(id.as_bytes())), id.as_bytes());
            assert_eq!(packed_nibbles(pack(id.as_bytes())), nibbles(id.as_bytes().try_into().unwrap()), "{id}");
        }
    }

    #[test]
    fn one_edit_means_one_substitution_or_one_swap() {
        let a = b"360426199101010071";
        assert!(one_edit_apart(a, b"360426199101010072"));
        assert!(one_edit_apart(a, b"360426199110010071"));
        assert!(one_edit_apart(a, b"360426199101010017"));
        assert!(!one_edit_apart(a, a));
        assert!(!one_edit_apart(a, b"360426199101020072"));
        assert!(!one_edit_apart(a, b"360426199101010710"), "a rotation is two edits");
        let n = |id: &[u8; 18]| nibbles(id);
        for (b, want) in [
            (b"360426199101010072", true),
            (b"360426199110010071", true),
            (b"360426199101010017", true),
            (b"460426199101010071", true),
            (b"630426199101010071", true),
            (b"360426199101010071", false),
            (b"360426199101020072", false),
            (b"360426199101010710", false),
            (b"36042619910101007X", true),
        ] {
            assert_eq!(one_edit_nibbles(n(a), n(b)), want, "{}", String::from_utf8_lossy(b));
        }
    }

    /// Blocking must find exactly the pairs an all-pairs loop finds, on IDs crowded into a few
    /// blocks (many people of one county born on a handful of days) with typos of every kind.
    #[test]
    fn blocking_finds_what_all_pairs_find() {
        let ids = with_typos(3000, 7, |next| {
            let mut id = format!("3604261991010{}{:04}", next(3), next(400)).into_bytes();
            id.truncate(17);
            id.push(crate::domain::id_card::check_char(&id));
            id
        });
        let (_, found) = typo_groups(&ids);
        let mut brute = Sets::new(ids.len());
        for a in 0..ids.len() {
            for b in a + 1..ids.len() {
                if one_edit_apart(&ids[a], &ids[b]) {
                    brute.union(a as u32, b as u32);
                }
            }
        }
        let want = brute.groups();
        let linked: usize = want.iter().map(Vec::len).sum();
        assert!(linked > 500, "the test should plant many typos ({linked})");
        assert_eq!(found, want);
    }

    #[test]
    fn a_person_without_a_household_is_in_none() {
        let id = "360426199101010071";
        let a = index(&[&["户编号", "姓名", "证件号码"], &["1", "张伟", id], &["", "张伟", id], &["2", "张伟", id]]);
        assert_eq!(a.same_id_groups(), [[0, 2]], "the row without 户编号 is in no second household");
        let b = index(&[&["户编号", "姓名", "证件号码"], &["1", "张伟", id], &["", "张伟", id]]);
        assert!(b.same_id_groups().is_empty());
    }

    #[test]
    fn joined_indexes_keep_files_households_and_texts_apart() {
        let mut a = index(&[&["户编号", "姓名", "证件号码", "乡镇"], &["1", "张伟", "360426199101010071", "蒲亭镇"]]);
        let mut b = index(&[&["户编号", "姓名", "证件号码", "乡镇"], &["1", "张伟", "360426910101007", "聂桥镇"]]);
        b.files[0] = "b.csv".into();
        a.append(b);
        assert_eq!(a.same_id_groups(), [[0, 1]], "household 1 of a and household 1 of b are two households");
        let l = a.location(1, true);
        assert_eq!(
            (l.file.as_deref(), l.row, l.household.as_str(), l.township.as_str(), l.name.as_str(), l.id.as_str()),
            (Some("b.csv"), 2, "1", "聂桥镇", "张伟", "360426910101007")
        );
        assert_eq!(a.canonical_id(1).as_deref(), Some("360426199101010071"));
    }

    #[test]
    fn one_household_exported_in_two_files_is_one_household() {
        let header: &[&str] = &["户编号", "姓名", "证件号码", "乡镇", "行政村"];
        let mut a = index(&[header, &["#3125752184", "张伟", "#360426199101010071", "蒲亭镇", "城关村"]]);
        let b = index(&[
            header,
            &["3125752184", "张伟", "360426199101010071", "蒲亭镇", "城关村"],
            &["3125752185", "李娜", "360426199202020025", "蒲亭镇", "城关村"],
        ]);
        let c = index(&[header, &["3125752184", "李娜", "360426199202020025", "聂桥镇", "城关村"]]);
        a.append(b);
        a.append(c);
        assert_eq!(a.same_id_groups(), [[2, 3]], "张伟 is in one household; 李娜 in two (another 乡镇)");
        assert_eq!(a.households.len(), 3);
        assert_eq!(
            (a.location(0, true).id.as_str(), a.location(1, true).id.as_str()),
            ("#360426199101010071", "360426199101010071")
        );
    }
}
