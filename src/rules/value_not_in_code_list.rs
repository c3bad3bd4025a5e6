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

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let walks = CODED.iter().filter(|&&r| ctx.col(r).is_some()).count();
        for (walk, role) in CODED.into_iter().filter(|&r| ctx.col(r).is_some()).enumerate() {
            let Some(col) = ctx.col(role) else { continue };
            let extra = ctx.profile.extra_codes.get(role.key()).map_or(&[][..], Vec::as_slice);
            let list = codes::list(role).expect("coded roles have lists");
            // Each value off the list, in order of first appearance, with the rows holding it.
            let mut unknown: Vec<(&str, Vec<usize>)> = Vec::new();
            let mut verdict: HashMap<&str, Option<usize>> = HashMap::new();
            // Household columns repeat on every member row: a cell equal to the one above
            // keeps its verdict without a lookup.
            let mut above: (&str, bool) = ("", false);
            // A column of few values holds each once, so equal cells are one slice: a cell met
            // before at the same address takes the values off the list it had (`off[from..to]`,
            // indexes into `unknown`) without splitting or hashing it again. A miss only costs
            // the lookup below, so no file can make this slower than the map alone.
            let mut seen = [(0usize, 0usize, 0u32, 0u32); 256];
            let mut off: Vec<u32> = Vec::new();
            for row in 0..ctx.rows() {
                out.tick(walk * ctx.rows() + row, walks * ctx.rows());
                let v = ctx.text(role, row);
                if v.is_empty() || (crate::base::text::same(v, above.0) && !above.1) {
                    continue;
                }
                let address = v.as_ptr() as usize;
                let slot = ((address >> 4) ^ (address >> 12) ^ v.len()) & 255;
                let (a, len, from, to) = seen[slot];
                if (a, len) == (address, v.len()) {
                    for &i in &off[from as usize..to as usize] {
                        unknown[i as usize].1.push(row);
                    }
                    above = (v, from != to);
                    continue;
                }
                let from = off.len();
                let parts: &mut dyn Iterator<Item = &str> =
                    if codes::multi_valued(role) { &mut codes::split(v) } else { &mut std::iter::once(v.trim()) };
                for part in parts {
                    let at = *verdict.entry(part).or_insert_with(|| {
                        (!codes::allowed(role, part, extra)).then(|| {
                            unknown.push((part, Vec::new()));
                            unknown.len() - 1
                        })
                    });
                    if let Some(i) = at {
                        unknown[i].1.push(row);
                        off.push(i as u32);
                    }
                }
                seen[slot] = (address, v.len(), from as u32, off.len() as u32);
                above = (v, from != off.len());
            }
            if unknown.is_empty() {
                continue;
            }
            let allowed = listing(list, extra);
            let column = ctx.table.header(col);
            for (value, rows) in unknown {
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
