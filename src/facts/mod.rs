//! The facts about a sheet that rules share, below both the built-in rules and the profile's:
//! the [`context::Context`] every rule reads, each row's area, households as a sheet describes them, the people
//! index, and the date ages are judged at.

pub mod areas;
pub mod context;
pub(crate) mod grouping;
pub mod households;
pub mod people;
pub mod reference;
pub mod work;
