//! Persons of a bulk import (seed 001): "A person is identified by email, adLogin, or acdId. If
//! any of these values match an existing person, that person is used ... the API never blanks
//! out one of the three identifiers if a value already exists ... If all three of the person
//! identifiers are new, a new person is created and is given the default agent role."
//! A blank optional column leaves the stored value as it is (a new person gets the default).

use super::groups::{date, id_of};
use super::plan::{Planned, Working, result};
use super::{Record, RowError};
use crate::world::edit::Editor;
use crate::world::{Person, Profile, dates};

/// Names in a semicolon list, trimmed, blanks dropped.
fn list(v: &str) -> Vec<&str> {
    v.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

pub(super) fn plan(editor: &Editor, records: &[Record]) -> Result<Planned<Person>, Vec<RowError>> {
    let teams = editor.teams();
    let groups = editor.groups();
    let roles = editor.roles();
    let default_roles = editor.default_roles();
    let mut work = Working::new(editor, editor.persons());
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for r in records {
        let before = errors.len();
        let bad = |errors: &mut Vec<RowError>, col: &str, reason: String| {
            errors.push(RowError::new(r.line, col, reason))
        };
        let person_id = id_of(r, "personId", &mut errors);
        let email = r.get("email");
        match email {
            None => bad(&mut errors, "email", "email is required".into()),
            Some(e) if !e.contains('@') => bad(
                &mut errors,
                "email",
                format!("'{e}' is not an email address"),
            ),
            _ => {}
        }
        for key in ["firstName", "lastName"] {
            if r.get(key).is_none() {
                bad(&mut errors, key, format!("{key} is required"));
            }
        }
        let find_team = |name: &str| teams.iter().find(|t| t.name.eq_ignore_ascii_case(name));
        let team = match r.get("memberGroup") {
            Some(name) => match find_team(name) {
                Some(t) => Some(t.id),
                None => {
                    bad(
                        &mut errors,
                        "memberGroup",
                        format!("no team is named '{name}'"),
                    );
                    None
                }
            },
            None => None,
        };
        let mut names_to_ids =
            |col: &str, value: Option<&str>, lookup: &dyn Fn(&str) -> Option<u64>| {
                value.map(|v| {
                    list(v)
                        .into_iter()
                        .filter_map(|n| {
                            let id = lookup(n);
                            if id.is_none() {
                                errors.push(RowError::new(
                                    r.line,
                                    col,
                                    format!("'{n}' is not a known {}", &col[..col.len() - 1]),
                                ));
                            }
                            id
                        })
                        .collect::<Vec<u64>>()
                })
            };
        let role_ids = names_to_ids("roles", r.get("roles"), &|n| {
            roles
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(n))
                .map(|x| x.id)
        });
        let scope_groups = names_to_ids("scopegroups", r.get("scopegroups"), &|n| {
            groups
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(n))
                .map(|x| x.id)
        });
        let scope_teams = names_to_ids("scopeteams", r.get("scopeteams"), &|n| {
            teams
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(n))
                .map(|x| x.id)
        });
        if errors.len() > before {
            continue;
        }
        let (Some(person_id), Some(email)) = (person_id, email) else {
            continue;
        };

        // Identify: email, adLogin or acdId; all that match must be one person.
        let ad_login = r.get("adLogin");
        let acd_id = r.get("acdId");
        let mut matched: Vec<(u64, &str)> = Vec::new();
        for (id, (p, _)) in &work.items {
            let hit = if p.email.eq_ignore_ascii_case(email) {
                Some("email")
            } else if ad_login.is_some_and(|l| {
                p.ad_login
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(l))
            }) {
                Some("adLogin")
            } else if acd_id.is_some_and(|a| p.acd_id.as_deref() == Some(a)) {
                Some("acdId")
            } else {
                None
            };
            if let Some(column) = hit {
                matched.push((*id, column));
            }
        }
        if matched.len() > 1 {
            bad(
                &mut errors,
                matched[1].1,
                format!(
                    "the identifiers match two different persons (ids {} by {} and {} by {})",
                    show(matched[0].0),
                    matched[0].1,
                    show(matched[1].0),
                    matched[1].1
                ),
            );
            continue;
        }
        let existing = matched.first().map(|(id, _)| work.items[id].clone());
        if let Some((p, _)) = &existing {
            if person_id != 0 && person_id != p.id && !Working::<Person>::is_new(p.id) {
                bad(
                    &mut errors,
                    "personId",
                    format!(
                        "personId {person_id} does not match the person identified by these identifiers (id {})",
                        p.id
                    ),
                );
                continue;
            }
        } else if person_id != 0 {
            bad(
                &mut errors,
                "personId",
                format!(
                    "personId must be 0 for a new person (no person has email '{email}', this adLogin or acdId)"
                ),
            );
            continue;
        }
        let inserted = existing.is_none();
        let (mut p, mut profile) = match existing {
            Some(e) => e,
            None => {
                let Some(team) = team.or_else(|| teams.first().map(|t| t.id)) else {
                    bad(
                        &mut errors,
                        "memberGroup",
                        "the tenant has no team for a new person".into(),
                    );
                    continue;
                };
                (
                    Person {
                        tenant_id: editor.tenant_id,
                        team_id: team,
                        role_ids: default_roles.clone(),
                        locale: Some("en".into()),
                        ..Person::default()
                    },
                    Profile::activated_on(editor.today.clone()),
                )
            }
        };
        p.email = email.to_string();
        p.first_name = r.get("firstName").unwrap_or_default().to_string();
        p.last_name = r.get("lastName").unwrap_or_default().to_string();
        // Identifiers: a blank value never blanks a stored one.
        if let Some(v) = ad_login {
            p.ad_login = Some(v.to_string());
        }
        if let Some(v) = acd_id {
            p.acd_id = Some(v.to_string());
        }
        if let Some(v) = r.get("acdServerId") {
            p.acd_server_id = Some(v.to_string());
        }
        if let Some(t) = team {
            p.team_id = t;
        }
        if let Some(v) = r.get("timeZone") {
            p.time_zone = Some(v.to_string());
        }
        if let Some(v) = r.get("locale") {
            p.locale = Some(v.to_string());
        }
        if let Some(ids) = role_ids {
            p.role_ids = ids;
        }
        if let Some(v) = r.get("scopetenant") {
            p.scope.tenant = v == "True";
        }
        if let Some(ids) = scope_groups {
            p.scope.group_ids = ids;
        }
        if let Some(ids) = scope_teams {
            p.scope.team_ids = ids;
        }
        if let Some(a) = r.get("activated") {
            profile.activated = Some(a.to_string());
        }
        if let Some(d) = date(r, "deactivated") {
            profile.deactivated = d;
        }
        p.deactivated = profile
            .deactivated
            .as_deref()
            .is_some_and(|d| dates::on_or_before(d, &editor.today));
        let text = |target: &mut String, key: &str| {
            if let Some(v) = r.get(key) {
                *target = v.to_string();
            }
        };
        text(&mut profile.employee_id, "employeeId");
        text(&mut profile.is_reconcile_only, "isReconcileOnly");
        text(&mut profile.qm_views, "qmViews");
        text(&mut profile.views, "views");
        text(&mut profile.main_view, "mainView");
        text(&mut profile.skill_mappings, "skillMappings");
        text(&mut profile.rank, "rank");
        text(&mut profile.work_condition_profile, "workConditionProfile");
        text(
            &mut profile.schedule_release_profile,
            "scheduleReleaseProfile",
        );
        text(&mut profile.scheduling_time_zone, "schedulingTimeZone");
        text(&mut profile.max_staffing_group, "maxStaffingGroup");
        for (key, target) in [
            ("companyStartDate", &mut profile.company_start_date),
            ("departmentStartDate", &mut profile.department_start_date),
            ("companyEndDate", &mut profile.company_end_date),
        ] {
            if let Some(v) = r.get(key) {
                *target = Some(v.to_string());
            }
        }
        if let Some(v) = r.get("enableScheduling") {
            profile.enable_scheduling = v == "True";
        }
        // Seed 001: acdId "is required if you selected the 'Enable scheduling for this user'".
        if profile.enable_scheduling && p.acd_id.is_none() {
            bad(
                &mut errors,
                "acdId",
                "acdId is required when enableScheduling is True".into(),
            );
            continue;
        }
        if inserted {
            let id = work.insert(p, profile);
            rows.push(result(r.line, id, email, true, true));
        } else {
            let id = p.id;
            let changed = work.replace(p, profile);
            rows.push(result(r.line, id, email, false, changed));
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

/// An id for messages: planned new persons have none yet.
fn show(id: u64) -> String {
    if Working::<Person>::is_new(id) {
        "(new in this file)".into()
    } else {
        id.to_string()
    }
}
