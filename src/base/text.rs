//! Text helpers run on every cell the rules read, so made cheap for the usual cell.

/// `bytes` as text when they are UTF-8: `str::from_utf8`'s answer, found with SIMD where the
/// machine has it (several times fewer instructions a byte on the Chinese text of a register;
/// plain `str::from_utf8` in a wasm build without SIMD). For the large slices the readers
/// check at once: an inflated run of a sheet's rows, a record of a CSV.
#[inline]
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

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

/// A number cell without the marks exporting systems add to keep it text in Excel: a leading
/// `#`, `'` or tab and trailing spaces or tabs (`#43072319…`, `'3125752184`). Nothing else is
/// removed, so what is left is the value as typed.
#[inline]
pub fn unmark(s: &str) -> &str {
    let s = s.trim_end_matches([' ', '\t']).trim_start_matches('\t');
    s.strip_prefix(['#', '\'']).map_or(s, |rest| rest.trim_start_matches('\t'))
}

/// The value of a number cell as rules read it: [`trim`]med and [`unmark`]ed.
#[inline]
pub fn number(s: &str) -> &str {
    let t = trim(s);
    match t.as_bytes().first() {
        Some(b'#' | b'\'') => trim(&t[1..]),
        _ => t,
    }
}

/// `a == b`, told at once for two cells of one dictionary column's value (the table holds it
/// once, so both are the same slice) without comparing their bytes.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

#[cfg(test)]
mod tests {
    use super::{number, trim, unmark};

    #[test]
    fn unmarks_what_exports_add_and_nothing_else() {
        assert_eq!(unmark("#3125752184"), "3125752184");
        assert_eq!(unmark("'430723195112100011 \t"), "430723195112100011");
        assert_eq!(unmark("\t#13912345678"), "13912345678");
        assert_eq!(unmark("\u{00A0}360426199101010071"), "\u{00A0}360426199101010071", "NBSP is no mark");
        assert_eq!(unmark(" 3604"), " 3604", "a leading space is no mark");
        assert_eq!(number(" #3125752184\t"), "3125752184");
        assert_eq!(number("#\t3125752184"), "3125752184");
        assert_eq!(number("张三"), "张三");
        assert_eq!(number("#"), "");
    }

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
