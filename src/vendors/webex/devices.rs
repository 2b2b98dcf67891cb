//! Seed 001 "Contact Device API" and "Contact Device Bulk API": parsing and rendering; the
//! devices and their device associations live in `crate::qm::devices`.
//!
//! Bulk: `{add, update, delete}` arrays of devices (any may be absent). Every item is checked
//! before anything is written; the first problem is a 400 (404 for an unknown id, or an added
//! id of another tenant's device) naming the item and field, e.g. `update[1].id`, and nothing
//! changes. Device ids are unique in the sandbox; device names are unique per tenant. The answer has the same three
//! arrays with the devices as written (ids and line ids assigned) and as deleted.

use super::org::object;
use crate::http::form::parse_form;
use crate::http::json::kind;
use crate::http::{ApiError, Call};
use crate::qm::devices::{ContactDevice, Devices, NewLine, VirtualDevice};
use crate::world::Org;
use axum::Json;
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn bad(call: &Call, field: &str, message: String) -> ApiError {
    call.error(StatusCode::BAD_REQUEST, message)
        .with_field(field)
}

/// `GET /api/rest/recording/contactDevice`: configured devices (all with
/// `includeUnconfiguredDevices=true`), sorted by `sortColumn` (`personId`; `id` by default),
/// the first `itemsPerPage` of them.
pub async fn list(call: Call, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let tenant = call.session()?.record.tenant_id;
    let (mut unconfigured, mut per_page, mut column, mut descending) = (false, None, None, false);
    for (k, v) in parse_form(raw.as_deref().unwrap_or("")) {
        let v = v.trim().to_string();
        match k.as_str() {
            "includeUnconfiguredDevices" => {
                unconfigured = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(bad(
                            &call,
                            &k,
                            format!("includeUnconfiguredDevices must be true or false, not '{v}'"),
                        ));
                    }
                }
            }
            "itemsPerPage" => {
                per_page = Some(v.parse::<usize>().map_err(|_| {
                    bad(
                        &call,
                        &k,
                        format!("itemsPerPage must be a whole number, not '{v}'"),
                    )
                })?)
            }
            "sortColumn" => match v.as_str() {
                "personId" | "id" | "name" => column = Some(v),
                _ => {
                    return Err(bad(
                        &call,
                        &k,
                        format!("sortColumn '{v}' is not one of personId, id, name"),
                    ));
                }
            },
            "sortDirection" => {
                descending = match v.to_ascii_lowercase().as_str() {
                    "ascending" | "asc" => false,
                    "descending" | "desc" => true,
                    _ => {
                        return Err(bad(
                            &call,
                            &k,
                            format!("sortDirection must be ascending or descending, not '{v}'"),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    let mut devices: Vec<ContactDevice> = Devices::of(&call.sandbox.store)
        .list(tenant)
        .into_iter()
        .filter(|d| unconfigured || d.configured)
        .collect();
    match column.as_deref() {
        Some("personId") => devices.sort_by_key(|d| (d.person_id, d.id)),
        Some("name") => devices.sort_by_key(|d| (d.name.to_ascii_lowercase(), d.id)),
        _ => devices.sort_by_key(|d| d.id),
    }
    if descending {
        devices.reverse();
    }
    if let Some(n) = per_page {
        devices.truncate(call.page_size(n));
    }
    Ok(Json(json!(devices)))
}

/// One item of a bulk array, read against the stored device it updates (if any).
struct Item<'a> {
    call: &'a Call,
    obj: &'a Map<String, Value>,
    at: String,
}

impl Item<'_> {
    fn err(&self, field: &str, rule: &str) -> ApiError {
        let f = format!("{}.{field}", self.at);
        bad(self.call, &f, format!("{f} {rule}"))
    }

    fn u64(&self, field: &str) -> Result<Option<u64>, ApiError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64()),
            Some(Value::String(s)) if s.trim().parse::<u64>().is_ok() => Ok(s.trim().parse().ok()),
            Some(other) => Err(self.err(
                field,
                &format!("must be a whole number, not {}", kind(other)),
            )),
        }
    }

    fn bool(&self, field: &str) -> Result<Option<bool>, ApiError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Some(other) => Err(self.err(
                field,
                &format!("must be true or false, not {}", kind(other)),
            )),
        }
    }

    /// `virtualDevice`: null, a boolean, or the `{"id", "name"}` a devices file import writes.
    fn virtual_device(&self) -> Result<Option<VirtualDevice>, ApiError> {
        match self.obj.get("virtualDevice") {
            Some(Value::Object(o)) => {
                let inner = Item {
                    call: self.call,
                    obj: o,
                    at: format!("{}.virtualDevice", self.at),
                };
                let name = match o.get("name") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => {
                        return Err(
                            inner.err("name", &format!("must be a string, not {}", kind(other)))
                        );
                    }
                };
                Ok(Some(VirtualDevice::Ref {
                    id: inner.u64("id")?,
                    name,
                }))
            }
            _ => Ok(self
                .bool("virtualDevice")
                .map_err(|_| {
                    self.err(
                        "virtualDevice",
                        "must be true, false, null or {\"id\", \"name\"}",
                    )
                })?
                .map(VirtualDevice::Flag)),
        }
    }

    /// The device this item writes: the body's fields over `base` (the stored device on update).
    fn device(
        &self,
        base: ContactDevice,
        org: &Org,
        tenant: u64,
    ) -> Result<(ContactDevice, Vec<NewLine>), ApiError> {
        let mut d = base;
        match self.obj.get("name") {
            None | Some(Value::Null) if !d.name.is_empty() => {}
            Some(Value::String(s)) if !s.trim().is_empty() => d.name = s.trim().to_string(),
            None | Some(Value::Null) => return Err(self.err("name", "is required")),
            Some(other) => {
                return Err(self.err(
                    "name",
                    &format!("must be a non-empty string, not {}", kind(other)),
                ));
            }
        }
        macro_rules! set {
            ($f:literal, $get:ident, $slot:expr) => {
                if self.obj.contains_key($f) {
                    $slot = self.$get($f)?;
                }
            };
        }
        if let Some(v) = self.u64("contactDeviceTypeId")? {
            d.contact_device_type_id = v;
        }
        if let Some(v) = self.u64("recordingTypeId")? {
            d.recording_type_id = v;
        }
        if let Some(v) = self.bool("configured")? {
            d.configured = v;
        }
        if let Some(v) = self.bool("isRecordingTones")? {
            d.is_recording_tones = v;
        }
        if let Some(v) = self.bool("isStereo")? {
            d.is_stereo = v;
        }
        set!("personId", u64, d.person_id);
        set!("telephonyGroupId", u64, d.telephony_group_id);
        set!("recordingGroupId", u64, d.recording_group_id);
        set!("signalingGroupId", u64, d.signaling_group_id);
        set!("loggedInPersonId", u64, d.logged_in_person_id);
        if self.obj.contains_key("virtualDevice") {
            d.virtual_device = self.virtual_device()?;
        }
        set!("monitoringServerId", u64, d.monitoring_server_id);
        for (field, id) in [
            ("personId", d.person_id),
            ("loggedInPersonId", d.logged_in_person_id),
        ] {
            if let Some(id) = id
                && org.persons.get(&id).is_none_or(|p| p.tenant_id != tenant)
            {
                return Err(self.err(field, &format!("{id} is not a person of the tenant")));
            }
        }
        let lines = match self.obj.get("contactDeviceLines") {
            None | Some(Value::Null) => d
                .contact_device_lines
                .iter()
                .map(|l| NewLine {
                    id: Some(l.id),
                    extension: l.extension.clone(),
                    partition: l.partition.clone(),
                })
                .collect(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (j, l) in items.iter().enumerate() {
                    let at = format!("contactDeviceLines[{j}]");
                    let Some(o) = l.as_object() else {
                        return Err(self.err(&at, "must be an object"));
                    };
                    let line = Item {
                        call: self.call,
                        obj: o,
                        at: format!("{}.{at}", self.at),
                    };
                    let extension = match o.get("extension") {
                        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                        Some(Value::Number(n)) => n.to_string(),
                        _ => return Err(line.err("extension", "is required (a string)")),
                    };
                    let partition = match o.get("partition") {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => {
                            return Err(line.err(
                                "partition",
                                &format!("must be a string, not {}", kind(other)),
                            ));
                        }
                    };
                    // A line id is kept only when it is one of this device's lines.
                    let id = line
                        .u64("id")?
                        .filter(|id| d.contact_device_lines.iter().any(|l| l.id == *id));
                    out.push(NewLine {
                        id,
                        extension,
                        partition,
                    });
                }
                out
            }
            Some(other) => {
                return Err(self.err(
                    "contactDeviceLines",
                    &format!("must be an array, not {}", kind(other)),
                ));
            }
        };
        Ok((d, lines))
    }
}

fn blank(id: u64, tenant: u64) -> ContactDevice {
    ContactDevice {
        id,
        name: String::new(),
        contact_device_type_id: 0,
        recording_type_id: 1,
        configured: true,
        person_id: None,
        telephony_group_id: None,
        recording_group_id: None,
        signaling_group_id: None,
        logged_in_person_id: None,
        virtual_device: None,
        is_recording_tones: false,
        is_stereo: false,
        monitoring_server_id: None,
        contact_device_lines: Vec::new(),
        device_type: None,
        tenant_id: tenant,
    }
}

fn items<'a>(
    call: &Call,
    req: &'a Value,
    field: &str,
) -> Result<Vec<&'a Map<String, Value>>, ApiError> {
    match req.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_object().ok_or_else(|| {
                    bad(
                        call,
                        field,
                        format!("{field}[{i}] must be a device object, not {}", kind(v)),
                    )
                })
            })
            .collect(),
        Some(other) => Err(bad(
            call,
            field,
            format!("{field} must be an array, not {}", kind(other)),
        )),
    }
}

/// `POST /api/rest/recording/contactDeviceBulk`.
pub async fn bulk(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let tenant = call.session()?.record.tenant_id;
    let req = object(&call, &body)?;
    let devices = Devices::of(&call.sandbox.store);
    let org = Org::of(&call.sandbox.store);
    let existing = devices.list(tenant);
    let (adds, updates, deletes) = (
        items(&call, &req, "add")?,
        items(&call, &req, "update")?,
        items(&call, &req, "delete")?,
    );
    let not_found = |item: &Item, id: u64| {
        let f = format!("{}.id", item.at);
        call.error(
            StatusCode::NOT_FOUND,
            format!("{f}: no contact device with id {id}"),
        )
        .with_field(&f)
    };

    // Check everything first.
    let mut deleted: BTreeSet<u64> = BTreeSet::new();
    for (i, obj) in deletes.iter().enumerate() {
        let item = Item {
            call: &call,
            obj,
            at: format!("delete[{i}]"),
        };
        let id = item
            .u64("id")?
            .ok_or_else(|| item.err("id", "is required"))?;
        if !existing.iter().any(|d| d.id == id) {
            return Err(not_found(&item, id));
        }
        deleted.insert(id);
    }
    let mut writes: Vec<(bool, ContactDevice, Vec<NewLine>)> = Vec::new();
    for (i, obj) in updates.iter().enumerate() {
        let item = Item {
            call: &call,
            obj,
            at: format!("update[{i}]"),
        };
        let id = item
            .u64("id")?
            .ok_or_else(|| item.err("id", "is required"))?;
        let base = existing
            .iter()
            .find(|d| d.id == id)
            .cloned()
            .ok_or_else(|| not_found(&item, id))?;
        let (d, lines) = item.device(base, &org, tenant)?;
        writes.push((false, d, lines));
    }
    let mut taken_ids: BTreeSet<u64> = BTreeSet::new();
    for (i, obj) in adds.iter().enumerate() {
        let item = Item {
            call: &call,
            obj,
            at: format!("add[{i}]"),
        };
        let id = item.u64("id")?;
        if let Some(id) = id {
            if existing.iter().any(|d| d.id == id) || !taken_ids.insert(id) {
                return Err(item.err("id", &format!("{id} is already a contact device")));
            }
            // Ids are unique in the sandbox: another tenant's device id is refused as an id
            // this tenant cannot use, saying nothing of that device (404, as unknown ids).
            if devices.id_taken(id) {
                let f = format!("{}.id", item.at);
                return Err(call
                    .error(
                        StatusCode::NOT_FOUND,
                        format!(
                            "{f}: no contact device id {id} can be added in this tenant (leave id out to get the next free one)"
                        ),
                    )
                    .with_field(&f));
            }
        }
        let (d, lines) = item.device(blank(id.unwrap_or(0), tenant), &org, tenant)?;
        writes.push((true, d, lines));
    }
    // Names stay unique (case-insensitively) among the devices left after the request.
    let mut names: Vec<(u64, String)> = existing
        .iter()
        .filter(|d| {
            !deleted.contains(&d.id) && !writes.iter().any(|(add, w, _)| !add && w.id == d.id)
        })
        .map(|d| (d.id, d.name.to_ascii_lowercase()))
        .collect();
    for (n, (add, d, _)) in writes.iter().enumerate() {
        let key = d.name.to_ascii_lowercase();
        if names.iter().any(|(_, k)| *k == key) {
            let at = if *add {
                format!("add[{}]", n - updates.len())
            } else {
                format!("update[{n}]")
            };
            let f = format!("{at}.name");
            return Err(bad(
                &call,
                &f,
                format!("{f} '{}' is already the name of a contact device", d.name),
            ));
        }
        names.push((d.id, key));
    }

    // Apply: deletes, updates, adds.
    let gone: Vec<ContactDevice> = deleted
        .iter()
        .filter_map(|id| devices.delete(*id))
        .collect();
    let (mut added, mut updated) = (Vec::new(), Vec::new());
    for (add, mut d, lines) in writes {
        if add && d.id == 0 {
            d.id = devices.next_id();
        }
        let w = devices.write(d, &lines);
        if add { added.push(w) } else { updated.push(w) }
    }
    Ok(Json(
        json!({"add": added, "update": updated, "delete": gone}),
    ))
}
