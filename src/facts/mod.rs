//! The facts about a sheet that rules share, below both the built-in rules and the profile's:
//! the [`context::Context`] every rule reads, households as a sheet describes them, and the
//! people index.

pub mod context;
pub mod households;
pub mod people;
