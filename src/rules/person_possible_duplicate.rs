//! `person-possible-duplicate`: one person likely recorded twice under different IDs.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::facts::people::PersonIndex;

pub struct PersonPossibleDuplicate;

static META: Meta = Meta {
    key: "person-possible-duplicate",
    severity: Severity::Warning,
    scope: Scope::Table,
    needs: &[Role::Name, Role::PersonId],
    title_zh: "疑似重复人员",
    title_en: "Possible duplicate person",
    message_zh: "疑似同一人登记了 {count} 次，证件号码不同：{value}（户 {households}），请核对哪条记录正确",
    message_en: "Probably one person recorded {count} times under different IDs: {value} (households {households}); check which record is right",
    doc: "**What:** rows with different ID numbers that are probably one person: in different \
households, the same name (ignoring spaces, full-width letters, ·, 〇/○ and traditional forms of \
common surnames such as 陳/陈) with the same birth date and sex; or IDs one mistyped character or \
one swap of neighbouring characters apart, with the same name or names one character apart. The \
birth date comes from 出生日期 when valid, else from the ID; the sex from 性别, else from the ID. \
In a register of several years (年度), rows of different years are not compared: an ID corrected \
between the years is no second record.\n\n\
**Why:** a person registered twice under a mistyped ID escapes the one-person-one-household \
check (一人多户) and is counted and paid twice; which record is right needs a look.\n\n\
**Example:** 陈伟 `360426199101010071` in household 1001 and 陳伟 `360426199101010017` in 1002 \
(the last two digits swapped) → warning on both rows. Namesakes born on different days are not \
reported.",
    doc_zh: "**查什么：**证件号码不同、但很可能是同一个人的行：在不同的户里，姓名相同（不计空格、全角字母、间隔点、〇和○，以及陳和陈这类常见姓的繁简），出生日期和性别也相同；或者两个号码只差打错一位或相邻两位颠倒，姓名相同或只差一个字。出生日期先看出生日期一栏，性别先看性别一栏，没有再从号码取。几个年度合在一张表里时，只比较同一年度的行：前后两年号码改正了，不算重复登记。\n\n\
**为什么要紧：**用打错的号码重复登记的人，躲过了一人多户的检查，会被算两次、补两次；哪条记录是对的，要人工核实。\n\n\
**怎么改：**对照身份证确认正确的号码，删除或合并重复的记录。\n\n\
**例子：**户 1001 的陈伟 360426199101010071 和户 1002 的陳伟 360426199101010017（最后两位颠倒）→ 两行都报警告。生日不同的同名同姓不报。",
};

impl Rule for PersonPossibleDuplicate {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let index = PersonIndex::people(ctx, "");
        out.part_done(0.3);
        let ascending = (1..ctx.rows()).all(|r| ctx.table.excel_row(r - 1) < ctx.table.excel_row(r));
        let rows: Vec<usize> = if ascending {
            // The index keeps the data rows' order: each of its people is the next data row of
            // that Excel row.
            let mut r = 0;
            (0..index.len())
                .map(|i| {
                    while ctx.table.excel_row(r) != index.row(i) {
                        r += 1;
                    }
                    r
                })
                .collect()
        } else {
            // The index skips rows with neither name nor ID: map its people back to data rows by
            // their Excel row (data rows are not contiguous: blank and totals rows are left out).
            let mut by_excel: Vec<(u32, usize)> = (0..ctx.rows()).map(|r| (ctx.table.excel_row(r), r)).collect();
            by_excel.sort_unstable();
            (0..index.len())
                .map(|i| {
                    let at =
                        by_excel.binary_search_by_key(&index.row(i), |e| e.0).expect("indexed people are data rows");
                    by_excel[at].1
                })
                .collect()
        };
        let groups = index.possible_duplicates();
        out.part_done(0.9);
        for group in groups {
            let members: Vec<usize> = group.iter().map(|&i| rows[i as usize]).collect();
            let (ids, households) = describe(&index, &group);
            let count = group.len().to_string();
            out.group(&members, Some(Role::PersonId), ids, &[("count", &count), ("households", &households)]);
        }
    }
}

/// The group's distinct IDs as written and its distinct households, each joined with 、.
pub fn describe(index: &PersonIndex, group: &[u32]) -> (String, String) {
    // Sets beside the lists: a group spanning thousands of households stays linear.
    let mut seen = std::collections::HashSet::new();
    let mut ids: Vec<&str> = Vec::new();
    let mut households: Vec<&str> = Vec::new();
    for &i in group {
        let (id, [h, _, _]) = (index.id_text(i as usize), index.household(i as usize));
        if seen.insert((0, id)) {
            ids.push(id);
        }
        if !h.is_empty() && seen.insert((1, h)) {
            households.push(h);
        }
    }
    (ids.join("、"), households.join("、"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    const HEADER: &[&str] = &["户编号", "姓名", "性别", "证件号码", "出生日期", "行政村"];

    #[test]
    fn finds_namesakes_born_the_same_day_under_different_ids() {
        let f = run(
            &PersonPossibleDuplicate,
            &[
                HEADER,
                &["1", "陈伟", "男", "360426199101010071", "1991-01-01", "大寨村"],
                &["2", "陳 伟", "男", "522731199101010038", "1991-01-01", "小坡村"],
                &["3", "李四", "女", "120103198806018241", "1988-06-01", "大寨村"],
            ],
        );
        assert_eq!(rows(&f), [[2, 3]]);
        assert!(f[0].message_zh.contains("360426199101010071、522731199101010038"), "{}", f[0].message_zh);
        assert!(f[0].message_zh.contains("1、2"));
        let villages: Vec<&str> = f[0].locations.iter().map(|l| l.village.as_str()).collect();
        assert_eq!(villages, ["大寨村", "小坡村"]);
    }

    #[test]
    fn finds_a_mistyped_id_by_substitution_or_swap_with_a_similar_name() {
        let f = run(
            &PersonPossibleDuplicate,
            &[
                HEADER,
                &["1", "张伟", "男", "360426199101010071", "", ""],
                &["2", "张玮", "男", "360426199101010017", "", ""],
                &["3", "王芳", "女", "120103198806018241", "", ""],
                &["4", "王芳", "女", "120103198806018249", "", ""],
                &["4", "王芳", "女", "120103198806018249", "", ""],
            ],
        );
        assert_eq!(rows(&f), [vec![2, 3], vec![4, 5, 6]]);
    }

    /// A merged register (年度): the same person under another ID in another year is an ID
    /// corrected between the years, not a second record; within one year it still is.
    #[test]
    fn passes_an_id_corrected_between_the_years_of_a_merged_register() {
        const YEARS: &[&str] = &["年度", "户编号", "姓名", "性别", "证件号码", "出生日期"];
        let f = run(
            &PersonPossibleDuplicate,
            &[
                YEARS,
                &["2019", "1", "张伟", "男", "360426199101010017", "1991-01-01"],
                &["2020", "1", "张伟", "男", "360426199101010071", "1991-01-01"],
                &["2019", "2", "陈伟", "男", "522731199101010038", "1991-01-01"],
                &["2020", "3", "陈伟", "男", "360426199101010039", "1991-01-01"],
                &["2020", "4", "王芳", "女", "120103198806018241", "1988-06-01"],
                &["2020", "5", "王芳", "女", "120103198806018214", "1988-06-01"],
            ],
        );
        assert_eq!(rows(&f), [[6, 7]], "only the two records of 2020");
    }

    #[test]
    fn finds_a_typo_inside_one_household() {
        let f = run(
            &PersonPossibleDuplicate,
            &[
                HEADER,
                &["1", "张伟", "男", "360426199101010071", "", ""],
                &["1", "张伟", "男", "360426199101011071", "", ""],
            ],
        );
        assert_eq!(rows(&f), [[2, 3]]);
    }

    #[test]
    fn passes_namesakes_born_on_different_days_and_one_person_in_one_household() {
        let f = run(
            &PersonPossibleDuplicate,
            &[
                HEADER,
                &["1", "陈伟", "男", "360426199101010071", "1991-01-01", ""],
                &["2", "陈伟", "男", "360426199101020077", "1991-01-02", ""],
                &["3", "陈伟", "女", "360426199101010020", "1991-01-01", ""],
                &["3", "陈伟", "女", "360426199101010047", "1991-01-01", ""],
            ],
        );
        assert!(f.is_empty(), "{:?}", rows(&f));
    }

    #[test]
    fn passes_typo_distance_ids_of_different_names_and_the_same_id_twice() {
        let f = run(
            &PersonPossibleDuplicate,
            &[
                HEADER,
                &["1", "张伟", "男", "360426199101010071", "", ""],
                &["2", "李娜", "女", "360426199101010017", "", ""],
                &["3", "王芳", "女", "120103198806018241", "", ""],
                &["4", "王芳", "女", "120103198806018241", "", ""],
            ],
        );
        assert!(f.is_empty(), "{:?}", rows(&f));
    }
}
