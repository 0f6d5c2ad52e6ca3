use super::client::{self, new_idempotency_key};
use super::ApiError;
use crate::models::{LegalVersions, Session, SmsCodeSent, User};
use gloo_net::http::Method;
use serde_json::json;

pub async fn request_sms_code(phone: &str) -> Result<SmsCodeSent, ApiError> {
    let key = new_idempotency_key();
    client::send(
        Method::POST,
        "/auth/sms-codes",
        Some(&json!({ "phone": phone })),
        Some(&key),
    )
    .await
}

/// `agreement`: the 用户协议 / 隐私政策 versions the visitor ticked to agree to.
pub async fn create_session(
    phone: &str,
    code: &str,
    agreement: &LegalVersions,
) -> Result<Session, ApiError> {
    let key = new_idempotency_key();
    client::send(
        Method::POST,
        "/auth/sessions",
        Some(&json!({ "phone": phone, "code": code, "agreement": agreement })),
        Some(&key),
    )
    .await
}

pub async fn delete_session() -> Result<(), ApiError> {
    client::send_no_content(Method::DELETE, "/auth/sessions/current").await
}

pub async fn fetch_me() -> Result<User, ApiError> {
    client::get("/me").await
}

pub async fn update_display_name(display_name: &str) -> Result<User, ApiError> {
    client::send(
        Method::PATCH,
        "/me",
        Some(&json!({ "display_name": display_name })),
        None,
    )
    .await
}

/// Remembers the city (附近) on the account; `None` forgets it.
pub async fn update_city(city_code: Option<&str>) -> Result<User, ApiError> {
    client::send(
        Method::PATCH,
        "/me",
        Some(&json!({ "city_code": city_code })),
        None,
    )
    .await
}
