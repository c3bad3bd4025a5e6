//! `pattern`: a filled cell must match a regular expression as a whole.

use super::sink::Sink;

pub(super) fn check(sink: &mut Sink<'_, '_>, col: usize, regex: &regex_lite::Regex) {
    for row in 0..sink.ctx.rows() {
        let v = sink.text(col, row);
        if !v.is_empty() && !regex.is_match(v) {
            let v = v.to_owned();
            sink.report(&[row], col, v, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str = r#"{"key": "gz-household-id-form", "kind": "pattern", "column": "household-id", "pattern": "52\\d{10}", "title_zh": "户编号格式"}"#;

    #[test]
    fn finds_values_not_matching_as_a_whole() {
        let f = run(
            RULE,
            &[&["户编号", "姓名"], &["520102000001", "甲"], &["5201020000019", "乙"], &["X520102000001", "丙"]],
        );
        assert_eq!(rows(&f), [[3], [4]]);
        assert_eq!(f[0].column.as_deref(), Some("户编号"));
    }

    #[test]
    fn passes_matching_values() {
        assert!(run(RULE, &[&["户编号", "姓名"], &["520102000001", "甲"]]).is_empty());
        assert!(run(RULE, &[&["户编号", "姓名"], &["#520102000001", "甲"]]).is_empty(), "an export's mark is no fault");
    }
}
