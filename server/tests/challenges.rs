//! 「点亮好奇心」 over real HTTP: the challenge, the gallery (approved only, both orders,
//! categories, cursors, 422s), submitting uploads (a real MP4 accepted and playable with byte
//! ranges; a non-video renamed .mp4 → 415; a synthetic 200-second MP4 → 422; unfinished → 422;
//! Idempotency-Key replays; a used upload → 409; closed → 409), review visibility (`/me/entries`,
//! `GET /entries/{id}`), and entry likes (idempotent, exact under concurrency).
mod common;

use common::{assert_problem, problem_fields, TestServer, DEMO_NOW};
use kepuri_server::video::samples;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashSet;

async fn server() -> TestServer {
    common::start_clocked(DEMO_NOW, |c| c.db_pool = 4).await
}

/// The name and type a client claims (video.mp4, video/mp4), whatever the bytes are.
const MP4_METADATA: &str = "filename dmlkZW8ubXA0,filetype dmlkZW8vbXA0";

/// Uploads `bytes` with tus (two PATCHes when `finish`, else only the first half); returns
/// the upload id.
async fn upload_mp4(s: &TestServer, token: &str, bytes: &[u8], finish: bool) -> String {
    let half = bytes.len() / 2;
    let parts: &[&[u8]] = if finish {
        &[&bytes[..half], &bytes[half..]]
    } else {
        &[&bytes[..half]]
    };
    s.upload(token, bytes.len(), Some(MP4_METADATA), parts)
        .await
}

async fn submit(s: &TestServer, token: &str, body: &Value, key: Option<&str>) -> reqwest::Response {
    s.post("/api/v1/challenges/ch_2021/entries")
        .auth(token)
        .json(body)
        .maybe_key(key)
        .await
}

async fn like(s: &TestServer, method: Method, id: &str, token: &str) -> reqwest::Response {
    s.request(method, &format!("/api/v1/entries/{id}/likes"))
        .auth(token)
        .await
}

fn entry(upload_id: &str, title: &str) -> Value {
    json!({ "upload_id": upload_id, "title": title, "description": "在家做的小实验。", "category_id": "kids", "age": 9, "guardian": { "name": "王芳", "relation": "mother", "agreed": true } })
}

const STREAM_A: &[u8] = include_bytes!("../media/stream-a.mp4");

#[tokio::test]
async fn the_challenge_gives_its_rules_and_limits() {
    let s = server().await;
    let c = s.get_json("/api/v1/challenges/ch_2021").await;
    assert_eq!(c["id"], "ch_2021");
    assert_eq!(c["open"], true);
    assert_eq!(c["deadline"], "2021-09-17T23:59:59+08:00");
    assert_eq!(c["accepted_containers"], json!(["mp4", "mov", "webm"]));
    assert_eq!(c["max_bytes"], 524_288_000);
    assert_eq!(c["max_duration_seconds"], 180);
    let names: Vec<&str> = c["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["少儿组", "青少年组", "成人组"]);
    assert!(c["entry_count"].as_i64().unwrap() >= 10);
    assert!(c["rules"].as_str().unwrap().contains("180秒"));
    let banner = s.get(c["banner_url"].as_str().unwrap()).await;
    assert_eq!(banner.headers()["content-type"], "image/svg+xml");

    let list = s.get_json("/api/v1/challenges").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0], c);
    assert_problem(s.get("/api/v1/challenges/ch_1999").await, 404, "not-found").await;

    let res = s.get("/api/v1/challenges/ch_2021").await;
    let etag = res.headers()["etag"].clone();
    let again = s
        .get("/api/v1/challenges/ch_2021")
        .header("If-None-Match", etag)
        .await;
    assert_eq!(again.status(), 304);

    // After the deadline it is closed, and submissions are refused.
    s.clock.advance(chrono::Duration::days(5));
    let c = s.get_json("/api/v1/challenges/ch_2021").await;
    assert_eq!(c["open"], false);
    let token = s.token(1).await;
    let id = upload_mp4(&s, &token, STREAM_A, true).await;
    let res = submit(&s, &token, &entry(&id, "太晚了"), None).await;
    assert_problem(res, 409, "conflict").await;
}

#[tokio::test]
async fn the_gallery_shows_approved_entries_in_both_orders() {
    let s = server().await;
    let page = s
        .get_json("/api/v1/challenges/ch_2021/entries?limit=5")
        .await;
    let total = page["total"].as_i64().unwrap();
    assert!(total >= 10);
    let e = &page["items"][0];
    assert_eq!(e["status"], "approved");
    assert_eq!(e["liked_by_me"], false);
    assert_eq!(e["reject_reason"], Value::Null);
    for f in [
        "title",
        "description",
        "cover_url",
        "playback_url",
        "created_at",
    ] {
        assert!(e[f].is_string(), "{f}");
    }
    assert!(e["author"]["display_name"].is_string());
    assert!(e["category"]["name"].is_string());

    // The seeded entries play the livestream clips, with byte ranges.
    let video = s
        .get(e["playback_url"].as_str().unwrap())
        .header("Range", "bytes=0-99")
        .await;
    assert_eq!(video.status(), 206);
    assert_eq!(video.headers()["content-type"], "video/mp4");
    let cover = s.get(e["cover_url"].as_str().unwrap()).await;
    assert_eq!(cover.status(), 200);

    // Every page of each order: each entry once, in order.
    for (sort, key) in [("latest", "created_at"), ("popular", "like_count")] {
        let mut items = Vec::new();
        let mut url = format!("/api/v1/challenges/ch_2021/entries?sort={sort}&limit=4");
        loop {
            let page = s.get_json(&url).await;
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => {
                    url =
                        format!("/api/v1/challenges/ch_2021/entries?sort={sort}&limit=4&cursor={c}")
                }
                None => break,
            }
        }
        assert_eq!(items.len() as i64, total, "{sort}");
        let ids: HashSet<_> = items.iter().map(|e| e["id"].to_string()).collect();
        assert_eq!(ids.len() as i64, total);
        let keys: Vec<String> = items.iter().map(|e| e[key].to_string()).collect();
        if sort == "popular" {
            let counts: Vec<i64> = items
                .iter()
                .map(|e| e["like_count"].as_i64().unwrap())
                .collect();
            assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        } else {
            assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");
        }
    }

    let kids = s
        .get_json("/api/v1/challenges/ch_2021/entries?category=kids&limit=50")
        .await;
    assert!(kids["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["category"]["id"] == "kids"));
    assert!(kids["total"].as_i64().unwrap() < total);

    for bad in ["category=elders", "sort=hot", "limit=0", "cursor=nonsense"] {
        let res = s
            .get(&format!("/api/v1/challenges/ch_2021/entries?{bad}"))
            .await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], bad.split('=').next().unwrap());
    }
    let res = s.get("/api/v1/challenges/ch_1999/entries").await;
    assert_problem(res, 404, "not-found").await;
}

#[tokio::test]
async fn a_real_mp4_becomes_a_pending_entry_only_its_author_sees() {
    let s = server().await;
    let (author, other) = (s.token(2).await, s.token(3).await);
    let upload = upload_mp4(&s, &author, STREAM_A, true).await;

    let res = submit(
        &s,
        &author,
        &entry(&upload, "  彩虹实验  "),
        Some("entry-key-0001"),
    )
    .await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/entries/{}", created["id"].as_str().unwrap())
    );
    assert_eq!(created["status"], "pending_review");
    assert_eq!(created["title"], "彩虹实验");
    assert_eq!(created["like_count"], 0);
    assert_eq!(
        created["category"],
        json!({ "id": "kids", "name": "少儿组" })
    );
    let duration = created["duration_seconds"].as_f64().unwrap();
    assert!((4.9..=5.2).contains(&duration), "{duration}");

    // A retry with the same key replays the 201; without a key the used upload is a 409.
    let replay = submit(
        &s,
        &author,
        &entry(&upload, "  彩虹实验  "),
        Some("entry-key-0001"),
    )
    .await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotency-replayed"], "true");
    assert_eq!(replay.headers()["location"].to_str().unwrap(), location);
    assert_eq!(replay.json::<Value>().await.unwrap(), created);
    let again = submit(&s, &author, &entry(&upload, "彩虹实验"), None).await;
    assert_problem(again, 409, "conflict").await;
    let reused = submit(
        &s,
        &author,
        &entry(&upload, "另一个标题"),
        Some("entry-key-0001"),
    )
    .await;
    assert_problem(reused, 422, "idempotency-key-reused").await;

    // Only the author sees it, in /me/entries and by id; not in the gallery.
    let mine = s.get("/api/v1/me/entries").auth(&author).json_ok().await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], created["id"]);
    assert_eq!(mine["items"][0]["status"], "pending_review");
    assert_eq!(
        s.get("/api/v1/me/entries").auth(&other).json_ok().await["total"],
        0
    );
    assert_problem(s.get("/api/v1/me/entries").await, 401, "unauthorized").await;
    assert_eq!(
        s.get(&location).auth(&author).json_ok().await["id"],
        created["id"]
    );
    assert_problem(s.get(&location).auth(&other).await, 404, "not-found").await;
    assert_problem(s.get(&location).await, 404, "not-found").await;
    let gallery = s
        .get_json("/api/v1/challenges/ch_2021/entries?limit=50")
        .await;
    assert!(gallery["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["id"] != created["id"]));
    // A pending entry cannot be liked.
    let id = created["id"].as_str().unwrap();
    assert_problem(like(&s, Method::POST, id, &other).await, 404, "not-found").await;

    // Its video plays for the author (the URL carries the key), with byte ranges.
    let playback = created["playback_url"].as_str().unwrap();
    assert!(
        playback.starts_with(&format!("/media/entries/{id}.mp4?k=up_")),
        "{playback}"
    );
    let whole = s.get(playback).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.bytes().await.unwrap().as_ref(), STREAM_A);
    let part = s.get(playback).header("Range", "bytes=100-199").await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().as_ref(), &STREAM_A[100..200]);
    let guessed = s.get(&format!("/media/entries/{id}.mp4")).await;
    assert_problem(guessed, 404, "not-found").await;
}

#[tokio::test]
async fn only_real_short_videos_are_accepted() {
    let s = server().await;
    let token = s.token(4).await;

    // A text file named video.mp4 with type video/mp4 → 415 naming upload_id.
    let fake = upload_mp4(&s, &token, b"this is not a video, just text renamed", true).await;
    let res = submit(&s, &token, &entry(&fake, "假视频"), None).await;
    let body = assert_problem(res, 415, "unsupported-media-type").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");

    // A well-formed MP4 whose mvhd says 200 s, moov after a 1 MB mdat → 422.
    let long = upload_mp4(
        &s,
        &token,
        &samples::mp4(b"mp42", 200, 1_000_000, true),
        true,
    )
    .await;
    let res = submit(&s, &token, &entry(&long, "太长了"), None).await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");
    assert!(body["detail"].as_str().unwrap().contains("180"));

    // A MOV and a WebM without a duration are accepted.
    let mov = upload_mp4(&s, &token, &samples::mp4(b"qt  ", 90, 5000, false), true).await;
    let res = submit(&s, &token, &entry(&mov, "MOV"), None).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert!(created["playback_url"]
        .as_str()
        .unwrap()
        .contains(".mov?k="));
    let webm = upload_mp4(&s, &token, &samples::webm(None), true).await;
    let res = submit(&s, &token, &entry(&webm, "WebM"), None).await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.json::<Value>().await.unwrap()["duration_seconds"],
        Value::Null
    );

    // Unfinished, someone else's, unknown → 422 naming upload_id; bad fields are named too.
    let half = upload_mp4(&s, &token, STREAM_A, false).await;
    let res = submit(&s, &token, &entry(&half, "半个"), None).await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");
    let other = s.token(5).await;
    let theirs = upload_mp4(&s, &other, STREAM_A, true).await;
    let res = submit(&s, &token, &entry(&theirs, "别人的"), None).await;
    assert_problem(res, 422, "validation").await;
    let res = submit(
        &s,
        &token,
        &json!({ "upload_id": theirs, "title": "", "category_id": "elders" }),
        None,
    )
    .await;
    let body = assert_problem(res, 422, "validation").await;
    let fields: HashSet<&str> = problem_fields(&body).into_iter().collect();
    assert_eq!(
        fields,
        HashSet::from(["title", "category_id", "age", "upload_id"])
    );
    let res = s
        .post("/api/v1/challenges/ch_2021/entries")
        .auth(&token)
        .body("{}")
        .await;
    assert_problem(res, 415, "unsupported-media-type").await;
}

#[tokio::test]
async fn concurrent_likes_from_many_users_count_exactly() {
    let s = server().await;
    let before = s.get_json("/api/v1/entries/ent_0001").await["like_count"]
        .as_i64()
        .unwrap();
    let mut tokens = Vec::new();
    for n in 0..40 {
        tokens.push(s.token(100 + n).await);
    }
    // Everyone likes twice at once: one like each.
    let mut tasks = tokio::task::JoinSet::new();
    for token in tokens.iter().chain(tokens.iter()) {
        let like = s.post("/api/v1/entries/ent_0001/likes").auth(token);
        tasks.spawn(async move {
            let res = like.await;
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["liked"], true);
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let after = s
        .get("/api/v1/entries/ent_0001")
        .auth(&tokens[0])
        .json_ok()
        .await;
    assert_eq!(after["like_count"].as_i64().unwrap(), before + 40);
    assert_eq!(after["liked_by_me"], true);

    // Unliking is idempotent too and returns the new count.
    let res = like(&s, Method::DELETE, "ent_0001", &tokens[0]).await;
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({ "liked": false, "like_count": before + 39 })
    );
    let res = like(&s, Method::DELETE, "ent_0001", &tokens[0]).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["like_count"],
        before + 39
    );
    let res = like(&s, Method::POST, "ent_9999", &tokens[0]).await;
    assert_problem(res, 404, "not-found").await;
    let res = s.post("/api/v1/entries/ent_0001/likes").await;
    assert_problem(res, 401, "unauthorized").await;
    let gallery = s
        .get("/api/v1/challenges/ch_2021/entries?limit=50")
        .auth(&tokens[1])
        .json_ok()
        .await;
    let mine = gallery["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "ent_0001")
        .unwrap();
    assert_eq!(mine["liked_by_me"], true);
}
