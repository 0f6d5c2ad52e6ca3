//! 收藏 (issue 19): saving twice keeps one row, removing twice is fine, unknown and unpublished
//! activities are 404s, a cancelled one stays listed, nobody sees another user's list, the list
//! pages newest saved first, logged out is a 401, and the limit holds. Every answer is checked
//! against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";

impl CheckedServer {
    async fn save(&self, token: &str, id: &str) -> Answer {
        self.call("PUT", &format!("/me/saved/{id}"), Some(token), None, &[])
            .await
    }

    async fn unsave(&self, token: &str, id: &str) -> Answer {
        self.call("DELETE", &format!("/me/saved/{id}"), Some(token), None, &[])
            .await
    }

    async fn saved_ids(&self, token: &str) -> Vec<String> {
        let a = self.get("/me/saved/ids", token).await;
        assert_eq!(a.status, 200, "{}", a.body);
        strings(&a.body["ids"])
    }

    /// Every saved item, page after page of `limit`, checking `total` on each page.
    async fn saved_pages(&self, token: &str, limit: usize) -> Vec<Value> {
        let mut items = Vec::new();
        let mut path = format!("/me/saved?limit={limit}");
        loop {
            let page = self.get(&path, token).await;
            assert_eq!(page.status, 200, "{}", page.body);
            let got = page.body["items"].as_array().unwrap();
            assert!(got.len() <= limit);
            items.extend(got.iter().cloned());
            match page.body["next_cursor"].as_str() {
                Some(c) => path = format!("/me/saved?limit={limit}&cursor={c}"),
                None => {
                    assert_eq!(page.body["total"], items.len());
                    return items;
                }
            }
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn ids_of(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn saving_twice_keeps_one_and_removing_twice_is_harmless() {
    let s = start_at(SEPT_13).await;
    let me = s.token(1).await;
    let first = s.save(&me, "act_000042").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["saved"], true);
    assert_eq!(first.body["total"], 1);
    assert_eq!(first.body["limit"], 500);
    assert_eq!(first.body["saved_at"], SEPT_13);

    s.clock.advance(chrono::Duration::seconds(90));
    let again = s.save(&me, "act_000042").await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["total"], 1, "one row");
    assert_eq!(again.body["saved_at"], SEPT_13, "the first saved_at stays");
    assert_eq!(s.saved_ids(&me).await, vec!["act_000042"]);

    for _ in 0..2 {
        let removed = s.unsave(&me, "act_000042").await;
        assert_eq!(removed.status, 200, "{}", removed.body);
        assert_eq!(
            removed.body,
            json!({ "activity_id": "act_000042", "saved": false, "saved_at": null, "total": 0, "limit": 500 })
        );
    }
    assert!(s.saved_ids(&me).await.is_empty());
    assert!(s.saved_pages(&me, 20).await.is_empty());
}

#[tokio::test]
async fn unknown_and_unpublished_activities_are_not_found_and_a_cancelled_one_stays_listed() {
    let s = start_at(SEPT_13).await;
    let me = s.token(1).await;
    for id in ["act_999999", "nonsense"] {
        assert_eq!(s.save(&me, id).await.slug(), "not-found");
        assert_eq!(s.unsave(&me, id).await.slug(), "not-found");
    }

    let organiser = s.log_in(ORGANISER).await;
    let id = s.submitted(&organiser, "鲲鹏超算开放日").await;
    let refused = s.save(&me, &id).await;
    assert_eq!(
        (refused.status, refused.slug().as_str()),
        (404, "not-found")
    );
    assert!(s.saved_ids(&me).await.is_empty(), "nothing saved");

    let beijing = s.log_in(BEIJING).await;
    let approved = s
        .post(
            &format!("/review/activities/{id}/decision"),
            &beijing,
            json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(s.save(&me, &id).await.status, 200);

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
    let items = s.saved_pages(&me, 20).await;
    assert_eq!(ids_of(&items), vec![id.clone()]);
    assert_eq!(items[0]["status"], "cancelled");
    assert_eq!(items[0]["title"], "鲲鹏超算开放日");
    // Saving it again is still a no-op, and removing it works.
    assert_eq!(s.save(&me, &id).await.status, 200);
    assert_eq!(s.unsave(&me, &id).await.body["total"], 0);
}

#[tokio::test]
async fn the_list_pages_newest_saved_first_and_is_nobody_elses() {
    let s = start_at(SEPT_13).await;
    let me = s.token(1).await;
    let other = s.token(2).await;
    let saved: Vec<String> = (1..=7).map(|n| format!("act_{n:06}")).collect();
    for id in &saved {
        assert_eq!(s.save(&me, id).await.status, 200);
        // Two saves in the same second are ordered by the order they were made in.
        if id.ends_with('3') {
            s.clock.advance(chrono::Duration::seconds(5));
        }
    }
    let newest_first: Vec<String> = saved.iter().rev().cloned().collect();
    assert_eq!(s.saved_ids(&me).await, newest_first);
    let items = s.saved_pages(&me, 3).await;
    assert_eq!(ids_of(&items), newest_first);
    assert_eq!(items[0]["status"], "published");
    assert_eq!(items[0]["saved_at"], "2021-09-13T10:00:05+08:00");
    assert_eq!(items[6]["saved_at"], SEPT_13);
    // Activities as search results carry them (places included).
    let act_1 = s.get_json("/api/v1/activities/act_000001").await;
    let item_1 = &items[6];
    for field in [
        "title",
        "cover_url",
        "starts_at",
        "registration",
        "time_status",
    ] {
        assert_eq!(item_1[field], act_1[field], "{field}");
    }

    // Another user sees none of it and removing theirs touches nothing of mine.
    assert!(s.saved_ids(&other).await.is_empty());
    assert!(s.saved_pages(&other, 20).await.is_empty());
    assert_eq!(s.unsave(&other, "act_000001").await.body["total"], 0);
    assert_eq!(s.save(&other, "act_000002").await.body["total"], 1);
    assert_eq!(s.saved_ids(&me).await.len(), 7);

    // A cursor of another list, and a limit out of range, are 422s naming them.
    let bad = s.get("/me/saved?cursor=MTpzMDoxLDI", &me).await;
    assert_eq!(
        (bad.status, bad.fields()),
        (422, vec!["cursor".to_string()])
    );
    let bad = s.get("/me/saved?limit=51", &me).await;
    assert_eq!((bad.status, bad.fields()), (422, vec!["limit".to_string()]));

    // Cached by ETag, per user.
    let first = s.get("/me/saved/ids", &me).await;
    assert_eq!(first.header("vary"), Some("Authorization"));
    let etag = first.header("etag").unwrap().to_string();
    let again = s
        .call(
            "GET",
            "/me/saved/ids",
            Some(&me),
            None,
            &[("If-None-Match", &etag)],
        )
        .await;
    assert_eq!(again.status, 304);
}

#[tokio::test]
async fn logged_out_is_a_401_everywhere() {
    let s = start_at(SEPT_13).await;
    for (method, path) in [
        ("GET", "/me/saved"),
        ("GET", "/me/saved/ids"),
        ("PUT", "/me/saved/act_000001"),
        ("DELETE", "/me/saved/act_000001"),
    ] {
        let a = s.call(method, path, None, None, &[]).await;
        assert_eq!(
            (a.status, a.slug()),
            (401, "unauthorized".to_string()),
            "{method} {path}"
        );
        let a = s.call(method, path, Some("not-a-token"), None, &[]).await;
        assert_eq!(a.status, 401, "{method} {path} with a bad token");
    }
}

#[tokio::test]
async fn the_limit_refuses_one_more_but_never_a_repeat() {
    let s = start_at_with(SEPT_13, |c| c.saved_limit = 3).await;
    let me = s.token(1).await;
    for n in 1..=3 {
        let a = s.save(&me, &format!("act_{n:06}")).await;
        assert_eq!((a.status, a.body["limit"].clone()), (200, json!(3)));
    }
    let over = s.save(&me, "act_000004").await;
    assert_eq!((over.status, over.slug().as_str()), (409, "saved-limit"));
    assert_eq!(over.body["limit"], 3);
    assert_eq!(over.body["instance"], "/api/v1/me/saved/act_000004");
    assert_eq!(s.save(&me, "act_000002").await.status, 200, "a repeat");
    assert_eq!(s.saved_ids(&me).await.len(), 3);
    // Removing one makes room.
    s.unsave(&me, "act_000001").await;
    assert_eq!(s.save(&me, "act_000004").await.status, 200);
}
