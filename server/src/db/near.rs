//! 附近 (issue 20): city centres, the nearest known city to a position, a user's remembered city.
//! Positions come from `seed::geo`.
use crate::db::activities::Region;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// `GET /regions/locate`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocatedCity {
    #[serde(flatten)]
    pub region: Region,
    pub lat: f64,
    pub lng: f64,
    pub distance_km: f64,
}

/// How far a position may be from the nearest known centre and still be "in" that city.
pub const LOCATE_RADIUS_KM: f64 = 150.0;

/// A city (not province) with its province, or `None` for an unknown code.
pub fn city_region(conn: &Connection, code: &str) -> rusqlite::Result<Option<Region>> {
    conn.prepare_cached(
        "SELECT p.code, p.name, c.code, c.name FROM cities c JOIN provinces p ON p.code = c.province_code
         WHERE c.code = ?1",
    )?
    .query_row([code], |r| {
        Ok(Region {
            province_code: r.get(0)?,
            province_name: r.get(1)?,
            city_code: r.get(2)?,
            city_name: r.get(3)?,
        })
    })
    .optional()
}

/// The known centre of a city, if it has one.
pub fn city_centre(conn: &Connection, code: &str) -> rusqlite::Result<Option<(f64, f64)>> {
    conn.prepare_cached("SELECT lat, lng FROM cities WHERE code = ?1 AND lat IS NOT NULL")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The city whose known centre is nearest to `at`, within [`LOCATE_RADIUS_KM`].
pub fn locate(conn: &Connection, at: (f64, f64)) -> rusqlite::Result<Option<LocatedCity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.code, p.name, c.code, c.name, c.lat, c.lng
         FROM cities c JOIN provinces p ON p.code = c.province_code WHERE c.lat IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut best: Option<LocatedCity> = None;
    while let Some(r) = rows.next()? {
        let (lat, lng): (f64, f64) = (r.get(4)?, r.get(5)?);
        let d = crate::seed::geo::distance_km(at, (lat, lng));
        if d <= LOCATE_RADIUS_KM && best.as_ref().is_none_or(|b| d < b.distance_km) {
            best = Some(LocatedCity {
                region: Region {
                    province_code: r.get(0)?,
                    province_name: r.get(1)?,
                    city_code: r.get(2)?,
                    city_name: r.get(3)?,
                },
                lat,
                lng,
                distance_km: d,
            });
        }
    }
    Ok(best.map(|mut b| {
        b.distance_km = (b.distance_km * 10.0).round() / 10.0;
        b
    }))
}

/// The city a user remembers (`PATCH /me` `city_code`).
pub fn user_city(conn: &Connection, user_id: &str) -> rusqlite::Result<Option<Region>> {
    let code: Option<String> = conn
        .prepare_cached("SELECT city_code FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?
        .flatten();
    match code {
        Some(code) => city_region(conn, &code),
        None => Ok(None),
    }
}

pub fn set_user_city(
    conn: &Connection,
    user_id: &str,
    city_code: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET city_code = ?1 WHERE id = ?2",
        rusqlite::params![city_code, user_id],
    )?;
    Ok(())
}
