//! The three lists of a case as an .xlsx workbook, for councils that report upward in Excel.
//! A minimal Office Open XML writer: one sheet per list, text cells (inline strings), a bold-free
//! header row. Read back by calamine in the tests.
use crate::base::error::AppError;
use crate::cases::lists::ListTable;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::io::Write;

/// `GET /admin/councils/{key}/cases/{code}/lists.xlsx`, for those who administer the council.
pub async fn get_lists_xlsx(
    State(state): State<AppState>,
    Path((council, code)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match lists_xlsx(&state, &council, &code, &headers).await {
        Ok((file_name, bytes)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            if let Ok(value) =
                HeaderValue::from_str(&format!("attachment; filename=\"{file_name}.xlsx\""))
            {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => e.into_response(),
    }
}

async fn lists_xlsx(
    state: &AppState,
    council: &str,
    code: &str,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let council = crate::base::ids::CouncilKey::parse(council).ok_or(AppError::NotFound)?;
    crate::auth::authorize_route(
        &state.db,
        headers,
        crate::auth::Action::AdministerCouncil {
            council: council.clone(),
        },
    )
    .await?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(code).map_err(|_| AppError::NotFound)?;
    let case = crate::cases::desk::api::desk_case(&state.db, &council, &code).await?;
    let tables = crate::cases::lists::three_lists(&case.lists);
    let bytes = workbook(&tables).map_err(|e| {
        tracing::error!(%e, "xlsx");
        AppError::Internal
    })?;
    // The tracking code is ASCII, so the file name needs no encoding.
    Ok((code.0, bytes))
}

/// An .xlsx file with one sheet per table.
pub fn workbook(tables: &[ListTable]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let sheets = tables.len();
    let mut put = |name: &str, body: String| -> zip::result::ZipResult<()> {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
        Ok(())
    };
    put("[Content_Types].xml", content_types(sheets))?;
    put("_rels/.rels", ROOT_RELS.to_string())?;
    put("xl/workbook.xml", workbook_xml(tables))?;
    put("xl/_rels/workbook.xml.rels", workbook_rels(sheets))?;
    for (i, table) in tables.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            sheet_xml(table),
        )?;
    }
    Ok(zip.finish()?.into_inner())
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn content_types(sheets: usize) -> String {
    let overrides: String = (1..=sheets)
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
    )
}

fn workbook_xml(tables: &[ListTable]) -> String {
    let sheets: String = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
                escape(&sheet_name(t.title)),
                n = i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
    )
}

fn workbook_rels(sheets: usize) -> String {
    let rels: String = (1..=sheets)
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    )
}

fn sheet_xml(table: &ListTable) -> String {
    let header: Vec<String> = table.header.iter().map(|h| h.to_string()).collect();
    let rows: String = std::iter::once(&header)
        .chain(&table.rows)
        .enumerate()
        .map(|(r, cells)| {
            let cells: String = cells
                .iter()
                .enumerate()
                .map(|(c, value)| {
                    format!(
                        r#"<c r="{}{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                        column(c),
                        r + 1,
                        escape(&cell_text(value))
                    )
                })
                .collect();
            format!(r#"<row r="{}">{cells}</row>"#, r + 1)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="6" customWidth="1"/><col min="2" max="10" width="28" customWidth="1"/></cols><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// `A`, `B`, … `Z`, `AA`: lists have a handful of columns.
fn column(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
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

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn columns_are_lettered_like_excel() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
    }

    #[test]
    fn a_workbook_reads_back_cell_for_cell() {
        let tables = [
            ListTable {
                title: "协商建议清单",
                header: vec!["序号", "建议"],
                rows: vec![
                    vec!["1".into(), "硬化三社道路 <800 米> & 安装路灯 🙂".into()],
                    vec!["2".into(), "第一行\n第二行".into()],
                ],
            },
            ListTable {
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
