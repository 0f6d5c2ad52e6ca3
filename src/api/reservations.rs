//! 预约报名 (`api/openapi.yaml`, tag `reservations`): an activity's availability, reserving and
//! joining the waitlist, 我的预约 and cancelling, the QR code of a check-in code, and the
//! organiser's check-in.
use super::activities::encode_segment;
use super::client;
use super::ApiError;
use crate::models::{Availability, CheckInResult, CheckInSummary, MyReservations, Reservation};
use gloo_net::http::Method;
use serde_json::json;

/// The places now and, with a session, the caller's reservation (cheap: polled while visible).
pub async fn fetch_availability(activity_id: &str) -> Result<Availability, ApiError> {
    client::get(&format!(
        "/activities/{}/availability",
        encode_segment(activity_id)
    ))
    .await
}

/// What one tap on 预约 / 加入候补 asks for: the same intent retried keeps its Idempotency-Key
/// (see [`super::idempotency::IntentKey`]), so a lost answer never reserves twice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReserveIntent {
    pub activity_id: String,
    pub party_size: u8,
    pub waitlist: bool,
}

pub async fn reserve(intent: &ReserveIntent, key: &str) -> Result<Reservation, ApiError> {
    client::send(
        Method::POST,
        &format!(
            "/activities/{}/reservations",
            encode_segment(&intent.activity_id)
        ),
        Some(&json!({ "party_size": intent.party_size, "waitlist": intent.waitlist })),
        Some(key),
    )
    .await
}

pub async fn my_reservations() -> Result<MyReservations, ApiError> {
    client::get("/me/reservations").await
}

/// Cancelling is naturally idempotent (a cancelled reservation answers itself again): no key.
pub async fn cancel_reservation(id: &str) -> Result<Reservation, ApiError> {
    client::send::<(), _>(
        Method::POST,
        &format!("/me/reservations/{}/cancel", encode_segment(id)),
        None,
        None,
    )
    .await
}

/// The QR code of a confirmed reservation's check-in code, as SVG text (sent with the token, so
/// the page shows it through a `blob:` URL rather than a plain `<img src>`).
pub async fn reservation_qr(id: &str) -> Result<String, ApiError> {
    client::get_text(&format!("/me/reservations/{}/qr.svg", encode_segment(id))).await
}

pub async fn check_in_summary(activity_id: &str) -> Result<CheckInSummary, ApiError> {
    client::get(&format!(
        "/organiser/activities/{}/check-ins",
        encode_segment(activity_id)
    ))
    .await
}

/// Checks `code` in once; the same code tried again after a lost answer keeps its key (the
/// server replays the first 200 instead of answering 409).
pub async fn check_in(activity_id: &str, code: &str, key: &str) -> Result<CheckInResult, ApiError> {
    client::send(
        Method::POST,
        &format!(
            "/organiser/activities/{}/check-ins",
            encode_segment(activity_id)
        ),
        Some(&json!({ "code": code })),
        Some(key),
    )
    .await
}

/// The problem type's slug (`already-reserved`, `full`, `not-yet-open`, …) of a 409.
pub fn conflict_kind(error: &ApiError) -> Option<&str> {
    match error {
        ApiError::Conflict(p) => p.kind.as_deref()?.rsplit('/').next(),
        _ => None,
    }
}
