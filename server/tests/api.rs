//! The walking-skeleton API over real HTTP: health, edition, reference data, activity detail,
//! covers, and the problem+json error paths.
mod common;

use chrono::{DateTime, FixedOffset};
use common::{assert_problem, start, start_with};
use serde_json::Value;

#[tokio::test]
async fn health_reports_ok() {
    let server = start().await;
    let body = server.get_json("/api/v1/health").await;
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "version": "0.1.0", "database": "ok" })
    );
}

#[tokio::test]
async fn edition_reads_the_injected_clock() {
    let server = start_with(|c, _| {
        c.clock = Some(DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap());
    })
    .await;
    let res = server.get("/api/v1/edition").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["year"], 2021);
    assert_eq!(body["name"], "2021年全国科普日");
    assert_eq!(body["theme"], "百年再出发，迈向高水平科技自立自强");
    assert_eq!(body["starts_on"], "2021-09-11");
    assert_eq!(body["ends_on"], "2021-09-17");
    assert_eq!(body["utc_offset"], "+08:00");

    let text = body["server_time"].as_str().unwrap();
    // Millisecond precision, written in China time: 2021-09-13T10:00:01.234+08:00
    assert_eq!(text.len(), "2021-09-13T10:00:00.000+08:00".len(), "{text}");
    assert!(text.ends_with("+08:00"), "{text}");
    let at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(text).unwrap();
    let start = DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap();
    let ahead = at - start;
    assert!(
        ahead.num_milliseconds() >= 0 && ahead.num_seconds() < 10,
        "{text}"
    );
}

#[tokio::test]
async fn regions_list_every_province_with_gb2260_codes() {
    let server = start().await;
    let body = server.get_json("/api/v1/regions").await;
    let provinces = body["items"].as_array().unwrap();
    assert_eq!(provinces.len(), 32);
    let is_code = |v: &Value| {
        v.as_str()
            .is_some_and(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
    };
    for p in provinces {
        assert!(is_code(&p["code"]), "{p}");
        assert!(p["code"].as_str().unwrap().ends_with("0000"), "{p}");
        assert!(p["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(p["short_name"].as_str().is_some_and(|n| !n.is_empty()));
        let cities = p["cities"].as_array().unwrap();
        assert!(
            cities.len() >= 4,
            "{} has {} cities",
            p["name"],
            cities.len()
        );
        let prefix = &p["code"].as_str().unwrap()[..2];
        for c in cities {
            assert!(is_code(&c["code"]), "{c}");
            assert!(
                c["code"].as_str().unwrap().starts_with(prefix),
                "{c} in {}",
                p["name"]
            );
        }
    }
    let find = |code: &str| provinces.iter().find(|p| p["code"] == code).unwrap();
    let bingtuan = find("660000");
    assert_eq!(bingtuan["name"], "新疆生产建设兵团");
    assert_eq!(
        bingtuan["cities"][0],
        serde_json::json!({ "code": "660100", "name": "第一师" })
    );
    let beijing = find("110000");
    assert_eq!(beijing["name"], "北京市");
    assert_eq!(beijing["short_name"], "北京");
    let districts: Vec<&str> = beijing["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        districts.contains(&"海淀区") && districts.contains(&"东城区"),
        "{districts:?}"
    );
    let guangdong = find("440000");
    assert!(guangdong["cities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "440300" && c["name"] == "深圳市"));
}

#[tokio::test]
async fn themes_come_in_order_with_etag_and_304() {
    let server = start().await;
    let res = server.get("/api/v1/themes").await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong etag: {etag}"
    );
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
    let nuclear = &body["items"][1];
    assert_eq!(nuclear["name"], "核科普");
    assert!(nuclear["description"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
    for t in body["items"].as_array().unwrap() {
        let color = t["color"].as_str().unwrap();
        assert!(color.len() == 7 && color.starts_with('#'), "{color}");
    }

    let again = server
        .get("/api/v1/themes")
        .header("If-None-Match", &etag)
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert!(again.bytes().await.unwrap().is_empty());

    let stale = server
        .get("/api/v1/themes")
        .header("If-None-Match", "\"something-else\"")
        .await;
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn event_kinds_and_regions_carry_etags() {
    let server = start().await;
    let res = server.get("/api/v1/event-kinds").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    let kinds: Vec<(&str, &str)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["id"].as_str().unwrap(), k["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("beijing-main", "北京主场"),
            ("ministry-main", "部委主场"),
            ("provincial-main", "省级主场"),
            ("cloud", "云上科普日"),
            ("open-day", "公众科学素质促进开放日"),
        ]
    );
    let cached = server
        .get("/api/v1/event-kinds")
        .header("If-None-Match", etag)
        .await;
    assert_eq!(cached.status(), 304);

    let regions = server.get("/api/v1/regions").await;
    let etag = regions.headers()["etag"].to_str().unwrap().to_string();
    let cached = server
        .get("/api/v1/regions")
        .header("If-None-Match", etag)
        .await;
    assert_eq!(cached.status(), 304);
}

#[tokio::test]
async fn activity_detail_has_the_contract_shape() {
    let server = start().await;
    let a = server.get_json("/api/v1/activities/act_000001").await;
    assert_eq!(a["id"], "act_000001");
    for key in ["title", "summary", "description"] {
        assert!(a[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert!(a["summary"].as_str().unwrap().chars().count() <= 80);
    assert!(a["theme"]["id"].is_string() && a["theme"]["name"].is_string());
    assert!(a["event_kind"]["id"].is_string() && a["event_kind"]["name"].is_string());
    let format = a["format"].as_str().unwrap();
    assert!(["online", "offline", "hybrid"].contains(&format));
    let starts = DateTime::parse_from_rfc3339(a["starts_at"].as_str().unwrap()).unwrap();
    let ends = DateTime::parse_from_rfc3339(a["ends_at"].as_str().unwrap()).unwrap();
    assert!(a["starts_at"].as_str().unwrap().ends_with("+08:00"));
    assert!(ends > starts);
    assert!(a["organizer"]["name"].is_string());
    assert!([
        "society",
        "association",
        "museum",
        "university",
        "enterprise",
        "base",
        "institute",
        "government"
    ]
    .contains(&a["organizer"]["type"].as_str().unwrap()));
    let region = &a["region"];
    assert!(
        region.is_null()
            || (region["province_code"].is_string() && region["province_name"].is_string())
    );
    assert_eq!(a["venue"].is_null(), format == "online");
    if !a["venue"].is_null() {
        assert!(a["venue"]["name"].is_string() && a["venue"]["address"].is_string());
    }
    assert_eq!(a["online_url"].is_null(), format == "offline");
    assert_eq!(a["cover_url"], "/media/covers/act_000001.svg");
    let registration = &a["registration"];
    assert!(
        registration.is_null()
            || (registration["required"] == true && registration["registered"].is_i64())
    );
    assert!(a["popularity"].is_i64());
}

#[tokio::test]
async fn an_unknown_activity_is_a_404_problem() {
    let server = start().await;
    let body = assert_problem(
        server.get("/api/v1/activities/act_999999").await,
        404,
        "not-found",
    )
    .await;
    assert_eq!(body["detail"], "活动不存在或已下线");
    assert_eq!(body["instance"], "/api/v1/activities/act_999999");
}

#[tokio::test]
async fn unknown_api_routes_are_404_problems() {
    let server = start().await;
    for path in [
        "/api/v1/nothing-here",
        "/api/v2/themes",
        "/api/v1/themes/extra",
    ] {
        let body = assert_problem(server.get(path).await, 404, "not-found").await;
        assert_eq!(body["instance"], path);
    }
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let server = start().await;
    let send = |body: &'static str, content_type: &'static str| {
        server
            .post("/api/v1/test/echo")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let ok = send(r#"{"name":"科普"}"#, "application/json").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap()["name"], "科普");

    let malformed = assert_problem(
        send(r#"{"name": "#, "application/json").await,
        400,
        "bad-request",
    )
    .await;
    assert_eq!(malformed["instance"], "/api/v1/test/echo");
    assert_problem(
        send(r#"{"name":"科普"}"#, "text/plain").await,
        415,
        "unsupported-media-type",
    )
    .await;
    let wrong_shape = assert_problem(
        send(r#"{"title":1}"#, "application/json").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(wrong_shape["errors"][0]["field"], "body");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_problems() {
    let server = start_with(|c, _| c.body_limit = 1024).await;
    let big = format!(r#"{{"name":"{}"}}"#, "科".repeat(1000));
    let res = server
        .post("/api/v1/test/echo")
        .header("content-type", "application/json")
        .body(big.clone())
        .await;
    assert_problem(res, 413, "payload-too-large").await;

    // Without a Content-Length (chunked), the limit bites while the body is read.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let mut request = format!(
        "POST /api/v1/test/echo HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .into_bytes();
    request.extend(format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()).into_bytes());
    stream.write_all(&request).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("application/problem+json"), "{response}");
    assert!(response.contains("payload-too-large"), "{response}");
}

#[tokio::test]
async fn cors_allows_configured_origins_and_exposes_the_client_headers() {
    let server = start_with(|c, _| c.cors_origins = vec!["http://127.0.0.1:8081".into()]).await;
    let res = server
        .get("/api/v1/themes")
        .header("Origin", "http://127.0.0.1:8081")
        .await;
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8081"
    );
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for header in [
        "etag",
        "location",
        "retry-after",
        "upload-offset",
        "upload-length",
        "tus-resumable",
        "idempotency-replayed",
    ] {
        assert!(
            exposed.split(',').any(|h| h.trim() == header),
            "{header} not in {exposed}"
        );
    }

    let preflight = server
        .request(reqwest::Method::OPTIONS, "/api/v1/activities/act_000001")
        .header("Origin", "http://127.0.0.1:8081")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "if-none-match")
        .await;
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8081"
    );

    let other = server
        .get("/api/v1/themes")
        .header("Origin", "https://elsewhere.example")
        .await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn covers_are_deterministic_svgs() {
    let server = start().await;
    let res = server.get("/media/covers/act_000001.svg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age=31536000"));
    let first = res.text().await.unwrap();
    assert!(first.starts_with("<svg") && first.contains(r#"viewBox="0 0 720 360""#));
    assert!(first.contains("linearGradient") && !first.contains("<text"));
    let second = server
        .get("/media/covers/act_000001.svg")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, second);
    let other = server
        .get("/media/covers/act_000002.svg")
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(first, other);

    assert_problem(
        server.get("/media/covers/act_999999.svg").await,
        404,
        "not-found",
    )
    .await;
    assert_problem(
        server.get("/media/covers/act_000001.png").await,
        404,
        "not-found",
    )
    .await;
}

/// `GET path` with `Accept-Language: value` (none when `None`): status, Content-Language, Vary,
/// ETag, body.
async fn in_language(
    server: &common::TestServer,
    path: &str,
    value: Option<&str>,
) -> (u16, String, String, String, Value) {
    let mut req = server.get(path);
    if let Some(v) = value {
        req = req.header("Accept-Language", v);
    }
    let res = req.await;
    let header = |n: &str| {
        res.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (cl, vary, etag) = (header("content-language"), header("vary"), header("etag"));
    let status = res.status().as_u16();
    let body = if status == 200 {
        res.json().await.unwrap()
    } else {
        Value::Null
    };
    (status, cl, vary, etag, body)
}

#[tokio::test]
async fn reference_data_follows_accept_language() {
    let server = start().await;
    let (_, cl, vary, en_etag, regions) =
        in_language(&server, "/api/v1/regions", Some("en-US,en;q=0.9")).await;
    assert_eq!(cl, "en");
    assert!(
        vary.to_ascii_lowercase().contains("accept-language"),
        "{vary}"
    );
    let provinces = regions["items"].as_array().unwrap();
    let name_of = |code: &str| {
        provinces
            .iter()
            .flat_map(|p| std::iter::once(p).chain(p["cities"].as_array().unwrap()))
            .find(|r| r["code"] == code)
            .map(|r| r["name"].as_str().unwrap().to_string())
    };
    assert_eq!(name_of("110000").as_deref(), Some("Beijing"));
    assert_eq!(name_of("310000").as_deref(), Some("Shanghai"));
    assert_eq!(name_of("440000").as_deref(), Some("Guangdong"));
    assert_eq!(name_of("440300").as_deref(), Some("Shenzhen"));
    for p in provinces {
        let names = std::iter::once(&p["name"])
            .chain([&p["short_name"]])
            .chain(p["cities"].as_array().unwrap().iter().map(|c| &c["name"]));
        for n in names {
            assert!(n.as_str().unwrap().is_ascii(), "not English: {n}");
        }
    }

    let (_, cl, _, _, themes) = in_language(&server, "/api/v1/themes", Some("en")).await;
    assert_eq!(cl, "en");
    assert_eq!(themes["items"][10]["id"], "space");
    assert_eq!(themes["items"][10]["name"], "Space");
    let (_, _, _, _, kinds) = in_language(&server, "/api/v1/event-kinds", Some("en")).await;
    assert_eq!(kinds["items"][3]["name"], "Science Day online");

    // Chinese: asked for, missing, or a header naming nothing the server has / unreadable.
    let mut zh_etags = Vec::new();
    for value in [
        Some("zh-CN"),
        None,
        Some("fr-FR, de;q=0.8"),
        Some(";;q=x,,*"),
    ] {
        let (status, cl, vary, etag, regions) =
            in_language(&server, "/api/v1/regions", value).await;
        assert_eq!((status, cl.as_str()), (200, "zh-CN"), "{value:?}");
        assert!(vary.to_ascii_lowercase().contains("accept-language"));
        assert_eq!(regions["items"][0]["name"], "北京市", "{value:?}");
        zh_etags.push(etag);
    }
    assert!(zh_etags.iter().all(|e| *e == zh_etags[0]));
    // One ETag per language: the English copy is not "current" for a Chinese request.
    assert_ne!(en_etag, zh_etags[0]);
    let res = server
        .get("/api/v1/regions")
        .header("Accept-Language", "zh-CN")
        .header("If-None-Match", &en_etag)
        .await;
    assert_eq!(res.status(), 200);
    let res = server
        .get("/api/v1/regions")
        .header("Accept-Language", "en")
        .header("If-None-Match", &en_etag)
        .await;
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["content-language"], "en");
    assert_eq!(res.headers()["vary"], "Accept-Language");
}
