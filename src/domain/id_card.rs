//! The resident ID number (公民身份号码) of GB 11643-1999: normalisation, form, check character,
//! birth date and the 15→18 conversion. Pure functions, no allocation on the hot path (an ID
//! already in normal form is borrowed, not copied).
//!
//! The ID column of real registers also holds numbers of other documents that carry or follow
//! the resident ID's scheme (see [`Document`]): the second-generation disability certificate
//! (残疾人证号: the holder's ID, then category and grade), the residence permits of Hong Kong,
//! Macao and Taiwan residents (an 18-character number on 810000/820000/830000) and the foreigners'
//! permanent residence ID card (2023: 18 characters starting with 9; before: 3 letters and 12
//! digits).

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
    /// A 残疾人证号: an 18-character ID and two characters, category and grade (20 characters),
    /// sometimes a re-issue mark such as `B1` after them (22). The category and grade are
    /// checked apart ([`disability_code`]): the ID inside is usable whatever they say.
    Disability,
    /// The foreigners' permanent residence card issued before December 2023: 3 letters (the
    /// nationality) and 12 digits. It has no birth date or sex that can be read for sure.
    ForeignPermanent15,
    /// None of the above.
    Invalid,
}

/// The document a number in the ID column belongs to, by its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// 居民身份证 (18 characters, or the 15-digit pre-1999 number).
    ResidentId,
    /// 残疾人证 (the holder's ID, category and grade).
    Disability,
    /// 港澳居民居住证 (810000 Hong Kong, 820000 Macao).
    HongKongMacao,
    /// 台湾居民居住证 (830000).
    Taiwan,
    /// 外国人永久居留身份证 (2023: 9…; or the older 3 letters and 12 digits).
    ForeignPermanent,
}

impl Document {
    /// The name the ID column's findings give the number.
    pub fn name_zh(self) -> &'static str {
        match self {
            Document::ResidentId => "证件号码",
            Document::Disability => "残疾人证号",
            Document::HongKongMacao => "港澳居民居住证号码",
            Document::Taiwan => "台湾居民居住证号码",
            Document::ForeignPermanent => "外国人永久居留身份证号码",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Document::ResidentId => "ID number",
            Document::Disability => "Disability certificate number",
            Document::HongKongMacao => "Hong Kong/Macao residence permit number",
            Document::Taiwan => "Taiwan residence permit number",
            Document::ForeignPermanent => "Foreigner's permanent residence ID number",
        }
    }
}

/// The document of a normalised number of a known [`IdForm`]; `None` for an invalid one.
pub fn document(id: &str) -> Option<Document> {
    document_of_form(id, form(id))
}

/// [`document`] of `id`, whose [`form`] is known already.
pub fn document_of_form(id: &str, form: IdForm) -> Option<Document> {
    Some(match form {
        IdForm::Invalid => return None,
        IdForm::Disability => Document::Disability,
        IdForm::ForeignPermanent15 => Document::ForeignPermanent,
        IdForm::Id15 => Document::ResidentId,
        IdForm::Id18 => match &id[..6] {
            "810000" | "820000" => Document::HongKongMacao,
            "830000" => Document::Taiwan,
            // 9 is no province's first digit: 9 and a province code is a foreigner's number.
            _ if id.starts_with('9') && PROVINCES.contains(&&id[1..3]) => Document::ForeignPermanent,
            _ => Document::ResidentId,
        },
    })
}

/// What is wrong with the category, grade or re-issue mark of a 残疾人证号.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisabilityFault {
    /// The 19th character is no category 1–7.
    Category(char),
    /// The 20th character is no grade 1–4.
    Grade(char),
    /// Characters 21–22 are no re-issue mark `B1`–`B9`.
    Reissue,
}

/// Category names of the 残疾人证 (GB/T 26341-2010), by digit 1–7.
pub const DISABILITY_CATEGORIES: [&str; 7] = ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"];

/// The category (1–7) and grade (1–4) of a number of form [`IdForm::Disability`], or what is
/// wrong with them.
pub fn disability_code(id: &str) -> Result<(u8, u8), DisabilityFault> {
    let b = id.as_bytes();
    let (category, grade) = (b[18], b[19]);
    if !(b'1'..=b'7').contains(&category) {
        return Err(DisabilityFault::Category(char::from(category)));
    }
    if !(b'1'..=b'4').contains(&grade) {
        return Err(DisabilityFault::Grade(char::from(grade)));
    }
    if b.len() == 22 && !(b[20] == b'B' && (b'1'..=b'9').contains(&b[21])) {
        return Err(DisabilityFault::Reissue);
    }
    Ok((category - b'0', grade - b'0'))
}

/// Placeholders offices type when a person has no ID number.
const PLACEHOLDERS: &[&str] = &["无", "/", "-", "—", "0", "空", "暂无", "无证", "NULL", "null"];

/// True when the (trimmed) cell means "no ID": empty, a placeholder word, or `999999…`.
pub fn is_missing(raw: &str) -> bool {
    let t = crate::base::text::number(raw);
    t.is_empty() || PLACEHOLDERS.contains(&t) || normalized(t).starts_with("999999")
}

/// The ID in `raw` normalised (as [`normalized`]), or `None` when [`is_missing`]: both at once,
/// normalising the usual ID once where asking each would twice.
pub fn present(raw: &str) -> Option<Cow<'_, str>> {
    let t = crate::base::text::number(raw);
    if t.is_empty() || PLACEHOLDERS.contains(&t) {
        return None;
    }
    let n = normalized(t);
    if n.starts_with("999999") {
        return None;
    }
    // `t` is `raw` unmarked; when nothing was taken off it is `raw`, normalised already.
    Some(if t.len() == raw.len() { n } else { normalized(raw) })
}

/// Normalises an ID as typed: drops the `#` or `'` that exports put before a number to keep it
/// text, spaces of every width and zero-width marks, maps full-width digits and letters to ASCII,
/// upper-cases `x`, and unwraps the `="…"` guard that some tools write to keep Excel from turning
/// the number into a float.
pub fn normalize(raw: &str) -> String {
    normalized(raw).into_owned()
}

/// [`normalize`], borrowing `raw` (trimmed) when it needs no change: the usual ID, read for
/// every row by several rules, costs no allocation.
pub fn normalized(raw: &str) -> Cow<'_, str> {
    let mut s = crate::base::text::number(raw);
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
        20 | 22
            if digits(&b[..17])
                && (b[17].is_ascii_digit() || b[17] == b'X')
                && b[18..].iter().all(u8::is_ascii_alphanumeric) =>
        {
            IdForm::Disability
        }
        15 if b[..3].iter().all(u8::is_ascii_uppercase) && digits(&b[3..]) => IdForm::ForeignPermanent15,
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
    canonical_bytes_of_form(normalized, form(normalized))
}

/// [`canonical_bytes`] of `normalized`, whose [`form`] is known already.
pub fn canonical_bytes_of_form(normalized: &str, form: IdForm) -> Option<[u8; 18]> {
    let b = normalized.as_bytes();
    let mut out = [0u8; 18];
    match form {
        IdForm::Id18 | IdForm::Disability => out.copy_from_slice(&b[..18]),
        IdForm::Id15 => {
            out[..6].copy_from_slice(&b[..6]);
            out[6..8].copy_from_slice(b"19");
            out[8..17].copy_from_slice(&b[6..]);
            out[17] = check_char(&out[..17]);
        }
        IdForm::ForeignPermanent15 | IdForm::Invalid => return None,
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
    // Eight digits, as in every canonical ID (several rules ask for each row's): read directly.
    if let Some(d) = canonical18.as_bytes().get(6..14).filter(|d| d.iter().all(u8::is_ascii_digit)) {
        let n = |r: std::ops::Range<usize>| d[r].iter().fold(0u16, |v, &c| v * 10 + u16::from(c - b'0'));
        return Date::new(n(0..4), n(4..6) as u8, n(6..8) as u8);
    }
    birth_date_parsed(canonical18)
}

/// [`birth_date`] of a value whose digits 7–14 are not all digits, read as numbers are parsed.
fn birth_date_parsed(id: &str) -> Option<Date> {
    let d = id.get(6..14)?;
    let n = |r: std::ops::Range<usize>| d.get(r)?.parse::<u16>().ok();
    Date::new(n(0..4)?, n(4..6)? as u8, n(6..8)? as u8)
}

/// `Some(true)` for male (odd 17th digit), `Some(false)` for female.
pub fn is_male(canonical18: &str) -> Option<bool> {
    let d = *canonical18.as_bytes().get(16)?;
    d.is_ascii_digit().then_some((d - b'0') % 2 == 1)
}

/// GB/T 2260 county codes ever in use, with the year each went out of use (see
/// `src/domain/data/README.md` for origin, licence and format).
static REGIONS: &[u8] = include_bytes!("data/regions.bin");

/// The province codes of GB/T 2260 (mainland), the second and third digits of a foreigners'
/// permanent residence ID.
const PROVINCES: [&str; 31] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];

/// The county-level codes of GB/T 2260 in use today (not a province's or a prefecture's
/// `…00`), ascending.
pub fn counties_in_use() -> impl Iterator<Item = u32> {
    REGIONS.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))).filter_map(|e| {
        let code = e & 0xF_FFFF;
        (e >> 20 == 0 && code % 100 != 0).then_some(code)
    })
}

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
    match canonical18.get(..6) {
        // Residence permits of Hong Kong, Macao and Taiwan residents.
        Some("810000" | "820000" | "830000") => return Region::Known,
        // The 2023 foreigners' permanent residence ID: 9, the issuing province, the nationality
        // (a 3-digit country code).
        Some(c) if c.starts_with('9') => {
            return match PROVINCES.contains(&&c[1..3]) && &c[3..] != "000" {
                true => Region::Known,
                false => Region::Unknown,
            }
        }
        _ => {}
    }
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

    /// The direct reading gives what parsing the three numbers gives.
    #[test]
    fn birth_date_reads_digits_as_parsing_does() {
        for id in [
            "360426199101010071",
            "360426200002290012",
            "360426190002290012",
            "360426199113010071",
            "360426199100000071",
            "360426000001010071",
            "3604261991+1010071",
            "36042619910101",
            "3604261991010",
            "36042６199101010071",
            "",
        ] {
            assert_eq!(birth_date(id), birth_date_parsed(id), "{id}");
        }
    }

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
        assert_eq!(form("36042619910101007142"), IdForm::Disability);
        assert_eq!(form("36042619910101007142B1"), IdForm::Disability);
        assert_eq!(form("36042619910101007182"), IdForm::Disability, "a disability number, category 8 reported apart");
        assert_eq!(form("3604261991010100714"), IdForm::Invalid);
        assert_eq!(form("USA110919880015"), IdForm::ForeignPermanent15);
        assert_eq!(form("US1110919880015"), IdForm::Invalid);
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

#[cfg(test)]
mod document_tests {
    use super::*;

    /// `first17` with its check character.
    fn id(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()) as char)
    }

    #[test]
    fn documents_by_form() {
        assert_eq!(document("360426199101010071"), Some(Document::ResidentId));
        assert_eq!(document("360426910101007"), Some(Document::ResidentId));
        assert_eq!(document("36042619910101007142B2"), Some(Document::Disability));
        assert_eq!(document(&id("81000019900101001")), Some(Document::HongKongMacao));
        assert_eq!(document(&id("82000019900101002")), Some(Document::HongKongMacao));
        assert_eq!(document(&id("83000019900101003")), Some(Document::Taiwan));
        assert_eq!(document(&id("93184019850612001")), Some(Document::ForeignPermanent));
        assert_eq!(document("USA110919880015"), Some(Document::ForeignPermanent));
        assert_eq!(document("3604"), None);
    }

    #[test]
    fn permits_and_foreigners_ids_have_known_regions_and_read_as_ids() {
        let hk = id("81000019900101001");
        assert_eq!(region(&hk, 1990), Region::Known);
        assert_eq!(region(&id("83000019900101003"), 1990), Region::Known);
        assert_eq!(region(&id("81000119900101001"), 1990), Region::Unknown, "only 810000 itself");
        let foreign = id("93184019850612002");
        assert_eq!(region(&foreign, 1985), Region::Known, "Shanghai, USA (840)");
        assert_eq!(region(&id("99984019850612002"), 1985), Region::Unknown, "no province 99");
        assert_eq!(region(&id("93100019850612002"), 1985), Region::Unknown, "no country 000");
        assert_eq!(birth_date(&foreign), Date::new(1985, 6, 12));
        assert_eq!(is_male(&foreign), Some(false));
        assert!(checksum_ok(&foreign));
        assert_eq!(canonical("USA110919880015"), None, "letters: matched by nothing but its text");
    }

    #[test]
    fn disability_codes() {
        assert_eq!(disability_code("36042619910101007142"), Ok((4, 2)));
        assert_eq!(disability_code("36042619910101007171B1"), Ok((7, 1)));
        assert_eq!(disability_code("36042619910101007182"), Err(DisabilityFault::Category('8')));
        assert_eq!(disability_code("36042619910101007105"), Err(DisabilityFault::Category('0')));
        assert_eq!(disability_code("36042619910101007145"), Err(DisabilityFault::Grade('5')));
        assert_eq!(disability_code("36042619910101007142C1"), Err(DisabilityFault::Reissue));
        assert_eq!(disability_code("36042619910101007142B0"), Err(DisabilityFault::Reissue));
        assert_eq!(canonical("36042619910101007182B1").as_deref(), Some("360426199101010071"));
    }
}
