//! Seed 001 "Export API": the org as CSV, with the documented column labels. What it writes
//! imports back through the bulk import unchanged (dates `MM/DD/YYYY`, "never deactivated" as
//! 12/31/2999, groups, teams and roles by name).

use super::Kind;
use super::columns::{self, Column};
use super::plan::effective;
use crate::world::edit::Editor;
use crate::world::{Person, Profile, dates};
use std::collections::BTreeSet;

/// Which rows and columns to write.
pub struct Filter {
    /// Team ids the caller sees; `None` = the whole tenant (the view rules).
    pub visible_teams: Option<BTreeSet<u64>>,
    /// The caller's own id: a person always sees themselves.
    pub viewer: u64,
    /// `acdId`: only persons whose ACD id or ACD server id is this.
    pub acd_id: Option<String>,
    /// `basicInfo=true`: id, first name, last name, employee id.
    pub basic: bool,
}

fn deactivated(p: &Profile) -> String {
    p.deactivated
        .clone()
        .unwrap_or_else(|| dates::NEVER.to_string())
}

fn bool_text(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}

/// The CSV text of `kind` for `filter`; `None` for an import type the Export API does not
/// export (seed 001 "Export API | Response Fields" defines persons, groups and teams only).
pub fn csv(editor: &Editor, kind: Kind, filter: &Filter) -> Option<String> {
    let sees_team = |id: u64| {
        filter
            .visible_teams
            .as_ref()
            .is_none_or(|v| v.contains(&id))
    };
    let teams = editor.teams();
    let groups = editor.groups();
    let profile = |id: u64| effective(&editor.profile(id));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let cols: Vec<&Column> = match kind {
        Kind::Groups => {
            let visible_groups: BTreeSet<u64> = teams
                .iter()
                .filter(|t| sees_team(t.id))
                .map(|t| t.group_id)
                .collect();
            for g in groups
                .iter()
                .filter(|g| filter.visible_teams.is_none() || visible_groups.contains(&g.id))
            {
                let p = profile(g.id);
                rows.push(vec![
                    g.id.to_string(),
                    g.name.clone(),
                    p.activated.clone().unwrap_or_default(),
                    deactivated(&p),
                ]);
            }
            columns::GROUPS.iter().collect()
        }
        Kind::Teams => {
            for t in teams.iter().filter(|t| sees_team(t.id)) {
                let p = profile(t.id);
                let group = groups
                    .iter()
                    .find(|g| g.id == t.group_id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                rows.push(vec![
                    t.id.to_string(),
                    t.name.clone(),
                    p.activated.clone().unwrap_or_default(),
                    deactivated(&p),
                    group,
                    bool_text(p.productivity_compilation.unwrap_or(true)),
                ]);
            }
            columns::TEAMS.iter().collect()
        }
        Kind::Persons => {
            let roles = editor.roles();
            let name_of_team = |id: u64| {
                teams
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default()
            };
            let names = |ids: &[u64], of: &dyn Fn(u64) -> Option<String>| {
                ids.iter()
                    .filter_map(|id| of(*id))
                    .collect::<Vec<_>>()
                    .join(";")
            };
            let persons: Vec<Person> = editor
                .persons()
                .into_iter()
                .filter(|p| p.id == filter.viewer || sees_team(p.team_id))
                .filter(|p| {
                    filter.acd_id.as_deref().is_none_or(|a| {
                        p.acd_id.as_deref() == Some(a) || p.acd_server_id.as_deref() == Some(a)
                    })
                })
                .collect();
            let cols: Vec<&Column> = if filter.basic {
                columns::PERSONS_BASIC
                    .iter()
                    .filter_map(|k| columns::PERSONS.iter().find(|c| c.key == *k))
                    .collect()
            } else {
                columns::PERSONS.iter().collect()
            };
            for person in &persons {
                let pr = profile(person.id);
                let value = |key: &str| -> String {
                    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
                    match key {
                        "personId" => person.id.to_string(),
                        "email" => person.email.clone(),
                        "firstName" => person.first_name.clone(),
                        "lastName" => person.last_name.clone(),
                        "timeZone" => opt(&person.time_zone),
                        "adLogin" => opt(&person.ad_login),
                        "employeeId" => pr.employee_id.clone(),
                        "memberGroup" => name_of_team(person.team_id),
                        "isReconcileOnly" => pr.is_reconcile_only.clone(),
                        "activated" => opt(&pr.activated),
                        "deactivated" => deactivated(&pr),
                        "locale" => opt(&person.locale),
                        "roles" => names(&person.role_ids, &|id| {
                            roles.iter().find(|r| r.id == id).map(|r| r.name.clone())
                        }),
                        "scopetenant" => bool_text(person.scope.tenant),
                        "scopegroups" => names(&person.scope.group_ids, &|id| {
                            groups.iter().find(|g| g.id == id).map(|g| g.name.clone())
                        }),
                        "scopeteams" => names(&person.scope.team_ids, &|id| {
                            teams.iter().find(|t| t.id == id).map(|t| t.name.clone())
                        }),
                        "qmViews" => pr.qm_views.clone(),
                        "acdId" => opt(&person.acd_id),
                        "acdServerId" => opt(&person.acd_server_id),
                        "enableScheduling" => bool_text(pr.enable_scheduling),
                        "views" => pr.views.clone(),
                        "mainView" => pr.main_view.clone(),
                        "skillMappings" => pr.skill_mappings.clone(),
                        "companyStartDate" => opt(&pr.company_start_date),
                        "departmentStartDate" => opt(&pr.department_start_date),
                        "rank" => pr.rank.clone(),
                        "companyEndDate" => opt(&pr.company_end_date),
                        "workConditionProfile" => pr.work_condition_profile.clone(),
                        "scheduleReleaseProfile" => pr.schedule_release_profile.clone(),
                        "schedulingTimeZone" => pr.scheduling_time_zone.clone(),
                        "maxStaffingGroup" => pr.max_staffing_group.clone(),
                        _ => String::new(),
                    }
                };
                rows.push(cols.iter().map(|c| value(c.key)).collect());
            }
            cols
        }
        Kind::Devices => return None,
    };
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(cols.iter().map(|c| c.label));
    for row in rows {
        let _ = writer.write_record(&row);
    }
    Some(String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default())
}
