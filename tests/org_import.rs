//! Seed 001 "Bulk Organization Import API", "Import API", "Export API" and "Import Preference
//! APIs" over HTTP.

mod common;
mod org_common;

use common::{ADMIN, AGENT, Harness};
use org_common::*;
use serde_json::json;

const GROUPS_HEADER: &str = "id,name,activatedDate,deactivatedDate";
const TEAMS_HEADER: &str =
    "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation";

// ---- Bulk Organization Import API: groups and teams -------------------------------------

#[tokio::test]
async fn groups_import_inserts_then_leaves_unchanged() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let csv = "id,name,activatedDate,deactivatedDate\n0,Sales,01/04/2018,01/01/2019\n0,Finance,01/04/2018,12/31/2999\n";
    let first = upload(&h, &admin, "groups", csv).await;
    assert_eq!(first.status, 200, "{}", first.text());
    snap_json!("groups_first_import", first.json());
    let again = upload(&h, &admin, "groups", csv).await;
    assert_eq!(again.status, 200);
    snap_json!("groups_second_import", again.json());
    let exported = export(&h, &admin, "groups").await;
    snap_text!("groups_export", exported);
    // The exported file (labels as headers) imports back unchanged, with the groups' ids.
    let back = upload(&h, &admin, "groups", &exported).await.json();
    assert_eq!(
        (
            back["inserted"].clone(),
            back["updated"].clone(),
            back["unchanged"].clone()
        ),
        (json!(0), json!(0), json!(3))
    );
}

#[tokio::test]
async fn the_seeds_groups_example_is_refused_for_its_bad_date_and_changes_nothing() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let seed_example = "id,name,activatedDate,deactivatedDate\n0,Sales,01/04/2018,01/01/2019\n0,Finance,01/04/2018,0180182019\n";
    let r = upload(&h, &admin, "groups", seed_example).await;
    assert_eq!(r.status, 400);
    snap_json!("groups_bad_date", r.json());
    assert_eq!(
        export(&h, &admin, "groups").await.lines().count(),
        2,
        "header and Default Group"
    );
}

#[tokio::test]
async fn every_bad_row_is_listed_with_line_column_and_reason() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let csv = format!(
        "{TEAMS_HEADER}\n0,Good,01/04/2018,,Default Group,True\n5,New But Numbered,,,Default Group,True\n0,{},,,Default Group,yes\n0,Orphan,,,Nowhere,False\n0,Short,01/04/2018\n0,Bad Date,02/30/2020,,Default Group,True\n",
        "x".repeat(61)
    );
    let r = upload(&h, &admin, "teams", &csv).await;
    assert_eq!(r.status, 400);
    snap_json!("teams_many_bad_rows", r.json());
    assert_eq!(
        export(&h, &admin, "teams").await.lines().count(),
        2,
        "nothing was written"
    );
}

#[tokio::test]
async fn group_and_team_headers_must_be_exact() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let cases = [
        (
            "groups_header_missing",
            "groups",
            "id,name,activatedDate\n0,A,01/01/2020\n",
        ),
        (
            "groups_header_extra",
            "groups",
            "id,name,activatedDate,deactivatedDate,colour\n0,A,,,red\n",
        ),
        (
            "groups_header_reordered",
            "groups",
            "name,id,activatedDate,deactivatedDate\nA,0,,\n",
        ),
        (
            "teams_header_missing",
            "teams",
            "id,name,activatedDate,deactivatedDate,parentGroupId\n",
        ),
    ];
    for (name, kind, csv) in cases {
        let r = upload(&h, &admin, kind, csv).await;
        assert_eq!(r.status, 400, "{name}");
        snap_json!(name, r.json());
    }
}

#[tokio::test]
async fn teams_import_creates_and_moves_teams_between_groups() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let groups = format!("{GROUPS_HEADER}\n0,Sales,01/04/2018,01/01/2019\n");
    assert_eq!(upload(&h, &admin, "groups", &groups).await.status, 200);
    let teams = format!(
        "{TEAMS_HEADER}\n0,Car Sales,01/04/2018,01/01/2019,Sales,True\n0,Parts Sales,01/04/2018,01/01/2019,Sales,False\n"
    );
    let r = upload(&h, &admin, "teams", &teams).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_json!("teams_import", r.json());
    let moved = format!("{TEAMS_HEADER}\n0,car sales,01/04/2018,01/01/2019,Default Group,TRUE\n");
    let r = upload(&h, &admin, "teams", &moved).await.json();
    assert_eq!(r["updated"], 1);
    let text = export(&h, &admin, "teams").await;
    snap_text!("teams_export", text);
}

// ---- Bulk Organization Import API: persons ------------------------------------------------

#[tokio::test]
async fn persons_import_inserts_with_the_default_role_and_matches_by_any_identifier() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let csv = "personId,email,firstName,lastName,timeZone,adLogin,memberGroup,activated,deactivated,locale,roles,scopegroups,scopeteams,enableScheduling,scopetenant,acdId,acdServerId\n\
        0,new.agent@example.com,New,Agent,America/New_York,EXAMPLE\\new,Default Team,02/01/2026,,en,,,,false,false,2001,1\n\
        0,changed.email@example.com,Avery,Agent,,,,,,,Agent;Administrator,Default Group,Default Team,True,FALSE,123ABC,\n";
    let r = upload(&h, &admin, "persons", csv).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_json!("persons_import", r.json());
    let new_id = r.json()["rows"][0]["id"].as_u64().unwrap();
    let new = h
        .get(
            &format!("/api/rest/org/common/person/{new_id}"),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(new["roles"], json!([7]), "the default agent role");
    // Matched on acdId: the email changed, the blank adLogin did not blank the stored one.
    let agent = h
        .get("/api/rest/org/common/person/5", Some(&admin))
        .await
        .json();
    assert_eq!(agent["email"], "changed.email@example.com");
    assert_eq!(agent["adLogin"], "EXAMPLE\\agent");
    assert_eq!(agent["roles"], json!([7, 6]));
    assert_eq!(agent["enabledForScheduling"], true);
    let again = upload(&h, &admin, "persons", csv).await.json();
    assert_eq!(again["unchanged"], 2, "{again}");
    let text = export(&h, &admin, "persons").await;
    snap_text!("persons_export", text);
}

#[tokio::test]
async fn persons_rows_are_checked() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let csv = format!(
        "personId,email,firstName,lastName,activated,enableScheduling,roles,memberGroup,acdId\n\
        0,,No,Email,,,,,\n\
        0,a@example.com,{},Long,,,,,\n\
        0,b@example.com,Bad,Date,13/01/2020,,,,\n\
        0,c@example.com,Bad,Bool,,maybe,,,\n\
        0,d@example.com,Bad,Role,,,Wizard,,\n\
        0,e@example.com,Bad,Team,,,,Nowhere,\n\
        7,f@example.com,Wrong,Id,,,,,\n\
        0,agent@example.com,Two,Persons,,,,,1001\n\
        0,g@example.com,No,Acd,,true,,,\n",
        "n".repeat(51)
    );
    let r = upload(&h, &admin, "persons", &csv).await;
    assert_eq!(r.status, 400);
    snap_json!("persons_bad_rows", r.json());
    let missing = upload(&h, &admin, "persons", "email,firstName\nx@y.z,X\n").await;
    assert_eq!(missing.status, 400);
    snap_json!("persons_missing_column", missing.json());
}

#[tokio::test]
async fn files_that_cannot_be_read_are_400() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let empty = upload(&h, &admin, "groups", "").await;
    assert_eq!(empty.status, 400);
    snap_json!("upload_empty", empty.json());
    let latin1 = post_form(
        &h,
        "/api/upload/groups",
        &admin,
        &[Part {
            name: "file",
            file_name: Some("g.csv"),
            content_type: "text/csv",
            data: b"id,name,activatedDate,deactivatedDate\n0,Caf\xe9,,\n",
        }],
    )
    .await;
    assert_eq!(latin1.status, 400);
    snap_json!("upload_not_utf8", latin1.json());
    let no_file = post_form(
        &h,
        "/api/upload/groups",
        &admin,
        &[Part {
            name: "comment",
            file_name: None,
            content_type: "text/plain",
            data: b"hello",
        }],
    )
    .await;
    assert_eq!(no_file.status, 400);
    snap_json!("upload_no_file", no_file.json());
    let short_row = upload(
        &h,
        &admin,
        "groups",
        &format!("{GROUPS_HEADER}\n0,A,01/01/2020\n"),
    )
    .await;
    assert_eq!(short_row.status, 400);
    assert_eq!(short_row.json()["errors"][0]["line"], 2);
    let not_multipart = h.post("/api/upload/groups", Some(&admin), "{}").await;
    assert_eq!(not_multipart.status, 415);
    let agent = h.login(AGENT).await;
    assert_eq!(
        upload(&h, &agent, "groups", GROUPS_HEADER).await.status,
        403
    );
}

#[tokio::test]
async fn the_transcript_summarises_the_upload() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    upload(
        &h,
        &admin,
        "groups",
        &format!("{GROUPS_HEADER}\n0,Sales,,\n"),
    )
    .await;
    let t = h.transcript("").await;
    let last = t.last().unwrap();
    let text = last.to_string();
    assert!(
        text.contains("org.csv") && text.contains("sha256"),
        "{text}"
    );
}

// ---- Export API ---------------------------------------------------------------------------

#[tokio::test]
async fn export_honours_view_rules_acd_id_and_basic_info() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let tier2 = h.login(TIER2_LEAD).await;
    let r = h.get("/api/rest/fileexport/persons", Some(&tier2)).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    snap_text!("export_persons_tier2", r.text());
    let basic = h
        .get("/api/rest/fileexport/persons?basicInfo=True", Some(&tier2))
        .await;
    snap_text!("export_persons_basic", basic.text());
    let admin = h.login(ORG_ADMIN).await;
    let all = export(&h, &admin, "persons").await;
    assert_eq!(all.lines().count(), 208);
    let acd = h
        .get(
            "/api/rest/fileexport/persons?acdId=2&basicInfo=false",
            Some(&admin),
        )
        .await
        .text();
    assert_eq!(acd.lines().count(), 3, "{acd}");
    let sales = h.login(SALES_LEAD).await;
    let text = export(&h, &sales, "groups").await;
    snap_text!("export_groups_sales", text);
    let bad = h
        .get("/api/rest/fileexport/persons?basicInfo=sure", Some(&admin))
        .await;
    assert_eq!(bad.status, 400);
    let unknown = h.get("/api/rest/fileexport/widgets", Some(&admin)).await;
    assert_eq!(unknown.status, 404);
    snap_json!("export_unknown_type", unknown.json());
}

#[tokio::test]
async fn the_whole_example_org_exports_and_reimports_unchanged() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let admin = h.login(ORG_ADMIN).await;
    for kind in ["groups", "teams", "persons"] {
        let before = export(&h, &admin, kind).await;
        let r = upload(&h, &admin, kind, &before).await;
        assert_eq!(r.status, 200, "{kind}: {}", r.text());
        let body = r.json();
        assert_eq!(
            (body["inserted"].as_u64(), body["updated"].as_u64()),
            (Some(0), Some(0)),
            "{kind}"
        );
        assert_eq!(export(&h, &admin, kind).await, before, "{kind}");
    }
}

// ---- Import API ---------------------------------------------------------------------------

#[tokio::test]
async fn import_api_describes_the_fields() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    for kind in ["teams", "groups", "users"] {
        let r = h
            .get(&format!("/api/rest/fileimport/{kind}"), Some(&admin))
            .await;
        assert_eq!(r.status, 200);
        snap_json!(format!("describe_{kind}"), r.json());
    }
    let basic = h
        .get("/api/rest/fileimport/users?basicInfo=true", Some(&admin))
        .await
        .json();
    assert_eq!(basic["fields"].as_array().unwrap().len(), 4);
    assert_eq!(
        h.get("/api/rest/fileimport/widgets", Some(&admin))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn import_api_applies_the_mapping_and_its_data_types() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let mapping = json!({
        "tenantId": 1,
        "mapping": [
            {"column": "Team ID", "field": "id", "dataType": "Integer"},
            {"column": "Name", "field": "name", "dataType": "Text"},
            {"column": "Activated Date", "field": "activatedDate", "dataType": "DD/MM/YYYY"},
            {"column": "Group", "field": "parentGroupId", "dataType": "Text"},
            {"column": "Productivity Compilation", "field": "productivityCompilation", "dataType": "TrueFalse"}
        ]
    })
    .to_string();
    let csv = "Team ID,Name,Activated Date,Group,Productivity Compilation\n0,Night Shift,31/12/2025,Default Group,false\n";
    let parts = [
        csv_part(csv),
        Part {
            name: "mapping",
            file_name: None,
            content_type: "application/json",
            data: mapping.as_bytes(),
        },
    ];
    let r = post_form(&h, "/api/rest/fileimport/teams", &admin, &parts).await;
    assert_eq!(r.status, 200, "{}", r.text());
    snap_json!("import_api_success", r.json());
    let teams = export(&h, &admin, "teams").await;
    assert!(
        teams.contains("Night Shift,12/31/2025,12/31/2999,Default Group,False"),
        "{teams}"
    );

    // A US date read as European is refused with its line; nothing is written.
    let bad_csv = "Team ID,Name,Activated Date,Group,Productivity Compilation\n0,Day Shift,12/31/2025,Default Group,true\n";
    let parts = [
        csv_part(bad_csv),
        Part {
            name: "mapping",
            file_name: None,
            content_type: "application/json",
            data: mapping.as_bytes(),
        },
    ];
    let r = post_form(&h, "/api/rest/fileimport/teams", &admin, &parts).await;
    assert_eq!(r.status, 400);
    snap_json!("import_api_bad_row", r.json());

    let wrong_field =
        json!({"mapping": [{"column": "Name", "field": "colour", "dataType": "Text"}]}).to_string();
    let parts = [
        csv_part(bad_csv),
        Part {
            name: "mapping",
            file_name: None,
            content_type: "application/json",
            data: wrong_field.as_bytes(),
        },
    ];
    let r = post_form(&h, "/api/rest/fileimport/teams", &admin, &parts).await;
    assert_eq!(r.status, 400);
    snap_json!("import_api_unknown_field", r.json());
    // Without a mapping, the columns are read by name (an exported file imports as it is).
    let exported = export(&h, &admin, "persons").await;
    let r = post_form(
        &h,
        "/api/rest/fileimport/users",
        &admin,
        &[csv_part(&exported)],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post_form(
        &h,
        "/api/rest/fileimport/robots",
        &admin,
        &[csv_part(&exported)],
    )
    .await;
    assert_eq!(r.status, 404);
}

// ---- Import Preference APIs -----------------------------------------------------------------

#[tokio::test]
async fn import_preferences_crud() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let created = h
        .post(
            "/api/rest/importpreference",
            Some(&admin),
            r#"{"name": "My Preference", "type": "persons", "mapping": [{"field": "personId", "column": "personId", "dataType": "Text"}]}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("importpref_created", created.json());
    let id = created.json()["id"].as_u64().unwrap();
    h.post(
        "/api/rest/importpreference",
        Some(&admin),
        r#"{"name": "My Group Mapping", "type": "groups", "mappings": []}"#,
    )
    .await;
    let list = h.get("/api/rest/importpreference", Some(&admin)).await;
    snap_json!("importpref_list", list.json());
    let updated = put(
        &h,
        &format!("/api/rest/importpreference/{id}"),
        &admin,
        r#"{"name": "Updated Name", "type": "persons", "mapping": [{"field": "personId", "column": "Person ID", "dataType": "Integer"}, {"field": "email", "column": "Email", "dataType": "Text"}]}"#,
    )
    .await;
    assert_eq!(updated.status, 200);
    let got = h
        .get(&format!("/api/rest/importpreference/{id}"), Some(&admin))
        .await;
    assert_eq!(got.json(), updated.json());
    snap_json!("importpref_get", got.json());
    let deleted = h
        .delete(&format!("/api/rest/importpreference/{id}"), Some(&admin))
        .await;
    assert_eq!((deleted.status, deleted.body.len()), (200, 0));
    let gone = h
        .get(&format!("/api/rest/importpreference/{id}"), Some(&admin))
        .await;
    assert_eq!(gone.status, 404);
    snap_json!("importpref_not_found", gone.json());
    for (name, body) in [
        ("importpref_bad_type", r#"{"name": "x", "type": "robots"}"#),
        ("importpref_missing_name", r#"{"type": "persons"}"#),
        (
            "importpref_bad_field",
            r#"{"name": "x", "type": "teams", "mapping": [{"field": "email", "column": "E"}]}"#,
        ),
        (
            "importpref_bad_data_type",
            r#"{"name": "x", "type": "teams", "mapping": [{"field": "name", "column": "N", "dataType": "Colour"}]}"#,
        ),
    ] {
        let r = h
            .post("/api/rest/importpreference", Some(&admin), body)
            .await;
        assert_eq!(r.status, 400, "{name}");
        snap_json!(name, r.json());
    }
}
