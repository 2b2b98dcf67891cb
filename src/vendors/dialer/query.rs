//! XCALLY Motion's collection conventions (field notes): `limit`, `offset`, `sort` (`field` or
//! `-field`), `fields` (projection), `filter` (free text), `includeGlobals` and `nolimit` are
//! controls; every other parameter naming a field is an equality filter. `{count, rows}`, where
//! `count` is every matching row.

use super::validate::{Invalid, Record, invalid};
use serde_json::{Value, json};

pub const CONTROLS: &[&str] = &[
    "limit",
    "offset",
    "sort",
    "fields",
    "filter",
    "includeGlobals",
    "nolimit",
];

/// Rows per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;

fn number(query: &[(String, String)], name: &str) -> Result<Option<usize>, Invalid> {
    match query.iter().rev().find(|(k, _)| k == name) {
        None => Ok(None),
        Some((_, v)) if v.trim().is_empty() => Ok(None),
        Some((_, v)) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| invalid(name, format!("{name} must be a whole number"))),
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Applies the query to `rows` (in id order).
pub fn apply(rows: Vec<Record>, query: &[(String, String)]) -> Result<Value, Invalid> {
    let limit = number(query, "limit")?;
    let offset = number(query, "offset")?.unwrap_or(0);
    let nolimit = query
        .iter()
        .any(|(k, v)| k == "nolimit" && v != "false" && v != "0");
    let free = query
        .iter()
        .rev()
        .find(|(k, _)| k == "filter")
        .map(|(_, v)| v.to_lowercase())
        .filter(|v| !v.is_empty());
    // A parameter naming a field of any row filters; one naming no field is ignored.
    let known: std::collections::HashSet<&String> = rows.iter().flat_map(|r| r.keys()).collect();
    let filters: Vec<(&String, &String)> = query
        .iter()
        .filter(|(k, _)| !CONTROLS.contains(&k.as_str()) && known.contains(k))
        .map(|(k, v)| (k, v))
        .collect();
    let keep: Vec<bool> = rows
        .iter()
        .map(|r| {
            filters
                .iter()
                .all(|(k, v)| r.get(*k).is_some_and(|f| text_of(f) == **v))
        })
        .collect();
    let mut rows: Vec<Record> = rows
        .into_iter()
        .zip(keep)
        .filter_map(|(r, keep)| keep.then_some(r))
        .filter(|r| {
            free.as_ref().is_none_or(|f| {
                r.values()
                    .any(|v| v.is_string() && text_of(v).to_lowercase().contains(f))
            })
        })
        .collect();
    if let Some((_, sort)) = query.iter().rev().find(|(k, _)| k == "sort") {
        let keys: Vec<(bool, String)> = sort
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix('-') {
                Some(f) => (true, f.to_string()),
                None => (false, s.trim_start_matches('+').to_string()),
            })
            .collect();
        rows.sort_by(|a, b| {
            for (desc, key) in &keys {
                let ord = compare(a.get(key), b.get(key));
                let ord = if *desc { ord.reverse() } else { ord };
                if ord.is_ne() {
                    return ord;
                }
            }
            std::cmp::Ordering::Equal
        });
    }
    let count = rows.len();
    let take = if nolimit {
        usize::MAX
    } else {
        limit.unwrap_or(DEFAULT_LIMIT)
    };
    let fields: Option<Vec<String>> =
        query
            .iter()
            .rev()
            .find(|(k, _)| k == "fields")
            .map(|(_, v)| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            });
    let rows: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(take)
        .map(|r| match &fields {
            Some(names) if !names.is_empty() => Value::Object(
                r.into_iter()
                    .filter(|(k, _)| names.iter().any(|n| n == k))
                    .collect(),
            ),
            _ => Value::Object(r),
        })
        .collect();
    Ok(json!({"count": count, "rows": rows}))
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Some(x), Some(y)) => text_of(x).cmp(&text_of(y)),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Record> {
        (1..=5)
            .map(|i| {
                json!({"id": i, "name": format!("n{}", 6 - i), "kind": if i % 2 == 0 { "even" } else { "odd" }})
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn controls_and_filters() {
        let r = apply(
            rows(),
            &q(&[
                ("kind", "odd"),
                ("sort", "-id"),
                ("limit", "2"),
                ("fields", "id"),
            ]),
        )
        .unwrap();
        assert_eq!(r, json!({"count": 3, "rows": [{"id": 5}, {"id": 3}]}));
        let r = apply(rows(), &q(&[("filter", "N2"), ("offset", "0")])).unwrap();
        assert_eq!(r["count"], 1);
        assert_eq!(
            apply(rows(), &q(&[("limit", "x")])).unwrap_err().field,
            "limit"
        );
    }
}
