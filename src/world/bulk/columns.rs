//! The columns of each import type, one table used three ways: the bulk upload's header check
//! (`key`), the Export API's CSV header (`label`) and the Import API's field description.
//! Sources: seed 001 "Bulk Organization Import API" (keys, required, max lengths) and "Export
//! API | Response Fields" (labels and their order).

/// How a value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Integer,
    Text,
    /// `MM/DD/YYYY` (the Import API also maps `DD/MM/YYYY` onto it).
    Date,
    /// `True`/`False`, case-insensitive.
    TrueFalse,
    /// Semicolon-separated names.
    List,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub ty: Ty,
    /// The value may not be blank (the seed's "Req? Y" where a blank value has no default).
    pub required: bool,
    pub max: Option<usize>,
}

const fn col(key: &'static str, label: &'static str, ty: Ty) -> Column {
    Column {
        key,
        label,
        ty,
        required: false,
        max: None,
    }
}

const fn req(key: &'static str, label: &'static str, ty: Ty, max: Option<usize>) -> Column {
    Column {
        key,
        label,
        ty,
        required: true,
        max,
    }
}

/// Groups: the upload's exact header is `id,name,activatedDate,deactivatedDate`.
pub const GROUPS: &[Column] = &[
    req("id", "Group ID", Ty::Integer, None),
    req("name", "Name", Ty::Text, Some(60)),
    col("activatedDate", "Activated Date", Ty::Date),
    col("deactivatedDate", "Deactivated Date", Ty::Date),
];

/// Teams: `id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation`.
pub const TEAMS: &[Column] = &[
    req("id", "Team ID", Ty::Integer, None),
    req("name", "Name", Ty::Text, Some(60)),
    col("activatedDate", "Activated Date", Ty::Date),
    col("deactivatedDate", "Deactivated Date", Ty::Date),
    req("parentGroupId", "Parent Group ID", Ty::Text, None),
    col(
        "productivityCompilation",
        "Productivity Compilation",
        Ty::TrueFalse,
    ),
];

/// Persons, in the Export API's column order; the upload takes them by name in any order.
pub const PERSONS: &[Column] = &[
    req("personId", "User ID", Ty::Integer, None),
    req("email", "Email", Ty::Text, Some(254)),
    req("firstName", "First Name", Ty::Text, Some(50)),
    req("lastName", "Last Name", Ty::Text, Some(50)),
    col("timeZone", "Display Time Zone", Ty::Text),
    Column {
        max: Some(50),
        ..col("adLogin", "Login", Ty::Text)
    },
    col("employeeId", "Employee ID", Ty::Text),
    col("memberGroup", "Team", Ty::Text),
    col("isReconcileOnly", "Is Reconcile Only", Ty::TrueFalse),
    col("activated", "Activated", Ty::Date),
    col("deactivated", "Deactivated", Ty::Date),
    col("locale", "Locale", Ty::Text),
    col("roles", "Roles", Ty::List),
    col("scopetenant", "Full Scope", Ty::TrueFalse),
    col("scopegroups", "Scope Groups", Ty::List),
    col("scopeteams", "Scope Teams", Ty::List),
    col("qmViews", "QM Views", Ty::Text),
    col("acdId", "ACD ID", Ty::Text),
    col("acdServerId", "ACD Server ID", Ty::Text),
    col("enableScheduling", "Enable Scheduling", Ty::TrueFalse),
    col("views", "Views", Ty::Text),
    col("mainView", "Main View", Ty::Text),
    col("skillMappings", "Skill Mappings", Ty::Text),
    col("companyStartDate", "Company Start Date", Ty::Date),
    col("departmentStartDate", "Department Start Date", Ty::Date),
    col("rank", "Rank", Ty::Text),
    col("companyEndDate", "Company End Date", Ty::Date),
    col("workConditionProfile", "Work Condition Profile", Ty::Text),
    col(
        "scheduleReleaseProfile",
        "Schedule Release Profile",
        Ty::Text,
    ),
    col("schedulingTimeZone", "Scheduling Time Zone", Ty::Text),
    col("maxStaffingGroup", "Max Staffing Group", Ty::Text),
];

/// Devices (device associations), in the field notes' header order: `DeviceName,DeviceType,
/// Extensions,VirtualDeviceId,VirtualDeviceName,TelephonyGroup,DisplayID,Username,DomainName,
/// LastName,FirstName,MonitorServer,RecordingCluster,RecordingType`; headers match the keys
/// case-insensitively, so that header reads as it is. Ids are whole numbers (the Contact Device
/// API's `...Id` fields); `extensions` is a `;` list (a device has several lines, seed 001
/// "Contact Device BULK API JSON File Examples").
pub const DEVICES: &[Column] = &[
    req("deviceName", "Device Name", Ty::Text, None),
    col("deviceType", "Device Type", Ty::Text),
    col("extensions", "Extensions", Ty::List),
    col("virtualDeviceId", "Virtual Device ID", Ty::Integer),
    col("virtualDeviceName", "Virtual Device Name", Ty::Text),
    col("telephonyGroup", "Telephony Group", Ty::Integer),
    col("displayId", "Display ID", Ty::Text),
    col("username", "Username", Ty::Text),
    col("domainName", "Domain Name", Ty::Text),
    col("lastName", "Last Name", Ty::Text),
    col("firstName", "First Name", Ty::Text),
    col("monitorServer", "Monitor Server", Ty::Integer),
    col("recordingCluster", "Recording Cluster", Ty::Integer),
    col("recordingType", "Recording Type", Ty::Integer),
];

/// Export API with `basicInfo=true`: "ID, first name, last name, and employee number".
pub const PERSONS_BASIC: &[&str] = &["personId", "firstName", "lastName", "employeeId"];

/// Columns a persons file must have (the person's id and the three required values).
pub const PERSONS_REQUIRED_COLUMNS: &[&str] = &["personId", "email", "firstName", "lastName"];

impl Ty {
    /// The Import API's `types` of a field (seed 001 "GET Import JSON File Example").
    pub fn codes(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            Ty::Integer => &[("Integer", "Number", "1, 2, 3")],
            Ty::Text => &[("Text", "Text", "Example text")],
            Ty::List => &[("Text", "Text (semicolon-separated list)", "First;Second")],
            Ty::Date => &[
                ("MM/DD/YYYY", "US Date", "07/04/2016"),
                ("DD/MM/YYYY", "European Date", "04/07/2016"),
            ],
            Ty::TrueFalse => &[("TrueFalse", "true/false", "true")],
        }
    }
}
