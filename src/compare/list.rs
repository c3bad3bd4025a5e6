//! Reading a department's list: the register's own readers, header finder and column mapping,
//! then each row reduced to what matching needs (the ID as a number, or the name and birth date)
//! and the columns its kind quotes.

use super::Kind;
use crate::base::error::{Error, ErrorKind};
use crate::columns::header;
use crate::columns::mapping::Mapping;
use crate::columns::roles::{normalize_header, Role};
use crate::domain::id_card::{self, Date};
use crate::read;
use crate::read::table::{Grid, Kind as CellKind, Table};
use serde::Serialize;
use std::collections::BTreeMap;

/// A list as a caller hands it over: its bytes, file name and kind (guessed when `None`).
#[derive(Debug, Clone)]
pub struct ListInput {
    pub bytes: Vec<u8>,
    pub name: String,
    pub kind: Option<String>,
}

/// One row of a list, as matching uses it.
#[derive(Debug, Clone)]
pub struct ListRow {
    /// The row as Excel numbers it.
    pub row: u32,
    /// The ID packed into a number ([`id_number`]), when the row has a usable one.
    pub id: Option<u64>,
    /// The name as compared ([`crate::domain::names::key`]; empty for a row with an ID) and the birth
    /// date, for a row without an ID.
    pub name: String,
    pub birth: Option<Date>,
    /// The name and the ID as written, for the finding's location.
    pub name_written: String,
    pub id_written: String,
    /// The disability grade read from the list (a 等级 column, or the 残疾人证号's 20th
    /// character), for the disability kind.
    pub grade: Option<String>,
}

/// A list read.
#[derive(Debug)]
pub struct List {
    pub file: String,
    pub kind: Kind,
    /// How the kind was chosen: `option`, `file-name`, `header` or `default`.
    pub kind_source: &'static str,
    pub summary: ListSummary,
    pub rows: Vec<ListRow>,
    /// The quoted columns' values, row by row (`rows[i]` ↔ `shown[i]`), each already
    /// formatted as `header value`.
    pub shown: Vec<String>,
}

/// What was read of a list and what it yielded, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListSummary {
    pub file: String,
    /// The kind's name and its finding key.
    pub kind: String,
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// `option` (the caller named it), `file-name` or `header` (guessed from its words), or
    /// `default` (nothing told: the generic kind).
    pub kind_source: &'static str,
    pub format: read::Format,
    pub encoding: Option<&'static str>,
    pub sheet: String,
    pub header_row: u32,
    /// Data rows below the header.
    pub rows: usize,
    /// Role key → header, for the columns recognised (证件号码, 姓名, 出生日期 …).
    pub columns: BTreeMap<&'static str, String>,
    /// The list's columns the findings quote.
    pub shown: Vec<String>,
    /// Rows with no usable ID (blank, malformed, or stored as a number that lost digits); those
    /// with a name and birth date are still matched, more weakly.
    pub without_id: usize,
    /// Rows matched to the register: by ID, by name and birth date; rows not found in it.
    pub matched_by_id: usize,
    pub matched_by_name: usize,
    pub unmatched: usize,
    /// Findings of this list.
    pub findings: usize,
    /// The register's column(s) the kind compares with, when the register has none of them: the
    /// list was matched but nothing compared.
    pub register_lacks: Option<&'static str>,
}

/// Reads the list `input` with the kinds `kinds` (the built-in ones and the profile's).
pub fn read(input: &ListInput, kinds: &[Kind]) -> Result<List, Error> {
    let bad = |zh: String, en: String| -> Error {
        ErrorKind::BadList { file: input.name.clone(), problem_zh: zh, problem_en: en }.into()
    };
    let chosen = match input.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(super::find_kind(kinds, k).ok_or_else(|| {
            let names: Vec<&str> = kinds.iter().map(|k| k.kind.as_ref()).collect();
            bad(
                format!("没有“{k}”这种名单，可用的有：{}", names.join("、")),
                format!("there is no list kind \"{k}\"; the kinds are {}", names.join(", ")),
            )
        })?),
        None => None,
    };
    let wrap = |e: Error| bad(e.message_zh(), e.message_en());
    let mut book = read::open_with_progress(&input.bytes, &input.name, None, &|_| {}).map_err(wrap)?;
    let sheets = book.sheet_names();
    // The sheet whose header names an ID (or a name) column with the most ID-like cells below.
    let mut best: Option<((usize, usize), String)> = None;
    for s in &sheets {
        let Ok(preview) = book.read_sheet(s, Some(header::SCAN_ROWS + 20), &mut |_| {}) else { continue };
        let Some((at, span, names)) = find_header(&preview) else { continue };
        let Some(col) = id_column(&names).or_else(|| name_column(&names)) else { continue };
        let ids = (at + span..preview.row_count())
            .filter(|&r| id_of(preview.text(col, r), preview.kind(col, r)).is_some())
            .count();
        let key = (ids, names.iter().filter(|n| !n.trim().is_empty()).count());
        if best.as_ref().is_none_or(|(b, _)| key > *b) {
            best = Some((key, s.clone()));
        }
    }
    let Some((_, sheet)) = best else {
        return Err(bad(
            "找不到证件号码或姓名列（前 30 行内应有“身份证号码”“证件号码”“残疾人证号”或“姓名”等表头），无法比对".into(),
            "no ID or name column was found (a header such as 身份证号码, 证件号码, 残疾人证号 or 姓名 within the first 30 rows): the list cannot be compared".into(),
        ));
    };
    let grid = book.read_sheet(&sheet, None, &mut |_| {}).map_err(wrap)?;
    let (format, encoding) = (book.format(), book.encoding());
    drop(book);
    let (at, span, names) = find_header(&grid).expect("the sheet was chosen for its header");
    let table = Table::with_header(grid, at, span, names);
    let mapping = Mapping::new(table.headers(), &BTreeMap::new());
    let headers = table.headers();
    let id_col = id_column(headers);
    let name_col = mapping.col(Role::Name).or_else(|| name_column(headers));
    let birth_col = mapping.col(Role::BirthDate);

    let (kind, kind_source) = match chosen {
        Some(k) => (k.clone(), "option"),
        None => guess(kinds, &input.name, headers),
    };
    let shown_cols: Vec<usize> = (0..headers.len())
        .filter(|&c| ![id_col, name_col, birth_col].contains(&Some(c)) && !headers[c].trim().is_empty())
        .filter(|&c| {
            let h = normalize_header(&headers[c]);
            let shows = kind.shows.iter().any(|w| h.contains(w.as_ref()));
            // The generic kind quotes every column but a serial number's.
            shows || (kind.shows.is_empty() && !matches!(h.as_str(), "序号" | "编号" | "No" | "no"))
        })
        .take(6)
        .collect();
    let grade_col = (0..headers.len()).find(|&c| normalize_header(&headers[c]).contains("等级"));

    let mut rows = Vec::with_capacity(table.rows());
    let mut shown = Vec::with_capacity(table.rows());
    let mut without_id = 0;
    for r in 0..table.rows() {
        let text = |c: Option<usize>| c.map_or("", |c| crate::base::text::trim(table.text(c, r)));
        let id_written = text(id_col);
        let name_written = text(name_col);
        if id_written.is_empty() && name_written.is_empty() {
            continue;
        }
        let id = id_col.and_then(|c| id_of(table.text(c, r), table.kind(c, r)));
        if id.is_none() {
            without_id += 1;
        }
        let normalized = id_card::normalized(id_written);
        let grade = match grade_col {
            Some(c) => Some(text(Some(c)).to_owned()).filter(|g| !g.is_empty()),
            None if id_card::form(&normalized) == id_card::IdForm::Disability => {
                id_card::disability_code(&normalized).ok().map(|(_, g)| format!("{g}级"))
            }
            None => None,
        };
        rows.push(ListRow {
            row: table.excel_row(r),
            id,
            // Only a row without an ID is matched by name.
            name: if id.is_none() { crate::domain::names::key(name_written) } else { String::new() },
            birth: birth_col.and_then(|c| crate::domain::dates::parse(crate::base::text::trim(table.text(c, r)))),
            name_written: name_written.to_owned(),
            id_written: id_written.to_owned(),
            grade,
        });
        let quoted: Vec<String> = shown_cols
            .iter()
            .map(|&c| (header::shown(&headers[c]), crate::base::text::number(table.text(c, r))))
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| format!("{h} {v}"))
            .collect();
        shown.push(quoted.join("，"));
    }
    let mut columns: BTreeMap<&'static str, String> = BTreeMap::new();
    for (role, col) in [(Role::PersonId, id_col), (Role::Name, name_col), (Role::BirthDate, birth_col)] {
        if let Some(c) = col {
            columns.insert(role.key(), headers[c].clone());
        }
    }
    let summary = ListSummary {
        file: input.name.clone(),
        kind: kind.kind.to_string(),
        key: kind.key.to_string(),
        label_zh: kind.label_zh.to_string(),
        label_en: kind.label_en.to_string(),
        kind_source,
        format,
        encoding,
        sheet,
        header_row: table.header_row(),
        rows: rows.len(),
        columns,
        shown: shown_cols.iter().map(|&c| headers[c].clone()).collect(),
        without_id,
        matched_by_id: 0,
        matched_by_name: 0,
        unmatched: 0,
        findings: 0,
        register_lacks: None,
    };
    Ok(List { file: input.name.clone(), kind, kind_source, summary, rows, shown })
}

/// The kind a list's file name, else its header, names; else the generic kind.
fn guess(kinds: &[Kind], file: &str, headers: &[String]) -> (Kind, &'static str) {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let by = |text: &str| kinds.iter().find(|k| k.names.iter().any(|w| text.contains(w.as_ref())));
    if let Some(k) = by(stem) {
        return (k.clone(), "file-name");
    }
    let joined: String = headers.iter().map(|h| normalize_header(h)).collect::<Vec<_>>().join("|");
    if let Some(k) = by(&joined) {
        return (k.clone(), "header");
    }
    let generic = kinds.iter().find(|k| k.kind == "listed").expect("the generic kind is built in");
    (generic.clone(), "default")
}

/// Header words of an ID column: the register's 证件号码 synonyms, and a 残疾人证号.
fn id_column(headers: &[String]) -> Option<usize> {
    let mapping = Mapping::new(headers, &BTreeMap::new());
    mapping.col(Role::PersonId).or_else(|| {
        headers.iter().position(|h| {
            let h = normalize_header(h);
            ["身份证", "证件号", "证号", "身份号码"].iter().any(|w| h.contains(w)) && !h.contains("户主")
        })
    })
}

fn name_column(headers: &[String]) -> Option<usize> {
    headers.iter().position(|h| matches!(normalize_header(h).as_str(), "姓名" | "名字" | "人员姓名" | "户主姓名"))
}

/// The header: the register's finder, else the first row of the first [`header::SCAN_ROWS`]
/// naming an ID column (a list may have nothing else a register has).
fn find_header(grid: &Grid) -> Option<(usize, usize, Vec<String>)> {
    if let Some(h) = header::find(grid) {
        if id_column(&h.names).or_else(|| name_column(&h.names)).is_some() {
            return Some((h.at, h.span, h.names));
        }
    }
    (0..grid.row_count().min(header::SCAN_ROWS)).find_map(|r| {
        let names: Vec<String> = (0..grid.column_count()).map(|c| grid.text(c, r).trim().to_owned()).collect();
        id_column(&names).map(|_| (r, 1, names))
    })
}

/// The usable ID of a cell, packed: `None` for a blank or malformed one, or one stored as a
/// number (Excel kept 15 significant digits of it).
fn id_of(raw: &str, kind: CellKind) -> Option<u64> {
    if id_card::is_missing(raw) || (kind == CellKind::Number && raw.trim().len() > 15) {
        return None;
    }
    id_card::canonical_bytes(&id_card::normalized(raw)).map(|b| id_number(&b))
}

/// An 18-character ID as one number, exactly: the 17 digits, times 11, plus the check character
/// (0–9, X as 10). Distinct IDs give distinct numbers, so an index keyed by it needs no strings.
pub fn id_number(id: &[u8; 18]) -> u64 {
    let digits = id[..17].iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let check = if id[17] == b'X' { 10 } else { u64::from(id[17] - b'0') };
    digits * 11 + check
}

/// The ID an [`id_number`] packs, as its 18 characters.
pub fn id_text(n: u64) -> String {
    let check = match n % 11 {
        10 => 'X',
        c => char::from(b'0' + c as u8),
    };
    format!("{:017}{check}", n / 11)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_unpacks_to_its_characters() {
        for id in ["52273119450101001X", "360426199101010071", "000000000000000000"] {
            assert_eq!(id_text(id_number(id.as_bytes().try_into().unwrap())), id);
        }
    }
}
