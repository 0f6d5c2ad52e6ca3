//! Issue 13, over real sockets: connection timeouts and the connection cap, limits on `/auth/*`
//! (per IP, per phone per day, wrong codes across resends), upload quotas and the purge of
//! unused uploads, the security headers, Unicode-safe text checks, and the four fixes (NUL in
//! `q`, an over-long chunked PATCH, a lower-case bearer, the viewers id list).
mod common;

use common::{assert_problem, start_with, TestServer, DEMO_NOW};
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
            .post("/api/v1/auth/sms-codes")
            .json(&json!({ "phone": format!("1390000000{i}") }))
            .await;
        assert_eq!(res.status(), 202);
    }
    // A spoofed forwarding header changes nothing without --client-ip-header.
    let res = s
        .post("/api/v1/auth/sessions")
        .header("X-Forwarded-For", "203.0.113.5")
        .json(&json!({ "phone": "13900000009", "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .await;
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
            .post("/api/v1/auth/sms-codes")
            .header("X-Real-IP", ip)
            .json(&json!({ "phone": format!("1380000{}", &ip[ip.len() - 4..].replace('.', "0")) }))
            .await;
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
    let post = |path: &'static str, body: Value| s.post(&format!("/api/v1{path}")).json(&body);
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
                json!({ "phone": phone, "code": "000000", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }),
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
        json!({ "phone": phone, "code": "000000", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }),
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
        .post("/api/v1/auth/sessions")
        .json(&json!({ "phone": "13600000001", "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let s = start_with(|c, _| c.dev_codes = true).await;
    let t = s.log_in("13600000002").await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let res = s
            .get("/api/v1/me")
            .header("Authorization", format!("{scheme} {t}"))
            .await;
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
    let t = s.log_in("13600000003").await;
    for name in [
        "\u{200b}\u{200b}\u{200b}",
        "小\u{202e}明",
        "a\u{0}b",
        "\u{3164}\u{3164}",
    ] {
        let res = s
            .patch("/api/v1/me")
            .auth(&t)
            .json(&json!({ "display_name": name }))
            .await;
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
            .post(&format!("/api/v1/topics/{topic}/posts"))
            .auth(&t)
            .json(&json!({ "text": text }))
            .await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "text", "{text:?}");
    }
}

/// A clocked server with a logged-in user for upload tests, and that user's token.
async fn uploader(tweak: impl FnOnce(&mut kepuri_server::Config)) -> (TestServer, String) {
    let s = common::start_clocked(DEMO_NOW, tweak).await;
    let token = s.log_in("13500000001").await;
    (s, token)
}

#[tokio::test]
async fn unfinished_uploads_are_limited_per_user_by_count_and_bytes() {
    let (s, t) = uploader(|c| {
        c.upload_quota_count = 2;
        c.upload_quota_bytes = 1000;
    })
    .await;
    let first = s.tus_created(&t, 10, None).await;
    s.tus_created(&t, 10, None).await;
    let res = s.tus_create(&t, 10, None).await;
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=86_400).contains(&wait));
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("2个上传尚未完成"));
    // Finishing one frees its place.
    assert_eq!(s.tus_patch(&t, &first, 0, vec![1; 10]).await.status(), 204);
    s.tus_created(&t, 10, None).await;
    let res = s.tus_create(&t, 0, None).await;
    assert_eq!(
        res.status(),
        201,
        "an empty upload is finished at once: not counted"
    );

    let (s, t) = uploader(|c| c.upload_quota_bytes = 100).await;
    s.tus_created(&t, 60, None).await;
    let res = s.tus_create(&t, 50, None).await;
    assert_problem(res, 429, "rate-limited").await;
    s.tus_created(&t, 40, None).await;
}

#[tokio::test]
async fn unused_finished_uploads_are_purged_after_the_configured_time() {
    let (s, t) = uploader(|c| c.unused_upload_hours = 2).await;
    let at = s.tus_created(&t, 4, None).await;
    assert_eq!(s.tus_patch(&t, &at, 0, vec![7; 4]).await.status(), 204);
    let file = s
        .upload_dir
        .join(format!("{}.bin", at.rsplit('/').next().unwrap()));
    assert!(file.exists());
    s.clock.advance(chrono::Duration::minutes(119));
    s.tus_created(&t, 1, None).await; // a creation runs the purge
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(file.exists(), "purged before its time");
    s.clock.advance(chrono::Duration::minutes(2));
    s.tus_created(&t, 1, None).await;
    for _ in 0..50 {
        if !file.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!file.exists(), "an unused upload is kept");
    let res = s.tus(reqwest::Method::HEAD, &at).auth(&t).await;
    assert_eq!(res.status(), 410);
}

#[tokio::test]
async fn an_over_long_chunked_patch_keeps_nothing() {
    let (s, t) = uploader(|_| {}).await;
    let at = s.tus_created(&t, 10, None).await;
    assert_eq!(s.tus_patch(&t, &at, 0, vec![1; 4]).await.status(), 204);
    let addr = s.addr;
    let mut raw = TcpStream::connect(&addr).await.unwrap();
    // Chunked, so the server cannot refuse on Content-Length: 4 + 12 bytes > 10.
    let head = format!(
        "PATCH {at} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 4\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        t
    );
    raw.write_all(head.as_bytes()).await.unwrap();
    raw.write_all(b"4\r\nabcd\r\n8\r\nefghijkl\r\n0\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut raw, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(
        s.tus_offset(&t, &at).await,
        4,
        "the refused chunk moved the offset"
    );
    assert_eq!(s.tus_patch(&t, &at, 4, vec![2; 6]).await.status(), 204);
    assert_eq!(s.tus_offset(&t, &at).await, 10);
}

#[tokio::test]
async fn a_stalled_patch_ends_with_408_and_keeps_what_arrived() {
    let (s, t) = uploader(|c| c.upload_idle_timeout_secs = 1).await;
    let at = s.tus_created(&t, 10, None).await;
    let addr = s.addr;
    let mut raw = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PATCH {at} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n\
         Content-Length: 10\r\nConnection: close\r\n\r\nabc",
        t
    );
    raw.write_all(head.as_bytes()).await.unwrap();
    let (answer, _) = read_until_closed(&mut raw, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(s.tus_offset(&t, &at).await, 3);
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
        .post("/api/v1/auth/sessions")
        .header("Idempotency-Key", "not a key!")
        .json(&json!({ "phone": "13600000009", "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .await;
    let body = assert_problem(res, 422, "validation").await;
    assert_eq!(body["errors"][0]["field"], "Idempotency-Key");
}
