//! `value-not-in-code-list`: a coded column holds a value outside its list.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;
use std::collections::HashMap;

pub struct ValueNotInCodeList;

static META: Meta = Meta {
    key: "value-not-in-code-list",
    severity: Severity::Info,
    scope: Scope::Cell,
    needs: &[],
    title_zh: "取值不在代码表中",
    title_en: "Value not in the code list",
    message_zh: "“{column}”有 {count} 行填为“{value}”，不在代码表中（可填：{allowed}）。如是本省使用的取值，请确认后加入检查方案",
    message_en: "\"{column}\" is \"{value}\" in {count} row(s), which is not in its code list (allowed: {allowed}). If your province uses it, confirm it and add it to the profile",
    doc: "**What:** a filled cell of a coded column — 性别, 民族, 文化程度, 在校生状况, 健康状况 (each \
of its comma-separated values), 劳动技能, 务工状况, 贫困户属性, 脱贫属性, 主要致贫原因, 户类型, \
监测对象类别, the 是/否 insurance columns — holds a value outside the column's list (the \
2016–2020 and the 防返贫监测 lists with the labels real exports write, such as 低保户, 五保户, \
一般农户, 已脱贫（享受政策）, data.md §1.3) and outside what the profile adds (`codes`). Labels are \
compared after dropping spaces and unifying brackets, and known spelling variants count as their \
label (无劳动能力 = 无劳动力, 大病 = 患有大病, 汉 = 汉族); of numeric codes only 性别's 1/2/9 are \
accepted, since local systems number the other lists differently. 与户主关系 has its own rule, \
`relation-unknown`.\n\n\
One finding per column and value, listing every row that holds it and their count: a label \
that no list foresees is usually a province's own, for the province to confirm, not a fault of \
each row, so the finding is `info`. A typo shows as a value held by a few rows. `huqing profile \
add-values` (or the page's button on these findings) writes a profile that adds the values \
seen; a profile can raise the rule to `warning`.\n\n\
**Why:** a value off the list is refused on upload and escapes every rule that reads the \
column (a labour rule cannot judge `劳力`).\n\n\
**Example:** 劳动技能 `劳力` in rows 5 and 9 → one finding, 2 rows.",
    doc_zh: "**查什么：**有代码表的列——性别、民族、文化程度、在校生状况、健康状况（逗号隔开的每一项）、劳动技能、务工状况、贫困户属性、脱贫属性、主要致贫原因、户类型、监测对象类别、各项是否参保——填的值不在这一列的代码表里（2016 到 2020 年和防返贫监测的代码表，包括真实导出表常见的写法，比如低保户、五保户、一般农户），也不在检查方案补充的取值里。比较时不计空格，括号不分全角半角；常见的别的写法算作标准写法（无劳动能力就是无劳动力，大病就是患有大病，汉就是汉族）；数字代码只认性别的 1、2、9。与户主关系另有规则。每一列的每一个值只报一条，列出填这个值的所有行。\n\n\
**为什么要紧：**代码表以外的值上报时会被拒收，读这一列的检查也判断不了。这样的值大多是本省自己的写法，需要省里确认，所以只作提示；只有几行填的值，多半是打错了。\n\n\
**怎么改：**打错的，改成代码表里的标准写法；本省认可的写法，点这条问题上的按钮，生成加上这些取值的检查方案，以后就不再提示。\n\n\
**例子：**健康状况有 35 行填“体弱多病” → 一条提示，列出这 35 行。",
};

/// The coded columns this rule checks (与户主关系 has `relation-unknown`).
const CODED: [Role; 16] = [
    Role::Gender,
    Role::Ethnicity,
    Role::Education,
    Role::Schooling,
    Role::Health,
    Role::Labour,
    Role::WorkStatus,
    Role::HouseholdType,
    Role::ExitStatus,
    Role::PovertyCause,
    Role::HouseholdKind,
    Role::MonitorCategory,
    Role::MedicalResident,
    Role::MedicalEmployee,
    Role::PensionResident,
    Role::PensionEmployee,
];

impl Rule for ValueNotInCodeList {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check<'t>(&self, ctx: &Context<'t>, out: &mut Out<'_, '_, '_>) {
        let walks = CODED.iter().filter(|&&r| ctx.col(r).is_some()).count();
        for (walk, role) in CODED.into_iter().filter(|&r| ctx.col(r).is_some()).enumerate() {
            let Some(col) = ctx.col(role) else { continue };
            let extra = ctx.profile.extra_codes.get(role.key()).map_or(&[][..], Vec::as_slice);
            let list = codes::list(role).expect("coded roles have lists");
            let mut off = OffList { role, extra, unknown: Vec::new(), verdict: HashMap::new() };
            let tick = |row: usize, out: &mut Out<'_, '_, '_>| out.tick(walk * ctx.rows() + row, walks * ctx.rows());
            if let Some((coded, values)) = ctx.distinct(role) {
                // A dictionary column: each value judged once, when its first cell comes; each
                // code's values off the list are `found[from..to]`.
                let (mut found, mut judged) = (Vec::new(), vec![None; values.len()]);
                for row in 0..ctx.rows() {
                    tick(row, out);
                    let code = coded.code(row);
                    let (from, to) = *judged[code].get_or_insert_with(|| {
                        let from = found.len();
                        off.judge(values[code], &mut found);
                        (from, found.len())
                    });
                    for &i in &found[from..to] {
                        off.unknown[i as usize].1.push(row);
                    }
                }
            } else {
                let mut found = Vec::new();
                for row in 0..ctx.rows() {
                    tick(row, out);
                    found.clear();
                    off.judge(ctx.text(role, row), &mut found);
                    for &i in &found {
                        off.unknown[i as usize].1.push(row);
                    }
                }
            }
            if off.unknown.is_empty() {
                continue;
            }
            let allowed = listing(list, extra);
            let column = ctx.table.header(col);
            for (value, rows) in off.unknown {
                let count = rows.len().to_string();
                out.rows(
                    &rows,
                    Some(role),
                    value.to_owned(),
                    &[("column", column), ("allowed", &allowed), ("count", &count)],
                );
            }
        }
    }
}

/// The values of one coded column off its list, as its cells are judged.
struct OffList<'t> {
    role: Role,
    extra: &'t [String],
    /// Each value off the list, in order of first appearance, with the rows holding it.
    unknown: Vec<(&'t str, Vec<usize>)>,
    /// Each value (a part of a cell of several) judged so far: its place in `unknown` if off the list.
    verdict: HashMap<&'t str, Option<u32>>,
}

impl<'t> OffList<'t> {
    /// Adds to `found` the places in `unknown` of the values of cell `v` off the list.
    fn judge(&mut self, v: &'t str, found: &mut Vec<u32>) {
        if v.is_empty() {
            return;
        }
        let (role, extra) = (self.role, self.extra);
        let parts: &mut dyn Iterator<Item = &'t str> =
            if codes::multi_valued(role) { &mut codes::split(v) } else { &mut std::iter::once(v.trim()) };
        for part in parts {
            let unknown = &mut self.unknown;
            let at = *self.verdict.entry(part).or_insert_with(|| {
                (!codes::allowed(role, part, extra)).then(|| {
                    unknown.push((part, Vec::new()));
                    unknown.len() as u32 - 1
                })
            });
            found.extend(at);
        }
    }
}

/// The allowed values as a message shows them: all of a short list, the start of a long one.
fn listing(list: &[&str], extra: &[String]) -> String {
    const SHOWN: usize = 12;
    let all: Vec<&str> = list.iter().copied().chain(extra.iter().map(String::as_str)).collect();
    match all.len() {
        n if n <= SHOWN => all.join("、"),
        n => format!("{} 等 {n} 项", all[..SHOWN].join("、")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run, run_with};
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn finds_values_off_their_lists() {
        let f = run(
            &ValueNotInCodeList,
            &[
                &["性别", "劳动技能", "健康状况", "民族"],
                &["男", "劳力", "健康", "汉族"],
                &["3", "普通劳动力", "残疾,感冒", "火星族"],
            ],
        );
        // Column by column: 性别, 民族, 健康状况, 劳动技能.
        assert_eq!(rows(&f), [[3], [3], [3], [2]]);
        assert_eq!(f[3].value, "劳力");
        assert!(f[3].message_zh.contains("“劳动技能”有 1 行填为“劳力”"), "{}", f[3].message_zh);
        assert_eq!(f[2].value, "感冒", "the value off the list, not the whole cell");
        assert!(
            f[1].message_zh.contains("汉族、蒙古族") && f[1].message_zh.contains("等 62 项"),
            "{}",
            f[1].message_zh
        );
        assert!(f.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn finds_each_value_once_with_all_its_rows() {
        let f = run(
            &ValueNotInCodeList,
            &[
                &["户编号", "贫困户属性", "健康状况"],
                &["1", "兜底户", "感冒"],
                &["1", "兜底户", "残疾、感冒"],
                &["2", "低保户", "健康"],
                &["3", "兜底户", "感冒,发烧"],
                &["3", "兜底户 ", ""],
            ],
        );
        assert_eq!(rows(&f), [vec![2, 3, 5], vec![5], vec![2, 3, 5, 6]]);
        assert_eq!((f[0].value.as_str(), f[1].value.as_str(), f[2].value.as_str()), ("感冒", "发烧", "兜底户"));
        assert!(f[2].message_zh.contains("有 4 行填为“兜底户”"), "{}", f[2].message_zh);
        assert!(f[2].message_en.contains("in 4 row(s)"), "{}", f[2].message_en);
    }

    /// A column of few values is judged by its codes, one of many by its texts: the findings on
    /// the same cells are the same either way.
    #[test]
    fn judges_a_column_of_many_values_as_one_of_few() {
        let cells = ["感冒", "残疾、感冒", "健康", " 感冒,发烧", "", "感冒 "];
        let many: Vec<String> = (0..300).map(|i| format!("病{i}")).collect();
        let found = |extra: &[String]| {
            let mut rows: Vec<Vec<&str>> = vec![vec!["健康状况"]];
            rows.extend(cells.iter().map(|c| vec![*c]).chain(extra.iter().map(|c| vec![c.as_str()])));
            let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
            assert_eq!(crate::read::table::Table::from_rows(&rows).coded(0).is_some(), extra.is_empty());
            run(&ValueNotInCodeList, &rows)
        };
        let few = found(&[]);
        assert_eq!(rows(&few), [vec![2, 3, 5, 7], vec![5]]);
        let many = found(&many);
        assert_eq!(many.len(), 302);
        assert_eq!(many[300].value, "病298");
        for (a, b) in few.iter().zip(&many) {
            assert_eq!((&a.value, &a.rows, &a.message_zh), (&b.value, &b.rows, &b.message_zh));
        }
    }

    #[test]
    fn passes_real_export_labels() {
        let rows: &[&[&str]] = &[
            &["贫困户属性", "户类型", "监测对象类别", "脱贫属性"],
            &["低保户", "一般农户", "边缘易致贫户", "已脱贫（享受政策）"],
            &["五保户", "脱贫户", "脱贫不稳定户", "返贫"],
            &["一般贫困户", "普通农户", "突发严重困难户", "已脱贫(不再享受政策)"],
            &["低保贫困户", "脱贫户", "", "未脱贫"],
            &["特困供养贫困户", "脱贫户", "", "已脱贫"],
        ];
        assert!(run(&ValueNotInCodeList, rows).is_empty());
    }

    #[test]
    fn passes_labels_variants_blanks_and_profile_additions() {
        let rows: &[&[&str]] = &[
            &["性别", "劳动技能", "健康状况", "民族", "务工状况", "脱贫属性"],
            &["2", "无劳动能力", "残疾，长期慢性病", "苗", "乡(镇)内务工", "已脱贫"],
            &["1", "普通劳动力", "健康", "汉族", "", "已脱贫-享受政策"],
            &["女性", " 弱劳动力或半劳动力", "", "摩梭人", "", "已脱贫(享受政策)"],
        ];
        let mut p = Profile::default();
        p.extra_codes.insert("ethnicity".into(), vec!["摩梭人".into()]);
        assert!(run_with(&ValueNotInCodeList, rows, &p).is_empty());
    }
}
