//! Properties of report export: paging over any offsets and limits reassembles the full report,
//! and the `encodedParamValues` parser never panics.

use proptest::prelude::*;
use serde_json::{Value, json};
use wfo_harness::reports::{Page, Table, params};

fn table(rows: usize, cols: usize) -> Table {
    Table {
        columns: (0..cols).map(|c| format!("C{c}")).collect(),
        rows: (0..rows)
            .map(|r| (0..cols).map(|c| json!(format!("r{r}c{c}"))).collect())
            .collect(),
    }
}

/// The CSV lines after the header.
fn body_lines(csv: &str) -> Vec<String> {
    csv.split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

proptest! {
    #[test]
    fn row_pages_reassemble_the_report(
        rows in 0usize..60,
        cols in 1usize..5,
        limits in prop::collection::vec(1u64..=1000, 1..20),
    ) {
        let t = table(rows, cols);
        let whole = body_lines(&t.extract(Page { offset: 0, limit: 1000 }, Page { offset: 0, limit: 1000 }).csv);
        let mut got = vec![];
        let mut offset = 0u64;
        let mut i = 0;
        while offset < rows as u64 {
            let limit = limits[i % limits.len()];
            let e = t.extract(Page { offset, limit }, Page { offset: 0, limit: 1000 });
            let lines = body_lines(&e.csv);
            prop_assert_eq!(lines.len() as u64, limit.min(rows as u64 - offset));
            prop_assert_eq!(e.total_rows, rows as u64);
            got.extend(lines);
            offset += limit;
            i += 1;
        }
        prop_assert_eq!(got, whole);
    }

    #[test]
    fn column_pages_reassemble_each_row(
        rows in 1usize..10,
        cols in 1usize..12,
        col_limit in 1u64..6,
        row_offset in 0u64..12,
        row_limit in 1u64..12,
    ) {
        let t = table(rows, cols);
        let r = Page { offset: row_offset, limit: row_limit };
        let whole = t.extract(r, Page { offset: 0, limit: 1000 }).csv;
        let mut parts: Vec<Vec<String>> = vec![];
        let mut offset = 0;
        while offset < cols as u64 {
            let csv = t.extract(r, Page { offset, limit: col_limit }).csv;
            parts.push(csv.split("\r\n").map(String::from).collect());
            offset += col_limit;
        }
        let lines = parts[0].len();
        let joined: Vec<String> = (0..lines)
            .map(|l| parts.iter().map(|p| p[l].clone()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(","))
            .collect();
        prop_assert_eq!(joined.join("\r\n"), whole);
    }

    #[test]
    fn the_parser_never_panics(text in ".{0,200}") {
        let _ = params::parse(&text);
    }

    #[test]
    fn the_parser_never_panics_on_near_json(
        parts in prop::collection::vec(prop::sample::select(vec![
            "[", "]", "{", "}", ",", ":", "'name'", "\"value\"", "'", "\"", "9.0", "-7", "1e999",
            "true", "false", "null", "NL", " ", "\\", "[[[[", "]]]]",
        ]), 0..60)
    ) {
        let text: String = parts.concat();
        if let Err(e) = params::parse(&text) {
            prop_assert!(e.at <= text.chars().count());
        }
    }

    #[test]
    fn any_json_reads_back_as_itself(v in json_value()) {
        prop_assert_eq!(params::parse(&v.to_string()).unwrap(), v);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-zA-Z0-9 _'-]{0,10}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
