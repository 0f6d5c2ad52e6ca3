//! Reference data queries: regions (provinces with their cities), themes and event kinds, each
//! in its display order.
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct City {
    pub code: String,
    pub name: String,
    /// The known centre (附近), omitted for cities without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: String,
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventKind {
    pub id: String,
    pub name: String,
}

pub fn regions(conn: &Connection) -> rusqlite::Result<Vec<Province>> {
    let mut provinces = conn
        .prepare("SELECT code, name, short_name FROM provinces ORDER BY sort")?
        .query_map([], |r| {
            Ok(Province {
                code: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                cities: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut cities = conn.prepare(
        "SELECT code, name, lat, lng FROM cities WHERE province_code = ?1 ORDER BY sort",
    )?;
    for p in &mut provinces {
        p.cities = cities
            .query_map([&p.code], |r| {
                Ok(City {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    lat: r.get(2)?,
                    lng: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(provinces)
}

pub fn themes(conn: &Connection) -> rusqlite::Result<Vec<Theme>> {
    conn.prepare("SELECT id, name, description, color FROM themes ORDER BY sort")?
        .query_map([], |r| {
            Ok(Theme {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                color: r.get(3)?,
            })
        })?
        .collect()
}

pub fn event_kinds(conn: &Connection) -> rusqlite::Result<Vec<EventKind>> {
    conn.prepare("SELECT id, name FROM event_kinds ORDER BY sort")?
        .query_map([], |r| {
            Ok(EventKind {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect()
}

fn exists(conn: &Connection, sql: &str, args: &[&str]) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params_from_iter(args.iter()), |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether `id` names a theme: what a `theme` filter is checked against.
pub fn theme_exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    exists(conn, "SELECT 1 FROM themes WHERE id = ?1", &[id])
}

pub fn event_kind_exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    exists(conn, "SELECT 1 FROM event_kinds WHERE id = ?1", &[id])
}

pub fn province_exists(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    exists(conn, "SELECT 1 FROM provinces WHERE code = ?1", &[code])
}

/// Whether `code` names a city (of `province`, when given).
pub fn city_exists(
    conn: &Connection,
    code: &str,
    province: Option<&str>,
) -> rusqlite::Result<bool> {
    match province {
        Some(p) => exists(
            conn,
            "SELECT 1 FROM cities WHERE code = ?1 AND province_code = ?2",
            &[code, p],
        ),
        None => exists(conn, "SELECT 1 FROM cities WHERE code = ?1", &[code]),
    }
}
