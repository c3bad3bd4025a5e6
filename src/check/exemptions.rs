//! Exemptions (豁免清单): rows an office has confirmed as true to reality, by 证件号码 or
//! 户编号, rule and reason. A matching finding is kept and marked exempted with the reason;
//! the report counts it apart from the open ones. A blank rule or `*` exempts the person or
//! household from every rule. When a line has both an ID and a 户编号, the ID decides.

use crate::base::error::{Error, ErrorKind};
use crate::base::finding::Finding;
use crate::columns::header::SCAN_ROWS;
use crate::columns::roles::{match_score, normalize_header, Role};
use crate::compare::kinds::KINDS;
use crate::domain::id_card;
use crate::facts::context::Context;
use crate::profile::{closest, Profile};
use crate::read;
use crate::read::table::Grid;
use crate::rules::ALL;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A read exemption list.
#[derive(Debug, Clone, Default)]
pub struct Exemptions {
    entries: Vec<Entry>,
    /// The lines by person and by household, built on first use (after [`Exemptions::resolve`]
    /// has settled the rules), so that matching stays linear however many lines share an ID.
    index: OnceLock<Index>,
}

/// Line numbers (indexes into `entries`) by whom they name.
#[derive(Debug, Clone, Default)]
struct Index {
    person: HashMap<String, Lines>,
    /// Lines naming a household and no person (a line with both is matched by the person).
    household: HashMap<String, Lines>,
}

/// The lines naming one person or household: the first for every rule, and the first per rule.
#[derive(Debug, Clone, Default)]
struct Lines {
    every: Option<usize>,
    by_rule: HashMap<String, usize>,
}

impl Lines {
    fn add(&mut self, line: usize, rule: Option<&str>) {
        match rule {
            None => _ = self.every.get_or_insert(line),
            Some(rule) => _ = self.by_rule.entry(rule.to_owned()).or_insert(line),
        }
    }

    /// The first line in the list that exempts a finding of `rule`.
    fn find(&self, rule: &str) -> Option<usize> {
        self.every.into_iter().chain(self.by_rule.get(rule).copied()).min()
    }
}

#[derive(Debug, Clone)]
struct Entry {
    /// The canonical ID (or the normalised text of a value that is no ID).
    person: Option<String>,
    household: Option<String>,
    /// The rule key as written (a key or a Chinese title, resolved by [`Exemptions::resolve`]);
    /// `None` for every rule.
    rule: Option<String>,
    reason: String,
    /// The Excel row of the line, for messages.
    row: u32,
}

/// Header names of the three columns besides the ID and 户编号 (normalised).
const RULE_NAMES: &[&str] = &["规则", "规则键", "规则编号", "规则代码", "检查规则", "问题类型", "rule"];
const REASON_NAMES: &[&str] = &["原因", "豁免原因", "豁免理由", "理由", "说明", "备注", "reason"];

fn bad(zh: impl Into<String>, en: impl Into<String>) -> Error {
    ErrorKind::BadExemptions { problem_zh: zh.into(), problem_en: en.into() }.into()
}

/// The columns of an exemption list: (ID, 户编号, rule, reason).
type Columns = (Option<usize>, Option<usize>, usize, Option<usize>);

/// The header row of `grid` and its columns: a row naming 规则 and 证件号码 or 户编号.
fn header(grid: &Grid) -> Option<(usize, Columns)> {
    (0..grid.row_count().min(SCAN_ROWS)).find_map(|row| {
        let names: Vec<String> = (0..grid.column_count()).map(|c| normalize_header(grid.text(c, row))).collect();
        let find = |test: &dyn Fn(&str) -> bool| names.iter().position(|n| !n.is_empty() && test(n));
        let id = find(&|n| match_score(Role::PersonId.def(), n) > 0);
        let household = find(&|n| match_score(Role::HouseholdId.def(), n) > 0);
        let rule = find(&|n| RULE_NAMES.iter().any(|s| n.contains(s)))?;
        let reason = find(&|n| REASON_NAMES.iter().any(|s| n.contains(s)));
        (id.is_some() || household.is_some()).then_some((row, (id, household, rule, reason)))
    })
}

/// The key a person is matched by: the canonical 18-character ID when the value has an ID's
/// form (15 and 18 digits then agree), else the normalised text.
pub fn person_key(raw: &str) -> Option<String> {
    if id_card::is_missing(raw) {
        return None;
    }
    let id = id_card::normalize(raw);
    Some(id_card::canonical(&id).unwrap_or(id))
}

impl Exemptions {
    /// Reads an exemption list (.xlsx, .csv … anything the register readers read): the first
    /// sheet with a header naming 规则 and 证件号码 or 户编号.
    pub fn read(bytes: &[u8], name: &str) -> Result<Exemptions, Error> {
        let unreadable = |e: Error| {
            bad(
                format!("文件“{name}”无法读取：{}", e.message_zh()),
                format!("the file \"{name}\" cannot be read: {}", e.message_en()),
            )
        };
        let mut book = read::open(bytes, name, None).map_err(unreadable)?;
        for sheet in book.sheet_names() {
            let grid = book.read_sheet(&sheet, None, &mut |_| {}).map_err(unreadable)?;
            if let Some((at, cols)) = header(&grid) {
                return Ok(Exemptions::from_grid(&grid, at, cols));
            }
        }
        Err(bad(
            format!("在“{name}”中找不到表头：应有“证件号码”或“户编号”列，以及“规则”和“原因”列"),
            format!("no header found in \"{name}\": it needs a 证件号码 (ID) or 户编号 (household) column, a 规则 (rule) column and a 原因 (reason) column"),
        ))
    }

    fn from_grid(grid: &Grid, at: usize, (id, household, rule, reason): Columns) -> Exemptions {
        let text = |c: Option<usize>, row: usize| c.map_or("", |c| grid.text(c, row).trim());
        let entries = (at + 1..grid.row_count())
            .filter_map(|row| {
                let person = person_key(text(id, row));
                let household =
                    Some(crate::base::text::number(text(household, row))).filter(|h| !h.is_empty()).map(str::to_owned);
                let rule = Some(text(Some(rule), row)).filter(|r| !r.is_empty() && *r != "*").map(str::to_owned);
                let reason = text(reason, row).to_owned();
                let blank = person.is_none() && household.is_none() && rule.is_none() && reason.is_empty();
                (!blank).then(|| Entry { person, household, rule, reason, row: grid.excel_row(row) })
            })
            .collect();
        Exemptions { entries, index: OnceLock::new() }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index::default();
            for (line, e) in self.entries.iter().enumerate() {
                let lines = match (&e.person, &e.household) {
                    (Some(p), _) => index.person.entry(p.clone()).or_default(),
                    (None, Some(h)) => index.household.entry(h.clone()).or_default(),
                    (None, None) => continue,
                };
                lines.add(line, e.rule.as_deref());
            }
            index
        })
    }

    /// The lines as they are matched, in list order: the person's key (see [`person_key`]), the
    /// 户编号 as rules read it, the rule key (`None`: every rule) and the reason. For the SQL of
    /// the checks across files, which matches them as [`Exemptions::reason`] does.
    pub fn lines(&self) -> impl Iterator<Item = (Option<&str>, Option<&str>, Option<&str>, &str)> {
        self.entries.iter().map(|e| (e.person.as_deref(), e.household.as_deref(), e.rule.as_deref(), e.reason.as_str()))
    }

    /// Number of lines read.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Resolves each line's rule against the catalogue, `profile`'s own rules, the kinds of
    /// departments' lists, built-in or the profile's, and the period comparison's kinds (a key,
    /// or a Chinese title as the page shows it). A line naming no rule that exists, or naming nobody, is refused: a silent
    /// non-match would leave a clerk thinking it was exempted.
    pub fn resolve(&mut self, profile: &Profile) -> Result<(), Error> {
        let rules: Vec<(&str, &str)> = ALL
            .iter()
            .map(|r| (r.meta().key, r.meta().title_zh))
            .chain(profile.custom.iter().map(|r| (r.key.as_str(), r.title_zh.as_str())))
            .chain(KINDS.iter().map(|k| (k.key, k.title_zh)))
            .chain(profile.compare_kinds.iter().map(|k| (k.key.as_ref(), k.title_zh.as_ref())))
            .chain(crate::period::kinds::KINDS.iter().map(|k| (k.key, k.title_zh)))
            .collect();
        self.index = OnceLock::new();
        for e in &mut self.entries {
            if e.person.is_none() && e.household.is_none() {
                return Err(bad(
                    format!("第 {} 行既没有证件号码也没有户编号", e.row),
                    format!("row {} has neither an ID nor a household number", e.row),
                ));
            }
            let Some(written) = &e.rule else { continue };
            match rules.iter().find(|(k, t)| k == written || t == written) {
                Some((k, _)) => e.rule = Some((*k).to_owned()),
                None => {
                    let hint = closest(written, rules.iter().map(|(k, _)| *k))
                        .map(|s| (format!("（是否想写 {s}？）"), format!(" (did you mean {s}?)")))
                        .unwrap_or_default();
                    return Err(bad(
                        format!("第 {} 行的规则“{written}”不存在{}。规则写规则键（如 person-id-checksum）或规则名称；留空或写 * 表示全部规则", e.row, hint.0),
                        format!("row {}: there is no rule \"{written}\"{}. Write a rule key (e.g. person-id-checksum) or its Chinese title; leave it blank or write * for every rule", e.row, hint.1),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The reason of the line that exempts a finding of `rule` on the people whose IDs (as
    /// written) are `ids` in the households `households`, as [`Exemptions::apply`] matches them:
    /// for a finding no single table holds, the duplicates across files. Any one of its people
    /// or households named is enough.
    pub fn reason<'a>(
        &self,
        rule: &str,
        ids: impl IntoIterator<Item = &'a str>,
        households: impl IntoIterator<Item = &'a str>,
    ) -> Option<&str> {
        let index = self.index();
        let first = |by: &HashMap<String, Lines>, keys: &mut dyn Iterator<Item = String>| {
            keys.filter_map(|k| by.get(&k)?.find(rule)).min()
        };
        let by_person = first(&index.person, &mut ids.into_iter().filter_map(person_key));
        let line = by_person.or_else(|| {
            first(&index.household, &mut households.into_iter().map(|h| crate::base::text::number(h).to_owned()))
        })?;
        Some(self.entries[line].reason.as_str())
    }

    /// Marks every finding of `findings` that a line exempts, with that line's reason.
    pub fn apply(&self, ctx: &Context<'_>, findings: &mut [Finding]) {
        if self.entries.is_empty() {
            return;
        }
        let index = self.index();
        // Excel row → the lines naming the person on that row (each row holds one person).
        let mut by_row: HashMap<u32, &Lines> = HashMap::new();
        if !index.person.is_empty() {
            for row in 0..ctx.rows() {
                let key =
                    ctx.canonical_id(row).map(str::to_owned).or_else(|| person_key(ctx.text(Role::PersonId, row)));
                if let Some(lines) = key.and_then(|k| index.person.get(&k)) {
                    by_row.insert(ctx.table.excel_row(row), lines);
                }
            }
        }
        for f in findings.iter_mut() {
            // A person of last period's register no longer listed has no row here: the line
            // names them by the ID their baseline row gives.
            let listed_before = || {
                let ids = f.locations.iter().filter(|_| f.rows.is_empty()).filter_map(|l| person_key(&l.id));
                ids.filter_map(|k| index.person.get(&k)?.find(&f.rule)).next()
            };
            let hit = f.rows.iter().filter_map(|r| by_row.get(r)?.find(&f.rule)).next().or_else(listed_before).or_else(
                || {
                    let household = crate::base::text::number(f.household.as_deref()?);
                    index.household.get(household)?.find(&f.rule)
                },
            );
            if let Some(line) = hit {
                f.exempted = Some(self.entries[line].reason.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::run::run_all;
    use crate::columns::mapping::Mapping;
    use crate::read::table::Table;
    use std::collections::BTreeMap;

    const REGISTER: &[&[&str]] = &[
        &["户编号", "姓名", "证件号码", "与户主关系", "人数"],
        &["H1", "甲", "360426199101010072", "户主", "1"],
        &["H2", "乙", "360426910101007", "户主", "2"],
        &["H3", "丙", "36042619910102009X", "户主", "1"],
    ];

    fn findings(list: &str) -> Vec<Finding> {
        let mut ex = Exemptions::read(list.as_bytes(), "豁免.csv").unwrap();
        let profile = Profile::default();
        ex.resolve(&profile).unwrap();
        let table = Table::from_rows(REGISTER);
        let mapping = Mapping::new(table.headers(), &BTreeMap::new());
        let ctx = Context::new(&table, &mapping, &profile);
        let mut f = run_all(&ctx, 1, &mut |_| {});
        ex.apply(&ctx, &mut f);
        f
    }

    fn exempted(f: &[Finding]) -> Vec<(&str, u32, &str)> {
        f.iter().filter_map(|f| f.exempted.as_deref().map(|r| (f.rule.as_ref(), f.rows[0], r))).collect()
    }

    #[test]
    fn exempts_by_id_rule_and_household() {
        let base = findings("证件号码,规则,原因\n");
        assert!(base.iter().any(|f| f.rule == "person-id-checksum" && f.rows == [2]));
        assert!(base.iter().any(|f| f.rule == "household-size-mismatch" && f.rows == [3]));
        let f = findings("证件号码,户编号,规则,原因\n360426199101010072,,person-id-checksum,已核实\n,H2,household-size-mismatch,另一人户口在外\n");
        assert_eq!(
            exempted(&f),
            [("person-id-checksum", 2, "已核实"), ("household-size-mismatch", 3, "另一人户口在外")]
        );
        assert_eq!(f.len(), base.len(), "exempted findings are kept");
    }

    #[test]
    fn a_15_digit_id_matches_its_18_digit_form_and_star_means_every_rule() {
        let f = findings("身份证号,规则,豁免原因\n360426199101010071,*,属实\n");
        let e = exempted(&f);
        assert!(e.contains(&("household-size-mismatch", 3, "属实")), "{e:?}");
        assert!(e.iter().all(|(_, row, _)| *row == 3), "{e:?}");
    }

    #[test]
    fn a_rule_may_be_named_by_its_chinese_title() {
        let title = crate::rules::by_key("person-id-checksum").unwrap().meta().title_zh;
        let f = findings(&format!("证件号码,规则,原因\n36042619910102009X,{title},户籍登记如此\n"));
        assert_eq!(exempted(&f), [("person-id-checksum", 4, "户籍登记如此")]);
    }

    #[test]
    fn a_finding_of_several_people_is_exempted_by_any_of_them() {
        let list = "证件号码,户编号,规则,原因\n360426199101010071,,person-in-multiple-households,已核实\n,H9,*,迁出\n";
        let mut ex = Exemptions::read(list.as_bytes(), "豁免.csv").unwrap();
        ex.resolve(&Profile::default()).unwrap();
        let rule = "person-in-multiple-households";
        // The 15-digit form of the ID listed, among others.
        assert_eq!(ex.reason(rule, ["11010519491231002X", "360426910101007"], ["H1", "H2"]), Some("已核实"));
        assert_eq!(ex.reason("person-possible-duplicate", ["360426199101010071"], ["H1"]), None, "another rule");
        assert_eq!(ex.reason("person-possible-duplicate", ["11010519491231002X"], ["H1", " H9 "]), Some("迁出"));
        assert_eq!(ex.reason(rule, ["11010519491231002X"], ["H1"]), None);
    }

    /// The reasons of the exempted findings of rules other than `rule`.
    fn ex_reasons<'a>(e: &[(&str, u32, &'a str)], rule: &str) -> Vec<&'a str> {
        e.iter().filter(|(r, ..)| *r != rule).map(|(.., reason)| *reason).collect()
    }

    #[test]
    fn the_first_line_that_fits_wins_however_many_name_one_person() {
        // Many lines for one ID: matching indexes them once (it used to copy every line onto
        // every row with the ID: 32,000 × 32,000 took 8 GB).
        let mut list = String::from("证件号码,规则,原因\n360426199101010072,person-id-checksum,校验位已核\n");
        for i in 0..3000 {
            list.push_str(&format!("360426199101010072,*,第{i}条\n"));
        }
        let f = findings(&list);
        let e = exempted(&f);
        assert!(e.contains(&("person-id-checksum", 2, "校验位已核")), "{e:?}");
        let star = ex_reasons(&e, "person-id-checksum");
        assert!(!star.is_empty() && star.iter().all(|r| *r == "第0条"), "{e:?}");
        assert!(e.iter().all(|(_, row, _)| *row == 2), "{e:?}");
    }

    #[test]
    fn refuses_unknown_rules_and_headerless_lists() {
        let mut ex =
            Exemptions::read("证件号码,规则,原因\n360426199101010072,person-id-checksm,x\n".as_bytes(), "a.csv")
                .unwrap();
        let e = ex.resolve(&Profile::default()).unwrap_err();
        assert!(
            e.message_zh().contains("第 2 行") && e.message_zh().contains("是否想写 person-id-checksum"),
            "{}",
            e.message_zh()
        );
        let e = Exemptions::read("姓名,备注\n甲,x\n".as_bytes(), "b.csv").unwrap_err();
        assert_eq!(e.code(), "bad-exemptions");
        let mut ex = Exemptions::read("证件号码,规则,原因\n,duplicate-row,x\n".as_bytes(), "c.csv").unwrap();
        assert!(ex.resolve(&Profile::default()).unwrap_err().message_zh().contains("既没有证件号码也没有户编号"));
    }
}
