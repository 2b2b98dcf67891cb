//! Groups of a bulk import (seed 001): "A group is identified by the groupName column. If the
//! value in groupName matches an existing group, that group is used. If groupName is new, a
//! group is created with that name and is activated." A new group's id must be 0.

use super::plan::{Planned, Working, result};
use super::{Record, RowError};
use crate::world::edit::Editor;
use crate::world::{Group, Profile, dates};

/// The id column: absent (a mapped import without it) reads as 0, blank is an error.
pub(super) fn id_of(r: &Record, key: &'static str, errors: &mut Vec<RowError>) -> Option<u64> {
    match r.values.get(key).map(|v| v.trim()) {
        None => Some(0),
        Some("") => {
            errors.push(RowError::new(
                r.line,
                key,
                format!("{key} is required (0 for a new entry)"),
            ));
            None
        }
        Some(v) => v.parse().ok(),
    }
}

/// A date column: blank keeps the stored value; `12/31/2999` means "never deactivated".
pub(super) fn date(r: &Record, key: &str) -> Option<Option<String>> {
    r.get(key)
        .map(|d| (d != dates::NEVER).then(|| d.to_string()))
}

pub(super) fn plan(editor: &Editor, records: &[Record]) -> Result<Planned<Group>, Vec<RowError>> {
    let mut work = Working::new(editor, editor.groups());
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for r in records {
        let Some(id) = id_of(r, "id", &mut errors) else {
            continue;
        };
        let Some(name) = r.get("name") else {
            errors.push(RowError::new(r.line, "name", "name is required"));
            continue;
        };
        let found = work
            .items
            .values()
            .find(|(g, _)| g.name.eq_ignore_ascii_case(name))
            .cloned();
        match found {
            Some((mut group, mut profile)) => {
                if id != 0 && id != group.id && !Working::<Group>::is_new(group.id) {
                    errors.push(RowError::new(
                        r.line,
                        "id",
                        format!(
                            "id {id} does not match the group named '{}' (id {})",
                            group.name, group.id
                        ),
                    ));
                    continue;
                }
                group.name = name.to_string();
                if let Some(a) = r.get("activatedDate") {
                    profile.activated = Some(a.to_string());
                }
                if let Some(d) = date(r, "deactivatedDate") {
                    profile.deactivated = d;
                }
                let id = group.id;
                let changed = work.replace(group, profile);
                rows.push(result(r.line, id, name, false, changed));
            }
            None if id != 0 => errors.push(RowError::new(
                r.line,
                "id",
                format!("id must be 0 for a new group (no group is named '{name}')"),
            )),
            None => {
                let profile = Profile {
                    activated: Some(r.get("activatedDate").unwrap_or(&editor.today).to_string()),
                    deactivated: date(r, "deactivatedDate").flatten(),
                    ..Profile::default()
                };
                let group = Group {
                    id: 0,
                    tenant_id: editor.tenant_id,
                    name: name.to_string(),
                    parent_id: None,
                };
                let id = work.insert(group, profile);
                rows.push(result(r.line, id, name, true, true));
            }
        }
    }
    if errors.is_empty() {
        Ok(Planned {
            changes: work.changes(),
            rows,
        })
    } else {
        Err(errors)
    }
}
