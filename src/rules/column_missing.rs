//! `column-missing`: a column the profile requires was not found. Other columns a file lacks
//! are listed in the report's `absent`, not reported as faults.

use super::{by_key, Context, Meta, Out, Rule, ALL};
use crate::base::finding::{Finding, Scope, Severity};
use crate::columns::roles::{Role, ROLES};
use crate::profile::Profile;

pub struct ColumnMissing;

static META: Meta = Meta {
    key: "column-missing",
    severity: Severity::Error,
    scope: Scope::Table,
    needs: &[],
    title_zh: "缺少必要的列",
    title_en: "Required column missing",
    message_zh: "找不到“{value}”列，以下检查未进行：{rules}。如表中有此列但名称不同，请在列识别中指定",
    message_en: "No \"{value}\" column was found, so these checks did not run: {rules_en}. If the sheet has it under another name, choose it in the column mapping",
    doc: "**What:** a column the profile requires (`required_columns`: 证件号码, 户编号, 与户主关系 \
and 姓名 by default) was neither recognised from the header nor chosen by the user. A column \
that is not required and missing (many exports have no 出生日期 or 银行卡号) is no finding: the \
report lists it once in `absent`, with the rules that did not run for want of it.\n\n\
**Why:** without these columns the core checks (IDs, households, relations) cannot run. Saying \
so once is better than silently reporting fewer faults.\n\n\
**Example:** a sheet whose ID column is headed 号码 → error naming the skipped ID checks.",
    doc_zh: "**查什么：**检查方案规定必须有的列（默认是证件号码、户编号、与户主关系、姓名）在表头里找不到，也没有在列识别里指定。不是必须的列缺了（很多导出表没有出生日期或银行卡号）不算问题，报告里只列出因此没有做的检查。\n\n\
**为什么要紧：**没有这几列，证件号码、户、家庭关系这些主要检查都做不了；明确告诉你，比悄悄少查要好。\n\n\
**怎么改：**表里其实有这一列、只是名字不同的（比如叫“号码”），在“列识别”里把它指定为对应的项；确实没有的，从系统重新导出带这一列的表。\n\n\
**例子：**证件号码一列的表头写成“号码” → 错误，并列出因此没有做的检查。",
};

impl Rule for ColumnMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for def in ROLES {
            if ctx.col(def.role).is_some() || !ctx.profile.required_columns.iter().any(|k| k == def.key) {
                continue;
            }
            // The clerk reads the skipped checks by their titles; the keys stay in `absent`.
            let skipped: Vec<&Meta> =
                skipped_by(def.role, ctx.profile).into_iter().filter_map(|k| by_key(k)).map(|r| r.meta()).collect();
            let list = |title: fn(&Meta) -> &str, sep: &str| {
                if skipped.is_empty() {
                    "—".to_owned()
                } else {
                    skipped.iter().map(|m| title(m)).collect::<Vec<_>>().join(sep)
                }
            };
            let (zh, en) = (list(|m| m.title_zh, "、"), list(|m| m.title_en, "; "));
            out.table(None, def.zh.to_owned(), &[("rules", &zh), ("rules_en", &en)]);
        }
    }
}

/// The keys of the rules enabled under `profile` that cannot run without a column of `role`.
pub fn skipped_by(role: Role, profile: &Profile) -> Vec<&'static str> {
    ALL.iter().map(|r| r.meta()).filter(|m| m.needs.contains(&role) && profile.enabled(m.key)).map(|m| m.key).collect()
}

/// Reports each column the profile's own rules needed and the sheet lacks once, naming every
/// rule skipped for it (the built-in ones too, when the column is a role they need): `skipped`
/// is each such column's name as the profile writes it, with the keys of its rules.
pub fn missing_for_custom(ctx: &Context<'_>, skipped: Vec<(&str, Vec<&str>)>, findings: &mut Vec<Finding>) {
    if !ctx.profile.enabled(META.key) {
        return;
    }
    let meta = &META;
    for (name, keys) in skipped {
        let shown = display_name(name);
        // A column named by its header (银行卡号) is the role's column as much as by its key.
        let role = Role::from_key(name).or_else(|| {
            let header = crate::columns::roles::normalize_header(name);
            crate::columns::roles::ROLES.iter().find(|d| d.synonyms.contains(&header.as_str())).map(|d| d.role)
        });
        // The clerk reads the skipped checks by their titles: (Chinese, English).
        let mut all: Vec<(&str, &str)> = match role {
            Some(role) => ALL
                .iter()
                .map(|r| r.meta())
                .filter(|m| m.needs.contains(&role))
                .map(|m| (m.title_zh, m.title_en))
                .collect(),
            None => Vec::new(),
        };
        if !all.is_empty() {
            findings.retain(|f| !(f.rule == meta.key && f.value == shown));
        }
        let custom = ctx.profile.custom.iter().filter(|r| keys.contains(&r.key.as_str()));
        all.extend(custom.map(|r| (r.title_zh.as_str(), r.title_en.as_str())));
        let zh = all.iter().map(|t| t.0).collect::<Vec<_>>().join("、");
        let en = all.iter().map(|t| t.1).collect::<Vec<_>>().join("; ");
        Out::new(ctx, meta, findings).table(None, shown.to_owned(), &[("rules", &zh), ("rules_en", &en)]);
    }
}

/// How a column name reads to a clerk: a role key becomes its Chinese name.
fn display_name(name: &str) -> &str {
    Role::from_key(name).map_or(name, |r| r.def().zh)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, run_with};
    use super::*;

    /// The header of every column some rule needs, but those of `without`.
    fn needed_headers(without: &[Role]) -> Vec<&'static str> {
        let mut roles: Vec<Role> =
            ALL.iter().flat_map(|r| r.meta().needs.iter().copied()).filter(|r| !without.contains(r)).collect();
        roles.sort();
        roles.dedup();
        roles.iter().map(|r| r.def().synonyms[0]).collect()
    }

    #[test]
    fn finds_missing_id_column_once() {
        let headers = needed_headers(&[Role::PersonId]);
        let f = run(&ColumnMissing, &[&headers]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "证件号码");
        assert!(f[0].message_zh.contains("证件号码校验位错误") && !f[0].message_zh.contains("person-id"));
        assert!(f[0].message_en.contains("check character"), "{}", f[0].message_en);
    }

    #[test]
    fn finds_each_required_column_the_profile_names() {
        let f = run(&ColumnMissing, &[&["县", "乡镇"]]);
        let missing: Vec<&str> = f.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(missing, ["户编号", "姓名", "证件号码", "与户主关系"]);
        let p = Profile { required_columns: vec!["name".into(), "bank-card".into()], ..Profile::default() };

        let f = run_with(&ColumnMissing, &[&["县", "乡镇"]], &p);
        assert_eq!(f.iter().map(|f| f.value.as_str()).collect::<Vec<_>>(), ["姓名", "银行卡号"]);
    }

    #[test]
    fn passes_when_all_needed_columns_exist() {
        let headers = needed_headers(&[]);
        assert!(run(&ColumnMissing, &[&headers]).is_empty());
    }

    #[test]
    fn passes_optional_columns_missing() {
        let f = run(&ColumnMissing, &[&["户编号", "姓名", "证件号码", "与户主关系"]]);
        assert!(f.is_empty(), "{f:?}");
    }
}
