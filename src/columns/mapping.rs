//! Which column plays which role: the header matched against [`ROLES`], or the caller's choice.

use crate::columns::roles::{match_score, normalize_header, suggest, Role, ROLES};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a role found its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The header is a known name for the role.
    Exact,
    /// The header contains a known name.
    Likely,
    /// The user or profile chose the column.
    Chosen,
}

/// The column of each role, if any.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    cols: BTreeMap<Role, (usize, Confidence)>,
    /// Roles that more than one column could have played, with the other candidates.
    pub ambiguous: BTreeMap<Role, Vec<usize>>,
}

impl Mapping {
    /// Maps `headers` to roles. Sure matches are taken before likely ones, leftmost first, and a
    /// column plays one role only. `chosen` (role → header text) overrides the guess; an empty
    /// header text leaves the role unmapped (the user said the sheet has no such column).
    pub fn new(headers: &[String], chosen: &BTreeMap<Role, String>) -> Mapping {
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let mut m = Mapping::default();
        let mut taken = vec![false; headers.len()];
        let mut refused = Vec::new();
        for (role, header) in chosen {
            if header.trim().is_empty() {
                refused.push(*role);
                continue;
            }
            if let Some(c) = headers.iter().position(|h| h == header || normalize_header(h) == normalize_header(header))
            {
                m.cols.insert(*role, (c, Confidence::Chosen));
                taken[c] = true;
            }
        }
        for (want, confidence) in [(2, Confidence::Exact), (1, Confidence::Likely)] {
            for def in ROLES {
                if m.cols.contains_key(&def.role) || refused.contains(&def.role) {
                    continue;
                }
                let candidates: Vec<usize> =
                    (0..headers.len()).filter(|&c| !taken[c] && match_score(def, &normalized[c]) == want).collect();
                if let Some(&c) = candidates.first() {
                    m.cols.insert(def.role, (c, confidence));
                    taken[c] = true;
                    if candidates.len() > 1 {
                        m.ambiguous.insert(def.role, candidates[1..].to_vec());
                    }
                }
            }
        }
        m
    }

    /// The column index of `role`.
    pub fn col(&self, role: Role) -> Option<usize> {
        self.cols.get(&role).map(|(c, _)| *c)
    }

    pub fn confidence(&self, role: Role) -> Option<Confidence> {
        self.cols.get(&role).map(|(_, k)| *k)
    }

    /// For roles no column took, a column no role took whose header is close to one of the
    /// role's names ([`suggest`]): the first such column for each role.
    pub fn suggestions(&self, headers: &[String]) -> BTreeMap<Role, usize> {
        let taken: Vec<usize> = self.cols.values().map(|(c, _)| *c).collect();
        let mut out = BTreeMap::new();
        for (c, h) in headers.iter().enumerate() {
            if taken.contains(&c) || h.trim().is_empty() {
                continue;
            }
            if let Some(role) = suggest(&normalize_header(h), |r| !self.cols.contains_key(&r) && !out.contains_key(&r))
            {
                out.insert(role, c);
            }
        }
        out
    }

    /// Every mapped role with its column, in role order.
    pub fn iter(&self) -> impl Iterator<Item = (Role, usize)> + '_ {
        self.cols.iter().map(|(r, (c, _))| (*r, *c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn exact_names_win_over_containing_ones() {
        let h = headers(&["户主证件号码", "成员证件号码", "证件号码", "家庭人口数", "姓名"]);
        let m = Mapping::new(&h, &BTreeMap::new());
        assert_eq!(m.col(Role::PersonId), Some(2));
        assert_eq!(m.confidence(Role::PersonId), Some(Confidence::Exact));
        assert_eq!(m.col(Role::HouseholdSize), Some(3));
        assert_eq!(m.col(Role::Name), Some(4));
        assert_eq!(m.col(Role::HouseholdId), None);
    }

    #[test]
    fn chosen_columns_override() {
        let h = headers(&["证件号码", "身份证号"]);
        let chosen = BTreeMap::from([(Role::PersonId, "身份证号".to_string())]);
        let m = Mapping::new(&h, &chosen);
        assert_eq!(m.col(Role::PersonId), Some(1));
        assert_eq!(m.confidence(Role::PersonId), Some(Confidence::Chosen));
    }

    #[test]
    fn close_headers_are_suggested_not_taken() {
        let h = headers(&["与户主关", "姓名", "年度家庭人口数", "备注"]);
        let m = Mapping::new(&h, &BTreeMap::new());
        assert_eq!(m.col(Role::Relation), None);
        assert_eq!(m.col(Role::HouseholdSize), None);
        let s = m.suggestions(&h);
        assert_eq!(s.get(&Role::Relation), Some(&0));
        assert_eq!(s.get(&Role::HouseholdSize), Some(&2));
        assert_eq!(s.len(), 2, "{s:?}");
        let both = headers(&["当前家庭人口数", "年度家庭人口数"]);
        let m = Mapping::new(&both, &BTreeMap::new());
        assert_eq!(m.col(Role::HouseholdSize), Some(0), "the size now is the household's size");
        assert!(m.suggestions(&both).is_empty());
    }

    #[test]
    fn an_empty_choice_unmaps_the_role() {
        let h = headers(&["证件号码", "姓名"]);
        let chosen = BTreeMap::from([(Role::PersonId, String::new())]);
        let m = Mapping::new(&h, &chosen);
        assert_eq!(m.col(Role::PersonId), None);
        assert_eq!(m.col(Role::Name), Some(1));
    }
}
