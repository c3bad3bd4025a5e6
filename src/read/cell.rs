//! Turning a calamine cell value into a table cell: its kind and its text.

use crate::read::table::{Grid, Kind};
use calamine::{Data, DataRef};

/// Pushes `value` into the open row of `grid` at column `col`. Empty cells push nothing.
pub fn push(grid: &mut Grid, col: usize, value: &DataRef<'_>) {
    // Allocates only for the values printed here (numbers, dates, errors), not for text.
    let mut buf = String::new();
    match value {
        DataRef::Empty => {}
        DataRef::String(s) => grid.push(col, Kind::Text, s),
        DataRef::SharedString(s) => grid.push(col, Kind::Text, s),
        DataRef::Int(i) => grid.push(col, Kind::Number, fmt_into(&mut buf, format_args!("{i}"))),
        DataRef::Float(f) => grid.push(col, Kind::Number, fmt_into(&mut buf, format_args!("{}", Number(*f)))),
        DataRef::Bool(b) => grid.push(col, Kind::Bool, if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            if dt.is_datetime() {
                grid.push(col, Kind::Date, fmt_into(&mut buf, format_args!("{y:04}-{m:02}-{d:02}")));
            } else {
                grid.push(col, Kind::Number, fmt_into(&mut buf, format_args!("{}", Number(dt.as_f64()))));
            }
        }
        DataRef::DateTimeIso(s) => grid.push(col, Kind::Date, s.get(..10).unwrap_or(s)),
        DataRef::DurationIso(s) => grid.push(col, Kind::Text, s),
        DataRef::Error(e) => grid.push(col, Kind::Error, fmt_into(&mut buf, format_args!("{e}"))),
    }
}

/// A borrowed view of a range cell, so both readers share [`push`].
pub fn borrow(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// A float printed as people expect: `13912345678` rather than `13912345678.0`.
struct Number(f64);

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        // Whole numbers below 2^63 convert exactly, and printing an integer is several times
        // faster than the exact float formatting below (a million-row sheet has millions).
        if v.fract() == 0.0 && v.abs() < 9.2e18 {
            write!(f, "{}", v as i64)
        } else if v.fract() == 0.0 && v.abs() < 1e21 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v}")
        }
    }
}

fn fmt_into<'b>(buf: &'b mut String, args: std::fmt::Arguments<'_>) -> &'b str {
    use std::fmt::Write;
    buf.clear();
    let _ = buf.write_fmt(args);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_trailing_zero() {
        assert_eq!(Number(13912345678.0).to_string(), "13912345678");
        assert_eq!(Number(5.22731e17).to_string(), "522731000000000000");
        assert_eq!(Number(2.5).to_string(), "2.5");
        assert_eq!(Number(-42.0).to_string(), "-42");
        assert_eq!(Number(1e20).to_string(), "100000000000000000000");
    }
}
