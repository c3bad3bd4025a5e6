//! `huqing index`, `huqing sql` and `huqing cross`: on generated batches with duplicates planted
//! across files, DuckDB running the SQL over the Parquet index finds what the batch finds,
//! finding for finding. Needs python3 with the duckdb package (scripts/setup installs it).
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn huqing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huqing")).args(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> Output {
    let out = huqing(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huqing-scale-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A prefecture of registers in two county folders: each planted with two people of
/// another (one under the same ID, one mistyped), faulty ones among them (their own duplicates
/// within the file link to those across), a national export (`#` IDs, two years merged) planted
/// from another, a GBK CSV, and a national person list with its household list in another file.
/// The department lists of every kind, planted from the first register, go into `dir/名单`.
fn batch(dir: &Path) -> PathBuf {
    let root = dir.join("地区");
    for county in ["甲县", "乙县"] {
        std::fs::create_dir_all(root.join(county)).unwrap();
    }
    let at = |name: &str| root.join(name).to_str().unwrap().to_owned();
    let lists = dir.join("名单");
    let files: [(&str, &[&str]); 7] = [
        ("甲县/a.xlsx", &["--seed", "11", "--clean", "--lists", s(&lists)]),
        ("甲县/b.xlsx", &["--seed", "12", "--clean", "--plant-from-seed", "11"]),
        ("甲县/c.xlsx", &["--seed", "13", "--plant-from-seed", "12"]),
        ("乙县/d.csv", &["--seed", "14", "--encoding", "gbk", "--plant-from-seed", "13"]),
        ("乙县/e.xlsx", &["--seed", "15", "--clean", "--plant-from-seed", "11"]),
        ("乙县/f.xlsx", &["--seed", "16", "--national"]),
        ("乙县/g.xlsx", &["--seed", "17", "--national", "--plant-from-seed", "16"]),
    ];
    for (name, args) in files {
        ok(&[&["generate", "--households", "60", "--out", &at(name)], args].concat());
    }
    // A national person list with its household list as a file of its own, faults planted
    // between them: the batch joins the two.
    let list = at("乙县/h户信息.csv");
    ok(&[
        "generate",
        "--households",
        "60",
        "--seed",
        "18",
        "--national",
        "--out",
        &at("乙县/h.csv"),
        "--household-list",
        &list,
    ]);
    root
}

fn duckdb_available() -> bool {
    Command::new("python3").args(["-c", "import duckdb"]).status().is_ok_and(|s| s.success())
}

#[test]
fn duckdb_over_the_index_finds_what_the_batch_finds() {
    assert!(duckdb_available(), "python3 with duckdb is needed (scripts/setup installs it)");
    let dir = tempdir("parity");
    let root = batch(&dir);
    let (report, index) = (dir.join("report"), dir.join("index"));
    ok(&["check", s(&root), "--out", s(&report), "--jobs", "2"]);
    ok(&["index", s(&root), "--out", s(&index), "--jobs", "2"]);
    let found = dir.join("cross.json");
    ok(&["cross", s(&index), "--out", s(&found)]);

    let want = json(&report.join("summary.json"))["cross"].clone();
    let got = json(&found);
    let rules = |v: &Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
    };
    let wanted = rules(&want);
    let same = wanted.iter().filter(|r| *r == "person-in-multiple-households").count();
    let possible = wanted.iter().filter(|r| *r == "person-possible-duplicate").count();
    assert!(same >= 4 && possible >= 4, "every planted pair across files is found by the batch: {wanted:?}");
    let lists: std::collections::BTreeSet<&str> =
        wanted.iter().filter(|r| r.starts_with("household-list-")).map(|r| r.as_str()).collect();
    assert_eq!(lists.len(), 4, "each disagreement of the household list planted: {wanted:?}");
    assert_eq!(rules(&got), wanted);
    for (g, w) in got.as_array().unwrap().iter().zip(want.as_array().unwrap()) {
        assert_eq!(g, w);
    }

    let parts = std::fs::read_dir(&index).unwrap().flatten();
    assert_eq!(parts.filter(|e| e.file_name().to_string_lossy().starts_with("part-")).count(), 9, "one per register");

    // An exemption list naming people and households of those findings: the SQL exempts what
    // the batch exempts, with the same reasons.
    let list = exemption_list(&want);
    let path = dir.join("豁免.csv");
    std::fs::write(&path, &list).unwrap();
    let (report, found) = (dir.join("report2"), dir.join("cross2.json"));
    ok(&["check", s(&root), "--out", s(&report), "--exemptions", s(&path)]);
    ok(&["index", s(&root), "--out", s(&index), "--exemptions", s(&path)]);
    ok(&["cross", s(&index), "--out", s(&found)]);
    let want = json(&report.join("summary.json"))["cross"].clone();
    let mut reasons: Vec<&str> = want.as_array().unwrap().iter().filter_map(|f| f["exempted"].as_str()).collect();
    assert_eq!(reasons[0], "已核实为同一人", "the person's line wins over the household's before it: {list}");
    reasons.sort();
    reasons.dedup();
    assert_eq!(reasons, ["人口数已更正", "已核实为同一人", "户已迁出", "按户核实"], "{list}");
    assert_eq!(json(&found), want);
}

/// An exemption list for the findings `cross` (the batch's): the first same-ID finding by one
/// of its IDs as written, though a line for its household (every rule) comes first; the first
/// likely duplicate by a household (every rule); the second by a household and the rule's
/// Chinese title, its person named only for another rule; a household list's size by its 户编号.
fn exemption_list(cross: &Value) -> String {
    let of = |rule: &str| -> Vec<&Value> { cross.as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect() };
    let (same, possible) = (of("person-in-multiple-households"), of("person-possible-duplicate"));
    let at = |f: &Value, i: usize, field: &str| f["locations"][i][field].as_str().unwrap().to_owned();
    let title = huqing::rules::by_key("person-possible-duplicate").unwrap().meta().title_zh;
    [
        "证件号码,户编号,规则,原因".to_owned(),
        format!(",{},*,户级", at(same[0], 0, "household")),
        format!("{},,person-in-multiple-households,已核实为同一人", at(same[0], 1, "id")),
        format!(",{},,户已迁出", at(possible[0], 1, "household")),
        format!("{},,person-id-checksum,不相干", at(possible[1], 0, "id")),
        format!(",{},{title},按户核实", at(possible[1], 0, "household")),
        format!(
            ",{},household-list-size-mismatch,人口数已更正",
            at(of("household-list-size-mismatch")[0], 0, "household")
        ),
    ]
    .join("\n")
        + "\n"
}

#[test]
fn the_profile_switches_rules_off_and_sets_severities_as_in_the_batch() {
    assert!(duckdb_available(), "python3 with duckdb is needed (scripts/setup installs it)");
    let dir = tempdir("profile");
    let root = batch(&dir);
    let profile = dir.join("方案.json");
    std::fs::write(
        &profile,
        r#"{"name": "测试方案", "rules": {"person-in-multiple-households": "off", "person-possible-duplicate": "info",
            "household-list-extra": "off", "household-list-size-mismatch": "info", "household-list-head-mismatch": "off",
            "household-list-missing": "off"}}"#,
    )
    .unwrap();
    let (report, index, found) = (dir.join("report"), dir.join("index"), dir.join("cross.json"));
    ok(&["check", s(&root), "--out", s(&report), "--profile", s(&profile)]);
    ok(&["index", s(&root), "--out", s(&index)]);
    ok(&["cross", s(&index), "--out", s(&found), "--profile", s(&profile)]);
    let want = json(&report.join("summary.json"))["cross"].clone();
    assert!(!want.as_array().unwrap().is_empty());
    let rules: std::collections::BTreeSet<&str> =
        want.as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["household-list-size-mismatch", "person-possible-duplicate"].into());
    assert!(want.as_array().unwrap().iter().all(|f| f["severity"] == "info"));
    assert_eq!(json(&found), want);
}

#[test]
fn an_unreadable_register_is_named_and_the_others_indexed() {
    let dir = tempdir("bad");
    let good = dir.join("a.xlsx");
    ok(&["generate", "--households", "10", "--seed", "1", "--clean", "--out", s(&good)]);
    let bad = dir.join("b.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let index = dir.join("index");
    let out = huqing(&["index", s(&good), s(&bad), "--out", s(&index)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.xlsx") && err.contains("损坏"), "{err}");
    assert!(index.join("part-00000.parquet").is_file() && !index.join("part-00001.parquet").exists());
    assert_eq!(huqing(&["index", s(&good)]).status.code(), Some(64), "--out is needed");
    assert_eq!(huqing(&["sql", "--dialect", "oracle"]).status.code(), Some(64));
    let missing = huqing(&["cross", s(&dir.join("nothing"))]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no person index"));
}

#[test]
fn the_sql_of_both_dialects_is_printed() {
    for dialect in ["duckdb", "spark"] {
        let out = ok(&["sql", "--dialect", dialect]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("-- step people") && text.contains("-- result"), "{text}");
        assert!(text.contains("证件号码") && text.contains("appears in"), "the messages come from the rules");
    }
}

/// The lists the index compares: those whose kind needs only the match (and whether the register
/// marks the person dead), in the order given.
const AT_SCALE: [&str; 6] = [
    "死亡人员名单.csv",
    "财政供养人员名单.csv",
    "车辆登记信息.csv",
    "商品房登记名单.csv",
    "企业法人股东名单.csv",
    "帮扶联系名单.csv",
];

/// What a finding of a comparison list says, in a form both shapes give: the batch's per-file
/// finding (`file` its register) and the cross-file one (the register's rows, then the list's).
fn list_finding(f: &Value, file: Option<&str>) -> Value {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let locations = f["locations"].as_array().unwrap();
    let (rows, first, list): (Vec<Value>, Value, &Value) = match file {
        Some(file) => (
            f["rows"].as_array().unwrap().iter().map(|r| serde_json::json!([file, r])).collect(),
            serde_json::json!([text(&f["household"]), text(&f["township"]), text(&f["village"])]),
            &locations[0],
        ),
        None => {
            let (list, register) = locations.split_last().unwrap();
            let at = &register[0];
            (
                register.iter().map(|l| serde_json::json!([l["file"], l["row"]])).collect(),
                serde_json::json!([at["household"], at["township"], at["village"]]),
                list,
            )
        }
    };
    serde_json::json!({
        "rule": f["rule"], "severity": f["severity"], "value": f["value"], "message_zh": f["message_zh"],
        "message_en": f["message_en"], "exempted": f["exempted"], "rows": rows, "first": first,
        "list": [list["file"], list["row"], list["name"], list["id"]],
    })
}

/// The comparison findings of every report the batch wrote into `report`, as [`list_finding`]s.
fn batch_list_findings(report: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    let mut folders = vec![report.to_path_buf()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let label = path.strip_prefix(report).unwrap().to_str().unwrap().replace('\\', "/");
            let Some(label) = label.strip_suffix(".json").filter(|l| *l != "summary") else { continue };
            for f in json(&path)["findings"].as_array().unwrap() {
                if f["rule"].as_str().unwrap().starts_with("list-") {
                    out.push(list_finding(f, Some(label)));
                }
            }
        }
    }
    out
}

#[test]
fn comparison_lists_over_the_index_find_what_check_finds_in_each_register() {
    assert!(duckdb_available(), "python3 with duckdb is needed (scripts/setup installs it)");
    let dir = tempdir("lists");
    let root = batch(&dir);
    let lists: Vec<String> = AT_SCALE.iter().map(|l| s(&dir.join("名单").join(l)).to_owned()).collect();
    let compare: Vec<&str> = lists.iter().flat_map(|l| ["--compare", l.as_str()]).collect();
    let run = |exemptions: Option<&Path>, tag: &str| -> (Vec<Value>, Vec<Value>) {
        let (report, index, found) =
            (dir.join(format!("report{tag}")), dir.join("index"), dir.join(format!("cross{tag}.json")));
        let extra: Vec<&str> = exemptions.map(|p| vec!["--exemptions", s(p)]).unwrap_or_default();
        ok(&[&["check", s(&root), "--out", s(&report)], &compare[..], &extra[..]].concat());
        ok(&[&["index", s(&root), "--out", s(&index)], &compare[..], &extra[..]].concat());
        ok(&["cross", s(&index), "--out", s(&found)]);
        let got = json(&found);
        let mut got: Vec<Value> = got
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("list-"))
            .map(|f| list_finding(f, None))
            .collect();
        let mut want = batch_list_findings(&report);
        got.sort_by_key(|v| v.to_string());
        want.sort_by_key(|v| v.to_string());
        (got, want)
    };
    let (got, want) = run(None, "");
    let rules: std::collections::BTreeSet<&str> = want.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        ["list-business", "list-deceased", "list-housing", "list-listed", "list-public-payroll", "list-vehicle"].into(),
        "every kind's planted match is found by check"
    );
    let by_name = want.iter().filter(|f| f["message_en"].as_str().unwrap().contains("by name and birth date")).count();
    assert!(by_name >= 1, "a list row without an ID matches by name and birth date: {want:#?}");
    let files = |row: &Value| -> std::collections::BTreeSet<String> {
        want.iter().filter(|f| f["list"] == row["list"]).map(|f| f["rows"][0][0].to_string()).collect()
    };
    assert!(want.iter().any(|f| files(f).len() > 1), "a list row matches people of two registers: {want:#?}");
    assert_eq!(got, want);

    // An exemption list naming a person of one finding and the household of another, by the
    // list kind's key and by its title.
    let person = want.iter().find(|f| f["rule"] == "list-deceased").unwrap();
    let household = want.iter().find(|f| f["rule"] == "list-vehicle").unwrap();
    let path = dir.join("豁免.csv");
    let lines = format!(
        "证件号码,户编号,规则,原因\n{},,list-deceased,已核实健在\n,{},{},车辆已核实\n",
        person["value"].as_str().unwrap(),
        household["first"][0].as_str().unwrap(),
        huqing::compare::kinds::built_in("list-vehicle").unwrap().title_zh,
    );
    std::fs::write(&path, lines).unwrap();
    let (got, want) = run(Some(&path), "2");
    let reasons: std::collections::BTreeSet<&str> = want.iter().filter_map(|f| f["exempted"].as_str()).collect();
    assert_eq!(reasons, ["已核实健在", "车辆已核实"].into());
    assert_eq!(got, want);

    // A kind that reads more of the register is refused, naming check --compare.
    let student = dir.join("名单").join("学籍名单.csv");
    let out = huqing(&["index", s(&root), "--out", s(&dir.join("index3")), "--compare", s(&student)]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("check --compare"));
}
