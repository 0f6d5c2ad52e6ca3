//! 工作总结 (`api/openapi.yaml`, tag `summaries`): the unit's summary, saved as typed with
//! `If-Match`, submitted once; and the reviewers' read of it.
use super::activities::encode_segment;
use super::client::{self, new_idempotency_key, Versioned};
use super::ApiError;
use crate::models::{SummaryBlock, UnitSummary};
use gloo_net::http::Method;
use serde_json::json;

fn summary_path(unit_id: &str) -> String {
    format!("/organiser/units/{}/summary", encode_segment(unit_id))
}

pub async fn fetch_summary(unit_id: &str) -> Result<Versioned<UnitSummary>, ApiError> {
    client::get_versioned(&summary_path(unit_id)).await
}

/// Saves the draft (the blocks and the attachment list) on the version `etag`.
pub async fn save_summary(
    unit_id: &str,
    blocks: &[SummaryBlock],
    attachment_upload_ids: &[String],
    etag: Option<&str>,
) -> Result<Versioned<UnitSummary>, ApiError> {
    let body = json!({ "blocks": blocks, "attachment_upload_ids": attachment_upload_ids });
    client::send_versioned(Method::PATCH, &summary_path(unit_id), &body, etag, None).await
}

pub async fn submit_summary(unit_id: &str) -> Result<Versioned<UnitSummary>, ApiError> {
    let key = new_idempotency_key();
    let path = format!("{}/submit", summary_path(unit_id));
    client::send_versioned(Method::POST, &path, &json!({}), None, Some(&key)).await
}

pub async fn review_summary(unit_id: &str) -> Result<UnitSummary, ApiError> {
    client::get(&format!(
        "/review/units/{}/summary",
        encode_segment(unit_id)
    ))
    .await
}
