//! Seed 001 "Categories and Phrases API": a phrase's `confidence` is the "probability that the
//! hit is correct", typed `number` in the JSON example. The seed gives no scale, so both readings
//! are taken: a value written with a decimal point that is at most 1 (`0.85`, `1.0`) is a
//! probability, any other value (`85`, `85.5`, `1`) a percentage from 0 to 100. The value is kept
//! exactly as given (`serde_json::Number` keeps `70` apart from `70.0`) and compared by
//! [`Confidence::probability`].

use serde::{Deserialize, Serialize};
use serde_json::Number;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Confidence(Number);

impl Confidence {
    /// A whole percentage (defaults).
    pub fn percent(p: u64) -> Confidence {
        Confidence(Number::from(p))
    }

    /// `n` when it is in range under one of the two readings; else why not.
    pub fn new(n: Number) -> Result<Confidence, String> {
        let v = n.as_f64().unwrap_or(f64::NAN);
        if !(0.0..=100.0).contains(&v) {
            return Err(format!(
                "must be a probability from 0.0 to 1.0 or a percentage from 0 to 100, not {n}"
            ));
        }
        Ok(Confidence(n))
    }

    /// A number, or a string holding one (form fields).
    pub fn read(text: &str) -> Result<Confidence, String> {
        let n: Number = text
            .trim()
            .parse()
            .map_err(|_| format!("must be a number, not `{text}`"))?;
        Confidence::new(n)
    }

    /// The value as given.
    pub fn number(&self) -> &Number {
        &self.0
    }

    /// The value as a probability from 0 to 1, whichever reading it was given in.
    pub fn probability(&self) -> f64 {
        let v = self.0.as_f64().unwrap_or(0.0);
        if self.0.is_f64() && v <= 1.0 {
            v
        } else {
            v / 100.0
        }
    }
}

impl Default for Confidence {
    /// No minimum: every hit is reported.
    fn default() -> Confidence {
        Confidence::percent(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_scales_and_the_value_kept() {
        let p = Confidence::read("0.85").unwrap();
        assert_eq!(p.probability(), 0.85);
        assert_eq!(p.number().to_string(), "0.85");
        assert_eq!(Confidence::read("85").unwrap().probability(), 0.85);
        assert_eq!(Confidence::read("1").unwrap().probability(), 0.01);
        assert_eq!(Confidence::read("1.0").unwrap().probability(), 1.0);
        assert_eq!(Confidence::read("62.5").unwrap().probability(), 0.625);
        assert_eq!(Confidence::read("70").unwrap().number().to_string(), "70");
        assert!(Confidence::read("100.5").is_err());
        assert!(Confidence::read("-0.1").is_err());
        assert!(Confidence::read("high").is_err());
    }
}
