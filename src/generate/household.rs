//! One clean household: who lives in it, born when, named what, and its household-level fields.
//!
//! Birth years keep every generation gap the relation-age rule checks, measured from *both* the
//! head and the spouse (a fault may turn the spouse into a second head): children and children-
//! in-law at least 21 years younger, parents 21 years older, grandchildren 41 years younger.

use super::attributes::{attributes, Attributes, REFERENCE};
use super::ids::{Unique, BANKS};
use super::names::{random_surname, NameParts};
use super::places::County;
use super::rng::Rng;
use crate::domain::id_card::Date;

/// Largest household generated.
const MAX_MEMBERS: usize = 7;
/// Latest birth year of a married man and woman (legal marriage ages 22 and 20 at 2020-12-31).
const MARRIED_MAN: i32 = 1998;
const MARRIED_WOMAN: i32 = 2000;
/// Generation gaps in years, one more than the minimum so that any two days of the years qualify.
const CHILD_GAP: i32 = 21;
const GRANDCHILD_GAP: i32 = 41;

/// A member, ready to be written.
pub struct Person {
    /// 姓名, unique with the birth date across the register.
    pub name: String,
    pub male: bool,
    pub birth: Date,
    /// 与户主关系
    pub relation: &'static str,
    /// 证件号码, valid and unique.
    pub id: String,
    /// 民族
    pub ethnicity: &'static str,
    pub attrs: Attributes,
}

/// A household: its members (head first) and the fields every member row repeats.
pub struct Household {
    pub members: Vec<Person>,
    /// 贫困户属性
    pub kind: &'static str,
    /// 脱贫年度 when 已脱贫, `None` when 未脱贫.
    pub exit_year: Option<u16>,
    /// 主要致贫原因
    pub cause: &'static str,
    /// 人均纯收入, yuan.
    pub income: f64,
    /// 联系电话, a mobile number no other household has.
    pub phone: String,
    /// 开户银行名称
    pub bank: &'static str,
    /// 银行卡号, 19 digits, Luhn-valid, no other household's.
    pub card: String,
}

/// A member before it has a date, name and ID.
struct Draft {
    relation: &'static str,
    male: bool,
    year: i32,
    surname: u8,
    ethnicity: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// One person, usually old.
    Single,
    /// A couple, their children, sometimes the head's parents.
    Family,
    /// An older couple, a married child and grandchildren.
    ThreeGenerations,
    /// Grandparents raising grandchildren whose parents work away (留守儿童).
    LeftBehind,
    /// A widowed or divorced parent and children.
    SingleParent,
}

const SHAPES: [(Shape, u32); 5] = [
    (Shape::Single, 28),
    (Shape::Family, 42),
    (Shape::ThreeGenerations, 11),
    (Shape::LeftBehind, 10),
    (Shape::SingleParent, 9),
];

/// Builds a clean household living in `county`, its members' IDs issued in the county `code`.
pub fn build(rng: &mut Rng, unique: &mut Unique, county: &County, code: &str) -> Household {
    let members: Vec<Person> = sketch(rng, county).into_iter().map(|d| person(rng, unique, code, d)).collect();
    let head_age = members[0].birth.years_until(REFERENCE);
    let kind = rng.weighted(match members.len() {
        1..=2 if head_age >= 60 => &[("特困供养贫困户", 35), ("低保贫困户", 30), ("一般贫困户", 35)],
        1..=2 => &[("特困供养贫困户", 5), ("低保贫困户", 30), ("一般贫困户", 65)],
        _ => &[("低保贫困户", 20), ("一般贫困户", 80)],
    });
    let exit_year = rng
        .percent(85)
        .then(|| rng.weighted(&[(2014, 5), (2015, 8), (2016, 15), (2017, 20), (2018, 22), (2019, 20), (2020, 10)]));
    // Exited households are above every year's line (at most about 4000 yuan); the others below.
    let cents = match exit_year {
        Some(_) => rng.range(450_000, 1_500_000),
        None => rng.range(200_000, 390_000),
    };
    let (bank, bin, _) = rng.weighted(&BANKS.map(|b| (b, b.2)));
    Household {
        cause: cause(rng, &members),
        members,
        kind,
        exit_year,
        income: f64::from(cents) / 100.0,
        phone: unique.phone(rng),
        bank,
        card: unique.bank_card(rng, bin),
    }
}

/// 主要致贫原因, agreeing with the members: 因病/因残 only with someone ill/disabled, 因学 only
/// with a student.
fn cause(rng: &mut Rng, members: &[Person]) -> &'static str {
    let any = |f: &dyn Fn(&Person) -> bool| members.iter().any(f);
    if any(&|p| p.attrs.health == "残疾") && rng.percent(50) {
        return "因残";
    }
    if any(&|p| matches!(p.attrs.health, "长期慢性病" | "患有大病")) && rng.percent(60) {
        return "因病";
    }
    if any(&|p| !matches!(p.attrs.schooling, "非在校生" | "学前教育" | "小学")) && rng.percent(30) {
        return "因学";
    }
    rng.weighted(&OTHER_CAUSES)
}

/// Causes that need nothing particular of the members.
const OTHER_CAUSES: [(&str, u32); 9] = [
    ("缺资金", 25),
    ("缺技术", 25),
    ("缺劳力", 15),
    ("交通条件落后", 8),
    ("缺土地", 7),
    ("自身发展动力不足", 7),
    ("因灾", 5),
    ("缺水", 4),
    ("其他", 4),
];

/// Date, name, ID and attributes for a draft member.
fn person(rng: &mut Rng, unique: &mut Unique, code: &str, d: Draft) -> Person {
    let birth = random_date(rng, d.year);
    let day = u32::from(birth.year - 1900) * 372 + u32::from(birth.month - 1) * 31 + u32::from(birth.day - 1);
    let name = loop {
        let n = NameParts::random(rng, d.surname, d.male);
        if unique.claim_name(n.key(day)) {
            break n.text();
        }
    };
    Person {
        id: unique.id_number(rng, code, birth, d.male),
        attrs: attributes(rng, birth),
        name,
        male: d.male,
        birth,
        relation: d.relation,
        ethnicity: d.ethnicity,
    }
}

/// A uniform day of `year`.
fn random_date(rng: &mut Rng, year: i32) -> Date {
    let month = rng.range(1, 12) as u8;
    let mut day = rng.range(1, 31) as u8;
    loop {
        if let Some(d) = Date::new(year as u16, month, day) {
            return d;
        }
        day -= 1;
    }
}

/// Relations, sexes, birth years and surnames of a household's members, head first.
fn sketch(rng: &mut Rng, county: &County) -> Vec<Draft> {
    let ethnicity = rng.weighted(county.ethnicities);
    // An in-marrying spouse is sometimes of another of the county's peoples.
    let outsider = |rng: &mut Rng| if rng.percent(20) { rng.weighted(county.ethnicities) } else { ethnicity };
    let shape = rng.weighted(&SHAPES);
    let head_male = rng.percent(if shape == Shape::Single { 60 } else { 85 });
    let head_year = match shape {
        Shape::Single if rng.percent(70) => rng.range(1925, 1960),
        Shape::Single => rng.range(1961, 2002),
        Shape::Family => rng.range(1945, 1995),
        Shape::ThreeGenerations => rng.range(1940, 1970),
        Shape::LeftBehind => rng.range(1940, 1965),
        Shape::SingleParent => rng.range(1955, 1990),
    };
    let head_surname = random_surname(rng);
    let head = Draft { relation: "户主", male: head_male, year: head_year, surname: head_surname, ethnicity };
    let mut m = Members { drafts: vec![head], ethnicity };

    let married = match shape {
        Shape::Family => true,
        Shape::ThreeGenerations => rng.percent(75),
        Shape::LeftBehind => rng.percent(70),
        Shape::Single | Shape::SingleParent => false,
    };
    // Birth years of the couple's elder and younger member, and of the mother (children's bound).
    let (mut old, mut young, mut mother) = (head_year, head_year, head_year + if head_male { 3 } else { 0 });
    let mut family_surname = if head_male || rng.percent(40) { head_surname } else { random_surname(rng) };
    if married {
        let spouse_male = !head_male;
        let offset = if head_male { rng.range(-2, 6) } else { rng.range(-6, 2) };
        let latest = if spouse_male { MARRIED_MAN } else { MARRIED_WOMAN };
        let year = (head_year + offset).clamp(1925, latest);
        let surname = random_surname(rng);
        if spouse_male {
            family_surname = surname;
        }
        m.push(Draft { relation: "配偶", male: spouse_male, year, surname, ethnicity: outsider(rng) });
        (old, young) = (head_year.min(year), head_year.max(year));
        mother = if head_male { year } else { head_year };
    }
    // Birth years open to the couple's (or single head's) own children.
    let own_children = (young + CHILD_GAP, (mother + 45).min(2019));

    match shape {
        Shape::Single => {}
        Shape::Family => {
            let n = rng.weighted(&[(0, 25), (1, 32), (2, 30), (3, 10), (4, 3)]);
            m.children(rng, n, own_children, family_surname, ["之子", "之女"]);
            if rng.percent(15) && old - CHILD_GAP >= 1925 {
                let lo = (old - 45).max(1925);
                if rng.percent(70) {
                    let year = rng.range(lo, old - CHILD_GAP);
                    m.push(Draft { relation: "之父", male: true, year, surname: head_surname, ethnicity });
                }
                let year = rng.range(lo, old - CHILD_GAP);
                let surname = random_surname(rng);
                m.push(Draft { relation: "之母", male: false, year, surname, ethnicity: outsider(rng) });
            }
        }
        Shape::ThreeGenerations => {
            let son = rng.percent(80);
            let latest = (mother + 45).min(if son { MARRIED_MAN } else { MARRIED_WOMAN });
            if young + CHILD_GAP <= latest {
                let year = rng.range(young + CHILD_GAP, latest);
                let relation = if son { "之子" } else { "之女" };
                m.push(Draft { relation, male: son, year, surname: family_surname, ethnicity });
                let partner_latest = if son { MARRIED_WOMAN } else { MARRIED_MAN };
                let (lo, hi) = ((young + CHILD_GAP).max(year - 5), (year + 5).min(partner_latest));
                let mut parents_young = year;
                let mut grand_surname = family_surname;
                if lo <= hi && rng.percent(85) {
                    let partner_year = rng.range(lo, hi);
                    let surname = random_surname(rng);
                    let relation = if son { "之儿媳" } else { "之女婿" };
                    m.push(Draft { relation, male: !son, year: partner_year, surname, ethnicity: outsider(rng) });
                    parents_young = parents_young.max(partner_year);
                    if !son {
                        grand_surname = surname;
                    }
                }
                let n = rng.weighted(&[(1, 40), (2, 40), (3, 20)]);
                let lo = (young + GRANDCHILD_GAP).max(parents_young + CHILD_GAP);
                let relations = if son { ["之孙子", "之孙女"] } else { ["之外孙子", "之外孙女"] };
                m.children(rng, n, (lo, 2019), grand_surname, relations);
            }
            if rng.percent(20) {
                m.children(rng, 1, own_children, family_surname, ["之子", "之女"]);
            }
        }
        Shape::LeftBehind => {
            let n = rng.weighted(&[(1, 40), (2, 40), (3, 20)]);
            m.children(rng, n, (young + GRANDCHILD_GAP, 2019), family_surname, ["之孙子", "之孙女"]);
        }
        Shape::SingleParent => {
            let n = rng.weighted(&[(1, 40), (2, 40), (3, 20)]);
            m.children(rng, n, own_children, family_surname, ["之子", "之女"]);
        }
    }
    m.drafts
}

/// Members under construction, capped at [`MAX_MEMBERS`].
struct Members {
    drafts: Vec<Draft>,
    /// The household's 民族, which its children have.
    ethnicity: &'static str,
}

impl Members {
    fn push(&mut self, d: Draft) {
        if self.drafts.len() < MAX_MEMBERS {
            self.drafts.push(d);
        }
    }

    /// Up to `n` children of either sex (`relations`: for a boy, for a girl), born in the years
    /// `lo..=hi` at least two years from their siblings; fewer when the range is too narrow.
    fn children(&mut self, rng: &mut Rng, n: usize, (lo, hi): (i32, i32), surname: u8, relations: [&'static str; 2]) {
        if lo > hi {
            return;
        }
        for _ in 0..n {
            let male = rng.percent(52);
            let relation = relations[usize::from(!male)];
            let spaced =
                |y: &i32| self.drafts.iter().all(|d| !relations.contains(&d.relation) || (d.year - y).abs() >= 2);
            if let Some(year) = (0..10).map(|_| rng.range(lo, hi)).find(spaced) {
                self.push(Draft { relation, male, year, surname, ethnicity: self.ethnicity });
            }
        }
    }
}
