//! 收藏 (issue 19): each user's saved activities. A save and its limit check are one
//! `BEGIN IMMEDIATE` transaction (the caller's), so concurrent saves never pass the limit.
use crate::db::activities::{summary_from_row, ActivitySummary, FROM_ACTIVITIES, SUMMARY_COLUMNS};
use crate::db::reservations::{registration, time};
use crate::pagination::KeyedPage;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// One saved activity (`SavedActivity`): the summary with when it was saved and its status.
#[derive(Debug, Clone, Serialize)]
pub struct SavedActivity {
    #[serde(flatten)]
    pub activity: ActivitySummary,
    pub saved_at: String,
    /// published | cancelled
    pub status: String,
}

/// Whether the caller has an activity saved (`SavedState`).
#[derive(Debug, Clone, Serialize)]
pub struct SavedState {
    pub activity_id: String,
    pub saved: bool,
    pub saved_at: Option<String>,
    pub total: i64,
    pub limit: i64,
}

/// Why a save was refused.
#[derive(Debug)]
pub enum Refused {
    /// No public activity has this id (unknown, or not published yet).
    NoSuchActivity,
    /// The user already has `limit` saved activities.
    Limit,
}

fn activity_seq(conn: &Connection, id: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT seq FROM activities WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

fn total(conn: &Connection, user_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT COUNT(*) FROM saved_activities WHERE user_id = ?1")?
        .query_row([user_id], |r| r.get(0))
}

fn saved_at(conn: &Connection, user_id: &str, seq: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT saved_at FROM saved_activities WHERE user_id = ?1 AND activity_seq = ?2",
    )?
    .query_row(params![user_id, seq], |r| r.get(0))
    .optional()
}

fn state(
    conn: &Connection,
    user_id: &str,
    id: &str,
    at: Option<i64>,
    limit: i64,
) -> rusqlite::Result<SavedState> {
    Ok(SavedState {
        activity_id: id.to_string(),
        saved: at.is_some(),
        saved_at: at.map(time),
        total: total(conn, user_id)?,
        limit,
    })
}

/// Saves `id` for `user_id` at `now` (a no-op when it is saved already: the first `saved_at`
/// stays), unless that would pass `limit`.
pub fn save(
    conn: &Connection,
    user_id: &str,
    id: &str,
    now: i64,
    limit: i64,
) -> rusqlite::Result<Result<SavedState, Refused>> {
    let Some(seq) = activity_seq(conn, id)? else {
        return Ok(Err(Refused::NoSuchActivity));
    };
    let at = match saved_at(conn, user_id, seq)? {
        Some(at) => at,
        None if total(conn, user_id)? >= limit => return Ok(Err(Refused::Limit)),
        None => {
            conn.prepare_cached(
                "INSERT INTO saved_activities (user_id, activity_seq, saved_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![user_id, seq, now])?;
            now
        }
    };
    state(conn, user_id, id, Some(at), limit).map(Ok)
}

/// Removes `id` from `user_id`'s saved activities (a no-op when it is not saved); `None` when no
/// public activity has this id.
pub fn unsave(
    conn: &Connection,
    user_id: &str,
    id: &str,
    limit: i64,
) -> rusqlite::Result<Option<SavedState>> {
    let Some(seq) = activity_seq(conn, id)? else {
        return Ok(None);
    };
    conn.prepare_cached("DELETE FROM saved_activities WHERE user_id = ?1 AND activity_seq = ?2")?
        .execute(params![user_id, seq])?;
    state(conn, user_id, id, None, limit).map(Some)
}

/// Every activity id `user_id` saved, the latest saved first.
pub fn ids(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT a.id FROM saved_activities s JOIN activities a ON a.seq = s.activity_seq
         WHERE s.user_id = ?1 ORDER BY s.saved_at DESC, s.seq DESC",
    )?
    .query_map([user_id], |r| r.get(0))?
    .collect()
}

pub type Page = KeyedPage<SavedActivity, [i64; 2]>;

/// One page of `user_id`'s saved activities, the latest saved first, after the row keyed
/// `after` (`[saved_at, seq]`); time statuses and places as of `now`.
pub fn page(
    conn: &Connection,
    user_id: &str,
    after: Option<[i64; 2]>,
    limit: usize,
    now: i64,
) -> rusqlite::Result<Page> {
    let [after_at, after_seq] = after.unwrap_or([i64::MAX, i64::MAX]);
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, s.saved_at, s.seq, a.status
         FROM {FROM_ACTIVITIES} JOIN saved_activities s ON s.activity_seq = a.seq
         WHERE s.user_id = ?1 AND (s.saved_at, s.seq) < (?2, ?3)
         ORDER BY s.saved_at DESC, s.seq DESC LIMIT ?4"
    );
    let mut rows: Vec<(SavedActivity, [i64; 2])> = conn
        .prepare_cached(&sql)?
        .query_map(
            params![user_id, after_at, after_seq, limit as i64 + 1],
            |r| {
                let at: i64 = r.get(24)?;
                let seq: i64 = r.get(25)?;
                Ok((
                    SavedActivity {
                        activity: summary_from_row(r, now)?,
                        saved_at: time(at),
                        status: r.get(26)?,
                    },
                    [at, seq],
                ))
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows.last().filter(|_| more).map(|(_, key)| *key);
    let mut items: Vec<SavedActivity> = rows.into_iter().map(|(item, _)| item).collect();
    // Places, as search results carry them (剩余 N 个名额 on the card).
    for item in &mut items {
        item.activity.registration = registration(conn, &item.activity.id, now)?;
    }
    Ok(Page {
        items,
        next,
        total: total(conn, user_id)?,
    })
}
