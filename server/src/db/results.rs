//! 活动回顾 (issue 17, 信息完善): the results of a published activity — photos, videos, news
//! links and two figures — as one document per activity (`activity_results`, its media in
//! `activity_result_media`). Who may read or write them is decided in `routes::results`.
use crate::db::organisers::time;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// 2021-10-23T00:00:00+08:00: the end of the notice's 10月22日 (exclusive), unix seconds.
pub const CLOSES_AT: i64 = 1_634_918_400;

/// A published (or cancelled) activity of one of the caller's units.
#[derive(Debug, Clone)]
pub struct Owned {
    pub id: String,
    pub starts_at: i64,
    /// online | offline | hybrid
    pub format: String,
    /// published | cancelled
    pub status: String,
}

/// The public `activities` row of `id` when `user_id` is a member of its unit.
pub fn find_owned(conn: &Connection, id: &str, user_id: &str) -> rusqlite::Result<Option<Owned>> {
    conn.prepare_cached(
        "SELECT a.id, a.starts_at, a.format, a.status FROM activities a
         JOIN unit_members m ON m.unit_id = a.unit_id
         WHERE a.id = ?1 AND m.user_id = ?2",
    )?
    .query_row(params![id, user_id], |r| {
        Ok(Owned {
            id: r.get(0)?,
            starts_at: r.get(1)?,
            format: r.get(2)?,
            status: r.get(3)?,
        })
    })
    .optional()
}

/// Whether `id` is a registered (not yet published) activity of one of `user_id`'s units.
pub fn is_own_unpublished(conn: &Connection, id: &str, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM registered_activities r
                       JOIN unit_members m ON m.unit_id = r.unit_id
                       WHERE r.id = ?1 AND m.user_id = ?2)",
    )?
    .query_row(params![id, user_id], |r| r.get(0))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultPhoto {
    pub url: String,
    /// Only in the organiser's answer: what `photo_upload_ids` names to keep it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
    pub width: i64,
    pub height: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultVideo {
    pub playback_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
    pub duration_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsLink {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub opens_at: String,
    pub closes_at: String,
    pub open: bool,
}

/// Whether results may be edited at `now`: from the start to [`CLOSES_AT`] (exclusive).
pub fn window(starts_at: i64, now: i64) -> Window {
    Window {
        opens_at: time(starts_at),
        closes_at: time(CLOSES_AT),
        open: starts_at <= now && now < CLOSES_AT,
    }
}

/// `ActivityResults` in the contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityResults {
    pub activity_id: String,
    pub photos: Vec<ResultPhoto>,
    pub videos: Vec<ResultVideo>,
    pub links: Vec<NewsLink>,
    pub participants_offline: Option<i64>,
    pub views_online: Option<i64>,
    pub updated_at: Option<String>,
    pub window: Window,
    /// The `ETag` version (0: never saved).
    #[serde(skip)]
    pub version: i64,
}

/// A photo or video as it is stored (kept ones are found again by `upload_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    pub kind: &'static str,
    pub upload_id: String,
    pub ext: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duration_seconds: Option<f64>,
}

/// The public URL of a result photo or video.
pub fn media_url(seq: i64, ext: &str) -> String {
    format!("/media/results/{seq}.{ext}")
}

/// The results of `activity_id` (which starts at `starts_at`) as of `now`; `with_uploads` adds
/// the upload ids (the organiser's view). Empty lists and null figures until saved.
pub fn read(
    conn: &Connection,
    activity_id: &str,
    starts_at: i64,
    now: i64,
    with_uploads: bool,
) -> rusqlite::Result<ActivityResults> {
    let row = conn
        .prepare_cached(
            "SELECT version, participants_offline, views_online, links, updated_at
             FROM activity_results WHERE activity_id = ?1",
        )?
        .query_row([activity_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .optional()?;
    let mut results = ActivityResults {
        activity_id: activity_id.to_string(),
        photos: Vec::new(),
        videos: Vec::new(),
        links: Vec::new(),
        participants_offline: None,
        views_online: None,
        updated_at: None,
        window: window(starts_at, now),
        version: 0,
    };
    let Some((version, offline, online, links, updated_at)) = row else {
        return Ok(results);
    };
    results.version = version;
    results.participants_offline = offline;
    results.views_online = online;
    results.links = serde_json::from_str(&links).unwrap_or_default();
    results.updated_at = Some(time(updated_at));
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, upload_id, ext, width, height, duration_seconds
         FROM activity_result_media WHERE activity_id = ?1 ORDER BY kind, position",
    )?;
    let mut rows = stmt.query([activity_id])?;
    while let Some(r) = rows.next()? {
        let url = media_url(r.get(0)?, &r.get::<_, String>(3)?);
        let upload_id = with_uploads.then(|| r.get(2)).transpose()?;
        if r.get::<_, String>(1)? == "photo" {
            results.photos.push(ResultPhoto {
                url,
                upload_id,
                width: r.get::<_, Option<i64>>(4)?.unwrap_or(1),
                height: r.get::<_, Option<i64>>(5)?.unwrap_or(1),
            });
        } else {
            results.videos.push(ResultVideo {
                playback_url: url,
                upload_id,
                duration_seconds: r.get::<_, Option<f64>>(6)?.map(|d| d.round() as i64),
            });
        }
    }
    Ok(results)
}

/// The public `results` of an activity: `None` until its organiser saved some.
pub fn public(
    conn: &Connection,
    activity_id: &str,
    starts_at: i64,
    now: i64,
) -> rusqlite::Result<Option<ActivityResults>> {
    let saved: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM activity_results WHERE activity_id = ?1)")?
        .query_row([activity_id], |r| r.get(0))?;
    if !saved {
        return Ok(None);
    }
    read(conn, activity_id, starts_at, now, false).map(Some)
}

/// The upload ids of `activity_id`'s photos and videos now.
pub fn media_uploads(conn: &Connection, activity_id: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT upload_id FROM activity_result_media WHERE activity_id = ?1")?
        .query_map([activity_id], |r| r.get(0))?
        .collect()
}

/// What a save writes: the figures and links as checked, and every photo and video in order.
pub struct Document<'a> {
    pub links: &'a [NewsLink],
    pub participants_offline: Option<i64>,
    pub views_online: Option<i64>,
    pub media: &'a [Media],
}

/// Replaces the results of `activity_id` inside the caller's transaction: media no longer listed
/// are dropped (their uploads become unused), kept ones keep their row (and URL).
pub fn write(
    tx: &Connection,
    activity_id: &str,
    doc: &Document<'_>,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let links = serde_json::to_string(doc.links).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO activity_results
           (activity_id, version, participants_offline, views_online, links, updated_at, updated_by)
         VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(activity_id) DO UPDATE SET version = version + 1,
           participants_offline = excluded.participants_offline,
           views_online = excluded.views_online, links = excluded.links,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(params![
        activity_id,
        doc.participants_offline,
        doc.views_online,
        links,
        now,
        user_id
    ])?;
    let kept: Vec<&str> = doc.media.iter().map(|m| m.upload_id.as_str()).collect();
    let kept = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "DELETE FROM activity_result_media WHERE activity_id = ?1
           AND upload_id NOT IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![activity_id, kept])?;
    let mut positions = [0_i64; 2];
    for m in doc.media {
        let slot = usize::from(m.kind == "video");
        tx.prepare_cached(
            "INSERT INTO activity_result_media
               (activity_id, kind, position, upload_id, ext, width, height, duration_seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(upload_id) DO UPDATE SET position = excluded.position",
        )?
        .execute(params![
            activity_id,
            m.kind,
            positions[slot],
            m.upload_id,
            m.ext,
            m.width,
            m.height,
            m.duration_seconds
        ])?;
        positions[slot] += 1;
    }
    Ok(())
}

/// What `/media/results/{seq}.{ext}` serves: the upload and its extension.
pub fn media_file(conn: &Connection, seq: i64) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT upload_id, ext FROM activity_result_media WHERE seq = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_at_the_start_and_closes_at_the_end_of_october_22() {
        let starts = 1_631_496_600; // 2021-09-13T09:30:00+08:00
        assert!(!window(starts, starts - 1).open);
        assert!(window(starts, starts).open);
        assert!(window(starts, CLOSES_AT - 1).open);
        assert!(!window(starts, CLOSES_AT).open);
        assert_eq!(
            window(starts, starts).closes_at,
            "2021-10-23T00:00:00+08:00"
        );
    }
}
