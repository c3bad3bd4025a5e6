//! The date a check judges ages at: the user's choice, else the end of each row's 年度 in a
//! merged export, else a 数据日期 column, else a date the file name makes clear, else the
//! profile's. The report says which and where it came from.

use crate::columns::mapping::Mapping;
use crate::columns::roles::Role;
use crate::domain::dates;
use crate::domain::id_card::Date;
use crate::profile::Profile;
use crate::read::table::Table;
use serde::Serialize;

/// The reference date used, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceDate {
    /// `YYYY-MM-DD`: the date rows without a 年度 are judged at (with a 年度 column, the end of
    /// the latest year).
    pub date: String,
    /// `option` (the user's), `year-column` (each row at the end of its 年度), `date-column`,
    /// `file-name` or `profile`.
    pub source: &'static str,
    /// The header of the column it came from (year-column, date-column).
    pub column: Option<String>,
    /// The years of a 年度 column, ascending.
    pub years: Vec<u16>,
}

/// Parses a reference date option: `YYYY-MM-DD`.
pub fn parse_option(text: &str) -> Option<Date> {
    let t = text.trim();
    let ok = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    ok.then(|| dates::parse(t)).flatten()
}

/// Chooses the reference date for `table` of the file `name` (see the module doc), and the
/// profile to judge by: `profile` with that date (and the school year starting before it).
pub fn choose(
    chosen: Option<Date>,
    name: &str,
    table: &Table,
    mapping: &Mapping,
    profile: &Profile,
) -> (ReferenceDate, Profile) {
    let header = |role: Role| mapping.col(role).map(|c| table.header(c).to_owned());
    let column_values = |role: Role| {
        let c = mapping.col(role);
        (0..table.rows()).filter_map(move |r| c.map(|c| crate::base::text::trim(table.text(c, r))))
    };
    let mut years: Vec<u16> = column_values(Role::Year).filter_map(dates::parse_data_year).collect();
    years.sort_unstable();
    years.dedup();
    let (date, source, column) = if let Some(d) = chosen {
        (d, "option", None)
    } else if let Some(&last) = years.last() {
        (Date::new(last, 12, 31).expect("a year's last day"), "year-column", header(Role::Year))
    } else if let Some(d) = most_common(column_values(Role::DataDate).filter_map(dates::parse)) {
        (d, "date-column", header(Role::DataDate))
    } else if let Some(d) = dates::in_file_name(name) {
        (d, "file-name", None)
    } else {
        (profile.reference_date, "profile", None)
    };
    let mut judged = profile.clone();
    if source != "profile" {
        judged.reference_date = date;
        let year = if (date.month, date.day) >= (9, 1) { date.year } else { date.year - 1 };
        judged.school_reference_date = Date::new(year, 9, 1).expect("the first of September");
    }
    (ReferenceDate { date: date.to_string(), source, column, years }, judged)
}

/// The most frequent value, the first seen on a tie.
fn most_common(values: impl Iterator<Item = Date>) -> Option<Date> {
    let mut counts: Vec<(Date, usize)> = Vec::new();
    for v in values {
        // A 数据日期 column holds a few dates; a column of birth dates is no such column.
        match counts.iter().position(|(x, _)| *x == v) {
            Some(i) => counts[i].1 += 1,
            None if counts.len() < 64 => counts.push((v, 1)),
            None => {}
        }
    }
    let best = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == best).map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn chosen(rows: &[&[&str]], name: &str, option: Option<&str>) -> (ReferenceDate, Profile) {
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        choose(option.and_then(parse_option), name, &table, &mapping, &Profile::default())
    }

    #[test]
    fn the_option_then_the_years_then_a_date_column_then_the_file_name_then_the_profile() {
        let years: &[&[&str]] =
            &[&["姓名", "变更年度", "数据日期"], &["a", "2017年底", "2021-06-30"], &["b", "2018年底", ""]];
        let (r, p) = chosen(years, "2021年花名册.xlsx", Some("2022-03-31"));
        assert_eq!((r.date.as_str(), r.source), ("2022-03-31", "option"));
        assert_eq!(p.school_reference_date.to_string(), "2021-09-01");
        let (r, _) = chosen(years, "2021年花名册.xlsx", None);
        assert_eq!(
            (r.date.as_str(), r.source, r.column.as_deref(), r.years),
            ("2018-12-31", "year-column", Some("变更年度"), vec![2017, 2018])
        );
        let dated: &[&[&str]] =
            &[&["姓名", "数据日期"], &["a", "2021-06-30"], &["b", "2021-06-30"], &["c", "2021-05-31"]];
        let (r, p) = chosen(dated, "2019年花名册.xlsx", None);
        assert_eq!((r.date.as_str(), r.source), ("2021-06-30", "date-column"));
        assert_eq!(p.school_reference_date.to_string(), "2020-09-01");
        let plain: &[&[&str]] = &[&["姓名"], &["a"]];
        let (r, p) = chosen(plain, "2021年某县花名册.xlsx", None);
        assert_eq!((r.date.as_str(), r.source), ("2021-12-31", "file-name"));
        assert_eq!(p.reference_date.to_string(), "2021-12-31");
        let (r, p) = chosen(plain, "花名册.xlsx", None);
        assert_eq!((r.date.as_str(), r.source), ("2020-12-31", "profile"));
        assert_eq!(p.school_reference_date.to_string(), "2020-09-01");
    }

    #[test]
    fn an_option_is_a_day_written_yyyy_mm_dd() {
        assert_eq!(parse_option("2021-06-30").map(|d| d.to_string()).as_deref(), Some("2021-06-30"));
        for bad in ["2021/06/30", "2021-02-30", "20210630", "2021-6-30"] {
            assert_eq!(parse_option(bad), None, "{bad}");
        }
    }
}
