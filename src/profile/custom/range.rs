//! `range`: a filled cell must be a number within `min`–`max` (either may be left open).

use super::sink::Sink;

pub(super) fn check(sink: &mut Sink<'_, '_>, col: usize, min: Option<f64>, max: Option<f64>) {
    let range = match (min, max) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => "any".to_owned(),
    };
    for row in 0..sink.ctx.rows() {
        let v = sink.text(col, row);
        if v.is_empty() {
            continue;
        }
        let inside =
            v.parse::<f64>().is_ok_and(|n| n.is_finite() && min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m));
        if !inside {
            let v = v.to_owned();
            sink.report(&[row], col, v, &[("range", &range)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str = r#"{"key": "gz-work-months", "kind": "range", "column": "务工时间（月）", "min": 0, "max": 12, "title_zh": "务工月数"}"#;

    #[test]
    fn finds_numbers_outside_and_non_numbers() {
        let f = run(RULE, &[&["户编号", "务工时间（月）"], &["1", "13"], &["1", "-1"], &["1", "六"], &["1", "12"]]);
        assert_eq!(rows(&f), [[2], [3], [4]]);
        assert_eq!(f[0].message_zh, "“务工时间（月）”应为 0–12 的数，实际是“13”");
    }

    #[test]
    fn passes_numbers_within() {
        assert!(run(RULE, &[&["户编号", "务工时间（月）"], &["1", "0"], &["1", "6.5"], &["1", ""]]).is_empty());
    }
}
