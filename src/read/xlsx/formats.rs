//! Which number formats show a number as a date or a duration: the same judgement calamine
//! makes (ported from its `formats.rs`, MIT, itself from openpyxl), so that both readers turn
//! the same cells into dates.

/// How a cell's number format shows its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Number,
    Date,
    Duration,
}

/// A custom format code: a date when its first section has a date or time token outside
/// quotes, escapes and brackets; a duration when it is an elapsed-time bracket like `[h]`.
pub fn custom(format: &str) -> Shown {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Shown::Number,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Shown::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Shown::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return Shown::Date,
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Shown::Number
}

/// A built-in format by its id as written (`"14"`): ECMA-376 18.8.30 and the East Asian ones.
pub fn builtin(id: &[u8]) -> Shown {
    match id {
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => Shown::Date,
        b"27" | b"28" | b"29" | b"30" | b"31" | b"32" | b"33" | b"34" | b"35" | b"36" | b"50" | b"51" | b"52"
        | b"53" | b"54" | b"55" | b"56" | b"57" | b"58" => Shown::Date,
        b"46" => Shown::Duration,
        _ => Shown::Number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_dates_from_numbers() {
        for f in ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yy h:mm", "AM/PM h"] {
            assert_eq!(custom(f), Shown::Date, "{f}");
        }
        for f in ["0.00", "#,##0", "\"day\"0", "[Red]0", "0;yyyy", "@"] {
            assert_eq!(custom(f), Shown::Number, "{f}");
        }
        assert_eq!(custom("[h]:mm:ss"), Shown::Duration);
        assert_eq!(builtin(b"14"), Shown::Date);
        assert_eq!(builtin(b"46"), Shown::Duration);
        assert_eq!(builtin(b"014"), Shown::Number);
    }
}
