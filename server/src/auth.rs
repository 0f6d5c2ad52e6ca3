//! Accounts: SMS login codes, session tokens and the [`CurrentUser`] extractor that every write
//! uses. Codes and tokens are random and shown once; tokens are stored as SHA-256 hashes, codes
//! (only a million possible) as HMAC-SHA256 under a server secret that is not in the database.
use crate::db::accounts;
pub use crate::db::accounts::user_by_id;
use crate::problem::Problem;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The fixed code accepted with `--dev-codes`.
pub const DEV_CODE: &str = "246810";
pub const CODE_TTL_SECS: i64 = 5 * 60;
pub const MAX_WRONG_TRIES: i64 = 5;

pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stored form of `code` sent to `phone`: HMAC-SHA256 under `key`, hex.
pub fn code_mac(key: &[u8], phone: &str, code: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(phone.as_bytes());
    mac.update(b":");
    mac.update(code.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Equal, in a time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A random HMAC key for SMS codes (used when `--sms-code-secret` is not set).
pub fn random_key() -> Vec<u8> {
    random_bytes::<32>().to_vec()
}

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive
/// (RFC 9110 §11.1).
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random source works");
    buf
}

/// A new 6-digit code.
pub fn new_code() -> String {
    let n = u32::from_le_bytes(random_bytes::<4>()) % 1_000_000;
    format!("{n:06}")
}

/// A new session token: 256 random bits, base64url.
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

pub fn is_mainland_mobile(phone: &str) -> bool {
    let b = phone.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

pub fn mask_phone(phone: &str) -> String {
    format!("{}****{}", &phone[..3], &phone[phone.len() - 4..])
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct User {
    pub id: String,
    pub phone_masked: String,
    pub display_name: String,
    pub created_at: String,
    /// The remembered city (附近; `PATCH /me` `city_code`).
    pub city: Option<crate::db::activities::Region>,
    /// The latest 用户协议 / 隐私政策 versions agreed to.
    pub agreement: Option<Agreement>,
}

/// Which 用户协议 / 隐私政策 versions a user agreed to, and when (first login agreeing to them).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Agreement {
    pub terms: String,
    pub privacy: String,
    pub agreed_at: String,
}

/// The caller when a token is sent (a bad one is still a 401), `None` when anonymous: for the
/// operations whose security lists both `{}` and `bearer`.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            Ok(Self(Some(
                CurrentUser::from_request_parts(parts, state).await?,
            )))
        } else {
            Ok(Self(None))
        }
    }
}

impl MaybeUser {
    /// The caller's user id, if any.
    pub fn id(&self) -> Option<String> {
        self.0.as_ref().map(|c| c.user.id.clone())
    }
}

/// 401 with `WWW-Authenticate: Bearer`.
pub struct Unauthorized(&'static str);

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let mut res = Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            self.0,
        )
        .into_response();
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        res
    }
}

impl From<Problem> for Unauthorized {
    fn from(_: Problem) -> Self {
        Unauthorized("暂时无法验证登录状态，请稍后重试")
    }
}

/// The logged-in user behind a valid, unexpired bearer token (401 otherwise).
pub struct CurrentUser {
    pub user: User,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .ok_or_else(|| Unauthorized("请先登录").into_response())?;
        let token_hash = sha256_hex(token);
        let now = state.clock.now().timestamp();
        let lookup = token_hash.clone();
        let user = state
            .db
            .run(move |conn| {
                Ok(match accounts::session_user(conn, &lookup, now)? {
                    Some(id) => user_by_id(conn, &id)?,
                    None => None,
                })
            })
            .await
            .map_err(|p| Unauthorized::from(p).into_response())?;
        match user {
            Some(user) => Ok(Self { user, token_hash }),
            None => Err(Unauthorized("登录已过期，请重新登录").into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("BEARER  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearerabc"), None);
    }

    #[test]
    fn codes_are_stored_under_a_keyed_hash() {
        let a = code_mac(b"key one", "13800138000", "123456");
        assert_eq!(a.len(), 64);
        assert_eq!(a, code_mac(b"key one", "13800138000", "123456"));
        assert_ne!(a, code_mac(b"key two", "13800138000", "123456"));
        assert_ne!(a, code_mac(b"key one", "13800138001", "123456"));
        assert_ne!(
            a,
            sha256_hex("13800138000:123456"),
            "not the old unkeyed hash"
        );
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &a[1..]));
    }
}
