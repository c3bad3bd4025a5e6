//! Declarative rules a profile adds (`custom_rules` in the JSON): required, allowed values,
//! pattern, range, unique, unique-together, same-within-household, conditional, and `check`
//! (a condition language over rows and households, [`expr`]). Each kind is
//! one small file; they report through [`Sink`] exactly as built-in rules do (Excel rows, the
//! sheet's header, the value, zh/en words).

mod allowed;
mod check;
mod conditional;
pub mod expr;
mod pattern;
mod range;
mod required;
mod same_within_household;
mod unique;

use crate::finding::{Finding, Scope, Severity};
use crate::roles::{normalize_header, Role};
use crate::rules::{self, Context, Out};
use std::borrow::Cow;

/// One declarative rule, validated.
#[derive(Debug, Clone)]
pub struct CustomRule {
    /// Kebab-case key, distinct from every catalogue key (e.g. `gz-labour-work`).
    pub key: String,
    pub severity: Severity,
    pub title_zh: String,
    pub title_en: String,
    /// Templates: `{value}`, `{column}` and the kind's own arguments (see docs/profile.md).
    pub message_zh: String,
    pub message_en: String,
    pub doc: String,
    /// The doc in Chinese, for the page in zh (empty when the profile gives none).
    pub doc_zh: String,
    pub check: Check,
    /// A rule huqing ships (the `monitoring-2021` checks), not the profile's own.
    pub built_in: bool,
}

/// What a declarative rule checks. A column is named by a role key (`person-id`) or by its
/// header text as written in the sheet (`劳动技能`).
#[derive(Debug, Clone)]
pub enum Check {
    Required {
        column: String,
    },
    Allowed {
        column: String,
        values: Vec<String>,
    },
    Pattern {
        column: String,
        regex: regex_lite::Regex,
    },
    Range {
        column: String,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// One column: `unique`; several: `unique-together`.
    Unique {
        columns: Vec<String>,
    },
    SameWithinHousehold {
        column: String,
    },
    Conditional {
        when: Condition,
        then: Condition,
    },
    /// For each row (or household, `household: true`) where `when` holds (always, when
    /// absent), a fault when `then` does not; reported on `column`.
    Rule {
        household: bool,
        when: Option<expr::Expr>,
        then: expr::Expr,
        column: String,
    },
}

/// A test on one column's value (trimmed).
#[derive(Debug, Clone)]
pub struct Condition {
    pub column: String,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Empty,
    NotEmpty,
    /// One of these values (`equals` is a list of one).
    In(Vec<String>),
}

impl Test {
    pub fn holds(&self, value: &str) -> bool {
        match self {
            Test::Empty => value.is_empty(),
            Test::NotEmpty => !value.is_empty(),
            Test::In(values) => values.iter().any(|v| v.trim() == value),
        }
    }
}

impl Check {
    /// The kind's name in profiles and docs.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Required { .. } => "required",
            Check::Allowed { .. } => "allowed",
            Check::Pattern { .. } => "pattern",
            Check::Range { .. } => "range",
            Check::Unique { columns } if columns.len() > 1 => "unique-together",
            Check::Unique { .. } => "unique",
            Check::SameWithinHousehold { .. } => "same-within-household",
            Check::Conditional { .. } => "conditional",
            Check::Rule { .. } => "check",
        }
    }

    pub fn scope(&self) -> Scope {
        match self {
            Check::Required { .. } | Check::Allowed { .. } | Check::Pattern { .. } | Check::Range { .. } => Scope::Cell,
            Check::Conditional { .. } | Check::Rule { household: false, .. } => Scope::Row,
            Check::Rule { household: true, .. } => Scope::Household,
            Check::SameWithinHousehold { .. } => Scope::Household,
            Check::Unique { .. } => Scope::Table,
        }
    }

    /// Every column the check reads.
    fn columns(&self) -> Vec<&str> {
        match self {
            Check::Required { column }
            | Check::Allowed { column, .. }
            | Check::Pattern { column, .. }
            | Check::Range { column, .. } => vec![column],
            Check::SameWithinHousehold { column } => vec![Role::HouseholdId.key(), column],
            Check::Unique { columns } => columns.iter().map(String::as_str).collect(),
            Check::Conditional { when, then } => vec![&when.column, &then.column],
            // Compiled at run time: a set of columns needs only one of them.
            Check::Rule { household: true, .. } => vec![Role::HouseholdId.key()],
            Check::Rule { .. } => vec![],
        }
    }
}

/// Runs the profile's enabled rules over `ctx`, calling `progress` after each. A column the
/// sheet lacks is reported once as `column-missing` naming every rule skipped for it (the
/// built-in ones too, when the column is a role they need).
pub fn run_all(ctx: &Context<'_>, findings: &mut Vec<Finding>, progress: &mut dyn FnMut(usize)) {
    // Column → the (Chinese, English) titles of the rules skipped for want of it.
    let mut skipped: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for (i, rule) in ctx.profile.custom.iter().enumerate() {
        if ctx.profile.enabled(&rule.key) {
            if let Some(name) = rule.run(ctx, findings) {
                let titles = (rule.title_zh.as_str(), rule.title_en.as_str());
                match skipped.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, all)) => all.push(titles),
                    None => skipped.push((name, vec![titles])),
                }
            }
        }
        progress(i + 1);
    }
    if !ctx.profile.enabled("column-missing") {
        return;
    }
    let meta = rules::by_key("column-missing").expect("column-missing is a catalogue rule").meta();
    for (name, titles) in skipped {
        let shown = display_name(name);
        // A column named by its header (银行卡号) is the role's column as much as by its key.
        let role = Role::from_key(name).or_else(|| {
            let header = crate::roles::normalize_header(name);
            crate::roles::ROLES.iter().find(|d| d.synonyms.contains(&header.as_str())).map(|d| d.role)
        });
        let mut all: Vec<(&str, &str)> = match role {
            Some(role) => rules::ALL
                .iter()
                .map(|r| r.meta())
                .filter(|m| m.needs.contains(&role))
                .map(|m| (m.title_zh, m.title_en))
                .collect(),
            None => Vec::new(),
        };
        if !all.is_empty() {
            findings.retain(|f| !(f.rule == meta.key && f.value == shown));
        }
        all.extend(titles);
        let zh = all.iter().map(|t| t.0).collect::<Vec<_>>().join("、");
        let en = all.iter().map(|t| t.1).collect::<Vec<_>>().join("; ");
        Out::new(ctx, meta, findings).table(None, shown.to_owned(), &[("rules", &zh), ("rules_en", &en)]);
    }
}

impl CustomRule {
    /// Runs the rule over `ctx`; returns the name of a column it needs that the sheet lacks
    /// (and then finds nothing).
    fn run<'r>(&'r self, ctx: &Context<'_>, findings: &mut Vec<Finding>) -> Option<&'r str> {
        let mut cols = Vec::new();
        for name in self.check.columns() {
            match resolve(ctx, name) {
                Some(c) => cols.push(c),
                None => return Some(name),
            }
        }
        let mut sink = Sink { ctx, rule: self, findings };
        match &self.check {
            Check::Required { .. } => required::check(&mut sink, cols[0]),
            Check::Allowed { values, .. } => allowed::check(&mut sink, cols[0], values),
            Check::Pattern { regex, .. } => pattern::check(&mut sink, cols[0], regex),
            Check::Range { min, max, .. } => range::check(&mut sink, cols[0], *min, *max),
            Check::Unique { .. } => unique::check(&mut sink, &cols),
            Check::SameWithinHousehold { .. } => same_within_household::check(&mut sink, cols[1]),
            Check::Conditional { when, then } => {
                conditional::check(&mut sink, (cols[0], &when.test), (cols[1], &then.test))
            }
            Check::Rule { household, when, then, column } => {
                let when_c = match when.as_ref().map(|w| w.compile(ctx)).transpose() {
                    Ok(w) => w,
                    Err(name) => return Some(name),
                };
                let then_c = match then.compile(ctx) {
                    Ok(t) => t,
                    Err(name) => return Some(name),
                };
                let Some(col) = resolve(ctx, column) else { return Some(column) };
                let p = ctx.profile;
                let words = check::Words {
                    when_zh: when.as_ref().map_or_else(
                        || "每一".to_owned() + if *household { "户" } else { "行" },
                        |w| w.describe(p, true),
                    ),
                    when_en: when.as_ref().map_or_else(
                        || "On every ".to_owned() + if *household { "household" } else { "row" },
                        |w| w.describe(p, false),
                    ),
                    then_zh: then.describe(p, true),
                    then_en: then.describe(p, false),
                };
                check::check(&mut sink, *household, when_c.as_ref(), &then_c, col, &words);
            }
        }
        None
    }
}

/// The column named `name`: a role key through the mapping, else a header of the sheet.
pub fn resolve(ctx: &Context<'_>, name: &str) -> Option<usize> {
    if let Some(role) = Role::from_key(name) {
        return ctx.col(role);
    }
    let wanted = normalize_header(name);
    ctx.table.headers().iter().position(|h| h == name || normalize_header(h) == wanted)
}

/// How a column name reads to a clerk: a role key becomes its Chinese name.
fn display_name(name: &str) -> &str {
    Role::from_key(name).map_or(name, |r| r.def().zh)
}

/// Where a declarative rule reports.
pub(crate) struct Sink<'a, 't> {
    ctx: &'a Context<'t>,
    rule: &'a CustomRule,
    findings: &'a mut Vec<Finding>,
}

impl Sink<'_, '_> {
    /// The value of column `col` in data row `row`: trimmed, and without an export's `#` mark
    /// in a column of numbers (see `Context::column_text`).
    fn text(&self, col: usize, row: usize) -> &str {
        self.ctx.column_text(col, row)
    }

    /// Reports data rows `rows` about column `col` with `value` and the kind's `args`.
    fn report(&mut self, rows: &[usize], col: usize, value: String, args: &[(&str, &str)]) {
        let table = self.ctx.table;
        let mut excel: Vec<u32> = rows.iter().map(|&r| table.excel_row(r)).collect();
        excel.sort_unstable();
        excel.dedup();
        let column = table.header(col).to_owned();
        let household =
            rows.first().map(|&r| self.ctx.text(Role::HouseholdId, r)).filter(|h| !h.is_empty()).map(str::to_owned);
        let fill = |template: &str, empty: &str| {
            let mut s =
                template.replace("{value}", if value.is_empty() { empty } else { &value }).replace("{column}", &column);
            for (name, v) in args {
                s = s.replace(&format!("{{{name}}}"), v);
            }
            s
        };
        let (message_zh, message_en) = (fill(&self.rule.message_zh, "（空）"), fill(&self.rule.message_en, "(empty)"));
        self.findings.push(Finding {
            rule: Cow::Owned(self.rule.key.clone()),
            severity: self.rule.severity,
            rows: excel,
            column: Some(column),
            value,
            household,
            message_zh,
            message_en,
            exempted: None,
            locations: Vec::new(),
            township: None,
            village: None,
        });
    }
}

/// The default words of each kind, when the profile gives none: (zh, en).
pub fn default_message(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "required" => ("“{column}”不能为空", "\"{column}\" must not be empty"),
        "allowed" => (
            "“{column}”的值“{value}”不在允许的取值（{allowed}）之中",
            "\"{value}\" is not an allowed value of \"{column}\" ({allowed})",
        ),
        "pattern" => ("“{column}”的值“{value}”格式不对", "\"{value}\" in \"{column}\" does not have the required form"),
        "range" => (
            "“{column}”应为 {range} 的数，实际是“{value}”",
            "\"{column}\" should be a number {range}, but is \"{value}\"",
        ),
        "unique" | "unique-together" => {
            ("“{column}”的值“{value}”在 {count} 行重复", "\"{value}\" in \"{column}\" is repeated on {count} rows")
        }
        "same-within-household" => {
            ("同一户的“{column}”不一致：{value}", "\"{column}\" differs within one household: {value}")
        }
        "check" => (
            "{when_zh}，应当满足：{then_zh}（“{column}”为“{value}”）",
            "{when_en}; required: {then_en} (\"{column}\" is \"{value}\")",
        ),
        _ => (
            "“{when_column}”为“{when_value}”时，“{column}”{expected_zh}（实际是“{value}”）",
            "When \"{when_column}\" is \"{when_value}\", \"{column}\" {expected_en} (it is \"{value}\")",
        ),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running one declarative rule, written as profile JSON, on an inline table.
    use super::*;
    use crate::mapping::Mapping;
    use crate::profile::Profile;
    use crate::table::Table;
    use std::collections::BTreeMap;

    /// Runs the single rule of `rule_json` (one element of `custom_rules`) over `rows`.
    pub fn run(rule_json: &str, rows: &[&[&str]]) -> Vec<Finding> {
        let profile = Profile::from_json(&format!(r#"{{"name": "test", "custom_rules": [{rule_json}]}}"#))
            .expect("a valid profile");
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let mut findings = Vec::new();
        run_all(&ctx, &mut findings, &mut |_| {});
        findings
    }

    /// The rows of each finding.
    pub fn rows(findings: &[Finding]) -> Vec<Vec<u32>> {
        findings.iter().map(|f| f.rows.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Mapping;
    use crate::profile::Profile;
    use crate::table::Table;
    use std::collections::BTreeMap;

    #[test]
    fn a_missing_column_is_reported_once_for_every_rule_skipped() {
        let profile = Profile::from_json(
            r#"{"name": "t", "custom_rules": [
            {"key": "t-a", "kind": "required", "column": "户类型", "title_zh": "甲", "title_en": "a"},
            {"key": "t-b", "kind": "allowed", "column": "户类型", "values": ["x"], "title_zh": "乙", "title_en": "b"},
            {"key": "t-c", "kind": "same-within-household", "column": "姓名", "title_zh": "丙", "title_en": "c"}]}"#,
        )
        .unwrap();
        let table = Table::from_rows(&[&["姓名", "证件号码", "与户主关系"], &["甲", "360426199101010071", "户主"]]);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let findings = rules::run_all(&ctx, &mut |_| {});
        let missing: Vec<(&str, &str)> = findings
            .iter()
            .filter(|f| f.rule == "column-missing")
            .map(|f| (f.value.as_str(), f.message_zh.as_str()))
            .collect();
        let of = |v: &str| missing.iter().filter(|(value, _)| *value == v).map(|(_, m)| *m).collect::<Vec<_>>();
        assert_eq!(of("户类型").len(), 1);
        assert!(of("户类型")[0].contains("：甲、乙。"), "{missing:?}");
        let household = of("户编号");
        assert_eq!(household.len(), 1, "merged with the built-in report: {missing:?}");
        assert!(household[0].contains("户编号缺失") && household[0].contains("丙"), "{household:?}");
    }
}
