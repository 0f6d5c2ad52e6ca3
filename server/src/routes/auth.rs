//! `POST /auth/sms-codes`, `POST /auth/sessions`, `DELETE /auth/sessions/current`.
//!
//! Beside the per-IP and global limits (`rate_limit`), each phone may get
//! `--sms-per-phone-per-day` codes and enter `--code-tries-per-phone-per-day` wrong codes per
//! China day (counted in `sms_phone_days`, across resends), and each code allows
//! [`MAX_WRONG_TRIES`] wrong tries.
use crate::auth::*;
use crate::db::accounts;
use crate::problem::{ApiJson, Problem};
use crate::routes::edition::{PRIVACY_VERSION, TERMS_VERSION};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub struct SmsCodeRequest {
    phone: String,
}

#[derive(Deserialize)]
pub struct SessionRequest {
    phone: String,
    code: String,
    /// The 用户协议 / 隐私政策 versions agreed to (issue 20): checked by [`agreement`].
    #[serde(default)]
    agreement: Option<serde_json::Value>,
}

/// The agreed versions when they are the current ones (`legal` of `GET /edition`), else the
/// field to name: `agreement` when missing, `agreement.terms` / `.privacy` when outdated.
fn agreement(v: Option<&serde_json::Value>, errors: &mut crate::problem::FieldErrors) -> bool {
    let Some(obj) = v.and_then(serde_json::Value::as_object) else {
        errors.add("agreement", "请阅读并同意《用户协议》和《隐私政策》");
        return false;
    };
    let mut ok = true;
    for (key, current, name) in [
        ("terms", TERMS_VERSION, "用户协议"),
        ("privacy", PRIVACY_VERSION, "隐私政策"),
    ] {
        if obj.get(key).and_then(serde_json::Value::as_str) != Some(current) {
            errors.add(
                &format!("agreement.{key}"),
                format!("《{name}》已更新，请重新阅读并同意"),
            );
            ok = false;
        }
    }
    ok
}

fn phone_problem() -> Problem {
    Problem::field("phone", "请输入正确的11位手机号")
}

/// The China date of `now` and the seconds until the next China midnight.
fn china_day(now: i64) -> (String, i64) {
    let local = chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .with_timezone(&crate::clock::cst());
    let secs = i64::from(chrono::Timelike::num_seconds_from_midnight(&local));
    (local.format("%Y-%m-%d").to_string(), 86_400 - secs)
}

fn until_tomorrow(detail: &str, wait: i64) -> Problem {
    Problem::too_many(detail, wait.max(1) as u32)
}

pub async fn request_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SmsCodeRequest>,
) -> Result<Response, Problem> {
    // The contract lets clients send a key on every write; these two writes don't replay (a new
    // code or a new session each time), but a malformed key is refused like anywhere else.
    crate::idempotency::key_from_headers(&headers)?;
    let phone = req.phone.trim().to_string();
    if !is_mainland_mobile(&phone) {
        return Err(phone_problem());
    }
    let now = state.clock.now().timestamp();
    let code = new_code();
    let code_hash = code_mac(&state.sms_code_key, &phone, &code);
    let for_db = phone.clone();
    let per_day = i64::from(state.config.sms_per_phone_per_day);
    let resend_after = i64::from(state.config.sms_resend_secs);
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let (day, wait_day) = china_day(now);
            let (sends, _) = accounts::phone_day(&tx, &for_db, &day)?;
            if sends >= per_day {
                return Err(until_tomorrow(
                    "该手机号今天获取验证码的次数已达上限，请明天再试",
                    wait_day,
                ));
            }
            if let Some(sent) = accounts::code_sent_at(&tx, &for_db)? {
                let wait = sent + resend_after - now;
                if wait > 0 {
                    return Err(Problem::too_many(
                        format!("验证码已发送，请{wait}秒后再重新获取"),
                        wait as u32,
                    ));
                }
            }
            accounts::store_code(&tx, &for_db, &code_hash, &day, now, now + CODE_TTL_SECS)?;
            // Counters older than yesterday have no use left.
            let (old, _) = china_day(now - 2 * 86_400);
            accounts::forget_phone_days(&tx, &old)?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    // No SMS gateway in the reference server. Only a development server logs the code; otherwise
    // it is never written anywhere in the clear.
    if state.config.dev_codes {
        tracing::info!("SMS code for {}: {code}", mask_phone(&phone));
    } else {
        tracing::info!(
            "SMS code requested for {} (no SMS gateway configured)",
            mask_phone(&phone)
        );
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "resend_after_seconds": resend_after, "expires_in_seconds": CODE_TTL_SECS })),
    )
        .into_response())
}

pub async fn create_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, Problem> {
    crate::idempotency::key_from_headers(&headers)?;
    let phone = req.phone.trim().to_string();
    let code = req.code.trim().to_string();
    // Every field at once, before the code is checked: a refused agreement uses nothing up.
    let mut errors = crate::problem::FieldErrors::new();
    if !is_mainland_mobile(&phone) {
        errors.add("phone", "请输入正确的11位手机号");
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("code", "请输入6位数字验证码");
    }
    agreement(req.agreement.as_ref(), &mut errors);
    errors.finish((), "/api/v1/auth/sessions")?;
    let now = state.clock.now().timestamp();
    let dev = state.config.dev_codes && code == DEV_CODE;
    let key = state.sms_code_key.clone();
    let tries_per_day = i64::from(state.config.code_tries_per_phone_per_day);
    let token = new_token();
    let token_hash = sha256_hex(&token);
    let expires_at = now + state.config.session_days * 86_400;
    let user = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if !dev {
                let Some((hash, expires, tries)) = accounts::pending_code(&tx, &phone)? else {
                    return Err(Problem::field("code", "请先获取验证码"));
                };
                let (day, wait_day) = china_day(now);
                let (_, wrong_today) = accounts::phone_day(&tx, &phone, &day)?;
                if wrong_today >= tries_per_day {
                    return Err(until_tomorrow(
                        "该手机号今天输错验证码的次数过多，请明天再试",
                        wait_day,
                    ));
                }
                if tries >= MAX_WRONG_TRIES {
                    return Err(Problem::field("code", "错误次数过多，请重新获取验证码"));
                }
                if expires <= now {
                    return Err(Problem::field("code", "验证码已过期，请重新获取"));
                }
                if !same_secret(&hash, &code_mac(&key, &phone, &code)) {
                    accounts::count_wrong_try(&tx, &phone, &day)?;
                    tx.commit()?;
                    let left = (MAX_WRONG_TRIES - tries - 1).min(tries_per_day - wrong_today - 1);
                    return Err(Problem::field(
                        "code",
                        if left > 0 {
                            format!("验证码错误，还可以再试{left}次")
                        } else {
                            "错误次数过多，请重新获取验证码".to_string()
                        },
                    ));
                }
            }
            // A code works once.
            accounts::consume_code(&tx, &phone)?;
            let name = format!("科普爱好者{}", &phone[phone.len() - 4..]);
            let user_id = accounts::user_for_phone(&tx, &phone, &name, now)?;
            accounts::record_agreement(&tx, &user_id, TERMS_VERSION, PRIVACY_VERSION, now)?;
            accounts::insert_session(&tx, &token_hash, &user_id, now, expires_at)?;
            let user = user_by_id(&tx, &user_id)?.ok_or_else(Problem::internal)?;
            tx.commit()?;
            Ok(user)
        })
        .await?;
    let expires = chrono::DateTime::from_timestamp(expires_at, 0).unwrap_or_default();
    // The token must not be kept by a cache (browser, proxy) on the way.
    Ok((
        StatusCode::CREATED,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
        ],
        Json(json!({ "token": token, "expires_at": crate::clock::rfc3339_cst(expires), "user": user })),
    )
        .into_response())
}

pub async fn delete_session(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<StatusCode, Problem> {
    let hash = current.token_hash;
    state
        .db
        .run(move |conn| Ok(accounts::delete_session(conn, &hash)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
