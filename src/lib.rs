//! 户清 huqing: checks household-registration spreadsheets (建档立卡 / 防返贫监测 registers,
//! one row per person, grouped by 户编号) for data-quality faults.
//!
//! The pipeline, one module per step: [`read`] (calamine workbooks, CSV with encoding
//! detection) → [`table`] (a compact columnar table) → [`header`] and [`mapping`] (which column
//! plays which [`roles::Role`]) → [`rules`] (one file per rule, one registry) → [`report`].
//! [`check()`] runs it all. The same code runs natively (the `huqing` CLI) and in the browser
//! (`wasm`, the only wasm-bindgen boundary).

pub mod batch;
pub mod check;
pub mod codes;
pub mod dates;
pub mod docs;
pub mod error;
pub mod exemptions;
pub mod export;
pub mod finding;
#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
pub mod header;
pub mod households;
pub mod id_card;
pub mod limits;
pub mod mapping;
pub mod names;
pub mod panic;
pub mod people;
pub mod period;
pub mod phone;
pub mod profile;
pub mod read;
pub mod reference;
pub mod report;
pub mod roles;
pub mod rules;
pub mod session;
pub mod summary;
pub mod table;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use batch::{check_many, Batch, MultiReport};
pub use check::{check, check_with, Options, Stage};
pub use error::{Error, ErrorKind, SheetSeen};
pub use finding::{Finding, Location, Scope, Severity};
pub use report::Report;
