//! The Import API's `devices` type (field notes: "`/api/rest/fileimport/devices` is a real import
//! type (device associations)"): each row creates or updates the tenant's contact device of that
//! name through [`Devices`], so its association is what recording controls' `deviceName` and the
//! Contact Device API see. Rules are the Contact Device Bulk API's: a name, unique in the tenant
//! (case-insensitively); a person of the tenant. Every row is checked first; one bad row means
//! nothing is written. A blank value keeps the stored one (as the org import), so the same file
//! imported again changes nothing.

use super::devices::{ContactDevice, Devices, NewLine, VirtualDevice};
use crate::world::bulk::{Outcome, Record, RowError, RowResult};
use crate::world::edit::Editor;
use crate::world::{Person, find_person};
use std::collections::BTreeMap;

/// Plans every row, then writes them all, or none when any row (or `earlier`) is wrong.
pub fn import(
    editor: &Editor,
    records: &[Record],
    mut errors: Vec<RowError>,
) -> Result<Outcome, Vec<RowError>> {
    let devices = Devices::of(editor.store);
    let existing = devices.list(editor.tenant_id);
    let persons: Vec<Person> = editor
        .org
        .persons
        .values()
        .into_iter()
        .filter(|p| p.tenant_id == editor.tenant_id)
        .collect();
    let mut lines_of_name: BTreeMap<String, u64> = BTreeMap::new();
    let mut planned: Vec<Planned> = Vec::new();
    for r in records {
        // A device is named once in a file (the later line is the wrong one).
        if let Some(name) = r.get("deviceName") {
            let key = name.to_ascii_lowercase();
            if let Some(first) = lines_of_name.get(&key) {
                errors.push(RowError::new(
                    r.line,
                    "deviceName",
                    format!("device '{name}' is already on line {first} of the file"),
                ));
                continue;
            }
            lines_of_name.insert(key, r.line);
        }
        let p = match plan(r, &existing, &persons, editor.tenant_id) {
            Ok(p) => p,
            Err(mut bad) => {
                errors.append(&mut bad);
                continue;
            }
        };
        planned.push(p);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let mut rows = Vec::new();
    let (mut inserted, mut updated, mut unchanged) = (0, 0, 0);
    for p in planned {
        let (id, result) = match &p.old {
            Some(old) if p.unchanged(old) => {
                unchanged += 1;
                (old.id, "unchanged")
            }
            Some(_) => {
                updated += 1;
                (devices.write(p.device.clone(), &p.lines).id, "updated")
            }
            None => {
                inserted += 1;
                let mut d = p.device.clone();
                d.id = devices.next_id();
                (devices.write(d, &p.lines).id, "inserted")
            }
        };
        rows.push(RowResult {
            line: p.line,
            id,
            name: p.device.name.clone(),
            result,
        });
    }
    Ok(Outcome {
        inserted,
        updated,
        unchanged,
        rows,
    })
}

/// One row's device as it will be written.
struct Planned {
    line: u64,
    old: Option<ContactDevice>,
    device: ContactDevice,
    lines: Vec<NewLine>,
}

impl Planned {
    /// The stored device already is what the row says (fields and lines, in order).
    fn unchanged(&self, old: &ContactDevice) -> bool {
        *old == self.device
            && self.lines.len() == old.contact_device_lines.len()
            && self
                .lines
                .iter()
                .zip(&old.contact_device_lines)
                .all(|(n, o)| {
                    n.id == Some(o.id) && n.extension == o.extension && n.partition == o.partition
                })
    }
}

/// Reading one record; `out` collects every problem of the row.
struct Row<'a> {
    r: &'a Record,
    out: Vec<RowError>,
}

impl Row<'_> {
    fn fail(&mut self, column: &str, reason: String) {
        self.out.push(RowError::new(self.r.line, column, reason));
    }

    fn errors(self) -> Vec<RowError> {
        self.out
    }

    /// A whole-number id column (the Contact Device API's `...Id` fields); `None` when blank.
    fn id(&mut self, column: &str, what: &str) -> Option<u64> {
        let v = self.r.get(column)?;
        match v.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(column, format!("'{v}' is not {what} (a whole number)"));
                None
            }
        }
    }

    /// The row's person: `Username` (+ `DomainName`), else `DisplayID`, else `LastName` +
    /// `FirstName`; `None` when the row names nobody.
    fn person(&mut self, persons: &[Person]) -> Option<u64> {
        let r = self.r;
        let (user, domain) = (r.get("username"), r.get("domainName"));
        if let Some(user) = user {
            if let Some(domain) = domain {
                let login = format!("{domain}\\{user}");
                return match find_person(persons, &login) {
                    Some(p) => Some(p.id),
                    None => {
                        self.fail(
                            "username",
                            format!("no person of the tenant has the Windows login '{login}'"),
                        );
                        None
                    }
                };
            }
            // A person id, domain\user or email (seed 001's agent formats), an ACD id, or the
            // user part of one person's Windows login.
            if let Some(p) = find_person(persons, user) {
                return Some(p.id);
            }
            let by_acd = one(persons, |p| p.acd_id.as_deref() == Some(user));
            let by_login = || {
                one(persons, |p| {
                    p.ad_login.as_deref().is_some_and(|l| {
                        l.rsplit('\\')
                            .next()
                            .is_some_and(|u| u.eq_ignore_ascii_case(user))
                    })
                })
            };
            let found = match by_acd {
                Ok(None) => by_login(),
                other => other,
            };
            return match found {
                Ok(Some(id)) => Some(id),
                Ok(None) => {
                    self.fail(
                        "username",
                        format!(
                            "no person of the tenant is '{user}' (a person id, domain\\user, email, ACD id or login name)"
                        ),
                    );
                    None
                }
                Err(n) => {
                    self.fail(
                        "username",
                        format!("'{user}' is the login name of {n} persons; give its DomainName"),
                    );
                    None
                }
            };
        }
        if domain.is_some() {
            self.fail("domainName", "DomainName needs a Username".into());
            return None;
        }
        if let Some(display) = r.get("displayId") {
            let found = one(persons, |p| p.acd_id.as_deref() == Some(display)).map(|f| {
                f.or_else(|| {
                    display
                        .parse::<u64>()
                        .ok()
                        .filter(|id| persons.iter().any(|p| p.id == *id))
                })
            });
            return match found {
                Ok(Some(id)) => Some(id),
                Ok(None) => {
                    self.fail(
                        "displayId",
                        format!("no person of the tenant has the display id '{display}' (ACD id or person id)"),
                    );
                    None
                }
                Err(n) => {
                    self.fail(
                        "displayId",
                        format!("'{display}' is the ACD id of {n} persons; give a Username"),
                    );
                    None
                }
            };
        }
        match (r.get("lastName"), r.get("firstName")) {
            (None, None) => None,
            (Some(last), Some(first)) => {
                let named = |p: &Person| {
                    p.last_name.trim().eq_ignore_ascii_case(last)
                        && p.first_name.trim().eq_ignore_ascii_case(first)
                };
                match one(persons, named) {
                    Ok(Some(id)) => Some(id),
                    Ok(None) => {
                        self.fail(
                            "lastName",
                            format!("no person of the tenant is named {first} {last}"),
                        );
                        None
                    }
                    Err(n) => {
                        self.fail(
                            "lastName",
                            format!("{n} persons are named {first} {last}; give a Username"),
                        );
                        None
                    }
                }
            }
            (Some(_), None) => {
                self.fail("firstName", "is required with LastName".into());
                None
            }
            (None, Some(_)) => {
                self.fail("lastName", "is required with FirstName".into());
                None
            }
        }
    }
}

/// The id of the one person matching; `Err(n)` when `n > 1` do.
fn one(persons: &[Person], f: impl Fn(&Person) -> bool) -> Result<Option<u64>, usize> {
    let ids: Vec<u64> = persons.iter().filter(|p| f(p)).map(|p| p.id).collect();
    match ids.len() {
        0 => Ok(None),
        1 => Ok(Some(ids[0])),
        n => Err(n),
    }
}

/// Extensions: a `;` list (also `,` inside a quoted value); blank entries are skipped.
fn extensions(raw: &str) -> Vec<String> {
    raw.split([';', ','])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_string)
        .collect()
}

fn blank(tenant_id: u64) -> ContactDevice {
    ContactDevice {
        id: 0,
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
        tenant_id,
    }
}

/// One record as the device it writes, or every problem of the row.
fn plan(
    r: &Record,
    existing: &[ContactDevice],
    persons: &[Person],
    tenant_id: u64,
) -> Result<Planned, Vec<RowError>> {
    let mut row = Row { r, out: Vec::new() };
    let Some(name) = r.get("deviceName") else {
        row.fail("deviceName", "is required".into());
        return Err(row.errors());
    };
    let old = existing
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
        .cloned();
    let mut d = old.clone().unwrap_or_else(|| blank(tenant_id));
    if old.is_none() {
        d.name = name.to_string();
    }
    // DeviceType: a number is the API's `contactDeviceTypeId`, a name the association's type.
    if let Some(t) = r.get("deviceType") {
        match t.parse::<u64>() {
            Ok(n) => d.contact_device_type_id = n,
            Err(_) => d.device_type = Some(t.to_string()),
        }
    }
    let mut lines = Devices::kept_lines(
        &d.contact_device_lines,
        &d.contact_device_lines
            .iter()
            .map(|l| l.extension.clone())
            .collect::<Vec<_>>(),
    );
    if let Some(raw) = r.get("extensions") {
        let exts = extensions(raw);
        if let Some(e) = exts
            .iter()
            .enumerate()
            .find(|(i, e)| exts[..*i].contains(e))
            .map(|(_, e)| e)
        {
            row.fail("extensions", format!("extension '{e}' is listed twice"));
        }
        lines = Devices::kept_lines(&d.contact_device_lines, &exts);
    }
    let vd_id = row.id("virtualDeviceId", "a virtual device id");
    let vd_name = r.get("virtualDeviceName").map(str::to_string);
    if vd_id.is_some() || vd_name.is_some() {
        let (old_id, old_name) = match &d.virtual_device {
            Some(VirtualDevice::Ref { id, name }) => (*id, name.clone()),
            _ => (None, None),
        };
        d.virtual_device = Some(VirtualDevice::Ref {
            id: vd_id.or(old_id),
            name: vd_name.or(old_name),
        });
    }
    for (column, what) in [
        ("telephonyGroup", "a telephony group id"),
        ("monitorServer", "a monitor server id"),
        ("recordingCluster", "a recording cluster id"),
        ("recordingType", "a recording type id"),
    ] {
        if let Some(v) = row.id(column, what) {
            match column {
                "telephonyGroup" => d.telephony_group_id = Some(v),
                "monitorServer" => d.monitoring_server_id = Some(v),
                "recordingCluster" => d.recording_group_id = Some(v),
                _ => d.recording_type_id = v,
            }
        }
    }
    if let Some(person_id) = row.person(persons) {
        d.person_id = Some(person_id);
        d.configured = true;
    }
    if !row.out.is_empty() {
        return Err(row.errors());
    }
    Ok(Planned {
        line: r.line,
        old,
        device: d,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calls::Calls;
    use crate::store::Store;
    use crate::world::bulk::{Kind, read};

    fn run(editor: &Editor, csv: &str) -> Result<Outcome, Vec<RowError>> {
        let (records, bad) = read::mapped(Kind::Devices, csv, &[]).expect("a readable file");
        crate::world::bulk::import(editor, Kind::Devices, &records, bad)
    }

    #[test]
    fn rows_become_associations_and_a_second_import_is_unchanged() {
        let db = Store::open(None).unwrap();
        let store = db.sandbox("unit");
        let world = crate::scenario::default_scenario(None);
        crate::world::seed(&store, &world.world).unwrap();
        let editor = Editor::new(&store, 1, world.world.clock.unwrap().now_ms);
        let csv = "DeviceName,Extensions,Username,DomainName,DisplayID,LastName,FirstName\n\
                   SEPA,1;2,admin,EXAMPLE,,,\n\
                   SEPB,3,,,123ABC,,\n\
                   SEPC,,agent,,,,\n\
                   SEPD,,,,,admin,ada\n";
        let first = run(&editor, csv).unwrap();
        assert_eq!((first.inserted, first.updated, first.unchanged), (4, 0, 0));
        let calls = Calls::of(&store);
        let person = |name: &str| calls.device(Some(1), name).map(|d| d.person_id);
        assert_eq!(
            [
                person("sepa"),
                person("SEPB"),
                person("SEPC"),
                person("SEPD")
            ],
            [Some(4), Some(5), Some(5), Some(4)]
        );
        assert_eq!(
            calls.device(Some(1), "SEPA").unwrap().extensions,
            ["1", "2"]
        );
        let again = run(&editor, csv).unwrap();
        assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 4));
        let moved = run(&editor, "DeviceName,Username\nsepa,agent@example.com\n").unwrap();
        assert_eq!((moved.updated, moved.rows[0].name.as_str()), (1, "SEPA"));
        assert_eq!(person("SEPA"), Some(5));
    }

    #[test]
    fn extensions_split_on_semicolons_and_commas() {
        assert_eq!(extensions(" 7003; 7103,7203;; "), ["7003", "7103", "7203"]);
    }
}
