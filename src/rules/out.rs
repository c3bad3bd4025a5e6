//! Where rules report: turns a detection into a [`Finding`] with Excel rows and rendered words.

use super::{Context, Meta};
use crate::base::finding::{Finding, Location, Severity};
use crate::columns::roles::Role;

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

/// Fills `{value}` and `{name}` placeholders of a message template: `{value}` first, then each
/// argument in turn, each in the text the previous ones left.
pub(crate) fn render(template: &str, value: &str, empty: &str, args: &[(&str, &str)]) -> String {
    let value = if value.is_empty() { empty } else { value };
    let braces = |t: &str| t.bytes().any(|b| b == b'{' || b == b'}');
    // Without braces in what is filled in, and no brace beside a placeholder in the template,
    // no replacement can make or break another's placeholder: one pass over the template gives
    // what the replacements in turn give, without a substring search and a string per argument.
    if braces(value) || args.iter().any(|(_, v)| braces(v)) || template.contains("{{") || template.contains("}}") {
        let mut s = template.replace("{value}", value);
        for (name, v) in args {
            s = s.replace(&format!("{{{name}}}"), v);
        }
        return s;
    }
    let mut out = String::with_capacity(template.len() + value.len() + args.iter().map(|a| a.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push('{');
            rest = after;
            break;
        };
        let name = &after[..close];
        if name.contains('{') {
            out.push('{');
            rest = after;
            continue;
        }
        let filled = if name == "value" { Some(value) } else { args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v) };
        match filled {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_placeholders() {
        assert_eq!(super::render("“{value}”有 {n} 行", "", "（空）", &[("n", "3")]), "“（空）”有 3 行");
    }

    /// The one-pass fill gives what replacing each placeholder in turn gives, whatever the
    /// template and the values (braces in them, unknown or repeated names, an unclosed brace).
    #[test]
    fn renders_as_the_replacements_in_turn_would() {
        let in_turn = |template: &str, value: &str, args: &[(&str, &str)]| {
            let mut s = template.replace("{value}", if value.is_empty() { "（空）" } else { value });
            for (name, v) in args {
                s = s.replace(&format!("{{{name}}}"), v);
            }
            s
        };
        let templates = [
            "“{value}”有 {count} 行（{column}）",
            "{value}{count}{value}",
            "{a{value}} {count",
            "{{value}} {unknown} {count}}",
            "没有占位",
            "{",
            "}{value}{",
            "{count}{count}{value}",
        ];
        let values = ["", "陈伟", "{count}", "a}b", "{"];
        let args: [&[(&str, &str)]; 4] = [
            &[],
            &[("count", "3"), ("column", "性别")],
            &[("count", "{column}"), ("column", "x")],
            &[("count", "1"), ("count", "2"), ("value", "v")],
        ];
        for t in templates {
            for v in values {
                for a in args {
                    assert_eq!(super::render(t, v, "（空）", a), in_turn(t, v, a), "{t:?} {v:?} {a:?}");
                }
            }
        }
    }
}
