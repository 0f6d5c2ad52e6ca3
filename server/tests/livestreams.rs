//! Livestreams over real HTTP at the demo clock (2021-09-13T10:00+08:00): status from the clock
//! and flipping as it advances, China-day filtering, keyset paging, validation, the viewer batch,
//! and the sample media served with byte ranges.
mod common;

use chrono::{DateTime, Duration, FixedOffset};
use common::{assert_problem, problem_fields, TestServer};
use serde_json::Value;
use std::collections::HashSet;

const NOW: &str = "2021-09-13T10:00:00+08:00";

async fn server() -> TestServer {
    common::start_clocked(NOW, |c| c.db_pool = 2).await
}

/// Every livestream of `query`, page after page (checking `total`).
async fn all(s: &TestServer, query: &str) -> Vec<Value> {
    s.all_pages(&format!("/api/v1/livestreams?{query}")).await
}

fn at(v: &Value, field: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v[field].as_str().unwrap()).unwrap()
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

#[tokio::test]
async fn status_follows_the_clock() {
    let s = server().await;
    let live = all(&s, "status=live").await;
    let upcoming = all(&s, "status=upcoming").await;
    let replay = all(&s, "status=replay").await;
    let everything = all(&s, "limit=50").await;
    assert!(live.len() >= 3, "{} live", live.len());
    assert!(upcoming.len() >= 40, "{} upcoming", upcoming.len());
    assert!(replay.len() >= 30, "{} replays", replay.len());
    assert_eq!(live.len() + upcoming.len() + replay.len(), everything.len());
    let now = now();
    for l in &live {
        assert_eq!(l["status"], "live");
        assert!(at(l, "starts_at") <= now && now < at(l, "ends_at"), "{l}");
        assert!(l["viewer_count"].as_i64().unwrap() > 0);
        assert!(l["view_count"].is_null() && l["replay_url"].is_null());
        assert_eq!(l["playback_type"], "mp4");
        assert!(l["playback_url"].as_str().unwrap().ends_with(".mp4"));
    }
    for u in &upcoming {
        assert_eq!(u["status"], "upcoming");
        assert!(at(u, "starts_at") > now);
        assert!(u["viewer_count"].is_null() && u["view_count"].is_null());
        assert!(u["replay_url"].is_null());
    }
    let soon = upcoming
        .iter()
        .filter(|u| at(u, "starts_at") <= now + Duration::hours(1))
        .count();
    assert!(soon >= 2, "{soon} start within the hour");
    for r in &replay {
        assert_eq!(r["status"], "replay");
        assert!(at(r, "ends_at") <= now);
        assert!(r["viewer_count"].is_null());
        assert!(r["view_count"].as_i64().unwrap() > 0);
        assert_eq!(r["replay_url"], r["playback_url"]);
    }
    // Live and upcoming by start ascending, replays newest first, everything ascending.
    let starts = |items: &[Value]| items.iter().map(|i| at(i, "starts_at")).collect::<Vec<_>>();
    assert!(starts(&live).is_sorted());
    assert!(starts(&upcoming).is_sorted());
    assert!(starts(&replay).iter().rev().is_sorted());
    assert!(starts(&everything).is_sorted());
    // The item carries what the contract says, the cover included.
    let first = &live[0];
    for field in ["id", "title", "cover_url", "starts_at", "ends_at"] {
        assert!(
            first[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    assert!(first["organizer"]["name"].is_string() && first["theme"]["id"].is_string());
    let cover = s.get(first["cover_url"].as_str().unwrap()).await;
    assert_eq!(cover.status(), 200);
    assert_eq!(cover.headers()["content-type"], "image/svg+xml");
    assert!(cover.text().await.unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn status_flips_when_the_clock_passes_start_and_end() {
    let s = server().await;
    let page = s
        .get_json("/api/v1/livestreams?status=upcoming&limit=1")
        .await;
    let next = &page["items"][0];
    let id = next["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/livestreams/{id}");
    assert_eq!(s.get_json(&path).await["status"], "upcoming");

    let to_start = at(next, "starts_at") - now();
    s.clock.advance(to_start + Duration::seconds(1));
    let detail = s.get_json(&path).await;
    assert_eq!(detail["status"], "live");
    assert!(detail["viewer_count"].as_i64().unwrap() > 0);
    assert!(detail["replay_url"].is_null());
    let live = all(&s, "status=live").await;
    assert!(live.iter().any(|l| l["id"] == id.as_str()));

    let to_end = at(next, "ends_at") - at(next, "starts_at");
    s.clock.advance(to_end);
    let detail = s.get_json(&path).await;
    assert_eq!(detail["status"], "replay");
    assert!(detail["viewer_count"].is_null());
    assert!(detail["view_count"].as_i64().unwrap() > 0);
    assert_eq!(detail["replay_url"], format!("/media/videos/{id}.mp4"));
    let replays = s
        .get_json("/api/v1/livestreams?status=replay&limit=1")
        .await;
    assert_eq!(replays["items"][0]["id"], id.as_str(), "the newest replay");
}

#[tokio::test]
async fn date_is_the_china_day_of_the_start() {
    let s = server().await;
    let day13 = all(&s, "date=2021-09-13&limit=7").await;
    assert!(!day13.is_empty());
    for item in &day13 {
        assert!(
            item["starts_at"]
                .as_str()
                .unwrap()
                .starts_with("2021-09-13T"),
            "{item}"
        );
    }
    let starts: Vec<&str> = day13
        .iter()
        .map(|i| i["starts_at"].as_str().unwrap())
        .collect();
    // 23:30 China time is 15:30 UTC on the 13th, 07:30 is 23:30 UTC on the 12th: both the 13th.
    assert!(starts.contains(&"2021-09-13T23:30:00+08:00"), "{starts:?}");
    assert!(starts.contains(&"2021-09-13T07:30:00+08:00"), "{starts:?}");
    let day14 = all(&s, "date=2021-09-14&limit=50").await;
    assert!(day14
        .iter()
        .all(|i| i["starts_at"].as_str().unwrap().starts_with("2021-09-14T")));
    // Filters combine, and a day outside the edition is simply empty.
    let space = all(&s, "date=2021-09-13&theme=space&status=upcoming").await;
    assert!(space
        .iter()
        .all(|i| i["theme"]["id"] == "space" && i["status"] == "upcoming"));
    let none = s.get_json("/api/v1/livestreams?date=2021-10-01").await;
    assert_eq!(none["total"], 0);
    assert!(none["next_cursor"].is_null());
}

#[tokio::test]
async fn cursor_pages_without_duplicates_or_gaps() {
    let s = server().await;
    for (query, expected) in [
        ("limit=7", None),
        ("status=replay&limit=5", Some("replay")),
        ("status=upcoming&limit=9", Some("upcoming")),
        ("theme=space&limit=3", None),
    ] {
        let items = all(&s, query).await;
        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), items.len(), "{query}: duplicates");
        let unpaged = s.get_json(&format!("/api/v1/livestreams?{query}")).await;
        assert_eq!(unpaged["total"].as_u64().unwrap() as usize, items.len());
        if let Some(status) = expected {
            assert!(items.iter().all(|i| i["status"] == status), "{query}");
        }
    }
    assert_eq!(all(&s, "limit=50").await.len(), 126);
}

#[tokio::test]
async fn bad_queries_are_422_naming_the_field() {
    let s = server().await;
    let replay_cursor = s
        .get_json("/api/v1/livestreams?status=replay&limit=2")
        .await["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    for (query, field) in [
        ("status=soon", "status"),
        ("theme=astrology", "theme"),
        ("date=2021-13-40", "date"),
        ("date=13%2F09%2F2021", "date"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        (&format!("status=live&cursor={replay_cursor}"), "cursor"),
    ] {
        let res = s.get(&format!("/api/v1/livestreams?{query}")).await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(problem_fields(&body), [field], "{query}");
    }
    let res = s.get("/api/v1/livestreams/ls_9999").await;
    let body = assert_problem(res, 404, "not-found").await;
    assert_eq!(body["instance"], "/api/v1/livestreams/ls_9999");
}

#[tokio::test]
async fn detail_has_description_and_related_streams() {
    let s = server().await;
    let d = s.get_json("/api/v1/livestreams/ls_0040").await;
    assert_eq!(d["id"], "ls_0040");
    assert!(d["description"].as_str().unwrap().contains('\n'));
    let related = d["related"].as_array().unwrap();
    assert!(!related.is_empty() && related.len() <= 6);
    for r in related {
        assert_eq!(r["theme"], d["theme"]);
        assert_ne!(r["id"], d["id"]);
    }
}

#[tokio::test]
async fn list_answers_if_none_match_with_304() {
    let s = server().await;
    let res = s.get("/api/v1/livestreams?status=upcoming").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let again = s
        .get("/api/v1/livestreams?status=upcoming")
        .header("If-None-Match", &etag)
        .await;
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn viewer_batch_follows_the_ids_and_moves_with_the_clock() {
    let s = server().await;
    let live = all(&s, "status=live").await;
    let upcoming = s
        .get_json("/api/v1/livestreams?status=upcoming&limit=1")
        .await;
    let live_id = live[0]["id"].as_str().unwrap();
    let upcoming_id = upcoming["items"][0]["id"].as_str().unwrap();
    let path =
        format!("/api/v1/livestreams/viewers?ids={upcoming_id},ls_9999,{live_id},{upcoming_id}");
    let res = s.get(&path).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "unknown ids left out, repeats once: {body}");
    assert_eq!(items[0]["id"], upcoming_id);
    assert_eq!(items[0]["status"], "upcoming");
    assert!(items[0]["viewer_count"].is_null());
    assert_eq!(items[1]["id"], live_id);
    assert_eq!(items[1]["status"], "live");
    let before = items[1]["viewer_count"].as_i64().unwrap();
    assert!(before > 0);
    let server_time = DateTime::parse_from_rfc3339(body["server_time"].as_str().unwrap()).unwrap();
    assert!(server_time >= now() && server_time - now() < Duration::seconds(30));

    // Later, the same live stream has a different (and still positive) audience.
    s.clock.advance(Duration::minutes(7));
    let later = s
        .get_json(&format!("/api/v1/livestreams/viewers?ids={live_id}"))
        .await;
    let after = later["items"][0]["viewer_count"].as_i64().unwrap();
    assert!(after > 0);
    assert_ne!(before, after);

    let fifty_one: Vec<String> = (1..=51).map(|i| format!("ls_{i:04}")).collect();
    for query in [
        format!("ids={}", fifty_one.join(",")),
        "ids=".to_string(),
        "ids=,,".to_string(),
        String::new(),
    ] {
        let res = s.get(&format!("/api/v1/livestreams/viewers?{query}")).await;
        let body = assert_problem(res, 422, "validation").await;
        assert_eq!(body["errors"][0]["field"], "ids", "{query}");
    }
    let fifty = s
        .get_json(&format!(
            "/api/v1/livestreams/viewers?ids={}",
            fifty_one[..50].join(",")
        ))
        .await;
    assert_eq!(fifty["items"].as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn media_plays_with_byte_ranges() {
    let s = server().await;
    let live = s.get_json("/api/v1/livestreams?status=live&limit=1").await;
    let replay = s
        .get_json("/api/v1/livestreams?status=replay&limit=1")
        .await;
    for url in [
        live["items"][0]["playback_url"].as_str().unwrap(),
        replay["items"][0]["replay_url"].as_str().unwrap(),
    ] {
        let whole = s.get(url).await;
        assert_eq!(whole.status(), 200, "{url}");
        assert_eq!(whole.headers()["content-type"], "video/mp4");
        assert_eq!(whole.headers()["accept-ranges"], "bytes");
        let bytes = whole.bytes().await.unwrap();
        let len = bytes.len();
        assert!(len > 1_000 && len < 200 * 1024, "{url}: {len} bytes");
        assert_eq!(&bytes[4..8], b"ftyp", "an MP4 starts with its ftyp box");

        let part = s.get(url).header("Range", "bytes=0-99").await;
        assert_eq!(part.status(), 206);
        assert_eq!(part.headers()["content-type"], "video/mp4");
        assert_eq!(
            part.headers()["content-range"],
            format!("bytes 0-99/{len}").as_str()
        );
        assert_eq!(part.bytes().await.unwrap(), bytes[..100]);

        let tail = s
            .get(url)
            .header("Range", format!("bytes={}-", len - 10))
            .await;
        assert_eq!(tail.status(), 206);
        assert_eq!(tail.bytes().await.unwrap(), bytes[len - 10..]);

        let beyond = s.get(url).header("Range", format!("bytes={len}-")).await;
        assert_eq!(beyond.status(), 416);
        assert_eq!(
            beyond.headers()["content-range"],
            format!("bytes */{len}").as_str()
        );
    }
    // A client that accepts compression still gets the clip as is, rangeable.
    let url = live["items"][0]["playback_url"].as_str().unwrap();
    let gz = s.get(url).header("Accept-Encoding", "gzip, br").await;
    assert!(gz.headers().get("content-encoding").is_none());
    assert_eq!(gz.headers()["accept-ranges"], "bytes");

    for missing in [
        "/media/streams/ls_9999.mp4",
        "/media/videos/ls_0001.webm",
        "/media/covers/livestreams/ls_9999.svg",
    ] {
        assert_problem(s.get(missing).await, 404, "not-found").await;
    }
}
