//! 内容审核 queries: the entry and report queues, decisions, mutes, the banned-word table,
//! claims and the append-only audit log. Who may call them is checked in `routes::moderation`.
use crate::db::organisers::time;
use crate::moderation::{BannedWord, BannedWords};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// How long a claim lasts.
pub const CLAIM_SECS: i64 = 120;
/// Different users whose open reports hold a post.
pub const HOLD_REPORTERS: i64 = 3;
pub const REJECTION_REASONS: [&str; 6] = [
    "off-topic",
    "quality",
    "rights",
    "unsafe",
    "personal-info",
    "other",
];

/// The Chinese name of a rejection reason code.
pub fn rejection_label(code: &str) -> &'static str {
    match code {
        "off-topic" => "偏离主题",
        "quality" => "质量不达标",
        "rights" => "版权问题",
        "unsafe" => "不安全内容",
        "personal-info" => "含个人信息",
        _ => "其他",
    }
}

pub const HELD_REASON: &str = "该内容被多位用户举报，正在审核中";
pub const HIDDEN_REASON: &str = "该内容违反社区规范，已被隐藏";

// ───────────────────────────── roles and mutes ─────────────────────────────

/// `admin` or `moderator`.
pub fn is_moderator(conn: &Connection, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM roles WHERE user_id = ?1 AND role IN ('admin', 'moderator'))",
    )?
    .query_row([user_id], |r| r.get(0))
}

/// Until when (unix seconds, exclusive) `user_id` is muted, if they are at `now`.
pub fn muted_until(conn: &Connection, user_id: &str, now: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT until FROM mutes WHERE user_id = ?1 AND until > ?2")?
        .query_row(params![user_id, now], |r| r.get(0))
        .optional()
}

pub fn mute(
    tx: &Connection,
    user_id: &str,
    until: i64,
    reason: &str,
    by: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO mutes(user_id, until, reason, muted_by, muted_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(user_id) DO UPDATE SET until = ?2, reason = ?3, muted_by = ?4, muted_at = ?5",
    )?
    .execute(params![user_id, until, reason, by, now])?;
    Ok(())
}

pub fn user_exists(conn: &Connection, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE id = ?1)")?
        .query_row([user_id], |r| r.get(0))
}

// ───────────────────────────── audit ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UserRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub moderator: UserRef,
    pub action: String,
    pub item_kind: String,
    pub item_id: String,
    pub reason: Option<String>,
    pub note: Option<String>,
}

const AUDIT: &str = "SELECT a.seq, a.at, a.moderator_id, u.display_name, a.action, a.item_kind,
    a.item_id, a.reason, a.note FROM moderation_audit a LEFT JOIN users u ON u.id = a.moderator_id";

fn read_audit(r: &Row) -> rusqlite::Result<AuditEntry> {
    let seq: i64 = r.get(0)?;
    let moderator: Option<String> = r.get(2)?;
    let name: Option<String> = r.get(3)?;
    Ok(AuditEntry {
        id: format!("aud_{seq:06}"),
        at: time(r.get(1)?),
        moderator: match moderator {
            Some(id) => UserRef {
                display_name: name.unwrap_or_default(),
                id,
            },
            None => UserRef {
                id: "system".into(),
                display_name: "系统".into(),
            },
        },
        action: r.get(4)?,
        item_kind: r.get(5)?,
        item_id: r.get(6)?,
        reason: r.get(7)?,
        note: r.get(8)?,
    })
}

/// Appends one action (`moderator` `None`: the server itself).
#[allow(clippy::too_many_arguments)]
pub fn audit(
    tx: &Connection,
    moderator: Option<&str>,
    action: &str,
    item_kind: &str,
    item_id: &str,
    reason: Option<&str>,
    note: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO moderation_audit(at, moderator_id, action, item_kind, item_id, reason, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        now, moderator, action, item_kind, item_id, reason, note
    ])?;
    Ok(())
}

/// One item's log, oldest first.
pub fn audit_of(conn: &Connection, item_id: &str) -> rusqlite::Result<Vec<AuditEntry>> {
    conn.prepare_cached(&format!("{AUDIT} WHERE a.item_id = ?1 ORDER BY a.seq"))?
        .query_map([item_id], read_audit)?
        .collect()
}

/// The latest decision on an item (what `already-decided` carries).
pub fn last_decision(conn: &Connection, item_id: &str) -> rusqlite::Result<Option<AuditEntry>> {
    conn.prepare_cached(&format!(
        "{AUDIT} WHERE a.item_id = ?1 AND a.action NOT IN ('hold') ORDER BY a.seq DESC LIMIT 1"
    ))?
    .query_row([item_id], read_audit)
    .optional()
}

/// The log newest first (of one item, or all), after the keyset `before` (a seq).
pub fn audit_page(
    conn: &Connection,
    item: Option<&str>,
    before: Option<i64>,
    limit: usize,
) -> rusqlite::Result<(Vec<AuditEntry>, Option<i64>, i64)> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM moderation_audit WHERE ?1 IS NULL OR item_id = ?1")?
        .query_row([item], |r| r.get(0))?;
    let mut rows: Vec<(i64, AuditEntry)> = conn
        .prepare_cached(&format!(
            "{AUDIT} WHERE (?1 IS NULL OR a.item_id = ?1) AND (?2 IS NULL OR a.seq < ?2)
             ORDER BY a.seq DESC LIMIT ?3"
        ))?
        .query_map(params![item, before, limit as i64 + 1], |r| {
            Ok((r.get(0)?, read_audit(r)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows.last().filter(|_| more).map(|(seq, _)| *seq);
    Ok((rows.into_iter().map(|(_, a)| a).collect(), next, total))
}

// ───────────────────────────── claims ─────────────────────────────

/// The live claim on an item: `(user_id, until)`.
pub fn claim_of(
    conn: &Connection,
    kind: &str,
    item_id: &str,
    now: i64,
) -> rusqlite::Result<Option<(String, i64)>> {
    conn.prepare_cached(
        "SELECT user_id, until FROM moderation_claims WHERE kind = ?1 AND item_id = ?2 AND until > ?3",
    )?
    .query_row(params![kind, item_id, now], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// Claims an item for [`CLAIM_SECS`]: `Ok(until)`, or `Err(until)` of someone else's claim.
pub fn claim(
    tx: &Connection,
    kind: &str,
    item_id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<Result<i64, i64>> {
    if let Some((holder, until)) = claim_of(tx, kind, item_id, now)? {
        if holder != user_id {
            return Ok(Err(until));
        }
    }
    let until = now + CLAIM_SECS;
    tx.prepare_cached(
        "INSERT INTO moderation_claims(kind, item_id, user_id, until) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(kind, item_id) DO UPDATE SET user_id = ?3, until = ?4",
    )?
    .execute(params![kind, item_id, user_id, until])?;
    Ok(Ok(until))
}

/// A decided item's claim ends with the decision.
pub fn release(tx: &Connection, kind: &str, item_id: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM moderation_claims WHERE kind = ?1 AND item_id = ?2")?
        .execute(params![kind, item_id])?;
    Ok(())
}

// ───────────────────────────── entries ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Submitter {
    pub id: String,
    pub display_name: String,
    pub phone_masked: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejection {
    pub reason: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModerationEntry {
    pub id: String,
    pub challenge_id: String,
    pub title: String,
    pub description: String,
    pub category: crate::db::challenges::NamedRef,
    pub submitter: Submitter,
    pub cover_url: String,
    pub playback_url: String,
    pub duration_seconds: Option<f64>,
    pub size_bytes: Option<i64>,
    pub created_at: String,
    pub status: String,
    pub rejection: Option<Rejection>,
    pub claimed_by_other: bool,
    pub claimed_until: Option<String>,
    pub audit: Vec<AuditEntry>,
}

const MOD_ENTRY: &str = "SELECT e.seq, e.id, c.id, e.title, e.description, e.category_id, cc.name,
    e.author_id, u.display_name, u.phone, e.upload_id, e.container, e.playback_url,
    e.duration_seconds, up.length, e.created_at, e.status, e.reject_code, e.reject_reason
  FROM entries e JOIN challenges c ON c.seq = e.challenge_seq
  JOIN challenge_categories cc ON cc.challenge_seq = e.challenge_seq AND cc.id = e.category_id
  JOIN users u ON u.id = e.author_id LEFT JOIN uploads up ON up.id = e.upload_id";

fn read_mod_entry(r: &Row) -> rusqlite::Result<(i64, i64, ModerationEntry)> {
    let id: String = r.get(1)?;
    let upload_id: Option<String> = r.get(10)?;
    let container: String = r.get(11)?;
    let playback: Option<String> = r.get(12)?;
    let status: String = r.get(16)?;
    let created_at: i64 = r.get(15)?;
    let phone: String = r.get(9)?;
    let code: Option<String> = r.get(17)?;
    let note: Option<String> = r.get(18)?;
    Ok((
        r.get(0)?,
        created_at,
        ModerationEntry {
            cover_url: crate::db::challenges::cover_url(&id),
            playback_url: playback.unwrap_or_else(|| {
                crate::db::challenges::media_url(
                    &id,
                    &container,
                    &status,
                    upload_id.as_deref().unwrap_or(""),
                )
            }),
            challenge_id: r.get(2)?,
            title: r.get(3)?,
            description: r.get(4)?,
            category: crate::db::challenges::NamedRef {
                id: r.get(5)?,
                name: r.get(6)?,
            },
            submitter: Submitter {
                id: r.get(7)?,
                display_name: r.get(8)?,
                phone_masked: crate::auth::mask_phone(&phone),
            },
            duration_seconds: r.get(13)?,
            size_bytes: r.get(14)?,
            created_at: time(created_at),
            rejection: (status == "rejected")
                .then(|| code.unwrap_or_else(|| "other".into()))
                .map(|reason| Rejection {
                    // reject_reason holds the reason's name when the moderator wrote no note.
                    note: note.filter(|n| n != rejection_label(&reason)),
                    reason,
                }),
            status,
            claimed_by_other: false,
            claimed_until: None,
            audit: Vec::new(),
            id,
        },
    ))
}

fn fill_entry(
    conn: &Connection,
    e: &mut ModerationEntry,
    me: &str,
    now: i64,
) -> rusqlite::Result<()> {
    if let Some((holder, until)) = claim_of(conn, "entry", &e.id, now)? {
        e.claimed_by_other = holder != me;
        e.claimed_until = Some(time(until));
    }
    e.audit = audit_of(conn, &e.id)?;
    Ok(())
}

/// Pending entries, oldest first, after the keyset `[created_at, seq]`.
pub fn entry_queue(
    conn: &Connection,
    me: &str,
    now: i64,
    after: Option<[i64; 2]>,
    limit: usize,
) -> rusqlite::Result<(Vec<ModerationEntry>, Option<Vec<i64>>, i64)> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM entries WHERE status = 'pending_review'")?
        .query_row([], |r| r.get(0))?;
    let (a, b) = after.map_or((None, None), |[a, b]| (Some(a), Some(b)));
    let mut rows: Vec<(i64, i64, ModerationEntry)> = conn
        .prepare_cached(&format!(
            "{MOD_ENTRY} WHERE e.status = 'pending_review'
               AND (?1 IS NULL OR (e.created_at, e.seq) > (?1, ?2))
             ORDER BY e.created_at, e.seq LIMIT ?3"
        ))?
        .query_map(params![a, b, limit as i64 + 1], read_mod_entry)?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|(seq, at, _)| vec![*at, *seq]);
    let mut items = Vec::with_capacity(rows.len());
    for (_, _, mut e) in rows {
        fill_entry(conn, &mut e, me, now)?;
        items.push(e);
    }
    Ok((items, next, total))
}

pub fn moderation_entry(
    conn: &Connection,
    id: &str,
    me: &str,
    now: i64,
) -> rusqlite::Result<Option<ModerationEntry>> {
    let row = conn
        .prepare_cached(&format!("{MOD_ENTRY} WHERE e.id = ?1"))?
        .query_row([id], read_mod_entry)
        .optional()?;
    let Some((_, _, mut e)) = row else {
        return Ok(None);
    };
    fill_entry(conn, &mut e, me, now)?;
    Ok(Some(e))
}

/// Approves (`code` `None`) or rejects a pending entry.
pub fn decide_entry(
    tx: &Connection,
    id: &str,
    code: Option<&str>,
    note: Option<&str>,
) -> rusqlite::Result<()> {
    match code {
        None => tx
            .prepare_cached(
                "UPDATE entries SET status = 'approved', reject_code = NULL, reject_reason = NULL
                 WHERE id = ?1",
            )?
            .execute([id])?,
        Some(code) => {
            let shown = note.map_or_else(|| rejection_label(code).to_string(), String::from);
            tx.prepare_cached(
                "UPDATE entries SET status = 'rejected', reject_code = ?2, reject_reason = ?3
                 WHERE id = ?1",
            )?
            .execute(params![id, code, shown])?
        }
    };
    Ok(())
}

/// `(status, author_id)` of an entry.
pub fn entry_state(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT status, author_id FROM entries WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// Deletes a withdrawn entry (and any likes it had, and its entrant's age and guardian
/// consent: personal information with no use left).
pub fn delete_entry(tx: &Connection, id: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM entry_consents WHERE entry_id = ?1")?
        .execute([id])?;
    tx.prepare_cached(
        "DELETE FROM entry_likes WHERE entry_seq = (SELECT seq FROM entries WHERE id = ?1)",
    )?
    .execute([id])?;
    tx.prepare_cached("DELETE FROM entries WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A rejected entry with a new upload: pending again, at the back of the queue.
#[allow(clippy::too_many_arguments)]
pub fn resubmit_entry(
    tx: &Connection,
    id: &str,
    upload_id: &str,
    container: &str,
    duration: Option<f64>,
    title: Option<&str>,
    description: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE entries SET upload_id = ?2, container = ?3, duration_seconds = ?4,
           playback_url = NULL, title = COALESCE(?5, title), description = COALESCE(?6, description),
           status = 'pending_review', reject_code = NULL, reject_reason = NULL, created_at = ?7
         WHERE id = ?1",
    )?
    .execute(params![id, upload_id, container, duration, title, description, now])?;
    Ok(())
}

// ───────────────────────────── reported posts ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReasonCount {
    pub reason: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportedPost {
    pub id: String,
    pub topic_id: String,
    pub author: Submitter,
    pub text: String,
    pub image_url: Option<String>,
    pub created_at: String,
    pub status: String,
    pub report_count: i64,
    pub reporter_count: i64,
    pub reasons: Vec<ReasonCount>,
    pub notes: Vec<String>,
    pub first_reported_at: Option<String>,
    pub claimed_by_other: bool,
    pub claimed_until: Option<String>,
    pub audit: Vec<AuditEntry>,
}

/// `(seq, moderation, author)` of a post that is not deleted.
pub fn post_state(conn: &Connection, id: &str) -> rusqlite::Result<Option<(i64, String, String)>> {
    conn.prepare_cached(
        "SELECT seq, moderation, user_id FROM posts WHERE id = ?1 AND deleted_ms IS NULL",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}

pub fn open_reports(conn: &Connection, post_seq: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM post_reports WHERE post_seq = ?1 AND cleared_at IS NULL",
    )?
    .query_row([post_seq], |r| r.get(0))
}

/// After a new report: a visible post with open reports from [`HOLD_REPORTERS`] different users
/// is held (and the hold logged). Reports are one per user per post, so rows are users.
pub fn hold_if_reported(tx: &Connection, post_seq: i64, now: i64) -> rusqlite::Result<()> {
    let reporters: i64 = tx
        .prepare_cached(
            "SELECT COUNT(DISTINCT user_id) FROM post_reports WHERE post_seq = ?1 AND cleared_at IS NULL",
        )?
        .query_row([post_seq], |r| r.get(0))?;
    if reporters < HOLD_REPORTERS {
        return Ok(());
    }
    let held: Option<String> = tx
        .prepare_cached(
            "UPDATE posts SET moderation = 'held', hidden_reason = NULL
             WHERE seq = ?1 AND moderation = 'visible' RETURNING id",
        )?
        .query_row([post_seq], |r| r.get(0))
        .optional()?;
    if let Some(id) = held {
        let reason = format!("{reporters}位用户举报，自动隐藏待审核");
        audit(tx, None, "hold", "post", &id, Some(&reason), None, now)?;
    }
    Ok(())
}

const REPORTED: &str = "SELECT p.seq, p.id, t.id, p.user_id, u.display_name, u.phone, p.text,
    p.image_url, p.created_ms, p.moderation,
    (SELECT COUNT(*) FROM post_reports r WHERE r.post_seq = p.seq AND r.cleared_at IS NULL) AS n,
    (SELECT MIN(created_at) FROM post_reports r WHERE r.post_seq = p.seq AND r.cleared_at IS NULL) AS first
  FROM posts p JOIN topics t ON t.seq = p.topic_seq JOIN users u ON u.id = p.user_id";

fn read_reported(r: &Row) -> rusqlite::Result<(i64, ReportedPost)> {
    let phone: String = r.get(5)?;
    let ms: i64 = r.get(8)?;
    let first: Option<i64> = r.get(11)?;
    Ok((
        r.get(0)?,
        ReportedPost {
            id: r.get(1)?,
            topic_id: r.get(2)?,
            author: Submitter {
                id: r.get(3)?,
                display_name: r.get(4)?,
                phone_masked: crate::auth::mask_phone(&phone),
            },
            text: r.get(6)?,
            image_url: r.get(7)?,
            created_at: time(ms.div_euclid(1000)),
            status: r.get(9)?,
            report_count: r.get(10)?,
            reporter_count: 0,
            reasons: Vec::new(),
            notes: Vec::new(),
            first_reported_at: first.map(time),
            claimed_by_other: false,
            claimed_until: None,
            audit: Vec::new(),
        },
    ))
}

fn fill_reported(
    conn: &Connection,
    seq: i64,
    p: &mut ReportedPost,
    me: &str,
    now: i64,
) -> rusqlite::Result<()> {
    p.reasons = conn
        .prepare_cached(
            "SELECT reason, COUNT(*) AS n FROM post_reports WHERE post_seq = ?1 AND cleared_at IS NULL
             GROUP BY reason ORDER BY n DESC, reason",
        )?
        .query_map([seq], |r| {
            Ok(ReasonCount {
                reason: r.get(0)?,
                count: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.reporter_count = conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT user_id) FROM post_reports WHERE post_seq = ?1 AND cleared_at IS NULL",
        )?
        .query_row([seq], |r| r.get(0))?;
    p.notes = conn
        .prepare_cached(
            "SELECT note FROM post_reports WHERE post_seq = ?1 AND cleared_at IS NULL
               AND note IS NOT NULL ORDER BY seq LIMIT 10",
        )?
        .query_map([seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some((holder, until)) = claim_of(conn, "post", &p.id, now)? {
        p.claimed_by_other = holder != me;
        p.claimed_until = Some(time(until));
    }
    p.audit = audit_of(conn, &p.id)?;
    Ok(())
}

/// Posts with open reports: held first, then most reported (`oldest`: first reported) first;
/// paged by offset (the order changes as reports come in, so there is no stable key).
pub fn report_queue(
    conn: &Connection,
    me: &str,
    now: i64,
    oldest: bool,
    offset: usize,
    limit: usize,
) -> rusqlite::Result<(Vec<ReportedPost>, bool, i64)> {
    let (inner, outer) = if oldest {
        ("first, seq", "q.first, q.seq")
    } else {
        ("n DESC, first, seq", "q.n DESC, q.first, q.seq")
    };
    // Open reports are counted once per reported post from the open-reports index (not per
    // post of the table), the page is picked before its rows are joined to topics and users,
    // and the total comes with it (`scripts/bench`, moderation: 50,000 posts).
    let mut total = None;
    let mut rows: Vec<(i64, ReportedPost)> = conn
        .prepare_cached(&format!(
            "WITH o AS (SELECT post_seq, COUNT(*) AS n, MIN(created_at) AS first
                          FROM post_reports WHERE cleared_at IS NULL GROUP BY post_seq),
                  q AS (SELECT p.seq AS seq, o.n AS n, o.first AS first,
                               p.moderation != 'held' AS h, COUNT(*) OVER () AS total
                          FROM o JOIN posts p ON p.seq = o.post_seq WHERE p.deleted_ms IS NULL
                         ORDER BY h, {inner} LIMIT ?1 OFFSET ?2)
             SELECT p.seq, p.id, t.id, p.user_id, u.display_name, u.phone, p.text,
                    p.image_url, p.created_ms, p.moderation, q.n, q.first, q.total
               FROM q JOIN posts p ON p.seq = q.seq JOIN topics t ON t.seq = p.topic_seq
               JOIN users u ON u.id = p.user_id
              ORDER BY q.h, {outer}"
        ))?
        .query_map(params![limit as i64 + 1, offset as i64], |r| {
            total = Some(r.get::<_, i64>(12)?);
            read_reported(r)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let total = match total {
        Some(total) => total,
        // A page past the end has no row to carry the total.
        None => conn
            .prepare_cached(
                "SELECT COUNT(DISTINCT r.post_seq) FROM post_reports r
                   JOIN posts p ON p.seq = r.post_seq
                  WHERE r.cleared_at IS NULL AND p.deleted_ms IS NULL",
            )?
            .query_row([], |r| r.get(0))?,
    };
    let more = rows.len() > limit;
    rows.truncate(limit);
    let mut items = Vec::with_capacity(rows.len());
    for (seq, mut p) in rows {
        fill_reported(conn, seq, &mut p, me, now)?;
        items.push(p);
    }
    Ok((items, more, total))
}

pub fn reported_post(
    conn: &Connection,
    id: &str,
    me: &str,
    now: i64,
) -> rusqlite::Result<Option<ReportedPost>> {
    let row = conn
        .prepare_cached(&format!(
            "{REPORTED} WHERE p.id = ?1 AND p.deleted_ms IS NULL"
        ))?
        .query_row([id], read_reported)
        .optional()?;
    let Some((seq, mut p)) = row else {
        return Ok(None);
    };
    fill_reported(conn, seq, &mut p, me, now)?;
    Ok(Some(p))
}

/// Sets a post's moderation state and clears its open reports.
pub fn decide_post(
    tx: &Connection,
    seq: i64,
    moderation: &str,
    hidden_reason: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE posts SET moderation = ?2, hidden_reason = ?3 WHERE seq = ?1")?
        .execute(params![seq, moderation, hidden_reason])?;
    tx.prepare_cached(
        "UPDATE post_reports SET cleared_at = ?2 WHERE post_seq = ?1 AND cleared_at IS NULL",
    )?
    .execute(params![seq, now])?;
    Ok(())
}

// ───────────────────────────── banned words ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListedWord {
    pub word: String,
    pub category: String,
    pub created_at: String,
}

/// Copies a configured list (built-in or `--banned-words`) into the table once per `source`.
pub fn seed_words(
    conn: &Connection,
    source: &str,
    words: &BannedWords,
    now: i64,
) -> rusqlite::Result<()> {
    let done: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM banned_word_sources WHERE source = ?1)")?
        .query_row([source], |r| r.get(0))?;
    if done {
        return Ok(());
    }
    for w in words.words() {
        add_word(conn, w, now)?;
    }
    conn.prepare_cached("INSERT INTO banned_word_sources(source, loaded_at) VALUES (?1, ?2)")?
        .execute(params![source, now])?;
    Ok(())
}

/// Adds a word; `false` when a word that matches the same text is already listed.
pub fn add_word(conn: &Connection, w: &BannedWord, now: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO banned_words(folded, word, category, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(folded) DO NOTHING",
        )?
        .execute(params![w.folded(), w.word, w.category, now])?;
    Ok(n > 0)
}

pub fn find_word(conn: &Connection, folded: &str) -> rusqlite::Result<Option<ListedWord>> {
    conn.prepare_cached("SELECT word, category, created_at FROM banned_words WHERE folded = ?1")?
        .query_row([folded], read_word)
        .optional()
}

fn read_word(r: &Row) -> rusqlite::Result<ListedWord> {
    Ok(ListedWord {
        word: r.get(0)?,
        category: r.get(1)?,
        created_at: time(r.get(2)?),
    })
}

pub fn list_words(conn: &Connection, category: Option<&str>) -> rusqlite::Result<Vec<ListedWord>> {
    conn.prepare_cached(
        "SELECT word, category, created_at FROM banned_words WHERE ?1 IS NULL OR category = ?1
         ORDER BY category, word",
    )?
    .query_map([category], read_word)?
    .collect()
}

/// Removes the words matching `folded` (optionally only in `category`), or every word of
/// `category`; the removed words.
pub fn remove_words(
    tx: &Connection,
    folded: Option<&str>,
    category: Option<&str>,
) -> rusqlite::Result<Vec<String>> {
    tx.prepare_cached(
        "DELETE FROM banned_words WHERE (?1 IS NULL OR folded = ?1) AND (?2 IS NULL OR category = ?2)
         RETURNING word",
    )?
    .query_map(params![folded, category], |r| r.get(0))?
    .collect()
}

/// The whole table as the list posts are checked against.
pub fn load_words(conn: &Connection) -> rusqlite::Result<BannedWords> {
    let words = conn
        .prepare_cached("SELECT word, category FROM banned_words ORDER BY category, word")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|row| match row {
            Ok((w, c)) => BannedWord::new(&w, &c).map(Ok),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(BannedWords::from_words(words))
}
