//! 话题互动 over real HTTP: topics and their polls, posting (length in Unicode scalar values,
//! banned words, links, rate limits on an injectable clock, Idempotency-Key replays, closed
//! topics), author-only soft delete, likes, reports, votes, new-post counts, cursor paging, and
//! post images (a tus upload recognised by its bytes, served from `/media/posts/`).
mod common;

use common::{assert_problem, TestServer, DEMO_NOW};
use kepuri_server::moderation::BannedWords;
use kepuri_server::Config;
use serde_json::{json, Value};
use std::collections::HashSet;

/// A server with `--dev-codes` on the demo clock (2021-09-13T10:00:00+08:00).
async fn server_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
    common::start_clocked(DEMO_NOW, |c| {
        c.db_pool = 2;
        tweak(c);
    })
    .await
}

async fn server() -> TestServer {
    server_with(|_| {}).await
}

/// A server without posting limits, for tests that post a lot.
async fn unlimited() -> TestServer {
    server_with(|c| {
        c.post_interval_secs = 0;
        c.posts_per_hour = 10_000;
    })
    .await
}

async fn post_text(s: &TestServer, topic: &str, token: &str, text: &str) -> reqwest::Response {
    s.post(&format!("/api/v1/topics/{topic}/posts"))
        .auth(token)
        .json(&json!({ "text": text }))
        .await
}

/// Posts and expects a 201; returns the post.
async fn posted(s: &TestServer, topic: &str, token: &str, text: &str) -> Value {
    let res = post_text(s, topic, token, text).await;
    assert_eq!(res.status(), 201, "posting {text:?}");
    res.json().await.unwrap()
}

/// The name and type a client claims (photo.png, image/png), which are never believed.
const PNG_METADATA: &str = "filename cGhvdG8ucG5n,filetype aW1hZ2UvcG5n";

/// Creates a tus upload of `bytes.len()` bytes for `token` and sends the first `sent` of
/// them; returns the upload id.
async fn upload_png(s: &TestServer, token: &str, bytes: &[u8], sent: usize) -> String {
    let parts: &[&[u8]] = if sent > 0 { &[&bytes[..sent]] } else { &[] };
    s.upload(token, bytes.len(), Some(PNG_METADATA), parts)
        .await
}

/// Posts `text` with the image `upload_id` (and an Idempotency-Key when given).
async fn post_image(
    s: &TestServer,
    topic: &str,
    token: &str,
    upload_id: &str,
    key: Option<&str>,
) -> reqwest::Response {
    s.post(&format!("/api/v1/topics/{topic}/posts"))
        .auth(token)
        .maybe_key(key)
        .json(&json!({ "text": "水果电池点亮了小灯泡", "image_upload_id": upload_id }))
        .await
}

#[tokio::test]
async fn topics_are_listed_open_first_and_page_without_repeats() {
    let s = server().await;
    let page = s.get_json("/api/v1/topics").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"], 6);
    assert_eq!(items.len(), 6);
    assert_eq!(page["next_cursor"], Value::Null);
    let hashtags: HashSet<&str> = items
        .iter()
        .map(|t| t["hashtag"].as_str().unwrap())
        .collect();
    for h in [
        "#百年再出发#",
        "#碳达峰碳中和#",
        "#点亮好奇心#",
        "#天宫课堂#",
    ] {
        assert!(hashtags.contains(h), "{h}");
    }
    // Open ones first, each group by latest post.
    let closed: Vec<bool> = items
        .iter()
        .map(|t| t["closed"].as_bool().unwrap())
        .collect();
    assert_eq!(closed, [false, false, false, false, false, true]);
    let last: Vec<&str> = items[..5]
        .iter()
        .map(|t| t["last_post_at"].as_str().unwrap())
        .collect();
    let mut sorted = last.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(last, sorted);
    for t in items {
        assert!(t["post_count"].as_i64().unwrap() > 0);
        let participants = t["participant_count"].as_i64().unwrap();
        assert!(participants > 0 && participants <= t["post_count"].as_i64().unwrap());
        assert!(t["cover_url"].as_str().unwrap().ends_with(".svg"));
    }
    // Covers are real pictures.
    let cover = s.get(items[0]["cover_url"].as_str().unwrap()).await;
    assert_eq!(cover.status(), 200);
    assert_eq!(cover.headers()["content-type"], "image/svg+xml");

    // Paging by two gives the same six, once each.
    let mut seen = Vec::new();
    let mut url = "/api/v1/topics?limit=2".to_string();
    loop {
        let page = s.get_json(&url).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/topics?limit=2&cursor={c}"),
            None => break,
        }
    }
    let all: Vec<Value> = items.iter().map(|t| t["id"].clone()).collect();
    assert_eq!(seen, all);
    for q in ["limit=0", "limit=51", "cursor=nope"] {
        assert_problem(
            s.get(&format!("/api/v1/topics?{q}")).await,
            422,
            "validation",
        )
        .await;
    }
}

#[tokio::test]
async fn a_topic_comes_with_its_poll_or_a_404_problem() {
    let s = server().await;
    let t = s.get_json("/api/v1/topics/tp_001").await;
    assert_eq!(t["hashtag"], "#百年再出发#");
    assert_eq!(t["has_poll"], true);
    let poll = &t["poll"];
    assert_eq!(poll["closed"], false);
    assert_eq!(poll["my_vote"], Value::Null);
    assert_eq!(poll["max_choices"], 1);
    assert_eq!(poll["closes_at"], "2021-09-17T23:59:59+08:00");
    let options = poll["options"].as_array().unwrap();
    let votes: i64 = options.iter().map(|o| o["votes"].as_i64().unwrap()).sum();
    assert_eq!(votes, poll["total_votes"].as_i64().unwrap());
    let percent: f64 = options.iter().map(|o| o["percent"].as_f64().unwrap()).sum();
    assert!((percent - 100.0).abs() < 0.01, "{percent}");

    let closed = s.get_json("/api/v1/topics/tp_002").await;
    assert_eq!(closed["poll"]["closed"], true);
    let none = s.get_json("/api/v1/topics/tp_003").await;
    assert_eq!(
        (none["has_poll"].clone(), none["poll"].clone()),
        (json!(false), Value::Null)
    );

    let res = s.get("/api/v1/topics/tp_999").await;
    let body = assert_problem(res, 404, "not-found").await;
    assert_eq!(body["instance"], "/api/v1/topics/tp_999");
    // A bad token is a 401, never ignored.
    assert_problem(
        s.get("/api/v1/topics/tp_001").auth("bad-token").await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn post_text_is_1_to_500_scalar_values_after_trimming() {
    let s = unlimited().await;
    let token = s.token(1).await;
    for (text, message) in [("", "内容不能为空"), ("   \n\t\u{3000} ", "内容不能为空")]
    {
        let body = assert_problem(
            post_text(&s, "tp_003", &token, text).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], "text");
        assert_eq!(body["errors"][0]["message"], message);
    }
    let long = post_text(&s, "tp_003", &token, &"科".repeat(501)).await;
    let body = assert_problem(long, 422, "validation").await;
    assert_eq!(body["detail"], "内容不能超过500个字");
    assert_eq!(
        body["errors"][0]["message"],
        "内容不能超过500个字（当前501个字）"
    );
    assert_eq!(body["instance"], "/api/v1/topics/tp_003/posts");

    let ok = posted(&s, "tp_003", &token, &format!("  {}  \n", "科".repeat(500))).await;
    assert_eq!(ok["text"].as_str().unwrap().chars().count(), 500);
    assert_eq!(ok["mine"], true);
    assert_eq!(ok["like_count"], 0);
    assert_eq!(ok["image_url"], Value::Null);
    // Emoji count one each (4 bytes in UTF-8, 2 UTF-16 units): 500 are fine, 501 are not.
    let rockets = posted(&s, "tp_003", &token, &"🚀".repeat(500)).await;
    assert_eq!(rockets["text"].as_str().unwrap().chars().count(), 500);
    assert_problem(
        post_text(&s, "tp_003", &token, &"🚀".repeat(501)).await,
        422,
        "validation",
    )
    .await;
    // Line breaks inside are kept; markup is text, stored as sent.
    let markup = "<b>不是粗体</b>\n<script>alert(1)</script> javascript:void(0)";
    assert_eq!(posted(&s, "tp_003", &token, markup).await["text"], markup);
    // Wrong shapes.
    let missing = s
        .post("/api/v1/topics/tp_003/posts")
        .auth(&token)
        .json(&json!({}))
        .await;
    assert_problem(missing, 422, "validation").await;
    let image = s
        .post("/api/v1/topics/tp_003/posts")
        .auth(&token)
        .json(&json!({ "text": "看图", "image_upload_id": "up_nope" }))
        .await;
    let body = assert_problem(image, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "image_upload_id");
    let raw = s
        .post("/api/v1/topics/tp_003/posts")
        .auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .await;
    assert_problem(raw, 400, "bad-request").await;
    // Anonymous → 401; unknown topic → 404; closed topic → 409.
    let anon = s
        .post("/api/v1/topics/tp_003/posts")
        .json(&json!({ "text": "hi" }))
        .await;
    assert_problem(anon, 401, "unauthorized").await;
    assert_problem(
        post_text(&s, "tp_999", &token, "你好").await,
        404,
        "not-found",
    )
    .await;
    let closed = assert_problem(
        post_text(&s, "tp_006", &token, "还能发吗").await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(closed["detail"], "该话题已结束，不能再发布内容");
}

#[tokio::test]
async fn banned_words_and_links_are_refused_with_the_reason() {
    let s = unlimited().await;
    let token = s.token(2).await;
    let res = post_text(&s, "tp_001", &token, "有没有人 代 考 科目一").await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "text");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("「代考」") && detail.contains("考试作弊"),
        "{detail}"
    );
    for text in [
        "看这里 https://example.org",
        "HTTP://X.CN",
        "ftp://files",
        "去Www.example.cn看看",
    ] {
        let body = assert_problem(
            post_text(&s, "tp_001", &token, text).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(
            body["detail"], "暂不支持发布链接，请删除链接后再发布",
            "{text}"
        );
        assert_eq!(body["errors"][0]["field"], "text");
    }

    // A configured list replaces the built-in one.
    let custom = server_with(|c| {
        c.banned_words = Some(BannedWords::parse("广告引流: 加微信, 扫码领取\n"));
    })
    .await;
    let token = custom.token(3).await;
    let body = assert_problem(
        post_text(&custom, "tp_001", &token, "扫码 领取 礼品").await,
        422,
        "validation",
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("广告引流"));
    posted(&custom, "tp_001", &token, "代考两个字在这里不算违规词").await;
}

#[tokio::test]
async fn posting_is_rate_limited_per_user_on_the_server_clock() {
    let s = server().await;
    let (a, b) = (s.token(4).await, s.token(5).await);
    posted(&s, "tp_001", &a, "第一条").await;
    let res = post_text(&s, "tp_001", &a, "第二条").await;
    assert_eq!(res.status(), 429);
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry), "{retry}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("秒后再试"));
    // Another user is not limited by a's post.
    posted(&s, "tp_001", &b, "我也来一条").await;
    s.advance_secs(10);
    posted(&s, "tp_001", &a, "第二条").await;

    // 20 an hour: the 21st within the hour waits until the first leaves the window.
    let s = server_with(|c| c.posts_per_hour = 3).await;
    let a = s.token(6).await;
    for i in 0..3 {
        posted(&s, "tp_001", &a, &format!("第{i}条")).await;
        s.advance_secs(11);
    }
    let res = post_text(&s, "tp_001", &a, "第四条").await;
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3500..=3600).contains(&retry), "{retry}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("分钟后再试"));
    s.advance_secs(retry);
    posted(&s, "tp_001", &a, "第四条").await;
}

#[tokio::test]
async fn a_retried_post_with_the_same_key_is_posted_once() {
    let s = server().await;
    let token = s.token(7).await;
    let before = s.get_json("/api/v1/topics/tp_004").await["post_count"]
        .as_i64()
        .unwrap();
    let body = json!({ "text": "期待太空授课！" });
    let path = "/api/v1/topics/tp_004/posts";
    let first = s
        .post(path)
        .auth(&token)
        .key("post-key-0001")
        .json(&body)
        .await;
    assert_eq!(first.status(), 201);
    let location = first.headers()["location"].to_str().unwrap().to_string();
    assert!(first.headers().get("idempotency-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/posts/{}", first["id"].as_str().unwrap())
    );
    // Within the 10 s limit, the retry is a replay, not a 429.
    let again = s
        .post(path)
        .auth(&token)
        .key("post-key-0001")
        .json(&body)
        .await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotency-replayed"], "true");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let other = s
        .post(path)
        .auth(&token)
        .key("post-key-0001")
        .json(&json!({ "text": "别的" }))
        .await;
    assert_problem(other, 422, "idempotency-key-reused").await;
    let after = s.get_json("/api/v1/topics/tp_004").await["post_count"]
        .as_i64()
        .unwrap();
    assert_eq!(after, before + 1);
    // The post is readable at its Location.
    let read = s.get(&location).await;
    assert_eq!(read.status(), 200);
}

#[tokio::test]
async fn only_the_author_deletes_and_counts_follow() {
    let s = server().await;
    let (author, other) = (s.token(8).await, s.token(9).await);
    let before = s.get_json("/api/v1/topics/tp_005").await;
    let post = posted(&s, "tp_005", &author, "社区志愿者教我用手机挂号").await;
    let id = post["id"].as_str().unwrap();
    let during = s.get_json("/api/v1/topics/tp_005").await;
    assert_eq!(
        during["post_count"],
        before["post_count"].as_i64().unwrap() + 1
    );
    assert_eq!(
        during["participant_count"],
        before["participant_count"].as_i64().unwrap() + 1
    );
    assert_eq!(during["last_post_at"], post["created_at"]);

    let path = format!("/api/v1/posts/{id}");
    let anon = s.delete(&path).await;
    assert_problem(anon, 401, "unauthorized").await;
    let theirs = s.delete(&path).auth(&other).await;
    let body = assert_problem(theirs, 403, "forbidden").await;
    assert_eq!(body["detail"], "只能删除自己发布的内容");
    assert_eq!(s.get(&path).auth(&other).json_ok().await["mine"], false);
    assert_eq!(s.get(&path).auth(&author).json_ok().await["mine"], true);

    let mine = s.delete(&path).auth(&author).await;
    assert_eq!(mine.status(), 204);
    assert_problem(s.get(&path).await, 404, "not-found").await;
    let again = s.delete(&path).auth(&author).await;
    assert_problem(again, 404, "not-found").await;
    let after = s.get_json("/api/v1/topics/tp_005").await;
    assert_eq!(after["post_count"], before["post_count"]);
    assert_eq!(after["participant_count"], before["participant_count"]);
    assert_eq!(after["last_post_at"], before["last_post_at"]);
    let listed = s.get_json("/api/v1/topics/tp_005/posts?limit=50").await;
    assert!(listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != id));
    // A deleted post can no longer be liked or reported.
    let like = s.post(&format!("{path}/likes")).auth(&other).await;
    assert_problem(like, 404, "not-found").await;
}

#[tokio::test]
async fn likes_are_one_per_user_and_idempotent() {
    let s = server().await;
    let (a, b) = (s.token(10).await, s.token(11).await);
    let start = s.get_json("/api/v1/posts/po_000001").await["like_count"]
        .as_i64()
        .unwrap();
    let like = |t: String| {
        let s = &s;
        async move {
            let res = s.post("/api/v1/posts/po_000001/likes").auth(&t).await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let unlike = |t: String| {
        let s = &s;
        async move {
            let res = s.delete("/api/v1/posts/po_000001/likes").auth(&t).await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    assert_eq!(
        like(a.clone()).await,
        json!({ "liked": true, "like_count": start + 1 })
    );
    assert_eq!(
        like(a.clone()).await,
        json!({ "liked": true, "like_count": start + 1 })
    );
    assert_eq!(
        like(b.clone()).await,
        json!({ "liked": true, "like_count": start + 2 })
    );
    assert_eq!(
        s.get("/api/v1/posts/po_000001").auth(&a).json_ok().await["liked_by_me"],
        true
    );
    assert_eq!(
        s.get_json("/api/v1/posts/po_000001").await["liked_by_me"],
        false
    );
    assert_eq!(
        unlike(a.clone()).await,
        json!({ "liked": false, "like_count": start + 1 })
    );
    assert_eq!(
        unlike(a.clone()).await,
        json!({ "liked": false, "like_count": start + 1 })
    );
    assert_eq!(
        s.get("/api/v1/posts/po_000001").auth(&a).json_ok().await["liked_by_me"],
        false
    );
    assert_eq!(
        s.get_json("/api/v1/posts/po_000001").await["like_count"],
        start + 1
    );

    let anon = s.post("/api/v1/posts/po_000001/likes").await;
    assert_problem(anon, 401, "unauthorized").await;
    let unknown = s.post("/api/v1/posts/po_999999/likes").auth(&a).await;
    assert_problem(unknown, 404, "not-found").await;
}

#[tokio::test]
async fn a_report_counts_once_per_user() {
    let s = server().await;
    let token = s.token(12).await;
    let path = "/api/v1/posts/po_000002/reports";
    let body = json!({ "reason": "false_info", "note": "内容不科学" });
    let first = s
        .post(path)
        .auth(&token)
        .key("report-key-1")
        .json(&body)
        .await;
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["post_id"], "po_000002");
    assert_eq!(first["reason"], "false_info");
    assert!(first["id"].as_str().unwrap().starts_with("rpt_"));
    // Again (another key, another reason): the first report stands.
    let again = s
        .post(path)
        .auth(&token)
        .key("report-key-2")
        .json(&json!({ "reason": "spam" }))
        .await;
    assert_eq!(again.status(), 202);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let replay = s
        .post(path)
        .auth(&token)
        .key("report-key-1")
        .json(&body)
        .await;
    assert_eq!(replay.headers()["idempotency-replayed"], "true");

    let bad = s
        .post(path)
        .auth(&token)
        .json(&json!({ "reason": "boring" }))
        .await;
    let problem = assert_problem(bad, 422, "validation").await;
    assert_eq!(problem["errors"][0]["field"], "reason");
    let long = json!({ "reason": "other", "note": "太".repeat(201) });
    let bad = s.post(path).auth(&token).json(&long).await;
    assert_eq!(
        assert_problem(bad, 422, "validation").await["errors"][0]["field"],
        "note"
    );
    let unknown = s
        .post("/api/v1/posts/po_999999/reports")
        .auth(&token)
        .json(&json!({ "reason": "spam" }))
        .await;
    assert_problem(unknown, 404, "not-found").await;
    let anon = s.post(path).json(&json!({ "reason": "spam" })).await;
    assert_problem(anon, 401, "unauthorized").await;
}

#[tokio::test]
async fn one_final_vote_per_user_while_the_poll_is_open() {
    let s = server().await;
    let (a, b) = (s.token(13).await, s.token(14).await);
    let vote = |t: &str, topic: &str, options: Value, key: Option<&str>| {
        let path = format!("/api/v1/topics/{topic}/poll/votes");
        let token = t.to_string();
        let key = key.map(str::to_string);
        let s = &s;
        async move {
            s.post(&path)
                .auth(&token)
                .maybe_key(key.as_deref())
                .json(&json!({ "option_ids": options }))
                .await
        }
    };
    let res = vote(&a, "tp_001", json!(["opt_1"]), Some("vote-key-01")).await;
    assert_eq!(res.status(), 200);
    let poll: Value = res.json().await.unwrap();
    assert_eq!(poll["my_vote"], json!(["opt_1"]));
    assert_eq!(poll["total_votes"], 7001);
    assert_eq!(poll["options"][0]["votes"], 3121);
    // A retry with the same key replays the 200; another vote is a 409.
    let replay = vote(&a, "tp_001", json!(["opt_1"]), Some("vote-key-01")).await;
    assert_eq!(replay.status(), 200);
    assert_eq!(replay.headers()["idempotency-replayed"], "true");
    let second = vote(&a, "tp_001", json!(["opt_2"]), None).await;
    assert_eq!(
        assert_problem(second, 409, "conflict").await["detail"],
        "你已经投过票了"
    );
    let detail = s.get("/api/v1/topics/tp_001").auth(&a).json_ok().await;
    assert_eq!(detail["poll"]["my_vote"], json!(["opt_1"]));
    assert_eq!(detail["poll"]["total_votes"], 7001);
    assert_eq!(
        s.get("/api/v1/topics/tp_001").auth(&b).json_ok().await["poll"]["my_vote"],
        Value::Null
    );

    // Choices must be 1..max_choices distinct options of this poll.
    for bad in [
        json!([]),
        json!(["opt_1", "opt_2"]),
        json!(["opt_5"]),
        json!(["opt_1", "opt_1"]),
    ] {
        let res = vote(&b, "tp_001", bad.clone(), None).await;
        let body = assert_problem(res, 422, "validation").await;
        assert!(
            body["errors"][0]["field"] == "option_ids" || body["errors"][0]["field"] == "body",
            "{bad}"
        );
    }
    // Multiple choice: up to two.
    let three = vote(&b, "tp_004", json!(["opt_9", "opt_10", "opt_11"]), None).await;
    assert_problem(three, 422, "validation").await;
    let two = vote(&b, "tp_004", json!(["opt_11", "opt_9"]), None).await;
    assert_eq!(two.status(), 200);
    let poll: Value = two.json().await.unwrap();
    assert_eq!(poll["my_vote"], json!(["opt_9", "opt_11"]));
    assert_eq!(poll["total_votes"], 1201);

    // A closed poll, a topic without a poll, an unknown topic.
    let closed = vote(&b, "tp_002", json!(["opt_5"]), None).await;
    assert_eq!(
        assert_problem(closed, 409, "conflict").await["detail"],
        "投票已结束"
    );
    assert_problem(
        vote(&b, "tp_003", json!(["opt_1"]), None).await,
        404,
        "not-found",
    )
    .await;
    assert_problem(
        vote(&b, "tp_999", json!(["opt_1"]), None).await,
        404,
        "not-found",
    )
    .await;
    // Past closes_at by the server clock the poll is closed.
    s.advance_secs(5 * 86_400);
    assert_eq!(
        s.get_json("/api/v1/topics/tp_001").await["poll"]["closed"],
        true
    );
    let late = vote(&b, "tp_001", json!(["opt_2"]), None).await;
    assert_problem(late, 409, "conflict").await;
    let anon = s
        .post("/api/v1/topics/tp_001/poll/votes")
        .json(&json!({ "option_ids": ["opt_1"] }))
        .await;
    assert_problem(anon, 401, "unauthorized").await;
}

#[tokio::test]
async fn new_posts_are_counted_and_loaded_after_since() {
    let s = unlimited().await;
    let token = s.token(15).await;
    let first = s.get_json("/api/v1/topics/tp_003/posts?limit=1").await;
    let newest = first["items"][0]["id"].as_str().unwrap().to_string();
    let count = s
        .get(&format!(
            "/api/v1/topics/tp_003/posts/new-count?since={newest}"
        ))
        .await;
    assert_eq!(count.headers()["cache-control"], "no-store");
    let count: Value = count.json().await.unwrap();
    assert_eq!(count["count"], 0);
    assert_eq!(count["newest_id"], newest.as_str());
    assert!(count["server_time"]
        .as_str()
        .unwrap()
        .starts_with("2021-09-13T10:0"));
    let loaded_at = count["server_time"].as_str().unwrap().to_string();

    let p1 = posted(&s, "tp_003", &token, "新内容一").await;
    let p2 = posted(&s, "tp_003", &token, "新内容二").await;
    posted(&s, "tp_001", &token, "别的话题").await;
    let count = s
        .get_json(&format!(
            "/api/v1/topics/tp_003/posts/new-count?since={newest}"
        ))
        .await;
    assert_eq!(count["count"], 2);
    assert_eq!(count["newest_id"], p2["id"]);
    // By time (when the page showed nothing): the same two.
    let by_time = s
        .get_json(&format!(
            "/api/v1/topics/tp_003/posts/new-count?since={}",
            loaded_at.replace('+', "%2B")
        ))
        .await;
    assert_eq!(by_time["count"], 2);
    // Loading them: newest first, only those.
    let page = s
        .get_json(&format!("/api/v1/topics/tp_003/posts?since={newest}"))
        .await;
    assert_eq!(page["total"], 2);
    let ids: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(ids, [&p2["id"], &p1["id"]]);
    // A deleted post is not counted but still works as a position.
    let del = s
        .delete(&format!("/api/v1/posts/{}", p2["id"].as_str().unwrap()))
        .auth(&token)
        .await;
    assert_eq!(del.status(), 204);
    let count = s
        .get_json(&format!(
            "/api/v1/topics/tp_003/posts/new-count?since={newest}"
        ))
        .await;
    assert_eq!(
        (count["count"].clone(), count["newest_id"].clone()),
        (json!(1), p1["id"].clone())
    );
    let after_deleted = s
        .get_json(&format!(
            "/api/v1/topics/tp_003/posts/new-count?since={}",
            p2["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(after_deleted["count"], 0);

    for q in ["", "?since=", "?since=yesterday", "?since=po_999999"] {
        let res = s
            .get(&format!("/api/v1/topics/tp_003/posts/new-count{q}"))
            .await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "since", "{q}");
    }
    assert_problem(
        s.get("/api/v1/topics/tp_999/posts/new-count?since=po_000001")
            .await,
        404,
        "not-found",
    )
    .await;
    let hot_since = s
        .get(&format!(
            "/api/v1/topics/tp_003/posts?sort=hot&since={newest}"
        ))
        .await;
    assert_eq!(
        assert_problem(hot_since, 422, "validation").await["errors"][0]["field"],
        "since"
    );
}

#[tokio::test]
async fn posts_page_by_cursor_without_repeats_in_both_orders() {
    let s = server().await;
    let total = s.get_json("/api/v1/topics/tp_003").await["post_count"]
        .as_i64()
        .unwrap();
    for sort in ["latest", "hot"] {
        let mut items: Vec<Value> = Vec::new();
        let mut url = format!("/api/v1/topics/tp_003/posts?sort={sort}&limit=7");
        loop {
            let page = s.get_json(&url).await;
            assert_eq!(page["total"], total);
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => {
                    url = format!("/api/v1/topics/tp_003/posts?sort={sort}&limit=7&cursor={c}")
                }
                None => break,
            }
        }
        assert_eq!(items.len() as i64, total, "{sort}");
        let ids: HashSet<&str> = items.iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len() as i64, total, "{sort}");
        assert!(items.iter().all(|p| p["topic_id"] == "tp_003"));
        let keys: Vec<(i64, String, String)> = items
            .iter()
            .map(|p| {
                let likes = if sort == "hot" {
                    p["like_count"].as_i64().unwrap()
                } else {
                    0
                };
                (
                    likes,
                    p["created_at"].as_str().unwrap().to_string(),
                    p["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(keys, sorted, "{sort}");
    }
    // A cursor belongs to its order.
    let hot = s
        .get_json("/api/v1/topics/tp_003/posts?sort=hot&limit=2")
        .await["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    let res = s
        .get(&format!("/api/v1/topics/tp_003/posts?cursor={hot}"))
        .await;
    assert_eq!(
        assert_problem(res, 422, "validation").await["errors"][0]["field"],
        "cursor"
    );
    for (q, field) in [
        ("sort=new", "sort"),
        ("limit=0", "limit"),
        ("cursor=x", "cursor"),
    ] {
        let res = s.get(&format!("/api/v1/topics/tp_003/posts?{q}")).await;
        assert_eq!(
            assert_problem(res, 422, "validation").await["errors"][0]["field"],
            field
        );
    }
    // ETag and 304.
    let res = s.get("/api/v1/topics/tp_003/posts").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let again = s
        .get("/api/v1/topics/tp_003/posts")
        .header("if-none-match", &etag)
        .await;
    assert_eq!(again.status(), 304);
    assert_problem(s.get("/api/v1/topics/tp_999/posts").await, 404, "not-found").await;
    assert_problem(s.get("/api/v1/posts/po_999999").await, 404, "not-found").await;
}

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\nIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";

#[tokio::test]
async fn a_png_upload_becomes_the_posts_image_served_as_png() {
    let s = unlimited().await;
    let token = s.token(70).await;
    let upload = upload_png(&s, &token, PNG, PNG.len()).await;
    let res = post_image(&s, "tp_003", &token, &upload, Some("post-image-1")).await;
    assert_eq!(res.status(), 201);
    let post: Value = res.json().await.unwrap();
    let id = post["id"].as_str().unwrap();
    let url = format!("/media/posts/{id}.png");
    assert_eq!(post["image_url"], url.as_str());
    assert_eq!(
        s.get_json(&format!("/api/v1/posts/{id}")).await["image_url"],
        url.as_str()
    );

    let image = s.get(&url).await;
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.headers()["x-content-type-options"], "nosniff");
    assert!(image.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age=31536000"));
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);
    // Another extension, or a post without an image, is no file.
    for other in [
        format!("/media/posts/{id}.jpg"),
        "/media/posts/po_000001.png".into(),
    ] {
        let res = s.get(&other).await;
        assert_problem(res, 404, "not-found").await;
    }

    // The retried request replays the post; a new one cannot take the same upload again.
    let again = post_image(&s, "tp_003", &token, &upload, Some("post-image-1")).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotency-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap()["id"], id);
    let reused = post_image(&s, "tp_001", &token, &upload, None).await;
    let body = assert_problem(reused, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "image_upload_id");
    assert_eq!(
        body["errors"][0]["message"],
        "这张图片已经发布过了，请重新上传"
    );

    // Deleting the post takes its image with it.
    let res = s.delete(&format!("/api/v1/posts/{id}")).auth(&token).await;
    assert_eq!(res.status(), 204);
    let gone = s.get(&url).await;
    assert_problem(gone, 404, "not-found").await;
    // Still used: a deleted post's upload does not come back.
    let reused = post_image(&s, "tp_003", &token, &upload, None).await;
    assert_problem(reused, 422, "validation").await;
}

#[tokio::test]
async fn each_image_format_is_known_by_its_bytes_not_its_name() {
    let s = unlimited().await;
    let token = s.token(71).await;
    for (bytes, ext, mime) in [
        (&b"\xff\xd8\xff\xe0\0\x10JFIF\0"[..], "jpg", "image/jpeg"),
        (b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0", "webp", "image/webp"),
        (b"GIF89a\x01\0\x01\0\x80\0\0", "gif", "image/gif"),
    ] {
        let upload = upload_png(&s, &token, bytes, bytes.len()).await;
        let res = post_image(&s, "tp_003", &token, &upload, None).await;
        assert_eq!(res.status(), 201, "{ext}");
        let url = res.json::<Value>().await.unwrap()["image_url"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(url.ends_with(&format!(".{ext}")), "{url}");
        let image = s.get(&url).await;
        assert_eq!(image.headers()["content-type"], mime);
    }
}

#[tokio::test]
async fn uploads_that_are_not_the_callers_finished_images_are_refused() {
    let s = unlimited().await;
    let (token, other) = (s.token(72).await, s.token(73).await);

    // A text file, whatever it claims to be: 415 naming the field.
    let text = upload_png(&s, &token, "这不是图片，只是文字。".as_bytes(), 33).await;
    let res = post_image(&s, "tp_003", &token, &text, None).await;
    let body = assert_problem(res, 415, "unsupported-media-type").await;
    assert_eq!(body["errors"][0]["field"], "image_upload_id");
    assert_eq!(body["instance"], "/api/v1/topics/tp_003/posts");
    // An SVG is markup, not one of the accepted images.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
    let svg = upload_png(&s, &token, svg, svg.len()).await;
    let res = post_image(&s, "tp_003", &token, &svg, None).await;
    assert_problem(res, 415, "unsupported-media-type").await;

    // Someone else's upload reads like a missing one.
    let theirs = upload_png(&s, &other, PNG, PNG.len()).await;
    let res = post_image(&s, "tp_003", &token, &theirs, None).await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "image_upload_id");
    assert_eq!(
        body["errors"][0]["message"],
        "图片上传不存在或已过期，请重新上传"
    );
    for missing in ["up_0123456789abcdef0123", "up_nope", "../../etc/passwd"] {
        let res = post_image(&s, "tp_003", &token, missing, None).await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "image_upload_id");
    }

    // Half of a PNG, and an announced upload with nothing sent yet.
    for sent in [10, 0] {
        let unfinished = upload_png(&s, &token, PNG, sent).await;
        let res = post_image(&s, "tp_003", &token, &unfinished, None).await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "image_upload_id");
        assert_eq!(
            body["errors"][0]["message"],
            "图片还没有上传完成，请等上传结束后再发布"
        );
    }
    // Nothing was posted.
    let mine = s
        .get("/api/v1/topics/tp_003/posts?limit=50")
        .auth(&token)
        .json_ok()
        .await;
    assert!(mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["mine"] == false));
}

#[tokio::test]
async fn an_image_over_5_mib_is_too_large() {
    let s = unlimited().await;
    let token = s.token(74).await;
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let upload = upload_png(&s, &token, &big, big.len()).await;
    let res = post_image(&s, "tp_003", &token, &upload, None).await;
    let body = assert_problem(res, 413, "payload-too-large").await;
    assert_eq!(body["errors"][0]["field"], "image_upload_id");
    assert_eq!(body["errors"][0]["message"], "图片不能超过5MB");
    // Exactly 5 MiB is fine.
    big.truncate(5 * 1024 * 1024);
    let upload = upload_png(&s, &token, &big, big.len()).await;
    let res = post_image(&s, "tp_003", &token, &upload, None).await;
    assert_eq!(res.status(), 201);
}
