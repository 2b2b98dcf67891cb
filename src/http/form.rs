//! `application/x-www-form-urlencoded` bodies and query strings as (name, value) pairs, in order,
//! repeated names kept: the way the Talkdesk token endpoint and the dialer's `ids=` read them.

/// `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    }
}
