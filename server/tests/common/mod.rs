//! Starts a real server in-process on a free loopback port, over a fresh SQLite file in a
//! temporary directory, and talks to it over HTTP.
#![allow(dead_code)] // each test binary uses a different part of this

use axum::routing::post;
use axum::{Json, Router};
use kepuri_server::problem::ApiJson;
use kepuri_server::{AppState, Config};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use tempfile::TempDir;

pub struct TestServer {
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    /// Holds the database (and anything else a test puts there) until the server is dropped.
    pub dir: TempDir,
    handle: kepuri_server::ServerHandle,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("json body")
    }
}

/// A body shape for the test-only echo route, to exercise the JSON extractor's rejections.
#[derive(Serialize, Deserialize)]
pub struct Echo {
    pub name: String,
}

/// `POST /api/v1/test/echo`: exists only in tests; echoes a valid body back.
pub fn test_routes() -> Router<AppState> {
    Router::new().route(
        "/test/echo",
        post(|ApiJson(body): ApiJson<Echo>| async move { Json(body) }),
    )
}

/// Tests log many users in from one address: the per-IP and global `/auth/*` limits are
/// raised out of their way (tests of the limits set their own).
pub fn roomy_auth_limits(config: &mut Config) {
    config.auth_per_ip_per_minute = 100_000;
    config.auth_global_per_minute = 100_000;
}

/// Scale 1 seeds ≈1,200 activities in well under a second, so most tests use it.
pub async fn start() -> TestServer {
    start_with(|_, _| {}).await
}

/// Starts a server whose config `tweak` adjusts (database path, clock, seed scale…). The
/// config's `db` already points into the server's own temporary directory.
pub async fn start_with(tweak: impl FnOnce(&mut Config, &std::path::Path)) -> TestServer {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::for_db(dir.path().join("data/kepuri.db"));
    config.db_pool = 2;
    roomy_auth_limits(&mut config);
    tweak(&mut config, dir.path());
    let (addr, handle) = kepuri_server::spawn_with(config, test_routes())
        .await
        .expect("server starts");
    TestServer {
        addr,
        base: format!("http://{addr}"),
        client: plain_client(),
        dir,
        handle,
    }
}

/// A client that neither asks for nor undoes compression, so tests see the bytes as sent.
pub fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client")
}

/// Asserts a problem+json response and returns its body.
pub async fn assert_problem(res: reqwest::Response, status: u16, slug: &str) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = res.json().await.expect("problem body");
    assert_eq!(
        body["type"],
        format!("https://kepuri.example/problems/{slug}")
    );
    assert_eq!(body["status"], status);
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// A server started by [`start_clocked`]: its origin (`http://127.0.0.1:port`), a client, and a
/// handle on its clock, which tests move forward.
pub struct Clocked {
    pub origin: String,
    pub client: reqwest::Client,
    pub clock: kepuri_server::clock::Clock,
    pub dir: TempDir,
}

/// Starts a server with `--dev-codes` and its clock at `at` (RFC 3339), after `tweak`.
pub async fn start_clocked(at: &str, tweak: impl FnOnce(&mut Config)) -> Clocked {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_db(dir.path().join("test.db"));
    config.dev_codes = true;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339"));
    roomy_auth_limits(&mut config);
    tweak(&mut config);
    let state = kepuri_server::prepare(config).await.expect("prepare");
    let clock = state.clock.clone();
    let app = kepuri_server::build_app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Clocked {
        origin: format!("http://{addr}"),
        client: plain_client(),
        clock,
        dir,
    }
}

/// Logs `phone` in with the dev code; the session token.
pub async fn log_in(client: &reqwest::Client, origin: &str, phone: &str) -> String {
    let res = client
        .post(format!("{origin}/api/v1/auth/sessions"))
        .json(&serde_json::json!({ "phone": phone, "code": "246810" }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 201, "log in {phone}");
    res.json::<serde_json::Value>().await.expect("json")["token"]
        .as_str()
        .expect("token")
        .to_string()
}
