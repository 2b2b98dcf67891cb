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
