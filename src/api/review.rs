//! 登记填报 for reviewers: counts, the queues of units and activities in scope, one record with
//! its history, and decisions (one, or many activities at once). Outside the reviewer's scope the
//! server answers 404, without the role 403 (`api/openapi.yaml`, tag `review`).
use super::activities::encode_segment;
use super::client::{self, new_idempotency_key};
use super::query::ApiPath;
use super::ApiError;
use crate::models::{
    BatchDecisionResult, HistoryEntry, Items, OrganiserActivity, Page, ReviewSummary, Unit,
};
use gloo_net::http::Method;
use serde_json::json;

/// The filters of the activity queue (each as the URL holds it; empty = any).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityFilter {
    pub status: String,
    pub theme: String,
    pub event_kind: String,
    pub from: String,
    pub to: String,
}

pub async fn review_summary() -> Result<ReviewSummary, ApiError> {
    client::get("/review/summary").await
}

pub async fn review_units(status: &str) -> Result<Page<Unit>, ApiError> {
    let path = ApiPath::new("/review/units")
        .param("limit", 50)
        .opt("status", (!status.is_empty()).then_some(status));
    client::get(&path.build()).await
}

pub async fn review_activities(f: &ActivityFilter) -> Result<Page<OrganiserActivity>, ApiError> {
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let path = ApiPath::new("/review/activities")
        .param("limit", 50)
        .opt("status", some(&f.status))
        .opt("theme", some(&f.theme))
        .opt("event_kind", some(&f.event_kind))
        .opt("from", some(&f.from))
        .opt("to", some(&f.to));
    client::get(&path.build()).await
}

pub async fn review_activity(id: &str) -> Result<OrganiserActivity, ApiError> {
    client::get(&format!("/review/activities/{}", encode_segment(id))).await
}

pub async fn review_activity_history(id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    let path = format!("/review/activities/{}/history", encode_segment(id));
    Ok(client::get::<Items<HistoryEntry>>(&path).await?.items)
}

pub async fn review_unit(id: &str) -> Result<Unit, ApiError> {
    client::get(&format!("/review/units/{}", encode_segment(id))).await
}

pub async fn review_unit_history(id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    let path = format!("/review/units/{}/history", encode_segment(id));
    Ok(client::get::<Items<HistoryEntry>>(&path).await?.items)
}

fn decision(approve: bool, reason: &str) -> serde_json::Value {
    let reason = reason.trim();
    json!({
        "decision": if approve { "approve" } else { "return" },
        "reason": (!reason.is_empty()).then_some(reason),
    })
}

/// Approves, or returns with `reason`, the record at `path` (`units` or `activities`).
pub async fn decide<T: serde::de::DeserializeOwned>(
    kind: &str,
    id: &str,
    approve: bool,
    reason: &str,
    key: &str,
) -> Result<T, ApiError> {
    let path = format!("/review/{kind}/{}/decision", encode_segment(id));
    client::send(
        Method::POST,
        &path,
        Some(&decision(approve, reason)),
        Some(key),
    )
    .await
}

/// Approves up to 50 submitted activities at once; each is reported on its own.
pub async fn approve_activities(ids: &[String]) -> Result<BatchDecisionResult, ApiError> {
    let key = new_idempotency_key();
    client::send(
        Method::POST,
        "/review/activities/decisions",
        Some(&json!({ "ids": ids, "decision": "approve", "reason": null })),
        Some(&key),
    )
    .await
}
