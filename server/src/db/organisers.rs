//! 登记填报 queries: roles, units and their members, registered activities and their history.
//! Who may see what is decided in `routes::organisers` / `routes::review` with the scope
//! predicate of [`super::review`].
use crate::clock::rfc3339_cst;
use crate::db::activities::Region;
use crate::problem::FieldError;
use crate::registration::{self, ActivityFields};
use chrono::{TimeZone, Utc};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, ToSql};
use serde::Serialize;

pub fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

// ───────────────────────────── roles ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewScope {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Membership {
    pub id: String,
    pub name: String,
    pub status: String,
}

/// `GET /me/roles`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Roles {
    pub admin: bool,
    pub reviewer: bool,
    pub units: Vec<Membership>,
    pub review_scopes: Vec<ReviewScope>,
    /// `admin` or `moderator`: may call `/moderation/*`.
    pub moderator: bool,
    /// Filled in by `GET /me/roles` (it needs the clock).
    pub muted_until: Option<String>,
}

pub fn roles(conn: &Connection, user_id: &str) -> rusqlite::Result<Roles> {
    let admin: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM roles WHERE user_id = ?1 AND role = 'admin')")?
        .query_row([user_id], |r| r.get(0))?;
    let review_scopes = conn
        .prepare_cached(
            "SELECT r.scope_type, r.scope_id, COALESCE(p.name, u.name, r.scope_id) FROM roles r
             LEFT JOIN provinces p ON r.scope_type = 'province' AND p.code = r.scope_id
             LEFT JOIN units u ON r.scope_type = 'society' AND u.id = r.scope_id
             WHERE r.user_id = ?1 AND r.role = 'reviewer' ORDER BY r.scope_type, r.scope_id",
        )?
        .query_map([user_id], |r| {
            Ok(ReviewScope {
                kind: r.get(0)?,
                id: r.get(1)?,
                name: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let units = conn
        .prepare_cached(
            "SELECT u.id, u.name, u.status FROM unit_members m JOIN units u ON u.id = m.unit_id
             WHERE m.user_id = ?1 ORDER BY u.seq",
        )?
        .query_map([user_id], |r| {
            Ok(Membership {
                id: r.get(0)?,
                name: r.get(1)?,
                status: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Roles {
        admin,
        reviewer: admin || !review_scopes.is_empty(),
        units,
        review_scopes,
        moderator: crate::db::moderation::is_moderator(conn, user_id)?,
        muted_until: None,
    })
}

/// Grants `role` (`admin`, or `reviewer` with a `province`/`society` scope); a repeat is a no-op.
pub fn grant_role(
    conn: &Connection,
    user_id: &str,
    role: &str,
    scope_type: &str,
    scope_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO roles(user_id, role, scope_type, scope_id, granted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![user_id, role, scope_type, scope_id, now],
    )?;
    Ok(())
}

pub fn add_member(
    conn: &Connection,
    unit_id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO unit_members(unit_id, user_id, added_at) VALUES (?1, ?2, ?3)",
        params![unit_id, user_id, now],
    )?;
    Ok(())
}

pub fn is_member(conn: &Connection, unit_id: &str, user_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM unit_members WHERE unit_id = ?1 AND user_id = ?2)",
    )?
    .query_row([unit_id, user_id], |r| r.get(0))
}

// ───────────────────────────── units ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub region: Region,
    pub county_code: Option<String>,
    pub contact_name: String,
    pub contact_phone: String,
    pub society: Option<UnitRef>,
    pub status: String,
    pub return_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub seq: i64,
}

/// A unit's fields as registered (what `POST` sends and `PATCH` merges into).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFields {
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub province_code: String,
    pub city_code: String,
    pub county_code: Option<String>,
    pub contact_name: String,
    pub contact_phone: String,
    pub society_id: Option<String>,
}

/// The columns of [`UnitFields`] in `units`, in the order of [`UnitFields::values`].
const UNIT_FIELD_COLUMNS: &str = "name, kind, credit_code, province_code, city_code, \
    county_code, contact_name, contact_phone, society_id";

impl UnitFields {
    /// The values of [`UNIT_FIELD_COLUMNS`], for `?1` to `?9`.
    fn values(&self) -> [&dyn ToSql; 9] {
        [
            &self.name,
            &self.kind,
            &self.credit_code,
            &self.province_code,
            &self.city_code,
            &self.county_code,
            &self.contact_name,
            &self.contact_phone,
            &self.society_id,
        ]
    }
}

impl Unit {
    pub fn fields(&self) -> UnitFields {
        UnitFields {
            name: self.name.clone(),
            kind: self.kind.clone(),
            credit_code: self.credit_code.clone(),
            province_code: self.region.province_code.clone(),
            city_code: self.region.city_code.clone().unwrap_or_default(),
            county_code: self.county_code.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            society_id: self.society.as_ref().map(|s| s.id.clone()),
        }
    }
}

/// Columns [`unit_from_row`] reads, over `units u` and the joins of [`FROM_UNITS`].
pub const UNIT_COLUMNS: &str = "u.id, u.name, u.kind, u.credit_code, u.province_code, p.name,
    u.city_code, c.name, u.county_code, u.contact_name, u.contact_phone, u.society_id, s.name,
    u.status, u.return_reason, u.created_at, u.updated_at, u.seq";
pub const FROM_UNITS: &str = "units u JOIN provinces p ON p.code = u.province_code
    LEFT JOIN cities c ON c.code = u.city_code LEFT JOIN units s ON s.id = u.society_id";

pub fn unit_from_row(r: &Row) -> rusqlite::Result<Unit> {
    let society = match (
        r.get::<_, Option<String>>(11)?,
        r.get::<_, Option<String>>(12)?,
    ) {
        (Some(id), Some(name)) => Some(UnitRef { id, name }),
        _ => None,
    };
    Ok(Unit {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        credit_code: r.get(3)?,
        region: Region {
            province_code: r.get(4)?,
            province_name: r.get(5)?,
            city_code: r.get(6)?,
            city_name: r.get(7)?,
        },
        county_code: r.get(8)?,
        contact_name: r.get(9)?,
        contact_phone: r.get(10)?,
        society,
        status: r.get(13)?,
        return_reason: r.get(14)?,
        created_at: time(r.get(15)?),
        updated_at: time(r.get(16)?),
        seq: r.get(17)?,
    })
}

/// The one row `select` (whose `?1` is an id) reads for `id`, made by `from_row`.
fn find_by_id<T>(
    conn: &Connection,
    select: &str,
    id: &str,
    from_row: fn(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    conn.prepare_cached(select)?
        .query_row([id], from_row)
        .optional()
}

/// The next `seq` of `table` (its ids are made from it).
fn next_seq(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )
}

/// The fields of `table`'s row `id` changed since its last status change (a JSON array).
fn changed_fields(conn: &Connection, table: &str, id: &str) -> rusqlite::Result<String> {
    conn.query_row(
        &format!("SELECT changed_fields FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
}

pub fn find_unit(conn: &Connection, id: &str) -> rusqlite::Result<Option<Unit>> {
    let select = format!("SELECT {UNIT_COLUMNS} FROM {FROM_UNITS} WHERE u.id = ?1");
    find_by_id(conn, &select, id, unit_from_row)
}

pub fn my_units(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Unit>> {
    conn.prepare_cached(&format!(
        "SELECT {UNIT_COLUMNS} FROM {FROM_UNITS}
         WHERE u.id IN (SELECT unit_id FROM unit_members WHERE user_id = ?1) ORDER BY u.seq"
    ))?
    .query_map([user_id], unit_from_row)?
    .collect()
}

/// Approved 全国学会, by name.
pub fn societies(conn: &Connection) -> rusqlite::Result<Vec<UnitRef>> {
    conn.prepare_cached(
        "SELECT id, name FROM units WHERE kind = 'national-society' AND status = 'approved'
         ORDER BY name, seq",
    )?
    .query_map([], |r| {
        Ok(UnitRef {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?
    .collect()
}

pub fn is_approved_society(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM units WHERE id = ?1 AND kind = 'national-society'
           AND status = 'approved')",
    )?
    .query_row([id], |r| r.get(0))
}

/// Province of `city`, if it is a known city.
pub fn province_of_city(conn: &Connection, city: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT province_code FROM cities WHERE code = ?1")?
        .query_row([city], |r| r.get(0))
        .optional()
}

pub fn is_province(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM provinces WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))
}

pub fn is_theme(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM themes WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))
}

pub fn is_event_kind(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM event_kinds WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))
}

/// Registers a unit (pending) with `user_id` as its first member; its id.
pub fn insert_unit(
    conn: &Connection,
    f: &UnitFields,
    status: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<String> {
    let seq = next_seq(conn, "units")?;
    let id = format!("unit_{seq:06}");
    conn.execute(
        &format!(
            "INSERT INTO units({UNIT_FIELD_COLUMNS}, seq, id, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
        ),
        params_from_iter(
            f.values()
                .into_iter()
                .chain(params![seq, id, status, now].iter().copied()),
        ),
    )?;
    add_member(conn, &id, user_id, now)?;
    Ok(id)
}

/// Replaces a unit's fields, remembering which changed for the next history row.
pub fn update_unit(
    conn: &Connection,
    id: &str,
    f: &UnitFields,
    changed: &[String],
    now: i64,
) -> rusqlite::Result<()> {
    let known = changed_fields(conn, "units", id)?;
    conn.execute(
        "UPDATE units SET name = ?1, kind = ?2, credit_code = ?3, province_code = ?4,
           city_code = ?5, county_code = ?6, contact_name = ?7, contact_phone = ?8,
           society_id = ?9, changed_fields = ?10, updated_at = ?11 WHERE id = ?12",
        params_from_iter(
            f.values().into_iter().chain(
                params![merge_fields(&known, changed), now, id]
                    .iter()
                    .copied(),
            ),
        ),
    )?;
    Ok(())
}

/// Moves a unit to `change.to` (with the reason when returned) and writes the history row; the
/// fields changed since the previous change go into it.
pub fn set_unit_status(conn: &Connection, change: &Transition) -> rusqlite::Result<()> {
    let update = "UPDATE units SET status = ?2, return_reason = ?3, changed_fields = '[]',
           updated_at = ?4
         WHERE id = ?1";
    change.record(conn, "unit", "units", update, change.reason)
}

/// One status change of a unit or an activity, as its history row records it: `actor` is
/// `(user id, role)`, `now` the server clock's second.
pub struct Transition<'a> {
    pub id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub reason: Option<&'a str>,
    pub actor: (&'a str, &'a str),
    pub now: i64,
}

impl Transition<'_> {
    /// Runs `update` on `table` (`?1` id, `?2` the new status, `?3` `return_reason`, `?4` now; it
    /// empties `changed_fields`) and writes the history row of the `kind`, with the fields saved
    /// since the previous change.
    fn record(
        &self,
        conn: &Connection,
        kind: &str,
        table: &str,
        update: &str,
        return_reason: Option<&str>,
    ) -> rusqlite::Result<()> {
        let fields = changed_fields(conn, table, self.id)?;
        conn.execute(update, params![self.id, self.to, return_reason, self.now])?;
        add_history(
            conn,
            kind,
            self.id,
            self.now,
            self.actor,
            Some(self.from),
            self.to,
            &fields,
            self.reason,
        )
    }
}

fn merge_fields(known: &str, changed: &[String]) -> String {
    let mut all: Vec<String> = serde_json::from_str(known).unwrap_or_default();
    for f in changed {
        if !all.contains(f) {
            all.push(f.clone());
        }
    }
    serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
}

// ───────────────────────────── activities ─────────────────────────────

/// A registered activity as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub seq: i64,
    pub id: String,
    pub unit: UnitRef,
    pub status: String,
    pub version: i64,
    pub fields: ActivityFields,
    pub return_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
    pub published_at: Option<i64>,
}

/// `OrganiserActivity` in the contract.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrganiserActivity {
    pub id: String,
    pub unit: UnitRef,
    pub status: String,
    pub version: i64,
    #[serde(flatten)]
    pub fields: ActivityFields,
    pub cover_url: Option<String>,
    pub return_reason: Option<String>,
    pub incomplete: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
}

const DRAFT_COLUMNS: &str = "r.seq, r.id, r.unit_id, u.name, r.status, r.version, r.title,
    r.summary, r.description, r.event_kind, r.themes, r.audience, r.format, r.venue_name,
    r.venue_address, r.province_code, r.city_code, r.capacity, r.online_url, r.starts_at,
    r.ends_at, r.cover_upload_id, r.marks_confirmed, r.return_reason, r.created_at, r.updated_at,
    r.submitted_at, r.published_at";
pub const FROM_DRAFTS: &str = "registered_activities r JOIN units u ON u.id = r.unit_id";

pub fn draft_from_row(r: &Row) -> rusqlite::Result<Draft> {
    let themes: String = r.get(10)?;
    Ok(Draft {
        seq: r.get(0)?,
        id: r.get(1)?,
        unit: UnitRef {
            id: r.get(2)?,
            name: r.get(3)?,
        },
        status: r.get(4)?,
        version: r.get(5)?,
        fields: ActivityFields {
            title: r.get(6)?,
            summary: r.get(7)?,
            description: r.get(8)?,
            event_kind: r.get(9)?,
            themes: serde_json::from_str(&themes).unwrap_or_default(),
            audience: r.get(11)?,
            format: r.get(12)?,
            venue_name: r.get(13)?,
            venue_address: r.get(14)?,
            province_code: r.get(15)?,
            city_code: r.get(16)?,
            capacity: r.get(17)?,
            online_url: r.get(18)?,
            starts_at: r.get(19)?,
            ends_at: r.get(20)?,
            cover_upload_id: r.get(21)?,
            marks_confirmed: r.get(22)?,
        },
        return_reason: r.get(23)?,
        created_at: r.get(24)?,
        updated_at: r.get(25)?,
        submitted_at: r.get(26)?,
        published_at: r.get(27)?,
    })
}

pub fn find_draft(conn: &Connection, id: &str) -> rusqlite::Result<Option<Draft>> {
    find_by_id(conn, &draft_select("WHERE r.id = ?1"), id, draft_from_row)
}

/// Reads drafts with `sql` (which selects [`DRAFT_COLUMNS`] via [`draft_select`]).
pub fn draft_select(where_order: &str) -> String {
    format!("SELECT {DRAFT_COLUMNS} FROM {FROM_DRAFTS} {where_order}")
}

/// Whether the city of `f` lies in its province (true when either is missing: that is
/// reported as missing, not as a mismatch).
pub fn city_in_province(conn: &Connection, f: &ActivityFields) -> rusqlite::Result<bool> {
    match (&f.province_code, &f.city_code) {
        (Some(p), Some(c)) => Ok(province_of_city(conn, c)?.as_deref() == Some(p.as_str())),
        _ => Ok(true),
    }
}

/// The contract's view of `d`.
pub fn view(conn: &Connection, d: &Draft) -> rusqlite::Result<OrganiserActivity> {
    let f = &d.fields;
    let incomplete = registration::incomplete(f, city_in_province(conn, f)?);
    let public = matches!(d.status.as_str(), "published" | "cancelled");
    Ok(OrganiserActivity {
        id: d.id.clone(),
        unit: d.unit.clone(),
        status: d.status.clone(),
        version: d.version,
        fields: f.clone(),
        cover_url: public.then(|| match &f.cover_upload_id {
            Some(_) => crate::db::activities::uploaded_cover_url(&d.id),
            None => crate::db::activities::cover_url(&d.id),
        }),
        return_reason: d.return_reason.clone(),
        incomplete,
        warnings: registration::warnings(f),
        created_at: time(d.created_at),
        updated_at: time(d.updated_at),
        submitted_at: d.submitted_at.map(time),
        published_at: d.published_at.map(time),
    })
}

/// A new draft of `unit_id` with `f` (whose filled-in fields are `changed`: they go into the
/// next history row); its id. The creation is the history's first row.
pub fn insert_draft(
    conn: &Connection,
    unit_id: &str,
    f: &ActivityFields,
    changed: &[String],
    user_id: &str,
    now: i64,
) -> rusqlite::Result<String> {
    let seq = next_seq(conn, "registered_activities")?;
    let id = format!("act_r{seq:05}");
    conn.execute(
        "INSERT INTO registered_activities(seq, id, unit_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![seq, id, unit_id, now],
    )?;
    write_fields(conn, &id, f, changed, now, false)?;
    add_history(
        conn,
        "activity",
        &id,
        now,
        (user_id, "organiser"),
        None,
        "draft",
        "[]",
        None,
    )?;
    Ok(id)
}

/// Stores `f`, adds `changed` to the fields changed since the last status change, and with
/// `bump` moves to the next version.
pub fn write_fields(
    conn: &Connection,
    id: &str,
    f: &ActivityFields,
    changed: &[String],
    now: i64,
    bump: bool,
) -> rusqlite::Result<()> {
    let known = changed_fields(conn, "registered_activities", id)?;
    conn.prepare_cached(
        "UPDATE registered_activities SET title = ?2, summary = ?3, description = ?4,
           event_kind = ?5, themes = ?6, audience = ?7, format = ?8, venue_name = ?9,
           venue_address = ?10, province_code = ?11, city_code = ?12, capacity = ?13,
           online_url = ?14, starts_at = ?15, ends_at = ?16, cover_upload_id = ?17,
           marks_confirmed = ?18, changed_fields = ?19, updated_at = ?20,
           version = version + ?21
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.title,
        f.summary,
        f.description,
        f.event_kind,
        serde_json::to_string(&f.themes).unwrap_or_else(|_| "[]".into()),
        f.audience,
        f.format,
        f.venue_name,
        f.venue_address,
        f.province_code,
        f.city_code,
        f.capacity,
        f.online_url,
        f.starts_at,
        f.ends_at,
        f.cover_upload_id,
        f.marks_confirmed,
        merge_fields(&known, changed),
        now,
        i64::from(bump)
    ])?;
    Ok(())
}

/// Moves an activity as `change` says, writes its history row (with the fields saved since the
/// previous change) and bumps its version.
pub fn set_draft_status(conn: &Connection, change: &Transition) -> rusqlite::Result<()> {
    let update = "UPDATE registered_activities SET status = ?2, return_reason = ?3,
           changed_fields = '[]', updated_at = ?4, version = version + 1,
           submitted_at = CASE WHEN ?2 = 'submitted' THEN ?4 ELSE submitted_at END,
           published_at = CASE WHEN ?2 = 'published' THEN ?4 ELSE published_at END
         WHERE id = ?1";
    let return_reason = (change.to == "returned").then_some(change.reason).flatten();
    change.record(
        conn,
        "activity",
        "registered_activities",
        update,
        return_reason,
    )
}

/// Whether `upload_id` is the cover of some registered activity other than `except`.
pub fn cover_in_use(conn: &Connection, upload_id: &str, except: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM registered_activities WHERE cover_upload_id = ?1 AND id <> ?2)",
    )?
    .query_row([upload_id, except], |r| r.get(0))
}

// ───────────────────────────── history ─────────────────────────────

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Actor {
    pub id: String,
    pub display_name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: Actor,
    pub from: Option<String>,
    pub to: String,
    pub fields: Vec<String>,
    pub reason: Option<String>,
}

/// Appends one history row. `actor` is `(user id, role)`; `fields` a JSON array.
#[allow(clippy::too_many_arguments)]
pub fn add_history(
    conn: &Connection,
    subject_type: &str,
    subject_id: &str,
    at: i64,
    actor: (&str, &str),
    from: Option<&str>,
    to: &str,
    fields: &str,
    reason: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO registration_history(subject_type, subject_id, at, actor_id, actor_role,
           from_status, to_status, fields, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        subject_type,
        subject_id,
        at,
        actor.0,
        actor.1,
        from,
        to,
        fields,
        reason
    ])?;
    Ok(())
}

pub fn history(
    conn: &Connection,
    subject_type: &str,
    subject_id: &str,
) -> rusqlite::Result<Vec<HistoryEntry>> {
    conn.prepare_cached(
        "SELECT h.id, h.at, h.actor_id, COALESCE(u.display_name, ''), h.actor_role,
           h.from_status, h.to_status, h.fields, h.reason
         FROM registration_history h LEFT JOIN users u ON u.id = h.actor_id
         WHERE h.subject_type = ?1 AND h.subject_id = ?2 ORDER BY h.id",
    )?
    .query_map([subject_type, subject_id], |r| {
        let fields: String = r.get(7)?;
        Ok(HistoryEntry {
            id: r.get(0)?,
            at: time(r.get(1)?),
            actor: Actor {
                id: r.get(2)?,
                display_name: r.get(3)?,
                role: r.get(4)?,
            },
            from: r.get(5)?,
            to: r.get(6)?,
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            reason: r.get(8)?,
        })
    })?
    .collect()
}
