//! Where households live: real counties with their GB/T 2260 codes and township names, made-up
//! but plausible village names, and the split of a register into contiguous village blocks.

use super::rng::Rng;

/// A county (县级行政区) and what its people look like.
pub struct County {
    /// GB/T 2260 code, also the first six digits of IDs issued there.
    pub code: &'static str,
    pub name: &'static str,
    /// Townships (乡镇), real names.
    pub townships: &'static [&'static str],
    /// 民族 and relative weight, so that 三都 is mostly 水族 and 平昌 all 汉族.
    pub ethnicities: &'static [(&'static str, u32)],
}

/// Counties registers are drawn from (poverty counties of the 2014–2020 programme).
pub const COUNTIES: &[County] = &[
    County {
        code: "522731",
        name: "惠水县",
        townships: &["好花红镇", "羡塘镇", "断杉镇", "芦山镇", "王佑镇", "雅水镇", "摆金镇", "岗度镇"],
        ethnicities: &[("汉族", 45), ("布依族", 35), ("苗族", 18), ("水族", 2)],
    },
    County {
        code: "522732",
        name: "三都水族自治县",
        townships: &["周覃镇", "中和镇", "普安镇", "都江镇", "九阡镇", "大河镇"],
        ethnicities: &[("水族", 60), ("汉族", 15), ("苗族", 12), ("布依族", 13)],
    },
    County {
        code: "522701",
        name: "都匀市",
        townships: &["墨冲镇", "平浪镇", "毛尖镇", "匀东镇", "江洲镇", "归兰水族乡"],
        ethnicities: &[("汉族", 50), ("布依族", 30), ("苗族", 15), ("水族", 5)],
    },
    County {
        code: "522601",
        name: "凯里市",
        townships: &["炉山镇", "万潮镇", "龙场镇", "湾水镇", "凯棠镇", "旁海镇", "三棵树镇", "舟溪镇"],
        ethnicities: &[("苗族", 60), ("汉族", 25), ("侗族", 10), ("布依族", 5)],
    },
    County {
        code: "620121",
        name: "永登县",
        townships: &["城关镇", "红城镇", "中堡镇", "武胜驿镇", "河桥镇", "连城镇", "苦水镇", "七山乡"],
        ethnicities: &[("汉族", 85), ("回族", 8), ("藏族", 4), ("土族", 3)],
    },
    // 巴中市 since 2000: the old 巴中地区 code 513723 is no longer issued.
    County {
        code: "511923",
        name: "平昌县",
        townships: &["江口镇", "驷马镇", "响滩镇", "岳家镇", "白衣镇", "云台镇", "兰草镇", "土兴镇"],
        ethnicities: &[("汉族", 1)],
    },
    County {
        code: "360426",
        name: "德安县",
        townships: &["蒲亭镇", "聂桥镇", "宝塔乡", "丰林镇", "车桥镇", "磨溪乡", "吴山乡", "爱民乡"],
        ethnicities: &[("汉族", 1)],
    },
    County {
        code: "433130",
        name: "龙山县",
        townships: &["石牌镇", "里耶镇", "洗车河镇", "苗儿滩镇", "红岩溪镇", "桂塘镇", "茨岩塘镇", "靛房镇"],
        ethnicities: &[("土家族", 60), ("汉族", 25), ("苗族", 15)],
    },
    County {
        code: "532923",
        name: "祥云县",
        townships: &["祥城镇", "沙龙镇", "云南驿镇", "下庄镇", "米甸镇", "刘厂镇", "禾甸镇", "东山彝族乡"],
        ethnicities: &[("汉族", 80), ("彝族", 15), ("白族", 3), ("回族", 2)],
    },
    County {
        code: "450721",
        name: "灵山县",
        townships: &["新圩镇", "檀圩镇", "那隆镇", "三隆镇", "陆屋镇", "旧州镇", "太平镇", "沙坪镇"],
        ethnicities: &[("汉族", 97), ("壮族", 3)],
    },
];

/// Village names are a first and a second character from these lists, plus 村.
const VILLAGE_FIRST: [&str; 45] = [
    "大", "小", "新", "老", "上", "下", "中", "东", "西", "南", "北", "高", "龙", "石", "红", "白", "青", "黄", "金",
    "马", "牛", "平", "沙", "水", "长", "铜", "岩", "鸡", "河", "山", "花", "茶", "竹", "松", "柳", "杨", "三", "草",
    "团", "樟", "凉", "羊", "鱼", "永", "双",
];
const VILLAGE_SECOND: [&str; 40] = [
    "寨", "坡", "坪", "坝", "冲", "湾", "沟", "岭", "塘", "井", "田", "桥", "溪", "庄", "屯", "营", "院", "口", "堡",
    "场", "关", "头", "洞", "林", "园", "星", "明", "结", "光", "和", "安", "兴", "民", "乐", "丰", "峰", "台", "岗",
    "滩", "湖",
];

/// Roughly how many registered households a county holds; bigger registers span more counties.
const HOUSEHOLDS_PER_COUNTY: usize = 30_000;
/// A township gets its own block only once it would hold about this many households.
const HOUSEHOLDS_PER_TOWNSHIP: usize = 40;

/// A block of contiguous households in one village.
pub struct Village {
    pub county: &'static County,
    pub township: &'static str,
    pub name: String,
    /// First 12 digits of the 户编号 of its households: county, township and village numbers.
    pub code: String,
    pub households: usize,
}

/// The `n` county codes the IDs of a register generated with `seed` are issued in (none for 0):
/// consecutive codes in use from a place the seed sets, so that seeds 1, 2, 3 … draw
/// disjoint blocks until the codes run out.
pub fn id_counties(seed: u64, n: usize) -> Vec<u32> {
    let all: Vec<u32> = crate::domain::id_card::counties_in_use().collect();
    let start = (seed as usize).wrapping_mul(n) % all.len();
    (0..n.min(all.len())).map(|i| all[(start + i) % all.len()]).collect()
}

/// Splits `households` into villages, ordered county → township → village as exports are.
pub fn layout(rng: &mut Rng, households: usize) -> Vec<Village> {
    let counties = households.div_ceil(HOUSEHOLDS_PER_COUNTY).clamp(1, COUNTIES.len());
    let first = rng.below(COUNTIES.len() as u64) as usize;
    let mut out = Vec::new();
    for (c, share) in split(households, counties).into_iter().enumerate() {
        let county = &COUNTIES[(first + c) % COUNTIES.len()];
        let townships = share.div_ceil(HOUSEHOLDS_PER_TOWNSHIP).clamp(1, county.townships.len());
        for (t, mut left) in split(share, townships).into_iter().enumerate() {
            let offset = rng.below(VILLAGE_COMBOS as u64) as usize;
            let mut v = 0;
            while left > 0 {
                let mut size = (rng.range(25, 150) as usize).min(left);
                if left - size < 10 {
                    size = left; // no village of a handful of households at the end
                }
                out.push(Village {
                    county,
                    township: county.townships[t],
                    name: village_name(offset + v * 37),
                    code: format!("{}{:03}{:03}", county.code, t + 1, v + 1),
                    households: size,
                });
                left -= size;
                v += 1;
            }
        }
    }
    out
}

const VILLAGE_COMBOS: usize = VILLAGE_FIRST.len() * VILLAGE_SECOND.len();

/// The village name of combination `i`; 37 is coprime to [`VILLAGE_COMBOS`] (1800), so the
/// villages of one township get distinct names.
fn village_name(i: usize) -> String {
    let i = i % VILLAGE_COMBOS;
    format!("{}{}村", VILLAGE_FIRST[i / VILLAGE_SECOND.len()], VILLAGE_SECOND[i % VILLAGE_SECOND.len()])
}

/// `total` split into `parts` near-equal shares.
fn split(total: usize, parts: usize) -> Vec<usize> {
    (0..parts).map(|i| total / parts + usize::from(i < total % parts)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn counties_are_well_formed() {
        let codes: HashSet<_> = COUNTIES.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), COUNTIES.len());
        for c in COUNTIES {
            assert!(c.code.len() == 6 && c.code.bytes().all(|b| b.is_ascii_digit()), "{}", c.code);
            assert!(c.townships.iter().all(|t| t.ends_with('镇') || t.ends_with('乡')));
            assert!(c.ethnicities.iter().all(|(e, _)| e.ends_with('族')));
        }
    }

    #[test]
    fn layout_covers_every_household_once() {
        for n in [1, 49, 100, 5_000, 70_000] {
            let villages = layout(&mut Rng::new(n as u64), n);
            assert_eq!(villages.iter().map(|v| v.households).sum::<usize>(), n);
            let codes: HashSet<_> = villages.iter().map(|v| &v.code).collect();
            assert_eq!(codes.len(), villages.len(), "village codes are unique");
            let names: HashSet<_> = villages.iter().map(|v| (v.county.code, v.township, &v.name)).collect();
            assert_eq!(names.len(), villages.len(), "no two villages of a township share a name");
        }
    }
}
