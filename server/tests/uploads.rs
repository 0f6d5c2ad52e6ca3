//! tus 1.0.0 conformance over real HTTP: capabilities, creation, partial PATCH and resuming from
//! HEAD, 409 on a wrong offset, 413 (Tus-Max-Size, past Upload-Length, over the chunk limit),
//! 415 on a wrong Content-Type, 412 without Tus-Resumable, 410 after expiry (advancing the
//! clock), 403 for another user's upload, 401 anonymous, and chunks far over the JSON body limit.
mod common;

use common::{assert_problem, upload_offset, TestServer, DEMO_NOW};
use kepuri_server::Config;
use reqwest::Method;

/// The `Upload-Metadata` these tests send: a Chinese file name (彩虹是怎么来的.mp4), a video type.
const METADATA: &str = "filename 5b2p6Jm55piv5oCO5LmI5p2l55qELm1wNA==,filetype dmlkZW8vbXA0";

/// A clocked server with `--dev-codes` and no upload quotas in the way, after `tweak`.
async fn server_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
    common::start_clocked(DEMO_NOW, |config| {
        config.db_pool = 4;
        config.upload_quota_count = 1000;
        config.upload_quota_bytes = u64::MAX;
        tweak(config);
    })
    .await
}

async fn server() -> TestServer {
    server_with(|_| {}).await
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn options_lists_the_capabilities() {
    let s = server_with(|c| c.max_upload_bytes = 524_288_000).await;
    let res = s.request(Method::OPTIONS, "/api/v1/uploads").await;
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
    let at = s
        .tus_created(&token, bytes.len() as u64, Some(METADATA))
        .await;

    let head = s.tus(Method::HEAD, &at).auth(&token).await;
    assert_eq!(head.status(), 200);
    assert_eq!(upload_offset(&head), 0);
    assert_eq!(head.headers()["upload-length"], "100000");
    assert_eq!(head.headers()["cache-control"], "no-store");
    assert_eq!(head.headers()["tus-resumable"], "1.0.0");
    assert!(head.headers().contains_key("upload-expires"));

    let first = s.tus_patch(&token, &at, 0, bytes[..40_000].to_vec()).await;
    assert_eq!(first.status(), 204);
    assert_eq!(upload_offset(&first), 40_000);
    assert_eq!(first.headers()["tus-resumable"], "1.0.0");

    // The connection "dropped": the client asks where to go on.
    let head = s.tus(Method::HEAD, &at).auth(&token).await;
    assert_eq!(upload_offset(&head), 40_000);

    // A stale offset is a 409 naming the server's offset; nothing is written.
    let stale = s.tus_patch(&token, &at, 0, bytes[..10].to_vec()).await;
    let body = assert_problem(stale, 409, "conflict").await;
    assert_eq!(body["errors"][0]["field"], "Upload-Offset");
    assert!(body["detail"].as_str().unwrap().contains("40000"));

    let rest = s
        .tus_patch(&token, &at, 40_000, bytes[40_000..].to_vec())
        .await;
    assert_eq!(rest.status(), 204);
    assert_eq!(upload_offset(&rest), 100_000);
    assert!(!rest.headers().contains_key("upload-expires"), "finished");

    // On disk, byte for byte, under --upload-dir.
    let id = at.rsplit('/').next().unwrap();
    let stored = std::fs::read(s.upload_dir.join(format!("{id}.bin"))).unwrap();
    assert_eq!(stored, bytes);

    // Nothing may go past Upload-Length.
    let past = s.tus_patch(&token, &at, 100_000, vec![1, 2, 3]).await;
    assert_problem(past, 413, "payload-too-large").await;
}

#[tokio::test]
async fn protocol_errors() {
    let s = server_with(|c| c.max_upload_bytes = 1024 * 1024).await;
    let token = s.token(2).await;

    // Upload-Length missing or malformed → 400; over Tus-Max-Size → 413.
    let res = s.tus(Method::POST, "/api/v1/uploads").auth(&token).await;
    assert_eq!(res.headers()["tus-resumable"], "1.0.0");
    assert_problem(res, 400, "bad-request").await;
    let res = s
        .tus(Method::POST, "/api/v1/uploads")
        .auth(&token)
        .header("Upload-Length", "-5")
        .await;
    assert_problem(res, 400, "bad-request").await;
    let res = s
        .tus(Method::POST, "/api/v1/uploads")
        .auth(&token)
        .header("Upload-Length", (1024 * 1024 + 1).to_string())
        .await;
    assert_problem(res, 413, "payload-too-large").await;

    // Another protocol version → 412 with Tus-Version.
    let res = s
        .post("/api/v1/uploads")
        .auth(&token)
        .header("Tus-Resumable", "0.2.2")
        .header("Upload-Length", "10")
        .await;
    assert_eq!(res.headers()["tus-version"], "1.0.0");
    assert_problem(res, 412, "precondition-failed").await;

    let at = s.tus_created(&token, 1000, Some(METADATA)).await;
    // The wrong Content-Type → 415.
    let res = s
        .tus(Method::PATCH, &at)
        .auth(&token)
        .header("Content-Type", "application/octet-stream")
        .header("Upload-Offset", "0")
        .body(vec![0u8; 10])
        .await;
    assert_problem(res, 415, "unsupported-media-type").await;
    // More than Upload-Length in one chunk → 413, and nothing is kept.
    let res = s.tus_patch(&token, &at, 0, vec![0u8; 1001]).await;
    assert_problem(res, 413, "payload-too-large").await;
    assert_eq!(
        upload_offset(&s.tus(Method::HEAD, &at).auth(&token).await),
        0
    );
    // An unknown upload → 404.
    let res = s
        .tus_patch(
            &token,
            "/api/v1/uploads/up_00000000000000000000",
            0,
            vec![1],
        )
        .await;
    assert_problem(res, 404, "not-found").await;
    let res = s
        .tus(Method::HEAD, "/api/v1/uploads/up_00000000000000000000")
        .auth(&token)
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn uploads_belong_to_their_creator() {
    let s = server().await;
    let (owner, other) = (s.token(3).await, s.token(4).await);
    let at = s.tus_created(&owner, 10, Some(METADATA)).await;

    let res = s.tus_patch(&other, &at, 0, vec![1; 10]).await;
    assert_problem(res, 403, "forbidden").await;
    let res = s.tus(Method::HEAD, &at).auth(&other).await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.content_length().unwrap_or(0), 0);

    // Anonymous: 401 everywhere but OPTIONS (HEAD without a body).
    let res = s
        .tus(Method::POST, "/api/v1/uploads")
        .header("Upload-Length", "10")
        .await;
    assert_problem(res, 401, "unauthorized").await;
    let res = s
        .tus(Method::PATCH, &at)
        .header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", "0")
        .body(vec![1; 10])
        .await;
    assert_problem(res, 401, "unauthorized").await;
    let res = s.tus(Method::HEAD, &at).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        upload_offset(&s.tus(Method::HEAD, &at).auth(&owner).await),
        0
    );
}

#[tokio::test]
async fn unfinished_uploads_expire_after_a_day() {
    let s = server().await;
    let token = s.token(5).await;
    let at = s.tus_created(&token, 100, Some(METADATA)).await;
    let done = s.tus_created(&token, 4, Some(METADATA)).await;
    assert_eq!(s.tus_patch(&token, &at, 0, vec![7; 50]).await.status(), 204);
    assert_eq!(
        s.tus_patch(&token, &done, 0, vec![7; 4]).await.status(),
        204
    );

    s.clock.advance(chrono::Duration::hours(23));
    assert_eq!(s.tus(Method::HEAD, &at).auth(&token).await.status(), 200);
    s.clock.advance(chrono::Duration::hours(1));
    assert_eq!(s.tus(Method::HEAD, &at).auth(&token).await.status(), 410);
    let res = s.tus_patch(&token, &at, 50, vec![7; 50]).await;
    assert_problem(res, 410, "gone").await;
    // A finished upload does not expire.
    assert_eq!(s.tus(Method::HEAD, &done).auth(&token).await.status(), 200);

    // The next creation deletes the expired file; the upload still answers 410.
    s.tus_created(&token, 1, Some(METADATA)).await;
    let id = at.rsplit('/').next().unwrap();
    let file = s.upload_dir.join(format!("{id}.bin"));
    for _ in 0..50 {
        if !file.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!file.exists());
    assert_eq!(s.tus(Method::HEAD, &at).auth(&token).await.status(), 410);
}

#[tokio::test]
async fn chunks_skip_the_json_body_limit_but_not_the_chunk_limit() {
    let s = server_with(|c| c.upload_chunk_limit = 3 * 1024 * 1024).await;
    let token = s.token(6).await;
    let bytes = pattern(5 * 1024 * 1024);
    let at = s
        .tus_created(&token, bytes.len() as u64, Some(METADATA))
        .await;
    // 3 MiB in one PATCH: over the 1 MiB JSON limit, at the chunk limit.
    let res = s
        .tus_patch(&token, &at, 0, bytes[..3 * 1024 * 1024].to_vec())
        .await;
    assert_eq!(res.status(), 204);
    // Over the chunk limit → 413 before a byte is read.
    let res = s
        .tus_patch(&token, &at, 3 * 1024 * 1024, vec![0u8; 3 * 1024 * 1024 + 1])
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
    s: &TestServer,
    token: &str,
    at: &str,
    offset: u64,
    body: &[u8],
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = s.addr;
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
