//! 内容审核 benchmark (issue 16): a moderator working through 1,000 queued items over the API,
//! with the database at peak-week size — 50,000 posts (some reported, some held after three
//! reporters) and 5,000 点亮好奇心 entries waiting for review.
//!
//! The real server runs in-process on loopback with a fresh database; the bulk rows go straight
//! into SQLite (that is setup, not what is measured). Then one moderator does what the console
//! does for each item: claim it (`POST /moderation/claims`), decide it (`…/decision`: entries
//! approved or rejected with a reason, posts hidden, restored or dismissed), and fetch the queue
//! again for the next item (`GET /moderation/{entries,reports}?limit=50`, the console's page).
//! Prints p50/p95/p99/max per request kind and for the decision + next-item pair, and exits
//! non-zero if the p95 of that pair is over 30 ms, if any request fails, or if the queues and the
//! audit log do not account for exactly the decisions made.
//!
//! `MOD_POSTS` (50,000), `MOD_ENTRIES` (5,000), `MOD_DECISIONS` (1,000),
//! `MOD_P95_MS` (30), `MOD_DB` (default: a temporary file; must not exist yet). Run: `target/server/examples/moderation_bench`.
use kepuri_server::{build_app, prepare, Config};
use rusqlite::params;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Reporters per reported post: most have one or two (open reports, still visible), every
/// fifth has three (held).
const REPORTED_EVERY: usize = 25;

/// Fills the database up to `posts` posts and `entries` pending entries; returns the numbers
/// of held and merely reported posts.
fn populate(
    conn: &mut rusqlite::Connection,
    posts: usize,
    entries: usize,
    now: i64,
) -> rusqlite::Result<(usize, usize)> {
    let tx = conn.transaction()?;
    // Authors and reporters.
    let mut users = Vec::new();
    {
        let mut insert = tx.prepare(
            "INSERT INTO users(id, phone, display_name, created_at) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for n in 0..600 {
            let id = format!("usr_b{n:05}");
            insert.execute(params![
                id,
                format!("136{n:08}"),
                format!("科普爱好者{n:04}"),
                now - 86_400
            ])?;
            users.push(id);
        }
    }
    let topics: Vec<i64> = tx
        .prepare("SELECT seq FROM topics ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let have: i64 = tx.query_row("SELECT count(*) FROM posts", [], |r| r.get(0))?;
    let mut next: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM posts", [], |r| {
        r.get(0)
    })?;
    let (mut held, mut reported) = (0, 0);
    {
        let mut post = tx.prepare(
            "INSERT INTO posts(seq, id, topic_seq, user_id, text, created_ms, moderation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut report = tx.prepare(
            "INSERT INTO post_reports(id, post_seq, user_id, reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut report_seq = 1_000_000;
        for n in 0..(posts as i64 - have).max(0) as usize {
            let seq = next;
            next += 1;
            let reporters = if n % REPORTED_EVERY != 0 {
                0
            } else if n % (REPORTED_EVERY * 5) == 0 {
                3
            } else {
                1 + (n / REPORTED_EVERY) % 2
            };
            let state = if reporters >= 3 { "held" } else { "visible" };
            post.execute(params![
                seq,
                format!("po_{seq:06}"),
                topics[n % topics.len()],
                users[n % users.len()],
                format!("第{n}条讨论：今天在科技馆看到了机器人表演，孩子特别喜欢。"),
                (now - 80_000 + (n as i64 % 70_000)) * 1000,
                state
            ])?;
            for r in 0..reporters {
                report_seq += 1;
                report.execute(params![
                    format!("rpt_{report_seq:06}"),
                    seq,
                    users[(n + 1 + r * 7) % users.len()],
                    ["spam", "abuse", "false_info"][r % 3],
                    now - 3_600 + (n as i64 % 3_000)
                ])?;
            }
            match reporters {
                0 => {}
                3 => held += 1,
                _ => reported += 1,
            }
        }
    }
    let (challenge, categories): (i64, Vec<String>) = {
        let challenge: i64 = tx.query_row("SELECT min(seq) FROM challenges", [], |r| r.get(0))?;
        let cats = tx
            .prepare("SELECT id FROM challenge_categories WHERE challenge_seq = ?1")?
            .query_map([challenge], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        (challenge, cats)
    };
    let pending: i64 = tx.query_row(
        "SELECT count(*) FROM entries WHERE status = 'pending_review'",
        [],
        |r| r.get(0),
    )?;
    let mut next: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM entries", [], |r| {
        r.get(0)
    })?;
    {
        let mut entry = tx.prepare(
            "INSERT INTO entries(seq, id, challenge_seq, category_id, author_id, title,
               description, container, playback_url, duration_seconds, created_at, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'mp4', ?8, ?9, ?10, 'pending_review')",
        )?;
        for n in 0..(entries as i64 - pending).max(0) as usize {
            let seq = next;
            next += 1;
            entry.execute(params![
                seq,
                format!("ent_{seq:04}"),
                challenge,
                categories[n % categories.len()],
                users[n % users.len()],
                format!("点亮好奇心第{n}号作品"),
                "用一杯水和一支笔演示光的折射。",
                format!("/media/bench/{seq}.mp4"),
                30.0 + (n % 150) as f64,
                now - 200_000 + n as i64 * 30
            ])?;
        }
    }
    tx.commit()?;
    Ok((held, reported))
}

struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn get(&self, path: &str) -> Result<(Value, Duration), BoxError> {
        let t = Instant::now();
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?;
        let status = res.status();
        let body: Value = res.json().await?;
        let took = t.elapsed();
        if !status.is_success() {
            return Err(format!("GET {path}: {status} {body}").into());
        }
        Ok((body, took))
    }

    async fn post(&self, path: &str, key: &str, body: Value) -> Result<(u16, Duration), BoxError> {
        let t = Instant::now();
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await?;
        let status = res.status().as_u16();
        let text = res.text().await?;
        let took = t.elapsed();
        if status >= 300 {
            return Err(format!("POST {path}: {status} {text}").into());
        }
        Ok((status, took))
    }
}

#[derive(Default)]
struct Timings {
    claim: Vec<Duration>,
    decide: Vec<Duration>,
    next: Vec<Duration>,
    next_entries: Vec<Duration>,
    next_reports: Vec<Duration>,
    pair: Vec<Duration>,
}

fn report(name: &str, samples: &mut [Duration]) -> Duration {
    samples.sort();
    let p95 = percentile(samples, 0.95);
    println!(
        "  {name:<28} n={:>5}  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        samples.len(),
        percentile(samples, 0.5).as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        percentile(samples, 0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
    p95
}

fn count(conn: &rusqlite::Connection, sql: &str) -> rusqlite::Result<i64> {
    conn.query_row(sql, [], |r| r.get(0))
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let posts = env("MOD_POSTS", 50_000);
    let entries = env("MOD_ENTRIES", 5_000);
    let decisions = env("MOD_DECISIONS", 1_000);
    let budget = Duration::from_millis(env("MOD_P95_MS", 30) as u64);
    let dir = tempfile::tempdir()?;
    let db_path = std::env::var("MOD_DB")
        .unwrap_or_else(|_| dir.path().join("moderation.db").display().to_string());
    let mut config = Config::for_db(&db_path);
    config.dev_codes = true;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339(
        "2021-09-13T10:00:00+08:00",
    )?);
    let state = prepare(config).await?;
    let (clock, db) = (state.clock.clone(), state.db.clone());
    let now = clock.now().timestamp();
    let started = Instant::now();
    let (held, reported) = db
        .run(move |conn| Ok(populate(conn, posts, entries, now)?))
        .await
        .map_err(|p| p.detail)?;
    let counts = |sql: &'static str| {
        let db = db.clone();
        async move {
            db.run(move |conn| Ok(count(conn, sql)?))
                .await
                .map_err(|p| p.detail)
        }
    };
    let total_posts = counts("SELECT count(*) FROM posts").await?;
    let pending = counts("SELECT count(*) FROM entries WHERE status = 'pending_review'").await?;
    println!(
        "database: {total_posts} posts ({held} held, {reported} more with open reports), \
         {pending} entries pending review; filled in {:.1?}",
        started.elapsed()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, build_app(state)).await });
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::new();
    let res: Value = client
        .post(format!("{base}/auth/sessions"))
        .json(&json!({ "phone": "13800000005", "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .send()
        .await?
        .json()
        .await?;
    let token = res["token"]
        .as_str()
        .ok_or("the moderator could not log in")?;
    let api = Api {
        client,
        base,
        token: token.to_string(),
    };

    // Seven entries for every three posts, as the week's mix of the two queues.
    let mut t = Timings::default();
    let (mut approved, mut rejected, mut hidden, mut restored, mut dismissed) = (0, 0, 0, 0, 0);
    let (entries_page, _) = api.get("/moderation/entries?limit=50").await?;
    let (reports_page, _) = api.get("/moderation/reports?limit=50").await?;
    let entry_total0 = entries_page["total"].as_i64().ok_or("no total")?;
    let report_total0 = reports_page["total"].as_i64().ok_or("no total")?;
    let mut entry_queue = entries_page;
    let mut report_queue = reports_page;
    let run_started = Instant::now();
    for n in 0..decisions {
        let is_entry = n % 10 < 7;
        let queue = if is_entry {
            &entry_queue
        } else {
            &report_queue
        };
        let item = queue["items"]
            .as_array()
            .and_then(|items| items.first())
            .ok_or(format!("queue empty after {n} decisions"))?
            .clone();
        let id = item["id"].as_str().ok_or("item without id")?.to_string();
        let kind = if is_entry { "entry" } else { "post" };
        let (_, took) = api
            .post(
                "/moderation/claims",
                &format!("bench-claim-{n:06}"),
                json!({ "kind": kind, "id": id }),
            )
            .await?;
        t.claim.push(took);
        let (path, body) = if is_entry {
            let body = if n % 4 == 0 {
                rejected += 1;
                json!({ "decision": "reject", "reason": "quality", "note": "画面过暗" })
            } else {
                approved += 1;
                json!({ "decision": "approve" })
            };
            (format!("/moderation/entries/{id}/decision"), body)
        } else {
            let body = match (item["status"].as_str(), n % 3) {
                (Some("held"), 0) => {
                    restored += 1;
                    json!({ "action": "restore" })
                }
                (_, 1) => {
                    dismissed += 1;
                    json!({ "action": "dismiss" })
                }
                _ => {
                    hidden += 1;
                    json!({ "action": "hide", "reason": "含不实信息" })
                }
            };
            (format!("/moderation/posts/{id}/decision"), body)
        };
        let (_, decide) = api
            .post(&path, &format!("bench-decide-{n:06}"), body)
            .await?;
        let (page, next) = api
            .get(if is_entry {
                "/moderation/entries?limit=50"
            } else {
                "/moderation/reports?limit=50"
            })
            .await?;
        if page["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i["id"] == id.as_str()))
        {
            return Err(format!("{id} is still in its queue after the decision").into());
        }
        if is_entry {
            entry_queue = page;
            t.next_entries.push(next);
        } else {
            report_queue = page;
            t.next_reports.push(next);
        }
        t.decide.push(decide);
        t.next.push(next);
        t.pair.push(decide + next);
    }
    let wall = run_started.elapsed();

    println!(
        "{decisions} decisions in {wall:.1?} ({:.0} items/s, one moderator, one request at a time): \
         entries {approved} approved, {rejected} rejected; posts {hidden} hidden, {restored} restored, \
         {dismissed} dismissed",
        decisions as f64 / wall.as_secs_f64()
    );
    report("claim", &mut t.claim);
    report("decision", &mut t.decide);
    report("next-item fetch (page of 50)", &mut t.next);
    report("  of which the entry queue", &mut t.next_entries);
    report("  of which the report queue", &mut t.next_reports);
    let p95 = report("decision + next-item fetch", &mut t.pair);

    // The books: each queue shrank by exactly its decisions, and each decision was logged once.
    let (entries_after, _) = api.get("/moderation/entries?limit=1").await?;
    let (reports_after, _) = api.get("/moderation/reports?limit=1").await?;
    let entry_decisions = (approved + rejected) as i64;
    let post_decisions = (hidden + restored + dismissed) as i64;
    let mut wrong = Vec::new();
    if entries_after["total"].as_i64() != Some(entry_total0 - entry_decisions) {
        wrong.push(format!(
            "entry queue: {} before, {entry_decisions} decided, {} after",
            entry_total0, entries_after["total"]
        ));
    }
    if reports_after["total"].as_i64() != Some(report_total0 - post_decisions) {
        wrong.push(format!(
            "report queue: {} before, {post_decisions} decided, {} after",
            report_total0, reports_after["total"]
        ));
    }
    let audit = counts(
        "SELECT count(*) FROM moderation_audit WHERE moderator_id IS NOT NULL
           AND action IN ('approve', 'reject', 'hide', 'restore', 'dismiss')",
    )
    .await?;
    if audit != decisions as i64 {
        wrong.push(format!(
            "audit log: {audit} decision rows for {decisions} decisions"
        ));
    }
    let approved_now =
        counts("SELECT count(*) FROM entries WHERE status = 'approved' AND playback_url LIKE '/media/bench/%'")
            .await?;
    if approved_now != approved as i64 {
        wrong.push(format!(
            "{approved} approvals but {approved_now} bench entries approved"
        ));
    }
    if p95 > budget {
        wrong.push(format!(
            "decision + next-item fetch p95 {:.2} ms is over the {} ms budget",
            p95.as_secs_f64() * 1e3,
            budget.as_millis()
        ));
    }
    if wrong.is_empty() {
        println!(
            "books balance: queues shrank by exactly the decisions, {audit} audit rows; p95 within {} ms",
            budget.as_millis()
        );
        Ok(())
    } else {
        for w in &wrong {
            eprintln!("WRONG: {w}");
        }
        std::process::exit(1);
    }
}
