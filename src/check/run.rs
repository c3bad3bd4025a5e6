//! Running the rules over one sheet: the built-in catalogue, then the profile's own rules, each
//! reading the same [`Context`].

use crate::base::finding::Finding;
use crate::facts::context::Context;
use crate::rules::{self, Out, ALL};

/// Runs every rule over `ctx`, then the profile's own rules, calling `progress` with the
/// fraction done, rising also while a long rule walks its rows (see [`Out::tick`]). Rules the
/// profile switches off are skipped; its severities replace the catalogue's.
pub fn run_all(ctx: &Context<'_>, progress: &mut dyn FnMut(f32)) -> Vec<Finding> {
    let profile = ctx.profile;
    let total = (ALL.len() + profile.custom.len()) as f32;
    let mut findings = Vec::new();
    for (i, rule) in ALL.iter().enumerate() {
        let meta = rule.meta();
        if profile.enabled(meta.key)
            && meta.needs.iter().all(|r| ctx.col(*r).is_some())
            && !rules::skipped(ctx, meta.key)
        {
            rule.check(ctx, &mut Out::with_progress(ctx, meta, &mut findings, progress, i as f32 / total, 1.0 / total));
        }
        progress((i + 1) as f32 / total);
    }
    custom(ctx, &mut findings, &mut |done| progress((ALL.len() as f32 + done) / total));
    if !profile.severities.is_empty() {
        for f in &mut findings {
            if let Some(s) = profile.severities.get(f.rule.as_ref()) {
                f.severity = *s;
            }
        }
    }
    findings
}

/// Runs the profile's own rules over `ctx`, calling `progress` after each, then reports each
/// column they needed and the sheet lacks once, as `column-missing`.
pub fn custom(ctx: &Context<'_>, findings: &mut Vec<Finding>, progress: &mut dyn FnMut(f32)) {
    let skipped = crate::profile::custom::run::run_all(ctx, findings, progress);
    rules::missing_for_custom(ctx, skipped, findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::Table;

    #[test]
    fn progress_advances_while_a_check_walks_its_households() {
        let profile = Profile::from_json(
            r#"{"name": "t", "custom_rules": [{"key": "t-a", "kind": "check", "scope": "household", "title_zh": "a",
                "then": {"column": "户编号", "not_empty": true}}]}"#,
        )
        .unwrap();
        let ids: Vec<String> = (0..40_000).map(|i| i.to_string()).collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["户编号", "与户主关系"]];
        rows.extend(ids.iter().map(|i| vec![i.as_str(), "户主"]));
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let table = Table::from_rows(&rows);
        let mapping = Mapping::new(table.headers(), &std::collections::BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let mut seen = Vec::new();
        custom(&ctx, &mut Vec::new(), &mut |f| seen.push(f));
        assert!(seen.iter().any(|&f| f > 0.0 && f < 1.0), "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&1.0));
    }

    #[test]
    fn progress_rises_while_a_long_rule_walks_its_rows() {
        // Enough rows for several ticks of one walk (a tick every 16384 rows).
        let texts: Vec<[String; 4]> = (0..70_000)
            .map(|i| {
                [
                    format!("H{}", i / 3),
                    format!("姓名{i}"),
                    if i % 3 == 0 { "户主" } else { "之子" }.to_owned(),
                    "汉族".to_owned(),
                ]
            })
            .collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["户编号", "姓名", "与户主关系", "民族"]];
        rows.extend(texts.iter().map(|t| t.iter().map(String::as_str).collect()));
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let table = Table::from_rows(&rows);
        let mapping = Mapping::new(table.headers(), &std::collections::BTreeMap::new());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        let mut seen = Vec::new();
        run_all(&ctx, &mut |f| seen.push(f));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went back: {seen:?}");
        assert_eq!(seen.last(), Some(&1.0));
        let total = (ALL.len() + profile.custom.len()) as f32;
        let at = ALL.iter().position(|r| r.meta().key == "duplicate-row").unwrap() as f32;
        let within: Vec<f32> = seen.iter().copied().filter(|&f| f > at / total && f < (at + 1.0) / total).collect();
        assert!(within.len() >= 3, "duplicate-row reported {within:?} while walking 70 000 rows");
    }

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
        let mapping = Mapping::new(table.headers(), &std::collections::BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let findings = run_all(&ctx, &mut |_| {});
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
