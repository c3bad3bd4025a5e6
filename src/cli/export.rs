//! `huqing export`: checks a file and writes its exports (annotated workbook, findings, masked
//! summary), taking the same check options as `huqing check`.

use super::{check_option, file_name, parse, threads, Failure};
use huqing::report::export;
use std::path::Path;

pub fn run(args: &[String]) -> Result<(), Failure> {
    let (files, flags) = parse(args, &[])?;
    let mut options = huqing::Options::default();
    let (mut annotated, mut findings, mut masked) = (None, None, None);
    for (name, value) in flags {
        match name {
            "annotated" => annotated = Some(value),
            "findings" => findings = Some(value),
            "masked" => masked = Some(value),
            _ if check_option(&mut options, name, value)? => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name} {value}"))),
        }
    }
    threads(&mut options, 1);
    let file = match files.as_slice() {
        [file] => *file,
        [] => return Err(Failure::Usage("export needs a FILE".into())),
        _ => return Err(Failure::Usage("export takes one FILE".into())),
    };
    if annotated.is_none() && findings.is_none() && masked.is_none() {
        return Err(Failure::Usage("export needs at least one of --annotated, --findings, --masked".into()));
    }
    let outputs = [(annotated, &["xlsx"][..]), (findings, &["csv", "json"][..]), (masked, &["xlsx", "json"][..])];
    for (out, exts) in &outputs {
        if let Some(out) = out {
            if !exts.contains(&extension(out).as_str()) {
                return Err(Failure::Usage(format!("{out}: the file name must end in .{}", exts.join(" or ."))));
            }
        }
    }
    let bytes = huqing::read::map_file(Path::new(file)).map_err(|e| unreadable(file, &e))?;
    let session =
        huqing::check_file(bytes, &file_name(file), &options, &mut |_, _| {}).map_err(|e| unreadable(file, &e))?;
    if let Some(out) = annotated {
        // Opened again rather than kept through the check (a million-row file is 200 MB), and
        // mapped as the check's bytes were, not copied.
        let bytes = huqing::read::map_file(Path::new(file)).map_err(|e| unreadable(file, &e))?;
        write(out, export::annotated_xlsx(&session, bytes.as_ref()).map_err(|e| unreadable(out, &e))?)?;
    }
    if let Some(out) = findings {
        write(
            out,
            if extension(out) == "csv" {
                export::findings_csv(session.report())
            } else {
                export::findings_json(session.report())
            },
        )?;
    }
    if let Some(out) = masked {
        let bytes = if extension(out) == "json" {
            export::masked_json(&session)
        } else {
            export::masked_xlsx(&session).map_err(|e| unreadable(out, &e))?
        };
        write(out, bytes)?;
    }
    Ok(())
}

fn extension(path: &str) -> String {
    Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

fn unreadable(what: &str, e: &huqing::Error) -> Failure {
    Failure::Unreadable(format!("{what}: {}\n{}", e.message_zh(), e.message_en()))
}

fn write(path: &str, bytes: Vec<u8>) -> Result<(), Failure> {
    std::fs::write(path, &bytes).map_err(|e| Failure::Unreadable(format!("{path}: {e}")))?;
    eprintln!("huqing: wrote {path} ({} bytes)", bytes.len());
    Ok(())
}
