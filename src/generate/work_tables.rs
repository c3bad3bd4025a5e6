//! The 务工监测 and 计划外出务工 tables of a monitoring-style register (`Options.monitoring`),
//! joined to the persons by 人编号: a spell of work for most able members aged 18–59 who are not
//! in school (county, employer, industry, channel, income; ended or still running), a plan for
//! some, and a row (是否已务工 否 when nobody works) wherever a built-in check asks for one (an
//! open 务工就业不稳 risk, an employment or public-post measure, a monitored graduate of working
//! age); then one fault of each work-* rule and work_record check, planted on households no other
//! fault touched.

use super::columns::{BIRTH, HOUSEHOLD_ID, ID, NAME, PERSON_NO};
use super::faults::Pending;
use super::monitoring::{
    age, student, ABLE, CATEGORY, EDUCATION, EMPLOYMENT_MEASURE, LABOUR, POST_MEASURE, REMOVED, RISK1, RISK2, SCHOOLING,
};
use super::rng::Rng;
use super::Cell;
use crate::columns::roles::Role;
use crate::domain::codes;

/// A sheet of the work file: its name, header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The two tables beside the person list, and the findings their faults must produce on the
/// person list's rows when they are checked with it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkTables {
    pub work: Sheet,
    pub plan: Sheet,
    pub expected: Vec<super::Expected>,
}

const WORK_HEADERS: [&str; 12] = [
    "人编号",
    "姓名",
    "证件号码",
    "是否已务工",
    "开始时间",
    "结束时间",
    "务工所在县",
    "务工企业名称",
    "所属行业",
    "就业渠道",
    "是否点对点输送",
    "务工月收入",
];
const DONE: usize = 3;
const START: usize = 4;
const END: usize = 5;
const COUNTY: usize = 6;
const EMPLOYER: usize = 7;
const INCOME: usize = 11;

const PLAN_HEADERS: [&str; 6] = ["人编号", "姓名", "证件号码", "是否计划务工", "计划务工所在县", "就业服务需求"];
const NEED: usize = 5;

/// The 文化程度 of a graduate, as the built-in check lists them.
const GRADUATE: [&str; 5] = ["大专", "大专及以上", "高职高专", "本科及以上", "本科及研究生及以上"];

/// The first and last month of clean spells (month index: year × 12 + month − 1).
const FIRST_MONTH: i32 = 2019 * 12;
const LAST_MONTH: i32 = 2020 * 12 + 11;

/// Rows of one table for one household: (member, cells).
type Members = Vec<(usize, Vec<Cell>)>;

/// A household's rows of each table.
#[derive(Default)]
struct Own {
    work: Members,
    plan: Members,
}

fn text(c: &Cell) -> &str {
    super::columns::text(c)
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// The month index of `YYYY年MM月`.
fn month_index(s: &str) -> Option<i32> {
    let (year, rest) = s.split_once('年')?;
    Some(year.parse::<i32>().ok()? * 12 + rest.trim_end_matches('月').parse::<i32>().ok()? - 1)
}

fn month(m: i32) -> Cell {
    Cell::Text(format!("{}年{:02}月", m / 12, m % 12 + 1))
}

/// The households earlier faults touched: those of the monitoring columns, and the others.
#[derive(Clone, Copy)]
pub struct Touched<'a> {
    pub monitoring: &'a [usize],
    pub other: &'a [usize],
}

/// The checks that ask whether a member is in the 务工监测 table at all.
const RECORD_CHECKS: [&str; 3] = [
    "risk-work-without-work-record",
    "employment-measure-without-work-record",
    "educated-monitored-without-work-record",
];

/// Builds both tables for `households` (rows with the monitoring columns at `base`), planting
/// faults when `faults` on households no other fault touched; returns the tables and the
/// findings. The work_record checks' faults may also fall on a household a monitoring fault
/// touched, as the households they suit (monitored ones) are mostly taken by then: their findings
/// are read off the household as it finally is.
pub fn build(
    rng: &mut Rng,
    households: &[Vec<Vec<Cell>>],
    base: usize,
    touched: Touched<'_>,
    faults: bool,
) -> (WorkTables, Vec<Pending>) {
    // A 人编号 that a fault blanked or repeated would join rows to the wrong person.
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    for row in households.iter().flatten() {
        *seen.entry(text(&row[PERSON_NO])).or_default() += 1;
    }
    let joinable = |row: &[Cell]| !text(&row[PERSON_NO]).is_empty() && seen[text(&row[PERSON_NO])] == 1;
    let mut own: Vec<Own> = households.iter().map(|h| clean(rng, h, base, &joinable)).collect();
    let mut pending = Vec::new();
    if faults {
        let mark = |list: &[usize]| {
            let mut marked = vec![false; households.len()];
            list.iter().for_each(|&h| marked[h] = true);
            marked
        };
        let (other, monitoring) = (mark(touched.other), mark(touched.monitoring));
        let mut order: Vec<usize> = (0..households.len()).filter(|&i| !other[i]).collect();
        rng.shuffle(&mut order);
        let mut used = vec![false; households.len()];
        let per_kind = (households.len() / 150).max(1);
        let mut next = vec![0; KINDS.len()];
        for _ in 0..per_kind {
            for (k, &kind) in KINDS.iter().enumerate() {
                while let Some(&h) = order.get(next[k]) {
                    next[k] += 1;
                    let taken = monitoring[h] && !RECORD_CHECKS.contains(&kind);
                    if used[h] || taken || !households[h].iter().all(|r| joinable(r)) {
                        continue;
                    }
                    if let Some(found) = plant(kind, &households[h], &mut own[h], base) {
                        used[h] = true;
                        pending.extend(
                            found
                                .into_iter()
                                .map(|(rule, rows)| Pending { rule, at: rows.into_iter().map(|m| (h, m)).collect() }),
                        );
                        break;
                    }
                }
            }
        }
    }
    let flat = |pick: fn(&Own) -> &Members| own.iter().flat_map(|o| pick(o).iter().map(|(_, r)| r.clone())).collect();
    let tables = WorkTables {
        work: Sheet {
            name: "务工监测", headers: WORK_HEADERS.map(str::to_owned).to_vec(), rows: flat(|o| &o.work)
        },
        plan: Sheet {
            name: "计划外出务工",
            headers: PLAN_HEADERS.map(str::to_owned).to_vec(),
            rows: flat(|o| &o.plan),
        },
        // Made Excel rows by the caller, which knows where each household starts.
        expected: Vec::new(),
    };
    (tables, pending)
}

/// The person's cells that open every row of either table.
fn person(row: &[Cell], width: usize) -> Vec<Cell> {
    let mut cells = vec![Cell::Empty; width];
    cells[0] = row[PERSON_NO].clone();
    cells[1] = row[NAME].clone();
    cells[2] = row[ID].clone();
    cells
}

/// A spell of work from month `start`, ended at `end` or running.
fn spell(rng: &mut Rng, row: &[Cell], start: i32, end: Option<i32>) -> Vec<Cell> {
    let mut cells = person(row, WORK_HEADERS.len());
    let (county, channel) =
        [("长顺县", "县内务工"), ("花溪区", "县外省内务工"), ("白云区", "省外务工")][rng.range(0, 2) as usize];
    let employer = ["贵州黔南建筑工程有限公司", "广州白云电子厂", "长顺县绿壳鸡蛋专业合作社", "贵阳花溪物业服务公司"];
    let industry = ["建筑业", "制造业", "农、林、牧、渔业", "居民服务业"];
    cells[DONE] = t("是");
    cells[START] = month(start);
    cells[END] = end.map_or(Cell::Empty, month);
    cells[COUNTY] = t(county);
    cells[EMPLOYER] = t(employer[rng.range(0, 3) as usize]);
    cells[8] = t(industry[rng.range(0, 3) as usize]);
    cells[9] = t(channel);
    cells[10] = t(if rng.percent(20) { "是" } else { "否" });
    cells[INCOME] = Cell::Number(f64::from(rng.range(2000, 8000)));
    cells
}

/// A row saying the person does not work (是否已务工 否, nothing else).
fn idle(row: &[Cell]) -> Vec<Cell> {
    let mut cells = person(row, WORK_HEADERS.len());
    cells[DONE] = t("否");
    cells
}

fn plan_row(row: &[Cell]) -> Vec<Cell> {
    let mut cells = person(row, PLAN_HEADERS.len());
    cells[3] = t("是");
    cells[4] = t("花溪区");
    cells[NEED] = t("职业介绍");
    cells
}

/// Able, 18–59 and out of school: a member who may work away.
fn may_work(row: &[Cell]) -> bool {
    ABLE.contains(&text(&row[LABOUR])) && age(row).is_some_and(|a| (18..=59).contains(&a)) && !student(row)
}

/// A monitored graduate aged 16–59, whom the built-in check expects in the work table.
fn graduate(row: &[Cell], base: usize) -> bool {
    !text(&row[base + CATEGORY]).is_empty()
        && GRADUATE.contains(&text(&row[EDUCATION]))
        && age(row).is_some_and(|a| (16..=59).contains(&a))
}

/// An open 务工就业不稳 risk.
fn unstable_work(head: &[Cell], base: usize) -> bool {
    [RISK1, RISK2].iter().any(|&c| text(&head[base + c]).contains("务工就业不稳"))
        && text(&head[base + REMOVED]) != "是"
}

/// An employment or public-post measure.
fn measured(head: &[Cell], base: usize) -> bool {
    [EMPLOYMENT_MEASURE, POST_MEASURE].iter().any(|&c| !text(&head[base + c]).is_empty())
}

fn clean(rng: &mut Rng, rows: &[Vec<Cell>], base: usize, joinable: &dyn Fn(&[Cell]) -> bool) -> Own {
    let mut own = Own::default();
    for (m, row) in rows.iter().enumerate() {
        if !joinable(row) {
            continue;
        }
        if may_work(row) && rng.percent(70) {
            let start = rng.range(FIRST_MONTH, LAST_MONTH - 6);
            let end = rng.percent(50).then(|| start + rng.range(2, 6));
            own.work.push((m, spell(rng, row, start, end)));
            if end.is_some() && rng.percent(40) {
                own.plan.push((m, plan_row(row)));
            }
        } else if graduate(row, base) {
            own.work.push((m, idle(row)));
        }
    }
    // Each run of one 户编号 is a household to the checker (a fault may have changed some rows').
    let mut start = 0;
    while start < rows.len() {
        let id = text(&rows[start][HOUSEHOLD_ID]);
        let end = (start..rows.len()).find(|&i| text(&rows[i][HOUSEHOLD_ID]) != id).unwrap_or(rows.len());
        let head = &rows[start];
        let recorded = own.work.iter().any(|(m, _)| (start..end).contains(m));
        if !recorded && (unstable_work(head, base) || measured(head, base)) {
            if let Some(m) = (start..end).find(|&m| joinable(&rows[m])) {
                own.work.push((m, idle(&rows[m])));
            }
        }
        start = end;
    }
    own
}

/// Every kind of fault planted, in order: the rule or check each is found by (a rule found in
/// two ways is planted as two kinds, the second named with a suffix).
const KINDS: &[&str] = &[
    // First: the households they suit (monitored ones) are the scarcest once other faults are in.
    "risk-work-without-work-record",
    "employment-measure-without-work-record",
    "educated-monitored-without-work-record",
    "work-periods-overlap",
    "work-county-missing",
    "work-facts-missing",
    "work-stopped-without-end",
    "work-income-implausible",
    "work-without-labour",
    "work-start-under-age",
    "work-by-student",
    "work-plan-facts-missing",
    "work-without-labour/planned",
];

/// Plants fault `kind` on the household when it suits it: the findings it must produce, as
/// (rule, rows of the household). A household that does not suit it is left as it was.
fn plant(
    kind: &'static str,
    rows: &[Vec<Cell>],
    own: &mut Own,
    base: usize,
) -> Option<Vec<(&'static str, Vec<usize>)>> {
    // The first member's spell that still runs or has ended, as the fault needs.
    let spell_of = |own: &Own, running: bool| {
        own.work.iter().position(|(_, r)| text(&r[DONE]) == "是" && text(&r[END]).is_empty() == running)
    };
    let any_spell = |own: &Own| own.work.iter().position(|(_, r)| text(&r[DONE]) == "是");
    // A planted spell's employer and income drawn from its member's own stream.
    let fresh = |m: usize| Rng::new(0x5_0000 + m as u64);
    Some(match kind {
        "work-periods-overlap" => {
            let i = spell_of(own, false)?;
            let (m, first) = own.work[i].clone();
            let start = month_index(text(&first[START]))?;
            own.work.insert(i + 1, (m, spell(&mut fresh(m), &rows[m], start + 1, Some(start + 2))));
            vec![(kind, vec![m])]
        }
        "work-county-missing" | "work-facts-missing" | "work-income-implausible" => {
            let i = any_spell(own)?;
            let (column, value) = match kind {
                "work-county-missing" => (COUNTY, Cell::Empty),
                "work-facts-missing" => (EMPLOYER, Cell::Empty),
                _ => (INCOME, Cell::Number(35000.0)),
            };
            own.work[i].1[column] = value;
            vec![(kind, vec![own.work[i].0])]
        }
        "work-stopped-without-end" => {
            let i = spell_of(own, true)?;
            own.work[i].1[DONE] = t("否");
            vec![(kind, vec![own.work[i].0])]
        }
        "work-without-labour" => {
            let m = (0..rows.len()).find(|&m| {
                codes::no_labour(text(&rows[m][LABOUR]))
                    && age(&rows[m]).is_some_and(|a| a >= 18)
                    && !student(&rows[m])
                    && !own.work.iter().any(|(w, _)| *w == m)
            })?;
            let start = 2020 * 12 + 2;
            own.work.push((m, spell(&mut fresh(m), &rows[m], start, Some(start + 5))));
            vec![(kind, vec![m])]
        }
        // A plan to work away, with no spell, for someone without labour.
        "work-without-labour/planned" => {
            let m = (0..rows.len()).find(|&m| {
                codes::no_labour(text(&rows[m][LABOUR]))
                    && age(&rows[m]).is_some_and(|a| a >= 18)
                    && !student(&rows[m])
                    && !own.work.iter().chain(&own.plan).any(|(w, _)| *w == m)
            })?;
            own.plan.push((m, plan_row(&rows[m])));
            vec![("work-without-labour", vec![m])]
        }
        "work-start-under-age" => {
            let i = any_spell(own)?;
            let m = own.work[i].0;
            let born = crate::domain::dates::parse(text(&rows[m][BIRTH]))?;
            let start = (i32::from(born.year) + 14) * 12 + 5;
            own.work.insert(i, (m, spell(&mut fresh(m), &rows[m], start, Some(start + 3))));
            vec![(kind, vec![m])]
        }
        "work-by-student" => {
            let m = (0..rows.len()).find(|&m| {
                codes::label(Role::Schooling, text(&rows[m][SCHOOLING])).is_some_and(codes::in_school)
                    && age(&rows[m]).is_some_and(|a| a >= 17)
                    && !own.work.iter().any(|(w, _)| *w == m)
            })?;
            own.work.push((m, spell(&mut fresh(m), &rows[m], 2020 * 12 + 6, None)));
            let mut found = vec![(kind, vec![m])];
            if codes::no_labour(text(&rows[m][LABOUR])) {
                found.push(("work-without-labour", vec![m]));
            }
            found
        }
        "work-plan-facts-missing" => {
            let i = own.plan.iter().position(|(_, r)| text(&r[3]) == "是")?;
            own.plan[i].1[NEED] = Cell::Empty;
            vec![(kind, vec![own.plan[i].0])]
        }
        // No member in the 务工监测 table: each check whose condition the household meets fires.
        "risk-work-without-work-record"
        | "employment-measure-without-work-record"
        | "educated-monitored-without-work-record" => {
            let head = &rows[0];
            let suits = match kind {
                "risk-work-without-work-record" => unstable_work(head, base),
                "employment-measure-without-work-record" => measured(head, base),
                _ => rows.iter().any(|r| graduate(r, base)),
            };
            if !suits || own.work.is_empty() {
                return None;
            }
            own.work.clear();
            let all: Vec<usize> = (0..rows.len()).collect();
            let mut found = Vec::new();
            if unstable_work(head, base) {
                found.push(("risk-work-without-work-record", all.clone()));
            }
            if measured(head, base) {
                found.push(("employment-measure-without-work-record", all));
            }
            found.extend(
                (0..rows.len())
                    .filter(|&m| graduate(&rows[m], base))
                    .map(|m| ("educated-monitored-without-work-record", vec![m])),
            );
            found
        }
        _ => return None,
    })
}
