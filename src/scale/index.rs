//! The person index as Parquet (`huqing index`): one file `part-NNNNN.parquet` per register, so
//! that registers are indexed apart (one job each) and read together (`DIR/*.parquet`).
//!
//! A row is a person as the batch's duplicate detection reads it ([`IndexRow`]), nothing more:
//! where it stands (file, sheet, row as Excel shows it), its household (户编号 as rules read it,
//! its 乡镇, 行政村 and 年度), its ID (canonical, as written, and what kind of cell it was), its
//! name (as written, and the key names are compared by), birth date and sex. It is personal
//! data all the same (docs/scale.md says where it may be kept).

use crate::check::exemptions::{person_key, Exemptions};
use crate::check::Indexed;
use crate::compare::{List, RowFacts};
use crate::facts::people::{IndexRow, PersonIndex};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The columns, in order: `year` and `birth` (`yyyymmdd`) are numbers; `household`, `year`,
/// `id`, `birth` and `sex` (1 male, 2 female) are null when unknown; `id_key` is the key an
/// exemption list names the person by (null when the ID is missing); `dead` is 1 when 健康状况
/// says 死亡 (a list of deaths does not ask about the person), else 0.
///
/// The columns after `dead` are what the comparison lists that compare more than the match read
/// of the register (`compare::RowFacts`): null unless `index --compare` is given a list of such a
/// kind, and then only those its kinds read. `household_no` the row's household (its place in the
/// sheet), `current` 1 for a row of the latest 年度 (the absences are asked about for those);
/// `health` (健康状况 as written, null without the column) and `disabled` (1 when it says 残疾)
/// for a disability list; `schooling` (在校生状况 as written, null without the column),
/// `school_age` (at the start of the school year) and `at_school` (1 or 0, null when unknown)
/// for a student list (`at_school` for a pension list too, with `age`); for a 低保 or 特困 list,
/// `household_type` (贫困户属性 as written) and per policy whether the household is marked so
/// (`dibao`/`special`: 1 or 0, null when the register has none of the columns that would say),
/// by which column and value (`…_column`, `…_said`) and this row's cell of that column
/// (`…_cell`); for an insurance list the register's own pension or medical insurance columns
/// that say something (`pension`, `medical`: `header value`, several joined by the character 31).
pub const SCHEMA: &str = "message person_index {
  required int32 file_no;
  required binary file (STRING);
  required binary sheet (STRING);
  required int32 sheet_row;
  optional binary household (STRING);
  required binary township (STRING);
  required binary village (STRING);
  optional int32 year;
  optional binary id (STRING);
  required binary id_written (STRING);
  optional binary id_key (STRING);
  required binary id_kind (STRING);
  required binary name (STRING);
  required binary name_key (STRING);
  optional int32 birth;
  optional int32 sex;
  required int32 dead;
  optional int32 household_no;
  optional int32 current;
  optional binary health (STRING);
  optional int32 disabled;
  optional binary schooling (STRING);
  optional int32 school_age;
  optional int32 at_school;
  optional int32 age;
  optional binary household_type (STRING);
  optional int32 dibao;
  optional binary dibao_column (STRING);
  optional binary dibao_said (STRING);
  optional binary dibao_cell (STRING);
  optional int32 special;
  optional binary special_column (STRING);
  optional binary special_said (STRING);
  optional binary special_cell (STRING);
  optional binary pension (STRING);
  optional binary medical (STRING);
}";

/// Rows per row group: about 40 MB of column data, read in parallel by the engines.
const GROUP: usize = 1 << 20;

/// The part file of register number `file_no` in `dir`.
pub fn part_path(dir: &Path, file_no: usize) -> PathBuf {
    dir.join(format!("part-{file_no:05}.parquet"))
}

/// Writes the people of `register` as register number `file_no` into `dir`; returns the bytes
/// written.
pub fn write_part(dir: &Path, file_no: usize, register: &Indexed) -> Result<u64, String> {
    let (sheet, index) = (register.sheet.as_str(), &register.people);
    let mut out = ParquetOut::create(part_path(dir, file_no), SCHEMA)?;
    let rows: Vec<usize> = (0..index.len()).collect();
    for chunk in rows.chunks(GROUP) {
        let people: Vec<IndexRow> = chunk.iter().map(|&i| index.index_row(i)).collect();
        let name = index.file_name(0);
        let keys: Vec<Option<String>> = people.iter().map(|p| person_key(p.id_written)).collect();
        let facts: Vec<Option<&RowFacts>> = people
            .iter()
            .map(|p| register.facts.binary_search_by_key(&p.row, |f| f.0).ok().map(|i| &register.facts[i].1))
            .collect();
        let fact = |f: fn(&RowFacts) -> Option<i32>| facts.iter().map(move |x| x.and_then(f));
        let said = |f: fn(&RowFacts) -> Option<&str>| facts.iter().map(move |x| x.and_then(f));
        let insured: Vec<[Option<String>; 2]> = facts
            .iter()
            .map(|x| [0, 1].map(|i| x.map(|f| f.insured[i].join("\u{1f}")).filter(|t| !t.is_empty())))
            .collect();
        out.group(|column, col| match column {
            0 => ints(col, people.iter().map(|_| Some(file_no as i32))),
            1 => texts(col, people.iter().map(|_| Some(name))),
            2 => texts(col, people.iter().map(|_| Some(sheet))),
            3 => ints(col, people.iter().map(|p| Some(p.row as i32))),
            4 => texts(col, people.iter().map(|p| p.household.map(|h| h[0]))),
            5 => texts(col, people.iter().map(|p| Some(p.household.map_or("", |h| h[1])))),
            6 => texts(col, people.iter().map(|p| Some(p.household.map_or("", |h| h[2])))),
            7 => ints(col, people.iter().map(|p| p.year.map(i32::from))),
            8 => texts(col, people.iter().map(|p| p.id.as_deref())),
            9 => texts(col, people.iter().map(|p| Some(p.id_written))),
            10 => texts(col, keys.iter().map(|k| k.as_deref())),
            11 => texts(col, people.iter().map(|p| Some(p.id_kind))),
            12 => texts(col, people.iter().map(|p| Some(p.name))),
            13 => texts(col, people.iter().map(|p| Some(p.name_key.as_str()))),
            14 => ints(col, people.iter().map(|p| p.birth.map(|b| b as i32))),
            15 => ints(col, people.iter().map(|p| p.sex.map(i32::from))),
            16 => ints(col, people.iter().map(|p| Some(i32::from(register.dead.binary_search(&p.row).is_ok())))),
            17 => ints(col, fact(|f| f.household.map(|h| h as i32))),
            18 => ints(col, fact(|f| Some(i32::from(f.current)))),
            19 => texts(col, said(|f| f.health.as_deref())),
            20 => ints(col, fact(|f| f.health.as_ref().map(|_| i32::from(f.disabled)))),
            21 => texts(col, said(|f| f.schooling.as_deref())),
            22 => ints(col, fact(|f| f.school_age)),
            23 => ints(col, fact(|f| f.at_school.map(i32::from))),
            24 => ints(col, fact(|f| f.age)),
            25 => texts(col, said(|f| f.household_type.as_deref())),
            26..=33 => {
                // 低保 (26–29), then 特困 (30–33): marked, by which column, its value, this row's cell.
                let marks = facts.iter().map(|x| x.and_then(|f| f.marks[usize::from(column >= 30)].as_ref()));
                match (column - 26) % 4 {
                    0 => ints(col, marks.map(|m| m.map(|k| i32::from(k.by.is_some())))),
                    1 => texts(col, marks.map(|m| m.and_then(|k| k.by.as_ref()).map(|b| b.0.as_str()))),
                    2 => texts(col, marks.map(|m| m.and_then(|k| k.by.as_ref()).map(|b| b.1.as_str()))),
                    _ => texts(col, marks.map(|m| m.and_then(|k| k.cell.as_deref()))),
                }
            }
            34 => texts(col, insured.iter().map(|i| i[0].as_deref())),
            _ => texts(col, insured.iter().map(|i| i[1].as_deref())),
        })?;
    }
    out.close()
}

/// Each register's households as its sheet describes them (see `households::HouseholdList`), for
/// joining household lists with person lists across files as the batch does: `kind` is `persons`
/// or `households`, `idx` the household's place in its sheet, `rows` its rows as Excel numbers
/// them, `size` its members (a person list) or the 人口数 declared (a household list), the head's
/// ID and name as compared (`_key`) and as written.
pub const HOUSEHOLDS_SCHEMA: &str = "message household_sides {
  required int32 file_no;
  required binary file (STRING);
  required binary kind (STRING);
  required int32 idx;
  required binary key (STRING);
  required binary written (STRING);
  required binary township (STRING);
  required binary village (STRING);
  repeated int32 rows;
  optional int32 size;
  optional binary head_id_key (STRING);
  optional binary head_id (STRING);
  optional binary head_name_key (STRING);
  optional binary head_name (STRING);
}";

/// The households file of register number `file_no` in `dir`.
pub fn households_path(dir: &Path, file_no: usize) -> PathBuf {
    dir.join(format!("households-{file_no:05}.parquet"))
}

/// Writes the households of `index` (one register) as register number `file_no` into `dir`.
pub fn write_households(dir: &Path, file_no: usize, index: &PersonIndex) -> Result<(), String> {
    use crate::facts::context::SheetKind;
    let mut out = ParquetOut::create(households_path(dir, file_no), HOUSEHOLDS_SCHEMA)?;
    let name = index.file_name(0);
    for (_, kind, list) in &index.sides {
        let kind = if *kind == SheetKind::Households { "households" } else { "persons" };
        let hs = &list.households;
        out.group(|column, col| match column {
            0 => ints(col, hs.iter().map(|_| Some(file_no as i32))),
            1 => texts(col, hs.iter().map(|_| Some(name))),
            2 => texts(col, hs.iter().map(|_| Some(kind))),
            3 => ints(col, (0..hs.len()).map(|i| Some(i as i32))),
            4 => texts(col, hs.iter().map(|h| Some(h.key.as_str()))),
            5 => texts(col, hs.iter().map(|h| Some(h.written.as_str()))),
            6 => texts(col, hs.iter().map(|h| Some(h.township.as_str()))),
            7 => texts(col, hs.iter().map(|h| Some(h.village.as_str()))),
            8 => {
                // A repeated column: one value a row, the first of each household at
                // repetition level 0 (a household has at least one row).
                let values: Vec<i32> = hs.iter().flat_map(|h| h.rows.iter().map(|&r| r as i32)).collect();
                let reps: Vec<i16> = hs.iter().flat_map(|h| (0..h.rows.len()).map(|i| i16::from(i > 0))).collect();
                let defs = vec![1i16; values.len()];
                col.typed::<Int32Type>().write_batch(&values, Some(&defs), Some(&reps))
            }
            9 => ints(col, hs.iter().map(|h| h.size.map(|s| s.min(i32::MAX as u64) as i32))),
            10 => texts(col, hs.iter().map(|h| h.head_id.as_ref().map(|p| p.0.as_str()))),
            11 => texts(col, hs.iter().map(|h| h.head_id.as_ref().map(|p| p.1.as_str()))),
            12 => texts(col, hs.iter().map(|h| h.head_name.as_ref().map(|p| p.0.as_str()))),
            _ => texts(col, hs.iter().map(|h| h.head_name.as_ref().map(|p| p.1.as_str()))),
        })?;
    }
    out.close().map(drop)
}

/// The exemption list's table: its lines as the batch matches them, numbered in list order (the
/// first that fits wins). Always written, empty without a list, so that the SQL reads one.
pub const EXEMPTIONS_SCHEMA: &str = "message exemptions {
  required int32 line;
  optional binary person (STRING);
  optional binary household (STRING);
  optional binary rule (STRING);
  required binary reason (STRING);
}";

/// The file of the exemption list in an index folder.
pub fn exemptions_path(dir: &Path) -> PathBuf {
    dir.join("exemptions.parquet")
}

/// Writes the lines of `list` (resolved against the profile) into `dir`.
pub fn write_exemptions(dir: &Path, list: &Exemptions) -> Result<(), String> {
    let mut out = ParquetOut::create(exemptions_path(dir), EXEMPTIONS_SCHEMA)?;
    let lines: Vec<_> = list.lines().collect();
    out.group(|column, col| match column {
        0 => ints(col, (0..lines.len()).map(|i| Some(i as i32))),
        1 => texts(col, lines.iter().map(|l| l.0)),
        2 => texts(col, lines.iter().map(|l| l.1)),
        3 => texts(col, lines.iter().map(|l| l.2)),
        _ => texts(col, lines.iter().map(|l| Some(l.3))),
    })?;
    out.close().map(drop)
}

/// The rows of the comparison lists (`index --compare`), numbered in the order given (`list_no`)
/// and in each list's order (`idx`): the list's file and its kind (name and finding key), the row
/// as Excel numbers it, what it is matched by (`id`, the canonical ID, when usable; else
/// `name_key` and `birth`, `yyyymmdd`, as `compare` reads them), the name and ID as written and
/// the list's quoted columns (`shown`, `header value`, joined by ，) and the disability grade it
/// gives (`grade`, for a disability list). Always written, empty without a list.
pub const LISTS_SCHEMA: &str = "message list_rows {
  required int32 list_no;
  required binary list (STRING);
  required binary kind (STRING);
  required binary key (STRING);
  required int32 row;
  required int32 idx;
  optional binary id (STRING);
  required binary name_key (STRING);
  optional int32 birth;
  required binary name_written (STRING);
  required binary id_written (STRING);
  required binary shown (STRING);
  optional binary grade (STRING);
}";

/// The file of the comparison lists' rows in an index folder.
pub fn lists_path(dir: &Path) -> PathBuf {
    dir.join("lists.parquet")
}

/// Writes the rows of `lists` into `dir`, a row group a list.
pub fn write_lists(dir: &Path, lists: &[List]) -> Result<(), String> {
    let mut out = ParquetOut::create(lists_path(dir), LISTS_SCHEMA)?;
    for (no, list) in lists.iter().enumerate() {
        let rows = &list.rows;
        let ids: Vec<Option<String>> = rows.iter().map(|r| r.id.map(crate::compare::id_text)).collect();
        out.group(|column, col| match column {
            0 => ints(col, rows.iter().map(|_| Some(no as i32))),
            1 => texts(col, rows.iter().map(|_| Some(list.file.as_str()))),
            2 => texts(col, rows.iter().map(|_| Some(list.kind.kind.as_ref()))),
            3 => texts(col, rows.iter().map(|_| Some(list.kind.key.as_ref()))),
            4 => ints(col, rows.iter().map(|r| Some(r.row as i32))),
            5 => ints(col, (0..rows.len()).map(|i| Some(i as i32))),
            6 => texts(col, ids.iter().map(|i| i.as_deref())),
            7 => texts(col, rows.iter().map(|r| Some(r.name.as_str()))),
            8 => ints(
                col,
                rows.iter()
                    .map(|r| r.birth.map(|b| i32::from(b.year) * 10_000 + i32::from(b.month) * 100 + i32::from(b.day))),
            ),
            9 => texts(col, rows.iter().map(|r| Some(r.name_written.as_str()))),
            10 => texts(col, rows.iter().map(|r| Some(r.id_written.as_str()))),
            11 => texts(col, list.shown.iter().map(|s| Some(s.as_str()))),
            _ => texts(col, rows.iter().map(|r| r.grade.as_deref())),
        })?;
    }
    out.close().map(drop)
}

/// What an index was written with, kept beside its parts as `index.json`: the person index's
/// facts (the list kinds' columns, ages) are judged with the profile and the reference date given
/// to `index`, so `cross` takes that profile unless told otherwise, and says what it was given.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// The layout of the parts; an index of another layout is written again.
    pub format: u32,
    /// The huqing that wrote it.
    pub huqing: String,
    /// `--profile` as `index` took it: a built-in profile's name, or the profile document itself
    /// (its text), or none (the default profile).
    pub profile: Option<String>,
    /// `--reference-date`, when given.
    pub reference_date: Option<String>,
}

/// The layout `index` writes (the columns of [`SCHEMA`] and the other tables). Raised when they
/// change, so that `cross` refuses an index the SQL would misread.
pub const FORMAT: u32 = 1;

/// The file of the [`Manifest`] in an index folder.
pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join("index.json")
}

/// Writes what the index is written with into `dir`.
pub fn write_manifest(dir: &Path, profile: Option<&str>, reference_date: Option<&str>) -> Result<(), String> {
    let manifest = Manifest {
        format: FORMAT,
        huqing: env!("CARGO_PKG_VERSION").to_owned(),
        profile: profile.map(str::to_owned),
        reference_date: reference_date.map(str::to_owned),
    };
    let path = manifest_path(dir);
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    std::fs::write(&path, text).map_err(|e| failed(&path, &e))
}

/// The manifest of the index in `dir`; an error, saying to index again, when it is missing, of
/// another format or unreadable.
pub fn read_manifest(dir: &Path) -> Result<Manifest, String> {
    let path = manifest_path(dir);
    let again = |why: &str| {
        format!(
            "{}: {why}; 请用当前版本重新运行 huqing index 生成索引 — run huqing index again to rebuild the index",
            dir.display()
        )
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(again("索引由旧版本写成（没有 index.json）— written by an older huqing (no index.json)"))
        }
        Err(e) => return Err(failed(&path, &e)),
    };
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| again(&format!("index.json 无法读取 unreadable ({e})")))?;
    if manifest.format != FORMAT {
        let why = format!(
            "索引格式 {} 与当前版本的 {FORMAT} 不同 — index format {}, this huqing reads {FORMAT}",
            manifest.format, manifest.format
        );
        return Err(again(&why));
    }
    Ok(manifest)
}

/// A Parquet file being written, a row group at a time; its errors name the file.
pub(super) struct ParquetOut {
    path: PathBuf,
    writer: SerializedFileWriter<std::fs::File>,
}

impl ParquetOut {
    pub(super) fn create(path: PathBuf, schema: &str) -> Result<ParquetOut, String> {
        let fail = |e: &dyn std::fmt::Display| failed(&path, e);
        let file = std::fs::File::create(&path).map_err(|e| fail(&e))?;
        let schema = Arc::new(parse_message_type(schema).map_err(|e| fail(&e))?);
        let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
        let writer = SerializedFileWriter::new(file, schema, props).map_err(|e| fail(&e))?;
        Ok(ParquetOut { path, writer })
    }

    /// Writes one row group, column number `i` by `column(i, writer)`.
    pub(super) fn group(
        &mut self,
        mut column: impl FnMut(usize, &mut SerializedColumnWriter<'_>) -> parquet::errors::Result<usize>,
    ) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| failed(&self.path, e);
        let mut group = self.writer.next_row_group().map_err(|e| fail(&e))?;
        let mut i = 0;
        while let Some(mut col) = group.next_column().map_err(|e| fail(&e))? {
            column(i, &mut col).map_err(|e| fail(&e))?;
            col.close().map_err(|e| fail(&e))?;
            i += 1;
        }
        group.close().map(drop).map_err(|e| fail(&e))
    }

    /// Ends the file; returns its size in bytes.
    pub(super) fn close(self) -> Result<u64, String> {
        let ParquetOut { path, writer } = self;
        writer.close().map_err(|e| failed(&path, &e))?;
        std::fs::metadata(&path).map(|m| m.len()).map_err(|e| failed(&path, &e))
    }
}

/// An error writing the index file `path`, naming it.
fn failed(path: &Path, e: &dyn std::fmt::Display) -> String {
    format!("{}: {e}", path.display())
}

/// Writes a column of numbers; `None` is null (a required column never gets one).
pub(super) fn ints(
    col: &mut SerializedColumnWriter<'_>,
    values: impl Iterator<Item = Option<i32>>,
) -> parquet::errors::Result<usize> {
    let (mut present, mut levels) = (Vec::new(), Vec::new());
    for v in values {
        levels.push(i16::from(v.is_some()));
        present.extend(v);
    }
    let optional = col.typed::<Int32Type>().get_descriptor().max_def_level() > 0;
    col.typed::<Int32Type>().write_batch(&present, optional.then_some(&levels[..]), None)
}

/// Writes a column of texts; `None` is null.
pub(super) fn texts<'a>(
    col: &mut SerializedColumnWriter<'_>,
    values: impl Iterator<Item = Option<&'a str>>,
) -> parquet::errors::Result<usize> {
    let (mut present, mut levels) = (Vec::new(), Vec::new());
    for v in values {
        levels.push(i16::from(v.is_some()));
        present.extend(v.map(|s| ByteArray::from(s.as_bytes().to_vec())));
    }
    let optional = col.typed::<ByteArrayType>().get_descriptor().max_def_level() > 0;
    col.typed::<ByteArrayType>().write_batch(&present, optional.then_some(&levels[..]), None)
}
