//! `Authorization: Basic` and `Authorization: Bearer` credentials (RFC 7617, RFC 6750), read the
//! same way by every vendor that uses them (Talkdesk's token endpoint, the dialer).

use axum::http::{HeaderMap, header};
use base64::Engine;

/// What the `Authorization` header carries.
#[derive(Debug, PartialEq, Eq)]
pub enum Credentials {
    None,
    Basic {
        user: String,
        password: String,
    },
    Bearer(String),
    /// Present but not readable as either scheme.
    Malformed,
}

pub fn credentials(headers: &HeaderMap) -> Credentials {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Credentials::None;
    };
    let Ok(value) = value.to_str() else {
        return Credentials::Malformed;
    };
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        match decoded.as_deref().and_then(|d| d.split_once(':')) {
            Some((user, password)) => Credentials::Basic {
                user: user.to_string(),
                password: password.to_string(),
            },
            None => Credentials::Malformed,
        }
    } else if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
        Credentials::Bearer(rest.to_string())
    } else {
        Credentials::Malformed
    }
}

/// The header value a client sends for `user:password`.
pub fn basic_header(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_schemes() {
        let mut h = HeaderMap::new();
        assert_eq!(credentials(&h), Credentials::None);
        h.insert(
            header::AUTHORIZATION,
            basic_header("admin", "pa:ss").parse().unwrap(),
        );
        assert_eq!(
            credentials(&h),
            Credentials::Basic {
                user: "admin".into(),
                password: "pa:ss".into()
            }
        );
        h.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(credentials(&h), Credentials::Bearer("abc".into()));
        h.insert(header::AUTHORIZATION, "Basic !!!".parse().unwrap());
        assert_eq!(credentials(&h), Credentials::Malformed);
    }
}
