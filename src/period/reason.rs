//! What a 人员变动 / 人员变更 / 人员状态 cell says: why a person joined or left the register.

/// Why a person joined or left, as the summary counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Birth,
    Death,
    Marriage,
    Move,
    Other,
}

impl Reason {
    /// The key the JSON summary counts it under.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Birth => "birth",
            Reason::Death => "death",
            Reason::Marriage => "marriage",
            Reason::Move => "move",
            Reason::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Reason::Birth => "出生",
            Reason::Death => "死亡",
            Reason::Marriage => "婚嫁",
            Reason::Move => "迁移",
            Reason::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Reason::Birth => "birth",
            Reason::Death => "death",
            Reason::Marriage => "marriage",
            Reason::Move => "move",
            Reason::Other => "other",
        }
    }
}

/// Whether a change reason says the person joined or left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Joined,
    Left,
}

/// The words of the 建档立卡 system's 人员变更 (新生儿, 死亡, 嫁入, 嫁出, 出国定居, 判刑收监, 其他转入,
/// 其他转出) and of later exports' 人员状态 (正常, 自然减少, 注销 …), first match wins: 婚出 is a
/// marriage before it is a 出 of anything else.
const WORDS: &[(&str, Reason, Direction)] = &[
    ("新生", Reason::Birth, Direction::Joined),
    ("出生", Reason::Birth, Direction::Joined),
    ("死亡", Reason::Death, Direction::Left),
    ("去世", Reason::Death, Direction::Left),
    ("身故", Reason::Death, Direction::Left),
    ("亡故", Reason::Death, Direction::Left),
    ("病故", Reason::Death, Direction::Left),
    ("嫁入", Reason::Marriage, Direction::Joined),
    ("婚入", Reason::Marriage, Direction::Joined),
    ("娶入", Reason::Marriage, Direction::Joined),
    ("入赘", Reason::Marriage, Direction::Joined),
    ("嫁出", Reason::Marriage, Direction::Left),
    ("婚出", Reason::Marriage, Direction::Left),
    ("出嫁", Reason::Marriage, Direction::Left),
    ("外嫁", Reason::Marriage, Direction::Left),
    ("迁入", Reason::Move, Direction::Joined),
    ("转入", Reason::Move, Direction::Joined),
    ("迁出", Reason::Move, Direction::Left),
    ("转出", Reason::Move, Direction::Left),
    ("户口迁移", Reason::Move, Direction::Left),
    ("出国", Reason::Other, Direction::Left),
    ("定居国外", Reason::Other, Direction::Left),
    ("判刑", Reason::Other, Direction::Left),
    ("收监", Reason::Other, Direction::Left),
    ("服刑", Reason::Other, Direction::Left),
    ("注销", Reason::Other, Direction::Left),
    ("自然减少", Reason::Other, Direction::Left),
    ("减少", Reason::Other, Direction::Left),
    ("自然增加", Reason::Other, Direction::Joined),
    ("新增", Reason::Other, Direction::Joined),
    ("增加", Reason::Other, Direction::Joined),
];

/// What the cell `text` says, if it names a change at all (正常, 在册 and blanks do not).
pub fn read(text: &str) -> Option<(Reason, Direction)> {
    let t = crate::base::text::trim(text);
    if t.is_empty() {
        return None;
    }
    WORDS.iter().find(|(w, ..)| t.contains(w)).map(|&(_, r, d)| (r, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_systems_words() {
        assert_eq!(read("新生儿"), Some((Reason::Birth, Direction::Joined)));
        assert_eq!(read("死亡"), Some((Reason::Death, Direction::Left)));
        assert_eq!(read("嫁出"), Some((Reason::Marriage, Direction::Left)));
        assert_eq!(read("其他转入"), Some((Reason::Move, Direction::Joined)));
        assert_eq!(read("判刑收监"), Some((Reason::Other, Direction::Left)));
        assert_eq!(read("自然减少（死亡）"), Some((Reason::Death, Direction::Left)));
        assert_eq!(read("正常"), None);
        assert_eq!(read(" "), None);
    }
}
