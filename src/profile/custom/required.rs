//! `required`: the column must be filled on every row.

use super::sink::Sink;

pub(super) fn check(sink: &mut Sink<'_, '_>, col: usize) {
    for row in 0..sink.ctx.rows() {
        if sink.text(col, row).is_empty() {
            sink.report(&[row], col, String::new(), &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str =
        r#"{"key": "gz-phone-required", "kind": "required", "column": "联系电话", "title_zh": "联系电话必填"}"#;

    #[test]
    fn finds_empty_cells() {
        let f = run(RULE, &[&["户编号", "联系电话"], &["1", "13912345678"], &["1", " "]]);
        assert_eq!(rows(&f), [[3]]);
        assert_eq!(f[0].message_zh, "“联系电话”不能为空");
        assert_eq!(f[0].rule, "gz-phone-required");
    }

    #[test]
    fn passes_filled_cells() {
        assert!(run(RULE, &[&["户编号", "联系电话"], &["1", "13912345678"]]).is_empty());
    }
}
