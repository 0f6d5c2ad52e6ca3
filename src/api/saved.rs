//! 收藏 (`api/openapi.yaml`, tag `saved`): saving and unsaving an activity (both naturally
//! idempotent: no Idempotency-Key), the caller's saved ids, and 我的收藏 page by page.
use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{ActivityPage, SavedIds};
use gloo_net::http::Method;

/// `PUT` (`saved`) or `DELETE /me/saved/{id}`. The answer's body is not needed (not decoded:
/// no decoder of its own travels with the button).
pub async fn set_saved(id: &str, saved: bool) -> Result<(), ApiError> {
    let method = if saved { Method::PUT } else { Method::DELETE };
    client::send_no_content(method, &format!("/me/saved/{}", encode_segment(id))).await
}

pub async fn saved_ids() -> Result<SavedIds, ApiError> {
    client::get("/me/saved/ids").await
}

/// 我的收藏, the latest saved first: activity summaries, read with the search's own type.
pub async fn list_saved(cursor: Option<&str>) -> Result<ActivityPage, ApiError> {
    let path = ApiPath::new("/me/saved")
        .param("limit", 20)
        .opt("cursor", cursor);
    client::get(&path.build()).await
}
