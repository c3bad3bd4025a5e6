//! The wasm boundary in a real browser (headless Chromium through wasm-bindgen-test): a
//! committed register fixture goes in as bytes, the report comes out as a JS object with the
//! findings the generator planted, progress is reported, and bad files throw a clear error.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Written by `huqing generate --households 60 --seed 3 --title-rows 1` (see tests/fixtures/README.md).
const XLSX: &[u8] = include_bytes!("fixtures/register-small.xlsx");
const EXPECTED: &str = include_str!("fixtures/register-small.expected.json");

/// Checks as the page's worker does: a `Checked` kept open, its report read.
fn check(
    bytes: Vec<u8>,
    name: &str,
    options: JsValue,
    on_progress: &js_sys::Function,
    exemptions: Option<Vec<u8>>,
    exemptions_name: Option<String>,
) -> Result<JsValue, JsValue> {
    huqing::wasm::Checked::new(
        bytes,
        name,
        options,
        on_progress,
        exemptions,
        exemptions_name,
        None,
        None,
        None,
        None,
        None,
    )?
    .report()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn as_json(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(v).unwrap())).unwrap()
}

/// (rule, rows) pairs, sorted.
fn pairs(findings: &serde_json::Value) -> Vec<(String, Vec<u64>)> {
    let mut v: Vec<(String, Vec<u64>)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect(),
            )
        })
        .collect();
    v.sort();
    v
}

#[wasm_bindgen_test]
fn checks_an_xlsx_register_and_reports_progress() {
    let calls: Rc<RefCell<Vec<(f64, String)>>> = Rc::default();
    let sink = calls.clone();
    let on_progress = Closure::<dyn FnMut(f64, String)>::new(move |f, s| sink.borrow_mut().push((f, s)));
    let report = check(
        XLSX.to_vec(),
        "register-small.xlsx",
        JsValue::UNDEFINED,
        on_progress.as_ref().unchecked_ref(),
        None,
        None,
    )
    .unwrap();

    assert_eq!(get(&report, "format").as_string().as_deref(), Some("xlsx"));
    assert_eq!(get(&report, "header_row").as_f64(), Some(2.0));
    let findings = as_json(&get(&report, "findings"));
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    assert_eq!(pairs(&findings), pairs(&expected));

    let calls = calls.borrow();
    assert_eq!(calls.last().map(|c| c.0), Some(1.0));
    for stage in ["reading", "mapping", "checking", "summarising"] {
        assert!(calls.iter().any(|c| c.1 == stage), "no progress for stage {stage}");
    }
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "progress went backwards");
}

#[wasm_bindgen_test]
fn refuses_broken_files_with_a_message() {
    let noop = js_sys::Function::new_no_args("");
    let err = check(XLSX[..XLSX.len() / 2].to_vec(), "cut.xlsx", JsValue::UNDEFINED, &noop, None, None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("corrupt"));
    assert!(get(&err, "message_zh").as_string().unwrap().contains("损坏"));

    let err = check(Vec::new(), "empty.csv", JsValue::UNDEFINED, &noop, None, None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("empty"));
}

#[wasm_bindgen_test]
fn takes_options_and_rejects_bad_ones() {
    let noop = js_sys::Function::new_no_args("");
    let csv = "户编号,姓名,证件号码,与户主关系,人数\n1,张三,360426199101010072,户主,1\n".as_bytes();
    let report = check(csv.to_vec(), "a.csv", JsValue::UNDEFINED, &noop, None, None).unwrap();
    assert_eq!(as_json(&get(&report, "summary"))["person-id-checksum"], 1);

    let options = js_sys::JSON::parse(r#"{"sheet": "nope"}"#).unwrap();
    let err = check(csv.to_vec(), "a.csv", options, &noop, None, None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("sheet-not-found"));

    let options = js_sys::JSON::parse(r#"{"colour": "red"}"#).unwrap();
    let err = check(csv.to_vec(), "a.csv", options, &noop, None, None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("bad-options"));
}

#[wasm_bindgen_test]
fn takes_a_profile_and_an_exemption_list() {
    let noop = js_sys::Function::new_no_args("");
    let csv = "户编号,姓名,证件号码,与户主关系,人数\n1,张三,360426199101010072,户主,1\n".as_bytes();
    let options =
        js_sys::JSON::parse(r#"{"profile": "{\"name\": \"p\", \"rules\": {\"person-id-checksum\": \"info\"}}"}"#)
            .unwrap();
    let list = "证件号码,规则,原因\n360426199101010072,person-id-checksum,已核实\n".as_bytes().to_vec();
    let report = check(csv.to_vec(), "a.csv", options, &noop, Some(list), Some("豁免.csv".into())).unwrap();
    let report = as_json(&report);
    assert_eq!(report["profile"], "p");
    assert_eq!(report["exempted"]["person-id-checksum"], 1);
    let checksum = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "person-id-checksum").unwrap();
    assert_eq!(checksum["exempted"], "已核实");
    assert_eq!(checksum["severity"], "info");

    let options = js_sys::JSON::parse(r#"{"profile": "{\"name\": \"p\", \"max_age\": -1}"}"#).unwrap();
    let err = check(csv.to_vec(), "a.csv", options, &noop, None, None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("bad-profile"));
    assert!(get(&err, "message_zh").as_string().unwrap().contains("max_age"));
}

#[wasm_bindgen_test]
fn lists_the_rules_of_a_profile() {
    let all = as_json(&huqing::wasm::rules(None).unwrap());
    let first = &all.as_array().unwrap()[0];
    assert!(first["key"].is_string() && first["doc"].as_str().unwrap().len() > 40 && first["enabled"] == true);
    let off =
        as_json(&huqing::wasm::rules(Some(r#"{"name": "p", "rules": {"duplicate-row": "off"}}"#.into())).unwrap());
    assert!(off.as_array().unwrap().iter().any(|r| r["key"] == "duplicate-row" && r["enabled"] == false));
    assert!(huqing::wasm::rules(Some("nope".into())).is_err());
}

#[wasm_bindgen_test]
fn a_batch_finds_a_person_of_one_file_in_another() {
    let noop = js_sys::Function::new_no_args("");
    let mut batch = huqing::wasm::Batch::new();
    let report = batch.add(XLSX.to_vec(), "register-small.xlsx", JsValue::UNDEFINED, &noop).unwrap();
    let findings = as_json(&get(&report, "findings"));
    let group = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "person-in-multiple-households")
        .expect("the fixture plants one");
    let person = &group["locations"][0];
    let (name, id) = (person["name"].as_str().unwrap(), person["id"].as_str().unwrap());
    let csv =
        format!("户编号,姓名,证件号码,与户主关系,人数\nB1,{name},{id},户主,1\nB2,李四,120103198806018241,户主,1\n");
    let other = batch.add(csv.as_bytes().to_vec(), "b.csv", JsValue::UNDEFINED, &noop).unwrap();
    assert_eq!(get(&other, "file").as_string().as_deref(), Some("b.csv"));
    let err = batch.add(Vec::new(), "empty.csv", JsValue::UNDEFINED, &noop).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("empty"), "a bad file throws and the batch goes on");

    let out = as_json(&batch.finish().unwrap());
    let cross = out["cross"].as_array().unwrap();
    assert_eq!(cross.len(), 1, "{out}");
    assert_eq!(cross[0]["rule"], "person-in-multiple-households");
    assert_eq!(cross[0]["value"], id);
    let files: Vec<&str> =
        cross[0]["locations"].as_array().unwrap().iter().map(|l| l["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["register-small.xlsx", "register-small.xlsx", "b.csv"]);
    assert_eq!(out["summary"]["person-in-multiple-households"], 1);
}

/// The small register checked as the worker checks a file given alone, with no options.
fn small_register(on_progress: &js_sys::Function) -> huqing::wasm::Checked {
    huqing::wasm::Checked::new(
        XLSX.to_vec(),
        "register-small.xlsx",
        JsValue::UNDEFINED,
        on_progress,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn checked_keeps_the_file_for_the_household_view() {
    let noop = js_sys::Function::new_no_args("");
    let checked = small_register(&noop);
    let report = as_json(&checked.report().unwrap());
    assert!(report["totals"]["errors"].as_u64().unwrap() > 0);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["household"].is_string())
        .expect("a finding in a household");
    let key = finding["household"].as_str().unwrap();
    let view = as_json(&checked.household(key).unwrap());
    assert_eq!(view["household"], key);
    assert_eq!(view["header_row"], report["header_row"]);
    let rows: Vec<u64> = view["rows"].as_array().unwrap().iter().map(|r| r["row"].as_u64().unwrap()).collect();
    let first = finding["rows"][0].as_u64().unwrap();
    assert!(rows.contains(&first), "the household view holds the finding's row {first}: {rows:?}");
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "members in sheet order");
    let col =
        report["headers"].as_array().unwrap().iter().position(|h| h == &report["columns"]["household-id"]).unwrap();
    for row in view["rows"].as_array().unwrap() {
        assert_eq!(row["cells"][col].as_str().unwrap().trim(), key);
    }
    assert_eq!(as_json(&checked.household("no such household").unwrap())["rows"], serde_json::json!([]));
}

/// What the page's worker sends (the head, then the findings as JSON in parts) makes the report.
#[wasm_bindgen_test]
fn the_head_and_the_findings_in_parts_are_the_report() {
    let noop = js_sys::Function::new_no_args("");
    let checked = small_register(&noop);
    let mut report = as_json(&checked.report().unwrap());
    let findings = report.as_object_mut().unwrap().remove("findings").unwrap();
    let mut head = as_json(&checked.head().unwrap());
    let facets = head.as_object_mut().unwrap().remove("facets").unwrap();
    assert_eq!(head, report);
    let count = checked.findings_count();
    assert!(count > 3 && count == findings.as_array().unwrap().len());
    let mut joined = Vec::new();
    for start in (0..count + 3).step_by(3) {
        let part: Vec<serde_json::Value> = serde_json::from_slice(&checked.findings_part(start, start + 3)).unwrap();
        assert!(part.len() <= 3);
        joined.extend(part);
    }
    assert_eq!(serde_json::Value::Array(joined), findings);
    assert_eq!(facets["severities"].as_array().unwrap().len(), {
        let mut seen: Vec<&serde_json::Value> = findings.as_array().unwrap().iter().map(|f| &f["severity"]).collect();
        seen.sort_by_key(|v| v.to_string());
        seen.dedup();
        seen.len()
    });
}

#[wasm_bindgen_test]
fn checked_makes_every_export() {
    let noop = js_sys::Function::new_no_args("");
    let checked = small_register(&noop);
    let report = as_json(&checked.report().unwrap());
    let findings = report["findings"].as_array().unwrap().len();
    for xlsx in [checked.annotated_xlsx(XLSX, &noop).unwrap(), checked.masked_xlsx().unwrap()] {
        assert!(xlsx.starts_with(b"PK") && xlsx.len() > 4000, "an xlsx file of {} bytes", xlsx.len());
    }
    let csv = String::from_utf8(checked.findings_csv()).unwrap();
    assert!(csv.starts_with('\u{FEFF}'));
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), findings + 1);
    let json: serde_json::Value = serde_json::from_slice(&checked.findings_json()).unwrap();
    assert_eq!(json["findings"], report["findings"]);
    let masked: serde_json::Value = serde_json::from_slice(&checked.masked_json()).unwrap();
    assert_eq!(masked["totals"], report["totals"]);
    let text = masked.to_string();
    for f in report["findings"].as_array().unwrap().iter().filter(|f| f["column"] == "证件号码") {
        let id = f["value"].as_str().unwrap();
        assert!(id.len() < 8 || !text.contains(id), "the masked summary holds {id}");
    }
}

/// Written by `huqing generate --households 60 --seed 5 --clean --out lists-register.xlsx --lists
/// DIR`; three of DIR's lists and their part of DIR/expected.json (see tests/fixtures/README.md).
const LISTS_REGISTER: &[u8] = include_bytes!("fixtures/lists/lists-register.xlsx");
const LISTS: [(&str, &[u8]); 3] = [
    ("死亡人员名单.csv", include_bytes!("fixtures/lists/死亡人员名单.csv")),
    ("车辆登记信息.csv", include_bytes!("fixtures/lists/车辆登记信息.csv")),
    ("残疾人证名单.csv", include_bytes!("fixtures/lists/残疾人证名单.csv")),
];
const LISTS_EXPECTED: &str = include_str!("fixtures/lists/expected.json");

/// Written by `huqing generate --households 100 --seed 4 --out period-current.xlsx --previous
/// period-previous.xlsx --expected period.expected.json`.
const PERIOD_CURRENT: &[u8] = include_bytes!("fixtures/period/period-current.xlsx");
const PERIOD_PREVIOUS: &[u8] = include_bytes!("fixtures/period/period-previous.xlsx");
const PERIOD_EXPECTED: &str = include_str!("fixtures/period/period.expected.json");

/// The lists as the worker hands them over: `[{bytes, name}]` (kinds guessed from the names).
fn lists_value() -> js_sys::Array {
    LISTS
        .iter()
        .map(|(name, bytes)| {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"bytes".into(), &js_sys::Uint8Array::from(*bytes)).unwrap();
            js_sys::Reflect::set(&o, &"name".into(), &(*name).into()).unwrap();
            JsValue::from(o)
        })
        .collect()
}

/// (rule, rows, list file, list row) of each list finding, sorted; an absence names no list row.
fn list_findings(findings: &serde_json::Value) -> Vec<(String, Vec<u64>, String, Option<u64>)> {
    let mut v: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("list-"))
        .map(|f| {
            let at = &f["locations"][0];
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect(),
                at["file"].as_str().unwrap_or_default().to_owned(),
                at["row"].as_u64(),
            )
        })
        .collect();
    v.sort();
    v
}

#[wasm_bindgen_test]
fn checked_compares_with_departments_lists() {
    let noop = js_sys::Function::new_no_args("");
    let checked = huqing::wasm::Checked::new(
        LISTS_REGISTER.to_vec(),
        "lists-register.xlsx",
        JsValue::UNDEFINED,
        &noop,
        None,
        None,
        Some(lists_value()),
        None,
        None,
        None,
        None,
    )
    .unwrap();
    let report = as_json(&checked.report().unwrap());
    let expected: serde_json::Value = serde_json::from_str(LISTS_EXPECTED).unwrap();
    let mut want: Vec<_> = expected
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| LISTS.iter().any(|(name, _)| e["list"] == *name))
        .map(|e| {
            let row = e["list_row"].as_u64();
            let file = if row.is_some() { e["list"].as_str().unwrap().to_owned() } else { String::new() };
            (
                e["rule"].as_str().unwrap().to_owned(),
                e["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect(),
                file,
                row,
            )
        })
        .collect();
    want.sort();
    assert!(want.len() >= 4, "the fixture plants matches: {want:?}");
    assert_eq!(list_findings(&report["findings"]), want);
    let kinds: Vec<&str> = report["compare"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["deceased", "vehicle", "disability"]);
}

/// Checks the period fixture as the worker does, with or without last period's register.
fn check_period(previous: Option<(&[u8], &str)>, on_progress: &js_sys::Function) -> Result<serde_json::Value, JsValue> {
    let checked = huqing::wasm::Checked::new(
        PERIOD_CURRENT.to_vec(),
        "period-current.xlsx",
        JsValue::UNDEFINED,
        on_progress,
        None,
        None,
        None,
        previous.map(|(b, _)| b.to_vec()),
        previous.map(|(_, n)| n.to_owned()),
        None,
        None,
    )?;
    Ok(as_json(&checked.report()?))
}

#[wasm_bindgen_test]
fn checked_compares_with_last_periods_register() {
    let calls = Rc::new(RefCell::new(Vec::<String>::new()));
    let seen = calls.clone();
    let on_progress =
        Closure::<dyn FnMut(f64, String)>::new(move |_: f64, stage: String| seen.borrow_mut().push(stage));
    let report =
        check_period(Some((PERIOD_PREVIOUS, "period-previous.xlsx")), on_progress.as_ref().unchecked_ref()).unwrap();
    // Every planted change at its rows (a person no longer listed: at last period's row).
    let expected: serde_json::Value = serde_json::from_str(PERIOD_EXPECTED).unwrap();
    let mut want: Vec<(String, Vec<u64>, Vec<u64>)> = expected
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            // previous_rows is left out when empty.
            let rows =
                |k: &str| e[k].as_array().into_iter().flatten().map(|r| r.as_u64().unwrap()).collect::<Vec<u64>>();
            (e["rule"].as_str().unwrap().to_owned(), rows("rows"), rows("previous_rows"))
        })
        .collect();
    want.sort();
    let mut found: Vec<(String, Vec<u64>, Vec<u64>)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("period-"))
        .map(|f| {
            let rows: Vec<u64> = f["rows"].as_array().unwrap().iter().map(|r| r.as_u64().unwrap()).collect();
            let previous = if rows.is_empty() {
                f["locations"].as_array().unwrap().iter().map(|l| l["row"].as_u64().unwrap()).collect()
            } else {
                Vec::new()
            };
            (f["rule"].as_str().unwrap().to_owned(), rows, previous)
        })
        .collect();
    found.sort();
    assert!(want.iter().any(|w| w.0 == "period-household-split") && want.len() >= 8, "{want:?}");
    assert_eq!(found, want);
    // The summary counts them; its sentence starts as a clerk reports it.
    let period = &report["period"];
    assert_eq!(period["previous"], "period-previous.xlsx");
    let count = |rule: &str| want.iter().filter(|w| w.0 == rule).count() as u64;
    assert_eq!(period["totals"]["added"].as_u64().unwrap(), count("period-person-added"));
    assert_eq!(period["totals"]["removed"].as_u64().unwrap(), count("period-person-removed"));
    assert!(period["text_zh"].as_str().unwrap().starts_with(&format!("新增 {} 人", count("period-person-added"))));
    // The register's own findings are those it has alone.
    let alone = check_period(None, &js_sys::Function::new_no_args("")).unwrap();
    assert!(alone.get("period").is_none());
    let own = |r: &serde_json::Value| {
        let all = serde_json::Value::Array(
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| !f["rule"].as_str().unwrap().starts_with("period-"))
                .cloned()
                .collect(),
        );
        pairs(&all)
    };
    assert_eq!(own(&report), own(&alone));
    // Last period's register has its own progress stage.
    let stages = calls.borrow();
    let at = |s: &str| stages.iter().position(|x| x == s).unwrap_or_else(|| panic!("no progress for {s}: {stages:?}"));
    assert!(at("checking") < at("previous") && at("previous") < at("summarising"));
}

#[wasm_bindgen_test]
fn refuses_a_previous_register_that_cannot_be_compared() {
    let noop = js_sys::Function::new_no_args("");
    let households = "户编号,户主姓名,人数\n1,张三,3\n2,李四,2\n".as_bytes();
    let err = check_period(Some((households, "户表.csv")), &noop).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("bad-previous"));
    assert!(get(&err, "message_zh").as_string().unwrap().contains("户表.csv"));
    let err = check_period(Some((&PERIOD_PREVIOUS[..PERIOD_PREVIOUS.len() / 2], "cut.xlsx")), &noop).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("bad-previous"));
}

#[wasm_bindgen_test]
fn kinds_are_labelled_by_the_checker() {
    let kinds = as_json(&huqing::wasm::kinds(None).unwrap());
    let lists = kinds["lists"].as_array().unwrap();
    assert_eq!(lists.len(), huqing::compare::KINDS.len());
    assert_eq!(lists[0]["kind"], "deceased");
    assert_eq!(lists[0]["label_zh"], "死亡、注销户籍人员（公安/民政）");
    let period = kinds["period"].as_array().unwrap();
    assert_eq!(period.len(), huqing::period::kinds::KINDS.len());
    assert_eq!(period[0]["key"], "period-person-added");
    assert_eq!(period[0]["label_zh"], "新增人员");
    assert_eq!(period[0]["label_en"], "Person added");
}

#[wasm_bindgen_test]
fn the_heap_in_use_is_what_a_kept_check_holds() {
    let noop = js_sys::Function::new_no_args("");
    let checked = || small_register(&noop);
    // A first check sets up what lives as long as the module (the panic hook).
    drop(checked());
    let before = huqing::wasm::heap_in_use();
    let kept = checked();
    let report = kept.report().unwrap();
    let held = huqing::wasm::heap_in_use() - before;
    assert!(held > 10_000.0, "a kept check of 190 rows holds {held} bytes");
    drop(report);
    drop(kept);
    assert_eq!(huqing::wasm::heap_in_use(), before, "a check freed leaves nothing behind");
}

/// The worker's warm-up (a small register checked before the first file) runs in wasm and
/// keeps nothing of that register: a second warm-up ends with the heap the first left.
#[wasm_bindgen_test]
fn the_warm_up_checks_a_register_and_keeps_nothing_of_it() {
    huqing::wasm::warm_up();
    let after_one = huqing::wasm::heap_in_use();
    huqing::wasm::warm_up();
    let after_two = huqing::wasm::heap_in_use();
    assert!((after_two - after_one).abs() < 64.0 * 1024.0, "heap {after_one} → {after_two}");
}
