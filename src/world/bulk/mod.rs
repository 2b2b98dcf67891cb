//! Bulk org import and export (seed 001 "Bulk Organization Import API", "Import API", "Export
//! API"), testable without HTTP: read a CSV into records, plan every row against the stored org,
//! and apply the plan in one transaction only when no row is wrong (one file is atomic).

pub mod columns;
pub mod export;
mod groups;
mod persons;
mod plan;
pub mod read;
mod teams;

pub use plan::{Outcome, RowResult};
pub use read::{Mapping, Rejection, RowError};

use super::edit::Editor;
use columns::Column;
use std::collections::BTreeMap;

/// What a file imports. `users` is the Import API's name for persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Groups,
    Teams,
    Persons,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "groups" => Some(Kind::Groups),
            "teams" => Some(Kind::Teams),
            "persons" | "users" => Some(Kind::Persons),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Groups => columns::GROUPS,
            Kind::Teams => columns::TEAMS,
            Kind::Persons => columns::PERSONS,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Groups => "groups",
            Kind::Teams => "teams",
            Kind::Persons => "persons",
        }
    }
}

/// One data row: its line in the file and its values by column key, already checked against the
/// column's type (dates canonical `MM/DD/YYYY`). A column absent from the file is absent here;
/// a blank value is `""`.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub line: u64,
    pub values: BTreeMap<&'static str, String>,
}

impl Record {
    /// The value of `key`, `None` when absent or blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Imports `records` of `kind` into the editor's tenant: every row is checked first; if any is
/// wrong (`earlier` holds the rows that could not even be read) nothing is written and every bad
/// row is listed, in line order.
pub fn import(
    editor: &Editor,
    kind: Kind,
    records: &[Record],
    earlier: Vec<RowError>,
) -> Result<Outcome, Vec<RowError>> {
    match kind {
        Kind::Groups => finish(editor, groups::plan(editor, records), earlier),
        Kind::Teams => finish(editor, teams::plan(editor, records), earlier),
        Kind::Persons => finish(editor, persons::plan(editor, records), earlier),
    }
}

fn finish<T: plan::Entity>(
    editor: &Editor,
    planned: Result<plan::Planned<T>, Vec<RowError>>,
    mut errors: Vec<RowError>,
) -> Result<Outcome, Vec<RowError>> {
    match planned {
        Ok(p) if errors.is_empty() => p.apply(editor),
        Ok(_) => {
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
        Err(mut more) => {
            errors.append(&mut more);
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }
}
