//! 反馈评价 queries: one rating per user per activity (created or replaced), the summary the
//! activity page shows, the lists (approved comments for everyone, every rating for the
//! activity's organisers, pending comments for moderators) and the per-user write limit. Who
//! may call them is checked in `routes::feedback` and `routes::moderation`.
use crate::db::moderation::UserRef;
use crate::db::organisers::time;
use crate::pagination::KeyedPage;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// Longest comment, in Unicode scalar values after trimming.
pub const MAX_COMMENT_CHARS: usize = 200;

/// One rating (`Feedback`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Feedback {
    pub id: String,
    pub activity_id: String,
    /// The activity's title, so the moderators' queue can say what was rated.
    pub activity_title: String,
    pub user: UserRef,
    pub stars: i64,
    pub comment: Option<String>,
    pub comment_status: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// `FeedbackSummary`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub activity_id: String,
    pub open: bool,
    pub count: i64,
    pub average: Option<f64>,
    pub distribution: [i64; 5],
    pub mine: Option<Feedback>,
}

/// What rating needs to know of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rateable {
    pub starts_at: i64,
    pub cancelled: bool,
}

impl Rateable {
    /// Rating opens when the activity starts (server clock) and stays open; never when cancelled.
    pub fn open(&self, now: i64) -> bool {
        !self.cancelled && self.starts_at <= now
    }
}

pub fn rateable(conn: &Connection, activity_id: &str) -> rusqlite::Result<Option<Rateable>> {
    conn.prepare_cached("SELECT starts_at, status FROM activities WHERE id = ?1")?
        .query_row([activity_id], |r| {
            Ok(Rateable {
                starts_at: r.get(0)?,
                cancelled: r.get::<_, String>(1)? == "cancelled",
            })
        })
        .optional()
}

const SELECT: &str = "SELECT f.seq, f.activity_id, f.user_id, u.display_name, f.stars, f.comment,
    f.comment_status, f.created_at, f.updated_at, f.comment_at, a.title
    FROM feedback f JOIN users u ON u.id = f.user_id JOIN activities a ON a.id = f.activity_id";

/// A row of [`SELECT`]: `(seq, updated_at, comment_at, feedback)`.
fn read(r: &Row) -> rusqlite::Result<(i64, i64, Option<i64>, Feedback)> {
    let seq: i64 = r.get(0)?;
    let updated_at: i64 = r.get(8)?;
    Ok((
        seq,
        updated_at,
        r.get(9)?,
        Feedback {
            id: format!("fb_{seq:06}"),
            activity_id: r.get(1)?,
            activity_title: r.get(10)?,
            user: UserRef {
                id: r.get(2)?,
                display_name: r.get(3)?,
            },
            stars: r.get(4)?,
            comment: r.get(5)?,
            comment_status: r.get(6)?,
            created_at: time(r.get(7)?),
            updated_at: time(updated_at),
        },
    ))
}

/// The seq behind a `fb_…` id.
pub fn seq_of(id: &str) -> Option<i64> {
    let digits = id.strip_prefix("fb_")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

pub fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Feedback>> {
    let Some(seq) = seq_of(id) else {
        return Ok(None);
    };
    conn.prepare_cached(&format!("{SELECT} WHERE f.seq = ?1"))?
        .query_row([seq], |r| read(r).map(|(_, _, _, f)| f))
        .optional()
}

pub fn mine(
    conn: &Connection,
    activity_id: &str,
    user_id: &str,
) -> rusqlite::Result<Option<Feedback>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE f.activity_id = ?1 AND f.user_id = ?2"
    ))?
    .query_row(params![activity_id, user_id], |r| {
        read(r).map(|(_, _, _, f)| f)
    })
    .optional()
}

/// The summary of an activity that exists (`rateable`), with `user_id`'s own rating.
pub fn summary(
    conn: &Connection,
    activity_id: &str,
    activity: Rateable,
    user_id: Option<&str>,
    now: i64,
) -> rusqlite::Result<Summary> {
    let mut distribution = [0i64; 5];
    let mut stmt = conn.prepare_cached(
        "SELECT stars, COUNT(*) FROM feedback WHERE activity_id = ?1 GROUP BY stars",
    )?;
    let rows = stmt.query_map([activity_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (stars, n) = row?;
        if let Some(slot) = usize::try_from(stars - 1)
            .ok()
            .and_then(|i| distribution.get_mut(i))
        {
            *slot = n;
        }
    }
    let count: i64 = distribution.iter().sum();
    let sum: i64 = distribution
        .iter()
        .zip(1i64..)
        .map(|(n, stars)| n * stars)
        .sum();
    Ok(Summary {
        activity_id: activity_id.to_string(),
        open: activity.open(now),
        count,
        average: average(sum, count),
        distribution,
        mine: match user_id {
            Some(u) => mine(conn, activity_id, u)?,
            None => None,
        },
    })
}

/// `sum / count` to one decimal (half away from zero); `None` without ratings.
pub fn average(sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| ((sum * 10) as f64 / count as f64).round() / 10.0)
}

/// How long `user_id` must wait before writing another rating at `now_ms` (0 = now), at most
/// `per_minute` writes in any rolling minute. Drops the user's writes older than a minute.
pub fn write_wait_ms(
    tx: &Connection,
    user_id: &str,
    now_ms: i64,
    per_minute: i64,
) -> rusqlite::Result<i64> {
    const MINUTE_MS: i64 = 60_000;
    tx.prepare_cached("DELETE FROM feedback_writes WHERE user_id = ?1 AND at_ms <= ?2")?
        .execute(params![user_id, now_ms - MINUTE_MS])?;
    let window: Vec<i64> = tx
        .prepare_cached("SELECT at_ms FROM feedback_writes WHERE user_id = ?1 ORDER BY at_ms")?
        .query_map([user_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let used = window.len() as i64;
    if per_minute <= 0 || used < per_minute {
        return Ok(0);
    }
    // Once this one leaves the window, one more write fits.
    let freeing = window[(used - per_minute) as usize];
    Ok((freeing + MINUTE_MS - now_ms).max(1))
}

/// Creates or replaces `user_id`'s rating of an activity (inside the caller's `BEGIN IMMEDIATE`
/// transaction) and counts the write. A changed comment goes back to `pending`; an unchanged
/// one keeps its state; no comment has none.
pub fn put(
    tx: &Connection,
    activity_id: &str,
    user_id: &str,
    stars: i64,
    comment: Option<&str>,
    now: i64,
    now_ms: i64,
) -> rusqlite::Result<Feedback> {
    let before: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT comment, comment_status FROM feedback WHERE activity_id = ?1 AND user_id = ?2",
        )?
        .query_row(params![activity_id, user_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let unchanged = before
        .as_ref()
        .is_some_and(|(c, _)| c.as_deref() == comment);
    let status = match (comment, unchanged) {
        (None, _) => None,
        (Some(_), true) => before.and_then(|(_, s)| s),
        (Some(_), false) => Some("pending".to_string()),
    };
    tx.prepare_cached(
        "INSERT INTO feedback(activity_id, user_id, stars, comment, comment_status, comment_at,
           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT(activity_id, user_id) DO UPDATE SET stars = ?3, comment = ?4,
           comment_status = ?5, updated_at = ?7,
           comment_at = CASE WHEN ?8 THEN comment_at ELSE ?6 END",
    )?
    .execute(params![
        activity_id,
        user_id,
        stars,
        comment,
        status,
        comment.map(|_| now),
        now,
        unchanged
    ])?;
    tx.prepare_cached("INSERT INTO feedback_writes(user_id, at_ms) VALUES (?1, ?2)")?
        .execute(params![user_id, now_ms])?;
    mine(tx, activity_id, user_id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}

/// Withdraws `user_id`'s rating of an activity (nothing to withdraw is fine).
pub fn delete(tx: &Connection, activity_id: &str, user_id: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM feedback WHERE activity_id = ?1 AND user_id = ?2")?
        .execute(params![activity_id, user_id])?;
    Ok(())
}

/// Which list of ratings.
#[derive(Debug, Clone, Copy)]
pub enum List<'a> {
    /// An activity's approved, non-empty comments, newest first (everyone).
    Approved(&'a str),
    /// Every rating of an activity, newest first (its organisers).
    All(&'a str),
    /// Comments waiting for moderation, oldest first (moderators).
    Pending,
}

impl List<'_> {
    /// The cursor tag of the list (an activity's lists by its id, so a cursor never continues
    /// another activity's list).
    pub fn tag(&self) -> String {
        match self {
            Self::Approved(a) => format!("fa{:x}", crate::routes::fnv1a(a.as_bytes())),
            Self::All(a) => format!("fo{:x}", crate::routes::fnv1a(a.as_bytes())),
            Self::Pending => "fq".into(),
        }
    }
}

pub type Page = KeyedPage<Feedback, [i64; 2]>;

/// A page of `list` after the keyset `after` (the last row's `[time, seq]`).
pub fn page(
    conn: &Connection,
    list: List,
    after: Option<[i64; 2]>,
    limit: usize,
) -> rusqlite::Result<Page> {
    let (activity, filter, order, cmp) = match list {
        List::Approved(a) => (
            Some(a),
            "f.activity_id = ?1 AND f.comment_status = 'approved'",
            "f.updated_at DESC, f.seq DESC",
            "(f.updated_at, f.seq) < (?2, ?3)",
        ),
        List::All(a) => (
            Some(a),
            "f.activity_id = ?1",
            "f.updated_at DESC, f.seq DESC",
            "(f.updated_at, f.seq) < (?2, ?3)",
        ),
        List::Pending => (
            None,
            "?1 IS NULL AND f.comment_status = 'pending'",
            "f.comment_at, f.seq",
            "(f.comment_at, f.seq) > (?2, ?3)",
        ),
    };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM feedback f WHERE {filter}"))?
        .query_row([activity], |r| r.get(0))?;
    let (t, s) = after.map_or((None, None), |[t, s]| (Some(t), Some(s)));
    let mut rows = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE {filter} AND (?2 IS NULL OR {cmp}) ORDER BY {order} LIMIT ?4"
        ))?
        .query_map(params![activity, t, s, limit as i64 + 1], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|(seq, updated, comment_at, _)| match list {
            List::Pending => [comment_at.unwrap_or_default(), *seq],
            _ => [*updated, *seq],
        });
    Ok(KeyedPage {
        items: rows.into_iter().map(|(_, _, _, f)| f).collect(),
        next,
        total,
    })
}

/// The comment state of rating `id`: `Some(status)` (`None` inside: no comment), or `None`
/// when there is no such rating.
pub fn comment_status(conn: &Connection, id: &str) -> rusqlite::Result<Option<Option<String>>> {
    let Some(seq) = seq_of(id) else {
        return Ok(None);
    };
    conn.prepare_cached("SELECT comment_status FROM feedback WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .optional()
}

/// Sets a pending comment's decision (`approved` or `rejected`).
pub fn decide(tx: &Connection, id: &str, status: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE feedback SET comment_status = ?2 WHERE seq = ?1")?
        .execute(params![seq_of(id), status])?;
    Ok(())
}

/// Whether `user_id` is a member of the unit behind activity `id` (published, or still one of
/// the unit's drafts).
pub fn organises(conn: &Connection, id: &str, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM activities a JOIN unit_members m ON m.unit_id = a.unit_id
                       WHERE a.id = ?1 AND m.user_id = ?2)
             OR EXISTS(SELECT 1 FROM registered_activities r
                       JOIN unit_members m ON m.unit_id = r.unit_id
                       WHERE r.id = ?1 AND m.user_id = ?2)",
    )?
    .query_row(params![id, user_id], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_have_one_decimal_and_ids_round_trip() {
        assert_eq!(average(0, 0), None);
        assert_eq!(average(13, 3), Some(4.3));
        assert_eq!(average(9, 2), Some(4.5));
        assert_eq!(average(5, 1), Some(5.0));
        assert_eq!(seq_of("fb_000042"), Some(42));
        assert_eq!(seq_of("fb_"), None);
        assert_eq!(seq_of("fb_-1"), None);
        assert_eq!(seq_of("po_000042"), None);
    }
}
