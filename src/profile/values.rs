//! Adding the values a check found off the code lists (`value-not-in-code-list`) to a profile's
//! `codes` in one step, for `huqing profile add-values` (the page does the same in
//! www/profile-values.js).

use serde_json::{Map, Value};

/// A value off a code list, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The column key, e.g. `household-type`.
    pub role: String,
    pub value: String,
    /// The rows holding it.
    pub rows: usize,
}

/// The values of the open `value-not-in-code-list` findings of `report`: a report as JSON (of
/// `huqing check`, the page, or of several files, whose `files` are each read), by column key,
/// the same value of several files once with its rows added up.
pub fn unknown_values(report: &Value) -> Vec<Seen> {
    let mut seen: Vec<Seen> = Vec::new();
    let reports: Vec<&Value> = match report.get("files").and_then(Value::as_array) {
        Some(files) => files.iter().collect(),
        None => vec![report],
    };
    for r in reports {
        let columns = r.get("columns").and_then(Value::as_object);
        let findings = r.get("findings").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        for f in findings {
            if f["rule"] != "value-not-in-code-list" || !f["exempted"].is_null() {
                continue;
            }
            let (Some(header), Some(value)) = (f["column"].as_str(), f["value"].as_str()) else { continue };
            let role = columns.and_then(|c| c.iter().find(|(_, h)| h.as_str() == Some(header))).map(|(k, _)| k);
            let Some(role) = role else { continue };
            let rows = f["rows"].as_array().map_or(0, Vec::len);
            match seen.iter_mut().find(|s| s.role == *role && s.value == value) {
                Some(s) => s.rows += rows,
                None => seen.push(Seen { role: role.clone(), value: value.to_owned(), rows }),
            }
        }
    }
    seen
}

/// The profile document `base` — a profile's JSON text, or a built-in profile's name, which the
/// new document `extends` — with `seen` added to its `codes` (values it already has are not
/// repeated). The result is read back as a profile, so a wrong `base` is refused here.
pub fn add_values(base: &str, seen: &[Seen]) -> Result<String, crate::base::error::Error> {
    let base = base.trim();
    let mut doc: Map<String, Value> = if base.starts_with('{') {
        crate::profile::Profile::from_json(base)?;
        serde_json::from_str(base).expect("a profile that reads is a JSON object")
    } else {
        crate::profile::Profile::choose(base)?;
        let mut doc = Map::new();
        doc.insert("name".into(), Value::from(format!("{base}-本省取值")));
        doc.insert("extends".into(), Value::from(base));
        doc
    };
    let codes = doc.entry("codes").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(codes) = codes {
        for s in seen {
            let list = codes.entry(s.role.clone()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                if !list.iter().any(|v| v.as_str().map(str::trim) == Some(s.value.trim())) {
                    list.push(Value::from(s.value.clone()));
                }
            }
        }
    }
    let text = serde_json::to_string_pretty(&Value::Object(doc)).expect("JSON serialises") + "\n";
    crate::profile::Profile::from_json(&text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({
            "columns": {"household-type": "贫困户属性", "monitor-category": "监测类型"},
            "findings": [
                {"rule": "value-not-in-code-list", "column": "贫困户属性", "value": "兜底户", "rows": [2, 3], "exempted": null},
                {"rule": "value-not-in-code-list", "column": "监测类型", "value": "x", "rows": [4], "exempted": "已核实"},
                {"rule": "person-id-checksum", "column": "证件号码", "value": "1", "rows": [5], "exempted": null}
            ]
        })
    }

    #[test]
    fn values_off_the_lists_are_read_from_a_report() {
        assert_eq!(
            unknown_values(&report()),
            [Seen { role: "household-type".into(), value: "兜底户".into(), rows: 2 }]
        );
        let two = json!({"files": [report(), {"file": "b.xlsx", "error": {}}, report()]});
        assert_eq!(unknown_values(&two)[0].rows, 4, "the same value of two files is one");
    }

    #[test]
    fn values_are_added_to_a_profile_once() {
        let seen = unknown_values(&report());
        let built_in: Value = serde_json::from_str(&add_values("monitoring-2021", &seen).unwrap()).unwrap();
        assert_eq!(built_in["extends"], "monitoring-2021");
        assert_eq!(built_in["codes"]["household-type"], json!(["兜底户"]));
        let own = r#"{"name": "贵州", "codes": {"household-type": ["兜底户"], "health": ["重病"]}, "max_age": 105}"#;
        let added: Value = serde_json::from_str(&add_values(own, &seen).unwrap()).unwrap();
        assert_eq!(added["codes"], json!({"household-type": ["兜底户"], "health": ["重病"]}));
        assert_eq!(added["max_age"], 105);
        assert!(add_values("national-2099", &seen).is_err());
        assert!(add_values(r#"{"name": "x", "max_age": -1}"#, &seen).is_err());
    }
}
