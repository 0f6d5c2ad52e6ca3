//! Starting a server for a test, and what a test holds on to while it runs.
use axum::routing::post;
use axum::{Json, Router};
use kepuri_server::clock::Clock;
use kepuri_server::problem::ApiJson;
use kepuri_server::{AppState, Config};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;

/// The demo clock (day 3 of the 2021 edition) that most clocked tests start at.
pub const DEMO_NOW: &str = "2021-09-13T10:00:00+08:00";

pub struct TestServer {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:port`: request paths are relative to it (`/api/v1/…`, `/media/…`).
    pub origin: String,
    pub client: reqwest::Client,
    /// The server's clock, which tests move forward.
    pub clock: Clock,
    /// The server's state (its database, search index…), for tests that write behind its back.
    pub state: AppState,
    /// The SQLite file.
    pub db: PathBuf,
    /// Where finished and unfinished uploads are kept.
    pub upload_dir: PathBuf,
    /// Holds the database (and anything else a test puts there) until the server is dropped.
    pub dir: TempDir,
    handle: kepuri_server::ServerHandle,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// A body shape for the test-only echo route, to exercise the JSON extractor's rejections.
#[derive(Serialize, Deserialize)]
pub struct Echo {
    pub name: String,
}

/// `POST /api/v1/test/echo`: exists only in tests; echoes a valid body back.
fn test_routes() -> Router<AppState> {
    Router::new().route(
        "/test/echo",
        post(|ApiJson(body): ApiJson<Echo>| async move { Json(body) }),
    )
}

/// Tests log many users in from one address: the per-IP and global `/auth/*` limits are
/// raised out of their way (tests of the limits set their own).
fn roomy_auth_limits(config: &mut Config) {
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
    launch(config, dir).await
}

/// Starts a server with `--dev-codes` and its clock at `at` (RFC 3339), after `tweak`.
pub async fn start_clocked(at: &str, tweak: impl FnOnce(&mut Config)) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_db(dir.path().join("test.db"));
    config.dev_codes = true;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339"));
    roomy_auth_limits(&mut config);
    tweak(&mut config);
    launch(config, dir).await
}

/// Starts a server with `--dev-codes` whose clock reads `at` (RFC 3339) and stands still until
/// a test moves it (`s.clock.advance(…)`): tests of exact boundary seconds. `tweak` runs last.
pub async fn start_frozen(at: &str, tweak: impl FnOnce(&mut Config)) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_db(dir.path().join("test.db"));
    config.dev_codes = true;
    config.db_pool = 2;
    roomy_auth_limits(&mut config);
    tweak(&mut config);
    let (db, upload_dir) = (config.db.clone(), config.upload_dir());
    let mut state = kepuri_server::prepare(config).await.expect("prepare");
    let at = chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339");
    state.clock = Clock::fixed_at(at.with_timezone(&chrono::Utc));
    let app = kepuri_server::build_app_with(state.clone(), test_routes());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let handle = tokio::spawn(async move { axum::serve(listener, app).await });
    assemble((addr, handle, state), db, upload_dir, dir)
}

async fn launch(config: Config, dir: TempDir) -> TestServer {
    let (db, upload_dir) = (config.db.clone(), config.upload_dir());
    let started = kepuri_server::spawn_with_state(config, test_routes())
        .await
        .expect("server starts");
    assemble(started, db, upload_dir, dir)
}

/// The [`TestServer`] of a server `started` over the database `db`, holding `dir`.
fn assemble(
    (addr, handle, state): (SocketAddr, kepuri_server::ServerHandle, AppState),
    db: PathBuf,
    upload_dir: PathBuf,
    dir: TempDir,
) -> TestServer {
    TestServer {
        addr,
        origin: format!("http://{addr}"),
        client: plain_client(),
        clock: state.clock.clone(),
        state,
        db,
        upload_dir,
        dir,
        handle,
    }
}

/// A client that neither asks for nor undoes compression, so tests see the bytes as sent.
fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client")
}

impl TestServer {
    /// Moves the clock forward by `secs` seconds.
    pub fn advance_secs(&self, secs: i64) {
        self.clock.advance(chrono::Duration::seconds(secs));
    }

    /// Moves the clock forward to `at` (RFC 3339), which must not be in its past.
    pub fn set_clock(&self, at: &str) {
        let target = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        let by = target.with_timezone(&chrono::Utc) - self.clock.now();
        assert!(
            by >= chrono::Duration::zero(),
            "the clock is already past {at}"
        );
        // advance() counts whole milliseconds: one more, so the clock is never just short of it.
        self.clock.advance(by + chrono::Duration::milliseconds(1));
    }
}

/// Runs the real `kepuri-server grant` binary on the database `db` with `args`: whether it
/// succeeded, and what it printed (stdout then stderr).
pub fn grant_cli(db: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kepuri-server"))
        .arg("grant")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run kepuri-server grant");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
