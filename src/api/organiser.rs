//! 登记填报 for organisers: roles, units, activity drafts (saved with `If-Match`), submission,
//! cancellation, history and the deadlines (`api/openapi.yaml`, tags `organisers` and `me`).
use super::activities::encode_segment;
use super::client::{self, new_idempotency_key, Versioned};
use super::query::ApiPath;
use super::ApiError;
use crate::models::{
    ActivityFields, Deadlines, HistoryEntry, Items, MyRoles, OrganiserActivity, Page, SubmitWindow,
    Unit, UnitInput, UnitRef,
};
use gloo_net::http::Method;
use serde_json::json;

pub async fn fetch_my_roles() -> Result<MyRoles, ApiError> {
    client::get("/me/roles").await
}

pub async fn fetch_deadlines() -> Result<Deadlines, ApiError> {
    client::get("/organiser/deadlines").await
}

pub async fn fetch_societies() -> Result<Vec<UnitRef>, ApiError> {
    Ok(client::get::<Items<UnitRef>>("/organiser/societies")
        .await?
        .items)
}

pub async fn my_units() -> Result<Vec<Unit>, ApiError> {
    Ok(client::get::<Items<Unit>>("/organiser/units").await?.items)
}

fn unit_body(input: &UnitInput) -> serde_json::Value {
    let society = input.society_id.trim();
    json!({
        "name": input.name.trim(),
        "kind": input.kind,
        "credit_code": input.credit_code,
        "province_code": input.province_code,
        "city_code": input.city_code,
        "contact_name": input.contact_name.trim(),
        "contact_phone": input.contact_phone.trim(),
        "society_id": (!society.is_empty()).then_some(society),
    })
}

/// Registers a unit (`id` None, once per `key`) or corrects one.
pub async fn save_unit(id: Option<&str>, input: &UnitInput, key: &str) -> Result<Unit, ApiError> {
    let body = unit_body(input);
    match id {
        None => client::send(Method::POST, "/organiser/units", Some(&body), Some(key)).await,
        Some(id) => {
            let path = format!("/organiser/units/{}", encode_segment(id));
            client::send(Method::PATCH, &path, Some(&body), None).await
        }
    }
}

pub async fn unit_history(id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    let path = format!("/organiser/units/{}/history", encode_segment(id));
    Ok(client::get::<Items<HistoryEntry>>(&path).await?.items)
}

pub async fn my_activities() -> Result<Vec<OrganiserActivity>, ApiError> {
    let path = ApiPath::new("/organiser/activities".to_string()).param("limit", 50);
    Ok(client::get::<Page<OrganiserActivity>>(&path.build())
        .await?
        .items)
}

fn activity_path(id: &str) -> String {
    format!("/organiser/activities/{}", encode_segment(id))
}

pub async fn fetch_activity(id: &str) -> Result<Versioned<OrganiserActivity>, ApiError> {
    client::get_versioned(&activity_path(id)).await
}

/// Starts the draft of `unit_id` with what is typed so far (once per `key`).
pub async fn create_activity(
    unit_id: &str,
    fields: &ActivityFields,
    key: &str,
) -> Result<Versioned<OrganiserActivity>, ApiError> {
    let mut body = fields.to_patch();
    body["unit_id"] = unit_id.into();
    client::send_versioned(
        Method::POST,
        "/organiser/activities",
        &body,
        None,
        Some(key),
    )
    .await
}

/// Saves the draft on the version `etag` (412 when the server's copy changed since).
pub async fn update_activity(
    id: &str,
    fields: &ActivityFields,
    etag: Option<&str>,
) -> Result<Versioned<OrganiserActivity>, ApiError> {
    client::send_versioned(
        Method::PATCH,
        &activity_path(id),
        &fields.to_patch(),
        etag,
        None,
    )
    .await
}

pub async fn submit_activity(
    id: &str,
    etag: Option<&str>,
) -> Result<Versioned<OrganiserActivity>, ApiError> {
    let key = new_idempotency_key();
    let path = format!("{}/submit", activity_path(id));
    client::send_versioned(Method::POST, &path, &json!({}), etag, Some(&key)).await
}

pub async fn cancel_activity(id: &str, reason: &str) -> Result<OrganiserActivity, ApiError> {
    let key = new_idempotency_key();
    let path = format!("{}/cancel", activity_path(id));
    client::send(
        Method::POST,
        &path,
        Some(&json!({ "reason": reason })),
        Some(&key),
    )
    .await
}

pub async fn activity_history(id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    let path = format!("{}/history", activity_path(id));
    Ok(client::get::<Items<HistoryEntry>>(&path).await?.items)
}

/// The window a 409 `window-closed` names.
pub fn window_closed(error: &ApiError) -> Option<SubmitWindow> {
    let p = error.problem()?;
    if !p.kind.as_deref()?.ends_with("/window-closed") {
        return None;
    }
    let at = |s: &Option<String>| chrono::DateTime::parse_from_rfc3339(s.as_deref()?).ok();
    Some(SubmitWindow {
        opens_at: at(&p.opens_at)?,
        closes_at: at(&p.closes_at)?,
    })
}
