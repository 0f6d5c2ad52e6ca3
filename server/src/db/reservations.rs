//! 预约报名 (issue 18): places, the waitlist and check-ins of offline and hybrid activities.
//! `activities.registered` holds the people of confirmed and checked-in reservations; every
//! change to it happens in the same `BEGIN IMMEDIATE` transaction as the reservation rows it
//! counts, so capacity is checked against one row and never overbooked.
use crate::clock::rfc3339_cst;
use crate::db::activities::{ActivitySummary, Registration, Venue};
use chrono::{TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

pub(crate) fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

/// What decides whether and when an activity takes reservations.
#[derive(Debug, Clone)]
pub struct Places {
    pub activity_id: String,
    pub required: bool,
    /// `None` for online activities (they take no reservations whatever their capacity).
    pub capacity: Option<i64>,
    pub registered: i64,
    pub waitlisted: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub opens_at: Option<i64>,
    /// Exclusive; the activity's start unless set.
    pub closes_at: i64,
    pub cancelled: bool,
}

impl Places {
    /// Reservations are possible at all: an offline or hybrid activity with a capacity,
    /// published.
    pub fn reservable(&self) -> bool {
        self.capacity.is_some() && !self.cancelled
    }

    pub fn remaining(&self) -> Option<i64> {
        self.capacity.map(|c| (c - self.registered).max(0))
    }

    /// open | full | not_yet_open | closed, at `now`.
    pub fn state(&self, now: i64) -> &'static str {
        if self.cancelled || now >= self.closes_at || self.capacity.is_none() {
            "closed"
        } else if self.opens_at.is_some_and(|o| now < o) {
            "not_yet_open"
        } else if self.remaining() == Some(0) {
            "full"
        } else {
            "open"
        }
    }

    pub fn registration(&self, now: i64) -> Option<Registration> {
        (self.required || self.capacity.is_some()).then(|| Registration {
            required: true,
            capacity: self.capacity,
            registered: self.registered,
            remaining: self.remaining(),
            waitlisted: self.waitlisted,
            opens_at: self.opens_at.map(time),
            closes_at: time(self.closes_at),
            state: self.state(now),
        })
    }
}

/// The places of activity `id`, or `None` for an unknown id.
pub fn places(conn: &Connection, id: &str) -> rusqlite::Result<Option<Places>> {
    conn.prepare_cached(
        "SELECT a.id, a.registration_required, CASE WHEN a.format = 'online' THEN NULL ELSE a.capacity END,
           a.registered, a.starts_at, a.ends_at, a.reservations_open_at,
           COALESCE(a.reservations_close_at, a.starts_at), a.status = 'cancelled',
           (SELECT COALESCE(SUM(r.party_size), 0) FROM reservations r
             WHERE r.activity_id = a.id AND r.status = 'waitlisted')
         FROM activities a WHERE a.id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Places {
            activity_id: r.get(0)?,
            required: r.get(1)?,
            capacity: r.get(2)?,
            registered: r.get(3)?,
            starts_at: r.get(4)?,
            ends_at: r.get(5)?,
            opens_at: r.get(6)?,
            closes_at: r.get(7)?,
            cancelled: r.get(8)?,
            waitlisted: r.get(9)?,
        })
    })
    .optional()
}

/// The `registration` of activity `id` at `now`: `None` for an unknown id and for activities
/// that take no reservations.
pub fn registration(
    conn: &Connection,
    id: &str,
    now: i64,
) -> rusqlite::Result<Option<Registration>> {
    Ok(places(conn, id)?.and_then(|p| p.registration(now)))
}

/// Sets the `registration` of each search result, as of `now`.
pub fn fill_registrations(
    conn: &Connection,
    items: &mut [ActivitySummary],
    now: i64,
) -> rusqlite::Result<()> {
    for item in items {
        item.registration = registration(conn, &item.id, now)?;
    }
    Ok(())
}

/// The activity a reservation is for (`ReservationActivity`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReservationActivity {
    pub id: String,
    pub title: String,
    pub format: String,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: Option<Venue>,
    pub status: String,
}

/// One reservation as its holder sees it (`Reservation`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reservation {
    pub id: String,
    pub activity: ReservationActivity,
    /// confirmed | waitlisted | cancelled | checked_in
    pub status: String,
    pub party_size: i64,
    pub code: Option<String>,
    pub waitlist_position: Option<i64>,
    pub promoted: bool,
    pub cancellable: bool,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub checked_in_at: Option<String>,
    #[serde(skip)]
    pub user_id: String,
    /// Unix seconds of the activity's start and end, for grouping.
    #[serde(skip)]
    pub starts_at: i64,
    #[serde(skip)]
    pub ends_at: i64,
}

const RESERVATION_COLUMNS: &str = "r.id, r.status, r.party_size, r.code, r.promoted, r.created_at,
    r.confirmed_at, r.cancelled_at, r.checked_in_at, r.user_id,
    a.id, a.title, a.format, a.starts_at, a.ends_at, a.venue_name, a.venue_address, a.status,
    CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM reservations w
      WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted' AND w.seq <= r.seq) END";
const FROM_RESERVATIONS: &str = "reservations r JOIN activities a ON a.id = r.activity_id";

fn reservation_from_row(r: &Row<'_>, now: i64) -> rusqlite::Result<Reservation> {
    let status: String = r.get(1)?;
    let starts_at: i64 = r.get(13)?;
    let activity_status: String = r.get(17)?;
    let holds_code = matches!(status.as_str(), "confirmed" | "checked_in");
    let cancellable = matches!(status.as_str(), "confirmed" | "waitlisted")
        && now < starts_at
        && activity_status == "published";
    let venue = match (r.get(15)?, r.get(16)?) {
        (Some(name), Some(address)) => Some(Venue { name, address }),
        _ => None,
    };
    let ends_at: i64 = r.get(14)?;
    Ok(Reservation {
        id: r.get(0)?,
        code: if holds_code { r.get(3)? } else { None },
        party_size: r.get(2)?,
        promoted: r.get(4)?,
        created_at: time(r.get(5)?),
        confirmed_at: r.get::<_, Option<i64>>(6)?.map(time),
        cancelled_at: r.get::<_, Option<i64>>(7)?.map(time),
        checked_in_at: r.get::<_, Option<i64>>(8)?.map(time),
        user_id: r.get(9)?,
        activity: ReservationActivity {
            id: r.get(10)?,
            title: r.get(11)?,
            format: r.get(12)?,
            starts_at: time(starts_at),
            ends_at: time(ends_at),
            venue,
            status: activity_status,
        },
        waitlist_position: r.get(18)?,
        status,
        cancellable,
        starts_at,
        ends_at,
    })
}

/// Reservation `id`, whoever holds it.
pub fn find(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<Option<Reservation>> {
    conn.prepare_cached(&format!(
        "SELECT {RESERVATION_COLUMNS} FROM {FROM_RESERVATIONS} WHERE r.id = ?1"
    ))?
    .query_row([id], |r| reservation_from_row(r, now))
    .optional()
}

/// `user_id`'s reservation `id` (`None` for anyone else's).
pub fn find_own(
    conn: &Connection,
    id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<Option<Reservation>> {
    Ok(find(conn, id, now)?.filter(|r| r.user_id == user_id))
}

/// `user_id`'s active (confirmed, waitlisted or checked-in) reservation of `activity_id`.
pub fn active_of(
    conn: &Connection,
    activity_id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<Option<Reservation>> {
    conn.prepare_cached(&format!(
        "SELECT {RESERVATION_COLUMNS} FROM {FROM_RESERVATIONS}
         WHERE r.activity_id = ?1 AND r.user_id = ?2 AND r.status != 'cancelled'"
    ))?
    .query_row([activity_id, user_id], |r| reservation_from_row(r, now))
    .optional()
}

/// `GET /me/reservations`.
#[derive(Debug, Serialize)]
pub struct MyReservations {
    pub upcoming: Vec<Reservation>,
    pub waitlisted: Vec<Reservation>,
    pub past: Vec<Reservation>,
}

/// How many past reservations `GET /me/reservations` lists.
pub const PAST_LIMIT: usize = 50;

pub fn mine(conn: &Connection, user_id: &str, now: i64) -> rusqlite::Result<MyReservations> {
    let all = conn
        .prepare_cached(&format!(
            "SELECT {RESERVATION_COLUMNS} FROM {FROM_RESERVATIONS} WHERE r.user_id = ?1
             ORDER BY a.starts_at, r.seq"
        ))?
        .query_map([user_id], |r| reservation_from_row(r, now))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut mine = MyReservations {
        upcoming: Vec::new(),
        waitlisted: Vec::new(),
        past: Vec::new(),
    };
    for r in all {
        let published = r.activity.status == "published";
        match r.status.as_str() {
            "confirmed" | "checked_in" if published && now < r.ends_at => mine.upcoming.push(r),
            "waitlisted" if published && now < r.starts_at => mine.waitlisted.push(r),
            _ => mine.past.push(r),
        }
    }
    mine.past.reverse();
    mine.past.truncate(PAST_LIMIT);
    Ok(mine)
}

/// Why a reservation, cancellation or check-in was refused.
#[derive(Debug)]
pub enum Refused {
    NoSuchActivity,
    NoSuchReservation,
    NotReservable(&'static str),
    BadPartySize,
    NotYetOpen {
        opens_at: Option<i64>,
        closes_at: i64,
    },
    Closed {
        opens_at: Option<i64>,
        closes_at: i64,
    },
    AlreadyReserved(Box<Reservation>),
    Full {
        remaining: i64,
    },
    AlreadyStarted,
    CheckedIn,
    UnknownCode,
    CancelledCode,
    AlreadyCheckedIn {
        at: i64,
    },
}

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

fn new_code(conn: &Connection, activity_id: &str) -> rusqlite::Result<String> {
    loop {
        let mut bytes = [0u8; 6];
        getrandom::fill(&mut bytes).expect("the OS random source works");
        let code: String = bytes
            .iter()
            .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
            .collect();
        let taken: bool = conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM reservations WHERE activity_id = ?1 AND code = ?2)",
            )?
            .query_row(params![activity_id, code], |r| r.get(0))?;
        if !taken {
            return Ok(code);
        }
    }
}

fn add_registered(conn: &Connection, activity_id: &str, people: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE activities SET registered = registered + ?2 WHERE id = ?1")?
        .execute(params![activity_id, people])?;
    Ok(())
}

/// Confirms waitlisted reservations of `p`'s activity in queue order while places remain: the
/// first whose party fits, then the next, until none fits (a party too big for what is left
/// keeps its place and does not block smaller ones behind it). Only before the activity starts.
/// Inside the caller's `BEGIN IMMEDIATE` transaction; updates `p.registered`. The ids promoted.
pub fn promote(conn: &Connection, p: &mut Places, now: i64) -> rusqlite::Result<Vec<String>> {
    let mut promoted = Vec::new();
    if !p.reservable() || now >= p.starts_at {
        return Ok(promoted);
    }
    while let Some(remaining) = p.remaining().filter(|r| *r > 0) {
        let next: Option<(String, i64)> = conn
            .prepare_cached(
                "SELECT id, party_size FROM reservations
                 WHERE activity_id = ?1 AND status = 'waitlisted' AND party_size <= ?2
                 ORDER BY seq LIMIT 1",
            )?
            .query_row(params![p.activity_id, remaining], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((id, party)) = next else { break };
        let code = new_code(conn, &p.activity_id)?;
        conn.prepare_cached(
            "UPDATE reservations SET status = 'confirmed', code = ?2, confirmed_at = ?3, promoted = 1
             WHERE id = ?1",
        )?
        .execute(params![id, code, now])?;
        add_registered(conn, &p.activity_id, party)?;
        p.registered += party;
        p.waitlisted -= party;
        promoted.push(id);
    }
    Ok(promoted)
}

/// Reserves `party_size` places of `activity_id` for `user_id` (or queues them with
/// `waitlist`), in the caller's `BEGIN IMMEDIATE` transaction. Checks in the contract's order.
pub fn reserve(
    conn: &Connection,
    activity_id: &str,
    user_id: &str,
    party_size: i64,
    waitlist: bool,
    now: i64,
) -> rusqlite::Result<Result<Reservation, Refused>> {
    let Some(mut p) = places(conn, activity_id)? else {
        return Ok(Err(Refused::NoSuchActivity));
    };
    if p.cancelled {
        return Ok(Err(Refused::NotReservable("活动已取消，不能预约")));
    }
    if !p.reservable() {
        return Ok(Err(Refused::NotReservable("该活动无需预约")));
    }
    if !(1..=3).contains(&party_size) {
        return Ok(Err(Refused::BadPartySize));
    }
    let (opens_at, closes_at) = (p.opens_at, p.closes_at);
    if now >= closes_at {
        return Ok(Err(Refused::Closed {
            opens_at,
            closes_at,
        }));
    }
    if opens_at.is_some_and(|o| now < o) {
        return Ok(Err(Refused::NotYetOpen {
            opens_at,
            closes_at,
        }));
    }
    if let Some(existing) = active_of(conn, activity_id, user_id, now)? {
        return Ok(Err(Refused::AlreadyReserved(Box::new(existing))));
    }
    promote(conn, &mut p, now)?;
    let remaining = p.remaining().unwrap_or(0);
    let fits = party_size <= remaining;
    if !fits && !waitlist {
        return Ok(Err(Refused::Full { remaining }));
    }
    let seq: i64 = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM reservations",
        [],
        |r| r.get(0),
    )?;
    let id = format!("rsv_{seq:06}");
    let (status, code, confirmed_at) = if fits {
        ("confirmed", Some(new_code(conn, activity_id)?), Some(now))
    } else {
        ("waitlisted", None, None)
    };
    conn.prepare_cached(
        "INSERT INTO reservations(seq, id, activity_id, user_id, party_size, status, code, created_at, confirmed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![seq, id, activity_id, user_id, party_size, status, code, now, confirmed_at])?;
    if fits {
        add_registered(conn, activity_id, party_size)?;
    }
    Ok(find(conn, &id, now)?.ok_or(Refused::NoSuchReservation))
}

/// Cancels `user_id`'s reservation `id` (again: answers it as it is), freeing its places and
/// promoting from the waitlist, in the caller's `BEGIN IMMEDIATE` transaction.
pub fn cancel(
    conn: &Connection,
    id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<Result<Reservation, Refused>> {
    let Some(r) = find_own(conn, id, user_id, now)? else {
        return Ok(Err(Refused::NoSuchReservation));
    };
    match r.status.as_str() {
        "cancelled" => return Ok(Ok(r)),
        "checked_in" => return Ok(Err(Refused::CheckedIn)),
        _ if now >= r.starts_at => return Ok(Err(Refused::AlreadyStarted)),
        _ => {}
    }
    conn.prepare_cached(
        "UPDATE reservations SET status = 'cancelled', cancelled_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    if r.status == "confirmed" {
        add_registered(conn, &r.activity.id, -r.party_size)?;
    }
    if let Some(mut p) = places(conn, &r.activity.id)? {
        promote(conn, &mut p, now)?;
    }
    Ok(find(conn, id, now)?.ok_or(Refused::NoSuchReservation))
}

/// May `user_id` check people in at `activity_id`: an organiser of its unit, or an admin.
pub fn may_check_in(conn: &Connection, activity_id: &str, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM roles WHERE user_id = ?2 AND role = 'admin')
           OR EXISTS(SELECT 1 FROM activities a JOIN unit_members m ON m.unit_id = a.unit_id
                     WHERE a.id = ?1 AND m.user_id = ?2)",
    )?
    .query_row(params![activity_id, user_id], |r| r.get(0))
}

/// One check-in as the organiser sees it (`CheckIn`).
#[derive(Debug, Clone, Serialize)]
pub struct CheckIn {
    pub reservation_id: String,
    pub code: String,
    pub party_size: i64,
    pub holder: Holder,
    pub checked_in_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub display_name: String,
    pub phone_masked: String,
}

/// `CheckInSummary`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckInSummary {
    pub activity_id: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: Option<i64>,
    pub reserved: i64,
    pub reserved_reservations: i64,
    pub arrived: i64,
    pub arrived_reservations: i64,
    pub waitlisted: i64,
    pub no_shows: Option<i64>,
    pub ended: bool,
    pub recent: Vec<CheckIn>,
}

const CHECK_IN_COLUMNS: &str =
    "r.id, r.code, r.party_size, u.display_name, u.phone, r.checked_in_at";

fn check_in_from_row(r: &Row<'_>) -> rusqlite::Result<CheckIn> {
    let phone: String = r.get(4)?;
    Ok(CheckIn {
        reservation_id: r.get(0)?,
        code: r.get(1)?,
        party_size: r.get(2)?,
        holder: Holder {
            display_name: r.get(3)?,
            phone_masked: crate::auth::mask_phone(&phone),
        },
        checked_in_at: time(r.get(5)?),
    })
}

/// The check-in summary of `activity_id` at `now`, `None` for an unknown id.
pub fn summary(
    conn: &Connection,
    activity_id: &str,
    now: i64,
) -> rusqlite::Result<Option<CheckInSummary>> {
    let Some(p) = places(conn, activity_id)? else {
        return Ok(None);
    };
    let title: String = conn.query_row(
        "SELECT title FROM activities WHERE id = ?1",
        [activity_id],
        |r| r.get(0),
    )?;
    let (reserved, reserved_reservations, arrived, arrived_reservations): (i64, i64, i64, i64) =
        conn.prepare_cached(
            "SELECT COALESCE(SUM(party_size), 0), COUNT(*),
               COALESCE(SUM(CASE WHEN status = 'checked_in' THEN party_size END), 0),
               COALESCE(SUM(status = 'checked_in'), 0)
             FROM reservations WHERE activity_id = ?1 AND status IN ('confirmed', 'checked_in')",
        )?
        .query_row([activity_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let recent = conn
        .prepare_cached(&format!(
            "SELECT {CHECK_IN_COLUMNS} FROM reservations r JOIN users u ON u.id = r.user_id
             WHERE r.activity_id = ?1 AND r.status = 'checked_in'
             ORDER BY r.checked_in_at DESC, r.seq DESC LIMIT 20"
        ))?
        .query_map([activity_id], check_in_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let ended = now >= p.ends_at;
    Ok(Some(CheckInSummary {
        activity_id: p.activity_id.clone(),
        title,
        starts_at: time(p.starts_at),
        ends_at: time(p.ends_at),
        capacity: p.capacity,
        reserved,
        reserved_reservations,
        arrived,
        arrived_reservations,
        waitlisted: p.waitlisted,
        no_shows: ended.then_some(reserved - arrived),
        ended,
        recent,
    }))
}

/// Checks in the confirmed reservation of `activity_id` whose code is `code` (case and
/// surrounding spaces ignored), once; in the caller's `BEGIN IMMEDIATE` transaction.
pub fn check_in(
    conn: &Connection,
    activity_id: &str,
    code: &str,
    now: i64,
) -> rusqlite::Result<Result<CheckIn, Refused>> {
    let code = code.trim().to_ascii_uppercase();
    let found: Option<(String, String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT id, status, checked_in_at FROM reservations WHERE activity_id = ?1 AND code = ?2",
        )?
        .query_row(params![activity_id, code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, status, at)) = found else {
        return Ok(Err(Refused::UnknownCode));
    };
    match status.as_str() {
        "checked_in" => {
            return Ok(Err(Refused::AlreadyCheckedIn {
                at: at.unwrap_or(now),
            }))
        }
        "cancelled" => return Ok(Err(Refused::CancelledCode)),
        "confirmed" => {}
        _ => return Ok(Err(Refused::UnknownCode)),
    }
    conn.prepare_cached(
        "UPDATE reservations SET status = 'checked_in', checked_in_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    conn.prepare_cached(&format!(
        "SELECT {CHECK_IN_COLUMNS} FROM reservations r JOIN users u ON u.id = r.user_id WHERE r.id = ?1"
    ))?
    .query_row([&id], check_in_from_row)
    .map(Ok)
}
