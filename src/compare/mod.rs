//! 部门数据比对: the register against other departments' lists (deaths, public payroll, vehicles,
//! housing, businesses, disability certificates, students, 低保, 特困, insurance enrolment, or
//! any list). A list is read with the register's readers ([`list`]); its kind ([`kinds`]) says
//! what a match, or its absence, means. Matching is on the ID packed into a number, through a
//! sorted index of the register's rows; a list row without a usable ID matches on name and birth
//! date, and its findings say that the match is weaker.
//!
//! One call, [`compare`], after the rules: its findings join the others (filters, household
//! view, exports) and [`ListSummary`] tells per list what was read and matched.

pub mod kinds;
mod list;

pub use kinds::{built_in, Kind, KindDef, Test, KINDS};
pub use list::{id_number, id_text, read, List, ListInput, ListRow, ListSummary};

use crate::base::error::Error;
use crate::base::finding::{Finding, Location, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;
use crate::domain::id_card::Date;
use crate::facts::context::Context;
use std::borrow::Cow;
use std::collections::HashMap;

/// How a list row was matched, as the messages say it (zh, en): by ID, or by name and birth date.
pub const HOW_BY_ID: (&str, &str) = ("按证件号码匹配", "matched by ID");
pub const HOW_BY_NAME: (&str, &str) = (
    "仅按姓名和出生日期匹配（名单上没有可用的证件号码），请先核对是否同一人",
    "matched by name and birth date only (no usable ID on the list): check it is the same person",
);
/// The brackets around the list's quoted columns in `{shown}` (zh, en).
pub const SHOWN: [(&str, &str); 2] = [("（", "）"), (" (", ")")];
/// A blank register value in a message.
pub const EMPTY: &str = "（空）";

/// The words of the relative kinds' findings (zh, en), their placeholders filled by [`fill`]: the
/// list row as `{how}` says it (`{row}` its row, `{how}` how it was matched) …
pub const RELATIVE_HOW: (&str, &str) = ("第 {row} 行，{how}", " row {row}, {how}");
/// … a certificate holder not 残疾 (`{grade}` the list's grade in brackets, `{v}` 健康状况) …
pub const DISABILITY_HELD: (&str, &str) = (
    "残联名单上此人持残疾人证{grade}，健康状况却是“{v}”",
    "holds a disability certificate{grade} per the list, but 健康状况 is \"{v}\"",
);
/// … the brackets around the grade (the same in both languages) …
pub const GRADE: (&str, &str) = ("（", "）");
/// … a member 残疾 not on the list …
pub const DISABILITY_UNLISTED: (&str, &str) = (
    "健康状况为残疾，残联名单上却没有此人（未办残疾人证？）",
    "健康状况 says disabled, but the person is not on the disability list (no certificate?)",
);
/// … a student per the list not at school per 在校生状况 (`{v}`) …
pub const STUDENT_OUT: (&str, &str) =
    ("学籍名单上此人在校，在校生状况却是“{v}”", "at school per the student list, but 在校生状况 is \"{v}\"");
/// … a child of compulsory-school age (`{age}`) at school per the register, not on the list …
pub const STUDENT_UNLISTED: (&str, &str) = (
    "{age} 岁，在校生状况为“{v}”，学籍名单上却没有此人，请核实学籍和就读学校",
    "{age}, 在校生状况 \"{v}\", but not on the student list: verify the registration and the school",
);
/// … one at school on neither …
pub const STUDENT_DROPOUT: (&str, &str) = (
    "{age} 岁，在义务教育年龄，既不在学籍名单上，在校生状况也为“{v}”，疑似失学辍学",
    "{age}, of compulsory-school age, neither on the student list nor at school per 在校生状况 (\"{v}\"): a possible drop-out",
);
/// … a 低保/特困 recipient (`{word}` the policy) whose household is not marked (`{v}` 贫困户属性) …
pub const MARK_UNMARKED: (&str, &str) = (
    "{word}名单上有此人，所在户却未标为{word}（贫困户属性“{v}”）",
    "on the {word} list, but the household is not marked so (贫困户属性 \"{v}\")",
);
/// … a household marked (`{header}` the column, `{v}` its value) with no member on the list …
pub const MARK_UNLISTED: (&str, &str) = (
    "{header}为“{v}”，{word}名单上却没有此户的任何成员",
    "{header} is \"{v}\", but no member of the household is on the {word} list",
);
/// … the policies' words (低保, then 特困) …
pub const MARK_WORDS: [(&str, &str); 2] = [("低保", "低保"), ("特困供养", "destitute support (特困)")];
/// … and the register's 参保 columns quoted beside a missing enrolment (`{said}`: `header value`,
/// joined by [`SAID_JOIN`]).
pub const INSURED: (&str, &str) = ("（花名册：{said}）", " (the register says {said})");
pub const SAID_JOIN: (&str, &str) = ("，", ", ");

/// `template` with each `{name}` replaced by its value in `args`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        match args.iter().find(|(n, _)| *n == &rest[open + 1..close]) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out + rest
}

/// Whether a finding of this test only marks a list row's match (and whether the person died);
/// the others compare the match, or its absence, with more of the register ([`RowFacts`]).
pub fn only_matches(test: Test) -> bool {
    matches!(test, Test::Present | Test::Deceased)
}

/// Ages of compulsory schooling (九年义务教育), at the start of the school year.
pub const COMPULSORY_SCHOOL_AGE: std::ops::RangeInclusive<i32> = 6..=15;

/// The kinds a profile offers: its own first (so that its words win the guess), then the
/// built-in ones.
pub fn kinds(profile: &crate::profile::Profile) -> Vec<Kind> {
    profile.compare_kinds.iter().cloned().chain(KINDS.iter().map(Kind::from)).collect()
}

/// The kind named `name` (its kind name or its finding key).
pub fn find_kind<'k>(kinds: &'k [Kind], name: &str) -> Option<&'k Kind> {
    kinds.iter().find(|k| k.kind == name || k.key == name)
}

/// Reads the lists `inputs` and compares the register behind `ctx` with each: returns the
/// findings (to join the rules') and what each list yielded. A list that cannot be read or
/// used is an error naming it.
/// `progress` hears the fraction of the lists done.
pub fn compare(
    ctx: &Context<'_>,
    inputs: &[ListInput],
    progress: &mut dyn FnMut(f32),
) -> Result<(Vec<Finding>, Vec<ListSummary>), Error> {
    if inputs.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let kinds = kinds(ctx.profile);
    let mut index = None;
    let mut findings = Vec::new();
    let mut summaries = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        progress(i as f32 / inputs.len() as f32);
        let mut list = list::read(input, &kinds)?;
        // Read: the rest of its share is the matching, the register's index included (so that a
        // bench can tell them apart).
        progress((i as f32 + 0.5) / inputs.len() as f32);
        let index = index.get_or_insert_with(|| Index::new(ctx));
        let before = findings.len();
        list.summary.register_lacks = register_lacks(ctx, list.kind.test);
        if ctx.profile.enabled(&list.kind.key) && list.summary.register_lacks.is_none() {
            compare_list(ctx, index, &mut list, &mut findings);
        } else {
            matches(ctx, index, &mut list);
        }
        list.summary.findings = findings.len() - before;
        summaries.push(list.summary);
    }
    progress(1.0);
    Ok((findings, summaries))
}

/// The register's rows by ID (packed, see [`id_number`]), sorted: 12 bytes a row. The rows by name
/// and birth date are indexed only when a list needs them.
struct Index {
    ids: Vec<(u64, u32)>,
    names: std::cell::OnceCell<ByName>,
    /// Each data row's household (an index into `ctx.households()`).
    household_of: Vec<u32>,
    /// The latest 年度 of a merged export: the lists describe today, so the absences are asked
    /// about for its rows only.
    latest: Option<u16>,
}

const NO_HOUSEHOLD: u32 = u32::MAX;

/// Register rows by (name as compared, birth day).
type ByName = HashMap<(String, (u16, u8, u8)), Vec<u32>>;

fn day(d: Date) -> (u16, u8, u8) {
    (d.year, d.month, d.day)
}

impl Index {
    fn new(ctx: &Context<'_>) -> Index {
        let mut ids: Vec<(u64, u32)> = (0..ctx.rows())
            .filter_map(|r| {
                let id = ctx.canonical_id(r)?;
                Some((id_number(id.as_bytes().try_into().ok()?), r as u32))
            })
            .collect();
        ids.sort_unstable();
        let mut household_of = vec![NO_HOUSEHOLD; ctx.rows()];
        for (i, h) in ctx.households().iter().enumerate() {
            for &r in &h.rows {
                household_of[r] = i as u32;
            }
        }
        let latest = ctx.households().iter().filter_map(|h| h.year).max();
        Index { ids, names: std::cell::OnceCell::new(), household_of, latest }
    }

    /// The register rows a list row matches, and whether by ID (else by name and birth date).
    fn find(&self, ctx: &Context<'_>, row: &ListRow) -> (Vec<u32>, bool) {
        if let Some(id) = row.id {
            let at = self.ids.partition_point(|&(k, _)| k < id);
            let rows = self.ids[at..].iter().take_while(|&&(k, _)| k == id).map(|&(_, r)| r).collect();
            return (rows, true);
        }
        let (Some(birth), false) = (row.birth, row.name.is_empty()) else { return (Vec::new(), false) };
        let names = self.names.get_or_init(|| {
            let mut m = ByName::new();
            for r in 0..ctx.rows() {
                if let (Some(name), Some(b)) = (ctx.name_key(Role::Name, r), ctx.birth_date(r)) {
                    m.entry((name, day(b))).or_default().push(r as u32);
                }
            }
            m
        });
        (names.get(&(row.name.clone(), day(birth))).cloned().unwrap_or_default(), false)
    }

    fn current(&self, ctx: &Context<'_>, row: usize) -> bool {
        self.latest.is_none() || ctx.year(row) == self.latest
    }
}

/// The matches of every list row, counted into the list's summary: (list row index, register
/// rows, by ID).
fn matches(ctx: &Context<'_>, index: &Index, list: &mut List) -> Vec<(usize, Vec<u32>, bool)> {
    let mut out = Vec::new();
    for (i, row) in list.rows.iter().enumerate() {
        let (rows, by_id) = index.find(ctx, row);
        match (rows.is_empty(), by_id) {
            (true, _) => list.summary.unmatched += 1,
            (false, true) => list.summary.matched_by_id += 1,
            (false, false) => list.summary.matched_by_name += 1,
        }
        if !rows.is_empty() {
            out.push((i, rows, by_id));
        }
    }
    out
}

/// The register's column a kind compares with, when the register lacks it (the list is then
/// only matched, and the report says why nothing was compared).
fn register_lacks(ctx: &Context<'_>, test: Test) -> Option<&'static str> {
    let lacks = |roles: &[Role]| roles.iter().all(|&r| ctx.col(r).is_none());
    match test {
        Test::Disability if lacks(&[Role::Health]) => Some("健康状况"),
        Test::Student if lacks(&[Role::Schooling]) => Some("在校生状况"),
        Test::Dibao if lacks(&[Role::Dibao, Role::HouseholdType]) => Some("享受低保政策情况、贫困户属性"),
        Test::SpecialSupport if lacks(&[Role::SpecialSupport, Role::HouseholdType]) => {
            Some("享受特困供养政策情况、贫困户属性")
        }
        _ => None,
    }
}

/// True when 健康状况 of data row `r` says 死亡.
pub fn dead(ctx: &Context<'_>, r: usize) -> bool {
    codes::split(ctx.text(Role::Health, r)).any(|v| codes::label(Role::Health, v) == Some("死亡"))
}

fn disabled(ctx: &Context<'_>, r: usize) -> bool {
    codes::split(ctx.text(Role::Health, r)).any(|v| codes::label(Role::Health, v) == Some("残疾"))
}

/// Whether data row `r` is at school per 在校生状况: unknown when blank, unless the profile reads
/// a blank as not at school.
fn schooling(ctx: &Context<'_>, r: usize) -> Option<bool> {
    match ctx.text(Role::Schooling, r) {
        "" if ctx.profile.blank_schooling_means_not_in_school => Some(false),
        "" => None,
        t => Some(codes::in_school(codes::label(Role::Schooling, t).unwrap_or(t))),
    }
}

/// The register's pension (`pension`) or medical insurance columns of data row `r` that say
/// something, as `header value`.
fn insured(ctx: &Context<'_>, r: usize, pension: bool) -> Vec<String> {
    let columns: &[Role] = if pension {
        &[Role::PensionResident, Role::PensionEmployee]
    } else {
        &[Role::MedicalResident, Role::MedicalEmployee]
    };
    columns
        .iter()
        .filter_map(|&c| {
            let v = ctx.written(c, r);
            let col = ctx.col(c).filter(|_| !v.is_empty())?;
            Some(format!("{} {v}", ctx.table.header(col)))
        })
        .collect()
}

/// What the kinds that compare more than the match ([`Test::Disability`], [`Test::Student`],
/// [`Test::Dibao`], [`Test::SpecialSupport`], [`Test::Missing`]) read of one register row, for
/// the person index (`huqing index --compare`): computed by the functions [`compare`] judges
/// with, so that the SQL over the index judges the same. A field is `None` where the register
/// lacks the column (the list is then only matched, as [`compare`] does).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFacts {
    /// The row's household (its place among the sheet's households), none without a 户编号.
    pub household: Option<u32>,
    /// Of the latest 年度 of a merged export (or of an export without one): the absences are
    /// asked about for such rows only.
    pub current: bool,
    /// 健康状况 as written, and whether it says 残疾.
    pub health: Option<String>,
    pub disabled: bool,
    /// 在校生状况 as written, whether it says at school (none when blank and unknown), and the
    /// age at the start of the school year.
    pub schooling: Option<String>,
    pub at_school: Option<bool>,
    pub school_age: Option<i32>,
    /// The age at the reference date.
    pub age: Option<i32>,
    /// 贫困户属性 as written.
    pub household_type: Option<String>,
    /// The household's 低保 and 特困 marks ([`MARK_WORDS`] order).
    pub marks: [Option<Mark>; 2],
    /// The pension and medical insurance columns that say something, `header value`.
    pub insured: [Vec<String>; 2],
}

/// How the register marks a row's household 低保 or 特困 (see `marked`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mark {
    /// The header of the column that marks it and the value that does; none when unmarked.
    pub by: Option<(String, String)>,
    /// This row's cell of that column, as written.
    pub cell: Option<String>,
}

/// [`RowFacts`] of every data row of the register behind `ctx`, for the `tests` asked about.
pub fn row_facts(ctx: &Context<'_>, tests: &[Test]) -> Vec<RowFacts> {
    let wants = |f: &dyn Fn(&Test) -> bool| tests.iter().any(f);
    let mut facts = vec![RowFacts::default(); ctx.rows()];
    let index = Index::new(ctx);
    for (r, f) in facts.iter_mut().enumerate() {
        f.household = Some(index.household_of[r]).filter(|&h| h != NO_HOUSEHOLD);
        f.current = index.current(ctx, r);
    }
    let col = |role: Role, r: usize| ctx.col(role).map(|_| ctx.written(role, r).to_owned());
    if wants(&|t| *t == Test::Disability) && register_lacks(ctx, Test::Disability).is_none() {
        for (r, f) in facts.iter_mut().enumerate() {
            (f.health, f.disabled) = (col(Role::Health, r), disabled(ctx, r));
        }
    }
    if wants(&|t| *t == Test::Student) && register_lacks(ctx, Test::Student).is_none() {
        for (r, f) in facts.iter_mut().enumerate() {
            (f.schooling, f.school_age) = (col(Role::Schooling, r), ctx.school_age(r));
        }
    }
    if wants(&|t| matches!(t, Test::Student | Test::Missing { .. })) {
        for (r, f) in facts.iter_mut().enumerate() {
            f.at_school = schooling(ctx, r);
        }
    }
    for (special, test) in [(false, Test::Dibao), (true, Test::SpecialSupport)] {
        if !wants(&|t| *t == test) || register_lacks(ctx, test).is_some() {
            continue;
        }
        let mark = |rows: &[usize], facts: &mut [RowFacts]| {
            let by = marked(ctx, rows, special);
            for &r in rows {
                let cell = by.as_ref().map(|(role, _)| ctx.written(*role, r).to_owned());
                let header = |role: Role| ctx.col(role).map_or("", |c| ctx.table.header(c)).to_owned();
                let by = by.as_ref().map(|(role, v)| (header(*role), v.clone()));
                facts[r].marks[usize::from(special)] = Some(Mark { by, cell });
                facts[r].household_type = col(Role::HouseholdType, r);
            }
        };
        for h in ctx.households() {
            mark(&h.rows, &mut facts);
        }
        for r in (0..ctx.rows()).filter(|&r| index.household_of[r] == NO_HOUSEHOLD) {
            mark(&[r], &mut facts);
        }
    }
    for (pension, min_age) in [(true, 1), (false, 0)] {
        if !wants(&|t| matches!(t, Test::Missing { min_age: m } if (*m > 0) == (min_age > 0))) {
            continue;
        }
        for (r, f) in facts.iter_mut().enumerate() {
            f.insured[usize::from(!pension)] = insured(ctx, r, pension);
            if pension {
                f.age = ctx.age(r);
            }
        }
    }
    facts
}

/// A 是/否 cell that says yes (是, 享受…, 有).
fn yes(text: &str) -> bool {
    matches!(text, "是" | "有" | "Y" | "y") || text.starts_with("享受") || text.starts_with("是")
}

/// The value that marks a household 低保 (`special` false) or 特困 (true) in the register, and
/// the column it is in: the 享受…政策情况 column saying yes, or a 贫困户属性 naming it.
fn marked(ctx: &Context<'_>, rows: &[usize], special: bool) -> Option<(Role, String)> {
    let (role, words): (Role, &[&str]) =
        if special { (Role::SpecialSupport, &["特困", "五保"]) } else { (Role::Dibao, &["低保"]) };
    rows.iter().find_map(|&r| {
        let status = ctx.text(role, r);
        let kind = ctx.text(Role::HouseholdType, r);
        if yes(status) {
            Some((role, status.to_owned()))
        } else if words.iter().any(|w| kind.contains(w)) {
            Some((Role::HouseholdType, kind.to_owned()))
        } else {
            None
        }
    })
}

/// Builds findings of one list's kind.
struct Emit<'a, 'c, 't> {
    ctx: &'a Context<'t>,
    list: &'a List,
    findings: &'c mut Vec<Finding>,
    severity: Severity,
}

impl Emit<'_, '_, '_> {
    /// A finding on register rows `rows`, column `role`, for list row `at` (by ID or name) or
    /// for no list row (an absence), with the kind's `detail`.
    fn push(&mut self, rows: &[usize], role: Role, at: Option<(usize, bool)>, detail: (&str, &str)) {
        let ctx = self.ctx;
        let list = self.list;
        let role = if ctx.col(role).is_some() { role } else { Role::PersonId };
        let first = rows[0];
        let value = ctx.written(role, first).to_owned();
        let (row, shown, how_zh, how_en, locations) = match at {
            Some((i, by_id)) => {
                let lr = &list.rows[i];
                let (zh, en) = if by_id { HOW_BY_ID } else { HOW_BY_NAME };
                let location = Location {
                    file: Some(list.file.clone()),
                    row: lr.row,
                    household: String::new(),
                    township: String::new(),
                    village: String::new(),
                    name: lr.name_written.clone(),
                    id: lr.id_written.clone(),
                };
                (lr.row.to_string(), list.shown[i].clone(), zh, en, vec![location])
            }
            None => (String::new(), String::new(), "", "", Vec::new()),
        };
        let (how_zh, how_en) = match (!only_matches(list.kind.test), at.is_some()) {
            (true, true) => (
                fill(RELATIVE_HOW.0, &[("row", &row), ("how", how_zh)]),
                fill(RELATIVE_HOW.1, &[("row", &row), ("how", how_en)]),
            ),
            _ => (how_zh.to_owned(), how_en.to_owned()),
        };
        let fill = |template: &str, how: &str, shown: String, detail: &str| {
            template
                .replace("{list}", &list.file)
                .replace("{row}", &row)
                .replace("{shown}", &shown)
                .replace("{how}", how)
                .replace("{detail}", detail)
                .replace("{value}", if value.is_empty() { EMPTY } else { &value })
        };
        let (shown_zh, shown_en) = match shown.is_empty() {
            true => (String::new(), String::new()),
            false => (format!("{}{shown}{}", SHOWN[0].0, SHOWN[0].1), format!("{}{shown}{}", SHOWN[1].0, SHOWN[1].1)),
        };
        let mut excel: Vec<u32> = rows.iter().map(|&r| ctx.table.excel_row(r)).collect();
        excel.sort_unstable();
        excel.dedup();
        let household = Some(ctx.text(Role::HouseholdId, first)).filter(|h| !h.is_empty()).map(str::to_owned);
        self.findings.push(Finding {
            rule: Cow::Owned(list.kind.key.to_string()),
            severity: self.severity,
            rows: excel,
            column: ctx.col(role).map(|c| ctx.table.header(c).to_owned()),
            message_zh: fill(&list.kind.message_zh, &how_zh, shown_zh, detail.0),
            message_en: fill(&list.kind.message_en, &how_en, shown_en, detail.1),
            value,
            household,
            exempted: None,
            locations,
            township: None,
            village: None,
        });
    }
}

fn compare_list(ctx: &Context<'_>, index: &Index, list: &mut List, findings: &mut Vec<Finding>) {
    let found = matches(ctx, index, list);
    let severity = ctx.profile.severities.get(list.kind.key.as_ref()).copied().unwrap_or(list.kind.severity);
    let test = list.kind.test;
    let mut emit = Emit { ctx, list, findings, severity };
    let usize_rows = |rows: &[u32]| rows.iter().map(|&r| r as usize).collect::<Vec<usize>>();
    let mut on_list = vec![false; ctx.rows()];
    for (_, rows, _) in &found {
        for &r in rows {
            on_list[r as usize] = true;
        }
    }
    match test {
        Test::Present | Test::Deceased => {
            for (i, rows, by_id) in &found {
                let rows: Vec<usize> =
                    usize_rows(rows).into_iter().filter(|&r| test == Test::Present || !dead(ctx, r)).collect();
                if !rows.is_empty() {
                    emit.push(&rows, if *by_id { Role::PersonId } else { Role::Name }, Some((*i, *by_id)), ("", ""));
                }
            }
        }
        Test::Disability => {
            for (i, rows, by_id) in &found {
                let grade =
                    emit.list.rows[*i].grade.as_ref().map(|g| format!("{}{g}{}", GRADE.0, GRADE.1)).unwrap_or_default();
                for r in usize_rows(rows).into_iter().filter(|&r| !disabled(ctx, r) && !dead(ctx, r)) {
                    let v = shown_value(ctx.written(Role::Health, r));
                    let args = [("grade", grade.as_str()), ("v", v)];
                    let detail = (fill(DISABILITY_HELD.0, &args), fill(DISABILITY_HELD.1, &args));
                    emit.push(&[r], Role::Health, Some((*i, *by_id)), (&detail.0, &detail.1));
                }
            }
            for r in (0..ctx.rows()).filter(|&r| !on_list[r] && index.current(ctx, r) && disabled(ctx, r)) {
                emit.push(&[r], Role::Health, None, DISABILITY_UNLISTED);
            }
        }
        Test::Student => {
            for (i, rows, by_id) in &found {
                for r in usize_rows(rows).into_iter().filter(|&r| schooling(ctx, r) == Some(false) && !dead(ctx, r)) {
                    let v = shown_value(ctx.written(Role::Schooling, r));
                    let detail = (fill(STUDENT_OUT.0, &[("v", v)]), fill(STUDENT_OUT.1, &[("v", v)]));
                    emit.push(&[r], Role::Schooling, Some((*i, *by_id)), (&detail.0, &detail.1));
                }
            }
            for r in (0..ctx.rows()).filter(|&r| !on_list[r] && index.current(ctx, r) && !dead(ctx, r)) {
                let Some(age) = ctx.school_age(r).filter(|a| COMPULSORY_SCHOOL_AGE.contains(a)) else { continue };
                let v = shown_value(ctx.written(Role::Schooling, r));
                let template = if schooling(ctx, r) == Some(true) { STUDENT_UNLISTED } else { STUDENT_DROPOUT };
                let age = age.to_string();
                let args = [("age", age.as_str()), ("v", v)];
                emit.push(&[r], Role::Schooling, None, (&fill(template.0, &args), &fill(template.1, &args)));
            }
        }
        Test::Dibao | Test::SpecialSupport => {
            let special = test == Test::SpecialSupport;
            let (word, word_en) = MARK_WORDS[usize::from(special)];
            // The matched rows by household (rows without a 户编号 each alone), in list order.
            let mut by_household: Vec<(u32, Vec<usize>, usize, bool)> = Vec::new();
            let mut covered = vec![false; ctx.households().len()];
            for (i, rows, by_id) in &found {
                for r in usize_rows(rows) {
                    let h = index.household_of[r];
                    if h != NO_HOUSEHOLD {
                        covered[h as usize] = true;
                    }
                    match by_household.iter_mut().find(|(g, ..)| *g == h && h != NO_HOUSEHOLD) {
                        Some((_, members, ..)) => members.push(r),
                        None => by_household.push((h, vec![r], *i, *by_id)),
                    }
                }
            }
            for (h, members, i, by_id) in by_household {
                let household: &[usize] = if h == NO_HOUSEHOLD { &members } else { &ctx.households()[h as usize].rows };
                if marked(ctx, household, special).is_some() {
                    continue;
                }
                let v = shown_value(ctx.written(Role::HouseholdType, members[0]));
                let detail = (
                    fill(MARK_UNMARKED.0, &[("word", word), ("v", v)]),
                    fill(MARK_UNMARKED.1, &[("word", word_en), ("v", v)]),
                );
                emit.push(&members, Role::HouseholdType, Some((i, by_id)), (&detail.0, &detail.1));
            }
            for (h, household) in ctx.households().iter().enumerate() {
                if covered[h] || !index.current(ctx, household.rows[0]) {
                    continue;
                }
                let Some((role, v)) = marked(ctx, &household.rows, special) else { continue };
                let header = ctx.col(role).map_or("", |c| ctx.table.header(c));
                let detail = (
                    fill(MARK_UNLISTED.0, &[("header", header), ("v", &v), ("word", word)]),
                    fill(MARK_UNLISTED.1, &[("header", header), ("v", &v), ("word", word_en)]),
                );
                emit.push(&household.rows, role, None, (&detail.0, &detail.1));
            }
        }
        Test::Missing { min_age } => {
            for (r, &on) in on_list.iter().enumerate() {
                if on || !index.current(ctx, r) || ctx.canonical_id(r).is_none() || dead(ctx, r) {
                    continue;
                }
                if min_age > 0 && (schooling(ctx, r) == Some(true) || ctx.age(r).is_none_or(|a| a < min_age)) {
                    continue;
                }
                let said = insured(ctx, r, min_age > 0);
                let detail = match said.is_empty() {
                    true => (String::new(), String::new()),
                    false => (
                        fill(INSURED.0, &[("said", &said.join(SAID_JOIN.0))]),
                        fill(INSURED.1, &[("said", &said.join(SAID_JOIN.1))]),
                    ),
                };
                emit.push(&[r], Role::PersonId, None, (&detail.0, &detail.1));
            }
        }
    }
}

/// A value for a message: as written, or （空） when blank.
fn shown_value(v: &str) -> &str {
    if v.is_empty() {
        EMPTY
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;
    use std::collections::BTreeMap;

    #[test]
    fn fill_puts_each_value_once() {
        assert_eq!(fill("{v}（{grade}）{other}", &[("v", "{grade}"), ("grade", "四级")]), "{grade}（四级）{other}");
    }

    const REGISTER: &[&[&str]] = &[
        &["户编号", "姓名", "证件号码", "健康状况", "贫困户属性", "享受低保政策情况"],
        &["H1", "甲", "360426199101010072", "健康", "一般贫困户", "否"],
        &["H1", "乙", "360426199201010075", "残疾", "一般贫困户", "是"],
        &["H2", "丙", "36042619910102009X", "健康", "低保贫困户", ""],
        &["", "丁", "360426199001010070", "残疾,死亡", "一般贫困户", ""],
    ];

    #[test]
    fn finds_row_facts_as_the_comparison_reads_them() {
        let profile = Profile::default();
        let table = Table::from_rows(REGISTER);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let facts = row_facts(&ctx, &[Test::Disability, Test::Dibao]);
        let mark = |r: usize| facts[r].marks[0].clone().unwrap();
        assert_eq!(facts.iter().map(|f| f.household).collect::<Vec<_>>(), [Some(0), Some(0), Some(1), None]);
        assert!(facts.iter().all(|f| f.current));
        assert_eq!(facts.iter().map(|f| f.disabled).collect::<Vec<_>>(), [false, true, false, true]);
        assert_eq!(facts[3].health.as_deref(), Some("残疾,死亡"));
        // H1 is marked by its second row's 享受低保政策情况; the first row's cell is its own.
        let h1 = Some(("享受低保政策情况".to_owned(), "是".to_owned()));
        assert_eq!(mark(0), Mark { by: h1.clone(), cell: Some("否".into()) });
        assert_eq!(mark(1), Mark { by: h1, cell: Some("是".into()) });
        assert_eq!(mark(2).by, Some(("贫困户属性".to_owned(), "低保贫困户".to_owned())));
        assert_eq!(mark(3), Mark { by: None, cell: None });
        // Only what the lists asked about: no student or insurance facts, no 特困 mark.
        assert!(facts.iter().all(|f| f.schooling.is_none() && f.age.is_none() && f.marks[1].is_none()));
    }

    #[test]
    fn passes_nothing_where_the_register_lacks_the_column() {
        let rows: Vec<Vec<&str>> = REGISTER.iter().map(|r| r[..3].to_vec()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        let profile = Profile::default();
        let table = Table::from_rows(&rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let facts = row_facts(&ctx, &[Test::Disability, Test::Student, Test::Dibao, Test::SpecialSupport]);
        assert!(facts.iter().all(|f| f.health.is_none() && f.schooling.is_none() && f.marks == [None, None]));
    }
}
