//! Search latency benchmark (issue 4): seeds ≥ 50,000 activities, then times representative
//! searches over loopback HTTP against the real server and prints p50/p95/max per scenario.
//! Run through `scripts/bench`; nothing here is a pass/fail test.
use kepuri_server::{spawn, Config};
use std::time::{Duration, Instant};

const SCENARIOS: &[(&str, &str)] = &[
    ("keyword, 1 character (核)", "q=%E6%A0%B8"),
    ("keyword, 2 characters (水利)", "q=%E6%B0%B4%E5%88%A9"),
    (
        "keyword, 3+ characters (碳中和)",
        "q=%E7%A2%B3%E4%B8%AD%E5%92%8C",
    ),
    (
        "keyword + 2 filters",
        "q=%E8%88%AA%E5%A4%A9&province=110000&format=offline",
    ),
    (
        "filters only, facets (theme + day)",
        "theme=nuclear&from=2021-09-13&to=2021-09-13",
    ),
    ("no filters, start order", "sort=start"),
    ("popular, page 2", "sort=popular&limit=20"),
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let scale: usize = std::env::var("BENCH_SEED_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let db =
        std::env::var("BENCH_DB").unwrap_or_else(|_| format!("target/bench/search-{scale}.db"));
    let mut config = Config::for_db(&db);
    config.seed_scale = scale;
    let started = Instant::now();
    let (addr, _handle) = spawn(config).await?;
    println!(
        "database {db} (seed scale {scale}) ready in {:.1?}",
        started.elapsed()
    );
    let client = reqwest::Client::new();
    let base = format!("http://{addr}/api/v1/activities");
    let total: serde_json::Value = client.get(&base).send().await?.json().await?;
    println!(
        "activities: {}   cores: {}   iterations per scenario: {iterations}",
        total["total"],
        std::thread::available_parallelism()?.get()
    );
    println!(
        "{:<40} {:>9} {:>9} {:>9} {:>8}",
        "scenario", "p50", "p95", "max", "results"
    );
    for (name, query) in SCENARIOS {
        let mut url = format!("{base}?{query}");
        if name.contains("page 2") {
            let first: serde_json::Value = client.get(&url).send().await?.json().await?;
            url = format!(
                "{url}&cursor={}",
                first["next_cursor"].as_str().unwrap_or_default()
            );
        }
        // Warm up, then measure.
        let mut results = 0;
        for _ in 0..5 {
            let v: serde_json::Value = client.get(&url).send().await?.json().await?;
            results = v["total"].as_i64().unwrap_or_default();
        }
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let t = Instant::now();
            let res = client.get(&url).send().await?;
            assert!(res.status().is_success(), "{name}: {}", res.status());
            res.bytes().await?;
            times.push(t.elapsed());
        }
        times.sort();
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:<40} {:>9} {:>9} {:>9} {:>8}",
            name,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(*times.last().unwrap()),
            results
        );
    }
    Ok(())
}
