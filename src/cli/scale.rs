//! `huqing index` (the person index as Parquet), `huqing sql` (the checks across files as SQL
//! over it) and `huqing cross` (that SQL run on DuckDB or Spark by scripts/cross.py): the batch's
//! duplicates across files for more rows than one process holds (docs/scale.md).

use super::previous::{options_for, PreviousDir};
use super::walk;
use super::{check_option, parse, Failure};
use huqing::scale::sql::{cross_checks, Dialect};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The runner of the SQL, built into the binary so that `huqing cross` needs no checkout.
const CROSS_PY: &str = include_str!("../../scripts/cross.py");

/// `huqing index FILE_OR_FOLDER… --out DIR [--jobs N] [--exemptions FILE] [--compare LIST[:KIND]]…`:
/// one Parquet part per register, the exemption list's lines (none without one) and the
/// comparison lists' rows (none without one).
pub fn index(args: &[String]) -> Result<(), Failure> {
    let (paths, flags) = parse(args, &[])?;
    let mut options = huqing::Options::default();
    let (mut out, mut jobs) = (None, None);
    let (mut previous_dir, mut previous_file) = (None, None);
    for (name, value) in flags {
        if name == "previous" {
            previous_file = Some(value.to_owned());
        }
        match name {
            "out" => out = Some(PathBuf::from(value)),
            "previous" if PreviousDir::new(value).is_some() => previous_dir = PreviousDir::new(value),
            "jobs" => {
                jobs = Some(
                    value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| Failure::Usage(format!("--jobs takes a positive number, not {value}")))?,
                )
            }
            _ if check_option(&mut options, name, value)? => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name} {value}"))),
        }
    }
    let out = out.ok_or_else(|| Failure::Usage("index needs --out DIR".into()))?;
    if paths.is_empty() {
        return Err(Failure::Usage("index needs a FILE or FOLDER".into()));
    }
    let skip = std::fs::canonicalize(&out).ok();
    let inputs = walk::inputs(&paths, skip.as_deref()).map_err(|e| Failure::Unreadable(format!("{e}")))?;
    if inputs.is_empty() {
        return Err(Failure::Unreadable(format!("no registers found in {}", paths.join(" "))));
    }
    if options.previous.is_some() && inputs.len() > 1 {
        return Err(Failure::Usage(
            "--previous FILE is one register's baseline: with several, give --previous FOLDER".into(),
        ));
    }
    std::fs::create_dir_all(&out).map_err(|e| Failure::Unreadable(format!("{}: {e}", out.display())))?;
    remove_parts(&out)?;
    huqing::scale::index::write_manifest(&out, options.profile.as_deref(), options.reference_date.as_deref())
        .map_err(Failure::Unreadable)?;
    // The exemption list, resolved as the batch resolves it (a line naming no rule is refused).
    let mut exemptions = options.exemptions.take().unwrap_or_default();
    let unreadable = |e: huqing::Error| Failure::Unreadable(format!("{}\n{}", e.message_zh(), e.message_en()));
    let profile = chosen(options.profile.as_deref())?;
    exemptions.resolve(&profile).map_err(unreadable)?;
    huqing::scale::index::write_exemptions(&out, &exemptions).map_err(Failure::Unreadable)?;
    // The comparison lists, read and their kinds chosen as check reads them.
    let kinds = huqing::compare::kinds(&profile);
    let mut lists = Vec::new();
    for input in std::mem::take(&mut options.compare) {
        let list = huqing::compare::read(&input, &kinds).map_err(unreadable)?;
        eprintln!("huqing: {} — {}（{}）, {} 行 rows", input.name, list.kind.label_zh, list.kind.kind, list.rows.len());
        lists.push(list);
    }
    huqing::scale::index::write_lists(&out, &lists).map_err(Failure::Unreadable)?;
    // What the lists' kinds read of each register row beyond the match.
    let tests: Vec<huqing::compare::Test> = lists.iter().map(|l| l.kind.test).collect();
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    let totals = Mutex::new((0usize, 0u64));
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(inputs.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let done = options_for(&options, previous_dir.as_ref(), input)
                    .and_then(|options| {
                        let bytes = huqing::read::read_file(&input.path)?;
                        huqing::check::index_file(bytes, &input.label, &options, &tests)
                    })
                    .map_err(|e| format!("{}\n{}", e.message_zh(), e.message_en()))
                    .and_then(|register| {
                        let mut bytes = huqing::scale::index::write_part(&out, i, &register)?;
                        huqing::scale::index::write_households(&out, i, &register.people)?;
                        if let Some(period) = &register.period {
                            // The baseline as summary.json names it: its path, apart from the register's label.
                            let shown = match &previous_dir {
                                Some(dir) => dir.path_for(input).map(|p| p.display().to_string()),
                                None => previous_file.clone(),
                            };
                            let shown = shown.unwrap_or_else(|| period.0.clone());
                            bytes += huqing::scale::period_index::write_period(&out, i, &input.label, &shown, period)?;
                        }
                        Ok((register.people.len(), bytes))
                    });
                match done {
                    Ok((rows, bytes)) => {
                        eprintln!("huqing: [{}/{}] {}  {rows} 人 people", i + 1, inputs.len(), input.label);
                        let mut t = totals.lock().expect("no panic holds it");
                        t.0 += rows;
                        t.1 += bytes;
                    }
                    Err(e) => {
                        eprintln!("huqing: [{}/{}] {}  无法索引 not indexed: {e}", i + 1, inputs.len(), input.label);
                        failed.lock().expect("no panic holds it").push(input.label.clone());
                    }
                }
            });
        }
    });
    let (rows, bytes) = *totals.lock().expect("no panic holds it");
    let failed = failed.into_inner().expect("no panic holds it");
    eprintln!(
        "huqing: {} 个文件 files, {rows} 人 people, {bytes} bytes in {}",
        inputs.len() - failed.len(),
        out.display()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Unreadable(format!("{} file(s) not indexed: {}", failed.len(), failed.join(", "))))
    }
}

/// The parts of an earlier index in `dir`: a register fewer this time must not stay behind.
fn remove_parts(dir: &Path) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| Failure::Unreadable(format!("{}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = ["part-", "households-", "period-"].iter().any(|p| name.starts_with(p));
        if ours && name.ends_with(".parquet") {
            std::fs::remove_file(entry.path()).map_err(|e| Failure::Unreadable(format!("{name}: {e}")))?;
        }
    }
    Ok(())
}

/// The `--profile` of `sql` or `cross` as `check` takes it (a built-in name or the document's
/// text), if given.
fn profile_given(flags: &[(&str, &str)]) -> Result<Option<String>, Failure> {
    let mut options = huqing::Options::default();
    for &(name, value) in flags {
        if name == "profile" {
            check_option(&mut options, name, value)?;
        }
    }
    Ok(options.profile)
}

/// The profile `--profile` took (a built-in name or the document's text), else the default.
fn chosen(profile: Option<&str>) -> Result<huqing::profile::Profile, Failure> {
    match profile {
        Some(choice) => huqing::profile::Profile::choose(choice)
            .map_err(|e| Failure::Unreadable(format!("{}\n{}", e.message_zh(), e.message_en()))),
        None => Ok(huqing::profile::Profile::default()),
    }
}

/// The SQL in `dialect` for `profile` (as [`profile_given`] gives it; none: the default).
fn script(profile: Option<&str>, dialect: Dialect) -> Result<String, Failure> {
    Ok(cross_checks(dialect, &chosen(profile)?))
}

/// The profile `cross` runs with: the index's (what its facts were judged with) unless
/// `--profile` names another, which is then said on stderr, since the SQL's keys and severities
/// follow it but the facts in the index do not.
fn chosen_profile(given: Option<String>, manifest: &huqing::scale::index::Manifest) -> Result<Option<String>, Failure> {
    let indexed = chosen(manifest.profile.as_deref())?.name;
    let date = manifest.reference_date.as_deref().unwrap_or("—");
    eprintln!("huqing: 索引的方案 the index's profile: {indexed}; 参照日期 reference date: {date}");
    let Some(given) = given else { return Ok(manifest.profile.clone()) };
    let same = |p: &Option<String>| p.as_deref().map(str::trim) == Some(given.trim());
    let default = huqing::profile::Profile::default().name;
    if !(same(&manifest.profile) || (manifest.profile.is_none() && given.trim() == default)) {
        eprintln!(
            "huqing: 注意：--profile {} 与建立索引时的方案不同：规则的开关和级别按 {0}，索引里的事实（年龄、比对名单所需的列）仍按建立索引时的方案判断；要全部按它，请用同一方案重新运行 huqing index — \
             note: --profile {0} is not the profile the index was written with: the rules' switches and severities follow it, the facts in the index (ages, what the lists compare) were judged with the index's; index again with it to judge everything with it",
            chosen(Some(&given))?.name
        );
    }
    Ok(Some(given))
}

fn dialect(name: &str) -> Result<Dialect, Failure> {
    Dialect::parse(name).ok_or_else(|| Failure::Usage(format!("expected duckdb or spark, not {name}")))
}

/// `huqing sql [--dialect duckdb|spark] [--profile P]`: prints the script.
pub fn sql(args: &[String]) -> Result<(), Failure> {
    let (pos, flags) = parse(args, &[])?;
    if let Some(p) = pos.first() {
        return Err(Failure::Usage(format!("unexpected argument {p}")));
    }
    let mut d = Dialect::DuckDb;
    for &(name, value) in &flags {
        match name {
            "dialect" => d = dialect(value)?,
            "profile" => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name}"))),
        }
    }
    print!("{}", script(profile_given(&flags)?.as_deref(), d)?);
    Ok(())
}

/// `huqing cross INDEX_DIR [--engine duckdb|spark] [--out FILE.json] [--profile P]
/// [--memory-limit SIZE] [--temp-dir DIR] [--threads N]`: runs the script with python3.
pub fn cross(args: &[String]) -> Result<(), Failure> {
    let (pos, flags) = parse(args, &[])?;
    let [index] = pos.as_slice() else {
        return Err(Failure::Usage("cross needs one INDEX_DIR (written by huqing index)".into()));
    };
    let mut engine = Dialect::DuckDb;
    let mut passed: Vec<String> = Vec::new();
    for &(name, value) in &flags {
        match name {
            "engine" => engine = dialect(value)?,
            "out" | "memory-limit" | "temp-dir" | "threads" | "master" => {
                passed.extend([format!("--{name}"), value.to_owned()])
            }
            "profile" => {}
            _ => return Err(Failure::Usage(format!("unknown option --{name}"))),
        }
    }
    if !Path::new(index).join("part-00000.parquet").is_file() {
        return Err(Failure::Unreadable(format!("{index}: no person index (huqing index … --out {index})")));
    }
    let manifest = huqing::scale::index::read_manifest(Path::new(index)).map_err(Failure::Unreadable)?;
    let profile = chosen_profile(profile_given(&flags)?, &manifest)?;
    let sql = script(profile.as_deref(), engine)?;
    let work = std::env::temp_dir().join(format!("huqing-cross-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| Failure::Unreadable(format!("{}: {e}", work.display())))?;
    let (runner, sql_path) = (work.join("cross.py"), work.join("checks.sql"));
    let written = std::fs::write(&runner, CROSS_PY).and_then(|()| std::fs::write(&sql_path, sql));
    written.map_err(|e| Failure::Unreadable(format!("{}: {e}", work.display())))?;
    let engine = if engine == Dialect::DuckDb { "duckdb" } else { "spark" };
    let status = std::process::Command::new("python3")
        .arg(&runner)
        .args(["--engine", engine, "--sql"])
        .arg(&sql_path)
        .args(["--index", index])
        .args(&passed)
        .status();
    let _ = std::fs::remove_dir_all(&work);
    let _ = std::io::stdout().flush();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(Failure::Unreadable(format!("the {engine} run failed ({s})"))),
        Err(e) => Err(Failure::Unreadable(format!("python3: {e} (scripts/setup installs what cross needs)"))),
    }
}
