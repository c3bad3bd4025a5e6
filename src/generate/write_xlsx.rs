//! Writing a register as an .xlsx workbook. IDs, phones and bank cards are text cells, as a
//! careful office keeps them (a number cell would lose digits); counts, months, income and year
//! are number cells.
//!
//! The sheet is streamed row by row (rust_xlsxwriter's constant- or low-memory worksheet), so a
//! million rows do not hold a second copy of the register in memory.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Cell, Register};

/// Column widths in characters, by header, for a sheet that reads well when opened.
const WIDTHS: [(&str, f64); 8] = [
    ("户编号", 18.0),
    ("人编号", 20.0),
    ("证件号码", 20.0),
    ("出生日期", 11.0),
    ("行政村", 10.0),
    ("联系电话", 13.0),
    ("开户银行名称", 16.0),
    ("银行卡号", 21.0),
];

/// Above this many rows the zip is compressed at level 1, not 6: compression is half the time of a
/// million-row file, and level 1 halves it again for a file about 1.6 times as large.
const FAST_ZIP_ROWS: usize = 100_000;

/// Rows of an Excel worksheet.
const EXCEL_ROWS: usize = 1_048_576;

/// The workbook as bytes.
pub fn to_bytes(register: &Register, inline_strings: bool) -> Result<Vec<u8>, String> {
    workbook(register, inline_strings)?.save_to_buffer().map_err(|e| e.to_string())
}

/// The workbook saved at `path`.
pub fn to_file(register: &Register, inline_strings: bool, path: &std::path::Path) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    workbook(register, inline_strings).map_err(|e| fail(&e))?.save(path).map_err(|e| fail(&e))
}

fn workbook(register: &Register, inline_strings: bool) -> Result<Workbook, String> {
    let last_row = register.title_rows as usize + 1 + register.rows.len();
    if last_row > EXCEL_ROWS {
        return Err(format!("{last_row} rows do not fit in a worksheet ({EXCEL_ROWS} at most): write CSV instead"));
    }
    write_sheet(register, inline_strings).map_err(|e| e.to_string())
}

fn write_sheet(register: &Register, inline_strings: bool) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    if register.rows.len() > FAST_ZIP_ROWS {
        wb.set_zip_compression_level(1);
    }
    let sheet =
        if inline_strings { wb.add_worksheet_with_constant_memory()? } else { wb.add_worksheet_with_low_memory()? };
    sheet.set_name("贫困人口信息")?;
    // Widths first: a streamed sheet writes its column settings before the first row.
    for (i, header) in register.headers.iter().enumerate() {
        if let Some((_, w)) = WIDTHS.iter().find(|(h, _)| h == header) {
            sheet.set_column_width(i as u16, *w)?;
        }
    }
    let bold = Format::new().set_bold();
    for (r, line) in register.title_lines().iter().enumerate() {
        if !line.is_empty() {
            sheet.write_string_with_format(r as u32, 0, line, &bold)?;
        }
    }
    let header_row = register.title_rows;
    for (c, h) in register.headers.iter().enumerate() {
        sheet.write_string_with_format(header_row, c as u16, h, &bold)?;
    }
    for (i, row) in register.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => sheet.write_string(r, c as u16, s)?,
                Cell::Number(x) => sheet.write_number(r, c as u16, *x)?,
                Cell::Empty => continue,
            };
        }
    }
    if let Some(list) = &register.household_list {
        table(&mut wb, "户信息", &list.headers, &list.rows)?;
    }
    if let Some(tables) = &register.work {
        for sheet in [&tables.work, &tables.plan] {
            table(&mut wb, sheet.name, &sheet.headers, &sheet.rows)?;
        }
    }
    Ok(wb)
}

/// The work tables alone, as a workbook of two sheets.
pub fn work_bytes(tables: &super::work_tables::WorkTables) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    for sheet in [&tables.work, &tables.plan] {
        table(&mut wb, sheet.name, &sheet.headers, &sheet.rows).map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// A further sheet of a header and rows.
fn table(wb: &mut Workbook, name: &str, headers: &[String], rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet_with_low_memory()?;
    sheet.set_name(name)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => sheet.write_string(i as u32 + 1, c as u16, s)?,
                Cell::Number(x) => sheet.write_number(i as u32 + 1, c as u16, *x)?,
                Cell::Empty => continue,
            };
        }
    }
    Ok(())
}
