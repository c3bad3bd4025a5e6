//! Declarative rules a profile adds (`custom_rules` in the JSON): required, allowed values,
//! pattern, range, unique, unique-together, same-within-household, conditional, and `check`
//! (a condition language over rows and households, [`expr`]). Each kind is
//! one small file; they report through [`Sink`] exactly as built-in rules do (Excel rows, the
//! sheet's header, the value, zh/en words).

mod allowed;
mod check;
pub mod compiled;
mod conditional;
pub mod expr;
mod pattern;
mod range;
mod required;
pub mod run;
mod same_within_household;
mod sink;
mod unique;

use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

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
