//! 登记填报 review: scopes and refusals for each role (401 anonymous, 403 without a reviewer
//! role, 404 outside scope), approval making an activity searchable by a one-character keyword
//! at once, returning and resubmitting, batch decisions, cancelling (the public page says
//! cancelled, search drops it) and the history both sides read.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";

async fn decide(s: &CheckedServer, token: &str, id: &str, body: Value) -> Answer {
    s.post(&format!("/review/activities/{id}/decision"), token, body)
        .await
}

/// Public search for `q` (URL-encoded by reqwest): the ids found.
async fn search(s: &CheckedServer, q: &str) -> Vec<String> {
    let body = s
        .server
        .get("/api/v1/activities")
        .map(|b| b.query(&[("q", q), ("limit", "50")]))
        .json_ok()
        .await;
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn approval_makes_an_activity_searchable_by_one_character_at_once() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    // 鲲 is in no seeded activity.
    assert!(search(&s, "鲲").await.is_empty());
    let id = s.submitted(&organiser, "鲲鹏超算开放日").await;
    assert!(search(&s, "鲲").await.is_empty(), "not before approval");
    let unpublished = format!("/media/covers/activities/{id}");
    assert_eq!(s.server.get(&unpublished).await.status(), 404);
    let public = format!("/api/v1/activities/{id}");
    assert_eq!(s.server.get(&public).await.status(), 404);

    let beijing = s.log_in(BEIJING).await;
    let approved = decide(&s, &beijing, &id, json!({ "decision": "approve" })).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(approved.body["status"], "published");
    // Searchable when the approval answered: no restart, no wait.
    assert_eq!(search(&s, "鲲").await, vec![id.clone()]);
    let page = s.get_json(&public).await;
    assert_eq!(page["status"], "published");
    assert_eq!(
        page["unit"],
        json!({ "id": UNIT, "name": "北京市海淀区青少年科技馆" })
    );
    assert_eq!(page["organizer"]["name"], "北京市海淀区青少年科技馆");
    assert_eq!(page["organizer"]["type"], "museum");
    // The organiser's cover, typed by its bytes.
    let cover_url = format!("/media/covers/activities/{id}");
    assert_eq!(page["cover_url"], cover_url.as_str());
    let cover = s.server.get(&cover_url).await;
    assert_eq!(cover.status(), 200);
    assert_eq!(cover.headers()["content-type"], "image/png");
    assert_eq!(cover.bytes().await.unwrap().as_ref(), PNG);

    // The organiser cancels: the page stays and says so, search drops it.
    let cancel = s
        .call(
            "POST",
            &format!("/organiser/activities/{id}/cancel"),
            Some(&organiser),
            Some(json!({ "reason": "因天气原因取消" })),
            &[],
        )
        .await;
    assert_eq!(cancel.status, 200, "{}", cancel.body);
    assert_eq!(cancel.body["status"], "cancelled");
    assert!(search(&s, "鲲").await.is_empty());
    let page = s.get_json(&public).await;
    assert_eq!(page["status"], "cancelled");
    let again = s
        .call(
            "POST",
            &format!("/organiser/activities/{id}/cancel"),
            Some(&organiser),
            Some(json!({})),
            &[],
        )
        .await;
    assert_eq!(again.status, 409);

    // Both sides read the same history.
    let mine = s
        .get(&format!("/organiser/activities/{id}/history"), &organiser)
        .await;
    let theirs = s
        .get(&format!("/review/activities/{id}/history"), &beijing)
        .await;
    assert_eq!(mine.body, theirs.body);
    let steps: Vec<(String, String, Value)> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["to"].as_str().unwrap().to_string(),
                h["actor"]["role"].as_str().unwrap().to_string(),
                h["reason"].clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("draft".into(), "organiser".into(), Value::Null),
            ("submitted".into(), "organiser".into(), Value::Null),
            ("published".into(), "reviewer".into(), Value::Null),
            (
                "cancelled".into(),
                "organiser".into(),
                json!("因天气原因取消")
            ),
        ]
    );
}

#[tokio::test]
async fn a_returned_activity_is_edited_and_resubmitted() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let id = s.submitted(&organiser, "走进量子世界").await;
    let beijing = s.log_in(BEIJING).await;
    let no_reason = decide(&s, &beijing, &id, json!({ "decision": "return" })).await;
    assert_eq!(
        (no_reason.status, no_reason.fields()),
        (422, vec!["reason".to_string()])
    );
    let returned = decide(
        &s,
        &beijing,
        &id,
        json!({ "decision": "return", "reason": "请补充活动场地地址" }),
    )
    .await;
    assert_eq!(returned.body["status"], "returned");
    assert_eq!(returned.body["return_reason"], "请补充活动场地地址");
    let path = format!("/organiser/activities/{id}");
    let current = s.get(&path, &organiser).await;
    let etag = current.header("etag").unwrap().to_string();
    let edited = s
        .patch(
            &path,
            &organiser,
            json!({ "venue_address": "北京市海淀区中关村大街1号科技馆二层" }),
            Some(etag.as_str()),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let resubmitted = s
        .call(
            "POST",
            &format!("{path}/submit"),
            Some(&organiser),
            None,
            &[],
        )
        .await;
    assert_eq!(resubmitted.body["status"], "submitted");
    let history = s
        .get(&format!("/review/activities/{id}/history"), &beijing)
        .await;
    let last = history.body["items"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["from"].clone(), last["to"].clone()),
        (json!("returned"), json!("submitted"))
    );
    assert_eq!(last["fields"], json!(["venue_address"]));
}

#[tokio::test]
async fn each_role_is_refused_what_is_not_theirs() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let id = s.submitted(&organiser, "走进量子世界").await;
    let draft = s.draft(&organiser, UNIT, json!({ "title": "草稿" })).await;
    let draft_id = draft["id"].as_str().unwrap().to_string();
    let beijing = s.log_in(BEIJING).await;
    let shanghai = s.log_in(SHANGHAI).await;
    let admin = s.log_in(ADMIN).await;
    let stranger = s.log_in("13912349999").await;

    // Anonymous: 401 everywhere.
    for path in [
        "/organiser/units".to_string(),
        "/organiser/activities".to_string(),
        format!("/organiser/activities/{id}"),
        "/review/summary".to_string(),
        "/review/activities".to_string(),
        format!("/review/activities/{id}"),
    ] {
        let a = s.call("GET", &path, None, None, &[]).await;
        assert_eq!(a.status, 401, "GET {path}");
    }

    // Not a reviewer (an organiser, or anyone): 403 on every /review route.
    for token in [&organiser, &stranger] {
        for path in [
            "/review/summary".to_string(),
            "/review/units".to_string(),
            "/review/activities".to_string(),
            format!("/review/activities/{id}"),
            format!("/review/units/{UNIT}"),
        ] {
            let a = s.get(&path, token).await;
            assert_eq!(
                (a.status, a.slug()),
                (403, "forbidden".to_string()),
                "{path}"
            );
        }
        let a = decide(&s, token, &id, json!({ "decision": "approve" })).await;
        assert_eq!(a.status, 403);
        let a = s
            .post(
                "/review/activities/decisions",
                token,
                json!({ "ids": [id], "decision": "approve" }),
            )
            .await;
        assert_eq!(a.status, 403);
    }

    // An organiser of another unit: the activity is a 404, as an unknown one.
    let path = format!("/organiser/activities/{id}");
    assert_eq!(s.get(&path, &stranger).await.status, 404);
    let a = s
        .call(
            "POST",
            &format!("{path}/submit"),
            Some(&stranger),
            None,
            &[],
        )
        .await;
    assert_eq!(a.status, 404);
    let a = s.get(&format!("/organiser/units/{UNIT}"), &stranger).await;
    assert_eq!(a.status, 404);
    let listed = s.get("/organiser/activities", &stranger).await;
    assert_eq!(listed.body["total"], 0);

    // Shanghai's reviewer: Beijing's unit and activity do not exist for them.
    let review = format!("/review/activities/{id}");
    assert_eq!(s.get(&review, &shanghai).await.status, 404);
    assert_eq!(
        s.get(&format!("/review/units/{UNIT}"), &shanghai)
            .await
            .status,
        404
    );
    assert_eq!(
        decide(&s, &shanghai, &id, json!({ "decision": "approve" }))
            .await
            .status,
        404
    );
    let queue = s.get("/review/activities", &shanghai).await;
    assert_eq!(queue.body["total"], 0);
    let summary = s.get("/review/summary", &shanghai).await;
    assert_eq!(summary.body["activities"]["submitted"], 0);
    let batch = s
        .post(
            "/review/activities/decisions",
            &shanghai,
            json!({ "ids": [id], "decision": "approve" }),
        )
        .await;
    assert_eq!(
        (
            batch.body["done"].clone(),
            batch.body["items"][0]["outcome"].clone()
        ),
        (json!(0), json!("not-found"))
    );

    // Beijing's reviewer sees it, but never a draft.
    assert_eq!(s.get(&review, &beijing).await.status, 200);
    assert_eq!(
        s.get(&format!("/review/activities/{draft_id}"), &beijing)
            .await
            .status,
        404
    );
    let summary = s.get("/review/summary", &beijing).await;
    assert_eq!(summary.body["activities"]["submitted"], 1);
    assert_eq!(summary.body["units"]["approved"], 2);

    // The admin sees everything.
    assert_eq!(s.get(&review, &admin).await.status, 200);
    let a = decide(&s, &admin, &id, json!({ "decision": "approve" })).await;
    assert_eq!(a.body["status"], "published");
    let history = s.get(&format!("{review}/history"), &beijing).await;
    assert_eq!(history.body["items"][2]["actor"]["role"], "admin");
}

#[tokio::test]
async fn a_society_reviewer_reviews_the_units_affiliated_with_it() {
    let s = start_at(SEPT_13).await;
    // 13800000005 reviews the seeded 全国学会.
    {
        let conn = rusqlite::Connection::open(s.dir.path().join("test.db")).unwrap();
        kepuri_server::grant::grant(
            &conn,
            "13800000005",
            &kepuri_server::grant::Grant::ReviewerOfSociety(SOCIETY.into()),
            0,
        )
        .unwrap();
    }
    let someone = s.log_in("13912340005").await;
    let unit = s
        .post(
            "/organiser/units",
            &someone,
            json!({
                "name": "上海核电科普基地", "kind": "science-base", "credit_code": CREDIT_CODE,
                "province_code": "310000", "city_code": "310115", "contact_name": "赵工",
                "contact_phone": "13912340005", "society_id": SOCIETY
            }),
        )
        .await;
    let unit_id = unit.body["id"].as_str().unwrap().to_string();
    let society = s.log_in("13800000005").await;
    let queue = s.get("/review/units?status=pending", &society).await;
    let ids: Vec<&str> = queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [unit_id.as_str()]);
    let beijing = s.log_in(BEIJING).await;
    let queue = s.get("/review/units?status=pending", &beijing).await;
    assert_eq!(queue.body["total"], 0, "a Shanghai unit is not Beijing's");
    let a = s
        .post(
            &format!("/review/units/{unit_id}/decision"),
            &society,
            json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(a.body["status"], "approved");
}

#[tokio::test]
async fn a_batch_approves_many_and_reports_each_and_lists_filter_and_page() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let mut ids = Vec::new();
    for title in ["貔貅科普甲", "貔貅科普乙", "貔貅科普丙"] {
        ids.push(s.submitted(&organiser, title).await);
    }
    let beijing = s.log_in(BEIJING).await;
    let page1 = s
        .get("/review/activities?status=submitted&limit=2", &beijing)
        .await;
    assert_eq!(page1.body["total"], 3);
    assert_eq!(page1.body["items"].as_array().unwrap().len(), 2);
    let cursor = page1.body["next_cursor"].as_str().unwrap().to_string();
    let page2 = s
        .get(
            &format!("/review/activities?status=submitted&limit=2&cursor={cursor}"),
            &beijing,
        )
        .await;
    assert_eq!(page2.body["items"][0]["id"], ids[2].as_str());
    assert_eq!(page2.body["next_cursor"], Value::Null);
    let filtered = s
        .get(
            "/review/activities?theme=space&event_kind=open-day&from=2021-09-12&to=2021-09-12",
            &beijing,
        )
        .await;
    assert_eq!(filtered.body["total"], 3);
    // (submitted only: the seed's dev unit has two published Beijing activities later in the week.)
    let none = s
        .get(
            "/review/activities?status=submitted&from=2021-09-13",
            &beijing,
        )
        .await;
    assert_eq!(none.body["total"], 0);
    let bad = s
        .get("/review/activities?from=2021-09-14&to=2021-09-13", &beijing)
        .await;
    assert_eq!((bad.status, bad.fields()), (422, vec!["from".to_string()]));
    let foreign_cursor = s
        .get(&format!("/review/activities?cursor={cursor}"), &beijing)
        .await;
    assert_eq!(
        foreign_cursor.status, 422,
        "a cursor belongs to its filters"
    );

    let one = decide(&s, &beijing, &ids[0], json!({ "decision": "approve" })).await;
    assert_eq!(one.status, 200);
    let batch = s
        .call(
            "POST",
            "/review/activities/decisions",
            Some(&beijing),
            Some(json!({ "ids": [ids[0], ids[1], ids[2], "act_r99999"], "decision": "approve" })),
            &[("Idempotency-Key", "batch-approve-0001")],
        )
        .await;
    assert_eq!(batch.status, 200, "{}", batch.body);
    assert_eq!(batch.body["done"], 2);
    let outcomes: Vec<&str> = batch.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["conflict", "done", "done", "not-found"]);
    let mut found = search(&s, "貔").await;
    found.sort();
    assert_eq!(found, ids);
    let empty = s
        .post(
            "/review/activities/decisions",
            &beijing,
            json!({ "ids": [], "decision": "approve" }),
        )
        .await;
    assert_eq!(
        (empty.status, empty.fields()),
        (422, vec!["ids".to_string()])
    );
}
