//! Beyond one machine (docs/scale.md): the person index of many files as Parquet, and the
//! checks across files as SQL over it, for DuckDB on one machine or Spark on a cluster.

#[cfg(not(target_arch = "wasm32"))]
pub mod index;
#[cfg(not(target_arch = "wasm32"))]
pub mod period_index;
pub mod period_sql;
pub mod sql;
