//! Running the rules over one sheet: the built-in catalogue, then the profile's own rules, each
//! reading the same [`Context`].

use crate::base::finding::Finding;
use crate::base::pool;
use crate::facts::context::{Context, Fact};
use crate::rules::{self, Out, ALL};

/// Runs every rule over `ctx`, then the profile's own rules, calling `progress` with the
/// fraction done, rising also while a long rule walks its rows (see [`Out::tick`]). Rules the
/// profile switches off are skipped; its severities replace the catalogue's. With `threads` > 1
/// the catalogue's rules run side by side on that many threads ([`pool::scope`]: natively, or on
/// the browser's pool of workers); the findings are the same, in the same order, as on one.
pub fn run_all(ctx: &Context<'_>, threads: usize, progress: &mut dyn FnMut(f32)) -> Vec<Finding> {
    let profile = ctx.profile;
    let total = (ALL.len() + profile.custom.len()) as f32;
    let mut findings = Vec::new();
    if threads > 1 {
        findings = side_by_side(ctx, threads, &mut |f| progress(f * ALL.len() as f32 / total));
    } else {
        for (i, rule) in ALL.iter().enumerate() {
            if runs(ctx, i) {
                let meta = rule.meta();
                rule.check(
                    ctx,
                    &mut Out::with_progress(ctx, meta, &mut findings, progress, i as f32 / total, 1.0 / total),
                );
            }
            progress((i + 1) as f32 / total);
        }
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

/// True when catalogue rule `i` runs over `ctx`: the profile keeps it, its columns are there and
/// it applies to the kind of sheet.
fn runs(ctx: &Context<'_>, i: usize) -> bool {
    let meta = ALL[i].meta();
    ctx.profile.enabled(meta.key) && meta.needs.iter().all(|r| ctx.col(*r).is_some()) && !rules::skipped(ctx, meta.key)
}

/// The catalogue's rules that take the longest on a large register, started first so that no
/// thread is left with one of them at the end while the others wait (`examples/rule_times.rs`
/// times each rule). The order of the findings is the catalogue's whatever the order of running.
const LONGEST_FIRST: &[&str] = &[
    "person-possible-duplicate",
    "value-not-in-code-list",
    "person-duplicate-in-household",
    "person-in-multiple-households",
    "duplicate-row",
];

/// The catalogue's rules over `ctx` on `threads` threads, each taking the next rule not yet
/// taken, the facts the rules share (households, IDs, birth dates) computed first, each by one
/// thread, and the summary's ([`Context::areas`]) last, by the first thread the rules leave idle.
/// `progress` gets the fraction of the catalogue done (rules ended, and the part of each running
/// rule it has walked), from the calling thread, which waits for the others.
fn side_by_side(ctx: &Context<'_>, threads: usize, progress: &mut dyn FnMut(f32)) -> Vec<Finding> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    /// A job: one of the shared facts, or catalogue rule `i`.
    #[derive(Clone, Copy)]
    enum Job {
        Fact(Fact),
        Rule(usize),
    }
    enum Said {
        Part(usize, f32),
        Done(usize, Vec<Finding>),
    }
    let first = |i: &usize| LONGEST_FIRST.iter().position(|k| *k == ALL[*i].meta().key).unwrap_or(usize::MAX);
    let mut order: Vec<usize> = (0..ALL.len()).filter(|&i| runs(ctx, i)).collect();
    order.sort_by_key(first);
    let facts = [Fact::Households, Fact::Ids, Fact::Births];
    let jobs: Vec<Job> = (facts.into_iter().map(Job::Fact))
        .chain(order.into_iter().map(Job::Rule))
        .chain([Job::Fact(Fact::Areas)])
        .collect();
    let next = AtomicUsize::new(0);
    let mut found: Vec<Vec<Finding>> = (0..ALL.len()).map(|_| Vec::new()).collect();
    let mut part = vec![0.0f32; ALL.len()];
    for (i, p) in part.iter_mut().enumerate() {
        if !runs(ctx, i) {
            *p = 1.0;
        }
    }
    let work = |send: &dyn Fn(Said)| {
        while let Some(&job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let i = match job {
                Job::Fact(fact) => {
                    ctx.compute(fact);
                    continue;
                }
                Job::Rule(i) => i,
            };
            let (rule, mut out) = (ALL[i], Vec::new());
            let mut said = |f: f32| send(Said::Part(i, f));
            rule.check(ctx, &mut Out::with_progress(ctx, rule.meta(), &mut out, &mut said, 0.0, 1.0));
            pool::tally(pool::Task::Rule);
            send(Said::Done(i, out));
        }
    };
    let mut high = 0.0f32;
    // Named, for profiles and `examples/check_stages.rs`, which times each thread.
    pool::scope(threads.min(jobs.len()), "huqing-rules", &work, &mut |said| {
        match said {
            Said::Part(i, f) => part[i] = f,
            Said::Done(i, f) => (found[i], part[i]) = (f, 1.0),
        }
        let f = part.iter().sum::<f32>() / ALL.len() as f32;
        if f > high {
            high = f;
            progress(f);
        }
    });
    found.into_iter().flatten().collect()
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
        run_all(&ctx, 1, &mut |f| seen.push(f));
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
        let findings = run_all(&ctx, 1, &mut |_| {});
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
