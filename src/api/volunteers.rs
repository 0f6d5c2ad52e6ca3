//! 点赞科技志愿: the list, one volunteer, likes, the leaderboard and my likes today.
use super::activities::encode_segment;
use super::query::ApiPath;
use super::{client, ApiError};
use crate::models::{
    Leaderboard, LeaderboardQuery, MyLikesToday, Volunteer, VolunteerLikeResult, VolunteerPage,
    VolunteerQuery,
};
use gloo_net::http::Method;

/// `GET /volunteers`: one page for the query, after `cursor`.
pub async fn list_volunteers(
    query: &VolunteerQuery,
    cursor: Option<&str>,
) -> Result<VolunteerPage, ApiError> {
    let path = ApiPath::new("/volunteers")
        .param("limit", 20)
        .query(&query.to_query_string())
        .opt("cursor", cursor);
    client::get(&path.build()).await
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
    let path = ApiPath::new("/volunteers/leaderboard").query(&query.to_query_string());
    client::get(&path.build()).await
}

pub async fn fetch_my_likes() -> Result<MyLikesToday, ApiError> {
    client::get("/me/likes").await
}
