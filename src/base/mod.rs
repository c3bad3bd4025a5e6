//! What every step stands on: the one error type, the shape of a finding (what a rule reports,
//! how bad, where), the caps on what a file may make the checker do, the panic hook, the threads
//! a check runs on, text helpers.

pub mod error;
pub mod finding;
pub mod limits;
pub mod memory;
pub mod panic;
pub mod pool;
pub mod text;
