//! The exports of a check, all made from a [`Session`]: the annotated copy of the user's
//! workbook, the findings as CSV and JSON, and a masked summary safe to send upward. The same
//! code serves the page (through `wasm::Checked`), the API and the CLI (`huqing export`).

mod annotated;
mod compare_sheet;
mod findings;
pub mod mask;
mod masked;
mod notes;
mod sheet_xml;
mod sheets;
pub(crate) mod zip_out;

#[cfg(not(target_arch = "wasm32"))]
pub use annotated::annotated_xlsx_file;
pub use annotated::{annotated_xlsx, annotated_xlsx_progress, BROWSER_CELL_LIMIT};
pub use findings::{csv_line, findings_csv, findings_json};
pub use masked::{masked_json, masked_xlsx};

use crate::base::error::{Error, ErrorKind};
use crate::base::finding::Severity;

/// The severity as the clerk reads it.
pub fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// A writer's failure: no user input should cause one, so it is reported as what it is.
fn write_failed(e: impl std::fmt::Display) -> Error {
    ErrorKind::ExportFailed { detail: e.to_string() }.into()
}
