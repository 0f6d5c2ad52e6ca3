//! Upload throughput: starts the real server in-process on loopback, generates a 200 MB file in
//! memory, uploads it with tus `PATCH` chunks of 8 MiB and 32 MiB, and compares each with one
//! plain `PUT` of the same bytes to a raw endpoint that streams its body to a file in the same
//! folder (the ceiling for this machine, disk and HTTP stack). Prints MB/s and the ratio, and
//! checks every uploaded file byte for byte. Unattended; exits non-zero on any mismatch.
//!
//! `BENCH_MB` (default 200), `BENCH_CHUNKS_MIB` (default `8,32`), `BENCH_DIR` (default: a
//! temporary folder). Run: `cargo run -p kepuri-server --profile server --example upload_bench`.
use axum::body::{Body, HttpBody};
use axum::routing::put;
use axum::Router;
use kepuri_server::{spawn_with, AppState, Config};
use serde_json::{json, Value};
use std::io::Write;
use std::time::Instant;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
const MIB: usize = 1024 * 1024;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// `PUT /api/v1/bench/raw`: the body straight into `raw.bin` in the upload folder.
fn raw_route(dir: std::path::PathBuf) -> Router<AppState> {
    Router::new().route(
        "/bench/raw",
        put(move |mut body: Body| async move {
            let mut file = std::fs::File::create(dir.join("raw.bin")).expect("raw file");
            while let Some(frame) =
                std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
            {
                if let Ok(data) = frame.expect("body").into_data() {
                    // Same as the tus writer would do per batch, minus the batching.
                    tokio::task::block_in_place(|| file.write_all(&data)).expect("write");
                }
            }
            axum::http::StatusCode::NO_CONTENT
        }),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), BoxError> {
    let mb: usize = env("BENCH_MB", "200").parse()?;
    let chunks: Vec<usize> = env("BENCH_CHUNKS_MIB", "8,32")
        .split(',')
        .map(|c| c.trim().parse())
        .collect::<Result<_, _>>()?;
    let tmp = tempfile::tempdir()?;
    let dir = std::env::var_os("BENCH_DIR").map_or_else(|| tmp.path().to_path_buf(), Into::into);
    let mut config = Config::for_db(dir.join("bench.db"));
    config.dev_codes = true;
    config.max_upload_bytes = 600 * MIB as u64;
    // The raw PUT sends everything in one body.
    config.body_limit = (mb + 1) * 1_000_000;
    let upload_dir = config.upload_dir();
    std::fs::create_dir_all(&upload_dir)?;
    let (addr, _server) = spawn_with(config, raw_route(upload_dir.clone())).await?;
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::builder().no_gzip().no_brotli().build()?;

    let session: Value = client
        .post(format!("{base}/auth/sessions"))
        .json(&json!({ "phone": "13800000001", "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .send()
        .await?
        .json()
        .await?;
    let token = session["token"].as_str().ok_or("no token")?.to_string();

    let len = mb * 1_000_000;
    let bytes: Vec<u8> = (0..len)
        .map(|i| ((i * 2_654_435_761) >> 13) as u8)
        .collect();
    println!(
        "upload_bench: {mb} MB ({len} bytes) over loopback, files in {}",
        upload_dir.display()
    );

    // The ceiling: one plain PUT.
    let started = Instant::now();
    let res = client
        .put(format!("{base}/bench/raw"))
        .body(bytes.clone())
        .send()
        .await?;
    let raw_secs = started.elapsed().as_secs_f64();
    if res.status() != 204 || std::fs::read(upload_dir.join("raw.bin"))? != bytes {
        return Err(format!("raw PUT failed: {}", res.status()).into());
    }
    let raw = len as f64 / 1e6 / raw_secs;
    println!("  plain PUT            {raw:8.1} MB/s  ({raw_secs:.2} s)");

    let mut failed = false;
    for mib in &chunks {
        let chunk = mib * MIB;
        let res = client
            .post(format!("{base}/uploads"))
            .bearer_auth(&token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", len.to_string())
            .send()
            .await?;
        let location = res.headers()["location"].to_str()?.to_string();
        let url = format!("http://{addr}{location}");
        let started = Instant::now();
        let mut offset = 0;
        while offset < len {
            let end = (offset + chunk).min(len);
            let res = client
                .patch(&url)
                .bearer_auth(&token)
                .header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", offset.to_string())
                .body(bytes[offset..end].to_vec())
                .send()
                .await?;
            if res.status() != 204 {
                return Err(format!("PATCH at {offset}: {}", res.status()).into());
            }
            offset = end;
        }
        let secs = started.elapsed().as_secs_f64();
        let id = location.rsplit('/').next().unwrap_or_default();
        let ok = std::fs::read(upload_dir.join(format!("{id}.bin")))? == bytes;
        failed |= !ok;
        let rate = len as f64 / 1e6 / secs;
        println!(
            "  tus PATCH {mib:>3} MiB    {rate:8.1} MB/s  ({secs:.2} s, {} requests)  {:.2}× the plain PUT{}",
            len.div_ceil(chunk),
            rate / raw,
            if ok { "" } else { "  MISMATCH" }
        );
    }
    if failed {
        return Err("an uploaded file differs from what was sent".into());
    }
    Ok(())
}
