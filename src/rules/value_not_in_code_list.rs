//! `value-not-in-code-list`: a coded column holds a value outside its list.

use super::{Context, Meta, Out, Rule};
use crate::codes;
use crate::finding::{Scope, Severity};
use crate::roles::Role;

pub struct ValueNotInCodeList;

static META: Meta = Meta {
    key: "value-not-in-code-list",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[],
    title_zh: "取值不在代码表中",
    title_en: "Value not in the code list",
    message_zh: "“{column}”填为“{value}”，不在代码表中；可填：{allowed}",
    message_en: "\"{column}\" is \"{value}\", which is not in its code list; allowed: {allowed}",
    doc: "**What:** a filled cell of a coded column — 性别, 民族, 文化程度, 在校生状况, 健康状况 (each \
of its comma-separated values), 劳动技能, 务工状况, 贫困户属性, 脱贫属性, 主要致贫原因, 户类型, \
监测对象类别, the 是/否 insurance columns — holds a value outside the column's list (the \
2016–2020 and the 防返贫监测 lists, data.md §1.3) and outside what the profile adds. Labels are \
compared after dropping spaces and unifying brackets, and known spelling variants count as their \
label (无劳动能力 = 无劳动力, 大病 = 患有大病, 汉 = 汉族); of numeric codes only 性别's 1/2/9 are \
accepted, since local systems number the other lists differently. 与户主关系 has its own rule, \
`relation-unknown`.\n\n\
**Why:** a value off the list is refused on upload and escapes every rule that reads the \
column (a labour rule cannot judge `劳力`).\n\n\
**Example:** 劳动技能 `劳力` → warning.",
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
            let allowed = listing(list, extra);
            let column = ctx.table.header(col);
            // Household columns repeat on every member row: a value equal to the one above
            // keeps its verdict.
            let mut above = ("", false);
            for row in 0..ctx.rows() {
                out.tick(walk * ctx.rows() + row, walks * ctx.rows());
                let v = ctx.text(role, row);
                let bad = if v == above.0 {
                    above.1
                } else if codes::multi_valued(role) {
                    codes::split(v).any(|part| !codes::allowed(role, part, extra))
                } else {
                    !v.is_empty() && !codes::allowed(role, v, extra)
                };
                above = (v, bad);
                if bad {
                    out.cell(row, role, &[("column", column), ("allowed", &allowed)]);
                }
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
        assert!(f[3].message_zh.contains("“劳动技能”填为“劳力”"), "{}", f[3].message_zh);
        assert_eq!(f[2].value, "残疾,感冒");
        assert!(
            f[1].message_zh.contains("汉族、蒙古族") && f[1].message_zh.contains("等 62 项"),
            "{}",
            f[1].message_zh
        );
    }

    #[test]
    fn passes_labels_variants_blanks_and_profile_additions() {
        let rows: &[&[&str]] = &[
            &["性别", "劳动技能", "健康状况", "民族", "务工状况", "脱贫属性"],
            &["2", "无劳动能力", "残疾，长期慢性病", "苗", "乡(镇)内务工", "已脱贫"],
            &["女性", " 弱劳动力或半劳动力", "", "摩梭人", "", "已脱贫(享受政策)"],
        ];
        let mut p = Profile::default();
        p.extra_codes.insert("ethnicity".into(), vec!["摩梭人".into()]);
        assert!(run_with(&ValueNotInCodeList, rows, &p).is_empty());
    }
}
