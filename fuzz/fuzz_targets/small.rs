//! The small register the profile and exemption targets check: four households of the
//! generator's monitoring style with its planted faults, as UTF-8 CSV (`huqing generate --out
//! f.csv --households 4 --seed 1 --monitoring` writes the same, to seed those targets from).

use huqing::generate::{generate, CsvEncoding, Format, Options};
use std::sync::OnceLock;

pub const NAME: &str = "register.csv";

pub fn register() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let options = Options { households: 4, seed: 1, monitoring: true, ..Options::default() };
        generate(&options).to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).expect("a generated register writes")
    })
}
