//! The whole check: bytes → sheet → table → mapping → rules → report.

pub mod batch;
pub mod exemptions;
pub mod run;
pub mod session;

use crate::base::error::{Error, ErrorKind};
use crate::check::exemptions::Exemptions;
use crate::check::session::Session;
use crate::columns::header;
use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::domain::id_card::{self, IdForm};
use crate::facts::context::{Context, SheetKind};
use crate::facts::households::HouseholdList;
use crate::facts::people::PersonIndex;
use crate::facts::reference;
use crate::facts::work::WorkRecords;
use crate::profile::Profile;
use crate::read::table::{Grid, Kind, Table};
use crate::read::{self, Book};
use crate::report::summary;
use crate::report::ListReport;
use crate::report::{Report, Source};
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a caller may choose.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// The sheet to check; by default the one that looks most like a register.
    pub sheet: Option<String>,
    /// Role key → header text, overriding the guessed mapping and the profile's `columns`.
    /// An empty header leaves the role unmapped.
    pub columns: BTreeMap<String, String>,
    /// The encoding of a text file (`utf-8`, `gb18030`, `gbk`, `utf-16le`, `utf-16be`, `big5` …),
    /// for when detection chose wrongly and the header shows garbled; by default detected.
    pub encoding: Option<String>,
    /// The profile: a built-in name (`national-2016`, the default, or `monitoring-2021`) or a
    /// profile document as JSON text (see docs/profile.md).
    pub profile: Option<String>,
    /// The date ages are judged at, `YYYY-MM-DD`; by default the end of each row's 年度, else a
    /// 数据日期 column, else a date the file name makes clear, else the profile's (see `reference`).
    pub reference_date: Option<String>,
    /// An exemption list already read ([`Exemptions::read`]); JSON callers pass the file apart.
    #[serde(skip)]
    pub exemptions: Option<Exemptions>,
    /// Departments' lists to compare the register with (比对名单, see `compare`); bytes, so
    /// JSON callers pass them apart.
    #[serde(skip)]
    pub compare: Vec<crate::compare::ListInput>,
    /// Last period's register, to compare this one with (上期比对, see `period`); JSON callers
    /// pass the file apart.
    #[serde(skip)]
    pub previous: Option<crate::period::Baseline>,
    /// The 务工 records as a file of their own (a 务工监测 and/or 计划外出务工 export), checked
    /// beside the person file in place of such sheets of its workbook; bytes, so JSON callers
    /// pass the file apart.
    #[serde(skip)]
    pub work: Option<WorkFile>,
    /// The threads the check may use: 0 or 1 checks on the calling thread; more run the rules
    /// side by side and inflate an `.xlsx` ahead of its parsing (`base::pool`). The findings are
    /// the same either way, in the same order. The CLI gives the cores it has (`--threads`); the
    /// browser's threaded build its pool's size (0 in the one-thread build).
    #[serde(skip)]
    pub threads: usize,
}

/// A file of 务工 records given beside the person file: its name (for messages) and bytes.
#[derive(Debug, Clone, Default)]
pub struct WorkFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A stage of the check, as the progress bar names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Mapping,
    Checking,
    /// Reading the departments' lists and comparing with them.
    Comparing,
    /// Reading last period's register and comparing with it.
    Previous,
    Summarising,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Mapping => "mapping",
            Stage::Checking => "checking",
            Stage::Comparing => "comparing",
            Stage::Previous => "previous",
            Stage::Summarising => "summarising",
        }
    }
}

/// Checks the file `bytes` named `name`: the one pipeline every caller goes through (the page's
/// worker, the CLI, the batch of several files, the tests). `progress` receives the stage and the
/// fraction of the whole check done (0–1). The bytes are freed once the sheet is read, before the
/// rules run (in the browser, 200 MB fewer for a million-row workbook); the [`Session`] keeps the
/// table and its mapping for the household view, the exports and the people index. An `Err`
/// means the file could not be checked at all.
pub fn check_file(
    bytes: impl AsRef<[u8]>,
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(Stage, f32),
) -> Result<Session, Error> {
    let (profile, exemptions) = prepare(options)?;
    let fingerprint = session::fingerprint(bytes.as_ref());
    let sheet = read_sheet(bytes.as_ref(), name, options, progress)?;
    drop(bytes);
    let (report, table, mapping) = check_sheet(sheet, options, &profile, &exemptions, progress)?;
    Ok(Session::new(fingerprint, options.encoding.clone(), table, report, mapping))
}

/// The report alone, for callers that keep the bytes (tests, the fuzzer): [`check_file`] of
/// them, borrowed.
pub fn check(
    bytes: &[u8],
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(Stage, f32),
) -> Result<Report, Error> {
    check_file(bytes, name, options, progress).map(Session::into_report)
}

/// The profile and the exemption list: a wrong one is refused before the (possibly long) read.
fn prepare(options: &Options) -> Result<(Profile, Exemptions), Error> {
    let profile = match &options.profile {
        Some(choice) => Profile::choose(choice)?,
        None => Profile::default(),
    };
    let mut exemptions = options.exemptions.clone().unwrap_or_default();
    exemptions.resolve(&profile)?;
    reference_option(options)?;
    Ok((profile, exemptions))
}

/// The reference date the caller chose, refused when it is no `YYYY-MM-DD` day.
fn reference_option(options: &Options) -> Result<Option<crate::domain::id_card::Date>, Error> {
    match &options.reference_date {
        None => Ok(None),
        Some(t) => reference::parse_option(t).map(Some).ok_or_else(|| {
            ErrorKind::BadOptions {
                detail: format!("reference_date \"{t}\" is no YYYY-MM-DD day (基准日应为 YYYY-MM-DD)"),
            }
            .into()
        }),
    }
}

/// A sheet read, with what the report tells of its file. The workbook itself (calamine's shared
/// strings, its buffers) is dropped by then, so the rules run in the memory it held.
struct Sheet {
    grid: Grid,
    source: Source,
    /// Another sheet of the workbook that lists households, to join with this one: its name and cells.
    companion: Option<(String, Grid)>,
    /// Another sheet that lists spells of work (务工监测), likewise.
    work: Option<(String, Grid)>,
    /// Another sheet that lists plans to work away (计划外出务工), likewise.
    plan: Option<(String, Grid)>,
}

fn read_sheet(
    bytes: &[u8],
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(Stage, f32),
) -> Result<Sheet, Error> {
    // Reading reports from two places: the workbook's byte count (xlsx, xlsb) and the rows read
    // (the other formats). Both go through here, and only forward: the bar never moves back.
    let high = std::cell::RefCell::new((0.0f32, progress));
    let report = |f: f32| {
        let mut h = high.borrow_mut();
        if f > h.0 {
            h.0 = f;
            (h.1)(Stage::Reading, f);
        }
    };
    (high.borrow_mut().1)(Stage::Reading, 0.0);
    let bytes_read = |f: f32| report(0.7 * f);
    let mut book = read::open_with_progress(bytes, name, options.encoding.as_deref(), &bytes_read)?;
    book.use_threads(options.threads);
    let sheets = book.sheet_names();
    let Chosen { sheet, list, work, plan } = choose_sheet(book.as_mut(), &sheets, options.sheet.as_deref())?;
    report(0.05);
    let grid = book.read_sheet(&sheet, None, &mut |f| report(0.05 + 0.65 * f))?;
    let companion = match list.filter(|l| *l != sheet) {
        Some(l) => book.read_sheet(&l, None, &mut |_| {}).ok().map(|g| (l, g)),
        None => None,
    };
    let mut beside = |s: Option<String>| match s.filter(|w| *w != sheet) {
        Some(w) => book.read_sheet(&w, None, &mut |_| {}).ok().map(|g| (w, g)),
        None => None,
    };
    let (work, plan) = (beside(work), beside(plan));
    let source = Source { file: name.to_owned(), format: book.format(), encoding: book.encoding(), sheet, sheets };
    Ok(Sheet { grid, source, companion, work, plan })
}

fn check_sheet(
    Sheet { grid, source, companion, work, plan }: Sheet,
    options: &Options,
    profile: &Profile,
    exemptions: &Exemptions,
    progress: &mut dyn FnMut(Stage, f32),
) -> Result<(Report, Table, Mapping), Error> {
    progress(Stage::Mapping, 0.7);
    let (table, mapping, chosen) = map_sheet(grid, &source.sheet, options, profile)?;

    let (reference_date, judged) =
        reference::choose(reference_option(options)?, &source.file, &table, &mapping, profile);
    let profile = &judged;
    let companion = companion.and_then(|(name, grid)| household_list(name, grid, &chosen, profile));

    progress(Stage::Checking, 0.75);
    crate::base::memory::keep_freed();
    let mut ctx = Context::new(&table, &mapping, profile);
    ctx.fixed_reference = reference_date.source == "option";
    let household_list =
        companion.as_ref().map(|l| ListReport { sheet: l.source.clone(), households: l.households.len() });
    ctx.companion = companion;
    let sheets = |t: Option<(String, Grid)>| t.and_then(|(name, grid)| WorkRecords::from_grid(name, grid));
    (ctx.work, ctx.plan) = match &options.work {
        Some(file) => read_work_file(file)?,
        None => (sheets(work), sheets(plan)),
    };
    let kind = ctx.sheet_kind();
    if kind == SheetKind::Households {
        ctx.read_heads_as_persons();
    }
    // The comparisons, when asked for, take the last tenth of the bar before the summary: the
    // lists, then last period's register (its reading is most of its time).
    let comparing = !options.compare.is_empty() || options.previous.is_some();
    let rules_end = if comparing { 0.85 } else { 0.95 };
    let mut findings =
        run::run_all(&ctx, options.threads, &mut |f| progress(Stage::Checking, 0.75 + (rules_end - 0.75) * f));
    let lists_end = if options.previous.is_some() { 0.88 } else { 0.95 };
    let (compared, lists) = crate::compare::compare(&ctx, &options.compare, &mut |f| {
        progress(Stage::Comparing, 0.85 + (lists_end - 0.85) * f)
    })?;
    findings.extend(compared);
    let period = match &options.previous {
        Some(baseline) => {
            // Reading last period's register is most of the comparison's time.
            let read = read_register(&baseline.bytes, &baseline.name, &chosen, &mut |f| {
                progress(Stage::Previous, lists_end + (0.95 - lists_end) * 0.8 * f)
            });
            Some(crate::period::run(&ctx, &baseline.name, read, profile, &mut findings)?)
        }
        None => None,
    };
    exemptions.apply(&ctx, &mut findings);
    let overview = summary::summarise(&ctx, &mut findings);

    progress(Stage::Summarising, 0.95);
    let households = if mapping.col(Role::HouseholdId).is_some() { ctx.households().len() } else { 0 };
    drop(ctx);
    let mut report = Report::new(source, &table, &mapping, households, findings, overview, profile);
    report.kind = kind;
    if kind == SheetKind::Households {
        // A household list has no member columns: their absence is no gap.
        report.absent.retain_mut(|a| {
            a.rules.retain(|k| !crate::rules::MEMBER_ROWS.contains(k));
            !a.rules.is_empty() && Role::from_key(a.role).is_some_and(Role::is_household)
        });
    }
    report.reference_date = Some(reference_date);
    report.household_list = household_list;
    report.add_lists(lists, profile);
    if let Some(period) = period {
        report.add_period(period, profile);
    }
    progress(Stage::Summarising, 1.0);
    Ok((report, table, mapping))
}

/// The sheet's table below its header and its columns mapped, as the check reads them.
fn map_sheet(
    grid: Grid,
    sheet: &str,
    options: &Options,
    profile: &Profile,
) -> Result<(Table, Mapping, BTreeMap<Role, String>), Error> {
    let Some(header) = header::find(&grid) else {
        return Err(match header::other_table(&grid) {
            Some(seen) => not_a_register(vec![(sheet.to_owned(), seen, false)]),
            None => ErrorKind::NoHeader { sheet: sheet.to_owned() }.into(),
        });
    };
    let table = Table::with_header(grid, header.at, header.span, header.names);
    // A register header with nothing below is a blank template, refused as no register, unless
    // the user chose the sheet: then its (empty) report is what was asked for.
    if table.rows() == 0 && options.sheet.is_none() {
        let named = table.headers().iter().filter(|h| !h.trim().is_empty()).take(8).map(|h| header::shown(h)).collect();
        return Err(not_a_register(vec![(sheet.to_owned(), named, true)]));
    }
    let mut columns = profile.columns.clone();
    columns.extend(options.columns.iter().map(|(k, v)| (k.clone(), v.clone())));
    let chosen = chosen_columns(&columns)?;
    let mapping = Mapping::new(table.headers(), &chosen);
    Ok((table, mapping, chosen))
}

/// The people of a file for the person index (`huqing index`), and the sheet they were read
/// from: the sheet [`check_file`] would check, read and mapped as it would, without running the
/// rules; the index equals the one a batch keeps of the file (`Session::person_index`). With the
/// comparison lists' `tests`, what those read of each row ([`crate::compare::row_facts`]), judged
/// as the check judges it (profile, reference date, a household list's heads).
pub fn index_file(
    bytes: Vec<u8>,
    name: &str,
    options: &Options,
    tests: &[crate::compare::Test],
) -> Result<Indexed, Error> {
    let (profile, _) = prepare(options)?;
    let sheet = read_sheet(&bytes, name, options, &mut |_, _| {})?;
    drop(bytes);
    let (table, mapping, chosen) = map_sheet(sheet.grid, &sheet.source.sheet, options, &profile)?;
    let default = Profile::default();
    let ctx = Context::new(&table, &mapping, &default);
    let dead = (0..ctx.rows()).filter(|&r| crate::compare::dead(&ctx, r)).map(|r| ctx.table.excel_row(r)).collect();
    let mut facts = Vec::new();
    if tests.iter().any(|&t| !crate::compare::only_matches(t)) {
        let (reference_date, judged) =
            reference::choose(reference_option(options)?, &sheet.source.file, &table, &mapping, &profile);
        let mut ctx = Context::new(&table, &mapping, &judged);
        ctx.fixed_reference = reference_date.source == "option";
        if ctx.sheet_kind() == SheetKind::Households {
            ctx.read_heads_as_persons();
        }
        let rows = crate::compare::row_facts(&ctx, tests).into_iter().enumerate();
        facts = rows.map(|(r, f)| (ctx.table.excel_row(r), f)).collect();
    }
    let period = match &options.previous {
        Some(baseline) => Some(period_sides(&table, &mapping, &chosen, name, baseline, options, &profile)?),
        None => None,
    };
    Ok(Indexed { sheet: sheet.source.sheet, people: PersonIndex::from_context(&ctx, name), dead, facts, period })
}

/// Both sides of the register's period comparison with `baseline`, read as [`check_sheet`]
/// reads them (the reference date judged alike, the baseline's columns mapped as `chosen`).
fn period_sides(
    table: &Table,
    mapping: &Mapping,
    chosen: &BTreeMap<Role, String>,
    name: &str,
    baseline: &crate::period::Baseline,
    options: &Options,
    profile: &Profile,
) -> Result<(String, crate::period::people::People, crate::period::people::People), Error> {
    let (reference_date, judged) = reference::choose(reference_option(options)?, name, table, mapping, profile);
    let mut ctx = Context::new(table, mapping, &judged);
    ctx.fixed_reference = reference_date.source == "option";
    let read = read_register(&baseline.bytes, &baseline.name, chosen, &mut |_| {});
    let (now, before) = crate::period::people::sides(&ctx, &baseline.name, read, &judged)?;
    Ok((baseline.name.clone(), now, before))
}

/// A register as the person index holds it (see [`index_file`]).
pub struct Indexed {
    /// The sheet read.
    pub sheet: String,
    pub people: PersonIndex,
    /// The rows (as Excel numbers them, ascending) whose 健康状况 says 死亡, which a list of
    /// deaths does not ask about.
    pub dead: Vec<u32>,
    /// What the comparison lists read of each row, by the row as Excel numbers it (ascending);
    /// empty when no list asks.
    pub facts: Vec<(u32, crate::compare::RowFacts)>,
    /// With `Options::previous`: the baseline's name, and this register and its baseline as the
    /// period comparison reads them.
    pub period: Option<(String, crate::period::people::People, crate::period::people::People)>,
}

/// The person sheet of a register read as a second file (last period's, for the comparison): the
/// sheet that looks most like a register, its header found, its columns mapped as `chosen` says
/// where it has the same headers, else guessed.
fn read_register(
    bytes: &[u8],
    name: &str,
    chosen: &BTreeMap<Role, String>,
    progress: &mut dyn FnMut(f32),
) -> Result<(Table, Mapping), Error> {
    let sheet = read_sheet(bytes, name, &Options::default(), &mut |_, f| progress(f))?;
    let Some(header) = header::find(&sheet.grid) else {
        return Err(ErrorKind::NoHeader { sheet: sheet.source.sheet }.into());
    };
    let table = Table::with_header(sheet.grid, header.at, header.span, header.names);
    let mapping = Mapping::new(table.headers(), chosen);
    Ok((table, mapping))
}

/// The 务工监测 and 计划外出务工 tables of a work file: each the first sheet of that kind, named
/// by the file (and the sheet, in a workbook of several). Refused when it holds neither.
fn read_work_file(file: &WorkFile) -> Result<(Option<WorkRecords>, Option<WorkRecords>), Error> {
    use crate::facts::work::Kind;
    let refuse = |zh: String, en: String| -> Error {
        ErrorKind::BadWork { file: file.name.clone(), problem_zh: zh, problem_en: en }.into()
    };
    let mut book = read::open_with_progress(&file.bytes, &file.name, None, &|_| {})
        .map_err(|e| refuse(e.message_zh(), e.message_en()))?;
    let sheets = book.sheet_names();
    let (mut work, mut plan) = (None, None);
    for s in &sheets {
        let Ok(grid) = book.read_sheet(s, None, &mut |_| {}) else { continue };
        let source = if sheets.len() > 1 { format!("{}（{s}）", file.name) } else { file.name.clone() };
        let Some(records) = WorkRecords::from_grid(source, grid) else { continue };
        let slot = if records.kind() == Kind::Plan { &mut plan } else { &mut work };
        if slot.is_none() {
            *slot = Some(records);
        }
    }
    if work.is_none() && plan.is_none() {
        return Err(refuse(
            "找不到务工监测表或计划外出务工表：表头应有人编号或证件号码，以及开始时间、是否已务工或是否计划务工".into(),
            "no 务工监测 or 计划外出务工 table: the header should name 人编号 or 证件号码 and 开始时间, 是否已务工 or 是否计划务工".into(),
        ));
    }
    Ok((work, plan))
}

/// The sheets [`choose_sheet`] names: the one to check, and the first household list, 务工监测
/// table and 计划外出务工 table beside it.
struct Chosen {
    sheet: String,
    list: Option<String>,
    work: Option<String>,
    plan: Option<String>,
}

/// The sheet to check: the one asked for, or the one that looks most like a register — IDs
/// below a header first (a summary sheet may carry the same headers over counts), then the
/// header naming the most roles, then the first such sheet.
///
/// Also names the first sheet that looks like a household list (see [`looks_like_household_list`])
/// and the first that looks like each 务工 table (`work::kind`), to join with the sheet checked.
fn choose_sheet(book: &mut dyn Book, sheets: &[String], wanted: Option<&str>) -> Result<Chosen, Error> {
    let wanted = match wanted {
        Some(w) => match sheets.iter().find(|s| *s == w) {
            Some(s) => Some(s),
            None => return Err(ErrorKind::SheetNotFound { name: w.to_owned(), sheets: sheets.to_vec() }.into()),
        },
        None => None,
    };
    let mut list: Option<&String> = None;
    let (mut work, mut plan): (Option<String>, Option<String>) = (None, None);
    let mut note = |kind: Option<crate::facts::work::Kind>, s: &str| match kind {
        Some(crate::facts::work::Kind::Work) => drop(work.get_or_insert_with(|| s.to_owned())),
        Some(crate::facts::work::Kind::Plan) => drop(plan.get_or_insert_with(|| s.to_owned())),
        None => {}
    };
    // (no work table, IDs below the header, roles named, ID-like cells)
    type Rank = (bool, bool, usize, usize);
    let mut best: Option<(Rank, &String)> = None;
    let mut first_with_data: Option<&String> = None;
    let mut refusal = None;
    let mut other_tables = Vec::new();
    for s in sheets {
        let preview = match book.read_sheet(s, Some(PREVIEW_ROWS), &mut |_| {}) {
            Ok(p) => p,
            Err(e) => {
                refusal.get_or_insert(e);
                continue;
            }
        };
        if preview.row_count() > 0 && first_with_data.is_none() {
            first_with_data = Some(s);
        }
        if let Some(h) = header::find(&preview) {
            if list.is_none() && looks_like_household_list(&h) {
                list = Some(s);
            }
            // A work table names people too: it is checked only when no other sheet is a register.
            let kind = crate::facts::work::kind(&h);
            note(kind, s);
            let is_work = kind.is_some();
            if wanted.is_some() {
                continue;
            }
            let ids = id_like_cells(&preview, &h);
            let key = (!is_work, ids > 0, h.score, ids);
            if best.is_none_or(|(b, _)| key > b) {
                best = Some((key, s));
            }
        } else if let Some(h) = crate::facts::work::header(&preview) {
            note(crate::facts::work::kind(&h), s);
        } else if let Some(seen) = header::other_table(&preview) {
            other_tables.push((s.clone(), seen, false));
        }
    }
    let list = list.cloned();
    let chosen = |sheet: &String| Chosen { sheet: sheet.clone(), list, work, plan };
    if let Some(w) = wanted {
        return Ok(chosen(w));
    }
    match (best, first_with_data, refusal) {
        (Some((_, s)), _, _) => Ok(chosen(s)),
        (None, Some(_), _) if !other_tables.is_empty() => Err(not_a_register(other_tables)),
        (None, Some(s), _) => Err(ErrorKind::NoHeader { sheet: s.clone() }.into()),
        (None, None, Some(e)) => Err(e),
        (None, None, None) => Err(ErrorKind::NoData.into()),
    }
}

/// A header naming 户编号 and a household's size, head or helper, and no 与户主关系 or member ID: a
/// household list's (whether its rows are one per household is decided once it is read).
fn looks_like_household_list(header: &header::Header) -> bool {
    let m = Mapping::new(&header.names, &BTreeMap::new());
    let listy = [Role::HouseholdSize, Role::HeadName, Role::HeadId, Role::Helper];
    m.col(Role::HouseholdId).is_some()
        && m.col(Role::Relation).is_none()
        && m.col(Role::PersonId).is_none()
        && listy.iter().any(|&r| m.col(r).is_some())
}

/// The households of the household-list sheet `name`, when it lists one household per row.
fn household_list(
    name: String,
    grid: Grid,
    chosen: &BTreeMap<Role, String>,
    profile: &Profile,
) -> Option<HouseholdList> {
    let header = header::find(&grid)?;
    let table = Table::with_header(grid, header.at, header.span, header.names);
    // The caller's columns name the checked sheet's; a role the list has under the same header keeps it.
    let mapping = Mapping::new(table.headers(), chosen);
    let ctx = Context::new(&table, &mapping, profile);
    (ctx.sheet_kind() == SheetKind::Households).then(|| HouseholdList::from_context(&ctx, &name))
}

/// The refusal of a workbook whose sheets, as (name, header texts, blank template), hold no
/// register.
fn not_a_register(sheets: Vec<(String, Vec<String>, bool)>) -> Error {
    let sheets = sheets
        .into_iter()
        .map(|(name, header, template)| crate::base::error::SheetSeen { name, header, template })
        .collect();
    ErrorKind::NotARegister { sheets }.into()
}

/// Rows read from each sheet to choose one: the header's scan and some data below it.
const PREVIEW_ROWS: usize = header::SCAN_ROWS + 20;

/// How many cells below `header` in its ID column look like ID numbers.
fn id_like_cells(grid: &Grid, header: &header::Header) -> usize {
    let mapping = Mapping::new(&header.names, &BTreeMap::new());
    let Some(col) = mapping.col(Role::PersonId) else { return 0 };
    (header.at + header.span..grid.row_count())
        .filter(|&r| {
            let text = grid.text(col, r);
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            id_card::form(&id_card::normalize(text)) != IdForm::Invalid
                || (grid.kind(col, r) == Kind::Number && digits >= 15)
        })
        .count()
}

fn chosen_columns(columns: &BTreeMap<String, String>) -> Result<BTreeMap<Role, String>, Error> {
    columns
        .iter()
        .map(|(k, v)| match Role::from_key(k) {
            Some(r) => Ok((r, v.clone())),
            None => Err(ErrorKind::BadOptions { detail: format!("unknown column role \"{k}\"") }.into()),
        })
        .collect()
}
