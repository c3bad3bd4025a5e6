//! `column-missing`: a column some rules need was not found, so they were skipped.

use super::{Context, Meta, Out, Rule, ALL};
use crate::finding::{Scope, Severity};
use crate::roles::ROLES;

pub struct ColumnMissing;

static META: Meta = Meta {
    key: "column-missing",
    severity: Severity::Error,
    scope: Scope::Table,
    needs: &[],
    title_zh: "缺少必要的列",
    title_en: "Required column missing",
    message_zh: "找不到“{value}”列，以下检查未进行：{rules}。如表中有此列但名称不同，请在列识别中指定",
    message_en: "No \"{value}\" column was found, so these checks did not run: {rules}. If the sheet has it under another name, choose it in the column mapping",
    doc: "**What:** a column that rules need (证件号码, 户编号, 与户主关系, 人数 …) was neither \
recognised from the header nor chosen by the user.\n\n\
**Why:** the rules that need it cannot run. Saying so once is better than silently reporting \
fewer faults.\n\n\
**Example:** a sheet whose ID column is headed 号码 → error naming the skipped ID checks.",
};

impl Rule for ColumnMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for def in ROLES {
            if ctx.col(def.role).is_some() {
                continue;
            }
            let skipped: Vec<&str> =
                ALL.iter().map(|r| r.meta()).filter(|m| m.needs.contains(&def.role)).map(|m| m.key).collect();
            if !skipped.is_empty() {
                out.table(None, def.zh.to_owned(), &[("rules", &skipped.join(", "))]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;
    use crate::roles::Role;

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
        assert!(f[0].message_zh.contains("person-id-checksum"));
    }

    #[test]
    fn passes_when_all_needed_columns_exist() {
        let headers = needed_headers(&[]);
        assert!(run(&ColumnMissing, &[&headers]).is_empty());
    }
}
