//! `conditional`: when one column passes a test (equals / in / empty / not-empty), another
//! must pass its own (empty / not-empty / equals / in), e.g. "if 劳动技能 is 无劳动力 then
//! 务工状况 must be empty".

use super::sink::Sink;
use super::Test;

pub(super) fn check(sink: &mut Sink<'_, '_>, when: (usize, &Test), then: (usize, &Test)) {
    let (expected_zh, expected_en) = match then.1 {
        Test::Empty => ("应为空".to_owned(), "must be empty".to_owned()),
        Test::NotEmpty => ("不能为空".to_owned(), "must not be empty".to_owned()),
        Test::In(values) => {
            (format!("应为“{}”", values.join("”或“")), format!("must be \"{}\"", values.join("\" or \"")))
        }
    };
    let when_column = sink.ctx.table.header(when.0).to_owned();
    for row in 0..sink.ctx.rows() {
        let w = sink.text(when.0, row);
        if when.1.holds(w) && !then.1.holds(sink.text(then.0, row)) {
            let (w, v) = (w.to_owned(), sink.text(then.0, row).to_owned());
            let args = [
                ("when_column", when_column.as_str()),
                ("when_value", w.as_str()),
                ("expected_zh", &expected_zh),
                ("expected_en", &expected_en),
            ];
            sink.report(&[row], then.0, v, &args);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const RULE: &str = r#"{"key": "gz-no-labour-no-work", "kind": "conditional", "title_zh": "无劳动力不应务工",
        "when": {"column": "劳动技能", "equals": "无劳动力"}, "then": {"column": "务工状况", "empty": true}}"#;

    #[test]
    fn finds_rows_breaking_the_condition() {
        let f = run(
            RULE,
            &[
                &["户编号", "劳动技能", "务工状况"],
                &["1", "无劳动力", "省外务工"],
                &["1", "普通劳动力", "省外务工"],
                &["1", "无劳动力", ""],
            ],
        );
        assert_eq!(rows(&f), [[2]]);
        assert_eq!(f[0].column.as_deref(), Some("务工状况"));
        assert_eq!(f[0].message_zh, "“劳动技能”为“无劳动力”时，“务工状况”应为空（实际是“省外务工”）");
    }

    #[test]
    fn finds_values_outside_an_in_list() {
        let rule = r#"{"key": "gz-student-schooling", "kind": "conditional", "title_zh": "在校生",
            "when": {"column": "在校生状况", "not_empty": true}, "then": {"column": "劳动技能", "in": ["无劳动力"]}}"#;
        let f =
            run(rule, &[&["户编号", "在校生状况", "劳动技能"], &["1", "小学", "普通劳动力"], &["1", "", "普通劳动力"]]);
        assert_eq!(rows(&f), [[2]]);
        assert!(f[0].message_en.contains("must be \"无劳动力\""), "{}", f[0].message_en);
    }

    #[test]
    fn passes_rows_keeping_it() {
        assert!(run(
            RULE,
            &[&["户编号", "劳动技能", "务工状况"], &["1", "无劳动力", ""], &["1", "普通劳动力", "务工"]]
        )
        .is_empty());
    }
}
