//! Inclusion/exclusion number patterns (seed 001 "Inclusion/Exclusion List API", `pattern`):
//! `?` = a single digit, `*` = any number of digits, `+` = country code indicator, only valid
//! at the start of the string. Everything else is a literal digit.
//!
//! Where the seed is silent: a pattern must match the whole number (`612*` is the documented
//! "all numbers in the 612 area code"), except that a pattern starting with `+` is a country
//! code prefix (`+44` = "contacts in the United Kingdom"), so it matches any number that starts
//! with it. Numbers are compared after dropping formatting (spaces, dashes, dots, brackets):
//! only digits and a leading `+` count.

use std::fmt;

/// One element of a parsed pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Digit(u8),
    /// `?`
    One,
    /// `*`
    Any,
}

/// A checked pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Starts with `+`: numbers must be written with their country code (`+...`).
    pub plus: bool,
    pub toks: Vec<Tok>,
}

/// Why a pattern is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    /// `+` somewhere other than the start (character position, 1-based).
    PlusNotAtStart(usize),
    /// A character other than a digit, `?`, `*` or a leading `+`.
    BadChar(char, usize),
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => write!(f, "pattern must not be empty"),
            PatternError::PlusNotAtStart(at) => write!(
                f,
                "pattern has '+' at position {at}: the country code indicator is only valid at the start"
            ),
            PatternError::BadChar(c, at) => write!(
                f,
                "pattern has '{c}' at position {at}: only digits, '?' (one digit), '*' (any digits) and a leading '+' are allowed"
            ),
        }
    }
}

impl Pattern {
    pub fn parse(raw: &str) -> Result<Pattern, PatternError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PatternError::Empty);
        }
        let mut plus = false;
        let mut toks = Vec::new();
        for (i, c) in raw.chars().enumerate() {
            match c {
                '+' if i == 0 => plus = true,
                '+' => return Err(PatternError::PlusNotAtStart(i + 1)),
                '0'..='9' => toks.push(Tok::Digit(c as u8)),
                '?' => toks.push(Tok::One),
                '*' => toks.push(Tok::Any),
                _ => return Err(PatternError::BadChar(c, i + 1)),
            }
        }
        if plus && toks.last() != Some(&Tok::Any) {
            // A country code indicator matches every number of that country.
            toks.push(Tok::Any);
        }
        Ok(Pattern { plus, toks })
    }

    /// Whether `number` (as written by a call: formatting allowed) matches.
    pub fn matches(&self, number: &str) -> bool {
        let Some((plus, digits)) = normalise(number) else {
            return false;
        };
        plus == self.plus && glob(&self.toks, &digits)
    }
}

/// A number reduced to (has leading `+`, its digits); `None` when it holds no digit.
pub fn normalise(number: &str) -> Option<(bool, Vec<u8>)> {
    let t = number.trim();
    let plus = t.starts_with('+');
    let digits: Vec<u8> = t.bytes().filter(u8::is_ascii_digit).collect();
    (!digits.is_empty()).then_some((plus, digits))
}

/// Linear wildcard matching with one backtrack point (the last `*`).
fn glob(toks: &[Tok], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        match toks.get(p) {
            Some(Tok::Digit(d)) if *d == s[i] => (p, i) = (p + 1, i + 1),
            Some(Tok::One) => (p, i) = (p + 1, i + 1),
            Some(Tok::Any) => {
                star = Some((p, i));
                p += 1;
            }
            _ => match star {
                Some((sp, si)) => {
                    star = Some((sp, si + 1));
                    (p, i) = (sp + 1, si + 1);
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| *t == Tok::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_examples() {
        let p = Pattern::parse("612822????").unwrap();
        assert!(p.matches("6128221234"));
        assert!(!p.matches("612822123"));
        assert!(!p.matches("6128231234"));
        let p = Pattern::parse("612*").unwrap();
        assert!(p.matches("612"));
        assert!(p.matches("(612) 555-0100"));
        assert!(!p.matches("7612"));
        let p = Pattern::parse("+44").unwrap();
        assert!(p.matches("+44 20 7946 0000"));
        assert!(!p.matches("4420"));
        assert!(!p.matches("+1612"));
        assert_eq!(Pattern::parse("61+2"), Err(PatternError::PlusNotAtStart(3)));
        assert_eq!(Pattern::parse("61a"), Err(PatternError::BadChar('a', 3)));
        assert_eq!(Pattern::parse(" "), Err(PatternError::Empty));
    }
}
