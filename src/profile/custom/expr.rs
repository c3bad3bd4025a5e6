//! The condition language of `check` rules: tests on a row's cells (a value in a set or not,
//! blank, filled, a number or a date compared, an item of a multi-valued cell), an age band,
//! months between two dates, household aggregates ("any member with …", "no member with …",
//! "count of members with … ≥ n"), combined with `all`, `any` and `not`.
//!
//! A rule's JSON is parsed into [`Expr`] (names unresolved, so that a province may change a
//! threshold the built-in rules name), then compiled for one sheet into [`Compiled`] (column
//! indexes, numbers) and evaluated per row. Every expression also reads as a sentence in
//! Chinese and English ([`Expr::describe`]), which is how a reviewer learns why a row was flagged.

use super::super::{bad, closest, Profile};
use crate::base::error::Error;
use serde_json::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

const OPS: &[(&str, Op)] =
    &[("lt", Op::Lt), ("le", Op::Le), ("gt", Op::Gt), ("ge", Op::Ge), ("eq", Op::Eq), ("ne", Op::Ne)];

impl Op {
    pub(super) fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::Eq => "=",
            Op::Ne => "≠",
        }
    }
}

/// A number as a rule writes it: a value, or the name of a profile threshold
/// (`monitoring_line`, `poverty_line`, or a key of `thresholds`).
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Value(f64),
    Named(String),
}

impl Num {
    pub(super) fn resolve(&self, profile: &Profile) -> f64 {
        match self {
            Num::Value(v) => *v,
            Num::Named(name) => profile.number(name).expect("names are checked when the profile is read"),
        }
    }

    fn describe(&self, profile: &Profile, zh: bool) -> String {
        let value = |name: &str| profile.number(name).map_or("?".into(), |v| v.to_string());
        match self {
            Num::Value(v) => v.to_string(),
            Num::Named(name) if zh => format!("{}（{}）", value(name), Profile::number_zh(name).unwrap_or(name)),
            Num::Named(name) => format!("{} ({name})", value(name)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cmp {
    pub op: Op,
    pub to: Num,
}

/// A test on the cells of one column or a set of columns.
#[derive(Debug, Clone)]
pub enum Test {
    /// Every cell blank.
    Empty,
    /// Some cell filled.
    NotEmpty,
    /// Some cell's whole value is one of these (`equals` is a list of one).
    In(Vec<String>),
    /// No cell's whole value is one of these (a blank cell is in no set).
    NotIn(Vec<String>),
    /// Some item of a cell, split on `、，,;；/`, is one of these.
    ContainsAny(Vec<String>),
    /// Some cell contains one of these as text (`农村低保` contains `低保`).
    ContainsText(Vec<String>),
    /// The cell is a number and compares so (a blank or a word passes no comparison).
    Number(Cmp),
    /// The cell is a date (or a month, `202303`) before this month.
    Before(i32),
    /// The cell is a date in or after this month.
    OnOrAfter(i32),
    /// Some filled cell matches this regular expression (`^.{18}[1-7][12]`: a 残疾人证号 of grade 1 or 2).
    Matches(regex_lite::Regex),
}

impl PartialEq for Test {
    fn eq(&self, other: &Test) -> bool {
        use Test::*;
        match (self, other) {
            (Empty, Empty) | (NotEmpty, NotEmpty) => true,
            (In(a), In(b))
            | (NotIn(a), NotIn(b))
            | (ContainsAny(a), ContainsAny(b))
            | (ContainsText(a), ContainsText(b)) => a == b,
            (Number(a), Number(b)) => a == b,
            (Before(a), Before(b)) | (OnOrAfter(a), OnOrAfter(b)) => a == b,
            (Matches(a), Matches(b)) => a.as_str() == b.as_str(),
            _ => false,
        }
    }
}

/// Which day an age is taken at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AgeAt {
    /// The profile's `reference_date`.
    Reference,
    /// The profile's `school_reference_date`.
    School,
}

/// How many members an aggregate asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quant {
    Any,
    No,
    All,
}

/// A condition as written in a profile.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    /// `column` (one) or `columns` (a set read as one) and a test.
    Cells {
        columns: Vec<String>,
        test: Test,
    },
    /// Age in whole years, from the 出生日期 column or the ID, within `min`–`max`.
    Age {
        min: Option<Num>,
        max: Option<Num>,
        at: AgeAt,
    },
    /// Whole months from the date in `from` to the date in `to`, compared.
    MonthsBetween {
        from: String,
        to: String,
        cmp: Cmp,
    },
    /// Whole months from the date in `column` to the reference date, compared.
    MonthsSince {
        column: String,
        cmp: Cmp,
    },
    /// Over the members of the row's household.
    Members {
        quant: Quant,
        of: Box<Expr>,
    },
    /// The number of members of the row's household for which `of` holds, compared.
    Count {
        of: Box<Expr>,
        cmp: Cmp,
    },
    /// The number of items in the cell of `column` (split as `contains_any` splits), compared.
    ItemCount {
        column: String,
        cmp: Cmp,
    },
}

/// The keys that start an expression; exactly one per object.
const HEADS: &[&str] = &[
    "all",
    "any",
    "not",
    "column",
    "columns",
    "age",
    "months_between",
    "months_since",
    "any_member",
    "no_member",
    "all_members",
    "count_members",
    "item_count",
];
const TESTS: &[&str] = &[
    "equals",
    "in",
    "not_in",
    "empty",
    "not_empty",
    "contains_any",
    "contains_text",
    "lt",
    "le",
    "gt",
    "ge",
    "eq",
    "ne",
    "before",
    "on_or_after",
    "matches",
];

/// Parses the condition at `at` (a path such as `custom_rules[0].when`). Numbers may name a
/// threshold of `profile`; a name it lacks is refused here.
pub fn parse(v: &Value, at: &str, profile: &Profile) -> Result<Expr, Error> {
    let Value::Object(o) = v else {
        return Err(bad(
            at,
            "条件应为一个 JSON 对象，如 {\"column\": \"…\", \"empty\": true}",
            "a condition must be a JSON object, e.g. {\"column\": \"…\", \"empty\": true}",
        ));
    };
    let heads: Vec<&str> = HEADS.iter().copied().filter(|h| o.contains_key(*h)).collect();
    let head = match heads.as_slice() {
        [h] => *h,
        [] => {
            return Err(bad(
                at,
                format!("条件需要以下其中一项：{}", HEADS.join("、")),
                format!("a condition needs one of: {}", HEADS.join(", ")),
            ))
        }
        _ => {
            return Err(bad(
                at,
                format!("一个条件只能有一项：{}（几项请用 all 或 any 组合）", heads.join("、")),
                format!("a condition has only one of {} (combine several with all or any)", heads.join(", ")),
            ))
        }
    };
    let field = |f: &str| format!("{at}.{f}");
    let takes: Vec<&str> = match head {
        "column" | "columns" => std::iter::once(head).chain(TESTS.iter().copied()).collect(),
        "months_between" | "months_since" | "count_members" | "item_count" => {
            std::iter::once(head).chain(OPS.iter().map(|(k, _)| *k)).collect()
        }
        _ => vec![head],
    };
    if let Some(extra) = o.keys().find(|k| !takes.contains(&k.as_str())) {
        let hint = closest(extra, takes.iter().copied())
            .map(|s| (format!("是否想写 {s}？"), format!("did you mean {s}? ")))
            .unwrap_or_default();
        return Err(bad(
            field(extra),
            format!("这里没有这个字段（{}可用的字段：{}）", hint.0, takes.join("、")),
            format!("there is no such field here ({}known fields: {})", hint.1, takes.join(", ")),
        ));
    }
    let sub = |key: &str| parse(&o[key], &field(key), profile).map(Box::new);
    Ok(match head {
        "all" | "any" => {
            let Some(items) = o[head].as_array().filter(|a| !a.is_empty()) else {
                return Err(bad(field(head), "应为至少一个条件的列表", "must be a list of at least one condition"));
            };
            let items = items
                .iter()
                .enumerate()
                .map(|(i, v)| parse(v, &format!("{at}.{head}[{i}]"), profile))
                .collect::<Result<Vec<_>, _>>()?;
            if head == "all" {
                Expr::All(items)
            } else {
                Expr::Any(items)
            }
        }
        "not" => Expr::Not(sub("not")?),
        "any_member" => Expr::Members { quant: Quant::Any, of: sub(head)? },
        "no_member" => Expr::Members { quant: Quant::No, of: sub(head)? },
        "all_members" => Expr::Members { quant: Quant::All, of: sub(head)? },
        "count_members" => Expr::Count { of: sub(head)?, cmp: cmp(o, at, profile)? },
        "months_since" => Expr::MonthsSince { column: name(&o[head], &field(head))?, cmp: cmp(o, at, profile)? },
        "item_count" => Expr::ItemCount { column: name(&o[head], &field(head))?, cmp: cmp(o, at, profile)? },
        "months_between" => {
            let pair = o[head].as_array().filter(|a| a.len() == 2).ok_or_else(|| {
                bad(field(head), "应为两个列名：[起始日期列, 结束日期列]", "must be two columns: [from date, to date]")
            })?;
            Expr::MonthsBetween {
                from: name(&pair[0], &format!("{at}.{head}[0]"))?,
                to: name(&pair[1], &format!("{at}.{head}[1]"))?,
                cmp: cmp(o, at, profile)?,
            }
        }
        "age" => age(&o[head], &field(head), profile)?,
        _ => {
            let columns = if head == "column" {
                vec![name(&o[head], &field(head))?]
            } else {
                let list = o[head].as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
                    bad(field(head), "应为至少一个列名的列表", "must be a list of at least one column")
                })?;
                list.iter().enumerate().map(|(i, v)| name(v, &format!("{at}.{head}[{i}]"))).collect::<Result<_, _>>()?
            };
            Expr::Cells { columns, test: test(o, at, profile)? }
        }
    })
}

/// A column name: a non-empty string.
fn name(v: &Value, at: &str) -> Result<String, Error> {
    match v.as_str().map(str::trim) {
        Some(s) if !s.is_empty() => Ok(s.to_owned()),
        _ => Err(bad(at, "应为列名或列的键（非空文字）", "must be a column's header or key (non-empty text)")),
    }
}

/// The one comparison (`lt`, `le`, `gt`, `ge`, `eq`, `ne`) of an object.
fn cmp(o: &serde_json::Map<String, Value>, at: &str, profile: &Profile) -> Result<Cmp, Error> {
    let given: Vec<&(&str, Op)> = OPS.iter().filter(|(k, _)| o.contains_key(*k)).collect();
    match given.as_slice() {
        [(k, op)] => Ok(Cmp { op: *op, to: num(&o[*k], &format!("{at}.{k}"), profile)? }),
        _ => Err(bad(
            at,
            "需要且只能有一项比较：lt、le、gt、ge、eq、ne",
            "give exactly one comparison: lt, le, gt, ge, eq, ne",
        )),
    }
}

/// A number, or the name of a threshold the profile has.
fn num(v: &Value, at: &str, profile: &Profile) -> Result<Num, Error> {
    if let Some(n) = v.as_f64().filter(|n| n.is_finite()) {
        return Ok(Num::Value(n));
    }
    let Some(s) = v.as_str() else {
        return Err(bad(at, "应为数字或阈值的名称", "must be a number or a threshold's name"));
    };
    if profile.number(s).is_some() {
        return Ok(Num::Named(s.to_owned()));
    }
    let names = profile.number_names();
    let hint = closest(s, names.iter().map(String::as_str))
        .map(|n| (format!("是否想写 {n}？"), format!("did you mean {n}? ")))
        .unwrap_or_default();
    Err(bad(
        at,
        format!("没有名为“{s}”的阈值（{}可用：{}）", hint.0, names.join("、")),
        format!("there is no threshold \"{s}\" ({}known: {})", hint.1, names.join(", ")),
    ))
}

fn age(v: &Value, at: &str, profile: &Profile) -> Result<Expr, Error> {
    let Value::Object(o) = v else {
        return Err(bad(at, "应为 {\"min\": …, \"max\": …}", "must be {\"min\": …, \"max\": …}"));
    };
    if let Some(extra) = o.keys().find(|k| !["min", "max", "at"].contains(&k.as_str())) {
        return Err(bad(
            format!("{at}.{extra}"),
            "这里没有这个字段（可用的字段：min、max、at）",
            "there is no such field here (known fields: min, max, at)",
        ));
    }
    let bound = |k: &str| o.get(k).map(|v| num(v, &format!("{at}.{k}"), profile)).transpose();
    let (min, max) = (bound("min")?, bound("max")?);
    if min.is_none() && max.is_none() {
        return Err(bad(at, "年龄段需要 min 或 max", "an age band needs min or max"));
    }
    let at_day = match o.get("at").map(|v| v.as_str()) {
        None | Some(Some("reference_date")) => AgeAt::Reference,
        Some(Some("school_reference_date")) => AgeAt::School,
        Some(_) => {
            return Err(bad(
                format!("{at}.at"),
                "应为 \"reference_date\" 或 \"school_reference_date\"",
                "must be \"reference_date\" or \"school_reference_date\"",
            ))
        }
    };
    Ok(Expr::Age { min, max, at: at_day })
}

/// The one test of a `column`/`columns` object.
fn test(o: &serde_json::Map<String, Value>, at: &str, profile: &Profile) -> Result<Test, Error> {
    let given: Vec<&str> = TESTS.iter().copied().filter(|t| o.contains_key(*t)).collect();
    let [t] = given.as_slice() else {
        return Err(bad(
            at,
            format!("应当只写一项检验：{}", TESTS.join("、")),
            format!("give exactly one test: {}", TESTS.join(", ")),
        ));
    };
    let path = format!("{at}.{t}");
    let v = &o[*t];
    let list = || -> Result<Vec<String>, Error> {
        let items: Option<Vec<String>> = v
            .as_array()
            .filter(|a| !a.is_empty())
            .and_then(|a| a.iter().map(|x| x.as_str().map(|s| s.trim().to_owned())).collect());
        items.ok_or_else(|| bad(&path, "应为至少一个取值（文字）的列表", "must be a list of at least one value (text)"))
    };
    let flag = || match v {
        Value::Bool(true) => Ok(()),
        _ => Err(bad(&path, "只能写 true", "can only be true")),
    };
    let month = || {
        v.as_str().and_then(month_of).ok_or_else(|| {
            bad(
                &path,
                "应为月份或日期，如 \"2023-04\" 或 \"2023-04-01\"",
                "must be a month or a date, e.g. \"2023-04\" or \"2023-04-01\"",
            )
        })
    };
    Ok(match *t {
        "equals" => Test::In(vec![v
            .as_str()
            .map(|s| s.trim().to_owned())
            .ok_or_else(|| bad(&path, "应为一个取值（文字）", "must be a value (text)"))?]),
        "in" => Test::In(list()?),
        "not_in" => Test::NotIn(list()?),
        "contains_any" => Test::ContainsAny(list()?),
        "contains_text" => Test::ContainsText(list()?),
        "empty" => flag().map(|_| Test::Empty)?,
        "not_empty" => flag().map(|_| Test::NotEmpty)?,
        "before" => Test::Before(month()?),
        "on_or_after" => Test::OnOrAfter(month()?),
        "matches" => {
            let pattern = v
                .as_str()
                .ok_or_else(|| bad(&path, "应为一个正则表达式（文字）", "must be a regular expression (text)"))?;
            Test::Matches(regex_lite::Regex::new(pattern).map_err(|e| {
                bad(&path, format!("正则表达式有误：{e}"), format!("not a valid regular expression: {e}"))
            })?)
        }
        op => Test::Number(Cmp {
            op: OPS.iter().find(|(k, _)| *k == op).expect("a listed comparison").1,
            to: num(v, &path, profile)?,
        }),
    })
}

/// The month (year × 12 + month − 1) a cell or a profile value names: `202303`, `2023-03`,
/// `2023年03月`, `2023-03-15`, `20230315` …
pub fn month_of(text: &str) -> Option<i32> {
    let t = crate::base::text::trim(text);
    let t = t.strip_suffix(".0").unwrap_or(t);
    if let Some(d) = crate::domain::dates::parse(t) {
        return Some(i32::from(d.year) * 12 + i32::from(d.month) - 1);
    }
    let (y, m) = if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        (t[..4].parse::<i32>().ok()?, t[4..].parse::<i32>().ok()?)
    } else {
        let mut parts = t.trim_end_matches('月').split(['-', '.', '/', '年']);
        let (y, m) = (parts.next()?.trim().parse::<i32>().ok()?, parts.next()?.trim().parse::<i32>().ok()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m)
    };
    ((1900..=2100).contains(&y) && (1..=12).contains(&m)).then_some(y * 12 + m - 1)
}

/// A number as registers write it: `5200`, `5,200.50`, `5200元`.
pub(super) fn number(text: &str) -> Option<f64> {
    let t = text.trim_end_matches('元').trim();
    let v: f64 = if t.contains([',', '，']) { t.replace([',', '，'], "").parse().ok()? } else { t.parse().ok()? };
    v.is_finite().then_some(v)
}

fn show_month(m: i32) -> String {
    format!("{}-{:02}", m / 12, m % 12 + 1)
}

/// How a column reads in a sentence: a key becomes its Chinese name.
fn shown(name: &str) -> &str {
    crate::columns::roles::Role::from_key(name).map_or(name, |r| r.def().zh)
}

fn quoted(values: &[String], zh: bool) -> String {
    if zh {
        format!("“{}”", values.join("”“"))
    } else {
        format!("\"{}\"", values.join("\", \""))
    }
}

impl Expr {
    /// Every column named, in order (duplicates kept).
    pub fn columns(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk_columns(&mut out);
        out
    }

    fn walk_columns<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::All(items) | Expr::Any(items) => items.iter().for_each(|e| e.walk_columns(out)),
            Expr::Not(e) | Expr::Members { of: e, .. } | Expr::Count { of: e, .. } => e.walk_columns(out),
            Expr::Cells { columns, .. } => out.extend(columns.iter().map(String::as_str)),
            Expr::Age { .. } => {}
            Expr::MonthsBetween { from, to, .. } => out.extend([from.as_str(), to.as_str()]),
            Expr::MonthsSince { column, .. } | Expr::ItemCount { column, .. } => out.push(column),
        }
    }

    /// True when the expression asks about other members of the household.
    pub fn has_aggregate(&self) -> bool {
        match self {
            Expr::All(items) | Expr::Any(items) => items.iter().any(Expr::has_aggregate),
            Expr::Not(e) => e.has_aggregate(),
            Expr::Members { .. } | Expr::Count { .. } => true,
            _ => false,
        }
    }

    /// The condition as a sentence, in Chinese (`zh`) or English, with thresholds' values.
    pub fn describe(&self, profile: &Profile, zh: bool) -> String {
        let d = |e: &Expr| e.describe(profile, zh);
        match self {
            Expr::All(items) => items.iter().map(d).collect::<Vec<_>>().join(if zh { "，且" } else { ", and " }),
            Expr::Any(items) => {
                let inner = items.iter().map(d).collect::<Vec<_>>().join(if zh { "，或" } else { ", or " });
                if zh {
                    format!("（{inner}）")
                } else {
                    format!("({inner})")
                }
            }
            Expr::Not(e) => {
                if zh {
                    format!("并非（{}）", d(e))
                } else {
                    format!("not ({})", d(e))
                }
            }
            Expr::Cells { columns, test } => {
                let names: Vec<&str> = columns.iter().map(|c| shown(c)).collect();
                let col = if zh { format!("“{}”", names.join("/")) } else { format!("\"{}\"", names.join("/")) };
                let (any, all) = if columns.len() > 1 {
                    if zh {
                        ("之一", "都")
                    } else {
                        (" (any)", " (all)")
                    }
                } else {
                    ("", "")
                };
                match (test, zh) {
                    (Test::Empty, true) => format!("{col}{all}为空"),
                    (Test::Empty, false) => format!("{col}{all} blank"),
                    (Test::NotEmpty, true) => format!("{col}{any}已填"),
                    (Test::NotEmpty, false) => format!("{col}{any} filled"),
                    (Test::In(v), true) => format!("{col}{any}为{}", quoted(v, true).replace("”“", "”或“")),
                    (Test::In(v), false) => format!("{col}{any} is {}", quoted(v, false).replace("\", \"", "\" or \"")),
                    (Test::NotIn(v), true) => format!("{col}{all}不是{}", quoted(v, true).replace("”“", "”、“")),
                    (Test::NotIn(v), false) => {
                        format!("{col}{all} is not {}", quoted(v, false).replace("\", \"", "\" or \""))
                    }
                    (Test::ContainsAny(v), true) => format!("{col}{any}含{}", quoted(v, true).replace("”“", "”或“")),
                    (Test::ContainsAny(v), false) => {
                        format!("{col}{any} lists {}", quoted(v, false).replace("\", \"", "\" or \""))
                    }
                    (Test::ContainsText(v), true) => {
                        format!("{col}{any}含有文字{}", quoted(v, true).replace("”“", "”或“"))
                    }
                    (Test::ContainsText(v), false) => {
                        format!("{col}{any} contains {}", quoted(v, false).replace("\", \"", "\" or \""))
                    }
                    (Test::Number(c), _) => format!("{col} {} {}", c.op.sign(), c.to.describe(profile, zh)),
                    (Test::Before(m), true) => format!("{col}早于 {}", show_month(*m)),
                    (Test::Before(m), false) => format!("{col} before {}", show_month(*m)),
                    (Test::OnOrAfter(m), true) => format!("{col}在 {} 或以后", show_month(*m)),
                    (Test::OnOrAfter(m), false) => format!("{col} in or after {}", show_month(*m)),
                    (Test::Matches(r), true) => format!("{col}{any}符合格式 {}", r.as_str()),
                    (Test::Matches(r), false) => format!("{col}{any} matches {}", r.as_str()),
                }
            }
            Expr::Age { min, max, at } => {
                let band = match (min, max) {
                    (Some(a), Some(b)) => format!("{}–{}", a.describe(profile, zh), b.describe(profile, zh)),
                    (Some(a), None) => format!("≥ {}", a.describe(profile, zh)),
                    (None, Some(b)) => format!("≤ {}", b.describe(profile, zh)),
                    (None, None) => unreachable!("an age band has a bound"),
                };
                let day = match at {
                    AgeAt::Reference => profile.reference_date,
                    AgeAt::School => profile.school_reference_date,
                };
                if zh {
                    format!("{day} 时年龄 {band} 岁")
                } else {
                    format!("aged {band} on {day}")
                }
            }
            Expr::MonthsBetween { from, to, cmp } => {
                let (a, b, op, n) = (shown(from), shown(to), cmp.op.sign(), cmp.to.describe(profile, zh));
                if zh {
                    format!("从“{a}”到“{b}”的月数 {op} {n}")
                } else {
                    format!("months from \"{a}\" to \"{b}\" {op} {n}")
                }
            }
            Expr::MonthsSince { column, cmp } => {
                let (a, op, n, day) =
                    (shown(column), cmp.op.sign(), cmp.to.describe(profile, zh), profile.reference_date);
                if zh {
                    format!("从“{a}”到 {day} 的月数 {op} {n}")
                } else {
                    format!("months from \"{a}\" to {day} {op} {n}")
                }
            }
            Expr::Members { quant, of } => match (quant, zh) {
                (Quant::Any, true) => format!("有成员：{}", d(of)),
                (Quant::Any, false) => format!("some member: {}", d(of)),
                (Quant::No, true) => format!("没有成员：{}", d(of)),
                (Quant::No, false) => format!("no member: {}", d(of)),
                (Quant::All, true) => format!("每个成员都：{}", d(of)),
                (Quant::All, false) => format!("every member: {}", d(of)),
            },
            Expr::Count { of, cmp } => {
                let (op, n) = (cmp.op.sign(), cmp.to.describe(profile, zh));
                if zh {
                    format!("（{}）的成员数 {op} {n}", d(of))
                } else {
                    format!("the number of members with ({}) {op} {n}", d(of))
                }
            }
            Expr::ItemCount { column, cmp } => {
                let (a, op, n) = (shown(column), cmp.op.sign(), cmp.to.describe(profile, zh));
                if zh {
                    format!("“{a}”所列项数 {op} {n}")
                } else {
                    format!("the number of items in \"{a}\" {op} {n}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};
    use crate::base::error::ErrorKind;
    use crate::profile::Profile;

    fn rule(scope: &str, when: &str, then: &str) -> String {
        format!(
            r#"{{"key": "t-x", "kind": "check", "scope": "{scope}", "title_zh": "t", "when": {when}, "then": {then}}}"#
        )
    }

    fn refusal(when: &str) -> (String, String) {
        let json =
            format!(r#"{{"name": "x", "custom_rules": [{}]}}"#, rule("row", when, r#"{"column": "a", "empty": true}"#));
        match Profile::from_json(&json).expect_err("refused").kind() {
            ErrorKind::BadProfile { path, problem_zh, .. } => (path.clone(), problem_zh.clone()),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn refuses_bad_conditions_naming_the_field() {
        for (when, want_path, want) in [
            (r#"{"colum": "a", "empty": true}"#, "custom_rules[0].when", "需要以下其中一项"),
            (r#"{"column": "a", "emty": true}"#, "custom_rules[0].when.emty", "是否想写 empty"),
            (r#"{"column": "a", "empty": true, "in": ["x"]}"#, "custom_rules[0].when", "只写一项"),
            (r#"{"column": "a", "lt": "monitoring_lin"}"#, "custom_rules[0].when.lt", "是否想写 monitoring_line"),
            (r#"{"all": [{"column": "a", "in": []}]}"#, "custom_rules[0].when.all[0].in", "至少一个"),
            (r#"{"age": {"min": 6, "at": "school"}}"#, "custom_rules[0].when.age.at", "school_reference_date"),
            (r#"{"months_since": "a"}"#, "custom_rules[0].when", "lt、le"),
            (r#"{"column": "a", "before": "2023/13"}"#, "custom_rules[0].when.before", "月份"),
            (
                r#"{"any_member": {"column": "a", "empty": true}, "not": {"column": "b", "empty": true}}"#,
                "custom_rules[0].when",
                "只能有一项",
            ),
        ] {
            let (path, zh) = refusal(when);
            assert_eq!(path, want_path, "{when}");
            assert!(zh.contains(want), "{when}: {zh}");
        }
        let bad_scope = r#"{"name": "x", "custom_rules": [{"key": "t-x", "kind": "check", "scope": "person", "title_zh": "t", "then": {"column": "a", "empty": true}}]}"#;
        assert!(Profile::from_json(bad_scope).is_err());
        let typo = r#"{"name": "x", "thresholds": {"working_age_mx": 60}}"#;
        let e = Profile::from_json(typo).unwrap_err();
        assert!(e.message_zh().contains("working_age_max"), "{}", e.message_zh());
    }

    #[test]
    fn finds_each_cell_test() {
        let t: &[&[&str]] = &[
            &["户编号", "a", "b"],
            &["1", "x", ""],
            &["2", "y、z", "5"],
            &["3", "", "7,300"],
            &["4", "202303", "2023-09-01"],
        ];
        let cases = [
            (r#"{"column": "a", "in": ["x", "y"]}"#, vec![vec![2]]),
            (r#"{"column": "a", "not_in": ["x"]}"#, vec![vec![3], vec![4], vec![5]]),
            (r#"{"column": "a", "empty": true}"#, vec![vec![4]]),
            (r#"{"column": "b", "not_empty": true}"#, vec![vec![3], vec![4], vec![5]]),
            (r#"{"column": "a", "contains_any": ["z"]}"#, vec![vec![3]]),
            (r#"{"column": "a", "contains_text": ["、"]}"#, vec![vec![3]]),
            (r#"{"column": "b", "ge": 7300}"#, vec![vec![4]]),
            (r#"{"column": "b", "lt": 6}"#, vec![vec![3]]),
            (r#"{"columns": ["a", "b"], "in": ["5", "x"]}"#, vec![vec![2], vec![3]]),
            (r#"{"columns": ["a", "b"], "empty": true}"#, vec![]),
            (r#"{"column": "a", "before": "2023-04"}"#, vec![vec![5]]),
            (r#"{"column": "b", "on_or_after": "2023-09"}"#, vec![vec![5]]),
            (r#"{"months_between": ["a", "b"], "eq": 6}"#, vec![vec![5]]),
            (r#"{"not": {"column": "a", "empty": true}}"#, vec![vec![2], vec![3], vec![5]]),
            (r#"{"any": [{"column": "a", "equals": "x"}, {"column": "b", "equals": "5"}]}"#, vec![vec![2], vec![3]]),
            (r#"{"column": "b", "matches": "^7,3"}"#, vec![vec![4]]),
            (r#"{"item_count": "a", "ge": 2}"#, vec![vec![3]]),
            (r#"{"item_count": "a", "eq": 0}"#, vec![vec![4]]),
        ];
        for (cond, want) in cases {
            // A rule whose `then` is the negation reports exactly the rows where `cond` holds.
            let f = run(&rule("row", cond, r#"{"column": "户编号", "empty": true}"#), t);
            assert_eq!(rows(&f), want, "{cond}");
        }
    }

    #[test]
    fn finds_values_written_with_ascii_brackets_or_spaces() {
        let t: &[&[&str]] = &[
            &["户编号", "a"],
            &["1", "已脱贫(享受政策)"],
            &["2", "已脱贫 （享受政策）"],
            &["3", "已脱贫（不再享受政策）"],
        ];
        let f = run(
            &rule("row", r#"{"column": "a", "in": ["已脱贫（享受政策）"]}"#, r#"{"column": "户编号", "empty": true}"#),
            t,
        );
        assert_eq!(rows(&f), [[2], [3]]);
        let f = run(
            &rule(
                "row",
                r#"{"column": "a", "not_in": ["已脱贫(享受政策)"]}"#,
                r#"{"column": "户编号", "empty": true}"#,
            ),
            t,
        );
        assert_eq!(rows(&f), [[4]]);
        let f = run(
            &rule(
                "row",
                r#"{"column": "a", "contains_any": ["已脱贫(不再享受政策)"]}"#,
                r#"{"column": "户编号", "empty": true}"#,
            ),
            t,
        );
        assert_eq!(rows(&f), [[4]]);
    }

    #[test]
    fn refuses_a_bad_pattern() {
        let (path, zh) = refusal(r#"{"column": "a", "matches": "(x"}"#);
        assert_eq!(path, "custom_rules[0].when.matches");
        assert!(zh.contains("正则表达式"), "{zh}");
    }

    #[test]
    fn finds_by_age_and_months_since() {
        let t: &[&[&str]] =
            &[&["户编号", "出生日期", "识别"], &["1", "2010-05-01", "202311"], &["2", "1950-01-01", "202301"]];
        let f = run(
            &rule(
                "row",
                r#"{"age": {"min": 6, "max": 15, "at": "school_reference_date"}}"#,
                r#"{"column": "户编号", "empty": true}"#,
            ),
            t,
        );
        assert_eq!(rows(&f), [[2]], "national-2016 measures school ages at 2020-09-01: 10 is inside");
        let f = run(&rule("row", r#"{"age": {"min": 60}}"#, r#"{"column": "户编号", "empty": true}"#), t);
        assert_eq!(rows(&f), [[3]]);
        let f =
            run(&rule("row", r#"{"age": {"max": "working_age_max"}}"#, r#"{"column": "户编号", "empty": true}"#), t);
        assert_eq!(rows(&f), [[2]]);
        // From 2023-11 to the reference date 2020-12-31 is −35 months.
        let f =
            run(&rule("row", r#"{"months_since": "识别", "lt": -30}"#, r#"{"column": "户编号", "empty": true}"#), t);
        assert_eq!(rows(&f), [[2]]);
    }

    #[test]
    fn finds_by_household_aggregates() {
        let t: &[&[&str]] = &[
            &["户编号", "与户主关系", "劳动技能", "风险1", "风险2"],
            &["1", "户主", "普通劳动力", "缺劳动力", ""],
            &["1", "配偶", "普通劳动力", "缺劳动力", ""],
            &["2", "户主", "无劳动力", "", "缺劳动力"],
            &["2", "之子", "普通劳动力", "", "缺劳动力"],
            &["3", "户主", "无劳动力", "因病", ""],
        ];
        let risks = r#"{"columns": ["风险1", "风险2"], "contains_any": ["缺劳动力"]}"#;
        let count =
            |op: &str| format!(r#"{{"count_members": {{"column": "劳动技能", "equals": "普通劳动力"}}, "{op}": 1}}"#);
        assert_eq!(rows(&run(&rule("household", risks, &count("le")), t)), [[2, 3]]);
        assert_eq!(rows(&run(&rule("household", risks, &count("ge")), t)), Vec::<Vec<u32>>::new());
        let none = r#"{"no_member": {"column": "劳动技能", "equals": "普通劳动力"}}"#;
        assert_eq!(rows(&run(&rule("household", risks, none), t)), [[2, 3], [4, 5]]);
        let all = r#"{"all_members": {"column": "劳动技能", "equals": "无劳动力"}}"#;
        assert_eq!(
            rows(&run(
                &rule("household", r#"{"column": "风险1", "equals": "因病"}"#, &format!(r#"{{"not": {all}}}"#)),
                t
            )),
            [[6]]
        );
        // A row rule with an aggregate reads the row's own household.
        let any = r#"{"any_member": {"column": "劳动技能", "equals": "无劳动力"}}"#;
        assert_eq!(rows(&run(&rule("row", any, r#"{"column": "风险1", "empty": true}"#), t)), [[6]]);
    }

    #[test]
    fn passes_a_row_whose_when_fails_and_explains_the_conditions() {
        let r = rule("row", r#"{"column": "a", "equals": "x"}"#, r#"{"column": "b", "ge": "poverty_line"}"#);
        let t: &[&[&str]] = &[&["户编号", "a", "b"], &["1", "y", "0"], &["2", "x", "5000"], &["3", "x", "300"]];
        let f = run(&r, t);
        assert_eq!(rows(&f), [[4]]);
        assert_eq!(f[0].message_zh, "“a”为“x”，应当满足：“b” ≥ 4000（贫困线）（“b”为“300”）");
        assert!(f[0].message_en.contains("\"b\" ≥ 4000"), "{}", f[0].message_en);
    }
}
