//! A profile: the parameters a province may change. Two are built in: `national-2016` (the
//! 2016–2020 建档立卡 person export, the default) and `monitoring-2021` (the 防返贫监测 export).
//! A province writes its own as JSON ([`Profile::from_json`], documented in docs/profile.md).

pub mod custom;
mod monitoring;
mod parse;
mod suggest;
pub mod values;

pub use suggest::closest;

use crate::base::error::{Error, ErrorKind};
use crate::base::finding::Severity;
use crate::domain::id_card::Date;
use custom::CustomRule;
use std::collections::{BTreeMap, BTreeSet};

/// The names of the built-in profiles, the default first.
pub const BUILT_IN: &[&str] = &["national-2016", "monitoring-2021"];

/// A number a profile sets, with its default and meaning (docs/profile.md lists them); a
/// profile's `thresholds` changes them or adds its own names.
pub struct Threshold {
    pub key: &'static str,
    pub default: f64,
    /// The name shown in Chinese text, where a rule's condition names the threshold.
    pub zh: &'static str,
    pub en: &'static str,
}

/// The thresholds every profile has.
pub const THRESHOLDS: &[Threshold] = &[
    Threshold {
        key: "working_age_min",
        default: 16.0,
        zh: "劳动年龄下限",
        en: "youngest working age (Labour Law art. 15)",
    },
    Threshold {
        key: "working_age_max",
        default: 59.0,
        zh: "劳动年龄上限",
        en: "oldest working age (60 and over count as past it)",
    },
    Threshold {
        key: "compulsory_school_age_min",
        default: 6.0,
        zh: "义务教育年龄下限",
        en: "youngest compulsory-school age, at the school reference date",
    },
    Threshold {
        key: "compulsory_school_age_max",
        default: 15.0,
        zh: "义务教育年龄上限",
        en: "oldest compulsory-school age, at the school reference date",
    },
    Threshold {
        key: "public_post_age_min",
        default: 16.0,
        zh: "公益性岗位年龄下限",
        en: "youngest holder of a 公益性岗位",
    },
    Threshold {
        key: "public_post_age_max",
        default: 69.0,
        zh: "公益性岗位年龄上限",
        en: "oldest holder of a 公益性岗位 (Guizhou flags 70 and over)",
    },
    Threshold {
        key: "special_support_age_min",
        default: 18.0,
        zh: "特困核查年龄下限",
        en: "youngest age at which a healthy 特困 person out of school is questioned",
    },
    Threshold {
        key: "special_support_age_max",
        default: 59.0,
        zh: "特困核查年龄上限",
        en: "oldest age at which a healthy 特困 person out of school is questioned",
    },
    Threshold {
        key: "removal_min_months",
        default: 6.0,
        zh: "帮扶消除最短月数",
        en: "fewest months from 识别监测时间 to 风险消除时间 for 帮扶消除",
    },
    Threshold {
        key: "measure_deadline_months",
        default: 1.0,
        zh: "落实帮扶措施期限（月）",
        en: "months after identification by which a measure must be recorded",
    },
    Threshold {
        key: "monitored_income_max",
        default: 20000.0,
        zh: "监测户人均收入上限",
        en: "per-capita income (yuan) above which a monitored household is questioned",
    },
    Threshold {
        key: "lack_labour_max_labourers",
        default: 1.0,
        zh: "缺劳动力户劳动力上限",
        en: "most members with full labour ability in a 缺劳动力 household",
    },
    Threshold {
        key: "household_public_posts_max",
        default: 3.0,
        zh: "每户公益性岗位上限",
        en: "most members of one household in 公益性岗位",
    },
    Threshold {
        key: "development_measure_months",
        default: 6.0,
        zh: "落实开发式帮扶期限（月）",
        en: "months after identification by which a household with labour has a development measure",
    },
    Threshold {
        key: "arable_land_max",
        default: 100.0,
        zh: "每户耕地面积上限（亩）",
        en: "largest plausible 耕地面积 of one household (亩)",
    },
    Threshold {
        key: "forest_land_max",
        default: 200.0,
        zh: "每户林地面积上限（亩）",
        en: "largest plausible 林地面积 or 退耕还林面积 of one household (亩)",
    },
    Threshold {
        key: "work_monthly_income_min",
        default: 100.0,
        zh: "务工月收入下限",
        en: "lowest plausible 务工月收入 (yuan) of a spell of work",
    },
    Threshold {
        key: "work_monthly_income_max",
        default: 30000.0,
        zh: "务工月收入上限",
        en: "highest plausible 务工月收入 (yuan) of a spell of work",
    },
];

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
    /// Per-capita 防返贫监测 line by year (yuan), set by each province; a year without an entry
    /// uses the latest before it, and with none at all the poverty line (a floor: no province's
    /// monitoring line is below it).
    pub monitoring_lines: BTreeMap<u16, f64>,
    /// Named numbers the rules of the condition language compare with (ages, months, yuan); see
    /// [`THRESHOLDS`] for the names and defaults.
    pub thresholds: BTreeMap<String, f64>,
    /// Extra values allowed in a coded column, by role key.
    pub extra_codes: BTreeMap<String, Vec<String>>,
    /// Role keys of columns that must not be empty (`required-field-missing`).
    pub required: Vec<String>,
    /// Role keys of columns a register must have: missing, each is a `column-missing` error;
    /// any other column missing is only listed in the report's `absent`.
    pub required_columns: Vec<String>,
    /// Rule keys switched off.
    pub disabled: BTreeSet<String>,
    /// Rule key → severity replacing the catalogue's.
    pub severities: BTreeMap<String, Severity>,
    /// Role key → the header that plays it in this province's export (overrides the guess).
    pub columns: BTreeMap<String, String>,
    /// The province's own declarative rules, run after the catalogue's.
    pub custom: Vec<CustomRule>,
    /// The province's own kinds of comparison list (比对名单), beside the built-in ones.
    pub compare_kinds: Vec<crate::compare::kinds::Kind>,
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
            monitoring_lines: BTreeMap::new(),
            thresholds: THRESHOLDS.iter().map(|t| (t.key.to_owned(), t.default)).collect(),
            extra_codes: BTreeMap::new(),
            required: vec!["name".into(), "relation".into()],
            required_columns: ["person-id", "household-id", "relation", "name"].map(String::from).to_vec(),
            disabled: BTreeSet::new(),
            severities: BTreeMap::new(),
            columns: BTreeMap::new(),
            custom: Vec::new(),
            compare_kinds: Vec::new(),
        }
    }

    /// The 防返贫监测 export (2021 onwards). Its checks, as run by provincial data teams
    /// (Gzuwkj/fuping, Dec 2023), judge the 2023 data: ages and incomes are taken at the end of
    /// 2023 and school ages at the start of the 2023 school year (1 September). A blank
    /// 在校生状况 means not in school there, and 证件类型 distinguishes 残疾人证 numbers, so it
    /// must be filled. Monitoring thresholds are provincial (Guizhou: 7300 yuan in 2023, see
    /// docs/examples/guizhou-2023.json); nationally only the 2020 line of about 4000 yuan is
    /// sourced, so later years fall back to it.
    pub fn monitoring_2021() -> Profile {
        Profile {
            name: "monitoring-2021".into(),
            reference_date: date(2023, 12, 31),
            school_reference_date: date(2023, 9, 1),
            blank_schooling_means_not_in_school: true,
            required: vec!["name".into(), "relation".into(), "id-type".into()],
            custom: monitoring::pack(),
            ..Profile::national_2016()
        }
    }

    /// How a clerk reads the profile called `name`: a built-in one by its Chinese title with the
    /// name after it (as the page's chooser says it), a province's by its own name.
    pub fn title_zh(name: &str) -> String {
        match name {
            "national-2016" => "建档立卡 2016–2020（national-2016）".into(),
            "monitoring-2021" => "防返贫监测 2021 起（monitoring-2021）".into(),
            _ => name.to_owned(),
        }
    }

    /// The built-in profile called `name`.
    pub fn built_in(name: &str) -> Option<Profile> {
        match name {
            "national-2016" => Some(Profile::national_2016()),
            "monitoring-2021" => Some(Profile::monitoring_2021()),
            _ => None,
        }
    }

    /// A built-in profile by name, or a profile document when `choice` is JSON text (starts
    /// with `{`).
    pub fn choose(choice: &str) -> Result<Profile, crate::base::error::Error> {
        let choice = choice.trim();
        if choice.starts_with('{') {
            return Profile::from_json(choice);
        }
        Profile::built_in(choice).ok_or_else(|| unknown_built_in("", choice))
    }

    /// True unless the profile switches rule `key` off.
    pub fn enabled(&self, key: &str) -> bool {
        !self.disabled.contains(key)
    }

    /// The monitoring line of `year`: its own entry or the latest before it, else the poverty line.
    pub fn monitoring_line(&self, year: u16) -> Option<f64> {
        self.monitoring_lines.range(..=year).next_back().map(|(_, v)| *v).or_else(|| self.poverty_line(year))
    }

    /// The number a rule names: `monitoring_line` and `poverty_line` (of the reference year),
    /// or a key of `thresholds`.
    pub fn number(&self, name: &str) -> Option<f64> {
        match name {
            "monitoring_line" => self.monitoring_line(self.reference_date.year),
            "poverty_line" => self.poverty_line(self.reference_date.year),
            _ => self.thresholds.get(name).copied(),
        }
    }

    /// The Chinese name of a number [`Profile::number`] knows, for condition text; a profile's own
    /// threshold has none but its key.
    pub fn number_zh(name: &str) -> Option<&'static str> {
        match name {
            "monitoring_line" => Some("监测线"),
            "poverty_line" => Some("贫困线"),
            _ => THRESHOLDS.iter().find(|t| t.key == name).map(|t| t.zh),
        }
    }

    /// Every name [`Profile::number`] knows.
    pub fn number_names(&self) -> Vec<String> {
        ["monitoring_line", "poverty_line"]
            .into_iter()
            .map(str::to_owned)
            .chain(self.thresholds.keys().cloned())
            .collect()
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

/// A refusal: where, and what is wrong in both languages.
pub(crate) fn bad(path: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Error {
    ErrorKind::BadProfile { path: path.into(), problem_zh: zh.into(), problem_en: en.into() }.into()
}

/// `extends` or a profile choice named no built-in profile.
pub(crate) fn unknown_built_in(path: &str, name: &str) -> Error {
    let hint = closest(name, BUILT_IN.iter().copied())
        .map(|s| (format!("（是否想写 {s}？）"), format!(" (did you mean {s}?)")))
        .unwrap_or_default();
    bad(
        path,
        format!("没有名为“{name}”的内置方案{}；内置方案有：{}", hint.0, BUILT_IN.join("、")),
        format!("there is no built-in profile \"{name}\"{}; the built-in profiles are {}", hint.1, BUILT_IN.join(", ")),
    )
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

    #[test]
    fn monitoring_2021_differs_where_the_export_does() {
        let m = Profile::built_in("monitoring-2021").unwrap();
        assert!(m.blank_schooling_means_not_in_school);
        assert_eq!(m.reference_date.to_string(), "2023-12-31");
        assert_eq!(m.school_reference_date.to_string(), "2023-09-01");
        assert!(m.required.contains(&"id-type".to_owned()));
        assert_eq!(m.max_age, Profile::national_2016().max_age);
    }

    #[test]
    fn choose_takes_a_name_or_a_document() {
        assert_eq!(Profile::choose("monitoring-2021").unwrap().name, "monitoring-2021");
        assert_eq!(
            Profile::choose(r#"{"name": "x", "extends": "monitoring-2021"}"#).unwrap().reference_date.year,
            2023
        );
        let e = Profile::choose("monitoring-2012").unwrap_err();
        assert!(e.message_zh().contains("monitoring-2021"), "{}", e.message_zh());
    }
}
