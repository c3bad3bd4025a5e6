//! The rule catalogue as users read it: the registry's metas (and a profile's own rules) as
//! data for the page's 规则说明 view, and as `docs/rules.md` (`huqing docs rules`).

use crate::base::finding::{Scope, Severity};
use crate::profile::Profile;
use crate::rules::ALL;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write;

/// One rule as a profile runs it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub key: Cow<'static, str>,
    /// The severity under the profile.
    pub severity: Severity,
    pub scope: Scope,
    pub title_zh: Cow<'static, str>,
    pub title_en: Cow<'static, str>,
    /// What it finds, why it matters, an example (a Markdown subset: paragraphs, **bold**, `code`).
    pub doc: Cow<'static, str>,
    /// The same in Chinese (for the page in zh), in the same subset.
    pub doc_zh: Cow<'static, str>,
    /// False when the profile switches the rule off.
    pub enabled: bool,
    /// True for a rule the profile itself declares.
    pub custom: bool,
}

/// A list kind or a period-change kind as the page names it (its select and its counts).
#[derive(Debug, Clone, Serialize)]
pub struct KindLabel {
    /// The list kind's name (`deceased` …); for a period kind, its key.
    pub kind: Cow<'static, str>,
    /// The key of its findings.
    pub key: Cow<'static, str>,
    pub severity: Severity,
    pub label_zh: Cow<'static, str>,
    pub label_en: Cow<'static, str>,
}

/// The kinds the page offers and names, under a profile: `lists` (部门数据比对, the profile's own
/// first) and `period` (上期比对), so that the page keeps no copy of their labels.
#[derive(Debug, Clone, Serialize)]
pub struct Kinds {
    pub lists: Vec<KindLabel>,
    pub period: Vec<KindLabel>,
}

/// [`Kinds`] under `profile`; a period kind's label is its title without the "上期比对：" prefix.
pub fn kinds(profile: &Profile) -> Kinds {
    let severity = |key: &str, base: Severity| profile.severities.get(key).copied().unwrap_or(base);
    let lists = crate::compare::kinds(profile)
        .into_iter()
        .map(|k| KindLabel {
            severity: severity(&k.key, k.severity),
            kind: k.kind,
            key: k.key,
            label_zh: k.label_zh,
            label_en: k.label_en,
        })
        .collect();
    let period = crate::period::kinds::KINDS
        .iter()
        .map(|m| KindLabel {
            kind: m.key.into(),
            key: m.key.into(),
            severity: severity(m.key, m.severity),
            label_zh: m.title_zh.trim_start_matches("上期比对：").into(),
            label_en: capitalised(m.title_en.trim_start_matches("Period comparison: ")).into(),
        })
        .collect();
    Kinds { lists, period }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Every rule of the catalogue, then the profile's own, with the profile's switches applied.
pub fn catalogue(profile: &Profile) -> Vec<RuleInfo> {
    let severity = |key: &str, base: Severity| profile.severities.get(key).copied().unwrap_or(base);
    let built_in = ALL.iter().map(|r| r.meta()).map(|m| RuleInfo {
        key: m.key.into(),
        severity: severity(m.key, m.severity),
        scope: m.scope,
        title_zh: m.title_zh.into(),
        title_en: m.title_en.into(),
        doc: m.doc.into(),
        doc_zh: m.doc_zh.into(),
        enabled: profile.enabled(m.key),
        custom: false,
    });
    let custom = profile.custom.iter().map(|r| RuleInfo {
        key: r.key.clone().into(),
        severity: severity(&r.key, r.severity),
        scope: r.check.scope(),
        title_zh: r.title_zh.clone().into(),
        title_en: r.title_en.clone().into(),
        doc: if r.built_in {
            built_in_doc(r, profile, false).into()
        } else {
            format!("**Profile rule** (`{}`) of the profile `{}`.\n\n{}", r.check.kind(), profile.name, r.doc)
                .trim_end()
                .to_owned()
                .into()
        },
        doc_zh: if r.built_in {
            built_in_doc(r, profile, true).into()
        } else {
            let doc = if r.doc_zh.is_empty() { &r.doc } else { &r.doc_zh };
            format!("**检查方案“{}”自定的规则**（`{}`）。\n\n{doc}", profile.name, r.check.kind())
                .trim_end()
                .to_owned()
                .into()
        },
        enabled: profile.enabled(&r.key),
        custom: !r.built_in,
    });
    built_in.chain(custom).collect()
}

/// A built-in check of the condition language: its doc (`zh`: the Chinese one), then its
/// conditions as sentences, so that a reviewer reads exactly what flags a row (thresholds with
/// this profile's values).
fn built_in_doc(r: &crate::profile::custom::CustomRule, profile: &Profile, zh: bool) -> String {
    use crate::profile::custom::Check;
    let mut s = if zh { r.doc_zh.trim_end() } else { r.doc.trim_end() }.to_owned();
    if let (true, Check::Rule { household, when, then, .. }) = (zh, &r.check) {
        let each = if *household { "每户，看户主那一行" } else { "逐行" };
        let when = when.as_ref().map_or_else(|| "总是".to_owned(), |w| w.describe(profile, true));
        let _ = write!(s, "\n\n**判断条件**（{each}）：当{when}时，须满足：{}", then.describe(profile, true));
    } else if let Check::Rule { household, when, then, .. } = &r.check {
        let each = if *household { "household (read on its head's row)" } else { "row" };
        let when_en = when.as_ref().map_or_else(|| "always".to_owned(), |w| w.describe(profile, false));
        let when_zh = when.as_ref().map_or_else(|| "总是".to_owned(), |w| w.describe(profile, true));
        let _ = write!(
            s,
            "\n\n**Condition** (for each {each}; `kind: check`, see profile.md): when {when_en}, a fault unless {} · 当{when_zh}时，须满足：{}",
            then.describe(profile, false),
            then.describe(profile, true)
        );
    }
    s
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn scope_word(s: Scope) -> &'static str {
    match s {
        Scope::Cell => "cell",
        Scope::Row => "row",
        Scope::Household => "household",
        Scope::Table => "table",
    }
}

/// `docs/rules.md`: every rule of the registry under the default profile.
pub fn rules_markdown() -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Rules (规则说明)\n");
    let _ = writeln!(s, "Generated from the rule registry (`src/rules/`) by `huqing docs rules > docs/rules.md`;");
    let _ = writeln!(s, "do not edit by hand. Severities are those of the default profile `national-2016`; a");
    let _ = writeln!(s, "profile may change them or switch rules off (see [profile.md](profile.md)).\n");
    let _ = writeln!(s, "| key | severity | scope | 规则 | rule |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for r in ALL {
        let m = r.meta();
        let _ = writeln!(
            s,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            m.key,
            m.key,
            severity_word(m.severity),
            scope_word(m.scope),
            m.title_zh,
            m.title_en
        );
    }
    for r in ALL {
        let m = r.meta();
        let _ = writeln!(s, "\n## `{}`\n", m.key);
        let _ = writeln!(s, "{} · {}\n", m.title_zh, m.title_en);
        let needs: Vec<&str> = m.needs.iter().map(|r| r.def().zh).collect();
        let needs = if needs.is_empty() { String::new() } else { format!(" · needs: {}", needs.join("、")) };
        let _ = writeln!(s, "Severity: {} · scope: {}{needs}\n", severity_word(m.severity), scope_word(m.scope));
        let _ = writeln!(s, "{}\n", m.doc.trim_end());
        let _ = writeln!(s, "{}", m.doc_zh.trim_end());
    }
    let monitoring = Profile::monitoring_2021();
    let _ = writeln!(s, "\n# Monitoring checks (防返贫监测, profile `monitoring-2021`)\n");
    let _ =
        writeln!(s, "Built-in checks of the 防返贫监测 export, run by the profile `monitoring-2021` and every profile");
    let _ = writeln!(s, "that extends it. Each is written in the condition language of `custom_rules` (kind `check`,");
    let _ = writeln!(s, "[profile.md](profile.md)); a province changes their thresholds (`monitoring_lines`,");
    let _ = writeln!(s, "`thresholds`) in its profile. Values below are the defaults of `monitoring-2021`.\n");
    let _ = writeln!(s, "| key | severity | scope | 规则 | rule |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for r in &monitoring.custom {
        let scope = scope_word(r.check.scope());
        let (k, sev) = (&r.key, severity_word(r.severity));
        let _ = writeln!(s, "| [`{k}`](#{k}) | {sev} | {scope} | {} | {} |", r.title_zh, r.title_en);
    }
    for r in &monitoring.custom {
        let _ = writeln!(s, "\n## `{}`\n", r.key);
        let _ = writeln!(s, "{} · {}\n", r.title_zh, r.title_en);
        let _ = writeln!(s, "Severity: {} · scope: {}\n", severity_word(r.severity), scope_word(r.check.scope()));
        let _ = writeln!(s, "{}\n", built_in_doc(r, &monitoring, false));
        let _ = writeln!(s, "{}", built_in_doc(r, &monitoring, true));
    }
    comparison_kinds(&mut s);
    let _ = writeln!(s, "\n# Period comparison (上期比对, `--previous`)\n");
    let _ = writeln!(s, "Changes between last period's register and this one, reported when a baseline is given");
    let _ =
        writeln!(s, "(`check --previous FILE`, the option `previous`); see [period.md](period.md) for the matching");
    let _ = writeln!(s, "and the summary. A finding about a person no longer listed has no row of this register.\n");
    let _ = writeln!(s, "| key | severity | scope | 规则 | rule |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for m in &crate::period::kinds::KINDS {
        let (k, sev, scope) = (m.key, severity_word(m.severity), scope_word(m.scope));
        let _ = writeln!(s, "| [`{k}`](#{k}) | {sev} | {scope} | {} | {} |", m.title_zh, m.title_en);
    }
    for m in &crate::period::kinds::KINDS {
        let _ = writeln!(s, "\n## `{}`\n", m.key);
        let _ = writeln!(s, "{} · {}\n", m.title_zh, m.title_en);
        let _ = writeln!(s, "Severity: {} · scope: {}\n", severity_word(m.severity), scope_word(m.scope));
        let _ = writeln!(s, "{}\n", m.doc.trim_end());
        let _ = writeln!(s, "{}", m.doc_zh.trim_end());
    }
    s
}

/// The kinds of comparison list (部门数据比对, see compare.md): their findings are reported
/// like rules', under these keys.
fn comparison_kinds(s: &mut String) {
    use crate::compare::KINDS;
    let _ = writeln!(s, "\n# Comparison kinds (部门数据比对)\n");
    let _ = writeln!(s, "Findings of a department's list compared with the register (`--compare FILE[:KIND]`, the");
    let _ = writeln!(s, "API's `compare`; see [compare.md](compare.md)). A profile switches them off or changes their");
    let _ = writeln!(s, "severity under these keys, like a rule's, and adds kinds of its own (`compare_kinds`).\n");
    let _ = writeln!(s, "| key | kind | severity | 名单 | 规则 | rule |");
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for k in KINDS {
        let sev = severity_word(k.severity);
        let _ = writeln!(
            s,
            "| [`{}`](#{}) | `{}` | {sev} | {} | {} | {} |",
            k.key, k.key, k.kind, k.label_zh, k.title_zh, k.title_en
        );
    }
    for k in KINDS {
        let _ = writeln!(s, "\n## `{}`\n", k.key);
        let _ = writeln!(s, "{} · {}\n", k.title_zh, k.title_en);
        let _ = writeln!(
            s,
            "Severity: {} · list kind: `{}` ({} · {})\n",
            severity_word(k.severity),
            k.kind,
            k.label_zh,
            k.label_en
        );
        let _ = writeln!(s, "{}\n", k.doc.trim_end());
        let _ = writeln!(s, "{}", k.doc_zh.trim_end());
        if !k.names.is_empty() {
            let _ = writeln!(s, "\nGuessed from a file name or header with: {}.", k.names.join("、"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_rules_md_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == rules_markdown(),
            "docs/rules.md is stale: it no longer matches the rule registry. Regenerate it with\n\n    cargo run --release -- docs rules > docs/rules.md\n"
        );
    }

    /// The page's labels of the kinds: every list kind (a profile's first) and every period kind,
    /// a period kind's label being its title without the prefix every one of them shares.
    #[test]
    fn finds_every_kind_labelled_for_the_page() {
        let kinds = kinds(&Profile::default());
        let lists: Vec<&str> = kinds.lists.iter().map(|k| k.kind.as_ref()).collect();
        let built_in: Vec<&str> = crate::compare::KINDS.iter().map(|k| k.kind).collect();
        assert_eq!(lists, built_in);
        assert_eq!(kinds.lists[0].label_zh, "死亡、注销户籍人员（公安/民政）");
        let period: Vec<(&str, &str, &str)> =
            kinds.period.iter().map(|k| (k.key.as_ref(), k.label_zh.as_ref(), k.label_en.as_ref())).collect();
        assert_eq!(period.len(), crate::period::kinds::KINDS.len());
        assert_eq!(period[0], ("period-person-added", "新增人员", "Person added"));
        assert_eq!(period[3], ("period-household-split", "分户", "Household split"));
        for k in &kinds.period {
            assert!(!k.label_zh.contains('：') && !k.label_en.contains(':'), "{}: {}", k.key, k.label_en);
        }
    }

    /// The period changes and the comparison-list kinds have their Chinese doc too.
    #[test]
    fn every_change_and_list_kind_has_a_chinese_doc() {
        let docs = crate::period::kinds::KINDS
            .iter()
            .map(|m| (m.key, m.doc_zh))
            .chain(crate::compare::KINDS.iter().map(|k| (k.key, k.doc_zh)));
        for (key, doc) in docs {
            for part in ["**查什么：**", "**为什么要紧：**", "**怎么改：**", "**例子：**"] {
                assert!(doc.contains(part), "{key}: the Chinese doc lacks {part}");
            }
            assert!(!doc.contains('`') && !doc.contains(key), "{key}: the Chinese doc has code or its key");
        }
    }

    /// Every catalogue rule and built-in check has a doc a clerk reads: the four parts, in
    /// Chinese — no English word, no Markdown code, no rule key.
    #[test]
    fn every_rule_has_a_chinese_doc() {
        let monitoring = Profile::monitoring_2021();
        let all = catalogue(&monitoring);
        assert_eq!(all.len(), ALL.len() + monitoring.custom.len());
        for r in &all {
            let own = ALL.iter().map(|r| r.meta()).find(|m| m.key == r.key).map_or_else(
                || monitoring.custom.iter().find(|c| c.key == r.key).unwrap().doc_zh.as_str(),
                |m| m.doc_zh,
            );
            for part in ["**查什么：**", "**为什么要紧：**", "**怎么改：**", "**例子：**"] {
                assert!(own.contains(part), "{}: the Chinese doc lacks {part}", r.key);
            }
            let latin = own.as_bytes().windows(2).any(|w| w.iter().all(u8::is_ascii_alphabetic));
            assert!(!latin && !own.contains('`'), "{}: the Chinese doc has English or code: {own}", r.key);
            for other in &all {
                assert!(!own.contains(other.key.as_ref()), "{}: the Chinese doc names the key {}", r.key, other.key);
            }
            assert!(r.doc_zh.starts_with(own.trim_end()), "{}: the page's zh doc starts with it", r.key);
        }
    }

    /// The condition lines a clerk reads name a threshold by its Chinese name, never its key.
    #[test]
    fn chinese_conditions_name_thresholds_in_chinese() {
        let monitoring = Profile::monitoring_2021();
        let names = monitoring.number_names();
        let all = catalogue(&monitoring);
        let named: Vec<_> = all.iter().filter(|r| r.doc_zh.contains("**判断条件**")).collect();
        assert!(
            named.iter().any(|r| r.doc_zh.contains("（监测线）")),
            "a built-in check compares with the monitoring line"
        );
        for r in named {
            let condition = &r.doc_zh[r.doc_zh.find("**判断条件**").unwrap()..];
            for name in &names {
                assert!(!condition.contains(name.as_str()), "{}: its condition names {name}: {condition}", r.key);
            }
        }
    }

    #[test]
    fn the_catalogue_follows_the_profile() {
        let p = Profile::from_json(r#"{"name": "t", "rules": {"duplicate-row": "off", "person-id-format": "info"},
            "custom_rules": [{"key": "gz-a", "kind": "required", "column": "姓名", "title_zh": "姓名必填", "doc": "乡镇要求"}]}"#).unwrap();
        let c = catalogue(&p);
        let get = |k: &str| c.iter().find(|r| r.key == k).unwrap();
        assert!(!get("duplicate-row").enabled);
        assert_eq!(get("person-id-format").severity, Severity::Info);
        let own = get("gz-a");
        assert!(own.custom && own.enabled && own.doc.contains("乡镇要求") && own.doc.contains("`required`"));
        assert_eq!(c.len(), ALL.len() + 1);
    }
}
