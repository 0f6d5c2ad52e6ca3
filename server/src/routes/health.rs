use crate::db::accounts;
use crate::problem::Problem;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// `GET /health`: the process answers and the database can be read.
pub async fn health(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    state.db.run(|conn| Ok(accounts::ping(conn)?)).await?;
    Ok(Json(
        json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION"), "database": "ok" }),
    ))
}
