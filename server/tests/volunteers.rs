//! 点赞科技志愿 over real HTTP: the list (filters, both orders, cursors, 422s), one volunteer,
//! likes (once per China day across midnight, the daily allowance, Idempotency-Key replays,
//! exact counts under concurrency, 401), `/me/likes` and the leaderboard.
mod common;

use common::{assert_problem, TestServer, DEMO_NOW};
use kepuri_server::Config;
use serde_json::{json, Value};
use std::collections::HashSet;

/// A server with `--dev-codes`, its clock started at `at` (RFC 3339).
async fn server_at(at: &str, tweak: impl FnOnce(&mut Config)) -> TestServer {
    common::start_clocked(at, tweak).await
}

async fn server() -> TestServer {
    server_at(DEMO_NOW, |_| {}).await
}

async fn like(s: &TestServer, id: &str, token: &str, key: Option<&str>) -> reqwest::Response {
    s.post(&format!("/api/v1/volunteers/{id}/likes"))
        .auth(token)
        .maybe_key(key)
        .await
}

async fn like_count(s: &TestServer, id: &str) -> i64 {
    s.get_json(&format!("/api/v1/volunteers/{id}")).await["like_count"]
        .as_i64()
        .unwrap()
}

/// Every volunteer of `query`, 50 a page.
async fn all_pages(s: &TestServer, query: &str) -> Vec<Value> {
    s.all_pages(&format!("/api/v1/volunteers?{query}&limit=50"))
        .await
}

#[tokio::test]
async fn the_list_pages_through_every_volunteer_in_both_orders() {
    let s = server().await;
    let first = s.get_json("/api/v1/volunteers").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    let total = first["total"].as_i64().unwrap();
    assert!((250..=350).contains(&total), "{total}");
    let v = &first["items"][0];
    for field in [
        "id",
        "name",
        "kind",
        "organization",
        "region",
        "service_areas",
        "service_hours",
        "story",
        "photo_url",
        "like_count",
    ] {
        assert!(!v[field].is_null(), "{field}");
    }
    assert_eq!(v["liked_by_me_today"], false);

    // sort=likes: like_count descending, ties by id; the cursor pages without gaps or repeats.
    let by_likes = all_pages(&s, "sort=likes").await;
    assert_eq!(by_likes.len() as i64, total);
    let keys: Vec<(i64, String)> = by_likes
        .iter()
        .map(|v| {
            (
                -v["like_count"].as_i64().unwrap(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let unique: HashSet<_> = keys.iter().map(|k| k.1.clone()).collect();
    assert_eq!(unique.len() as i64, total);

    // sort=newest: every volunteer once, and a different order.
    let newest = all_pages(&s, "sort=newest").await;
    let newest_ids: HashSet<_> = newest.iter().map(|v| v["id"].to_string()).collect();
    assert_eq!(newest_ids.len() as i64, total);
    assert_ne!(newest[0]["id"], by_likes[0]["id"]);
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let s = server().await;
    let zhejiang = all_pages(&s, "province=330000").await;
    assert!(!zhejiang.is_empty());
    assert!(zhejiang
        .iter()
        .all(|v| v["region"]["province_code"] == "330000"
            && v["region"]["province_name"] == "浙江省"));

    let teams = all_pages(&s, "kind=team").await;
    let people = all_pages(&s, "kind=person").await;
    assert!(teams.iter().all(|v| v["kind"] == "team"));
    assert!(people.iter().all(|v| v["kind"] == "person"));
    let total = s.get_json("/api/v1/volunteers").await["total"]
        .as_i64()
        .unwrap();
    assert_eq!((teams.len() + people.len()) as i64, total);

    // One character works, and matches name, organisation or service areas.
    for q in ["王", "气象", "服务队"] {
        let found = all_pages(&s, &format!("q={q}")).await;
        assert!(!found.is_empty(), "{q}");
        for v in &found {
            let areas = v["service_areas"].to_string();
            assert!(
                v["name"].as_str().unwrap().contains(q)
                    || v["organization"].as_str().unwrap().contains(q)
                    || areas.contains(q),
                "{q}: {v}"
            );
        }
    }
    let both = s
        .get_json("/api/v1/volunteers?q=%E6%9C%8D%E5%8A%A1%E9%98%9F&kind=person")
        .await;
    assert_eq!(both["total"], 0);
    assert_eq!(both["next_cursor"], Value::Null);
}

#[tokio::test]
async fn bad_list_parameters_are_422s_naming_the_field() {
    let s = server().await;
    let other_sort = s.get_json("/api/v1/volunteers?sort=newest&limit=5").await["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    let long_q = "科".repeat(51);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("limit=ten", "limit"),
        ("kind=robot", "kind"),
        ("sort=popular", "sort"),
        ("province=999999", "province"),
        ("province=zj", "province"),
        ("cursor=not-a-cursor", "cursor"),
        (&format!("cursor={other_sort}"), "cursor"),
        (&format!("q={long_q}"), "q"),
    ] {
        let res = s.get(&format!("/api/v1/volunteers?{query}")).await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], field, "{query}");
        assert_eq!(body["instance"], "/api/v1/volunteers");
    }
    // A cursor is tied to its filters too.
    let zj = s
        .get_json("/api/v1/volunteers?province=330000&limit=2")
        .await["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    let res = s
        .get(&format!("/api/v1/volunteers?limit=2&cursor={zj}"))
        .await;
    assert_problem(res, 422, "validation").await;
}

#[tokio::test]
async fn one_volunteer_or_a_404_problem() {
    let s = server().await;
    let v = s.get_json("/api/v1/volunteers/vol_0007").await;
    assert_eq!(v["id"], "vol_0007");
    assert_eq!(v["photo_url"], "/media/photos/vol_0007.svg");
    assert!(v["story"].as_str().unwrap().chars().count() > 10);
    assert!(v["region"]["city_name"].is_string());

    let res = s.get("/api/v1/volunteers/vol_9999").await;
    let body = assert_problem(res, 404, "not-found").await;
    assert_eq!(body["instance"], "/api/v1/volunteers/vol_9999");

    let photo = s.get("/media/photos/vol_0007.svg").await;
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/svg+xml");
    let svg = photo.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(&v["name"].as_str().unwrap()[..3]));
    let missing = s.get("/media/photos/vol_9999.svg").await;
    assert_problem(missing, 404, "not-found").await;
}

#[tokio::test]
async fn liking_needs_a_login_and_a_bad_token_is_never_ignored() {
    let s = server().await;
    let res = s.post("/api/v1/volunteers/vol_0001/likes").await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_problem(res, 401, "unauthorized").await;
    for path in [
        "/api/v1/volunteers",
        "/api/v1/volunteers/vol_0001",
        "/api/v1/volunteers/leaderboard",
        "/api/v1/me/likes",
    ] {
        let res = s.get(path).auth("not-a-real-token").await;
        assert_problem(res, 401, "unauthorized").await;
    }
    assert_problem(s.get("/api/v1/me/likes").await, 401, "unauthorized").await;
    let token = s.token(1).await;
    let res = like(&s, "vol_9999", &token, None).await;
    let body = assert_problem(res, 404, "not-found").await;
    assert_eq!(body["instance"], "/api/v1/volunteers/vol_9999/likes");
}

#[tokio::test]
async fn a_like_counts_once_per_china_day_across_midnight() {
    let s = server_at("2021-09-13T23:59:00+08:00", |_| {}).await;
    let token = s.token(1).await;
    let before = like_count(&s, "vol_0003").await;

    s.set_clock("2021-09-13T23:59:59+08:00");
    let res = like(&s, "vol_0003", &token, None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "like_count": before + 1, "liked_today": true, "remaining_likes_today": 9 })
    );
    let again = like(&s, "vol_0003", &token, None).await;
    let problem = assert_problem(again, 409, "conflict").await;
    assert_eq!(problem["detail"], "今天已经为TA点过赞了，明天再来吧");
    let v = s
        .get("/api/v1/volunteers/vol_0003")
        .auth(&token)
        .json_ok()
        .await;
    assert_eq!(v["liked_by_me_today"], true);
    assert_eq!(v["like_count"], before + 1);
    let midnight = chrono::DateTime::parse_from_rfc3339("2021-09-14T00:00:00+08:00").unwrap();
    assert!(s.clock.now() < midnight, "the test ran past midnight");

    s.set_clock("2021-09-14T00:00:00+08:00");
    let v = s
        .get("/api/v1/volunteers/vol_0003")
        .auth(&token)
        .json_ok()
        .await;
    assert_eq!(v["liked_by_me_today"], false, "a new China day");
    let res = like(&s, "vol_0003", &token, None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["like_count"], before + 2);
    assert_eq!(body["remaining_likes_today"], 9);
    let mine = s.get("/api/v1/me/likes").auth(&token).json_ok().await;
    assert_eq!(mine["date"], "2021-09-14");
    assert_eq!(mine["used"], 1);
}

#[tokio::test]
async fn the_daily_allowance_ends_in_a_429_until_china_midnight() {
    let s = server().await;
    let token = s.token(1).await;
    for i in 1..=10 {
        let res = like(&s, &format!("vol_{i:04}"), &token, None).await;
        assert_eq!(res.status(), 200, "like {i}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["remaining_likes_today"], 10 - i);
    }
    let before = like_count(&s, "vol_0011").await;
    let res = like(&s, "vol_0011", &token, None).await;
    let retry_after: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // 10:00 → midnight is 14 h; the clock runs on in real time while the test does.
    assert!((50_300..=50_400).contains(&retry_after), "{retry_after}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert_eq!(body["detail"], "今日点赞次数已用完，明天再来");
    assert_eq!(body["instance"], "/api/v1/volunteers/vol_0011/likes");
    assert_eq!(like_count(&s, "vol_0011").await, before, "nothing counted");
    // Already liked wins over the allowance: it says more.
    assert_problem(like(&s, "vol_0001", &token, None).await, 409, "conflict").await;

    let mine = s.get("/api/v1/me/likes").auth(&token).json_ok().await;
    assert_eq!(
        (
            &mine["date"],
            &mine["daily_limit"],
            &mine["used"],
            &mine["remaining"]
        ),
        (&json!("2021-09-13"), &json!(10), &json!(10), &json!(0))
    );
    assert_eq!(mine["items"].as_array().unwrap().len(), 10);
    assert_eq!(
        mine["items"][0]["volunteer"]["id"], "vol_0010",
        "newest first"
    );
    let board = s
        .get("/api/v1/volunteers/leaderboard")
        .auth(&token)
        .json_ok()
        .await;
    assert_eq!(board["my_remaining_likes"], 0);
    let anonymous = s.get_json("/api/v1/volunteers/leaderboard").await;
    assert_eq!(anonymous["my_remaining_likes"], Value::Null);

    // Tomorrow the allowance is back.
    s.set_clock("2021-09-14T00:00:01+08:00");
    assert_eq!(like(&s, "vol_0011", &token, None).await.status(), 200);
}

#[tokio::test]
async fn the_allowance_is_configurable() {
    let s = server_at("2021-09-13T10:00:00+08:00", |c| c.likes_per_day = 2).await;
    let token = s.token(1).await;
    assert_eq!(like(&s, "vol_0001", &token, None).await.status(), 200);
    assert_eq!(like(&s, "vol_0002", &token, None).await.status(), 200);
    assert_problem(
        like(&s, "vol_0003", &token, None).await,
        429,
        "rate-limited",
    )
    .await;
    assert_eq!(
        s.get("/api/v1/me/likes").auth(&token).json_ok().await["daily_limit"],
        2
    );
}

#[tokio::test]
async fn a_retried_idempotency_key_replays_the_first_response_and_counts_once() {
    let s = server().await;
    let token = s.token(1).await;
    let before = like_count(&s, "vol_0020").await;
    let key = "0b6f8c2e-4d1a-4f3b-9a7e-5c2d1e8f9a10";
    let first = like(&s, "vol_0020", &token, Some(key)).await;
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotency-replayed").is_none());
    let first: Value = first.json().await.unwrap();

    // Someone else likes in between: the replay still says what the first response said.
    let other = s.token(2).await;
    assert_eq!(like(&s, "vol_0020", &other, None).await.status(), 200);
    for _ in 0..3 {
        let retry = like(&s, "vol_0020", &token, Some(key)).await;
        assert_eq!(retry.status(), 200);
        assert_eq!(retry.headers()["idempotency-replayed"], "true");
        assert_eq!(retry.headers()["content-type"], "application/json");
        assert_eq!(retry.json::<Value>().await.unwrap(), first);
    }
    assert_eq!(like_count(&s, "vol_0020").await, before + 2);
    assert_eq!(
        s.get("/api/v1/me/likes").auth(&token).json_ok().await["used"],
        1
    );

    // The same key with another body is refused; a malformed key is a 422 naming the header.
    let reused = s
        .post("/api/v1/volunteers/vol_0020/likes")
        .auth(&token)
        .header("Idempotency-Key", key)
        .json(&json!({ "changed": true }))
        .await;
    let body = assert_problem(reused, 422, "idempotency-key-reused").await;
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
    let malformed = like(&s, "vol_0021", &token, Some("short")).await;
    let body = assert_problem(malformed, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");

    // Errors are not kept: after a 409 the same key runs again (and is refused again).
    let key2 = "retry-after-conflict-1";
    assert_problem(
        like(&s, "vol_0020", &token, Some(key2)).await,
        409,
        "conflict",
    )
    .await;
    assert_problem(
        like(&s, "vol_0020", &token, Some(key2)).await,
        409,
        "conflict",
    )
    .await;
    // A key is scoped to the path: the same key on another volunteer is a new like.
    let res = like(&s, "vol_0021", &token, Some(key)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("idempotency-replayed").is_none());
    // …and to the user.
    let res = like(&s, "vol_0021", &other, Some(key)).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("idempotency-replayed").is_none());
}

#[tokio::test]
async fn concurrent_likes_from_many_users_count_exactly() {
    let s = server().await;
    let mut tokens = Vec::new();
    for n in 0..100 {
        tokens.push(s.token(n).await);
    }
    let before = like_count(&s, "vol_0042").await;
    // Every user likes the same volunteer twice at once, plus a retry with the same key.
    let mut tasks = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        for attempt in 0..3 {
            let key = if attempt < 2 {
                format!("user-{n}-a")
            } else {
                format!("user-{n}-b")
            };
            let like = s
                .post("/api/v1/volunteers/vol_0042/likes")
                .auth(token)
                .key(&key);
            tasks.push(tokio::spawn(async move {
                let res = like.await;
                let replayed = res.headers().contains_key("idempotency-replayed");
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap();
                (n, status, replayed, body)
            }));
        }
    }
    let mut counted = Vec::new();
    let mut per_user = vec![(0, 0, 0); tokens.len()];
    for t in tasks {
        let (n, status, replayed, body) = t.await.unwrap();
        match (status, replayed) {
            (200, false) => {
                per_user[n].0 += 1;
                counted.push(body["like_count"].as_i64().unwrap());
            }
            (200, true) => per_user[n].1 += 1,
            (409, _) => per_user[n].2 += 1,
            other => panic!("unexpected {other:?}: {body}"),
        }
    }
    // Each user: exactly one counted like; the other two requests were a replay or a 409.
    assert!(
        per_user.iter().all(|&(c, r, x)| c == 1 && r + x == 2),
        "{per_user:?}"
    );
    assert_eq!(like_count(&s, "vol_0042").await, before + 100);
    counted.sort();
    assert_eq!(
        counted,
        ((before + 1)..=(before + 100)).collect::<Vec<_>>(),
        "each like saw its own count"
    );
}

#[tokio::test]
async fn the_leaderboard_ranks_densely_and_consistently() {
    let s = server().await;
    let week = s.get_json("/api/v1/volunteers/leaderboard").await;
    assert_eq!(
        (
            &week["scope"],
            &week["period"],
            &week["starts_on"],
            &week["ends_on"]
        ),
        (
            &json!("all"),
            &json!("week"),
            &json!("2021-09-07"),
            &json!("2021-09-13")
        )
    );
    assert_eq!(week["province_code"], Value::Null);
    let items = week["items"].as_array().unwrap();
    assert_eq!(items.len(), 100);
    let mut rank = 0;
    let mut last: Option<(i64, String)> = None;
    for item in items {
        let likes = item["likes"].as_i64().unwrap();
        let id = item["volunteer"]["id"].as_str().unwrap().to_string();
        assert!(likes > 0);
        match &last {
            Some((l, prev)) if *l == likes => {
                assert!(prev < &id, "ties by id");
            }
            Some((l, _)) => {
                assert!(*l > likes, "likes descending");
                rank += 1;
            }
            None => rank = 1,
        }
        assert_eq!(item["rank"], rank, "{item}");
        last = Some((likes, id));
    }
    // Identical requests give identical bodies (and a matching ETag).
    let again = s.get("/api/v1/volunteers/leaderboard").await;
    let etag = again.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(again.json::<Value>().await.unwrap(), week);
    let cached = s
        .get("/api/v1/volunteers/leaderboard")
        .header("If-None-Match", etag)
        .await;
    assert_eq!(cached.status(), 304);

    let top5 = s
        .get_json("/api/v1/volunteers/leaderboard?limit=5&period=day")
        .await;
    assert_eq!(top5["items"].as_array().unwrap().len(), 5);
    assert_eq!(top5["starts_on"], "2021-09-13");
    let zj = s
        .get_json("/api/v1/volunteers/leaderboard?scope=province&province=330000")
        .await;
    assert_eq!(zj["province_code"], "330000");
    assert!(zj["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["volunteer"]["region"]["province_code"] == "330000"));

    for (query, field) in [
        ("scope=province", "province"),
        ("scope=city", "scope"),
        ("period=month", "period"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("scope=province&province=123456", "province"),
    ] {
        let res = s
            .get(&format!("/api/v1/volunteers/leaderboard?{query}"))
            .await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn todays_likes_make_todays_leaderboard() {
    // A week after the seeded history: today's board starts empty.
    let s = server_at("2021-09-20T09:00:00+08:00", |_| {}).await;
    let day = s
        .get_json("/api/v1/volunteers/leaderboard?period=day")
        .await;
    assert_eq!(day["items"], json!([]));
    let (a, b, c) = (s.token(1).await, s.token(2).await, s.token(3).await);
    for (token, ids) in [
        (&a, &["vol_0009", "vol_0002", "vol_0005"][..]),
        (&b, &["vol_0009", "vol_0002"][..]),
        (&c, &["vol_0005", "vol_0002"][..]),
    ] {
        for id in ids {
            assert_eq!(like(&s, id, token, None).await.status(), 200);
        }
    }
    let day = s
        .get("/api/v1/volunteers/leaderboard?period=day")
        .auth(&a)
        .json_ok()
        .await;
    let rows: Vec<(i64, i64, String)> = day["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["rank"].as_i64().unwrap(),
                i["likes"].as_i64().unwrap(),
                i["volunteer"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, 3, "vol_0002".to_string()),
            (2, 2, "vol_0005".to_string()),
            (2, 2, "vol_0009".to_string()),
        ]
    );
    assert_eq!(day["my_remaining_likes"], 7);
    // The week still counts them the next day; the day board does not.
    s.set_clock("2021-09-21T08:00:00+08:00");
    assert_eq!(
        s.get_json("/api/v1/volunteers/leaderboard?period=day")
            .await["items"],
        json!([])
    );
    let week = s.get_json("/api/v1/volunteers/leaderboard").await;
    assert_eq!(week["starts_on"], "2021-09-15");
    assert_eq!(week["items"][0]["volunteer"]["id"], "vol_0002");
    assert_eq!(week["items"][0]["likes"], 3);
}
