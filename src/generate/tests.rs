//! Tests of whole registers: determinism, the realism of clean data, that the injected faults
//! produce exactly the expected findings, and that the written files read back.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::columns::{text, BIRTH, HEADERS, HOUSEHOLD_ID, ID, NAME, RELATION, SEX, SIZE};
use super::faults::KINDS;
use super::ids::luhn_ok;
use super::*;
use crate::domain::id_card::{self, Date};
use crate::domain::names;
use crate::facts::people::one_edit_apart;

fn clean(households: usize, seed: u64) -> Register {
    generate(&Options {
        households,
        seed,
        faults: false,
        title_rows: 0,
        national: false,
        monitoring: false,
        id_counties: 0,
    })
}

fn col(header: &str) -> usize {
    HEADERS.iter().position(|h| *h == header).expect("known header")
}

/// Rows grouped by consecutive equal 户编号.
fn households(reg: &Register) -> Vec<&[Vec<Cell>]> {
    reg.rows.chunk_by(|a, b| a[HOUSEHOLD_ID] == b[HOUSEHOLD_ID]).collect()
}

fn birth(row: &[Cell]) -> Date {
    let t = text(&row[BIRTH]);
    let n = |r: std::ops::Range<usize>| t[r].parse::<u16>().unwrap();
    Date::new(n(0..4), n(5..7) as u8, n(8..10) as u8).expect("a real date")
}

fn number(c: &Cell) -> f64 {
    match c {
        Cell::Number(x) => *x,
        other => panic!("not a number: {other:?}"),
    }
}

/// The fault rules, applied naively (all pairs) to a register: what a correct checker reports.
fn detect(reg: &Register) -> Vec<Expected> {
    let mut found = Vec::new();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_content: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in reg.rows.iter().enumerate() {
        let raw = text(&r[ID]);
        let id = id_card::normalize(raw);
        if id_card::is_missing(raw) {
            found.push(("person-id-missing", vec![i]));
        } else {
            match id_card::form(&id) {
                id_card::IdForm::Invalid => found.push(("person-id-format", vec![i])),
                id_card::IdForm::Id18 if !id_card::checksum_ok(&id) => found.push(("person-id-checksum", vec![i])),
                _ => {}
            }
        }
        match text(&r[HOUSEHOLD_ID]) {
            "" => found.push(("household-id-missing", vec![i])),
            h => {
                groups.entry(h).or_default().push(i);
                if let Some(c) = id_card::canonical(&id).filter(|_| !id_card::is_missing(raw)) {
                    by_id.entry(c).or_default().push(i);
                }
            }
        }
        by_content.entry(format!("{r:?}")).or_default().push(i);
    }
    for rows in groups.values() {
        if rows.iter().any(|&i| number(&reg.rows[i][SIZE]) != rows.len() as f64) {
            found.push(("household-size-mismatch", rows.clone()));
        }
        match rows.iter().filter(|&&i| text(&reg.rows[i][RELATION]) == "户主").count() {
            0 => found.push(("household-head-missing", rows.clone())),
            1 => {}
            _ => found.push(("household-head-multiple", rows.clone())),
        }
    }
    for rows in by_id.values() {
        let homes: HashSet<_> = rows.iter().map(|&i| text(&reg.rows[i][HOUSEHOLD_ID])).collect();
        if homes.len() > 1 {
            found.push(("person-in-multiple-households", rows.clone()));
        }
    }
    for rows in by_id.values() {
        let mut in_household: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &r in rows {
            in_household.entry(text(&reg.rows[r][HOUSEHOLD_ID])).or_default().push(r);
        }
        for same in in_household.into_values().filter(|s| s.len() > 1) {
            if same.iter().any(|&r| reg.rows[r] != reg.rows[same[0]]) {
                found.push(("person-duplicate-in-household", same));
            }
        }
    }
    found.extend(possible_duplicates(reg).into_iter().map(|rows| ("person-possible-duplicate", rows)));
    found.extend(by_content.into_values().filter(|rows| rows.len() > 1).map(|rows| ("duplicate-row", rows)));
    let mut out: Vec<Expected> = found
        .into_iter()
        .map(|(rule, mut rows)| {
            rows.sort_unstable();
            Expected { rule, rows: rows.into_iter().map(|i| reg.excel_row(i)).collect() }
        })
        .collect();
    out.sort_by(|a, b| (a.rows[0], a.rule).cmp(&(b.rows[0], b.rule)));
    out
}

/// `person-possible-duplicate` by comparing every pair of rows.
fn possible_duplicates(reg: &Register) -> Vec<Vec<usize>> {
    struct P {
        id: Option<String>,
        household: String,
        name: String,
        birth: String,
        sex: String,
    }
    let people: Vec<P> = reg
        .rows
        .iter()
        .map(|r| {
            let raw = text(&r[ID]);
            let id = id_card::canonical(&id_card::normalize(raw)).filter(|_| !id_card::is_missing(raw));
            P {
                id,
                household: text(&r[HOUSEHOLD_ID]).into(),
                name: names::key(text(&r[NAME])),
                birth: text(&r[BIRTH]).into(),
                sex: text(&r[SEX]).into(),
            }
        })
        .collect();
    let mut parent: Vec<usize> = (0..people.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            x = parent[x];
        }
        x
    }
    let mut linked = vec![false; people.len()];
    for a in 0..people.len() {
        for b in a + 1..people.len() {
            let (p, q) = (&people[a], &people[b]);
            let namesakes = (p.household != q.household || p.household.is_empty())
                && (p.id != q.id || p.id.is_none())
                && !p.name.is_empty()
                && p.name == q.name
                && p.birth == q.birth
                && p.sex == q.sex;
            let typo = match (&p.id, &q.id) {
                (Some(x), Some(y)) => one_edit_apart(x.as_bytes(), y.as_bytes()) && names::similar(&p.name, &q.name),
                _ => false,
            };
            if namesakes || typo {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
                linked[a] = true;
                linked[b] = true;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for x in (0..people.len()).filter(|&x| linked[x]) {
        groups.entry(root(&mut parent, x)).or_default().push(x);
    }
    groups.into_values().collect()
}

#[test]
fn ids_spread_over_the_counties_the_seed_chooses() {
    let spread =
        |seed| generate(&Options { households: 300, seed, faults: false, id_counties: 40, ..Options::default() });
    let codes = |r: &Register| -> HashSet<String> { r.rows.iter().map(|row| text(&row[ID])[..6].to_owned()).collect() };
    let (one, two) = (spread(1), spread(2));
    let (a, b) = (codes(&one), codes(&two));
    assert_eq!((a.len(), b.len()), (40, 40));
    assert!(a.is_disjoint(&b), "other seeds, other counties");
    for row in &one.rows {
        let id = text(&row[ID]);
        assert!(id_card::checksum_ok(id), "{id}");
        assert_eq!(id_card::region(id, id[6..10].parse().unwrap()), id_card::Region::Known, "{id}");
    }
    assert_eq!(codes(&clean(300, 1)).len(), 1, "without the option, the household's own county");
}

#[test]
fn same_seed_same_register() {
    let opts = Options {
        households: 120,
        seed: 42,
        faults: true,
        title_rows: 2,
        national: false,
        monitoring: false,
        id_counties: 0,
    };
    let (a, b) = (generate(&opts), generate(&opts));
    assert_eq!(a, b);
    assert_eq!(
        a.to_bytes(&Format::Csv { encoding: CsvEncoding::Gbk }),
        b.to_bytes(&Format::Csv { encoding: CsvEncoding::Gbk })
    );
    assert_ne!(a.rows, generate(&Options { seed: 43, ..opts }).rows);
}

#[test]
fn clean_ids_are_valid_and_agree_with_sex_and_birth_date() {
    let reg = clean(400, 1);
    let mut x = 0;
    for r in &reg.rows {
        let id = text(&r[ID]);
        assert!(id.len() == 18 && id_card::checksum_ok(id), "{id}");
        assert_eq!(id_card::is_male(id), Some(text(&r[SEX]) == "男"), "{id}");
        let b = birth(r);
        assert_eq!(id_card::birth_date(id), Some(b));
        assert!((1925..=2019).contains(&b.year));
        x += usize::from(id.ends_with('X'));
    }
    assert!(x > 0 && x * 5 < reg.rows.len(), "some IDs end in X, naturally ({x})");
}

#[test]
fn clean_households_are_contiguous_with_one_head_and_their_declared_size() {
    let reg = clean(500, 2);
    let mut seen = HashSet::new();
    for h in households(&reg) {
        assert!(seen.insert(text(&h[0][HOUSEHOLD_ID])), "household rows are contiguous");
        assert_eq!(h.iter().filter(|r| text(&r[RELATION]) == "户主").count(), 1);
        assert_eq!(text(&h[0][RELATION]), "户主", "the head comes first");
        assert!(h.iter().all(|r| number(&r[SIZE]) == h.len() as f64));
        assert!((1..=7).contains(&h.len()));
    }
    let person_nos: HashSet<_> = reg.rows.iter().map(|r| text(&r[col("人编号")])).collect();
    assert_eq!(person_nos.len(), reg.rows.len(), "人编号 is unique");
    assert!(detect(&reg).is_empty(), "{:?}", detect(&reg));
}

#[test]
fn name_birth_date_and_sex_are_unique_and_ids_far_apart() {
    let reg = clean(3000, 3);
    let mut seen = HashSet::new();
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &reg.rows {
        assert!(seen.insert((text(&r[NAME]), text(&r[BIRTH]))), "{} {}", text(&r[NAME]), text(&r[BIRTH]));
        by_name.entry(text(&r[NAME])).or_default().push(text(&r[ID]));
    }
    for ids in by_name.values() {
        for (i, a) in ids.iter().enumerate() {
            assert!(ids[i + 1..].iter().all(|b| !one_edit_apart(a.as_bytes(), b.as_bytes())), "{a} vs {ids:?}");
        }
    }
    assert!(reg.rows.iter().all(|r| (2..=3).contains(&text(&r[NAME]).chars().count())));
}

#[test]
fn phones_and_bank_cards_are_valid_and_belong_to_one_household() {
    let reg = clean(1000, 4);
    let (mut phones, mut cards) = (HashSet::new(), HashSet::new());
    for h in households(&reg) {
        let (phone, card) = (text(&h[0][col("联系电话")]), text(&h[0][col("银行卡号")]));
        let b = phone.as_bytes();
        assert!(
            b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit),
            "{phone}"
        );
        assert!(card.len() == 19 && card.starts_with("62") && luhn_ok(card), "{card}");
        assert!(phones.insert(phone) && cards.insert(card), "not shared across households");
    }
}

#[test]
fn household_fields_repeat_on_every_member_row() {
    let reg = clean(800, 5);
    let shared = [
        "县",
        "乡镇",
        "行政村",
        "户编号",
        "人数",
        "贫困户属性",
        "脱贫属性",
        "脱贫年度",
        "主要致贫原因",
        "人均纯收入",
        "联系电话",
        "开户银行名称",
        "银行卡号",
    ];
    for h in households(&reg) {
        for c in shared.map(col) {
            assert!(h.iter().all(|r| r[c] == h[0][c]), "{} differs in {:?}", HEADERS[c], h[0][HOUSEHOLD_ID]);
        }
        let first = &h[0];
        let exited = text(&first[col("脱贫属性")]) == "已脱贫";
        let income = number(&first[col("人均纯收入")]);
        if exited {
            assert!((2014.0..=2020.0).contains(&number(&first[col("脱贫年度")])));
            assert!(income >= 4000.0, "exited households are above every year's line");
        } else {
            assert_eq!(first[col("脱贫年度")], Cell::Empty);
            assert!(income > 0.0 && income < 4000.0);
        }
        if text(&first[col("贫困户属性")]) == "特困供养贫困户" {
            assert!(h.len() <= 2, "特困供养 households have at most two members");
        }
    }
}

#[test]
fn relations_agree_with_ages_and_sexes() {
    let reg = clean(2000, 6);
    let male_only = ["之子", "之父", "之女婿", "之孙子", "之外孙子"];
    let female_only = ["之女", "之母", "之儿媳", "之孙女", "之外孙女"];
    for h in households(&reg) {
        let elders: Vec<Date> =
            h.iter().filter(|r| matches!(text(&r[RELATION]), "户主" | "配偶")).map(|r| birth(r)).collect();
        assert!(birth(&h[0]).years_until(attributes::REFERENCE) >= 18, "head at least 18");
        for r in h {
            let (rel, b, male) = (text(&r[RELATION]), birth(r), text(&r[SEX]) == "男");
            assert!(!male_only.contains(&rel) || male, "{rel} is male");
            assert!(!female_only.contains(&rel) || !male, "{rel} is female");
            let gap = |years: i32| elders.iter().all(|e| e.years_until(b) >= years);
            match rel {
                "之子" | "之女" | "之儿媳" | "之女婿" => assert!(gap(20), "{rel} {b}"),
                "之孙子" | "之孙女" | "之外孙子" | "之外孙女" => assert!(gap(40), "{rel} {b}"),
                "之父" | "之母" => assert!(elders.iter().all(|e| b.years_until(*e) >= 20), "{rel} {b}"),
                "配偶" => {
                    assert_ne!(male, text(&h[0][SEX]) == "男", "spouses are of opposite sex");
                    assert!(b.years_until(attributes::REFERENCE) >= if male { 22 } else { 20 });
                }
                "户主" => {}
                other => panic!("unexpected relation {other}"),
            }
            let work = &r[col("务工状况")];
            assert_eq!(*work == Cell::Empty, r[col("务工时间（月）")] == Cell::Empty);
        }
        for generation in [&["之子", "之女"][..], &["之孙子", "之孙女", "之外孙子", "之外孙女"]] {
            let mut years: Vec<i32> = h
                .iter()
                .filter(|r| generation.contains(&text(&r[RELATION])))
                .map(|r| i32::from(birth(r).year))
                .collect();
            years.sort_unstable();
            assert!(years.windows(2).all(|w| w[1] - w[0] >= 2), "siblings are born two years apart: {years:?}");
        }
    }
}

#[test]
fn every_fault_kind_is_injected_and_found_exactly() {
    for (n, seed) in [(50, 1), (51, 9), (120, 2), (1500, 3)] {
        let reg = generate(&Options {
            households: n,
            seed,
            faults: true,
            title_rows: (seed % 4) as u32,
            national: false,
            monitoring: false,
            id_counties: 0,
        });
        let rules: HashSet<_> = reg.expected.iter().map(|e| e.rule).collect();
        for kind in KINDS {
            assert!(rules.contains(kind), "{kind} missing for {n} households");
        }
        assert_eq!(detect(&reg), reg.expected, "{n} households, seed {seed}");
        // `detect` covers person-possible-duplicate too: broken IDs make no unplanted duplicate.
        let last = reg.excel_row(reg.rows.len() - 1);
        for e in &reg.expected {
            assert!(
                e.rows.windows(2).all(|w| w[0] < w[1]) && e.rows.iter().all(|&r| r >= reg.excel_row(0) && r <= last)
            );
        }
    }
    // Below 50 households the rate alone decides: 1.5 % of 20 rounds to none.
    assert!(generate(&Options { households: 20, ..Options::default() }).expected.is_empty());
}

#[test]
fn duplicate_rows_come_with_their_size_mismatch() {
    let reg = generate(&Options { households: 1000, seed: 8, ..Options::default() });
    let dups: Vec<_> = reg.expected.iter().filter(|e| e.rule == "duplicate-row").collect();
    assert!(!dups.is_empty());
    for d in dups {
        assert_eq!(d.rows[1], d.rows[0] + 1, "pasted right below");
        assert!(reg.expected.iter().any(|e| e.rule == "household-size-mismatch" && e.rows.contains(&d.rows[0])));
    }
}

#[test]
fn expected_json_lists_rules_and_rows() {
    let reg = generate(&Options::default());
    let v: serde_json::Value =
        serde_json::from_str(&reg.expected_json(&Format::Csv { encoding: CsvEncoding::Utf8 }, false)).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), reg.expected.len());
    assert_eq!(arr[0]["rule"], reg.expected[0].rule);
    assert_eq!(arr[0]["rows"][0], reg.expected[0].rows[0]);
}

#[test]
fn title_rows_shift_the_excel_rows() {
    let reg = generate(&Options { title_rows: 3, ..Options::default() });
    assert_eq!(reg.excel_row(0), 5);
    assert_eq!(generate(&Options { title_rows: 9, ..Options::default() }).title_rows, 3);
    assert!(reg.title_lines()[0].ends_with("建档立卡贫困人口信息表（2020年）"));
}

#[test]
fn xlsx_reads_back_with_ids_as_text() {
    use calamine::{open_workbook_auto_from_rs, Data, Reader};
    let reg = generate(&Options { households: 60, title_rows: 2, ..Options::default() });
    for inline_strings in [false, true] {
        let bytes = reg.to_bytes(&Format::Xlsx { inline_strings }).unwrap();
        let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&sheet).unwrap();
        let at = |row: u32, c: usize| range.get_value((row - 1, c as u32)).cloned().unwrap_or(Data::Empty);
        assert!(matches!(at(1, 0), Data::String(s) if s.contains("建档立卡")));
        assert_eq!(at(3, ID), Data::String("证件号码".into()));
        for (i, r) in reg.rows.iter().enumerate() {
            let row = reg.excel_row(i);
            for (c, cell) in r.iter().enumerate() {
                let want = match cell {
                    Cell::Text(s) => Data::String(s.clone()),
                    Cell::Number(x) => Data::Float(*x),
                    Cell::Empty => Data::Empty,
                };
                assert_eq!(at(row, c), want, "row {row}, {}", HEADERS[c]);
            }
        }
    }
}

#[test]
fn csv_encodings_carry_the_same_text() {
    let reg = generate(&Options { households: 80, title_rows: 1, ..Options::default() });
    let bytes = |encoding| reg.to_bytes(&Format::Csv { encoding }).unwrap();
    let utf8 = String::from_utf8(bytes(CsvEncoding::Utf8)).unwrap();
    let gbk = bytes(CsvEncoding::Gbk);
    let (decoded, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad && decoded == utf8 && gbk.len() < utf8.len());
    let bom = bytes(CsvEncoding::Utf8Bom);
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], utf8.as_bytes());
    let utf16 = bytes(CsvEncoding::Utf16Le);
    assert_eq!(&utf16[..2], b"\xFF\xFE");
    assert_eq!(encoding_rs::UTF_16LE.decode(&utf16).0, utf8);

    let mut records = csv::ReaderBuilder::new().has_headers(false).from_reader(utf8.as_bytes()).into_records();
    let title = records.next().unwrap().unwrap();
    assert!(title[0].contains("建档立卡") && title.len() == HEADERS.len());
    assert_eq!(&records.next().unwrap().unwrap()[ID], "证件号码");
    let rows: Vec<_> = records.map(Result::unwrap).collect();
    assert_eq!(rows.len(), reg.rows.len());
    assert_eq!(&rows[0][ID], text(&reg.rows[0][ID]));
    assert!(utf8.contains("\r\n"));
}

#[test]
fn write_checks_the_extension() {
    let reg = generate(&Options { households: 5, ..Options::default() });
    let dir = std::env::temp_dir();
    let csv_path = dir.join(format!("huqing-generate-{}.csv", std::process::id()));
    assert!(reg.write(&csv_path, &Format::Xlsx { inline_strings: false }).is_err());
    reg.write(&csv_path, &Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap();
    assert_eq!(std::fs::read(&csv_path).unwrap(), reg.to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).unwrap());
    std::fs::remove_file(&csv_path).unwrap();
    let xlsx_path = dir.join(format!("huqing-generate-{}.xlsx", std::process::id()));
    reg.write(&xlsx_path, &Format::Xlsx { inline_strings: true }).unwrap();
    assert!(std::fs::read(&xlsx_path).unwrap().starts_with(b"PK"));
    std::fs::remove_file(&xlsx_path).unwrap();
}

#[test]
fn xlsx_refuses_more_rows_than_a_worksheet_holds() {
    let reg = Register {
        headers: vec!["县".into()],
        rows: vec![Vec::new(); 1_048_576],
        expected: Vec::new(),
        title_rows: 0,
        household_list: None,
        work: None,
    };
    let err = reg.to_bytes(&Format::Xlsx { inline_strings: true }).unwrap_err();
    assert!(err.contains("1048577") && err.contains("CSV"), "{err}");
}
