//! `huqing profile add-values`: a profile that accepts the values a check found off the code
//! lists, written in one step from registers or from their JSON reports.

use super::{check_option, file_name, parse, threads, Failure};
use huqing::profile::values::{add_values, unknown_values};
use std::path::Path;

/// Runs `profile` with `args`.
pub fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        Some("add-values") => add(&args[1..]),
        _ => Err(Failure::Usage("profile takes one command: add-values".into())),
    }
}

fn add(args: &[String]) -> Result<(), Failure> {
    let (inputs, flags) = parse(args, &[])?;
    let mut options = huqing::Options::default();
    let mut out = None;
    for (name, value) in flags {
        match name {
            "out" => out = Some(value),
            _ if check_option(&mut options, name, value)? => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name} {value}"))),
        }
    }
    threads(&mut options, 1);
    if inputs.is_empty() {
        return Err(Failure::Usage("profile add-values needs a register or a report (.json)".into()));
    }
    let mut seen = Vec::new();
    for input in inputs {
        let report = report(input, &options)?;
        for s in unknown_values(&report) {
            match seen.iter_mut().find(|x: &&mut huqing::profile::values::Seen| x.role == s.role && x.value == s.value)
            {
                Some(x) => x.rows += s.rows,
                None => seen.push(s),
            }
        }
    }
    let base = options.profile.as_deref().unwrap_or(huqing::profile::BUILT_IN[0]);
    let text =
        add_values(base, &seen).map_err(|e| Failure::Unreadable(format!("{}\n{}", e.message_zh(), e.message_en())))?;
    for s in &seen {
        eprintln!("huqing: {} += “{}” ({} 行 rows)", s.role, s.value, s.rows);
    }
    if seen.is_empty() {
        eprintln!("huqing: 没有代码表外的取值 / no values off the code lists");
    }
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::Unreadable(format!("{path}: {e}"))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The report of `input` as JSON: read from a `.json` report, or made by checking a register.
fn report(input: &str, options: &huqing::Options) -> Result<serde_json::Value, Failure> {
    let unreadable = |e: &dyn std::fmt::Display| Failure::Unreadable(format!("{input}: {e}"));
    if Path::new(input).extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        let text = std::fs::read_to_string(input).map_err(|e| unreadable(&e))?;
        return serde_json::from_str(&text).map_err(|e| unreadable(&e));
    }
    let report = huqing::read::read_file(Path::new(input))
        .and_then(|bytes| huqing::check_file(bytes, &file_name(input), options, &mut |_, _| {}))
        .map(huqing::Session::into_report)
        .map_err(|e| unreadable(&format!("{}\n{}", e.message_zh(), e.message_en())))?;
    Ok(serde_json::to_value(&report).expect("a report serialises"))
}
