//! Text helpers run on every cell the rules read, so made cheap for the usual cell.

/// `str::trim`, quicker on the usual cell: one that starts and ends with a visible ASCII
/// character or a CJK ideograph (U+4000–U+9FFF, never white space) is returned as it is
/// without decoding any character; any other goes through `str::trim`.
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return s };
    let ideograph_lead = |byte: u8| (0xE4..=0xE9).contains(&byte);
    let starts = first.is_ascii_graphic() || ideograph_lead(first);
    let ends = last.is_ascii_graphic() || (b.len() >= 3 && ideograph_lead(b[b.len() - 3]));
    if starts && ends {
        s
    } else {
        s.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn trims_as_str_trim_does() {
        let cases = [
            "",
            " ",
            "a",
            " a ",
            "张三",
            " 张三\u{3000}",
            "\u{3000}张三",
            "张三\u{00A0}",
            "a\u{2029}",
            "\u{FEFF}x",
            "x\u{200B}",
            "110105194912310021",
            "李\t",
            "\n",
            "é",
            " é",
            "汉a",
            "a汉",
            "汉 ",
            "\u{1680}汉",
            "汉\u{205F}",
            "（一）",
        ];
        for s in cases {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}
