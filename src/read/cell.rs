//! Turning a calamine cell value into a table cell: its kind and its text.

use crate::read::table::{Grid, Kind};
use calamine::{Data, DataRef};

/// Pushes `value` into the open row of `grid` at column `col`. Empty cells push nothing. `buf`
/// holds the values printed here (numbers, dates, errors), kept by the caller from cell to cell.
pub fn push(grid: &mut Grid, col: usize, value: &DataRef<'_>, buf: &mut String) {
    match value {
        DataRef::Empty => {}
        DataRef::String(s) => grid.push(col, Kind::Text, s),
        DataRef::SharedString(s) => grid.push(col, Kind::Text, s),
        DataRef::Int(i) => grid.push(col, Kind::Number, fmt_into(buf, format_args!("{i}"))),
        DataRef::Float(f) => grid.push(col, Kind::Number, fmt_into(buf, format_args!("{}", Number(*f)))),
        DataRef::Bool(b) => grid.push(col, Kind::Bool, if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            if dt.is_datetime() {
                grid.push(col, Kind::Date, day(buf, y, m, d));
            } else {
                grid.push(col, Kind::Number, fmt_into(buf, format_args!("{}", Number(dt.as_f64()))));
            }
        }
        DataRef::DateTimeIso(s) => grid.push(col, Kind::Date, s.get(..10).unwrap_or(s)),
        DataRef::DurationIso(s) => grid.push(col, Kind::Text, s),
        DataRef::Error(e) => grid.push(col, Kind::Error, fmt_into(buf, format_args!("{e}"))),
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

/// `YYYY-MM-DD`, as `format!("{y:04}-{m:02}-{d:02}")` prints it, digit by digit: a register's
/// birth dates are a million date cells, and the formatting machinery costs several times this.
fn day(buf: &mut String, y: u16, m: u8, d: u8) -> &str {
    if y > 9999 || m > 99 || d > 99 {
        return fmt_into(buf, format_args!("{y:04}-{m:02}-{d:02}"));
    }
    let digit = |n: u16| char::from(b'0' + n as u8);
    buf.clear();
    buf.extend([digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), '-']);
    buf.extend([digit(u16::from(m) / 10), digit(u16::from(m) % 10), '-']);
    buf.extend([digit(u16::from(d) / 10), digit(u16::from(d) % 10)]);
    buf
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
    fn days_print_as_the_formatter_prints_them() {
        let mut buf = String::new();
        for (y, m, d) in
            [(1990, 1, 5), (2024, 12, 31), (1900, 2, 29), (7, 3, 4), (9999, 99, 99), (10000, 1, 1), (65535, 255, 255)]
        {
            assert_eq!(day(&mut buf, y, m, d), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn numbers_print_without_trailing_zero() {
        assert_eq!(Number(13912345678.0).to_string(), "13912345678");
        assert_eq!(Number(5.22731e17).to_string(), "522731000000000000");
        assert_eq!(Number(2.5).to_string(), "2.5");
        assert_eq!(Number(-42.0).to_string(), "-42");
        assert_eq!(Number(1e20).to_string(), "100000000000000000000");
    }
}
