//! The national system's labels and headers, applied to a register already built (faults
//! included): the header spellings of its person export (县(市、区、旗), 人口数, 户联系电话 …),
//! the labels it writes in the coded columns (低保户, 五保户, 已脱贫（享受政策）, 返贫, 一般农户,
//! the 监测对象类别), 务工所在地 with place names instead of 务工状况 codes, and without the
//! columns that export does not have (出生日期, 脱贫年度, 开户银行名称, 银行卡号).
//!
//! Rows are neither added nor removed, so the faults already planted keep their rows. A
//! household's labels are drawn from its 户编号, so its rows agree (a person copied into another
//! household takes that household's labels). With faults, two labels no code list has are
//! planted — one 贫困户属性 on one household, one 监测对象类别 on two — and each is expected once,
//! as `value-not-in-code-list` naming every row that holds it.

use super::columns::{NAME, PERSON_NO};
use super::rng::Rng;
use super::{Cell, Expected, Register};

/// Headers renamed to the national export's spelling.
const RENAMED: [(&str, &str); 6] = [
    ("县", "县(市、区、旗)"),
    ("乡镇", "乡(镇)"),
    ("人数", "人口数"),
    ("主要致贫原因", "致贫原因1"),
    ("联系电话", "户联系电话"),
    ("务工状况", "务工所在地"),
];

/// Columns the national person export does not have.
const DROPPED: [&str; 4] = ["出生日期", "脱贫年度", "开户银行名称", "银行卡号"];

/// The 户类型 and 监测对象类别 columns the export adds after 脱贫属性.
pub const HOUSEHOLD_KIND: &str = "户类型";
pub const MONITOR: &str = "易返贫致贫户(监测对象)类型";

/// A 贫困户属性 and a 监测对象类别 that no code list has.
pub const UNKNOWN_TYPE: &str = "兜底保障户";
pub const UNKNOWN_MONITOR: &str = "因病返贫风险户";

/// Where people work, as 务工所在地 names it, for each 务工状况.
const PLACES: [(&str, &[&str]); 4] = [
    ("乡（镇）内务工", &["本乡镇", "本乡镇集镇"]),
    ("乡（镇）外县内务工", &["本县", "县城"]),
    ("县外省内务工", &["省内", "省会"]),
    (
        "省外务工",
        &["广东省深圳市", "广东省东莞市", "浙江省宁波市", "浙江省义乌市", "福建省厦门市", "江苏省苏州市", "上海市"],
    ),
];

/// Salt of the stream that chooses where labels no list has are planted.
const STREAM: u64 = 0x4E41_5449_4F4E_414C;

/// Rewrites `r` as the national system exports it; `faults` plants the unknown labels.
pub fn apply(r: &mut Register, seed: u64, faults: bool) {
    let col = |r: &Register, h: &str| r.headers.iter().position(|x| x == h);
    let (household, kind, status) = (col(r, "户编号"), col(r, "贫困户属性"), col(r, "脱贫属性"));
    let work = col(r, "务工状况");
    for row in &mut r.rows {
        let key = household.map_or(0, |h| hash(text(&row[h])));
        if let Some(k) = kind {
            let label = match text(&row[k]) {
                "低保贫困户" if key % 2 == 0 => "低保户",
                "特困供养贫困户" if key % 2 == 0 => "五保户",
                other => other,
            };
            row[k] = Cell::Text(label.to_owned());
        }
        if let Some(w) = work {
            let place = PLACES.iter().find(|(s, _)| *s == text(&row[w])).map(|(_, places)| places);
            if let Some(places) = place {
                // The person's own place: from the row's 人编号 or name, not the household's.
                let at = hash(&format!("{}{}", text(&row[PERSON_NO]), text(&row[NAME]))) as usize % places.len();
                row[w] = Cell::Text(places[at].to_owned());
            }
        }
    }
    if let Some(s) = status {
        let exited: Vec<bool> = r.rows.iter().map(|row| text(&row[s]) == "已脱贫").collect();
        for (row, &exited) in r.rows.iter_mut().zip(&exited) {
            let key = household.map_or(0, |h| hash(text(&row[h])));
            row[s] = Cell::Text(
                match (exited, key % 10) {
                    (true, 0..=6) => "已脱贫（享受政策）",
                    (true, _) => "已脱贫(不再享受政策)",
                    (false, 0..=6) => "未脱贫",
                    (false, _) => "返贫",
                }
                .to_owned(),
            );
        }
        let kinds: Vec<Cell> =
            exited.iter().map(|&e| Cell::Text(if e { "脱贫户" } else { "一般农户" }.into())).collect();
        // About one household in twenty is monitored: an exited one as 脱贫不稳定户, another as
        // 边缘易致贫户, either as 突发严重困难户.
        let monitor: Vec<Cell> = r
            .rows
            .iter()
            .zip(&exited)
            .map(|(row, &exited)| {
                let key = household.map_or(2, |h| hash(text(&row[h])) / 7);
                match (key % 20, exited) {
                    (0, true) => Cell::Text("脱贫不稳定户".into()),
                    (0, false) => Cell::Text("边缘易致贫户".into()),
                    (1, _) => Cell::Text("突发严重困难户".into()),
                    _ => Cell::Empty,
                }
            })
            .collect();
        insert(r, s + 1, MONITOR, monitor);
        insert(r, s + 1, HOUSEHOLD_KIND, kinds);
    }
    for h in DROPPED {
        if let Some(c) = col(r, h) {
            r.headers.remove(c);
            for row in &mut r.rows {
                row.remove(c);
            }
        }
    }
    for (from, to) in RENAMED {
        if let Some(c) = col(r, from) {
            r.headers[c] = to.to_owned();
        }
    }
    if faults {
        plant_unknown(r, seed);
    }
}

/// Plants [`UNKNOWN_TYPE`] on one household and [`UNKNOWN_MONITOR`] on two, and expects each
/// once with every row that holds it.
fn plant_unknown(r: &mut Register, seed: u64) {
    let col = |h: &str| r.headers.iter().position(|x| x == h);
    let (Some(household), Some(kind), Some(monitor)) = (col("户编号"), col("贫困户属性"), col(MONITOR)) else {
        return;
    };
    let mut ids: Vec<String> =
        r.rows.iter().map(|row| text(&row[household]).to_owned()).filter(|h| !h.is_empty()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 3 {
        return;
    }
    Rng::new(seed ^ STREAM).shuffle(&mut ids);
    let title_rows = r.title_rows;
    for (c, value, households) in [(kind, UNKNOWN_TYPE, &ids[..1]), (monitor, UNKNOWN_MONITOR, &ids[1..3])] {
        let mut rows = Vec::new();
        for (i, row) in r.rows.iter_mut().enumerate() {
            if households.iter().any(|h| h == text(&row[household])) {
                row[c] = Cell::Text(value.to_owned());
                rows.push(title_rows + 2 + i as u32);
            }
        }
        r.expected.push(Expected { rule: "value-not-in-code-list", rows });
    }
    r.expected.sort_by(|a, b| (a.rows[0], a.rule).cmp(&(b.rows[0], b.rule)));
}

/// Inserts a column headed `header` at `at`.
fn insert(r: &mut Register, at: usize, header: &str, cells: Vec<Cell>) {
    r.headers.insert(at, header.to_owned());
    for (row, cell) in r.rows.iter_mut().zip(cells) {
        row.insert(at, cell);
    }
}

fn text(c: &Cell) -> &str {
    super::columns::text(c)
}

/// FNV-1a: a stable number from a text, so a household's labels follow its 户编号.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::super::{generate, Options};
    use super::*;

    fn national(faults: bool) -> Register {
        generate(&Options {
            households: 300,
            seed: 7,
            faults,
            title_rows: 0,
            national: true,
            monitoring: false,
            id_counties: 0,
        })
    }

    #[test]
    fn headers_and_labels_are_the_national_ones() {
        let r = national(false);
        for h in ["县(市、区、旗)", "人口数", "务工所在地", "户联系电话", HOUSEHOLD_KIND, MONITOR] {
            assert!(r.headers.iter().any(|x| x == h), "{h} missing from {:?}", r.headers);
        }
        for h in DROPPED.iter().chain(&["人数", "务工状况"]) {
            assert!(!r.headers.iter().any(|x| x == h), "{h} still in {:?}", r.headers);
        }
        let values = |h: &str| {
            let c = r.headers.iter().position(|x| x == h).unwrap();
            r.rows.iter().map(|row| text(&row[c]).to_owned()).collect::<std::collections::BTreeSet<_>>()
        };
        let kinds = values("贫困户属性");
        assert!(kinds.contains("低保户") && kinds.contains("五保户") && kinds.contains("一般贫困户"), "{kinds:?}");
        assert!(values("脱贫属性").contains("返贫") && values("脱贫属性").contains("已脱贫（享受政策）"));
        assert!(values(MONITOR).contains("边缘易致贫户"));
        assert!(values("务工所在地").iter().any(|p| p.ends_with('市')));
        assert!(r.expected.is_empty());
    }

    #[test]
    fn unknown_labels_are_planted_once_per_value_on_whole_households() {
        let r = national(true);
        let planted: Vec<&Expected> = r.expected.iter().filter(|e| e.rule == "value-not-in-code-list").collect();
        assert_eq!(planted.len(), 2);
        let kind = r.headers.iter().position(|x| x == "贫困户属性").unwrap();
        let holding: Vec<u32> =
            (0..r.rows.len()).filter(|&i| text(&r.rows[i][kind]) == UNKNOWN_TYPE).map(|i| r.excel_row(i)).collect();
        assert!(planted.iter().any(|e| e.rows == holding), "{planted:?} {holding:?}");
    }
}
