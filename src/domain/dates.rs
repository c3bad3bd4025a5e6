//! Dates as registers write them: `1980-05-03`, `19800503`, `1980.5.3`, `1980/5/3`,
//! `1980年5月3日`, with or without a time after them. (Date cells of a workbook arrive already
//! as `YYYY-MM-DD`, see `read::cell`, whichever epoch, 1900 or 1904, the workbook used.)

use crate::domain::id_card::Date;

/// Parses a date written in any of the forms above; `None` for anything else.
pub fn parse(text: &str) -> Option<Date> {
    let t = text.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    // `YYYY-MM-DD`, the text of every date cell, read without splitting: a column of them is
    // parsed for every row.
    if let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = t.as_bytes() {
        if [y1, y2, y3, y4, m1, m2, d1, d2].iter().all(u8::is_ascii_digit) {
            let two = |a: u8, b: u8| u16::from(a - b'0') * 10 + u16::from(b - b'0');
            let year = two(y1, y2) * 100 + two(y3, y4);
            return (year >= 1000).then(|| Date::new(year, two(m1, m2) as u8, two(d1, d2) as u8)).flatten();
        }
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Date::new(t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?);
    }
    let mut parts = t.trim_end_matches('日').split(['-', '.', '/', '年', '月']).map(|p| p.trim().parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// A year written alone: `2019`, `2019.0`, `2019年`.
pub fn parse_year(text: &str) -> Option<u16> {
    let t = text.trim().trim_end_matches('年');
    let t = t.strip_suffix(".0").unwrap_or(t);
    (t.len() == 4).then(|| t.parse().ok()).flatten()
}

/// The year of a merged export's 年度 cell: a year alone, also `2017年底`, `2017年末`, `2017年度`.
pub fn parse_data_year(text: &str) -> Option<u16> {
    let t = text.trim();
    let t = ["年底", "年末", "年度"].iter().find_map(|s| t.strip_suffix(s)).unwrap_or(t);
    parse_year(t)
}

/// A date or a year named in a file name (`2021年…花名册.xlsx`, `花名册20211231.xlsx`), when
/// only one is named: the date, or the year's last day.
pub fn in_file_name(name: &str) -> Option<Date> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let chars: Vec<char> = stem.chars().collect();
    let mut found: Vec<Date> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // The run of digits and date marks starting here: 20210630, 2021-06-30, 2021年6月30日, 2021年.
        let span = chars[i..].iter().take_while(|c| c.is_ascii_digit() || "年月日-./".contains(**c)).count();
        let text: String = chars[i..i + span].iter().collect();
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        let date = match digits {
            8 if digits == text.len() => parse(&text),
            4 => parse(&text).or_else(|| {
                let year = text.strip_suffix('年').filter(|y| y.len() == 4)?;
                Date::new(year.parse().ok()?, 12, 31)
            }),
            _ => None,
        };
        if let Some(d) = date.filter(|d| (2000..=2099).contains(&d.year)) {
            if !found.contains(&d) {
                found.push(d);
            }
        }
        i += span;
    }
    (found.len() == 1).then(|| found[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_merged_exports_and_dates_in_file_names() {
        for s in ["2017年底", "2017", "2017年", "2017.0", "2017年末"] {
            assert_eq!(parse_data_year(s), Some(2017), "{s}");
        }
        assert_eq!(parse_data_year("十七年"), None);
        let d = |y, m, d| Date::new(y, m, d);
        assert_eq!(in_file_name("2021年某县脱贫人口花名册.xlsx"), d(2021, 12, 31));
        assert_eq!(in_file_name("乙县/花名册20210630.xlsx"), d(2021, 6, 30));
        assert_eq!(in_file_name("花名册2021-06-30.csv"), d(2021, 6, 30));
        assert_eq!(in_file_name("2019年至2021年花名册.xlsx"), None, "two years: not clear");
        assert_eq!(in_file_name("花名册.xlsx"), None);
        assert_eq!(in_file_name("3125752184.xlsx"), None);
    }

    #[test]
    fn every_written_form_gives_the_same_date() {
        let want = Date::new(1980, 5, 3);
        for s in [
            "1980-05-03",
            "19800503",
            "1980.5.3",
            "1980/5/3",
            "1980年5月3日",
            " 1980-5-3 00:00:00",
            "1980-05-03T00:00:00",
        ] {
            assert_eq!(parse(s), want, "{s}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for s in ["", "1980-02-30", "80-5-3", "1980-5", "19800532", "abc", "1980-5-3-1", "0999-05-03", "1980-13-03"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2019"), Some(2019));
        assert_eq!(parse_year("2019.0"), Some(2019));
        assert_eq!(parse_year("2019年"), Some(2019));
        assert_eq!(parse_year("19"), None);
    }
}
