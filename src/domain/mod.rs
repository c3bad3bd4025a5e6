//! What the registers mean, apart from how they are checked: resident ID numbers and the other
//! documents of the ID column, code lists and the labels of real exports, personal names, dates.

pub mod codes;
pub mod dates;
pub mod id_card;
pub mod names;
pub mod phone;
