//! 推荐 (issue 17): the indicator tables of the reviewer's scope, marking and withdrawing
//! recommendations, and the admin's list with its CSV export (`api/openapi.yaml`, tag
//! `recommendations`).
use super::activities::encode_segment;
use super::client;
use super::query::ApiPath;
use super::ApiError;
use crate::models::{
    ActivityIndicators, IndicatorPage, Items, Recommendation, RecommendationState, UnitIndicators,
};
use gloo_net::http::Method;
use serde_json::json;

/// One page of the units' table sorted by `sort` (`asc` or descending).
pub async fn unit_indicators(
    sort: &str,
    asc: bool,
    cursor: Option<String>,
) -> Result<IndicatorPage<UnitIndicators>, ApiError> {
    client::get(&indicators_path("units", sort, asc, cursor)).await
}

/// One page of the activities' table sorted by `sort`.
pub async fn activity_indicators(
    sort: &str,
    asc: bool,
    cursor: Option<String>,
) -> Result<IndicatorPage<ActivityIndicators>, ApiError> {
    client::get(&indicators_path("activities", sort, asc, cursor)).await
}

fn indicators_path(kind: &str, sort: &str, asc: bool, cursor: Option<String>) -> String {
    ApiPath::new(format!("/review/indicators/{kind}"))
        .param("sort", sort)
        .param("order", if asc { "asc" } else { "desc" })
        .param("limit", 50)
        .opt("cursor", cursor)
        .build()
}

pub async fn my_recommendations() -> Result<RecommendationState, ApiError> {
    client::get("/review/recommendations").await
}

fn recommendation_path(kind: &str, id: &str) -> String {
    format!("/review/recommendations/{kind}/{}", encode_segment(id))
}

/// Recommends unit/activity `id` (`kind` = `units` / `activities`): a `PUT`, so a retry is
/// harmless.
pub async fn recommend(kind: &str, id: &str, reason: &str) -> Result<Recommendation, ApiError> {
    let body = json!({ "reason": reason });
    client::send(
        Method::PUT,
        &recommendation_path(kind, id),
        Some(&body),
        None,
    )
    .await
}

pub async fn withdraw(kind: &str, id: &str) -> Result<(), ApiError> {
    client::send_no_content(Method::DELETE, &recommendation_path(kind, id)).await
}

/// Every recommendation (admin), optionally of one kind.
pub async fn all_recommendations(kind: &str) -> Result<Vec<Recommendation>, ApiError> {
    let path = ApiPath::new("/admin/recommendations")
        .opt("kind", (!kind.is_empty()).then_some(kind))
        .build();
    Ok(client::get::<Items<Recommendation>>(&path).await?.items)
}

/// The admin's CSV export as the server wrote it: UTF-8 with its BOM (which decoding the
/// answer as text drops, so it is put back) and CRLF line ends.
pub async fn recommendations_csv(kind: &str) -> Result<String, ApiError> {
    let path = ApiPath::new("/admin/recommendations")
        .param("format", "csv")
        .opt("kind", (!kind.is_empty()).then_some(kind))
        .build();
    let text = client::get_text(&path).await?;
    Ok(if text.starts_with('\u{FEFF}') {
        text
    } else {
        format!("\u{FEFF}{text}")
    })
}
