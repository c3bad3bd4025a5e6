//! `same-within-household`: every member of a household carries the same value (blank cells
//! are not compared; `required` covers them).

use super::sink::Sink;

pub(super) fn check(sink: &mut Sink<'_, '_>, col: usize) {
    for h in sink.ctx.households() {
        let mut seen = std::collections::HashSet::new();
        let mut values: Vec<&str> = Vec::new();
        for &row in &h.rows {
            let v = sink.ctx.column_text(col, row);
            if !v.is_empty() && seen.insert(v) {
                values.push(v);
            }
        }
        if values.len() > 1 {
            let value = values.join("、");
            sink.report(&h.rows, col, value, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str =
        r#"{"key": "gz-village-same", "kind": "same-within-household", "column": "village", "title_zh": "同户同村"}"#;

    #[test]
    fn finds_households_split_across_values() {
        let f = run(RULE, &[&["户编号", "行政村"], &["1", "红星村"], &["1", "红旗村"], &["2", "红星村"], &["1", ""]]);
        assert_eq!(rows(&f), [[2, 3, 5]]);
        assert_eq!(f[0].value, "红星村、红旗村");
        assert_eq!(f[0].household.as_deref(), Some("1"));
    }

    #[test]
    fn passes_consistent_households() {
        assert!(run(RULE, &[&["户编号", "行政村"], &["1", "红星村"], &["1", ""], &["2", "红旗村"]]).is_empty());
    }
}
