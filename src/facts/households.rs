//! Households as a sheet describes them, for joining a household list (one row per 户编号, with
//! 人口数, 户主 and 帮扶责任人) with a person list (one row per member): two sheets of one
//! workbook, or two files checked together. The join compares the declared size with the member
//! rows, the head on both sides, and finds households present in one list only.
//! [`HouseholdList::from_context`] reads a sheet's, beside the context it reads them from.

/// One household as one sheet describes it.
#[derive(Debug, Clone)]
pub struct HouseholdSide {
    /// 户编号 as compared: trimmed, without the exporting system's text markers.
    pub key: String,
    /// 户编号 as written, 乡镇, 行政村.
    pub written: String,
    pub township: String,
    pub village: String,
    /// Its rows as Excel numbers them, and as data rows of the sheet.
    pub rows: Vec<u32>,
    pub data_rows: Vec<usize>,
    /// Member rows (a person list), or the size declared (a household list's 人口数).
    pub size: Option<u64>,
    /// The head's ID as compared (`Context::id_key`) and as written, and its row.
    pub head_id: Option<(String, String)>,
    /// The head's name as compared (`names::key`) and as written.
    pub head_name: Option<(String, String)>,
    /// The data rows naming the head (the 户主 row of a person list), for findings about it.
    pub head_rows: Vec<usize>,
}

/// The households of a sheet.
#[derive(Debug, Clone, Default)]
pub struct HouseholdList {
    /// The sheet (or file) they come from, for messages.
    pub source: String,
    pub households: Vec<HouseholdSide>,
}

/// 户编号 as two lists are joined on: `#3125752184` and `3125752184` are one household.
pub fn household_key(written: &str) -> String {
    crate::base::text::trim(written).trim_start_matches(['#', '\'', '\t']).trim().to_owned()
}

/// A disagreement between a person list and a household list.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub rule: &'static str,
    /// Index into the person list's households, when the household is there.
    pub person: Option<usize>,
    /// Index into the household list's households, when the household is there.
    pub listed: Option<usize>,
    /// The value the finding quotes.
    pub value: String,
    /// What the other side says, for the message.
    pub other: String,
}

/// Joins `persons` (a person list's households) and `list` (a household list) by 户编号: size
/// declared vs members listed, head ID and name on both, households in one only. In order of the
/// person list, then the list's households missing from it.
pub fn join(persons: &HouseholdList, list: &HouseholdList) -> Vec<Mismatch> {
    use std::collections::HashMap;
    let listed: HashMap<&str, usize> = list.households.iter().enumerate().map(|(i, h)| (h.key.as_str(), i)).collect();
    let mut seen = vec![false; list.households.len()];
    let mut out = Vec::new();
    let mut push = |rule, person, listed, value: &str, other: &str| {
        out.push(Mismatch { rule, person, listed, value: value.to_owned(), other: other.to_owned() })
    };
    for (p, h) in persons.households.iter().enumerate() {
        let Some(&l) = listed.get(h.key.as_str()) else {
            push("household-list-missing", Some(p), None, &h.written, "");
            continue;
        };
        seen[l] = true;
        let g = &list.households[l];
        if let (Some(declared), Some(members)) = (g.size, h.size) {
            if declared != members {
                push("household-list-size-mismatch", Some(p), Some(l), &declared.to_string(), &members.to_string());
            }
        }
        // The IDs when both sides have one, else the names.
        let (mine, theirs) = match (&h.head_id, &g.head_id) {
            (Some(_), Some(_)) => (&h.head_id, &g.head_id),
            _ => (&h.head_name, &g.head_name),
        };
        if let (Some(a), Some(b)) = (mine, theirs) {
            if a.0 != b.0 {
                push("household-list-head-mismatch", Some(p), Some(l), &b.1, &a.1);
            }
        }
    }
    for (l, g) in list.households.iter().enumerate().filter(|(l, _)| !seen[*l]) {
        push("household-list-extra", None, Some(l), &g.written, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::facts::context::Context;
    use crate::profile::Profile;
    use crate::read::table::Table;

    fn list(rows: &[&[&str]]) -> HouseholdList {
        let table = Table::from_rows(rows);
        let mapping = Mapping::new(table.headers(), &Default::default());
        let profile = Profile::default();
        let ctx = Context::new(&table, &mapping, &profile);
        HouseholdList::from_context(&ctx, "x")
    }

    #[test]
    fn joins_a_person_list_and_a_household_list() {
        let persons = list(&[
            &["户编号", "姓名", "证件号码", "与户主关系", "年度"],
            &["1", "张三", "360426199101010071", "户主", "2019"],
            &["1", "张三", "360426199101010071", "户主", "2020"],
            &["1", "李四", "360426199202020029", "配偶", "2020"],
            &["2", "王五", "360426199303030013", "户主", "2020"],
            &["3", "赵六", "360426910101007", "户主", "2020"],
        ]);
        assert_eq!(persons.households.len(), 3, "the latest year only");
        let households = list(&[
            &["户编号", "户主姓名", "户主证件号码", "人口数", "帮扶责任人"],
            &["#1", "张三", "360426199101010071", "3", "刘一"],
            &["3", "赵六", "360426199303030013", "1", "刘一"],
            &["4", "钱七", "", "2", "刘一"],
        ]);
        let found: Vec<(&str, Option<usize>, Option<usize>, String)> =
            join(&persons, &households).into_iter().map(|m| (m.rule, m.person, m.listed, m.value)).collect();
        assert_eq!(
            found,
            [
                ("household-list-size-mismatch", Some(0), Some(0), "3".to_owned()),
                ("household-list-missing", Some(1), None, "2".to_owned()),
                ("household-list-head-mismatch", Some(2), Some(1), "360426199303030013".to_owned()),
                ("household-list-extra", None, Some(2), "4".to_owned()),
            ]
        );
    }
}
