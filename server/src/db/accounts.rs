//! Accounts: SMS codes and their per-phone daily counters, users and sessions, as the auth and
//! `/me` routes use them (the checks and answers stay in `routes::auth` and `routes::me`).
use crate::auth::{mask_phone, Agreement, User};
use crate::clock::rfc3339_cst;
use crate::db::activities::Region;
use chrono::{TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// `(sends, wrong_tries)` of `phone` on `day`.
pub fn phone_day(conn: &Connection, phone: &str, day: &str) -> rusqlite::Result<(i64, i64)> {
    Ok(conn
        .query_row(
            "SELECT sends, wrong_tries FROM sms_phone_days WHERE phone = ?1 AND day = ?2",
            [phone, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0)))
}

/// When `phone`'s current code was sent, if it has one.
pub fn code_sent_at(conn: &Connection, phone: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT sent_at FROM sms_codes WHERE phone = ?1",
        [phone],
        |r| r.get(0),
    )
    .optional()
}

/// Stores `phone`'s new code (replacing any earlier one, with its wrong tries) and counts the
/// send in the phone's `day`.
pub fn store_code(
    conn: &Connection,
    phone: &str,
    code_hash: &str,
    day: &str,
    now: i64,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sms_codes(phone, code_hash, sent_at, expires_at, wrong_tries) VALUES (?1, ?2, ?3, ?4, 0)
         ON CONFLICT(phone) DO UPDATE SET code_hash = excluded.code_hash, sent_at = excluded.sent_at,
           expires_at = excluded.expires_at, wrong_tries = 0",
        params![phone, code_hash, now, expires_at],
    )?;
    count_phone_day(conn, phone, day, "sends")
}

/// Adds one to `phone`'s `counter` (`sends` or `wrong_tries`) of `day`.
fn count_phone_day(
    conn: &Connection,
    phone: &str,
    day: &str,
    counter: &'static str,
) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO sms_phone_days(phone, day, {counter}) VALUES (?1, ?2, 1)
             ON CONFLICT(phone, day) DO UPDATE SET {counter} = {counter} + 1"
        ),
        params![phone, day],
    )?;
    Ok(())
}

/// Drops the per-phone counters of `day` and before.
pub fn forget_phone_days(conn: &Connection, day: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sms_phone_days WHERE day <= ?1", [day])?;
    Ok(())
}

/// `(code_hash, expires_at, wrong_tries)` of `phone`'s current code.
pub fn pending_code(
    conn: &Connection,
    phone: &str,
) -> rusqlite::Result<Option<(String, i64, i64)>> {
    conn.query_row(
        "SELECT code_hash, expires_at, wrong_tries FROM sms_codes WHERE phone = ?1",
        [phone],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Counts a wrong code against `phone`'s current code and its `day`.
pub fn count_wrong_try(conn: &Connection, phone: &str, day: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sms_codes SET wrong_tries = wrong_tries + 1 WHERE phone = ?1",
        [phone],
    )?;
    count_phone_day(conn, phone, day, "wrong_tries")
}

/// A code works once.
pub fn consume_code(conn: &Connection, phone: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sms_codes WHERE phone = ?1", [phone])?;
    Ok(())
}

/// The id of `phone`'s user, created (with `display_name`) if the phone is new.
pub fn user_for_phone(
    conn: &Connection,
    phone: &str,
    display_name: &str,
    now: i64,
) -> rusqlite::Result<String> {
    let existing: Option<String> = conn
        .query_row("SELECT id FROM users WHERE phone = ?1", [phone], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM users", [], |r| {
        r.get(0)
    })?;
    let id = format!("usr_{seq:06}");
    conn.execute(
        "INSERT INTO users(seq, id, phone, display_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, id, phone, display_name, now],
    )?;
    Ok(id)
}

pub fn insert_session(
    conn: &Connection,
    token_hash: &str,
    user_id: &str,
    now: i64,
    expires_at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id, now, expires_at],
    )?;
    Ok(())
}

pub fn user_by_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached(
        "SELECT u.id, u.phone, u.display_name, u.created_at, p.code, p.name, c.code, c.name,
           ua.terms, ua.privacy, ua.agreed_at
         FROM users u
         LEFT JOIN cities c ON c.code = u.city_code
         LEFT JOIN provinces p ON p.code = c.province_code
         LEFT JOIN user_agreements ua ON ua.user_id = u.id
           AND ua.agreed_at = (SELECT MAX(agreed_at) FROM user_agreements WHERE user_id = u.id)
         WHERE u.id = ?1",
    )?
    .query_row([id], |r| {
        let phone: String = r.get(1)?;
        let created: i64 = r.get(3)?;
        let city = match (r.get(4)?, r.get(5)?) {
            (Some(province_code), Some(province_name)) => Some(Region {
                province_code,
                province_name,
                city_code: r.get(6)?,
                city_name: r.get(7)?,
            }),
            _ => None,
        };
        let agreement = match (r.get(8)?, r.get(9)?, r.get::<_, Option<i64>>(10)?) {
            (Some(terms), Some(privacy), Some(at)) => Some(Agreement {
                terms,
                privacy,
                agreed_at: time(at),
            }),
            _ => None,
        };
        Ok(User {
            id: r.get(0)?,
            phone_masked: mask_phone(&phone),
            display_name: r.get(2)?,
            created_at: time(created),
            city,
            agreement,
        })
    })
    .optional()
}

fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

/// Records that `user_id` agreed to these versions (once per pair of versions: the first
/// agreement keeps its time).
pub fn record_agreement(
    conn: &Connection,
    user_id: &str,
    terms: &str,
    privacy: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO user_agreements(user_id, terms, privacy, agreed_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(user_id, terms, privacy) DO NOTHING",
        params![user_id, terms, privacy, now],
    )?;
    Ok(())
}

/// The user of an unexpired session.
pub fn session_user(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2")?
        .query_row(params![token_hash, now], |r| r.get(0))
        .optional()
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn set_display_name(conn: &Connection, user_id: &str, name: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET display_name = ?1 WHERE id = ?2",
        params![name, user_id],
    )?;
    Ok(())
}

/// Reads from the database: what `/health` checks.
pub fn ping(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}
