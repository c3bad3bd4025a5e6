//! A profile: the parameters a province may change. Two are built in: `national-2016` (the
//! 2016–2020 建档立卡 person export, the default) and `monitoring-2021` (the 防返贫监测 export).

use crate::finding::Severity;
use crate::id_card::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Parameters the rules read. Thresholds live here, never as constants in rule code.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Stable name, e.g. `national-2016`.
    pub name: String,
    /// The day ages and years are measured at.
    pub reference_date: Date,
    /// The day school ages are measured at (the start of the school year).
    pub school_reference_date: Date,
    /// A blank 在校生状况 means "not in school" (防返贫监测 exports); otherwise 非在校生 does.
    pub blank_schooling_means_not_in_school: bool,
    pub max_age: i32,
    pub min_head_age: i32,
    pub min_parent_gap: i32,
    pub min_grandparent_gap: i32,
    pub min_marriage_age: i32,
    pub max_student_age: i32,
    pub max_income: f64,
    pub max_support_size: usize,
    /// The earliest valid 脱贫年度.
    pub first_exit_year: u16,
    /// Per-capita poverty line by year (yuan); a year without an entry uses the latest before it.
    pub poverty_lines: BTreeMap<u16, f64>,
    /// Extra values allowed in a coded column, by role key.
    pub extra_codes: BTreeMap<String, Vec<String>>,
    /// Role keys of columns that must not be empty (`required-field-missing`).
    pub required: Vec<String>,
    /// Rule keys switched off.
    pub disabled: BTreeSet<String>,
    /// Rule key → severity replacing the catalogue's.
    pub severities: BTreeMap<String, Severity>,
}

impl Profile {
    /// The 2016–2020 建档立卡 person export (全国扶贫开发信息系统).
    pub fn national_2016() -> Profile {
        Profile {
            name: "national-2016".into(),
            reference_date: date(2020, 12, 31),
            school_reference_date: date(2020, 9, 1),
            blank_schooling_means_not_in_school: false,
            max_age: 110,
            min_head_age: 16,
            min_parent_gap: 15,
            min_grandparent_gap: 30,
            min_marriage_age: 20,
            max_student_age: 35,
            max_income: 200_000.0,
            max_support_size: 2,
            first_exit_year: 2014,
            poverty_lines: BTreeMap::from([
                (2014, 2800.0),
                (2015, 2855.0),
                (2016, 2952.0),
                (2017, 2952.0),
                (2018, 3535.0),
                (2019, 3747.0),
                (2020, 4000.0),
            ]),
            extra_codes: BTreeMap::new(),
            required: vec!["name".into(), "relation".into()],
            disabled: BTreeSet::new(),
            severities: BTreeMap::new(),
        }
    }

    /// The poverty line of `year`: its own entry, or the latest before it.
    pub fn poverty_line(&self, year: u16) -> Option<f64> {
        self.poverty_lines.range(..=year).next_back().map(|(_, v)| *v)
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::national_2016()
    }
}

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("a real date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poverty_line_falls_back_to_the_latest_year_before() {
        let p = Profile::default();
        assert_eq!(p.poverty_line(2020), Some(4000.0));
        assert_eq!(p.poverty_line(2023), Some(4000.0));
        assert_eq!(p.poverty_line(2013), None);
    }
}
