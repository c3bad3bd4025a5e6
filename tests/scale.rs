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

/// The department lists `generate --lists` writes, one of every built-in kind.
const LISTS: [&str; 12] = [
    "死亡人员名单.csv",
    "财政供养人员名单.csv",
    "车辆登记信息.csv",
    "商品房登记名单.csv",
    "企业法人股东名单.csv",
    "帮扶联系名单.csv",
    "残疾人证名单.csv",
    "学籍名单.csv",
    "特困供养人员名单.csv",
    "低保对象名单.csv",
    "养老保险参保名单.csv",
    "医保参保名单.csv",
];

/// What a finding of a comparison list says, in a form both shapes give: the batch's per-file
/// finding (`file` its register) and the cross-file one (the register's rows, then the list's
/// when a list row was matched). The first row's 乡镇 and 行政村 are its household's in the
/// cross-file shape, as the batch's cross findings give them: compared for rows in a household.
fn list_finding(f: &Value, file: Option<&str>) -> Value {
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let none = Vec::new();
    let locations = f.get("locations").and_then(Value::as_array).unwrap_or(&none);
    let (rows, first, list): (Vec<Value>, [String; 3], Option<&Value>) = match file {
        Some(file) => (
            f["rows"].as_array().unwrap().iter().map(|r| serde_json::json!([file, r])).collect(),
            [text(&f["household"]), text(&f["township"]), text(&f["village"])],
            locations.first(),
        ),
        None => {
            let on_list = locations.last().is_some_and(|l| LISTS.contains(&l["file"].as_str().unwrap()));
            let (list, register) = match on_list {
                true => (locations.last(), &locations[..locations.len() - 1]),
                false => (None, &locations[..]),
            };
            let at = &register[0];
            (
                register.iter().map(|l| serde_json::json!([l["file"], l["row"]])).collect(),
                [text(&at["household"]), text(&at["township"]), text(&at["village"])],
                list,
            )
        }
    };
    let first = if first[0].is_empty() { Vec::new() } else { first.to_vec() };
    serde_json::json!({
        "rule": f["rule"], "severity": f["severity"], "value": f["value"], "message_zh": f["message_zh"],
        "message_en": f["message_en"], "exempted": f["exempted"], "rows": rows, "first": first,
        "list": list.map(|l| serde_json::json!([l["file"], l["row"], l["name"], l["id"]])),
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
            // A household list checked alone has its heads compared; the index holds persons
            // (docs/scale.md).
            if label.contains("户信息") {
                continue;
            }
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
    // A tenth register with lists of its own, merged into the first's: the lists then name
    // people of two registers that wrote them (and of those the first's people were planted in).
    let more = dir.join("名单2");
    let tenth = root.join("乙县").join("i.xlsx");
    ok(&["generate", "--households", "60", "--seed", "19", "--clean", "--lists", s(&more), "--out", s(&tenth)]);
    let lists: Vec<String> = LISTS
        .iter()
        .map(|l| {
            let path = dir.join("名单").join(l);
            // Bytes: some lists are written in GBK.
            let (first, second) = (std::fs::read(&path).unwrap(), std::fs::read(more.join(l)).unwrap());
            let line = |b: &[u8]| b.split(|&c| c == b'\n').next().unwrap().to_vec();
            assert_eq!(line(&first), line(&second), "{l}: one header");
            let mut merged = first.clone();
            if !merged.ends_with(b"\n") {
                merged.extend_from_slice(if first.contains(&b'\r') { b"\r\n" } else { b"\n" });
            }
            merged.extend_from_slice(&second[line(&second).len() + 1..]);
            std::fs::write(&path, merged).unwrap();
            s(&path).to_owned()
        })
        .collect();
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
    let keys: std::collections::BTreeSet<&str> = huqing::compare::KINDS.iter().map(|k| k.key).collect();
    assert_eq!(rules, keys, "every kind's planted case is found by check");
    // Each kind that compares more than the match: a list row the register contradicts, in the
    // two registers that wrote lists, and an absence from the list (a household's, for 低保 and
    // 特困) in several registers.
    let registers = |rule: &str, on_list: bool| -> std::collections::BTreeSet<String> {
        let of = want.iter().filter(|f| f["rule"] == rule && f["list"].is_null() != on_list);
        of.map(|f| f["rows"][0][0].as_str().unwrap().to_owned()).collect()
    };
    for kind in huqing::compare::KINDS.iter().filter(|k| !huqing::compare::only_matches(k.test)) {
        if !matches!(kind.test, huqing::compare::Test::Missing { .. }) {
            assert!(registers(kind.key, true).len() >= 2, "{}: {:?}", kind.key, registers(kind.key, true));
        }
        assert!(registers(kind.key, false).len() >= 5, "{}: {:?}", kind.key, registers(kind.key, false));
    }
    let households =
        want.iter().filter(|f| f["rule"] == "list-dibao-mismatch" && f["rows"].as_array().unwrap().len() > 1);
    assert!(households.count() >= 1, "a household's rows in one finding");
    let by_name = want.iter().filter(|f| f["message_en"].as_str().unwrap().contains("by name and birth date")).count();
    assert!(by_name >= 1, "a list row without an ID matches by name and birth date: {want:#?}");
    let files = |row: &Value| -> std::collections::BTreeSet<String> {
        want.iter().filter(|f| f["list"] == row["list"]).map(|f| f["rows"][0][0].to_string()).collect()
    };
    assert!(
        want.iter().any(|f| !f["list"].is_null() && files(f).len() > 1),
        "a list row matches people of two registers"
    );
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }

    // An exemption list naming a person of one finding and the household of another, by the
    // list kind's key and by its title, and a person missing from an enrolment list and a
    // household missing from the 低保 list.
    let person = want.iter().find(|f| f["rule"] == "list-deceased").unwrap();
    let household = want.iter().find(|f| f["rule"] == "list-vehicle").unwrap();
    let missing =
        want.iter().find(|f| f["rule"] == "list-pension-insurance-missing" && !f["first"][0].is_null()).unwrap();
    let dibao = want
        .iter()
        .find(|f| f["rule"] == "list-dibao-mismatch" && f["list"].is_null() && !f["first"][0].is_null())
        .unwrap();
    let path = dir.join("豁免.csv");
    let lines = format!(
        "证件号码,户编号,规则,原因\n{},,list-deceased,已核实健在\n,{},{},车辆已核实\n{},,list-pension-insurance-missing,已在外地参保\n,{},{},低保已停发\n",
        person["value"].as_str().unwrap(),
        household["first"][0].as_str().unwrap(),
        huqing::compare::kinds::built_in("list-vehicle").unwrap().title_zh,
        missing["value"].as_str().unwrap(),
        dibao["first"][0].as_str().unwrap(),
        huqing::compare::kinds::built_in("list-dibao-mismatch").unwrap().title_zh,
    );
    std::fs::write(&path, lines).unwrap();
    let (got, want) = run(Some(&path), "2");
    let reasons: std::collections::BTreeSet<&str> = want.iter().filter_map(|f| f["exempted"].as_str()).collect();
    assert_eq!(reasons, ["已核实健在", "车辆已核实", "已在外地参保", "低保已停发"].into());
    assert_eq!(got, want);
}
