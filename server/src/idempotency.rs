//! `Idempotency-Key` for counting writes (the contract's "Idempotency" section): the same key and
//! body within 24 hours replays the first 2xx response with `Idempotency-Replayed: true`; the same
//! key with another body is a 422 `idempotency-key-reused`; the same key while the first request
//! is still running is a 409 `idempotency-key-in-use`. Only 2xx responses are kept.
//!
//! A key is scoped to the caller, method and path ([`Request`]). Two ways to use it:
//!
//! - **A write that is one transaction** (likes, votes): in the write's transaction call
//!   [`lookup`] first (a replay ends the request), do the work, then [`store`] the response before
//!   committing. Nothing is done twice, and an error rolls the key back with the work. Open the
//!   transaction with `BEGIN IMMEDIATE` so two retries cannot both miss the key.
//!
//! ```ignore
//! let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
//! if let Some(stored) = idempotency::lookup(&tx, &req, now)? {
//!     return Ok(stored.into_response());
//! }
//! let body = do_the_write(&tx)?;
//! idempotency::store(&tx, &req, 201, Some(&location), &body, now)?;
//! tx.commit()?;
//! ```
//!
//! - **A write that spans awaits** (uploads, entries with files): [`reserve`] the key in its own
//!   transaction (409 while it runs), do the work, then [`complete`] it with the response, or
//!   [`release`] it on an error so the client may retry.
use crate::problem::Problem;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection, OptionalExtension};

/// How long a stored response is replayed.
pub const RETENTION_SECS: i64 = 24 * 3600;
/// A reservation older than this is taken to be abandoned (its server stopped mid-request).
pub const RESERVATION_TIMEOUT_SECS: i64 = 10 * 60;
/// The header sent on replays.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotency-replayed");
const KEY_HEADER: &str = "Idempotency-Key";

/// One write that carries a key: who sends it, to what, and a hash of its body.
#[derive(Debug, Clone)]
pub struct Request {
    /// `usr_…`, or `anonymous`.
    pub user_id: String,
    pub method: String,
    /// The request path (`/api/v1/volunteers/vol_0012/likes`).
    pub path: String,
    pub key: String,
    /// SHA-256 (hex) of the body bytes; see [`body_hash`].
    pub request_hash: String,
}

impl Request {
    pub fn new(user_id: &str, method: &str, path: &str, key: &str, body: &[u8]) -> Self {
        Self {
            user_id: user_id.to_string(),
            method: method.to_string(),
            path: path.to_string(),
            key: key.to_string(),
            request_hash: body_hash(body),
        }
    }
}

/// SHA-256 of a request body, hex: "byte-identical bodies" compare equal.
pub fn body_hash(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Idempotency-Key` header: `None` when absent, 422 naming it when malformed (8–128
/// characters of `[A-Za-z0-9_-]`).
pub fn key_from_headers(headers: &HeaderMap) -> Result<Option<String>, Problem> {
    let Some(value) = headers.get(KEY_HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default();
    let ok = (8..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(Some(key.to_string()))
    } else {
        Err(Problem::field(
            KEY_HEADER,
            "Idempotency-Key 须为8到128位的字母、数字、- 或 _",
        ))
    }
}

/// The record of a `POST` to `path` by `user_id` with `body`, when it carries an
/// Idempotency-Key: `None` without one, a 422 at `path` when the key is malformed.
pub fn post_request(
    headers: &HeaderMap,
    user_id: &str,
    path: &str,
    body: &[u8],
) -> Result<Option<Request>, Problem> {
    let key = key_from_headers(headers).map_err(|p| p.with_instance(path))?;
    Ok(key.map(|k| Request::new(user_id, "POST", path, &k, body)))
}

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub status: u16,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl IntoResponse for Stored {
    /// The first response again (JSON body, `Location` if it had one) marked as a replay.
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut res = (status, self.body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(REPLAYED, HeaderValue::from_static("true"));
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        res
    }
}

fn reused() -> Problem {
    let mut p = Problem::field(KEY_HEADER, "该标识已用于另一个请求");
    p.slug = "idempotency-key-reused";
    p.title = "Idempotency Key Reused";
    p.detail = "同一个请求标识不能用于不同的内容".into();
    p
}

fn in_use() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "idempotency-key-in-use",
        "Conflict",
        "相同的请求正在处理中，请稍候再试",
    )
}

/// What the store holds for `req`'s key, expired rows aside.
fn row(
    conn: &Connection,
    req: &Request,
    now: i64,
) -> rusqlite::Result<Option<(String, Option<Stored>, i64)>> {
    conn.prepare_cached(
        "SELECT request_hash, status, location, response_body, created_at FROM idempotency_keys
         WHERE user_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4 AND created_at > ?5",
    )?
    .query_row(
        params![
            req.user_id,
            req.method,
            req.path,
            req.key,
            now - RETENTION_SECS
        ],
        |r| {
            let status: Option<u16> = r.get(1)?;
            Ok((
                r.get(0)?,
                status.map(|status| Stored {
                    status,
                    location: r.get(2).unwrap_or_default(),
                    body: r
                        .get::<_, Option<Vec<u8>>>(3)
                        .ok()
                        .flatten()
                        .unwrap_or_default(),
                }),
                r.get(4)?,
            ))
        },
    )
    .optional()
}

/// Inside the write's transaction, before doing anything: `Some` is the response to replay; a
/// different body is a 422, a request still running (see [`reserve`]) a 409; `None` means go on.
pub fn lookup(conn: &Connection, req: &Request, now: i64) -> Result<Option<Stored>, Problem> {
    match row(conn, req, now)? {
        None => Ok(None),
        Some((hash, _, _)) if hash != req.request_hash => Err(reused()),
        Some((_, Some(stored), _)) => Ok(Some(stored)),
        Some((_, None, created)) if now - created < RESERVATION_TIMEOUT_SECS => Err(in_use()),
        Some((_, None, _)) => Ok(None),
    }
}

/// Inside the write's transaction, after it succeeded, or to finish a [`reserve`]d key: keeps the
/// 2xx response for replays (and drops expired keys, so the table stays at about a day of
/// writes).
pub fn store(
    conn: &Connection,
    req: &Request,
    status: u16,
    location: Option<&str>,
    body: &[u8],
    now: i64,
) -> rusqlite::Result<()> {
    debug_assert!((200..300).contains(&status), "only 2xx responses are kept");
    conn.prepare_cached("DELETE FROM idempotency_keys WHERE created_at <= ?1")?
        .execute([now - RETENTION_SECS])?;
    put(conn, req, Some((status, location, body)), now)
}

/// Writes `req`'s row: with its response, or (`None`) as a reservation of the key.
fn put(
    conn: &Connection,
    req: &Request,
    response: Option<(u16, Option<&str>, &[u8])>,
    now: i64,
) -> rusqlite::Result<()> {
    let (status, location, body) = match response {
        Some((status, location, body)) => (Some(status), location, Some(body)),
        None => (None, None, None),
    };
    conn.prepare_cached(
        "INSERT INTO idempotency_keys(user_id, method, path, key, request_hash, status, location, response_body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(user_id, method, path, key) DO UPDATE SET request_hash = excluded.request_hash,
           status = excluded.status, location = excluded.location, response_body = excluded.response_body,
           created_at = excluded.created_at",
    )?
    .execute(params![
        req.user_id,
        req.method,
        req.path,
        req.key,
        req.request_hash,
        status,
        location,
        body,
        now
    ])?;
    Ok(())
}

/// For writes that span awaits: claims the key in its own short transaction. `Ok(Some)` is a
/// replay, `Ok(None)` means the caller now holds the key and must [`store`] or [`release`] it.
pub fn reserve(conn: &mut Connection, req: &Request, now: i64) -> Result<Option<Stored>, Problem> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(stored) = lookup(&tx, req, now)? {
        return Ok(Some(stored));
    }
    put(&tx, req, None, now)?;
    tx.commit()?;
    Ok(None)
}

/// Gives up a [`reserve`]d key after an error, so the same key may be retried.
pub fn release(conn: &Connection, req: &Request) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM idempotency_keys WHERE user_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4 AND status IS NULL",
    )?
    .execute(params![req.user_id, req.method, req.path, req.key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        conn
    }

    fn req(body: &[u8]) -> Request {
        Request::new("usr_000001", "POST", "/api/v1/x", "key-12345678", body)
    }

    #[test]
    fn a_stored_response_is_replayed_for_a_day_and_only_for_the_same_body() {
        let conn = conn();
        assert_eq!(lookup(&conn, &req(b"{}"), 1_000).unwrap(), None);
        store(
            &conn,
            &req(b"{}"),
            201,
            Some("/api/v1/x/1"),
            b"{\"a\":1}",
            1_000,
        )
        .unwrap();
        let replay = lookup(&conn, &req(b"{}"), 2_000).unwrap().unwrap();
        assert_eq!(replay.status, 201);
        assert_eq!(replay.body, b"{\"a\":1}");
        assert_eq!(replay.location.as_deref(), Some("/api/v1/x/1"));
        let other = lookup(&conn, &req(b"{\"b\":2}"), 2_000).unwrap_err();
        assert_eq!((other.status, other.slug), (422, "idempotency-key-reused"));
        assert_eq!(other.errors[0].field, "Idempotency-Key");
        // Another user, method or path is another key.
        let mut elsewhere = req(b"{}");
        elsewhere.user_id = "usr_000002".into();
        assert_eq!(lookup(&conn, &elsewhere, 2_000).unwrap(), None);
        // After 24 hours the key is forgotten.
        assert_eq!(
            lookup(&conn, &req(b"{}"), 1_000 + RETENTION_SECS).unwrap(),
            None
        );
    }

    #[test]
    fn a_reserved_key_is_in_use_until_completed_or_released() {
        let mut conn = conn();
        assert_eq!(reserve(&mut conn, &req(b""), 10).unwrap(), None);
        let busy = lookup(&conn, &req(b""), 11).unwrap_err();
        assert_eq!((busy.status, busy.slug), (409, "idempotency-key-in-use"));
        release(&conn, &req(b"")).unwrap();
        assert_eq!(reserve(&mut conn, &req(b""), 12).unwrap(), None);
        store(&conn, &req(b""), 200, None, b"[]", 13).unwrap();
        assert_eq!(
            reserve(&mut conn, &req(b""), 14).unwrap().map(|s| s.status),
            Some(200)
        );
        // An abandoned reservation is taken over.
        let other = Request::new("anonymous", "POST", "/p", "abandoned", b"");
        reserve(&mut conn, &other, 0).unwrap();
        assert_eq!(
            lookup(&conn, &other, RESERVATION_TIMEOUT_SECS).unwrap(),
            None
        );
    }

    #[test]
    fn keys_are_checked_for_shape() {
        let mut headers = HeaderMap::new();
        assert_eq!(key_from_headers(&headers).unwrap(), None);
        headers.insert(KEY_HEADER, HeaderValue::from_static("0b6f8c2e-4d1a_4f3b"));
        assert_eq!(
            key_from_headers(&headers).unwrap().as_deref(),
            Some("0b6f8c2e-4d1a_4f3b")
        );
        for bad in ["short", "has space in it", "ü-not-ascii-but-long"] {
            if let Ok(v) = HeaderValue::from_str(bad) {
                headers.insert(KEY_HEADER, v);
                assert_eq!(key_from_headers(&headers).unwrap_err().status, 422, "{bad}");
            }
        }
    }
}
