//! The whole check: bytes → sheet → table → mapping → rules → report.

use crate::error::{Error, ErrorKind};
use crate::header;
use crate::mapping::Mapping;
use crate::profile::Profile;
use crate::read::{self, Book};
use crate::report::{Report, Source};
use crate::roles::Role;
use crate::rules::{self, Context};
use crate::table::Table;
use serde::Deserialize;
use std::collections::BTreeMap;

/// What a caller may choose.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// The sheet to check; by default the one that looks most like a register.
    pub sheet: Option<String>,
    /// Role key → header text, overriding the guessed mapping.
    pub columns: BTreeMap<String, String>,
}

/// A stage of the check, as the progress bar names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Mapping,
    Checking,
    Summarising,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Reading => "reading",
            Stage::Mapping => "mapping",
            Stage::Checking => "checking",
            Stage::Summarising => "summarising",
        }
    }
}

/// Checks the file `bytes` named `name`. `progress` receives the stage and the fraction of
/// the whole check done (0–1). An `Err` means the file could not be checked at all.
pub fn check(bytes: &[u8], name: &str, options: &Options, progress: &mut dyn FnMut(Stage, f32)) -> Result<Report, Error> {
    check_with(bytes, name, options, progress, &mut |_| {})
}

/// [`check`], handing the checked table's [`Context`] to `inspect` once the rules have run (the
/// multi-file check takes its person index from it before the table is dropped).
pub fn check_with(
    bytes: &[u8],
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(Stage, f32),
    inspect: &mut dyn FnMut(&Context<'_>),
) -> Result<Report, Error> {
    progress(Stage::Reading, 0.0);
    let mut book = read::open(bytes, name)?;
    let sheets = book.sheet_names();
    let sheet = choose_sheet(book.as_mut(), &sheets, options.sheet.as_deref())?;
    progress(Stage::Reading, 0.05);
    let grid = book.read_sheet(&sheet, None, &mut |f| progress(Stage::Reading, 0.05 + 0.65 * f))?;

    progress(Stage::Mapping, 0.7);
    let header = header::find(&grid).ok_or_else(|| ErrorKind::NoHeader { sheet: sheet.clone() })?;
    let table = Table::new(grid, header.at, header.names);
    let chosen = chosen_columns(&options.columns)?;
    let mapping = Mapping::new(table.headers(), &chosen);

    progress(Stage::Checking, 0.75);
    let profile = Profile::default();
    let ctx = Context::new(&table, &mapping, &profile);
    let findings = rules::run_all(&ctx, &mut |f| progress(Stage::Checking, 0.75 + 0.2 * f));
    inspect(&ctx);

    progress(Stage::Summarising, 0.95);
    let households = if mapping.col(Role::HouseholdId).is_some() { ctx.households().len() } else { 0 };
    let source = Source { file: name.to_owned(), format: book.format(), encoding: book.encoding(), sheet, sheets };
    let report = Report::new(source, &table, &mapping, households, findings);
    progress(Stage::Summarising, 1.0);
    Ok(report)
}

/// The sheet to check: the one asked for, or the one whose header names the most roles.
fn choose_sheet(book: &mut dyn Book, sheets: &[String], wanted: Option<&str>) -> Result<String, Error> {
    if let Some(w) = wanted {
        return match sheets.iter().find(|s| *s == w) {
            Some(s) => Ok(s.clone()),
            None => Err(ErrorKind::SheetNotFound { name: w.to_owned(), sheets: sheets.to_vec() }.into()),
        };
    }
    let mut best: Option<(usize, &String)> = None;
    let mut first_with_data: Option<&String> = None;
    for s in sheets {
        let Ok(preview) = book.read_sheet(s, Some(header::SCAN_ROWS), &mut |_| {}) else { continue };
        if preview.row_count() > 0 && first_with_data.is_none() {
            first_with_data = Some(s);
        }
        if let Some(h) = header::find(&preview) {
            if best.is_none_or(|(score, _)| h.score > score) {
                best = Some((h.score, s));
            }
        }
    }
    match (best, first_with_data) {
        (Some((_, s)), _) => Ok(s.clone()),
        (None, Some(s)) => Err(ErrorKind::NoHeader { sheet: s.clone() }.into()),
        (None, None) => Err(ErrorKind::NoData.into()),
    }
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
