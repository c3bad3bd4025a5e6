//! `person-id-stored-as-number`: the ID cell is a number, so its last digits are gone.

use super::{Context, IdState, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;

pub struct PersonIdStoredAsNumber;

static META: Meta = Meta {
    key: "person-id-stored-as-number",
    severity: Severity::Error,
    scope: Scope::Cell,
    needs: &[Role::PersonId],
    title_zh: "证件号码被存为数字",
    title_en: "ID number stored as a number",
    message_zh: "证件号码单元格是数字格式（{value}），Excel 只保留 15 位有效数字，末尾数字已丢失，无法从文件中恢复；请按文本格式重新录入",
    message_en: "The ID cell is a number ({value}); Excel keeps only 15 significant digits, so the last digits are lost and cannot be recovered. Re-enter it as text",
    doc: "**What:** the 证件号码 cell is typed as a number, not text. Decided from the cell's \
type in the workbook, not guessed from its digits.\n\n\
**Why:** Excel stores numbers with 15 significant digits: an 18-digit ID typed as a number \
becomes `5.22731E+17` and its last three digits turn into zeros. The true number is gone.\n\n\
**Example:** a number cell `522731198001010000` → error.",
    doc_zh: "**查什么：**证件号码单元格是数字格式，不是文本格式。按单元格的格式判断，不是看数字猜的。\n\n\
**为什么要紧：**表格软件只保留 15 位有效数字：18 位号码存成数字后，后 3 位变成了 0，真实号码已经找不回来了。\n\n\
**怎么改：**先把这一列设为文本格式，再对照身份证重新录入号码（不能从文件里恢复）。\n\n\
**例子：**数字格式的 522731198001010000 → 错误。",
};

impl Rule for PersonIdStoredAsNumber {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            if ctx.id_state(row) == IdState::StoredAsNumber {
                out.cell(row, Role::PersonId, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::{Grid, Kind, Table};

    fn run_cells(cells: &[(Kind, &str)]) -> Vec<crate::base::finding::Finding> {
        let mut g = Grid::new();
        g.start_row(1);
        g.push(0, Kind::Text, "证件号码");
        for (i, (k, v)) in cells.iter().enumerate() {
            g.start_row(i as u32 + 2);
            g.push(0, *k, v);
        }
        let t = Table::new(g, 0, vec!["证件号码".into()]);
        let m = Mapping::new(t.headers(), &Default::default());
        let p = Profile::default();
        let ctx = Context::new(&t, &m, &p);
        let mut f = Vec::new();
        PersonIdStoredAsNumber.check(&ctx, &mut Out::new(&ctx, &META, &mut f));
        f
    }

    #[test]
    fn finds_number_cells() {
        let f = run_cells(&[(Kind::Number, "522731198001010000"), (Kind::Text, "360426199101010071")]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rows, [2]);
    }

    #[test]
    fn passes_text_cells_even_with_digits_only() {
        assert!(run_cells(&[(Kind::Text, "522731198001010000")]).is_empty());
    }
}
