//! Contact search (seed 001 "Contact API", "Contact Basic Search API", "Contact Monitoring
//! API") over the stored contacts: filters, view rules, wildcard patterns, newest first. Reads
//! only the index range it can match: the agent's (agent, start) keys when `agent` is given,
//! else the tenant's (tenant, start) keys of the time window.

use super::evaluation::{EVALUATE_PERMISSION, can_evaluate};
use super::{Contact, ContactType, Contacts};
use crate::scenario::qm::{EvalForm, of_tenant};
use crate::world::{Org, Person};
use std::collections::BTreeSet;

/// A `*` / `?` wildcard pattern matched against a whole value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    chars: Vec<char>,
    ignore_case: bool,
}

impl Pattern {
    pub fn new(text: &str, ignore_case: bool) -> Pattern {
        let text = if ignore_case {
            text.to_lowercase()
        } else {
            text.to_string()
        };
        Pattern {
            chars: text.chars().collect(),
            ignore_case,
        }
    }

    /// True when the whole of `value` matches (`*` any run, `?` one character).
    pub fn matches(&self, value: &str) -> bool {
        let value: Vec<char> = if self.ignore_case {
            value.to_lowercase().chars().collect()
        } else {
            value.chars().collect()
        };
        let (p, v) = (&self.chars, &value);
        let (mut pi, mut vi) = (0, 0);
        let (mut star, mut mark) = (None, 0);
        while vi < v.len() {
            if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
                pi += 1;
                vi += 1;
            } else if pi < p.len() && p[pi] == '*' {
                star = Some(pi);
                mark = vi;
                pi += 1;
            } else if let Some(s) = star {
                pi = s + 1;
                mark += 1;
                vi = mark;
            } else {
                return false;
            }
        }
        while pi < p.len() && p[pi] == '*' {
            pi += 1;
        }
        pi == p.len()
    }
}

/// `metadata=key~op~value` (seed 001): equals, beginsWith, endsWith, contains; no value = the
/// contact has the key.
#[derive(Debug, Clone)]
pub struct MetadataFilter {
    pub key: String,
    pub value: Option<Pattern>,
}

impl MetadataFilter {
    /// Parses `key`, `key~op` or `key~op~value`; an unknown operator is an error.
    pub fn parse(text: &str) -> Result<MetadataFilter, String> {
        let mut parts = text.splitn(3, '~');
        let key = parts.next().unwrap_or("").to_string();
        if key.is_empty() {
            return Err(format!(
                "metadata `{text}` names no key (use key~operator~value)"
            ));
        }
        let op = parts.next();
        let value = parts.next();
        let value = match (op, value) {
            (None, _) => None,
            (Some(_), None | Some("")) => {
                check_op(op.unwrap_or(""))?;
                None
            }
            (Some(op), Some(v)) => Some(Pattern::new(
                &match check_op(op)? {
                    "equals" => v.to_string(),
                    "beginsWith" => format!("{v}*"),
                    "endsWith" => format!("*{v}"),
                    _ => format!("*{v}*"),
                },
                false,
            )),
        };
        Ok(MetadataFilter { key, value })
    }

    fn matches(&self, c: &Contact) -> bool {
        match (c.metadata.get(&self.key), &self.value) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(v), Some(p)) => p.matches(v),
        }
    }
}

fn check_op(op: &str) -> Result<&'static str, String> {
    ["equals", "beginsWith", "endsWith", "contains"]
        .into_iter()
        .find(|o| *o == op)
        .ok_or_else(|| {
            format!("metadata operator `{op}` is not one of equals, beginsWith, endsWith, contains")
        })
}

/// Every filter of a contact search. Repeated parameters are OR-ed.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub agent: Option<u64>,
    pub ani: Vec<Pattern>,
    pub dnis: Vec<Pattern>,
    pub number: Vec<Pattern>,
    pub phone_number: Vec<Pattern>,
    pub line: Vec<Pattern>,
    pub call_id: Option<String>,
    pub assoc_call_id: Option<String>,
    /// `[from_ms, to_ms)` on the contact's start.
    pub from_ms: i64,
    pub to_ms: i64,
    pub first_name: Vec<Pattern>,
    pub last_name: Vec<Pattern>,
    pub username: Vec<Pattern>,
    pub group: Option<u64>,
    pub team: Option<u64>,
    pub has_recording: Option<bool>,
    pub scored: Option<bool>,
    pub tagged: Option<bool>,
    pub hr: Option<bool>,
    pub training: Option<bool>,
    pub needs_approval: Option<bool>,
    pub in_progress: Option<bool>,
    pub can_evaluate: Option<bool>,
    pub silence_duration: Option<i64>,
    pub silence_events: Option<i64>,
    pub talk_over_duration: Option<i64>,
    pub talk_over_events: Option<i64>,
    /// `quality` or `archive`.
    pub upload_type: Option<String>,
    pub metadata: Vec<MetadataFilter>,
    pub contact_type: Option<ContactType>,
    pub has_transcription: bool,
    pub evaluated_from_ms: Option<i64>,
    pub evaluated_to_ms: Option<i64>,
}

fn any(patterns: &[Pattern], value: Option<&str>) -> bool {
    patterns.is_empty() || value.is_some_and(|v| patterns.iter().any(|p| p.matches(v)))
}

fn flag(want: Option<bool>, have: bool) -> bool {
    want.is_none_or(|w| w == have)
}

/// Seed 001 `silenceEvents=2&silenceDuration=10000`: at least N events of at least D ms.
fn events<'a>(
    events: impl Iterator<Item = &'a super::Event>,
    min_duration: Option<i64>,
    min_count: Option<i64>,
) -> bool {
    if min_duration.is_none() && min_count.is_none() {
        return true;
    }
    let d = min_duration.unwrap_or(0);
    let n = events.filter(|e| e.duration_ms >= d).count() as i64;
    n >= min_count.unwrap_or(1)
}

impl Query {
    /// Whether `c` passes every filter (the agent's names are looked up in `agent`; whether it
    /// can be evaluated depends on who asks).
    pub fn matches(&self, c: &Contact, agent: Option<&Person>, viewer: &Viewer) -> bool {
        self.can_evaluate
            .is_none_or(|w| w == viewer.can_evaluate(c))
            && self.agent.is_none_or(|a| c.agent_id == Some(a))
            && (c.start_ms >= self.from_ms && c.start_ms < self.to_ms)
            && any(&self.ani, c.ani.as_deref())
            && any(&self.dnis, c.dnis.as_deref())
            && any(&self.line, c.line.as_deref())
            && (self.number.is_empty()
                || any(&self.number, c.ani.as_deref())
                || any(&self.number, c.dnis.as_deref()))
            && (self.phone_number.is_empty()
                || any(&self.phone_number, c.ani.as_deref())
                || any(&self.phone_number, c.dnis.as_deref())
                || any(&self.phone_number, c.line.as_deref()))
            && self
                .call_id
                .as_deref()
                .is_none_or(|id| c.call_id.as_deref() == Some(id))
            && self
                .assoc_call_id
                .as_deref()
                .is_none_or(|id| c.assoc_call_id.as_deref() == Some(id))
            && any(&self.first_name, agent.map(|p| p.first_name.as_str()))
            && any(&self.last_name, agent.map(|p| p.last_name.as_str()))
            && any(&self.username, agent.map(|p| p.email.as_str()))
            && self.group.is_none_or(|g| c.group_id == Some(g))
            && self.team.is_none_or(|t| c.team_id == Some(t))
            && flag(self.has_recording, c.has_recording())
            && flag(self.scored, c.qm.scored)
            && flag(self.tagged, c.qm.tagged)
            && flag(self.hr, c.qm.hr)
            && flag(self.training, c.qm.training)
            && flag(self.needs_approval, c.qm.needs_approval)
            && flag(self.in_progress, c.qm.in_progress)
            && events(c.silence(), self.silence_duration, self.silence_events)
            && events(
                c.talk_over(),
                self.talk_over_duration,
                self.talk_over_events,
            )
            && match self.upload_type.as_deref() {
                Some("quality") => c.quality,
                Some("archive") => c.archive,
                _ => true,
            }
            && (self.metadata.is_empty() || self.metadata.iter().any(|m| m.matches(c)))
            && self.contact_type.is_none_or(|t| c.contact_type == t)
            && (!self.has_transcription || c.text.is_some() || c.has_audio())
            && self
                .evaluated_from_ms
                .is_none_or(|f| c.evaluated_ms.is_some_and(|e| e >= f))
            && self
                .evaluated_to_ms
                .is_none_or(|t| c.evaluated_ms.is_some_and(|e| e < t))
    }
}

/// Who may see which contacts (seed 001 view rules): full scope sees the tenant; otherwise the
/// contacts of the teams in scope, and the viewer's own.
pub struct Viewer {
    pub person: Person,
    teams: Option<BTreeSet<u64>>,
    /// Holds [`EVALUATE_PERMISSION`] in the session.
    may_evaluate: bool,
    /// The scenario's evaluation forms.
    pub forms: Vec<EvalForm>,
}

impl Viewer {
    pub fn new(org: &Org, person: Person) -> Viewer {
        Viewer {
            teams: org.visible_team_ids(&person),
            person,
            may_evaluate: false,
            forms: Vec::new(),
        }
    }

    /// The same viewer, evaluating with its tenant's `forms` when `permissions` hold the
    /// evaluate permission.
    pub fn evaluating(mut self, permissions: &[String], forms: &[EvalForm]) -> Viewer {
        self.may_evaluate = permissions.iter().any(|p| p == EVALUATE_PERMISSION);
        let tenant = self.person.tenant_id;
        self.forms = of_tenant(forms, tenant);
        self
    }

    /// The contact's `canEvaluate` for this viewer.
    pub fn can_evaluate(&self, c: &Contact) -> bool {
        can_evaluate(c, self.person.id, self.may_evaluate, &self.forms)
    }

    pub fn sees(&self, c: &Contact) -> bool {
        c.tenant_id == self.person.tenant_id
            && (c.agent_id == Some(self.person.id)
                || match &self.teams {
                    None => true,
                    Some(teams) => c.team_id.is_some_and(|t| teams.contains(&t)),
                })
    }
}

/// The contacts `viewer` may see that match `query`, newest first, visiting each candidate
/// once; `visit` returns false to stop early.
pub fn search(
    contacts: &Contacts,
    org: &Org,
    viewer: &Viewer,
    query: &Query,
    mut visit: impl FnMut(Contact, Option<&Person>) -> bool,
) {
    let mut persons: std::collections::HashMap<u64, Option<Person>> = Default::default();
    let names =
        !query.first_name.is_empty() || !query.last_name.is_empty() || !query.username.is_empty();
    let mut check = |id: u64| -> bool {
        let Some(c) = contacts.get(id) else {
            return true;
        };
        if !viewer.sees(&c) {
            return true;
        }
        let agent = if names {
            c.agent_id.and_then(|a| {
                persons
                    .entry(a)
                    .or_insert_with(|| org.persons.get(&a))
                    .clone()
            })
        } else {
            None
        };
        if !query.matches(&c, agent.as_ref(), viewer) {
            return true;
        }
        visit(c, agent.as_ref())
    };
    if let Some(call_id) = &query.call_id {
        let mut ids = contacts.ids_with_call_id(viewer.person.tenant_id, call_id);
        let mut found: Vec<Contact> = ids.drain(..).filter_map(|id| contacts.get(id)).collect();
        found.sort_by_key(|c| std::cmp::Reverse((c.start_ms, c.id)));
        for c in found {
            if !check(c.id) {
                return;
            }
        }
        return;
    }
    let ids: Box<dyn Iterator<Item = u64>> = match query.agent {
        Some(agent) => Box::new(
            contacts
                .ids_of_agent(agent, query.from_ms, query.to_ms)
                .rev(),
        ),
        None => Box::new(
            contacts
                .ids_in_tenant(viewer.person.tenant_id, query.from_ms, query.to_ms)
                .rev(),
        ),
    };
    for id in ids {
        if !check(id) {
            return;
        }
    }
}
