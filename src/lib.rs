//! 户清 huqing: checks household-registration spreadsheets (建档立卡 / 防返贫监测 registers,
//! one row per person, grouped by 户编号) for data-quality faults.
//!
//! The folders follow the data: [`read`] (bytes → a sheet's [`read::table::Table`]) →
//! [`columns`] (which column plays which [`columns::roles::Role`]) → [`facts`] (what the rules
//! share: households, IDs, the people index) → [`rules`] (the built-in catalogue, one file per
//! rule) and the [`profile`]'s own rules → [`check`] (the pipeline that runs them, one file or
//! several) → [`report`] (the report, its counts, the exports). [`domain`] knows the registers'
//! world (IDs, code lists, names, dates) and [`base`] is what every step stands on (the error
//! type, the shape of a finding, the caps, text helpers). [`check_file()`] runs it all, and
//! [`check()`] for the report alone. The same code runs natively (the `huqing` CLI) and in the
//! browser (`wasm`, the only wasm-bindgen boundary).

pub mod base;
pub mod check;
pub mod columns;
pub mod compare;
pub mod domain;
pub mod facts;
#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
pub mod period;
pub mod profile;
pub mod read;
pub mod report;
pub mod rules;
pub mod scale;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use base::error::{Error, ErrorKind, SheetSeen};
pub use base::finding::{Finding, Location, Scope, Severity};
pub use check::batch::{check_many, Batch, MultiReport};
pub use check::session::Session;
pub use check::{check, check_file, Options, Stage, WorkFile};
pub use report::Report;
