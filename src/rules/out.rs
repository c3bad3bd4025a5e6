//! Where rules report: turns a detection into a [`Finding`] with Excel rows and rendered words.

use super::{Context, Meta};
use crate::columns::roles::Role;
use crate::report::finding::{Finding, Location, Severity};

/// The sink one rule writes into.
pub struct Out<'c, 't, 'f> {
    ctx: &'c Context<'t>,
    meta: &'static Meta,
    findings: &'f mut Vec<Finding>,
    progress: Option<Progress<'f>>,
}

/// Where a rule's own progress goes: its share of the check's fraction, `from` to `from + span`.
struct Progress<'f> {
    report: &'f mut dyn FnMut(f32),
    from: f32,
    span: f32,
    /// The fraction last reported: a rule that walks its rows twice never moves the bar back.
    last: f32,
}

/// A rule reports its progress once per this many rows or households (a power of two: the
/// test of [`Out::tick`] is one mask): about 60 reports per walk of a million rows.
const TICK_EVERY: usize = 1 << 14;

impl<'c, 't, 'f> Out<'c, 't, 'f> {
    pub fn new(ctx: &'c Context<'t>, meta: &'static Meta, findings: &'f mut Vec<Finding>) -> Out<'c, 't, 'f> {
        Out { ctx, meta, findings, progress: None }
    }

    /// An [`Out`] whose [`Out::tick`]s go to `report`, as fractions from `from` to `from + span`.
    pub fn with_progress(
        ctx: &'c Context<'t>,
        meta: &'static Meta,
        findings: &'f mut Vec<Finding>,
        report: &'f mut dyn FnMut(f32),
        from: f32,
        span: f32,
    ) -> Out<'c, 't, 'f> {
        Out { ctx, meta, findings, progress: Some(Progress { report, from, span, last: from }) }
    }

    /// Says the rule has walked `done` of its `total` rows or households. Cheap enough to call
    /// on every one: it reports only every [`TICK_EVERY`]th, and only forward.
    #[inline]
    pub fn tick(&mut self, done: usize, total: usize) {
        if done & (TICK_EVERY - 1) == 0 && done > 0 {
            self.part_done(done as f32 / total.max(1) as f32);
        }
    }

    /// Says the rule has done `part` (0–1) of its work, for a rule whose work is no walk of rows.
    #[cold]
    pub fn part_done(&mut self, part: f32) {
        if let Some(p) = &mut self.progress {
            let f = p.from + p.span * part.min(1.0);
            if f > p.last {
                p.last = f;
                (p.report)(f);
            }
        }
    }

    /// Reports the cell of `role` in data row `row`, its value as written.
    pub fn cell(&mut self, row: usize, role: Role, args: &[(&str, &str)]) {
        let value = self.ctx.written(role, row).to_owned();
        self.rows(&[row], Some(role), value, args);
    }

    /// Reports like [`Out::cell`] at `severity`, for the graver case of a rule whose usual
    /// finding is milder (a bank card stored as a number has lost digits for good).
    pub fn cell_at(&mut self, severity: Severity, row: usize, role: Role, args: &[(&str, &str)]) {
        self.cell(row, role, args);
        if let Some(f) = self.findings.last_mut() {
            f.severity = severity;
        }
    }

    /// Reports data rows `rows` (any order), about the column of `role` if given.
    pub fn rows(&mut self, rows: &[usize], role: Option<Role>, value: String, args: &[(&str, &str)]) {
        let table = self.ctx.table;
        let mut excel: Vec<u32> = rows.iter().map(|&r| table.excel_row(r)).collect();
        excel.sort_unstable();
        excel.dedup();
        let column = role.and_then(|r| self.ctx.col(r)).map(|c| table.header(c).to_owned());
        let household =
            rows.first().map(|&r| self.ctx.text(Role::HouseholdId, r)).filter(|h| !h.is_empty()).map(str::to_owned);
        self.push(excel, column, household, value, args);
    }

    /// Reports sheet rows that are no data row (blank or totals rows), by their Excel numbers.
    pub fn excel_rows(&mut self, rows: Vec<u32>, value: String, args: &[(&str, &str)]) {
        self.push(rows, None, None, value, args);
    }

    /// Reports data rows `rows` as one group of records of a person, listing each row's place,
    /// name and ID for the side-by-side view.
    pub fn group(&mut self, rows: &[usize], role: Option<Role>, value: String, args: &[(&str, &str)]) {
        self.rows(rows, role, value, args);
        let mut sorted = rows.to_vec();
        sorted.sort_unstable_by_key(|&r| self.ctx.table.excel_row(r));
        sorted.dedup();
        let text = |role: Role, r: usize| self.ctx.text(role, r).to_owned();
        let locations = sorted
            .into_iter()
            .map(|r| Location {
                file: None,
                row: self.ctx.table.excel_row(r),
                household: text(Role::HouseholdId, r),
                township: text(Role::Township, r),
                village: text(Role::Village, r),
                name: text(Role::Name, r),
                id: self.ctx.written(Role::PersonId, r).to_owned(),
            })
            .collect();
        self.findings.last_mut().expect("just pushed").locations = locations;
    }

    /// Reports something about the whole table, with no row.
    pub fn table(&mut self, column: Option<String>, value: String, args: &[(&str, &str)]) {
        self.push(Vec::new(), column, None, value, args);
    }

    fn push(
        &mut self,
        rows: Vec<u32>,
        column: Option<String>,
        household: Option<String>,
        value: String,
        args: &[(&str, &str)],
    ) {
        let message_zh = render(self.meta.message_zh, &value, "（空）", args);
        let message_en = render(self.meta.message_en, &value, "(empty)", args);
        self.findings.push(Finding {
            rule: self.meta.key.into(),
            severity: self.meta.severity,
            rows,
            column,
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

/// Fills `{value}` and `{name}` placeholders of a message template.
pub(crate) fn render(template: &str, value: &str, empty: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.replace("{value}", if value.is_empty() { empty } else { value });
    for (name, v) in args {
        s = s.replace(&format!("{{{name}}}"), v);
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_placeholders() {
        assert_eq!(super::render("“{value}”有 {n} 行", "", "（空）", &[("n", "3")]), "“（空）”有 3 行");
    }
}
