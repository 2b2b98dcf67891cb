//! The `encodedParamValues` string of seed 001 "Bulk Report Data Export API" ("Configuring a
//! Report Filter"): a JSON-like list of `{name, value}` parameters. The seed writes it both with
//! double quotes and with Python-style single quotes (`[{'name': 'Team', ...}]`), so both quote
//! styles are read. Errors say at which character the text broke.

use serde_json::{Map, Number, Value};

/// Where and why the text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 0-based character offset.
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at character {}: {}", self.at, self.message)
    }
}

/// Nesting deeper than this is refused (the documented shapes nest 5 deep).
const MAX_DEPTH: usize = 32;

/// Reads the text into a JSON value (quotes of either style, numbers, true/false/null).
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser { chars, pos: 0 };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.fail(format!(
            "unexpected '{}' after the end of the value",
            p.chars[p.pos]
        )));
    }
    Ok(v)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn fail(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            at: self.pos,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        self.skip_ws();
        match self.peek() {
            Some(x) if x == c => {
                self.pos += 1;
                Ok(())
            }
            Some(x) => Err(self.fail(format!("expected '{c}', found '{x}'"))),
            None => Err(self.fail(format!("expected '{c}', found the end of the text"))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.skip_ws();
        match self.peek() {
            None => Err(self.fail("expected a value, found the end of the text")),
            Some('[') => self.array(depth),
            Some('{') => self.object(depth),
            Some(q @ ('"' | '\'')) => self.string(q).map(Value::String),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(c) if c.is_ascii_alphabetic() => self.word(),
            Some(c) => Err(self.fail(format!("expected a value, found '{c}'"))),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                Some(c) => return Err(self.fail(format!("expected ',' or ']', found '{c}'"))),
                None => return Err(self.fail("expected ',' or ']', found the end of the text")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut map = Map::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_ws();
            let key = match self.peek() {
                Some(q @ ('"' | '\'')) => self.string(q)?,
                Some(c) => return Err(self.fail(format!("expected a quoted key, found '{c}'"))),
                None => return Err(self.fail("expected a quoted key, found the end of the text")),
            };
            self.expect(':')?;
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                Some(c) => return Err(self.fail(format!("expected ',' or '}}', found '{c}'"))),
                None => return Err(self.fail("expected ',' or '}', found the end of the text")),
            }
        }
    }

    fn string(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(ParseError {
                        at: start,
                        message: "string never closed".into(),
                    });
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.pos += 1;
                    let c = self
                        .peek()
                        .ok_or_else(|| self.fail("escape at the end of the text"))?;
                    out.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                    self.pos += 1;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let bad = || ParseError {
            at: start,
            message: format!("'{text}' is not a number"),
        };
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        let f: f64 = text.parse().map_err(|_| bad())?;
        Number::from_f64(f).map(Value::Number).ok_or_else(bad)
    }

    fn word(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        match word.as_str() {
            "true" | "True" => Ok(Value::Bool(true)),
            "false" | "False" => Ok(Value::Bool(false)),
            "null" | "None" => Ok(Value::Null),
            _ => Err(ParseError {
                at: start,
                message: format!("'{word}' is not a value (quote strings)"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_quote_styles_of_the_seed_read_alike() {
        let single = "[{'name': 'Team', 'value': {'isAll': 'false', 'values':\n [122.0], 'containsNull': 'false'}}]";
        let double = r#"[{"name":"Team","value":{"isAll":"false","values":[122.0],"containsNull":"false"}}]"#;
        assert_eq!(parse(single).unwrap(), parse(double).unwrap());
        assert_eq!(parse(single).unwrap()[0]["value"]["values"], json!([122.0]));
    }

    #[test]
    fn errors_say_where() {
        let e = parse("[{'name': 'Team'} 'x']").unwrap_err();
        assert_eq!(e.at, 18);
        assert!(e.message.contains("expected ',' or ']'"), "{e}");
        assert_eq!(parse("[").unwrap_err().at, 1);
        assert_eq!(parse("['abc").unwrap_err().at, 1);
    }
}
