//! 统计: `/stats` figures equal independent counts over the seed (plus ratings written behind
//! the server's back), what counts (published only), the review scopes and their refusals,
//! the CSV (BOM, header, CRLF, quoting) and the per-minute cache that says when it was taken.
mod common;
mod registration_support;

use chrono::TimeZone;
use registration_support::*;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";

/// `(activities, participants, ratings, stars, participants_offline, views_online)` per key.
type Counts = BTreeMap<String, (i64, i64, i64, i64, i64, i64)>;

/// Every published activity matching `filter` (SQL over `a`, `u`), counted row by row in Rust:
/// `key` picks the group of each activity.
fn expected(conn: &Connection, filter: &str, key: fn(&Activity) -> String) -> Counts {
    let mut out = Counts::new();
    for a in activities(conn, filter) {
        let e = out.entry(key(&a)).or_default();
        e.0 += 1;
        e.1 += a.registered;
        e.2 += a.ratings;
        e.3 += a.stars;
        e.4 += a.offline;
        e.5 += a.views;
    }
    out
}

struct Activity {
    province: String,
    theme: String,
    kind: String,
    starts_at: i64,
    registered: i64,
    ratings: i64,
    stars: i64,
    offline: i64,
    views: i64,
}

fn activities(conn: &Connection, filter: &str) -> Vec<Activity> {
    let sql = format!(
        "SELECT COALESCE(a.province_code, ''), a.theme_id, a.event_kind_id, a.starts_at, a.registered,
           (SELECT COUNT(*) FROM feedback f WHERE f.activity_id = a.id),
           (SELECT COALESCE(SUM(stars), 0) FROM feedback f WHERE f.activity_id = a.id),
           (SELECT COALESCE(participants_offline, 0) FROM activity_results r WHERE r.activity_id = a.id),
           (SELECT COALESCE(views_online, 0) FROM activity_results r WHERE r.activity_id = a.id)
         FROM activities a LEFT JOIN units u ON u.id = a.unit_id
         WHERE a.status = 'published' AND ({filter})"
    );
    conn.prepare(&sql)
        .unwrap()
        .query_map([], |r| {
            Ok(Activity {
                province: r.get(0)?,
                theme: r.get(1)?,
                kind: r.get(2)?,
                starts_at: r.get(3)?,
                registered: r.get(4)?,
                ratings: r.get(5)?,
                stars: r.get(6)?,
                offline: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                views: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn china_day(a: &Activity) -> String {
    chrono::Utc
        .timestamp_opt(a.starts_at, 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string()
}

/// The non-zero rows of a dimension as counts.
fn rows(body: &Value, dimension: &str) -> Counts {
    body[dimension]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["activities"].as_i64().unwrap() > 0)
        .map(|r| {
            let avg = r["average_stars"].as_f64();
            let ratings = r["ratings"].as_i64().unwrap();
            assert_eq!(avg.is_some(), ratings > 0, "{r}");
            (
                r["id"].as_str().unwrap().to_string(),
                (
                    r["activities"].as_i64().unwrap(),
                    r["participants"].as_i64().unwrap(),
                    ratings,
                    -1,
                    r["participants_offline"].as_i64().unwrap(),
                    r["views_online"].as_i64().unwrap(),
                ),
            )
        })
        .collect()
}

fn without_stars(c: Counts) -> Counts {
    c.into_iter()
        .map(|(k, (a, p, r, _, o, v))| (k, (a, p, r, -1, o, v)))
        .collect()
}

/// Ratings by the seeded users on some activities, 活动回顾 figures on others, and one cancelled
/// activity that must not
/// count; written before the server's first `/stats`.
fn write_ratings(conn: &Connection) {
    let users: Vec<String> = conn
        .prepare("SELECT id FROM users ORDER BY seq LIMIT 5")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(users.len() >= 3, "the seed has users");
    conn.execute_batch(&format!(
        "INSERT INTO feedback(activity_id, user_id, stars, created_at, updated_at)
           SELECT a.id, '{u0}', 1 + a.seq % 5, 0, 0 FROM activities a WHERE a.seq % 7 = 0;
         INSERT INTO feedback(activity_id, user_id, stars, created_at, updated_at)
           SELECT a.id, '{u1}', 5, 0, 0 FROM activities a WHERE a.seq % 11 = 0;
         UPDATE activities SET status = 'cancelled' WHERE seq = (SELECT MIN(seq) FROM activities
           WHERE status = 'published' AND province_code = '110000');
         INSERT INTO activity_results(activity_id, version, participants_offline, views_online,
             updated_at, updated_by)
           SELECT a.id, 1, CASE WHEN a.seq % 2 = 0 THEN 10 + a.seq % 90 END,
             CASE WHEN a.seq % 3 = 0 THEN 100 * a.seq END, 0, '{u0}'
           FROM activities a WHERE a.seq % 5 = 0;",
        u0 = users[0],
        u1 = users[1]
    ))
    .unwrap();
}

fn assert_figures(body: &Value, conn: &Connection, filter: &str) {
    let all = expected(conn, filter, |_| "all".into());
    let t = &body["totals"];
    let (a, p, r, s, o, v) = all["all"];
    assert!(o > 0 && v > 0 || filter != "1", "reported figures count");
    assert_eq!(t["participants_offline"], o);
    assert_eq!(t["views_online"], v);
    assert!(a > 0, "something counts for {filter}");
    assert_eq!(t["activities"], a, "{filter}");
    assert_eq!(t["participants"], p);
    assert_eq!(t["ratings"], r);
    let avg = ((s as f64) * 10.0 / (r as f64)).round() / 10.0;
    assert_eq!(t["average_stars"].as_f64(), Some(avg));
    assert_eq!(
        rows(body, "by_province"),
        without_stars(expected(conn, filter, |a| a.province.clone()))
    );
    assert_eq!(
        rows(body, "by_theme"),
        without_stars(expected(conn, filter, |a| a.theme.clone()))
    );
    assert_eq!(
        rows(body, "by_event_kind"),
        without_stars(expected(conn, filter, |a| a.kind.clone()))
    );
    assert_eq!(
        rows(body, "by_day"),
        without_stars(expected(conn, filter, china_day))
    );
    // Every day from the first to the last, zeros included, in order.
    let days: Vec<chrono::NaiveDate> = body["by_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().parse().unwrap())
        .collect();
    for w in days.windows(2) {
        assert_eq!(w[1] - w[0], chrono::Duration::days(1));
    }
}

#[tokio::test]
async fn public_figures_equal_independent_counts_of_published_activities() {
    let s = start_at(SEPT_13).await;
    let conn = Connection::open(&s.db).unwrap();
    write_ratings(&conn);
    let a = s.call("GET", "/stats", None, None, &[]).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["scope"], "全国");
    assert_eq!(a.body["taken_at"], SEPT_13);
    assert_eq!(a.header("cache-control"), Some("public, max-age=60"));
    assert_figures(&a.body, &conn, "1");
    // Every theme and event kind is listed, zeros included; the most activities first.
    let themes: i64 = conn
        .query_row("SELECT COUNT(*) FROM themes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(a.body["by_theme"].as_array().unwrap().len() as i64, themes);
    let counts: Vec<i64> = a.body["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["activities"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // A draft or submitted activity (in registered_activities) never counts: the public table
    // is all there is, and a cancelled one left it.
    let beijing = a.body["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "110000")
        .unwrap();
    assert_eq!(beijing["name"], "北京市");

    // In English.
    let en = s
        .call("GET", "/stats", None, None, &[("Accept-Language", "en")])
        .await;
    assert_eq!(en.body["scope"], "Nationwide");
    assert_eq!(en.header("content-language"), Some("en"));
    let bj = en.body["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "110000")
        .unwrap();
    assert_eq!(bj["name"], "Beijing");
}

#[tokio::test]
async fn a_submitted_activity_counts_only_once_approved() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let id = s.submitted(&organiser, "量子统计开放日").await;
    let before = s.call("GET", "/stats", None, None, &[]).await.body;
    let beijing = s.log_in(BEIJING).await;
    let approved = s
        .post(
            &format!("/review/activities/{id}/decision"),
            &beijing,
            serde_json::json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    // Within the minute: the same figures, taken at the same time.
    s.advance_secs(59);
    let same = s.call("GET", "/stats", None, None, &[]).await.body;
    assert_eq!(same, before);
    // After it: taken again, one more activity.
    s.advance_secs(2);
    let after = s.call("GET", "/stats", None, None, &[]).await.body;
    assert_eq!(after["taken_at"], "2021-09-13T10:01:01+08:00");
    assert_eq!(
        after["totals"]["activities"].as_i64().unwrap(),
        before["totals"]["activities"].as_i64().unwrap() + 1
    );
}

#[tokio::test]
async fn the_cache_says_when_it_was_taken_and_answers_304_to_its_etag() {
    let s = start_at(SEPT_13).await;
    let first = s.call("GET", "/stats", None, None, &[]).await;
    let etag = first.header("etag").unwrap().to_string();
    let again = s
        .call("GET", "/stats", None, None, &[("If-None-Match", &etag)])
        .await;
    assert_eq!(again.status, 304);
    // A rating written behind the server's back shows only after the minute.
    let conn = Connection::open(&s.db).unwrap();
    write_ratings(&conn);
    s.advance_secs(30);
    let cached = s.call("GET", "/stats", None, None, &[]).await;
    assert_eq!(cached.body["taken_at"], SEPT_13);
    assert_eq!(cached.body["totals"], first.body["totals"]);
    s.advance_secs(31);
    let fresh = s
        .call("GET", "/stats", None, None, &[("If-None-Match", &etag)])
        .await;
    assert_eq!(fresh.status, 200);
    assert_eq!(fresh.body["taken_at"], "2021-09-13T10:01:01+08:00");
    assert_figures(&fresh.body, &conn, "1");
}

#[tokio::test]
async fn reviewers_see_their_scope_and_others_are_refused_without_figures() {
    let s = start_at(SEPT_13).await;
    let conn = Connection::open(&s.db).unwrap();
    write_ratings(&conn);

    let anonymous = s.call("GET", "/review/stats", None, None, &[]).await;
    assert_eq!(anonymous.status, 401);
    assert!(anonymous.body.get("totals").is_none());
    let organiser = s.log_in(ORGANISER).await;
    let refused = s.get("/review/stats", &organiser).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.get("totals").is_none());
    let refused_csv = s
        .server
        .get("/api/v1/review/stats?format=csv")
        .auth(&organiser)
        .send()
        .await;
    assert_eq!(refused_csv.status(), 403);
    assert!(!refused_csv.text().await.unwrap().contains("维度"));

    let beijing = s.log_in(BEIJING).await;
    let b = s.get("/review/stats", &beijing).await;
    assert_eq!(b.status, 200, "{}", b.body);
    assert_eq!(b.body["scope"], "北京市");
    assert_eq!(b.header("vary"), Some("Accept-Language, Authorization"));
    assert_figures(
        &b.body,
        &conn,
        "a.province_code = '110000' OR u.province_code = '110000'",
    );
    let shanghai = s.log_in(SHANGHAI).await;
    let sh = s.get("/review/stats", &shanghai).await;
    assert_eq!(sh.body["scope"], "上海市");
    assert_figures(
        &sh.body,
        &conn,
        "a.province_code = '310000' OR u.province_code = '310000'",
    );
    assert!(sh.body["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"] == "310000" || r["id"] == ""));

    let admin = s.log_in(ADMIN).await;
    let all = s.get("/review/stats", &admin).await;
    assert_eq!(all.body["scope"], "全国");
    let public = s.call("GET", "/stats", None, None, &[]).await;
    assert_eq!(all.body["totals"], public.body["totals"]);
    assert_eq!(all.body["by_province"], public.body["by_province"]);

    let bad = s.get("/review/stats?format=xml", &beijing).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.fields(), ["format"]);
}

#[tokio::test]
async fn the_csv_has_a_bom_a_header_crlf_and_quotes_what_needs_quoting() {
    let s = start_at(SEPT_13).await;
    let conn = Connection::open(&s.db).unwrap();
    // A theme whose name holds a comma and quotes, with one Beijing activity.
    conn.execute_batch(
        "INSERT INTO themes(id, name, description, color, sort)
           VALUES ('quoted', '科学,与\"生活\"', '', '#000000', 99);
         UPDATE activities SET theme_id = 'quoted' WHERE seq = (SELECT MIN(seq) FROM activities
           WHERE status = 'published' AND province_code = '110000');",
    )
    .unwrap();
    let beijing = s.log_in(BEIJING).await;
    let json = s.get("/review/stats", &beijing).await.body;
    let res = s
        .server
        .get("/api/v1/review/stats?format=csv")
        .auth(&beijing)
        .send()
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"stats-2021-09-13.csv\""
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(
        lines[0],
        "维度,编号,名称,活动数,预约人数,线下参与人数,线上观看,评价数,平均星级"
    );
    let t = &json["totals"];
    assert_eq!(
        lines[1],
        format!(
            "合计,all,合计,{},{},{},{},{},",
            t["activities"],
            t["participants"],
            t["participants_offline"],
            t["views_online"],
            t["ratings"]
        )
    );
    let n = |k: &str| json[k].as_array().unwrap().len();
    assert_eq!(
        lines.len(),
        2 + n("by_province") + n("by_theme") + n("by_event_kind") + n("by_day")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("主题,quoted,\"科学,与\"\"生活\"\"\",1,")),
        "{text}"
    );
    assert!(lines.iter().any(|l| l.starts_with("省份,110000,北京市,")));
    assert!(lines.iter().any(|l| l.starts_with("日期,2021-09-")));
}
