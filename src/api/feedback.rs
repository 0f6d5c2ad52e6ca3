//! 反馈评价 (`api/openapi.yaml`, tag `feedback`): an activity's summary (with the caller's own
//! rating), rating and withdrawing (naturally idempotent: no Idempotency-Key), the approved
//! comments page by page; and, for the same late pack, the public activity's 活动回顾.
use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{Feedback, FeedbackInput, FeedbackPage, FeedbackSummary};
use gloo_net::http::Method;

fn activity_path(id: &str, rest: &str) -> String {
    format!("/activities/{}/feedback{rest}", encode_segment(id))
}

pub async fn feedback_summary(activity_id: &str) -> Result<FeedbackSummary, ApiError> {
    client::get(&activity_path(activity_id, "")).await
}

/// Creates or replaces the caller's rating.
pub async fn put_my_feedback(
    activity_id: &str,
    input: &FeedbackInput,
) -> Result<Feedback, ApiError> {
    client::send(
        Method::PUT,
        &activity_path(activity_id, "/mine"),
        Some(input),
        None,
    )
    .await
}

pub async fn delete_my_feedback(activity_id: &str) -> Result<(), ApiError> {
    client::send_no_content(Method::DELETE, &activity_path(activity_id, "/mine")).await
}

/// Approved comments, newest first.
pub async fn feedback_comments(
    activity_id: &str,
    cursor: Option<&str>,
) -> Result<FeedbackPage, ApiError> {
    let path = ApiPath::new(activity_path(activity_id, "/comments"))
        .param("limit", 10)
        .opt("cursor", cursor);
    client::get(&path.build()).await
}

/// modfb: every rating of one of the caller's activities with its comment's moderation state,
/// newest first (`GET /organiser/activities/{id}/feedback`).
pub async fn organiser_feedback(
    activity_id: &str,
    cursor: Option<String>,
) -> Result<FeedbackPage, ApiError> {
    let path = ApiPath::new(format!(
        "/organiser/activities/{}/feedback",
        encode_segment(activity_id)
    ))
    .param("limit", 50)
    .opt("cursor", cursor.as_deref());
    client::get(&path.build()).await
}
