//! Phone numbers as typed → as compared: what spreadsheets do to a 联系电话 undone.

/// Normalises a phone number as read from a cell: trims spaces of every width and invisible
/// marks, maps full-width digits to ASCII, unwraps `="…"` and a leading `'`, and undoes number
/// formatting — `13912345678.0` and `1.3912345678E10` become `13912345678`. Hyphens, brackets and
/// extensions of landlines (`0797-8123456`) are kept.
pub fn normalize_phone(raw: &str) -> String {
    let mut s = raw.trim();
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        s = inner;
    }
    let s = s.strip_prefix('\'').unwrap_or(s);
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
        .map(|c| match c {
            '０'..='９' | '＋' | '－' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    if let Some(digits) = cleaned.strip_suffix(".0").or_else(|| cleaned.strip_suffix(".00")) {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.to_owned();
        }
    }
    if cleaned.contains(['E', 'e']) {
        if let Ok(x) = cleaned.parse::<f64>() {
            if x.fract() == 0.0 && (1.0..1e15).contains(&x) {
                return format!("{x:.0}");
            }
        }
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::normalize_phone;

    #[test]
    fn undoes_number_formatting() {
        assert_eq!(normalize_phone("13912345678.0"), "13912345678");
        assert_eq!(normalize_phone("13912345678.00"), "13912345678");
        assert_eq!(normalize_phone("1.3912345678E10"), "13912345678");
        assert_eq!(normalize_phone("1.3912345678e+10"), "13912345678");
    }

    #[test]
    fn cleans_what_copying_brings_along() {
        assert_eq!(normalize_phone(" 139 1234 5678\u{00A0}"), "13912345678");
        assert_eq!(normalize_phone("１３９１２３４５６７８"), "13912345678");
        assert_eq!(normalize_phone("=\"13912345678\""), "13912345678");
        assert_eq!(normalize_phone("'13912345678"), "13912345678");
        assert_eq!(normalize_phone("139\u{200B}12345678"), "13912345678");
    }

    #[test]
    fn keeps_landlines_and_non_numbers() {
        assert_eq!(normalize_phone("0797-8123456"), "0797-8123456");
        assert_eq!(normalize_phone("无"), "无");
        assert_eq!(normalize_phone("12.0.0"), "12.0.0");
        assert_eq!(normalize_phone(""), "");
    }
}
