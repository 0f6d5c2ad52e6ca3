//! SQLite: a small pool of connections (WAL, so readers never wait for the writer), migrations
//! from plain SQL files, and blocking work kept off the async runtime. The queries live beside
//! this file, one module per resource.
pub mod activities;
pub mod reference;

use crate::problem::Problem;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Migrations, applied in order and recorded in `schema_migrations`.
const MIGRATIONS: &[(&str, &str)] =
    &[("0001_init", include_str!("../../migrations/0001_init.sql"))];

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
