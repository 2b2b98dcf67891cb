//! `application/x-www-form-urlencoded` bodies and query strings as (name, value) pairs, in order,
//! repeated names kept: the way the Talkdesk token endpoint and the dialer's `ids=` read them.

/// `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte, a broken escape is kept
/// as written, bytes that are not UTF-8 are replaced.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode() {
        assert_eq!(
            parse_form("grant_type=client_credentials&scope=a%3Ab+c&x"),
            vec![
                ("grant_type".into(), "client_credentials".into()),
                ("scope".into(), "a:b c".into()),
                ("x".into(), "".into())
            ]
        );
        assert_eq!(parse_form("a=%zz%4"), vec![("a".into(), "%zz%4".into())]);
        assert_eq!(
            parse_form("u=a+b%40c.d&p=100%"),
            vec![("u".into(), "a b@c.d".into()), ("p".into(), "100%".into())]
        );
    }
}
