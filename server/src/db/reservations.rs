//! 预约报名 (issue 18): places, the waitlist and check-ins of offline and hybrid activities.
//! `activities.registered` holds the people of confirmed and checked-in reservations; every
//! change to it happens in the same `BEGIN IMMEDIATE` transaction as the reservation rows it
//! counts, so capacity is checked against one row and never overbooked.
use crate::clock::rfc3339_cst;
use crate::db::activities::{ActivitySummary, Registration};
use chrono::{TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};

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
