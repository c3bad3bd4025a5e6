//! The small register the profile and exemption targets check: six households of the
//! generator's monitoring style, as UTF-8 CSV (`huqing generate --out f.csv --households 6
//! --seed 1 --monitoring` writes the same, to seed those targets from). Under the
//! monitoring-2021 profile it has a dozen findings of eleven rules to exempt.

use huqing::generate::{generate, CsvEncoding, Format, Options};
use std::sync::OnceLock;

pub const NAME: &str = "register.csv";

pub fn register() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let options = Options { households: 6, seed: 1, monitoring: true, ..Options::default() };
        generate(&options).to_bytes(&Format::Csv { encoding: CsvEncoding::Utf8 }).expect("a generated register writes")
    })
}
