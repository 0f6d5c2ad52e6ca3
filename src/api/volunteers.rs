//! 点赞科技志愿: the list, one volunteer, likes, the leaderboard and my likes today.
use super::activities::encode_segment;
use super::{client, ApiError};
use crate::models::{
    encode, Leaderboard, LeaderboardQuery, MyLikesToday, Volunteer, VolunteerLikeResult,
    VolunteerPage, VolunteerQuery,
};
use gloo_net::http::Method;

/// `GET /volunteers`: one page for the query, after `cursor`.
pub async fn list_volunteers(
    query: &VolunteerQuery,
    cursor: Option<&str>,
) -> Result<VolunteerPage, ApiError> {
    let qs = query.to_query_string();
    let mut path = String::from("/volunteers?limit=20");
    if !qs.is_empty() {
        path.push('&');
        path.push_str(&qs);
    }
    if let Some(c) = cursor {
        path.push_str("&cursor=");
        path.push_str(&encode(c));
    }
    client::get(&path).await
}

pub async fn fetch_volunteer(id: &str) -> Result<Volunteer, ApiError> {
    client::get(&format!("/volunteers/{}", encode_segment(id))).await
}

/// `POST /volunteers/{id}/likes` with the key of this one intended like (reused on retry).
pub async fn like_volunteer(
    id: &str,
    idempotency_key: &str,
) -> Result<VolunteerLikeResult, ApiError> {
    client::send::<(), _>(
        Method::POST,
        &format!("/volunteers/{}/likes", encode_segment(id)),
        None,
        Some(idempotency_key),
    )
    .await
}

pub async fn fetch_leaderboard(query: &LeaderboardQuery) -> Result<Leaderboard, ApiError> {
    client::get(&format!(
        "/volunteers/leaderboard?{}",
        query.to_query_string()
    ))
    .await
}

pub async fn fetch_my_likes() -> Result<MyLikesToday, ApiError> {
    client::get("/me/likes").await
}
