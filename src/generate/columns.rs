//! The 26 columns of a generated register (the 2016–2020 national person export) and turning a
//! household into its rows.

use super::household::Household;
use super::Cell;

/// Header row, in column order.
pub const HEADERS: [&str; 26] = [
    "县",
    "乡镇",
    "行政村",
    "户编号",
    "人编号",
    "姓名",
    "性别",
    "证件号码",
    "出生日期",
    "人数",
    "与户主关系",
    "民族",
    "文化程度",
    "在校生状况",
    "健康状况",
    "劳动技能",
    "务工状况",
    "务工时间（月）",
    "贫困户属性",
    "脱贫属性",
    "脱贫年度",
    "主要致贫原因",
    "人均纯收入",
    "联系电话",
    "开户银行名称",
    "银行卡号",
];

/// Index of 户编号.
pub const HOUSEHOLD_ID: usize = 3;
/// Index of 人编号.
pub const PERSON_NO: usize = 4;
/// Index of 姓名.
pub const NAME: usize = 5;
/// Index of 性别.
pub const SEX: usize = 6;
/// Index of 证件号码.
pub const ID: usize = 7;
/// Index of 出生日期.
pub const BIRTH: usize = 8;
/// Index of 人数.
pub const SIZE: usize = 9;
/// Index of 与户主关系.
pub const RELATION: usize = 10;
/// Index of 贫困户属性.
pub const KIND: usize = 18;

/// Columns describing the person (姓名 … 出生日期, 民族 … 务工时间（月）) rather than the household:
/// a person copied into another household keeps these and takes the rest from the new household.
pub const PERSON_COLUMNS: [usize; 11] = [NAME, SEX, ID, BIRTH, 11, 12, 13, 14, 15, 16, 17];

/// 人编号 of member `index` (0-based) of a household.
pub fn person_no(household_id: &str, index: usize) -> String {
    format!("{household_id}{:03}", index + 1)
}

/// The text of a cell, "" for an empty or numeric one.
pub fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        _ => "",
    }
}

/// One row per member, head first.
pub fn rows(h: &Household, place: [&str; 3], household_id: &str) -> Vec<Vec<Cell>> {
    let text = |s: &str| Cell::Text(s.to_owned());
    h.members
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (work, months) = match p.attrs.work {
                Some((w, m)) => (text(w), Cell::Number(f64::from(m))),
                None => (Cell::Empty, Cell::Empty),
            };
            vec![
                text(place[0]),
                text(place[1]),
                text(place[2]),
                text(household_id),
                Cell::Text(person_no(household_id, i)),
                text(&p.name),
                text(if p.male { "男" } else { "女" }),
                text(&p.id),
                Cell::Text(p.birth.to_string()),
                Cell::Number(h.members.len() as f64),
                text(p.relation),
                text(p.ethnicity),
                text(p.attrs.education),
                text(p.attrs.schooling),
                text(p.attrs.health),
                text(p.attrs.labour),
                work,
                months,
                text(h.kind),
                text(if h.exit_year.is_some() { "已脱贫" } else { "未脱贫" }),
                h.exit_year.map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
                text(h.cause),
                Cell::Number(h.income),
                text(&h.phone),
                text(h.bank),
                text(&h.card),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_name_the_right_headers() {
        let named = [
            (HOUSEHOLD_ID, "户编号"),
            (PERSON_NO, "人编号"),
            (NAME, "姓名"),
            (SEX, "性别"),
            (ID, "证件号码"),
            (BIRTH, "出生日期"),
            (SIZE, "人数"),
            (RELATION, "与户主关系"),
            (KIND, "贫困户属性"),
        ];
        for (i, h) in named {
            assert_eq!(HEADERS[i], h);
        }
        let person: Vec<_> = PERSON_COLUMNS.iter().map(|&i| HEADERS[i]).collect();
        assert!(person.contains(&"务工时间（月）") && person.contains(&"民族"));
        assert!(!person.contains(&"人数") && !person.contains(&"与户主关系"));
    }
}
