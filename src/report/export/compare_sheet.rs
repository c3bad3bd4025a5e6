//! The 比对结果 sheet of the annotated workbook: what each department's list held and yielded,
//! then every finding of the lists with the register's row and the list's file and row.

use super::sheets::{header_format, Widths};
use super::{severity_zh, write_failed};
use crate::base::error::Error;
use crate::report::Report;
use rust_xlsxwriter::Worksheet;

/// True when the report compared lists, so that the workbook gains the sheet.
pub fn wanted(report: &Report) -> bool {
    !report.compare.is_empty()
}

pub fn write_compare(ws: &mut Worksheet, report: &Report) -> Result<(), Error> {
    let head = header_format();
    let mut widths = Widths::default();
    let mut row = 0u32;
    let mut line = |ws: &mut Worksheet, cells: &[String], bold: bool| -> Result<(), Error> {
        for (c, text) in cells.iter().enumerate() {
            let c = c as u16;
            widths.see_text(c, text);
            match text.parse::<u32>() {
                Ok(n) if !bold && !text.starts_with('0') => ws.write_number(row, c, f64::from(n)),
                _ if bold => ws.write_string_with_format(row, c, text, &head),
                _ => ws.write_string(row, c, text),
            }
            .map_err(write_failed)?;
        }
        row += 1;
        Ok(())
    };
    let s = |v: &str| v.to_owned();
    let header = [
        "比对名单",
        "名单种类",
        "种类的判断",
        "工作表",
        "行数",
        "按证件号码对上",
        "按姓名和出生日期对上",
        "花名册中没有",
        "无可用证件号码",
        "问题数",
        "说明",
    ];
    line(ws, &header.map(s), true)?;
    for l in &report.compare {
        let source = match l.kind_source {
            "option" => "指定",
            "file-name" => "按文件名",
            "header" => "按表头",
            _ => "未能判断",
        };
        let note = l.register_lacks.map(|c| format!("花名册没有“{c}”列，只做了匹配")).unwrap_or_default();
        let cells = [
            l.file.clone(),
            l.label_zh.clone(),
            s(source),
            l.sheet.clone(),
            l.rows.to_string(),
            l.matched_by_id.to_string(),
            l.matched_by_name.to_string(),
            l.unmatched.to_string(),
            l.without_id.to_string(),
            l.findings.to_string(),
            note,
        ];
        line(ws, &cells, false)?;
    }
    line(ws, &[], false)?;
    let header = ["规则代码", "严重程度", "花名册行号", "户编号", "列", "值", "名单", "名单行号", "说明", "豁免原因"];
    line(ws, &header.map(s), true)?;
    for f in report.findings.iter().filter(|f| f.rule.starts_with("list-")) {
        let rows: Vec<String> = f.rows.iter().map(u32::to_string).collect();
        let at = f.locations.first();
        let cells = [
            f.rule.to_string(),
            s(severity_zh(f.severity)),
            rows.join(","),
            f.household.clone().unwrap_or_default(),
            f.column.clone().unwrap_or_default(),
            f.value.clone(),
            at.and_then(|l| l.file.clone()).unwrap_or_default(),
            at.map(|l| l.row.to_string()).unwrap_or_default(),
            f.message_zh.clone(),
            f.exempted.clone().unwrap_or_default(),
        ];
        line(ws, &cells, false)?;
    }
    widths.apply(ws, 6.0, 60.0)
}
