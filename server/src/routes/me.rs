//! `GET /me`, `PATCH /me`.
use crate::auth::{user_by_id, CurrentUser, User};
use crate::db::accounts;
use crate::problem::{ApiJson, Problem};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

pub async fn me(current: CurrentUser) -> Json<User> {
    Json(current.user)
}

#[derive(Deserialize)]
pub struct UserUpdate {
    display_name: String,
}

/// 2–20 characters (Unicode scalar values) after trimming, no control or bidi-override
/// characters, at least one visible character.
pub fn check_display_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    let n = name.chars().count();
    let message = if n < 2 {
        "昵称至少需要2个字".to_string()
    } else if n > 20 {
        "昵称不能超过20个字".to_string()
    } else if let Err(u) = crate::text::check(name, false) {
        format!("昵称{}", u.message())
    } else {
        return Ok(name.to_string());
    };
    Err(Problem::field("display_name", message))
}

pub async fn update_me(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(update): ApiJson<UserUpdate>,
) -> Result<Json<User>, Problem> {
    let name = check_display_name(&update.display_name)?;
    let id = current.user.id;
    let user = state
        .db
        .run(move |conn| {
            accounts::set_display_name(conn, &id, &name)?;
            user_by_id(conn, &id)?.ok_or_else(Problem::internal)
        })
        .await?;
    Ok(Json(user))
}
