//! Last period's register at scale (`huqing index --previous`): for each register compared with a
//! baseline, `period-NNNNN.parquet` holds both sides as the period comparison reads them
//! ([`crate::period::people`]) — the register (`side` 0) and its baseline (`side` 1) — so that
//! the SQL matches every baseline against every register. Personal data, as the person index.

use super::index::{ints, texts, ParquetOut};
use crate::check::exemptions::person_key;
use crate::period::people::People;
use std::path::{Path, PathBuf};

/// The columns, in order (table `period_people`): `file` is the register's label (side 0) or
/// the baseline's path as given (side 1: as the batch's summary.json names it); `person` the person's place on its side; `household` and
/// `member` the household's place on its side and the person's in it (null without a 户编号);
/// `household_key` 户编号 as matched, `household_written` as written on the household's first
/// row; `head` 1 on the row the household's own columns are read on; `household_text`,
/// `township`, `village`, `name`, `id_written` the row's own cells; `id` normalised; `birth`
/// `yyyymmdd`; `reason` the change column's text when it names a reason, `leaving` 1 when that
/// reason is a leaving; `s0`…`s4` the status columns (户类型, 贫困户属性, 脱贫属性, 监测对象类别,
/// 风险是否已消除; null when the side lacks the column) and `c0`…`c4` their headers; `size_text`
/// and `size` 人数 as written and as declared; `id_key` the key an exemption list names the
/// person by, as `Exemptions::apply` reads it (the register's: the normalised ID, else the cell
/// normalised; the baseline's, for a person no longer listed: its cell normalised).
pub const SCHEMA: &str = "message period_people {
  required int32 file_no;
  required int32 side;
  required binary file (STRING);
  required int32 person;
  required int32 sheet_row;
  optional int32 household;
  optional int32 member;
  required binary household_key (STRING);
  required binary household_written (STRING);
  required int32 head;
  required binary household_text (STRING);
  required binary township (STRING);
  required binary village (STRING);
  required binary name (STRING);
  required binary id_written (STRING);
  required binary name_key (STRING);
  optional binary id (STRING);
  optional int32 birth;
  optional binary reason (STRING);
  required int32 leaving;
  optional binary s0 (STRING);
  optional binary s1 (STRING);
  optional binary s2 (STRING);
  optional binary s3 (STRING);
  optional binary s4 (STRING);
  optional binary c0 (STRING);
  optional binary c1 (STRING);
  optional binary c2 (STRING);
  optional binary c3 (STRING);
  optional binary c4 (STRING);
  optional binary size_text (STRING);
  optional int32 size;
  optional binary id_key (STRING);
}";

/// The period file of register number `file_no` in `dir`.
pub fn period_path(dir: &Path, file_no: usize) -> PathBuf {
    dir.join(format!("period-{file_no:05}.parquet"))
}

/// Writes register number `file_no` (`label`) and its baseline (named `baseline`: its path as
/// given, so that its rows are told apart from the register's even under the same file name)
/// into `dir`, a row group a side.
pub fn write_period(
    dir: &Path,
    file_no: usize,
    label: &str,
    baseline: &str,
    (_, now, before): &(String, People, People),
) -> Result<u64, String> {
    let mut out = ParquetOut::create(period_path(dir, file_no), SCHEMA)?;
    for (side, file, people) in [(0, label, now), (1, baseline, before)] {
        let ps = &people.persons;
        let status = |i: usize| ps.iter().map(move |p| p.status[i].as_deref());
        let keys: Vec<Option<String>> = ps
            .iter()
            .map(|p| match side {
                0 => p.id.clone().or_else(|| person_key(&p.id_written)),
                _ => person_key(&p.id_written),
            })
            .collect();
        out.group(|column, col| match column {
            0 => ints(col, ps.iter().map(|_| Some(file_no as i32))),
            1 => ints(col, ps.iter().map(|_| Some(side))),
            2 => texts(col, ps.iter().map(|_| Some(file))),
            3 => ints(col, (0..ps.len()).map(|i| Some(i as i32))),
            4 => ints(col, ps.iter().map(|p| Some(p.row as i32))),
            5 => ints(col, ps.iter().map(|p| p.household.map(|h| h.0 as i32))),
            6 => ints(col, ps.iter().map(|p| p.household.map(|h| h.1 as i32))),
            7 => texts(col, ps.iter().map(|p| Some(p.household_key.as_str()))),
            8 => texts(col, ps.iter().map(|p| Some(p.household_written.as_str()))),
            9 => ints(col, ps.iter().map(|p| Some(i32::from(p.head)))),
            10 => texts(col, ps.iter().map(|p| Some(p.household_text.as_str()))),
            11 => texts(col, ps.iter().map(|p| Some(p.township.as_str()))),
            12 => texts(col, ps.iter().map(|p| Some(p.village.as_str()))),
            13 => texts(col, ps.iter().map(|p| Some(p.name.as_str()))),
            14 => texts(col, ps.iter().map(|p| Some(p.id_written.as_str()))),
            15 => texts(col, ps.iter().map(|p| Some(p.name_key.as_str()))),
            16 => texts(col, ps.iter().map(|p| p.id.as_deref())),
            17 => ints(col, ps.iter().map(|p| p.birth.map(|b| b as i32))),
            18 => texts(col, ps.iter().map(|p| p.reason.as_deref())),
            19 => ints(col, ps.iter().map(|p| Some(i32::from(p.left)))),
            20..=24 => texts(col, status(column - 20)),
            25..=29 => texts(col, ps.iter().map(|_| people.status_headers[column - 25].as_deref())),
            30 => texts(col, ps.iter().map(|p| p.size_text.as_deref())),
            31 => ints(col, ps.iter().map(|p| p.size.map(|s| s as i32))),
            _ => texts(col, keys.iter().map(|k| k.as_deref())),
        })?;
    }
    out.close()
}
