//! The resident ID number (公民身份号码) of GB 11643-1999: normalisation, form, check character,
//! birth date and the 15→18 conversion. Pure functions, no allocation on the hot path (an ID
//! already in normal form is borrowed, not copied).

use std::borrow::Cow;

/// Weights of positions 1–17 for the ISO 7064 MOD 11-2 check character.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder `sum mod 11`.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// What an ID cell holds once normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdForm {
    /// 18 characters: 17 digits and a digit or `X`.
    Id18,
    /// 15 digits, the pre-1999 form without a check character.
    Id15,
    /// 20 digits: an 18-character ID plus disability category (1–7) and grade (1–4), a 残疾人证.
    Disability20,
    /// None of the above.
    Invalid,
}

/// Placeholders offices type when a person has no ID number.
const PLACEHOLDERS: &[&str] = &["无", "/", "-", "—", "0", "空", "暂无", "无证", "NULL", "null"];

/// True when the (trimmed) cell means "no ID": empty, a placeholder word, or `999999…`.
pub fn is_missing(raw: &str) -> bool {
    let t = raw.trim();
    t.is_empty() || PLACEHOLDERS.contains(&t) || normalized(t).starts_with("999999")
}

/// Normalises an ID as typed: drops spaces of every width and zero-width marks, maps full-width
/// digits and letters to ASCII, upper-cases `x`, and unwraps the `="…"` guard that some tools
/// write to keep Excel from turning the number into a float.
pub fn normalize(raw: &str) -> String {
    normalized(raw).into_owned()
}

/// [`normalize`], borrowing `raw` (trimmed) when it needs no change: the usual ID, read for
/// every row by several rules, costs no allocation.
pub fn normalized(raw: &str) -> Cow<'_, str> {
    let mut s = crate::text::trim(raw);
    if s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        s = inner;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        };
        match c {
            ' ' | '\t' | '\r' | '\n' | '\u{00A0}' | '\u{3000}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
            | '\u{FEFF}' | '\'' => {}
            'x' => out.push('X'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The form of an already normalised ID.
pub fn form(id: &str) -> IdForm {
    let b = id.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    match b.len() {
        18 if digits(&b[..17]) && (b[17].is_ascii_digit() || b[17] == b'X') => IdForm::Id18,
        15 if digits(b) => IdForm::Id15,
        20 if digits(&b[..17])
            && (b[17].is_ascii_digit() || b[17] == b'X')
            && (b'1'..=b'7').contains(&b[18])
            && (b'1'..=b'4').contains(&b[19]) =>
        {
            IdForm::Disability20
        }
        _ => IdForm::Invalid,
    }
}

/// The check character for the first 17 digits (which must be ASCII digits).
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// True when an 18-character ID (or the ID inside a 20-digit 残疾人证) has the right check character.
pub fn checksum_ok(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 18 && check_char(&b[..17]) == b[17]
}

/// The canonical 18-character identity of a person, for matching: 15-digit IDs upgraded (`19`
/// inserted before the year, check character appended), the 残疾人证 suffix dropped. `None` when the value is no ID at all.
pub fn canonical(normalized: &str) -> Option<String> {
    canonical_bytes(normalized).map(|b| b.iter().map(|&c| char::from(c)).collect())
}

/// [`canonical`] as 18 ASCII bytes, without allocating.
pub fn canonical_bytes(normalized: &str) -> Option<[u8; 18]> {
    let b = normalized.as_bytes();
    let mut out = [0u8; 18];
    match form(normalized) {
        IdForm::Id18 | IdForm::Disability20 => out.copy_from_slice(&b[..18]),
        IdForm::Id15 => {
            out[..6].copy_from_slice(&b[..6]);
            out[6..8].copy_from_slice(b"19");
            out[8..17].copy_from_slice(&b[6..]);
            out[17] = check_char(&out[..17]);
        }
        IdForm::Invalid => return None,
    }
    Some(out)
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date when it exists in the Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Date { year, month, day })
    }

    /// Whole years from `self` to `at` (age on a given day).
    pub fn years_until(self, at: Date) -> i32 {
        let mut age = i32::from(at.year) - i32::from(self.year);
        if (at.month, at.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The birth date written in an 18- or 20-character ID (digits 7–14), if it is a real date.
pub fn birth_date(canonical18: &str) -> Option<Date> {
    let d = canonical18.get(6..14)?;
    let n = |r: std::ops::Range<usize>| d.get(r)?.parse::<u16>().ok();
    Date::new(n(0..4)?, n(4..6)? as u8, n(6..8)? as u8)
}

/// `Some(true)` for male (odd 17th digit), `Some(false)` for female.
pub fn is_male(canonical18: &str) -> Option<bool> {
    let d = *canonical18.as_bytes().get(16)?;
    d.is_ascii_digit().then_some((d - b'0') % 2 == 1)
}

/// GB/T 2260 county codes ever in use, with the year each went out of use (see
/// `src/data/README.md` for origin, licence and format).
static REGIONS: &[u8] = include_bytes!("data/regions.bin");

/// What the first six digits of an ID say about where it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// A county code in use in or after the birth year.
    Known,
    /// Not a county code at any time.
    Unknown,
    /// A county code abolished in this year, before the person was born.
    AbolishedIn(u16),
}

/// Looks up the address code of `canonical18` for someone born in `birth_year`.
///
/// A code created *after* the birth year is fine: the code is that of the registry office when
/// the number was issued, years after birth (GB 11643-1999 §5.1). A code abolished before the
/// birth year cannot have been issued to the person.
pub fn region(canonical18: &str, birth_year: u16) -> Region {
    let Some(code) = canonical18.get(..6).and_then(|c| c.parse::<u32>().ok()) else {
        return Region::Unknown;
    };
    let entry = |i: usize| u32::from_le_bytes(REGIONS[i * 4..i * 4 + 4].try_into().expect("4 bytes"));
    let (mut lo, mut hi) = (0, REGIONS.len() / 4);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match (entry(mid) & 0xF_FFFF).cmp(&code) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let last = (entry(mid) >> 20) as u16;
                return match last {
                    0 => Region::Known,
                    _ if 1900 + last >= birth_year => Region::Known,
                    _ => Region::AbolishedIn(1900 + last),
                };
            }
        }
    }
    Region::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors for the check character and date (GB 11643-1999, ISO 7064 MOD 11-2).
    #[test]
    fn test_vectors() {
        for ok in [
            "360426199101010071",
            "44011320141005001X",
            "120103198806018241",
            "11010519491231002X",
            "120110198012010073",
            "120110199212010072",
        ] {
            assert!(checksum_ok(ok) && birth_date(ok).is_some(), "{ok} should be valid");
        }
        assert_eq!(normalize("44011320141005001x"), "44011320141005001X");
        for bad in ["110105194912310021", "360426199101010072", "36042619910102009X"] {
            assert!(!checksum_ok(bad), "{bad} has a wrong check character");
        }
        assert_eq!(birth_date("360426199113010079"), None);
        assert_eq!(birth_date("11010519491331002X"), None);
        assert_eq!(region("990426199112010074", 1991), Region::Unknown);
        assert_eq!(region("120110198012010073", 1980), Region::Known, "东郊区 until 1991");
        assert_eq!(region("120110199212010072", 1992), Region::Known, "东丽区 from 1992");
        // 房山区 (110111) dates from 1986: a number issued there later to someone born in 1980 is
        // right, so unlike python-stdnum this is no fault.
        assert_eq!(region("110111198012010078", 1980), Region::Known);
        assert_eq!(region("230307196304054513", 1963), Region::Known, "the vector fails its check character");
    }

    #[test]
    fn regions_table_is_sorted_and_knows_abolished_codes() {
        let codes: Vec<u32> = REGIONS.chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap()) & 0xF_FFFF).collect();
        assert!(codes.len() > 6000 && codes.windows(2).all(|w| w[0] < w[1]));
        // 崇文区 (110103) was merged into 东城区 in 2010.
        assert_eq!(region("110103200001010000", 2000), Region::Known);
        assert_eq!(region("110103201101010000", 2011), Region::AbolishedIn(2010));
        for county in
            ["522731", "522732", "522701", "522601", "620121", "511923", "360426", "433130", "532923", "450721"]
        {
            // The generator's counties: current codes, so right for every birth year.
            assert_eq!(region(&format!("{county}201901010000"), 2019), Region::Known, "{county}");
        }
    }

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(normalize(" ３６０４２６１９９１０１０１００７１\u{200B}"), "360426199101010071");
        assert_eq!(normalize("=\"360426199101010071\""), "360426199101010071");
        assert_eq!(normalize("3604 2619 9101 0100 71"), "360426199101010071");
    }

    #[test]
    fn forms_and_upgrade() {
        assert_eq!(form("360426199101010071"), IdForm::Id18);
        assert_eq!(form("360426910101007"), IdForm::Id15);
        assert_eq!(form("36042619910101007142"), IdForm::Disability20);
        assert_eq!(form("36042619910101007182"), IdForm::Invalid, "category 8 does not exist");
        assert_eq!(form("36042619910101007"), IdForm::Invalid);
        let up = canonical("360426910101007").unwrap();
        assert_eq!(up, "360426199101010071");
        assert!(checksum_ok(&up));
        assert_eq!(canonical("36042619910101007142").as_deref(), Some("360426199101010071"));
    }

    #[test]
    fn placeholders_are_missing() {
        for m in ["", "  ", "无", "/", "0", "999999199001010011"] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("360426199101010071"));
    }

    #[test]
    fn sex_and_age() {
        assert_eq!(is_male("360426199101010071"), Some(true));
        assert_eq!(is_male("120103198806018241"), Some(false));
        let b = birth_date("360426199101010071").unwrap();
        assert_eq!(b.years_until(Date::new(2021, 1, 1).unwrap()), 30);
        assert_eq!(b.years_until(Date::new(2020, 12, 31).unwrap()), 29);
    }
}
