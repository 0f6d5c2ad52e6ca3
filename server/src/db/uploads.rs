//! The uploads table: one row per tus upload (the bytes themselves are files; see
//! `routes::uploads`), shared by challenge entries and post images.
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub id: String,
    pub user_id: String,
    pub length: u64,
    pub created_at: i64,
    pub expires_at: i64,
    pub finished: bool,
    pub purged: bool,
}

pub fn insert_upload(
    conn: &Connection,
    id: &str,
    user_id: &str,
    length: u64,
    metadata: Option<&str>,
    now: i64,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO uploads(id, user_id, length, metadata, created_at, expires_at, finished_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?3 = 0 THEN ?5 END)",
    )?
    .execute(params![
        id,
        user_id,
        length as i64,
        metadata,
        now,
        expires_at
    ])?;
    Ok(())
}

pub fn find_upload(conn: &Connection, id: &str) -> rusqlite::Result<Option<Upload>> {
    conn.prepare_cached(
        "SELECT id, user_id, length, created_at, expires_at, finished_at IS NOT NULL, purged
         FROM uploads WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Upload {
            id: r.get(0)?,
            user_id: r.get(1)?,
            length: r.get::<_, i64>(2)? as u64,
            created_at: r.get(3)?,
            expires_at: r.get(4)?,
            finished: r.get(5)?,
            purged: r.get(6)?,
        })
    })
    .optional()
}

pub fn mark_finished(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE uploads SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
    )?
    .execute(params![id, now])?;
    Ok(())
}

/// Unfinished uploads past their expiry whose files are still on disk.
pub fn expired_uploads(conn: &Connection, now: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT id FROM uploads WHERE finished_at IS NULL AND purged = 0 AND expires_at <= ?1
         ORDER BY expires_at LIMIT 100",
    )?
    .query_map([now], |r| r.get(0))?
    .collect()
}

/// Finished uploads, finished at or before `finished_by`, that no entry or post uses.
pub fn unused_uploads(conn: &Connection, finished_by: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT u.id FROM uploads u
         WHERE u.finished_at IS NOT NULL AND u.purged = 0 AND u.finished_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.upload_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.image_upload_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM registered_activities r WHERE r.cover_upload_id = u.id)
           -- results
           AND NOT EXISTS (SELECT 1 FROM activity_result_media m WHERE m.upload_id = u.id)
           AND NOT EXISTS (SELECT 1 FROM summary_attachments a WHERE a.upload_id = u.id) -- summary
         ORDER BY u.finished_at LIMIT 100",
    )?
    .query_map([finished_by], |r| r.get(0))?
    .collect()
}

/// Marks `id` purged if no entry or post uses it (checked in the same statement, so a post or
/// entry committed first keeps it). Whether it was marked.
pub fn mark_purged_if_unused(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE uploads SET purged = 1 WHERE id = ?1 AND purged = 0
               AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.upload_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.image_upload_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM registered_activities r WHERE r.cover_upload_id = ?1)
               -- results
               AND NOT EXISTS (SELECT 1 FROM activity_result_media m WHERE m.upload_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM summary_attachments a WHERE a.upload_id = ?1) -- summary",
        )?
        .execute([id])?
        == 1)
}

/// `(count, declared bytes, earliest expiry)` of `user_id`'s unfinished uploads that can still
/// be resumed at `now`: what the upload quota counts.
pub fn unfinished_uploads(
    conn: &Connection,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<(u64, u64, Option<i64>)> {
    conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(length), 0), MIN(expires_at) FROM uploads
         WHERE user_id = ?1 AND finished_at IS NULL AND purged = 0 AND expires_at > ?2",
    )?
    .query_row(params![user_id, now], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            r.get::<_, i64>(1)? as u64,
            r.get(2)?,
        ))
    })
}

pub fn mark_purged(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE uploads SET purged = 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
