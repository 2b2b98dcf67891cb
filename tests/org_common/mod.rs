//! Helpers of the org test files: multipart uploads and the example org scenario.
#![allow(dead_code)]

use crate::common::{Harness, Reply};
use axum::body::Body;
use axum::http::{Method, Request, header};

pub const EXAMPLE_ORG: &str = include_str!("../../scenarios/example-org.yaml");
pub const ORG_ADMIN: (&str, &str) = ("admin@example.org", "admin");
pub const SALES_LEAD: (&str, &str) = ("sales.lead@example.org", "lead");
pub const SUPPORT_LEAD: (&str, &str) = ("support.lead@example.org", "lead");
pub const TIER2_LEAD: (&str, &str) = ("tier2.lead@example.org", "lead");

const BOUNDARY: &str = "----wfo-harness-test-boundary";

/// One part of a form.
pub struct Part<'a> {
    pub name: &'a str,
    pub file_name: Option<&'a str>,
    pub content_type: &'a str,
    pub data: &'a [u8],
}

/// A CSV file part named `file`.
pub fn csv_part(data: &str) -> Part<'_> {
    Part {
        name: "file",
        file_name: Some("org.csv"),
        content_type: "text/csv",
        data: data.as_bytes(),
    }
}

pub fn form(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for p in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let file = p
            .file_name
            .map(|f| format!("; filename=\"{f}\""))
            .unwrap_or_default();
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{}\"{file}\r\nContent-Type: {}\r\n\r\n",
                p.name, p.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(p.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts a multipart form.
pub async fn post_form(h: &Harness, path: &str, cookie: &str, parts: &[Part<'_>]) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(form(parts)))
        .unwrap();
    h.send(request).await
}

/// Uploads one CSV to the Bulk Organization Import API (`groups`, `teams`, `persons`).
pub async fn upload(h: &Harness, cookie: &str, kind: &str, csv: &str) -> Reply {
    post_form(h, &format!("/api/upload/{kind}"), cookie, &[csv_part(csv)]).await
}

/// `PUT` with a JSON body.
pub async fn put(h: &Harness, path: &str, cookie: &str, body: &str) -> Reply {
    h.call(Method::PUT, path, Some(cookie), Some(body)).await
}

/// The Export API's CSV of `kind`.
pub async fn export(h: &Harness, cookie: &str, kind: &str) -> String {
    let r = h
        .get(&format!("/api/rest/fileexport/{kind}"), Some(cookie))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
}
