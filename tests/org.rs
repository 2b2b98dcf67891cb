//! Webex WFO organization APIs over HTTP (seed 001 "Organizational Structure APIs"): tenants,
//! roles, groups, teams, persons, scope and view rules.

mod common;
mod org_common;

use common::{ADMIN, AGENT, Harness};
use org_common::*;
use serde_json::{Value, json};

fn ids(v: &Value, key: &str) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_u64().unwrap())
        .collect()
}

// ---- Tenant API -------------------------------------------------------------------------

#[tokio::test]
async fn tenants_list_and_create() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let list = h.get("/api/rest/org/tenant", Some(&admin)).await;
    assert_eq!(list.status, 200);
    snap_json!("tenant_list", list.json());

    let created = h
        .post(
            "/api/rest/org/tenant",
            Some(&admin),
            r#"{"name": "tenant 2", "activated": 1395035860000, "deactivated": 32503615200000}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("tenant_created", created.json());
    let list = h.get("/api/rest/org/tenant", Some(&admin)).await.json();
    assert_eq!(ids(&list, "id"), vec![1, 8]);

    let missing = h
        .post("/api/rest/org/tenant", Some(&admin), r#"{"name": "x"}"#)
        .await;
    assert_eq!(missing.status, 400);
    snap_json!("tenant_missing_activated", missing.json());
    let twice = h
        .post(
            "/api/rest/org/tenant",
            Some(&admin),
            r#"{"name": "tenant 2", "activated": 0}"#,
        )
        .await;
    assert_eq!(twice.status, 409);
    let bad_date = h
        .post(
            "/api/rest/org/tenant",
            Some(&admin),
            r#"{"name": "t3", "activated": true}"#,
        )
        .await;
    assert_eq!(bad_date.status, 400);
    assert!(bad_date.message().contains("activated"));
}

// ---- Roles API --------------------------------------------------------------------------

#[tokio::test]
async fn roles_list_create_and_refuse() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let list = h
        .get("/api/rest/org/role/by/tenant?tenantId=1", Some(&admin))
        .await;
    assert_eq!(list.status, 200);
    snap_json!("roles_list", list.json());
    assert_eq!(
        h.get("/api/rest/org/role/by/tenant", Some(&admin))
            .await
            .json(),
        list.json()
    );
    assert_eq!(
        h.get("/api/rest/org/role/by/tenant?tenantId=99", Some(&admin))
            .await
            .status,
        404
    );
    let bad = h
        .get("/api/rest/org/role/by/tenant?tenantId=one", Some(&admin))
        .await;
    assert_eq!(bad.status, 400);
    snap_json!("roles_bad_tenant", bad.json());

    let created = h
        .post(
            "/api/rest/org/role/by/tenant",
            Some(&admin),
            r#"{"name": "SUPERVISOR", "tenantId": 1, "permissions": [{"id": 1, "name": "ViewOrg"}, {"id": 2}, "BulkImport"]}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("role_created", created.json());
    let unknown = h
        .post(
            "/api/rest/org/role/by/tenant",
            Some(&admin),
            r#"{"name": "X", "tenantId": 1, "permissions": [{"name": "FlyToTheMoon"}]}"#,
        )
        .await;
    assert_eq!(unknown.status, 400);
    snap_json!("role_unknown_permission", unknown.json());
    let dup = h
        .post(
            "/api/rest/org/role/by/tenant",
            Some(&admin),
            r#"{"name": "supervisor", "tenantId": 1, "permissions": []}"#,
        )
        .await;
    assert_eq!(dup.status, 409);
    let other = h
        .post(
            "/api/rest/org/role/by/tenant",
            Some(&admin),
            r#"{"name": "Y", "tenantId": 2, "permissions": []}"#,
        )
        .await;
    assert_eq!(other.status, 403);
}

#[tokio::test]
async fn assign_roles_reads_and_replaces_a_persons_roles() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let read = h.post("/api/rest/org/common/5", Some(&admin), "{}").await;
    assert_eq!(read.status, 200, "{}", read.text());
    snap_json!("assign_roles_read", read.json());
    let set = h
        .post(
            "/api/rest/org/common/5",
            Some(&admin),
            r#"{"roles": [6, "Agent"]}"#,
        )
        .await;
    assert_eq!(set.status, 200);
    assert_eq!(ids(&set.json(), "id"), vec![6, 7]);
    // A changed role applies from the next login.
    let agent = h.login(AGENT).await;
    assert_eq!(
        h.get("/api/rest/org/tenant", Some(&agent)).await.status,
        200
    );
    let unknown = h
        .post(
            "/api/rest/org/common/5",
            Some(&admin),
            r#"{"roles": ["Nope"]}"#,
        )
        .await;
    assert_eq!(unknown.status, 400);
    snap_json!("assign_roles_unknown", unknown.json());
    assert_eq!(
        h.post("/api/rest/org/common/999", Some(&admin), "{}")
            .await
            .status,
        404
    );
    assert_eq!(
        h.post("/api/rest/org/common/abc", Some(&admin), "{}")
            .await
            .status,
        400
    );
}

// ---- Groups -----------------------------------------------------------------------------

#[tokio::test]
async fn groups_create_read_update_delete() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let created = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            r#"{"name": "Sales", "parentGroupId": 1}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("group_created", created.json());
    let id = created.json()["id"].as_u64().unwrap();

    let sub = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            &format!(r#"{{"name": "Sales East", "parentGroupId": {id}, "teams": [3]}}"#),
        )
        .await;
    assert_eq!(sub.status, 200, "{}", sub.text());
    let sub_id = sub.json()["id"].as_u64().unwrap();
    assert_eq!(
        sub.json()["teams"],
        json!([{"name": "Default Team", "groupId": 3}])
    );

    let get = h
        .get(&format!("/api/rest/org/group/{sub_id}"), Some(&admin))
        .await;
    assert_eq!(get.status, 200);
    snap_json!("group_get", get.json());
    let with_teams = h
        .get(
            &format!("/api/rest/org/common/group/{sub_id}"),
            Some(&admin),
        )
        .await;
    snap_json!("group_get_with_teams", with_teams.json());

    let renamed = h
        .post(
            &format!("/api/rest/org/common/group/{sub_id}"),
            Some(&admin),
            r#"{"name": "Sales West", "parentGroupId": 1}"#,
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    assert_eq!(renamed.json()[0]["name"], "Sales West");
    assert_eq!(renamed.json()[0]["parentGroupId"], 1);
    let dated = h
        .post(
            &format!("/api/rest/org/group/{sub_id}"),
            Some(&admin),
            r#"{"deactivated": 1767225600000}"#,
        )
        .await;
    assert_eq!(dated.status, 200, "{}", dated.text());
    assert_eq!(dated.json()[0]["deactivated"], 1767225600000i64);
    assert_eq!(dated.json()[0]["name"], "Sales West");

    // A group with teams cannot be deleted; an empty one can.
    let refused = h
        .delete(
            &format!("/api/rest/org/common/group/{sub_id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, 409);
    snap_json!("group_delete_refused", refused.json());
    let deleted = h
        .delete(&format!("/api/rest/org/common/group/{id}"), Some(&admin))
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    assert_eq!(
        h.get(&format!("/api/rest/org/group/{id}"), Some(&admin))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn group_requests_are_checked() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let missing = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            r#"{"name": "X"}"#,
        )
        .await;
    assert_eq!(missing.status, 400);
    snap_json!("group_missing_parent", missing.json());
    let dup = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            r#"{"name": "default group", "parentGroupId": 1}"#,
        )
        .await;
    assert_eq!(dup.status, 409);
    snap_json!("group_duplicate", dup.json());
    let long = json!({"name": "x".repeat(61), "parentGroupId": 1}).to_string();
    let too_long = h
        .post("/api/rest/org/common/group", Some(&admin), &long)
        .await;
    assert_eq!(too_long.status, 400);
    assert!(too_long.message().contains("60"));
    let bad_parent = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            r#"{"name": "Y", "parentGroupId": 99}"#,
        )
        .await;
    assert_eq!(bad_parent.status, 400);
    let cycle = h
        .post(
            "/api/rest/org/common/group/2",
            Some(&admin),
            r#"{"name": "Default Group", "parentGroupId": 2}"#,
        )
        .await;
    assert_eq!(cycle.status, 400);
    assert_eq!(
        h.get("/api/rest/org/group/99", Some(&admin)).await.status,
        404
    );
    let bad_id = h.get("/api/rest/org/common/group/abc", Some(&admin)).await;
    assert_eq!(bad_id.status, 400);
    snap_json!("group_bad_id", bad_id.json());
    let not_json = h
        .post("/api/rest/org/common/group", Some(&admin), "[1, 2]")
        .await;
    assert_eq!(not_json.status, 400);
}

#[tokio::test]
async fn scoped_listings_follow_the_permission_and_the_scope() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let admin = h.login(ORG_ADMIN).await;
    let all = h
        .get(
            "/api/rest/org/common/group/permission/ViewOrg",
            Some(&admin),
        )
        .await;
    assert_eq!(all.status, 200);
    snap_json!("group_scope_list_admin", all.json());

    let sales = h.login(SALES_LEAD).await;
    let mine = h
        .get(
            "/api/rest/org/common/group/permission/ViewOrg",
            Some(&sales),
        )
        .await
        .json();
    assert_eq!(ids(&mine, "id"), vec![2]);
    let teams = h
        .get("/api/rest/org/common/team/permission/ViewOrg", Some(&sales))
        .await;
    snap_json!("team_scope_list_sales", teams.json());

    let support = h.login(SUPPORT_LEAD).await;
    let groups = h
        .get(
            "/api/rest/org/common/group/permission/UpdateOrg",
            Some(&support),
        )
        .await
        .json();
    assert_eq!(ids(&groups, "id"), vec![3, 4], "Support and its subgroup");

    // A permission the caller does not hold lists nothing; an unknown one is 400.
    let none = h
        .get(
            "/api/rest/org/common/team/permission/AdministerQM",
            Some(&sales),
        )
        .await;
    assert_eq!((none.status, none.json()), (200, json!([])));
    let unknown = h
        .get(
            "/api/rest/org/common/team/permission/MakeCoffee",
            Some(&sales),
        )
        .await;
    assert_eq!(unknown.status, 400);
    snap_json!("scope_list_unknown_permission", unknown.json());
}

#[tokio::test]
async fn drilldown_shows_groups_teams_and_agents_in_scope() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let tier2 = h.login(TIER2_LEAD).await;
    let r = h
        .get(
            "/api/rest/org/common/common/permission/ViewOrg",
            Some(&tier2),
        )
        .await;
    assert_eq!(r.status, 200);
    snap_json!("drilldown_tier2", r.json());
    let admin = h.login(ORG_ADMIN).await;
    let all = h
        .get(
            "/api/rest/org/common/common/permission/ViewOrg",
            Some(&admin),
        )
        .await
        .json();
    let agents: usize = all
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["teams"].as_array().unwrap())
        .map(|t| t["agents"].as_array().unwrap().len())
        .sum();
    assert_eq!(agents, 207);
    let unknown = h
        .get("/api/rest/org/common/common/permission/Nope", Some(&admin))
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn out_of_scope_entities_are_403_by_id_and_absent_from_lists() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let tier2 = h.login(TIER2_LEAD).await;
    let person = h.get("/api/rest/org/common/person/16", Some(&tier2)).await;
    assert_eq!(person.status, 403);
    snap_json!("person_out_of_scope", person.json());
    assert_eq!(
        h.get("/api/rest/org/common/team/7", Some(&tier2))
            .await
            .status,
        403
    );
    assert_eq!(
        h.get("/api/rest/org/group/2", Some(&tier2)).await.status,
        403
    );
    assert_eq!(
        h.get("/api/rest/org/common/person/17", Some(&tier2))
            .await
            .status,
        200
    );
    // Themselves, always.
    assert_eq!(
        h.get("/api/rest/org/common/person/15", Some(&tier2))
            .await
            .status,
        200
    );
    let sales = h.login(SALES_LEAD).await;
    let moved = put(
        &h,
        "/api/rest/org/group/2/person/",
        &sales,
        r#"{"personId": 16}"#,
    )
    .await;
    assert_eq!(moved.status, 403);
}

// ---- Group-Person API -------------------------------------------------------------------

#[tokio::test]
async fn group_person_lists_reassigns_and_adds() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let admin = h.login(ORG_ADMIN).await;
    let support = h.get("/api/rest/org/group/3/person/", Some(&admin)).await;
    assert_eq!(support.status, 200);
    snap_json!("group_person_list", support.json());
    let moved = put(
        &h,
        "/api/rest/org/group/3/person/",
        &admin,
        r#"{"personId": 18}"#,
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    assert_eq!(ids(&moved.json(), "personId"), vec![14, 16, 18]);
    let person = h
        .get("/api/rest/org/common/person/18", Some(&admin))
        .await
        .json();
    assert_eq!(person["groupId"], 7, "the group's first team");
    let added = h
        .post(
            "/api/rest/org/group/4/person/",
            Some(&admin),
            r#"{"personId": "18"}"#,
        )
        .await;
    assert_eq!(added.status, 200);
    assert_eq!(ids(&added.json(), "personId"), vec![15, 17, 18]);

    let missing = put(&h, "/api/rest/org/group/3/person/", &admin, "{}").await;
    assert_eq!(missing.status, 400);
    snap_json!("group_person_missing", missing.json());
    let nobody = put(
        &h,
        "/api/rest/org/group/3/person/",
        &admin,
        r#"{"personId": 999}"#,
    )
    .await;
    assert_eq!(nobody.status, 404);
    // A group without a team cannot take a person.
    let empty = h
        .post(
            "/api/rest/org/common/group",
            Some(&admin),
            r#"{"name": "Empty", "parentGroupId": 1}"#,
        )
        .await
        .json();
    let r = put(
        &h,
        &format!("/api/rest/org/group/{}/person/", empty["id"]),
        &admin,
        r#"{"personId": 18}"#,
    )
    .await;
    assert_eq!(r.status, 409);
    snap_json!("group_person_no_team", r.json());
}

// ---- Teams ------------------------------------------------------------------------------

#[tokio::test]
async fn teams_create_read_update_delete() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let created = h
        .post(
            "/api/rest/org/common/team",
            Some(&admin),
            r#"{"name": "team one", "parentGroupId": 2, "users": [5]}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("team_created", created.json());
    let id = created.json()[0]["id"].as_u64().unwrap();
    // The example's spelling: parentTeamId and a comma list of users.
    let second = h
        .post(
            "/api/rest/org/common/team",
            Some(&admin),
            r#"{"name": "team two", "parentTeamId": 2, "users": "4"}"#,
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.text());

    let get = h
        .get(&format!("/api/rest/org/common/team/{id}"), Some(&admin))
        .await;
    assert_eq!(get.json()[0]["agents"][0]["personId"], 5);
    let updated = put(
        &h,
        &format!("/api/rest/org/common/team/{id}"),
        &admin,
        r#"{"name": "Team One", "parentGroupId": 2}"#,
    )
    .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.json()[0]["name"], "Team One");
    let missing = put(
        &h,
        &format!("/api/rest/org/common/team/{id}"),
        &admin,
        r#"{"name": "x"}"#,
    )
    .await;
    assert_eq!(missing.status, 400);
    snap_json!("team_update_missing_parent", missing.json());

    let refused = h
        .delete(&format!("/api/rest/org/common/team/{id}"), Some(&admin))
        .await;
    assert_eq!(refused.status, 409);
    snap_json!("team_delete_refused", refused.json());
    // Emptied, it goes.
    assert_eq!(
        put(
            &h,
            "/api/rest/org/group/2/person/",
            &admin,
            r#"{"personId": 5}"#
        )
        .await
        .status,
        200
    );
    let person = h
        .get("/api/rest/org/common/person/5", Some(&admin))
        .await
        .json();
    assert_eq!(
        person["groupId"],
        json!(id),
        "already in one of the group's teams"
    );
    let r = h
        .post("/api/rest/org/common/team/3", Some(&admin), "{}")
        .await;
    assert_eq!(r.status, 405);
    let moved = put(
        &h,
        "/api/rest/org/common/person/5",
        &admin,
        &json!({"id": 5, "acdId": "123ABC", "acdServerId": "1", "firstName": "Avery", "lastName": "Agent",
            "email": "agent@example.com", "displayName": "Avery Agent", "activated": 1767571200000i64,
            "groupId": 3, "timeZone": "America/Chicago"}).to_string(),
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    let deleted = h
        .delete(&format!("/api/rest/org/common/team/{id}"), Some(&admin))
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    assert_eq!(
        h.get(&format!("/api/rest/org/common/team/{id}"), Some(&admin))
            .await
            .status,
        404
    );

    let dup = h
        .post(
            "/api/rest/org/common/team",
            Some(&admin),
            r#"{"name": "Default Team", "parentGroupId": 2}"#,
        )
        .await;
    assert_eq!(dup.status, 409);
    let no_group = h
        .post(
            "/api/rest/org/common/team",
            Some(&admin),
            r#"{"name": "T9", "parentGroupId": 77}"#,
        )
        .await;
    assert_eq!(no_group.status, 400);
    snap_json!("team_unknown_group", no_group.json());
}

#[tokio::test]
async fn team_scope_create_needs_the_permission_and_the_group_in_scope() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let sales = h.login(SALES_LEAD).await;
    let ok = h
        .post(
            "/api/rest/org/common/team/permission/UpdateOrg",
            Some(&sales),
            r#"{"name": "Renewals", "ParentGroupId": 2}"#,
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    let outside = h
        .post(
            "/api/rest/org/common/team/permission/UpdateOrg",
            Some(&sales),
            r#"{"name": "Sneaky", "ParentGroupId": 3}"#,
        )
        .await;
    assert_eq!(outside.status, 403);
    let not_held = h
        .post(
            "/api/rest/org/common/team/permission/AdministerQM",
            Some(&sales),
            r#"{"name": "Other", "ParentGroupId": 2}"#,
        )
        .await;
    assert_eq!(not_held.status, 403);
    snap_json!("team_scope_create_not_held", not_held.json());
    let group = h
        .post(
            "/api/rest/org/common/group/permission/UpdateOrg",
            Some(&sales),
            r#"{"name": "Sales North", "parentGroupId": 2}"#,
        )
        .await;
    assert_eq!(group.status, 200, "{}", group.text());
    let top = h
        .post(
            "/api/rest/org/common/group/permission/UpdateOrg",
            Some(&sales),
            r#"{"name": "Top", "parentGroupId": 1}"#,
        )
        .await;
    assert_eq!(top.status, 403);
}

// ---- Persons ----------------------------------------------------------------------------

const NEW_PERSON: &str = r#"{
  "firstName": "Al", "lastName": "Dente", "email": "al.dente@domain.com", "password": "123456789",
  "timeZone": 1, "acdId": "999", "enabledForScheduling": true,
  "agentDetail": {"skillMappings": [1, 2], "exceptions": [1, 2],
    "views": [{"viewId": 1, "mainView": true}], "workShifts": [{"workShiftId": 1, "shiftWeekStart": "2014-08-01"}]}
}"#;

#[tokio::test]
async fn persons_create_get_update_and_time_zone() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let created = h
        .post("/api/rest/org/common/person", Some(&admin), NEW_PERSON)
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("person_created", created.json());
    let id = created.json()["id"].as_u64().unwrap();
    assert_eq!(
        created.json()["roles"],
        json!([7]),
        "the default agent role"
    );
    // The new person can log in with its password.
    h.login(("al.dente@domain.com", "123456789")).await;

    let dup = h
        .post("/api/rest/org/common/person", Some(&admin), NEW_PERSON)
        .await;
    assert_eq!(dup.status, 409);
    snap_json!("person_duplicate_email", dup.json());

    let mut edit = h
        .get(&format!("/api/rest/org/common/person/{id}"), Some(&admin))
        .await
        .json();
    assert_eq!(edit, created.json());
    // Seed 001 "Person by ID API": acdServerId is required on PUT; the create did not set it.
    let missing = put(
        &h,
        &format!("/api/rest/org/common/person/{id}"),
        &admin,
        &edit.to_string(),
    )
    .await;
    assert_eq!(missing.status, 400);
    assert!(missing.message().contains("acdServerId"));
    edit["acdServerId"] = json!("1");
    edit["firstName"] = json!("Albert");
    edit["timeZone"] = json!("Europe/Paris");
    edit["active"] = json!(false);
    let updated = put(
        &h,
        &format!("/api/rest/org/common/person/{id}"),
        &admin,
        &edit.to_string(),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    snap_json!("person_updated", updated.json());
    let tz = h
        .get(&format!("/api/rest/org/person/{id}/timezone"), Some(&admin))
        .await;
    assert_eq!(
        tz.json(),
        json!([{"id": "GMT+1:00", "name": "Central European Time"}])
    );
    let chicago = h.get("/api/rest/org/person/4/timezone", Some(&admin)).await;
    snap_json!("person_timezone", chicago.json());
    // Deactivated: the person can no longer log in.
    let login = h
        .post(
            "/api/rest/authorize",
            None,
            r#"{"userId": "al.dente@domain.com", "password": "123456789"}"#,
        )
        .await;
    assert_eq!(login.status, 401);
}

#[tokio::test]
async fn person_requests_are_checked() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let empty = h
        .post(
            "/api/rest/org/common/person",
            Some(&admin),
            r#"{"lastName": "Only"}"#,
        )
        .await;
    assert_eq!(empty.status, 400);
    snap_json!("person_missing_fields", empty.json());
    let mut bad = serde_json::from_str::<Value>(NEW_PERSON).unwrap();
    bad["email"] = json!("not-an-email");
    let r = h
        .post(
            "/api/rest/org/common/person",
            Some(&admin),
            &bad.to_string(),
        )
        .await;
    assert_eq!(r.status, 400);
    bad["email"] = json!("z@z.z");
    bad["timeZone"] = json!(99);
    let r = h
        .post(
            "/api/rest/org/common/person",
            Some(&admin),
            &bad.to_string(),
        )
        .await;
    assert_eq!(r.status, 400);
    snap_json!("person_bad_time_zone", r.json());
    bad["timeZone"] = json!("America/Denver");
    bad["enabledForScheduling"] = json!("maybe");
    let r = h
        .post(
            "/api/rest/org/common/person",
            Some(&admin),
            &bad.to_string(),
        )
        .await;
    assert_eq!(r.status, 400);
    bad["enabledForScheduling"] = json!("true");
    bad["groupId"] = json!(42);
    let r = h
        .post(
            "/api/rest/org/common/person",
            Some(&admin),
            &bad.to_string(),
        )
        .await;
    assert_eq!(r.status, 400);

    assert_eq!(
        h.get("/api/rest/org/common/person/999", Some(&admin))
            .await
            .status,
        404
    );
    assert_eq!(
        h.get("/api/rest/org/common/person/x", Some(&admin))
            .await
            .status,
        400
    );
    let put_missing = put(&h, "/api/rest/org/common/person/5", &admin, r#"{"id": 5}"#).await;
    assert_eq!(put_missing.status, 400);
    snap_json!("person_update_missing_fields", put_missing.json());
    let mut edit = h
        .get("/api/rest/org/common/person/5", Some(&admin))
        .await
        .json();
    edit["id"] = json!(4);
    let wrong_id = put(
        &h,
        "/api/rest/org/common/person/5",
        &admin,
        &edit.to_string(),
    )
    .await;
    assert_eq!(wrong_id.status, 400);
    edit["id"] = json!(5);
    edit["email"] = json!("ADMIN@example.com");
    let taken = put(
        &h,
        "/api/rest/org/common/person/5",
        &admin,
        &edit.to_string(),
    )
    .await;
    assert_eq!(taken.status, 409);
    edit["email"] = json!("agent@example.com");
    edit["activated"] = json!("not a date");
    let bad_date = put(
        &h,
        "/api/rest/org/common/person/5",
        &admin,
        &edit.to_string(),
    )
    .await;
    assert_eq!(bad_date.status, 400);
    snap_json!("person_update_bad_date", bad_date.json());
}

#[tokio::test]
async fn team_with_agents_shows_the_seed_fields() {
    let h = Harness::with_scenario(EXAMPLE_ORG);
    let admin = h.login(ORG_ADMIN).await;
    let r = h.get("/api/rest/org/common/team/8", Some(&admin)).await;
    assert_eq!(r.status, 200);
    snap_json!("team_get_with_agents", r.json());
}

#[tokio::test]
async fn changing_roles_needs_update_org() {
    let yaml = EXAMPLE_ORG.replace(
        "permissions: [ViewOrg, UpdateOrg, BulkImport, SearchContacts]",
        "permissions: [ViewOrg]",
    );
    let h = Harness::with_scenario(&yaml);
    let viewer = h.login(SALES_LEAD).await;
    let read = h.post("/api/rest/org/common/18", Some(&viewer), "").await;
    assert_eq!(read.status, 200, "{}", read.text());
    let write = h
        .post(
            "/api/rest/org/common/18",
            Some(&viewer),
            r#"{"roles": ["Supervisor"]}"#,
        )
        .await;
    assert_eq!(write.status, 403);
    snap_json!("assign_roles_needs_update_org", write.json());
}
