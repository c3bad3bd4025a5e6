//! `huqing check … --out DIR`: many registers checked in parallel, one report file each, and a
//! combined summary with the duplicates across files.
//!
//! Memory stays bounded by the jobs running, not by the files: each job reads one file, checks
//! it, writes its report and drops both; only the file's compact person index (about 120 bytes a
//! row) is kept for the duplicates across files.

use super::progress::Progress;
use super::walk::Input;
use super::{csv_out, Failure};
use huqing::batch::{check_indexed, CrossFinding, FileError};
use huqing::people::PersonIndex;
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
}

/// The summary of a batch, written as `summary.json`.
#[derive(Debug, Serialize)]
struct Summary {
    files: Vec<FileSummary>,
    /// Duplicates across files, each row naming its file.
    cross: Vec<CrossFinding>,
    /// Rule key → number of cross-file findings.
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

/// Checks `inputs` with `jobs` threads, writes each report and `summary.json` into `out`.
pub fn run(inputs: &[Input], options: &huqing::Options, out: &Path, format: ReportFormat, jobs: usize) -> Result<Outcome, Failure> {
    std::fs::create_dir_all(out).map_err(|e| Failure::Unreadable(format!("{}: {e}", out.display())))?;
    let jobs = jobs.clamp(1, inputs.len().max(1));
    let progress = Progress::new(inputs.len(), jobs);
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel::<(usize, FileSummary, Option<PersonIndex>)>();
    let mut results: Vec<Option<(FileSummary, Option<PersonIndex>)>> = (0..inputs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        for job in 0..jobs {
            let (send, next, progress) = (send.clone(), &next, &progress);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let (summary, index) = check_one(input, options, out, format, &mut |f| progress.advance(job, f));
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

    let mut batch = Batch::new();
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
    for f in &cross {
        *cross_summary.entry(f.rule).or_default() += 1;
        *severity.entry(f.severity).or_default() += 1;
    }
    let summary = Summary { files, cross, cross_summary, totals };
    write_file(&out.join("summary.json"), |w| serde_json::to_writer_pretty(w, &summary).map_err(std::io::Error::from))?;
    if format == ReportFormat::Csv {
        write_file(&out.join("summary.csv"), |w| summary_csv(w, &summary))?;
        write_file(&out.join("cross.csv"), |w| csv_out::cross(w, &summary.cross))?;
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
fn check_one(input: &Input, options: &huqing::Options, out: &Path, format: ReportFormat, progress: &mut dyn FnMut(f32)) -> (FileSummary, Option<PersonIndex>) {
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
    };
    let checked = std::fs::read(&input.path)
        .map_err(|e| FileError { code: "unreadable", message_zh: format!("无法读取文件：{e}"), message_en: format!("The file cannot be read: {e}") })
        .and_then(|bytes| {
            check_indexed(&bytes, &input.label, options, &mut |_, f| progress(f)).map_err(|e| FileError {
                code: e.code(),
                message_zh: e.message_zh(),
                message_en: e.message_en(),
            })
        });
    let (report, index) = match checked {
        Ok(done) => done,
        Err(error) => {
            summary.error = Some(error);
            return (summary, None);
        }
    };
    let name = format!("{}.{}", input.label, if format == ReportFormat::Json { "json" } else { "csv" });
    let written = write_file(&out.join(&name), |w| match format {
        ReportFormat::Json => serde_json::to_writer_pretty(w, &report).map_err(std::io::Error::from),
        ReportFormat::Csv => csv_out::findings(w, &report),
    });
    if let Err(Failure::Unreadable(msg) | Failure::Usage(msg)) = written {
        summary.error = Some(FileError { code: "write-failed", message_zh: format!("无法写出报告：{msg}"), message_en: format!("The report cannot be written: {msg}") });
        return (summary, Some(index));
    }
    summary.report = Some(name);
    summary.sheet = Some(report.sheet.clone());
    summary.rows = Some(report.rows);
    summary.households = Some(report.households);
    summary.severity = Some(severities(&report));
    summary.rules = Some(report.summary.iter().map(|(k, v)| (k.to_string(), *v)).collect());
    (summary, Some(index))
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
fn write_file(path: &Path, body: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Unreadable(format!("{}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut w = BufWriter::new(std::fs::File::create(path).map_err(fail)?);
    body(&mut w).and_then(|()| w.flush()).map_err(fail)
}

/// One line per file: what a clerk opens in Excel to see which counties need a look.
fn summary_csv(w: &mut impl Write, s: &Summary) -> std::io::Result<()> {
    let header = ["文件", "工作表", "行数", "户数", "错误", "警告", "提示", "无法检查的原因", "报告"];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for f in &s.files {
        let n = |sev| f.severity.as_ref().map_or(String::new(), |by| by.get(&sev).copied().unwrap_or(0).to_string());
        rows.push(vec![
            f.file.clone(),
            f.sheet.clone().unwrap_or_default(),
            f.rows.map_or(String::new(), |r| r.to_string()),
            f.households.map_or(String::new(), |r| r.to_string()),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
            f.error.as_ref().map_or(String::new(), |e| e.message_zh.clone()),
            f.report.clone().unwrap_or_default(),
        ]);
    }
    csv_out::write_rows(w, &rows)
}
