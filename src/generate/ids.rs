//! Numbers that must be valid and unique across a register: ID numbers, (name, birth date)
//! pairs, mobile phones and bank cards.

use std::collections::HashSet;

use super::rng::Rng;
use crate::domain::id_card::{check_char, Date};

/// Mobile prefixes of the three carriers, all matching `^1[3-9]`.
const PHONE_PREFIXES: [u16; 34] = [
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 173, 175, 176,
    177, 178, 180, 181, 182, 183, 185, 186, 187, 188, 189,
];

/// Banks poor households are paid through, with a 6-digit UnionPay BIN of a 19-digit debit card.
pub const BANKS: [(&str, u64, u32); 5] = [
    ("农村信用社", 621_779, 45),
    ("中国农业银行", 622_848, 25),
    ("中国邮政储蓄银行", 621_799, 20),
    ("农村商业银行", 623_190, 7),
    ("中国建设银行", 621_700, 3),
];

/// What has been handed out so far, so nothing is handed out twice.
#[derive(Default)]
pub struct Unique {
    ids: HashSet<u64>,
    names: HashSet<u64>,
    phones: HashSet<u64>,
    cards: HashSet<u64>,
}

impl Unique {
    /// Claims a (name, birth date) key; false when it is taken.
    pub fn claim_name(&mut self, key: u64) -> bool {
        self.names.insert(key)
    }

    /// A new valid 18-character ID: county code, birth date, a sequence number whose parity is the
    /// sex (odd = male), and the MOD 11-2 check character.
    pub fn id_number(&mut self, rng: &mut Rng, county: &str, birth: Date, male: bool) -> String {
        let prefix = format!("{county}{:04}{:02}{:02}", birth.year, birth.month, birth.day);
        loop {
            // 001–995: 996–999 are said to be kept for centenarians.
            let seq = rng.below(497) * 2 + 1 + u64::from(!male);
            let first17 = format!("{prefix}{seq:03}");
            if self.ids.insert(first17.parse().expect("17 digits")) {
                let check = check_char(first17.as_bytes()) as char;
                return format!("{first17}{check}");
            }
        }
    }

    /// A new 11-digit mobile number.
    pub fn phone(&mut self, rng: &mut Rng) -> String {
        loop {
            let n = u64::from(*rng.pick(&PHONE_PREFIXES)) * 100_000_000 + rng.below(100_000_000);
            if self.phones.insert(n) {
                return n.to_string();
            }
        }
    }

    /// A new Luhn-valid 19-digit card number starting with `bin`.
    pub fn bank_card(&mut self, rng: &mut Rng, bin: u64) -> String {
        loop {
            let first18 = bin * 1_000_000_000_000 + rng.below(1_000_000_000_000);
            let card = first18 * 10 + u64::from(luhn_digit(first18));
            if self.cards.insert(card) {
                return card.to_string();
            }
        }
    }
}

/// The Luhn check digit to append to `body`.
fn luhn_digit(mut body: u64) -> u8 {
    let mut sum = 0;
    let mut double = true; // the rightmost digit of the body is doubled once the check is appended
    while body > 0 {
        let mut d = (body % 10) as u32;
        if double {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        double = !double;
        body /= 10;
    }
    ((10 - sum % 10) % 10) as u8
}

/// True when a digit string passes the Luhn check.
#[cfg(test)]
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_card;

    #[test]
    fn luhn_known_numbers() {
        assert!(luhn_ok("79927398713"));
        assert!(!luhn_ok("79927398710"));
        assert_eq!(luhn_digit(7_992_739_871), 3);
    }

    #[test]
    fn numbers_are_valid_and_unique() {
        let mut u = Unique::default();
        let mut rng = Rng::new(4);
        let birth = Date::new(1980, 2, 29).unwrap();
        let mut seen = HashSet::new();
        // 900 people born the same day in one county: nearly all 497 sequence numbers per sex.
        for i in 0..900 {
            let male = i % 2 == 0;
            let id = u.id_number(&mut rng, "522731", birth, male);
            assert!(id_card::checksum_ok(&id) && id.starts_with("52273119800229"), "{id}");
            assert_eq!(id_card::is_male(&id), Some(male));
            assert!(seen.insert(id));
            let card = u.bank_card(&mut rng, 621_779);
            assert!(card.len() == 19 && card.starts_with("621779") && luhn_ok(&card), "{card}");
            let phone = u.phone(&mut rng);
            assert!(phone.len() == 11 && phone.starts_with('1') && phone.as_bytes()[1] >= b'3');
            assert!(seen.insert(card) && seen.insert(phone));
        }
    }
}
