//! SQLite: a small pool of connections (WAL, so readers never wait for the writer), migrations
//! from plain SQL files, and blocking work kept off the async runtime. The queries live beside
//! this file, one module per resource.
pub mod accounts;
pub mod activities;
pub mod activity_index;
pub mod activity_search;
pub mod challenges;
pub mod feedback;
pub mod livestreams;
pub mod moderation;
pub mod near;
pub mod organisers;
pub mod reference;
pub mod reservations;
pub mod review;
pub mod saved;
pub mod stats; // stats
pub mod summaries; // summary
pub mod topics;
pub mod uploads;
pub mod volunteers;
// results
pub mod results;
// recommend
pub mod indicators;
pub mod recommend;

use crate::problem::Problem;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Migrations, applied in order and recorded in `schema_migrations`.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_city_index",
        include_str!("../../migrations/0002_city_index.sql"),
    ),
    (
        "0003_accounts",
        include_str!("../../migrations/0003_accounts.sql"),
    ),
    (
        "0004_search_index",
        include_str!("../../migrations/0004_search_index.sql"),
    ),
    (
        "0005_popular_index",
        include_str!("../../migrations/0005_popular_index.sql"),
    ),
    (
        "0006_volunteers",
        include_str!("../../migrations/0006_volunteers.sql"),
    ),
    (
        "0007_livestreams",
        include_str!("../../migrations/0007_livestreams.sql"),
    ),
    (
        "0008_topics",
        include_str!("../../migrations/0008_topics.sql"),
    ),
    (
        "0009_challenges",
        include_str!("../../migrations/0009_challenges.sql"),
    ),
    (
        "0010_post_images",
        include_str!("../../migrations/0010_post_images.sql"),
    ),
    (
        "0011_sms_limits",
        include_str!("../../migrations/0011_sms_limits.sql"),
    ),
    (
        "0012_upload_quota",
        include_str!("../../migrations/0012_upload_quota.sql"),
    ),
    (
        "0013_registration",
        include_str!("../../migrations/0013_registration.sql"),
    ),
    (
        "0014_activity_covers",
        include_str!("../../migrations/0014_activity_covers.sql"),
    ),
    (
        "0015_moderation",
        include_str!("../../migrations/0015_moderation.sql"),
    ),
    (
        "0016_reservations",
        include_str!("../../migrations/0016_reservations.sql"),
    ),
    (
        "0017_now_near_consent",
        include_str!("../../migrations/0017_now_near_consent.sql"),
    ),
    (
        "0018_feedback",
        include_str!("../../migrations/0018_feedback.sql"),
    ),
    (
        "0019_saved",
        include_str!("../../migrations/0019_saved.sql"),
    ),
    // results
    (
        "0020_results",
        include_str!("../../migrations/0020_results.sql"),
    ),
    // summary
    (
        "0021_summaries",
        include_str!("../../migrations/0021_summaries.sql"),
    ),
    // recommend
    (
        "0022_recommendations",
        include_str!("../../migrations/0022_recommendations.sql"),
    ),
    // stats
    (
        "0023_stats",
        include_str!("../../migrations/0023_stats.sql"),
    ),
];

#[derive(Clone)]
pub struct Db {
    inner: Arc<Pool>,
}

struct Pool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    path: PathBuf,
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

impl Db {
    /// Opens (creating it and its folder if needed) and migrates the database.
    pub fn open(
        path: &Path,
        size: usize,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut first = open(path)?;
        migrate(&mut first)?;
        let mut conns = vec![first];
        for _ in 1..size.max(1) {
            conns.push(open(path)?);
        }
        Ok(Self {
            inner: Arc::new(Pool {
                permits: Semaphore::new(conns.len()),
                idle: Mutex::new(conns),
                path: path.to_path_buf(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` with a connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, Problem> + Send + 'static,
    {
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| Problem::internal())?;
        let pool = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let idle = pool.idle.lock().map_err(|_| Problem::internal())?.pop();
            // A connection lost to a panicking job is replaced, so the pool never shrinks.
            let mut conn = match idle {
                Some(conn) => conn,
                None => open(&pool.path)?,
            };
            let result = f(&mut conn);
            if let Ok(mut idle) = pool.idle.lock() {
                idle.push(conn);
            }
            result
        })
        .await?
    }
}

/// Applies the migrations not yet recorded in `schema_migrations`.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    )?;
    for (name, sql) in MIGRATIONS {
        let done: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if !done {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.execute("INSERT INTO schema_migrations(name) VALUES (?1)", [name])?;
            tx.commit()?;
            tracing::info!("applied migration {name}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(conn: &Connection, sql: &str) -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn migrations_are_recorded_and_applied_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let applied = names(&conn, "SELECT name FROM schema_migrations ORDER BY name");
        let expected: Vec<String> = MIGRATIONS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(applied, expected);
    }

    /// The filters of issue 4's search each have an index to start from.
    #[test]
    fn activities_are_indexed_for_every_search_filter() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let indexed = names(
            &conn,
            "SELECT DISTINCT ii.name FROM sqlite_master m, pragma_index_info(m.name) ii
             WHERE m.type = 'index' AND m.tbl_name = 'activities' AND ii.seqno = 0 AND ii.name IS NOT NULL",
        );
        for column in [
            "province_code",
            "city_code",
            "theme_id",
            "format",
            "starts_at",
            "event_kind_id",
            "organizer_type",
            "popularity",
        ] {
            assert!(
                indexed.contains(&column.to_string()),
                "{column}: {indexed:?}"
            );
        }
        let tables = names(&conn, "SELECT name FROM sqlite_master WHERE type = 'table'");
        assert!(tables.contains(&"activities_fts".to_string()));
    }

    #[tokio::test]
    async fn a_file_database_is_created_with_its_folder_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/deeper/kepuri.db");
        let db = Db::open(&path, 2).unwrap();
        assert!(path.exists());
        let mode: String = db
            .run(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[tokio::test]
    async fn a_panicking_job_does_not_shrink_the_pool() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("kepuri.db"), 1).unwrap();
        let failed = db.run(|_| -> Result<(), Problem> { panic!("boom") }).await;
        assert_eq!(failed.unwrap_err().status, 500);
        let one: i64 = db
            .run(|c| Ok(c.query_row("SELECT 1", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(one, 1);
    }
}
