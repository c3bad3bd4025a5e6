//! The condition language ([`super::expr`]) resolved against one sheet: columns found by role
//! or header, numbers taken from the profile, and evaluated row by row.

use super::expr::{month_of, number, AgeAt, Cmp, Expr, Op, Quant, Test};
use super::sink::resolve;
use crate::domain::codes;
use crate::facts::context::Context;

impl Expr {
    /// Resolves columns and numbers against one sheet; `Err(name)` names a column the sheet
    /// lacks (a set of columns is missing only when all of them are).
    pub fn compile<'e>(&'e self, ctx: &Context<'_>) -> Result<Compiled, &'e str> {
        let p = ctx.profile;
        let num = |c: &Cmp| (c.op, c.to.resolve(p));
        Ok(match self {
            Expr::All(items) => Compiled::All(items.iter().map(|e| e.compile(ctx)).collect::<Result<_, _>>()?),
            Expr::Any(items) => Compiled::Any(items.iter().map(|e| e.compile(ctx)).collect::<Result<_, _>>()?),
            Expr::Not(e) => Compiled::Not(Box::new(e.compile(ctx)?)),
            Expr::Cells { columns, test } => {
                let cols: Vec<usize> = columns.iter().filter_map(|c| resolve(ctx, c)).collect();
                if cols.is_empty() {
                    return Err(&columns[0]);
                }
                let test = match test {
                    Test::Number(c) => CTest::Number(num(c).0, num(c).1),
                    Test::Empty => CTest::Empty,
                    Test::NotEmpty => CTest::NotEmpty,
                    Test::In(v) => CTest::In(canonical(v)),
                    Test::NotIn(v) => CTest::NotIn(canonical(v)),
                    Test::ContainsAny(v) => CTest::ContainsAny(canonical(v)),
                    Test::ContainsText(v) => CTest::ContainsText(v.clone()),
                    Test::Before(m) => CTest::Before(*m),
                    Test::OnOrAfter(m) => CTest::OnOrAfter(*m),
                    Test::Matches(r) => CTest::Matches(r.clone()),
                };
                Compiled::Cells(cols, test)
            }
            Expr::Age { min, max, at } => Compiled::Age(
                min.as_ref().map_or(i32::MIN, |n| n.resolve(p).ceil() as i32),
                max.as_ref().map_or(i32::MAX, |n| n.resolve(p).floor() as i32),
                *at == AgeAt::School,
            ),
            Expr::MonthsBetween { from, to, cmp } => {
                let a = resolve(ctx, from).ok_or(from.as_str())?;
                let b = resolve(ctx, to).ok_or(to.as_str())?;
                let (op, n) = num(cmp);
                Compiled::Between(a, b, op, n)
            }
            Expr::MonthsSince { column, cmp } => {
                let a = resolve(ctx, column).ok_or(column.as_str())?;
                let d = p.reference_date;
                let (op, n) = num(cmp);
                Compiled::Since(a, i32::from(d.year) * 12 + i32::from(d.month) - 1, op, n)
            }
            Expr::ItemCount { column, cmp } => {
                let a = resolve(ctx, column).ok_or(column.as_str())?;
                let (op, n) = num(cmp);
                Compiled::Items(a, op, n)
            }
            Expr::Members { quant, of } => Compiled::Members(*quant, Box::new(of.compile(ctx)?)),
            Expr::Count { of, cmp } => {
                let (op, n) = num(cmp);
                Compiled::Count(Box::new(of.compile(ctx)?), op, n)
            }
            Expr::WorkRecord(has) => Compiled::WorkRecord(*has),
        })
    }
}

/// A test with its numbers resolved.
#[derive(Debug)]
pub enum CTest {
    Empty,
    NotEmpty,
    In(Vec<String>),
    NotIn(Vec<String>),
    ContainsAny(Vec<String>),
    ContainsText(Vec<String>),
    Number(Op, f64),
    Before(i32),
    OnOrAfter(i32),
    Matches(regex_lite::Regex),
}

/// Values as cells are compared with them: brackets full-width, no white space (see
/// [`codes::normalize`]), so that `已脱贫(享受政策)` is `已脱贫（享受政策）`.
fn canonical(values: &[String]) -> Vec<String> {
    values.iter().map(|v| codes::normalize(v)).collect()
}

/// True when `cell` is one of `values` (as [`canonical`] made them). The cell is normalised
/// only when it holds what normalising changes: most cells are compared as they are.
fn among(values: &[String], cell: &str) -> bool {
    values.iter().any(|x| x == cell)
        || (cell.contains(['(', ')']) || cell.contains(char::is_whitespace)) && {
            let n = codes::normalize(cell);
            values.contains(&n)
        }
}

impl CTest {
    /// The test on the (trimmed) cells of a set of columns.
    fn holds<'a>(&self, mut cells: impl Iterator<Item = &'a str>) -> bool {
        match self {
            CTest::Empty => cells.all(str::is_empty),
            CTest::NotEmpty => cells.any(|c| !c.is_empty()),
            CTest::In(v) => cells.any(|c| among(v, c)),
            CTest::NotIn(v) => cells.all(|c| !among(v, c)),
            CTest::ContainsAny(v) => cells.any(|c| codes::split(c).any(|item| among(v, item))),
            CTest::ContainsText(v) => cells.any(|c| !c.is_empty() && v.iter().any(|x| c.contains(x.as_str()))),
            CTest::Number(op, n) => cells.any(|c| number(c).is_some_and(|x| op.holds(x, *n))),
            CTest::Before(m) => cells.any(|c| month_of(c).is_some_and(|x| x < *m)),
            CTest::OnOrAfter(m) => cells.any(|c| month_of(c).is_some_and(|x| x >= *m)),
            CTest::Matches(r) => cells.any(|c| !c.is_empty() && r.is_match(c)),
        }
    }
}

/// An expression resolved for one sheet.
#[derive(Debug)]
pub enum Compiled {
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
    Cells(Vec<usize>, CTest),
    /// min, max, at the school reference date
    Age(i32, i32, bool),
    Between(usize, usize, Op, f64),
    /// column, the reference month
    Since(usize, i32, Op, f64),
    Members(Quant, Box<Compiled>),
    Count(Box<Compiled>, Op, f64),
    /// column, compared with its number of items
    Items(usize, Op, f64),
    /// has (or has no) row in the 务工监测 table
    WorkRecord(bool),
}

impl Compiled {
    /// True when the condition asks about other members of the household.
    pub fn has_aggregate(&self) -> bool {
        match self {
            Compiled::All(items) | Compiled::Any(items) => items.iter().any(Compiled::has_aggregate),
            Compiled::Not(e) => e.has_aggregate(),
            Compiled::Members(..) | Compiled::Count(..) => true,
            _ => false,
        }
    }

    /// True when the condition holds on data row `row`, whose household's rows are `members`.
    pub fn eval(&self, ctx: &Context<'_>, row: usize, members: &[usize]) -> bool {
        let text = |c: usize, r: usize| crate::base::text::trim(ctx.table.text(c, r));
        match self {
            Compiled::All(items) => items.iter().all(|e| e.eval(ctx, row, members)),
            Compiled::Any(items) => items.iter().any(|e| e.eval(ctx, row, members)),
            Compiled::Not(e) => !e.eval(ctx, row, members),
            Compiled::Cells(cols, test) => test.holds(cols.iter().map(|&c| text(c, row))),
            Compiled::Age(min, max, school) => {
                let age = if *school { ctx.school_age(row) } else { ctx.age(row) };
                age.is_some_and(|a| (*min..=*max).contains(&a))
            }
            Compiled::Between(a, b, op, n) => match (month_of(text(*a, row)), month_of(text(*b, row))) {
                (Some(x), Some(y)) => op.holds(f64::from(y - x), *n),
                _ => false,
            },
            Compiled::Since(a, now, op, n) => month_of(text(*a, row)).is_some_and(|x| op.holds(f64::from(now - x), *n)),
            Compiled::Members(quant, of) => {
                let mut each = members.iter().map(|&m| of.eval(ctx, m, members));
                match quant {
                    Quant::Any => each.any(|b| b),
                    Quant::No => !each.any(|b| b),
                    Quant::All => each.all(|b| b),
                }
            }
            Compiled::Items(a, op, n) => op.holds(codes::split(text(*a, row)).count() as f64, *n),
            Compiled::Count(of, op, n) => {
                let count = members.iter().filter(|&&m| of.eval(ctx, m, members)).count();
                op.holds(count as f64, *n)
            }
            Compiled::WorkRecord(has) => ctx.work.as_ref().is_some_and(|w| !ctx.spells(w, row).is_empty()) == *has,
        }
    }
}
