//! Which column plays which role: the roles and their header synonyms, finding the header row,
//! and the mapping of a sheet's columns to roles (the user's choices first).

pub mod header;
pub mod mapping;
pub mod roles;
