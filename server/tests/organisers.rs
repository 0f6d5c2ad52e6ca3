//! 登记填报 for organisers: units (credit code, review), drafts saved with `If-Match`
//! versions (412 with the current version), submitting (422 per field, the window at its exact
//! boundary seconds, the unit's approval), history, and the deadlines endpoint. Every answer
//! is checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";

fn activity(id: &str) -> String {
    format!("/organiser/activities/{id}")
}

#[tokio::test]
async fn roles_tell_the_client_what_to_show() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let r = s.get("/me/roles", &organiser).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["units"][0]["id"], UNIT);
    assert_eq!(r.body["reviewer"], false);
    let beijing = s.log_in(BEIJING).await;
    let r = s.get("/me/roles", &beijing).await;
    assert_eq!(
        r.body["review_scopes"],
        json!([{ "type": "province", "id": "110000", "name": "北京市" }])
    );
    assert_eq!(
        (r.body["reviewer"].clone(), r.body["admin"].clone()),
        (json!(true), json!(false))
    );
    let admin = s.log_in(ADMIN).await;
    assert_eq!(s.get("/me/roles", &admin).await.body["admin"], true);
    let anonymous = s.call("GET", "/me/roles", None, None, &[]).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn deadlines_come_from_the_server_clock() {
    let s = start_at("2021-09-24T23:59:59+08:00").await;
    let a = s.call("GET", "/organiser/deadlines", None, None, &[]).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert_eq!(a.body["submission"]["open"], true);
    assert_eq!(
        a.body["submission"]["closes_at"],
        "2021-09-25T00:00:00+08:00"
    );
    let ids: Vec<&str> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["registration", "completion", "summary", "recommendation"]
    );
    assert_eq!(a.body["items"][3]["last_day"], "2021-10-29");
    s.clock.advance(chrono::Duration::seconds(1));
    let a = s.call("GET", "/organiser/deadlines", None, None, &[]).await;
    assert_eq!(a.body["submission"]["open"], false);
}

#[tokio::test]
async fn a_unit_is_registered_with_a_checked_credit_code_and_reviewed_in_its_province() {
    let s = start_at(SEPT_13).await;
    let someone = s.log_in("13912340001").await;
    let mut unit = json!({
        "name": "上海市徐汇区科学技术协会",
        "kind": "local-association",
        "credit_code": "91110108MA01AAAAAM",
        "province_code": "310000",
        "city_code": "110108",
        "contact_name": "李老师",
        "contact_phone": "13912340001",
        "society_id": "unit_999999"
    });
    let bad = s.post("/organiser/units", &someone, unit.clone()).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.fields(), ["credit_code", "city_code", "society_id"]);
    unit["credit_code"] = json!(CREDIT_CODE.to_lowercase());
    unit["city_code"] = json!("310104");
    unit["society_id"] = json!(SOCIETY);
    let created = s
        .call(
            "POST",
            "/organiser/units",
            Some(&someone),
            Some(unit.clone()),
            &[("Idempotency-Key", "unit-create-0001")],
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "pending");
    assert_eq!(created.body["credit_code"], CREDIT_CODE, "upper-cased");
    assert_eq!(created.body["society"]["name"], "中国核学会");
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/organiser/units/{id}").as_str())
    );
    // A retry with the same key does not register it twice.
    let again = s
        .call(
            "POST",
            "/organiser/units",
            Some(&someone),
            Some(unit),
            &[("Idempotency-Key", "unit-create-0001")],
        )
        .await;
    assert_eq!(
        (again.status, again.body["id"].as_str()),
        (201, Some(id.as_str()))
    );
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    let mine = s.get("/organiser/units", &someone).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);

    // Beijing cannot see it; Shanghai returns it; the organiser corrects it; Shanghai approves.
    let beijing = s.log_in(BEIJING).await;
    let path = format!("/review/units/{id}");
    assert_eq!(s.get(&path, &beijing).await.status, 404);
    let shanghai = s.log_in(SHANGHAI).await;
    let decision = format!("/review/units/{id}/decision");
    let empty = s
        .post(
            &decision,
            &shanghai,
            json!({ "decision": "return", "reason": "  " }),
        )
        .await;
    assert_eq!(
        (empty.status, empty.fields()),
        (422, vec!["reason".to_string()])
    );
    let returned = s
        .post(
            &decision,
            &shanghai,
            json!({ "decision": "return", "reason": "联系电话无法接通" }),
        )
        .await;
    assert_eq!(returned.body["status"], "returned");
    assert_eq!(returned.body["return_reason"], "联系电话无法接通");
    let fixed = s
        .patch(
            &format!("/organiser/units/{id}"),
            &someone,
            json!({ "contact_phone": "13912340009" }),
            None,
        )
        .await;
    assert_eq!(fixed.body["status"], "pending");
    let approved = s
        .post(&decision, &shanghai, json!({ "decision": "approve" }))
        .await;
    assert_eq!(approved.body["status"], "approved");
    let again = s
        .post(&decision, &shanghai, json!({ "decision": "approve" }))
        .await;
    assert_eq!(again.status, 409);
    let history = s
        .get(&format!("/organiser/units/{id}/history"), &someone)
        .await;
    let steps: Vec<(Value, Value, Value)> = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["from"].clone(), h["to"].clone(), h["fields"].clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (Value::Null, json!("pending"), json!([])),
            (json!("pending"), json!("returned"), json!([])),
            (
                json!("returned"),
                json!("pending"),
                json!(["contact_phone"])
            ),
            (json!("pending"), json!("approved"), json!([])),
        ]
    );
}

#[tokio::test]
async fn a_stale_if_match_gets_412_with_the_current_version() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let d = s
        .draft(&organiser, UNIT, json!({ "title": "走进量子世界" }))
        .await;
    let id = d["id"].as_str().unwrap();
    assert_eq!(d["version"], 1);
    assert!(
        d["incomplete"].as_array().unwrap().len() > 5,
        "a draft may be incomplete"
    );
    let patch = |body: Value, if_match: Option<&'static str>| {
        let s = &s;
        let organiser = organiser.clone();
        let path = activity(id);
        async move { s.patch(&path, &organiser, body, if_match).await }
    };
    // Tab A saves version 1 → 2.
    let a = patch(json!({ "summary": "甲的简介" }), Some("\"v1\"")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        (a.body["version"].clone(), a.header("etag")),
        (json!(2), Some("\"v2\""))
    );
    // Tab B still holds version 1: refused, with what the server has now.
    let b = patch(json!({ "summary": "乙的简介" }), Some("\"v1\"")).await;
    assert_eq!((b.status, b.slug()), (412, "version-mismatch".to_string()));
    assert_eq!(b.body["current"]["version"], 2);
    assert_eq!(b.body["current"]["summary"], "甲的简介");
    // No If-Match at all: 428.
    let none = patch(json!({ "summary": "丙" }), None).await;
    assert_eq!(
        (none.status, none.slug()),
        (428, "precondition-required".to_string())
    );
    // Values that can never be right are refused on save, each named.
    let bad = patch(
        json!({ "themes": ["no-such-theme"], "capacity": 0, "starts_at": "明天", "title": "长".repeat(61) }),
        Some("\"v2\""),
    )
    .await;
    assert_eq!(bad.status, 422);
    let mut fields = bad.fields();
    fields.sort();
    assert_eq!(fields, ["capacity", "starts_at", "themes", "title"]);
    // A date outside 9月11日–17日 is only a warning.
    let early = patch(
        json!({ "starts_at": "2021-09-01T09:00:00+08:00" }),
        Some("\"v2\""),
    )
    .await;
    assert_eq!(early.status, 200);
    assert_eq!(early.body["warnings"][0]["field"], "starts_at");
    // Someone else's draft is a 404, for reads and writes.
    let other = s.log_in("13912340002").await;
    let theirs = s.get(&activity(id), &other).await;
    assert_eq!(theirs.status, 404);
}

#[tokio::test]
async fn submitting_names_every_missing_field_then_succeeds_and_is_kept_in_history() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let d = s
        .draft(
            &organiser,
            UNIT,
            json!({ "title": "走进量子世界", "format": "hybrid", "online_url": "http://x.org" }),
        )
        .await;
    let id = d["id"].as_str().unwrap();
    let submit = format!("{}/submit", activity(id));
    let refused = s.call("POST", &submit, Some(&organiser), None, &[]).await;
    assert_eq!(refused.status, 422);
    let fields = refused.fields();
    for f in [
        "summary",
        "venue_address",
        "capacity",
        "online_url",
        "starts_at",
        "cover_upload_id",
        "marks_confirmed",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
    assert!(!fields.contains(&"title".to_string()));
    let mut all = s.complete_fields(&organiser, "走进量子世界").await;
    all["format"] = json!("hybrid");
    let saved = s
        .patch(&activity(id), &organiser, all, Some("\"v1\""))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["incomplete"], json!([]));
    let stale = s
        .call(
            "POST",
            &submit,
            Some(&organiser),
            None,
            &[("If-Match", "\"v1\"")],
        )
        .await;
    assert_eq!(stale.status, 412);
    let ok = s
        .call(
            "POST",
            &submit,
            Some(&organiser),
            None,
            &[("If-Match", "\"v2\"")],
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["status"], "submitted");
    let twice = s.call("POST", &submit, Some(&organiser), None, &[]).await;
    assert_eq!(twice.status, 409);
    let locked = s
        .patch(
            &activity(id),
            &organiser,
            json!({"title": "改"}),
            Some("\"v3\""),
        )
        .await;
    assert_eq!(locked.status, 409, "a submitted activity is not editable");
    let history = s
        .get(&format!("{}/history", activity(id)), &organiser)
        .await;
    let items = history.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["from"].clone(), items[0]["to"].clone()),
        (Value::Null, json!("draft"))
    );
    assert_eq!(
        (items[1]["from"].clone(), items[1]["to"].clone()),
        (json!("draft"), json!("submitted"))
    );
    assert_eq!(items[1]["actor"]["role"], "organiser");
    let saved = items[1]["fields"].as_array().unwrap();
    for f in ["title", "format", "online_url", "cover_upload_id"] {
        assert!(
            saved.contains(&json!(f)),
            "{f} in {saved:?}: saved since creation"
        );
    }
    let listed = s
        .get("/organiser/activities?status=submitted", &organiser)
        .await;
    assert_eq!(listed.body["total"], 1);
}

/// Submits a complete draft at `at`; the status.
async fn submit_at(at: &str) -> (u16, Value) {
    let s = start_at(at).await;
    let organiser = s.log_in(ORGANISER).await;
    let fields = s.complete_fields(&organiser, "边界活动").await;
    let d = s.draft(&organiser, UNIT, fields).await;
    let id = d["id"].as_str().unwrap();
    let a = s
        .call(
            "POST",
            &format!("{}/submit", activity(id)),
            Some(&organiser),
            None,
            &[],
        )
        .await;
    (a.status, a.body)
}

#[tokio::test]
async fn the_window_opens_at_0816_000000_and_closes_after_0924_235959() {
    let (status, closed) = submit_at("2021-08-15T23:59:59+08:00").await;
    assert_eq!(status, 409);
    assert_eq!(
        closed["type"],
        "https://kepuri.example/problems/window-closed"
    );
    assert_eq!(closed["opens_at"], "2021-08-16T00:00:00+08:00");
    assert_eq!(closed["closes_at"], "2021-09-25T00:00:00+08:00");
    assert_eq!(submit_at("2021-08-16T00:00:00+08:00").await.0, 200);
    assert_eq!(submit_at("2021-09-24T23:59:59+08:00").await.0, 200);
    let (status, closed) = submit_at("2021-09-25T00:00:00+08:00").await;
    assert_eq!(
        (status, closed["type"].as_str()),
        (409, Some("https://kepuri.example/problems/window-closed"))
    );
}

#[tokio::test]
async fn only_an_approved_unit_can_submit() {
    let s = start_at(SEPT_13).await;
    let someone = s.log_in("13912340003").await;
    let unit = s
        .post(
            "/organiser/units",
            &someone,
            json!({
                "name": "北京市第一中学", "kind": "school", "credit_code": CREDIT_CODE,
                "province_code": "110000", "city_code": "110101", "contact_name": "张老师",
                "contact_phone": "13912340003"
            }),
        )
        .await;
    let unit_id = unit.body["id"].as_str().unwrap().to_string();
    let fields = s.complete_fields(&someone, "中学生科技节").await;
    let d = s.draft(&someone, &unit_id, fields).await;
    let id = d["id"].as_str().unwrap();
    let a = s
        .call(
            "POST",
            &format!("{}/submit", activity(id)),
            Some(&someone),
            None,
            &[],
        )
        .await;
    assert_eq!((a.status, a.slug()), (409, "unit-not-approved".to_string()));
    // Drafts only go to one's own units.
    let foreign = s
        .post(
            "/organiser/activities",
            &someone,
            json!({ "unit_id": UNIT }),
        )
        .await;
    assert_eq!(
        (foreign.status, foreign.fields()),
        (422, vec!["unit_id".to_string()])
    );
}

#[tokio::test]
async fn a_cover_must_be_a_finished_jpeg_png_or_webp_of_the_caller() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let d = s.draft(&organiser, UNIT, json!({})).await;
    let id = d["id"].as_str().unwrap();
    let gif = s.upload_bytes(&organiser, b"GIF89a\x01\x00\x01\x00").await;
    let a = s
        .patch(
            &activity(id),
            &organiser,
            json!({ "cover_upload_id": gif }),
            Some("\"v1\""),
        )
        .await;
    assert_eq!(
        (a.status, a.fields()),
        (415, vec!["cover_upload_id".to_string()])
    );
    let other = s.log_in("13912340004").await;
    let theirs = s.upload_bytes(&other, PNG).await;
    let a = s
        .patch(
            &activity(id),
            &organiser,
            json!({ "cover_upload_id": theirs }),
            Some("\"v1\""),
        )
        .await;
    assert_eq!(
        (a.status, a.fields()),
        (422, vec!["cover_upload_id".to_string()])
    );
    let mine = s.upload_bytes(&organiser, PNG).await;
    let a = s
        .patch(
            &activity(id),
            &organiser,
            json!({ "cover_upload_id": mine }),
            Some("\"v1\""),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["cover_upload_id"], mine);
}

#[tokio::test]
async fn two_saves_of_the_same_version_at_once_keep_one_and_refuse_the_other() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let d = s.draft(&organiser, UNIT, json!({ "title": "并发" })).await;
    let id = d["id"].as_str().unwrap().to_string();
    let path = activity(&id);
    let save = |summary: &'static str| {
        s.patch(
            &path,
            &organiser,
            json!({ "summary": summary }),
            Some("\"v1\""),
        )
    };
    let (a, b) = tokio::join!(save("甲"), save("乙"));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
    let (kept, refused) = if a.status == 200 { (a, b) } else { (b, a) };
    assert_eq!(
        refused.body["current"], kept.body,
        "the refusal carries the saved version"
    );
}

#[tokio::test]
async fn the_history_is_append_only_in_the_database() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    s.draft(&organiser, UNIT, json!({ "title": "历史" })).await;
    let conn = rusqlite::Connection::open(s.dir.path().join("test.db")).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM registration_history", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(rows >= 5, "seeded units and the new draft: {rows}");
    assert!(conn
        .execute("UPDATE registration_history SET reason = 'x'", [])
        .is_err());
    assert!(conn
        .execute("DELETE FROM registration_history", [])
        .is_err());
}
