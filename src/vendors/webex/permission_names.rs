//! The Webex WFO permission catalogue served by `GET /api/rest/org/permissions/` (seed 001,
//! "Permissions API"). Ids follow the seed's example where it gives one (4 ExportRecording,
//! 5 AlertOnApprovalRequired); names are the ones the seed's tables and examples use.

/// (id, name, description) of every permission a role can hold.
pub const PERMISSIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "ViewOrg",
        "View the organisational structure: tenants, groups, teams and persons",
    ),
    (
        2,
        "UpdateOrg",
        "Create, change and delete groups, teams, persons and roles",
    ),
    (3, "LiveScreenMonitoring", "Watch an agent's screen live"),
    (
        4,
        "ExportRecordings",
        "Export contact recordings (Single Contact Export API)",
    ),
    (
        5,
        "AlertOnApprovalRequired",
        "Be alerted when an evaluation needs approval",
    ),
    (
        6,
        "AdministerPasswordPolicy",
        "Change the tenant's password policy",
    ),
    (
        7,
        "AdministerTenant",
        "Administer the tenant: bulk contact import, contact monitoring, text import",
    ),
    (
        8,
        "BulkImport",
        "Import and export org data in bulk (Bulk Organization Import, Import and Export APIs)",
    ),
    (
        9,
        "CaptureContacts",
        "Capture contacts (real-time contact import)",
    ),
    (10, "RecordVoice", "Record the voice of contacts"),
    (11, "RecordScreen", "Record the screen during contacts"),
    (12, "RecordingControls", "Use the Recording Controls API"),
    (
        13,
        "SearchContacts",
        "Search contacts and read their details",
    ),
    (
        14,
        "AdministerQM",
        "Administer quality management: devices, inclusion/exclusion lists",
    ),
    (15, "AdministerQMSurveys", "Administer QM surveys"),
    (16, "ViewSurveyResults", "View survey results"),
    (17, "QMSurveyReports", "Run QM survey reports"),
    (
        18,
        "ReportAuthoring",
        "Author reports and export report data",
    ),
    (
        19,
        "ViewAudioAnalytics",
        "View speech and text analytics hits",
    ),
    (
        20,
        "ViewSpeechToTextAnalytics",
        "View speech-to-text analytics (interaction summaries)",
    ),
    (
        21,
        "AdministerSpeechToTextAnalytics",
        "Export speech-to-text transcripts",
    ),
    (
        22,
        "AdminDesktopAnalytics",
        "Administer desktop analytics categories and phrases",
    ),
    (
        23,
        "AdminAudioAnalytics",
        "Administer audio analytics categories and phrases",
    ),
    (
        24,
        "AdminLvcsrAnalytics",
        "Administer LVCSR analytics categories and phrases",
    ),
    (
        25,
        "AdminTextAnalytics",
        "Administer text analytics categories and phrases",
    ),
    // The seed names no permission for evaluating; the contact search's canEvaluate ("whether
    // the user can evaluate this contact") needs one.
    (
        26,
        "EvaluateContacts",
        "Evaluate contacts with QM evaluation forms (contact search canEvaluate)",
    ),
];

/// Spellings the seed uses for the same permission: the permissions example says
/// `ExportRecording`, the API tables say `Export Recordings`. Both name one permission.
const ALIASES: &[(&str, &str)] = &[("ExportRecording", "ExportRecordings")];

/// The catalogue name of `name`, accepting the documented aliases; `None` when unknown.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, canonical)| canonical);
    PERMISSIONS.iter().find(|p| p.1 == name).map(|p| p.1)
}

/// Every permission name, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static str> {
    PERMISSIONS.iter().map(|p| p.1)
}
