//! Livestream queries. `status`, `viewer_count` and `view_count` are not stored: they follow
//! from the stream's times, its seeded `audience` and the server clock, so every response at one
//! instant agrees and later responses move on.
use crate::clock::rfc3339_cst;
use crate::db::activities::{NamedRef, Organizer, TimeStatus};
use chrono::{TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Live,
    Upcoming,
    Replay,
}

impl Status {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "live" => Some(Self::Live),
            "upcoming" => Some(Self::Upcoming),
            "replay" => Some(Self::Replay),
            _ => None,
        }
    }

    /// `upcoming` before `starts_at`, `live` until `ends_at`, then `replay`.
    pub fn at(now: i64, starts_at: i64, ends_at: i64) -> Self {
        if now < starts_at {
            Self::Upcoming
        } else if now < ends_at {
            Self::Live
        } else {
            Self::Replay
        }
    }
}

/// The API's `Livestream`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Livestream {
    pub id: String,
    pub title: String,
    pub organizer: Organizer,
    pub theme: NamedRef,
    pub cover_url: String,
    pub starts_at: String,
    pub ends_at: String,
    pub status: Status,
    /// `status` in the words activities use (issue 20).
    pub time_status: TimeStatus,
    pub viewer_count: Option<i64>,
    pub view_count: Option<i64>,
    pub playback_url: String,
    /// Always `mp4` here: the reference server plays its sample clips (server/media/).
    pub playback_type: &'static str,
    pub replay_url: Option<String>,
}

/// The API's `LivestreamDetail`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LivestreamDetail {
    #[serde(flatten)]
    pub stream: Livestream,
    pub description: String,
    pub related: Vec<Livestream>,
}

/// The API's `ViewerCount`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewerCount {
    pub id: String,
    pub viewer_count: Option<i64>,
    pub status: Status,
}

/// What a list asks for; `date` is the `[start, end)` of a China day in unix seconds and
/// `after` the `(starts_at, seq)` key of the last stream of the previous page.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub status: Option<Status>,
    pub date: Option<(i64, i64)>,
    pub theme: Option<String>,
    pub after: Option<(i64, i64)>,
    pub limit: usize,
}

pub type ListPage = crate::pagination::KeyedPage<Livestream, [i64; 2]>;

const COLUMNS: &str = "s.seq, s.id, s.title, s.theme_id, t.name, s.organizer_name,
    s.organizer_type, s.starts_at, s.ends_at, s.audience";
const FROM: &str = "livestreams s JOIN themes t ON t.id = s.theme_id";

/// A row as stored, before the clock is applied.
struct Stored {
    seq: i64,
    id: String,
    title: String,
    theme: NamedRef,
    organizer: Organizer,
    starts_at: i64,
    ends_at: i64,
    audience: i64,
}

fn stored(r: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        seq: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        theme: NamedRef {
            id: r.get(3)?,
            name: r.get(4)?,
        },
        organizer: Organizer {
            name: r.get(5)?,
            kind: r.get(6)?,
        },
        starts_at: r.get(7)?,
        ends_at: r.get(8)?,
        audience: r.get(9)?,
    })
}

fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

pub fn cover_url(id: &str) -> String {
    format!("/media/covers/livestreams/{id}.svg")
}

/// The live stream (what plays while live, and the placeholder loop before it starts).
pub fn stream_url(id: &str) -> String {
    format!("/media/streams/{id}.mp4")
}

pub fn replay_url(id: &str) -> String {
    format!("/media/videos/{id}.mp4")
}

/// Viewers of a live stream `elapsed` seconds after its start: a crowd that is partly there at
/// the start, builds up over the first ~10 minutes, thins a little towards the end and wobbles
/// gently. Steps every 15 s (the app's polling interval), so one instant gives one number.
pub fn viewers(audience: i64, seq: i64, elapsed: i64, duration: i64) -> i64 {
    let e = (elapsed.max(0) / 15 * 15) as f64;
    let d = duration.max(1) as f64;
    let ramp = 0.15 + 0.85 * (1.0 - (-e / 480.0).exp());
    let fade = 1.0 - 0.35 * (e / d).min(1.0).powi(3);
    let phase = seq as f64 * 1.7;
    let wobble = 1.0 + 0.05 * (e / 180.0 + phase).sin() + 0.02 * (e / 45.0 + 2.0 * phase).sin();
    ((audience as f64 * ramp * fade * wobble).round() as i64).max(1)
}

/// Total views of a replay: those who watched live, plus a trickle per minute since it ended.
pub fn views(audience: i64, seq: i64, since_end: i64) -> i64 {
    audience * (3 + seq % 4) + since_end.max(0) / 60 * (audience / 500 + 1)
}

impl Stored {
    fn at(self, now: i64) -> Livestream {
        let status = Status::at(now, self.starts_at, self.ends_at);
        let viewer_count = (status == Status::Live).then(|| {
            viewers(
                self.audience,
                self.seq,
                now - self.starts_at,
                self.ends_at - self.starts_at,
            )
        });
        let view_count =
            (status == Status::Replay).then(|| views(self.audience, self.seq, now - self.ends_at));
        let replay = (status == Status::Replay).then(|| replay_url(&self.id));
        Livestream {
            cover_url: cover_url(&self.id),
            playback_url: replay.clone().unwrap_or_else(|| stream_url(&self.id)),
            playback_type: "mp4",
            replay_url: replay,
            title: self.title,
            organizer: self.organizer,
            theme: self.theme,
            starts_at: time(self.starts_at),
            ends_at: time(self.ends_at),
            status,
            time_status: TimeStatus::at(now, self.starts_at, self.ends_at),
            viewer_count,
            view_count,
            id: self.id,
        }
    }
}

/// The streams live at `now` and those starting in `(now, until)`, each by `starts_at`
/// (`GET /now`; a handful of rows, read through the start index).
pub fn live_and_soon(
    conn: &Connection,
    now: i64,
    until: i64,
) -> rusqlite::Result<(Vec<Livestream>, Vec<Livestream>)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE s.starts_at < ?2 AND s.ends_at > ?1
         ORDER BY s.starts_at, s.seq"
    ))?;
    let rows = stmt
        .query_map(params![now, until], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (live, soon): (Vec<Stored>, Vec<Stored>) =
        rows.into_iter().partition(|s| s.starts_at <= now);
    Ok((
        live.into_iter().map(|s| s.at(now)).collect(),
        soon.into_iter().map(|s| s.at(now)).collect(),
    ))
}

/// One page of streams, in the contract's order for the status (see [`ListQuery`]).
pub fn list(conn: &Connection, q: &ListQuery, now: i64) -> rusqlite::Result<ListPage> {
    let mut filters: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let arg = |v: rusqlite::types::Value, args: &mut Vec<_>| {
        args.push(v);
        format!("?{}", args.len())
    };
    match q.status {
        Some(Status::Live) => {
            let n = arg(now.into(), &mut args);
            filters.push(format!("s.starts_at <= {n} AND s.ends_at > {n}"));
        }
        Some(Status::Upcoming) => {
            let n = arg(now.into(), &mut args);
            filters.push(format!("s.starts_at > {n}"));
        }
        Some(Status::Replay) => {
            let n = arg(now.into(), &mut args);
            filters.push(format!("s.ends_at <= {n}"));
        }
        None => {}
    }
    if let Some((from, until)) = q.date {
        let (a, b) = (arg(from.into(), &mut args), arg(until.into(), &mut args));
        filters.push(format!("s.starts_at >= {a} AND s.starts_at < {b}"));
    }
    if let Some(theme) = &q.theme {
        let t = arg(theme.clone().into(), &mut args);
        filters.push(format!("s.theme_id = {t}"));
    }
    let where_all = if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM {FROM} {where_all}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;

    let descending = q.status == Some(Status::Replay);
    let (cmp, dir) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut page_filters = filters;
    let mut page_args = args;
    if let Some((starts, seq)) = q.after {
        let (a, b) = (
            arg(starts.into(), &mut page_args),
            arg(seq.into(), &mut page_args),
        );
        page_filters.push(format!("(s.starts_at, s.seq) {cmp} ({a}, {b})"));
    }
    let where_page = if page_filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", page_filters.join(" AND "))
    };
    let limit = arg((q.limit as i64 + 1).into(), &mut page_args);
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} {where_page} ORDER BY s.starts_at {dir}, s.seq {dir} LIMIT {limit}"
    );
    let mut rows = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(page_args.iter()), stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if rows.len() > q.limit {
        rows.truncate(q.limit);
        rows.last().map(|s| [s.starts_at, s.seq])
    } else {
        None
    };
    Ok(ListPage {
        items: rows.into_iter().map(|s| s.at(now)).collect(),
        next,
        total,
    })
}

/// One stream with its description and up to 6 others of its theme, nearest in time first.
pub fn find(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<Option<LivestreamDetail>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, s.description FROM {FROM} WHERE s.id = ?1"
        ))?
        .query_row([id], |r| Ok((stored(r)?, r.get::<_, String>(10)?)))
        .optional()?;
    let Some((stream, description)) = found else {
        return Ok(None);
    };
    let related = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE s.theme_id = ?1 AND s.seq <> ?2
             ORDER BY abs(s.starts_at - ?3), s.seq LIMIT 6"
        ))?
        .query_map(
            params![stream.theme.id, stream.seq, stream.starts_at],
            stored,
        )?
        .map(|r| r.map(|s| s.at(now)))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(LivestreamDetail {
        stream: stream.at(now),
        description,
        related,
    }))
}

/// Status and viewers of the known `ids`, in their order (unknown ids are left out).
pub fn viewer_counts(
    conn: &Connection,
    ids: &[String],
    now: i64,
) -> rusqlite::Result<Vec<ViewerCount>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE s.id = ?1"))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(s) = stmt.query_row([id], stored).optional()? {
            let s = s.at(now);
            out.push(ViewerCount {
                id: s.id,
                viewer_count: s.viewer_count,
                status: s.status,
            });
        }
    }
    Ok(out)
}

/// The sample clip a stream plays (`stream-a`, …), or `None` for an unknown id.
pub fn clip(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT clip FROM livestreams WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

/// The theme colour of a stream's cover, or `None` for an unknown id.
pub fn theme_color(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT t.color FROM livestreams s JOIN themes t ON t.id = s.theme_id WHERE s.id = ?1",
    )?
    .query_row([id], |r| r.get(0))
    .optional()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM livestreams", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_times() {
        assert_eq!(Status::at(99, 100, 200), Status::Upcoming);
        assert_eq!(Status::at(100, 100, 200), Status::Live);
        assert_eq!(Status::at(199, 100, 200), Status::Live);
        assert_eq!(Status::at(200, 100, 200), Status::Replay);
    }

    #[test]
    fn viewers_are_deterministic_and_move_with_time() {
        let at = |e| viewers(20_000, 7, e, 5_400);
        assert_eq!(at(600), at(600));
        assert_eq!(at(600), at(614), "steps every 15 s");
        assert_ne!(at(600), at(615));
        assert!(at(0) >= 1 && at(0) < at(900), "the crowd builds up");
        for e in (0..5_400).step_by(15) {
            assert!((1..=25_000).contains(&at(e)), "{e}: {}", at(e));
        }
        assert!(views(20_000, 7, 3_600) > views(20_000, 7, 0));
    }
}
