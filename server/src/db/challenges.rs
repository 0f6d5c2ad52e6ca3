//! Challenge queries: the challenge with its categories, the gallery (approved entries, two
//! keyset orders), one entry, "my entries" and the like/unlike transaction. Rows map onto the
//! contract's `Challenge`, `Entry` and `LikeState`. The uploads table is `db::uploads`.
use crate::clock::rfc3339_cst;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Youngest age of the category (whole years, inclusive); `None`: no lower bound.
    pub min_age: Option<i64>,
    /// Oldest age (inclusive); `None`: no upper bound.
    pub max_age: Option<i64>,
}

impl Category {
    /// Whether an entrant of `age` belongs in this category.
    pub fn holds(&self, age: i64) -> bool {
        self.min_age.is_none_or(|m| age >= m) && self.max_age.is_none_or(|m| age <= m)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Challenge {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub rules: String,
    pub banner_url: String,
    pub starts_at: String,
    pub deadline: String,
    pub open: bool,
    pub categories: Vec<Category>,
    pub accepted_containers: Vec<String>,
    pub max_bytes: i64,
    pub max_duration_seconds: i64,
    pub entry_count: i64,
}

/// A challenge with what the routes need besides its JSON.
#[derive(Debug, Clone)]
pub struct ChallengeRow {
    pub seq: i64,
    pub challenge: Challenge,
}

fn time(secs: i64) -> String {
    rfc3339_cst(chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

fn categories(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<Category>> {
    conn.prepare_cached(
        "SELECT id, name, description, min_age, max_age FROM challenge_categories
         WHERE challenge_seq = ?1 ORDER BY sort",
    )?
    .query_map([seq], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            min_age: r.get(3)?,
            max_age: r.get(4)?,
        })
    })?
    .collect()
}

const CHALLENGE_COLUMNS: &str = "c.seq, c.id, c.title, c.summary, c.rules, c.starts_at, c.deadline,
    c.accepted_containers, c.max_bytes, c.max_duration_seconds,
    (SELECT COUNT(*) FROM entries e WHERE e.challenge_seq = c.seq AND e.status = 'approved')";

/// Reads [`CHALLENGE_COLUMNS`] (categories come after, from their table).
fn read_challenge(r: &Row, now: i64, max_upload_bytes: i64) -> rusqlite::Result<ChallengeRow> {
    let id: String = r.get(1)?;
    let starts: i64 = r.get(5)?;
    let deadline: i64 = r.get(6)?;
    let containers: String = r.get(7)?;
    let max_bytes: i64 = r.get(8)?;
    Ok(ChallengeRow {
        seq: r.get(0)?,
        challenge: Challenge {
            banner_url: format!("/media/covers/challenges/{id}.svg"),
            id,
            title: r.get(2)?,
            summary: r.get(3)?,
            rules: r.get(4)?,
            starts_at: time(starts),
            deadline: time(deadline),
            open: starts <= now && now <= deadline,
            categories: Vec::new(),
            accepted_containers: serde_json::from_str(&containers).unwrap_or_default(),
            max_bytes: max_bytes.min(max_upload_bytes),
            max_duration_seconds: r.get(9)?,
            entry_count: r.get(10)?,
        },
    })
}

/// One challenge; `now` decides `open`, `max_upload_bytes` (`Tus-Max-Size`) caps `max_bytes`.
pub fn find_challenge(
    conn: &Connection,
    id: &str,
    now: i64,
    max_upload_bytes: i64,
) -> rusqlite::Result<Option<ChallengeRow>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges c WHERE c.id = ?1"
        ))?
        .query_row([id], |r| read_challenge(r, now, max_upload_bytes))
        .optional()?;
    row.map(|mut row| {
        row.challenge.categories = categories(conn, row.seq)?;
        Ok(row)
    })
    .transpose()
}

/// The challenges newest first (by `seq` descending), after the keyset `after`.
pub fn list_challenges(
    conn: &Connection,
    after: Option<i64>,
    limit: usize,
    now: i64,
    max_upload_bytes: i64,
) -> rusqlite::Result<(Vec<ChallengeRow>, bool, i64)> {
    let total: i64 = conn.query_row("SELECT COUNT(*) FROM challenges", [], |r| r.get(0))?;
    let mut rows: Vec<ChallengeRow> = conn
        .prepare_cached(&format!(
            "SELECT {CHALLENGE_COLUMNS} FROM challenges c WHERE ?1 IS NULL OR c.seq < ?1
             ORDER BY c.seq DESC LIMIT ?2"
        ))?
        .query_map(params![after, limit as i64 + 1], |r| {
            read_challenge(r, now, max_upload_bytes)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    for row in &mut rows {
        row.challenge.categories = categories(conn, row.seq)?;
    }
    Ok((rows, more, total))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub challenge_id: String,
    pub title: String,
    pub description: String,
    pub category: NamedRef,
    pub author: UserRef,
    pub cover_url: String,
    pub playback_url: String,
    pub duration_seconds: Option<f64>,
    pub like_count: i64,
    pub liked_by_me: bool,
    pub created_at: String,
    /// pending_review | approved | rejected
    pub status: String,
    pub reject_reason: Option<String>,
    /// The reason code and the moderator's note, for the author of a rejected entry.
    pub rejection: Option<crate::db::moderation::Rejection>,
}

/// An entry row with its keyset keys.
#[derive(Debug, Clone)]
pub struct Listed {
    pub seq: i64,
    pub created_at: i64,
    pub entry: Entry,
}

pub fn cover_url(id: &str) -> String {
    format!("/media/covers/entries/{id}.svg")
}

/// Where an uploaded entry plays. Until it is approved only its author sees the entry, and the
/// URL carries the upload id (which only the author knows) so their `<video>` can play it.
pub fn media_url(id: &str, container: &str, status: &str, upload_id: &str) -> String {
    if status == "approved" {
        format!("/media/entries/{id}.{container}")
    } else {
        format!("/media/entries/{id}.{container}?k={upload_id}")
    }
}

const ENTRY_COLUMNS: &str = "e.seq, e.id, c.id, e.title, e.description, e.category_id, cc.name,
    e.author_id, u.display_name, e.upload_id, e.container, e.playback_url, e.duration_seconds,
    e.like_count, e.created_at, e.status, e.reject_reason, e.reject_code";

const ENTRY_FROM: &str = "entries e JOIN challenges c ON c.seq = e.challenge_seq
    JOIN challenge_categories cc ON cc.challenge_seq = e.challenge_seq AND cc.id = e.category_id
    JOIN users u ON u.id = e.author_id";

fn read_entry(r: &Row) -> rusqlite::Result<Listed> {
    let id: String = r.get(1)?;
    let upload_id: Option<String> = r.get(9)?;
    let container: String = r.get(10)?;
    let playback: Option<String> = r.get(11)?;
    let status: String = r.get(15)?;
    let created_at: i64 = r.get(14)?;
    let reject_reason: Option<String> = r.get(16)?;
    let reject_code: Option<String> = r.get(17)?;
    let rejection = (status == "rejected")
        .then(|| reject_code.unwrap_or_else(|| "other".into()))
        .map(|code| crate::db::moderation::Rejection {
            // reject_reason holds the code's name when the moderator wrote no note.
            note: reject_reason
                .clone()
                .filter(|r| r != crate::db::moderation::rejection_label(&code)),
            reason: code,
        });
    Ok(Listed {
        seq: r.get(0)?,
        created_at,
        entry: Entry {
            cover_url: cover_url(&id),
            playback_url: playback.unwrap_or_else(|| {
                media_url(&id, &container, &status, upload_id.as_deref().unwrap_or(""))
            }),
            challenge_id: r.get(2)?,
            title: r.get(3)?,
            description: r.get(4)?,
            category: NamedRef {
                id: r.get(5)?,
                name: r.get(6)?,
            },
            author: UserRef {
                id: r.get(7)?,
                display_name: r.get(8)?,
            },
            duration_seconds: r.get(12)?,
            like_count: r.get(13)?,
            liked_by_me: false,
            created_at: time(created_at),
            reject_reason: reject_reason.filter(|_| status == "rejected"),
            rejection,
            status,
            id,
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// `created_at` descending, then id descending.
    #[default]
    Latest,
    /// `like_count` descending, then newest.
    Popular,
}

/// A validated gallery query.
#[derive(Debug, Clone, Default)]
pub struct EntryQuery {
    pub challenge_seq: i64,
    pub category: Option<String>,
    pub sort: Sort,
    /// The previous page's last row: `[created_at, seq]` or `[like_count, created_at, seq]`.
    pub after: Option<Vec<i64>>,
    pub limit: usize,
}

pub type Page = crate::pagination::KeyedPage<Entry, Vec<i64>>;

/// The gallery: approved entries of one challenge.
pub fn list_entries(conn: &Connection, q: &EntryQuery) -> rusqlite::Result<Page> {
    let mut filters = vec!["e.challenge_seq = ?", "e.status = 'approved'"];
    let mut args = vec![Value::Integer(q.challenge_seq)];
    if let Some(c) = &q.category {
        filters.push("e.category_id = ?");
        args.push(Value::Text(c.clone()));
    }
    let where_filters = filters.join(" AND ");
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM entries e WHERE {where_filters}"
        ))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let (keyset, order) = match q.sort {
        Sort::Latest => (
            "(e.created_at, e.seq) < (?, ?)",
            "e.created_at DESC, e.seq DESC",
        ),
        Sort::Popular => (
            "(e.like_count, e.created_at, e.seq) < (?, ?, ?)",
            "e.like_count DESC, e.created_at DESC, e.seq DESC",
        ),
    };
    let mut where_page = where_filters;
    if let Some(after) = &q.after {
        where_page = format!("{where_page} AND {keyset}");
        args.extend(after.iter().map(|k| Value::Integer(*k)));
    }
    args.push(Value::Integer(q.limit as i64 + 1));
    let mut rows: Vec<Listed> = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE {where_page} ORDER BY {order} LIMIT ?"
        ))?
        .query_map(params_from_iter(args.iter()), read_entry)?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > q.limit;
    rows.truncate(q.limit);
    let next = rows.last().filter(|_| more).map(|r| match q.sort {
        Sort::Latest => vec![r.created_at, r.seq],
        Sort::Popular => vec![r.entry.like_count, r.created_at, r.seq],
    });
    Ok(Page {
        items: rows.into_iter().map(|r| r.entry).collect(),
        next,
        total,
    })
}

/// `user_id`'s entries in every status, newest first, after the keyset `[created_at, seq]`.
pub fn my_entries(
    conn: &Connection,
    user_id: &str,
    after: Option<[i64; 2]>,
    limit: usize,
) -> rusqlite::Result<Page> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM entries WHERE author_id = ?1")?
        .query_row([user_id], |r| r.get(0))?;
    let (a, b) = after.map_or((None, None), |[a, b]| (Some(a), Some(b)));
    let mut rows: Vec<Listed> = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM}
             WHERE e.author_id = ?1 AND (?2 IS NULL OR (e.created_at, e.seq) < (?2, ?3))
             ORDER BY e.created_at DESC, e.seq DESC LIMIT ?4"
        ))?
        .query_map(params![user_id, a, b, limit as i64 + 1], read_entry)?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|r| vec![r.created_at, r.seq]);
    Ok(Page {
        items: rows.into_iter().map(|r| r.entry).collect(),
        next,
        total,
    })
}

pub fn find_entry(conn: &Connection, id: &str) -> rusqlite::Result<Option<Entry>> {
    conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.id = ?1"
    ))?
    .query_row([id], read_entry)
    .optional()
    .map(|r| r.map(|r| r.entry))
}

/// Which of `entries` (ids) `user_id` has liked.
pub fn liked_among(
    conn: &Connection,
    user_id: &str,
    entries: &[&str],
) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM entry_likes l JOIN entries e ON e.seq = l.entry_seq
         WHERE l.user_id = ?1 AND e.id = ?2",
    )?;
    let mut liked = HashSet::new();
    for id in entries {
        if stmt.exists(params![user_id, id])? {
            liked.insert((*id).to_string());
        }
    }
    Ok(liked)
}

/// Likes (`like = true`) or unlikes an approved entry, in the caller's transaction: the
/// `(entry, user)` key makes a repeat a no-op, and the count moves only when a row did.
/// `None` when there is no approved entry `id`.
pub fn set_like(
    conn: &Connection,
    id: &str,
    user_id: &str,
    like: bool,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let Some(seq) = conn
        .prepare_cached("SELECT seq FROM entries WHERE id = ?1 AND status = 'approved'")?
        .query_row([id], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let changed = if like {
        conn.prepare_cached(
            "INSERT INTO entry_likes(entry_seq, user_id, liked_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![seq, user_id, now])?
    } else {
        conn.prepare_cached("DELETE FROM entry_likes WHERE entry_seq = ?1 AND user_id = ?2")?
            .execute(params![seq, user_id])?
    };
    if changed > 0 {
        let delta = if like { 1 } else { -1 };
        conn.prepare_cached("UPDATE entries SET like_count = like_count + ?1 WHERE seq = ?2")?
            .execute(params![delta, seq])?;
    }
    conn.prepare_cached("SELECT like_count FROM entries WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))
        .map(Some)
}

/// A new entry (in the caller's transaction); its id is `ent_{seq:04}`.
pub struct NewEntry<'a> {
    pub challenge_seq: i64,
    pub category_id: &'a str,
    pub author_id: &'a str,
    pub upload_id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub container: &'a str,
    pub duration_seconds: Option<f64>,
    pub created_at: i64,
}

/// Inserts `e` as `pending_review`; `Ok(None)` when its upload is already an entry.
pub fn insert_entry(conn: &Connection, e: &NewEntry) -> rusqlite::Result<Option<Entry>> {
    let used = conn
        .prepare_cached("SELECT 1 FROM entries WHERE upload_id = ?1")?
        .exists([e.upload_id])?;
    if used {
        return Ok(None);
    }
    let seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM entries", [], |r| {
        r.get(0)
    })?;
    let id = format!("ent_{seq:04}");
    conn.prepare_cached(
        "INSERT INTO entries(seq, id, challenge_seq, category_id, author_id, upload_id, title,
           description, container, duration_seconds, created_at, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending_review')",
    )?
    .execute(params![
        seq,
        id,
        e.challenge_seq,
        e.category_id,
        e.author_id,
        e.upload_id,
        e.title,
        e.description,
        e.container,
        e.duration_seconds,
        e.created_at
    ])?;
    find_entry(conn, &id)
}

/// Stores an entry's entrant age and, under 14, its guardian's consent (issue 20).
pub fn record_consent(
    conn: &Connection,
    entry_id: &str,
    age: i64,
    guardian: Option<(&str, &str)>,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO entry_consents(entry_id, age, guardian_name, guardian_relation, consented_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        entry_id,
        age,
        guardian.map(|g| g.0),
        guardian.map(|g| g.1),
        now
    ])?;
    Ok(())
}

/// What `/media/entries/{id}.{ext}` needs: the upload holding the bytes, the container and the
/// review status.
pub fn entry_media(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<Option<(String, String, String)>> {
    conn.prepare_cached(
        "SELECT upload_id, container, status FROM entries WHERE id = ?1 AND upload_id IS NOT NULL",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}

/// The colour of an entry's category, for its generated cover.
pub fn entry_category(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT category_id FROM entries WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}
