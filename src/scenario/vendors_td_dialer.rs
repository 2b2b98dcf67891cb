//! Scenario sections of the two small vendors: `talkdesk:` (OAuth clients, their scopes, limits)
//! and `dialer:` (basic-auth users, lists with custom fields, campaigns). The agents of both are
//! the scenario's persons.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `talkdesk:`. Absent, a scenario gets the default scenario's client and limits.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TalkdeskSpec {
    #[serde(default = "default_clients")]
    pub clients: Vec<TalkdeskClient>,
    /// Lifetime of an access token, virtual seconds.
    #[serde(default = "default_token_ttl")]
    pub token_ttl_seconds: u64,
    /// Lines a bulk-import CSV may have, header included (seed 002: 1001).
    #[serde(default = "default_max_lines")]
    pub max_csv_lines: u64,
    /// Days an import stays readable (seed 002: 20).
    #[serde(default = "default_retention")]
    pub retention_days: u64,
}

impl Default for TalkdeskSpec {
    fn default() -> Self {
        TalkdeskSpec {
            clients: default_clients(),
            token_ttl_seconds: default_token_ttl(),
            max_csv_lines: default_max_lines(),
            retention_days: default_retention(),
        }
    }
}

/// An OAuth client allowed the client-credentials grant.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TalkdeskClient {
    pub id: String,
    pub secret: String,
    /// Scopes the client may ask for; a token without `scope=` gets them all.
    pub scopes: Vec<String>,
}

fn default_clients() -> Vec<TalkdeskClient> {
    vec![TalkdeskClient {
        id: "harness-client".into(),
        secret: "harness-secret".into(),
        scopes: ["bulk-imports:read", "bulk-imports:write", "users:read"]
            .map(String::from)
            .to_vec(),
    }]
}

fn default_token_ttl() -> u64 {
    3600
}

fn default_max_lines() -> u64 {
    1001
}

fn default_retention() -> u64 {
    20
}

/// `dialer:`. Absent, a scenario gets the seed's `admin` / `password` user and no lists.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DialerSpec {
    #[serde(default = "default_dialer_users")]
    pub users: Vec<DialerUser>,
    #[serde(default)]
    pub lists: Vec<DialerListSpec>,
    /// Campaigns (voice queues): the seed's body fields, `id` optional.
    #[serde(default)]
    pub campaigns: Vec<Map<String, Value>>,
}

impl Default for DialerSpec {
    fn default() -> Self {
        DialerSpec {
            users: default_dialer_users(),
            lists: Vec::new(),
            campaigns: Vec::new(),
        }
    }
}

/// A user of the dialer's API (HTTP basic auth).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DialerUser {
    pub username: String,
    pub password: String,
}

fn default_dialer_users() -> Vec<DialerUser> {
    vec![DialerUser {
        username: "admin".into(),
        password: "password".into(),
    }]
}

/// A contact list and its custom fields (`cf_{id}` in contacts).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DialerListSpec {
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub custom_fields: Vec<DialerFieldSpec>,
    /// Person ids of the agents of the list.
    #[serde(default)]
    pub agents: Vec<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DialerFieldSpec {
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Rules a YAML schema cannot say: unique ids and names, agents that are persons, campaigns that
/// pass the dialer's own campaign rules.
pub fn check(s: &super::Scenario, world: &super::Resolved) -> Result<(), super::ScenarioError> {
    use super::ScenarioError as E;
    use std::collections::BTreeSet;
    let td = &s.talkdesk;
    let mut ids = BTreeSet::new();
    for (i, c) in td.clients.iter().enumerate() {
        if c.id.is_empty() || !ids.insert(c.id.as_str()) {
            return Err(E::nowhere(format!(
                "talkdesk.clients[{i}].id `{}` is empty or used twice",
                c.id
            )));
        }
    }
    if td.max_csv_lines < 2 || td.token_ttl_seconds == 0 || td.retention_days == 0 {
        return Err(E::nowhere(
            "talkdesk: maxCsvLines must be at least 2, tokenTtlSeconds and retentionDays at least 1",
        ));
    }
    let d = &s.dialer;
    if d.users.iter().any(|u| u.username.is_empty()) {
        return Err(E::nowhere("dialer.users: a username is empty"));
    }
    let persons: BTreeSet<u64> = world.persons.iter().map(|p| p.id).collect();
    let (mut list_ids, mut names, mut field_ids) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (i, l) in d.lists.iter().enumerate() {
        if l.id.is_some_and(|id| id == 0 || !list_ids.insert(id)) {
            return Err(E::nowhere(format!(
                "dialer.lists[{i}].id is 0 or used twice"
            )));
        }
        if !names.insert(l.name.as_str()) {
            return Err(E::nowhere(format!(
                "dialer.lists[{i}].name `{}` is used twice",
                l.name
            )));
        }
        for f in &l.custom_fields {
            if f.id.is_some_and(|id| id == 0 || !field_ids.insert(id)) {
                return Err(E::nowhere(format!(
                    "dialer.lists[{i}].customFields: id {} is 0 or used twice",
                    f.id.unwrap_or(0)
                )));
            }
        }
        if let Some(a) = l.agents.iter().find(|a| !persons.contains(a)) {
            return Err(E::nowhere(format!(
                "dialer.lists[{i}].agents: {a} is not the id of a person"
            )));
        }
    }
    let mut queue_ids = BTreeSet::new();
    for (i, c) in d.campaigns.iter().enumerate() {
        if let Some(id) = c.get("id") {
            match id.as_u64() {
                Some(n) if n > 0 && queue_ids.insert(n) => {}
                _ => {
                    return Err(E::nowhere(format!(
                        "dialer.campaigns[{i}].id {id} is not a new id above 0"
                    )));
                }
            }
        }
        if let Err(e) = crate::vendors::dialer::validate::queue(c, true) {
            return Err(E::nowhere(format!("dialer.campaigns[{i}]: {}", e.message)));
        }
    }
    Ok(())
}
