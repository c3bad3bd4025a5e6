//! A check kept open for what follows it: the household view and the exports need the table, not
//! only the report. The file's bytes are freed once read; the annotated export is handed them again. The wasm `Checked` object is a thin shell over this; [`crate::check::check_file`] makes one.

use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::facts::context::Context;
use crate::facts::people::PersonIndex;
use crate::profile::Profile;
use crate::read::table::Table;
use crate::report::Report;
use serde::Serialize;

/// One checked file: the table read from it, and the report.
pub struct Session {
    /// The file's length and a digest of it, to tell the bytes handed to an export are those checked.
    fingerprint: (usize, u64),
    /// The encoding asked for, to re-read a text file the same way.
    encoding: Option<String>,
    table: Table,
    report: Report,
    mapping: Mapping,
}

/// Every member of one household, as the household view shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdView {
    /// The 户编号 asked for.
    pub household: String,
    /// The Excel row number of the header row.
    pub header_row: u32,
    pub headers: Vec<String>,
    /// The member rows in sheet order.
    pub rows: Vec<HouseholdRow>,
}

/// One member row: its Excel row number and every cell as displayed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdRow {
    pub row: u32,
    pub cells: Vec<String>,
}

impl Session {
    /// The session of a check just run (see [`crate::check::check_file`]).
    pub(super) fn new(
        fingerprint: (usize, u64),
        encoding: Option<String>,
        table: Table,
        report: Report,
        mapping: Mapping,
    ) -> Session {
        Session { fingerprint, encoding, table, report, mapping }
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The report, the table let go.
    pub fn into_report(self) -> Report {
        self.report
    }

    pub fn table(&self) -> &Table {
        &self.table
    }

    /// Whether `bytes` are those this session checked.
    pub fn checked(&self, bytes: &[u8]) -> bool {
        fingerprint(bytes) == self.fingerprint
    }

    /// The encoding the caller chose for a text file, if any.
    pub fn encoding(&self) -> Option<&str> {
        self.encoding.as_deref()
    }

    /// The people of the checked table, for a [`crate::Batch`]: the index reads the table and the
    /// column mapping only, so the profile's thresholds do not enter it.
    pub fn person_index(&self, file: &str) -> PersonIndex {
        let profile = Profile::default();
        PersonIndex::from_context(&Context::new(&self.table, &self.mapping, &profile), file)
    }

    /// The rows whose 户编号 (trimmed, without an export's `#` mark) is `key`; none when the
    /// column is missing or no row has it.
    pub fn household(&self, key: &str) -> HouseholdView {
        let key = crate::base::text::number(key);
        let width = self.table.columns();
        let rows = match self.mapping.col(Role::HouseholdId) {
            Some(col) if !key.is_empty() => (0..self.table.rows())
                .filter(|&r| crate::base::text::number(self.table.text(col, r)) == key)
                .map(|r| HouseholdRow {
                    row: self.table.excel_row(r),
                    cells: (0..width).map(|c| self.table.text(c, r).to_owned()).collect(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut headers = self.table.headers().to_vec();
        headers.resize(width, String::new());
        HouseholdView { household: key.to_owned(), header_row: self.table.header_row(), headers, rows }
    }
}

/// FNV-1a over every 4096th byte and the last 4096: a few microseconds even for 200 MB, and
/// enough to tell another file (or none) from the one checked.
pub(super) fn fingerprint(bytes: &[u8]) -> (usize, u64) {
    let tail = bytes.len().saturating_sub(4096);
    let sampled = bytes.iter().step_by(4096).chain(&bytes[tail..]);
    let digest = sampled.fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    (bytes.len(), digest)
}

#[cfg(test)]
mod tests {
    const CSV: &str =
        "户编号,姓名,与户主关系,证件号码\nH1,张三,户主,11010519491231002X\nH2,李四,户主,\nH1,王芳,配偶,\n";

    #[test]
    fn household_lists_every_member_in_sheet_order() {
        let s = crate::check::check_file(CSV.as_bytes(), "a.csv", &Default::default(), &mut |_, _| {}).unwrap();
        let v = s.household(" H1 ");
        assert_eq!(v.household, "H1");
        assert_eq!(v.header_row, 1);
        assert_eq!(v.headers, ["户编号", "姓名", "与户主关系", "证件号码"]);
        let rows: Vec<(u32, &str)> = v.rows.iter().map(|r| (r.row, r.cells[1].as_str())).collect();
        assert_eq!(rows, [(2, "张三"), (4, "王芳")]);
        assert_eq!(v.rows[0].cells[3], "11010519491231002X");
        assert!(s.household("H9").rows.is_empty());
        assert!(s.household("").rows.is_empty());
        assert_eq!(s.report().rows, 3);
    }
}
