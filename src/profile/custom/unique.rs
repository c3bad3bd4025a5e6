//! `unique` / `unique-together`: no two rows may carry the same value (or the same combination
//! of values in several columns). Rows where every column is blank are not compared.

use super::sink::Sink;
use std::collections::HashMap;

pub(super) fn check(sink: &mut Sink<'_, '_>, cols: &[usize]) {
    let mut groups: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for row in 0..sink.ctx.rows() {
        let key: Vec<&str> = cols.iter().map(|&c| sink.ctx.column_text(c, row)).collect();
        if key.iter().all(|v| v.is_empty()) {
            continue;
        }
        let rows = groups.entry(key.clone()).or_default();
        if rows.is_empty() {
            order.push(key);
        }
        rows.push(row);
    }
    for key in order {
        let rows = &groups[&key];
        if rows.len() > 1 {
            let count = rows.len().to_string();
            sink.report(rows, cols[0], key.join(" / "), &[("count", &count)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run::testing::{rows, run};

    const PHONE: &str =
        r#"{"key": "gz-card-unique", "kind": "unique", "column": "银行卡号", "title_zh": "银行卡号不重复"}"#;
    const TOGETHER: &str = r#"{"key": "gz-name-birth", "kind": "unique-together", "columns": ["姓名", "出生日期"], "title_zh": "姓名与出生日期不重复"}"#;

    #[test]
    fn finds_repeated_values() {
        let f = run(
            PHONE,
            &[&["户编号", "银行卡号"], &["1", "6222"], &["2", "6228"], &["3", "6222"], &["4", ""], &["5", ""]],
        );
        assert_eq!(rows(&f), [[2, 4]]);
        assert_eq!(f[0].value, "6222");
    }

    #[test]
    fn finds_repeated_combinations() {
        let f = run(
            TOGETHER,
            &[
                &["户编号", "姓名", "出生日期"],
                &["1", "张三", "1990-01-01"],
                &["2", "张三", "1991-01-01"],
                &["3", "张三", "1990-01-01"],
            ],
        );
        assert_eq!(rows(&f), [[2, 4]]);
        assert_eq!(f[0].value, "张三 / 1990-01-01");
    }

    #[test]
    fn passes_distinct_combinations() {
        assert!(run(
            TOGETHER,
            &[&["户编号", "姓名", "出生日期"], &["1", "张三", "1990-01-01"], &["2", "张三", "1991-01-01"]]
        )
        .is_empty());
    }
}
