//! The users CSV of the Bulk Import API (seed 002: "prepare a CSV file that contains the
//! necessary data using this template"; at most 1001 lines, 1 header and 1000 users). Parsing
//! only: what a row does to the users is `model`'s business.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The template's columns, in order (`GET /talkdesk/bulk-imports/users/template`).
pub const TEMPLATE: &[&str] = &[
    "Current Email",
    "Full Name",
    "Email",
    "Ring Groups",
    "Extension",
    "Role",
];

/// What an import does with each row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImportType {
    CreateUsers,
    UpdateUsers,
    DeleteUsers,
}

impl ImportType {
    pub const NAMES: &[&str] = &["CREATE_USERS", "UPDATE_USERS", "DELETE_USERS"];

    pub fn parse(text: &str) -> Option<ImportType> {
        match text.trim().to_ascii_uppercase().as_str() {
            "CREATE_USERS" => Some(ImportType::CreateUsers),
            "UPDATE_USERS" => Some(ImportType::UpdateUsers),
            "DELETE_USERS" => Some(ImportType::DeleteUsers),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ImportType::CreateUsers => "CREATE_USERS",
            ImportType::UpdateUsers => "UPDATE_USERS",
            ImportType::DeleteUsers => "DELETE_USERS",
        }
    }

    /// Columns the header must have for this type.
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            ImportType::CreateUsers => &["Full Name", "Email"],
            ImportType::UpdateUsers | ImportType::DeleteUsers => &["Current Email"],
        }
    }
}

/// One data row: its line in the file and its non-empty cells by template column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub line: u64,
    pub cells: BTreeMap<String, String>,
    /// The row has a different number of cells than the header.
    #[serde(default)]
    pub malformed: bool,
}

/// Why a file was refused as a whole.
#[derive(Debug, PartialEq, Eq)]
pub enum FileError {
    /// Over the line limit: lines counted so far.
    TooManyLines(u64),
    Empty,
    NotUtf8,
    /// A header column that is not the template's.
    UnknownColumn(String),
    DuplicateColumn(String),
    MissingColumn(&'static str),
    Unreadable(String),
}

/// Reads `data` as the template's CSV: header checked against the template (names trimmed,
/// case-insensitive, any order), at most `max_lines` records including the header.
pub fn parse(data: &[u8], kind: ImportType, max_lines: u64) -> Result<Vec<Row>, FileError> {
    let text = std::str::from_utf8(data).map_err(|_| FileError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(FileError::Empty),
        Some(Err(e)) => return Err(FileError::Unreadable(e.to_string())),
        Some(Ok(h)) => h,
    };
    let mut columns: Vec<&'static str> = Vec::new();
    for name in header.iter() {
        let name = name.trim();
        let Some(column) = TEMPLATE.iter().find(|c| c.eq_ignore_ascii_case(name)) else {
            return Err(FileError::UnknownColumn(name.to_string()));
        };
        if columns.contains(column) {
            return Err(FileError::DuplicateColumn(column.to_string()));
        }
        columns.push(column);
    }
    if let Some(missing) = kind
        .required_columns()
        .iter()
        .find(|c| !columns.contains(c))
    {
        return Err(FileError::MissingColumn(missing));
    }
    let mut rows = Vec::new();
    let mut lines = 1u64;
    for record in records {
        lines += 1;
        if lines > max_lines {
            return Err(FileError::TooManyLines(lines));
        }
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        let line = record.position().map_or(lines, |p| p.line());
        let cells = columns
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(c, v)| (c.to_string(), v.trim().to_string()))
            .collect();
        rows.push(Row {
            line,
            cells,
            malformed: record.len() != columns.len(),
        });
    }
    Ok(rows)
}

/// The template file: its header line.
pub fn template() -> String {
    format!("{}\r\n", TEMPLATE.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_checked_against_the_template() {
        let ok = parse(
            b"email , Full Name\na@x.io,A\n",
            ImportType::CreateUsers,
            1001,
        )
        .unwrap();
        assert_eq!(ok[0].cells["Email"], "a@x.io");
        assert_eq!(ok[0].line, 2);
        assert_eq!(
            parse(b"Email,Nick\n", ImportType::CreateUsers, 1001),
            Err(FileError::UnknownColumn("Nick".into()))
        );
        assert_eq!(
            parse(b"Email\n", ImportType::CreateUsers, 1001),
            Err(FileError::MissingColumn("Full Name"))
        );
        assert_eq!(
            parse(b"Current Email\na\nb\nc\n", ImportType::DeleteUsers, 3),
            Err(FileError::TooManyLines(4))
        );
    }
}
