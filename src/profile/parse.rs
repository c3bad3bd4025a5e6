//! Reading a profile document: serde into raw structs that refuse unknown fields, then checks
//! that name the field and say what is wrong, in Chinese and English
//! (`rules.person-id-checksm: 没有这条规则（是否想写 person-id-checksum？）`).

use super::custom::expr::{self, Expr};
use super::custom::{default_message, Check, Condition, CustomRule, Test};
use super::{bad, closest, unknown_built_in, Profile, BUILT_IN};
use crate::base::error::Error;
use crate::base::finding::Severity;
use crate::base::limits::LIMITS;
use crate::columns::roles::{Role, ROLES};
use crate::compare::kinds::KINDS as LIST_KINDS;
use crate::domain::id_card::Date;
use crate::period::kinds::KINDS as PERIOD_KINDS;
use crate::rules::{self, ALL};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The document as written. Every field but `name` is optional; an absent one keeps the value
/// of the profile it `extends`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "$schema")]
    _schema: Option<String>,
    name: String,
    /// For people reading the file; the checker does not use it.
    #[serde(rename = "description")]
    _description: Option<String>,
    extends: Option<String>,
    reference_date: Option<String>,
    school_reference_date: Option<String>,
    blank_schooling_means_not_in_school: Option<bool>,
    max_age: Option<i64>,
    min_head_age: Option<i64>,
    min_parent_gap: Option<i64>,
    min_grandparent_gap: Option<i64>,
    min_marriage_age: Option<i64>,
    max_student_age: Option<i64>,
    max_income: Option<f64>,
    max_support_size: Option<i64>,
    first_exit_year: Option<i64>,
    #[serde(default)]
    poverty_lines: BTreeMap<String, f64>,
    #[serde(default)]
    monitoring_lines: BTreeMap<String, f64>,
    #[serde(default)]
    thresholds: BTreeMap<String, f64>,
    #[serde(default)]
    rules: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    codes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    required: Option<Vec<String>>,
    required_columns: Option<Vec<String>>,
    #[serde(default)]
    custom_rules: Vec<RawRule>,
    #[serde(default)]
    compare_kinds: Vec<RawKind>,
}

/// A province's own kind of comparison list (比对名单), as written: a match on it is reported.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    kind: String,
    key: String,
    severity: Option<String>,
    label_zh: String,
    label_en: Option<String>,
    title_zh: String,
    title_en: Option<String>,
    message_zh: Option<String>,
    message_en: Option<String>,
    doc: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    shows: Vec<String>,
}

impl RawKind {
    fn build(self, at: &str, p: &Profile) -> Result<crate::compare::kinds::Kind, Error> {
        use crate::compare::kinds::{built_in, Kind, Test};
        let field = |f: &str| format!("{at}.{f}");
        let kebab = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.ends_with('-')
                && !s.contains("--")
        };
        if !kebab(&self.kind) {
            return Err(bad(
                field("kind"),
                format!("名单种类“{}”应由小写英文字母、数字和连字符组成，如 gz-subsidy", self.kind),
                format!("the kind \"{}\" must be lower-case letters, digits and hyphens, e.g. gz-subsidy", self.kind),
            ));
        }
        if !(kebab(&self.key) && self.key.starts_with("list-")) {
            return Err(bad(
                field("key"),
                format!("键“{}”应以 list- 开头，由小写英文字母、数字和连字符组成，如 list-gz-subsidy", self.key),
                format!("the key \"{}\" must start with list- and be lower-case letters, digits and hyphens, e.g. list-gz-subsidy", self.key),
            ));
        }
        let taken =
            |name: &str| built_in(name).is_some() || p.compare_kinds.iter().any(|k| k.kind == name || k.key == name);
        for (f, name) in [("kind", &self.kind), ("key", &self.key)] {
            if taken(name) || rules::by_key(name).is_some() || p.custom.iter().any(|r| r.key == *name) {
                return Err(bad(
                    field(f),
                    format!("“{name}”已被使用（内置的名单种类或规则），请换一个（如加省份前缀 gz-）"),
                    format!("\"{name}\" is already used (a built-in list kind or a rule); choose another (e.g. prefix it with your province, gz-)"),
                ));
            }
        }
        for (f, text) in [("label_zh", &self.label_zh), ("title_zh", &self.title_zh)] {
            if text.trim().is_empty() {
                return Err(bad(field(f), "不能为空", "must not be empty"));
            }
        }
        let generic = built_in("listed").expect("the generic kind is built in");
        let severity = match &self.severity {
            Some(s) => severity(&field("severity"), s)?,
            None => Severity::Info,
        };
        let text =
            |v: Option<String>, d: &str| v.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| d.to_owned()).into();
        Ok(Kind {
            kind: self.kind.into(),
            key: self.key.into(),
            severity,
            test: Test::Present,
            label_en: text(self.label_en, &self.label_zh),
            label_zh: self.label_zh.into(),
            title_en: text(self.title_en, &self.title_zh),
            title_zh: self.title_zh.into(),
            message_zh: text(self.message_zh, generic.message_zh),
            message_en: text(self.message_en, generic.message_en),
            doc: self.doc.unwrap_or_default().into(),
            shows: self.shows.into_iter().map(|s| crate::columns::roles::normalize_header(&s).into()).collect(),
            names: self.names.into_iter().filter(|s| !s.trim().is_empty()).map(Into::into).collect(),
            custom: true,
        })
    }
}

/// One declarative rule as written: the fields of every kind, checked per kind afterwards.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    key: String,
    kind: String,
    severity: Option<String>,
    title_zh: String,
    title_en: Option<String>,
    message_zh: Option<String>,
    message_en: Option<String>,
    doc: Option<String>,
    doc_zh: Option<String>,
    column: Option<String>,
    columns: Option<Vec<String>>,
    values: Option<Vec<String>>,
    pattern: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    scope: Option<String>,
    when: Option<serde_json::Value>,
    then: Option<serde_json::Value>,
}

const KINDS: &[&str] = &[
    "required",
    "allowed",
    "pattern",
    "range",
    "unique",
    "unique-together",
    "same-within-household",
    "conditional",
    "check",
];

impl Profile {
    /// Reads a profile document (JSON). An error names the field and what is wrong with it.
    pub fn from_json(text: &str) -> Result<Profile, Error> {
        if text.len() > LIMITS.profile_bytes {
            return Err(bad(
                "",
                format!(
                    "方案文件有 {} KB，超过上限 {} KB：方案只写规则和设置，不应放入数据",
                    text.len() >> 10,
                    LIMITS.profile_bytes >> 10
                ),
                format!(
                    "the profile is {} KB, over the limit of {} KB: a profile holds rules and settings, not data",
                    text.len() >> 10,
                    LIMITS.profile_bytes >> 10
                ),
            ));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let raw: Raw = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            serde_problem(if path == "." || path == "?" { String::new() } else { path }, e.into_inner())
        })?;
        raw.build()
    }
}

/// A `pattern` compiled to match a cell as a whole, refused when matching it could cost more than
/// a bounded time per cell ([`crate::base::limits::Limits::pattern_bytes`]).
fn compile_pattern(p: &str) -> Result<regex_lite::Regex, (String, String)> {
    let chars = p.chars().count();
    if chars > LIMITS.pattern_chars {
        return Err((
            format!("正则表达式有 {chars} 个字符，超过上限 {} 个", LIMITS.pattern_chars),
            format!("the regular expression has {chars} characters, over the limit of {}", LIMITS.pattern_chars),
        ));
    }
    let whole = format!("^(?:{p})$");
    regex_lite::RegexBuilder::new(&whole).size_limit(LIMITS.pattern_bytes).build().map_err(|e| {
        if regex_lite::Regex::new(&whole).is_ok() {
            let kb = LIMITS.pattern_bytes >> 10;
            (
                format!("正则表达式过于复杂（编译后超过 {kb} KB），每个单元格都要花很长时间匹配：请减少嵌套的重复（如 {{1,100}} 套 {{1,100}}）"),
                format!("the regular expression is too complex (over {kb} KB compiled), so matching each cell would take too long: nest fewer repetitions (such as {{1,100}} inside {{1,100}})"),
            )
        } else {
            (format!("不是有效的正则表达式（{e}）"), format!("not a valid regular expression ({e})"))
        }
    })
}

/// Words for what serde refused.
fn serde_problem(path: String, e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let full = e.to_string();
    let msg = full.split(" at line ").next().unwrap_or(&full).to_owned();
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => bad(
            path,
            format!("不是合法的 JSON：第 {} 行第 {} 列附近有误（{msg}）", e.line(), e.column()),
            format!("not valid JSON near line {} column {} ({msg})", e.line(), e.column()),
        ),
        Category::Data => {
            let quoted: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
            if msg.starts_with("unknown field") && !quoted.is_empty() {
                let (field, known) = (quoted[0], &quoted[1..]);
                let hint = closest(field, known.iter().copied())
                    .map(|s| (format!("是否想写 {s}？"), format!("did you mean {s}? ")))
                    .unwrap_or_default();
                bad(
                    path,
                    format!("没有这个字段（{}可用的字段：{}）", hint.0, known.join("、")),
                    format!("there is no such field ({}known fields: {})", hint.1, known.join(", ")),
                )
            } else if msg.starts_with("missing field") && !quoted.is_empty() {
                bad(path, format!("缺少必填字段“{}”", quoted[0]), format!("the field \"{}\" is required", quoted[0]))
            } else {
                bad(path, format!("类型不对（{msg}）"), format!("wrong type ({msg})"))
            }
        }
    }
}

impl Raw {
    fn build(self) -> Result<Profile, Error> {
        if self.name.trim().is_empty() {
            return Err(bad("name", "方案名称不能为空", "the profile needs a name"));
        }
        let base = self.extends.as_deref().unwrap_or(BUILT_IN[0]);
        let mut p = Profile::built_in(base).ok_or_else(|| unknown_built_in("extends", base))?;
        p.name = self.name.trim().to_owned();
        if let Some(d) = &self.reference_date {
            p.reference_date = date("reference_date", d)?;
        }
        if let Some(d) = &self.school_reference_date {
            p.school_reference_date = date("school_reference_date", d)?;
        }
        if let Some(b) = self.blank_schooling_means_not_in_school {
            p.blank_schooling_means_not_in_school = b;
        }
        for (field, value, target) in [
            ("max_age", self.max_age, &mut p.max_age),
            ("min_head_age", self.min_head_age, &mut p.min_head_age),
            ("min_parent_gap", self.min_parent_gap, &mut p.min_parent_gap),
            ("min_grandparent_gap", self.min_grandparent_gap, &mut p.min_grandparent_gap),
            ("min_marriage_age", self.min_marriage_age, &mut p.min_marriage_age),
            ("max_student_age", self.max_student_age, &mut p.max_student_age),
        ] {
            if let Some(v) = value {
                *target = years(field, v)?;
            }
        }
        if let Some(v) = self.max_income {
            if !(v.is_finite() && v > 0.0) {
                return Err(bad("max_income", "应为大于 0 的金额（元）", "must be an amount above 0 (yuan)"));
            }
            p.max_income = v;
        }
        if let Some(v) = self.max_support_size {
            p.max_support_size = usize::try_from(v).ok().filter(|n| (1..=20).contains(n)).ok_or_else(|| {
                bad("max_support_size", "应为 1–20 之间的人数", "must be a number of people from 1 to 20")
            })?;
        }
        if let Some(v) = self.first_exit_year {
            p.first_exit_year = year("first_exit_year", v)?;
        }
        for (y, line) in &self.poverty_lines {
            let (y, line) = year_line("poverty_lines", y, *line)?;
            p.poverty_lines.insert(y, line);
        }
        for (y, line) in &self.monitoring_lines {
            let (y, line) = year_line("monitoring_lines", y, *line)?;
            p.monitoring_lines.insert(y, line);
        }
        // The lines a rule names are those of the reference year: a year before them all leaves
        // the built-in checks (of `extends` too, read at its own date) without a number.
        if p.poverty_line(p.reference_date.year).is_none() {
            let first = p.poverty_lines.keys().next().map_or("—".to_owned(), u16::to_string);
            return Err(bad(
                "reference_date",
                format!("基准日 {} 早于贫困线（poverty_lines）的最早年份 {first}，规则无线可比", p.reference_date),
                format!(
                    "{} is before the first year of poverty_lines ({first}): the rules would have no line",
                    p.reference_date
                ),
            ));
        }
        for (name, value) in &self.thresholds {
            let path = format!("thresholds.{name}");
            let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !ok || matches!(name.as_str(), "monitoring_line" | "poverty_line") {
                return Err(bad(
                    path,
                    "阈值名称应由小写英文字母、数字和下划线组成，且不能是 monitoring_line 或 poverty_line",
                    "a threshold's name is lower-case letters, digits and underscores, and not monitoring_line or poverty_line",
                ));
            }
            if !p.thresholds.contains_key(name) && !self.custom_rules.iter().any(|r| r.names(name)) {
                let hint = closest(name, p.thresholds.keys().map(String::as_str))
                    .map(|s| (format!("是否想写 {s}？"), format!("did you mean {s}? ")))
                    .unwrap_or_default();
                return Err(bad(
                    path,
                    format!("没有这个阈值，本方案的规则也没有用到它（{}已有的阈值见 docs/profile.md）", hint.0),
                    format!(
                        "there is no such threshold and no rule of this profile names it ({}see docs/profile.md)",
                        hint.1
                    ),
                ));
            }
            if !value.is_finite() {
                return Err(bad(path, "应为数字", "must be a number"));
            }
            p.thresholds.insert(name.clone(), *value);
        }
        for (role, values) in self.codes {
            role_key(&format!("codes.{role}"), &role)?;
            p.extra_codes.entry(role).or_default().extend(values.into_iter().map(|v| v.trim().to_owned()));
        }
        for (role, header) in self.columns {
            let path = format!("columns.{role}");
            role_key(&path, &role)?;
            if header.trim().is_empty() {
                return Err(bad(path, "列名不能为空", "the header must not be empty"));
            }
            p.columns.insert(role, header);
        }
        if let Some(required) = self.required {
            for (i, role) in required.iter().enumerate() {
                role_key(&format!("required[{i}]"), role)?;
            }
            p.required = required;
        }
        if let Some(columns) = self.required_columns {
            for (i, role) in columns.iter().enumerate() {
                role_key(&format!("required_columns[{i}]"), role)?;
            }
            p.required_columns = columns;
        }
        if self.custom_rules.len() > LIMITS.custom_rules {
            return Err(bad(
                "custom_rules",
                format!("方案有 {} 条规则，超过上限 {} 条", self.custom_rules.len(), LIMITS.custom_rules),
                format!("the profile has {} rules, over the limit of {}", self.custom_rules.len(), LIMITS.custom_rules),
            ));
        }
        for (i, raw) in self.custom_rules.into_iter().enumerate() {
            let rule = raw.build(&format!("custom_rules[{i}]"), &p)?;
            if p.custom.iter().any(|r| r.key == rule.key) {
                return Err(bad(
                    format!("custom_rules[{i}].key"),
                    format!("规则键“{}”重复了", rule.key),
                    format!("the key \"{}\" is used twice", rule.key),
                ));
            }
            p.custom.push(rule);
        }
        for (i, raw) in self.compare_kinds.into_iter().enumerate() {
            let kind = raw.build(&format!("compare_kinds[{i}]"), &p)?;
            p.compare_kinds.push(kind);
        }
        for (key, setting) in &self.rules {
            apply_setting(&mut p, key, setting)?;
        }
        Ok(p)
    }
}

/// `rules.<key>`: `"off"`, `"on"`, a severity, or `{"enabled": bool, "severity": "…"}`.
fn apply_setting(p: &mut Profile, key: &str, setting: &serde_json::Value) -> Result<(), Error> {
    let path = format!("rules.{key}");
    let known = ALL
        .iter()
        .map(|r| r.meta().key)
        .chain(p.custom.iter().map(|r| r.key.as_str()))
        .chain(LIST_KINDS.iter().map(|k| k.key))
        .chain(PERIOD_KINDS.iter().map(|k| k.key));
    if rules::by_key(key).is_none()
        && !p.custom.iter().any(|r| r.key == key)
        && !LIST_KINDS.iter().any(|k| k.key == key)
        && !PERIOD_KINDS.iter().any(|k| k.key == key)
        && !p.compare_kinds.iter().any(|k| k.key == key)
    {
        let hint = closest(key, known)
            .map(|s| (format!("（是否想写 {s}？）"), format!(" (did you mean {s}?)")))
            .unwrap_or_default();
        return Err(bad(path, format!("没有这条规则{}", hint.0), format!("there is no such rule{}", hint.1)));
    }
    let wrong = || {
        bad(
            &path,
            "应为 \"off\"、\"on\"、\"error\"、\"warning\"、\"info\"，或 {\"enabled\": …, \"severity\": …}",
            "must be \"off\", \"on\", \"error\", \"warning\", \"info\", or {\"enabled\": …, \"severity\": …}",
        )
    };
    let (enabled, sev) = match setting {
        serde_json::Value::String(s) if s == "off" => (Some(false), None),
        serde_json::Value::String(s) if s == "on" => (Some(true), None),
        serde_json::Value::String(s) => (None, Some(severity(&path, s)?)),
        serde_json::Value::Object(o) => {
            if let Some(extra) = o.keys().find(|k| *k != "enabled" && *k != "severity") {
                return Err(bad(
                    format!("{path}.{extra}"),
                    "没有这个字段（可用的字段：enabled、severity）",
                    "there is no such field (known fields: enabled, severity)",
                ));
            }
            let enabled = match o.get("enabled") {
                None => None,
                Some(serde_json::Value::Bool(b)) => Some(*b),
                Some(_) => return Err(bad(format!("{path}.enabled"), "应为 true 或 false", "must be true or false")),
            };
            let sev = match o.get("severity") {
                None => None,
                Some(serde_json::Value::String(s)) => Some(severity(&format!("{path}.severity"), s)?),
                Some(_) => {
                    return Err(bad(
                        format!("{path}.severity"),
                        "应为 \"error\"、\"warning\" 或 \"info\"",
                        "must be \"error\", \"warning\" or \"info\"",
                    ))
                }
            };
            (enabled, sev)
        }
        _ => return Err(wrong()),
    };
    match enabled {
        Some(false) => {
            p.disabled.insert(key.to_owned());
        }
        Some(true) => {
            p.disabled.remove(key);
        }
        None => {}
    }
    if let Some(s) = sev {
        p.severities.insert(key.to_owned(), s);
    }
    Ok(())
}

impl RawRule {
    /// True when the rule names threshold `name` in a condition (so a profile may set it).
    fn names(&self, name: &str) -> bool {
        let quoted = serde_json::Value::String(name.to_owned());
        fn find(v: &serde_json::Value, want: &serde_json::Value) -> bool {
            match v {
                serde_json::Value::Object(o) => o.values().any(|x| x == want || find(x, want)),
                serde_json::Value::Array(a) => a.iter().any(|x| find(x, want)),
                _ => false,
            }
        }
        [&self.when, &self.then].into_iter().flatten().any(|v| find(v, &quoted))
    }

    fn build(self, at: &str, profile: &Profile) -> Result<CustomRule, Error> {
        let field = |f: &str| format!("{at}.{f}");
        let key_ok = self.key.starts_with(|c: char| c.is_ascii_lowercase())
            && self.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.key.ends_with('-')
            && !self.key.contains("--");
        if !key_ok {
            return Err(bad(
                field("key"),
                format!("规则键“{}”应由小写英文字母、数字和连字符组成，如 gz-labour-work", self.key),
                format!("the key \"{}\" must be lower-case letters, digits and hyphens, e.g. gz-labour-work", self.key),
            ));
        }
        if rules::by_key(&self.key).is_some() {
            return Err(bad(
                field("key"),
                format!("“{}”已是内置规则的键，请换一个（如加省份前缀 gz-）", self.key),
                format!(
                    "\"{}\" is already a built-in rule's key; choose another (e.g. prefix it with your province, gz-)",
                    self.key
                ),
            ));
        }
        if self.title_zh.trim().is_empty() {
            return Err(bad(field("title_zh"), "规则标题不能为空", "the title must not be empty"));
        }
        let kind = self.kind.as_str();
        if !KINDS.contains(&kind) {
            let hint = closest(kind, KINDS.iter().copied())
                .map(|s| (format!("是否想写 {s}？"), format!("did you mean {s}? ")))
                .unwrap_or_default();
            return Err(bad(
                field("kind"),
                format!("没有“{kind}”这种规则（{}可用：{}）", hint.0, KINDS.join("、")),
                format!("there is no kind \"{kind}\" ({}known kinds: {})", hint.1, KINDS.join(", ")),
            ));
        }
        let severity = match &self.severity {
            Some(s) => severity(&field("severity"), s)?,
            None => Severity::Warning,
        };
        let allowed: &[&str] = match kind {
            "required" | "same-within-household" => &["column"],
            "allowed" => &["column", "values"],
            "pattern" => &["column", "pattern"],
            "range" => &["column", "min", "max"],
            "unique" => &["column", "columns"],
            "unique-together" => &["columns"],
            "check" => &["when", "then", "scope", "column"],
            _ => &["when", "then"],
        };
        let given = [
            ("column", self.column.is_some()),
            ("columns", self.columns.is_some()),
            ("values", self.values.is_some()),
            ("pattern", self.pattern.is_some()),
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("scope", self.scope.is_some()),
            ("when", self.when.is_some()),
            ("then", self.then.is_some()),
        ];
        if let Some((f, _)) = given.iter().find(|(f, set)| *set && !allowed.contains(f)) {
            return Err(bad(
                field(f),
                format!("{kind} 规则不用这个字段（它用：{}）", allowed.join("、")),
                format!("a {kind} rule has no such field (it takes: {})", allowed.join(", ")),
            ));
        }
        let column = |c: Option<String>| -> Result<String, Error> {
            match c {
                Some(c) if !c.trim().is_empty() => Ok(c.trim().to_owned()),
                Some(_) => Err(bad(field("column"), "列名不能为空", "the column must not be empty")),
                None => Err(bad(
                    at,
                    format!("{kind} 规则需要 column 字段（列名或列的键）"),
                    format!("a {kind} rule needs a column (a header or a column key)"),
                )),
            }
        };
        let check = match kind {
            "required" => Check::Required { column: column(self.column)? },
            "same-within-household" => Check::SameWithinHousehold { column: column(self.column)? },
            "allowed" => {
                let values = self.values.filter(|v| !v.is_empty()).ok_or_else(|| {
                    bad(field("values"), "需要列出至少一个允许的值", "list at least one allowed value")
                })?;
                Check::Allowed { column: column(self.column)?, values }
            }
            "pattern" => {
                let p = self
                    .pattern
                    .ok_or_else(|| bad(field("pattern"), "需要正则表达式", "a regular expression is needed"))?;
                let regex = compile_pattern(&p).map_err(|(zh, en)| bad(field("pattern"), zh, en))?;
                Check::Pattern { column: column(self.column)?, regex }
            }
            "range" => {
                if self.min.is_none() && self.max.is_none() {
                    return Err(bad(at, "range 规则需要 min 或 max", "a range rule needs min or max"));
                }
                if let (Some(a), Some(b)) = (self.min, self.max) {
                    if a > b {
                        return Err(bad(
                            field("min"),
                            format!("min（{a}）大于 max（{b}）"),
                            format!("min ({a}) is above max ({b})"),
                        ));
                    }
                }
                Check::Range { column: column(self.column)?, min: self.min, max: self.max }
            }
            "unique" | "unique-together" => {
                let columns = match (self.column, self.columns) {
                    (Some(c), None) => vec![column(Some(c))?],
                    (None, Some(cs)) => cs,
                    _ => {
                        return Err(bad(
                            at,
                            "需要 column（一列）或 columns（几列）其中之一",
                            "give either column (one) or columns (several)",
                        ))
                    }
                };
                let least = if kind == "unique" { 1 } else { 2 };
                if columns.len() < least || columns.iter().any(|c| c.trim().is_empty()) {
                    return Err(bad(
                        field("columns"),
                        format!("需要至少 {least} 个非空列名"),
                        format!("at least {least} non-empty column names are needed"),
                    ));
                }
                Check::Unique { columns }
            }
            "check" => {
                let household = match self.scope.as_deref() {
                    None | Some("row") => false,
                    Some("household") => true,
                    Some(other) => {
                        return Err(bad(
                            field("scope"),
                            format!("范围“{other}”不对，应为 row（逐行）或 household（逐户）"),
                            format!("the scope \"{other}\" is wrong; use row or household"),
                        ))
                    }
                };
                let when = self.when.as_ref().map(|w| expr::parse(w, &field("when"), profile)).transpose()?;
                let then = self
                    .then
                    .as_ref()
                    .ok_or_else(|| bad(field("then"), "check 规则需要 then（要求）", "a check rule needs then"))?;
                let then = expr::parse(then, &field("then"), profile)?;
                let column = match self.column {
                    Some(c) => column(Some(c))?,
                    None => {
                        let named: Vec<&str> =
                            then.columns().into_iter().chain(when.iter().flat_map(Expr::columns)).collect();
                        match named.first() {
                            Some(c) => (*c).to_owned(),
                            None => {
                                return Err(bad(
                                    at,
                                    "check 规则需要 column（报告哪一列）",
                                    "a check rule needs a column to report",
                                ))
                            }
                        }
                    }
                };
                Check::Rule { household, when, then, column }
            }
            _ => {
                let when = self.when.as_ref().ok_or_else(|| {
                    bad(field("when"), "conditional 规则需要 when（条件）", "a conditional rule needs when")
                })?;
                let then = self.then.as_ref().ok_or_else(|| {
                    bad(field("then"), "conditional 规则需要 then（要求）", "a conditional rule needs then")
                })?;
                Check::Conditional {
                    when: leaf(expr::parse(when, &field("when"), profile)?, &field("when"))?,
                    then: leaf(expr::parse(then, &field("then"), profile)?, &field("then"))?,
                }
            }
        };
        let (zh, en) = default_message(check.kind());
        Ok(CustomRule {
            title_en: self.title_en.unwrap_or_else(|| self.title_zh.clone()),
            title_zh: self.title_zh,
            message_zh: self.message_zh.unwrap_or_else(|| zh.to_owned()),
            message_en: self.message_en.unwrap_or_else(|| en.to_owned()),
            doc: self.doc.unwrap_or_default(),
            doc_zh: self.doc_zh.unwrap_or_default(),
            key: self.key,
            severity,
            check,
            built_in: false,
        })
    }
}

/// A conditional's `when`/`then`: one column and one of its four tests.
fn leaf(e: Expr, at: &str) -> Result<Condition, Error> {
    match e {
        Expr::Cells { mut columns, test } if columns.len() == 1 => {
            let test = match test {
                expr::Test::Empty => Test::Empty,
                expr::Test::NotEmpty => Test::NotEmpty,
                expr::Test::In(v) => Test::In(v),
                _ => return Err(leaf_only(at)),
            };
            Ok(Condition { column: columns.remove(0), test })
        }
        _ => Err(leaf_only(at)),
    }
}

fn leaf_only(at: &str) -> Error {
    bad(
        at,
        "conditional 规则的条件只写一列和 equals、in、empty: true、not_empty: true 其中一项；更复杂的条件请用 kind: check",
        "a conditional's condition is one column and one of equals, in, empty: true, not_empty: true; use kind: check for more",
    )
}

/// One line of `poverty_lines` or `monitoring_lines`: a four-digit year and an amount above 0.
fn year_line(field: &str, y: &str, line: f64) -> Result<(u16, f64), Error> {
    let path = format!("{field}.{y}");
    let year_n = y
        .parse::<i64>()
        .map_err(|_| bad(&path, "年份应写成四位数字，如 \"2023\"", "the year must be four digits, e.g. \"2023\""))?;
    if !(line.is_finite() && line > 0.0) {
        return Err(bad(
            path,
            "标准应为大于 0 的金额（元/人/年）",
            "a line must be an amount above 0 (yuan per person per year)",
        ));
    }
    Ok((year(&path, year_n)?, line))
}

fn severity(path: &str, s: &str) -> Result<Severity, Error> {
    match s {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        _ => Err(bad(
            path,
            format!("级别“{s}”不对，应为 error（错误）、warning（警告）或 info（提示）"),
            format!("the severity \"{s}\" is wrong; use error, warning or info"),
        )),
    }
}

fn date(path: &str, s: &str) -> Result<Date, Error> {
    let parts: Vec<&str> = s.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
            _ => None,
        },
        _ => None,
    };
    parsed.ok_or_else(|| {
        bad(
            path,
            format!("“{s}”不是有效的日期，应写成 YYYY-MM-DD，如 2023-12-31"),
            format!("\"{s}\" is not a valid date; write YYYY-MM-DD, e.g. 2023-12-31"),
        )
    })
}

fn years(path: &str, v: i64) -> Result<i32, Error> {
    if v < 0 {
        return Err(bad(
            path,
            format!("年龄不能是负数（写的是 {v}）"),
            format!("an age cannot be negative (it is {v})"),
        ));
    }
    i32::try_from(v).ok().filter(|n| *n <= 150).ok_or_else(|| {
        bad(path, format!("{v} 岁不合理，应在 0–150 之间"), format!("{v} years is not plausible; use 0 to 150"))
    })
}

fn year(path: &str, v: i64) -> Result<u16, Error> {
    u16::try_from(v).ok().filter(|y| (1978..=2100).contains(y)).ok_or_else(|| {
        bad(path, format!("{v} 不是合理的年份（1978–2100）"), format!("{v} is not a plausible year (1978–2100)"))
    })
}

fn role_key(path: &str, key: &str) -> Result<Role, Error> {
    Role::from_key(key).ok_or_else(|| {
        let hint = closest(key, ROLES.iter().map(|d| d.key))
            .map(|s| (format!("是否想写 {s}？"), format!("did you mean {s}? ")))
            .unwrap_or_default();
        bad(
            path,
            format!("没有“{key}”这种列（{}列的键见 docs/profile.md，如 person-id、household-id）", hint.0),
            format!(
                "there is no column key \"{key}\" ({}see docs/profile.md for the keys, e.g. person-id, household-id)",
                hint.1
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    fn refusal(json: &str) -> (String, String, String) {
        let e = Profile::from_json(json).expect_err("the profile should be refused");
        match e.kind() {
            ErrorKind::BadProfile { path, problem_zh, problem_en } => {
                (path.clone(), problem_zh.clone(), problem_en.clone())
            }
            k => panic!("not a profile error: {k:?}"),
        }
    }

    #[test]
    fn reads_every_setting() {
        let p = Profile::from_json(
            r#"{
            "name": "gz", "extends": "monitoring-2021", "reference_date": "2024-06-30", "max_age": 105,
            "poverty_lines": {"2023": 7300}, "rules": {"duplicate-row": "off", "person-id-format": "warning",
            "household-size-mismatch": {"severity": "info"}}, "codes": {"health": ["重病"]},
            "columns": {"person-id": "身份证"}, "required": ["name", "phone"]}"#,
        )
        .unwrap();
        assert_eq!(p.name, "gz");
        assert!(p.blank_schooling_means_not_in_school, "extends monitoring-2021");
        assert_eq!(p.reference_date.to_string(), "2024-06-30");
        assert_eq!(p.max_age, 105);
        assert_eq!(p.poverty_line(2023), Some(7300.0));
        assert_eq!(p.poverty_line(2020), Some(4000.0), "base lines kept");
        assert!(!p.enabled("duplicate-row") && p.enabled("person-id-format"));
        assert_eq!(p.severities["person-id-format"], Severity::Warning);
        assert_eq!(p.severities["household-size-mismatch"], Severity::Info);
        assert_eq!(p.extra_codes["health"], ["重病"]);
        assert_eq!(p.columns["person-id"], "身份证");
        assert_eq!(p.required, ["name", "phone"]);
        assert_eq!(p.required_columns, ["person-id", "household-id", "relation", "name"], "kept from the base");
        let p = Profile::from_json(r#"{"name": "x", "required_columns": ["name", "household-id"]}"#).unwrap();
        assert_eq!(p.required_columns, ["name", "household-id"]);
        assert!(Profile::from_json(r#"{"name": "x", "required_columns": ["nmae"]}"#).is_err());
    }

    #[test]
    fn refuses_a_misspelt_rule_key_and_suggests_the_right_one() {
        let (path, zh, en) = refusal(r#"{"name": "x", "rules": {"person-id-checksm": "off"}}"#);
        assert_eq!(path, "rules.person-id-checksm");
        assert_eq!(zh, "没有这条规则（是否想写 person-id-checksum？）");
        assert!(en.contains("did you mean person-id-checksum"));
    }

    #[test]
    fn refuses_unknown_fields_naming_them() {
        let (path, zh, _) = refusal(r#"{"name": "x", "max_agee": 100}"#);
        assert_eq!(path, "max_agee");
        assert!(zh.starts_with("没有这个字段（是否想写 max_age？"), "{zh}");
        let (path, zh, _) = refusal(
            r#"{"name": "x", "custom_rules": [{"key": "a-b", "kind": "required", "title_zh": "t", "colum": "姓名"}]}"#,
        );
        assert_eq!(path, "custom_rules[0].colum");
        assert!(zh.contains("是否想写 column"), "{zh}");
    }

    #[test]
    fn refuses_bad_values_naming_the_field() {
        for (json, want_path, want_zh) in [
            (r#"{"name": "x", "reference_date": "2023/12/31"}"#, "reference_date", "YYYY-MM-DD"),
            (
                r#"{"name": "x", "extends": "monitoring-2021", "reference_date": "2013-12-31"}"#,
                "reference_date",
                "早于贫困线",
            ),
            (r#"{"name": "x", "school_reference_date": "2023-02-30"}"#, "school_reference_date", "不是有效的日期"),
            (r#"{"name": "x", "min_head_age": -3}"#, "min_head_age", "不能是负数"),
            (r#"{"name": "x", "extends": "monitoring-2012"}"#, "extends", "monitoring-2021"),
            (r#"{"name": "x", "poverty_lines": {"二〇二三": 7300}}"#, "poverty_lines.二〇二三", "四位数字"),
            (r#"{"name": "x", "columns": {"person_id": "身份证"}}"#, "columns.person_id", "是否想写 person-id"),
            (r#"{"name": "x", "required": ["name", "phon"]}"#, "required[1]", "phone"),
            (r#"{"name": "x", "rules": {"duplicate-row": "of"}}"#, "rules.duplicate-row", "级别"),
            (r#"{"name": "x", "max_age": "100"}"#, "max_age", "类型不对"),
            (r#"{"name": "x",}"#, "", "不是合法的 JSON"),
            (r#"{"max_age": 100}"#, "", "缺少必填字段“name”"),
        ] {
            let (path, zh, _) = refusal(json);
            assert_eq!(path, want_path, "{json}");
            assert!(zh.contains(want_zh), "{json}: {zh}");
        }
    }

    #[test]
    fn refuses_what_could_not_run_in_bounded_time() {
        let pattern = |p: &str| {
            let rule =
                serde_json::json!({"key": "gz-a", "kind": "pattern", "column": "姓名", "title_zh": "t", "pattern": p});
            serde_json::json!({"name": "x", "custom_rules": [rule]}).to_string()
        };
        // Patterns a province writes compile; nested counted repetitions cost a millisecond or
        // more a cell, and are refused with the field named.
        for fine in [r"52\d{10}", r"[\u4e00-\u9fa5·]{2,15}", r".{0,200}", r"(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})"] {
            assert!(Profile::from_json(&pattern(fine)).is_ok(), "{fine}");
        }
        for slow in [r"(?:(?:a{1,100}){1,100}){1,10}b", r"(?:.{0,100}){0,100}b", r"(?:a{1,30}){1,30}b"] {
            let (path, zh, en) = refusal(&pattern(slow));
            assert_eq!(path, "custom_rules[0].pattern");
            assert!(zh.contains("过于复杂") && en.contains("too complex"), "{slow}: {zh}");
        }
        let (_, zh, _) = refusal(&pattern(&"a".repeat(1001)));
        assert!(zh.contains("超过上限 1000 个"), "{zh}");
        // 2,500 rules (each cheap) and a document of data are refused before anything compiles.
        let rule = r#"{"key": "gz-k", "kind": "required", "column": "姓名", "title_zh": "t"}"#;
        let many = format!(r#"{{"name": "x", "custom_rules": [{}]}}"#, vec![rule; 2500].join(","));
        let (path, zh, _) = refusal(&many);
        assert_eq!((path.as_str(), zh.contains("超过上限 1000 条")), ("custom_rules", true), "{zh}");
        let big = format!(r#"{{"name": "x", "doc": "{}"}}"#, "x".repeat(3 << 20));
        assert!(refusal(&big).1.contains("超过上限 2048 KB"));
    }

    #[test]
    fn refuses_bad_custom_rules_naming_the_field() {
        let rule = |body: &str| format!(r#"{{"name": "x", "custom_rules": [{{"title_zh": "t", {body}}}]}}"#);
        for (body, want_path, want_zh) in [
            (r#""key": "duplicate-row", "kind": "required", "column": "姓名""#, "custom_rules[0].key", "已是内置规则"),
            (r#""key": "Gz_rule", "kind": "required", "column": "姓名""#, "custom_rules[0].key", "小写英文字母"),
            (r#""key": "gz-a", "kind": "requried", "column": "姓名""#, "custom_rules[0].kind", "是否想写 required"),
            (
                r#""key": "gz-a", "kind": "pattern", "column": "姓名", "pattern": "([a-z""#,
                "custom_rules[0].pattern",
                "正则表达式",
            ),
            (
                r#""key": "gz-a", "kind": "range", "column": "年龄", "min": 10, "max": 5"#,
                "custom_rules[0].min",
                "大于 max",
            ),
            (
                r#""key": "gz-a", "kind": "required", "column": "姓名", "values": ["a"]"#,
                "custom_rules[0].values",
                "不用这个字段",
            ),
            (r#""key": "gz-a", "kind": "unique-together", "columns": ["姓名"]"#, "custom_rules[0].columns", "至少 2"),
            (
                r#""key": "gz-a", "kind": "conditional", "when": {"column": "a", "equals": "x", "empty": true}, "then": {"column": "b", "empty": true}"#,
                "custom_rules[0].when",
                "只写",
            ),
            (
                r#""key": "gz-a", "kind": "required", "column": "姓名", "severity": "fatal""#,
                "custom_rules[0].severity",
                "error",
            ),
        ] {
            let (path, zh, _) = refusal(&rule(body));
            assert_eq!(path, want_path, "{body}");
            assert!(zh.contains(want_zh), "{body}: {zh}");
        }
        let twice = r#"{"name": "x", "custom_rules": [{"key": "gz-a", "kind": "required", "column": "a", "title_zh": "t"}, {"key": "gz-a", "kind": "required", "column": "b", "title_zh": "t"}]}"#;
        assert_eq!(refusal(twice).0, "custom_rules[1].key");
    }

    #[test]
    fn a_custom_rule_can_be_switched_and_reweighted_like_a_built_in_one() {
        let p = Profile::from_json(
            r#"{"name": "x", "custom_rules": [{"key": "gz-a", "kind": "required", "column": "a", "title_zh": "t"}],
            "rules": {"gz-a": "error"}}"#,
        )
        .unwrap();
        assert_eq!(p.severities["gz-a"], Severity::Error);
        assert_eq!(p.custom[0].severity, Severity::Warning);
    }
}
