//! The walking skeleton's API: health, edition and clock, reference data with ETags, activity
//! detail, and the error conventions — over real HTTP against a real SQLite file.
mod common;

use common::{expect_problem, TestServer};
use serde_json::Value;

#[tokio::test]
async fn health_reports_ok_with_the_database() {
    let s = TestServer::start().await;
    let body = s.get_json("/api/v1/health").await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn edition_reports_the_clock_it_was_started_with() {
    let s = TestServer::start().await;
    let res = s.get("/api/v1/edition").await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["year"], 2021);
    assert_eq!(body["theme"], "百年再出发，迈向高水平科技自立自强");
    assert_eq!(body["starts_on"], "2021-09-11");
    assert_eq!(body["ends_on"], "2021-09-17");
    let server_time = body["server_time"].as_str().unwrap();
    assert!(server_time.ends_with("+08:00"), "{server_time}");
    let t = chrono::DateTime::parse_from_rfc3339(server_time).unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap();
    let drift = t - start;
    assert!(
        drift >= chrono::Duration::zero() && drift < chrono::Duration::seconds(30),
        "{drift}"
    );
}

#[tokio::test]
async fn regions_list_every_province_with_gb2260_codes() {
    let s = TestServer::start().await;
    let body = s.get_json("/api/v1/regions").await;
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 32, "31 provinces + 新疆生产建设兵团");
    for p in items {
        let code = p["code"].as_str().unwrap();
        assert!(code.len() == 6 && code.ends_with("0000"), "{code}");
        let cities = p["cities"].as_array().unwrap();
        assert!(!cities.is_empty(), "{code} has cities");
        for c in cities {
            let cc = c["code"].as_str().unwrap();
            assert_eq!(&cc[..2], &code[..2], "{cc} belongs to {code}");
        }
    }
    let beijing = items.iter().find(|p| p["code"] == "110000").unwrap();
    assert_eq!(beijing["short_name"], "北京");
    assert!(beijing["cities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "海淀区"));
    assert!(items
        .iter()
        .any(|p| p["code"] == "660000" && p["name"] == "新疆生产建设兵团"));
}

#[tokio::test]
async fn themes_and_kinds_come_in_order_with_etags() {
    let s = TestServer::start().await;
    let res = s.get("/api/v1/themes").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"'), "strong etag: {etag}");
    let body: Value = res.json().await.unwrap();
    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "self-reliance",
            "nuclear",
            "water",
            "health",
            "safety",
            "ecology",
            "carbon",
            "rural",
            "weather",
            "quake",
            "space"
        ]
    );
    let again = s
        .client
        .get(s.url("/api/v1/themes"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    let stale = s
        .client
        .get(s.url("/api/v1/themes"))
        .header("If-None-Match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);

    let kinds = s.get_json("/api/v1/event-kinds").await;
    let names: Vec<&str> = kinds["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "北京主场",
            "部委主场",
            "省级主场",
            "云上科普日",
            "公众科学素质促进开放日"
        ]
    );
}

#[tokio::test]
async fn activity_detail_has_the_contract_shape() {
    let s = TestServer::start().await;
    let a = s.get_json("/api/v1/activities/act_000001").await;
    assert_eq!(a["id"], "act_000001");
    for key in ["title", "summary", "description", "cover_url"] {
        assert!(!a[key].as_str().unwrap().is_empty(), "{key}");
    }
    assert!(["online", "offline", "hybrid"].contains(&a["format"].as_str().unwrap()));
    let starts = chrono::DateTime::parse_from_rfc3339(a["starts_at"].as_str().unwrap()).unwrap();
    let ends = chrono::DateTime::parse_from_rfc3339(a["ends_at"].as_str().unwrap()).unwrap();
    assert!(a["starts_at"].as_str().unwrap().ends_with("+08:00"));
    assert!(starts < ends);
    let day = starts.date_naive().to_string();
    assert!(
        ("2021-09-11".."2021-09-18").contains(&day.as_str()),
        "{day}"
    );
    match a["format"].as_str().unwrap() {
        "online" => assert!(a["venue"].is_null() && a["online_url"].is_string()),
        "offline" => assert!(a["venue"]["address"].is_string() && a["online_url"].is_null()),
        _ => assert!(a["venue"]["address"].is_string() && a["online_url"].is_string()),
    }
    assert!(a["theme"]["name"].is_string() && a["event_kind"]["name"].is_string());
    // The cover it names exists and is an SVG.
    let cover = s.get(a["cover_url"].as_str().unwrap()).await;
    assert_eq!(cover.status(), 200);
    assert_eq!(cover.headers()["content-type"], "image/svg+xml");
    assert!(cover.text().await.unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn unknown_things_are_problem_404s() {
    let s = TestServer::start().await;
    let body = expect_problem(s.get("/api/v1/activities/act_999999").await, 404).await;
    assert_eq!(body["detail"], "活动不存在或已下线");
    assert_eq!(body["instance"], "/api/v1/activities/act_999999");
    let body = expect_problem(s.get("/api/v1/no-such-endpoint").await, 404).await;
    assert_eq!(body["instance"], "/api/v1/no-such-endpoint");
    expect_problem(s.get("/media/covers/act_999999.svg").await, 404).await;
    expect_problem(
        s.client
            .delete(s.url("/api/v1/themes"))
            .send()
            .await
            .unwrap(),
        405,
    )
    .await;
}

#[tokio::test]
async fn seeding_is_deterministic_and_scales() {
    let a = TestServer::start().await;
    let b = TestServer::start().await;
    let first_a = a.get_json("/api/v1/activities/act_000001").await;
    let first_b = b.get_json("/api/v1/activities/act_000001").await;
    assert_eq!(first_a, first_b);
    assert_eq!(a.get("/api/v1/activities/act_001200").await.status(), 200);
    assert_eq!(a.get("/api/v1/activities/act_001201").await.status(), 404);

    let big = TestServer::start_with(|c| c.seed_scale = 3).await;
    assert_eq!(big.get("/api/v1/activities/act_003600").await.status(), 200);
    assert_eq!(
        big.get_json("/api/v1/activities/act_000001").await,
        first_a,
        "activity N is the same at every scale"
    );
}

#[tokio::test]
async fn cors_allows_configured_origins_and_exposes_headers() {
    let s = TestServer::start_with(|c| c.cors_origins = vec!["http://127.0.0.1:8081".into()]).await;
    let res = s
        .client
        .get(s.url("/api/v1/themes"))
        .header("Origin", "http://127.0.0.1:8081")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8081"
    );
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for h in ["etag", "location", "retry-after", "upload-offset"] {
        assert!(exposed.contains(h), "{h} exposed in {exposed}");
    }
    let other = s
        .client
        .get(s.url("/api/v1/themes"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
