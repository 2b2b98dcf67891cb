//! Helpers of the contact tests: the contacts world, multipart bodies, ZIP archives, media.
#![allow(dead_code)]

use crate::common::{Harness, Reply};
use axum::body::Body;
use axum::http::{Method, Request, header};
use std::io::Write;

pub const WORLD: &str = include_str!("../fixtures/contacts/world.yaml");
pub const ADMIN: (&str, &str) = ("admin@example.com", "admin");
pub const MARK: (&str, &str) = ("mark.bunkowske@abc.com", "pw");
pub const JOHN: (&str, &str) = ("john.smith@acme.com", "pw");
pub const SUPERVISOR: (&str, &str) = ("sup@example.com", "pw");
pub const OTHER_TENANT: (&str, &str) = ("other@example.com", "pw");

pub fn world() -> Harness {
    Harness::with_scenario(WORLD)
}

/// One part: (file name, content type, bytes).
pub type PartSpec<'a> = (&'a str, &'a str, Vec<u8>);

pub const BOUNDARY: &str = "XyZzY-boundary-42";

pub fn multipart(parts: &[PartSpec]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, content_type, data) in parts {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

pub async fn upload_raw(h: &Harness, path: &str, cookie: &str, body: Vec<u8>) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    h.send(request).await
}

pub async fn upload(h: &Harness, cookie: &str, parts: &[PartSpec<'_>]) -> Reply {
    upload_raw(h, "/api/upload/contacts", cookie, multipart(parts)).await
}

/// A ZIP archive of (name, bytes) entries, deflated.
pub fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    cursor.into_inner()
}

/// A tiny valid WAV file whose samples depend on `seed`.
pub fn wav(seed: u8) -> Vec<u8> {
    let samples: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(seed)).collect();
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + samples.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&8u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(samples.len() as u32).to_le_bytes());
    v.extend_from_slice(&samples);
    v
}

/// The start of a WebM file followed by `seed`-dependent bytes.
pub fn webm(seed: u8) -> Vec<u8> {
    let mut v = vec![0x1A, 0x45, 0xDF, 0xA3];
    v.extend((0..32u8).map(|i| i ^ seed));
    v
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/contacts/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}
