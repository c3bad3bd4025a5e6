//! `header-ambiguous`: more than one column could play a role; says which one was taken.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};

pub struct HeaderAmbiguous;

static META: Meta = Meta {
    key: "header-ambiguous",
    severity: Severity::Info,
    scope: Scope::Table,
    needs: &[],
    title_zh: "多列都可能是同一项",
    title_en: "Several columns could be one role",
    message_zh: "“{value}”列被当作“{role}”，另有 {others} 也可能是此项；如选错，请在列识别中改选",
    message_en: "Column \"{value}\" was taken as {role_en}; {others} could also be it. If that is wrong, choose another in the column mapping",
    doc: "**What:** two or more headers name the same role equally well (two 证件号码 columns, \
联系电话 next to 户联系电话 …). The leftmost was taken; the finding names it and the others.\n\n\
**Why:** checking the wrong column gives wrong findings or none; the user should know which \
one was read and can change it in the mapping step.\n\n\
**Example:** headers 身份证号 and 证件号码 → info: 身份证号 taken, 证件号码 also possible.",
    doc_zh: "**查什么：**有两列或多列的表头同样像同一项（比如两列都叫证件号码，或“联系电话”和“户联系电话”）。程序取了最左边的一列，这条提示写出取的是哪一列、还有哪些列也可能是。\n\n\
**为什么要紧：**查错了列，结果就会错，或者什么都查不出来；你应当知道读的是哪一列，必要时可以改。\n\n\
**怎么改：**看提示里取的列对不对；不对的，在“列识别”里改选正确的列。\n\n\
**例子：**表头有“身份证号”和“证件号码” → 提示：已取“身份证号”，“证件号码”也可能是。",
};

impl Rule for HeaderAmbiguous {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (role, others) in &ctx.mapping.ambiguous {
            let Some(col) = ctx.col(*role) else { continue };
            let chosen = ctx.table.header(col).to_owned();
            let others: Vec<String> = others.iter().map(|&c| format!("“{}”", ctx.table.header(c))).collect();
            let def = role.def();
            out.table(
                Some(chosen.clone()),
                chosen,
                &[("role", def.zh), ("role_en", def.en), ("others", &others.join("、"))],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn finds_two_id_columns() {
        let f = run(&HeaderAmbiguous, &[&["身份证号", "姓名", "证件号码"]]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "身份证号");
        assert!(f[0].message_zh.contains("另有 “证件号码” 也可能"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_one_column_per_role() {
        assert!(run(&HeaderAmbiguous, &[&["证件号码", "姓名", "户编号"]]).is_empty());
    }
}
