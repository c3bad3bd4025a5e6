use super::*;
use std::collections::BTreeMap;

const HEADER: &[&str] =
    &["乡镇", "行政村", "户编号", "姓名", "证件号码", "与户主关系", "人数", "监测对象类别", "人员变更"];

/// Compares two registers given as rows below [`HEADER`]; returns (rule, current Excel rows,
/// value) of each finding and the summary.
fn compare_rows(prev: &[&[&str]], cur: &[&[&str]]) -> (Vec<(String, Vec<u32>, String)>, Summary) {
    let table = |rows: &[&[&str]]| {
        let mut all: Vec<&[&str]> = vec![HEADER];
        all.extend_from_slice(rows);
        Table::from_rows(&all)
    };
    let (tp, tc) = (table(prev), table(cur));
    let (mp, mc) = (Mapping::new(tp.headers(), &BTreeMap::new()), Mapping::new(tc.headers(), &BTreeMap::new()));
    let profile = Profile::default();
    let (p, c) = (Context::new(&tp, &mp, &profile), Context::new(&tc, &mc, &profile));
    let period = compare(&c, &p, "上期.xlsx");
    let found = period.findings.iter().map(|f| (f.rule.to_string(), f.rows.clone(), f.value.clone())).collect();
    (found, period.summary)
}

fn f(rule: &str, rows: &[u32], value: &str) -> (String, Vec<u32>, String) {
    (rule.to_owned(), rows.to_vec(), value.to_owned())
}

// Valid IDs (checksums right).
const A: &str = "360426199101010071";
const B: &str = "360426199202020025";
const C: &str = "360426199303030011";
const D: &str = "360426201001010015";
const E: &str = "360426195001010017";

#[test]
fn passes_an_unchanged_register() {
    let rows: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "2", "", ""],
        &["甲镇", "一村", "1", "李四", B, "配偶", "2", "", ""],
    ];
    let written: &[&[&str]] = &[
        &["甲镇", "一村", "#1", "张三", "#360426199101010071", "户主", "2", "", ""],
        &["甲镇", "一村", "#1", "李 四", "360426920202002", "配偶", "2", "", ""],
    ];
    let (found, summary) = compare_rows(rows, written);
    assert_eq!(found, [], "a 15-digit ID, # marks and spaces are no change");
    assert_eq!(summary.totals, Counts::default());
    assert_eq!(summary.text_zh, "新增 0 人，减少 0 人");
}

#[test]
fn finds_persons_added_and_removed_with_their_reason() {
    let prev: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "3", "", ""],
        &["甲镇", "一村", "1", "李四", B, "配偶", "3", "", ""],
        &["甲镇", "一村", "1", "张老", E, "之父", "3", "", ""],
    ];
    let cur: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "3", "", ""],
        &["甲镇", "一村", "1", "李四", B, "配偶", "3", "", ""],
        &["甲镇", "一村", "1", "张小", D, "之子", "3", "", "新生儿"],
    ];
    let (found, summary) = compare_rows(prev, cur);
    assert_eq!(found, [f("period-person-added", &[4], D), f("period-person-removed", &[], E)]);
    assert_eq!(summary.totals.added_by_reason.get("birth"), Some(&1));
    assert_eq!(summary.text_zh, "新增 1 人（出生 1 人），减少 1 人");
    assert_eq!(summary.areas.len(), 1);
}

#[test]
fn finds_a_person_listed_as_dead_and_a_size_changed_unlike_the_members() {
    let prev: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "2", "", ""],
        &["甲镇", "一村", "1", "张老", E, "之父", "2", "", ""],
    ];
    let cur: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "2", "", ""],
        &["甲镇", "一村", "1", "张老", E, "之父", "2", "", "死亡"],
    ];
    let (found, summary) = compare_rows(prev, cur);
    assert_eq!(
        found,
        [f("period-person-removed", &[3], E), f("period-size-change-mismatch", &[2, 3], "2")],
        "the size stayed 2 while the members went from 2 to 1"
    );
    assert_eq!(summary.text_zh, "新增 0 人，减少 1 人（死亡 1 人），人口数变化与成员变化不符 1 户");
}

#[test]
fn finds_ids_corrected_and_names_changed() {
    let prev: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", "360426199101010072", "户主", "2", "", ""],
        &["甲镇", "一村", "1", "李四", B, "配偶", "2", "", ""],
    ];
    let cur: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "2", "", ""],
        &["甲镇", "一村", "1", "李思", B, "配偶", "2", "", ""],
    ];
    let (found, summary) = compare_rows(prev, cur);
    assert_eq!(found, [f("period-id-corrected", &[2], A), f("period-name-changed", &[3], "李思")]);
    assert_eq!(summary.totals.id_corrected, 1);
}

#[test]
fn finds_splits_merges_moves_and_renumbering() {
    let prev: &[&[&str]] = &[
        // 1 splits: its son's family forms 4.
        &["甲镇", "一村", "1", "张三", A, "户主", "3", "", ""],
        &["甲镇", "一村", "1", "张子", C, "之子", "3", "", ""],
        &["甲镇", "一村", "1", "张孙", D, "之孙子", "3", "", ""],
        // 2 merges into 3.
        &["甲镇", "一村", "2", "王老", E, "户主", "1", "", ""],
        &["甲镇", "一村", "3", "王五", "360426198001010010", "户主", "1", "", ""],
        // 5 is renumbered 6; its wife moves to 3.
        &["甲镇", "一村", "5", "赵六", "360426198502020014", "户主", "2", "", ""],
        &["甲镇", "一村", "5", "钱七", "360426198603030027", "配偶", "2", "", ""],
    ];
    let cur: &[&[&str]] = &[
        &["甲镇", "一村", "1", "张三", A, "户主", "1", "", ""],
        &["甲镇", "一村", "4", "张子", C, "户主", "2", "", ""],
        &["甲镇", "一村", "4", "张孙", D, "之子", "2", "", ""],
        &["甲镇", "一村", "3", "王五", "360426198001010010", "户主", "3", "", ""],
        &["甲镇", "一村", "3", "王老", E, "之父", "3", "", ""],
        &["甲镇", "一村", "3", "钱七", "360426198603030027", "配偶", "3", "", ""],
        &["甲镇", "一村", "6", "赵六", "360426198502020014", "户主", "1", "", ""],
    ];
    let (found, summary) = compare_rows(prev, cur);
    assert_eq!(
        found,
        [
            f("period-person-moved", &[7], "3"),
            f("period-household-split", &[2, 3, 4], "1"),
            f("period-household-merged", &[5, 6, 7], "3"),
            f("period-household-renumbered", &[8], "6"),
        ]
    );
    let t = &summary.totals;
    assert_eq!(
        (t.split, t.merged, t.renumbered, t.moved, t.households_added, t.households_removed),
        (1, 1, 1, 1, 0, 0)
    );
}

#[test]
fn finds_status_changes() {
    let prev: &[&[&str]] = &[&["甲镇", "一村", "1", "张三", A, "户主", "1", "", ""]];
    let cur: &[&[&str]] = &[&["甲镇", "一村", "1", "张三", A, "户主", "1", "突发严重困难户", ""]];
    let (found, summary) = compare_rows(prev, cur);
    assert_eq!(found, [f("period-status-changed", &[2], "突发严重困难户")]);
    assert_eq!(summary.totals.newly_monitored, 1);
    assert!(summary.text_zh.contains("状态变化 1 项（新纳入监测 1 户）"), "{}", summary.text_zh);
}
