//! Volunteer queries: the list (filters, two keyset orders), one volunteer, the like
//! transaction, the leaderboard and "my likes today". Rows map onto the contract's `Volunteer`,
//! `LeaderboardVolunteer` and `VolunteerRef`.
use crate::clock::rfc3339_cst;
use crate::db::activities::Region;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volunteer {
    pub id: String,
    pub name: String,
    /// person | team
    pub kind: String,
    pub organization: String,
    pub region: Region,
    pub service_areas: Vec<String>,
    pub service_hours: f64,
    pub story: String,
    pub photo_url: String,
    pub like_count: i64,
    pub liked_by_me_today: bool,
}

/// A leaderboard row's volunteer: no story, areas or hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderboardVolunteer {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub organization: String,
    pub region: Region,
    pub photo_url: String,
    pub like_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderboardEntry {
    pub rank: i64,
    pub likes: i64,
    pub volunteer: LeaderboardVolunteer,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerRef {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub photo_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyVolunteerLike {
    pub volunteer: VolunteerRef,
    pub liked_at: String,
}

pub fn photo_url(id: &str) -> String {
    format!("/media/photos/{id}.svg")
}

/// What [`read`] reads, in order.
const COLUMNS: &str = "v.seq, v.id, v.name, v.kind, v.organization, v.province_code, p.name,
    v.city_code, c.name, v.service_areas, v.service_hours, v.story, v.like_count, v.joined_at";

const FROM: &str = "volunteers v JOIN provinces p ON p.code = v.province_code
    LEFT JOIN cities c ON c.code = v.city_code";

/// A volunteer row with its sequence number and join time (the keyset keys).
pub struct Listed {
    pub seq: i64,
    pub joined_at: i64,
    pub volunteer: Volunteer,
}

/// Reads [`COLUMNS`] starting at column `at` (after any leading columns).
fn read(r: &Row, at: usize) -> rusqlite::Result<Listed> {
    let id: String = r.get(at + 1)?;
    let areas: String = r.get(at + 9)?;
    Ok(Listed {
        seq: r.get(at)?,
        joined_at: r.get(at + 13)?,
        volunteer: Volunteer {
            photo_url: photo_url(&id),
            id,
            name: r.get(at + 2)?,
            kind: r.get(at + 3)?,
            organization: r.get(at + 4)?,
            region: Region {
                province_code: r.get(at + 5)?,
                province_name: r.get(at + 6)?,
                city_code: r.get(at + 7)?,
                city_name: r.get(at + 8)?,
            },
            service_areas: serde_json::from_str(&areas).unwrap_or_default(),
            service_hours: r.get(at + 10)?,
            story: r.get(at + 11)?,
            like_count: r.get(at + 12)?,
            liked_by_me_today: false,
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// `like_count` descending, then id.
    #[default]
    Likes,
    /// Date joined, newest first (then id, descending).
    Newest,
}

/// A validated `GET /volunteers`.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub province: Option<String>,
    pub kind: Option<String>,
    pub sort: Sort,
    /// The last row of the previous page: `[-like_count, seq]` or `[joined_at, seq]`.
    pub after: Option<[i64; 2]>,
    pub limit: usize,
}

pub type Page = crate::pagination::KeyedPage<Volunteer, [i64; 2]>;

pub fn list(conn: &Connection, q: &ListQuery) -> rusqlite::Result<Page> {
    let mut filters: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(text) = &q.q {
        filters.push(
            "(instr(v.name, ?) > 0 OR instr(v.organization, ?) > 0 OR instr(v.service_areas, ?) > 0)",
        );
        args.extend(std::iter::repeat_n(Value::Text(text.clone()), 3));
    }
    if let Some(p) = &q.province {
        filters.push("v.province_code = ?");
        args.push(Value::Text(p.clone()));
    }
    if let Some(k) = &q.kind {
        filters.push("v.kind = ?");
        args.push(Value::Text(k.clone()));
    }
    let where_filters = if filters.is_empty() {
        "1".to_string()
    } else {
        filters.join(" AND ")
    };
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM volunteers v WHERE {where_filters}"
        ))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;

    let (keyset, order) = match q.sort {
        Sort::Likes => ("(-v.like_count, v.seq) > (?, ?)", "-v.like_count, v.seq"),
        Sort::Newest => (
            "(v.joined_at, v.seq) < (?, ?)",
            "v.joined_at DESC, v.seq DESC",
        ),
    };
    let mut page_args = args;
    let mut where_page = where_filters;
    if let Some([a, b]) = q.after {
        where_page = format!("{where_page} AND {keyset}");
        page_args.extend([Value::Integer(a), Value::Integer(b)]);
    }
    page_args.push(Value::Integer(q.limit as i64 + 1));
    let mut rows: Vec<Listed> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {where_page} ORDER BY {order} LIMIT ?"
        ))?
        .query_map(params_from_iter(page_args.iter()), |r| read(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > q.limit;
    rows.truncate(q.limit);
    let next = rows.last().filter(|_| more).map(|r| match q.sort {
        Sort::Likes => [-r.volunteer.like_count, r.seq],
        Sort::Newest => [r.joined_at, r.seq],
    });
    Ok(Page {
        items: rows.into_iter().map(|r| r.volunteer).collect(),
        next,
        total,
    })
}

pub fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Volunteer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE v.id = ?1"))?
        .query_row([id], |r| read(r, 0))
        .optional()
        .map(|r| r.map(|r| r.volunteer))
}

/// `(name, kind)` for a photo.
pub fn name_and_kind(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT name, kind FROM volunteers WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The ids `user_id` liked on `date`.
pub fn liked_on(conn: &Connection, user_id: &str, date: &str) -> rusqlite::Result<HashSet<String>> {
    conn.prepare_cached(
        "SELECT v.id FROM volunteer_likes l JOIN volunteers v ON v.seq = l.volunteer_seq
         WHERE l.user_id = ?1 AND l.china_date = ?2",
    )?
    .query_map([user_id, date], |r| r.get(0))?
    .collect()
}

/// How many likes `user_id` gave on `date`.
pub fn likes_used(conn: &Connection, user_id: &str, date: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM volunteer_likes WHERE user_id = ?1 AND china_date = ?2",
    )?
    .query_row([user_id, date], |r| r.get(0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub like_count: i64,
    pub remaining: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NoSuchVolunteer,
    AlreadyLikedToday,
    DailyLimitReached,
}

/// One like, inside the caller's `BEGIN IMMEDIATE` transaction: checks the once-a-day rule and
/// the daily allowance, then records the like, the day's total and the all-time count together.
pub fn like(
    tx: &Connection,
    user_id: &str,
    volunteer_id: &str,
    date: &str,
    now: i64,
    daily_limit: i64,
) -> rusqlite::Result<Result<Counted, Refused>> {
    let seq: Option<i64> = tx
        .prepare_cached("SELECT seq FROM volunteers WHERE id = ?1")?
        .query_row([volunteer_id], |r| r.get(0))
        .optional()?;
    let Some(seq) = seq else {
        return Ok(Err(Refused::NoSuchVolunteer));
    };
    let already: bool = tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM volunteer_likes WHERE user_id = ?1 AND china_date = ?2 AND volunteer_seq = ?3)",
        )?
        .query_row(params![user_id, date, seq], |r| r.get(0))?;
    if already {
        return Ok(Err(Refused::AlreadyLikedToday));
    }
    let used = likes_used(tx, user_id, date)?;
    if used >= daily_limit {
        return Ok(Err(Refused::DailyLimitReached));
    }
    tx.prepare_cached(
        "INSERT INTO volunteer_likes(user_id, china_date, volunteer_seq, liked_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![user_id, date, seq, now])?;
    tx.prepare_cached(
        "INSERT INTO volunteer_like_days(china_date, volunteer_seq, likes) VALUES (?1, ?2, 1)
         ON CONFLICT(china_date, volunteer_seq) DO UPDATE SET likes = likes + 1",
    )?
    .execute(params![date, seq])?;
    let like_count: i64 = tx
        .prepare_cached(
            "UPDATE volunteers SET like_count = like_count + 1 WHERE seq = ?1 RETURNING like_count",
        )?
        .query_row([seq], |r| r.get(0))?;
    Ok(Ok(Counted {
        like_count,
        remaining: (daily_limit - used - 1).max(0),
    }))
}

/// The top `limit` volunteers by likes on the China dates `from..=to` (optionally in one
/// province), densely ranked, ties by id. Sums the per-day totals: at most 7 × volunteers rows.
pub fn leaderboard(
    conn: &Connection,
    from: &str,
    to: &str,
    province: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<LeaderboardEntry>> {
    let rows: Vec<(i64, Listed)> = conn
        .prepare_cached(&format!(
            "WITH period AS (
               SELECT volunteer_seq AS seq, SUM(likes) AS n FROM volunteer_like_days
               WHERE china_date BETWEEN ?1 AND ?2 GROUP BY volunteer_seq)
             SELECT period.n, {COLUMNS} FROM period, {FROM}
             WHERE v.seq = period.seq AND period.n > 0 AND (?3 IS NULL OR v.province_code = ?3)
             ORDER BY period.n DESC, v.seq LIMIT ?4"
        ))?
        .query_map(params![from, to, province, limit as i64], |r| {
            Ok((r.get(0)?, read(r, 1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut rank = 0;
    let mut previous = None;
    Ok(rows
        .into_iter()
        .map(|(likes, row)| {
            if previous != Some(likes) {
                rank += 1;
                previous = Some(likes);
            }
            let v = row.volunteer;
            LeaderboardEntry {
                rank,
                likes,
                volunteer: LeaderboardVolunteer {
                    id: v.id,
                    name: v.name,
                    kind: v.kind,
                    organization: v.organization,
                    region: v.region,
                    photo_url: v.photo_url,
                    like_count: v.like_count,
                },
            }
        })
        .collect())
}

/// `user_id`'s likes on `date`, newest first.
pub fn my_likes(
    conn: &Connection,
    user_id: &str,
    date: &str,
) -> rusqlite::Result<Vec<MyVolunteerLike>> {
    conn.prepare_cached(
        "SELECT v.id, v.name, v.kind, l.liked_at FROM volunteer_likes l
         JOIN volunteers v ON v.seq = l.volunteer_seq
         WHERE l.user_id = ?1 AND l.china_date = ?2 ORDER BY l.liked_at DESC, v.seq DESC",
    )?
    .query_map([user_id, date], |r| {
        let id: String = r.get(0)?;
        let at: i64 = r.get(3)?;
        Ok(MyVolunteerLike {
            volunteer: VolunteerRef {
                photo_url: photo_url(&id),
                id,
                name: r.get(1)?,
                kind: r.get(2)?,
            },
            liked_at: rfc3339_cst(chrono::DateTime::from_timestamp(at, 0).unwrap_or_default()),
        })
    })?
    .collect()
}
