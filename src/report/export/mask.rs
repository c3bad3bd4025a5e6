//! Masking personal data for a summary sent upward: IDs as `522731********1234`, names as
//! `张*`, phones as `139****5678`, bank cards as `6222*********1234`.

use std::collections::HashSet;

/// An ID number: the first 6 (the place) and the last 4 kept, the rest starred.
pub fn id(s: &str) -> String {
    keep_ends(s, 6, 4)
}

/// A name: the surname kept, one star for each other character (`张*`, `欧阳**`). A compound
/// surname is kept whole only when a given name follows it.
pub fn name(s: &str) -> String {
    let s = s.trim();
    let n = s.chars().count();
    let keep = if n >= 3 && COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c)) { 2 } else { 1 };
    s.chars().enumerate().map(|(i, c)| if i < keep { c } else { '*' }).collect()
}

/// The two-character surnames still common, kept whole by [`name`].
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "端木",
];

/// A phone number: the first 3 and the last 4 kept (`139****5678`).
pub fn phone(s: &str) -> String {
    keep_ends(s, 3, 4)
}

/// A bank card number: the first 4 and the last 4 kept.
pub fn card(s: &str) -> String {
    keep_ends(s, 4, 4)
}

/// `head` leading and `tail` trailing characters kept, every other starred; a value too short
/// to keep both ends and hide something is starred whole but for its last two characters.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    let (head, tail) = if n >= head + tail + 2 { (head, tail) } else { (0, n.min(6) / 3) };
    chars.iter().enumerate().map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' }).collect()
}

/// Masks every run of ID-like characters (digits, with X at an ID's end) in free text: 15 or
/// more as an ID (so 户编号 and lists of IDs hide the IDs in them), 11 starting with 1 as a phone,
/// 12 to 14 as a card; shorter runs (counts, years, amounts) are kept.
pub fn digit_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let n = run.chars().count();
        out.push_str(&match n {
            15.. => id(run),
            11 if run.starts_with('1') => phone(run),
            11..=14 => card(run),
            _ => run.clone(),
        });
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() || (matches!(c, 'X' | 'x') && !run.is_empty()) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The names of a register, to find them inside free text (a duplicate row's value, say).
#[derive(Debug, Default)]
pub struct Names {
    names: HashSet<String>,
    longest: usize,
}

impl Names {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Names {
        let mut set = Names::default();
        for n in names.into_iter().map(str::trim).filter(|n| n.chars().count() >= 2) {
            set.longest = set.longest.max(n.chars().count());
            set.names.insert(n.to_owned());
        }
        set
    }

    /// `s` with every known name in it masked, longest match first.
    pub fn mask_in(&self, s: &str) -> String {
        if self.names.is_empty() {
            return s.to_owned();
        }
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < chars.len() {
            let found = (2..=self.longest.min(chars.len() - i)).rev().find(|&len| {
                let candidate: String = chars[i..i + len].iter().collect();
                self.names.contains(&candidate)
            });
            match found {
                Some(len) => {
                    out.push_str(&name(&chars[i..i + len].iter().collect::<String>()));
                    i += len;
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_each_kind_keeping_its_ends() {
        assert_eq!(id("522731199001011234"), "522731********1234");
        assert_eq!(id("522731900101123"), "522731*****1123");
        assert_eq!(name("张三"), "张*");
        assert_eq!(name("欧阳娜娜"), "欧阳**");
        assert_eq!(name("欧阳"), "欧*");
        assert_eq!(phone("13912345678"), "139****5678");
        assert_eq!(card("6222021234567891234"), "6222***********1234");
        assert_eq!(phone("12345"), "****5", "too short to keep both ends");
        assert_eq!(id(""), "");
    }

    #[test]
    fn masks_ids_and_phones_inside_text_but_not_counts() {
        assert_eq!(digit_runs("360426200801185177、36042620080118251X"), "360426********5177、360426********251X");
        assert_eq!(digit_runs("电话13912345678，5 人，2019 年"), "电话139****5678，5 人，2019 年");
        assert_eq!(digit_runs("户编号5227310101001001"), "户编号522731******1001");
    }

    #[test]
    fn masks_known_names_inside_text() {
        let names = Names::new(["张三", "欧阳娜娜", "李"]);
        assert_eq!(names.mask_in("德安县 张三 欧阳娜娜 李"), "德安县 张* 欧阳** 李");
    }
}
