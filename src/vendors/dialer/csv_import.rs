//! Seed 004 "Add contacts through csv file": step 1 stores the CSV, step 2 imports its rows into
//! a list with a `binding` (contact field → CSV column; names compared trimmed, as the seed's
//! `" telefono"`), skipping rows equal to a contact of the list on the `duplicates` fields.
//! Every data row is counted once: created, duplicate or invalid.

use super::model::{Dialer, Kind, StoredFile};
use super::validate::{self, Invalid, Record, invalid};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

static IMPORTING: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// `;` when the header has semicolons and no commas (Italian spreadsheets), else `,`.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes())
}

/// The header's column names, as written.
pub fn columns(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match reader(text).byte_records().next() {
        Some(Ok(h)) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// Data rows (records after the header).
pub fn data_rows(text: &str) -> usize {
    reader(text).byte_records().skip(1).count()
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Summary {
    pub total: u64,
    pub created: u64,
    pub duplicates: u64,
    pub invalid: u64,
    /// File lines of the invalid rows.
    #[serde(rename = "invalidLines")]
    pub invalid_lines: Vec<u64>,
}

/// Step 2: imports `file` into `list`.
pub fn import(
    dialer: &Dialer,
    file: &StoredFile,
    binding: &[(String, String)],
    list: u64,
    duplicates: &[String],
    now_ms: i64,
) -> Result<Summary, Invalid> {
    // Duplicates are checked against the list as it is: one import at a time.
    let _one_at_a_time = IMPORTING.lock();
    if dialer.get(Kind::Lists, list).is_none() {
        return Err(invalid("ListId", format!("List {list} does not exist")));
    }
    let list_fields: Vec<u64> = dialer
        .list_fields(list)
        .iter()
        .filter_map(|f| f.get("id").and_then(Value::as_u64))
        .collect();
    let is_field = |name: &str| {
        validate::CONTACT_FIELDS.contains(&name)
            || validate::custom_field_id(name).is_some_and(|id| list_fields.contains(&id))
    };
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let header: Vec<String> = columns(text).iter().map(|c| c.trim().to_string()).collect();
    let mut bound: Vec<(String, usize)> = Vec::new();
    for (field, column) in binding {
        if !is_field(field) {
            return Err(invalid(
                &format!("binding.{field}"),
                format!("`{field}` is not a contact field nor a custom field of list {list}"),
            ));
        }
        let Some(at) = header.iter().position(|h| h == column.trim()) else {
            return Err(invalid(
                &format!("binding.{field}"),
                format!(
                    "column `{}` is not in the CSV (columns: {})",
                    column.trim(),
                    header.join(", ")
                ),
            ));
        };
        bound.push((field.clone(), at));
    }
    if bound.is_empty() {
        return Err(invalid(
            "binding",
            "binding must bind at least one contact field to a column",
        ));
    }
    if let Some(bad) = duplicates.iter().find(|d| !is_field(d)) {
        return Err(invalid(
            "duplicates",
            format!("`{bad}` is not a contact field nor a custom field of list {list}"),
        ));
    }
    let key_of = |r: &Record| -> Option<Vec<String>> {
        if duplicates.is_empty() {
            return None;
        }
        let key: Vec<String> = duplicates
            .iter()
            .map(|d| {
                r.get(d)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
            .collect();
        key.iter().any(|k| !k.is_empty()).then_some(key)
    };
    let mut seen: HashSet<Vec<String>> = dialer
        .records(Kind::Contacts)
        .values()
        .iter()
        .filter(|c| c.get("ListId").and_then(Value::as_u64) == Some(list))
        .filter_map(key_of)
        .collect();
    let mut summary = Summary {
        total: 0,
        created: 0,
        duplicates: 0,
        invalid: 0,
        invalid_lines: Vec::new(),
    };
    for record in reader(text).byte_records().skip(1) {
        summary.total += 1;
        let row = record.ok().and_then(|r| {
            let line = r.position().map_or(0, |p| p.line());
            if r.len() != header.len() {
                return Err(line).ok();
            }
            let mut body = Record::new();
            for (field, at) in &bound {
                let cell = std::str::from_utf8(r.get(*at)?).ok()?.trim();
                if !cell.is_empty() {
                    body.insert(field.clone(), Value::from(cell));
                }
            }
            Some((line, dialer.contact(&body, Some(list))))
        });
        match row {
            Some((_, Ok(contact))) => {
                if let Some(key) = key_of(&contact)
                    && !seen.insert(key)
                {
                    summary.duplicates += 1;
                    continue;
                }
                dialer.insert(Kind::Contacts, contact, now_ms);
                summary.created += 1;
            }
            other => {
                summary.invalid += 1;
                if let Some((line, _)) = other {
                    summary.invalid_lines.push(line);
                }
            }
        }
    }
    Ok(summary)
}
