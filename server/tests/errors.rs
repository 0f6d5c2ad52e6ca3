//! The error conventions for request bodies: malformed JSON → 400, wrong content type → 415,
//! too large → 413, all as problem+json. Exercised through a route that only tests mount.
mod common;

use axum::routing::post;
use axum::Router;
use common::expect_problem;
use kepuri_server::problem::ApiJson;
use kepuri_server::{prepare, routes, Config};

async fn echo(ApiJson(v): ApiJson<serde_json::Value>) -> axum::Json<serde_json::Value> {
    axum::Json(v)
}

async fn serve() -> (String, reqwest::Client) {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut config = Config::for_db(dir.join("t.db"));
    config.body_limit = 1024;
    let state = prepare(config).await.unwrap();
    let app = Router::new()
        .route("/api/v1/echo", post(echo))
        .merge(routes::router(state));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/api/v1/echo"), reqwest::Client::new())
}

#[tokio::test]
async fn body_errors_are_problems() {
    let (url, client) = serve().await;
    let ok = client
        .post(&url)
        .json(&serde_json::json!({"a": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    let malformed = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"a\":")
        .send()
        .await
        .unwrap();
    let body = expect_problem(malformed, 400).await;
    assert_eq!(body["detail"], "请求体不是合法的 JSON");

    let wrong_type = client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_problem(wrong_type, 415).await;

    let big = format!("{{\"a\":\"{}\"}}", "x".repeat(4096));
    let too_large = client
        .post(&url)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    expect_problem(too_large, 413).await;
}
