//! Dates as registers write them: `1980-05-03`, `19800503`, `1980.5.3`, `1980/5/3`,
//! `1980年5月3日`, with or without a time after them. (Date cells of a workbook arrive already
//! as `YYYY-MM-DD`, see `read::cell`, whichever epoch, 1900 or 1904, the workbook used.)

use crate::id_card::Date;

/// Parses a date written in any of the forms above; `None` for anything else.
pub fn parse(text: &str) -> Option<Date> {
    let t = text.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
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

#[cfg(test)]
mod tests {
    use super::*;

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
        for s in ["", "1980-02-30", "80-5-3", "1980-5", "19800532", "abc", "1980-5-3-1"] {
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
