//! `summary-row`: a 合计/总计/小计 row among the data, left out of every other check.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};

pub struct SummaryRow;

static META: Meta = Meta {
    key: "summary-row",
    severity: Severity::Info,
    scope: Scope::Row,
    needs: &[],
    title_zh: "合计行",
    title_en: "Totals row",
    message_zh: "“{value}”是合计/小计行，不是人员记录，已从检查中排除",
    message_en: "\"{value}\" is a totals row, not a person; it was left out of the checks",
    doc: "**What:** a row below the header whose first cell reads 合计, 总计, 小计, 共计 or 汇总 \
(alone or followed by a colon or bracket, e.g. `合计：35户`).\n\n\
**Why:** offices add totals under the list or under each village. Read as a person, such a row \
would raise a missing ID, a missing household and more; it is set apart before any rule runs and \
only reported here, so that its numbers can be checked by eye.\n\n\
**Example:** row 1203 `合计 | | 3512 | …` → info, and no other finding on row 1203.",
    doc_zh: "**查什么：**表头下面第一格写着合计、总计、小计、共计或汇总的行（单独写，或后面跟冒号、括号，比如“合计：35户”）。\n\n\
**为什么要紧：**各地常在名单下面或每个村后面加合计行。如果当作一个人来查，会报出缺证件号码、缺户编号等一串问题；所以先把它排除，只在这里提示一次，方便你用眼睛核对合计数。\n\n\
**怎么改：**上报前删掉合计行，或者保留，但确认数字正确。\n\n\
**例子：**第 1203 行“合计 | | 3512 | …” → 提示，第 1203 行不再报其他问题。",
};

impl Rule for SummaryRow {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for (row, label) in ctx.table.summary_rows() {
            out.excel_rows(vec![*row], label.clone(), &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{rows, run};

    #[test]
    fn finds_totals_rows_and_hides_them_from_other_rules() {
        let table: &[&[&str]] = &[
            &["户编号", "姓名", "证件号码"],
            &["1", "张三", "360426199101010071"],
            &["小计", "", "1"],
            &["2", "李四", "360426199101010071"],
            &["总计：2户", "", ""],
        ];
        let f = run(&SummaryRow, table);
        assert_eq!(rows(&f), [vec![3], vec![5]]);
        assert_eq!(f[1].value, "总计：2户");
        let missing = run(crate::rules::by_key("person-id-missing").unwrap(), table);
        assert!(missing.is_empty(), "totals rows are no people: {missing:?}");
    }

    #[test]
    fn passes_ordinary_rows() {
        assert!(run(&SummaryRow, &[&["户编号", "姓名"], &["合计村0001", "张三"], &["2", "合计"]]).is_empty());
    }
}
