//! The reference implementation of the 云上科普日 API (`api/openapi.yaml`) on SQLite. One binary;
//! tests start it in-process with [`spawn`] on a free loopback port.
pub mod auth;
pub mod clock;
pub mod connections;
pub mod csv;
pub mod db;
pub mod grant;
pub mod idempotency;
pub mod image;
pub mod moderation;
pub mod pagination;
pub mod problem;
pub mod rate_limit;
pub mod registration;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod text;
pub mod video;

use axum::Router;
use clap::Parser;
use clock::Clock;
use db::Db;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "kepuri-server",
    about = "云上科普日 reference API server (SQLite)"
)]
pub struct Config {
    /// SQLite database file; created, migrated and seeded on first start.
    #[arg(long, env = "KEPURI_DB", default_value = "data/kepuri.db")]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Serve the built app from this folder (history fallback to index.html).
    #[arg(long = "static")]
    pub static_dir: Option<PathBuf>,
    /// Run the clock from this RFC 3339 instant (e.g. 2021-09-13T10:00:00+08:00).
    #[arg(long)]
    pub clock: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Multiplies the seeded activity count (1 ≈ 1,200), when the database is created.
    #[arg(long, default_value_t = 1)]
    pub seed_scale: usize,
    /// An origin allowed by CORS (repeatable).
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Largest accepted JSON request body, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Also accept the fixed SMS code 246810 for any phone (development and tests only).
    #[arg(long)]
    pub dev_codes: bool,
    /// How long a login session lasts, in days.
    #[arg(long, default_value_t = 30)]
    pub session_days: i64,
    /// Database connections in the pool.
    #[arg(long, default_value_t = 8)]
    pub db_pool: usize,
    /// Volunteer likes each user may give per China day.
    #[arg(long, default_value_t = 10)]
    pub likes_per_day: u32,
    /// Activities each user may save (收藏).
    #[arg(long, default_value_t = 500)]
    pub saved_limit: u32,
    /// Banned-word list for posts (`类别: 词语, 词语` per line); read at start. Default: a
    /// small built-in list (`moderation::BUILTIN`).
    #[arg(long = "banned-words", value_name = "FILE", value_parser = moderation::BannedWords::from_arg)]
    pub banned_words: Option<moderation::BannedWords>,
    /// Seconds a user must wait between two posts.
    #[arg(long, default_value_t = 10)]
    pub post_interval_secs: u32,
    /// Posts each user may publish per rolling hour.
    #[arg(long, default_value_t = 20)]
    pub posts_per_hour: u32,
    /// 反馈评价 ratings each user may write per rolling minute.
    #[arg(long, default_value_t = 10)]
    pub feedback_per_minute: u32,
    /// Folder for tus upload files. Default: `uploads/` next to the database file.
    #[arg(long)]
    pub upload_dir: Option<PathBuf>,
    /// Largest upload in bytes (`Tus-Max-Size`; the challenge's `max_bytes` at most).
    #[arg(long, default_value_t = 500 * 1024 * 1024)]
    pub max_upload_bytes: u64,
    /// Largest tus `PATCH` body in bytes (upload chunks are exempt from `--body-limit`).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub upload_chunk_limit: u64,
    /// Unfinished uploads each user may have at once.
    #[arg(long, default_value_t = 5)]
    pub upload_quota_count: u32,
    /// Bytes (declared `Upload-Length`) of unfinished uploads each user may have at once.
    #[arg(long, default_value_t = 1024 * 1024 * 1024)]
    pub upload_quota_bytes: u64,
    /// Hours after which a finished upload that no entry or post uses is deleted.
    #[arg(long, default_value_t = 24)]
    pub unused_upload_hours: u64,
    /// Seconds between two runs of the upload purge (expired and unused uploads).
    #[arg(long, default_value_t = 600)]
    pub purge_interval_secs: u64,
    /// Seconds a connection may take to send a request's header (also the keep-alive idle time).
    #[arg(long, default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a request (body included) may take before 408; tus `PATCH` is exempt.
    #[arg(long, default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Seconds a response may wait for the client to read before the connection closes.
    #[arg(long, default_value_t = 30)]
    pub write_timeout_secs: u64,
    /// Seconds a tus `PATCH` may go without receiving a byte before it ends (what arrived is kept).
    #[arg(long, default_value_t = 20)]
    pub upload_idle_timeout_secs: u64,
    /// Client connections served at once (lowered at start to fit the open-file limit).
    #[arg(long, default_value_t = 4096)]
    pub max_connections: usize,
    /// Behind a reverse proxy: the request header holding the client's IP (`X-Real-IP`, or
    /// `X-Forwarded-For`, whose last entry is used). Unset: the peer address.
    #[arg(long)]
    pub client_ip_header: Option<String>,
    /// `POST /auth/*` requests per client IP per minute (burst of the same size).
    #[arg(long, default_value_t = 10)]
    pub auth_per_ip_per_minute: u32,
    /// `POST /auth/*` requests per minute from everyone together.
    #[arg(long, default_value_t = 300)]
    pub auth_global_per_minute: u32,
    /// Seconds before another SMS code may be sent to the same phone.
    #[arg(long, default_value_t = 60)]
    pub sms_resend_secs: u32,
    /// SMS codes sent to one phone per China day.
    #[arg(long, default_value_t = 10)]
    pub sms_per_phone_per_day: u32,
    /// Wrong codes one phone may enter per China day, across resends.
    #[arg(long, default_value_t = 10)]
    pub code_tries_per_phone_per_day: u32,
    /// Secret for the HMAC that stores SMS codes (any text). Default: random at each start, so
    /// codes sent before a restart stop working.
    #[arg(long, env = "KEPURI_SMS_CODE_SECRET", hide_env_values = true)]
    pub sms_code_secret: Option<String>,
    // recommend
    /// 推荐: each reviewing body's quota of 优秀组织单位 / 优秀活动, in percent of the approved
    /// units / published activities of its scope (at least 1 each).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub recommend_quota_percent: u32,
}

impl Config {
    /// Defaults for a database at `db` (what tests start from).
    pub fn for_db(db: impl Into<PathBuf>) -> Self {
        let mut c = Self::parse_from(["kepuri-server"]);
        c.db = db.into();
        c.addr = ([127, 0, 0, 1], 0).into();
        c
    }

    /// Where upload files go: `--upload-dir`, or `uploads/` beside the database.
    pub fn upload_dir(&self) -> PathBuf {
        self.upload_dir.clone().unwrap_or_else(|| {
            self.db
                .parent()
                .map_or_else(|| PathBuf::from("uploads"), |d| d.join("uploads"))
        })
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub reference: Arc<routes::reference::ReferenceCache>,
    /// The in-memory side of activity search, built after seeding.
    pub activity_index: Arc<db::activity_search::ActivityIndex>,
    /// Per-IP and global limits on `/auth/*`.
    pub auth_limits: Arc<rate_limit::AuthLimits>,
    /// The key of the HMAC that SMS codes are stored under.
    pub sms_code_key: Arc<[u8]>,
    /// The banned-word list posts are checked against (the `banned_words` table, reloaded
    /// whenever a moderator changes it).
    pub banned_words: Arc<moderation::WordSet>,
    // recommend
    /// The reviewers' indicator rows per scope, reused for a minute.
    pub indicators: Arc<routes::recommend::IndicatorCache>,
    /// 统计 figures per scope, computed at most once a minute. // stats
    pub stats: Arc<routes::stats::StatsCache>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The server task started by [`spawn`]; it runs until aborted or the runtime stops.
pub type ServerHandle = tokio::task::JoinHandle<std::io::Result<()>>;

/// Opens, migrates and seeds the database and builds the state.
pub async fn prepare(config: Config) -> Result<AppState, BoxError> {
    let db = Db::open(&config.db, config.db_pool)?;
    let scale = config.seed_scale;
    let started = std::time::Instant::now();
    let (seeded, activities) = db
        .run(move |conn| {
            let seeded = seed::seed_if_empty(conn, scale)?;
            Ok((seeded, db::activities::count(conn)?))
        })
        .await
        .map_err(|p| format!("seeding failed: {}", p.detail))?;
    match seeded {
        Some(_) => tracing::info!(
            "seeded {} with {activities} activities in {:.1?}",
            config.db.display(),
            started.elapsed()
        ),
        None => tracing::info!(
            "using existing database {} with {activities} activities",
            config.db.display()
        ),
    }
    let activity_index = db
        .run(|conn| Ok(db::activity_search::ActivityIndex::load(conn)?))
        .await
        .map_err(|p| format!("loading the search index failed: {}", p.detail))?;
    let configured = config.banned_words.clone();
    let words = db
        .run(move |conn| {
            // The configured list is copied into the table once; moderators change it after.
            let (source, list) = match configured {
                Some(list) => {
                    let mut text = String::new();
                    for w in list.words() {
                        text.push_str(&format!("{}:{}\n", w.category, w.word));
                    }
                    let hash = routes::fnv1a(text.as_bytes());
                    (format!("list:{hash:016x}"), list)
                }
                None => ("builtin".to_string(), moderation::BannedWords::default()),
            };
            let now = chrono::Utc::now().timestamp();
            db::moderation::seed_words(conn, &source, &list, now)?;
            Ok(db::moderation::load_words(conn)?)
        })
        .await
        .map_err(|p| format!("loading the banned words failed: {}", p.detail))?;
    let reference = routes::reference::ReferenceCache::load(&db)
        .await
        .map_err(|p| p.detail)?;
    let clock = match config.clock {
        Some(at) => Clock::starting_at(at.with_timezone(&chrono::Utc)),
        None => Clock::real(),
    };
    let auth_limits = rate_limit::AuthLimits::new(&config);
    let sms_code_key: Arc<[u8]> = match &config.sms_code_secret {
        Some(secret) => secret.as_bytes().into(),
        None => auth::random_key().into(),
    };
    Ok(AppState {
        db,
        clock,
        config: Arc::new(config),
        reference: Arc::new(reference),
        activity_index: Arc::new(activity_index),
        auth_limits: Arc::new(auth_limits),
        sms_code_key,
        banned_words: Arc::new(moderation::WordSet::new(words)),
        // recommend
        indicators: Arc::default(),
        stats: Arc::default(), // stats
    })
}

/// The whole application (API, media, and the app with `--static`) over prepared state.
pub fn build_app(state: AppState) -> Router {
    build_app_with(state, Router::new())
}

/// Like [`build_app`], with `extra_api` routes nested under `/api/v1` inside every layer (body
/// limit, CORS, compression). Tests use it for routes the public API does not have.
pub fn build_app_with(state: AppState, extra_api: Router<AppState>) -> Router {
    routes::router(state, extra_api)
}

/// Prepares the state, binds `config.addr` (port 0 picks a free one) and serves the app in a
/// task: what tests, the e2e harness and benchmarks use to run the server in-process.
pub async fn spawn(config: Config) -> Result<(SocketAddr, ServerHandle), BoxError> {
    spawn_with(config, Router::new()).await
}

/// [`spawn`] with extra API routes (see [`build_app_with`]).
pub async fn spawn_with(
    config: Config,
    extra_api: Router<AppState>,
) -> Result<(SocketAddr, ServerHandle), BoxError> {
    let (addr, handle, _) = spawn_with_state(config, extra_api).await?;
    Ok((addr, handle))
}

/// [`spawn_with`], also handing back the server's state: tests move its clock forward and
/// write to its database.
pub async fn spawn_with_state(
    config: Config,
    extra_api: Router<AppState>,
) -> Result<(SocketAddr, ServerHandle, AppState), BoxError> {
    let addr = config.addr;
    let limits = connection_limits(&config, config.max_connections);
    let state = prepare(config).await?;
    routes::uploads::start_purge_timer(state.clone());
    let app = build_app_with(state.clone(), extra_api);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(connections::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    Ok((addr, handle, state))
}

/// The binary: prepares the database, listens on `config.addr` and serves until Ctrl-C or
/// SIGTERM, letting requests in flight finish.
pub async fn serve(config: Config) -> Result<(), BoxError> {
    let addr = config.addr;
    let files = connections::check_open_files(
        config.max_connections,
        connections::reserved_files(config.db_pool),
    )?;
    let limits = connection_limits(&config, files.max_connections);
    let state = prepare(config).await?;
    routes::uploads::start_purge_timer(state.clone());
    let app = build_app(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(
        "listening on http://{} (at most {} connections, open-file limit {})",
        listener.local_addr()?,
        limits.max_connections,
        files.limit
    );
    connections::serve(listener, app, limits, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn connection_limits(config: &Config, max_connections: usize) -> connections::ConnectionLimits {
    connections::ConnectionLimits {
        header_timeout: std::time::Duration::from_secs(config.header_timeout_secs.max(1)),
        write_timeout: std::time::Duration::from_secs(config.write_timeout_secs.max(1)),
        max_connections: max_connections.max(1),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
