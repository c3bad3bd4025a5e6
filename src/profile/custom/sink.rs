//! Where a declarative rule reads and reports: its columns found by role or header, its cells'
//! text, and its findings, worded as the built-in rules' are.

use super::CustomRule;
use crate::columns::roles::{normalize_header, Role};
use crate::facts::context::Context;
use crate::report::finding::Finding;
use std::borrow::Cow;

/// The column named `name`: a role key through the mapping, else a header of the sheet.
pub fn resolve(ctx: &Context<'_>, name: &str) -> Option<usize> {
    if let Some(role) = Role::from_key(name) {
        return ctx.col(role);
    }
    let wanted = normalize_header(name);
    ctx.table.headers().iter().position(|h| h == name || normalize_header(h) == wanted)
}

/// Where a declarative rule reports.
pub(crate) struct Sink<'a, 't> {
    pub(super) ctx: &'a Context<'t>,
    pub(super) rule: &'a CustomRule,
    pub(super) findings: &'a mut Vec<Finding>,
}

impl Sink<'_, '_> {
    /// The value of column `col` in data row `row`: trimmed, and without an export's `#` mark
    /// in a column of numbers (see `Context::column_text`).
    pub(super) fn text(&self, col: usize, row: usize) -> &str {
        self.ctx.column_text(col, row)
    }

    /// Reports data rows `rows` about column `col` with `value` and the kind's `args`.
    pub(super) fn report(&mut self, rows: &[usize], col: usize, value: String, args: &[(&str, &str)]) {
        let table = self.ctx.table;
        let mut excel: Vec<u32> = rows.iter().map(|&r| table.excel_row(r)).collect();
        excel.sort_unstable();
        excel.dedup();
        let column = table.header(col).to_owned();
        let household =
            rows.first().map(|&r| self.ctx.text(Role::HouseholdId, r)).filter(|h| !h.is_empty()).map(str::to_owned);
        let fill = |template: &str, empty: &str| {
            let mut s =
                template.replace("{value}", if value.is_empty() { empty } else { &value }).replace("{column}", &column);
            for (name, v) in args {
                s = s.replace(&format!("{{{name}}}"), v);
            }
            s
        };
        let (message_zh, message_en) = (fill(&self.rule.message_zh, "（空）"), fill(&self.rule.message_en, "(empty)"));
        self.findings.push(Finding {
            rule: Cow::Owned(self.rule.key.clone()),
            severity: self.rule.severity,
            rows: excel,
            column: Some(column),
            value,
            household,
            message_zh,
            message_en,
            exempted: None,
            locations: Vec::new(),
            township: None,
            village: None,
        });
    }
}
