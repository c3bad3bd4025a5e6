//! A person's coded attributes (education, schooling, health, labour, migrant work), drawn so
//! that they agree with the person's age the way the catalogue's age rules expect.

use super::rng::Rng;
use crate::domain::id_card::Date;

/// The date ages are measured at, as in the national-2016 profile.
pub const REFERENCE: Date = Date { year: 2020, month: 12, day: 31 };
/// Start of the school year: schooling is judged by the age on this day.
pub const SCHOOL_REFERENCE: Date = Date { year: 2020, month: 9, day: 1 };

/// The coded columns that describe one person.
pub struct Attributes {
    /// 文化程度
    pub education: &'static str,
    /// 在校生状况
    pub schooling: &'static str,
    /// 健康状况
    pub health: &'static str,
    /// 劳动技能
    pub labour: &'static str,
    /// 务工状况 and 务工时间（月）, for those who work away.
    pub work: Option<(&'static str, u8)>,
}

/// 在校生状况 of the grades above 九年级: 高中, 中职 and 高职, years one to three.
const GRADE_NAMES: [[&str; 3]; 3] = [
    ["高中一年级", "高中二年级", "高中三年级"],
    ["中职一年级", "中职二年级", "中职三年级"],
    ["高职一年级", "高职二年级", "高职三年级"],
];
const WORK_PLACES: [(&str, u32); 4] =
    [("乡（镇）内务工", 20), ("乡（镇）外县内务工", 25), ("县外省内务工", 25), ("省外务工", 30)];

/// Attributes consistent with a birth date.
pub fn attributes(rng: &mut Rng, birth: Date) -> Attributes {
    let age = birth.years_until(REFERENCE);
    let (schooling, education) = schooling(rng, birth.years_until(SCHOOL_REFERENCE), age);
    let student = schooling != "非在校生";
    let health = rng.weighted(match age {
        ..=15 => &[("健康", 96), ("长期慢性病", 1), ("患有大病", 1), ("残疾", 2)],
        16..=59 => &[("健康", 84), ("长期慢性病", 8), ("患有大病", 3), ("残疾", 5)],
        _ => &[("健康", 55), ("长期慢性病", 30), ("患有大病", 7), ("残疾", 8)],
    });
    let healthy = health == "健康";
    let labour = rng.weighted(match age {
        _ if age < 16 || student => &[("无劳动力", 1)],
        16..=59 if healthy => &[("普通劳动力", 85), ("技能劳动力", 15)],
        16..=59 => &[("普通劳动力", 40), ("丧失劳动力", 35), ("无劳动力", 25)],
        _ if healthy => &[("无劳动力", 80), ("丧失劳动力", 20)],
        _ => &[("无劳动力", 40), ("丧失劳动力", 60)],
    });
    let can_work = matches!(labour, "普通劳动力" | "技能劳动力") && (16..=59).contains(&age);
    let work = (can_work && rng.percent(60)).then(|| {
        let months = if rng.percent(70) { rng.range(6, 12) } else { rng.range(1, 5) };
        (rng.weighted(&WORK_PLACES), months as u8)
    });
    Attributes { education, schooling, health, labour, work }
}

/// 在校生状况 and 文化程度 for a school-year age and a calendar age. Students have the level they
/// attend or the one below; nobody of 16–22 is left at 小学 or 文盲.
fn schooling(rng: &mut Rng, school_age: i32, age: i32) -> (&'static str, &'static str) {
    let either = |rng: &mut Rng, a, b| if rng.percent(50) { a } else { b };
    match school_age {
        ..=2 => ("非在校生", "学龄前儿童"),
        3..=5 => (if rng.percent(80) { "学前教育" } else { "非在校生" }, "学龄前儿童"),
        6..=11 => ("小学", "小学"),
        12 => ("七年级", either(rng, "小学", "初中")),
        13 => ("八年级", either(rng, "小学", "初中")),
        14 => ("九年级", either(rng, "小学", "初中")),
        15..=17 => {
            let level = usize::from(!rng.percent(75)); // 高中 three times in four, else 中职
            (GRADE_NAMES[level][(school_age - 15) as usize], either(rng, "初中", "高中"))
        }
        18..=21 if rng.percent(30) => {
            let status = match school_age {
                18..=20 if rng.percent(40) => GRADE_NAMES[2][(school_age - 18) as usize],
                _ => "大专及以上",
            };
            (status, either(rng, "高中", "大专及以上"))
        }
        _ => ("非在校生", rng.weighted(adult_education(age))),
    }
}

/// Education levels of adults out of school, by calendar age.
fn adult_education(age: i32) -> &'static [(&'static str, u32)] {
    match age {
        ..=22 => &[("初中", 50), ("高中", 35), ("大专及以上", 15)],
        23..=35 => &[("小学", 10), ("初中", 55), ("高中", 25), ("大专及以上", 10)],
        36..=50 => &[("文盲或半文盲", 5), ("小学", 35), ("初中", 45), ("高中", 12), ("大专及以上", 3)],
        51..=65 => &[("文盲或半文盲", 20), ("小学", 50), ("初中", 25), ("高中", 5)],
        _ => &[("文盲或半文盲", 55), ("小学", 40), ("初中", 5)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every year of birth, many draws: the attributes obey the catalogue's age rules.
    #[test]
    fn attributes_agree_with_age() {
        let mut rng = Rng::new(11);
        for year in 1925..=2019u16 {
            for i in 0..60u8 {
                let birth = Date::new(year, i % 12 + 1, i % 28 + 1).unwrap();
                let (age, school_age) = (birth.years_until(REFERENCE), birth.years_until(SCHOOL_REFERENCE));
                let a = attributes(&mut rng, birth);
                let student = a.schooling != "非在校生";
                let ctx = format!("age {age}/{school_age}: {} {} {} {}", a.schooling, a.education, a.labour, a.health);
                match a.schooling {
                    "学前教育" => assert!(age < 7, "{ctx}"),
                    "小学" => assert!((6..=14).contains(&age) && (6..=14).contains(&school_age), "{ctx}"),
                    s if s.ends_with("级") && s.starts_with(['七', '八', '九']) => {
                        assert!((12..=17).contains(&school_age) && (12..=17).contains(&age), "{ctx}")
                    }
                    s if s.starts_with("高中") || s.starts_with("中职") => {
                        assert!((15..=20).contains(&school_age) && (15..=20).contains(&age), "{ctx}")
                    }
                    s if s.starts_with("高职") || s == "大专及以上" => assert!(school_age >= 18, "{ctx}"),
                    s => assert_eq!(s, "非在校生"),
                }
                if (6..=15).contains(&school_age) {
                    assert!(student, "compulsory school age is in school: {ctx}");
                }
                match a.education {
                    "大专及以上" => assert!(age >= 18, "{ctx}"),
                    "高中" => assert!(age >= 15, "{ctx}"),
                    "小学" | "文盲或半文盲" => assert!(!(16..=22).contains(&age), "{ctx}"),
                    "学龄前儿童" => assert!(age < 7, "{ctx}"),
                    _ => {}
                }
                if age < 16 || student {
                    assert_eq!(a.labour, "无劳动力", "{ctx}");
                } else if age >= 60 {
                    assert!(matches!(a.labour, "无劳动力" | "丧失劳动力"), "{ctx}");
                } else if a.health == "健康" {
                    assert!(matches!(a.labour, "普通劳动力" | "技能劳动力"), "{ctx}");
                }
                if let Some((_, months)) = a.work {
                    assert!((16..=59).contains(&age) && (1..=12).contains(&months), "{ctx}");
                    assert!(matches!(a.labour, "普通劳动力" | "技能劳动力"), "{ctx}");
                }
            }
        }
    }
}
