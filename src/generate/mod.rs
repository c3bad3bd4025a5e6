//! Synthetic 建档立卡 registers: realistic households with optional injected faults and the exact
//! findings a checker must report, for tests, benchmarks and the page's sample file. Native only.
//!
//! Clean data is built to pass every warning and error rule of the catalogue under the
//! national-2016 profile (reference date 2020-12-31, school reference date 2020-09-01); see
//! `household.rs` and `attributes.rs` for how, and `faults.rs` for what is broken and how.

mod attributes;
mod columns;
mod faults;
mod household;
mod ids;
pub mod lists;
mod monitoring;
mod names;
pub mod national_households;
mod national_ids;
mod national_labels;
pub mod period;
mod places;
mod rng;
pub mod work_tables;
mod write_csv;
mod write_xlsx;

#[cfg(test)]
mod tests;

use serde::Serialize;

use rng::Rng;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of households (about three rows each).
    pub households: usize,
    /// The same seed and options give the same register, byte for byte.
    pub seed: u64,
    /// Inject faults (about 1.5 % of households per kind, at least one of each kind from 50
    /// households on) and list the findings they must produce.
    pub faults: bool,
    /// Title rows above the header, 0 to 3 (more are taken as 3).
    pub title_rows: u32,
    /// Write the register as the national system exports it (see docs/formats.md): its
    /// conventions on top of the clean data, faults still planted and expected.
    pub national: bool,
    /// Add the 防返贫监测 columns (risks, removal, 两不愁三保障, insurance, 低保/特困, income
    /// components, measures, public posts) after the national ones, clean households passing
    /// every built-in monitoring check, faults of those checks planted and expected (see
    /// `monitoring.rs` for the profile they hold under).
    pub monitoring: bool,
    /// Issue the IDs in this many counties (0: the county the household lives in), a block of
    /// real GB/T 2260 county codes in use that the seed chooses, one code a household in turn, so
    /// that registers generated with other seeds draw other counties, as a province's do (for
    /// measuring the typo joins, which block on the county).
    pub id_counties: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            households: 100,
            seed: 1,
            faults: true,
            title_rows: 0,
            national: false,
            monitoring: false,
            id_counties: 0,
        }
    }
}

/// One cell of a data row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// A finding a checker must report on the generated register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// The rule key, e.g. `person-id-checksum`.
    pub rule: &'static str,
    /// Excel row numbers (title and header rows counted), ascending.
    pub rows: Vec<u32>,
}

/// A finding to expect across two registers: (file 0 or 1, Excel row) pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossExpected {
    pub rule: &'static str,
    pub rows: Vec<(usize, u32)>,
}

/// A generated register.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    pub headers: Vec<String>,
    /// Data rows, one per person, a household's rows contiguous.
    pub rows: Vec<Vec<Cell>>,
    /// Findings the injected faults must produce, sorted by (first row, rule).
    pub expected: Vec<Expected>,
    /// Title rows written above the header.
    pub title_rows: u32,
    /// The household list beside the person list (national style): the workbook's second sheet,
    /// or a file of its own beside a CSV.
    pub household_list: Option<national_households::HouseholdSheet>,
    /// The 务工监测 and 计划外出务工 tables (monitoring style): sheets of the workbook, or a work
    /// file of their own ([`Register::work_file`]) beside a CSV.
    pub work: Option<work_tables::WorkTables>,
}

/// How to write a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `inline_strings`: stream the sheet with inline strings (rust_xlsxwriter's constant-memory
    /// mode), as some exporting tools do; otherwise use a shared-string table, as Excel does.
    Xlsx {
        inline_strings: bool,
    },
    Csv {
        encoding: CsvEncoding,
    },
}

/// Text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark, as Excel writes "CSV UTF-8".
    Utf8Bom,
    /// What Excel on a Chinese Windows writes as plain "CSV".
    Gbk,
    /// UTF-16LE with a byte-order mark, as "Unicode text" exports.
    Utf16Le,
}

/// Largest number of title rows.
const MAX_TITLE_ROWS: u32 = 3;
/// Salt of the fault stream, so that faults do not shift the clean data drawn for a seed.
const FAULT_STREAM: u64 = 0xFA17_5EED_0000_0001;
/// Salt of the national style's ID column, likewise.
const NATIONAL_IDS_STREAM: u64 = 0x1D5_0000_0000_0015;
/// Salt of the national households' stream (see `national_households`).
const NATIONAL_HOUSEHOLDS_STREAM: u64 = 0x4011_5E40_1D00_0002;
/// Salt of the monitoring columns' stream, so that they do not shift the national data either.
const MONITORING_STREAM: u64 = 0x0F0F_5EED_0000_0002;
/// Salt of the work tables' stream.
const WORK_STREAM: u64 = 0x3011_5EED_0000_0003;

/// Generates a register.
pub fn generate(opts: &Options) -> Register {
    let mut rng = Rng::new(opts.seed);
    let mut unique = ids::Unique::default();
    let mut households = Vec::with_capacity(opts.households);
    let id_counties = places::id_counties(opts.seed, opts.id_counties);
    for village in places::layout(&mut rng, opts.households) {
        for serial in 1..=village.households {
            let code = match id_counties.len() {
                0 => village.county.code.to_owned(),
                n => format!("{:06}", id_counties[households.len() % n]),
            };
            let h = household::build(&mut rng, &mut unique, village.county, &code);
            let id = format!("{}{serial:04}", village.code);
            households.push(columns::rows(&h, [village.county.name, village.township, &village.name], &id));
        }
    }
    let mut pending = match opts.faults {
        true => faults::inject(&mut Rng::new(opts.seed ^ FAULT_STREAM), &mut households),
        false => Vec::new(),
    };
    let mut headers: Vec<String> = columns::HEADERS.iter().map(|h| h.to_string()).collect();
    let mut monitoring_faults = 0..0;
    if opts.monitoring {
        let touched: Vec<usize> = pending.iter().flat_map(|p| p.at.iter().map(|&(h, _)| h)).collect();
        let mut rng = Rng::new(opts.seed ^ MONITORING_STREAM);
        let before = pending.len();
        pending.extend(monitoring::add(&mut rng, &mut households, &touched, opts.faults));
        monitoring_faults = before..pending.len();
        headers.extend(monitoring::HEADERS.iter().map(|h| h.to_string()));
    }
    let mut national = Rng::new(opts.seed ^ NATIONAL_HOUSEHOLDS_STREAM);
    let mut clean = Vec::new();
    if opts.national {
        let rng = &mut Rng::new(opts.seed ^ NATIONAL_IDS_STREAM);
        pending.extend(national_ids::apply(rng, &mut households, &pending, opts.faults));
        headers.push(national_ids::HEADER.to_owned());
        // After the ID column's documents and marks: the head's columns and the earlier year's
        // copies repeat the IDs as the export writes them.
        clean = national_households::apply(&mut national, &mut households, &mut pending, opts.faults, headers.len());
        headers.extend(national_households::HEADERS.iter().map(|h| h.to_string()));
    }
    // Last, so that each person's 人编号, labour and measures are final.
    let mut work = None;
    if opts.monitoring {
        let households_of = |p: &faults::Pending| p.at.iter().map(|&(h, _)| h).collect::<Vec<_>>();
        let (mut other, mut monitored) = (Vec::new(), Vec::new());
        for (i, p) in pending.iter().enumerate() {
            if monitoring_faults.contains(&i) { &mut monitored } else { &mut other }.extend(households_of(p));
        }
        let rng = &mut Rng::new(opts.seed ^ WORK_STREAM);
        let touched = work_tables::Touched { other: &other, monitoring: &monitored };
        let (tables, planted) = work_tables::build(rng, &households, columns::HEADERS.len(), touched, opts.faults);
        work = Some((tables, planted));
    }
    let pending = pending;

    let title_rows = opts.title_rows.min(MAX_TITLE_ROWS);
    let mut starts = Vec::with_capacity(households.len());
    let mut rows = Vec::with_capacity(households.iter().map(Vec::len).sum());
    for h in households {
        starts.push(rows.len());
        rows.extend(h);
    }
    let head_columns = headers.len() - national_households::HEADERS.len();
    let (work, work_pending) = work.map_or((None, Vec::new()), |(tables, planted)| (Some(tables), planted));
    let mut register = Register { headers, rows, expected: Vec::new(), title_rows, household_list: None, work };
    if opts.national {
        let excel = |i: usize| register.excel_row(i);
        let list = national_households::household_list(
            &mut national,
            &register.rows,
            &starts,
            &clean,
            head_columns,
            opts.faults,
            &excel,
        );
        register.household_list = Some(list);
    }
    let expected = |pending: Vec<faults::Pending>| {
        let mut all: Vec<Expected> = pending
            .into_iter()
            .map(|p| {
                let mut rows: Vec<u32> = p.at.iter().map(|&(h, m)| register.excel_row(starts[h] + m)).collect();
                rows.sort_unstable();
                Expected { rule: p.rule, rows }
            })
            .collect();
        all.sort_by(|a, b| (a.rows.first(), a.rule).cmp(&(b.rows.first(), b.rule)));
        all
    };
    let (main, work) = (expected(pending), expected(work_pending));
    register.expected = main;
    if let Some(tables) = &mut register.work {
        tables.expected = work;
    }
    if opts.national {
        national_labels::apply(&mut register, opts.seed, opts.faults);
    }
    register
}

impl Register {
    /// Writes the register to `path` in `format`. An `.xlsx` or `.csv` extension that
    /// contradicts `format` is an error; any other extension is left to `format`.
    pub fn write(&self, path: &std::path::Path, format: &Format) -> Result<(), String> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match (ext.as_deref(), format) {
            (Some("csv"), Format::Xlsx { .. }) | (Some("xlsx"), Format::Csv { .. }) => {
                Err(format!("{}: extension does not match format {format:?}", path.display()))
            }
            (_, Format::Xlsx { inline_strings }) => write_xlsx::to_file(self, *inline_strings, path),
            (_, Format::Csv { encoding }) => {
                let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
                write_csv::write(self, *encoding, std::io::BufWriter::new(file))
            }
        }
    }

    /// The file `write` would write, in memory.
    pub fn to_bytes(&self, format: &Format) -> Result<Vec<u8>, String> {
        match format {
            Format::Xlsx { inline_strings } => write_xlsx::to_bytes(self, *inline_strings),
            Format::Csv { encoding } => {
                let mut out = Vec::new();
                write_csv::write(self, *encoding, &mut out)?;
                Ok(out)
            }
        }
    }

    /// The work tables as a work file of their own (an .xlsx of the 务工监测 and 计划外出务工
    /// sheets), to check beside the person list written as CSV.
    pub fn work_file(&self) -> Option<crate::WorkFile> {
        let tables = self.work.as_ref()?;
        Some(crate::WorkFile { name: "务工.xlsx".to_owned(), bytes: write_xlsx::work_bytes(tables).ok()? })
    }

    /// Plants people of register `from` into this one as new one-person households at its end,
    /// adding the findings this register must then show, and returns the findings to expect
    /// across the two files (`from` is file 0, this one file 1): one person under the same ID,
    /// one under a mistyped ID.
    pub fn plant_from(&mut self, from: &Register, seed: u64) -> Vec<CrossExpected> {
        let col = |names: &[&str]| self.headers.iter().position(|h| names.contains(&h.as_str())).expect("generated");
        let cols = faults::Across { relation: col(&["与户主关系"]), size: col(&["人数", "人口数"]) };
        let planted = faults::plant_across(&mut Rng::new(seed ^ FAULT_STREAM), &from.rows, &mut self.rows, cols);
        let mut cross = Vec::new();
        for (rule, a, b) in planted {
            self.own_household(b);
            let at = [(0, from.excel_row(a)), (1, self.excel_row(b))];
            if rule == "person-possible-duplicate" {
                self.expected.push(Expected { rule: "person-id-checksum", rows: vec![at[1].1] });
            }
            cross.push(CrossExpected { rule, rows: at.to_vec() });
        }
        cross
    }

    /// Makes planted row `r` the head of its own household where the national style repeats the
    /// head on each row and lists households beside the persons, so that it raises no finding of
    /// its own there.
    fn own_household(&mut self, r: usize) {
        let col = |name: &str| self.headers.iter().position(|h| h == name);
        let (Some(head_name), Some(head_id)) = (col("户主姓名"), col("户主证件号码")) else { return };
        let row = &mut self.rows[r];
        row[head_name] = row[columns::NAME].clone();
        row[head_id] = row[columns::ID].clone();
        if let Some(list) = &mut self.household_list {
            let row = &self.rows[r];
            let mut listed = list.rows.last().expect("a household list has rows").clone();
            listed[..4].clone_from_slice(&row[..4]);
            listed[4] = row[columns::NAME].clone();
            listed[5] = row[columns::ID].clone();
            listed[6] = Cell::Number(1.0);
            // Its own phone unknown, as for the list's extra household.
            listed[7] = Cell::Empty;
            list.rows.push(listed);
        }
    }

    /// Writes the household list (national style) as CSV to `path`, as a second file beside the
    /// person list.
    pub fn write_household_list(&self, path: &std::path::Path, encoding: CsvEncoding) -> Result<(), String> {
        let list = self.household_list.as_ref().ok_or("this register has no household list (use --national)")?;
        let sheet = Register {
            headers: list.headers.clone(),
            rows: list.rows.clone(),
            expected: Vec::new(),
            title_rows: 0,
            household_list: None,
            work: None,
        };
        sheet.write(path, &Format::Csv { encoding })
    }

    /// The findings to expect across the person list (file 0) and the household list (file 1)
    /// checked as two files.
    pub fn expected_across_lists(&self) -> Vec<CrossExpected> {
        let Some(list) = &self.household_list else { return Vec::new() };
        list.planted
            .iter()
            .map(|j| CrossExpected {
                rule: j.rule,
                rows: j.persons.iter().map(|&r| (0, r)).chain(j.listed.iter().map(|&r| (1, r))).collect(),
            })
            .collect()
    }

    /// The findings to expect when the register is checked as written in `format`: a workbook of
    /// the national style also holds the household list as a second sheet, joined with the
    /// persons, and so adds the findings of the list's faults; a CSV holds the persons only.
    pub fn expected_as(&self, format: &Format) -> Vec<Expected> {
        let mut all = self.expected.clone();
        if let (Format::Xlsx { .. }, Some(list)) = (format, &self.household_list) {
            all.extend(list.expected_beside());
        }
        if let (Format::Xlsx { .. }, Some(tables)) = (format, &self.work) {
            all.extend(tables.expected.iter().cloned());
        }
        all.sort_by(|a, b| (a.rows.first(), a.rule).cmp(&(b.rows.first(), b.rule)));
        all
    }

    /// The findings to expect when the register is checked with its work tables beside it (as
    /// sheets of its workbook, or as [`Register::work_file`] beside a CSV).
    pub fn expected_with_work(&self) -> Vec<Expected> {
        let mut all = self.expected.clone();
        all.extend(self.work.iter().flat_map(|t| t.expected.iter().cloned()));
        all.sort_by(|a, b| (a.rows.first(), a.rule).cmp(&(b.rows.first(), b.rule)));
        all
    }

    /// [`Register::expected_as`] as pretty JSON: `[{"rule": …, "rows": […]}, …]`; with
    /// `work_beside` (the work file written too) the work faults as well, whatever the format.
    pub fn expected_json(&self, format: &Format, work_beside: bool) -> String {
        let mut all = self.expected_as(format);
        if work_beside && matches!(format, Format::Csv { .. }) {
            all.extend(self.work.iter().flat_map(|t| t.expected.iter().cloned()));
            all.sort_by(|a, b| (a.rows.first(), a.rule).cmp(&(b.rows.first(), b.rule)));
        }
        serde_json::to_string_pretty(&all).expect("plain data serialises")
    }

    /// Writes the work tables as a workbook of their own (`.xlsx`, the 务工监测 and 计划外出务工
    /// sheets), the file to give as `--work` beside the register. An error for a register
    /// without work tables (not `--monitoring`) or a path not ending in `.xlsx`.
    pub fn write_work(&self, path: &std::path::Path) -> Result<(), String> {
        let tables = self.work.as_ref().ok_or("only a monitoring register (--monitoring) has work tables")?;
        if !path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return Err(format!("{}: the work file is a workbook of two sheets and must end in .xlsx", path.display()));
        }
        let bytes = write_xlsx::work_bytes(tables)?;
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Excel row number of data row `i` (0-based): title rows, then the header, then the data.
    pub fn excel_row(&self, i: usize) -> u32 {
        self.title_rows + 2 + i as u32
    }

    /// The title rows' text: the table's name, the reporting office and the export date, naming
    /// the county when the register covers one county only.
    fn title_lines(&self) -> Vec<String> {
        let county = match self.rows.first() {
            Some(first) if self.rows.iter().all(|r| r[0] == first[0]) => columns::text(&first[0]),
            _ => "",
        };
        let lines = [
            format!("{county}建档立卡贫困人口信息表（2020年）"),
            format!("填报单位：{county}扶贫开发办公室"),
            "导出日期：2020年12月31日".to_owned(),
        ];
        (0..self.title_rows as usize).map(|i| lines.get(i).cloned().unwrap_or_default()).collect()
    }
}
