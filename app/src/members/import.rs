//! Reading a members sheet (.csv or .xlsx, as councils keep their rosters) into rows of text,
//! and finding its columns by their Chinese headers.

/// Larger sheets are refused before parsing: a council has tens or hundreds of members.
pub const MAX_BYTES: usize = 1024 * 1024;
pub const MAX_ROWS: usize = 5000;

/// A sheet as text cells, header row first removed; each row keeps its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    UnknownFormat,
    Unreadable,
    Empty,
    TooLarge,
    MissingColumn(&'static str),
}

impl SheetError {
    pub fn message(&self) -> String {
        let t = crate::base::text::t();
        match self {
            SheetError::UnknownFormat => t.import_unknown_format.to_string(),
            SheetError::Unreadable => t.import_unreadable.to_string(),
            SheetError::Empty => t.import_empty.to_string(),
            SheetError::TooLarge => t.import_too_large.to_string(),
            SheetError::MissingColumn(c) => format!("{}{c}", t.import_missing_column),
        }
    }
}

/// The cells of one member row, by column meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawMember {
    pub line: usize,
    pub name: String,
    pub sector: String,
    pub level: String,
    pub phone: String,
    pub contact_public: String,
    pub specialties: String,
    pub role: String,
}

/// Header names a column may carry; the first is the one our template uses.
const COLUMNS: [(&str, &[&str]); 7] = [
    ("姓名", &["姓名", "名字", "委员姓名"]),
    ("界别", &["界别", "所属界别"]),
    ("级别", &["级别", "委员级别", "层级"]),
    ("手机", &["手机", "手机号", "手机号码", "电话", "联系电话"]),
    (
        "公开联系方式",
        &["公开联系方式", "是否公开", "是否公开联系方式", "公开"],
    ),
    ("专长", &["专长", "特长", "专业特长", "专业"]),
    ("职务", &["职务", "角色", "担任职务"]),
];

fn normalise_header(h: &str) -> String {
    h.chars()
        .take_while(|c| !matches!(c, '(' | '（'))
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '*')
        .collect()
}

/// Maps rows to members by header; name and sector columns are required. Blank rows are skipped.
pub fn members_from_sheet(sheet: &Sheet) -> Result<Vec<RawMember>, SheetError> {
    let header: Vec<String> = sheet.header.iter().map(|h| normalise_header(h)).collect();
    let find = |i: usize| {
        let (_, names) = COLUMNS[i];
        header.iter().position(|h| names.contains(&h.as_str()))
    };
    let columns: Vec<Option<usize>> = (0..COLUMNS.len()).map(find).collect();
    for required in [0, 1] {
        if columns[required].is_none() {
            return Err(SheetError::MissingColumn(COLUMNS[required].0));
        }
    }
    let cell = |row: &[String], i: usize| {
        columns[i]
            .and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let members: Vec<RawMember> = sheet
        .rows
        .iter()
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, row)| RawMember {
            line: *line,
            name: cell(row, 0),
            sector: cell(row, 1),
            level: cell(row, 2),
            phone: cell(row, 3),
            contact_public: cell(row, 4),
            specialties: cell(row, 5),
            role: cell(row, 6),
        })
        .collect();
    if members.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(members)
}

/// Reads a .csv (UTF-8, with or without BOM, or GBK as Excel saves it in China) or .xlsx
/// (first worksheet).
#[cfg(feature = "ssr")]
pub fn read_sheet(file_name: &str, bytes: &[u8]) -> Result<Sheet, SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let lower = file_name.to_lowercase();
    let table = if lower.ends_with(".csv") {
        read_csv(bytes)?
    } else if lower.ends_with(".xlsx") {
        read_xlsx(bytes)?
    } else {
        return Err(SheetError::UnknownFormat);
    };
    let mut lines = table.into_iter();
    let Some((_, header)) = lines.next() else {
        return Err(SheetError::Empty);
    };
    let rows: Vec<(usize, Vec<String>)> = lines.collect();
    if rows.len() > MAX_ROWS {
        return Err(SheetError::TooLarge);
    }
    Ok(Sheet { header, rows })
}

#[cfg(feature = "ssr")]
fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(SheetError::Unreadable);
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        out.push((i + 1, record.iter().map(str::to_string).collect()));
        if out.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooLarge);
        }
    }
    Ok(out)
}

/// Columns a members sheet may use: ours has seven; a council's own has a few more.
pub const MAX_COLUMNS: u32 = 64;
/// What an .xlsx may hold once unpacked, in all and entries: a members sheet is a few hundred KB.
pub const MAX_UNPACKED_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 200;
/// What a cell may say: a name, a sector, a list of specialties. Longer is cut (and then
/// refused by the row's own checks).
pub const MAX_CELL_CHARS: usize = 200;
/// All the text a sheet's cells may hold once read: what the sheet file itself may be.
pub const MAX_TEXT_BYTES: usize = 4 * MAX_BYTES;

/// Checks what a zip would unpack to by unpacking it into nothing, counting, and stopping at the
/// limit: the sizes a zip declares can lie, so a bomb is caught by what it really inflates to.
#[cfg(feature = "ssr")]
fn check_unpacked_size(bytes: &[u8]) -> Result<(), SheetError> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(SheetError::TooLarge);
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|_| SheetError::Unreadable)?;
        if entry.size() > MAX_UNPACKED_BYTES {
            return Err(SheetError::TooLarge);
        }
        let budget = MAX_UNPACKED_BYTES - total;
        let read = std::io::copy(&mut entry.take(budget + 1), &mut std::io::sink())
            .map_err(|_| SheetError::Unreadable)?;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(SheetError::TooLarge);
        }
    }
    Ok(())
}

/// The first worksheet's cells, read one by one: a sheet declaring (or holding) a cell far out at
/// XFD1048576 is refused before anything the size of its range is allocated.
#[cfg(feature = "ssr")]
fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    use calamine::{Data, DataRef, Reader, Xlsx};
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::Empty)?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|_| SheetError::Unreadable)?;
    let declared = cells.dimensions();
    let too_far = |row: u32, column: u32| row as usize > MAX_ROWS + 1 || column >= MAX_COLUMNS;
    if too_far(declared.end.0, declared.end.1) {
        return Err(SheetError::TooLarge);
    }
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut text_read = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|_| SheetError::Unreadable)? {
        let (row, column) = cell.get_position();
        if too_far(row, column) {
            return Err(SheetError::TooLarge);
        }
        // A cell's text is cut before it is copied: a thousand cells pointing at one huge shared
        // string must not make a thousand copies of it.
        let text: String = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) => s.chars().take(MAX_CELL_CHARS).collect(),
            DataRef::SharedString(s) => s.chars().take(MAX_CELL_CHARS).collect(),
            // Phone numbers typed as numbers come back as floats.
            DataRef::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
            other => Data::from(other.clone())
                .to_string()
                .chars()
                .take(MAX_CELL_CHARS)
                .collect(),
        };
        text_read += text.len();
        if text_read > MAX_TEXT_BYTES {
            return Err(SheetError::TooLarge);
        }
        let line = rows.entry(row).or_default();
        if line.len() <= column as usize {
            line.resize(column as usize + 1, String::new());
        }
        line[column as usize] = text;
    }
    let Some(&first_row) = rows.keys().next() else {
        return Err(SheetError::Empty);
    };
    let last_row = *rows.keys().next_back().unwrap_or(&first_row);
    // Blank rows inside the sheet keep their place, so line numbers match the spreadsheet's.
    Ok((first_row..=last_row)
        .map(|r| (r as usize + 1, rows.remove(&r).unwrap_or_default()))
        .collect())
}

/// `read_sheet` on a blocking thread, within a time limit: a crafted sheet costs a core for a
/// few seconds at most, never the async threads that serve everyone else.
#[cfg(feature = "ssr")]
pub async fn read_sheet_off_thread(file_name: String, bytes: Vec<u8>) -> Result<Sheet, SheetError> {
    let work = tokio::task::spawn_blocking(move || read_sheet(&file_name, &bytes));
    match tokio::time::timeout(std::time::Duration::from_secs(10), work).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(SheetError::Unreadable),
        Err(_) => Err(SheetError::TooLarge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(header: &[&str], rows: &[&[&str]]) -> Sheet {
        Sheet {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 2, r.iter().map(|s| s.to_string()).collect()))
                .collect(),
        }
    }

    #[test]
    fn columns_are_found_by_any_usual_header_in_any_order() {
        let s = sheet(
            &["手机号码", " 姓名 ", "界别（必填）", "职务"],
            &[&["13900001111", "李明", "教育", "站长"], &["", "", "", ""]],
        );
        let members = members_from_sheet(&s).unwrap();
        assert_eq!(members.len(), 1, "blank rows are skipped");
        assert_eq!(members[0].name, "李明");
        assert_eq!(members[0].sector, "教育");
        assert_eq!(members[0].phone, "13900001111");
        assert_eq!(members[0].role, "站长");
        assert_eq!(members[0].line, 2);
    }

    #[test]
    fn required_columns_are_named_when_missing() {
        let s = sheet(&["姓名", "手机"], &[&["李明", "13900001111"]]);
        assert_eq!(
            members_from_sheet(&s),
            Err(SheetError::MissingColumn("界别"))
        );
        let empty = sheet(&["姓名", "界别"], &[]);
        assert_eq!(members_from_sheet(&empty), Err(SheetError::Empty));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk() {
        let text = "姓名,界别,手机\n王芳,医药卫生,13900002222\n";
        let with_bom = format!("\u{feff}{text}");
        let s = read_sheet("名单.CSV", with_bom.as_bytes()).unwrap();
        assert_eq!(s.header, vec!["姓名", "界别", "手机"]);
        assert_eq!(
            s.rows,
            vec![(
                2,
                vec!["王芳".into(), "医药卫生".into(), "13900002222".into()]
            )]
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(read_sheet("名单.csv", &gbk).unwrap(), s);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn other_files_are_refused_clearly() {
        assert_eq!(read_sheet("a.pdf", b"x"), Err(SheetError::UnknownFormat));
        assert_eq!(
            read_sheet("a.xlsx", b"not a zip"),
            Err(SheetError::Unreadable)
        );
        assert_eq!(read_sheet("a.csv", b""), Err(SheetError::Empty));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(read_sheet("a.csv", &big), Err(SheetError::TooLarge));
    }
}
