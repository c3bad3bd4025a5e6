//! `check`: for each row (or each household) where `when` holds, a fault when `then` does not.
//! Both are expressions of the condition language ([`super::expr`]); a household rule reads
//! the household's fields on its head's row (the first row when it has no head) and reports
//! every member row.

use super::compiled::Compiled;
use super::sink::Sink;

/// The words a finding explains itself with: the rule's conditions as sentences.
pub(super) struct Words {
    pub when_zh: String,
    pub when_en: String,
    pub then_zh: String,
    pub then_en: String,
}

pub(super) fn check(
    sink: &mut Sink<'_, '_>,
    household: bool,
    when: Option<&Compiled>,
    then: &Compiled,
    col: usize,
    words: &Words,
) {
    let ctx = sink.ctx;
    let mut args = [
        ("household", ""),
        ("when_zh", words.when_zh.as_str()),
        ("when_en", words.when_en.as_str()),
        ("then_zh", words.then_zh.as_str()),
        ("then_en", words.then_en.as_str()),
    ];
    let fault =
        |row: usize, members: &[usize]| when.is_none_or(|w| w.eval(ctx, row, members)) && !then.eval(ctx, row, members);
    if household {
        for h in ctx.households() {
            let at = h.rows.iter().copied().find(|&r| ctx.is_head(r)).unwrap_or(h.rows[0]);
            if fault(at, &h.rows) {
                args[0].1 = h.key;
                let value = sink.text(col, at).to_owned();
                sink.report(&h.rows, col, value, &args);
            }
        }
        return;
    }
    let households = ctx.households();
    let mut of_row = vec![u32::MAX; ctx.rows()];
    for (i, h) in households.iter().enumerate() {
        for &r in &h.rows {
            of_row[r] = i as u32;
        }
    }
    for (row, &at) in of_row.iter().enumerate() {
        let alone = [row];
        let members = match at {
            u32::MAX => &alone[..],
            h => &households[h as usize].rows[..],
        };
        if fault(row, members) {
            args[0].1 = ctx.text(crate::columns::roles::Role::HouseholdId, row);
            let value = sink.text(col, row).to_owned();
            sink.report(&[row], col, value, &args);
        }
    }
}
