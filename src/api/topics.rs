use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{
    LikeState, NewPostCount, Poll, Post, PostPage, PostSort, TopicDetail, TopicPage,
};
use gloo_net::http::Method;
use serde_json::json;

pub async fn list_topics(cursor: Option<&str>) -> Result<TopicPage, ApiError> {
    let path = ApiPath::new("/topics")
        .param("limit", 20)
        .opt("cursor", cursor);
    client::get(&path.build()).await
}

pub async fn fetch_topic(id: &str) -> Result<TopicDetail, ApiError> {
    client::get(&format!("/topics/{}", encode_segment(id))).await
}

/// `tag`: only posts holding that hashtag (its text, without the `#`s).
pub async fn list_posts(
    topic: &str,
    sort: PostSort,
    tag: Option<&str>,
    cursor: Option<&str>,
) -> Result<PostPage, ApiError> {
    let path = ApiPath::new(format!("/topics/{}/posts", encode_segment(topic)))
        .param("sort", sort.as_str())
        .opt("tag", tag)
        .param("limit", 20)
        .opt("cursor", cursor);
    client::get(&path.build()).await
}

pub async fn count_new_posts(topic: &str, since: &str) -> Result<NewPostCount, ApiError> {
    let path = ApiPath::new(format!("/topics/{}/posts/new-count", encode_segment(topic)))
        .param("since", since);
    client::get(&path.build()).await
}

/// `key` is made once per intended post and reused when the same post is retried.
pub async fn create_post(
    topic: &str,
    text: &str,
    image_upload_id: Option<&str>,
    key: &str,
) -> Result<Post, ApiError> {
    client::send(
        Method::POST,
        &format!("/topics/{}/posts", encode_segment(topic)),
        Some(&json!({ "text": text, "image_upload_id": image_upload_id })),
        Some(key),
    )
    .await
}

pub async fn delete_post(id: &str) -> Result<(), ApiError> {
    client::send_no_content(Method::DELETE, &format!("/posts/{}", encode_segment(id))).await
}

pub async fn set_post_like(id: String, liked: bool) -> Result<LikeState, ApiError> {
    client::set_like(&format!("/posts/{}/likes", encode_segment(&id)), liked).await
}

/// `key` is one per intended report (see [`super::idempotency::IntentKey`]). The answer's body
/// is not needed (skipped, not decoded into a `serde_json::Value`, whose decoder would travel
/// with the topics section).
pub async fn report_post(id: &str, reason: &str, key: &str) -> Result<(), ApiError> {
    client::send::<_, serde::de::IgnoredAny>(
        Method::POST,
        &format!("/posts/{}/reports", encode_segment(id)),
        Some(&json!({ "reason": reason })),
        Some(key),
    )
    .await
    .map(|_| ())
}

/// `key` is one per intended vote (see [`super::idempotency::IntentKey`]).
pub async fn vote(topic: &str, option_ids: &[String], key: &str) -> Result<Poll, ApiError> {
    client::send(
        Method::POST,
        &format!("/topics/{}/poll/votes", encode_segment(topic)),
        Some(&json!({ "option_ids": option_ids })),
        Some(key),
    )
    .await
}
