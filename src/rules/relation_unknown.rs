//! `relation-unknown`: 与户主关系 not in the code list.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::codes;

pub struct RelationUnknown;

static META: Meta = Meta {
    key: "relation-unknown",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[Role::Relation],
    title_zh: "与户主关系不在代码表中",
    title_en: "Relation not in the code list",
    message_zh:
        "与户主关系“{value}”不在代码表中，应为户主、配偶、之子、之女、之儿媳、之孙子、之父、之母、其他等标准写法",
    message_en:
        "Relation \"{value}\" is not in the code list (户主, 配偶, 之子, 之女, 之儿媳, 之孙子, 之父, 之母, 其他 …)",
    doc: "**What:** a filled 与户主关系 is none of the 28 values of the national list (户主/本人, \
配偶, 之子 … 之叔伯, 其他; data.md §1.3), nor a value the profile adds. Matched on the label, \
with the 之 left off accepted (子 for 之子); numeric codes are not accepted because local \
systems number the list differently. Blank cells are left to `required-field-missing`.\n\n\
**Why:** a free-text relation (儿子, 孙, 外甥) cannot be checked for household structure, \
sex or age, and the national system refuses it.\n\n\
**Example:** `儿子` → warning; should be `之子`.",
    doc_zh: "**查什么：**填了的与户主关系不是国家标准的 28 种写法之一（户主或本人、配偶、之子……之叔伯、其他），也不是检查方案补充的写法。按文字比较，省略“之”也可以（“子”算“之子”）；不认数字代码，因为各地系统的编号不一样。空着的由“必填项为空”报告。\n\n\
**为什么要紧：**随手写的关系（儿子、孙、外甥）没法用来检查家庭结构、性别和年龄，国家系统也不接收。\n\n\
**怎么改：**改成标准写法，比如把“儿子”改为“之子”。\n\n\
**例子：**“儿子” → 警告，应为“之子”。",
};

impl Rule for RelationUnknown {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let extra = ctx.profile.extra_codes.get(Role::Relation.key()).map_or(&[][..], Vec::as_slice);
        let known = ctx.judged(Role::Relation, |v| v.is_empty() || codes::allowed(Role::Relation, v, extra));
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if !known.get(row) {
                out.cell(row, Role::Relation, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run, run_with};
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn finds_free_text_and_numeric_relations() {
        let f = run(&RelationUnknown, &[&["与户主关系"], &["户主"], &["儿子"], &["03"], &["外甥"]]);
        assert_eq!(rows(&f), [[3], [4], [5]]);
    }

    #[test]
    fn passes_listed_relations_blanks_and_profile_additions() {
        let rows: &[&[&str]] = &[&["与户主关系"], &["本人"], &["之兄弟媳妇"], &["子"], &[""], &["之外甥"]];
        let mut p = Profile::default();
        p.extra_codes.insert("relation".into(), vec!["之外甥".into()]);
        assert!(run_with(&RelationUnknown, rows, &p).is_empty());
    }
}
