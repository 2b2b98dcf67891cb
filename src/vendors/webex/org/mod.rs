//! Webex WFO organization APIs (seed 001 "Organizational Structure APIs", "Bulk Organization
//! Import API", "Import API", "Export API", "Import Preference APIs"): parsing and rendering
//! only; the rules live in `crate::world` (`edit`, `bulk`, `prefs`).

pub mod export;
pub mod fileimport;
pub mod groups;
pub mod importpref;
pub mod persons;
pub mod recording_refs;
mod render;
pub mod teams;
pub mod tenants;
pub mod upload;

use crate::http::json::kind;
use crate::http::{ApiError, Call};
use crate::vendors::webex::permission_names;
use crate::world::edit::Editor;
use crate::world::{Org, OrgError, OrgErrorKind, Person};
use axum::http::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// The caller's org context: an editor of its tenant and the person it is.
pub struct Ctx<'a> {
    pub editor: Editor<'a>,
    pub viewer: Person,
}

impl<'a> Ctx<'a> {
    pub fn of(call: &'a Call) -> Result<Ctx<'a>, ApiError> {
        let session = call.session()?;
        let org = Org::of(&call.sandbox.store);
        let viewer = org.persons.get(&session.record.person_id).ok_or_else(|| {
            call.error(
                StatusCode::UNAUTHORIZED,
                "Not authorized: the session's user no longer exists",
            )
        })?;
        Ok(Ctx {
            editor: Editor::new(&call.sandbox.store, session.record.tenant_id, call.now_ms()),
            viewer,
        })
    }

    /// Team ids the caller sees; `None` = the whole tenant (seed 001 view rules).
    pub fn visible_teams(&self) -> Option<BTreeSet<u64>> {
        self.editor.org.visible_team_ids(&self.viewer)
    }

    /// Group ids the caller sees: those in scope (with their subgroups) and those holding a
    /// visible team; `None` = the whole tenant.
    pub fn visible_groups(&self) -> Option<BTreeSet<u64>> {
        let teams = self.visible_teams()?;
        let all = self.editor.groups();
        let mut groups: BTreeSet<u64> = self.viewer.scope.group_ids.iter().copied().collect();
        loop {
            let before = groups.len();
            for g in &all {
                if g.parent_id.is_some_and(|p| groups.contains(&p)) {
                    groups.insert(g.id);
                }
            }
            if groups.len() == before {
                break;
            }
        }
        groups.extend(
            self.editor
                .teams()
                .into_iter()
                .filter(|t| teams.contains(&t.id))
                .map(|t| t.group_id),
        );
        Some(groups)
    }

    pub fn sees_team(&self, id: u64) -> bool {
        self.visible_teams().is_none_or(|t| t.contains(&id))
    }

    pub fn sees_group(&self, id: u64) -> bool {
        self.visible_groups().is_none_or(|g| g.contains(&id))
    }

    pub fn sees_person(&self, p: &Person) -> bool {
        self.editor.org.can_view(&self.viewer, p)
    }
}

/// An [`OrgError`] in the Webex error shape.
pub fn fail(call: &Call, e: OrgError) -> ApiError {
    let status = match e.kind {
        OrgErrorKind::Invalid => StatusCode::BAD_REQUEST,
        OrgErrorKind::NotFound => StatusCode::NOT_FOUND,
        OrgErrorKind::Conflict => StatusCode::CONFLICT,
        OrgErrorKind::OutOfScope => StatusCode::FORBIDDEN,
    };
    let mut err = call.error(status, e.message);
    for f in e.fields {
        err = err.with_field(f);
    }
    err
}

/// 403 for an entity the caller may not see (README: by-id reads and writes outside the scope
/// are refused; listings leave such entities out).
pub fn out_of_scope(call: &Call, what: &str, id: u64) -> ApiError {
    call.error(
        StatusCode::FORBIDDEN,
        format!("Forbidden: {what} {id} is outside your scope"),
    )
}

/// A path id: a whole number, else 400 naming the parameter.
pub fn path_id(call: &Call, name: &str, raw: &str) -> Result<u64, ApiError> {
    raw.trim().parse().map_err(|_| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("{name} must be a whole number, not '{raw}'"),
        )
        .with_field(name)
    })
}

/// The `{permission}` of a scoped listing: a known permission name (aliases accepted), else 400.
pub fn permission(call: &Call, raw: &str) -> Result<&'static str, ApiError> {
    permission_names::canonical(raw.trim()).ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("'{raw}' is not a permission name (GET /api/rest/org/permissions/ lists them)"),
        )
        .with_field("permission")
    })
}

/// True when the caller's session holds `permission` (sessions keep their login permissions).
pub fn holds(call: &Call, permission: &str) -> bool {
    call.session
        .as_ref()
        .is_some_and(|s| s.record.permissions.iter().any(|p| p == permission))
}

/// The JSON body as an object, else 400.
pub fn object(call: &Call, body: &[u8]) -> Result<Value, ApiError> {
    let v = crate::http::json::parse(call, body)?;
    match v {
        Value::Object(_) => Ok(v),
        // The seed's examples wrap some bodies in a one-element array.
        Value::Array(mut items) if items.len() == 1 && items[0].is_object() => Ok(items.remove(0)),
        other => Err(call.error(
            StatusCode::BAD_REQUEST,
            format!("The body must be a JSON object, not {}", kind(&other)),
        )),
    }
}

/// The first present of several spellings of a field (the seed writes `parentGroupId` and
/// `ParentGroupId`, `mapping` and `mappings`).
pub fn first_of<'v>(obj: &'v Value, names: &[&'static str]) -> Option<(&'static str, &'v Value)> {
    names
        .iter()
        .find_map(|n| obj.get(*n).filter(|v| !v.is_null()).map(|v| (*n, v)))
}

/// An id field given as a number or a numeric string.
pub fn id_value(call: &Call, field: &str, v: &Value) -> Result<u64, ApiError> {
    let bad = || {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("{field} must be a whole number, not {}", kind(v)),
        )
        .with_field(field)
    };
    match v {
        Value::Number(n) => n.as_u64().ok_or_else(bad),
        Value::String(s) => s.trim().parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A required id field under any of `names`.
pub fn required_id(call: &Call, obj: &Value, names: &[&'static str]) -> Result<u64, ApiError> {
    match first_of(obj, names) {
        Some((n, v)) => id_value(call, n, v),
        None => Err(call
            .error(StatusCode::BAD_REQUEST, format!("{} is required", names[0]))
            .with_field(names[0])),
    }
}

/// A list of ids: a JSON array of numbers or numeric strings, or one comma-separated string
/// (seed 001's Team API example writes `"users": 1,2,3`).
pub fn id_list(call: &Call, field: &str, v: Option<&Value>) -> Result<Vec<u64>, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(|i| id_value(call, field, i)).collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| id_value(call, field, &Value::String(x.to_string())))
            .collect(),
        Some(n @ Value::Number(_)) => Ok(vec![id_value(call, field, n)?]),
        Some(other) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} must be a list of ids, not {}", kind(other)),
            )
            .with_field(field)),
    }
}

/// A date field (epoch ms, `MM/DD/YYYY` or ISO), else 400 naming it.
pub fn date_field(call: &Call, field: &str, v: &Value) -> Result<String, ApiError> {
    crate::world::dates::parse_any(v).map_err(|reason| {
        call.error(StatusCode::BAD_REQUEST, format!("{field}: {reason}"))
            .with_field(field)
    })
}
