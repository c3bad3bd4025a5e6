//! Registers built from the fuzzer's bytes, so that it reaches the rules rather than the readers'
//! refusals: a small generated register (national or monitoring style, faults or not, title
//! rows) edited cell by cell (IDs valid and not, labels, dates, numbers, blanks, text, cells
//! copied from other rows and columns), rows copied, dropped and swapped, columns dropped and
//! renamed; written by the crate's own writers as .xlsx or CSV (UTF-8, GBK, UTF-16), then checked
//! under either built-in profile. Every report must be consistent (invariants.rs).
#![no_main]

#[path = "hook.rs"]
mod hook;
#[path = "invariants.rs"]
mod invariants;

use huqing::generate::{generate, Cell, CsvEncoding, Format, Options, Register};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use std::collections::HashMap;
use std::sync::Mutex;

/// Labels of the coded columns, and the confusions real exports hold.
const LABELS: &[&str] = &[
    "户主",
    "配偶",
    "之子",
    "之女",
    "之孙子",
    "之孙女",
    "之父",
    "之母",
    "之儿媳",
    "其他",
    "男",
    "女",
    "未知",
    "汉族",
    "苗族",
    "健康",
    "残疾",
    "长期慢性病",
    "患有大病",
    "在校生",
    "非在校生",
    "小学",
    "初中",
    "学龄前儿童",
    "普通劳动力",
    "无劳动力",
    "丧失劳动力",
    "是",
    "否",
    "已脱贫",
    "未脱贫",
    "一般贫困户",
    "低保贫困户",
    "特困供养贫困户",
    "脱贫户",
    "一般农户",
    "脱贫不稳定户",
    "边缘易致贫户",
    "突发严重困难户",
    "已消除",
    "未消除",
    "农村低保",
    "居民身份证",
    "户口簿",
    "无",
    "-",
    "/",
];
/// Header spellings a register may use for its columns, some of them rare.
const HEADERS: &[&str] = &[
    "证件号码",
    "身份证号",
    "户编号",
    "姓名",
    "性别",
    "与户主关系",
    "出生日期",
    "人口数",
    "家庭人口数",
    "年度",
    "民族",
    "在校生状况",
    "健康状况",
    "劳动技能",
    "务工时间（月）",
    "户类型",
    "脱贫年度",
    "风险是否已消除",
    "识别监测时间",
    "备注",
];
const COUNTIES: &[&str] = &["511923", "520102", "110101", "820000", "810000", "000000"];

fn base(options: Options) -> Register {
    static CACHE: Mutex<Option<HashMap<(usize, u64, bool, u32, bool, bool), Register>>> = Mutex::new(None);
    let key =
        (options.households, options.seed, options.faults, options.title_rows, options.national, options.monitoring);
    let mut cache = CACHE.lock().unwrap();
    cache.get_or_insert_with(HashMap::new).entry(key).or_insert_with(|| generate(&options)).clone()
}

/// An 18-digit ID from its parts, with the right check character or a chosen one.
fn id(u: &mut Unstructured) -> Result<String> {
    let county = u.choose(COUNTIES)?;
    let (year, month, day) = (u.int_in_range(1890..=2030u32)?, u.int_in_range(0..=13u32)?, u.int_in_range(0..=32u32)?);
    let body = format!("{county}{year:04}{month:02}{day:02}{:03}", u.int_in_range(0..=999u32)?);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let right = b"10X98765432"[(sum % 11) as usize] as char;
    let check = if u.ratio(3, 4)? { right } else { *u.choose(&['0', '5', '9', 'X', 'x'])? };
    let id = format!("{body}{check}");
    Ok(match u.int_in_range(0..=5u8)? {
        0 => format!("#{id}"),
        1 => format!("'{id}"),
        2 => format!(" {id} "),
        3 => format!("{}{}", &id[..6], &id[8..17]), // the old 15-digit form
        _ => id,
    })
}

fn date(u: &mut Unstructured) -> Result<Cell> {
    let (y, m, d) = (u.int_in_range(1900..=2035u32)?, u.int_in_range(0..=13u32)?, u.int_in_range(0..=32u32)?);
    Ok(Cell::Text(match u.int_in_range(0..=5u8)? {
        0 => format!("{y}-{m:02}-{d:02}"),
        1 => format!("{y}/{m}/{d}"),
        2 => format!("{y}.{m:02}"),
        3 => format!("{y}{m:02}{d:02}"),
        4 => format!("{y}年{m}月{d}日"),
        _ => return Ok(Cell::Number(f64::from(u.int_in_range(-10..=80000i32)?))),
    }))
}

fn value(u: &mut Unstructured, reg: &Register) -> Result<Cell> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => Cell::Empty,
        1 => Cell::Text(u.choose(&[" ", "　", "", "NULL", "0"])?.to_string()),
        2 | 3 => Cell::Text(id(u)?),
        4 => Cell::Text(u.choose(LABELS)?.to_string()),
        5 => date(u)?,
        6 => Cell::Number(u.arbitrary::<f64>()?),
        7 => Cell::Number(f64::from(u.int_in_range(-5..=20i32)?)),
        8 => Cell::Text(u.arbitrary::<String>()?.chars().take(40).collect()),
        _ => {
            // A cell of another row and column: shared IDs, moved households, values astray.
            let row = u.choose(&reg.rows)?;
            if row.is_empty() {
                Cell::Empty
            } else {
                row[u.choose_index(row.len())?].clone()
            }
        }
    })
}

fn edit(u: &mut Unstructured, reg: &mut Register) -> Result<()> {
    let (rows, cols) = (reg.rows.len(), reg.headers.len());
    if rows == 0 || cols == 0 {
        return Ok(());
    }
    match u.int_in_range(0..=9u8)? {
        0..=4 => {
            let (r, c) = (u.choose_index(rows)?, u.choose_index(cols)?);
            let v = value(u, reg)?;
            if let Some(cell) = reg.rows[r].get_mut(c) {
                *cell = v;
            }
        }
        5 => {
            let r = u.choose_index(rows)?;
            let copy = reg.rows[r].clone();
            reg.rows.insert(u.choose_index(rows + 1)?, copy);
        }
        6 => {
            reg.rows.remove(u.choose_index(rows)?);
        }
        7 => {
            let (a, b) = (u.choose_index(rows)?, u.choose_index(rows)?);
            reg.rows.swap(a, b);
        }
        8 => {
            let c = u.choose_index(cols)?;
            reg.headers.remove(c);
            for row in &mut reg.rows {
                if c < row.len() {
                    row.remove(c);
                }
            }
        }
        _ => {
            let c = u.choose_index(cols)?;
            reg.headers[c] = if u.ratio(4, 5)? { u.choose(HEADERS)?.to_string() } else { u.arbitrary::<String>()? };
        }
    }
    Ok(())
}

fn run(u: &mut Unstructured) -> Result<()> {
    let options = Options {
        households: u.int_in_range(1..=6)?,
        seed: u.int_in_range(1..=4)?,
        faults: u.arbitrary()?,
        title_rows: u.int_in_range(0..=3)?,
        national: u.arbitrary()?,
        monitoring: u.arbitrary()?,
        id_counties: u.int_in_range(0..=3)?,
    };
    let mut reg = base(options);
    for _ in 0..u.int_in_range(0..=24u8)? {
        edit(u, &mut reg)?;
    }
    let format = match u.int_in_range(0..=5u8)? {
        0 => Format::Xlsx { inline_strings: false },
        1 => Format::Xlsx { inline_strings: true },
        2 => Format::Csv { encoding: CsvEncoding::Utf8Bom },
        3 => Format::Csv { encoding: CsvEncoding::Gbk },
        4 => Format::Csv { encoding: CsvEncoding::Utf16Le },
        _ => Format::Csv { encoding: CsvEncoding::Utf8 },
    };
    // GBK has no form for some characters the fuzzer writes: the writer refuses those registers.
    let Ok(bytes) = reg.to_bytes(&format) else { return Ok(()) };
    let name = if matches!(format, Format::Xlsx { .. }) { "register.xlsx" } else { "register.csv" };
    let profile = u.arbitrary::<bool>()?.then(|| "monitoring-2021".to_owned());
    let options = huqing::Options { profile, ..Default::default() };
    match huqing::check(&bytes, name, &options, &mut |_, _| {}) {
        Ok(report) => invariants::assert_consistent(&report),
        Err(e) => invariants::assert_explained(&e),
    }
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hook::install();
    let _ = run(&mut Unstructured::new(data));
});
