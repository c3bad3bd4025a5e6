//! The plumbing every step stands on: the one error type, the caps on what a file may make the
//! checker do, the panic hook, text helpers.

pub mod error;
pub mod limits;
pub mod panic;
pub mod text;
