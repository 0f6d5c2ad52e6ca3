//! `GET /activities/{id}` (and, in issue 4, the search).
use crate::db::activities::{self, Activity};
use crate::problem::Problem;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;

pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Activity>, Problem> {
    let path = format!("/api/v1/activities/{id}");
    let now = state.clock.now().timestamp();
    let found = state
        .db
        .run(move |conn| Ok(activities::find(conn, &id, now)?))
        .await?;
    found
        .map(Json)
        .ok_or_else(|| Problem::not_found("活动不存在或已下线").with_instance(&path))
}
