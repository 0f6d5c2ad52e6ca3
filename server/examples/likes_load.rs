//! Volunteer-like load test (issue: 点赞科技志愿): starts the real server in-process on loopback
//! with a fresh database, logs in ≥ 200 users with the dev SMS code, then fires ≥ 10,000 like
//! requests concurrently over two China days — new likes, repeats (409), likes past the daily
//! allowance (429) and retries with the same `Idempotency-Key` (replays) — and checks the books:
//! every volunteer's `like_count` grew by exactly the likes that were accepted, each user got
//! exactly their allowance per day, every replay repeated its original, and no request got a 5xx.
//! Prints throughput and latency. Not a pass/fail test, but it exits non-zero on any mismatch.
//!
//! `LOAD_USERS` (default 256), `LOAD_DAYS` (2), `LOAD_CONCURRENCY` (128 requests in flight),
//! `LOAD_DB` (default: a temporary file). Run: `target/server/examples/likes_load`.
use kepuri_server::seed::rng::Rng;
use kepuri_server::{build_app, prepare, Config};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Distinct volunteers each user tries per day (the allowance is 10, so 2 end in 429s).
const TRIES: usize = 12;
/// Of those, how many are retried with the same key, and repeated with a new key.
const RETRIES: usize = 6;
const REPEATS: usize = 5;
const DAILY_LIMIT: usize = 10;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Clone)]
struct Planned {
    user: usize,
    volunteer: String,
    key: String,
}

struct Outcome {
    plan: Planned,
    status: u16,
    replayed: bool,
    retry_after: Option<i64>,
    body: Value,
    took: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let users = env("LOAD_USERS", 256).max(1);
    let days = env("LOAD_DAYS", 2).max(1);
    let concurrency = env("LOAD_CONCURRENCY", 128).max(1);
    let dir = tempfile::tempdir()?;
    let db_path = std::env::var("LOAD_DB")
        .unwrap_or_else(|_| dir.path().join("likes.db").display().to_string());
    let mut config = Config::for_db(&db_path);
    config.dev_codes = true;
    config.likes_per_day = DAILY_LIMIT as u32;
    // Every simulated user logs in from this one address.
    config.auth_per_ip_per_minute = 1_000_000;
    config.auth_global_per_minute = 1_000_000;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(
        "2021-09-13T10:00:00+08:00",
    )?);
    let state = prepare(config).await?;
    let (clock, db) = (state.clock.clone(), state.db.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = build_app(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;

    // Users, through the dev SMS code.
    let started = Instant::now();
    let mut logins = JoinSet::new();
    let gate = Arc::new(Semaphore::new(concurrency));
    for n in 0..users {
        let (client, base, gate) = (client.clone(), base.clone(), gate.clone());
        logins.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let res = client
                .post(format!("{base}/auth/sessions"))
                .json(&json!({ "phone": format!("137{n:08}"), "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
                .send()
                .await?;
            let body: Value = res.json().await?;
            let token = body["token"].as_str().ok_or("no token")?.to_string();
            Ok::<_, BoxError>((n, token))
        });
    }
    let mut tokens = vec![String::new(); users];
    while let Some(done) = logins.join_next().await {
        let (n, token) = done??;
        tokens[n] = token;
    }
    let tokens = Arc::new(tokens);
    println!(
        "{users} users logged in in {:.1?}; {} cores; {concurrency} requests in flight",
        started.elapsed(),
        std::thread::available_parallelism()?.get()
    );

    let counts_now = || {
        db.run(|conn| {
            let mut stmt = conn.prepare("SELECT id, like_count FROM volunteers")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<HashMap<_, _>>>()?;
            Ok(rows)
        })
    };
    let before = counts_now().await.map_err(|p| p.detail)?;
    let volunteers: Vec<String> = {
        let mut ids: Vec<String> = before.keys().cloned().collect();
        ids.sort();
        ids
    };

    let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
    let mut wall = Duration::ZERO;
    for day in 0..days {
        // Plan the day: per user, TRIES distinct volunteers (half from the 20 most-liked ids, so
        // rows are contended), each with its own key; RETRIES of them again with the same key;
        // REPEATS of them again with a new key. Then shuffle everything.
        let mut rng = Rng::new(0x4C4F_4144 + day as u64);
        let mut plan = Vec::new();
        for user in 0..users {
            let mut picked: Vec<String> = Vec::new();
            while picked.len() < TRIES {
                let v = if rng.chance(50) {
                    volunteers[rng.below(20.min(volunteers.len()))].clone()
                } else {
                    rng.pick(&volunteers).clone()
                };
                if !picked.contains(&v) {
                    picked.push(v);
                }
            }
            for (i, v) in picked.iter().enumerate() {
                let key = format!("d{day}-u{user}-v{i}");
                plan.push(Planned {
                    user,
                    volunteer: v.clone(),
                    key: key.clone(),
                });
                if i < RETRIES {
                    plan.push(Planned {
                        user,
                        volunteer: v.clone(),
                        key,
                    });
                }
                if i < REPEATS {
                    plan.push(Planned {
                        user,
                        volunteer: v.clone(),
                        key: format!("d{day}-u{user}-v{i}-again"),
                    });
                }
            }
        }
        for i in (1..plan.len()).rev() {
            plan.swap(i, rng.below(i + 1));
        }
        let requests = plan.len();
        let day_started = Instant::now();
        let mut tasks = JoinSet::new();
        for p in plan {
            let (client, base, gate, tokens) =
                (client.clone(), base.clone(), gate.clone(), tokens.clone());
            tasks.spawn(async move {
                let _permit = gate.acquire_owned().await?;
                let t = Instant::now();
                let res = client
                    .post(format!("{base}/volunteers/{}/likes", p.volunteer))
                    .bearer_auth(&tokens[p.user])
                    .header("Idempotency-Key", &p.key)
                    .send()
                    .await?;
                let status = res.status().as_u16();
                let replayed = res.headers().contains_key("idempotency-replayed");
                let retry_after = res
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok());
                let body: Value = res.json().await.unwrap_or(Value::Null);
                let took = t.elapsed();
                Ok::<_, BoxError>(Outcome {
                    plan: p,
                    status,
                    replayed,
                    retry_after,
                    body,
                    took,
                })
            });
        }
        while let Some(done) = tasks.join_next().await {
            outcomes.push((day, done??));
        }
        let took = day_started.elapsed();
        wall += took;
        println!(
            "day {}: {requests} like requests in {took:.2?} ({:.0} req/s)",
            day + 1,
            requests as f64 / took.as_secs_f64()
        );
        clock.advance(chrono::Duration::days(1));
    }

    // The books.
    let mut failures: Vec<String> = Vec::new();
    let mut by_status: HashMap<(u16, bool), usize> = HashMap::new();
    let mut accepted: HashMap<&str, i64> = HashMap::new();
    let mut per_user_day: HashMap<(usize, usize), usize> = HashMap::new();
    let mut per_key: HashMap<(usize, &str), Vec<&Outcome>> = HashMap::new();
    for (day, o) in &outcomes {
        *by_status.entry((o.status, o.replayed)).or_default() += 1;
        if o.status == 200 && !o.replayed {
            *accepted.entry(&o.plan.volunteer).or_default() += 1;
            *per_user_day.entry((o.plan.user, *day)).or_default() += 1;
        }
        if o.status == 200 {
            per_key.entry((*day, &o.plan.key)).or_default().push(o);
        }
        if o.status == 429 && !o.retry_after.is_some_and(|s| s > 0 && s <= 86_400) {
            failures.push(format!(
                "429 without a sane Retry-After: {:?}",
                o.retry_after
            ));
        }
    }
    let server_errors: usize = by_status
        .iter()
        .filter(|((s, _), _)| *s >= 500)
        .map(|(_, n)| n)
        .sum();
    if server_errors > 0 {
        failures.push(format!("{server_errors} responses were 5xx"));
    }
    let unexpected: Vec<_> = by_status
        .keys()
        .filter(|(s, _)| !matches!(s, 200 | 409 | 429))
        .collect();
    if !unexpected.is_empty() {
        failures.push(format!("unexpected statuses {unexpected:?}"));
    }
    for ((day, key), list) in &per_key {
        let fresh = list.iter().filter(|o| !o.replayed).count();
        if fresh != 1 || list.iter().any(|o| o.body != list[0].body) {
            failures.push(format!(
                "day {day} key {key}: {fresh} counted, replays differ or missing"
            ));
        }
    }
    for user in 0..users {
        for day in 0..days {
            let n = per_user_day.get(&(user, day)).copied().unwrap_or(0);
            if n != DAILY_LIMIT {
                failures.push(format!(
                    "user {user} day {day}: {n} likes accepted, not {DAILY_LIMIT}"
                ));
            }
        }
    }
    let after = counts_now().await.map_err(|p| p.detail)?;
    let mut mismatched = 0;
    for (id, was) in &before {
        let grew = after[id] - was;
        let expected = accepted.get(id.as_str()).copied().unwrap_or(0);
        if grew != expected {
            mismatched += 1;
            failures.push(format!(
                "{id}: like_count grew by {grew}, {expected} likes accepted"
            ));
        }
    }
    let rows: i64 = db
        .run(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM volunteer_likes", [], |r| r.get(0))?))
        .await
        .map_err(|p| p.detail)?;
    let total_accepted: i64 = accepted.values().sum();
    if rows != total_accepted {
        failures.push(format!("{rows} like rows, {total_accepted} likes accepted"));
    }

    let mut times: Vec<Duration> = outcomes.iter().map(|(_, o)| o.took).collect();
    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let count = |s: u16, r: bool| by_status.get(&(s, r)).copied().unwrap_or(0);
    println!(
        "{} like requests: {} counted, {} replayed, {} already liked (409), {} over the allowance (429), {} 5xx",
        outcomes.len(),
        count(200, false),
        count(200, true),
        count(409, false),
        count(429, false),
        server_errors
    );
    println!(
        "throughput {:.0} req/s   latency p50 {}   p99 {}   max {}",
        outcomes.len() as f64 / wall.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "like_count checked for {} volunteers: {} mismatched; {rows} like rows = {total_accepted} accepted",
        before.len(),
        mismatched
    );
    if failures.is_empty() {
        println!("OK: counts are exact");
        Ok(())
    } else {
        for f in failures.iter().take(20) {
            eprintln!("FAIL {f}");
        }
        Err(format!("{} checks failed", failures.len()).into())
    }
}
