//! Running a profile's declarative rules over one sheet: each column resolved by role or header,
//! each kind's check, and the findings reported as the built-in rules' are.

use super::sink::{resolve, Sink};
use super::{allowed, check, conditional, pattern, range, required, same_within_household, unique};
use super::{Check, CustomRule};
use crate::base::finding::Finding;
use crate::facts::context::Context;

/// Runs the profile's enabled rules over `ctx`, calling `progress` with the number of rules done
/// (fractional while a `check` rule walks its rows or households). Returns each
/// column a rule needed and the sheet lacks (its name as the profile writes it), with the keys
/// of the rules skipped for it: the check reports them as `column-missing`.
pub fn run_all<'t>(
    ctx: &Context<'t>,
    findings: &mut Vec<Finding>,
    progress: &mut dyn FnMut(f32),
) -> Vec<(&'t str, Vec<&'t str>)> {
    let mut skipped: Vec<(&str, Vec<&str>)> = Vec::new();
    for (i, rule) in ctx.profile.custom.iter().enumerate() {
        if ctx.profile.enabled(&rule.key) {
            let mut part = |f: f32| progress(i as f32 + f);
            if let Some(name) = rule.run(ctx, findings, &mut part) {
                match skipped.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, keys)) => keys.push(&rule.key),
                    None => skipped.push((name, vec![&rule.key])),
                }
            }
        }
        progress((i + 1) as f32);
    }
    skipped
}

impl CustomRule {
    /// Runs the rule over `ctx`; returns the name of a column it needs that the sheet lacks
    /// (and then finds nothing).
    fn run<'r>(
        &'r self,
        ctx: &Context<'_>,
        findings: &mut Vec<Finding>,
        part_done: &mut dyn FnMut(f32),
    ) -> Option<&'r str> {
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
                // A rule on the 务工监测 table has nothing to ask of a register checked without one,
                // or of one that names nobody the table could be joined on.
                let unjoined = ctx.work.is_none()
                    || (ctx.col(crate::columns::roles::Role::PersonId).is_none()
                        && ctx.col(crate::columns::roles::Role::PersonNo).is_none());
                if unjoined && (then.needs_work() || when.as_ref().is_some_and(|w| w.needs_work())) {
                    return None;
                }
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
                check::check(&mut sink, *household, when_c.as_ref(), &then_c, col, &words, part_done);
            }
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running one declarative rule, written as profile JSON, on an inline table.
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;
    use std::collections::BTreeMap;

    /// Runs the single rule of `rule_json` (one element of `custom_rules`) over `rows`.
    pub fn run(rule_json: &str, rows: &[&[&str]]) -> Vec<Finding> {
        let profile = Profile::from_json(&format!(r#"{{"name": "test", "custom_rules": [{rule_json}]}}"#))
            .expect("a valid profile");
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let mut findings = Vec::new();
        crate::check::run::custom(&ctx, &mut findings, &mut |_| {});
        findings
    }

    /// The rows of each finding.
    pub fn rows(findings: &[Finding]) -> Vec<Vec<u32>> {
        findings.iter().map(|f| f.rows.clone()).collect()
    }
}
