//! 统计 benchmark (issue 17): `/stats` and the reviewers' tables over HTTP with 100,000
//! published activities and 1,000,000 ratings.
//!
//! The real server runs in-process on loopback with a fresh database seeded at scale 1; the
//! bulk rows are then made with SQL in one transaction (setup, not what is measured): copies of
//! the seeded activities (same provinces, themes, kinds and days, new ids) up to
//! `STATS_ACTIVITIES`, each copy belonging to one of 1,200 approved units (one per seeded
//! activity, where it is held), 2,000 raters, and `STATS_RATINGS` ratings spread evenly over
//! the activities. `recommend`'s indicator tables are measured beside the statistics. Then every endpoint in [`endpoints`] is asked `STATS_REQUESTS` times one after
//! another (what a visitor or reviewer waits for: the figures cached per minute, as the
//! contract says, so most answers come from the cache). Separately, the cold computation is
//! timed `STATS_COLD` times per endpoint by moving the server clock past the minute first.
//! Prints p50/p95/p99/max per endpoint and exits non-zero if any endpoint's p95 is over
//! `STATS_P95_MS` (50), or a request fails, or the totals are not what was inserted.
//!
//! Run: `BENCH_ONLY=stats scripts/bench` or `target/server/examples/stats_bench`.
mod support;

use kepuri_server::{prepare, Config};
use serde_json::Value;
use std::time::{Duration, Instant};
use support::{env_usize as env, log_in, percentile, serve, BoxError};

/// Raters: each activity is rated by `ratings / activities` different ones.
const RATERS: usize = 2_000;

/// What is measured: `(label, path, who)` with `who` a dev account phone or `None` for a
/// visitor. The `recommend` branch's indicator tables go here (one line each).
fn endpoints() -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    vec![
        ("GET /stats", "/stats", None),
        (
            "GET /review/stats (Beijing)",
            "/review/stats",
            Some("13800000002"),
        ),
        (
            "GET /review/stats (admin)",
            "/review/stats",
            Some("13800000004"),
        ),
        (
            "GET /review/stats csv (admin)",
            "/review/stats?format=csv",
            Some("13800000004"),
        ),
        // recommend: the indicator tables, side by side in the reviewers' 推荐 page.
        (
            "GET /review/indicators/units (Beijing)",
            "/review/indicators/units",
            Some("13800000002"),
        ),
        (
            "GET /review/indicators/units (admin)",
            "/review/indicators/units",
            Some("13800000004"),
        ),
        (
            "GET /review/indicators/activities (Beijing)",
            "/review/indicators/activities?limit=50",
            Some("13800000002"),
        ),
        (
            "GET /review/indicators/activities (admin)",
            "/review/indicators/activities?limit=50",
            Some("13800000004"),
        ),
    ]
}

/// Copies the seeded activities up to `activities` and writes `ratings` ratings.
fn populate(
    conn: &mut rusqlite::Connection,
    activities: usize,
    ratings: usize,
    now: i64,
) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -262_144)?;
    let tx = conn.transaction()?;
    let have: i64 = tx.query_row("SELECT COUNT(*) FROM activities", [], |r| r.get(0))?;
    let more = (activities as i64 - have).max(0);
    // One approved unit per seeded activity, where it is held (online ones: in Beijing); every
    // copy belongs to its original's unit, so the reviewers' scopes and indicator tables have
    // units with ~80 activities each.
    tx.execute(
        "INSERT INTO units(id, name, kind, credit_code, province_code, city_code, contact_name,
           contact_phone, status, created_at, updated_at)
         SELECT printf('unit_b%05d', s.seq), s.organizer_name || '（' || s.seq || '）', 'museum',
           printf('91110000MA%08d', s.seq), COALESCE(s.province_code, '110000'),
           COALESCE(s.city_code, (SELECT code FROM cities WHERE province_code = '110000'
             ORDER BY sort LIMIT 1)),
           '联系人', printf('137%08d', s.seq), 'approved', ?1, ?1
         FROM activities s",
        [now - 86_400 * 30],
    )?;
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO activities(id, title, summary, description, theme_id, event_kind_id, format,
           starts_at, ends_at, organizer_name, organizer_type, province_code, city_code,
           venue_name, venue_address, online_url, registration_required, capacity, registered,
           popularity, status, unit_id)
         SELECT printf('act_s%07d', n.i), s.title, s.summary, s.description, s.theme_id,
           s.event_kind_id, s.format, s.starts_at, s.ends_at, s.organizer_name,
           s.organizer_type, s.province_code, s.city_code, s.venue_name, s.venue_address,
           s.online_url, s.registration_required, s.capacity, s.registered, s.popularity,
           'published', printf('unit_b%05d', s.seq)
         FROM n JOIN activities s ON s.seq = 1 + n.i % ?2",
        rusqlite::params![more, have],
    )?;
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO users(id, phone, display_name, created_at)
         SELECT printf('usr_s%05d', i), printf('135%08d', i), printf('评分者%05d', i), ?2 FROM n",
        rusqlite::params![RATERS as i64, now - 86_400],
    )?;
    let total: i64 = tx.query_row("SELECT COUNT(*) FROM activities", [], |r| r.get(0))?;
    let per = (ratings as u64).div_ceil(total.max(1) as u64) as i64;
    // Each activity gets `per` raters (distinct: j < per ≤ RATERS), stars spread over 1–5,
    // stopping at exactly `ratings`.
    tx.execute(
        "WITH RECURSIVE j(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM j WHERE k + 1 < ?1)
         INSERT INTO feedback(activity_id, user_id, stars, created_at, updated_at)
         SELECT a.id, printf('usr_s%05d', (a.seq * 13 + j.k) % ?2), 1 + (a.seq * 7 + j.k * 3) % 5,
           ?3, ?3
         FROM activities a, j
         LIMIT ?4",
        rusqlite::params![per, RATERS as i64, now - 3_600, ratings as i64],
    )?;
    tx.commit()?;
    conn.pragma_update(None, "cache_size", -2_000)?;
    conn.execute_batch("ANALYZE")?;
    Ok(())
}

fn report(name: &str, samples: &mut [Duration]) -> Duration {
    samples.sort();
    let p95 = percentile(samples, 0.95);
    println!(
        "  {name:<44} n={:>5}  p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
        samples.len(),
        percentile(samples, 0.5).as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        percentile(samples, 0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
    p95
}

async fn get(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
) -> Result<(Vec<u8>, Duration), BoxError> {
    let t = Instant::now();
    let mut req = client.get(url);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await?;
    let status = res.status();
    let body = res.bytes().await?.to_vec();
    let took = t.elapsed();
    if !status.is_success() {
        return Err(format!("GET {url}: {status} {}", String::from_utf8_lossy(&body)).into());
    }
    Ok((body, took))
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let activities = env("STATS_ACTIVITIES", 100_000);
    let ratings = env("STATS_RATINGS", 1_000_000);
    let requests = env("STATS_REQUESTS", 500);
    let colds = env("STATS_COLD", 5);
    let budget = Duration::from_millis(env("STATS_P95_MS", 50) as u64);
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_db(dir.path().join("stats.db"));
    config.dev_codes = true;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(
        "2021-09-20T10:00:00+08:00",
    )?);
    let state = prepare(config).await?;
    let (clock, db) = (state.clock.clone(), state.db.clone());
    let now = clock.now().timestamp();
    let started = Instant::now();
    let (published, rated) = db
        .run(move |conn| {
            populate(conn, activities, ratings, now)?;
            let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok((
                count("SELECT COUNT(*) FROM activities WHERE status = 'published'")?,
                count("SELECT COUNT(*) FROM feedback")?,
            ))
        })
        .await
        .map_err(|p| p.detail)?;
    println!(
        "database: {published} published activities, {rated} ratings; filled in {:.1?}",
        started.elapsed()
    );

    let base = serve(state).await?;
    let client = reqwest::Client::new();
    let mut over = Vec::new();
    let mut cold_lines = Vec::new();
    println!("cached per minute, {requests} requests each, one after another:");
    for (label, path, who) in endpoints() {
        let token = match who {
            Some(phone) => Some(log_in(&client, &base, phone).await?),
            None => None,
        };
        let url = format!("{base}{path}");
        // Cold: the clock moved past the minute, so the figures are computed again.
        let mut cold = Vec::new();
        for _ in 0..colds {
            clock.advance(chrono::Duration::seconds(61));
            cold.push(get(&client, &url, token.as_deref()).await?.1);
        }
        let (body, _) = get(&client, &url, token.as_deref()).await?;
        if path == "/stats" || path == "/review/stats" {
            let v: Value = serde_json::from_slice(&body)?;
            let totals = &v["totals"];
            if who != Some("13800000002")
                && (totals["activities"] != published || totals["ratings"] != rated)
            {
                return Err(format!("{label}: totals {totals} ≠ {published} / {rated}").into());
            }
        }
        let mut samples = Vec::with_capacity(requests);
        for _ in 0..requests {
            samples.push(get(&client, &url, token.as_deref()).await?.1);
        }
        if report(label, &mut samples) > budget {
            over.push(label);
        }
        if !cold.is_empty() {
            cold.sort();
            cold_lines.push(format!(
                "  {label:<44} n={:>5}  p50 {:>7.1} ms  max {:>7.1} ms",
                cold.len(),
                percentile(&cold, 0.5).as_secs_f64() * 1e3,
                cold[cold.len() - 1].as_secs_f64() * 1e3
            ));
        }
    }
    println!("computed afresh (the first request after each minute):");
    for line in cold_lines {
        println!("{line}");
    }
    if !over.is_empty() {
        return Err(format!("p95 over {} ms: {}", budget.as_millis(), over.join(", ")).into());
    }
    println!("ok: every p95 ≤ {} ms", budget.as_millis());
    Ok(())
}
