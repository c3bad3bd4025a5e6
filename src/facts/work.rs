//! The 务工监测 table (one row per spell of work: 人编号 or 证件号码, 开始时间, 结束时间,
//! 务工所在县, 是否已务工 …) and the 计划外出务工 table (one row per person planning to work away:
//! 是否计划务工, 计划务工所在县, 就业服务需求), each another sheet of the workbook beside the person
//! export or a file of its own, joined with it by 人编号 when both have one, else by 证件号码. The
//! `work-*` rules read a person's rows through `Context::spells` and report on the person's
//! row, naming the table's rows.

use crate::columns::header::Header;
use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::read::table::Table;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

/// A work table as read, with its rows by 人编号 and by 证件号码.
pub struct WorkRecords {
    /// The sheet's name (or the file's, for a file of its own), for messages.
    pub source: String,
    pub table: Table,
    pub mapping: Mapping,
    by_no: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    /// Columns, by role, that hold a value on some row: a column an export carries but nobody
    /// fills is an unused column, not a blank on every row.
    used: Vec<bool>,
    /// Each person row's rows of this table, joined once for all the rules that ask: the rows of
    /// person row `p` are `rows[start[p]..start[p + 1]]`.
    joined: OnceCell<Joined>,
}

struct Joined {
    start: Vec<usize>,
    rows: Vec<usize>,
}

/// A person's rows in one of the 务工 tables, as a finding names them ([`crate::facts::context::Context::work_evidence`]).
pub struct WorkEvidence<'w> {
    /// The table's sheet (or file) name.
    pub sheet: &'w str,
    /// The rows' Excel numbers: `5、6`.
    pub rows: String,
    /// True for rows of the 计划外出务工 table (a plan), false for 务工监测 rows (work).
    pub planned: bool,
}

impl WorkEvidence<'_> {
    /// The finding's `table`, `table_en`, `sheet`, `rows`, `what` and `what_en` arguments: `what`
    /// is the rule's wording for work done (`worked`) or for a plan (`plan`), each zh and en.
    pub fn args<'a>(&'a self, worked: [&'a str; 2], plan: [&'a str; 2]) -> [(&'static str, &'a str); 6] {
        let ([table, table_en], [what, what_en]) = match self.planned {
            false => (["务工监测表", "work table"], worked),
            true => (["计划外出务工表", "planned-work table"], plan),
        };
        [
            ("table", table),
            ("table_en", table_en),
            ("sheet", self.sheet),
            ("rows", &self.rows),
            ("what", what),
            ("what_en", what_en),
        ]
    }
}

/// Which of the two 务工 tables a sheet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 务工监测: spells of work done.
    Work,
    /// 计划外出务工: plans to work away.
    Plan,
}

/// The kind of a header naming a person (人编号 or 证件号码) without 与户主关系: a 计划外出务工
/// table's when it names 是否计划务工, a 务工监测 table's when it names a spell (开始时间 or
/// 是否已务工).
pub fn kind(header: &Header) -> Option<Kind> {
    let m = Mapping::new(&header.names, &BTreeMap::new());
    let person = m.col(Role::PersonNo).is_some() || m.col(Role::PersonId).is_some();
    if !person || m.col(Role::Relation).is_some() {
        return None;
    }
    if m.col(Role::WorkPlanned).is_some() {
        Some(Kind::Plan)
    } else if [Role::WorkStart, Role::WorkDone].iter().any(|&r| m.col(r).is_some()) {
        Some(Kind::Work)
    } else {
        None
    }
}

/// True for the header of either 务工 table.
pub fn looks_like(header: &Header) -> bool {
    kind(header).is_some()
}

/// The header of a work table in `grid`: the register header if it is one, else the first row
/// (of the first [`crate::columns::header::SCAN_ROWS`]) that [`looks_like`] one — a work table may name
/// its people by 人编号 only, which is no register's key.
pub fn header(grid: &crate::read::table::Grid) -> Option<Header> {
    if let Some(h) = crate::columns::header::find(grid).filter(looks_like) {
        return Some(h);
    }
    (0..grid.row_count().min(crate::columns::header::SCAN_ROWS)).find_map(|at| {
        let names: Vec<String> = (0..grid.column_count()).map(|c| grid.text(c, at).trim().to_owned()).collect();
        let h = Header { at, span: 1, score: 0, names };
        looks_like(&h).then_some(h)
    })
}

/// The key a person is joined on: the number without an export's marks, capital X.
fn key(text: &str) -> String {
    crate::base::text::number(text).to_ascii_uppercase()
}

impl WorkRecords {
    pub fn new(source: String, table: Table) -> WorkRecords {
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let index = |role: Role| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            if let Some(c) = mapping.col(role) {
                for r in 0..table.rows() {
                    let k = key(table.text(c, r));
                    if !k.is_empty() {
                        index.entry(k).or_default().push(r);
                    }
                }
            }
            index
        };
        let (by_no, by_id) = (index(Role::PersonNo), index(Role::PersonId));
        let mut used = vec![false; crate::columns::roles::ROLES.len()];
        for (role, c) in mapping.iter() {
            used[role as usize] = (0..table.rows()).any(|r| !crate::base::text::trim(table.text(c, r)).is_empty());
        }
        WorkRecords { source, table, mapping, by_no, by_id, used, joined: OnceCell::new() }
    }

    /// The table in `grid`, its header found as [`header`] does; `None` when it has none.
    pub fn from_grid(source: String, grid: crate::read::table::Grid) -> Option<WorkRecords> {
        let h = header(&grid)?;
        Some(WorkRecords::new(source, Table::with_header(grid, h.at, h.span, h.names)))
    }

    /// Which table this is.
    pub fn kind(&self) -> Kind {
        if self.mapping.col(Role::WorkPlanned).is_some() {
            Kind::Plan
        } else {
            Kind::Work
        }
    }

    /// True when the table has a column of `role` with a value on some row.
    pub fn uses(&self, role: Role) -> bool {
        self.used[role as usize]
    }

    /// The table's rows of one person, in its order: `person` is their 人编号 when `by_no`, else
    /// their 证件号码 (see `Context::spells`).
    pub fn rows_of(&self, by_no: bool, person: &str) -> &[usize] {
        let k = key(person);
        if k.is_empty() {
            return &[];
        }
        let index = if by_no { &self.by_no } else { &self.by_id };
        index.get(&k).map_or(&[], Vec::as_slice)
    }

    /// The rows of data row `row` of the person sheet, of `persons` rows whose 人编号 (`by_no`)
    /// or 证件号码 `person(r)` gives. A table belongs to one person sheet and every rule asks for
    /// every row, so all of them are joined on the first call ([`WorkRecords::rows_of`] each)
    /// and every later call reads a slice.
    pub fn joined<'p>(&self, persons: usize, by_no: bool, person: impl Fn(usize) -> &'p str, row: usize) -> &[usize] {
        let j = self.joined.get_or_init(|| {
            let mut joined = Joined { start: Vec::with_capacity(persons + 1), rows: Vec::new() };
            joined.start.push(0);
            for r in 0..persons {
                joined.rows.extend_from_slice(self.rows_of(by_no, person(r)));
                joined.start.push(joined.rows.len());
            }
            joined
        });
        j.start.get(row + 1).map_or(&[], |&end| &j.rows[j.start[row]..end])
    }

    /// True when the table has a column of `role`.
    pub fn has(&self, role: Role) -> bool {
        self.mapping.col(role).is_some()
    }

    /// The cell of `role` in the table's data row `r`, trimmed; empty when unmapped.
    pub fn text(&self, role: Role, r: usize) -> &str {
        self.mapping.col(role).map_or("", |c| crate::base::text::trim(self.table.text(c, r)))
    }

    /// The header text of the column of `role`, as the table writes it.
    pub fn header(&self, role: Role) -> &str {
        self.mapping.col(role).map_or("", |c| self.table.header(c).trim())
    }

    /// The month (year × 12 + month − 1) of a date cell: `2023年03月`, `202303`, `2023-03-01`.
    pub fn month(&self, role: Role, r: usize) -> Option<i32> {
        crate::profile::custom::expr::month_of(self.text(role, r))
    }

    /// True when the row records work done (是否已务工 not 否).
    pub fn worked(&self, r: usize) -> bool {
        self.text(Role::WorkDone, r) != "否"
    }

    /// True when a 计划外出务工 row records a plan (是否计划务工 是).
    pub fn planned(&self, r: usize) -> bool {
        self.text(Role::WorkPlanned, r) == "是"
    }

    /// The Excel numbers of data rows `rows`, for a message: `5、6`.
    pub fn excel_rows(&self, rows: &[usize]) -> String {
        rows.iter().map(|&r| self.table.excel_row(r).to_string()).collect::<Vec<_>>().join("、")
    }
}
