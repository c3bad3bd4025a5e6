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
pub const HEADERS: [&str; 61] = [
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
    "公益性岗位帮扶",
    "义务教育保障",
    "金融帮扶",
    "实施开发式帮扶措施情况",
    "公益性岗位",
    "公益性岗位(月数)",
    "聘用时间",
    "就业渠道（易地搬迁后扶使用）",
    "其他备注",
    "合规自付支出",
    "是否参加城乡居民基本养老保险",
    "是否通生活用电",
    "入户道路是否硬化",
    "住房面积",
    "与村主干路距离",
    "耕地面积（亩）",
    "林地面积（亩）",
    "退耕还林面积（亩）",
    "信息采集人",
    "信息采集人联系电话",
    "风险消除后是否义务教育阶段适龄儿童少年失学辍学",
    "风险消除后是否住房损毁",
    "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    "风险消除后是否饮水设施损毁",
    "风险消除后工资性收入",
    "风险消除后财产性收入",
    "风险消除后转移性收入",
    "风险消除后生产经营性收入",
    "风险消除后生产经营性支出",
    "风险消除后家庭纯收入",
    "风险消除后家庭人均纯收入",
    "风险消除后理赔收入",
    "风险消除后合规自付支出",
];

// Offsets of the added columns.
const KIND: usize = 0;
pub(super) const CATEGORY: usize = 1;
pub(super) const RISK1: usize = 2;
pub(super) const RISK2: usize = 3;
const IDENTIFIED: usize = 4;
pub(super) const REMOVED: usize = 5;
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
/// Every measure column, and 实施开发式帮扶措施情况 (cleared with them).
const MEASURES: std::ops::Range<usize> = 20..32;
const INDUSTRY_MEASURE: usize = 20;
pub(super) const EMPLOYMENT_MEASURE: usize = 21;
const HEALTH_MEASURE: usize = 22;
const EDUCATION_MEASURE: usize = 23;
const SOCIAL_SECURITY: usize = 26;
const SOCIAL_MEASURE: usize = 27;
pub(super) const POST_MEASURE: usize = 28;
const COMPULSORY_MEASURE: usize = 29;
const FINANCE_MEASURE: usize = 30;
const DEVELOPMENT: usize = 31;
const POST: usize = 32;
const POST_MONTHS: usize = 33;
const POST_HIRED: usize = 34;
const CHANNEL: usize = 35;
const MEDICAL_EXPENSE: usize = 37;
const PENSION: usize = 38;
const ELECTRICITY: usize = 39;
const ROAD: usize = 40;
const FLOOR_AREA: usize = 41;
const ROAD_DISTANCE: usize = 42;
const ARABLE: usize = 43;
const FOREST: usize = 44;
const RETURNED: usize = 45;
const COLLECTOR: usize = 46;
const COLLECTOR_PHONE: usize = 47;
/// The 风险消除后… block: four flags, then nine amounts.
const AFTER: std::ops::Range<usize> = 48..61;
const AFTER_HOUSE: usize = 49;
const AFTER_WAGE: usize = 52;

/// Base columns read.
pub(super) const EDUCATION: usize = 12;
pub(super) const SCHOOLING: usize = 13;
const HEALTH: usize = 14;
pub(super) const LABOUR: usize = 15;
const WORK: usize = 16;
const EXIT_STATUS: usize = 19;
const INCOME: usize = 22;

pub(super) const REFERENCE: Date = Date { year: 2020, month: 12, day: 31 };
const SCHOOL_REFERENCE: Date = Date { year: 2020, month: 9, day: 1 };
pub(super) const ABLE: [&str; 3] = ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力"];

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

pub(super) fn age(row: &[Cell]) -> Option<i32> {
    crate::domain::dates::parse(text(&row[BIRTH])).map(|d| d.years_until(REFERENCE))
}

/// Age at the start of the school year.
fn school_age(row: &[Cell]) -> Option<i32> {
    crate::domain::dates::parse(text(&row[BIRTH])).map(|d| d.years_until(SCHOOL_REFERENCE))
}

/// In school (在校生状况 other than blank, 非在校生, 学龄前儿童).
pub(super) fn student(row: &[Cell]) -> bool {
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

/// 文化程度 and 在校生状况 as the 2021 export writes them: exactly one is filled. Pupils and
/// students (and small children, 学龄前儿童) have 在校生状况 only; others 文化程度 only.
fn schooling_2021(row: &mut [Cell]) {
    match (text(&row[SCHOOLING]), text(&row[EDUCATION])) {
        ("非在校生", "学龄前儿童") => (row[SCHOOLING], row[EDUCATION]) = (t("学龄前儿童"), Cell::Empty),
        ("非在校生", _) => row[SCHOOLING] = Cell::Empty,
        ("", _) => {}
        _ => row[EDUCATION] = Cell::Empty,
    }
}

/// The household's monitoring values, consistent with its members.
fn clean(rng: &mut Rng, rows: &mut [Vec<Cell>], base: usize) {
    rows.iter_mut().for_each(|r| schooling_2021(r));
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
    household[MEDICAL_EXPENSE] = Cell::Number(if ill { f64::from(rng.range(800, 9000)) } else { 0.0 });
    household[ELECTRICITY] = t("是");
    household[ROAD] = t("是");
    household[FLOOR_AREA] = Cell::Number(f64::from(rng.range(40, 160)));
    household[ROAD_DISTANCE] = Cell::Number(f64::from(rng.range(1, 40)) / 10.0);
    household[ARABLE] = Cell::Number(f64::from(rng.range(1, 30)) / 2.0);
    household[FOREST] = Cell::Number(f64::from(rng.range(0, 40)));
    household[RETURNED] = Cell::Number(f64::from(rng.range(0, 10)));
    if monitored {
        household[COLLECTOR] = t("李明");
        household[COLLECTOR_PHONE] = t("13985001234");
        household[CATEGORY] = t(if exited { "脱贫不稳定户" } else { "边缘易致贫户" });
        household[RISK1] = t(risk);
        household[IDENTIFIED] = month(identified);
        household[REMOVED] = t(if removed { "是" } else { "否" });
        if removed {
            household[METHOD] = t("帮扶消除");
            household[REMOVED_AT] = month((identified + rng.range(6, 12)).min(2020 * 12 + 11));
        }
        household[INDUSTRY_MEASURE] = t("种植,养殖");
        household[DEVELOPMENT] = t("是");
        match risk {
            "因病" => household[HEALTH_MEASURE] = t("城乡居民基本医疗保险个人缴费补贴,医疗救助"),
            "因学" => household[EDUCATION_MEASURE] = t("学生资助"),
            "因务工就业不稳" => household[EMPLOYMENT_MEASURE] = t("外出务工补贴"),
            _ => {}
        }
        if removed {
            after(&mut household, income);
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
        cells[PENSION] = t(if age(row).is_some_and(|a| a >= 16) { "是" } else { "否" });
        if text(&row[WORK]).contains("务工") {
            cells[CHANNEL] = t("外出务工");
        }
        let working = ABLE.contains(&text(&row[LABOUR])) && age(row).is_some_and(|a| (30..=60).contains(&a));
        if working && rng.percent(8) {
            cells[POST] = t("护林员");
            cells[POST_MONTHS] = Cell::Number(12.0);
            cells[POST_HIRED] = t("202001");
        }
        row.extend(cells);
    }
}

/// The 风险消除后… block of a household whose risk is removed, at income `income` a head.
fn after(cells: &mut [Cell], income: f64) {
    let amount = |c: usize| match &cells[c] {
        Cell::Number(n) => Cell::Number(*n),
        _ => Cell::Number(0.0),
    };
    let values = [
        t("否"),
        t("否"),
        t("否"),
        t("否"),
        amount(WAGE),
        Cell::Number(0.0),
        amount(TRANSFER),
        amount(BUSINESS),
        Cell::Number(300.0),
        Cell::Number(income * 3.0),
        Cell::Number(income),
        Cell::Number(0.0),
        amount(MEDICAL_EXPENSE),
    ];
    for (c, v) in AFTER.zip(values) {
        cells[c] = v;
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
    "removed-problem-after-removal",
    "removed-after-facts-missing",
    "removed-collector-missing",
    "electricity-missing",
    "exited-no-electricity",
    "insurance-facts-missing",
    "risk-other-without-note",
    "public-post-several",
    "household-public-posts-many",
    "public-post-hired-without-post",
    "severe-disability-with-labour",
    "severe-disability-without-allowance",
    "disability-allowance-without-disabled",
    "out-of-school-without-measure",
    "water-unsafe-without-measure",
    "uninsured-without-health-measure",
    "out-of-school-flag-without-child",
    "employment-measure-without-wage-income",
    "special-support-working",
    "labour-without-development-measure",
    "development-flag-without-measure",
    "public-post-without-labour",
    "employment-measure-without-labour",
    "compulsory-aid-without-pupil",
    "risk-illness-no-medical-expense",
    "household-conditions-missing",
    "road-distance-not-number",
    "land-area-implausible",
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
    let remove = |rows: &mut Rows| rows.iter_mut().for_each(|r| after(&mut r[base..], income));
    let no_labour = |r: &Vec<Cell>| matches!(text(&r[LABOUR]), "无劳动力" | "丧失劳动力");
    let channel_free = |r: &Vec<Cell>| at(r, CHANNEL).is_empty();
    let health_measured = !at(head, HEALTH_MEASURE).is_empty() || !at(head, SOCIAL_MEASURE).is_empty();
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
            set(rows, MEDICAL_EXPENSE, Cell::Number(2000.0));
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
            remove(rows);
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
            rows[m][base + POST_HIRED] = t("202001");
            let mut found = vec![(kind, vec![m])];
            if no_labour(&rows[m]) {
                found.push(("public-post-without-labour", vec![m]));
            }
            found
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
        // Clean households have no child of compulsory-school age out of school: the flag
        // alone contradicts the members.
        "unmonitored-out-of-school" | "out-of-school-flag-without-child" if !monitored => {
            set(rows, OUT_OF_SCHOOL, t("是"));
            vec![whole("unmonitored-out-of-school"), whole("out-of-school-flag-without-child")]
        }
        "removed-water-unsafe" if removed => {
            set(rows, WATER, t("否"));
            vec![whole(kind), whole("water-problem-risk-missing"), whole("water-unsafe-without-measure")]
        }
        "removed-out-of-school" if removed => {
            set(rows, OUT_OF_SCHOOL, t("是"));
            vec![whole(kind), whole("out-of-school-without-measure"), whole("out-of-school-flag-without-child")]
        }
        "removed-uninsured" | "uninsured-without-health-measure"
            if monitored && (kind == "uninsured-without-health-measure" || removed) =>
        {
            if kind == "uninsured-without-health-measure" && (removed || health_measured) {
                return None;
            }
            let m = rows.len() - 1;
            rows[m][base + RESIDENT_INSURANCE] = t("否");
            let mut found = vec![("insurance-exclusive", vec![m])];
            if removed {
                found.push(whole("removed-uninsured"));
            }
            if !health_measured {
                found.push(whole("uninsured-without-health-measure"));
            }
            found
        }
        "water-problem-risk-missing" | "water-unsafe-without-measure" if monitored && !removed => {
            set(rows, WATER, t("否"));
            vec![whole("water-problem-risk-missing"), whole("water-unsafe-without-measure")]
        }
        "housing-problem-risk-missing" if monitored && !removed => {
            set(rows, HOUSE, t("是"));
            vec![whole(kind)]
        }
        "school-age-not-in-school" if risk != "因学" => {
            let m = (0..rows.len())
                .find(|&m| student(&rows[m]) && school_age(&rows[m]).is_some_and(|a| (7..=14).contains(&a)))?;
            (rows[m][SCHOOLING], rows[m][EDUCATION]) = (Cell::Empty, t("小学"));
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
            remove(rows);
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
            if able > 0 {
                found.push(whole("labour-without-development-measure"));
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
            let m = (0..rows.len()).find(|&m| age(&rows[m]).is_some_and(|a| a >= 60) && channel_free(&rows[m]))?;
            rows[m][base + SPECIAL_SUPPORT] = t("农村特困");
            vec![whole(kind)]
        }
        "special-support-able-adult" if !monitored => {
            let m = (0..rows.len()).find(|&m| {
                text(&rows[m][HEALTH]) == "健康"
                    && channel_free(&rows[m])
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
            let mut found = vec![whole(kind)];
            found.extend((0..rows.len()).map(|m| ("insurance-facts-missing", vec![m])));
            found
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
        "removed-problem-after-removal" if removed => {
            set(rows, AFTER_HOUSE, t("是"));
            vec![whole(kind)]
        }
        "removed-after-facts-missing" if removed => {
            set(rows, AFTER_WAGE, Cell::Empty);
            vec![whole(kind)]
        }
        "removed-collector-missing" if removed => {
            set(rows, COLLECTOR, Cell::Empty);
            vec![whole(kind)]
        }
        "electricity-missing" if exited || monitored => {
            set(rows, ELECTRICITY, Cell::Empty);
            vec![whole(kind)]
        }
        "exited-no-electricity" if exited => {
            set(rows, ELECTRICITY, t("否"));
            vec![whole(kind)]
        }
        // Not on the head's row, which a monitored household's own check reads.
        "insurance-facts-missing" if exited && rows.len() > 1 => {
            let m = rows.len() - 1;
            rows[m][base + CRITICAL_ILLNESS] = Cell::Empty;
            vec![(kind, vec![m])]
        }
        "risk-other-without-note" if monitored => {
            set(rows, RISK2, t("其他"));
            vec![whole(kind)]
        }
        "public-post-several" => {
            let m = (0..rows.len()).find(|&m| !at(&rows[m], POST).is_empty())?;
            rows[m][base + POST] = t("护林员,保洁员");
            vec![(kind, vec![m])]
        }
        "household-public-posts-many" => {
            let fit: Vec<usize> = (0..rows.len())
                .filter(|&m| !no_labour(&rows[m]) && age(&rows[m]).is_some_and(|a| (16..=69).contains(&a)))
                .collect();
            if fit.len() < 4 {
                return None;
            }
            for &m in &fit {
                rows[m][base + POST] = t("护林员");
                rows[m][base + POST_MONTHS] = Cell::Number(12.0);
                rows[m][base + POST_HIRED] = t("202001");
            }
            vec![whole(kind)]
        }
        "public-post-hired-without-post" => {
            let m = (0..rows.len()).find(|&m| at(&rows[m], POST).is_empty())?;
            rows[m][base + POST_HIRED] = t("202003");
            vec![(kind, vec![m])]
        }
        "severe-disability-with-labour" => {
            let m = (0..rows.len()).find(|&m| matches!(text(&rows[m][LABOUR]), "普通劳动力" | "技能劳动力"))?;
            let id = format!("{}41", text(&rows[m][super::columns::ID]));
            rows[m][super::columns::ID] = t(&id);
            vec![(kind, vec![m])]
        }
        "severe-disability-without-allowance" if monitored && !removed && risk == "因残" => {
            let m = (0..rows.len()).find(|&m| text(&rows[m][HEALTH]).contains("残疾"))?;
            let id = format!("{}42", text(&rows[m][super::columns::ID]));
            rows[m][super::columns::ID] = t(&id);
            let mut found = vec![whole(kind)];
            if matches!(text(&rows[m][LABOUR]), "普通劳动力" | "技能劳动力") {
                found.push(("severe-disability-with-labour", vec![m]));
            }
            found
        }
        "disability-allowance-without-disabled"
            if at(head, SOCIAL_SECURITY).is_empty() && !rows.iter().any(|r| text(&r[HEALTH]).contains("残疾")) =>
        {
            set(rows, SOCIAL_SECURITY, t("残疾人两项补贴"));
            vec![whole(kind)]
        }
        "out-of-school-without-measure" if monitored && !removed => {
            set(rows, OUT_OF_SCHOOL, t("是"));
            vec![whole(kind), whole("out-of-school-flag-without-child")]
        }
        "employment-measure-without-wage-income" if removed => {
            set(rows, EMPLOYMENT_MEASURE, t("外出务工补贴"));
            set(rows, WAGE, Cell::Number(0.0));
            vec![whole(kind)]
        }
        "special-support-working" if !monitored => {
            let m = (0..rows.len()).find(|&m| age(&rows[m]).is_some_and(|a| a >= 60))?;
            rows[m][base + SPECIAL_SUPPORT] = t("农村特困");
            rows[m][base + CHANNEL] = t("外出务工");
            vec![(kind, vec![m])]
        }
        // Some other measure stays, so that the household is not left without any.
        "labour-without-development-measure"
            if monitored
                && !removed
                && able > 0
                && [HEALTH_MEASURE, EDUCATION_MEASURE, SOCIAL_SECURITY].iter().any(|&c| !at(head, c).is_empty()) =>
        {
            for c in [INDUSTRY_MEASURE, EMPLOYMENT_MEASURE, POST_MEASURE, FINANCE_MEASURE, DEVELOPMENT] {
                set(rows, c, Cell::Empty);
            }
            vec![whole(kind)]
        }
        "development-flag-without-measure" if monitored => {
            set(rows, INDUSTRY_MEASURE, t("其他"));
            set(rows, EMPLOYMENT_MEASURE, Cell::Empty);
            vec![whole(kind)]
        }
        "public-post-without-labour" => {
            let m = (0..rows.len()).find(|&m| {
                no_labour(&rows[m])
                    && at(&rows[m], POST).is_empty()
                    && age(&rows[m]).is_some_and(|a| (16..=69).contains(&a))
            })?;
            rows[m][base + POST] = t("护林员");
            rows[m][base + POST_MONTHS] = Cell::Number(12.0);
            rows[m][base + POST_HIRED] = t("202001");
            vec![(kind, vec![m])]
        }
        "employment-measure-without-labour" if able == 0 => {
            set(rows, EMPLOYMENT_MEASURE, t("外出务工补贴"));
            vec![whole(kind)]
        }
        "compulsory-aid-without-pupil"
            if !rows.iter().any(|r| {
                let s = text(&r[SCHOOLING]);
                ["小学", "七年级", "八年级", "九年级", "初中", "高中", "中职"].iter().any(|x| s.contains(x))
            }) =>
        {
            set(rows, COMPULSORY_MEASURE, t("生活补助"));
            vec![whole(kind)]
        }
        "risk-illness-no-medical-expense" if monitored && !removed && risk == "因病" => {
            set(rows, MEDICAL_EXPENSE, Cell::Number(0.0));
            vec![whole(kind)]
        }
        "household-conditions-missing" if exited || monitored => {
            set(rows, FLOOR_AREA, Cell::Empty);
            vec![whole(kind)]
        }
        "road-distance-not-number" => {
            set(rows, ROAD_DISTANCE, t("近"));
            vec![whole(kind)]
        }
        "land-area-implausible" => {
            set(rows, ARABLE, Cell::Number(350.0));
            vec![whole(kind)]
        }
        _ => return None,
    })
}

/// A household whose relations are all listed (one a fault did not garble), so that its head
/// row is the first.
fn codes_ok(relation: &str) -> bool {
    crate::domain::codes::label(crate::columns::roles::Role::Relation, relation).is_some()
}
