//! Dates of the org model. Seed 001 "Bulk Organization Import API" writes them `MM/DD/YYYY`; the
//! JSON APIs give them in epoch milliseconds ("Group API", "Teams by ID"). A date is stored as
//! its canonical `MM/DD/YYYY` text and means midnight UTC of that day.

use chrono::{Datelike, NaiveDate};

/// "To activate a deactivated user when importing users, set this date to 12/31/2999" (seed 001):
/// the date written for "never deactivated".
pub const NEVER: &str = "12/31/2999";

/// Parses `MM/DD/YYYY` (one-digit month and day accepted, as the seed's export example writes
/// `8/17/2016`) into its canonical form; `Err` says why it is not a valid date.
pub fn parse_us(text: &str) -> Result<String, String> {
    let date = parse_parts(text, false)?;
    Ok(format_us(date))
}

/// Parses `DD/MM/YYYY` (the Import API's "European Date") into the canonical `MM/DD/YYYY`.
pub fn parse_eu(text: &str) -> Result<String, String> {
    let date = parse_parts(text, true)?;
    Ok(format_us(date))
}

fn parse_parts(text: &str, day_first: bool) -> Result<NaiveDate, String> {
    let shape = if day_first {
        "DD/MM/YYYY"
    } else {
        "MM/DD/YYYY"
    };
    let bad = || format!("'{text}' is not a date in the format {shape}");
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [a, b, y] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(a, 2) || !digits(b, 2) || y.len() != 4 || !digits(y, 4) {
        return Err(bad());
    }
    let (m, d) = if day_first { (b, a) } else { (a, b) };
    let (m, d, y): (u32, u32, i32) = (
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
        y.parse().map_err(|_| bad())?,
    );
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("'{text}' is not a calendar date ({shape})"))
}

fn format_us(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.month(), d.day(), d.year())
}

fn canonical_date(canonical: &str) -> NaiveDate {
    parse_parts(canonical, false).unwrap_or_default()
}

/// Midnight UTC of a canonical date, in epoch milliseconds.
pub fn to_ms(canonical: &str) -> i64 {
    canonical_date(canonical)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0)
}

/// The canonical date of an instant.
pub fn of_ms(ms: i64) -> String {
    let date = chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    format_us(date)
}

/// True when canonical date `a` is on or before `b`.
pub fn on_or_before(a: &str, b: &str) -> bool {
    canonical_date(a) <= canonical_date(b)
}

/// ISO `YYYY-MM-DD` of a canonical date (the Person API's date fields).
pub fn iso(canonical: &str) -> String {
    canonical_date(canonical).format("%Y-%m-%d").to_string()
}

/// A date as a client of the JSON APIs sends it: epoch milliseconds, `MM/DD/YYYY` or ISO
/// `YYYY-MM-DD`. `Err` says which forms are accepted.
pub fn parse_any(value: &serde_json::Value) -> Result<String, String> {
    match value {
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(of_ms)
            .ok_or_else(|| format!("{n} is not epoch milliseconds")),
        serde_json::Value::String(s) => {
            if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
                return Ok(format_us(d));
            }
            if let Ok(ms) = s.trim().parse::<i64>() {
                return Ok(of_ms(ms));
            }
            parse_us(s).map_err(|_| {
                format!("'{s}' is not a date (epoch milliseconds, MM/DD/YYYY or YYYY-MM-DD)")
            })
        }
        other => Err(format!(
            "{} is not a date (epoch milliseconds, MM/DD/YYYY or YYYY-MM-DD)",
            other
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_dates_are_checked_against_the_calendar() {
        assert_eq!(parse_us("8/17/2016").unwrap(), "08/17/2016");
        assert!(parse_us("02/30/2020").is_err());
        assert!(parse_us("0180182019").is_err());
        assert!(parse_us("13/01/2020").is_err());
        assert_eq!(parse_eu("04/07/2016").unwrap(), "07/04/2016");
        assert_eq!(of_ms(to_ms("12/31/2999")), NEVER);
        assert!(on_or_before("01/04/2018", "01/05/2018"));
    }
}
