//! tus 1.0.0 conformance over real HTTP: capabilities, creation, partial PATCH and resuming from
//! HEAD, 409 on a wrong offset, 413 (Tus-Max-Size, past Upload-Length, over the chunk limit),
//! 415 on a wrong Content-Type, 412 without Tus-Resumable, 410 after expiry (advancing the
//! clock), 403 for another user's upload, 401 anonymous, and chunks far over the JSON body limit.
mod common;

use common::{assert_problem, plain_client};
use kepuri_server::clock::Clock;
use kepuri_server::{build_app, prepare, Config};
use reqwest::Method;
use serde_json::{json, Value};
use std::path::PathBuf;

struct Server {
    base: String,
    client: reqwest::Client,
    clock: Clock,
    upload_dir: PathBuf,
    _dir: tempfile::TempDir,
}

async fn server_with(tweak: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_db(dir.path().join("uploads-test.db"));
    config.dev_codes = true;
    config.db_pool = 4;
    common::roomy_auth_limits(&mut config);
    config.upload_quota_count = 1000;
    config.upload_quota_bytes = u64::MAX;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap());
    tweak(&mut config);
    let upload_dir = config.upload_dir();
    let state = prepare(config).await.unwrap();
    let clock = state.clock.clone();
    let app = build_app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server {
        base: format!("http://{addr}"),
        client: plain_client(),
        clock,
        upload_dir,
        _dir: dir,
    }
}

async fn server() -> Server {
    server_with(|_| {}).await
}

impl Server {
    async fn token(&self, n: usize) -> String {
        let res = self
            .client
            .post(format!("{}/api/v1/auth/sessions", self.base))
            .json(&json!({ "phone": format!("137{n:08}"), "code": "246810" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn tus(&self, method: Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let mut req = self
            .client
            .request(method, url)
            .header("Tus-Resumable", "1.0.0");
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req
    }

    /// Creates an upload of `length` bytes; returns its path (`/api/v1/uploads/up_…`).
    async fn create(&self, token: &str, length: u64) -> String {
        let res = self
            .tus(Method::POST, "/api/v1/uploads", Some(token))
            .header("Upload-Length", length.to_string())
            .header(
                "Upload-Metadata",
                "filename 5b2p6Jm55piv5oCO5LmI5p2l55qELm1wNA==,filetype dmlkZW8vbXA0",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(res.headers()["tus-resumable"], "1.0.0");
        assert!(res.headers()["upload-expires"]
            .to_str()
            .unwrap()
            .ends_with(" GMT"));
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/api/v1/uploads/up_"), "{location}");
        location
    }

    async fn patch(&self, token: &str, at: &str, offset: u64, bytes: Vec<u8>) -> reqwest::Response {
        self.tus(Method::PATCH, at, Some(token))
            .header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", offset.to_string())
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    async fn head(&self, token: Option<&str>, at: &str) -> reqwest::Response {
        self.tus(Method::HEAD, at, token).send().await.unwrap()
    }
}

fn offset(res: &reqwest::Response) -> u64 {
    res.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn options_lists_the_capabilities() {
    let s = server_with(|c| c.max_upload_bytes = 524_288_000).await;
    let res = s
        .client
        .request(Method::OPTIONS, format!("{}/api/v1/uploads", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let h = res.headers();
    assert_eq!(h["tus-resumable"], "1.0.0");
    assert_eq!(h["tus-version"], "1.0.0");
    assert_eq!(h["tus-max-size"], "524288000");
    assert_eq!(h["tus-extension"], "creation,expiration");
}

#[tokio::test]
async fn an_upload_is_created_patched_in_parts_and_resumed_from_head() {
    let s = server().await;
    let token = s.token(1).await;
    let bytes = pattern(100_000);
    let at = s.create(&token, bytes.len() as u64).await;

    let head = s.head(Some(&token), &at).await;
    assert_eq!(head.status(), 200);
    assert_eq!(offset(&head), 0);
    assert_eq!(head.headers()["upload-length"], "100000");
    assert_eq!(head.headers()["cache-control"], "no-store");
    assert_eq!(head.headers()["tus-resumable"], "1.0.0");
    assert!(head.headers().contains_key("upload-expires"));

    let first = s.patch(&token, &at, 0, bytes[..40_000].to_vec()).await;
    assert_eq!(first.status(), 204);
    assert_eq!(offset(&first), 40_000);
    assert_eq!(first.headers()["tus-resumable"], "1.0.0");

    // The connection "dropped": the client asks where to go on.
    let head = s.head(Some(&token), &at).await;
    assert_eq!(offset(&head), 40_000);

    // A stale offset is a 409 naming the server's offset; nothing is written.
    let stale = s.patch(&token, &at, 0, bytes[..10].to_vec()).await;
    let body = assert_problem(stale, 409, "conflict").await;
    assert_eq!(body["errors"][0]["field"], "Upload-Offset");
    assert!(body["detail"].as_str().unwrap().contains("40000"));

    let rest = s.patch(&token, &at, 40_000, bytes[40_000..].to_vec()).await;
    assert_eq!(rest.status(), 204);
    assert_eq!(offset(&rest), 100_000);
    assert!(!rest.headers().contains_key("upload-expires"), "finished");

    // On disk, byte for byte, under --upload-dir.
    let id = at.rsplit('/').next().unwrap();
    let stored = std::fs::read(s.upload_dir.join(format!("{id}.bin"))).unwrap();
    assert_eq!(stored, bytes);

    // Nothing may go past Upload-Length.
    let past = s.patch(&token, &at, 100_000, vec![1, 2, 3]).await;
    assert_problem(past, 413, "payload-too-large").await;
}

#[tokio::test]
async fn protocol_errors() {
    let s = server_with(|c| c.max_upload_bytes = 1024 * 1024).await;
    let token = s.token(2).await;

    // Upload-Length missing or malformed → 400; over Tus-Max-Size → 413.
    let res = s
        .tus(Method::POST, "/api/v1/uploads", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["tus-resumable"], "1.0.0");
    assert_problem(res, 400, "bad-request").await;
    let res = s
        .tus(Method::POST, "/api/v1/uploads", Some(&token))
        .header("Upload-Length", "-5")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "bad-request").await;
    let res = s
        .tus(Method::POST, "/api/v1/uploads", Some(&token))
        .header("Upload-Length", (1024 * 1024 + 1).to_string())
        .send()
        .await
        .unwrap();
    assert_problem(res, 413, "payload-too-large").await;

    // Another protocol version → 412 with Tus-Version.
    let res = s
        .client
        .post(format!("{}/api/v1/uploads", s.base))
        .bearer_auth(&token)
        .header("Tus-Resumable", "0.2.2")
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["tus-version"], "1.0.0");
    assert_problem(res, 412, "precondition-failed").await;

    let at = s.create(&token, 1000).await;
    // The wrong Content-Type → 415.
    let res = s
        .tus(Method::PATCH, &at, Some(&token))
        .header("Content-Type", "application/octet-stream")
        .header("Upload-Offset", "0")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported-media-type").await;
    // More than Upload-Length in one chunk → 413, and nothing is kept.
    let res = s.patch(&token, &at, 0, vec![0u8; 1001]).await;
    assert_problem(res, 413, "payload-too-large").await;
    assert_eq!(offset(&s.head(Some(&token), &at).await), 0);
    // An unknown upload → 404.
    let res = s
        .patch(
            &token,
            "/api/v1/uploads/up_00000000000000000000",
            0,
            vec![1],
        )
        .await;
    assert_problem(res, 404, "not-found").await;
    let res = s
        .head(Some(&token), "/api/v1/uploads/up_00000000000000000000")
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn uploads_belong_to_their_creator() {
    let s = server().await;
    let (owner, other) = (s.token(3).await, s.token(4).await);
    let at = s.create(&owner, 10).await;

    let res = s.patch(&other, &at, 0, vec![1; 10]).await;
    assert_problem(res, 403, "forbidden").await;
    let res = s.head(Some(&other), &at).await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.content_length().unwrap_or(0), 0);

    // Anonymous: 401 everywhere but OPTIONS (HEAD without a body).
    let res = s
        .tus(Method::POST, "/api/v1/uploads", None)
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = s
        .tus(Method::PATCH, &at, None)
        .header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", "0")
        .body(vec![1; 10])
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = s.head(None, &at).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_eq!(offset(&s.head(Some(&owner), &at).await), 0);
}

#[tokio::test]
async fn unfinished_uploads_expire_after_a_day() {
    let s = server().await;
    let token = s.token(5).await;
    let at = s.create(&token, 100).await;
    let done = s.create(&token, 4).await;
    assert_eq!(s.patch(&token, &at, 0, vec![7; 50]).await.status(), 204);
    assert_eq!(s.patch(&token, &done, 0, vec![7; 4]).await.status(), 204);

    s.clock.advance(chrono::Duration::hours(23));
    assert_eq!(s.head(Some(&token), &at).await.status(), 200);
    s.clock.advance(chrono::Duration::hours(1));
    assert_eq!(s.head(Some(&token), &at).await.status(), 410);
    let res = s.patch(&token, &at, 50, vec![7; 50]).await;
    assert_problem(res, 410, "gone").await;
    // A finished upload does not expire.
    assert_eq!(s.head(Some(&token), &done).await.status(), 200);

    // The next creation deletes the expired file; the upload still answers 410.
    s.create(&token, 1).await;
    let id = at.rsplit('/').next().unwrap();
    let file = s.upload_dir.join(format!("{id}.bin"));
    for _ in 0..50 {
        if !file.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!file.exists());
    assert_eq!(s.head(Some(&token), &at).await.status(), 410);
}

#[tokio::test]
async fn chunks_skip_the_json_body_limit_but_not_the_chunk_limit() {
    let s = server_with(|c| c.upload_chunk_limit = 3 * 1024 * 1024).await;
    let token = s.token(6).await;
    let bytes = pattern(5 * 1024 * 1024);
    let at = s.create(&token, bytes.len() as u64).await;
    // 3 MiB in one PATCH: over the 1 MiB JSON limit, at the chunk limit.
    let res = s
        .patch(&token, &at, 0, bytes[..3 * 1024 * 1024].to_vec())
        .await;
    assert_eq!(res.status(), 204);
    // Over the chunk limit → 413 before a byte is read.
    let res = s
        .patch(&token, &at, 3 * 1024 * 1024, vec![0u8; 3 * 1024 * 1024 + 1])
        .await;
    assert_problem(res, 413, "payload-too-large").await;
    // A body without Content-Length (chunked transfer encoding) is counted as it arrives.
    let tail = &bytes[3 * 1024 * 1024..];
    let (status, headers) = chunked_patch(&s, &token, &at, 3 * 1024 * 1024, tail).await;
    assert_eq!(status, 204, "{headers}");
    assert!(
        headers.contains(&format!("upload-offset: {}", bytes.len())),
        "{headers}"
    );
    let id = at.rsplit('/').next().unwrap();
    assert_eq!(
        std::fs::read(s.upload_dir.join(format!("{id}.bin"))).unwrap(),
        bytes
    );
}

/// A PATCH with `Transfer-Encoding: chunked` (no Content-Length), written by hand; returns the
/// status and the lower-cased response head.
async fn chunked_patch(
    s: &Server,
    token: &str,
    at: &str,
    offset: u64,
    body: &[u8],
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = s.base.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PATCH {at} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: {offset}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    for piece in body.chunks(64 * 1024) {
        tcp.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
            .await
            .unwrap();
        tcp.write_all(piece).await.unwrap();
        tcp.write_all(b"\r\n").await.unwrap();
    }
    tcp.write_all(b"0\r\n\r\n").await.unwrap();
    let mut response = Vec::new();
    tcp.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).to_lowercase();
    let status = text[9..12].parse().unwrap();
    (status, text)
}
