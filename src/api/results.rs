//! 活动回顾 for organisers (`api/openapi.yaml`, tag `results`): the results of one of the
//! caller's activities with their `ETag`, and saving the whole document on that version.
use super::activities::encode_segment;
use super::client::{self, Versioned};
use super::ApiError;
use crate::models::{ActivityResults, ActivityResultsInput};
use gloo_net::http::Method;

fn results_path(id: &str) -> String {
    format!("/organiser/activities/{}/results", encode_segment(id))
}

pub async fn fetch_results(id: &str) -> Result<Versioned<ActivityResults>, ApiError> {
    client::get_versioned(&results_path(id)).await
}

/// Replaces the results on the version `etag` (412 when the server's copy changed since; a
/// repeated save of the same document is answered as the first, so no Idempotency-Key).
pub async fn save_results(
    id: &str,
    input: &ActivityResultsInput,
    etag: Option<&str>,
) -> Result<Versioned<ActivityResults>, ApiError> {
    client::send_versioned(Method::PUT, &results_path(id), input, etag, None).await
}
