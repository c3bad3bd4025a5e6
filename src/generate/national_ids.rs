//! The national system's ways with the ID column and the other number columns, for a register
//! generated with `national` (docs/formats.md): every 证件号码, 户编号, 人编号, 联系电话 and 银行卡号
//! written with a leading `#` (the export's way to keep a number text in Excel); a 证件类型 column;
//! disabled members recorded by their 残疾人证号 (the ID, category and grade, sometimes a
//! re-issue mark `B1`/`B2`); a few people holding a residence permit of Hong Kong, Macao or Taiwan
//! residents or a foreigners' permanent residence ID, of the same birth date and sex.
//!
//! Applied after the faults of `faults.rs`, to rows that no fault named, so that those keep their
//! findings; a disabled member on such a row keeps an ID card and so also gets the finding
//! `disability-without-certificate`. With faults, a few clean households get one fault each of
//! the ID column's other documents, with their findings.

use std::collections::HashSet;

use super::columns::{text, HEADERS, HOUSEHOLD_ID, ID, PERSON_NO};
use super::faults::{Pending, Rows};
use super::rng::Rng;
use super::Cell;
use crate::domain::id_card::check_char;

/// The column this style adds, after the others.
pub const HEADER: &str = "证件类型";

/// Share of households given each kind of fault, as in `faults.rs` but rarer.
const RATE: f64 = 0.005;

/// Nationalities of foreigners married into border villages (GB/T 2659 numeric codes and
/// letters): Myanmar, Viet Nam, Laos.
const NATIONS: [(&str, &str); 3] = [("104", "MMR"), ("704", "VNM"), ("418", "LAO")];

/// Index of a column by its header.
fn col(header: &str) -> usize {
    HEADERS.iter().position(|h| *h == header).expect("a generated column")
}

/// The faults this style plants, one per household, in this order.
const PLANTS: [Plant; 5] = [
    Plant::DisabilityCode,
    Plant::DisabilityAsIdCard,
    Plant::IdCardAsDisability,
    Plant::PermitAsIdCard,
    Plant::DisabilityChecksum,
];

#[derive(Clone, Copy)]
enum Plant {
    /// A 残疾人证号 with a category, grade or re-issue mark that does not exist.
    DisabilityCode,
    /// A 残疾人证号 whose type says 居民身份证.
    DisabilityAsIdCard,
    /// A resident ID whose type says 残疾人证.
    IdCardAsDisability,
    /// A Hong Kong residence permit whose type says 居民身份证.
    PermitAsIdCard,
    /// A 残疾人证号 whose ID has a wrong check character.
    DisabilityChecksum,
}

/// Applies the style to `households` (rows as `faults.rs` left them, whose findings are
/// `pending`) and returns the further findings to expect.
pub fn apply(rng: &mut Rng, households: &mut [Rows], pending: &[Pending], faults: bool) -> Vec<Pending> {
    let health = col("健康状况");
    let marked = [HOUSEHOLD_ID, PERSON_NO, ID, col("联系电话"), col("银行卡号")];
    let faulty_rows: HashSet<(usize, usize)> = pending.iter().flat_map(|p| p.at.iter().copied()).collect();
    let faulty: HashSet<usize> = faulty_rows.iter().map(|&(h, _)| h).collect();
    let disabled = |rows: &Rows, m: usize| text(&rows[m][health]) == "残疾";
    let mut out = Vec::new();
    // The type of each row, decided below; 居民身份证 unless changed.
    let mut types: Vec<Vec<&'static str>> = households.iter().map(|h| vec!["居民身份证"; h.len()]).collect();
    let mut done: HashSet<(usize, usize)> = HashSet::new();

    let mut order: Vec<usize> = (0..households.len()).filter(|h| !faulty.contains(h)).collect();
    rng.shuffle(&mut order);
    let mut order = order.into_iter();
    if faults {
        let n = households.len();
        let per_kind = ((n as f64 * RATE).round() as usize).max(usize::from(n >= 50));
        for (k, plant) in PLANTS.iter().enumerate() {
            for i in 0..per_kind {
                let wants_disabled = !matches!(plant, Plant::IdCardAsDisability | Plant::PermitAsIdCard);
                let Some((h, m)) = order.by_ref().find_map(|h| {
                    (0..households[h].len()).find(|&m| disabled(&households[h], m) == wants_disabled).map(|m| (h, m))
                }) else {
                    break;
                };
                let id = text(&households[h][m][ID]).to_owned();
                let (number, kind, rule) = match plant {
                    Plant::DisabilityCode => {
                        let suffix = ["81", "05", "45B1", "32C1"][(k + i) % 4];
                        (format!("{id}{suffix}"), "残疾人证", "disability-number-invalid")
                    }
                    Plant::DisabilityAsIdCard => (disability(rng, &id), "居民身份证", "id-type-mismatch"),
                    Plant::IdCardAsDisability => (id.clone(), "残疾人证", "id-type-mismatch"),
                    Plant::PermitAsIdCard => (permit("810000", &id), "居民身份证", "id-type-mismatch"),
                    Plant::DisabilityChecksum => {
                        let wrong = if id.ends_with('0') { '1' } else { '0' };
                        (disability(rng, &format!("{}{wrong}", &id[..17])), "残疾人证", "person-id-checksum")
                    }
                };
                households[h][m][ID] = Cell::Text(number);
                types[h][m] = kind;
                done.insert((h, m));
                out.push(Pending { rule, at: vec![(h, m)] });
            }
        }
    }

    // A few holders of other documents, in households no fault touched.
    let few = 1 + households.len() / 1000;
    let permits: [(&str, &str); 5] = [
        ("810000", "港澳居民居住证"),
        ("820000", "港澳居民居住证"),
        ("830000", "台湾居民居住证"),
        ("9", "外国人永久居留身份证"),
        ("", "外国人永久居留身份证"),
    ];
    for (prefix, kind) in permits {
        for _ in 0..few {
            // A member other than the head: a spouse or child who came from elsewhere.
            let Some((h, m)) = order
                .by_ref()
                .find_map(|h| (1..households[h].len()).find(|&m| !disabled(&households[h], m)).map(|m| (h, m)))
            else {
                break;
            };
            let id = text(&households[h][m][ID]).to_owned();
            let (code, letters) = *rng.pick(&NATIONS);
            let number = match prefix {
                "9" => permit(&format!("9{}{code}", &id[..2]), &id),
                // The card before 2023: nationality letters, province, YYMMDD, four digits.
                "" => format!("{letters}{}{}{:04}", &id[..2], &id[8..14], rng.below(10_000)),
                _ => permit(prefix, &id),
            };
            households[h][m][ID] = Cell::Text(number);
            types[h][m] = kind;
            done.insert((h, m));
        }
    }

    for (h, rows) in households.iter_mut().enumerate() {
        for (m, row) in rows.iter_mut().enumerate() {
            if text(&row[health]) == "残疾" && !done.contains(&(h, m)) {
                if faulty_rows.contains(&(h, m)) {
                    // A row a fault names keeps its ID card: the certificate is missing.
                    out.push(Pending { rule: "disability-without-certificate", at: vec![(h, m)] });
                } else {
                    row[ID] = Cell::Text(disability(rng, text(&row[ID])));
                    types[h][m] = "残疾人证";
                }
            }
            for &c in &marked {
                if let Cell::Text(s) = &mut row[c] {
                    if !s.is_empty() {
                        s.insert(0, '#');
                    }
                }
            }
            row.push(Cell::Text(types[h][m].to_owned()));
        }
    }
    out
}

/// The 残疾人证号 of the holder of `id`: a category 1–7, a grade 1–4, and for one card in six a
/// re-issue mark.
fn disability(rng: &mut Rng, id: &str) -> String {
    let (category, grade) = (1 + rng.below(7), 1 + rng.below(4));
    let reissue = match rng.below(12) {
        0 => "B1",
        1 => "B2",
        _ => "",
    };
    format!("{id}{category}{grade}{reissue}")
}

/// A number on `prefix` with the birth date and sequence (and so the sex) of `id`.
fn permit(prefix: &str, id: &str) -> String {
    let first17 = format!("{prefix}{}", &id[6..17]);
    let check = char::from(check_char(first17.as_bytes()));
    format!("{first17}{check}")
}
