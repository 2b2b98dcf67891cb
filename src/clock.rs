//! The virtual clock of a sandbox: every time-dependent rule reads it, never the wall clock.
//!
//! A running clock advances with real time from its last setting; a frozen one moves only when
//! told to (`POST /__admin/clock`). Tests freeze it so that transcripts and ids are reproducible.

use chrono::{DateTime, SecondsFormat, Utc};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// What the clock shows and whether it runs; persisted so a restart with `--data` resumes it.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ClockSetting {
    /// Virtual milliseconds since the Unix epoch at the moment of the setting.
    pub now_ms: i64,
    pub frozen: bool,
}

pub struct Clock {
    inner: Mutex<(ClockSetting, Instant)>,
}

impl Clock {
    pub fn new(setting: ClockSetting) -> Self {
        Clock {
            inner: Mutex::new((setting, Instant::now())),
        }
    }

    /// Virtual milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        let guard = self.inner.lock();
        let (setting, since) = *guard;
        if setting.frozen {
            setting.now_ms
        } else {
            setting.now_ms + since.elapsed().as_millis() as i64
        }
    }

    pub fn setting(&self) -> ClockSetting {
        ClockSetting {
            now_ms: self.now_ms(),
            frozen: self.inner.lock().0.frozen,
        }
    }

    /// Moves the clock by `ms` (negative moves it back) and returns the new setting.
    pub fn advance(&self, ms: i64) -> ClockSetting {
        let now = self.now_ms().saturating_add(ms);
        self.set(now, None)
    }

    /// Sets the clock to `now_ms`; `frozen` changes the mode when given.
    pub fn set(&self, now_ms: i64, frozen: Option<bool>) -> ClockSetting {
        let mut guard = self.inner.lock();
        let frozen = frozen.unwrap_or(guard.0.frozen);
        *guard = (ClockSetting { now_ms, frozen }, Instant::now());
        guard.0
    }
}

/// Renders virtual milliseconds as RFC 3339 with millisecond precision (`2026-01-05T09:00:00.000Z`).
pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 timestamp into milliseconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Result<i64, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("`{text}` is not an RFC 3339 timestamp ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_told() {
        let clock = Clock::new(ClockSetting {
            now_ms: 1_000,
            frozen: true,
        });
        assert_eq!(clock.now_ms(), 1_000);
        clock.advance(500);
        assert_eq!(clock.now_ms(), 1_500);
        clock.set(10, None);
        assert_eq!(clock.now_ms(), 10);
    }

    #[test]
    fn rfc3339_round_trips() {
        let ms = parse_rfc3339("2026-01-05T09:00:00Z").unwrap();
        assert_eq!(rfc3339(ms), "2026-01-05T09:00:00.000Z");
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
