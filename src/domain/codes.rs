//! Code lists: the values a coded column may hold, matched on the Chinese label (local systems
//! number the codes differently, so a label is the only thing that means the same everywhere).
//!
//! Lists hold both the 2016–2020 national labels and the later 防返贫监测 ones
//! (the 全国扶贫开发信息系统 indicator explanations and the 2021 监测 forms). A value is looked up as written first; only when that
//! fails is it normalised (white space dropped, half-width brackets made full-width, known
//! spelling variants mapped to their label), so clean data costs no allocation.

use crate::columns::roles::Role;

/// Labels that make a member the head of the household.
const HEAD: &[&str] = &["户主", "本人", "本人或户主", "户主本人"];

/// True when a 与户主关系 value names the household head.
pub fn is_head(relation: &str) -> bool {
    HEAD.contains(&crate::base::text::trim(relation))
}

/// 与户主关系: the 01–20 and 99 codes and the seven of the later 28-value list.
const RELATION: &[&str] = &[
    "户主",
    "本人",
    "本人或户主",
    "户主本人",
    "配偶",
    "之子",
    "之女",
    "之儿媳",
    "之女婿",
    "之孙子",
    "之孙女",
    "之外孙子",
    "之外孙女",
    "之父",
    "之母",
    "之岳父",
    "之岳母",
    "之公公",
    "之婆婆",
    "之祖父",
    "之祖母",
    "之外祖父",
    "之外祖母",
    "其他",
    "之兄弟姐妹",
    "之曾孙子",
    "之曾孙女",
    "之侄儿",
    "之侄女",
    "之兄弟媳妇",
    "之叔伯",
];

/// 性别 as labels and as the GB/T 2261.1 codes 1, 2 and 9, which every system shares.
const GENDER: &[&str] = &["男", "女", "男性", "女性", "未说明的性别", "1", "2", "9"];

/// 民族: the 56 peoples, then the entries the national registers add.
const ETHNICITY: &[&str] = &[
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
    "未识别民族",
    "穿青人",
    "外国血统",
    "外国血统中国籍人士",
    "入籍",
];

/// 文化程度, old and new lists and the labels Guizhou exports use.
const EDUCATION: &[&str] = &[
    "文盲或半文盲",
    "小学",
    "初中",
    "高中",
    "大专及以上",
    "学龄前儿童",
    "大专",
    "本科及以上",
    "技师",
    "高职高专",
    "本科及研究生及以上",
];

/// 在校生状况, old and new lists.
const SCHOOLING: &[&str] = &[
    "非在校生",
    "学龄前儿童",
    "学前教育",
    "小学",
    "七年级",
    "八年级",
    "九年级",
    "高中一年级",
    "高中二年级",
    "高中三年级",
    "普通高中一年级",
    "普通高中二年级",
    "普通高中三年级",
    "中职一年级",
    "中职二年级",
    "中职三年级",
    "高职一年级",
    "高职二年级",
    "高职三年级",
    "高职高专一年级",
    "高职高专二年级",
    "高职高专三年级",
    "技师学院一年级",
    "技师学院二年级",
    "技师学院三年级",
    "技师学院四年级",
    "本科一年级",
    "本科二年级",
    "本科三年级",
    "本科四年级",
    "本科五年级",
    "大专及以上",
    "硕士研究生及以上",
];

/// 健康状况 (one of the values of a multi-valued cell).
const HEALTH: &[&str] = &["健康", "长期慢性病", "患有大病", "残疾", "死亡"];

/// 劳动技能.
const LABOUR: &[&str] = &["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"];

/// 务工状况 (where the person works).
const WORK_STATUS: &[&str] = &["乡（镇）内务工", "乡（镇）外县内务工", "县外省内务工", "省外务工", "其他"];

/// 贫困户属性: labels, the aac006 list, and the short labels later exports write (低保户, 五保户,
/// and 一般农户 for a household of a 边缘户 or monitoring list that was never poor).
const HOUSEHOLD_TYPE: &[&str] = &[
    "一般贫困户",
    "低保贫困户",
    "特困供养贫困户",
    "五保贫困户",
    "五保-分散供养",
    "五保-集中供养",
    "低保脱贫户",
    "特困供养脱贫户",
    "一般脱贫户",
    "低保特困供养贫困户",
    "低保特困供养户",
    "低保户",
    "五保户",
    "特困供养户",
    "一般农户",
];

/// 脱贫属性 / 脱贫状态.
const EXIT_STATUS: &[&str] = &[
    "未脱贫",
    "已脱贫",
    "脱贫",
    "预脱贫",
    "返贫",
    "新脱贫",
    "历史已脱贫",
    "已脱贫（享受政策）",
    "已脱贫（不再享受政策）",
];

/// 主要致贫原因.
const POVERTY_CAUSE: &[&str] = &[
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺土地",
    "缺水",
    "缺技术",
    "缺劳力",
    "缺资金",
    "交通条件落后",
    "自身发展动力不足",
    "其他",
    "因婚",
    "因丧",
    "缺住房",
    "缺电",
];

/// 户类型 (防返贫监测): 普通农户 is written 一般农户 by some exports.
const HOUSEHOLD_KIND: &[&str] = &["普通农户", "脱贫户", "一般农户"];

/// 监测对象类别 (防返贫监测).
const MONITOR_CATEGORY: &[&str] = &["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"];

/// 是/否 columns.
const YES_NO: &[&str] = &["是", "否"];

/// Spelling variants seen in real exports, after [`normalize`], and the label each means.
const VARIANTS: &[(&str, &str)] = &[
    ("无劳动能力", "无劳动力"),
    ("丧失劳动能力", "丧失劳动力"),
    ("弱劳动力", "弱劳动力或半劳动力"),
    ("半劳动力", "弱劳动力或半劳动力"),
    ("弱劳动力或半劳动能力", "弱劳动力或半劳动力"),
    ("大病", "患有大病"),
    ("文盲", "文盲或半文盲"),
    ("半文盲", "文盲或半文盲"),
    ("文盲半文盲", "文盲或半文盲"),
    ("学龄前", "学龄前儿童"),
    ("乡镇内务工", "乡（镇）内务工"),
    ("乡镇外县内务工", "乡（镇）外县内务工"),
    ("已脱贫享受政策", "已脱贫（享受政策）"),
    ("已脱贫不再享受政策", "已脱贫（不再享受政策）"),
    ("已脱贫-享受政策", "已脱贫（享受政策）"),
    ("已脱贫-不再享受政策", "已脱贫（不再享受政策）"),
    ("脱贫享受政策", "已脱贫（享受政策）"),
    ("脱贫不享受政策", "已脱贫（不再享受政策）"),
    ("已脱贫不享受政策", "已脱贫（不再享受政策）"),
    ("脱贫不稳定", "脱贫不稳定户"),
    ("边缘易致贫", "边缘易致贫户"),
    ("突发严重困难", "突发严重困难户"),
    ("边缘户", "边缘易致贫户"),
    ("妻子", "配偶"),
    ("丈夫", "配偶"),
];

/// The list of a coded role; `None` for a role that is not coded.
pub fn list(role: Role) -> Option<&'static [&'static str]> {
    Some(match role {
        Role::Relation => RELATION,
        Role::Gender => GENDER,
        Role::Ethnicity => ETHNICITY,
        Role::Education => EDUCATION,
        Role::Schooling => SCHOOLING,
        Role::Health => HEALTH,
        Role::Labour => LABOUR,
        Role::WorkStatus => WORK_STATUS,
        Role::HouseholdType => HOUSEHOLD_TYPE,
        Role::ExitStatus => EXIT_STATUS,
        Role::PovertyCause => POVERTY_CAUSE,
        Role::HouseholdKind => HOUSEHOLD_KIND,
        Role::MonitorCategory => MONITOR_CATEGORY,
        Role::MedicalResident | Role::MedicalEmployee | Role::PensionResident | Role::PensionEmployee => YES_NO,
        _ => return None,
    })
}

/// True for a role whose cells may hold several values (`残疾,长期慢性病`).
pub fn multi_valued(role: Role) -> bool {
    role == Role::Health
}

/// The values of a cell of a multi-valued column, split on `,，、;；/`, blanks dropped.
pub fn split(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', '，', '、', ';', '；', '/']).map(str::trim).filter(|v| !v.is_empty())
}

/// The label `value` means in `role`'s list, or `None` when it is in no form on the list.
pub fn label(role: Role, value: &str) -> Option<&'static str> {
    let list = list(role)?;
    let value = crate::base::text::trim(value);
    if value.is_empty() {
        return None;
    }
    if let Some(l) = list.iter().find(|l| **l == value) {
        return Some(l);
    }
    let n = normalize(value);
    if let Some(l) = list.iter().find(|l| **l == n) {
        return Some(l);
    }
    if let Some((_, l)) = VARIANTS.iter().find(|(v, l)| *v == n && list.contains(l)) {
        return Some(l);
    }
    match role {
        // 汉 for 汉族, 子 for 之子: the list's label with its fixed part left off.
        Role::Ethnicity => list.iter().find(|l| l.strip_suffix('族') == Some(&n)).copied(),
        Role::Relation => list.iter().find(|l| l.strip_prefix('之') == Some(&n)).copied(),
        _ => None,
    }
}

/// True when `value` is on `role`'s list or among `extra` (a profile's additions).
pub fn allowed(role: Role, value: &str, extra: &[String]) -> bool {
    label(role, value).is_some() || {
        let n = normalize(value);
        extra.iter().any(|e| normalize(e) == n)
    }
}

/// A value as compared with labels: no white space, brackets full-width.
pub fn normalize(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{FEFF}'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// What a 证件类型 value says the number in the ID column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// 居民身份证, 身份证, 户口簿 (which shows the same 公民身份号码).
    ResidentId,
    /// 残疾人证.
    Disability,
    /// 港澳居民居住证.
    HongKongMacao,
    /// 台湾居民居住证.
    Taiwan,
    /// 港澳台居民居住证, either of the two.
    HongKongMacaoTaiwan,
    /// 外国人永久居留身份证 (either version).
    ForeignPermanent,
    /// 护照.
    Passport,
    /// 出生医学证明 (出生证明).
    BirthCertificate,
    /// 通行证, 军官证, 其他…: a document whose number huqing does not check.
    Other,
}

/// The [`IdType`] a 证件类型 label names, by the words it holds (exports spell the types in
/// many ways: 居民身份证, 第二代居民身份证, 身份证（户口簿）…); `None` for an empty or unknown one.
pub fn id_type(label: &str) -> Option<IdType> {
    let l = crate::base::text::trim(label);
    let has = |w: &str| l.contains(w);
    Some(match () {
        _ if l.is_empty() => return None,
        _ if has("残疾") => IdType::Disability,
        _ if has("通行证") => IdType::Other,
        _ if has("港澳台") && has("居住证") => IdType::HongKongMacaoTaiwan,
        _ if (has("港澳") || has("香港") || has("澳门")) && has("居住证") => IdType::HongKongMacao,
        _ if has("台湾") && has("居住证") => IdType::Taiwan,
        _ if has("永久居留") => IdType::ForeignPermanent,
        _ if has("护照") => IdType::Passport,
        _ if has("出生") => IdType::BirthCertificate,
        _ if has("身份证") || has("户口") => IdType::ResidentId,
        _ if has("军官") || has("士兵") || has("警官") || has("其他") || has("其它") => IdType::Other,
        _ => return None,
    })
}

/// The sex a 性别 value states: `Some(true)` male, `Some(false)` female, `None` not stated or
/// not a sex.
pub fn sex(value: &str) -> Option<bool> {
    match crate::base::text::trim(value) {
        "男" | "男性" | "1" => Some(true),
        "女" | "女性" | "2" => Some(false),
        _ => None,
    }
}

/// 与户主关系 values that imply a male member.
pub const MALE_RELATIONS: &[&str] = &[
    "之子",
    "之父",
    "之公公",
    "之女婿",
    "之孙子",
    "之外孙子",
    "之岳父",
    "之侄儿",
    "之祖父",
    "之外祖父",
    "之叔伯",
    "之曾孙子",
];

/// 与户主关系 values that imply a female member.
pub const FEMALE_RELATIONS: &[&str] = &[
    "之女",
    "之母",
    "之婆婆",
    "之儿媳",
    "之孙女",
    "之外孙女",
    "之岳母",
    "之侄女",
    "之祖母",
    "之外祖母",
    "之兄弟媳妇",
    "之曾孙女",
];

/// Working age, the same in every province: the Labour Law (art. 15) bars work under 16, and
/// the registers count people of 60 and over as past working age (data.md §2.1, the Gzuwkj
/// rules 2_01_011, 2_12_017).
pub const WORKING_AGE: std::ops::RangeInclusive<i32> = 16..=59;

/// True when a 在校生状况 label means the person attends school or a pre-school class
/// (学龄前儿童 is a child not yet at school).
pub fn in_school(schooling: &str) -> bool {
    !matches!(schooling, "非在校生" | "学龄前儿童")
}

/// True when a 劳动技能 label means the person cannot work (无劳动力, 丧失劳动力).
pub fn no_labour(labour: &str) -> bool {
    matches!(labour, "无劳动力" | "丧失劳动力")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_labels() {
        assert!(is_head(" 户主 "));
        assert!(is_head("本人"));
        assert!(!is_head("配偶"));
    }

    #[test]
    fn labels_and_their_variants() {
        assert_eq!(label(Role::Labour, "无劳动能力"), Some("无劳动力"));
        assert_eq!(label(Role::Labour, " 弱劳动力 "), Some("弱劳动力或半劳动力"));
        assert_eq!(label(Role::WorkStatus, "乡(镇)内务工"), Some("乡（镇）内务工"));
        assert_eq!(label(Role::WorkStatus, "乡镇外县内务工"), Some("乡（镇）外县内务工"));
        assert_eq!(label(Role::ExitStatus, "已脱贫(享受政策)"), Some("已脱贫（享受政策）"));
        assert_eq!(label(Role::Ethnicity, "苗"), Some("苗族"));
        assert_eq!(label(Role::Relation, "子"), Some("之子"));
        assert_eq!(label(Role::Relation, "儿子"), None);
        assert_eq!(label(Role::Gender, "2"), Some("2"));
        assert_eq!(label(Role::Health, "大病"), Some("患有大病"));
        assert_eq!(label(Role::Labour, "大病"), None, "a variant only counts in its own list");
        assert_eq!(label(Role::Name, "张三"), None);
    }

    #[test]
    fn extra_codes_extend_a_list() {
        assert!(!allowed(Role::Ethnicity, "摩梭人", &[]));
        assert!(allowed(Role::Ethnicity, "摩梭人 ", &["摩梭人".into()]));
    }

    #[test]
    fn multi_valued_cells_split() {
        assert_eq!(split("残疾,长期慢性病").collect::<Vec<_>>(), ["残疾", "长期慢性病"]);
        assert_eq!(split("残疾、 患有大病，").collect::<Vec<_>>(), ["残疾", "患有大病"]);
    }

    #[test]
    fn sexes() {
        assert_eq!(sex("男性"), Some(true));
        assert_eq!(sex("2"), Some(false));
        assert_eq!(sex("9"), None);
    }

    #[test]
    fn relation_list_has_the_28_values_and_head_forms() {
        assert_eq!(RELATION.len() - HEAD.len() + 1, 28);
        for r in MALE_RELATIONS.iter().chain(FEMALE_RELATIONS) {
            assert!(RELATION.contains(r), "{r}");
        }
    }
}
