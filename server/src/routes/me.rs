//! `GET /me`, `PATCH /me`.
use crate::auth::{user_by_id, CurrentUser, User};
use crate::db::{accounts, near};
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
    /// Absent: unchanged (`null` is not a name: a 422).
    #[serde(default, deserialize_with = "present")]
    display_name: Option<String>,
    /// Absent: unchanged; `null`: forget the city; a code: remember it.
    #[serde(default, deserialize_with = "present")]
    city_code: Option<Option<String>>,
}

/// A field that is present (even as `null`) is `Some`.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
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
    if update.display_name.is_none() && update.city_code.is_none() {
        return Err(Problem::field("body", "请提供要修改的昵称或城市"));
    }
    let name = update
        .display_name
        .as_deref()
        .map(check_display_name)
        .transpose()?;
    let city = update.city_code;
    let id = current.user.id;
    let user = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            if let Some(city) = &city {
                if let Some(code) = city {
                    if near::city_region(&tx, code)?.is_none() {
                        return Err(Problem::field("city_code", "没有这个城市"));
                    }
                }
                near::set_user_city(&tx, &id, city.as_deref())?;
            }
            if let Some(name) = &name {
                accounts::set_display_name(&tx, &id, name)?;
            }
            let user = user_by_id(&tx, &id)?.ok_or_else(Problem::internal)?;
            tx.commit()?;
            Ok(user)
        })
        .await?;
    Ok(Json(user))
}
