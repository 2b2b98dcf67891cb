//! Properties of the bulk org import (seed 001 "Bulk Organization Import API": "The import is
//! repeatable ... It is safe to import the same file multiple times"; one file is atomic; an
//! identifier is never blanked) and of the Export API (what it writes imports back unchanged).

mod common;
mod org_common;

use common::{ADMIN, Harness};
use org_common::*;
use proptest::prelude::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One persons row: an existing person (agent 5 or admin 4) matched by one identifier, or a new one.
#[derive(Debug, Clone)]
struct Row {
    /// 0 = new person n, 4/5 = an existing person of the default scenario.
    existing: u64,
    n: usize,
    first: String,
    last: String,
    /// Which identifiers the row carries (email, adLogin, acdId); the matching one always.
    with_login: bool,
    with_acd: bool,
    team: &'static str,
    time_zone: Option<&'static str>,
    roles: Vec<&'static str>,
    scheduling: bool,
    activated: Option<(u32, u32, u32)>,
    deactivated: Option<(u32, u32, u32)>,
}

const HEADER: &str = "personId,email,firstName,lastName,timeZone,adLogin,memberGroup,activated,deactivated,roles,scopegroups,scopeteams,enableScheduling,scopetenant,acdId,acdServerId";

fn date((m, d, y): (u32, u32, u32)) -> String {
    format!("{m:02}/{d:02}/{y}")
}

impl Row {
    fn csv(&self, unique: usize) -> String {
        let (email, login, acd) = match self.existing {
            4 => (
                "admin@example.com".to_string(),
                "EXAMPLE\\admin".to_string(),
                "1001".to_string(),
            ),
            5 => (
                "agent@example.com".to_string(),
                "EXAMPLE\\agent".to_string(),
                "123ABC".to_string(),
            ),
            _ => (
                format!("new{unique}.{}@example.com", self.n),
                format!("EXAMPLE\\new{unique}x{}", self.n),
                format!("{}", 7000 + unique * 100 + self.n),
            ),
        };
        let opt = |on: bool, v: &str| if on { v.to_string() } else { String::new() };
        let acd_on = self.with_acd || self.scheduling;
        [
            "0".to_string(),
            email,
            self.first.clone(),
            self.last.clone(),
            self.time_zone.unwrap_or("").to_string(),
            opt(self.with_login, &login),
            self.team.to_string(),
            self.activated.map(date).unwrap_or_default(),
            self.deactivated.map(date).unwrap_or_default(),
            self.roles.join(";"),
            String::new(),
            String::new(),
            if self.scheduling { "True" } else { "false" }.to_string(),
            String::new(),
            opt(acd_on, &acd),
            "1".to_string(),
        ]
        .join(",")
    }
}

fn a_date() -> impl Strategy<Value = (u32, u32, u32)> {
    (1u32..=12, 1u32..=28, 2000u32..=2030)
}

fn a_row() -> impl Strategy<Value = Row> {
    (
        prop_oneof![Just(0u64), Just(0u64), Just(4u64), Just(5u64)],
        0usize..6,
        "[A-Z][a-z]{0,9}",
        "[A-Z][a-z]{0,9}",
        any::<(bool, bool, bool)>(),
        prop_oneof![Just("Default Team"), Just("Second Team")],
        proptest::option::of(prop_oneof![Just("America/Chicago"), Just("Europe/Paris")]),
        proptest::sample::subsequence(vec!["Agent", "Administrator"], 0..=2),
        proptest::option::of(a_date()),
        proptest::option::of(a_date()),
    )
        .prop_map(
            |(
                existing,
                n,
                first,
                last,
                (with_login, with_acd, scheduling),
                team,
                time_zone,
                roles,
                activated,
                deactivated,
            )| Row {
                existing,
                n,
                first,
                last,
                with_login,
                with_acd,
                team,
                time_zone,
                roles,
                scheduling,
                activated,
                deactivated,
            },
        )
}

/// A valid persons file: each person (new n, or existing) appears at most once.
fn a_file() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(a_row(), 1..8).prop_map(|rows| {
        let mut seen = std::collections::BTreeSet::new();
        rows.into_iter()
            .filter(|r| seen.insert((r.existing, if r.existing == 0 { r.n } else { 0 })))
            .collect()
    })
}

fn file(rows: &[Row], unique: usize) -> String {
    let mut out = String::from(HEADER);
    for r in rows {
        out.push('\n');
        out.push_str(&r.csv(unique));
    }
    out.push('\n');
    out
}

/// A harness with a second team, logged in as the administrator.
async fn org() -> (Harness, String) {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let teams = "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n0,Second Team,01/01/2025,,Default Group,False\n";
    assert_eq!(upload(&h, &admin, "teams", teams).await.status, 200);
    (h, admin)
}

async fn exports(h: &Harness, admin: &str) -> Vec<String> {
    let mut out = Vec::new();
    for kind in ["groups", "teams", "persons"] {
        out.push(export(h, admin, kind).await);
    }
    out
}

/// Ways to spoil one row of a valid file.
fn corrupt(line: &str, how: usize) -> String {
    let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
    match how {
        0 => cells[7] = "02/30/2021".into(), // not a calendar date
        1 => cells[12] = "perhaps".into(),   // not True/False
        2 => cells[2] = "x".repeat(51),      // firstName over 50
        3 => cells.truncate(5),              // a short row
        4 => cells[6] = "No Such Team".into(),
        5 => cells[9] = "Wizard".into(), // unknown role
        _ => cells[1] = String::new(),   // email blank
    }
    cells.join(",")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// (1) Export → import of the exported CSV is a no-op, whatever the org looks like.
    #[test]
    fn exported_csv_reimports_as_a_no_op(rows in a_file()) {
        runtime().block_on(async {
            let (h, admin) = org().await;
            let r = upload(&h, &admin, "persons", &file(&rows, 1)).await;
            prop_assert_eq!(r.status, 200, "{}", r.text());
            let before = exports(&h, &admin).await;
            for (kind, csv) in ["groups", "teams", "persons"].iter().zip(&before) {
                let r = upload(&h, &admin, kind, csv).await;
                prop_assert_eq!(r.status, 200, "{}", r.text());
                let body = r.json();
                prop_assert_eq!((body["inserted"].as_u64(), body["updated"].as_u64()), (Some(0), Some(0)), "{}", kind);
            }
            prop_assert_eq!(exports(&h, &admin).await, before);
            Ok(())
        })?;
    }

    /// (2) Importing the same valid file twice equals importing it once.
    #[test]
    fn importing_twice_equals_importing_once(rows in a_file()) {
        runtime().block_on(async {
            let (h, admin) = org().await;
            let csv = file(&rows, 2);
            let first = upload(&h, &admin, "persons", &csv).await;
            prop_assert_eq!(first.status, 200, "{}", first.text());
            let once = exports(&h, &admin).await;
            let second = upload(&h, &admin, "persons", &csv).await.json();
            prop_assert_eq!(second["inserted"].as_u64(), Some(0));
            prop_assert_eq!(second["updated"].as_u64(), Some(0));
            prop_assert_eq!(second["unchanged"].as_u64(), Some(rows.len() as u64));
            prop_assert_eq!(exports(&h, &admin).await, once);
            Ok(())
        })?;
    }

    /// (3) A file with any one corrupted row changes nothing, and that row is reported.
    #[test]
    fn one_corrupted_row_changes_nothing(rows in a_file(), pick in any::<prop::sample::Index>(), how in 0usize..7) {
        runtime().block_on(async {
            let (h, admin) = org().await;
            let before = exports(&h, &admin).await;
            let csv = file(&rows, 3);
            let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
            let at = 1 + pick.index(lines.len() - 1);
            lines[at] = corrupt(&lines[at], how);
            let r = upload(&h, &admin, "persons", &(lines.join("\n") + "\n")).await;
            prop_assert_eq!(r.status, 400, "{}", r.text());
            let errors = r.json()["errors"].clone();
            prop_assert!(errors.as_array().unwrap().iter().any(|e| e["line"] == (at as u64 + 1)), "{}", errors);
            prop_assert_eq!(exports(&h, &admin).await, before);
            Ok(())
        })?;
    }

    /// (4) An identifier (email, adLogin, acdId) present before an import is never blank after.
    #[test]
    fn identifiers_are_never_blanked(rows in a_file()) {
        runtime().block_on(async {
            let (h, admin) = org().await;
            let r = upload(&h, &admin, "persons", &file(&rows, 4)).await;
            prop_assert_eq!(r.status, 200, "{}", r.text());
            for id in [4, 5] {
                let p = h.get(&format!("/api/rest/org/common/person/{id}"), Some(&admin)).await.json();
                for field in ["email", "adLogin", "acdId"] {
                    prop_assert!(p[field].as_str().is_some_and(|v| !v.is_empty()), "person {} lost {}: {}", id, field, p);
                }
            }
            Ok(())
        })?;
    }
}
