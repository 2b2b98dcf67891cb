//! Time zones as the Person APIs write them: seed 001's Person API example sends `"timeZone": 1`,
//! the bulk import sends IANA names (`America/Chicago`), and "Person's Time Zone API" answers
//! `{"id": "GMT-6:00", "name": "Central Time Zone"}`. This table ties the three together.

/// (number, IANA name, GMT id, display name). Number 1 is Central, as in the seed's examples.
pub const ZONES: &[(u64, &str, &str, &str)] = &[
    (1, "America/Chicago", "GMT-6:00", "Central Time Zone"),
    (2, "America/New_York", "GMT-5:00", "Eastern Time Zone"),
    (3, "America/Denver", "GMT-7:00", "Mountain Time Zone"),
    (4, "America/Los_Angeles", "GMT-8:00", "Pacific Time Zone"),
    (5, "America/Anchorage", "GMT-9:00", "Alaska Time Zone"),
    (6, "Pacific/Honolulu", "GMT-10:00", "Hawaii Time Zone"),
    (
        7,
        "America/Phoenix",
        "GMT-7:00",
        "Mountain Standard Time (Arizona)",
    ),
    (8, "UTC", "GMT+0:00", "Coordinated Universal Time"),
    (9, "Europe/London", "GMT+0:00", "Greenwich Mean Time"),
    (10, "Europe/Paris", "GMT+1:00", "Central European Time"),
    (11, "Europe/Berlin", "GMT+1:00", "Central European Time"),
    (12, "Asia/Kolkata", "GMT+5:30", "India Standard Time"),
    (13, "Asia/Tokyo", "GMT+9:00", "Japan Standard Time"),
    (
        14,
        "Australia/Sydney",
        "GMT+10:00",
        "Australian Eastern Time",
    ),
];

/// The IANA name of a zone number of the table.
pub fn by_number(n: u64) -> Option<&'static str> {
    ZONES.iter().find(|z| z.0 == n).map(|z| z.1)
}

/// `{id, name}` of Person's Time Zone API for a stored zone name; a name outside the table is
/// answered with itself as both.
pub fn describe(name: &str) -> (String, String) {
    match ZONES.iter().find(|z| z.1.eq_ignore_ascii_case(name)) {
        Some(z) => (z.2.to_string(), z.3.to_string()),
        None => (name.to_string(), name.to_string()),
    }
}
