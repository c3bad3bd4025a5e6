//! Phone numbers as registers write them (联系电话): a cell may hold several, and a number typed
//! into a number cell comes back as a float (`13912345678.0`).

/// The numbers written in a phone cell: split on `/ , ， 、 ; ；`, trimmed, a float's `.0` dropped.
pub fn numbers(text: &str) -> impl Iterator<Item = &str> {
    text.split(['/', ',', '，', '、', ';', '；'])
        .map(|p| {
            let p = p.trim();
            p.strip_suffix(".0").unwrap_or(p)
        })
        .filter(|p| !p.is_empty())
}

/// True for a mobile number (`+86` allowed) or a fixed line with a 3- or 4-digit area code.
pub fn valid(number: &str) -> bool {
    let mobile = number.strip_prefix("+86").map_or(number, str::trim_start);
    let b = mobile.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    match number.split_once(['-', ' ']) {
        Some((area, local)) => {
            area.starts_with('0')
                && (3..=4).contains(&area.len())
                && digits(area)
                && (7..=8).contains(&local.len())
                && digits(local)
        }
        // Area code and local number run together: 0 and 9 to 11 more digits.
        None => number.starts_with('0') && (10..=12).contains(&number.len()) && digits(number),
    }
}
