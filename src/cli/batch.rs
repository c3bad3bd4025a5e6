//! `huqing check … --out DIR`: many registers checked in parallel, one report file each, and a
//! combined summary with the duplicates across files.
//!
//! Memory stays bounded by the jobs running, not by the files: each job reads one file, checks
//! it, writes its report and drops both; only the file's compact person index (about 120 bytes a
//! row) is kept for the duplicates across files. Large files wait for memory ([`budget`]): the
//! annotated workbook of a million-row register takes over 2 GB.

use super::budget::{self, Budget};
use super::previous::PreviousDir;
use super::progress::Progress;
use super::walk::Input;
use super::xlsx_out::{self, Cell, Line};
use super::{csv_out, Failure};
use huqing::check::batch::{CrossFinding, FileError};
use huqing::check::session::Session;
use huqing::facts::people::PersonIndex;
use huqing::{Batch, Report, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// The form of each file's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Csv,
    /// The annotated workbook, as `huqing export --annotated` writes it.
    Xlsx,
}

impl ReportFormat {
    /// The extension added to a file's name for its report.
    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

/// The summary of a batch, written as `summary.json`.
#[derive(Debug, Serialize)]
struct Summary {
    files: Vec<FileSummary>,
    /// Duplicates across files, each row naming its file.
    cross: Vec<CrossFinding>,
    /// Rule key → number of open (not exempted) cross-file findings.
    cross_summary: BTreeMap<&'static str, usize>,
    totals: Totals,
}

#[derive(Debug, Serialize)]
struct FileSummary {
    /// The name the file is reported under (its path below a folder given).
    file: String,
    /// The file as found.
    path: String,
    /// The report file, relative to DIR; absent when the file could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    households: Option<usize>,
    /// Open findings by severity (error, warning, info).
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<BTreeMap<Severity, usize>>,
    /// Open findings by rule key.
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<BTreeMap<String, usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<FileError>,
    /// Last period's register it was compared with (`--previous FOLDER`), as found.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Totals {
    files: usize,
    checked: usize,
    failed: usize,
    rows: usize,
    households: usize,
    /// Open findings of all files by severity, the cross-file findings not included.
    severity: BTreeMap<Severity, usize>,
}

/// How a batch went, for the exit code.
pub struct Outcome {
    pub failed: usize,
    /// Open findings by severity over all files and across them.
    pub severity: BTreeMap<Severity, usize>,
}

/// Checks `inputs` with `jobs` threads, writes each report and `summary.json` into `out` (and
/// with csv `summary.csv` and `cross.csv`, with xlsx `summary.xlsx`).
pub fn run(
    inputs: &[Input],
    options: &huqing::Options,
    previous: Option<&PreviousDir>,
    out: &Path,
    format: ReportFormat,
    jobs: usize,
) -> Result<Outcome, Failure> {
    // A wrong profile or exemption list is refused before any file is checked.
    let mut batch = Batch::with_options(options)
        .map_err(|e| Failure::Unreadable(format!("{}\n{}", e.message_zh(), e.message_en())))?;
    std::fs::create_dir_all(out).map_err(|e| Failure::Unreadable(format!("{}: {e}", out.display())))?;
    let jobs = jobs.clamp(1, inputs.len().max(1));
    let progress = Progress::new(inputs.len(), jobs);
    let next = AtomicUsize::new(0);
    let budget = Budget::new(budget::available());
    let (send, receive) = mpsc::channel::<(usize, FileSummary, Option<PersonIndex>)>();
    let mut results: Vec<Option<(FileSummary, Option<PersonIndex>)>> = (0..inputs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        for job in 0..jobs {
            let (send, next, progress, budget) = (send.clone(), &next, &progress, &budget);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let share = budget.take(budget::estimate(&input.path, format == ReportFormat::Xlsx));
                let (summary, index) =
                    check_one(input, options, previous, out, format, &mut |f| progress.advance(job, f));
                drop(share);
                progress.finished(job, &line(&summary));
                if send.send((i, summary, index)).is_err() {
                    break;
                }
            });
        }
        drop(send);
        for (i, summary, index) in receive {
            results[i] = Some((summary, index));
        }
    });
    progress.close();

    let mut files = Vec::with_capacity(inputs.len());
    let mut totals = Totals { files: inputs.len(), ..Totals::default() };
    for (summary, index) in results.into_iter().map(|r| r.expect("every file was checked")) {
        if let Some(index) = index {
            batch.append(index);
        }
        match &summary.severity {
            Some(by) => {
                totals.checked += 1;
                totals.rows += summary.rows.unwrap_or(0);
                totals.households += summary.households.unwrap_or(0);
                for (s, n) in by {
                    *totals.severity.entry(*s).or_default() += n;
                }
            }
            None => totals.failed += 1,
        }
        files.push(summary);
    }
    let cross = batch.finish();
    let mut severity = totals.severity.clone();
    let mut cross_summary = BTreeMap::new();
    for f in cross.iter().filter(|f| f.exempted.is_none()) {
        *cross_summary.entry(f.rule).or_default() += 1;
        *severity.entry(f.severity).or_default() += 1;
    }
    let summary = Summary { files, cross, cross_summary, totals };
    write_file(&out.join("summary.json"), |w| serde_json::to_writer_pretty(w, &summary).map_err(std::io::Error::from))?;
    if format == ReportFormat::Csv {
        write_file(&out.join("summary.csv"), |w| summary_csv(w, &summary))?;
        write_file(&out.join("cross.csv"), |w| csv_out::cross(w, &summary.cross))?;
    }
    if format == ReportFormat::Xlsx {
        let path = out.join("summary.xlsx");
        xlsx_out::summary(&path, &SUMMARY_COLUMNS, &summary_lines(&summary), &summary.cross)
            .map_err(|e| Failure::Unreadable(format!("{}: {e}", path.display())))?;
    }
    eprintln!(
        "huqing: {} 个文件已检查 checked, {} 个无法读取 unreadable; {} 行 rows; 报告 reports in {}",
        summary.totals.checked,
        summary.totals.failed,
        summary.totals.rows,
        out.display()
    );
    Ok(Outcome { failed: summary.totals.failed, severity })
}

/// Checks one file, writes its report, keeps its summary and its people.
fn check_one(
    input: &Input,
    options: &huqing::Options,
    previous: Option<&PreviousDir>,
    out: &Path,
    format: ReportFormat,
    progress: &mut dyn FnMut(f32),
) -> (FileSummary, Option<PersonIndex>) {
    let mut summary = FileSummary {
        file: input.label.clone(),
        path: input.path.display().to_string(),
        report: None,
        sheet: None,
        rows: None,
        households: None,
        severity: None,
        rules: None,
        error: None,
        previous: previous.and_then(|p| p.path_for(input)).map(|p| p.display().to_string()),
    };
    let checked = super::previous::options_for(options, previous, input)
        .and_then(|options| {
            let bytes = huqing::read::map_file(&input.path)?;
            check_file(bytes, &input.label, &options, format, progress)
        })
        .map_err(|e| FileError::from(&e));
    let (checked, index) = match checked {
        Ok(done) => done,
        Err(error) => {
            summary.error = Some(error);
            return (summary, None);
        }
    };
    let name = format!("{}.{}", input.label, format.extension());
    let path = out.join(&name);
    let written = match &checked {
        Checked::Report(report) => write_file(&path, |w| match format {
            ReportFormat::Csv => csv_out::findings(w, report),
            _ => serde_json::to_writer_pretty(w, report).map_err(std::io::Error::from),
        }),
        Checked::Session(session) => annotate(session, &input.path, &path),
    };
    if let Err(Failure::Unreadable(msg) | Failure::Usage(msg)) = written {
        summary.error = Some(FileError {
            code: "write-failed",
            message_zh: format!("无法写出报告：{msg}"),
            message_en: format!("The report cannot be written: {msg}"),
        });
        return (summary, Some(index));
    }
    let report = checked.report();
    summary.report = Some(name);
    summary.sheet = Some(report.sheet.clone());
    summary.rows = Some(report.rows);
    summary.households = Some(report.households);
    summary.severity = Some(severities(report));
    summary.rules = Some(report.summary.iter().map(|(k, v)| (k.to_string(), *v)).collect());
    (summary, Some(index))
}

/// A file checked: its report alone, or for the annotated workbook the session that keeps the
/// table the workbook is written from.
enum Checked {
    Report(Box<Report>),
    Session(Box<Session>),
}

impl Checked {
    fn report(&self) -> &Report {
        match self {
            Checked::Report(report) => report,
            Checked::Session(session) => session.report(),
        }
    }
}

/// Checks the file's `bytes`, keeping what its report needs, and its people.
fn check_file(
    bytes: huqing::read::FileBytes,
    label: &str,
    options: &huqing::Options,
    format: ReportFormat,
    progress: &mut dyn FnMut(f32),
) -> Result<(Checked, PersonIndex), huqing::Error> {
    // The session drops the bytes once read; the workbook takes about twice the check's time.
    let share = if format == ReportFormat::Xlsx { 1.0 / 3.0 } else { 1.0 };
    let session = huqing::check_file(bytes, label, options, &mut |_, f| progress(f * share))?;
    let index = session.person_index(label);
    if format == ReportFormat::Xlsx {
        return Ok((Checked::Session(Box::new(session)), index));
    }
    Ok((Checked::Report(Box::new(session.into_report())), index))
}

/// Writes the annotated workbook of `session` to `path`, from the file read again (as `huqing
/// export` does: the bytes are not held through the check).
fn annotate(session: &Session, file: &Path, path: &Path) -> Result<(), Failure> {
    // Mapped as the check's bytes were, not copied.
    let bytes = huqing::read::map_file(file)
        .map_err(|e| Failure::Unreadable(format!("{}: {}", file.display(), e.message_zh())))?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Failure::Unreadable(format!("{}: {e}", parent.display())))?;
    }
    huqing::report::export::annotated_xlsx_file(session, bytes.as_ref(), path)
        .map_err(|e| Failure::Unreadable(format!("{}: {}", path.display(), e.message_zh())))
}

fn severities(report: &Report) -> BTreeMap<Severity, usize> {
    let mut by = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.exempted.is_none()) {
        *by.entry(f.severity).or_default() += 1;
    }
    by
}

/// The line a finished file gets in the progress output.
fn line(s: &FileSummary) -> String {
    match (&s.error, &s.severity) {
        (Some(e), _) => format!("{}: {}", s.file, e.message_zh),
        (None, Some(by)) => {
            let n = |sev| by.get(&sev).copied().unwrap_or(0);
            format!(
                "{}: {} 行 rows, {} 错误 errors, {} 警告 warnings, {} 提示 info",
                s.file,
                s.rows.unwrap_or(0),
                n(Severity::Error),
                n(Severity::Warning),
                n(Severity::Info)
            )
        }
        (None, None) => s.file.clone(),
    }
}

/// Writes `path` (its folders made) through a buffer.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Unreadable(format!("{}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut w = BufWriter::new(std::fs::File::create(path).map_err(fail)?);
    body(&mut w).and_then(|()| w.flush()).map_err(fail)
}

/// The columns of the summary's line per file, the last one naming the report.
const SUMMARY_COLUMNS: [&str; 9] = ["文件", "工作表", "行数", "户数", "错误", "警告", "提示", "无法检查的原因", "报告"];

/// One line per file: what a clerk opens in Excel to see which counties need a look.
fn summary_lines(s: &Summary) -> Vec<Line> {
    s.files
        .iter()
        .map(|f| {
            let n = |sev| Cell::Count(f.severity.as_ref().map(|by| by.get(&sev).copied().unwrap_or(0)));
            let cells = vec![
                Cell::Text(f.file.clone()),
                Cell::Text(f.sheet.clone().unwrap_or_default()),
                Cell::Count(f.rows),
                Cell::Count(f.households),
                n(Severity::Error),
                n(Severity::Warning),
                n(Severity::Info),
                Cell::Text(f.error.as_ref().map_or(String::new(), |e| e.message_zh.clone())),
            ];
            Line { cells, report: f.report.clone() }
        })
        .collect()
}

/// [`summary_lines`] as CSV.
fn summary_csv(w: &mut impl Write, s: &Summary) -> std::io::Result<()> {
    let mut rows = vec![SUMMARY_COLUMNS.map(String::from).to_vec()];
    for line in summary_lines(s) {
        let mut row: Vec<String> = line
            .cells
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => t,
                Cell::Count(n) => n.map_or(String::new(), |n| n.to_string()),
            })
            .collect();
        row.push(line.report.unwrap_or_default());
        rows.push(row);
    }
    csv_out::write_rows(w, &rows)
}
