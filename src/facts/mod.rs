//! The facts about a sheet that several rules share, below both the built-in rules and the
//! profile's: households as a sheet describes them, and the people index.

pub mod households;
pub mod people;
