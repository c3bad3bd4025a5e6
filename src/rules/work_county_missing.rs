//! `work-county-missing`: a spell of work in the 务工监测 table with no county of work.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct WorkCountyMissing;

static META: Meta = Meta {
    key: "work-county-missing",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[],
    title_zh: "务工记录未填务工所在县",
    title_en: "Spell of work without its county",
    message_zh: "务工监测表（{sheet}）第 {rows} 行是此人已务工的记录，但务工所在县为空",
    message_en: "Rows {rows} of the work table ({sheet}) record this person's work, but 务工所在县 is blank",
    doc: "**What:** only when a 务工监测 sheet with a 务工所在县 column is checked beside the person \
list: a spell whose 是否已务工 is not 否 and whose 务工所在县 is blank. The finding is on the \
person's row and names the work table's rows (Gzuwkj 4_12_001).\n\n\
**Why:** the county of work places the job (县内, 省内, 省外) for the work subsidies and the \
monitoring of stable employment; the table requires it at county level.\n\n\
**Example:** 是否已务工 是, 务工所在县 blank → warning.",
    doc_zh: "**查什么：**只在务工监测表有“务工所在县”一栏时检查：是否已务工不是“否”的记录，务工所在县为空。\n\n**为什么要紧：**务工所在县决定是县内、省内还是省外务工，关系到务工补贴和稳岗监测，表里要求填到县。\n\n**怎么改：**补填务工所在的县（区、市）。\n\n**例子：**是否已务工为“是”，务工所在县为空 → 警告。",
};

impl Rule for WorkCountyMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let Some(work) = &ctx.work else { return };
        if work.mapping.col(Role::WorkCounty).is_none() {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let blank: Vec<usize> = ctx
                .spells(work, row)
                .iter()
                .copied()
                .filter(|&r| work.worked(r) && work.text(Role::WorkCounty, r).is_empty())
                .collect();
            if !blank.is_empty() {
                let rows = work.excel_rows(&blank);
                out.rows(&[row], Some(Role::PersonId), String::new(), &[("sheet", &work.source), ("rows", &rows)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run_with_work, PERSONS};
    use super::*;

    const WORK: &[&str] = &["证件号码", "是否已务工", "开始时间", "务工所在县"];

    #[test]
    fn finds_work_without_county() {
        let work: &[&[&str]] = &[WORK, &["360426199202020029", "是", "2023年01月", ""]];
        let f = run_with_work(&WorkCountyMissing, PERSONS, work);
        assert_eq!(rows(&f), [[3]]);
        assert!(f[0].message_zh.contains("第 2 行"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_work_with_county_or_not_worked() {
        let work: &[&[&str]] =
            &[WORK, &["360426199202020029", "是", "2023年01月", "长顺县"], &["360426199101010071", "否", "", ""]];
        assert!(run_with_work(&WorkCountyMissing, PERSONS, work).is_empty());
    }
}
