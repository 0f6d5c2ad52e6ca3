//! Topic queries: topics with their live counts, posts (two keyset orders, `since`), the post,
//! like, report and vote writes, and polls with their results. Rows map onto the contract's
//! `Topic`, `TopicDetail`, `Post`, `Poll` and `Report`. Deleted posts are kept (soft delete) but
//! never listed or counted.
use crate::clock::rfc3339_cst;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub hashtag: String,
    pub cover_url: String,
    pub description: String,
    pub post_count: i64,
    pub participant_count: i64,
    pub has_poll: bool,
    pub closed: bool,
    pub last_post_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicDetail {
    #[serde(flatten)]
    pub topic: Topic,
    pub poll: Option<Poll>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollOption {
    pub id: String,
    pub label: String,
    pub votes: i64,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Poll {
    pub id: String,
    pub question: String,
    pub options: Vec<PollOption>,
    pub total_votes: i64,
    pub my_vote: Option<Vec<String>>,
    pub max_choices: i64,
    pub closes_at: Option<String>,
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Post {
    pub id: String,
    pub topic_id: String,
    pub author: UserRef,
    pub text: String,
    pub image_url: Option<String>,
    pub like_count: i64,
    pub liked_by_me: bool,
    pub created_at: String,
    pub mine: bool,
    /// Hidden by a moderator or held after reports (others see no text or image).
    pub hidden: bool,
    /// Why, for the author only.
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: String,
    pub post_id: String,
    pub reason: String,
    pub created_at: String,
}

pub fn cover_url(id: &str) -> String {
    format!("/media/covers/topics/{id}.svg")
}

fn time_of_secs(secs: i64) -> String {
    rfc3339_cst(DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default())
}

fn time_of_ms(ms: i64) -> String {
    rfc3339_cst(DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default())
}

// ───────────────────────────── topics ─────────────────────────────

/// A topic with its live counts; `last_ms` is 0 when it has no posts.
const TOPICS: &str = "SELECT t.seq, t.id, t.title, t.hashtag, t.description, t.closed,
    (SELECT COUNT(*) FROM posts p WHERE p.topic_seq = t.seq AND p.deleted_ms IS NULL) AS post_count,
    (SELECT COUNT(DISTINCT p.user_id) FROM posts p WHERE p.topic_seq = t.seq AND p.deleted_ms IS NULL) AS participants,
    COALESCE((SELECT MAX(p.created_ms) FROM posts p WHERE p.topic_seq = t.seq AND p.deleted_ms IS NULL), 0) AS last_ms,
    EXISTS(SELECT 1 FROM polls o WHERE o.topic_seq = t.seq) AS has_poll
  FROM topics t";

/// A listed topic and its keyset key `[closed, -last_ms, seq]`.
pub struct ListedTopic {
    pub key: [i64; 3],
    pub topic: Topic,
}

fn read_topic(r: &Row) -> rusqlite::Result<ListedTopic> {
    let seq: i64 = r.get(0)?;
    let id: String = r.get(1)?;
    let closed: bool = r.get(5)?;
    let last_ms: i64 = r.get(8)?;
    Ok(ListedTopic {
        key: [i64::from(closed), -last_ms, seq],
        topic: Topic {
            cover_url: cover_url(&id),
            id,
            title: r.get(2)?,
            hashtag: r.get(3)?,
            description: r.get(4)?,
            post_count: r.get(6)?,
            participant_count: r.get(7)?,
            has_poll: r.get(9)?,
            closed,
            last_post_at: (last_ms > 0).then(|| time_of_ms(last_ms)),
        },
    })
}

pub type TopicPage = crate::pagination::KeyedPage<Topic, [i64; 3]>;

/// Open topics first, then by latest post (topics without posts last), then by id.
pub fn list_topics(
    conn: &Connection,
    after: Option<[i64; 3]>,
    limit: usize,
) -> rusqlite::Result<TopicPage> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM topics")?
        .query_row([], |r| r.get(0))?;
    let mut args: Vec<Value> = Vec::new();
    let mut filter = "1";
    if let Some(key) = after {
        filter = "(closed, -last_ms, seq) > (?, ?, ?)";
        args.extend(key.map(Value::Integer));
    }
    args.push(Value::Integer(limit as i64 + 1));
    let mut rows: Vec<ListedTopic> = conn
        .prepare_cached(&format!(
            "SELECT * FROM ({TOPICS}) WHERE {filter} ORDER BY closed, -last_ms, seq LIMIT ?"
        ))?
        .query_map(params_from_iter(args.iter()), read_topic)?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows.last().filter(|_| more).map(|r| r.key);
    Ok(TopicPage {
        items: rows.into_iter().map(|r| r.topic).collect(),
        next,
        total,
    })
}

/// A topic's seq and whether it is closed.
pub fn topic_seq(conn: &Connection, id: &str) -> rusqlite::Result<Option<(i64, bool)>> {
    conn.prepare_cached("SELECT seq, closed FROM topics WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

pub fn find_topic(conn: &Connection, id: &str) -> rusqlite::Result<Option<(i64, Topic)>> {
    conn.prepare_cached(&format!("SELECT * FROM ({TOPICS}) WHERE id = ?1"))?
        .query_row([id], read_topic)
        .optional()
        .map(|t| t.map(|t| (t.key[2], t.topic)))
}

/// The colour of a topic's generated cover.
pub fn topic_color(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT color FROM topics WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

// ───────────────────────────── posts ─────────────────────────────

const POSTS: &str = "SELECT p.seq, p.id, t.id, p.user_id, u.display_name, p.text, p.image_url,
    p.like_count, p.created_ms, p.moderation, p.hidden_reason
  FROM posts p JOIN topics t ON t.seq = p.topic_seq JOIN users u ON u.id = p.user_id";

/// A post row with what keys and checks need.
pub struct PostRow {
    pub seq: i64,
    pub created_ms: i64,
    pub post: Post,
}

fn read_post(r: &Row) -> rusqlite::Result<PostRow> {
    let created_ms: i64 = r.get(8)?;
    let moderation: String = r.get(9)?;
    let reason: Option<String> = r.get(10)?;
    let hidden_reason = match moderation.as_str() {
        "held" => Some(crate::db::moderation::HELD_REASON.to_string()),
        "hidden" => {
            Some(reason.unwrap_or_else(|| crate::db::moderation::HIDDEN_REASON.to_string()))
        }
        _ => None,
    };
    Ok(PostRow {
        seq: r.get(0)?,
        created_ms,
        post: Post {
            id: r.get(1)?,
            topic_id: r.get(2)?,
            author: UserRef {
                id: r.get(3)?,
                display_name: r.get(4)?,
            },
            text: r.get(5)?,
            image_url: r.get(6)?,
            like_count: r.get(7)?,
            liked_by_me: false,
            created_at: time_of_ms(created_ms),
            mine: false,
            hidden: hidden_reason.is_some(),
            hidden_reason,
        },
    })
}

/// A hidden or held post keeps its text, image and reason for its author only; everyone else
/// gets 该内容已被隐藏 to show (an empty text, no image).
fn redact(rows: &mut [PostRow], viewer: Option<&str>) {
    for row in rows {
        let p = &mut row.post;
        if p.hidden && viewer != Some(p.author.id.as_str()) {
            p.text = String::new();
            p.image_url = None;
            p.hidden_reason = None;
        }
    }
}

/// Fills `liked_by_me` and `mine` for `viewer`.
fn personalise(conn: &Connection, rows: &mut [PostRow], viewer: &str) -> rusqlite::Result<()> {
    let mut liked =
        conn.prepare_cached("SELECT 1 FROM post_likes WHERE post_seq = ?1 AND user_id = ?2")?;
    for row in rows {
        row.post.liked_by_me = liked
            .query_row(params![row.seq, viewer], |_| Ok(()))
            .optional()?
            .is_some();
        row.post.mine = row.post.author.id == viewer;
    }
    Ok(())
}

/// A post that is not deleted.
pub fn find_post(
    conn: &Connection,
    id: &str,
    viewer: Option<&str>,
) -> rusqlite::Result<Option<Post>> {
    let row = conn
        .prepare_cached(&format!("{POSTS} WHERE p.id = ?1 AND p.deleted_ms IS NULL"))?
        .query_row([id], read_post)
        .optional()?;
    let Some(mut row) = row else { return Ok(None) };
    if let Some(viewer) = viewer {
        personalise(conn, std::slice::from_mut(&mut row), viewer)?;
    }
    redact(std::slice::from_mut(&mut row), viewer);
    Ok(Some(row.post))
}

/// The position `(created_ms, seq)` of a post of `topic_seq`, deleted or not (for `since`).
pub fn post_position(
    conn: &Connection,
    topic_seq: i64,
    id: &str,
) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.prepare_cached("SELECT created_ms, seq FROM posts WHERE id = ?1 AND topic_seq = ?2")?
        .query_row(params![id, topic_seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostSort {
    /// Newest first: `created_ms`, then seq, descending.
    #[default]
    Latest,
    /// Most liked first, then newest.
    Hot,
}

#[derive(Debug, Clone, Default)]
pub struct PostQuery {
    pub topic_seq: i64,
    pub sort: PostSort,
    /// Only posts after this position `(created_ms, seq)`.
    pub since: Option<(i64, i64)>,
    /// Only posts whose text holds `#tag#` (a tapped hashtag; issue 20).
    pub tag: Option<String>,
    /// The previous page's last key: `[created_ms, seq]` or `[like_count, created_ms, seq]`.
    pub after: Option<Vec<i64>>,
    pub limit: usize,
}

pub type PostPage = crate::pagination::KeyedPage<Post, Vec<i64>>;

pub fn list_posts(
    conn: &Connection,
    q: &PostQuery,
    viewer: Option<&str>,
) -> rusqlite::Result<PostPage> {
    let mut filter = String::from("p.topic_seq = ? AND p.deleted_ms IS NULL");
    let mut args = vec![Value::Integer(q.topic_seq)];
    if let Some((ms, seq)) = q.since {
        filter.push_str(" AND (p.created_ms, p.seq) > (?, ?)");
        args.extend([Value::Integer(ms), Value::Integer(seq)]);
    }
    if let Some(tag) = &q.tag {
        // Held and hidden posts show no text to others: their hashtags must not list them.
        filter
            .push_str(" AND instr(p.text, ?) > 0 AND (p.moderation = 'visible' OR p.user_id = ?)");
        args.push(Value::Text(format!("#{tag}#")));
        args.push(Value::Text(viewer.unwrap_or_default().to_string()));
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM posts p WHERE {filter}"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let (keyset, order) = match q.sort {
        PostSort::Latest => (
            "(p.created_ms, p.seq) < (?, ?)",
            "p.created_ms DESC, p.seq DESC",
        ),
        PostSort::Hot => (
            "(p.like_count, p.created_ms, p.seq) < (?, ?, ?)",
            "p.like_count DESC, p.created_ms DESC, p.seq DESC",
        ),
    };
    if let Some(key) = &q.after {
        filter = format!("{filter} AND {keyset}");
        args.extend(key.iter().map(|k| Value::Integer(*k)));
    }
    args.push(Value::Integer(q.limit as i64 + 1));
    let mut rows: Vec<PostRow> = conn
        .prepare_cached(&format!("{POSTS} WHERE {filter} ORDER BY {order} LIMIT ?"))?
        .query_map(params_from_iter(args.iter()), read_post)?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > q.limit;
    rows.truncate(q.limit);
    if let Some(viewer) = viewer {
        personalise(conn, &mut rows, viewer)?;
    }
    redact(&mut rows, viewer);
    let next = rows.last().filter(|_| more).map(|r| match q.sort {
        PostSort::Latest => vec![r.created_ms, r.seq],
        PostSort::Hot => vec![r.post.like_count, r.created_ms, r.seq],
    });
    Ok(PostPage {
        items: rows.into_iter().map(|r| r.post).collect(),
        next,
        total,
    })
}

/// Posts of `topic_seq` after `since` (not deleted), and the newest post's id.
pub fn new_count(
    conn: &Connection,
    topic_seq: i64,
    since: (i64, i64),
) -> rusqlite::Result<(i64, Option<String>)> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM posts WHERE topic_seq = ?1 AND deleted_ms IS NULL
             AND (created_ms, seq) > (?2, ?3)",
        )?
        .query_row(params![topic_seq, since.0, since.1], |r| r.get(0))?;
    let newest: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM posts WHERE topic_seq = ?1 AND deleted_ms IS NULL
             ORDER BY created_ms DESC, seq DESC LIMIT 1",
        )?
        .query_row([topic_seq], |r| r.get(0))
        .optional()?;
    Ok((count, newest))
}

/// The per-user posting limits.
#[derive(Debug, Clone, Copy)]
pub struct PostLimits {
    pub interval_ms: i64,
    pub per_hour: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostRefused {
    NoSuchTopic,
    TopicClosed,
    /// Posting too fast: wait this many milliseconds.
    TooFast(i64),
}

const HOUR_MS: i64 = 3_600_000;

/// How long `user_id` must wait before posting at `now_ms` (0 = may post now). Deleted posts
/// count too, so deleting does not lift the limit.
pub fn post_wait_ms(
    conn: &Connection,
    user_id: &str,
    now_ms: i64,
    limits: PostLimits,
) -> rusqlite::Result<i64> {
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(created_ms) FROM posts WHERE user_id = ?1")?
        .query_row([user_id], |r| r.get(0))?;
    let mut wait = last.map_or(0, |l| l + limits.interval_ms - now_ms);
    let window: Vec<i64> = conn
        .prepare_cached(
            "SELECT created_ms FROM posts WHERE user_id = ?1 AND created_ms > ?2 ORDER BY created_ms",
        )?
        .query_map(params![user_id, now_ms - HOUR_MS], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let used = window.len() as i64;
    if limits.per_hour > 0 && used >= limits.per_hour {
        // Once this one leaves the window, one more post fits.
        let freeing = window[(used - limits.per_hour) as usize];
        wait = wait.max(freeing + HOUR_MS - now_ms);
    }
    Ok(wait.max(0))
}

/// A post's image: the upload holding it and the extension of the format its bytes are.
#[derive(Debug, Clone, Copy)]
pub struct PostImage<'a> {
    pub upload_id: &'a str,
    pub ext: &'a str,
}

/// Where a post's image is served.
pub fn image_url(post_id: &str, ext: &str) -> String {
    format!("/media/posts/{post_id}.{ext}")
}

/// Whether an upload already is a post's image (deleted posts too), a challenge entry or an
/// activity's cover.
pub fn upload_in_use(conn: &Connection, upload_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM posts WHERE image_upload_id = ?1)
             OR EXISTS(SELECT 1 FROM entries WHERE upload_id = ?1)
             OR EXISTS(SELECT 1 FROM registered_activities WHERE cover_upload_id = ?1)
             -- results
             OR EXISTS(SELECT 1 FROM activity_result_media WHERE upload_id = ?1)
             OR EXISTS(SELECT 1 FROM summary_attachments WHERE upload_id = ?1) -- summary",
    )?
    .query_row([upload_id], |r| r.get(0))
}

/// What `/media/posts/{id}.{ext}` needs: the upload holding the image and its extension, for a
/// post that is not deleted.
pub fn post_image(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT image_upload_id, image_format FROM posts
         WHERE id = ?1 AND deleted_ms IS NULL AND image_upload_id IS NOT NULL",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// Creates a post inside the caller's `BEGIN IMMEDIATE` transaction: the topic must exist and be
/// open, and the author within the posting limits. `image` has been checked by the caller (the
/// caller's finished, unused upload holding an image).
pub fn create_post(
    tx: &Connection,
    topic_id: &str,
    user_id: &str,
    text: &str,
    image: Option<PostImage>,
    now_ms: i64,
    limits: PostLimits,
) -> rusqlite::Result<Result<Post, PostRefused>> {
    let Some((topic_seq, closed)) = topic_seq(tx, topic_id)? else {
        return Ok(Err(PostRefused::NoSuchTopic));
    };
    if closed {
        return Ok(Err(PostRefused::TopicClosed));
    }
    let wait = post_wait_ms(tx, user_id, now_ms, limits)?;
    if wait > 0 {
        return Ok(Err(PostRefused::TooFast(wait)));
    }
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM posts")?
        .query_row([], |r| r.get(0))?;
    let id = format!("po_{seq:06}");
    let url = image.map(|i| image_url(&id, i.ext));
    tx.prepare_cached(
        "INSERT INTO posts(seq, id, topic_seq, user_id, text, image_url, image_upload_id,
           image_format, like_count, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9)",
    )?
    .execute(params![
        seq,
        id,
        topic_seq,
        user_id,
        text,
        url,
        image.map(|i| i.upload_id),
        image.map(|i| i.ext),
        now_ms
    ])?;
    let post = find_post(tx, &id, Some(user_id))?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok(Ok(post))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    Missing,
    NotMine,
    Deleted,
}

/// Soft-deletes `user_id`'s post.
pub fn delete_post(
    tx: &Connection,
    id: &str,
    user_id: &str,
    now_ms: i64,
) -> rusqlite::Result<Result<(), Ownership>> {
    let row: Option<(String, bool)> = tx
        .prepare_cached("SELECT user_id, deleted_ms IS NOT NULL FROM posts WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(Err(Ownership::Missing)),
        Some((_, true)) => Ok(Err(Ownership::Deleted)),
        Some((author, false)) if author != user_id => Ok(Err(Ownership::NotMine)),
        Some(_) => {
            tx.prepare_cached("UPDATE posts SET deleted_ms = ?2 WHERE id = ?1")?
                .execute(params![id, now_ms])?;
            Ok(Ok(()))
        }
    }
}

/// The seq of a post that is not deleted.
fn live_post_seq(conn: &Connection, id: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT seq FROM posts WHERE id = ?1 AND deleted_ms IS NULL")?
        .query_row([id], |r| r.get(0))
        .optional()
}

/// Likes (`liked`) or unlikes a post, once per user; returns the new count, `None` when the post
/// does not exist or is deleted. Run it in a `BEGIN IMMEDIATE` transaction.
pub fn set_like(
    tx: &Connection,
    id: &str,
    user_id: &str,
    liked: bool,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let Some(seq) = live_post_seq(tx, id)? else {
        return Ok(None);
    };
    let changed = if liked {
        tx.prepare_cached(
            "INSERT INTO post_likes(post_seq, user_id, liked_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(post_seq, user_id) DO NOTHING",
        )?
        .execute(params![seq, user_id, now])?
    } else {
        tx.prepare_cached("DELETE FROM post_likes WHERE post_seq = ?1 AND user_id = ?2")?
            .execute(params![seq, user_id])?
    };
    let delta: i64 = if liked { 1 } else { -1 };
    let count: i64 = if changed > 0 {
        tx.prepare_cached(
            "UPDATE posts SET like_count = MAX(like_count + ?2, 0) WHERE seq = ?1 RETURNING like_count",
        )?
        .query_row(params![seq, delta], |r| r.get(0))?
    } else {
        tx.prepare_cached("SELECT like_count FROM posts WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))?
    };
    Ok(Some(count))
}

/// Reports a post once per user: the existing report when there is one. `None`: no such post.
pub fn report(
    tx: &Connection,
    id: &str,
    user_id: &str,
    reason: &str,
    note: Option<&str>,
    now: i64,
) -> rusqlite::Result<Option<Report>> {
    let Some(seq) = live_post_seq(tx, id)? else {
        return Ok(None);
    };
    let existing: Option<(String, String, i64)> = tx
        .prepare_cached(
            "SELECT id, reason, created_at FROM post_reports WHERE post_seq = ?1 AND user_id = ?2",
        )?
        .query_row(params![seq, user_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (report_id, reason, at) = match existing {
        Some(row) => row,
        None => {
            let rseq: i64 = tx
                .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM post_reports")?
                .query_row([], |r| r.get(0))?;
            let report_id = format!("rpt_{rseq:06}");
            tx.prepare_cached(
                "INSERT INTO post_reports(seq, id, post_seq, user_id, reason, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![rseq, report_id, seq, user_id, reason, note, now])?;
            crate::db::moderation::hold_if_reported(tx, seq, now)?;
            (report_id, reason.to_string(), now)
        }
    };
    Ok(Some(Report {
        id: report_id,
        post_id: id.to_string(),
        reason,
        created_at: time_of_secs(at),
    }))
}

// ───────────────────────────── polls ─────────────────────────────

/// Percentages of `total` with one decimal. When the votes add up to the total (single choice),
/// they are apportioned by largest remainder so they sum to exactly 100.0; otherwise each is
/// rounded half up. Nobody voted → all 0.
pub fn percentages(votes: &[i64], total: i64) -> Vec<f64> {
    if total <= 0 {
        return vec![0.0; votes.len()];
    }
    let tenths: Vec<i64> = if votes.iter().sum::<i64>() == total {
        let mut tenths: Vec<i64> = votes.iter().map(|v| v * 1000 / total).collect();
        let mut order: Vec<usize> = (0..votes.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(votes[i] * 1000 % total), i));
        let left = 1000 - tenths.iter().sum::<i64>();
        for &i in order.iter().take(left.max(0) as usize) {
            tenths[i] += 1;
        }
        tenths
    } else {
        votes
            .iter()
            .map(|v| (v * 2000 + total) / (2 * total))
            .collect()
    };
    tenths.into_iter().map(|t| t as f64 / 10.0).collect()
}

/// A topic's poll row: `(seq, max_choices, closed now)`.
fn poll_row(
    conn: &Connection,
    topic_seq: i64,
    now: i64,
) -> rusqlite::Result<Option<(i64, i64, bool)>> {
    conn.prepare_cached(
        "SELECT seq, max_choices, closed OR (closes_at IS NOT NULL AND closes_at <= ?2)
         FROM polls WHERE topic_seq = ?1",
    )?
    .query_row(params![topic_seq, now], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .optional()
}

/// The poll of `topic_seq` with its results at `now`, `my_vote` for `viewer`.
pub fn poll(
    conn: &Connection,
    topic_seq: i64,
    viewer: Option<&str>,
    now: i64,
) -> rusqlite::Result<Option<Poll>> {
    let found = conn
        .prepare_cached(
            "SELECT seq, id, question, max_choices, closes_at,
               closed OR (closes_at IS NOT NULL AND closes_at <= ?2), voters
             FROM polls WHERE topic_seq = ?1",
        )?
        .query_row(params![topic_seq, now], |r| {
            let closes_at: Option<i64> = r.get(4)?;
            Ok((
                r.get::<_, i64>(0)?,
                Poll {
                    id: r.get(1)?,
                    question: r.get(2)?,
                    options: Vec::new(),
                    total_votes: r.get(6)?,
                    my_vote: None,
                    max_choices: r.get(3)?,
                    closes_at: closes_at.map(time_of_secs),
                    closed: r.get(5)?,
                },
            ))
        })
        .optional()?;
    let Some((seq, mut poll)) = found else {
        return Ok(None);
    };
    poll.options = conn
        .prepare_cached(
            "SELECT id, label, votes FROM poll_options WHERE poll_seq = ?1 ORDER BY sort, seq",
        )?
        .query_map([seq], |r| {
            Ok(PollOption {
                id: r.get(0)?,
                label: r.get(1)?,
                votes: r.get(2)?,
                percent: 0.0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let votes: Vec<i64> = poll.options.iter().map(|o| o.votes).collect();
    for (option, percent) in poll
        .options
        .iter_mut()
        .zip(percentages(&votes, poll.total_votes))
    {
        option.percent = percent;
    }
    if let Some(user) = viewer {
        let mine: Vec<String> = conn
            .prepare_cached(
                "SELECT o.id FROM poll_votes v JOIN poll_options o ON o.seq = v.option_seq
                 WHERE v.poll_seq = ?1 AND v.user_id = ?2 ORDER BY o.sort, o.seq",
            )?
            .query_map(params![seq, user], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        poll.my_vote = (!mine.is_empty()).then_some(mine);
    }
    Ok(Some(poll))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteRefused {
    NoSuchTopic,
    NoPoll,
    Closed,
    AlreadyVoted,
    /// The options are not 1 to `max_choices` distinct options of this poll.
    BadOptions(String),
}

/// One user's vote, inside the caller's `BEGIN IMMEDIATE` transaction; answers the results.
pub fn vote(
    tx: &Connection,
    topic_id: &str,
    user_id: &str,
    option_ids: &[String],
    now: i64,
) -> rusqlite::Result<Result<Poll, VoteRefused>> {
    let Some((topic_seq, _)) = topic_seq(tx, topic_id)? else {
        return Ok(Err(VoteRefused::NoSuchTopic));
    };
    let Some((poll_seq, max_choices, closed)) = poll_row(tx, topic_seq, now)? else {
        return Ok(Err(VoteRefused::NoPoll));
    };
    if closed {
        return Ok(Err(VoteRefused::Closed));
    }
    let voted: bool = tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM poll_votes WHERE poll_seq = ?1 AND user_id = ?2)",
        )?
        .query_row(params![poll_seq, user_id], |r| r.get(0))?;
    if voted {
        return Ok(Err(VoteRefused::AlreadyVoted));
    }
    let mut chosen: Vec<i64> = Vec::new();
    {
        let mut find =
            tx.prepare_cached("SELECT seq FROM poll_options WHERE id = ?1 AND poll_seq = ?2")?;
        for id in option_ids {
            match find
                .query_row(params![id, poll_seq], |r| r.get::<_, i64>(0))
                .optional()?
            {
                Some(seq) => chosen.push(seq),
                None => {
                    return Ok(Err(VoteRefused::BadOptions(format!(
                        "选项 {id} 不属于这个投票"
                    ))))
                }
            }
        }
    }
    if chosen.is_empty() {
        return Ok(Err(VoteRefused::BadOptions("请至少选择一项".into())));
    }
    let mut distinct = chosen.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != chosen.len() {
        return Ok(Err(VoteRefused::BadOptions("选项不能重复".into())));
    }
    if chosen.len() as i64 > max_choices {
        return Ok(Err(VoteRefused::BadOptions(if max_choices == 1 {
            "这是单选投票，只能选择一项".to_string()
        } else {
            format!("最多只能选择{max_choices}项")
        })));
    }
    for option in &chosen {
        tx.prepare_cached(
            "INSERT INTO poll_votes(poll_seq, user_id, option_seq, voted_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![poll_seq, user_id, option, now])?;
        tx.prepare_cached("UPDATE poll_options SET votes = votes + 1 WHERE seq = ?1")?
            .execute([option])?;
    }
    tx.prepare_cached("UPDATE polls SET voters = voters + 1 WHERE seq = ?1")?
        .execute([poll_seq])?;
    let poll =
        poll(tx, topic_seq, Some(user_id), now)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok(Ok(poll))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_choice_percentages_sum_to_100() {
        let p = percentages(&[1, 1, 1], 3);
        assert_eq!(p, vec![33.4, 33.3, 33.3]);
        let p = percentages(&[3120, 1876, 1404, 600], 7000);
        assert_eq!(p.iter().sum::<f64>().round(), 100.0);
        assert_eq!(p, vec![44.6, 26.8, 20.0, 8.6]);
        assert_eq!(percentages(&[0, 0], 0), vec![0.0, 0.0]);
        let p = percentages(&[2, 0, 1], 3);
        assert_eq!(p, vec![66.7, 0.0, 33.3]);
    }

    #[test]
    fn multiple_choice_percentages_are_of_voters() {
        // 10 voters, 2 choices each.
        assert_eq!(percentages(&[10, 6, 4], 10), vec![100.0, 60.0, 40.0]);
        assert_eq!(percentages(&[1, 2], 3), vec![33.3, 66.7]);
    }
}
