//! Search latency benchmark (issues 4 and 21): starts one or more builds of the server as
//! processes on loopback, each over its own seeded database, and times the same searches
//! against each — one client at a time (p50/p95/p99/max), then `BENCH_CLIENTS` clients at once
//! (throughput, p50/p99, errors) — and reads each server's resident memory. Prints one table
//! with the builds side by side, and whether they answered every search identically (ETags).
//! Run through `scripts/bench`; nothing here is a pass/fail test.
//!
//! - `BENCH_SEED_SCALE`: seed scales, comma-separated (default `84,417`: 100,800 and 500,400
//!   activities; 1 ≈ 1,200).
//! - `BENCH_SERVERS`: `label=binary`, comma-separated (default `after=target/server/kepuri-server`);
//!   `scripts/bench` adds `before=` a build of the commit named by `BENCH_BEFORE`.
//! - `BENCH_ITERATIONS` (default 200) sequential requests per search after 5 warm-ups, cut
//!   short after `BENCH_SCENARIO_SECONDS` (30; at least 20 runs); `BENCH_CLIENTS` (32) and
//!   `BENCH_CONCURRENT_REQUESTS` (6,400, cut short after `BENCH_CONCURRENT_SECONDS`, 90) for
//!   the concurrent run.
//! - Databases go to `target/bench/search-<label>-<scale>.db` and are reused.
mod support;

use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{env_usize, percentile, BoxError};

/// (name, query). Each runs as `GET /api/v1/activities?<query>` with total and facets.
const SCENARIOS: &[(&str, &str)] = &[
    ("1 char, broad (科)", "q=科"),
    ("1 char, everything (活)", "q=活"),
    ("1 char, broad (学)", "q=学"),
    ("1 char (水)", "q=水"),
    ("1 char (核)", "q=核"),
    ("1 char, start order (科)", "q=科&sort=start"),
    ("1 char, popular, page 2 (科)", "q=科&sort=popular&page=2"),
    ("2 chars (天文)", "q=天文"),
    ("2 chars (水利)", "q=水利"),
    ("2 chars, broad (科普)", "q=科普"),
    ("3+ chars (碳中和)", "q=碳中和"),
    ("3+ chars, everything (主办的)", "q=主办的"),
    (
        "健康 + province + one day",
        "q=健康&province=440000&from=2021-09-14&to=2021-09-14",
    ),
    (
        "航天 + 北京 + 线下",
        "q=航天&province=110000&format=offline",
    ),
    (
        "科 + theme + format, start order",
        "q=科&theme=space&format=online&sort=start",
    ),
    (
        "theme + format, popular",
        "theme=health&format=offline&sort=popular",
    ),
    (
        "theme + one day (facets)",
        "theme=nuclear&from=2021-09-13&to=2021-09-13",
    ),
    ("no filters, start order", "sort=start"),
    ("no filters, popular, page 2", "sort=popular&page=2"),
    ("no filters, start order, page 50", "sort=start&page=50"),
];

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Resident and peak resident memory (MiB), from /proc.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

async fn start(
    binary: &str,
    db: &str,
    scale: usize,
    log: &str,
) -> Result<(Server, Duration), BoxError> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let started = Instant::now();
    let child = Command::new(binary)
        .args(["--db", db, "--seed-scale", &scale.to_string()])
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log)?)
        .spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}/api/v1"),
    };
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client.get(format!("{}/health", server.base)).send().await {
            if r.status().is_success() {
                return Ok((server, started.elapsed()));
            }
        }
        if started.elapsed() > Duration::from_secs(3600) {
            return Err(format!("{binary} did not start; see {log}").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The scenario's URL; `page=N` turns into the cursor after N−1 pages of 20.
async fn url_of(client: &reqwest::Client, base: &str, query: &str) -> Result<String, BoxError> {
    let mut parts: Vec<&str> = query.split('&').collect();
    let page = parts
        .iter()
        .position(|p| p.starts_with("page="))
        .map(|i| parts.remove(i)[5..].parse::<usize>())
        .transpose()?
        .unwrap_or(1);
    let url = format!("{base}/activities?{}", parts.join("&"));
    let mut cursor: Option<String> = None;
    for _ in 1..page {
        let u = match &cursor {
            Some(c) => format!("{url}&cursor={c}"),
            None => url.clone(),
        };
        let v: Value = client.get(u).send().await?.json().await?;
        cursor = v["next_cursor"].as_str().map(String::from);
    }
    Ok(match cursor {
        Some(c) => format!("{url}&cursor={c}"),
        None => url,
    })
}

#[derive(Default, Clone)]
struct Single {
    p50: Duration,
    p95: Duration,
    p99: Duration,
    max: Duration,
    total: i64,
    etag: String,
}

struct Concurrent {
    requests: usize,
    errors: usize,
    throughput: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

struct Run {
    label: String,
    ready: Duration,
    /// Whether `ready` includes seeding (a new database) or only opening and indexing.
    seeded: bool,
    activities: i64,
    single: Vec<Single>,
    concurrent: Concurrent,
    rss: (f64, f64),
}

async fn measure(label: &str, binary: &str, scale: usize) -> Result<Run, BoxError> {
    let iterations = env_usize("BENCH_ITERATIONS", 200);
    let clients = env_usize("BENCH_CLIENTS", 32).max(1);
    let concurrent_requests = env_usize("BENCH_CONCURRENT_REQUESTS", 6_400);
    let scenario_budget = Duration::from_secs(env_usize("BENCH_SCENARIO_SECONDS", 30) as u64);
    let concurrent_budget = Duration::from_secs(env_usize("BENCH_CONCURRENT_SECONDS", 90) as u64);
    std::fs::create_dir_all("target/bench")?;
    let db = format!("target/bench/search-{label}-{scale}.db");
    let log = format!("target/bench/search-{label}-{scale}.log");
    let seeded = !std::path::Path::new(&db).exists();
    let (server, ready) = start(binary, &db, scale, &log).await?;
    let client = reqwest::Client::new();
    let all: Value = client
        .get(format!("{}/activities", server.base))
        .send()
        .await?
        .json()
        .await?;
    let activities = all["total"].as_i64().unwrap_or_default();
    eprintln!(
        "  {label}: {activities} activities, ready in {:.1?} ({db})",
        ready
    );
    let mut urls = Vec::new();
    for (_, query) in SCENARIOS {
        urls.push(url_of(&client, &server.base, query).await?);
    }
    let mut single = Vec::new();
    for ((name, _), url) in SCENARIOS.iter().zip(&urls) {
        let mut s = Single::default();
        for _ in 0..5 {
            let res = client.get(url).send().await?;
            s.etag = res.headers()["etag"].to_str()?.to_string();
            let v: Value = res.json().await?;
            s.total = v["total"].as_i64().unwrap_or(-1);
        }
        let mut times = Vec::with_capacity(iterations);
        let began = Instant::now();
        for i in 0..iterations {
            // A slow build gets at least 20 runs, then at most `BENCH_SCENARIO_SECONDS`.
            if i >= 20 && began.elapsed() > scenario_budget {
                break;
            }
            let t = Instant::now();
            let res = client.get(url).send().await?;
            if !res.status().is_success() {
                return Err(format!("{label} {name}: {}", res.status()).into());
            }
            res.bytes().await?;
            times.push(t.elapsed());
        }
        times.sort();
        s.p50 = percentile(&times, 0.5);
        s.p95 = percentile(&times, 0.95);
        s.p99 = percentile(&times, 0.99);
        s.max = *times.last().unwrap_or(&Duration::ZERO);
        eprintln!("    {name:<40} p95 {} ms ({} runs)", ms(s.p95), times.len());
        single.push(s);
    }

    // Many clients at once, each cycling through every search; bounded by the request count.
    let urls = Arc::new(urls);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let urls = urls.clone();
        let client = reqwest::Client::new();
        let per_client = concurrent_requests.div_ceil(clients);
        tasks.spawn(async move {
            let mut times = Vec::with_capacity(per_client);
            let mut errors = 0;
            for i in 0..per_client {
                if started.elapsed() > concurrent_budget {
                    break;
                }
                let url = &urls[(c + i) % urls.len()];
                let t = Instant::now();
                match client.get(url).send().await {
                    Ok(res) if res.status().is_success() => {
                        if res.bytes().await.is_err() {
                            errors += 1;
                        }
                    }
                    _ => errors += 1,
                }
                times.push(t.elapsed());
            }
            (times, errors)
        });
    }
    let mut times = Vec::new();
    let mut errors = 0;
    while let Some(done) = tasks.join_next().await {
        let (t, e) = done?;
        times.extend(t);
        errors += e;
    }
    let elapsed = started.elapsed();
    times.sort();
    let concurrent = Concurrent {
        requests: times.len(),
        errors,
        throughput: times.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
        max: *times.last().unwrap_or(&Duration::ZERO),
    };
    let rss = server.memory();
    Ok(Run {
        label: label.to_string(),
        ready,
        seeded,
        activities,
        single,
        concurrent,
        rss,
    })
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let scales: Vec<usize> = std::env::var("BENCH_SEED_SCALE")
        .unwrap_or_else(|_| "84,417".into())
        .split(',')
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()?;
    let servers: Vec<(String, String)> = std::env::var("BENCH_SERVERS")
        .unwrap_or_else(|_| "after=target/server/kepuri-server".into())
        .split(',')
        .map(|s| {
            let (label, bin) = s.split_once('=').unwrap_or(("after", s));
            (label.trim().to_string(), bin.trim().to_string())
        })
        .collect();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "cores: {}   load average at start: {}",
        std::thread::available_parallelism()?.get(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for scale in scales {
        eprintln!("seed scale {scale}");
        let mut runs = Vec::new();
        for (label, binary) in &servers {
            runs.push(measure(label, binary, scale).await?);
        }
        let activities = runs.first().map_or(0, |r| r.activities);
        println!(
            "\n### {activities} activities (seed scale {scale}), p50 / p95 / p99 ms per build\n"
        );
        let mut header = "| search | results |".to_string();
        let mut rule = "| --- | ---: |".to_string();
        for r in &runs {
            header += &format!(" {} p50 | {} p95 | {} p99 |", r.label, r.label, r.label);
            rule += " ---: | ---: | ---: |";
        }
        if runs.len() > 1 {
            header += " same answer |";
            rule += " :---: |";
        }
        println!("{header}\n{rule}");
        for (i, (name, _)) in SCENARIOS.iter().enumerate() {
            let mut row = format!("| {name} | {} |", runs[0].single[i].total);
            for r in &runs {
                let s = &r.single[i];
                row += &format!(" {} | {} | {} |", ms(s.p50), ms(s.p95), ms(s.p99));
            }
            if runs.len() > 1 {
                let same = runs
                    .iter()
                    .all(|r| r.single[i].etag == runs[0].single[i].etag);
                row += if same { " yes |" } else { " **no** |" };
            }
            println!("{row}");
        }
        println!(
            "\n| build | ready | RSS | peak RSS | clients | requests | errors | req/s | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        for r in &runs {
            let c = &r.concurrent;
            println!(
                "| {} | {:.1} s{} | {:.0} MiB | {:.0} MiB | {} | {} | {} | {:.0} | {} ms | {} ms | {} ms |",
                r.label,
                r.ready.as_secs_f64(),
                if r.seeded { " (seeded)" } else { "" },
                r.rss.0,
                r.rss.1,
                env_usize("BENCH_CLIENTS", 32),
                c.requests,
                c.errors,
                c.throughput,
                ms(c.p50),
                ms(c.p99),
                ms(c.max)
            );
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nload average at end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(())
}
