//! The `huqing` command line: `check` registers (one, several, or folders of them with
//! `--out`), `export` a register's reports, `generate` a synthetic one, print the `docs`. One
//! file per command.

mod batch;
mod budget;
mod check;
mod csv_out;
mod previous;
mod progress;
mod scale;
mod walk;
mod xlsx_out;

mod export;
mod profile;

use huqing::generate::{self, CsvEncoding, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
huqing — 户清: checks household-registration spreadsheets for data-quality faults

USAGE:
  huqing check FILE_OR_FOLDER… [--format json|text] [--sheet NAME] [--encoding LABEL]
                    [--profile NAME|FILE.json] [--column ROLE=HEADER]... [--exemptions FILE]
                    [--reference-date YYYY-MM-DD] [--fail-on error|warning] [--compare LIST[:KIND]]...
                    [--previous FILE] [--work FILE] [--threads N]
      Checks FILE (.xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt); a FOLDER is searched, with its
      subfolders, for files of those kinds (Excel's lock files ~$… skipped). Prints the report
      on stdout: JSON by default, or one line per finding with --format text. --sheet checks
      that sheet rather than the one that looks like the register; --encoding reads a text file
      as utf-8, gb18030, utf-16le, utf-16be, big5 … rather than as detected.
      --profile: a built-in profile (national-2016, the default, or monitoring-2021) or a
      profile file (docs/profile.md). --column takes the column headed HEADER for ROLE (a
      column key such as person-id; an empty HEADER leaves it unmapped). --exemptions: an
      exemption list (.xlsx/.csv with 证件号码 or 户编号, 规则, 原因); matching findings are
      reported as exempted. --reference-date: the date ages are judged at (by default the end
      of each row's 年度, else a 数据日期 column, else a date in the file name, else the profile's).
      --compare: a department's list to compare the register with (部门数据比对, docs/compare.md),
      any format check reads; KIND is deceased, public-payroll, vehicle, housing, business,
      disability, student, special-support, dibao, pension-insurance, medical-insurance, listed or
      a kind of the profile, else guessed from the file name and header (said on stderr).
      Repeatable; its findings join the others, and the report's compare tells what each list held.
      --previous: last period's register (any format read); the register is compared with it
      person by person and household by household (上期比对, docs/period.md): the changes are
      findings period-*, and the report gains a period summary (its sentence ends the text).
      With several files or a folder, --previous takes a FOLDER of last period's registers:
      each register is compared with the file of the same name there (its path below the
      folder checked, else its file name); one without a counterpart is checked alone (said
      on stderr).
      --work: the 务工 records as a file of their own (a 务工监测 and/or 计划外出务工 export, any
      format read), joined with the register by 人编号 or 证件号码 in place of such sheets of its
      workbook; the work-* findings name the file and its rows.
      --threads: the threads one file's check uses (default: one per core; with --out, the
      cores shared by the files checked at once); the report is the same on any number.
      With several files, checks each and also finds the same person across files (following
      --profile and --exemptions too); the JSON is then an object: files (each report, or file
      and error), cross (findings with locations naming the file of every row, and exempted)
      and summary (rule: count of open cross findings).
  huqing check FILE_OR_FOLDER… --out DIR [--format json|csv|xlsx] [--jobs N] [--fail-on error|warning]
                    [--sheet, --encoding, --profile, --column, --exemptions, --compare as above]
                    [--previous FOLDER]
      Checks every register found, N at a time (default: one per core; fewer while large files
      would not fit in memory), with a progress bar on a terminal (plain lines otherwise).
      Writes each file's report into DIR (NAME.json; NAME.csv: the findings as the page exports
      them; or NAME.xlsx: the annotated workbook of export --annotated), a file found in a
      folder under its path below that folder; then DIR/summary.json: per file its rows,
      households and open findings by severity and by rule, or why it could not be checked; the
      duplicates across files (cross) and totals. With csv also DIR/summary.csv and
      DIR/cross.csv; with xlsx DIR/summary.xlsx (sheets 汇总, a line per file linking its
      workbook, and 跨文件重复). DIR itself is skipped when it lies in a folder checked.
      Exit 0 when every file was checked (whatever it found); 1 when --fail-on is given and a
      finding of that severity (or worse) is open; 2 when a file could not be checked (the
      others are still reported).
  huqing export FILE [--sheet, --encoding, --profile, --column, --exemptions as for check]
                [--annotated OUT.xlsx] [--findings OUT.csv|OUT.json] [--masked OUT.xlsx|OUT.json]
      Checks FILE and writes any of: the annotated workbook (every sheet, every value kept,
      offending cells filled by severity with a note, a 问题清单 sheet linking to them, a 汇总
      sheet); the findings as CSV (UTF-8 with BOM, for Excel) or JSON; a summary with IDs,
      names, phones and bank cards masked, safe to send upward. See docs/exports.md.
      Exit 0 when written, 2 when FILE could not be checked or an output not written.
  huqing profile add-values FILE_OR_REPORT… [--profile NAME|FILE.json] [--out FILE.json]
                  [--sheet, --encoding, --column as for check]
      Writes a profile that accepts the values the checks found off the code lists
      (value-not-in-code-list): the profile given (or a new one extending the built-in one),
      with each such value added to its codes under the column's key. FILE_OR_REPORT is a
      register, checked under that profile, or a report that check wrote (.json, also of
      several files). Prints the profile, or writes it to --out; lists the values added on
      stderr. Review the values with the province before using the profile.
  huqing index FILE_OR_FOLDER… --out DIR [--jobs N] [--exemptions FILE] [--compare LIST[:KIND]]...
                 [--previous FILE_OR_FOLDER] [--sheet, --encoding, --profile, --column as for check]
      Writes the person index of every register found (the people the duplicates across files
      are searched among) into DIR as Parquet, part-NNNNN.parquet per register, N at a time:
      file, sheet, row, household, 乡镇, 行政村, 年度, ID (canonical, as written, its kind, its
      exemption key), name (as written, and its key), birth date, sex; each register's
      households (households-NNNNN.parquet, for joining household lists with person lists);
      and the lines of the exemption list as DIR/exemptions.parquet (none without
      --exemptions), which the SQL applies as check applies it; and the rows of the lists
      --compare names (as check reads them) as DIR/lists.parquet, which the SQL compares with
      every register as check --compare compares one (each list taken to cover every register
      indexed with it); for the disability, student, special-support, dibao and insurance
      kinds the parts also hold what those compare (健康状况, 在校生状况, the household's
      低保/特困 marks, ages, the 参保 columns; give --profile and --reference-date as to check).
      --previous (a FILE with one register; a FOLDER paired as check --previous FOLDER pairs
      it, one without a counterpart indexed without, said on stderr) writes
      period-NNNNN.parquet per register compared: it and its baseline as the period comparison
      reads them, which the SQL compares across every register (上期比对: a person found by ID
      in another register's file has moved); and DIR/index.json, the profile and reference date
      it was written with (cross takes them). Personal data: docs/scale.md.
      Exit 0 when every file was indexed, 2 otherwise.
  huqing sql [--dialect duckdb|spark] [--profile NAME|FILE.json]
      Prints the checks across files (person-in-multiple-households, person-possible-duplicate,
      household-list-*, list-* of the lists indexed and period-* of the baselines indexed) as
      SQL over the index: named steps, the last giving findings in the shape and order of
      check's cross (then the lists' findings, file by file, each located on the register's
      rows and then the list's row; then the period's, on the register's rows and then the
      baseline's).
  huqing cross INDEX_DIR [--engine duckdb|spark] [--out FILE.json] [--profile NAME|FILE.json]
                 [--memory-limit SIZE] [--temp-dir DIR] [--threads N] [--master URL]
      Runs that SQL with python3 on DuckDB (default; spills to --temp-dir beyond --memory-limit)
      or on a local or --master Spark, and writes the findings as JSON (stdout by default).
      The profile is the one the index was written with (INDEX_DIR/index.json) unless --profile
      is given; an index of an older huqing is refused (index again).
      scripts/setup installs the duckdb package; pyspark is installed by hand (docs/scale.md).
  huqing docs rules
      Prints docs/rules.md, the rule catalogue generated from the registry.
  huqing generate --out FILE [--households N] [--seed S] [--clean] [--title-rows N] [--monitoring]
                  [--inline-strings] [--encoding utf8|utf8-bom|gbk|utf16le] [--expected FILE]
                  [--plant-from-seed S2] [--national [--household-list FILE.csv]] [--lists DIR]
                  [--previous FILE] [--work-out FILE.xlsx] [--id-counties N]
      Writes a synthetic register (.xlsx or .csv) with injected faults (none with --clean);
      --expected writes the findings the faults must produce, as JSON. --plant-from-seed adds
      two people of the register that seed S2 (same other options) generates, as new
      households at the end: one under the same ID, one under a mistyped ID — duplicates across
      the two files. --national writes it as the national system exports it (docs/formats.md):
      IDs and other numbers marked with #, other documents in the ID column, the head's columns,
      two years merged, a household list as a second sheet (or with --household-list a CSV), its
      header spellings and labels, 务工所在地 place names, without the columns its person export
      lacks, and (with faults) labels no code list has, each expected once.
      --monitoring adds the 防返贫监测 columns (risks, removal, 两不愁三保障,
      insurance, 低保/特困, income components, measures, public posts) and faults of the
      built-in monitoring checks (check it with a profile extending monitoring-2021 at the
      generator's dates, 2020-12-31 and 2020-09-01, and a 2020 monitoring line of 5000 yuan);
      an .xlsx also holds the 务工监测 and 计划外出务工 sheets, with faults of the work rules
      (a CSV holds the persons only, and its --expected lists no work fault). --work-out
      FILE.xlsx (with --monitoring) also writes those two sheets as a workbook of their own,
      the file to check beside the register with --work; --expected then lists the work
      faults for a CSV too.
      --lists DIR (with --clean, without --national or --monitoring) also writes a department
      list of every built-in kind into DIR, named so that --compare guesses its kind, with
      planted matches and absences, and DIR/expected.json: the findings comparing the register
      with each list must give ({rule, rows, list, list_row}).
      --previous FILE writes two periods of one clean register: this period's to --out (with a
      人员变更 column), last period's to FILE (.xlsx or .csv, same --encoding), changes of every
      kind planted between them; --expected then writes the period findings to expect
      ({rule, rows, previous_rows}).
      --id-counties N issues the IDs in N real county codes (a block the seed chooses, one code a
      household in turn) rather than in the county the household lives in: registers of seeds
      1, 2, 3 … then spread over N counties each, as a province's do (docs/scale.md).
";

pub fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => return check::run(&args[1..]).unwrap_or_else(exit),
        Some("generate") => generate(&args[1..]),
        Some("export") => export::run(&args[1..]),
        Some("profile") => profile::run(&args[1..]),
        Some("docs") => docs(&args[1..]),
        Some("index") => scale::index(&args[1..]),
        Some("sql") => scale::sql(&args[1..]),
        Some("cross") => scale::cross(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(Failure::Usage(
            "expected a command: check, export, profile, index, sql, cross, generate or docs".into(),
        )),
    };
    result.map_or_else(exit, |()| ExitCode::SUCCESS)
}

/// Says what went wrong and gives its exit code: 64 for a usage error, 2 for a file.
fn exit(failure: Failure) -> ExitCode {
    match failure {
        Failure::Usage(msg) => {
            eprintln!("huqing: {msg}\n\n{USAGE}");
            ExitCode::from(64)
        }
        Failure::Unreadable(msg) => {
            eprintln!("huqing: {msg}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Usage(String),
    Unreadable(String),
}

/// Positional arguments, and `--flag value` pairs.
type Parsed<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// Splits `args` into positional arguments and `--flag value` pairs (`--flag` alone for the
/// names in `switches`).
fn parse<'a>(args: &'a [String], switches: &[&str]) -> Result<Parsed<'a>, Failure> {
    let mut pos = Vec::new();
    let mut flags = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            if switches.contains(&name) {
                flags.push((name, ""));
            } else {
                let v = it.next().ok_or_else(|| Failure::Usage(format!("--{name} needs a value")))?;
                flags.push((name, v.as_str()));
            }
        } else {
            pos.push(a.as_str());
        }
    }
    Ok((pos, flags))
}

/// Takes one of the check options (`--sheet`, `--encoding`, `--reference-date`, `--profile`,
/// `--column`, `--exemptions`) into `options`; false for any other flag. Shared by `check` and `export`.
fn check_option(options: &mut huqing::Options, name: &str, value: &str) -> Result<bool, Failure> {
    match (name, value) {
        ("sheet", v) => options.sheet = Some(v.to_owned()),
        ("encoding", v) => options.encoding = Some(v.to_owned()),
        ("reference-date", v) => {
            if huqing::facts::reference::parse_option(v).is_none() {
                return Err(Failure::Usage(format!("--reference-date takes YYYY-MM-DD, not {v}")));
            }
            options.reference_date = Some(v.to_owned());
        }
        ("profile", v) => options.profile = Some(profile(v)?),
        ("column", v) => {
            let (role, header) =
                v.split_once('=').ok_or_else(|| Failure::Usage(format!("--column takes ROLE=HEADER, not {v}")))?;
            options.columns.insert(role.to_owned(), header.to_owned());
        }
        ("exemptions", v) => {
            let bytes = std::fs::read(v).map_err(|e| Failure::Unreadable(format!("{v}: {e}")))?;
            let list = huqing::check::exemptions::Exemptions::read(&bytes, &file_name(v))
                .map_err(|e| Failure::Unreadable(format!("{v}: {}\n{}", e.message_zh(), e.message_en())))?;
            options.exemptions = Some(list);
        }
        ("compare", v) => {
            // FILE:KIND, unless what follows the last colon is a path (C:\…) or a file name.
            let (path, kind) = match v.rsplit_once(':') {
                Some((p, k)) if !p.is_empty() && !k.contains(['/', '\\', '.']) => (p, Some(k.to_owned())),
                _ => (v, None),
            };
            let bytes = std::fs::read(path).map_err(|e| Failure::Unreadable(format!("{path}: {e}")))?;
            options.compare.push(huqing::compare::ListInput { bytes, name: file_name(path), kind });
        }
        ("previous", v) => {
            let bytes = huqing::read::read_file(Path::new(v))
                .map_err(|e| Failure::Unreadable(format!("{v}: {}\n{}", e.message_zh(), e.message_en())))?;
            options.previous = Some(huqing::period::Baseline { name: file_name(v), bytes });
        }
        ("threads", v) => {
            options.threads = v
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| Failure::Usage(format!("--threads takes a positive number, not {v}")))?
        }
        ("work", v) => {
            let bytes = huqing::read::read_file(Path::new(v))
                .map_err(|e| Failure::Unreadable(format!("{v}: {}\n{}", e.message_zh(), e.message_en())))?;
            options.work = Some(huqing::WorkFile { name: file_name(v), bytes });
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The cores this machine has (1 when it cannot tell).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `--threads`, or by default the cores shared by the `jobs` files checked at once.
fn threads(options: &mut huqing::Options, jobs: usize) {
    if options.threads == 0 {
        options.threads = (cores() / jobs.max(1)).max(1);
    }
}

/// The last component of `path`.
fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// `--profile`: a built-in name as is, otherwise the text of the file it names.
fn profile(v: &str) -> Result<String, Failure> {
    if huqing::profile::BUILT_IN.contains(&v) {
        return Ok(v.to_owned());
    }
    std::fs::read_to_string(v).map_err(|e| {
        Failure::Unreadable(format!(
            "{v}: {e} (--profile takes {} or a profile file)",
            huqing::profile::BUILT_IN.join(", ")
        ))
    })
}

fn docs(args: &[String]) -> Result<(), Failure> {
    match args {
        [what] if what == "rules" => {
            print!("{}", huqing::report::docs::rules_markdown());
            Ok(())
        }
        _ => Err(Failure::Usage("docs takes one topic: rules".into())),
    }
}

fn generate(args: &[String]) -> Result<(), Failure> {
    let (pos, flags) = parse(args, &["clean", "inline-strings", "national", "monitoring"])?;
    if !pos.is_empty() {
        return Err(Failure::Usage(format!("unexpected argument {}", pos[0])));
    }
    let mut opts = generate::Options::default();
    let (mut out, mut expected, mut inline, mut encoding) = (None, None, false, CsvEncoding::Utf8);
    let (mut plant_from, mut household_list, mut lists, mut previous) = (None, None, None, None);
    let mut work_out = None;
    let number = |v: &str| v.parse::<u64>().map_err(|_| Failure::Usage(format!("not a number: {v}")));
    for (name, v) in flags {
        match name {
            "out" => out = Some(PathBuf::from(v)),
            "expected" => expected = Some(PathBuf::from(v)),
            "households" => opts.households = number(v)? as usize,
            "seed" => opts.seed = number(v)?,
            "id-counties" => opts.id_counties = number(v)? as usize,
            "plant-from-seed" => plant_from = Some(number(v)?),
            "title-rows" => opts.title_rows = number(v)?.min(3) as u32,
            "clean" => opts.faults = false,
            "national" => opts.national = true,
            "household-list" => household_list = Some(PathBuf::from(v)),
            "lists" => lists = Some(PathBuf::from(v)),
            "previous" => previous = Some(PathBuf::from(v)),
            "monitoring" => opts.monitoring = true,
            "work-out" => work_out = Some(PathBuf::from(v)),
            "inline-strings" => inline = true,
            "encoding" => {
                encoding = match v {
                    "utf8" => CsvEncoding::Utf8,
                    "utf8-bom" => CsvEncoding::Utf8Bom,
                    "gbk" => CsvEncoding::Gbk,
                    "utf16le" => CsvEncoding::Utf16Le,
                    _ => return Err(Failure::Usage(format!("unknown encoding {v}"))),
                }
            }
            _ => return Err(Failure::Usage(format!("unknown option --{name}"))),
        }
    }
    let out = out.ok_or_else(|| Failure::Usage("generate needs --out FILE".into()))?;
    let format = match out.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => Format::Xlsx { inline_strings: inline },
        Some("csv" | "txt" | "tsv") => Format::Csv { encoding },
        _ => return Err(Failure::Usage("--out must end in .xlsx or .csv".into())),
    };
    if let Some(path) = &work_out {
        if !opts.monitoring || previous.is_some() {
            return Err(Failure::Usage("--work-out needs --monitoring (and no --previous)".into()));
        }
        if !path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return Err(Failure::Usage("--work-out must end in .xlsx (the work file holds two sheets)".into()));
        }
    }
    if let Some(path) = previous {
        let previous_format = match path.extension().and_then(|e| e.to_str()) {
            Some("xlsx") => Format::Xlsx { inline_strings: inline },
            Some("csv" | "txt" | "tsv") => Format::Csv { encoding },
            _ => return Err(Failure::Usage("--previous must end in .xlsx or .csv".into())),
        };
        let pair = generate::period::period(&opts);
        pair.current.write(&out, &format).map_err(Failure::Unreadable)?;
        pair.previous.write(&path, &previous_format).map_err(Failure::Unreadable)?;
        if let Some(e) = expected {
            let json = serde_json::to_string_pretty(&pair.expected).expect("plain data serialises");
            std::fs::write(&e, json).map_err(|err| Failure::Unreadable(format!("{}: {err}", e.display())))?;
        }
        eprintln!(
            "huqing: wrote {} ({} rows) and last period's {} ({} rows)",
            out.display(),
            pair.current.rows.len(),
            path.display(),
            pair.previous.rows.len()
        );
        return Ok(());
    }
    let mut register = generate::generate(&opts);
    if let Some(seed) = plant_from {
        register.plant_from(&generate::generate(&generate::Options { seed, ..opts }), opts.seed);
    }
    if let Some(dir) = lists {
        // Before the register is written: the lists record a death and a drop-out in it.
        let (lists, expected) = generate::lists::make(&mut register, opts.seed).map_err(Failure::Usage)?;
        std::fs::create_dir_all(&dir).map_err(|e| Failure::Unreadable(format!("{}: {e}", dir.display())))?;
        for l in &lists {
            let path = dir.join(&l.file);
            std::fs::write(&path, l.to_bytes().map_err(Failure::Unreadable)?)
                .map_err(|e| Failure::Unreadable(format!("{}: {e}", path.display())))?;
        }
        let path = dir.join("expected.json");
        std::fs::write(&path, serde_json::to_string_pretty(&expected).expect("plain data serialises"))
            .map_err(|e| Failure::Unreadable(format!("{}: {e}", path.display())))?;
        eprintln!("huqing: wrote {} department lists into {}", lists.len(), dir.display());
    }
    register.write(&out, &format).map_err(Failure::Unreadable)?;
    if let Some(path) = &work_out {
        register.write_work(path).map_err(Failure::Usage)?;
    }
    if let Some(path) = household_list {
        register.write_household_list(&path, encoding).map_err(Failure::Unreadable)?;
    }
    if let Some(path) = expected {
        std::fs::write(&path, register.expected_json(&format, work_out.is_some()))
            .map_err(|e| Failure::Unreadable(format!("{}: {e}", path.display())))?;
    }
    eprintln!("huqing: wrote {} ({} rows)", out.display(), register.rows.len());
    Ok(())
}
