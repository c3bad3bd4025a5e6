//! Property tests of the two check digits, over many seeded random numbers: every valid resident
//! ID (ISO 7064 MOD 11-2, check character `X` for 10) is accepted and every single-character
//! change and adjacent transposition rejected; every bank card passing Luhn is accepted by the
//! `bank-card-invalid` rule, every single-digit change rejected, and every adjacent
//! transposition rejected but 09↔90, which Luhn cannot see.
#![cfg(not(target_arch = "wasm32"))]

use huqing::domain::id_card::{check_char, checksum_ok, form, IdForm};
use std::collections::BTreeSet;

/// splitmix64: a seeded generator, so that a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn digits(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| b'0' + self.below(10) as u8).collect()
    }
}

fn id_accepted(id: &[u8]) -> bool {
    let s = std::str::from_utf8(id).unwrap();
    form(s) == IdForm::Id18 && checksum_ok(s)
}

/// A random valid ID; about one in eight ends in `X` (one in eleven would by chance).
fn valid_id(rng: &mut Rng) -> Vec<u8> {
    loop {
        let mut id = rng.digits(17);
        let c = check_char(&id);
        if c != b'X' && rng.below(4) == 0 {
            continue;
        }
        id.push(c);
        return id;
    }
}

#[test]
fn every_valid_id_is_accepted_and_every_single_change_or_adjacent_swap_rejected() {
    let mut rng = Rng(0x1D_CA8D);
    let (mut ids, mut changes, mut swaps, mut with_x) = (0, 0, 0, 0);
    for _ in 0..20_000 {
        let id = valid_id(&mut rng);
        assert!(id_accepted(&id), "{}", String::from_utf8_lossy(&id));
        ids += 1;
        with_x += usize::from(id[17] == b'X');
        for at in 0..18 {
            let alphabet: &[u8] = if at == 17 { b"0123456789X" } else { b"0123456789" };
            for &c in alphabet {
                if c == id[at] {
                    continue;
                }
                let mut bad = id.clone();
                bad[at] = c;
                assert!(
                    !id_accepted(&bad),
                    "{} accepted, one character off {}",
                    String::from_utf8_lossy(&bad),
                    String::from_utf8_lossy(&id)
                );
                changes += 1;
            }
        }
        for at in 0..17 {
            if id[at] == id[at + 1] {
                continue;
            }
            let mut bad = id.clone();
            bad.swap(at, at + 1);
            assert!(
                !id_accepted(&bad),
                "{} accepted, a swap of {}",
                String::from_utf8_lossy(&bad),
                String::from_utf8_lossy(&id)
            );
            swaps += 1;
        }
    }
    assert!(with_x > ids / 10, "IDs ending in X must be well represented: {with_x} of {ids}");
    assert!(changes > 3_000_000 && swaps > 250_000, "{changes} changes, {swaps} swaps");
}

/// The Luhn check digit of `body`, computed here independently of the rule.
fn luhn_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                (d * 2) % 10 + d * 2 / 10
            } else {
                d
            }
        })
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}

/// The Excel rows that the whole check flags with `bank-card-invalid`, for a register with one
/// card a row (the first card on row 2) and nothing else to compare.
fn flagged(cards: &[Vec<u8>]) -> BTreeSet<u32> {
    let mut csv = String::from("户编号,姓名,证件号码,与户主关系,银行卡号\n");
    for (i, card) in cards.iter().enumerate() {
        csv.push_str(&format!("H{i},,,户主,{}\n", std::str::from_utf8(card).unwrap()));
    }
    let report = huqing::check(csv.as_bytes(), "cards.csv", &Default::default(), &mut |_, _| {}).unwrap();
    assert_eq!(report.rows, cards.len());
    report.findings.iter().filter(|f| f.rule == "bank-card-invalid").flat_map(|f| f.rows.iter().copied()).collect()
}

#[test]
fn luhn_accepts_every_valid_card_and_rejects_changes_and_swaps_but_09_90() {
    let mut rng = Rng(0x1C4D);
    // Each card: (the number, whether the rule must accept it).
    let mut cards: Vec<(Vec<u8>, bool)> =
        vec![(b"6228480402564890018".to_vec(), true), (b"79927398713".to_vec(), false)];
    let (mut changes, mut swaps, mut blind) = (0, 0, 0);
    for _ in 0..3_000 {
        let len = 16 + rng.below(4) as usize;
        let mut card = b"62".to_vec();
        card.extend(rng.digits(len - 3));
        card.push(luhn_digit(&card));
        cards.push((card.clone(), true));
        for _ in 0..8 {
            let at = rng.below(len as u64) as usize;
            let c = b'0' + ((card[at] - b'0') + 1 + rng.below(9) as u8) % 10;
            let mut bad = card.clone();
            bad[at] = c;
            cards.push((bad, false));
            changes += 1;
        }
        for at in 0..len - 1 {
            if card[at] == card[at + 1] {
                continue;
            }
            let mut bad = card.clone();
            bad.swap(at, at + 1);
            let invisible = matches!((card[at], card[at + 1]), (b'0', b'9') | (b'9', b'0'));
            blind += usize::from(invisible);
            cards.push((bad, invisible));
            swaps += 1;
        }
    }
    assert!(blind > 100, "09↔90 swaps must occur: {blind}");
    let numbers: Vec<Vec<u8>> = cards.iter().map(|(c, _)| c.clone()).collect();
    let flagged = flagged(&numbers);
    for (i, (card, ok)) in cards.iter().enumerate() {
        let row = i as u32 + 2;
        assert_eq!(!flagged.contains(&row), *ok, "row {row}: {}", String::from_utf8_lossy(card));
    }
    assert!(changes >= 24_000 && swaps > 40_000, "{changes} changes, {swaps} swaps");
}
