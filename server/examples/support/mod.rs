//! What the benchmarks in `server/examples/` share: settings from the environment, percentiles,
//! the server started in-process on loopback, and users logged in through the dev SMS code.
//! (Not an example itself: cargo only builds the files directly in `examples/`.)
#![allow(dead_code)] // each example uses a different part of this

use kepuri_server::{build_app, AppState};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A whole-number setting from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile (0–1) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `throughput … req/s   latency p50 …   p99 …   max …` for `requests` answered in `wall`,
/// from their sorted latencies.
pub fn throughput_line(requests: usize, wall: Duration, sorted: &[Duration]) -> String {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    format!(
        "throughput {:.0} req/s   latency p50 {}   p99 {}   max {}",
        requests as f64 / wall.as_secs_f64(),
        ms(percentile(sorted, 0.5)),
        ms(percentile(sorted, 0.99)),
        ms(*sorted.last().unwrap_or(&Duration::ZERO))
    )
}

/// Serves `state` on a free loopback port; the API base URL (`http://127.0.0.1:port/api/v1`).
pub async fn serve(state: AppState) -> Result<String, BoxError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, build_app(state)).await });
    Ok(format!("http://{addr}/api/v1"))
}

/// A session token for `phone` through the dev SMS code.
pub async fn log_in(client: &reqwest::Client, base: &str, phone: &str) -> Result<String, BoxError> {
    let res = client
        .post(format!("{base}/auth/sessions"))
        .json(&json!({
            "phone": phone,
            "code": "246810",
            "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" },
        }))
        .send()
        .await?;
    let status = res.status();
    let body: Value = res.json().await?;
    match body["token"].as_str() {
        Some(token) => Ok(token.to_string()),
        None => Err(format!("log in {phone}: {status} {body}").into()),
    }
}

/// Tokens for `phones`, in their order, with at most `concurrency` logins at once.
pub async fn log_in_all(
    client: &reqwest::Client,
    base: &str,
    phones: Vec<String>,
    concurrency: usize,
) -> Result<Vec<String>, BoxError> {
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut logins = JoinSet::new();
    let count = phones.len();
    for (n, phone) in phones.into_iter().enumerate() {
        let (client, base, gate) = (client.clone(), base.to_string(), gate.clone());
        logins.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            Ok::<_, BoxError>((n, log_in(&client, &base, &phone).await?))
        });
    }
    let mut tokens = vec![String::new(); count];
    while let Some(done) = logins.join_next().await {
        let (n, token) = done??;
        tokens[n] = token;
    }
    Ok(tokens)
}
