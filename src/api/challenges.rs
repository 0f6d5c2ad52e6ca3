use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{Challenge, Entry, EntryPage, EntrySort, GuardianConsent, LikeState};
use gloo_net::http::Method;
use serde_json::json;

/// The edition's challenge.
pub const CHALLENGE_ID: &str = "ch_2021";

pub async fn fetch_challenge() -> Result<Challenge, ApiError> {
    client::get(&format!("/challenges/{CHALLENGE_ID}")).await
}

pub async fn list_entries(
    sort: EntrySort,
    category: Option<&str>,
    cursor: Option<&str>,
) -> Result<EntryPage, ApiError> {
    let path = ApiPath::new(format!("/challenges/{CHALLENGE_ID}/entries"))
        .param("sort", sort.as_str())
        .param("limit", 20)
        .opt("category", category)
        .opt("cursor", cursor);
    client::get(&path.build()).await
}

pub async fn fetch_entry(id: &str) -> Result<Entry, ApiError> {
    client::get(&format!("/entries/{}", encode_segment(id))).await
}

pub async fn my_entries() -> Result<EntryPage, ApiError> {
    client::get("/me/entries?limit=50").await
}

pub async fn set_entry_like(id: String, liked: bool) -> Result<LikeState, ApiError> {
    client::set_like(&format!("/entries/{}/likes", encode_segment(&id)), liked).await
}

/// `key` is kept with the draft, so a retried submission is not filed twice.
pub async fn create_entry(
    upload_id: &str,
    title: &str,
    description: &str,
    category_id: &str,
    age: u32,
    guardian: Option<&GuardianConsent>,
    key: &str,
) -> Result<Entry, ApiError> {
    client::send(
        Method::POST,
        &format!("/challenges/{CHALLENGE_ID}/entries"),
        Some(&json!({
            "upload_id": upload_id,
            "title": title,
            "description": description,
            "category_id": category_id,
            "age": age,
            "guardian": guardian,
        })),
        Some(key),
    )
    .await
}

/// The author withdraws a rejected entry (it is deleted).
pub async fn withdraw_entry(id: &str) -> Result<(), ApiError> {
    client::send_no_content(
        Method::POST,
        &format!("/entries/{}/withdraw", encode_segment(id)),
    )
    .await
}

/// The author re-submits a rejected entry with a new finished upload (and, when they changed,
/// its title and description); `key` is kept with the draft so a retry is not filed twice.
pub async fn resubmit_entry(
    id: &str,
    upload_id: &str,
    title: &str,
    description: &str,
    key: &str,
) -> Result<Entry, ApiError> {
    client::send(
        Method::POST,
        &format!("/entries/{}/resubmit", encode_segment(id)),
        Some(&json!({
            "upload_id": upload_id,
            "title": title,
            "description": description,
        })),
        Some(key),
    )
    .await
}
