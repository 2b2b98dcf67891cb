//! Reading an import CSV into [`Record`]s. Seed 001: "the column headers must match ... exactly.
//! You cannot reorder or omit any of the columns" (groups and teams). Persons' columns are
//! taken by name. Each header may be a field's key (`activatedDate`) or its Export API label
//! (`Activated Date`), so an exported file imports back unchanged.

use super::columns::{Column, PERSONS_REQUIRED_COLUMNS, Ty};
use super::{Kind, Record};
use crate::world::dates;
use serde::Serialize;

/// A bad row: its line in the file (the header is line 1), the column and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl RowError {
    pub fn new(line: u64, column: &str, reason: impl Into<String>) -> Self {
        RowError {
            line,
            column: column.to_string(),
            reason: reason.into(),
        }
    }
}

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The file as a whole (empty, not CSV, a wrong header): a 400 with this message.
    File(String),
    /// These rows: a 400 listing each.
    Rows(Vec<RowError>),
}

/// One entry of the Import API's `mapping`: CSV `column` → model `field`, read as `dataType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub column: String,
    pub field: String,
    pub data_type: String,
}

/// The data types of the Import API (seed 001 "GET Import JSON File Example").
pub const DATA_TYPES: &[&str] = &["Integer", "Text", "MM/DD/YYYY", "DD/MM/YYYY", "TrueFalse"];

fn rows(text: &str) -> Result<Vec<(u64, Vec<String>)>, Rejection> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Rejection::File("The CSV file is empty".into()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| Rejection::File(format!("The file is not valid CSV: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.push((line, fields));
    }
    Ok(out)
}

fn names(column: &Column) -> String {
    format!("'{}' (or '{}')", column.key, column.label)
}

fn matches(column: &Column, header: &str) -> bool {
    let h = header.trim();
    h == column.key || h == column.label
}

/// Groups and teams: the header must be the documented columns, all of them, in order.
fn strict_header(kind: Kind, header: &[String]) -> Result<Vec<&'static Column>, Rejection> {
    let cols = kind.columns();
    let expected = cols.iter().map(|c| c.key).collect::<Vec<_>>().join(",");
    let fail = |m: String| {
        Rejection::File(format!(
            "{m}; the {} header must be exactly: {expected}",
            kind.name()
        ))
    };
    for c in cols {
        if !header.iter().any(|h| matches(c, h)) {
            return Err(fail(format!("Column {} is missing", names(c))));
        }
    }
    for (i, h) in header.iter().enumerate() {
        if !cols.iter().any(|c| matches(c, h)) {
            return Err(fail(format!(
                "Column {} '{}' is not a {} column",
                i + 1,
                h.trim(),
                kind.name()
            )));
        }
    }
    if header.len() != cols.len() {
        return Err(fail(format!(
            "The header has {} columns instead of {}",
            header.len(),
            cols.len()
        )));
    }
    for (i, (h, c)) in header.iter().zip(cols).enumerate() {
        if !matches(c, h) {
            return Err(fail(format!(
                "Column {} is '{}' where {} belongs (columns cannot be reordered)",
                i + 1,
                h.trim(),
                names(c)
            )));
        }
    }
    Ok(cols.iter().collect())
}

/// Persons: columns by key or label (case-insensitive), any order; unknown or repeated columns
/// and missing required columns are refused.
fn named_header(kind: Kind, header: &[String]) -> Result<Vec<&'static Column>, Rejection> {
    let cols = kind.columns();
    let mut out: Vec<&'static Column> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        let Some(c) = cols
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(h) || c.label.eq_ignore_ascii_case(h))
        else {
            return Err(Rejection::File(format!(
                "Column {} '{h}' is not a {} column (known: {})",
                i + 1,
                kind.name(),
                cols.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
            )));
        };
        if out.iter().any(|o| o.key == c.key) {
            return Err(Rejection::File(format!(
                "Column {} appears twice",
                names(c)
            )));
        }
        out.push(c);
    }
    if kind == Kind::Devices
        && let Some(c) = cols
            .iter()
            .find(|c| c.required && !out.iter().any(|o| o.key == c.key))
    {
        return Err(Rejection::File(format!("Column {} is missing", names(c))));
    }
    if kind == Kind::Persons {
        for key in PERSONS_REQUIRED_COLUMNS {
            if !out.iter().any(|c| c.key == *key) {
                let c = cols
                    .iter()
                    .find(|c| c.key == *key)
                    .expect("required column is a column");
                return Err(Rejection::File(format!("Column {} is missing", names(c))));
            }
        }
    }
    Ok(out)
}

/// Checks one value against its column: `Ok` is the stored form (dates canonical).
pub fn check_value(column: &Column, raw: &str, data_type: Option<&str>) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    if let Some(max) = column.max
        && v.chars().count() > max
    {
        return Err(format!("{} is longer than {max} characters", column.key));
    }
    let ty = match data_type {
        Some("Integer") => Ty::Integer,
        Some("MM/DD/YYYY") | Some("DD/MM/YYYY") => Ty::Date,
        Some("TrueFalse") => Ty::TrueFalse,
        Some(_) => Ty::Text,
        None => column.ty,
    };
    match ty {
        Ty::Integer => v
            .parse::<u64>()
            .map(|n| n.to_string())
            .map_err(|_| format!("'{v}' is not a whole number")),
        Ty::Date if data_type == Some("DD/MM/YYYY") => dates::parse_eu(v),
        Ty::Date => dates::parse_us(v),
        Ty::TrueFalse => match v.to_ascii_lowercase().as_str() {
            "true" => Ok("True".into()),
            "false" => Ok("False".into()),
            _ => Err(format!("'{v}' is not True or False")),
        },
        Ty::Text | Ty::List => Ok(v.to_string()),
    }
}

fn to_records(
    header_len: usize,
    data: Vec<(u64, Vec<String>)>,
    cells: &[(usize, &'static Column, Option<String>)],
) -> (Vec<Record>, Vec<RowError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (line, fields) in data {
        if fields.len() != header_len {
            errors.push(RowError::new(
                line,
                "(row)",
                format!(
                    "the row has {} fields but the header has {header_len}",
                    fields.len()
                ),
            ));
            continue;
        }
        let mut record = Record {
            line,
            ..Record::default()
        };
        let mut ok = true;
        for (index, column, data_type) in cells {
            match check_value(column, &fields[*index], data_type.as_deref()) {
                Ok(v) => {
                    record.values.insert(column.key, v);
                }
                Err(reason) => {
                    ok = false;
                    errors.push(RowError::new(line, column.key, reason));
                }
            }
        }
        if ok {
            records.push(record);
        }
    }
    (records, errors)
}

/// The bulk upload's CSV (seed 001 "Bulk Organization Import API"). Rows that cannot be read are
/// returned as errors next to the good records, so that every bad row is reported at once.
pub fn upload(kind: Kind, text: &str) -> Result<(Vec<Record>, Vec<RowError>), Rejection> {
    let mut all = rows(text)?;
    if all.is_empty() {
        return Err(Rejection::File("The CSV file has no header row".into()));
    }
    let (_, header) = all.remove(0);
    let cols = match kind {
        Kind::Groups | Kind::Teams => strict_header(kind, &header)?,
        Kind::Persons | Kind::Devices => named_header(kind, &header)?,
    };
    let cells: Vec<_> = cols
        .into_iter()
        .enumerate()
        .map(|(i, c)| (i, c, None))
        .collect();
    Ok(to_records(header.len(), all, &cells))
}

/// The Import API's CSV with its `mapping`; without a mapping, columns are taken by name as in
/// a persons upload (keys or Export API labels).
pub fn mapped(
    kind: Kind,
    text: &str,
    mapping: &[Mapping],
) -> Result<(Vec<Record>, Vec<RowError>), Rejection> {
    let mut all = rows(text)?;
    if all.is_empty() {
        return Err(Rejection::File("The CSV file has no header row".into()));
    }
    let (_, header) = all.remove(0);
    if mapping.is_empty() {
        let cols = named_header(kind, &header)?;
        let cells: Vec<_> = cols
            .into_iter()
            .enumerate()
            .map(|(i, c)| (i, c, None))
            .collect();
        return Ok(to_records(header.len(), all, &cells));
    }
    let mut cells = Vec::new();
    for (n, m) in mapping.iter().enumerate() {
        // The key as `GET` describes it; any case (`DeviceName`, the devices header) also reads.
        let field = m.field.trim();
        let Some(column) = kind.columns().iter().find(|c| c.key == field).or_else(|| {
            kind.columns()
                .iter()
                .find(|c| c.key.eq_ignore_ascii_case(field))
        }) else {
            return Err(Rejection::File(format!(
                "mapping[{n}].field '{}' is not a field of {} (see GET /api/rest/fileimport/{})",
                m.field,
                kind.name(),
                kind.name()
            )));
        };
        if !DATA_TYPES.contains(&m.data_type.as_str()) {
            return Err(Rejection::File(format!(
                "mapping[{n}].dataType '{}' is not one of {}",
                m.data_type,
                DATA_TYPES.join(", ")
            )));
        }
        let Some(index) = header.iter().position(|h| h.trim() == m.column.trim()) else {
            return Err(Rejection::File(format!(
                "mapping[{n}].column '{}' is not a column of the file",
                m.column
            )));
        };
        if cells
            .iter()
            .any(|(_, c, _): &(usize, &Column, Option<String>)| c.key == column.key)
        {
            return Err(Rejection::File(format!(
                "mapping[{n}].field '{}' is mapped twice",
                m.field
            )));
        }
        cells.push((index, column, Some(m.data_type.clone())));
    }
    if kind == Kind::Persons {
        for key in ["email", "firstName", "lastName"] {
            if !cells.iter().any(|(_, c, _)| c.key == key) {
                return Err(Rejection::File(format!(
                    "The mapping has no entry for the required field '{key}'"
                )));
            }
        }
    } else {
        for c in kind
            .columns()
            .iter()
            .filter(|c| c.required && c.key != "id")
        {
            if !cells.iter().any(|(_, m, _)| m.key == c.key) {
                return Err(Rejection::File(format!(
                    "The mapping has no entry for the required field '{}'",
                    c.key
                )));
            }
        }
    }
    Ok(to_records(header.len(), all, &cells))
}
