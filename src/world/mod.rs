//! The organisation every vendor API reads: tenants, groups, teams, roles and persons, kept in the
//! sandbox's store. A person is the same agent in every vendor, found by that vendor's identifier.

pub mod bulk;
pub mod dates;
pub mod edit;
mod error;
pub mod prefs;
mod profile;
mod seed;
pub mod timezones;

pub use error::{OrgError, OrgErrorKind};
pub use profile::Profile;
pub use seed::seed;

use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};

/// Collection names, shared with transactions that write several of them.
pub const TENANTS: &str = "tenants";
pub const GROUPS: &str = "groups";
pub const TEAMS: &str = "teams";
pub const ROLES: &str = "roles";
pub const PERSONS: &str = "persons";
/// Activation dates and the other org-API details of any org entity, keyed by its id.
pub const PROFILES: &str = "profiles";
/// Every org collection, for transactions that may write any of them.
pub const ALL: &[&str] = &[TENANTS, GROUPS, TEAMS, ROLES, PERSONS, PROFILES];
/// One id space for every org entity (tenant 1, group 2, team 3, ... as in seed 001's examples).
pub const ORG_IDS: &str = "org";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: u64,
    pub tenant_id: u64,
    pub name: String,
    pub parent_id: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: u64,
    pub tenant_id: u64,
    pub group_id: u64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: u64,
    pub tenant_id: u64,
    pub name: String,
    pub description: String,
    /// Permission names, already expanded (`"*"` becomes every permission).
    pub permissions: Vec<String>,
    pub default_agent_role: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// The whole tenant is in scope.
    pub tenant: bool,
    pub group_ids: Vec<u64>,
    pub team_ids: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: u64,
    pub tenant_id: u64,
    pub team_id: u64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub role_ids: Vec<u64>,
    pub scope: Scope,
    pub ad_login: Option<String>,
    pub acd_id: Option<String>,
    pub acd_server_id: Option<String>,
    pub phone: Option<String>,
    pub crm_username: Option<String>,
    pub system_username: Option<String>,
    pub time_zone: Option<String>,
    pub locale: Option<String>,
    pub deactivated: bool,
    /// inContact agent id (seed 003 AgentIdentifier `Id`); the person id when absent.
    #[serde(default)]
    pub incontact_id: Option<String>,
    /// inContact user name (AgentIdentifier `Username`); the email when absent.
    #[serde(default)]
    pub incontact_username: Option<String>,
    /// The phone extension the agent records on (AgentIdentifier `Phone` matches it or `phone`).
    #[serde(default)]
    pub extension: Option<String>,
}

/// Typed access to the org collections of one sandbox.
pub struct Org {
    pub tenants: Collection<u64, Tenant>,
    pub groups: Collection<u64, Group>,
    pub teams: Collection<u64, Team>,
    pub roles: Collection<u64, Role>,
    pub persons: Collection<u64, Person>,
    pub profiles: Collection<u64, Profile>,
}

impl Org {
    pub fn of(store: &SandboxStore) -> Org {
        Org {
            tenants: store.collection(TENANTS),
            groups: store.collection(GROUPS),
            teams: store.collection(TEAMS),
            roles: store.collection(ROLES),
            persons: store.collection(PERSONS),
            profiles: store.collection(PROFILES),
        }
    }

    /// The union of the permissions of the person's roles, sorted.
    pub fn permissions_of(&self, person: &Person) -> Vec<String> {
        let mut names: Vec<String> = person
            .role_ids
            .iter()
            .filter_map(|id| self.roles.get(id))
            .flat_map(|r| r.permissions)
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Persons whose login (`userId`, the email) matches, case-insensitively.
    pub fn persons_by_login(&self, user_id: &str) -> Vec<Person> {
        self.persons
            .values()
            .into_iter()
            .filter(|p| p.email.eq_ignore_ascii_case(user_id))
            .collect()
    }
}

/// View rules (seed 001 "Full Scope", "Scope Groups", "Scope Teams"): who a person may see.
/// Full scope sees the whole tenant; otherwise the teams in scope, the teams of the groups in
/// scope and of their descendant groups. A person always sees themselves.
impl Org {
    /// The team ids `viewer` may see, or `None` when the viewer has full scope of its tenant.
    pub fn visible_team_ids(&self, viewer: &Person) -> Option<std::collections::BTreeSet<u64>> {
        if viewer.scope.tenant {
            return None;
        }
        let groups = self.groups.values();
        let mut in_scope: std::collections::BTreeSet<u64> =
            viewer.scope.group_ids.iter().copied().collect();
        // Descendant groups: repeat until no group is added (the tree is shallow).
        loop {
            let before = in_scope.len();
            for g in &groups {
                if g.parent_id.is_some_and(|p| in_scope.contains(&p)) {
                    in_scope.insert(g.id);
                }
            }
            if in_scope.len() == before {
                break;
            }
        }
        let mut teams: std::collections::BTreeSet<u64> =
            viewer.scope.team_ids.iter().copied().collect();
        teams.extend(
            self.teams
                .values()
                .into_iter()
                .filter(|t| in_scope.contains(&t.group_id))
                .map(|t| t.id),
        );
        Some(teams)
    }

    /// Whether `viewer` may see `target` under the view rules.
    pub fn can_view(&self, viewer: &Person, target: &Person) -> bool {
        if viewer.tenant_id != target.tenant_id {
            return false;
        }
        if viewer.id == target.id {
            return true;
        }
        match self.visible_team_ids(viewer) {
            None => true,
            Some(teams) => teams.contains(&target.team_id),
        }
    }
}

impl Org {
    /// The person a client names in any of seed 001's three agent formats: the person id
    /// (`"5"`), the Windows login (`"domain\\user"`, matched case-insensitively against
    /// `adLogin`) or the email (case-insensitive). Also tries the ACD id last, which the data
    /// server and dialers use. `None` when nobody matches.
    pub fn resolve_person(&self, tenant_id: Option<u64>, identifier: &str) -> Option<Person> {
        let identifier = identifier.trim();
        if identifier.is_empty() {
            return None;
        }
        let in_tenant = |p: &Person| tenant_id.is_none_or(|t| p.tenant_id == t);
        if let Ok(id) = identifier.parse::<u64>()
            && let Some(p) = self.persons.get(&id).filter(in_tenant)
        {
            return Some(p);
        }
        let persons = self.persons.values();
        let by =
            |f: &dyn Fn(&Person) -> bool| persons.iter().find(|p| in_tenant(p) && f(p)).cloned();
        if identifier.contains('\\') {
            by(&|p| {
                p.ad_login
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(identifier))
            })
        } else if identifier.contains('@') {
            by(&|p| p.email.eq_ignore_ascii_case(identifier))
        } else {
            by(&|p| p.acd_id.as_deref() == Some(identifier))
        }
    }
}

/// The person `identifier` names among `persons` when there is no store yet (scenario
/// loading): the person id, `domain\user` (case-insensitive) or the email (case-insensitive),
/// seed 001's three agent formats.
pub fn find_person<'a>(persons: &'a [Person], identifier: &str) -> Option<&'a Person> {
    let identifier = identifier.trim();
    if let Ok(id) = identifier.parse::<u64>()
        && let Some(p) = persons.iter().find(|p| p.id == id)
    {
        return Some(p);
    }
    if identifier.contains('\\') {
        persons.iter().find(|p| {
            p.ad_login
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(identifier))
        })
    } else {
        persons
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(identifier))
    }
}
