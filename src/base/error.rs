//! The one error huqing returns: the file could not be checked at all. Every problem *inside*
//! the data is a finding instead, never an error.

use crate::base::limits::{column_letters, LIMITS};
use std::fmt;

/// Why a file could not be checked.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// The kinds of [`Error`], each with a message that tells the user what to do.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file has no bytes.
    Empty,
    /// The bytes are no spreadsheet format huqing knows; `ext` is the file's extension.
    UnknownFormat { ext: String },
    /// A WPS (.et/.wps) or other office file that is not a spreadsheet huqing reads.
    SaveAs { what: String },
    /// Plainly no table at all, known by its first bytes: a PDF, a picture, an archive, a
    /// presentation. `what_zh`/`what_en` say what it looks like; `archive` when it may hold the
    /// spreadsheet packed (a ZIP, RAR, 7z or GZIP file), so the message says to unpack it.
    NotASpreadsheet { what_zh: String, what_en: String, archive: bool },
    /// A workbook protected by a password.
    Encrypted,
    /// The workbook is damaged; `detail` is the reader's own words.
    Corrupt { detail: String },
    /// The text file is not in an encoding huqing can decode.
    Encoding,
    /// `--sheet` / `options.sheet` named a sheet the workbook does not have.
    SheetNotFound { name: String, sheets: Vec<String> },
    /// No sheet holds any cell.
    NoData,
    /// No row looks like a register header (户编号, 证件号码, 姓名 …).
    NoHeader { sheet: String },
    /// The workbook holds tables, but none lists persons or households: a log, a summary by
    /// township, or a blank template whose register header has no row below it.
    NotARegister { sheets: Vec<SheetSeen> },
    /// The options passed by a caller are malformed.
    BadOptions { detail: String },
    /// A zip archive that would inflate to far more than any register (a zip bomb).
    ZipBomb { detail: String },
    /// A sheet whose cells span an absurd box of `cells` cells, which reading would allocate;
    /// `sheet` is empty when the reader does not say which.
    SheetTooLarge { sheet: String, cells: u64 },
    /// A profile document is wrong: `path` names the field (`rules.person-id-checksm`,
    /// `custom_rules[2].pattern`; empty for the document as a whole).
    BadProfile { path: String, problem_zh: String, problem_en: String },
    /// An exemption list (豁免清单) cannot be used; the problem names the row or column.
    BadExemptions { problem_zh: String, problem_en: String },
    /// A comparison list (比对名单) `file` cannot be read or used.
    BadList { file: String, problem_zh: String, problem_en: String },
    /// The previous period's register (the baseline of the period comparison) cannot be read:
    /// `file` is its name, the problem the reader's own message.
    BadPrevious { file: String, problem_zh: String, problem_en: String },
    /// The 务工 file given beside the person file (`Options::work`) cannot be used.
    BadWork { file: String, problem_zh: String, problem_en: String },
    /// The annotated workbook of a sheet this large cannot be made in the browser's memory;
    /// the CLI (`huqing export`) makes it.
    ExportTooLarge { cells: u64, limit: u64 },
    /// Writing an export failed; `detail` is the writer's own words.
    ExportFailed { detail: String },
    /// The file is larger than [`crate::base::limits::Limits::file_bytes`].
    FileTooLarge { bytes: u64 },
    /// The file could not be read from disk; `detail` is the system's own words.
    Unreadable { detail: String },
    /// A cell of sheet `sheet` at Excel row `row`, 0-based column `col`, holds `chars`
    /// characters, more than [`crate::base::limits::Limits::cell_chars`].
    CellTooLong { sheet: String, row: u32, col: usize, chars: usize },
    /// The cells of `sheet` hold `bytes` bytes of text, more than
    /// [`crate::base::limits::Limits::text_bytes`].
    TextTooLarge { sheet: String, bytes: u64 },
}

/// A sheet as [`ErrorKind::NotARegister`] describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSeen {
    pub name: String,
    /// The texts of its header row (the first few).
    pub header: Vec<String>,
    /// True when the header is a register's but no data row follows it (a blank template).
    pub template: bool,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// A stable machine-readable code, e.g. `encrypted`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Empty => "empty",
            ErrorKind::UnknownFormat { .. } => "unknown-format",
            ErrorKind::SaveAs { .. } => "save-as",
            ErrorKind::NotASpreadsheet { .. } => "not-a-spreadsheet",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Corrupt { .. } => "corrupt",
            ErrorKind::Encoding => "encoding",
            ErrorKind::SheetNotFound { .. } => "sheet-not-found",
            ErrorKind::NoData => "no-data",
            ErrorKind::NoHeader { .. } => "no-header",
            ErrorKind::NotARegister { .. } => "not-a-register",
            ErrorKind::BadOptions { .. } => "bad-options",
            ErrorKind::ZipBomb { .. } => "too-large",
            ErrorKind::SheetTooLarge { .. } => "sheet-too-large",
            ErrorKind::BadProfile { .. } => "bad-profile",
            ErrorKind::BadExemptions { .. } => "bad-exemptions",
            ErrorKind::BadList { .. } => "bad-list",
            ErrorKind::BadPrevious { .. } => "bad-previous",
            ErrorKind::BadWork { .. } => "bad-work",
            ErrorKind::ExportTooLarge { .. } => "export-too-large",
            ErrorKind::ExportFailed { .. } => "export-failed",
            ErrorKind::FileTooLarge { .. } => "file-too-large",
            ErrorKind::Unreadable { .. } => "unreadable",
            ErrorKind::CellTooLong { .. } => "cell-too-long",
            ErrorKind::TextTooLarge { .. } => "text-too-large",
        }
    }

    /// The message in Chinese, for the clerk who dropped the file.
    pub fn message_zh(&self) -> String {
        match &self.kind {
            ErrorKind::Empty => "文件是空的（0 字节），请确认选对了文件。".into(),
            ErrorKind::UnknownFormat { ext } => format!(
                "无法识别此文件（扩展名“{ext}”）的格式。请在 Excel 或 WPS 中打开它，另存为 .xlsx 或 .csv 后再检查。"
            ),
            ErrorKind::SaveAs { what } => format!(
                "这是 {what} 文件，不能直接检查。请用 WPS 打开，另存为 Excel 工作簿（.xlsx）后再检查。"
            ),
            ErrorKind::NotASpreadsheet { what_zh, archive, .. } => format!(
                "这不是电子表格，看起来是{what_zh}，无法检查。{}户清能读取的格式：Excel 工作簿（.xlsx .xlsm .xlsb .xls）、OpenDocument 表格（.ods）和文本表格（.csv .tsv .txt）。请选择系统导出的人员（或户）信息表再检查。",
                if *archive { "如果表格在压缩包里，请先解压，再选择其中的表格文件。" } else { "" }
            ),
            ErrorKind::Encrypted => "此工作簿设置了打开密码，无法读取。请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿）后另存，再检查。".into(),
            ErrorKind::Corrupt { detail } => format!(
                "文件已损坏或不完整，无法读取（{detail}）。请重新导出或在 Excel 中打开后另存为 .xlsx。"
            ),
            ErrorKind::Encoding => "无法识别此文本文件的编码。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再检查。".into(),
            ErrorKind::SheetNotFound { name, sheets } => format!(
                "找不到名为“{name}”的工作表。此工作簿的工作表有：{}。",
                sheets.join("、")
            ),
            ErrorKind::NoData => "文件中没有任何数据。".into(),
            ErrorKind::NoHeader { sheet } => format!(
                "在工作表“{sheet}”的前 30 行中找不到表头（应包含 户编号、证件号码、姓名、与户主关系 等列名）。请确认这是扶贫人口信息表。"
            ),
            ErrorKind::NotARegister { sheets } => {
                let seen: Vec<String> = sheets
                    .iter()
                    .map(|s| match s.template {
                        true => format!("工作表“{}”有表头（{}），但下面没有数据行，像是空白模板", s.name, s.header.join("、")),
                        false => format!("工作表“{}”的表头是“{}”", s.name, s.header.join("、")),
                    })
                    .collect();
                format!(
                    "这不是人口或户信息表，无法检查。huqing 要找的是一行含 证件号码、户编号、姓名、与户主关系 等列名的表头，下面每人或每户一行数据；此文件中{}。请打开系统导出的人员（或户）信息表再检查。",
                    seen.join("；")
                )
            }
            ErrorKind::BadOptions { detail } => format!("检查选项有误：{detail}"),
            ErrorKind::ZipBomb { detail } => format!(
                "此文件解压后大得异常（{detail}），疑似损坏或恶意构造，已拒绝读取。请在 Excel 中打开后另存为 .xlsx 再检查。"
            ),
            ErrorKind::SheetTooLarge { sheet, cells } => format!(
                "工作表{}的单元格分布范围达 {cells} 格，远超任何人口信息表，读取会耗尽内存。请删除远处的多余单元格和重复的空行（或把数据复制到新工作表）后另存为 .xlsx 再检查。",
                if sheet.is_empty() { String::new() } else { format!("“{sheet}”") }
            ),
            ErrorKind::BadProfile { path, problem_zh, .. } if path.is_empty() => format!("检查方案有误，未使用：{problem_zh}"),
            ErrorKind::BadProfile { path, problem_zh, .. } => format!("检查方案有误，未使用：{path}：{problem_zh}"),
            ErrorKind::BadExemptions { problem_zh, .. } => format!("豁免清单无法使用：{problem_zh}"),
            ErrorKind::BadList { file, problem_zh, .. } => format!("比对名单“{file}”无法使用：{problem_zh}"),
            ErrorKind::BadPrevious { file, problem_zh, .. } => format!("上期花名册“{file}”无法比对：{problem_zh}"),
            ErrorKind::BadWork { file, problem_zh, .. } => format!("务工文件“{file}”无法使用：{problem_zh}"),
            ErrorKind::ExportTooLarge { cells, limit } => format!(
                "此表有 {cells} 个单元格，超过浏览器中生成标注工作簿的上限（{limit} 个），内存不够。问题清单（CSV/JSON）和脱敏汇总仍可导出；标注工作簿请用命令行生成：huqing export 文件 --annotated 输出.xlsx。"
            ),
            ErrorKind::ExportFailed { detail } => format!("导出失败（{detail}）。请重试；如仍失败，请用命令行 huqing export 导出。"),
            ErrorKind::Unreadable { detail } => format!("无法读取文件：{detail}"),
            ErrorKind::FileTooLarge { bytes } => format!(
                "文件有 {} MB，超过可检查的上限 {} MB。请把数据按乡镇拆成几个文件，或删除不需要检查的列后另存为 .xlsx 再检查。",
                bytes >> 20,
                LIMITS.file_bytes >> 20
            ),
            ErrorKind::CellTooLong { sheet, row, col, chars } => format!(
                "工作表“{sheet}”的单元格 {}{row} 有 {chars} 个字符，超过 Excel 单元格上限 {} 个字符，文件可能已损坏（CSV 文件常因某个引号没有配对，把后面的内容都读进了一个单元格）。请检查并修正这个单元格后再检查。",
                column_letters(*col),
                LIMITS.cell_chars
            ),
            ErrorKind::TextTooLarge { sheet, bytes } => format!(
                "工作表“{sheet}”的单元格文字共 {} MB，超过上限 {} MB，远超任何人口信息表，疑似损坏或恶意构造，已停止读取。请在 Excel 中打开后另存为 .xlsx 再检查。",
                bytes >> 20,
                LIMITS.text_bytes >> 20
            ),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match &self.kind {
            ErrorKind::Empty => "The file is empty (0 bytes). Check that you chose the right file.".into(),
            ErrorKind::UnknownFormat { ext } => format!(
                "The format of this file (extension \"{ext}\") is not recognised. Open it in Excel or WPS and save it as .xlsx or .csv."
            ),
            ErrorKind::SaveAs { what } => format!(
                "This is a {what} file, which cannot be checked directly. Open it in WPS and save it as an Excel workbook (.xlsx)."
            ),
            ErrorKind::NotASpreadsheet { what_en, archive, .. } => format!(
                "This is not a spreadsheet: it looks like {what_en}, which cannot be checked. {}huqing reads Excel workbooks (.xlsx .xlsm .xlsb .xls), OpenDocument spreadsheets (.ods) and text tables (.csv .tsv .txt). Choose the person (or household) list the system exported.",
                if *archive { "If the spreadsheet is inside this archive, unpack it first and choose the spreadsheet. " } else { "" }
            ),
            ErrorKind::Encrypted => "This workbook is protected by a password and cannot be read. Remove the password in Excel/WPS, save, and check again.".into(),
            ErrorKind::Corrupt { detail } => format!(
                "The file is damaged or incomplete and cannot be read ({detail}). Export it again, or open it in Excel and save it as .xlsx."
            ),
            ErrorKind::Encoding => "The text encoding of this file is not recognised. Save it from Excel as \"CSV UTF-8\" or .xlsx.".into(),
            ErrorKind::SheetNotFound { name, sheets } => format!(
                "There is no sheet named \"{name}\". The workbook's sheets are: {}.",
                sheets.join(", ")
            ),
            ErrorKind::NoData => "The file holds no data.".into(),
            ErrorKind::NoHeader { sheet } => format!(
                "No header row was found in the first 30 rows of sheet \"{sheet}\" (expected column names such as 户编号, 证件号码, 姓名, 与户主关系). Is this a registration list?"
            ),
            ErrorKind::NotARegister { sheets } => {
                let seen: Vec<String> = sheets
                    .iter()
                    .map(|s| match s.template {
                        true => format!("sheet \"{}\" has a register header ({}) but no data row below it, like a blank template", s.name, s.header.join(", ")),
                        false => format!("the header of sheet \"{}\" is \"{}\"", s.name, s.header.join(", ")),
                    })
                    .collect();
                format!(
                    "This is not a list of persons or households, so it cannot be checked. huqing looks for a header row with column names such as 证件号码, 户编号, 姓名, 与户主关系 and a row per person or household below it; in this file {}. Open the person (or household) list the system exported and check that.",
                    seen.join("; ")
                )
            }
            ErrorKind::BadOptions { detail } => format!("The check options are malformed: {detail}"),
            ErrorKind::ZipBomb { detail } => format!(
                "This file would inflate to an abnormal size ({detail}); it looks damaged or hostile and was not read. Open it in Excel and save it as .xlsx."
            ),
            ErrorKind::SheetTooLarge { sheet, cells } => format!(
                "The cells of {} span a box of {cells} cells, far more than any register; reading it would exhaust memory. Delete the stray far-away cells and repeated empty rows (or copy the data to a new sheet), save as .xlsx, and check again.",
                if sheet.is_empty() { "a sheet".to_owned() } else { format!("sheet \"{sheet}\"") }
            ),
            ErrorKind::BadProfile { path, problem_en, .. } if path.is_empty() => format!("The profile is wrong and was not used: {problem_en}"),
            ErrorKind::BadProfile { path, problem_en, .. } => format!("The profile is wrong and was not used: {path}: {problem_en}"),
            ErrorKind::BadExemptions { problem_en, .. } => format!("The exemption list cannot be used: {problem_en}"),
            ErrorKind::BadList { file, problem_en, .. } => format!("The comparison list \"{file}\" cannot be used: {problem_en}"),
            ErrorKind::BadPrevious { file, problem_en, .. } => {
                format!("The previous period's register \"{file}\" cannot be compared: {problem_en}")
            }
            ErrorKind::BadWork { file, problem_en, .. } => format!("The work file \"{file}\" cannot be used: {problem_en}"),
            ErrorKind::ExportTooLarge { cells, limit } => format!(
                "This sheet has {cells} cells, more than the browser can annotate in its memory (at most {limit}). The findings (CSV/JSON) and the masked summary can still be exported; make the annotated workbook with the command line: huqing export FILE --annotated OUT.xlsx."
            ),
            ErrorKind::ExportFailed { detail } => format!("The export failed ({detail}). Try again; if it fails again, export with the command line (huqing export)."),
            ErrorKind::Unreadable { detail } => format!("The file cannot be read: {detail}"),
            ErrorKind::FileTooLarge { bytes } => format!(
                "The file is {} MB, more than the {} MB that can be checked. Split the data into several files (by township, say), or delete columns that need no check, save as .xlsx and check again.",
                bytes >> 20,
                LIMITS.file_bytes >> 20
            ),
            ErrorKind::CellTooLong { sheet, row, col, chars } => format!(
                "Cell {}{row} of sheet \"{sheet}\" holds {chars} characters, more than Excel's limit of {} per cell; the file may be damaged (in a CSV file an unmatched quote often pulls everything after it into one cell). Fix that cell and check again.",
                column_letters(*col),
                LIMITS.cell_chars
            ),
            ErrorKind::TextTooLarge { sheet, bytes } => format!(
                "The cells of sheet \"{sheet}\" hold {} MB of text, more than the limit of {} MB and far more than any register; the file looks damaged or hostile and reading stopped. Open it in Excel, save it as .xlsx and check again.",
                bytes >> 20,
                LIMITS.text_bytes >> 20
            ),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error { kind }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_zh(), self.message_en())
    }
}

impl std::error::Error for Error {}
