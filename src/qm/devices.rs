//! Contact devices (seed 001 "Contact Device API", "Contact Device Bulk API") over the call
//! engine's device associations: a configured device with a `personId` IS the association that
//! recording controls' `deviceName` and extension lookups resolve; its lines' extensions are the
//! association's extensions. The API's other attributes are kept beside it, keyed by device id.
//! Associations made elsewhere (scenario `devices:`, file import) are adopted as devices when
//! first read, in name order, so ids stay deterministic.

use crate::engine::calls::{Calls, Device};
use crate::store::{Collection, SandboxStore};
use crate::world::Org;
use serde::{Deserialize, Serialize};

const DEVICES: &str = "qm.devices";
const DEVICE_IDS: &str = "contactDevice";
const LINE_IDS: &str = "contactDeviceLine";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: u64,
    pub contact_device_id: u64,
    pub extension: String,
    pub partition: String,
}

/// A contact device as answered (field names are the seed's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactDevice {
    pub id: u64,
    pub name: String,
    pub contact_device_type_id: u64,
    pub recording_type_id: u64,
    pub configured: bool,
    pub person_id: Option<u64>,
    pub telephony_group_id: Option<u64>,
    pub recording_group_id: Option<u64>,
    pub signaling_group_id: Option<u64>,
    pub logged_in_person_id: Option<u64>,
    pub virtual_device: Option<VirtualDevice>,
    pub is_recording_tones: bool,
    pub is_stereo: bool,
    pub monitoring_server_id: Option<u64>,
    pub contact_device_lines: Vec<Line>,
    /// The association's `type` (scenario/import); not answered.
    #[serde(skip)]
    pub device_type: Option<String>,
    #[serde(skip)]
    pub tenant_id: u64,
}

/// `virtualDevice`: the seed's examples only show `null`. The bulk API accepts a boolean; the
/// devices file import (`VirtualDeviceId`, `VirtualDeviceName`) names the virtual device, which
/// is answered as `{"id", "name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VirtualDevice {
    Flag(bool),
    Ref {
        id: Option<u64>,
        name: Option<String>,
    },
}

/// A line to write: its id when it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub id: Option<u64>,
    pub extension: String,
    pub partition: String,
}

/// The stored record (the answered fields plus tenant and type).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    tenant_id: u64,
    device_type: Option<String>,
    device: ContactDevice,
}

pub struct Devices {
    store: SandboxStore,
    records: Collection<u64, Stored>,
    calls: Calls,
    org: Org,
}

impl Devices {
    pub fn of(store: &SandboxStore) -> Devices {
        Devices {
            store: store.clone(),
            records: store.collection(DEVICES),
            calls: Calls::of(store),
            org: Org::of(store),
        }
    }

    /// Makes records of associations that have none (scenario, file import), and brings the
    /// person and extensions of each record in line with its association.
    fn adopt(&self) {
        let mut assocs = self.calls.devices();
        assocs.sort_by_key(|d| d.name.to_ascii_lowercase());
        let records = self.records.values();
        for a in assocs {
            let key = a.name.to_ascii_lowercase();
            let tenant_id = self
                .org
                .persons
                .get(&a.person_id)
                .map_or(0, |p| p.tenant_id);
            match records
                .iter()
                .find(|r| r.tenant_id == tenant_id && r.device.name.to_ascii_lowercase() == key)
            {
                Some(r) => {
                    let exts: Vec<&String> = r
                        .device
                        .contact_device_lines
                        .iter()
                        .map(|l| &l.extension)
                        .collect();
                    if r.device.person_id == Some(a.person_id)
                        && exts == a.extensions.iter().collect::<Vec<_>>()
                    {
                        continue;
                    }
                    let mut r = r.clone();
                    r.device.person_id = Some(a.person_id);
                    r.device.configured = true;
                    r.device.contact_device_lines =
                        self.lines(r.device.id, &r.device.contact_device_lines, &a.extensions);
                    r.tenant_id = tenant_id;
                    self.records.put(&r.device.id, &r);
                }
                None => {
                    let id = self.store.next_id(DEVICE_IDS);
                    let device = ContactDevice {
                        id,
                        name: a.name.clone(),
                        contact_device_type_id: 0,
                        recording_type_id: 1,
                        configured: true,
                        person_id: Some(a.person_id),
                        telephony_group_id: None,
                        recording_group_id: None,
                        signaling_group_id: None,
                        logged_in_person_id: None,
                        virtual_device: None,
                        is_recording_tones: false,
                        is_stereo: false,
                        monitoring_server_id: None,
                        contact_device_lines: self.lines(id, &[], &a.extensions),
                        device_type: a.device_type.clone(),
                        tenant_id,
                    };
                    self.records.put(
                        &id,
                        &Stored {
                            tenant_id,
                            device_type: a.device_type.clone(),
                            device,
                        },
                    );
                }
            }
        }
    }

    /// Lines to write for `extensions`, keeping the id and partition of each line of `old`
    /// whose extension stays (a rewrite of the same extensions changes nothing).
    pub fn kept_lines(old: &[Line], extensions: &[String]) -> Vec<NewLine> {
        extensions
            .iter()
            .map(|e| match old.iter().find(|l| &l.extension == e) {
                Some(l) => NewLine {
                    id: Some(l.id),
                    extension: l.extension.clone(),
                    partition: l.partition.clone(),
                },
                None => NewLine {
                    id: None,
                    extension: e.clone(),
                    partition: String::new(),
                },
            })
            .collect()
    }

    /// Lines for `extensions`, keeping the ids of lines that stay.
    fn lines(&self, device_id: u64, old: &[Line], extensions: &[String]) -> Vec<Line> {
        extensions
            .iter()
            .map(|e| match old.iter().find(|l| &l.extension == e) {
                Some(l) => l.clone(),
                None => Line {
                    id: self.store.next_id(LINE_IDS),
                    contact_device_id: device_id,
                    extension: e.clone(),
                    partition: String::new(),
                },
            })
            .collect()
    }

    fn hydrate(s: Stored) -> ContactDevice {
        ContactDevice {
            tenant_id: s.tenant_id,
            device_type: s.device_type,
            ..s.device
        }
    }

    /// The tenant's devices by id.
    pub fn list(&self, tenant_id: u64) -> Vec<ContactDevice> {
        self.adopt();
        self.records
            .values()
            .into_iter()
            .filter(|s| s.tenant_id == tenant_id)
            .map(Self::hydrate)
            .collect()
    }

    pub fn get(&self, tenant_id: u64, id: u64) -> Option<ContactDevice> {
        self.adopt();
        self.records
            .get(&id)
            .filter(|s| s.tenant_id == tenant_id)
            .map(Self::hydrate)
    }

    pub fn by_name(&self, tenant_id: u64, name: &str) -> Option<ContactDevice> {
        let key = name.trim().to_ascii_lowercase();
        self.list(tenant_id)
            .into_iter()
            .find(|d| d.name.to_ascii_lowercase() == key)
    }

    /// Whether any tenant has a device with this id (ids are unique in the sandbox).
    pub fn id_taken(&self, id: u64) -> bool {
        self.adopt();
        self.records.get(&id).is_some()
    }

    /// The next device id (for adds without one).
    pub fn next_id(&self) -> u64 {
        loop {
            let id = self.store.next_id(DEVICE_IDS);
            if self.records.get(&id).is_none() {
                return id;
            }
        }
    }

    /// Writes a device (added or updated) with its lines, and its association: a configured
    /// device with a person is associated, any other is not. A rename drops the old name.
    pub fn write(&self, mut d: ContactDevice, lines: &[NewLine]) -> ContactDevice {
        self.store.reserve_ids(DEVICE_IDS, d.id);
        let old = self.records.get(&d.id);
        d.contact_device_lines = lines
            .iter()
            .map(|l| {
                let id = match l.id {
                    Some(id) => {
                        self.store.reserve_ids(LINE_IDS, id);
                        id
                    }
                    None => self.store.next_id(LINE_IDS),
                };
                Line {
                    id,
                    contact_device_id: d.id,
                    extension: l.extension.clone(),
                    partition: l.partition.clone(),
                }
            })
            .collect();
        if let Some(old) = &old {
            self.calls.remove_device(old.tenant_id, &old.device.name);
        }
        if let (true, Some(person_id)) = (d.configured, d.person_id) {
            self.calls.put_device(&Device {
                name: d.name.clone(),
                person_id,
                extensions: d
                    .contact_device_lines
                    .iter()
                    .map(|l| l.extension.clone())
                    .collect(),
                device_type: d.device_type.clone(),
            });
        }
        self.records.put(
            &d.id,
            &Stored {
                tenant_id: d.tenant_id,
                device_type: d.device_type.clone(),
                device: d.clone(),
            },
        );
        d
    }

    /// Removes a device and its association.
    pub fn delete(&self, id: u64) -> Option<ContactDevice> {
        let s = self.records.remove(&id)?;
        self.calls.remove_device(s.tenant_id, &s.device.name);
        Some(Self::hydrate(s))
    }
}
