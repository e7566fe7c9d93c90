//! Spreadsheets for councils that report upward in Excel: tables written as .xlsx by
//! rust_xlsxwriter, and the answer that hands one to the browser. Read back by calamine in the
//! tests.
use crate::base::table::Table;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// A download of `bytes` as `file_name.xlsx` (ASCII, so it needs no encoding), never cached.
pub fn attachment(file_name: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}.xlsx\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A spreadsheet made by `made` as the answer: the download, or the refusal with its status.
pub fn answer(made: Result<(String, Vec<u8>), crate::base::error::AppError>) -> Response {
    match made {
        Ok((name, bytes)) => attachment(&name, bytes),
        Err(e) => e.into_response(),
    }
}

/// `workbook`, its rare failure logged and answered as ours (500).
pub fn book(tables: &[Table]) -> Result<Vec<u8>, crate::base::error::AppError> {
    workbook(tables).map_err(|e| {
        tracing::error!(%e, "xlsx");
        crate::base::error::AppError::Internal
    })
}

/// An .xlsx file with one sheet per table: a bold, shaded header row that stays in view when
/// scrolling and is repeated on every printed page, wrapped text, columns as wide as their text.
/// Every cell is text, the dates too (`2026-11-20` sorts as it reads and is not reformatted by
/// the reader's locale), as on the printed lists.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(LINE);
    let head = border(
        Format::new()
            .set_bold()
            .set_background_color(HEADER_FILL)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
    );
    let body = border(Format::new().set_align(FormatAlign::Top).set_text_wrap());
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table.title))?;
        for (c, title) in table.header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, cell_text(title), &head)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                sheet.write_string_with_format(r as u32 + 1, c as u16, cell_text(value), &body)?;
            }
        }
        for (c, width) in column_widths(table).into_iter().enumerate() {
            sheet.set_column_width(c as u16, width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_repeat_rows(0, 0)?;
        sheet.set_landscape();
    }
    book.save_to_buffer()
}

/// The header's shade (the light blue of Excel's own table styles) and the cells' grey lines.
const HEADER_FILL: Color = Color::RGB(0xDDEBF7);
const LINE: Color = Color::RGB(0xA6A6A6);
/// Narrowest and widest column, in Excel's units (the width of a `0`).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 50.0;

/// Each column as wide as its longest line, within bounds; longer text wraps. A Chinese
/// character takes about two units.
fn column_widths(table: &Table) -> Vec<f64> {
    let mut widths: Vec<usize> = table.header.iter().map(|h| text_width(h)).collect();
    for row in &table.rows {
        for (c, value) in row.iter().enumerate() {
            if c < widths.len() {
                widths[c] = widths[c].max(text_width(value));
            }
        }
    }
    widths
        .into_iter()
        .map(|w| (w as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))
        .collect()
}

/// The widest line of a cell, counting wide characters (CJK, full-width forms, emoji) as two.
fn text_width(value: &str) -> usize {
    value
        .lines()
        .map(|line| {
            line.chars()
                .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
                .sum()
        })
        .max()
        .unwrap_or(0)
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// Characters XML 1.0 cannot carry are dropped; a cell holds at most 32,767 characters.
fn cell_text(value: &str) -> String {
    value
        .chars()
        .filter(|c| matches!(*c, '\t' | '\n' | '\r') || !c.is_control())
        .take(32_767)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn columns_fit_chinese_text_within_bounds() {
        let table = Table {
            title: "责任落实清单",
            header: vec!["序号", "任务"],
            rows: vec![vec!["1".into(), format!("短\n{}", "长".repeat(40))]],
        };
        // 序号 is four units plus two of margin; the task is capped and wraps.
        assert_eq!(column_widths(&table), [6.0, MAX_WIDTH]);
        assert_eq!(text_width("三塬镇 office"), 13);
        assert_eq!(text_width("第一行\n第二行长"), 8);
    }

    /// The header is bold and shaded and stays in view: read from the package's own XML.
    #[test]
    fn the_header_row_is_styled_and_frozen() {
        use std::io::Read;
        let table = Table {
            title: "协商建议清单",
            header: vec!["序号", "建议"],
            rows: vec![vec!["1".into(), "安装路灯".into()]],
        };
        let bytes = workbook(&[table]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            zip.by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        let sheet = part("xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#));
        let styles = part("xl/styles.xml");
        assert!(
            styles.contains("<b/>") && styles.contains("FFDDEBF7"),
            "{styles}"
        );
    }

    #[test]
    fn a_workbook_reads_back_cell_for_cell() {
        let tables = [
            Table {
                title: "协商建议清单",
                header: vec!["序号", "建议"],
                rows: vec![
                    vec!["1".into(), "硬化三社道路 <800 米> & 安装路灯 🙂".into()],
                    vec!["2".into(), "第一行\n第二行".into()],
                ],
            },
            Table {
                title: "结果反馈清单",
                header: vec!["序号"],
                rows: vec![],
            },
        ];
        let bytes = workbook(&tables).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["协商建议清单", "结果反馈清单"]);
        let range = book.worksheet_range("协商建议清单").unwrap();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(cells[0], ["序号", "建议"]);
        assert_eq!(cells[1][1], "硬化三社道路 <800 米> & 安装路灯 🙂");
        assert_eq!(cells[2][1], "第一行\n第二行");
        assert_eq!(
            book.worksheet_range("结果反馈清单").unwrap().rows().count(),
            1
        );
    }
}
