//! A profile: the parameters a province may change. The default is the national 2016–2020
//! 建档立卡 person export.

use crate::id_card::Date;

/// Parameters the rules read.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Stable name, e.g. `national-2016`.
    pub name: String,
    /// The day ages and years are measured at.
    pub reference_date: Date,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            name: "national-2016".into(),
            reference_date: Date::new(2020, 12, 31).expect("a real date"),
        }
    }
}
