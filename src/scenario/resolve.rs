//! Checks a scenario's references and turns it into org records with ids.
//!
//! Ids: every org entity shares one id space (seed 001 shows tenant 1, group 2, team 3). An entity
//! without an explicit id takes the smallest free id, in declaration order: tenants, then per
//! tenant its groups, teams, persons (declared, then generated) and roles.

use super::model::*;
use super::{ScenarioError, generate};
use crate::clock::{ClockSetting, parse_rfc3339};
use crate::vendors::webex::permission_names;
use crate::world::{Group, Person, Role, Scope, Team, Tenant};
use serde_saphyr::{Location, Spanned};
use std::collections::{BTreeSet, HashMap};

/// The org records a sandbox is seeded with, plus its start clock.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub tenants: Vec<Tenant>,
    pub groups: Vec<Group>,
    pub teams: Vec<Team>,
    pub roles: Vec<Role>,
    pub persons: Vec<Person>,
    pub max_id: u64,
    pub clock: Option<ClockSetting>,
    /// The scenario's contacts, without ids yet (see `scenario::contacts`).
    pub contacts: Vec<crate::contacts::Contact>,
    /// The scenario's call timeline and device associations (see `scenario::calls`).
    pub calls: super::calls::Resolved,
}

struct Ids {
    taken: BTreeSet<u64>,
    next: u64,
}

impl Ids {
    fn explicit(&mut self, id: &Option<Spanned<u64>>, what: &str) -> Result<(), ScenarioError> {
        if let Some(id) = id {
            if id.value == 0 {
                return Err(ScenarioError::at(
                    &id.referenced,
                    format!("{what} id must be at least 1"),
                ));
            }
            if !self.taken.insert(id.value) {
                return Err(ScenarioError::at(
                    &id.referenced,
                    format!(
                        "id {} is used twice (tenants, groups, teams, persons and roles share one id space)",
                        id.value
                    ),
                ));
            }
        }
        Ok(())
    }

    fn assign(&mut self, id: &Option<Spanned<u64>>) -> u64 {
        if let Some(id) = id {
            return id.value;
        }
        while self.taken.contains(&self.next) {
            self.next += 1;
        }
        self.taken.insert(self.next);
        self.next
    }
}

pub fn resolve(s: &Scenario) -> Result<Resolved, ScenarioError> {
    let start = parse_rfc3339(&s.clock.start.value)
        .map_err(|e| ScenarioError::at(&s.clock.start.referenced, format!("clock.start: {e}")))?;
    let mut ids = Ids {
        taken: BTreeSet::new(),
        next: 1,
    };
    for t in &s.tenants {
        ids.explicit(&t.id, "tenant")?;
        for g in &t.groups {
            ids.explicit(&g.id, "group")?;
        }
        for team in &t.teams {
            ids.explicit(&team.id, "team")?;
        }
        for p in &t.persons {
            ids.explicit(&p.id, "person")?;
        }
        for r in &t.roles {
            ids.explicit(&r.id, "role")?;
        }
    }
    let mut out = Resolved {
        clock: Some(ClockSetting {
            now_ms: start,
            frozen: s.clock.frozen,
        }),
        ..Resolved::default()
    };
    for (index, t) in s.tenants.iter().enumerate() {
        resolve_tenant(s, index, t, &mut ids, &mut out)?;
    }
    for (i, f) in s.faults.iter().enumerate() {
        f.validate().map_err(|e| match &e.at {
            Some(at) => ScenarioError::at(at, format!("faults[{i}]: {e}")),
            None => ScenarioError::nowhere(format!("faults[{i}]: {e}")),
        })?;
    }
    for (i, r) in s.rate_limits.iter().enumerate() {
        r.limits()
            .map_err(|e| ScenarioError::nowhere(format!("rate_limits[{i}]: {e}")))?;
    }
    out.max_id = ids.taken.iter().next_back().copied().unwrap_or(0);
    let first_tenant = out.tenants.first().map(|t| t.id);
    let tenant_ids: Vec<u64> = out.tenants.iter().map(|t| t.id).collect();
    super::qm::check_tenants(s, &tenant_ids)?;
    let ctx = super::contacts::Ctx {
        persons: &out.persons,
        teams: &out.teams,
        roles: &out.roles,
        forms: &s.eval_forms,
        surveys: &s.surveys,
    };
    out.contacts = super::contacts::resolve(&s.contacts, s.seed, start, &ctx, first_tenant)?;
    out.calls = super::calls::resolve(&s.calls, &s.devices, &out.persons)?;
    super::reports::validate(s).map_err(ScenarioError::nowhere)?;
    Ok(out)
}

fn resolve_tenant(
    s: &Scenario,
    index: usize,
    t: &TenantSpec,
    ids: &mut Ids,
    out: &mut Resolved,
) -> Result<(), ScenarioError> {
    let tenant_id = ids.assign(&t.id);
    out.tenants.push(Tenant {
        id: tenant_id,
        name: t.name.clone(),
    });
    let group_ids: Vec<u64> = t.groups.iter().map(|g| ids.assign(&g.id)).collect();
    for (g, &id) in t.groups.iter().zip(&group_ids) {
        if let Some(parent) = &g.parent {
            known(&group_ids, parent, "group")?;
        }
        out.groups.push(Group {
            id,
            tenant_id,
            name: g.name.clone(),
            parent_id: g.parent.as_ref().map(|p| p.value),
        });
    }
    let team_ids: Vec<u64> = t.teams.iter().map(|team| ids.assign(&team.id)).collect();
    for (team, &id) in t.teams.iter().zip(&team_ids) {
        known(&group_ids, &team.group, "group")?;
        out.teams.push(Team {
            id,
            tenant_id,
            group_id: team.group.value,
            name: team.name.clone(),
        });
    }

    let person_ids: Vec<u64> = t.persons.iter().map(|p| ids.assign(&p.id)).collect();
    let generated = match t.generate.as_ref().and_then(|g| g.persons.as_ref()) {
        Some(g) => {
            known(&team_ids, &g.team, "team")?;
            generate::persons(s.seed, index as u64, g)
        }
        None => Vec::new(),
    };
    let generated_ids: Vec<u64> = generated.iter().map(|_| ids.assign(&None)).collect();

    let role_ids: Vec<u64> = t.roles.iter().map(|r| ids.assign(&r.id)).collect();
    let mut roles_by_name: HashMap<&str, u64> = HashMap::new();
    let mut default_role = None;
    for (r, &id) in t.roles.iter().zip(&role_ids) {
        if roles_by_name.insert(&r.name.value, id).is_some() {
            return Err(ScenarioError::at(
                &r.name.referenced,
                format!(
                    "role `{}` is declared twice in tenant `{}`",
                    r.name.value, t.name
                ),
            ));
        }
        if r.default {
            if default_role.is_some() {
                return Err(ScenarioError::at(
                    &r.name.referenced,
                    "only one role of a tenant can be the default",
                ));
            }
            default_role = Some(id);
        }
        out.roles.push(Role {
            id,
            tenant_id,
            name: r.name.value.clone(),
            description: r.description.clone().unwrap_or_default(),
            permissions: expand_permissions(&r.permissions)?,
            default_agent_role: r.default,
        });
    }
    let default_role = default_role.or_else(|| roles_by_name.get("Agent").copied());
    let role_list = |names: &[Spanned<String>]| -> Result<Vec<u64>, ScenarioError> {
        if names.is_empty() {
            return Ok(default_role.into_iter().collect());
        }
        names
            .iter()
            .map(|n| {
                roles_by_name.get(n.value.as_str()).copied().ok_or_else(|| {
                    ScenarioError::at(
                        &n.referenced,
                        format!(
                            "unknown role `{}` (tenant `{}` declares: {})",
                            n.value,
                            t.name,
                            join(roles_by_name.keys())
                        ),
                    )
                })
            })
            .collect()
    };

    let mut emails: HashMap<String, Location> = HashMap::new();
    for (p, &id) in t.persons.iter().zip(&person_ids) {
        known(&team_ids, &p.team, "team")?;
        let lower = p.email.value.to_ascii_lowercase();
        if emails.insert(lower, p.email.referenced).is_some() {
            return Err(ScenarioError::at(
                &p.email.referenced,
                format!(
                    "email `{}` is used by two persons of tenant `{}`",
                    p.email.value, t.name
                ),
            ));
        }
        let scope = match &p.scope {
            Some(sc) => {
                for g in &sc.groups {
                    known(&group_ids, g, "group")?;
                }
                for team in &sc.teams {
                    known(&team_ids, team, "team")?;
                }
                Scope {
                    tenant: sc.tenant,
                    group_ids: sc.groups.iter().map(|g| g.value).collect(),
                    team_ids: sc.teams.iter().map(|t| t.value).collect(),
                }
            }
            None => Scope::default(),
        };
        out.persons.push(Person {
            id,
            tenant_id,
            team_id: p.team.value,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            email: p.email.value.clone(),
            password: p.password.clone(),
            role_ids: role_list(&p.roles)?,
            scope,
            ad_login: p.ad_login.clone(),
            acd_id: p.acd_id.clone(),
            acd_server_id: p.acd_server_id.clone(),
            phone: p.phone.clone(),
            crm_username: p.crm_username.clone(),
            system_username: p.system_username.clone(),
            time_zone: p.time_zone.clone(),
            locale: p.locale.clone(),
            deactivated: p.deactivated,
            incontact_id: p.incontact_id.clone(),
            incontact_username: p.incontact_username.clone(),
            extension: p.extension.clone(),
        });
    }
    if let Some(g) = t.generate.as_ref().and_then(|g| g.persons.as_ref()) {
        let roles = role_list(&g.roles)?;
        for (mut person, id) in generated.into_iter().zip(generated_ids) {
            if emails.contains_key(&person.email.to_ascii_lowercase()) {
                person.email = format!("gen{id}.{}", person.email);
            }
            emails.insert(person.email.to_ascii_lowercase(), Location::UNKNOWN);
            person.id = id;
            person.tenant_id = tenant_id;
            person.role_ids = roles.clone();
            out.persons.push(person);
        }
    }
    Ok(())
}

fn known(ids: &[u64], reference: &Spanned<u64>, what: &str) -> Result<(), ScenarioError> {
    if ids.contains(&reference.value) {
        Ok(())
    } else {
        Err(ScenarioError::at(
            &reference.referenced,
            format!("no {what} with id {} in this tenant", reference.value),
        ))
    }
}

fn expand_permissions(names: &[Spanned<String>]) -> Result<Vec<String>, ScenarioError> {
    let mut out = BTreeSet::new();
    for n in names {
        if n.value == "*" {
            out.extend(permission_names::all().map(String::from));
            continue;
        }
        let canonical = permission_names::canonical(&n.value).ok_or_else(|| {
            ScenarioError::at(
                &n.referenced,
                format!(
                    "unknown permission `{}` (known: {})",
                    n.value,
                    permission_names::all().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        out.insert(canonical.to_string());
    }
    Ok(out.into_iter().collect())
}

fn join<'a>(names: impl Iterator<Item = &'a &'a str>) -> String {
    let mut v: Vec<&str> = names.copied().collect();
    v.sort();
    v.join(", ")
}
