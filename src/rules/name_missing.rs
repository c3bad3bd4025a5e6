//! `name-missing`: 姓名 empty.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct NameMissing;

static META: Meta = Meta {
    key: "name-missing",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::Name],
    title_zh: "姓名缺失",
    title_en: "Name missing",
    message_zh: "姓名为空，请补填此人姓名",
    message_en: "The name is empty; fill in this person's name",
    doc: "**What:** the 姓名 cell of a member row is empty.\n\n\
**Why:** a member without a name cannot be identified on visits, matched with police hukou \
data (公安姓名) or told apart from a household's other members.\n\n\
**Example:** a row with 证件号码 filled but 姓名 blank → error.",
    doc_zh: "**查什么：**成员行的姓名是空的。\n\n\
**为什么要紧：**没有姓名的人，走访时认不出来，不能和公安户籍比对，也分不清是户里的哪个人。\n\n\
**怎么改：**对照户口簿补填姓名。\n\n\
**例子：**证件号码填了、姓名空着 → 错误。",
};

impl Rule for NameMissing {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.text(Role::Name, row).is_empty() {
                out.cell(row, Role::Name, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_blank_names() {
        let f = run(&NameMissing, &[&["户编号", "姓名"], &["1", "张三"], &["1", ""], &["1", "　"]]);
        assert_eq!(rows(&f), [[3], [4]]);
    }

    #[test]
    fn passes_filled_names() {
        assert!(run(&NameMissing, &[&["户编号", "姓名"], &["1", "张三"], &["1", "阿依古丽·买买提"]]).is_empty());
    }
}
