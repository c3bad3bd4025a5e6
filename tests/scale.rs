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
    // The index was written with the default profile: cross says that its facts were judged with that.
    let told = huqing(&["cross", s(&index), "--profile", s(&profile)]);
    let err = String::from_utf8_lossy(&told.stderr);
    assert!(err.contains("national-2016") && err.contains("not the profile the index was written with"), "{err}");
    // Written with the profile, the index keeps it: cross takes it without being told again.
    let (again, found_again) = (dir.join("index-profiled"), dir.join("cross-again.json"));
    ok(&["index", s(&root), "--out", s(&again), "--profile", s(&profile), "--reference-date", "2024-06-30"]);
    let manifest = json(&again.join("index.json"));
    assert_eq!(manifest["reference_date"], "2024-06-30");
    assert!(manifest["profile"].as_str().unwrap().contains("测试方案"));
    let quiet = ok(&["cross", s(&again), "--out", s(&found_again)]);
    let err = String::from_utf8_lossy(&quiet.stderr);
    assert!(err.contains("测试方案") && err.contains("2024-06-30") && !err.contains("not the profile"), "{err}");
    assert_eq!(json(&found_again), want);
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
    // An index of an older huqing (no index.json) is refused before any SQL runs, saying what to do.
    std::fs::remove_file(index.join("index.json")).unwrap();
    let old = huqing(&["cross", s(&index)]);
    assert_eq!(old.status.code(), Some(2));
    let err = String::from_utf8_lossy(&old.stderr);
    assert!(err.contains("older huqing") && err.contains("run huqing index again"), "{err}");
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

/// Two periods of a register (`generate --previous`, every kind of change planted), this
/// period's in `now` and last period's in `before`, each under `name`.
fn write_pair(pair: &huqing::generate::period::PeriodPair, now: &Path, before: &Path, name: &str) {
    use huqing::generate::{CsvEncoding, Format};
    let format = if name.ends_with(".csv") {
        Format::Csv { encoding: CsvEncoding::Utf8 }
    } else {
        Format::Xlsx { inline_strings: false }
    };
    for (dir, register) in [(now, &pair.current), (before, &pair.previous)] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        register.write(&path, &format).unwrap();
    }
}

/// Moves a member (not the head) of a household no planted change touches from this period's
/// register `from` into such a household of `to`, taking that household's own columns: last
/// period it was in `from`'s baseline. Gives the person's ID.
fn plant_move(
    from: &mut huqing::generate::period::PeriodPair,
    to: &mut huqing::generate::period::PeriodPair,
) -> String {
    use huqing::columns::mapping::Mapping;
    use huqing::columns::roles::Role;
    use huqing::generate::Cell;
    let text = |c: &Cell| match c {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Empty => String::new(),
    };
    // The first household whose rows no expected change names, as (its rows, a member not the head).
    let untouched = |pair: &huqing::generate::period::PeriodPair| -> (Vec<usize>, usize) {
        let register = &pair.current;
        let m = Mapping::new(&register.headers, &Default::default());
        let (household, relation) = (m.col(Role::HouseholdId).unwrap(), m.col(Role::Relation).unwrap());
        let named: std::collections::BTreeSet<u32> = pair.expected.iter().flat_map(|e| e.rows.clone()).collect();
        let rows = &register.rows;
        let mut start = 0;
        while start < rows.len() {
            let end = (start..rows.len()).find(|&i| text(&rows[i][household]) != text(&rows[start][household]));
            let end = end.unwrap_or(rows.len());
            let members: Vec<usize> = (start..end).collect();
            let clean = members.iter().all(|&i| !named.contains(&(i as u32 + 2)));
            let member = members.iter().copied().find(|&i| !huqing::domain::codes::is_head(&text(&rows[i][relation])));
            if let (true, Some(member), true) = (clean, member, members.len() >= 2) {
                return (members, member);
            }
            start = end;
        }
        panic!("no household untouched by the planted changes")
    };
    let (_, x) = untouched(from);
    let (target, _) = untouched(to);
    let mut row = from.current.rows.remove(x);
    let m = Mapping::new(&to.current.headers, &Default::default());
    // The columns of the household joined, as the generator's own moves take them.
    for &role in huqing::generate::period::HOUSEHOLD_ROLES {
        if let Some(c) = m.col(role) {
            row[c] = to.current.rows[target[0]][c].clone();
        }
    }
    let id = text(&row[m.col(Role::PersonId).unwrap()]);
    to.current.rows.insert(target[target.len() - 1] + 1, row);
    id
}

/// A period finding as both shapes give it: the batch's per-file finding (`file` its register)
/// and the cross-file one (the register's rows, the household concerned first, then the
/// baseline's, named by its path as given), told apart by the register's label.
fn period_finding(f: &Value, file: Option<&str>, labels: &std::collections::BTreeSet<String>) -> Value {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let place = |l: &Value| {
        serde_json::json!([l["file"], l["row"], l["household"], l["township"], l["village"], l["name"], l["id"]])
    };
    let locations = f["locations"].as_array().cloned().unwrap_or_default();
    let (rows, household, area, previous) = match file {
        Some(file) => (
            f["rows"].as_array().unwrap().iter().map(|r| serde_json::json!([file, r])).collect::<Vec<_>>(),
            text(&f["household"]),
            serde_json::json!([text(&f["township"]), text(&f["village"])]),
            locations.iter().map(place).collect::<Vec<_>>(),
        ),
        None => {
            let (ours, theirs): (Vec<&Value>, Vec<&Value>) =
                locations.iter().partition(|l| labels.contains(l["file"].as_str().unwrap()));
            let first = ours.first().or(theirs.first()).unwrap();
            let lowest = ours.iter().min_by_key(|l| l["row"].as_u64()).unwrap_or(first);
            let mut rows: Vec<Value> = ours.iter().map(|l| serde_json::json!([l["file"], l["row"]])).collect();
            rows.sort_by_key(|r| r[1].as_u64());
            rows.dedup();
            (
                rows,
                text(&first["household"]),
                serde_json::json!([text(&lowest["township"]), text(&lowest["village"])]),
                // The baseline is named by its path as given; check names it by its file name.
                theirs
                    .into_iter()
                    .map(|l| {
                        let mut l = l.clone();
                        let name =
                            Path::new(l["file"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_owned();
                        l["file"] = Value::from(name);
                        place(&l)
                    })
                    .collect(),
            )
        }
    };
    serde_json::json!({
        "rule": f["rule"], "severity": f["severity"], "value": f["value"], "message_zh": f["message_zh"],
        "message_en": f["message_en"], "exempted": f["exempted"], "rows": rows, "household": household,
        "area": area, "previous": previous,
    })
}

#[test]
fn last_periods_registers_over_the_index_find_what_check_finds_and_the_moves_across_files() {
    use huqing::generate::period::period;
    use huqing::generate::Options as GenOptions;
    assert!(duckdb_available(), "python3 with duckdb is needed (scripts/setup installs it)");
    let dir = tempdir("period");
    let (now, before) = (dir.join("本期"), dir.join("上期"));
    let pair = |seed: u64, national: bool| {
        period(&GenOptions { households: 60, seed, national, id_counties: 2, ..GenOptions::default() })
    };
    // A member of a household of a moves into one of b: last period's b does not list them.
    let (mut a, mut b) = (pair(41, false), pair(42, false));
    let moved = plant_move(&mut a, &mut b);
    write_pair(&a, &now, &before, "甲县/a.csv");
    write_pair(&b, &now, &before, "乙县/b.csv");
    write_pair(&pair(43, true), &now, &before, "甲县/c.xlsx");
    write_pair(&pair(44, false), &now, &before, "乙县/d.xlsx");
    // A register without a baseline is checked and indexed alone.
    ok(&["generate", "--households", "30", "--seed", "45", "--clean", "--out", s(&now.join("乙县/e.csv"))]);

    let (report, index, found) = (dir.join("report"), dir.join("index"), dir.join("cross.json"));
    ok(&["check", s(&now), "--out", s(&report), "--previous", s(&before)]);
    let indexed = ok(&["index", s(&now), "--out", s(&index), "--previous", s(&before)]);
    assert!(String::from_utf8_lossy(&indexed.stderr).contains("e.csv"), "the register without a baseline is named");
    let periods = std::fs::read_dir(&index).unwrap().flatten();
    assert_eq!(periods.filter(|e| e.file_name().to_string_lossy().starts_with("period-")).count(), 4);
    ok(&["cross", s(&index), "--out", s(&found)]);

    let labels: std::collections::BTreeSet<String> =
        ["甲县/a.csv", "乙县/b.csv", "甲县/c.xlsx", "乙县/d.xlsx", "乙县/e.csv"].map(str::to_owned).into();
    let mut want = Vec::new();
    for label in &labels {
        let report = json(&report.join(format!("{label}.json")));
        for f in
            report["findings"].as_array().unwrap().iter().filter(|f| f["rule"].as_str().unwrap().starts_with("period-"))
        {
            want.push(period_finding(f, Some(label), &labels));
        }
    }
    let got: Vec<Value> = json(&found)
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("period-"))
        .map(|f| period_finding(f, None, &labels))
        .collect();
    let kinds: std::collections::BTreeSet<&str> = want.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    let every: std::collections::BTreeSet<&str> = huqing::period::kinds::KINDS.iter().map(|k| k.key).collect();
    assert_eq!(kinds, every, "every kind of change is planted and found by check");
    assert!(want.len() >= 40, "{} period findings", want.len());

    // Finding for finding, but for the person who moved across files: check reports them
    // removed from a and added to b; the SQL, which sees every register, a move.
    let key = |v: &Value| v.to_string();
    let (mut only_check, mut only_sql): (Vec<&Value>, Vec<&Value>) = (Vec::new(), Vec::new());
    let mut rest: Vec<&Value> = got.iter().collect();
    for w in &want {
        match rest.iter().position(|g| key(g) == key(w)) {
            Some(i) => drop(rest.remove(i)),
            None => only_check.push(w),
        }
    }
    only_sql.extend(rest);
    let summary = |v: &[&Value]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> =
            v.iter().map(|f| (f["rule"].as_str().unwrap().to_owned(), f["rows"].to_string())).collect();
        v.sort();
        v
    };
    let in_b = |f: &Value| f["rows"][0][0] == "乙县/b.csv";
    assert_eq!(only_check.len(), 2, "{:#?}", summary(&only_check));
    let removed = only_check.iter().find(|f| f["rule"] == "period-person-removed").expect("removed from a");
    assert_eq!(removed["value"], moved.as_str());
    assert_eq!(removed["previous"][0][0], "a.csv", "named on a's baseline");
    let added = only_check.iter().find(|f| f["rule"] == "period-person-added").expect("added to b");
    assert!(in_b(added) && added["value"] == moved.as_str());
    assert_eq!(only_sql.len(), 1, "{:#?}", summary(&only_sql));
    let move_across = only_sql[0];
    assert_eq!(move_across["rule"], "period-person-moved");
    assert_eq!(move_across["rows"], added["rows"], "on b's row");
    assert_eq!(move_across["previous"], removed["previous"], "from a's baseline row");

    // An exemption list naming a person whose name changed (by the kind's title), a person no
    // longer listed (by their baseline row's ID), a household whose size changed unlike its
    // members and, for every rule, one whose status changed: the SQL exempts what check exempts.
    let first = |rule: &str| want.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("{rule}"));
    let gone = want
        .iter()
        .find(|f| {
            f["rule"] == "period-person-removed" && f["rows"] == serde_json::json!([]) && f["value"] != moved.as_str()
        })
        .unwrap();
    let renamed = first("period-name-changed");
    let title = huqing::period::kinds::NAME_CHANGED.title_zh;
    let lines = format!(
        "证件号码,户编号,规则,原因\n{},,{title},改名有户口簿\n{},,period-person-removed,年内去世\n,{},period-size-change-mismatch,人数已核\n,{},*,按户核实\n{},,period-person-added,不相干\n",
        renamed["previous"][0][6].as_str().unwrap(),
        gone["previous"][0][6].as_str().unwrap(),
        first("period-size-change-mismatch")["household"].as_str().unwrap(),
        first("period-status-changed")["household"].as_str().unwrap(),
        renamed["previous"][0][6].as_str().unwrap(),
    );
    let list = dir.join("豁免.csv");
    std::fs::write(&list, lines).unwrap();
    let (report2, found2) = (dir.join("report2"), dir.join("cross-exempted.json"));
    ok(&["check", s(&now), "--out", s(&report2), "--previous", s(&before), "--exemptions", s(&list)]);
    ok(&["index", s(&now), "--out", s(&index), "--previous", s(&before), "--exemptions", s(&list)]);
    ok(&["cross", s(&index), "--out", s(&found2)]);
    let mut want2 = Vec::new();
    for label in &labels {
        let report = json(&report2.join(format!("{label}.json")));
        let findings = report["findings"].as_array().unwrap().iter();
        want2.extend(
            findings
                .filter(|f| f["rule"].as_str().unwrap().starts_with("period-"))
                .map(|f| period_finding(f, Some(label), &labels)),
        );
    }
    let got2: Vec<Value> = json(&found2)
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("period-"))
        .map(|f| period_finding(f, None, &labels))
        .collect();
    let reasons: std::collections::BTreeSet<&str> = want2.iter().filter_map(|f| f["exempted"].as_str()).collect();
    assert_eq!(reasons, ["人数已核", "年内去世", "按户核实", "改名有户口簿"].into(), "each line exempts in check");
    let sorted = |v: &[Value]| {
        let mut v: Vec<String> = v.iter().map(|f| f.to_string()).collect();
        v.sort();
        v
    };
    let (w, g) = (sorted(&want2), sorted(&got2));
    let only_check: Vec<&String> = w.iter().filter(|x| !g.contains(x)).collect();
    let only_sql: Vec<&String> = g.iter().filter(|x| !w.contains(x)).collect();
    assert_eq!((only_check.len(), only_sql.len()), (2, 1), "the move alone differs: {only_check:#?} {only_sql:#?}");

    // The profile switches a kind off and sets another's severity, as it does for check.
    let profile = dir.join("方案.json");
    let rules = r#"{"name": "x", "rules": {"period-person-moved": "off", "period-status-changed": "warning"}}"#;
    std::fs::write(&profile, rules).unwrap();
    let found = dir.join("cross2.json");
    ok(&["cross", s(&index), "--out", s(&found), "--profile", s(&profile)]);
    let got = json(&found);
    let of = |rule: &str| got.as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect::<Vec<_>>();
    assert!(of("period-person-moved").is_empty() && !of("period-person-removed").is_empty());
    assert!(
        !of("period-status-changed").is_empty()
            && of("period-status-changed").iter().all(|f| f["severity"] == "warning")
    );

    // One baseline FILE is one register's; a single register takes one.
    let several = huqing(&["index", s(&now), "--out", s(&index), "--previous", s(&before.join("甲县/a.csv"))]);
    assert_eq!(several.status.code(), Some(64));
    let one = dir.join("one");
    ok(&["index", s(&now.join("甲县/a.csv")), "--out", s(&one), "--previous", s(&before.join("甲县/a.csv"))]);
    assert!(one.join("period-00000.parquet").is_file());
}
