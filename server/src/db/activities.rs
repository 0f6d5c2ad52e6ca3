//! Activity queries. Rows map straight onto the API's `Activity` and `ActivitySummary` shapes
//! (design.md), so routes only decide what to fetch.
use crate::clock::rfc3339_cst;
use chrono::{TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

/// `{id, name}`: a theme or event kind inside an activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organizer {
    pub name: String,
    /// society | association | museum | university | enterprise | base | institute | government
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    pub province_code: String,
    pub province_name: String,
    pub city_code: Option<String>,
    pub city_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Venue {
    pub name: String,
    pub address: String,
}

/// Places and reservation state (预约报名; see `db::reservations::registration`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registration {
    pub required: bool,
    pub capacity: Option<i64>,
    /// People of confirmed and checked-in reservations.
    pub registered: i64,
    /// `capacity − registered`, never below 0.
    pub remaining: Option<i64>,
    /// People on the waitlist.
    pub waitlisted: i64,
    pub opens_at: Option<String>,
    pub closes_at: String,
    /// open | full | not_yet_open | closed
    pub state: &'static str,
}

/// 未开始 / 进行中 / 已结束 by the server clock: `upcoming` while `now < starts_at`, `ongoing`
/// while `starts_at ≤ now < ends_at`, `ended` from `ends_at` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeStatus {
    Upcoming,
    Ongoing,
    Ended,
}

impl TimeStatus {
    pub fn at(now: i64, starts_at: i64, ends_at: i64) -> Self {
        if now < starts_at {
            Self::Upcoming
        } else if now < ends_at {
            Self::Ongoing
        } else {
            Self::Ended
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "upcoming" => Some(Self::Upcoming),
            "ongoing" => Some(Self::Ongoing),
            "ended" => Some(Self::Ended),
            _ => None,
        }
    }
}

/// Where an activity takes place: its venue's known position, else its city's centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub lat: f64,
    pub lng: f64,
    /// venue | city
    pub precision: &'static str,
}

/// A search result: an activity without its long fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivitySummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub theme: NamedRef,
    pub event_kind: NamedRef,
    /// online | offline | hybrid
    pub format: String,
    /// RFC 3339 in +08:00.
    pub starts_at: String,
    pub ends_at: String,
    pub organizer: Organizer,
    pub region: Option<Region>,
    pub venue: Option<Venue>,
    pub cover_url: String,
    pub popularity: i64,
    pub time_status: TimeStatus,
    pub location: Option<Location>,
    /// Great-circle km from the request's reference point (one decimal), when it gave one:
    /// `Some(None)` is sent as null (no location).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<Option<f64>>,
    /// Unix seconds, for sorting and filtering by time.
    #[serde(skip)]
    pub starts_unix: i64,
    #[serde(skip)]
    pub ends_unix: i64,
    /// Filled by `db::reservations::fill_registrations` (search) or [`find`]; `None` until then
    /// and for activities without reservations.
    pub registration: Option<Registration>,
}

/// `GET /activities/{id}`: the summary (with its registration) plus description and online link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    #[serde(flatten)]
    pub summary: ActivitySummary,
    pub description: String,
    pub online_url: Option<String>,
    /// published | cancelled
    pub status: String,
    /// The registered unit behind it (登记填报), or `None` for the seeded catalogue.
    pub unit: Option<crate::db::organisers::UnitRef>,
    /// 活动回顾, once its organiser saved one (results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<crate::db::results::ActivityResults>,
}

/// What [`summary_from_row`] reads, in order, from [`FROM_ACTIVITIES`].
pub const SUMMARY_COLUMNS: &str =
    "a.id, a.title, a.summary, a.theme_id, t.name, a.event_kind_id, k.name,
    a.format, a.starts_at, a.ends_at, a.organizer_name, a.organizer_type, a.province_code, p.name,
    a.city_code, c.name, a.venue_name, a.venue_address, a.popularity, a.cover_upload_id,
    vp.lat, vp.lng, c.lat, c.lng";

/// Columns after [`SUMMARY_COLUMNS`] that the detail adds.
const DETAIL_COLUMNS: &str =
    "a.description, a.online_url, a.status, a.unit_id, (SELECT name FROM units WHERE id = a.unit_id)";
const SUMMARY_WIDTH: usize = 24;

/// Activities with their theme, event kind and region names (alias `a` for activities).
/// LEFT JOINs keep `activities` the outer loop, so its sort indexes drive paging (with inner
/// joins SQLite may start from the small themes table and sort every row).
pub const FROM_ACTIVITIES: &str = "activities a
    LEFT JOIN themes t ON t.id = a.theme_id
    LEFT JOIN event_kinds k ON k.id = a.event_kind_id
    LEFT JOIN provinces p ON p.code = a.province_code
    LEFT JOIN cities c ON c.code = a.city_code
    LEFT JOIN venue_points vp ON vp.name = a.venue_name";

fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

/// The position of an activity: its venue's (`venue`), else, unless it is online, its city's
/// centre (`city`), else none.
fn location(format: &str, venue: Option<(f64, f64)>, city: Option<(f64, f64)>) -> Option<Location> {
    match (venue, city) {
        (Some((lat, lng)), _) => Some(Location {
            lat,
            lng,
            precision: "venue",
        }),
        (None, Some((lat, lng))) if format != "online" => Some(Location {
            lat,
            lng,
            precision: "city",
        }),
        _ => None,
    }
}

fn point(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<(f64, f64)>> {
    Ok(match (r.get(at)?, r.get(at + 1)?) {
        (Some(lat), Some(lng)) => Some((lat, lng)),
        _ => None,
    })
}

/// Reads an [`ActivitySummary`] from a row that starts with [`SUMMARY_COLUMNS`], its time
/// status as of `now` (unix seconds).
pub fn summary_from_row(r: &Row<'_>, now: i64) -> rusqlite::Result<ActivitySummary> {
    let id: String = r.get(0)?;
    let region = match (r.get::<_, Option<String>>(12)?, r.get(13)?) {
        (Some(province_code), Some(province_name)) => Some(Region {
            province_code,
            province_name,
            city_code: r.get(14)?,
            city_name: r.get(15)?,
        }),
        _ => None,
    };
    let venue = match (r.get(16)?, r.get(17)?) {
        (Some(name), Some(address)) => Some(Venue { name, address }),
        _ => None,
    };
    let uploaded: Option<String> = r.get(19)?;
    let format: String = r.get(7)?;
    let (starts, ends): (i64, i64) = (r.get(8)?, r.get(9)?);
    Ok(ActivitySummary {
        location: location(&format, point(r, 20)?, point(r, 22)?),
        time_status: TimeStatus::at(now, starts, ends),
        distance_km: None,
        starts_unix: starts,
        ends_unix: ends,
        cover_url: match uploaded {
            Some(_) => uploaded_cover_url(&id),
            None => cover_url(&id),
        },
        title: r.get(1)?,
        summary: r.get(2)?,
        theme: NamedRef {
            id: r.get(3)?,
            name: r.get(4)?,
        },
        event_kind: NamedRef {
            id: r.get(5)?,
            name: r.get(6)?,
        },
        format,
        starts_at: time(starts),
        ends_at: time(ends),
        organizer: Organizer {
            name: r.get(10)?,
            kind: r.get(11)?,
        },
        region,
        venue,
        popularity: r.get(18)?,
        registration: None,
        id,
    })
}

/// The organiser's own cover of a registered activity (see `routes::organisers::cover`).
pub fn uploaded_cover_url(id: &str) -> String {
    format!("/media/covers/activities/{id}")
}

pub fn cover_url(id: &str) -> String {
    format!("/media/covers/{id}.svg")
}

/// One activity in full, its registration as of `now` (unix seconds), or `None` for an
/// unknown id.
pub fn find(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<Option<Activity>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, {DETAIL_COLUMNS} FROM {FROM_ACTIVITIES} WHERE a.id = ?1"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let w = SUMMARY_WIDTH;
            let unit = match (r.get(w + 3)?, r.get(w + 4)?) {
                (Some(id), Some(name)) => Some(crate::db::organisers::UnitRef { id, name }),
                _ => None,
            };
            Ok(Activity {
                summary: summary_from_row(r, now)?,
                description: r.get(w)?,
                online_url: r.get(w + 1)?,
                status: r.get(w + 2)?,
                unit,
                results: None,
            })
        })
        .optional()?;
    let Some(mut activity) = found else {
        return Ok(None);
    };
    activity.summary.registration = crate::db::reservations::registration(conn, id, now)?;
    // results
    activity.results = crate::db::results::public(conn, id, activity.summary.starts_unix, now)?;
    Ok(Some(activity))
}

/// The theme colour of an activity's cover, or `None` for an unknown id.
pub fn theme_color(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT t.color FROM activities a JOIN themes t ON t.id = a.theme_id WHERE a.id = ?1",
    )?
    .query_row([id], |r| r.get(0))
    .optional()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM activities", [], |r| r.get(0))
}
