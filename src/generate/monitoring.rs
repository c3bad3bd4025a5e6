//! The 防返贫监测 columns of a generated register (`Options.monitoring`): monitoring category,
//! risks, removal, the 两不愁三保障 facts, insurance, 低保/特困, income components, measures and
//! public posts, drawn from each household's members so that a clean household passes every
//! built-in monitoring check (docs/rules.md) of a profile that extends `monitoring-2021` with the
//! generator's dates (ages at 2020-12-31, school ages at 2020-09-01) and a monitoring line of
//! [`LINE`] yuan; then faults of those checks, planted on households no other fault touched.

use super::columns::{BIRTH, HOUSEHOLD_ID, RELATION};
use super::faults::Pending;
use super::rng::Rng;
use super::Cell;
use crate::domain::id_card::Date;

/// The monitoring line the clean data keeps (a test profile sets `monitoring_lines` to it).
pub const LINE: f64 = 5000.0;

/// The columns added, in order, after the national ones.
pub const HEADERS: [&str; 30] = [
    "户类型",
    "监测对象类别",
    "致贫/返贫风险1",
    "致贫/返贫风险2",
    "识别监测时间",
    "风险是否已消除",
    "风险消除方式",
    "风险消除时间",
    "是否危房户",
    "是否解决安全饮用水",
    "是否义务教育阶段适龄儿童少年失学辍学",
    "义务教育阶段未上学原因",
    "是否参加城乡居民基本医疗保险",
    "是否参加城镇职工基本医疗保险",
    "是否参加大病保险",
    "享受低保政策情况",
    "享受特困供养政策情况",
    "工资性收入",
    "生产经营性收入",
    "转移性收入",
    "产业帮扶",
    "就业帮扶",
    "健康帮扶",
    "教育帮扶",
    "住房安全保障",
    "饮水安全保障",
    "综合保障",
    "社会帮扶",
    "公益性岗位",
    "公益性岗位(月数)",
];

// Offsets of the added columns.
const KIND: usize = 0;
const CATEGORY: usize = 1;
const RISK1: usize = 2;
const RISK2: usize = 3;
const IDENTIFIED: usize = 4;
const REMOVED: usize = 5;
const METHOD: usize = 6;
const REMOVED_AT: usize = 7;
const HOUSE: usize = 8;
const WATER: usize = 9;
const OUT_OF_SCHOOL: usize = 10;
const ABSENCE_REASON: usize = 11;
const RESIDENT_INSURANCE: usize = 12;
const EMPLOYEE_INSURANCE: usize = 13;
const CRITICAL_ILLNESS: usize = 14;
const DIBAO: usize = 15;
const SPECIAL_SUPPORT: usize = 16;
const WAGE: usize = 17;
const BUSINESS: usize = 18;
const TRANSFER: usize = 19;
const MEASURES: std::ops::Range<usize> = 20..28;
const HEALTH_MEASURE: usize = 22;
const EDUCATION_MEASURE: usize = 23;
const SOCIAL_SECURITY: usize = 26;
const POST: usize = 28;
const POST_MONTHS: usize = 29;

/// Base columns read.
const SCHOOLING: usize = 13;
const HEALTH: usize = 14;
const LABOUR: usize = 15;
const EXIT_STATUS: usize = 19;
const INCOME: usize = 22;

const REFERENCE: Date = Date { year: 2020, month: 12, day: 31 };
const SCHOOL_REFERENCE: Date = Date { year: 2020, month: 9, day: 1 };
const ABLE: [&str; 3] = ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力"];

type Rows = Vec<Vec<Cell>>;

fn text(c: &Cell) -> &str {
    super::columns::text(c)
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// YYYYMM of a month index (year × 12 + month − 1).
fn month(m: i32) -> Cell {
    Cell::Text(format!("{}{:02}", m / 12, m % 12 + 1))
}

fn age(row: &[Cell]) -> Option<i32> {
    crate::domain::dates::parse(text(&row[BIRTH])).map(|d| d.years_until(REFERENCE))
}

/// Age at the start of the school year.
fn school_age(row: &[Cell]) -> Option<i32> {
    crate::domain::dates::parse(text(&row[BIRTH])).map(|d| d.years_until(SCHOOL_REFERENCE))
}

/// In school (在校生状况 other than blank, 非在校生, 学龄前儿童).
fn student(row: &[Cell]) -> bool {
    let s = text(&row[SCHOOLING]);
    !s.is_empty() && s != "非在校生" && s != "学龄前儿童"
}

/// Appends the monitoring columns to every household and plants faults on households not in
/// `touched`; returns the faults' expected findings.
pub fn add(rng: &mut Rng, households: &mut [Rows], touched: &[usize], faults: bool) -> Vec<Pending> {
    let base = households.first().and_then(|h| h.first()).map_or(0, Vec::len);
    for h in households.iter_mut() {
        // A national fault may have given some rows another 户编号: each run of one 户编号 is a
        // household to the checker, so each is made consistent on its own.
        let mut start = 0;
        while start < h.len() {
            let id = text(&h[start][HOUSEHOLD_ID]).to_owned();
            let end = (start..h.len()).find(|&i| text(&h[i][HOUSEHOLD_ID]) != id).unwrap_or(h.len());
            clean(rng, &mut h[start..end], base);
            start = end;
        }
    }
    if !faults {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..households.len()).filter(|i| !touched.contains(i)).collect();
    rng.shuffle(&mut order);
    let mut pending = Vec::new();
    let mut used = vec![false; households.len()];
    // One fault of each kind in turn, so that every kind is planted even when households that
    // suit several kinds run short; each kind walks the households once.
    let per_kind = (households.len() / 150).max(1);
    let mut next = vec![0; KINDS.len()];
    for _ in 0..per_kind {
        for (k, &kind) in KINDS.iter().enumerate() {
            while let Some(&h) = order.get(next[k]) {
                next[k] += 1;
                if used[h] {
                    continue;
                }
                if let Some(rules) = plant(kind, &mut households[h], base) {
                    used[h] = true;
                    for (rule, rows) in rules {
                        pending.push(Pending { rule, at: rows.into_iter().map(|m| (h, m)).collect() });
                    }
                    break;
                }
            }
        }
    }
    pending
}

/// The household's monitoring values, consistent with its members.
fn clean(rng: &mut Rng, rows: &mut [Vec<Cell>], base: usize) {
    let col = |rows: &[Vec<Cell>], c: usize| rows.iter().map(|r| text(&r[c]).to_owned()).collect::<Vec<_>>();
    let (labour, health, schooling) = (col(rows, LABOUR), col(rows, HEALTH), col(rows, SCHOOLING));
    let able = labour.iter().filter(|l| ABLE.contains(&l.as_str())).count();
    let full = labour.iter().filter(|l| matches!(l.as_str(), "普通劳动力" | "技能劳动力")).count();
    let income = match rows[0][INCOME] {
        Cell::Number(n) => n,
        _ => 0.0,
    };
    let exited = text(&rows[0][EXIT_STATUS]) == "已脱贫";
    let monitored = income <= 20_000.0 && ((exited && income < LINE) || rng.percent(15));
    let ill = health.iter().any(|h| h.contains("患大病") || h.contains("长期慢性病"));
    let disabled = health.iter().any(|h| h.contains("残疾"));
    let student = schooling.iter().any(|s| !s.is_empty() && s != "非在校生" && s != "学龄前儿童");
    let risk = if ill {
        "因病"
    } else if disabled {
        "因残"
    } else if student {
        "因学"
    } else if full <= 1 {
        "缺劳动力"
    } else {
        "因务工就业不稳"
    };
    let identified = rng.range(2019 * 12, 2020 * 12 + 4);
    let removed = monitored && income >= LINE && able > 0 && rng.percent(50);
    let dibao = able == 0 || rng.percent(10);
    let mut household = vec![Cell::Empty; HEADERS.len()];
    household[KIND] = t(if exited { "脱贫户" } else { "普通农户" });
    household[HOUSE] = t("否");
    household[WATER] = t("是");
    household[OUT_OF_SCHOOL] = t("否");
    household[WAGE] = Cell::Number(if able > 0 { f64::from(rng.range(2000, 30000)) } else { 0.0 });
    household[BUSINESS] = Cell::Number(f64::from(rng.range(500, 8000)));
    household[TRANSFER] = Cell::Number(f64::from(rng.range(300, 5000)));
    if monitored {
        household[CATEGORY] = t(if exited { "脱贫不稳定户" } else { "边缘易致贫户" });
        household[RISK1] = t(risk);
        household[IDENTIFIED] = month(identified);
        household[REMOVED] = t(if removed { "是" } else { "否" });
        if removed {
            household[METHOD] = t("帮扶消除");
            household[REMOVED_AT] = month((identified + rng.range(6, 12)).min(2020 * 12 + 11));
        }
        household[20] = t("种植,养殖");
        match risk {
            "因病" => household[HEALTH_MEASURE] = t("城乡居民基本医疗保险个人缴费补贴,医疗救助"),
            "因学" => household[EDUCATION_MEASURE] = t("学生资助"),
            "因务工就业不稳" => household[21] = t("外出务工补贴"),
            _ => {}
        }
        if dibao {
            household[SOCIAL_SECURITY] = t("低保");
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row.truncate(base);
        let mut cells = household.clone();
        cells[RESIDENT_INSURANCE] = t("是");
        cells[EMPLOYEE_INSURANCE] = t("否");
        cells[CRITICAL_ILLNESS] = t("是");
        cells[DIBAO] = t(if dibao && i == 0 { "农村低保" } else { "未享受" });
        cells[SPECIAL_SUPPORT] = t("未享受");
        let working = ABLE.contains(&text(&row[LABOUR])) && age(row).is_some_and(|a| (30..=60).contains(&a));
        if working && rng.percent(8) {
            cells[POST] = t("护林员");
            cells[POST_MONTHS] = Cell::Number(12.0);
        }
        row.extend(cells);
    }
}

/// Every kind of fault planted, in order.
const KINDS: &[&str] = &[
    "unmonitored-house-unsafe",
    "unmonitored-water-unsafe",
    "removed-house-unsafe",
    "risk-illness-nobody-ill",
    "risk-labour-shortage-with-labourers",
    "removed-below-line",
    "removed-too-soon",
    "removed-without-measure",
    "exited-below-line-unmonitored",
    "public-post-age",
    "public-post-months-missing",
    "no-labour-no-dibao",
    "dibao-without-measure",
    "transfer-income-zero-with-support",
    "wage-income-without-labour",
    "monitored-risk-missing",
    "yulu-without-vocational-student",
    "unmonitored-uninsured",
    "unmonitored-out-of-school",
    "removed-water-unsafe",
    "removed-out-of-school",
    "removed-uninsured",
    "water-problem-risk-missing",
    "housing-problem-risk-missing",
    "school-age-not-in-school",
    "school-absence-reason-healthy",
    "risk-disability-nobody-disabled",
    "risk-schooling-no-student",
    "risk-work-without-labour",
    "removed-no-labour",
    "monitored-no-measure",
    "monitored-income-far-above",
    "business-income-zero-with-industry",
    "measure-dibao-without-member",
    "special-support-without-measure",
    "special-support-able-adult",
    "public-post-months-without-post",
    "risk-illness-without-health-measure",
    "risk-schooling-without-education-measure",
    "risk-housing-without-housing-measure",
    "risk-water-without-water-measure",
    "monitored-facts-missing",
    "unstable-category-not-exited",
    "marginal-category-exited",
    "household-kind-exit-status",
];

/// Plants fault `kind` on the household when it suits it: the findings it must produce, as
/// (rule, rows of the household). A household that does not suit it is left as it was.
fn plant(kind: &'static str, rows: &mut Rows, base: usize) -> Option<Vec<(&'static str, Vec<usize>)>> {
    let at = |r: &Vec<Cell>, c: usize| text(&r[base + c]).to_owned();
    let all: Vec<usize> = (0..rows.len()).collect();
    let head = &rows[0];
    let monitored = !at(head, CATEGORY).is_empty();
    let removed = at(head, REMOVED) == "是";
    let risk = at(head, RISK1);
    let labour: Vec<String> = rows.iter().map(|r| text(&r[LABOUR]).to_owned()).collect();
    let able = labour.iter().filter(|l| ABLE.contains(&l.as_str())).count();
    let full = labour.iter().filter(|l| matches!(l.as_str(), "普通劳动力" | "技能劳动力")).count();
    let dibao = rows.iter().any(|r| at(r, DIBAO) == "农村低保");
    let income = match rows[0][INCOME] {
        Cell::Number(n) => n,
        _ => 0.0,
    };
    let exited = at(head, KIND) == "脱贫户";
    let ok = rows.iter().all(|r| codes_ok(text(&r[RELATION])));
    if !ok {
        return None;
    }
    let set = |rows: &mut Rows, c: usize, v: Cell| rows.iter_mut().for_each(|r| r[base + c] = v.clone());
    let whole = |rule: &'static str| (rule, all.clone());
    Some(match kind {
        "unmonitored-house-unsafe" if !monitored => {
            set(rows, HOUSE, t("是"));
            vec![whole(kind)]
        }
        "unmonitored-water-unsafe" if !monitored => {
            set(rows, WATER, t("否"));
            vec![whole(kind)]
        }
        "removed-house-unsafe" if removed => {
            set(rows, HOUSE, t("是"));
            vec![whole(kind), whole("housing-problem-risk-missing")]
        }
        "risk-illness-nobody-ill"
            if monitored
                && !rows.iter().any(|r| ["患大病", "长期慢性病"].iter().any(|x| text(&r[HEALTH]).contains(x))) =>
        {
            set(rows, RISK2, t("因病"));
            set(rows, HEALTH_MEASURE, t("医疗救助"));
            vec![whole(kind)]
        }
        "risk-labour-shortage-with-labourers" if monitored && full >= 2 && risk != "缺劳动力" => {
            set(rows, RISK2, t("缺劳动力"));
            vec![whole(kind)]
        }
        "removed-below-line" if monitored && !removed && income < LINE && able > 0 => {
            let identified = crate::profile::custom::expr::month_of(&at(head, IDENTIFIED))?;
            set(rows, REMOVED, t("是"));
            set(rows, METHOD, t("帮扶消除"));
            set(rows, REMOVED_AT, month(identified + 6));
            vec![whole(kind)]
        }
        "removed-too-soon" if removed => {
            let identified = crate::profile::custom::expr::month_of(&at(head, IDENTIFIED))?;
            set(rows, REMOVED_AT, month(identified + 2));
            vec![whole(kind)]
        }
        "removed-without-measure" if removed && matches!(risk.as_str(), "缺劳动力" | "因残") => {
            for c in MEASURES {
                set(rows, c, Cell::Empty);
            }
            let mut found = vec![whole(kind), whole("monitored-no-measure")];
            if dibao {
                found.push(whole("dibao-without-measure"));
            }
            found
        }
        "exited-below-line-unmonitored" if monitored && exited && income < LINE && !dibao => {
            for c in [CATEGORY, RISK1, IDENTIFIED, REMOVED, METHOD, REMOVED_AT] {
                set(rows, c, Cell::Empty);
            }
            for c in MEASURES {
                set(rows, c, Cell::Empty);
            }
            vec![whole(kind)]
        }
        "public-post-age" => {
            let m = (0..rows.len()).find(|&m| age(&rows[m]).is_some_and(|a| a >= 70))?;
            rows[m][base + POST] = t("保洁员");
            rows[m][base + POST_MONTHS] = Cell::Number(6.0);
            vec![(kind, vec![m])]
        }
        "public-post-months-missing" => {
            let m = (0..rows.len()).find(|&m| !at(&rows[m], POST).is_empty())?;
            rows[m][base + POST_MONTHS] = Cell::Empty;
            vec![(kind, vec![m])]
        }
        "no-labour-no-dibao" if able == 0 && !monitored => {
            set(rows, DIBAO, t("未享受"));
            vec![whole(kind)]
        }
        "dibao-without-measure" if monitored && dibao && at(head, SOCIAL_SECURITY) == "低保" => {
            set(rows, SOCIAL_SECURITY, Cell::Empty);
            vec![whole(kind)]
        }
        "transfer-income-zero-with-support" if dibao => {
            set(rows, TRANSFER, Cell::Number(0.0));
            vec![whole(kind)]
        }
        "wage-income-without-labour" if able == 0 => {
            set(rows, WAGE, Cell::Number(6000.0));
            vec![whole(kind)]
        }
        "monitored-risk-missing" if monitored => {
            set(rows, RISK1, Cell::Empty);
            vec![whole(kind)]
        }
        "yulu-without-vocational-student"
            if monitored
                && !rows
                    .iter()
                    .any(|r| text(&r[SCHOOLING]).contains("中职") || text(&r[SCHOOLING]).contains("高职")) =>
        {
            set(rows, EDUCATION_MEASURE, t("雨露计划"));
            vec![whole(kind)]
        }
        "unmonitored-uninsured" if !monitored => {
            let m = rows.len() - 1;
            rows[m][base + RESIDENT_INSURANCE] = t("否");
            vec![whole(kind), ("insurance-exclusive", vec![m])]
        }
        "unmonitored-out-of-school" if !monitored => {
            set(rows, OUT_OF_SCHOOL, t("是"));
            vec![whole(kind)]
        }
        "removed-water-unsafe" if removed => {
            set(rows, WATER, t("否"));
            vec![whole(kind), whole("water-problem-risk-missing")]
        }
        "removed-out-of-school" if removed => {
            set(rows, OUT_OF_SCHOOL, t("是"));
            vec![whole(kind)]
        }
        "removed-uninsured" if removed => {
            let m = rows.len() - 1;
            rows[m][base + RESIDENT_INSURANCE] = t("否");
            vec![whole(kind), ("insurance-exclusive", vec![m])]
        }
        "water-problem-risk-missing" if monitored && !removed => {
            set(rows, WATER, t("否"));
            vec![whole(kind)]
        }
        "housing-problem-risk-missing" if monitored && !removed => {
            set(rows, HOUSE, t("是"));
            vec![whole(kind)]
        }
        "school-age-not-in-school" if risk != "因学" => {
            let m = (0..rows.len())
                .find(|&m| student(&rows[m]) && school_age(&rows[m]).is_some_and(|a| (7..=14).contains(&a)))?;
            rows[m][SCHOOLING] = t("非在校生");
            vec![(kind, vec![m])]
        }
        "school-absence-reason-healthy" => {
            let m = (0..rows.len())
                .find(|&m| text(&rows[m][HEALTH]) == "健康" && age(&rows[m]).is_some_and(|a| a >= 18))?;
            rows[m][base + ABSENCE_REASON] = t("因病");
            vec![(kind, vec![m])]
        }
        "risk-disability-nobody-disabled" if monitored && !rows.iter().any(|r| text(&r[HEALTH]).contains("残疾")) => {
            set(rows, RISK2, t("因残"));
            vec![whole(kind)]
        }
        "risk-schooling-no-student" if monitored && !rows.iter().any(|r| student(r)) => {
            set(rows, RISK2, t("因学"));
            set(rows, EDUCATION_MEASURE, t("学生资助"));
            vec![whole(kind)]
        }
        "risk-work-without-labour" if monitored && able == 0 => {
            set(rows, RISK2, t("因务工就业不稳"));
            vec![whole(kind)]
        }
        "removed-no-labour"
            if monitored && !removed && labour.iter().all(|l| matches!(l.as_str(), "无劳动力" | "丧失劳动力")) =>
        {
            let identified = crate::profile::custom::expr::month_of(&at(head, IDENTIFIED))?;
            set(rows, REMOVED, t("是"));
            set(rows, METHOD, t("帮扶消除"));
            set(rows, REMOVED_AT, month(identified + 6));
            let mut found = vec![whole(kind)];
            if income < LINE {
                found.push(whole("removed-below-line"));
            }
            found
        }
        "monitored-no-measure" if monitored && !removed && matches!(risk.as_str(), "缺劳动力" | "因残") => {
            for c in MEASURES {
                set(rows, c, Cell::Empty);
            }
            let mut found = vec![whole(kind)];
            if dibao {
                found.push(whole("dibao-without-measure"));
            }
            found
        }
        "monitored-income-far-above" if monitored && !removed => {
            rows.iter_mut().for_each(|r| r[INCOME] = Cell::Number(25_000.0));
            vec![whole(kind)]
        }
        "business-income-zero-with-industry" if monitored => {
            set(rows, BUSINESS, Cell::Number(0.0));
            vec![whole(kind)]
        }
        "measure-dibao-without-member" if monitored && !dibao => {
            set(rows, SOCIAL_SECURITY, t("低保"));
            vec![whole(kind)]
        }
        "special-support-without-measure" if monitored => {
            let m = (0..rows.len()).find(|&m| age(&rows[m]).is_some_and(|a| a >= 60))?;
            rows[m][base + SPECIAL_SUPPORT] = t("农村特困");
            vec![whole(kind)]
        }
        "special-support-able-adult" if !monitored => {
            let m = (0..rows.len()).find(|&m| {
                text(&rows[m][HEALTH]) == "健康"
                    && !student(&rows[m])
                    && age(&rows[m]).is_some_and(|a| (20..=55).contains(&a))
            })?;
            rows[m][base + SPECIAL_SUPPORT] = t("农村特困");
            vec![(kind, vec![m])]
        }
        "public-post-months-without-post" => {
            let m = (0..rows.len()).find(|&m| at(&rows[m], POST).is_empty())?;
            rows[m][base + POST_MONTHS] = Cell::Number(6.0);
            vec![(kind, vec![m])]
        }
        "risk-illness-without-health-measure" if monitored && risk == "因病" => {
            set(rows, HEALTH_MEASURE, Cell::Empty);
            vec![whole(kind)]
        }
        "risk-schooling-without-education-measure" if monitored && risk == "因学" => {
            set(rows, EDUCATION_MEASURE, Cell::Empty);
            vec![whole(kind)]
        }
        "risk-housing-without-housing-measure" if monitored => {
            set(rows, RISK2, t("因安全住房"));
            vec![whole(kind)]
        }
        "risk-water-without-water-measure" if monitored => {
            set(rows, RISK2, t("因安全饮水"));
            vec![whole(kind)]
        }
        "monitored-facts-missing" if monitored => {
            set(rows, CRITICAL_ILLNESS, Cell::Empty);
            vec![whole(kind)]
        }
        // 户类型 disagreeing with 脱贫属性 is itself a finding, so each of these implies two.
        "unstable-category-not-exited" if monitored && exited => {
            set(rows, KIND, t("普通农户"));
            vec![whole(kind), whole("household-kind-exit-status")]
        }
        "marginal-category-exited" if monitored && !exited && text(&head[EXIT_STATUS]) == "未脱贫" => {
            set(rows, KIND, t("脱贫户"));
            vec![whole(kind), whole("household-kind-exit-status")]
        }
        "household-kind-exit-status" if !monitored && !exited && text(&head[EXIT_STATUS]) == "未脱贫" => {
            set(rows, KIND, t("脱贫户"));
            let mut found = vec![whole(kind)];
            if income < LINE {
                found.push(whole("exited-below-line-unmonitored"));
            }
            found
        }
        _ => return None,
    })
}

/// A household whose relations are all listed (one a fault did not garble), so that its head
/// row is the first.
fn codes_ok(relation: &str) -> bool {
    crate::domain::codes::label(crate::columns::roles::Role::Relation, relation).is_some()
}
