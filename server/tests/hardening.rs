//! Issue 13, over real sockets: connection timeouts and the connection cap, limits on `/auth/*`
//! (per IP, per phone per day, wrong codes across resends), upload quotas and the purge of
//! unused uploads, the security headers, Unicode-safe text checks, and the four fixes (NUL in
//! `q`, an over-long chunked PATCH, a lower-case bearer, the viewers id list).
mod common;

use common::{assert_problem, start_with};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the peer closes or `within` passes; what arrived, and whether it closed.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (String, bool) {
    let mut got = Vec::new();
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&got).into(), false),
        }
    }
}

/// A session for `phone` (dev code), through the one login helper of `tests/common`.
async fn token(s: &common::TestServer, phone: &str) -> String {
    common::log_in(&s.client, &s.url(""), phone).await
}

#[tokio::test]
async fn idle_and_half_sent_connections_are_closed_after_the_header_timeout() {
    let s = start_with(|c, _| c.header_timeout_secs = 1).await;
    let mut idle = TcpStream::connect(s.addr).await.unwrap();
    let mut half = TcpStream::connect(s.addr).await.unwrap();
    half.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(closed, "an idle connection stays open");
    let (_, closed) = read_until_closed(&mut half, Duration::from_secs(5)).await;
    assert!(closed, "a half-sent header keeps the connection");
    assert!(started.elapsed() < Duration::from_secs(4));

    // Between keep-alive requests too.
    let mut kept = TcpStream::connect(s.addr).await.unwrap();
    kept.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut kept, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle keep-alive connection stays open");
}

#[tokio::test]
async fn a_slow_body_gets_408() {
    let s = start_with(|c, _| c.request_timeout_secs = 1).await;
    let mut slow = TcpStream::connect(s.addr).await.unwrap();
    slow.write_all(
        b"POST /api/v1/auth/sms-codes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{\"phone\":",
    )
    .await
    .unwrap();
    let (answer, _) = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_one() {
    let s = start_with(|c, _| {
        c.max_connections = 2;
        c.header_timeout_secs = 1;
    })
    .await;
    let _a = TcpStream::connect(s.addr).await.unwrap();
    let _b = TcpStream::connect(s.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(s.addr).await.unwrap();
    third
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (early, _) = read_until_closed(&mut third, Duration::from_millis(300)).await;
    assert!(early.is_empty(), "served over the cap: {early}");
    // The two idle ones time out; then the third is served.
    let (answer, _) = read_until_closed(&mut third, Duration::from_secs(8)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn the_open_file_check_fits_the_cap_in_the_limit() {
    let files = kepuri_server::connections::check_open_files(10, 64).unwrap();
    assert_eq!(files.max_connections, 10);
    assert!(files.limit >= 80);
    let squeezed =
        kepuri_server::connections::check_open_files(usize::MAX, files.limit - 100).unwrap();
    assert_eq!(squeezed.max_connections, 100);
    assert!(kepuri_server::connections::check_open_files(10, files.limit).is_err());
}

#[tokio::test]
async fn auth_is_limited_per_ip_and_the_ip_comes_only_from_the_configured_header() {
    let s = start_with(|c, _| c.auth_per_ip_per_minute = 3).await;
    for i in 0..3 {
        let res = s
            .client
            .post(s.url("/api/v1/auth/sms-codes"))
            .json(&json!({ "phone": format!("1390000000{i}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
    }
    // A spoofed forwarding header changes nothing without --client-ip-header.
    let res = s
        .client
        .post(s.url("/api/v1/auth/sessions"))
        .header("X-Forwarded-For", "203.0.113.5")
        .json(&json!({ "phone": "13900000009", "code": "246810" }))
        .send()
        .await
        .unwrap();
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=21).contains(&retry), "{retry}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("秒后再试"));

    let proxied = start_with(|c, _| {
        c.auth_per_ip_per_minute = 1;
        c.client_ip_header = Some("X-Real-IP".into());
    })
    .await;
    for (ip, status) in [
        ("198.51.100.1", 202),
        ("198.51.100.1", 429),
        ("198.51.100.2", 202),
    ] {
        let res = proxied
            .client
            .post(proxied.url("/api/v1/auth/sms-codes"))
            .header("X-Real-IP", ip)
            .json(&json!({ "phone": format!("1380000{}", &ip[ip.len() - 4..].replace('.', "0")) }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{ip}");
    }
}

#[tokio::test]
async fn sms_codes_per_phone_per_day_and_wrong_codes_across_resends() {
    let s = common::start_clocked("2021-09-13T22:00:00+08:00", |c| {
        c.sms_per_phone_per_day = 3;
        c.code_tries_per_phone_per_day = 4;
    })
    .await;
    let post = |path: &'static str, body: Value| {
        let req = s
            .client
            .post(format!("{}/api/v1{path}", s.origin))
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let phone = "13712345678";
    let mut wrong = 0;
    for _ in 0..3 {
        assert_eq!(
            post("/auth/sms-codes", json!({ "phone": phone }))
                .await
                .status(),
            202
        );
        // Two wrong codes per code sent: a resend no longer resets the count.
        for _ in 0..2 {
            let res = post(
                "/auth/sessions",
                json!({ "phone": phone, "code": "000000" }),
            )
            .await;
            wrong += 1;
            if wrong <= 4 {
                assert_problem(res, 422, "validation").await;
            } else {
                let body = assert_problem(res, 429, "rate-limited").await;
                assert!(body["detail"].as_str().unwrap().contains("明天"));
            }
        }
        s.clock.advance(chrono::Duration::seconds(61));
    }
    let res = post("/auth/sms-codes", json!({ "phone": phone })).await;
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // Until China midnight: 22:03 → 00:00.
    assert!((3000..=7200).contains(&wait), "{wait}");
    assert_problem(res, 429, "rate-limited").await;
    // Another phone is not affected; the next China day starts afresh.
    assert_eq!(
        post("/auth/sms-codes", json!({ "phone": "13712345679" }))
            .await
            .status(),
        202
    );
    s.clock.advance(chrono::Duration::hours(2));
    assert_eq!(
        post("/auth/sms-codes", json!({ "phone": phone }))
            .await
            .status(),
        202
    );
    let res = post(
        "/auth/sessions",
        json!({ "phone": phone, "code": "000000" }),
    )
    .await;
    assert_problem(res, 422, "validation").await;
}

#[tokio::test]
async fn security_headers_everywhere_and_no_store_on_tokens() {
    let s = start_with(|c, _| c.dev_codes = true).await;
    for path in [
        "/api/v1/health",
        "/api/v1/nope",
        "/media/videos/stream-a.mp4",
        "/media/nope",
        "/",
    ] {
        let res = s.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
    }
    let res = s
        .client
        .post(s.url("/api/v1/auth/sessions"))
        .json(&json!({ "phone": "13600000001", "code": "246810" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let s = start_with(|c, _| c.dev_codes = true).await;
    let t = token(&s, "13600000002").await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let res = s
            .client
            .get(s.url("/api/v1/me"))
            .header("Authorization", format!("{scheme} {t}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{scheme}");
    }
}

#[tokio::test]
async fn control_characters_in_q_are_spaces_not_a_500() {
    let s = common::start().await;
    for q in ["ab%00c", "%00", "%1b%5b31m", "科%00普"] {
        let res = s.get(&format!("/api/v1/activities?q={q}")).await;
        assert_eq!(res.status(), 200, "{q}");
    }
}

#[tokio::test]
async fn a_long_viewers_list_is_refused_at_once_and_duplicates_count_once() {
    let s = common::start().await;
    let list = s.get_json("/api/v1/livestreams?limit=2").await;
    let id = list["items"][0]["id"].as_str().unwrap().to_string();
    let dupes = vec![id.as_str(); 400].join(",");
    let res = s
        .get(&format!("/api/v1/livestreams/viewers?ids={dupes}"))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    let many: Vec<String> = (0..6000).map(|i| format!("ls_{i:06}")).collect();
    let res = s
        .get(&format!(
            "/api/v1/livestreams/viewers?ids={}",
            many.join(",")
        ))
        .await;
    // Refused before any de-duplication; what that costs is scripts/attack's to measure.
    assert_problem(res, 422, "validation").await;
}

#[tokio::test]
async fn display_names_and_posts_refuse_controls_and_invisible_only_text() {
    let s = start_with(|c, _| c.dev_codes = true).await;
    let t = token(&s, "13600000003").await;
    for name in [
        "\u{200b}\u{200b}\u{200b}",
        "小\u{202e}明",
        "a\u{0}b",
        "\u{3164}\u{3164}",
    ] {
        let res = s
            .client
            .patch(s.url("/api/v1/me"))
            .bearer_auth(&t)
            .json(&json!({ "display_name": name }))
            .send()
            .await
            .unwrap();
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "display_name", "{name:?}");
    }
    let topics = s.get_json("/api/v1/topics").await;
    // The text is checked before anything else about the post.
    let topic = topics["items"][0]["id"].as_str().unwrap().to_string();
    for text in [
        "找人代\u{200b}考",
        "代\u{ad}考",
        "ｗｗｗ．example．com",
        "http\u{200b}://example.org",
        "好\u{0}文",
        "看\u{202e}这里",
    ] {
        let res = s
            .client
            .post(s.url(&format!("/api/v1/topics/{topic}/posts")))
            .bearer_auth(&t)
            .json(&json!({ "text": text }))
            .send()
            .await
            .unwrap();
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "text", "{text:?}");
    }
}

/// An upload client on a clocked server.
struct Uploads {
    s: common::Clocked,
    token: String,
}

impl Uploads {
    async fn new(tweak: impl FnOnce(&mut kepuri_server::Config)) -> Self {
        let s = common::start_clocked("2021-09-13T10:00:00+08:00", tweak).await;
        let token = common::log_in(&s.client, &s.origin, "13500000001").await;
        Self { s, token }
    }

    async fn create(&self, length: u64) -> reqwest::Response {
        self.s
            .client
            .post(format!("{}/api/v1/uploads", self.s.origin))
            .bearer_auth(&self.token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length.to_string())
            .send()
            .await
            .unwrap()
    }

    async fn created(&self, length: u64) -> String {
        let res = self.create(length).await;
        assert_eq!(res.status(), 201);
        res.headers()["location"].to_str().unwrap().to_string()
    }

    async fn patch(&self, at: &str, offset: u64, bytes: Vec<u8>) -> reqwest::Response {
        self.s
            .client
            .patch(format!("{}{at}", self.s.origin))
            .bearer_auth(&self.token)
            .header("Tus-Resumable", "1.0.0")
            .header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", offset.to_string())
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    async fn offset(&self, at: &str) -> u64 {
        let res = self
            .s
            .client
            .head(format!("{}{at}", self.s.origin))
            .bearer_auth(&self.token)
            .header("Tus-Resumable", "1.0.0")
            .send()
            .await
            .unwrap();
        res.headers()["upload-offset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    }
}

#[tokio::test]
async fn unfinished_uploads_are_limited_per_user_by_count_and_bytes() {
    let u = Uploads::new(|c| {
        c.upload_quota_count = 2;
        c.upload_quota_bytes = 1000;
    })
    .await;
    let first = u.created(10).await;
    u.created(10).await;
    let res = u.create(10).await;
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=86_400).contains(&wait));
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("2个上传尚未完成"));
    // Finishing one frees its place.
    assert_eq!(u.patch(&first, 0, vec![1; 10]).await.status(), 204);
    u.created(10).await;
    let res = u.create(0).await;
    assert_eq!(
        res.status(),
        201,
        "an empty upload is finished at once: not counted"
    );

    let u = Uploads::new(|c| c.upload_quota_bytes = 100).await;
    u.created(60).await;
    let res = u.create(50).await;
    assert_problem(res, 429, "rate-limited").await;
    u.created(40).await;
}

#[tokio::test]
async fn unused_finished_uploads_are_purged_after_the_configured_time() {
    let u = Uploads::new(|c| c.unused_upload_hours = 2).await;
    let at = u.created(4).await;
    assert_eq!(u.patch(&at, 0, vec![7; 4]).await.status(), 204);
    let file =
        u.s.dir
            .path()
            .join("uploads")
            .join(format!("{}.bin", at.rsplit('/').next().unwrap()));
    assert!(file.exists());
    u.s.clock.advance(chrono::Duration::minutes(119));
    u.created(1).await; // a creation runs the purge
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(file.exists(), "purged before its time");
    u.s.clock.advance(chrono::Duration::minutes(2));
    u.created(1).await;
    for _ in 0..50 {
        if !file.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!file.exists(), "an unused upload is kept");
    let res =
        u.s.client
            .head(format!("{}{at}", u.s.origin))
            .bearer_auth(&u.token)
            .header("Tus-Resumable", "1.0.0")
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), 410);
}

#[tokio::test]
async fn an_over_long_chunked_patch_keeps_nothing() {
    let u = Uploads::new(|_| {}).await;
    let at = u.created(10).await;
    assert_eq!(u.patch(&at, 0, vec![1; 4]).await.status(), 204);
    let addr = u.s.origin.trim_start_matches("http://").to_string();
    let mut raw = TcpStream::connect(&addr).await.unwrap();
    // Chunked, so the server cannot refuse on Content-Length: 4 + 12 bytes > 10.
    let head = format!(
        "PATCH {at} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 4\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        u.token
    );
    raw.write_all(head.as_bytes()).await.unwrap();
    raw.write_all(b"4\r\nabcd\r\n8\r\nefghijkl\r\n0\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut raw, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(u.offset(&at).await, 4, "the refused chunk moved the offset");
    assert_eq!(u.patch(&at, 4, vec![2; 6]).await.status(), 204);
    assert_eq!(u.offset(&at).await, 10);
}

#[tokio::test]
async fn a_stalled_patch_ends_with_408_and_keeps_what_arrived() {
    let u = Uploads::new(|c| c.upload_idle_timeout_secs = 1).await;
    let at = u.created(10).await;
    let addr = u.s.origin.trim_start_matches("http://").to_string();
    let mut raw = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PATCH {at} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n\
         Content-Length: 10\r\nConnection: close\r\n\r\nabc",
        u.token
    );
    raw.write_all(head.as_bytes()).await.unwrap();
    let (answer, _) = read_until_closed(&mut raw, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(u.offset(&at).await, 3);
}

#[tokio::test]
async fn empty_constrained_parameters_are_refused_and_empty_text_is_none() {
    let s = common::start().await;
    for (path, field) in [
        ("/api/v1/livestreams?date=", "date"),
        ("/api/v1/livestreams?status=%20", "status"),
        ("/api/v1/volunteers/leaderboard?province=", "province"),
        ("/api/v1/activities?sort=", "sort"),
    ] {
        let body = assert_problem(s.get(path).await, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], field, "{path}");
    }
    assert_eq!(s.get("/api/v1/activities?q=&theme=").await.status(), 200);
}

#[tokio::test]
async fn a_malformed_idempotency_key_is_refused_on_auth_too() {
    let s = start_with(|c, _| c.dev_codes = true).await;
    let res = s
        .client
        .post(s.url("/api/v1/auth/sessions"))
        .header("Idempotency-Key", "not a key!")
        .json(&json!({ "phone": "13600000009", "code": "246810" }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
}
