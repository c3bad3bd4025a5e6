//! Departments' lists beside a clean generated register (部门数据比对), one of each built-in kind,
//! with planted matches and absences and the exact findings they imply: IDs written with `#`,
//! in the 15-digit form and as 残疾人证号, a row matched on name and birth date only, people the
//! register does not have, and the negatives each kind must not report (a death the register
//! already records, a list that covers everyone else).

use super::columns::{self, BIRTH, HOUSEHOLD_ID, ID, KIND, NAME};
use super::rng::Rng;
use super::{Cell, CsvEncoding, Register};
use crate::domain::id_card::{self, Date};
use serde::Serialize;

/// Salt of the lists' stream.
const LISTS_STREAM: u64 = 0x0F0F_5EED_0000_0003;
const SCHOOLING: usize = 13;
const HEALTH: usize = 14;
const REFERENCE: (u16, u8, u8) = (2020, 12, 31);
const SCHOOL_REFERENCE: (u16, u8, u8) = (2020, 9, 1);

/// A list to write beside the register.
#[derive(Debug, Clone)]
pub struct GeneratedList {
    /// Its file name, which tells its kind.
    pub file: String,
    /// The kind it is (what `--compare FILE` guesses from the name).
    pub kind: &'static str,
    pub encoding: CsvEncoding,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A finding the lists must produce on the register.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ListExpected {
    pub rule: &'static str,
    /// Register rows as Excel numbers them.
    pub rows: Vec<u32>,
    /// The list's file and its row (Excel's numbering), for a match; none for an absence.
    pub list: String,
    pub list_row: Option<u32>,
}

impl GeneratedList {
    /// The list as a CSV file in its encoding.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let sheet = Register {
            headers: self.headers.clone(),
            rows: self.rows.clone(),
            expected: Vec::new(),
            title_rows: 0,
            household_list: None,
            work: None,
        };
        sheet.to_bytes(&super::Format::Csv { encoding: self.encoding })
    }
}

/// Facts of a register row the lists are built from.
struct Person {
    age: i32,
    school_age: i32,
    in_school: bool,
    health: String,
}

fn date((y, m, d): (u16, u8, u8)) -> Date {
    Date::new(y, m, d).expect("a real day")
}

/// Makes the lists for `register`, which must be clean and of the plain (not national) layout;
/// changes two of its rows (a death recorded in 健康状况, a child taken out of school) and
/// returns the lists and the findings to expect, sorted.
pub fn make(register: &mut Register, seed: u64) -> Result<(Vec<GeneratedList>, Vec<ListExpected>), String> {
    if !register.expected.is_empty() || register.household_list.is_some() || register.headers.len() != 26 {
        return Err("department lists are made for a clean register of the plain layout (--clean, without --national or --monitoring)".into());
    }
    let mut rng = Rng::new(seed ^ LISTS_STREAM);
    let text = |r: &[Cell], c: usize| columns::text(&r[c]).to_owned();
    let facts = |register: &Register| -> Vec<Person> {
        register
            .rows
            .iter()
            .map(|r| {
                let birth = crate::domain::dates::parse(&text(r, BIRTH)).expect("a generated birth date");
                let schooling = text(r, SCHOOLING);
                Person {
                    age: birth.years_until(date(REFERENCE)),
                    school_age: birth.years_until(date(SCHOOL_REFERENCE)),
                    in_school: crate::domain::codes::in_school(&schooling),
                    health: text(r, HEALTH),
                }
            })
            .collect()
    };
    let n = register.rows.len();
    let pick = |rng: &mut Rng, ok: &dyn Fn(usize) -> bool, taken: &[usize]| -> Result<usize, String> {
        let start = rng.below(n as u64) as usize;
        (0..n).map(|k| (start + k) % n).find(|&i| ok(i) && !taken.contains(&i)).ok_or_else(|| {
            "the register is too small for the department lists (generate 100 households or more)".to_owned()
        })
    };
    // The two changes to the register first: every list is made from the register as written.
    let before = facts(register);
    let dead = pick(&mut rng, &|i| before[i].age >= 30 && before[i].health == "健康", &[])?;
    register.rows[dead][HEALTH] = Cell::Text("死亡".into());
    let dropout = pick(&mut rng, &|i| (8..=13).contains(&before[i].school_age) && before[i].in_school, &[dead])?;
    register.rows[dropout][SCHOOLING] = Cell::Text("非在校生".into());
    let people = facts(register);
    let rows = &register.rows;
    let excel = |i: usize| register.excel_row(i);
    let id = |i: usize| text(&rows[i], ID);
    let name = |i: usize| text(&rows[i], NAME);
    let birth = |i: usize| text(&rows[i], BIRTH);
    let t = |s: &str| Cell::Text(s.to_owned());
    let mut lists = Vec::new();
    let mut expected = Vec::new();
    let mut expect = |rule: &'static str, rows: Vec<usize>, list: &str, list_row: Option<usize>| {
        let mut rows: Vec<u32> = rows.into_iter().map(excel).collect();
        rows.sort_unstable();
        expected.push(ListExpected { rule, rows, list: list.to_owned(), list_row: list_row.map(|r| r as u32 + 2) });
    };
    let ids: std::collections::HashSet<String> = (0..n).map(id).collect();
    let outsider = |rng: &mut Rng| -> String {
        loop {
            let base = id(rng.below(n as u64) as usize);
            let mut b = base.as_bytes()[..17].to_vec();
            for d in &mut b[14..17] {
                *d = b'0' + rng.below(10) as u8;
            }
            b.push(id_card::check_char(&b));
            let s = String::from_utf8(b).expect("ASCII");
            if !ids.contains(&s) {
                return s;
            }
        }
    };
    let unique_name_birth = |i: usize| (0..n).filter(|&j| name(j) == name(i) && birth(j) == birth(i)).count() == 1;

    // Deaths (GBK, as civil affairs' systems write): `#`-marked, 15-digit, name and birth only,
    // a death the register records (no finding), and someone not in the register.
    let file = "死亡人员名单.csv";
    let adult = |i: usize| people[i].age >= 30 && people[i].health != "死亡";
    let a = pick(&mut rng, &|i| adult(i), &[dead])?;
    let b = pick(&mut rng, &|i| adult(i) && &id(i)[6..8] == "19", &[dead, a])?;
    let c = pick(&mut rng, &|i| adult(i) && unique_name_birth(i), &[dead, a, b])?;
    let id15 = |i: usize| format!("{}{}", &id(i)[..6], &id(i)[8..17]);
    let gone = outsider(&mut rng);
    let dated = |d: &str| vec![t(d), t("死亡")];
    let deaths = vec![
        [vec![t("1"), t(&name(a)), t(&format!("#{}", id(a))), t(&birth(a))], dated("2020-03-02")].concat(),
        [vec![t("2"), t(&name(b)), t(&id15(b)), t(&birth(b))], dated("2020-05-17")].concat(),
        [vec![t("3"), t(&name(c)), Cell::Empty, t(&birth(c))], dated("2020-08-09")].concat(),
        [vec![t("4"), t(&name(dead)), t(&id(dead)), t(&birth(dead))], dated("2020-10-30")].concat(),
        [vec![t("5"), t("赵某某"), t(&gone), t("1950-01-01")], dated("2020-11-11")].concat(),
    ];
    for (k, &i) in [a, b, c].iter().enumerate() {
        expect("list-deceased", vec![i], file, Some(k));
    }
    lists.push(list(
        file,
        "deceased",
        CsvEncoding::Gbk,
        &["序号", "姓名", "公民身份号码", "出生日期", "死亡日期", "注销原因"],
        deaths,
    ));

    // The lists of a 疑点: two people of the register (one for housing) and one not in it.
    let alive = |i: usize| people[i].age >= 18 && people[i].health != "死亡";
    for (file, kind, rule, headers, values, count) in [
        (
            "财政供养人员名单.csv",
            "public-payroll",
            "list-public-payroll",
            ["姓名", "身份证号码", "工作单位", "职务"],
            ["某镇人民政府", "科员"],
            2,
        ),
        (
            "车辆登记信息.csv",
            "vehicle",
            "list-vehicle",
            ["姓名", "证件号码", "号牌号码", "车辆类型"],
            ["贵J·A1234", "小型轿车"],
            2,
        ),
        (
            "商品房登记名单.csv",
            "housing",
            "list-housing",
            ["姓名", "身份证号", "房屋坐落", "建筑面积"],
            ["某县某小区3-2-501", "96.5"],
            1,
        ),
        (
            "企业法人股东名单.csv",
            "business",
            "list-business",
            ["姓名", "证件号码", "企业名称", "职务"],
            ["某县某某种养殖专业合作社", "法定代表人"],
            2,
        ),
    ] {
        let mut rows_out = Vec::new();
        let mut taken = vec![dead];
        for k in 0..count {
            let i = pick(&mut rng, &|i| alive(i), &taken)?;
            taken.push(i);
            rows_out.push(vec![t(&name(i)), t(&id(i)), t(values[0]), t(values[1])]);
            expect(rule, vec![i], file, Some(k));
        }
        rows_out.push(vec![t("钱某"), t(&outsider(&mut rng)), t(values[0]), t(values[1])]);
        lists.push(list(file, kind, CsvEncoding::Utf8Bom, &headers, rows_out));
    }

    // Disability certificates: every disabled member but one, and one who is not disabled.
    let file = "残疾人证名单.csv";
    let disabled: Vec<usize> = (0..n).filter(|&i| people[i].health.contains("残疾")).collect();
    let missing = *disabled.get(rng.below(disabled.len().max(1) as u64) as usize).ok_or("no disabled member")?;
    let healthy = pick(&mut rng, &|i| people[i].health == "健康" && people[i].age >= 18, &[dead])?;
    let mut certs = Vec::new();
    for &i in disabled.iter().filter(|&&i| i != missing).chain([healthy].iter()) {
        if i == healthy {
            expect("list-disability-mismatch", vec![i], file, Some(certs.len()));
        }
        certs.push(vec![t(&name(i)), t(&format!("{}44", id(i))), t("肢体"), t("四级")]);
    }
    expect("list-disability-mismatch", vec![missing], file, None);
    lists.push(list(file, "disability", CsvEncoding::Utf8, &["姓名", "残疾人证号", "残疾类别", "残疾等级"], certs));

    // Student registrations: everyone at school but a compulsory-age pupil, a 16–17-year-old
    // (no finding: past compulsory age) and the drop-out; an adult out of school on the list.
    let file = "学籍名单.csv";
    let compulsory = |i: usize| crate::compare::COMPULSORY_SCHOOL_AGE.contains(&people[i].school_age);
    let pupil = pick(&mut rng, &|i| compulsory(i) && people[i].in_school, &[dropout])?;
    let older = (0..n).find(|&i| (16..=17).contains(&people[i].school_age) && people[i].in_school);
    let grown = pick(&mut rng, &|i| people[i].age >= 30 && !people[i].in_school && people[i].health != "死亡", &[])?;
    let mut students = Vec::new();
    for i in (0..n).filter(|&i| people[i].in_school && i != pupil && Some(i) != older).chain([grown]) {
        if i == grown {
            expect("list-student-mismatch", vec![i], file, Some(students.len()));
        }
        students.push(vec![t(&name(i)), t(&id(i)), t("某县第一小学"), t("三年级")]);
    }
    expect("list-student-mismatch", vec![pupil], file, None);
    expect("list-student-mismatch", vec![dropout], file, None);
    lists.push(list(file, "student", CsvEncoding::Utf8, &["姓名", "身份证件号", "学校名称", "年级"], students));

    // 低保 and 特困: the head of every household of that kind but one; a member of a household
    // of another kind on the list.
    let households: Vec<(usize, Vec<usize>)> = {
        let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
        for i in 0..n {
            match out.last_mut() {
                Some((_, members)) if text(&rows[members[0]], HOUSEHOLD_ID) == text(&rows[i], HOUSEHOLD_ID) => {
                    members.push(i)
                }
                _ => out.push((i, vec![i])),
            }
        }
        out
    };
    for (file, kind, rule, word) in [
        ("低保对象名单.csv", "dibao", "list-dibao-mismatch", "低保"),
        ("特困供养人员名单.csv", "special-support", "list-special-support-mismatch", "特困"),
    ] {
        let marked: Vec<&(usize, Vec<usize>)> =
            households.iter().filter(|(head, _)| text(&rows[*head], KIND).contains(word)).collect();
        let left_out = marked.get(rng.below(marked.len().max(1) as u64) as usize).ok_or("no household of the kind")?;
        let other = pick(&mut rng, &|i| !text(&rows[i], KIND).contains(word), &[])?;
        let mut out = Vec::new();
        for (head, _) in marked.iter().filter(|h| h.0 != left_out.0) {
            out.push(vec![t(&name(*head)), t(&id(*head)), t("1"), t("450")]);
        }
        expect(rule, vec![other], file, Some(out.len()));
        out.push(vec![t(&name(other)), t(&id(other)), t("1"), t("450")]);
        expect(rule, left_out.1.clone(), file, None);
        lists.push(list(file, kind, CsvEncoding::Utf8, &["姓名", "身份证号码", "保障人数", "保障金额"], out));
    }

    // Insurance enrolment: everyone but two who should be on it, a child (pension: no finding)
    // and the dead (no finding).
    for (file, kind, rule, pension) in [
        ("养老保险参保名单.csv", "pension-insurance", "list-pension-insurance-missing", true),
        ("医保参保名单.csv", "medical-insurance", "list-medical-insurance-missing", false),
    ] {
        let due = |i: usize| !pension || (people[i].age >= 16 && !people[i].in_school);
        let first = pick(&mut rng, &|i| due(i) && i != dead, &[dead])?;
        let second = pick(&mut rng, &|i| due(i) && i != dead, &[dead, first])?;
        let child = (0..n).find(|&i| pension && people[i].age < 16);
        let out: Vec<Vec<Cell>> = (0..n)
            .filter(|&i| ![dead, first, second].contains(&i) && Some(i) != child)
            .map(|i| vec![t(&name(i)), t(&id(i)), t("城乡居民"), t("参保缴费")])
            .collect();
        expect(rule, vec![first], file, None);
        expect(rule, vec![second], file, None);
        lists.push(list(file, kind, CsvEncoding::Utf8, &["姓名", "公民身份号码", "险种类型", "参保状态"], out));
    }

    // A list of no known kind: its match is only marked.
    let file = "帮扶联系名单.csv";
    let someone = pick(&mut rng, &|i| alive(i), &[])?;
    expect("list-listed", vec![someone], file, Some(0));
    let others = vec![
        vec![t(&name(someone)), t(&id(someone)), t("王干部")],
        vec![t("孙某"), t(&outsider(&mut rng)), t("王干部")],
    ];
    lists.push(list(file, "listed", CsvEncoding::Utf8, &["姓名", "身份证号码", "联系干部"], others));

    expected.sort();
    Ok((lists, expected))
}

fn list(
    file: &str,
    kind: &'static str,
    encoding: CsvEncoding,
    headers: &[&str],
    rows: Vec<Vec<Cell>>,
) -> GeneratedList {
    GeneratedList {
        file: file.to_owned(),
        kind,
        encoding,
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}
