//! 推荐: the recommendations of each reviewing body (its scope is a `db::indicators::Scope`),
//! their audit trail, and the admin's list of all of them.
use super::activities::NamedRef;
use super::indicators::Scope;
use super::organisers::time;
use crate::csv::csv_field;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;
use std::collections::HashSet;

/// `units` (优秀组织单位) or `activities` (优秀活动).
pub const KINDS: [&str; 2] = ["units", "activities"];

/// A reviewing body: a 省级科协 (province reviewers), a 全国学会 (its reviewers) or the admin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Body {
    pub scope: Scope,
    pub name: String,
}

impl Body {
    /// `(scope_type, scope_id)` as the table stores them.
    pub fn key(&self) -> (&'static str, &str) {
        match &self.scope {
            Scope::Province(id) => ("province", id),
            Scope::Society(id) => ("society", id),
            Scope::All | Scope::Unit(_) => ("", ""),
        }
    }
}

/// The API's `Recommendation`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub province: NamedRef,
    pub reason: String,
    pub recommended_by: NamedRef,
    pub recommended_at: String,
}

/// Who a stored body is, by its key (names from the reference tables).
const SELECT: &str = "SELECT r.kind, r.subject_id,
    COALESCE(un.name, a.title, r.subject_id), p.code, p.name, r.reason, r.scope_type, r.scope_id,
    CASE r.scope_type WHEN 'province' THEN bp.name || '科协' WHEN 'society' THEN bs.name
      ELSE '中国科协' END,
    r.recommended_at
  FROM recommendations r
  LEFT JOIN units un ON r.kind = 'units' AND un.id = r.subject_id
  LEFT JOIN activities a ON r.kind = 'activities' AND a.id = r.subject_id
  LEFT JOIN units au ON au.id = a.unit_id
  LEFT JOIN provinces p ON p.code = COALESCE(un.province_code, au.province_code)
  LEFT JOIN provinces bp ON r.scope_type = 'province' AND bp.code = r.scope_id
  LEFT JOIN units bs ON r.scope_type = 'society' AND bs.id = r.scope_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Recommendation> {
    let scope_type: String = r.get(6)?;
    let scope_id: String = r.get(7)?;
    Ok(Recommendation {
        kind: r.get(0)?,
        id: r.get(1)?,
        name: r.get(2)?,
        province: NamedRef {
            id: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        },
        reason: r.get(5)?,
        recommended_by: NamedRef {
            id: if scope_type.is_empty() {
                "national".to_string()
            } else {
                scope_id
            },
            name: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        },
        recommended_at: time(r.get(9)?),
    })
}

/// The body's recommendations of `kind`, oldest first.
pub fn of_body(
    conn: &Connection,
    body: &Body,
    kind: &str,
) -> rusqlite::Result<Vec<Recommendation>> {
    let (st, sid) = body.key();
    conn.prepare_cached(&format!(
        "{SELECT} WHERE r.scope_type = ?1 AND r.scope_id = ?2 AND r.kind = ?3
         ORDER BY r.recommended_at, r.subject_id"
    ))?
    .query_map(params![st, sid, kind], from_row)?
    .collect()
}

/// The ids the body recommends of `kind` (the indicator tables' `recommended`).
pub fn ids_of_body(
    conn: &Connection,
    body: &Body,
    kind: &str,
) -> rusqlite::Result<HashSet<String>> {
    let (st, sid) = body.key();
    conn.prepare_cached(
        "SELECT subject_id FROM recommendations WHERE scope_type = ?1 AND scope_id = ?2 AND kind = ?3",
    )?
    .query_map(params![st, sid, kind], |r| r.get(0))?
    .collect()
}

/// How many of `kind` the body recommends.
pub fn used(conn: &Connection, body: &Body, kind: &str) -> rusqlite::Result<i64> {
    let (st, sid) = body.key();
    conn.prepare_cached(
        "SELECT COUNT(*) FROM recommendations WHERE scope_type = ?1 AND scope_id = ?2 AND kind = ?3",
    )?
    .query_row(params![st, sid, kind], |r| r.get(0))
}

/// Whether the body already recommends `id` of `kind`.
pub fn exists(conn: &Connection, body: &Body, kind: &str, id: &str) -> rusqlite::Result<bool> {
    let (st, sid) = body.key();
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM recommendations WHERE scope_type = ?1 AND scope_id = ?2
           AND kind = ?3 AND subject_id = ?4)",
    )?
    .query_row(params![st, sid, kind, id], |r| r.get(0))
}

/// Writes (or rewrites the reason of) a recommendation and audits it; the stored row.
pub fn put(
    conn: &Connection,
    body: &Body,
    kind: &str,
    id: &str,
    reason: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<Recommendation> {
    let (st, sid) = body.key();
    conn.execute(
        "INSERT INTO recommendations(scope_type, scope_id, kind, subject_id, reason, user_id,
           recommended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(scope_type, scope_id, kind, subject_id) DO UPDATE SET
           reason = excluded.reason, user_id = excluded.user_id",
        params![st, sid, kind, id, reason, user_id, now],
    )?;
    audit(
        conn,
        body,
        "recommend",
        kind,
        id,
        Some(reason),
        user_id,
        now,
    )?;
    conn.prepare_cached(&format!(
        "{SELECT} WHERE r.scope_type = ?1 AND r.scope_id = ?2 AND r.kind = ?3 AND r.subject_id = ?4"
    ))?
    .query_row(params![st, sid, kind, id], from_row)
}

/// Withdraws a recommendation (audited when there was one); whether there was.
pub fn delete(
    conn: &Connection,
    body: &Body,
    kind: &str,
    id: &str,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let (st, sid) = body.key();
    let n = conn.execute(
        "DELETE FROM recommendations WHERE scope_type = ?1 AND scope_id = ?2 AND kind = ?3
           AND subject_id = ?4",
        params![st, sid, kind, id],
    )?;
    if n > 0 {
        audit(conn, body, "withdraw", kind, id, None, user_id, now)?;
    }
    Ok(n > 0)
}

#[allow(clippy::too_many_arguments)]
fn audit(
    conn: &Connection,
    body: &Body,
    action: &str,
    kind: &str,
    id: &str,
    reason: Option<&str>,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let (st, sid) = body.key();
    conn.execute(
        "INSERT INTO recommendation_audit(at, user_id, action, scope_type, scope_id, kind,
           subject_id, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![now, user_id, action, st, sid, kind, id, reason],
    )?;
    Ok(())
}

/// Every body's recommendations (optionally one kind / one province of the subject), by kind
/// (units first), then province, then time.
pub fn all(
    conn: &Connection,
    kind: Option<&str>,
    province: Option<&str>,
) -> rusqlite::Result<Vec<Recommendation>> {
    let mut filter = String::from("1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(k) = kind {
        args.push(Value::Text(k.to_string()));
        filter += &format!(" AND r.kind = ?{}", args.len());
    }
    if let Some(p) = province {
        args.push(Value::Text(p.to_string()));
        filter += &format!(" AND p.code = ?{}", args.len());
    }
    conn.prepare(&format!(
        "{SELECT} WHERE {filter}
         ORDER BY CASE r.kind WHEN 'units' THEN 0 ELSE 1 END, p.code, r.recommended_at, r.subject_id"
    ))?
    .query_map(params_from_iter(args.iter()), from_row)?
    .collect()
}

/// The admin's export: UTF-8 with a BOM (so Excel reads the Chinese), CRLF line ends.
pub fn csv(items: &[Recommendation]) -> String {
    let mut out = String::from("\u{FEFF}类别,名称,编号,省份,推荐单位,推荐理由,推荐时间\r\n");
    for r in items {
        let kind = if r.kind == "units" {
            "优秀组织单位"
        } else {
            "优秀活动"
        };
        let fields = [
            kind,
            &r.name,
            &r.id,
            &r.province.name,
            &r.recommended_by.name,
            &r.reason,
            &r.recommended_at,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out += &line.join(",");
        out += "\r\n";
    }
    out
}
