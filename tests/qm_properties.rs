//! Inclusion/exclusion pattern matching agrees with a naive reference matcher for any pattern
//! and number, and every number built from a pattern matches it.

use proptest::prelude::*;
use wfo_harness::qm::pattern::Pattern;

/// Reference: straightforward recursion over (pattern, number) per the seed's definitions.
fn reference(pattern: &str, number: &str) -> bool {
    let (pplus, pat) = match pattern.strip_prefix('+') {
        Some(rest) => (true, format!("{rest}*")),
        None => (false, pattern.to_string()),
    };
    let nplus = number.trim().starts_with('+');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || pplus != nplus {
        return false;
    }
    fn rec(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') => rec(&p[1..], s) || (!s.is_empty() && rec(p, &s[1..])),
            Some(b'?') => !s.is_empty() && rec(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && rec(&p[1..], &s[1..]),
        }
    }
    rec(pat.as_bytes(), digits.as_bytes())
}

fn pattern() -> impl Strategy<Value = String> {
    ("\\+?", "[0-3?*]{1,8}").prop_map(|(p, b)| format!("{p}{b}"))
}

fn number() -> impl Strategy<Value = String> {
    ("\\+?", "[0-3 -]{0,10}").prop_map(|(p, b)| format!("{p}{b}"))
}

proptest! {
    #[test]
    fn agrees_with_the_reference(p in pattern(), n in number()) {
        let parsed = Pattern::parse(&p).unwrap();
        prop_assert_eq!(parsed.matches(&n), reference(&p, &n), "pattern {} number {}", p, n);
    }

    #[test]
    fn a_number_built_from_a_pattern_matches_it(p in pattern(), fill in "[0-9]{0,4}", one in 0u8..10) {
        let number: String = p
            .chars()
            .map(|c| match c {
                '?' => char::from(b'0' + one).to_string(),
                '*' => fill.clone(),
                c => c.to_string(),
            })
            .collect();
        prop_assume!(number.chars().any(|c| c.is_ascii_digit()));
        prop_assert!(Pattern::parse(&p).unwrap().matches(&number), "pattern {} number {}", p, number);
    }

    #[test]
    fn a_plus_after_the_start_is_refused(a in "[0-9?*]{0,4}", b in "[0-9?*]{0,4}") {
        prop_assume!(!a.is_empty());
        let p = format!("{a}+{b}");
        prop_assert!(Pattern::parse(&p).is_err());
    }
}
