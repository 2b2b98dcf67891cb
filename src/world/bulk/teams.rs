//! Teams of a bulk import (seed 001): "A team is identified by the teamName column. If the value
//! in teamName matches an existing team, that team is used. If the group this team is under has
//! changed, that relationship is updated. If teamName is new, a team is created with that name
//! under the group specified and is activated." `parentGroupId` names the group ("The name of
//! the group to which the team belongs"); a group id is accepted too.

use super::groups::{date, id_of};
use super::plan::{Planned, Working, result};
use super::{Record, RowError};
use crate::world::edit::Editor;
use crate::world::{Profile, Team};

pub(super) fn plan(editor: &Editor, records: &[Record]) -> Result<Planned<Team>, Vec<RowError>> {
    let groups = editor.groups();
    let mut work = Working::new(editor, editor.teams());
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
        let parent = match r.get("parentGroupId") {
            None => {
                errors.push(RowError::new(
                    r.line,
                    "parentGroupId",
                    "parentGroupId (the group's name) is required",
                ));
                continue;
            }
            Some(p) => groups
                .iter()
                .find(|g| g.name.eq_ignore_ascii_case(p))
                .or_else(|| {
                    p.parse::<u64>()
                        .ok()
                        .and_then(|n| groups.iter().find(|g| g.id == n))
                }),
        };
        let Some(parent) = parent else {
            errors.push(RowError::new(
                r.line,
                "parentGroupId",
                format!(
                    "no group is named '{}'",
                    r.get("parentGroupId").unwrap_or_default()
                ),
            ));
            continue;
        };
        let productivity = r.get("productivityCompilation").map(|v| v == "True");
        let found = work
            .items
            .values()
            .find(|(t, _)| t.name.eq_ignore_ascii_case(name))
            .cloned();
        match found {
            Some((mut team, mut profile)) => {
                if id != 0 && id != team.id && !Working::<Team>::is_new(team.id) {
                    errors.push(RowError::new(
                        r.line,
                        "id",
                        format!(
                            "id {id} does not match the team named '{}' (id {})",
                            team.name, team.id
                        ),
                    ));
                    continue;
                }
                team.name = name.to_string();
                team.group_id = parent.id;
                if let Some(a) = r.get("activatedDate") {
                    profile.activated = Some(a.to_string());
                }
                if let Some(d) = date(r, "deactivatedDate") {
                    profile.deactivated = d;
                }
                if let Some(p) = productivity {
                    profile.productivity_compilation = (!p).then_some(false);
                }
                let id = team.id;
                let changed = work.replace(team, profile);
                rows.push(result(r.line, id, name, false, changed));
            }
            None if id != 0 => errors.push(RowError::new(
                r.line,
                "id",
                format!("id must be 0 for a new team (no team is named '{name}')"),
            )),
            None => {
                let profile = Profile {
                    activated: Some(r.get("activatedDate").unwrap_or(&editor.today).to_string()),
                    deactivated: date(r, "deactivatedDate").flatten(),
                    productivity_compilation: (productivity == Some(false)).then_some(false),
                    ..Profile::default()
                };
                let team = Team {
                    id: 0,
                    tenant_id: editor.tenant_id,
                    group_id: parent.id,
                    name: name.to_string(),
                };
                let id = work.insert(team, profile);
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
