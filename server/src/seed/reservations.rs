//! 预约报名 (issue 18) seed: every offline and hybrid activity of the catalogue takes
//! reservations (a capacity of 30–200, some places already taken, one in ten full), and the dev
//! organiser's unit (`unit_000001`, phone 13800000001) gets two Beijing activities later in the
//! edition week, so reserving, the waitlist and check-in can be tried at the demo clock
//! (2021-09-13T10:00:00+08:00): [`SMALL_CAPACITY`] places open now, and [`LATER_CAPACITY`]
//! places that open at [`LATER_OPENS_AT`]. Both are registered and published by the unit in
//! 登记填报 too (`registered_activities`).
use rusqlite::{params, Connection, OptionalExtension};

pub const DEV_UNIT: &str = "unit_000001";
/// Places of the dev unit's first activity: small, so a test can fill it.
pub const SMALL_CAPACITY: i64 = 3;
/// Places of the dev unit's second activity, whose reservations open later.
pub const LATER_CAPACITY: i64 = 20;
/// 2021-09-14T09:00:00+08:00: when the second activity's reservations open.
pub const LATER_OPENS_AT: i64 = 1_631_581_200;
/// 2021-08-20T10:00:00+08:00 and 2021-08-21T10:00:00+08:00: when the dev unit registered its two
/// activities and when they were published.
const DEV_SUBMITTED_AT: i64 = 1_629_424_800;
const DEV_PUBLISHED_AT: i64 = 1_629_511_200;
/// 2021-09-15T00:00:00+08:00: the dev activities start on or after this.
const FROM: i64 = 1_631_635_200;

/// A capacity from the activity's `seq`, the same at every scale.
const CAPACITY: &str =
    "(CASE seq % 5 WHEN 0 THEN 30 WHEN 1 THEN 50 WHEN 2 THEN 80 WHEN 3 THEN 100 ELSE 200 END)";

/// The dev unit's two seeded activities, in order (empty before [`seed_if_empty`]).
pub fn dev_activities(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT id FROM activities WHERE unit_id = ?1 AND id LIKE 'act\\_0%' ESCAPE '\\' ORDER BY seq LIMIT 2",
    )?
    .query_map([DEV_UNIT], |r| r.get(0))?
    .collect()
}

/// Runs once: while some offline or hybrid catalogue activity has no capacity.
pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<()> {
    let pending: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM activities WHERE format != 'online' AND capacity IS NULL AND unit_id IS NULL)",
        [],
        |r| r.get(0),
    )?;
    let dev_unit: Option<String> = conn
        .query_row("SELECT id FROM units WHERE id = ?1", [DEV_UNIT], |r| {
            r.get(0)
        })
        .optional()?;
    if !pending || dev_unit.is_none() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    tx.execute(
        &format!(
            "UPDATE activities SET registration_required = 1, capacity = {CAPACITY},
               registered = CASE WHEN seq % 10 = 0 THEN {CAPACITY} ELSE (seq * 37) % {CAPACITY} END
             WHERE format != 'online' AND capacity IS NULL AND unit_id IS NULL"
        ),
        [],
    )?;
    let picks: Vec<String> = tx
        .prepare(
            "SELECT id FROM activities
             WHERE province_code = '110000' AND format != 'online' AND starts_at >= ?1
               AND unit_id IS NULL AND status = 'published'
             ORDER BY seq LIMIT 2",
        )?
        .query_map([FROM], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, id) in picks.iter().enumerate() {
        let (capacity, opens_at) = if i == 0 {
            (SMALL_CAPACITY, None)
        } else {
            (LATER_CAPACITY, Some(LATER_OPENS_AT))
        };
        tx.execute(
            "UPDATE activities SET unit_id = ?2, registration_required = 1, capacity = ?3,
               registered = 0, reservations_open_at = ?4
             WHERE id = ?1",
            params![id, DEV_UNIT, capacity, opens_at],
        )?;
        // Registered (登记填报) and published by the unit, as publishing would have left them: the
        // organiser's list, its 工作总结 figures and 推荐's unit row count them from there.
        tx.execute(
            "INSERT INTO registered_activities(id, unit_id, status, title, summary, description,
               event_kind, themes, format, venue_name, venue_address, province_code, city_code,
               capacity, online_url, starts_at, ends_at, marks_confirmed, created_at, updated_at,
               submitted_at, published_at)
             SELECT id, unit_id, 'published', title, summary, description, event_kind_id,
               json_array(theme_id), format, venue_name, venue_address, province_code, city_code,
               capacity, online_url, starts_at, ends_at, 1, ?2, ?2, ?2, ?3
             FROM activities WHERE id = ?1",
            params![id, DEV_SUBMITTED_AT, DEV_PUBLISHED_AT],
        )?;
    }
    tx.commit()
}
