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
        let t = crate::text::t();
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

#[cfg(feature = "ssr")]
fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|_| SheetError::Unreadable)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    if range.height() > MAX_ROWS + 1 {
        return Err(SheetError::TooLarge);
    }
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    // Phone numbers typed as numbers come back as floats.
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    other => other.to_string(),
                })
                .collect();
            (first_row + i + 1, cells)
        })
        .collect())
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
