//! The built-in 防返贫监测 checks (the `monitoring-2021` profile), written in the same
//! condition language a province uses in `custom_rules` (docs/profile.md), so that a reviewer
//! reads each rule's conditions and can change its thresholds in a profile without a release.

use super::custom::CustomRule;
use super::Profile;

/// The rules as JSON: one element of `custom_rules` each.
const PACK: &str = include_str!("pack.json");

/// The built-in monitoring rules, marked built-in.
pub fn pack() -> Vec<CustomRule> {
    let doc = format!(r#"{{"name": "monitoring-checks", "custom_rules": {PACK}}}"#);
    let mut rules = Profile::from_json(&doc).expect("the built-in monitoring checks are a valid profile").custom;
    for r in &mut rules {
        r.built_in = true;
    }
    rules
}

#[cfg(test)]
mod tests;
