//! Personal names as keys for matching one person written two ways: width, spaces and dots
//! dropped, the 〇 variants unified, traditional forms of common surname characters simplified.

/// Traditional → simplified for the surname characters registers most often write both ways,
/// sorted by the traditional character for binary search. (黎, 何, 林 … are the same in both.)
const SIMPLIFIED: &[(char, char)] = &[
    ('倫', '伦'),
    ('劉', '刘'),
    ('區', '区'),
    ('吳', '吴'),
    ('呂', '吕'),
    ('喬', '乔'),
    ('單', '单'),
    ('嚴', '严'),
    ('塗', '涂'),
    ('孫', '孙'),
    ('張', '张'),
    ('時', '时'),
    ('楊', '杨'),
    ('歐', '欧'),
    ('淩', '凌'),
    ('湯', '汤'),
    ('溫', '温'),
    ('盧', '卢'),
    ('範', '范'),
    ('紀', '纪'),
    ('練', '练'),
    ('羅', '罗'),
    ('聞', '闻'),
    ('聶', '聂'),
    ('莊', '庄'),
    ('華', '华'),
    ('萬', '万'),
    ('葉', '叶'),
    ('蔣', '蒋'),
    ('蕭', '萧'),
    ('藍', '蓝'),
    ('蘇', '苏'),
    ('蘭', '兰'),
    ('許', '许'),
    ('謝', '谢'),
    ('譚', '谭'),
    ('費', '费'),
    ('賀', '贺'),
    ('賈', '贾'),
    ('賴', '赖'),
    ('趙', '赵'),
    ('遊', '游'),
    ('鄒', '邹'),
    ('鄔', '邬'),
    ('鄧', '邓'),
    ('鄭', '郑'),
    ('鄺', '邝'),
    ('錢', '钱'),
    ('鍾', '钟'),
    ('鐘', '钟'),
    ('閆', '闫'),
    ('閻', '阎'),
    ('關', '关'),
    ('陳', '陈'),
    ('陸', '陆'),
    ('韋', '韦'),
    ('韓', '韩'),
    ('顧', '顾'),
    ('馬', '马'),
    ('馮', '冯'),
    ('魯', '鲁'),
    ('鳳', '凤'),
    ('黃', '黄'),
    ('黨', '党'),
    ('齊', '齐'),
    ('龍', '龙'),
    ('龔', '龚'),
];

/// The matching key of a name as typed: full-width letters and digits made ASCII (letters lower
/// case), every kind of space, the middle dots of minority names (·•・‧) and zero-width marks
/// dropped, ○ ◯ 零 written as 〇, and the traditional surname characters of [`SIMPLIFIED`] simplified.
pub fn key(name: &str) -> String {
    key_chars(name).collect()
}

/// The characters of [`key`], without building the string.
pub fn key_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter_map(|c| {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            c if c.is_whitespace() => None,
            '\u{00B7}'
            | '\u{2022}'
            | '\u{30FB}'
            | '\u{2027}'
            | '\u{FF65}'
            | '.'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}' => None,
            '○' | '◯' | '零' => Some('〇'),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            c if c.is_ascii() => Some(c),
            c => Some(SIMPLIFIED.binary_search_by_key(&c, |p| p.0).map_or(c, |i| SIMPLIFIED[i].1)),
        }
    })
}

/// Names shorter than this are similar only when equal: one character is too little.
pub const SIMILAR_MIN_CHARS: usize = 2;

/// True when two name keys are the same, or of the same length (two characters or more) and
/// differ in one character: 张伟 and 张玮, a likely slip of the input method.
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let (mut x, mut y) = (a.chars(), b.chars());
    let (mut len, mut diff) = (0, 0);
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) => {
                len += 1;
                diff += usize::from(p != q);
            }
            (None, None) => return len >= SIMILAR_MIN_CHARS && diff == 1,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_written_many_ways_has_one_key() {
        for typed in ["陈伟", "陳伟", "陈 伟", "陈\u{3000}伟", " 陈伟\u{200B}", "陳\u{00A0}伟"] {
            assert_eq!(key(typed), "陈伟", "{typed:?}");
        }
        assert_eq!(key("买买提·艾力"), key("买买提•艾力"));
        assert_eq!(key("买买提·艾力"), "买买提艾力");
        assert_eq!(key("李〇"), key("李○"));
        assert_eq!(key("李零"), key("李〇"));
        assert_eq!(key("ＡＢ"), "ab");
        assert_eq!(key("龍萬鍾"), "龙万钟");
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(SIMPLIFIED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key("陈伟"), key("陈玮"));
        assert_ne!(key("张三"), key("张三丰"));
    }

    #[test]
    fn similar_means_one_character_apart() {
        assert!(similar("张伟", "张伟"));
        assert!(similar("张伟", "张玮"));
        assert!(similar("欧阳明", "欧阳名"));
        assert!(!similar("张伟", "李玮"));
        assert!(!similar("张伟", "张伟明"));
        assert!(!similar("张", "李"), "one character is too little to call similar");
        assert!(!similar("", ""));
    }
}
