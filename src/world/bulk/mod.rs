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

/// What a file imports. `users` is the Import API's name for persons. `devices` (device
/// associations, field notes) is an Import API type only: its rows go to `crate::qm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Groups,
    Teams,
    Persons,
    Devices,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "groups" => Some(Kind::Groups),
            "teams" => Some(Kind::Teams),
            "persons" | "users" => Some(Kind::Persons),
            "devices" => Some(Kind::Devices),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Groups => columns::GROUPS,
            Kind::Teams => columns::TEAMS,
            Kind::Persons => columns::PERSONS,
            Kind::Devices => columns::DEVICES,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Groups => "groups",
            Kind::Teams => "teams",
            Kind::Persons => "persons",
            Kind::Devices => "devices",
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
    let _guard = crate::world::edit::write_lock();
    match kind {
        Kind::Groups => finish(editor, groups::plan(editor, records), earlier),
        Kind::Teams => finish(editor, teams::plan(editor, records), earlier),
        Kind::Persons => finish(editor, persons::plan(editor, records), earlier),
        Kind::Devices => crate::qm::device_import::import(editor, records, earlier),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn editor_of(store: &crate::store::SandboxStore) -> Editor<'_> {
        let world = crate::scenario::default_scenario(None);
        crate::world::seed(store, &world.world).unwrap();
        Editor::new(store, 1, world.world.clock.unwrap().now_ms)
    }

    fn run(editor: &Editor, kind: Kind, csv: &str) -> Result<Outcome, Vec<RowError>> {
        let (records, bad) = read::upload(kind, csv).map_err(|r| match r {
            Rejection::File(m) => vec![RowError::new(0, "(file)", m)],
            Rejection::Rows(rows) => rows,
        })?;
        import(editor, kind, &records, bad)
    }

    #[test]
    fn a_file_with_a_bad_row_writes_nothing_and_a_good_one_is_repeatable() {
        let db = Store::open(None).unwrap();
        let store = db.sandbox("unit");
        let editor = editor_of(&store);
        let bad = "id,name,activatedDate,deactivatedDate\n0,A,,\n0,B,13/13/2020,\n";
        let errors = run(&editor, Kind::Groups, bad).unwrap_err();
        assert_eq!((errors.len(), errors[0].line), (1, 3));
        assert_eq!(editor.groups().len(), 1, "nothing written");
        let good = "id,name,activatedDate,deactivatedDate\n0,A,,\n0,B,12/12/2020,\n";
        assert_eq!(run(&editor, Kind::Groups, good).unwrap().inserted, 2);
        let again = run(&editor, Kind::Groups, good).unwrap();
        assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
    }

    #[test]
    fn a_matched_person_keeps_identifiers_the_file_leaves_blank() {
        let db = Store::open(None).unwrap();
        let store = db.sandbox("unit");
        let editor = editor_of(&store);
        let csv =
            "personId,email,firstName,lastName,adLogin,acdId\n0,agent@example.com,Avery,Agent,,\n";
        assert_eq!(run(&editor, Kind::Persons, csv).unwrap().unchanged, 1);
        let agent = editor.person(5).unwrap();
        assert_eq!(agent.ad_login.as_deref(), Some("EXAMPLE\\agent"));
        assert_eq!(agent.acd_id.as_deref(), Some("123ABC"));
    }
}
