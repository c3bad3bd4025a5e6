//! `allowed`: a filled cell must hold one of the listed values.

use super::sink::Sink;
use super::Test;

pub(super) fn check(sink: &mut Sink<'_, '_>, col: usize, values: &[String]) {
    let allowed = Test::In(values.to_vec());
    let list = values.join("、");
    for row in 0..sink.ctx.rows() {
        let v = sink.text(col, row);
        if !v.is_empty() && !allowed.holds(v) {
            let v = v.to_owned();
            sink.report(&[row], col, v, &[("allowed", &list)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str = r#"{"key": "gz-household-type", "kind": "allowed", "column": "户类型", "values": ["脱贫户", "普通农户"], "title_zh": "户类型取值"}"#;

    #[test]
    fn finds_values_outside_the_list() {
        let f = run(RULE, &[&["户编号", "户类型"], &["1", "脱贫户"], &["2", "贫困户"], &["3", ""]]);
        assert_eq!(rows(&f), [[3]]);
        assert_eq!(f[0].value, "贫困户");
        assert!(f[0].message_zh.contains("脱贫户、普通农户"), "{}", f[0].message_zh);
    }

    #[test]
    fn passes_listed_values() {
        assert!(run(RULE, &[&["户编号", "户类型"], &["1", " 普通农户 "]]).is_empty());
    }
}
