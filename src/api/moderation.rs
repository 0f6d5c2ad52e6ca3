//! 内容审核: the moderators' queues and actions (`/moderation/*`), and the caller's roles.
use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{
    BannedWord, BannedWordList, Feedback, FeedbackPage, ModerationEntry, ModerationEntryPage, Mute,
    ReportedPost, ReportedPostPage,
};
use gloo_net::http::Method;
use serde_json::{json, Value};

/// Only `muted_until` of `GET /me/roles`, for the composer (read as plain JSON: the topics
/// section already has that decoder, so this adds no typed one to it).
pub async fn my_muted_until() -> Result<Option<String>, ApiError> {
    let roles: Value = client::get("/me/roles").await?;
    Ok(roles["muted_until"].as_str().map(str::to_string))
}

/// How many queue items one request brings.
pub const QUEUE_PAGE: u32 = 50;

/// A page of the entries waiting for review, oldest first (`cursor` from the previous page).
pub async fn entry_queue(cursor: Option<String>) -> Result<ModerationEntryPage, ApiError> {
    let path = ApiPath::new("/moderation/entries")
        .param("limit", QUEUE_PAGE)
        .opt("cursor", cursor.as_deref());
    client::get(&path.build()).await
}

/// A page of the reported posts: held ones first, then the most reported.
pub async fn report_queue(cursor: Option<String>) -> Result<ReportedPostPage, ApiError> {
    let path = ApiPath::new("/moderation/reports")
        .param("limit", QUEUE_PAGE)
        .opt("cursor", cursor.as_deref());
    client::get(&path.build()).await
}

/// Claims an entry or a post (`kind`) for two minutes so no one else decides it meanwhile.
pub async fn claim(kind: &str, id: &str) -> Result<Value, ApiError> {
    client::send(
        Method::POST,
        "/moderation/claims",
        Some(&json!({ "kind": kind, "id": id })),
        None,
    )
    .await
}

/// `reason` is given (a reason code) to reject, absent to approve.
pub async fn decide_entry(
    id: &str,
    reason: Option<&str>,
    note: Option<&str>,
    key: &str,
) -> Result<ModerationEntry, ApiError> {
    let body = match reason {
        None => json!({ "decision": "approve" }),
        Some(r) => json!({ "decision": "reject", "reason": r, "note": note }),
    };
    client::send(
        Method::POST,
        &format!("/moderation/entries/{}/decision", encode_segment(id)),
        Some(&body),
        Some(key),
    )
    .await
}

/// `action`: `hide` (with `reason`), `restore` or `dismiss`.
pub async fn decide_post(
    id: &str,
    action: &str,
    reason: Option<&str>,
    key: &str,
) -> Result<ReportedPost, ApiError> {
    client::send(
        Method::POST,
        &format!("/moderation/posts/{}/decision", encode_segment(id)),
        Some(&json!({ "action": action, "reason": reason })),
        Some(key),
    )
    .await
}

pub async fn mute(user: &str, days: u32, reason: &str, key: &str) -> Result<Mute, ApiError> {
    client::send(
        Method::POST,
        &format!("/moderation/users/{}/mute", encode_segment(user)),
        Some(&json!({ "days": days, "reason": reason })),
        Some(key),
    )
    .await
}

pub async fn list_words() -> Result<BannedWordList, ApiError> {
    client::get("/moderation/words").await
}

pub async fn add_word(word: &str, category: &str, key: &str) -> Result<BannedWord, ApiError> {
    client::send(
        Method::POST,
        "/moderation/words",
        Some(&json!({ "word": word, "category": category })),
        Some(key),
    )
    .await
}

pub async fn remove_word(word: &str, category: &str) -> Result<(), ApiError> {
    let path = ApiPath::new("/moderation/words")
        .param("word", word)
        .param("category", category);
    client::send_no_content(Method::DELETE, &path.build()).await
}

// modfb: 反馈评价 comments waiting for moderation.

/// A page of the ratings whose comment waits for moderation, oldest first.
pub async fn feedback_queue(cursor: Option<String>) -> Result<FeedbackPage, ApiError> {
    let path = ApiPath::new("/moderation/feedback")
        .param("limit", QUEUE_PAGE)
        .opt("cursor", cursor.as_deref());
    client::get(&path.build()).await
}

/// Approves (`approve`) or rejects a rating's comment, with an optional note for the log.
pub async fn decide_feedback(
    id: &str,
    approve: bool,
    note: Option<&str>,
    key: &str,
) -> Result<Feedback, ApiError> {
    let decision = if approve { "approve" } else { "reject" };
    client::send(
        Method::POST,
        &format!("/moderation/feedback/{}/decision", encode_segment(id)),
        Some(&json!({ "decision": decision, "note": note })),
        Some(key),
    )
    .await
}
