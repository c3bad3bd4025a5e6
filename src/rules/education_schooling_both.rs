//! `education-schooling-both`: 文化程度 and 在校生状况 both filled or both blank.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct EducationSchoolingBoth;

static META: Meta = Meta {
    key: "education-schooling-both",
    severity: Severity::Warning,
    scope: Scope::Row,
    needs: &[Role::Education, Role::Schooling],
    title_zh: "文化程度与在校生状况应只填一项",
    title_en: "Fill exactly one of education and schooling",
    message_zh: "文化程度为“{value}”，在校生状况为“{schooling}”：{problem}",
    message_en: "Education is \"{value}\" and schooling \"{schooling}\": {problem_en}",
    doc: "**What:** only under profiles where a blank 在校生状况 means \"not in school\" \
(防返贫监测 exports, `blank_schooling_means_not_in_school`): exactly one of 文化程度 (for those \
out of school) and 在校生状况 (for pupils and students) must be filled; this row has both or \
neither (county checker rule 04; Gzuwkj 3_01_003, data.md §1.3).\n\n\
**Why:** the monitoring system reads a filled 在校生状况 as a student and a filled 文化程度 as \
someone out of school; both or neither leaves the person's status unknown.\n\n\
**Example:** 文化程度 初中 and 在校生状况 九年级 → warning.",
    doc_zh: "**查什么：**只在“在校生状况空着表示不在校”的检查方案下检查（防返贫监测导出表）：文化程度（给不在校的人填）和在校生状况（给在校学生填）只能填一项，这一行两项都填了，或都没填。\n\n\
**为什么要紧：**监测系统把填了在校生状况的人当作学生，把填了文化程度的人当作不在校；两项都填或都空，这个人在不在校就说不清了。\n\n\
**怎么改：**在校学生只填在校生状况，清空文化程度；不在校的只填文化程度。\n\n\
**例子：**文化程度“初中”，在校生状况“九年级” → 警告。",
};

impl Rule for EducationSchoolingBoth {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        if !ctx.profile.blank_schooling_means_not_in_school {
            return;
        }
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let (education, schooling) = (ctx.text(Role::Education, row), ctx.text(Role::Schooling, row));
            let (problem, problem_en) = match (education.is_empty(), schooling.is_empty()) {
                (false, false) => (
                    "两项都填了；在校生只填在校生状况，不在校的只填文化程度",
                    "both are filled; students fill schooling only, others education only",
                ),
                (true, true) => ("两项都为空，应填其中一项", "both are empty; fill one of them"),
                _ => continue,
            };
            out.cell(
                row,
                Role::Education,
                &[("schooling", schooling), ("problem", problem), ("problem_en", problem_en)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run, run_with};
    use super::*;
    use crate::profile::Profile;

    fn monitoring() -> Profile {
        Profile { blank_schooling_means_not_in_school: true, ..Profile::default() }
    }

    #[test]
    fn finds_both_and_neither_where_blank_means_out_of_school() {
        let f = run_with(
            &EducationSchoolingBoth,
            &[&["文化程度", "在校生状况"], &["初中", "九年级"], &["", ""], &["初中", ""], &["", "小学"]],
            &monitoring(),
        );
        assert_eq!(rows(&f), [[2], [3]]);
        assert!(f[0].message_zh.contains("两项都填了"));
    }

    #[test]
    fn passes_exactly_one_and_any_row_under_the_2016_profile() {
        let rows: &[&[&str]] = &[&["文化程度", "在校生状况"], &["初中", "非在校生"], &["", ""]];
        assert!(run(&EducationSchoolingBoth, rows).is_empty());
        assert!(
            run_with(&EducationSchoolingBoth, &[&["文化程度", "在校生状况"], &["初中", ""]], &monitoring()).is_empty()
        );
    }
}
