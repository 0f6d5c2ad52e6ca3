//! Reference data queries: regions (provinces with their cities), themes and event kinds, each
//! in its display order.
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct City {
    pub code: String,
    pub name: String,
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
    let mut cities =
        conn.prepare("SELECT code, name FROM cities WHERE province_code = ?1 ORDER BY sort")?;
    for p in &mut provinces {
        p.cities = cities
            .query_map([&p.code], |r| {
                Ok(City {
                    code: r.get(0)?,
                    name: r.get(1)?,
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
