//! Chinese personal names: common surnames and given-name characters, and a compact key so the
//! generator can keep (name, birth date) unique across a register of a million people.

use super::rng::Rng;

/// 100 common single-character surnames (no compound ones, so that a name string splits into
/// surname and given name in exactly one way, which keeps [`NameParts::key`] one-to-one).
pub const SURNAMES: [&str; 100] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武",
    "戴", "莫", "孔", "向", "汤",
];

/// Given-name characters: the first [`MALE`] lean male, the rest female. All distinct.
const GIVEN: [&str; 200] = [
    // male
    "伟", "强", "军", "勇", "明", "刚", "平", "辉", "建", "国", "华", "文", "斌", "杰", "涛", "鹏", "龙", "林", "波",
    "超", "磊", "峰", "海", "洪", "志", "忠", "荣", "福", "贵", "富", "顺", "发", "权", "兵", "德", "全", "宏", "昌",
    "成", "江", "金", "祥", "友", "才", "正", "生", "学", "松", "亮", "光", "东", "新", "飞", "山", "永", "兴", "中",
    "庆", "家", "清", "武", "安", "俊", "书", "义", "仁", "进", "胜", "贤", "和", "万", "开", "元", "宝", "泽", "浩",
    "宇", "博", "天", "坤", "银", "旭", "毅", "凯", "鑫", "森", "锋", "鸿", "瑞", "彬", "达", "坚", "良", "树", "根",
    "柱", "石", "虎", "豪", "智", // female
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "秀", "英", "兰", "梅", "萍", "红", "琴", "凤", "芬", "花",
    "珍", "莲", "菊", "翠", "桂", "雪", "慧", "婷", "娜", "琳", "玉", "美", "香", "春", "群", "月", "云", "倩", "颖",
    "洁", "琼", "晶", "妹", "姣", "娥", "娇", "瑶", "菲", "薇", "蓉", "彩", "爱", "莉", "巧", "妮", "妍", "雯", "露",
    "霜", "环", "青", "欣", "悦", "佳", "怡", "琪", "梦", "晓", "蕾", "璐", "雅", "思", "雨", "婧", "淑", "惠", "荷",
    "芝", "姗", "茜", "媛", "黛", "岚", "秋", "冬", "叶", "贞", "素", "丹", "萱", "蓓", "萌", "楠", "馨", "珊", "艺",
    "瑜", "璇", "琦", "丰", "芸",
];

/// How many of [`GIVEN`] lean male.
const MALE: usize = 100;

/// A name as indexes into the lists: cheap to hash, and one-to-one with the name string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameParts {
    surname: u8,
    /// One or two given characters, `u8::MAX` for none.
    given: [u8; 2],
}

impl NameParts {
    /// A random name with the given surname: one given character a quarter of the time, else two.
    pub fn random(rng: &mut Rng, surname: u8, male: bool) -> NameParts {
        let (lo, hi) = if male { (0, MALE) } else { (MALE, GIVEN.len()) };
        let draw = |rng: &mut Rng| (lo + rng.below((hi - lo) as u64) as usize) as u8;
        let first = draw(rng);
        let second = if rng.percent(25) { u8::MAX } else { draw(rng) };
        NameParts { surname, given: [first, second] }
    }

    /// A number unique to (name, `day`), `day` being a count of days below 2^16.
    pub fn key(self, day: u32) -> u64 {
        (u64::from(self.surname) << 32)
            | (u64::from(self.given[0]) << 24)
            | (u64::from(self.given[1]) << 16)
            | u64::from(day)
    }

    /// The name as written.
    pub fn text(self) -> String {
        let mut s = String::with_capacity(9);
        s.push_str(SURNAMES[usize::from(self.surname)]);
        for g in self.given.into_iter().filter(|&g| g != u8::MAX) {
            s.push_str(GIVEN[usize::from(g)]);
        }
        s
    }
}

/// A random surname index.
pub fn random_surname(rng: &mut Rng) -> u8 {
    rng.below(SURNAMES.len() as u64) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn lists_are_distinct_single_characters() {
        for list in [&SURNAMES[..], &GIVEN[..]] {
            assert!(list.iter().all(|s| s.chars().count() == 1), "single characters only");
            let set: HashSet<_> = list.iter().collect();
            assert_eq!(set.len(), list.len(), "no repeated character");
        }
    }

    #[test]
    fn key_is_one_to_one_with_the_text() {
        let mut rng = Rng::new(9);
        let mut by_key = std::collections::HashMap::new();
        for i in 0..20_000u32 {
            let surname = random_surname(&mut rng);
            let n = NameParts::random(&mut rng, surname, i % 2 == 0);
            let text = n.text();
            assert!((2..=3).contains(&text.chars().count()), "{text}");
            if let Some(old) = by_key.insert(n.key(7), text.clone()) {
                assert_eq!(old, text);
            }
        }
        let texts: HashSet<_> = by_key.values().collect();
        assert_eq!(texts.len(), by_key.len(), "different keys, different names");
    }
}
