//! Coverage of the documented contract by a transcript: per catalogue endpoint, the calls made
//! and statuses seen against the cases the documents promise ([`crate::contract`]), so a
//! partner sees which documented behaviours its tests never exercised.
//! `GET /__admin/coverage` and `wfo-harness coverage --transcript FILE`.

mod render;

pub use render::{Format, render};

use crate::catalogue::ENDPOINTS;
use crate::contract;
use crate::transcript::load::endpoint_of;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One documented case of an endpoint and how often the transcript shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseSeen {
    pub status: u16,
    pub case: String,
    pub description: String,
    pub calls: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointCoverage {
    pub key: &'static str,
    pub vendor: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub implemented: bool,
    pub calls: u64,
    /// Every status answered, with its count.
    pub statuses: BTreeMap<u16, u64>,
    pub cases: Vec<CaseSeen>,
    /// Statuses answered that match no documented case (faults, variations, limits).
    pub other_statuses: Vec<u16>,
}

impl EndpointCoverage {
    pub fn covered(&self) -> usize {
        self.cases.iter().filter(|c| c.calls > 0).count()
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Documented cases of implemented endpoints that the transcript exercised.
    pub covered: usize,
    /// Documented cases of implemented endpoints.
    pub total: usize,
    pub percent: f64,
    /// Exchanges that matched no catalogue endpoint.
    pub unmatched_calls: u64,
    pub endpoints: Vec<EndpointCoverage>,
}

/// Coverage of the catalogue by `exchanges` (values as exported or loaded).
pub fn report(exchanges: &[Value]) -> Report {
    let mut endpoints: Vec<EndpointCoverage> = ENDPOINTS
        .iter()
        .filter(|ep| !ep.path.is_empty())
        .map(|ep| EndpointCoverage {
            key: ep.key,
            vendor: ep.vendor.name(),
            method: ep.method.as_str(),
            path: ep.path,
            implemented: ep.implemented(),
            calls: 0,
            statuses: BTreeMap::new(),
            cases: contract::cases(ep)
                .into_iter()
                .map(|c| CaseSeen {
                    status: c.status,
                    case: c.name,
                    description: c.description,
                    calls: 0,
                })
                .collect(),
            other_statuses: Vec::new(),
        })
        .collect();
    let index: BTreeMap<&str, usize> = endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key, i))
        .collect();
    let mut unmatched = 0;
    for e in exchanges {
        let method = e["method"].as_str().unwrap_or("");
        let path = e["path"].as_str().unwrap_or("");
        let key = e["endpoint"]
            .as_str()
            .or_else(|| endpoint_of(method, path).map(|ep| ep.key));
        let Some(&i) = key.and_then(|k| index.get(k)) else {
            unmatched += 1;
            continue;
        };
        let Some(status) = e["status"].as_u64().map(|s| s as u16) else {
            continue;
        };
        let message = error_message(&e["responseBody"]);
        let row = &mut endpoints[i];
        let ep = crate::catalogue::by_key(row.key).expect("rows come from the catalogue");
        row.calls += 1;
        *row.statuses.entry(status).or_default() += 1;
        let mut matched = false;
        for (case, seen) in contract::cases(ep).iter().zip(row.cases.iter_mut()) {
            if case.matches(status, &message, &e["responseBody"]) {
                seen.calls += 1;
                matched = true;
            }
        }
        if !matched && !row.other_statuses.contains(&status) {
            row.other_statuses.push(status);
        }
    }
    let implemented = endpoints.iter().filter(|e| e.implemented);
    let (covered, total) =
        implemented.fold((0, 0), |(c, t), e| (c + e.covered(), t + e.cases.len()));
    Report {
        covered,
        total,
        percent: if total == 0 {
            100.0
        } else {
            (covered as f64 * 1000.0 / total as f64).round() / 10.0
        },
        unmatched_calls: unmatched,
        endpoints,
    }
}

/// The message of a vendor error body, whichever vendor's shape it has.
fn error_message(body: &Value) -> String {
    ["errorMessage", "Message", "message", "description", "error"]
        .iter()
        .filter_map(|k| body.get(*k).and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join(" ")
        + &body["fields"]
            .as_array()
            .map(|fs| {
                fs.iter()
                    .filter_map(|f| f["name"].as_str())
                    .map(|n| format!(" {n}"))
                    .collect::<String>()
            })
            .unwrap_or_default()
}
