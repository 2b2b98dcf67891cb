//! Properties of report export: paging over any offsets and limits reassembles the full report
//! (in the model and over HTTP, synchronous and asynchronous exports alike), and the
//! `encodedParamValues` parser never panics.

mod common;

use common::{ADMIN, Harness};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
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

// ---- Over HTTP: POST export page by page, async pages completed on the virtual clock. ----

/// Report sizes around the 1,000-record line (report id = 500 + index).
const SIZES: [usize; 7] = [0, 1, 7, 999, 1000, 1001, 2345];
const COLUMNS: [&str; 3] = ["N", "Label", "Note"];

/// Row `i` of every report: a number, a label and a cell the CSV must quote.
fn cells(i: usize) -> [String; 3] {
    [i.to_string(), format!("r{i}"), format!("v{i}, \"q\"")]
}

fn http_scenario() -> String {
    let mut yaml = format!("{}\nreports:\n", wfo_harness::scenario::DEFAULT_YAML);
    for (k, n) in SIZES.iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: {}\n    qname: RP_{k}\n    columns: [N, Label, Note]\n    rows:\n",
            500 + k
        ));
        if *n == 0 {
            yaml.push_str("      []\n");
        }
        for i in 0..*n {
            let [a, b, c] = cells(i);
            yaml.push_str(&format!("      - [{a}, {b}, '{c}']\n"));
        }
    }
    yaml
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn records(csv_text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// One page of report `k`: the CSV at once, or (over 1,000 rows) a request completed by moving
/// the virtual clock with the admin clock API. Checks which of the two it was.
async fn page(
    h: &Harness,
    cookie: &str,
    k: usize,
    rows: (u64, u64),
    cols: (u64, u64),
) -> Result<String, TestCaseError> {
    let body = json!({
        "schemaName": "com.stytch.rest.api.v4.data.report.action.ExportActionData",
        "action": "EXPORT_CSV",
        "state": {"schemaName": "com.stytch.rest.api.v4.data.report.ReportSpecData", "qname": format!("RP_{k}")},
        "paramValues": {"qnameContent": format!("RP_{k}"), "encodedParamValues": "[]"},
        "pageSpecification": [
            {"offset": rows.0, "limit": rows.1},
            {"offset": cols.0, "limit": cols.1}
        ]
    });
    let r = h
        .post(
            &format!("/api/rest/dataexplorer/report/{}/export", 500 + k),
            Some(cookie),
            &body.to_string(),
        )
        .await;
    prop_assert_eq!(r.status, 200, "{}", r.text());
    let at_once = r.header("content-type").unwrap().starts_with("text/csv");
    // The filtered report (here: the whole report) decides, never the page.
    prop_assert_eq!(
        at_once,
        SIZES[k] <= 1000,
        "report {} rows {:?}",
        SIZES[k],
        rows
    );
    let done = if at_once {
        r
    } else {
        let id = r.json()["requestId"].as_str().unwrap().to_string();
        prop_assert_eq!(r.json()["status"].clone(), json!("Queued"));
        h.advance("", 7_000).await;
        let done = h
            .get(
                &format!("/api/rest/dataexplorer/report/export/request/{id}"),
                Some(cookie),
            )
            .await;
        prop_assert_eq!(done.status, 200, "{}", done.text());
        prop_assert!(
            done.header("content-type").unwrap().starts_with("text/csv"),
            "{}",
            done.text()
        );
        done
    };
    prop_assert_eq!(
        done.header("content-extent").unwrap(),
        format!("rows={}; columns=3", SIZES[k])
    );
    Ok(done.text())
}

#[test]
fn paging_a_report_over_http_reassembles_it() {
    let rt = runtime();
    let _in_runtime = rt.enter();
    let h = Harness::with_scenario(&http_scenario());
    let cookie = rt.block_on(h.login(ADMIN));
    let mut runner = TestRunner::new(Config {
        cases: 10,
        failure_persistence: None,
        ..Config::default()
    });
    let input = (prop::collection::vec(1u64..=1000, 1..12), 0u64..3, 1u64..4);
    // Every case pages every report (small, at the line, over it) with the drawn limits.
    runner
        .run(&input, |(limits, col_offset, col_limit)| {
            rt.block_on(async {
                for (k, &n) in SIZES.iter().enumerate() {
                    // At most a dozen pages per report, so a case stays small.
                    let least = (n as u64).div_ceil(12).max(1);
                    let cols = (col_offset as usize)..((col_offset + col_limit).min(3) as usize);
                    let header: Vec<String> = COLUMNS[cols.clone()]
                        .iter()
                        .map(|c| c.to_string())
                        .collect();
                    let mut got: Vec<Vec<String>> = Vec::new();
                    let mut offset = 0u64;
                    let mut i = 0;
                    while offset < n as u64 {
                        let limit = limits[i % limits.len()].max(least).min(1000);
                        let text =
                            page(&h, &cookie, k, (offset, limit), (col_offset, col_limit)).await?;
                        let mut recs = records(&text);
                        prop_assert_eq!(&recs[0], &header);
                        let body: Vec<Vec<String>> = recs.split_off(1);
                        prop_assert_eq!(body.len() as u64, limit.min(n as u64 - offset));
                        got.extend(body);
                        offset += limit;
                        i += 1;
                    }
                    // Past the end: the header alone.
                    let past = page(
                        &h,
                        &cookie,
                        k,
                        (n as u64 + limits[0] - 1, limits[0]),
                        (col_offset, col_limit),
                    )
                    .await?;
                    prop_assert_eq!(records(&past), vec![header.clone()]);
                    let want: Vec<Vec<String>> =
                        (0..n).map(|r| cells(r)[cols.clone()].to_vec()).collect();
                    prop_assert_eq!(got, want);
                }
                Ok(())
            })
        })
        .unwrap();
}
