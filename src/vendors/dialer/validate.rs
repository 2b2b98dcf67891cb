//! The dialer's field rules (seed 004 bodies): what a list, a contact and a voice queue
//! campaign may hold. Pure: each returns the record to store or the field at fault.

use serde_json::{Map, Value};

pub type Record = Map<String, Value>;

/// A field that broke a rule, and the rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

pub fn invalid(field: &str, message: impl Into<String>) -> Invalid {
    Invalid {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Contact attributes (XCALLY CmContact), all text but `priority`.
pub const CONTACT_FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "street",
    "postalCode",
    "city",
    "country",
    "dateOfBirth",
    "description",
    "phone",
    "mobile",
    "fax",
    "email",
    "url",
    "facebook",
    "twitter",
    "skype",
];

pub const LIST_FIELDS: &[&str] = &["name", "description"];

/// A string field, if present (numbers are taken as their text, as clients send phone numbers).
pub fn text(body: &Record, field: &str) -> Result<Option<String>, Invalid> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(invalid(field, format!("{field} must be a string"))),
    }
}

/// An integer field given as a number or a numeric string (the seed sends `"penalty": "0"`).
pub fn integer(body: &Record, field: &str) -> Result<Option<i64>, Invalid> {
    let bad = || invalid(field, format!("{field} must be an integer"));
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// `POST|PUT /api/cm/lists`: `name` (required on create), `description`.
pub fn list(body: &Record, creating: bool) -> Result<Record, Invalid> {
    let mut out = Record::new();
    match text(body, "name")? {
        Some(n) if !n.trim().is_empty() => {
            out.insert("name".into(), Value::from(n));
        }
        Some(_) => return Err(invalid("name", "name cannot be empty")),
        None if creating => return Err(invalid("name", "name is required")),
        None => {}
    }
    if body.contains_key("description") {
        let d = text(body, "description")?;
        out.insert("description".into(), d.map_or(Value::Null, Value::from));
    }
    Ok(out)
}

/// A contact's own attributes (not `ListId` nor custom fields), checked.
pub fn contact_attributes(body: &Record) -> Result<Record, Invalid> {
    let mut out = Record::new();
    for f in CONTACT_FIELDS {
        if let Some(v) = text(body, f)? {
            out.insert(f.to_string(), Value::from(v));
        }
    }
    if let Some(p) = integer(body, "priority")? {
        out.insert("priority".into(), Value::from(p));
    }
    for f in ["phone", "mobile", "fax"] {
        if let Some(Value::String(p)) = out.get(f)
            && !p.is_empty()
            && !valid_phone(p)
        {
            return Err(invalid(
                f,
                format!("{f} must be a phone number (digits, + ( ) - . and spaces)"),
            ));
        }
    }
    if let Some(Value::String(e)) = out.get("email")
        && !e.is_empty()
        && !(e.contains('@') && !e.starts_with('@') && !e.ends_with('@'))
    {
        return Err(invalid("email", "email must be an email address"));
    }
    Ok(out)
}

pub fn valid_phone(p: &str) -> bool {
    p.chars().any(|c| c.is_ascii_digit())
        && p.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-' | '.' | ' ' | '#' | '*')
        })
}

/// `cf_{id}` → the custom field id.
pub fn custom_field_id(key: &str) -> Option<u64> {
    key.strip_prefix("cf_")?.parse().ok()
}

enum Kind {
    Bool,
    Enum(&'static [&'static str]),
    Int(i64, i64),
    Text,
    Interval,
}

/// The campaign body of seed 004 "Create Queue Campaign", field by field.
const QUEUE_FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("dialActive", Kind::Bool),
    ("type", Kind::Enum(&["outbound", "inbound"])),
    (
        "dialCheckDuplicateType",
        Kind::Enum(&["always", "onlyIfOpen", "never"]),
    ),
    ("dialCutDigit", Kind::Int(0, 20)),
    ("autopause", Kind::Enum(&["yes", "no", "all"])),
    ("ringinuse", Kind::Enum(&["yes", "no"])),
    ("timeoutrestart", Kind::Enum(&["yes", "no"])),
    ("setinterfacevar", Kind::Enum(&["yes", "no"])),
    ("setqueuevar", Kind::Enum(&["yes", "no"])),
    ("setqueueentryvar", Kind::Enum(&["yes", "no"])),
    ("dialOrderByScheduledAt", Kind::Enum(&["ASC", "DESC"])),
    ("dialGlobalInterval", Kind::Interval),
    ("dialAMDActive", Kind::Bool),
    ("dialAMDInitialSilence", Kind::Int(0, 60_000)),
    ("dialAMDGreeting", Kind::Int(0, 60_000)),
    ("dialAMDAfterGreetingSilence", Kind::Int(0, 60_000)),
    ("dialAMDTotalAnalysisTime", Kind::Int(0, 60_000)),
    ("dialAMDMinWordLength", Kind::Int(0, 60_000)),
    ("dialAMDBetweenWordsSilence", Kind::Int(0, 60_000)),
    ("dialAMDMaximumNumberOfWords", Kind::Int(0, 100)),
    ("dialAMDSilenceThreshold", Kind::Int(0, 32_767)),
    ("dialAMDMaximumWordLength", Kind::Int(0, 60_000)),
    (
        "dialMethod",
        Kind::Enum(&["preview", "progressive", "power", "predictive", "booked"]),
    ),
    ("dialPowerLevel", Kind::Int(1, 10)),
    (
        "dialPredictiveOptimization",
        Kind::Enum(&["dropRate", "utilization"]),
    ),
    ("dialPredictiveOptimizationPercentage", Kind::Int(1, 100)),
    ("dialPredictiveInterval", Kind::Int(1, 3600)),
    ("dialLimitQueue", Kind::Int(0, 10_000)),
    ("dialRandomLastDigitCallerIdNumber", Kind::Int(0, 20)),
    ("dialOriginateTimeout", Kind::Int(1, 3600)),
    ("dialQueueOptions", Kind::Text),
    ("dialQueueTimeout", Kind::Int(0, 3600)),
    (
        "strategy",
        Kind::Enum(&[
            "ringall",
            "leastrecent",
            "fewestcalls",
            "random",
            "rrmemory",
            "linear",
            "wrandom",
            "rrordered",
        ]),
    ),
    ("timeout", Kind::Int(0, 3600)),
    ("retry", Kind::Int(0, 3600)),
    ("weight", Kind::Int(0, 1000)),
    ("dialGlobalMaxRetry", Kind::Int(0, 1000)),
    ("dialCongestionMaxRetry", Kind::Int(0, 1000)),
    ("dialCongestionRetryFrequency", Kind::Int(0, 100_000)),
    ("dialBusyMaxRetry", Kind::Int(0, 1000)),
    ("dialBusyRetryFrequency", Kind::Int(0, 100_000)),
    ("dialNoAnswerMaxRetry", Kind::Int(0, 1000)),
    ("dialNoAnswerRetryFrequency", Kind::Int(0, 100_000)),
    ("TrunkId", Kind::Int(1, i64::MAX)),
    ("IntervalId", Kind::Int(1, i64::MAX)),
];

/// The documented body fields of a campaign (for the catalogue's `fields`).
pub fn queue_field_names() -> impl Iterator<Item = &'static str> {
    QUEUE_FIELDS.iter().map(|(n, _)| *n)
}

/// `POST|PUT /api/voice/queues`: every documented field checked for type, enum and range;
/// `name` required on create, letters, digits, `-` and `_` (an Asterisk queue name).
pub fn queue(body: &Record, creating: bool) -> Result<Record, Invalid> {
    let mut out = Record::new();
    for (field, kind) in QUEUE_FIELDS {
        let Some(v) = body.get(*field) else { continue };
        if v.is_null() {
            continue;
        }
        let value = match kind {
            Kind::Bool => match v {
                Value::Bool(b) => Value::Bool(*b),
                Value::String(s) if s == "true" || s == "false" => Value::Bool(s == "true"),
                _ => return Err(invalid(field, format!("{field} must be true or false"))),
            },
            Kind::Enum(allowed) => match v.as_str() {
                Some(s) if allowed.contains(&s) => Value::from(s),
                _ => {
                    return Err(invalid(
                        field,
                        format!("{field} must be one of {}", allowed.join(", ")),
                    ));
                }
            },
            Kind::Int(min, max) => match integer(body, field)? {
                Some(n) if (*min..=*max).contains(&n) => Value::from(n),
                _ => {
                    return Err(invalid(
                        field,
                        format!("{field} must be an integer from {min} to {max}"),
                    ));
                }
            },
            Kind::Text => Value::from(text(body, field)?.unwrap_or_default()),
            Kind::Interval => match v.as_str() {
                Some(s) if valid_interval(s) => Value::from(s),
                _ => {
                    return Err(invalid(
                        field,
                        format!(
                            "{field} must be `HH:MM-HH:MM,days-of-week,days-of-month,months` (each part may be *)"
                        ),
                    ));
                }
            },
        };
        out.insert(field.to_string(), value);
    }
    match out.get("name").and_then(Value::as_str) {
        Some(n)
            if !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {}
        Some(_) => {
            return Err(invalid(
                "name",
                "name must be letters, digits, - and _ only (an Asterisk queue name)",
            ));
        }
        None if creating => return Err(invalid("name", "name is required")),
        None => {}
    }
    Ok(out)
}

/// `07:00-22:00,*,*,*`: a time range (or `*`) then three parts of word characters, `-` or `*`.
pub fn valid_interval(s: &str) -> bool {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if parts.len() != 4 {
        return false;
    }
    let hhmm = |t: &str| {
        t.split_once(':').is_some_and(|(h, m)| {
            h.len() == 2
                && m.len() == 2
                && h.parse::<u8>().is_ok_and(|h| h < 24)
                && m.parse::<u8>().is_ok_and(|m| m < 60)
        })
    };
    let time_ok = parts[0] == "*"
        || parts[0]
            .split_once('-')
            .is_some_and(|(a, b)| hhmm(a) && hhmm(b));
    time_ok
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*' || c == '&')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queue_rules() {
        let body = json!({"name": "Test", "dialMethod": "progressive", "dialPowerLevel": 1, "dialGlobalInterval": "07:00-22:00,*,*,*"});
        assert!(queue(body.as_object().unwrap(), true).is_ok());
        let bad = json!({"name": "T", "dialMethod": "fast"});
        assert_eq!(
            queue(bad.as_object().unwrap(), true).unwrap_err().field,
            "dialMethod"
        );
        let bad = json!({"name": "T", "dialPowerLevel": 0});
        assert_eq!(
            queue(bad.as_object().unwrap(), true).unwrap_err().field,
            "dialPowerLevel"
        );
        let bad = json!({"type": "outbound"});
        assert_eq!(
            queue(bad.as_object().unwrap(), true).unwrap_err().field,
            "name"
        );
        assert!(!valid_interval("7-22,*,*,*"));
    }
}
