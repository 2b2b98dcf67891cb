//! The org entities as seed 001's JSON examples show them. Times are epoch milliseconds;
//! "never deactivated" is 12/31/2999.

use crate::world::edit::Editor;
use crate::world::{Group, Person, Profile, Team, dates, timezones};
use serde_json::{Value, json};

fn activated(p: &Profile) -> i64 {
    dates::to_ms(p.activated.as_deref().unwrap_or("01/01/1970"))
}

fn deactivated(p: &Profile) -> i64 {
    dates::to_ms(p.deactivated.as_deref().unwrap_or(dates::NEVER))
}

/// A group's parent as the APIs give it: the parent group, or the tenant for a top-level group.
pub fn parent_id(editor: &Editor, g: &Group) -> u64 {
    g.parent_id.unwrap_or(editor.tenant_id)
}

/// "Group API" single group: id, name, activated, deactivated (and its parent).
pub fn group(editor: &Editor, g: &Group) -> Value {
    let p = editor.profile(g.id);
    json!({
        "id": g.id,
        "name": g.name,
        "activated": activated(&p),
        "deactivated": deactivated(&p),
        "parentGroupId": parent_id(editor, g),
    })
}

/// "Group by ID (with Teams)": the group and its teams (`groupId` is the team's id, as in the
/// seed's example).
pub fn group_with_teams(editor: &Editor, g: &Group, teams: &[Team]) -> Value {
    let mut v = group(editor, g);
    v["teams"] = teams
        .iter()
        .filter(|t| t.group_id == g.id)
        .map(|t| json!({"name": t.name, "groupId": t.id}))
        .collect();
    v
}

/// "Group API" / "Group (with Scope)" listings: both spellings of the id the seed uses.
pub fn group_summary(g: &Group) -> Value {
    json!({"id": g.id, "groupId": g.id, "name": g.name})
}

/// "Team (with Scope)": the team's name and its parent group (`groupId`), plus its id.
pub fn team_summary(t: &Team) -> Value {
    json!({"id": t.id, "name": t.name, "groupId": t.group_id})
}

/// "Teams by ID (with Agents)": the team with its agents.
pub fn team_with_agents(editor: &Editor, t: &Team, agents: &[Person]) -> Value {
    let p = editor.profile(t.id);
    json!({
        "id": t.id,
        "name": t.name,
        "activated": activated(&p),
        "deactivated": deactivated(&p),
        "parentGroupId": t.group_id,
        "productivityCompilation": p.productivity_compilation.unwrap_or(true),
        "agents": agents.iter().map(|a| agent(editor, a)).collect::<Vec<_>>(),
    })
}

fn display_name(p: &Person, profile: &Profile) -> String {
    profile.display_name.clone().unwrap_or_else(|| {
        format!("{} {}", p.first_name, p.last_name)
            .trim()
            .to_string()
    })
}

/// An agent of "Teams by ID (with Agents)".
pub fn agent(editor: &Editor, a: &Person) -> Value {
    let p = editor.profile(a.id);
    json!({
        "personId": a.id,
        "tenantId": a.tenant_id,
        "acdId": a.acd_id,
        "firstName": a.first_name,
        "lastName": a.last_name,
        "email": a.email,
        "displayId": display_name(a, &p),
        "groupId": a.team_id,
        "activated": activated(&p),
        "deactivated": deactivated(&p),
        "isSynchronized": a.acd_server_id.is_some(),
        "timeZone": a.time_zone,
        "adLogin": a.ad_login,
    })
}

/// A stored zone as the Person APIs write it: the seed's number when the zone is in the table
/// (`"timeZone": 1`), else its name.
pub fn time_zone(name: Option<&str>) -> Value {
    match name {
        None => Value::Null,
        Some(n) => match timezones::ZONES
            .iter()
            .find(|z| z.1.eq_ignore_ascii_case(n))
        {
            Some(z) => json!(z.0),
            None => json!(n),
        },
    }
}

fn iso(d: &Option<String>) -> Value {
    d.as_deref().map_or(Value::Null, |d| json!(dates::iso(d)))
}

/// "Person by ID API": every field its PUT requires, so a GET can be edited and sent back.
pub fn person(editor: &Editor, a: &Person) -> Value {
    let p = editor.profile(a.id);
    let detail = p.agent_detail.clone().unwrap_or_else(
        || json!({"skillMappings": [], "exceptions": [], "views": [], "workShifts": []}),
    );
    json!({
        "id": a.id,
        "tenantId": a.tenant_id,
        "firstName": a.first_name,
        "lastName": a.last_name,
        "email": a.email,
        "displayName": display_name(a, &p),
        "timeZone": time_zone(a.time_zone.as_deref()),
        "acdId": a.acd_id,
        "acdServerId": a.acd_server_id,
        "adLogin": a.ad_login,
        "groupId": a.team_id,
        "roles": a.role_ids,
        "activated": activated(&p),
        "deactivated": p.deactivated.as_deref().map(dates::to_ms),
        "active": !a.deactivated,
        "enabledForScheduling": p.enable_scheduling,
        "companyStartDate": iso(&p.company_start_date),
        "departmentStartDate": iso(&p.department_start_date),
        "terminationDate": iso(&p.company_end_date),
        "agentRank": p.rank,
        "agentDetail": detail,
    })
}

/// Seed 001 "Organizational Structure Common API": an agent of the drill-down.
pub fn drill_agent(a: &Person, profile: &Profile) -> Value {
    let skill = profile
        .skill_mappings
        .split(';')
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string);
    json!({
        "personId": a.id,
        "firstName": a.first_name,
        "lastName": a.last_name,
        "groupId": a.team_id,
        "tenantId": a.tenant_id,
        "email": a.email,
        "skillId": skill,
    })
}
