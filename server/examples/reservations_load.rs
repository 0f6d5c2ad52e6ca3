//! Reservation load test (issue 18, 预约报名): starts the real server in-process on loopback with
//! a fresh database, gives one activity `LOAD_CAPACITY` places (default 100), logs in
//! `LOAD_USERS` users (default 2,000) with the dev SMS code, and lets them all race for it at
//! once: parties of 1–3, most asking for the waitlist when full, a third retrying with the same
//! `Idempotency-Key`, and one in ten cancelling mid-run (which promotes waiting parties). Then
//! it checks the books: confirmed people == capacity exactly (and `registered` agrees), nobody
//! holds two reservations, the waitlist is in order (positions 1..n by arrival; no waiting party
//! that fits; none promoted past an earlier one as small), every replay repeated its original,
//! and no request got a 5xx. Prints throughput and latency; exits non-zero on any mismatch.
//!
//! `LOAD_USERS` (2000), `LOAD_CAPACITY` (100), `LOAD_CONCURRENCY` (128 requests in flight).
//! Run: `target/server/examples/reservations_load`.
use kepuri_server::seed::reservations::dev_activities;
use kepuri_server::seed::rng::Rng;
use kepuri_server::{build_app, prepare, Config};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one user does.
#[derive(Clone)]
struct Plan {
    user: usize,
    party: i64,
    waitlist: bool,
    /// Sends the same request again with the same key.
    retry: bool,
    /// Cancels after reserving.
    cancel: bool,
}

/// One request's answer.
struct Answer {
    what: &'static str,
    status: u16,
    replayed: bool,
    body: Value,
    took: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn send(
    what: &'static str,
    req: reqwest::RequestBuilder,
    gate: &Semaphore,
) -> Result<Answer, BoxError> {
    let _permit = gate.acquire().await?;
    let t = Instant::now();
    let res = req.send().await?;
    let status = res.status().as_u16();
    let replayed = res.headers().contains_key("idempotency-replayed");
    let body: Value = res.json().await.unwrap_or(Value::Null);
    Ok(Answer {
        what,
        status,
        replayed,
        body,
        took: t.elapsed(),
    })
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let users = env("LOAD_USERS", 2_000).max(1);
    let capacity = env("LOAD_CAPACITY", 100).max(1) as i64;
    let concurrency = env("LOAD_CONCURRENCY", 128).max(1);
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_db(dir.path().join("reservations.db"));
    config.dev_codes = true;
    config.auth_per_ip_per_minute = 1_000_000;
    config.auth_global_per_minute = 1_000_000;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(
        "2021-09-13T10:00:00+08:00",
    )?);
    let state = prepare(config).await?;
    let db = state.db.clone();
    let activity = db
        .run(move |conn| {
            let id = dev_activities(conn)?
                .into_iter()
                .next()
                .ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            conn.execute(
                "UPDATE activities SET capacity = ?2, registered = 0 WHERE id = ?1",
                rusqlite::params![id, capacity],
            )?;
            Ok(id)
        })
        .await
        .map_err(|p| p.detail)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, build_app(state)).await });
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let gate = Arc::new(Semaphore::new(concurrency));

    let started = Instant::now();
    let mut logins = JoinSet::new();
    for n in 0..users {
        let (client, base, gate) = (client.clone(), base.clone(), gate.clone());
        logins.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let res = client
                .post(format!("{base}/auth/sessions"))
                .json(&json!({ "phone": format!("136{n:08}"), "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
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
    println!(
        "{users} users logged in in {:.1?}; {} cores; {concurrency} requests in flight; {activity} has {capacity} places",
        started.elapsed(),
        std::thread::available_parallelism()?.get()
    );

    let mut rng = Rng::new(0x5245_5356);
    let mut plans: Vec<Plan> = (0..users)
        .map(|user| Plan {
            user,
            party: 1 + rng.below(3) as i64,
            waitlist: rng.chance(80),
            retry: rng.chance(33),
            cancel: rng.chance(10),
        })
        .collect();
    for i in (1..plans.len()).rev() {
        plans.swap(i, rng.below(i + 1));
    }

    let run_started = Instant::now();
    let mut tasks = JoinSet::new();
    for p in plans.clone() {
        let (client, base, gate) = (client.clone(), base.clone(), gate.clone());
        let token = tokens[p.user].clone();
        let activity = activity.clone();
        tasks.spawn(async move {
            let key = format!("load-reserve-{}", p.user);
            let reserve = || {
                client
                    .post(format!("{base}/activities/{activity}/reservations"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", &key)
                    .json(&json!({ "party_size": p.party, "waitlist": p.waitlist }))
            };
            let mut answers = vec![send("reserve", reserve(), &gate).await?];
            if p.retry {
                answers.push(send("reserve", reserve(), &gate).await?);
            }
            let id = answers[0].body["id"].as_str().map(String::from);
            if let (true, Some(id)) = (p.cancel, id) {
                tokio::task::yield_now().await;
                let cancel = client
                    .post(format!("{base}/me/reservations/{id}/cancel"))
                    .bearer_auth(&token);
                answers.push(send("cancel", cancel, &gate).await?);
            }
            Ok::<_, BoxError>((p, answers))
        });
    }
    let mut results: Vec<(Plan, Vec<Answer>)> = Vec::new();
    while let Some(done) = tasks.join_next().await {
        results.push(done??);
    }
    let wall = run_started.elapsed();

    // The books.
    let mut failures: Vec<String> = Vec::new();
    let mut by_status: HashMap<(&str, u16, bool), usize> = HashMap::new();
    for (p, answers) in &results {
        for a in answers {
            *by_status.entry((a.what, a.status, a.replayed)).or_default() += 1;
            let expected = match a.what {
                "reserve" => {
                    a.status == 201
                        || (a.status == 409
                            && matches!(
                                a.body["type"].as_str(),
                                Some(t) if t.ends_with("/full") && !p.waitlist
                            ))
                }
                _ => a.status == 200 && a.body["status"] == "cancelled",
            };
            if !expected {
                failures.push(format!(
                    "user {} {}: {} {}",
                    p.user, a.what, a.status, a.body
                ));
            }
        }
        let reserves: Vec<&Answer> = answers.iter().filter(|a| a.what == "reserve").collect();
        if reserves.len() == 2 {
            let (first, second) = (reserves[0], reserves[1]);
            let replay_ok = if first.status == 201 {
                second.status == 201 && second.replayed && second.body == first.body
            } else {
                second.status == first.status && !second.replayed
            };
            if !replay_ok {
                failures.push(format!(
                    "user {}: the retry answered {} {} after {} {}",
                    p.user, second.status, second.body, first.status, first.body
                ));
            }
        }
    }
    let server_errors: usize = by_status
        .iter()
        .filter(|((_, s, _), _)| *s >= 500)
        .map(|(_, n)| n)
        .sum();
    if server_errors > 0 {
        failures.push(format!("{server_errors} responses were 5xx"));
    }

    let id = activity.clone();
    let (confirmed, registered, doubles, waiting, misordered) = db
        .run(move |conn| {
            let confirmed: i64 = conn.query_row(
                "SELECT COALESCE(SUM(party_size), 0) FROM reservations
                 WHERE activity_id = ?1 AND status IN ('confirmed', 'checked_in')",
                [&id],
                |r| r.get(0),
            )?;
            let registered: i64 =
                conn.query_row("SELECT registered FROM activities WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
            let doubles: i64 = conn.query_row(
                "SELECT COUNT(*) FROM (SELECT user_id FROM reservations
                 WHERE activity_id = ?1 AND status != 'cancelled' GROUP BY user_id HAVING COUNT(*) > 1)",
                [&id],
                |r| r.get(0),
            )?;
            let waiting: Vec<(String, i64, String)> = conn
                .prepare(
                    "SELECT r.id, r.party_size, r.user_id FROM reservations r
                     WHERE r.activity_id = ?1 AND r.status = 'waitlisted' ORDER BY r.seq",
                )?
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            // No party got places (promoted or at once) past a still-waiting earlier one as small.
            let misordered: i64 = conn.query_row(
                "SELECT COUNT(*) FROM reservations p JOIN reservations w
                   ON w.activity_id = p.activity_id AND w.status = 'waitlisted' AND w.seq < p.seq
                   AND w.party_size <= p.party_size
                 WHERE p.activity_id = ?1 AND p.confirmed_at IS NOT NULL",
                [&id],
                |r| r.get(0),
            )?;
            Ok((confirmed, registered, doubles, waiting, misordered))
        })
        .await
        .map_err(|p| p.detail)?;
    if confirmed != capacity {
        failures.push(format!("{confirmed} people confirmed, capacity {capacity}"));
    }
    if registered != confirmed {
        failures.push(format!("registered {registered}, confirmed {confirmed}"));
    }
    if doubles != 0 {
        failures.push(format!("{doubles} users hold two reservations"));
    }
    if misordered != 0 {
        failures.push(format!(
            "{misordered} times places went past an earlier waiting party as small"
        ));
    }
    let remaining = capacity - confirmed;
    if let Some((id, party, _)) = waiting.iter().find(|(_, party, _)| *party <= remaining) {
        failures.push(format!(
            "{id} (party {party}) still waits with {remaining} places left"
        ));
    }
    // Every waiting user sees their place in the queue: 1..n in order of arrival.
    let by_user: HashMap<String, usize> = (0..users).map(|n| (format!("136{n:08}"), n)).collect();
    let user_tokens: HashMap<String, String> = db
        .run(move |conn| {
            let rows: Vec<(String, String)> = conn
                .prepare("SELECT id, phone FROM users")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
        .map_err(|p| p.detail)?
        .into_iter()
        .filter_map(|(id, phone)| by_user.get(&phone).map(|n| (id, tokens[*n].clone())))
        .collect();
    for (expected, (id, _, user)) in waiting.iter().enumerate() {
        let mine: Value = client
            .get(format!("{base}/me/reservations"))
            .bearer_auth(&user_tokens[user])
            .send()
            .await?
            .json()
            .await?;
        let entry = &mine["waitlisted"][0];
        if entry["id"] != id.as_str() || entry["waitlist_position"] != expected as i64 + 1 {
            failures.push(format!(
                "{id}: waitlist_position {} where {} was expected",
                entry["waitlist_position"],
                expected + 1
            ));
        }
    }

    let mut times: Vec<Duration> = results
        .iter()
        .flat_map(|(_, a)| a.iter().map(|a| a.took))
        .collect();
    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let count = |w: &str, s: u16, r: bool| by_status.get(&(w, s, r)).copied().unwrap_or(0);
    println!(
        "{} requests in {wall:.2?}: {} reserved (201), {} replayed, {} full (409), {} cancelled, {} 5xx",
        times.len(),
        count("reserve", 201, false),
        count("reserve", 201, true),
        count("reserve", 409, false),
        count("cancel", 200, false),
        server_errors
    );
    println!(
        "throughput {:.0} req/s   latency p50 {}   p99 {}   max {}",
        times.len() as f64 / wall.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "{confirmed} of {capacity} places confirmed (registered {registered}); {} parties waiting in order; {doubles} double reservations",
        waiting.len()
    );
    if failures.is_empty() {
        println!("OK: no overbooking, the waitlist is in order");
        Ok(())
    } else {
        for f in failures.iter().take(20) {
            eprintln!("FAIL {f}");
        }
        Err(format!("{} checks failed", failures.len()).into())
    }
}
