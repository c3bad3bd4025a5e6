//! `huqing check`: one register or several, reported on stdout; with `--out DIR`, every
//! register of the files and folders given, checked in parallel into report files
//! ([`super::batch`]).

use super::batch::{self, ReportFormat};
use super::previous::{options_for, PreviousDir};
use super::walk;
use super::{check_option, cores, parse, threads, Failure};
use huqing::check::batch::FileReport;
use huqing::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `--fail-on` makes exit 1.
#[derive(Clone, Copy)]
enum FailOn {
    Never,
    Error,
    Warning,
}

/// Runs `check` with `args`; the exit code says how it went.
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let (paths, flags) = parse(args, &[])?;
    let mut options = huqing::Options::default();
    let (mut format, mut out, mut jobs, mut fail_on) = (None, None, None, FailOn::Never);
    let mut previous_dir = None;
    for (name, value) in flags {
        match (name, value) {
            ("previous", v) if PreviousDir::new(v).is_some() => previous_dir = PreviousDir::new(v),
            ("format", v) => format = Some(v),
            ("out", v) => out = Some(PathBuf::from(v)),
            ("jobs", v) => {
                jobs = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| Failure::Usage(format!("--jobs takes a positive number, not {v}")))?,
                )
            }
            ("fail-on", "error") => fail_on = FailOn::Error,
            ("fail-on", "warning") => fail_on = FailOn::Warning,
            ("fail-on", v) => return Err(Failure::Usage(format!("--fail-on takes error or warning, not {v}"))),
            _ if check_option(&mut options, name, value)? => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name} {value}"))),
        }
    }
    if paths.is_empty() {
        return Err(Failure::Usage("check needs a FILE or FOLDER".into()));
    }
    let skip = out.as_ref().and_then(|o| std::fs::canonicalize(o).ok());
    let inputs = walk::inputs(&paths, skip.as_deref()).map_err(|e| Failure::Unreadable(format!("{e}")))?;
    if inputs.is_empty() {
        return Err(Failure::Unreadable(format!(
            "no registers (.xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt) found in {}",
            paths.join(" ")
        )));
    }
    if options.previous.is_some() && inputs.len() > 1 {
        return Err(Failure::Usage(
            "--previous FILE compares one register with last period's: with several, give --previous FOLDER".into(),
        ));
    }
    if options.work.is_some() && inputs.len() > 1 {
        return Err(Failure::Usage("--work holds the 务工 records of one register: give one FILE".into()));
    }
    if let Some(out) = out {
        let format = match format {
            None | Some("json") => ReportFormat::Json,
            Some("csv") => ReportFormat::Csv,
            Some("xlsx") => ReportFormat::Xlsx,
            Some(v) => return Err(Failure::Usage(format!("--out writes json, csv or xlsx reports, not {v}"))),
        };
        let jobs = jobs.unwrap_or_else(cores);
        threads(&mut options, jobs.min(inputs.len()));
        let outcome = batch::run(&inputs, &options, previous_dir.as_ref(), &out, format, jobs)?;
        return Ok(exit_code(outcome.failed > 0, &outcome.severity, fail_on));
    }
    let text = match format {
        None | Some("json") => false,
        Some("text") => true,
        Some(v) => {
            return Err(Failure::Usage(format!(
                "without --out, --format is json or text, not {v} (csv needs --out DIR)"
            )))
        }
    };
    threads(&mut options, 1);
    match inputs.as_slice() {
        [input] => single(input, &options, previous_dir.as_ref(), text, fail_on),
        several => many(several, &options, previous_dir.as_ref(), text, fail_on),
    }
}

/// 2 when a file could not be checked; else 1 when `fail_on` finds its severity; else 0.
fn exit_code(failed: bool, severity: &std::collections::BTreeMap<Severity, usize>, fail_on: FailOn) -> ExitCode {
    let any = |s: Severity| severity.get(&s).is_some_and(|n| *n > 0);
    let fails = match fail_on {
        FailOn::Never => false,
        FailOn::Error => any(Severity::Error),
        FailOn::Warning => any(Severity::Error) || any(Severity::Warning),
    };
    ExitCode::from(if failed { 2 } else { u8::from(fails) })
}

/// Open findings of `findings` by severity.
fn count<'a>(
    findings: impl Iterator<Item = (&'a Severity, bool)>,
    into: &mut std::collections::BTreeMap<Severity, usize>,
) {
    for (s, exempted) in findings {
        if !exempted {
            *into.entry(*s).or_default() += 1;
        }
    }
}

fn single(
    input: &walk::Input,
    options: &huqing::Options,
    previous: Option<&PreviousDir>,
    text: bool,
    fail_on: FailOn,
) -> Result<ExitCode, Failure> {
    let file = input.path.display();
    let report = options_for(options, previous, input)
        .and_then(|options| {
            let bytes = huqing::read::map_file(&input.path)?;
            huqing::check_file(bytes, &input.label, &options, &mut |_, _| {})
        })
        .map(huqing::Session::into_report)
        .map_err(|e| Failure::Unreadable(format!("{file}: {}\n{}", e.message_zh(), e.message_en())))?;
    say_guesses(&report);
    if text {
        print!("{}", report.to_text());
    } else {
        print_json(&report)?;
    }
    let mut severity = Default::default();
    count(report.findings.iter().map(|f| (&f.severity, f.exempted.is_some())), &mut severity);
    Ok(exit_code(false, &severity, fail_on))
}

/// Prints `report` on stdout as JSON, written as it is serialised: a million-row register's report
/// is 40 MB, not built in memory first.
fn print_json(report: &impl serde::Serialize) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, report)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
        .or_else(|e| match e.kind() {
            // Read by something that stopped reading (`| head`): nothing more to say.
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(Failure::Unreadable(format!("stdout: {e}"))),
        })
}

/// Says on stderr which kind each comparison list was taken for when it was not named.
fn say_guesses(report: &huqing::Report) {
    for l in report.compare.iter().filter(|l| l.kind_source != "option") {
        let (zh, en) = match l.kind_source {
            "file-name" => ("按文件名判断为", "taken, by its file name, for"),
            "header" => ("按表头判断为", "taken, by its header, for"),
            _ => ("未能判断种类，按", "of no kind recognised, compared as"),
        };
        eprintln!("huqing: 比对名单 {}：{zh}“{}”（{en} {}: {}）", l.file, l.label_zh, l.kind, l.label_en);
    }
}

/// Checks several files together; prints every report and the duplicates across them.
fn many(
    inputs: &[walk::Input],
    options: &huqing::Options,
    previous: Option<&PreviousDir>,
    text: bool,
    fail_on: FailOn,
) -> Result<ExitCode, Failure> {
    let mut batch = huqing::Batch::with_options(options)
        .map_err(|e| Failure::Unreadable(format!("{}\n{}", e.message_zh(), e.message_en())))?;
    let mut reports = Vec::new();
    let mut failed = false;
    for input in inputs {
        let (file, name) = (input.path.display(), &input.label);
        let checked = options_for(options, previous, input).and_then(|options| {
            let bytes = huqing::read::map_file(&input.path)?;
            batch.add(bytes, name, &options, &mut |_, _| {})
        });
        reports.push(match checked {
            Ok(report) => FileReport::Checked(Box::new(report)),
            Err(e) => {
                eprintln!("huqing: {file}: {}\n{}", e.message_zh(), e.message_en());
                failed = true;
                FileReport::failed(name, &e)
            }
        });
    }
    let report = huqing::MultiReport::new(reports, batch.finish());
    if text {
        print!("{}", report.to_text());
    } else {
        print_json(&report)?;
    }
    if failed {
        eprintln!("huqing: some files could not be checked; the others are reported");
    }
    let mut severity = Default::default();
    for f in &report.files {
        if let FileReport::Checked(r) = f {
            count(r.findings.iter().map(|f| (&f.severity, f.exempted.is_some())), &mut severity);
        }
    }
    count(report.cross.iter().map(|f| (&f.severity, f.exempted.is_some())), &mut severity);
    Ok(exit_code(failed, &severity, fail_on))
}
