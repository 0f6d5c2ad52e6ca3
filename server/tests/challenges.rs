//! 「点亮好奇心」 over real HTTP: the challenge, the gallery (approved only, both orders,
//! categories, cursors, 422s), submitting uploads (a real MP4 accepted and playable with byte
//! ranges; a non-video renamed .mp4 → 415; a synthetic 200-second MP4 → 422; unfinished → 422;
//! Idempotency-Key replays; a used upload → 409; closed → 409), review visibility (`/me/entries`,
//! `GET /entries/{id}`), and entry likes (idempotent, exact under concurrency).
mod common;

use common::assert_problem;
use kepuri_server::clock::Clock;
use kepuri_server::video::samples;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashSet;

struct Server {
    base: String,
    origin: String,
    client: reqwest::Client,
    clock: Clock,
    _dir: tempfile::TempDir,
}

impl From<common::Clocked> for Server {
    fn from(c: common::Clocked) -> Self {
        Server {
            base: c.origin.clone(),
            origin: c.origin,
            client: c.client,
            clock: c.clock,
            _dir: c.dir,
        }
    }
}

async fn server() -> Server {
    common::start_clocked("2021-09-13T10:00:00+08:00", |c| c.db_pool = 4)
        .await
        .into()
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    async fn json(&self, path: &str, token: Option<&str>) -> Value {
        let res = self.get(path, token).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.unwrap()
    }

    async fn token(&self, n: usize) -> String {
        common::log_in(&self.client, &self.origin, &format!("136{n:08}")).await
    }

    /// Uploads `bytes` with tus (two PATCHes when `finish`, else only the first half); returns
    /// the upload id.
    async fn upload(&self, token: &str, bytes: &[u8], finish: bool) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/uploads"))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", bytes.len().to_string())
            // The name and type claim a video whatever the bytes are.
            .header(
                "Upload-Metadata",
                "filename dmlkZW8ubXA0,filetype dmlkZW8vbXA0",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let at = res.headers()["location"].to_str().unwrap().to_string();
        let half = bytes.len() / 2;
        let parts: &[(usize, &[u8])] = if finish {
            &[(0, &bytes[..half]), (half, &bytes[half..])]
        } else {
            &[(0, &bytes[..half])]
        };
        for (offset, part) in parts {
            let res = self
                .client
                .request(Method::PATCH, self.url(&at))
                .bearer_auth(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", offset.to_string())
                .body(part.to_vec())
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 204);
        }
        at.rsplit('/').next().unwrap().to_string()
    }

    async fn submit(&self, token: &str, body: &Value, key: Option<&str>) -> reqwest::Response {
        let mut req = self
            .client
            .post(self.url("/api/v1/challenges/ch_2021/entries"))
            .bearer_auth(token)
            .json(body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send().await.unwrap()
    }

    async fn like(&self, method: Method, id: &str, token: &str) -> reqwest::Response {
        self.client
            .request(method, self.url(&format!("/api/v1/entries/{id}/likes")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

fn entry(upload_id: &str, title: &str) -> Value {
    json!({ "upload_id": upload_id, "title": title, "description": "在家做的小实验。", "category_id": "kids" })
}

const STREAM_A: &[u8] = include_bytes!("../media/stream-a.mp4");

#[tokio::test]
async fn the_challenge_gives_its_rules_and_limits() {
    let s = server().await;
    let c = s.json("/api/v1/challenges/ch_2021", None).await;
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
    let banner = s.get(c["banner_url"].as_str().unwrap(), None).await;
    assert_eq!(banner.headers()["content-type"], "image/svg+xml");

    let list = s.json("/api/v1/challenges", None).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0], c);
    assert_problem(
        s.get("/api/v1/challenges/ch_1999", None).await,
        404,
        "not-found",
    )
    .await;

    let res = s.get("/api/v1/challenges/ch_2021", None).await;
    let etag = res.headers()["etag"].clone();
    let again = s
        .client
        .get(s.url("/api/v1/challenges/ch_2021"))
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // After the deadline it is closed, and submissions are refused.
    s.clock.advance(chrono::Duration::days(5));
    let c = s.json("/api/v1/challenges/ch_2021", None).await;
    assert_eq!(c["open"], false);
    let token = s.token(1).await;
    let id = s.upload(&token, STREAM_A, true).await;
    let res = s.submit(&token, &entry(&id, "太晚了"), None).await;
    assert_problem(res, 409, "conflict").await;
}

#[tokio::test]
async fn the_gallery_shows_approved_entries_in_both_orders() {
    let s = server().await;
    let page = s
        .json("/api/v1/challenges/ch_2021/entries?limit=5", None)
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
        .client
        .get(s.url(e["playback_url"].as_str().unwrap()))
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(video.status(), 206);
    assert_eq!(video.headers()["content-type"], "video/mp4");
    let cover = s.get(e["cover_url"].as_str().unwrap(), None).await;
    assert_eq!(cover.status(), 200);

    // Every page of each order: each entry once, in order.
    for (sort, key) in [("latest", "created_at"), ("popular", "like_count")] {
        let mut items = Vec::new();
        let mut url = format!("/api/v1/challenges/ch_2021/entries?sort={sort}&limit=4");
        loop {
            let page = s.json(&url, None).await;
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
        .json(
            "/api/v1/challenges/ch_2021/entries?category=kids&limit=50",
            None,
        )
        .await;
    assert!(kids["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["category"]["id"] == "kids"));
    assert!(kids["total"].as_i64().unwrap() < total);

    for bad in ["category=elders", "sort=hot", "limit=0", "cursor=nonsense"] {
        let res = s
            .get(&format!("/api/v1/challenges/ch_2021/entries?{bad}"), None)
            .await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], bad.split('=').next().unwrap());
    }
    let res = s.get("/api/v1/challenges/ch_1999/entries", None).await;
    assert_problem(res, 404, "not-found").await;
}

#[tokio::test]
async fn a_real_mp4_becomes_a_pending_entry_only_its_author_sees() {
    let s = server().await;
    let (author, other) = (s.token(2).await, s.token(3).await);
    let upload = s.upload(&author, STREAM_A, true).await;

    let res = s
        .submit(
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
    let replay = s
        .submit(
            &author,
            &entry(&upload, "  彩虹实验  "),
            Some("entry-key-0001"),
        )
        .await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotency-replayed"], "true");
    assert_eq!(replay.headers()["location"].to_str().unwrap(), location);
    assert_eq!(replay.json::<Value>().await.unwrap(), created);
    let again = s.submit(&author, &entry(&upload, "彩虹实验"), None).await;
    assert_problem(again, 409, "conflict").await;
    let reused = s
        .submit(
            &author,
            &entry(&upload, "另一个标题"),
            Some("entry-key-0001"),
        )
        .await;
    assert_problem(reused, 422, "idempotency-key-reused").await;

    // Only the author sees it, in /me/entries and by id; not in the gallery.
    let mine = s.json("/api/v1/me/entries", Some(&author)).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], created["id"]);
    assert_eq!(mine["items"][0]["status"], "pending_review");
    assert_eq!(s.json("/api/v1/me/entries", Some(&other)).await["total"], 0);
    assert_problem(s.get("/api/v1/me/entries", None).await, 401, "unauthorized").await;
    assert_eq!(s.json(&location, Some(&author)).await["id"], created["id"]);
    assert_problem(s.get(&location, Some(&other)).await, 404, "not-found").await;
    assert_problem(s.get(&location, None).await, 404, "not-found").await;
    let gallery = s
        .json("/api/v1/challenges/ch_2021/entries?limit=50", None)
        .await;
    assert!(gallery["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["id"] != created["id"]));
    // A pending entry cannot be liked.
    let id = created["id"].as_str().unwrap();
    assert_problem(s.like(Method::POST, id, &other).await, 404, "not-found").await;

    // Its video plays for the author (the URL carries the key), with byte ranges.
    let playback = created["playback_url"].as_str().unwrap();
    assert!(
        playback.starts_with(&format!("/media/entries/{id}.mp4?k=up_")),
        "{playback}"
    );
    let whole = s.get(playback, None).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.bytes().await.unwrap().as_ref(), STREAM_A);
    let part = s
        .client
        .get(s.url(playback))
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap().as_ref(), &STREAM_A[100..200]);
    let guessed = s.get(&format!("/media/entries/{id}.mp4"), None).await;
    assert_problem(guessed, 404, "not-found").await;
}

#[tokio::test]
async fn only_real_short_videos_are_accepted() {
    let s = server().await;
    let token = s.token(4).await;

    // A text file named video.mp4 with type video/mp4 → 415 naming upload_id.
    let fake = s
        .upload(&token, b"this is not a video, just text renamed", true)
        .await;
    let res = s.submit(&token, &entry(&fake, "假视频"), None).await;
    let body = assert_problem(res, 415, "unsupported-media-type").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");

    // A well-formed MP4 whose mvhd says 200 s, moov after a 1 MB mdat → 422.
    let long = s
        .upload(&token, &samples::mp4(b"mp42", 200, 1_000_000, true), true)
        .await;
    let res = s.submit(&token, &entry(&long, "太长了"), None).await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");
    assert!(body["detail"].as_str().unwrap().contains("180"));

    // A MOV and a WebM without a duration are accepted.
    let mov = s
        .upload(&token, &samples::mp4(b"qt  ", 90, 5000, false), true)
        .await;
    let res = s.submit(&token, &entry(&mov, "MOV"), None).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert!(created["playback_url"]
        .as_str()
        .unwrap()
        .contains(".mov?k="));
    let webm = s.upload(&token, &samples::webm(None), true).await;
    let res = s.submit(&token, &entry(&webm, "WebM"), None).await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.json::<Value>().await.unwrap()["duration_seconds"],
        Value::Null
    );

    // Unfinished, someone else's, unknown → 422 naming upload_id; bad fields are named too.
    let half = s.upload(&token, STREAM_A, false).await;
    let res = s.submit(&token, &entry(&half, "半个"), None).await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "upload_id");
    let other = s.token(5).await;
    let theirs = s.upload(&other, STREAM_A, true).await;
    let res = s.submit(&token, &entry(&theirs, "别人的"), None).await;
    assert_problem(res, 422, "validation").await;
    let res = s
        .submit(
            &token,
            &json!({ "upload_id": theirs, "title": "", "category_id": "elders" }),
            None,
        )
        .await;
    let body = assert_problem(res, 422, "validation").await;
    let fields: HashSet<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, HashSet::from(["title", "category_id", "upload_id"]));
    let res = s
        .client
        .post(s.url("/api/v1/challenges/ch_2021/entries"))
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported-media-type").await;
}

#[tokio::test]
async fn concurrent_likes_from_many_users_count_exactly() {
    let s = server().await;
    let before = s.json("/api/v1/entries/ent_0001", None).await["like_count"]
        .as_i64()
        .unwrap();
    let mut tokens = Vec::new();
    for n in 0..40 {
        tokens.push(s.token(100 + n).await);
    }
    // Everyone likes twice at once: one like each.
    let mut tasks = tokio::task::JoinSet::new();
    for token in tokens.iter().chain(tokens.iter()) {
        let (client, url, token) = (
            s.client.clone(),
            s.url("/api/v1/entries/ent_0001/likes"),
            token.clone(),
        );
        tasks.spawn(async move {
            let res = client.post(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["liked"], true);
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let after = s.json("/api/v1/entries/ent_0001", Some(&tokens[0])).await;
    assert_eq!(after["like_count"].as_i64().unwrap(), before + 40);
    assert_eq!(after["liked_by_me"], true);

    // Unliking is idempotent too and returns the new count.
    let res = s.like(Method::DELETE, "ent_0001", &tokens[0]).await;
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({ "liked": false, "like_count": before + 39 })
    );
    let res = s.like(Method::DELETE, "ent_0001", &tokens[0]).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["like_count"],
        before + 39
    );
    let res = s.like(Method::POST, "ent_9999", &tokens[0]).await;
    assert_problem(res, 404, "not-found").await;
    let res = s
        .client
        .post(s.url("/api/v1/entries/ent_0001/likes"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let gallery = s
        .json(
            "/api/v1/challenges/ch_2021/entries?limit=50",
            Some(&tokens[1]),
        )
        .await;
    let mine = gallery["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "ent_0001")
        .unwrap();
    assert_eq!(mine["liked_by_me"], true);
}
