//! Review queries: what a reviewer's scope holds (units of their province, or affiliated with
//! their 全国学会; everything for an admin), the queues, and publishing into the public
//! `activities` table that search reads.
use super::organisers::{
    draft_from_row, draft_select, unit_from_row, Draft, Unit, FROM_UNITS, UNIT_COLUMNS,
};
use crate::registration;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

/// True for a unit (alias `u`) in the scope of `?1` (admin flag) / `?2` (user id).
const IN_SCOPE: &str = "(?1 = 1 OR EXISTS (SELECT 1 FROM roles ro WHERE ro.user_id = ?2
    AND ro.role = 'reviewer' AND ((ro.scope_type = 'province' AND ro.scope_id = u.province_code)
    OR (ro.scope_type = 'society' AND ro.scope_id = u.society_id))))";

/// Who is asking: the reviewer's id and whether they are an admin.
#[derive(Debug, Clone)]
pub struct Reviewer {
    pub user_id: String,
    pub admin: bool,
}

impl Reviewer {
    fn base(&self) -> Vec<Value> {
        vec![
            Value::Integer(i64::from(self.admin)),
            Value::Text(self.user_id.clone()),
        ]
    }
}

pub fn unit_in_scope(
    conn: &Connection,
    who: &Reviewer,
    id: &str,
) -> rusqlite::Result<Option<Unit>> {
    conn.prepare_cached(&format!(
        "SELECT {UNIT_COLUMNS} FROM {FROM_UNITS} WHERE u.id = ?3 AND {IN_SCOPE}"
    ))?
    .query_row(
        params![i64::from(who.admin), who.user_id, id],
        unit_from_row,
    )
    .optional()
}

/// A non-draft activity whose unit is in scope.
pub fn activity_in_scope(
    conn: &Connection,
    who: &Reviewer,
    id: &str,
) -> rusqlite::Result<Option<Draft>> {
    conn.prepare_cached(&draft_select(&format!(
        "WHERE r.id = ?3 AND r.status <> 'draft' AND {IN_SCOPE}"
    )))?
    .query_row(
        params![i64::from(who.admin), who.user_id, id],
        draft_from_row,
    )
    .optional()
}

/// A page of units in scope (oldest first): `(units, total)`, `limit + 1` read to tell if more.
pub fn units(
    conn: &Connection,
    who: &Reviewer,
    status: Option<&str>,
    after_seq: Option<i64>,
    limit: usize,
) -> rusqlite::Result<(Vec<Unit>, i64)> {
    let mut filter = IN_SCOPE.to_string();
    let mut args = who.base();
    if let Some(s) = status {
        args.push(Value::Text(s.to_string()));
        filter += &format!(" AND u.status = ?{}", args.len());
    }
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM units u WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    if let Some(seq) = after_seq {
        args.push(Value::Integer(seq));
        filter += &format!(" AND u.seq > ?{}", args.len());
    }
    args.push(Value::Integer(limit as i64 + 1));
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM {FROM_UNITS} WHERE {filter} ORDER BY u.seq LIMIT ?{}",
        args.len()
    );
    let items = conn
        .prepare(&sql)?
        .query_map(params_from_iter(args.iter()), unit_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((items, total))
}

/// Filters of the activity review queue.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub status: Option<String>,
    pub theme: Option<String>,
    pub event_kind: Option<String>,
    /// Unix seconds, inclusive / exclusive, on `starts_at`.
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// A page of non-draft activities in scope, oldest submission first; cursor key
/// `(submitted_at, seq)`.
pub fn activities(
    conn: &Connection,
    who: &Reviewer,
    f: &ActivityFilter,
    after: Option<(i64, i64)>,
    limit: usize,
) -> rusqlite::Result<(Vec<Draft>, i64)> {
    let mut filter = format!("r.status <> 'draft' AND {IN_SCOPE}");
    let mut args = who.base();
    let add = |clause: &str, v: Value, filter: &mut String, args: &mut Vec<Value>| {
        args.push(v);
        *filter += &clause.replace("?#", &format!("?{}", args.len()));
    };
    if let Some(s) = &f.status {
        add(
            " AND r.status = ?#",
            Value::Text(s.clone()),
            &mut filter,
            &mut args,
        );
    }
    if let Some(t) = &f.theme {
        add(
            " AND EXISTS (SELECT 1 FROM json_each(r.themes) j WHERE j.value = ?#)",
            Value::Text(t.clone()),
            &mut filter,
            &mut args,
        );
    }
    if let Some(k) = &f.event_kind {
        add(
            " AND r.event_kind = ?#",
            Value::Text(k.clone()),
            &mut filter,
            &mut args,
        );
    }
    if let Some(from) = f.from {
        add(
            " AND r.starts_at >= ?#",
            Value::Integer(from),
            &mut filter,
            &mut args,
        );
    }
    if let Some(until) = f.until {
        add(
            " AND r.starts_at < ?#",
            Value::Integer(until),
            &mut filter,
            &mut args,
        );
    }
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM registered_activities r JOIN units u ON u.id = r.unit_id WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    if let Some((at, seq)) = after {
        args.push(Value::Integer(at));
        let a = args.len();
        args.push(Value::Integer(seq));
        let b = args.len();
        filter += &format!(
            " AND (COALESCE(r.submitted_at, 0) > ?{a} OR (COALESCE(r.submitted_at, 0) = ?{a} AND r.seq > ?{b}))"
        );
    }
    args.push(Value::Integer(limit as i64 + 1));
    let sql = draft_select(&format!(
        "WHERE {filter} ORDER BY COALESCE(r.submitted_at, 0), r.seq LIMIT ?{}",
        args.len()
    ));
    let items = conn
        .prepare(&sql)?
        .query_map(params_from_iter(args.iter()), draft_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((items, total))
}

/// Counts per status in scope: units (pending, approved, returned) and activities (submitted,
/// returned, published, cancelled).
pub fn summary(conn: &Connection, who: &Reviewer) -> rusqlite::Result<([i64; 3], [i64; 4])> {
    let units = conn
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(u.status = 'pending'), 0), COALESCE(SUM(u.status = 'approved'), 0),
               COALESCE(SUM(u.status = 'returned'), 0) FROM units u WHERE {IN_SCOPE}"
        ))?
        .query_row(params![i64::from(who.admin), who.user_id], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?])
        })?;
    let activities = conn
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(r.status = 'submitted'), 0), COALESCE(SUM(r.status = 'returned'), 0),
               COALESCE(SUM(r.status = 'published'), 0), COALESCE(SUM(r.status = 'cancelled'), 0)
             FROM registered_activities r JOIN units u ON u.id = r.unit_id WHERE {IN_SCOPE}"
        ))?
        .query_row(params![i64::from(who.admin), who.user_id], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
        })?;
    Ok((units, activities))
}

/// Writes `d` (just published) into the public `activities` table, or updates its row; the
/// row's `seq`, for the search index's refresh.
pub fn publish(conn: &Connection, d: &Draft, unit_kind: &str) -> rusqlite::Result<i64> {
    let f = &d.fields;
    let offline = f.format.as_deref() != Some("online");
    let theme = f.themes.first().cloned().unwrap_or_default();
    let venue_name = offline.then(|| f.venue_name.clone().unwrap_or_else(|| d.unit.name.clone()));
    conn.execute(
        "INSERT INTO activities(id, title, summary, description, theme_id, event_kind_id, format,
           starts_at, ends_at, organizer_name, organizer_type, province_code, city_code, venue_name,
           venue_address, online_url, registration_required, capacity, registered, popularity,
           status, unit_id, cover_upload_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17, 0, 0,
           'published', ?18, ?19)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, summary = excluded.summary,
           description = excluded.description, theme_id = excluded.theme_id,
           event_kind_id = excluded.event_kind_id, format = excluded.format,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           organizer_name = excluded.organizer_name, organizer_type = excluded.organizer_type,
           province_code = excluded.province_code, city_code = excluded.city_code,
           venue_name = excluded.venue_name, venue_address = excluded.venue_address,
           online_url = excluded.online_url, capacity = excluded.capacity, status = 'published',
           cover_upload_id = excluded.cover_upload_id",
        params![
            d.id,
            f.title,
            f.summary,
            f.description,
            theme,
            f.event_kind,
            f.format,
            f.starts_at,
            f.ends_at,
            d.unit.name,
            registration::organizer_type(unit_kind),
            offline.then(|| f.province_code.clone()).flatten(),
            offline.then(|| f.city_code.clone()).flatten(),
            venue_name,
            offline.then(|| f.venue_address.clone()).flatten(),
            (!offline || f.format.as_deref() == Some("hybrid"))
                .then(|| f.online_url.clone())
                .flatten(),
            offline.then_some(f.capacity).flatten(),
            d.unit.id,
            f.cover_upload_id
        ],
    )?;
    conn.query_row("SELECT seq FROM activities WHERE id = ?1", [&d.id], |r| {
        r.get(0)
    })
}

/// The upload holding the cover of public activity `id` (published or cancelled).
pub fn public_cover(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT cover_upload_id FROM activities WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
        .map(Option::flatten)
}

/// Marks the public row of `id` cancelled; its `seq`.
pub fn cancel_public(conn: &Connection, id: &str) -> rusqlite::Result<Option<i64>> {
    conn.execute(
        "UPDATE activities SET status = 'cancelled' WHERE id = ?1",
        [id],
    )?;
    conn.query_row("SELECT seq FROM activities WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()
}

pub fn unit_kind(conn: &Connection, unit_id: &str) -> rusqlite::Result<String> {
    conn.query_row("SELECT kind FROM units WHERE id = ?1", [unit_id], |r| {
        r.get(0)
    })
}
