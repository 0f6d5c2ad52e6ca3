use crate::clock::cst;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

/// The current version of the 用户协议 (its text is the app's); a login must agree to it.
pub const TERMS_VERSION: &str = "2021-08-01";
/// The current version of the 隐私政策.
pub const PRIVACY_VERSION: &str = "2021-08-01";

/// `GET /edition`: the edition and the server's current time, which the app uses to correct the
/// device clock. Never cached.
pub async fn edition(State(state): State<AppState>) -> impl IntoResponse {
    let now = state.clock.now().with_timezone(&cst());
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "year": 2021,
            "name": "2021年全国科普日",
            "theme": "百年再出发，迈向高水平科技自立自强",
            "starts_on": "2021-09-11",
            "ends_on": "2021-09-17",
            "utc_offset": "+08:00",
            "server_time": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            "legal": { "terms": TERMS_VERSION, "privacy": PRIVACY_VERSION },
        })),
    )
}
