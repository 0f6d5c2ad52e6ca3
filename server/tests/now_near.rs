//! Issue 20 on the server: time status by the server clock (boundary seconds, `sort=now`, the
//! `time_status` filter), near me (locations, `sort=distance`, `GET /regions/locate`, the
//! account's city) and `GET /now`. Every answer is checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const NOW: &str = "2021-09-13T10:00:00+08:00";

fn secs(t: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(t.as_str().expect("a time"))
        .expect("RFC 3339")
        .timestamp()
}

fn items(a: &Answer) -> &Vec<Value> {
    a.body["items"].as_array().expect("items")
}

impl CheckedServer {
    /// Anonymous `GET` checked against the contract.
    async fn anon(&self, path: &str) -> Answer {
        self.call("GET", path, None, None, &[]).await
    }

    /// Every city of `GET /regions`, across the provinces.
    async fn cities(&self) -> Vec<Value> {
        let regions = self.anon("/regions").await;
        regions.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["cities"].as_array().unwrap().iter().cloned())
            .collect()
    }

    /// Each anonymous `GET path` is a 422 naming exactly `fields`.
    async fn refuses(&self, cases: &[(&str, &[&str])]) {
        for (path, fields) in cases {
            let a = self.anon(path).await;
            assert_eq!(a.status, 422, "{path}");
            assert_eq!(a.fields(), *fields, "{path}");
        }
    }

    /// Every page of an activity search (`path` has a query), as one list.
    async fn all_activities(&self, path: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                Some(c) => format!("{path}&cursor={c}"),
                None => path.to_string(),
            };
            let a = self.anon(&url).await;
            assert_eq!(a.status, 200, "{url}: {}", a.body);
            out.extend(items(&a).iter().cloned());
            match a.body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_string()),
                None => return out,
            }
        }
    }
}

#[tokio::test]
async fn time_status_turns_at_the_exact_seconds_of_start_and_end() {
    let reg = start_at("2021-09-01T00:00:00+08:00").await;
    let a = reg.anon("/activities/act_000001").await;
    assert_eq!(a.body["time_status"], "upcoming");
    let (starts, ends) = (secs(&a.body["starts_at"]), secs(&a.body["ends_at"]));
    let now = reg.clock.now().timestamp();
    reg.clock
        .advance(chrono::Duration::seconds(starts - 1 - now));
    let status = |reg: &CheckedServer| {
        let reg_origin = reg.origin.clone();
        async move {
            let body: Value = reqwest::get(format!("{reg_origin}/api/v1/activities/act_000001"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["time_status"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(status(&reg).await, "upcoming", "starts_at − 1 s");
    reg.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(status(&reg).await, "ongoing", "at starts_at");
    reg.clock
        .advance(chrono::Duration::seconds(ends - starts - 1));
    assert_eq!(status(&reg).await, "ongoing", "ends_at − 1 s");
    reg.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(status(&reg).await, "ended", "at ends_at (exclusive)");
    // Search results say the same.
    let found = reg
        .anon("/activities?time_status=ended&sort=now&limit=50")
        .await;
    assert!(items(&found).iter().any(|i| i["id"] == "act_000001"));
}

#[tokio::test]
async fn livestreams_carry_the_same_split_as_their_status() {
    let reg = start_at(NOW).await;
    let a = reg.anon("/livestreams?limit=50").await;
    let mut seen = std::collections::HashSet::new();
    for s in items(&a) {
        let expected = match s["status"].as_str().unwrap() {
            "live" => "ongoing",
            "upcoming" => "upcoming",
            _ => "ended",
        };
        assert_eq!(s["time_status"], expected, "{}", s["id"]);
        seen.insert(expected);
    }
    assert_eq!(
        seen.len(),
        3,
        "the seed has streams of every status at {NOW}"
    );
}

#[tokio::test]
async fn sort_now_puts_ongoing_then_upcoming_then_ended_and_pages_through_all() {
    let reg = start_at(NOW).await;
    let now = secs(&json!(NOW));
    let default = reg.anon("/activities?limit=1").await;
    let total = default.body["total"].as_i64().unwrap();
    assert_eq!(
        items(&default)[0]["time_status"],
        "ended",
        "the default order (by start) is unchanged: it opens on 9月11日"
    );

    let all = reg.all_activities("/activities?sort=now&limit=50").await;
    assert_eq!(all.len() as i64, total, "every activity once");
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "no activity twice");
    let tier = |a: &Value| match a["time_status"].as_str().unwrap() {
        "ongoing" => 0,
        "upcoming" => 1,
        _ => 2,
    };
    let key = |a: &Value| {
        let (s, e) = (secs(&a["starts_at"]), secs(&a["ends_at"]));
        let expected = if now < s {
            "upcoming"
        } else if now < e {
            "ongoing"
        } else {
            "ended"
        };
        assert_eq!(a["time_status"], expected, "{}", a["id"]);
        match tier(a) {
            0 => (0, e),
            1 => (1, s),
            _ => (2, -e),
        }
    };
    let keys: Vec<(i32, i64)> = all.iter().map(key).collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "sorted by (tier, time)"
    );
    for t in 0..3 {
        assert!(
            keys.iter().any(|k| k.0 == t),
            "tier {t} is present at {NOW}"
        );
    }

    // The filter leaves the ended ones out, and the total and facets follow it.
    let ended = keys.iter().filter(|k| k.0 == 2).count() as i64;
    let live = reg
        .anon("/activities?sort=now&time_status=ongoing,upcoming&limit=5")
        .await;
    assert_eq!(live.body["total"].as_i64().unwrap(), total - ended);
    assert_eq!(items(&live)[0]["time_status"], "ongoing");
    let facet_sum: i64 = live.body["facets"]["format"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_i64().unwrap())
        .sum();
    assert_eq!(facet_sum, total - ended);

    reg.refuses(&[
        ("/activities?time_status=soon", &["time_status"]),
        ("/activities?time_status=ongoing,", &["time_status"]),
        ("/activities?time_status=", &["time_status"]),
        ("/activities?sort=nearest", &["sort"]),
    ])
    .await;
}

#[tokio::test]
async fn activities_have_locations_and_sort_by_distance() {
    let reg = start_at(NOW).await;
    // A landmark venue has its own position; other offline venues their city's centre (when
    // it is known); online activities none.
    let centres: std::collections::HashMap<String, Value> = reg
        .cities()
        .await
        .into_iter()
        .filter(|c| c.get("lat").is_some())
        .map(|c| (c["code"].as_str().unwrap().to_string(), c))
        .collect();
    let every = reg.all_activities("/activities?sort=start&limit=50").await;
    let mut venues = 0;
    for a in &every {
        let expected = if a["format"] == "online" {
            Value::Null
        } else if a["venue"]["name"] == "中国科学技术馆" {
            venues += 1;
            json!({ "lat": 40.004, "lng": 116.392, "precision": "venue" })
        } else if a["venue"]["name"] == "上海科技馆" {
            venues += 1;
            json!({ "lat": 31.219, "lng": 121.543, "precision": "venue" })
        } else if [
            "广东科学中心",
            "浙江省科技馆",
            "四川科技馆",
            "陕西科学技术馆",
            "重庆科技馆",
        ]
        .contains(&a["venue"]["name"].as_str().unwrap_or_default())
        {
            venues += 1;
            assert_eq!(a["location"]["precision"], "venue", "{}", a["id"]);
            continue;
        } else {
            match centres.get(a["region"]["city_code"].as_str().unwrap_or_default()) {
                Some(c) => json!({ "lat": c["lat"], "lng": c["lng"], "precision": "city" }),
                None => Value::Null,
            }
        };
        assert_eq!(a["location"], expected, "{}", a["id"]);
    }
    assert!(venues > 0, "the seed holds landmark venues with positions");
    let online = reg.anon("/activities?format=online&limit=5").await;
    assert!(items(&online).iter().all(|a| a["location"].is_null()));
    assert!(
        every.iter().all(|a| a.get("distance_km").is_none()),
        "no reference point, no distance"
    );

    // From 海淀: Haidian first (0 km), then ever farther; unlocated activities last.
    let all = reg
        .all_activities("/activities?sort=distance&near=110108&limit=50")
        .await;
    let total = reg.anon("/activities?limit=1").await.body["total"]
        .as_i64()
        .unwrap();
    assert_eq!(all.len() as i64, total, "paging covers every activity once");
    assert_eq!(all[0]["region"]["province_code"], "110000");
    assert!(all[0]["distance_km"].as_f64().unwrap() < 15.0, "{}", all[0]);
    let located = all.iter().take_while(|a| !a["location"].is_null()).count();
    assert!(located > 100 && located < all.len(), "{located} located");
    assert!(
        all[located..]
            .iter()
            .all(|a| a["location"].is_null() && a["distance_km"].is_null()),
        "the unlocated come last"
    );
    let d: Vec<f64> = all[..located]
        .iter()
        .map(|a| a["distance_km"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1] + 0.1), "nearest first");
    let unlocated_starts: Vec<i64> = all[located..]
        .iter()
        .map(|a| secs(&a["starts_at"]))
        .collect();
    assert!(unlocated_starts.windows(2).all(|w| w[0] <= w[1]));

    // lat/lng is the same as the city's centre; filters combine with the distance sort.
    let by_point = reg
        .anon("/activities?sort=distance&lat=39.96&lng=116.30&time_status=ongoing,upcoming&limit=3")
        .await;
    assert_eq!(by_point.status, 200);
    assert_eq!(items(&by_point)[0]["region"]["province_code"], "110000");
    assert!(items(&by_point).iter().all(|a| a["time_status"] != "ended"));

    reg.refuses(&[
        ("/activities?sort=distance", &["sort"]),
        ("/activities?sort=distance&lat=39.9", &["lng"]),
        ("/activities?lng=116.3", &["lat"]),
        ("/activities?sort=distance&lat=91&lng=116", &["lat"]),
        ("/activities?sort=distance&near=999999", &["near"]),
        // 第二师 is a seeded city without a known centre.
        ("/activities?sort=distance&near=660200", &["near"]),
    ])
    .await;
}

#[tokio::test]
async fn locate_maps_a_position_to_the_nearest_known_city() {
    let reg = start_at(NOW).await;
    let a = reg.anon("/regions/locate?lat=39.98&lng=116.31").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["city_code"], "110108");
    assert_eq!(a.body["city_name"], "海淀区");
    assert_eq!(a.body["province_code"], "110000");
    assert_eq!(a.header("cache-control"), Some("no-store"));
    let shanghai = reg.anon("/regions/locate?lat=31.22&lng=121.55").await;
    assert_eq!(shanghai.body["city_code"], "310115");
    // 福州 by its centre, a position 30 km away still in 福州.
    let fuzhou = reg.anon("/regions/locate?lat=26.2&lng=119.5").await;
    assert_eq!(fuzhou.body["city_code"], "350100");
    // At sea, and abroad: nothing within 150 km.
    for path in [
        "/regions/locate?lat=0&lng=0",
        "/regions/locate?lat=48.86&lng=2.35",
    ] {
        let a = reg.anon(path).await;
        assert_eq!((a.status, a.slug().as_str()), (404, "not-found"), "{path}");
    }
    reg.refuses(&[
        ("/regions/locate", &["lat", "lng"]),
        ("/regions/locate?lat=39.9", &["lng"]),
        ("/regions/locate?lat=abc&lng=116", &["lat"]),
        ("/regions/locate?lat=39&lng=181", &["lng"]),
    ])
    .await;
    // The regions list tells which cities have a centre.
    let cities = reg.cities().await;
    let city = |code: &str| cities.iter().find(|c| c["code"] == code).unwrap();
    assert_eq!(city("110108")["lat"], 39.96);
    assert!(city("660200").get("lat").is_none());
}

#[tokio::test]
async fn the_account_remembers_a_city() {
    let reg = start_at(NOW).await;
    let token = reg.log_in("13912340001").await;
    let me = reg.get("/me", &token).await;
    assert!(me.body["city"].is_null());
    let patch = |body: Value| reg.call("PATCH", "/me", Some(&token), Some(body), &[]);
    let a = patch(json!({ "city_code": "110108" })).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let expected = json!({ "province_code": "110000", "province_name": "北京市", "city_code": "110108", "city_name": "海淀区" });
    assert_eq!(a.body["city"], expected);
    assert_eq!(reg.get("/me", &token).await.body["city"], expected);
    // The name alone leaves the city; null forgets it.
    let a = patch(json!({ "display_name": "爱看火箭的小王" })).await;
    assert_eq!(
        (a.body["display_name"].as_str(), &a.body["city"]),
        (Some("爱看火箭的小王"), &expected)
    );
    let a = patch(json!({ "city_code": null })).await;
    assert!(a.body["city"].is_null());
    assert_eq!(a.body["display_name"], "爱看火箭的小王");
    for (body, field) in [
        (json!({ "city_code": "999999" }), "city_code"),
        (json!({ "city_code": "110000" }), "city_code"),
        (json!({}), "body"),
        (
            json!({ "display_name": null, "city_code": "110108" }),
            "body",
        ),
    ] {
        let a = patch(body.clone()).await;
        assert_eq!(a.status, 422, "{body}");
        assert_eq!(a.fields(), vec![field], "{body}");
    }
}

#[tokio::test]
async fn now_answers_the_home_page_in_one_request() {
    let reg = start_at(NOW).await;
    let now = secs(&json!(NOW));
    let a = reg.anon("/now?city=110108").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let b = &a.body;
    let live = b["live"].as_array().unwrap();
    assert!(!live.is_empty() && live.len() <= 10);
    assert!(live.iter().all(|s| s["status"] == "live"));
    let viewers: Vec<i64> = live
        .iter()
        .map(|s| s["viewer_count"].as_i64().unwrap())
        .collect();
    assert!(
        viewers.windows(2).all(|w| w[0] >= w[1]),
        "most viewers first"
    );
    for s in b["streams_soon"].as_array().unwrap() {
        let t = secs(&s["starts_at"]);
        assert!(now < t && t < now + 6 * 3600, "{s}");
    }
    let soon = b["starting_soon"].as_array().unwrap();
    assert!(!soon.is_empty() && soon.len() <= 10);
    let starts: Vec<i64> = soon.iter().map(|a| secs(&a["starts_at"])).collect();
    assert!(starts.iter().all(|&t| now < t && t < now + 6 * 3600));
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(b["near"]["city_code"], "110108");
    let near = b["today_near"].as_array().unwrap();
    assert!(
        !near.is_empty() && near.len() <= 10,
        "Beijing has activities today"
    );
    let d: Vec<f64> = near
        .iter()
        .map(|a| a["distance_km"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1] + 0.1) && d.iter().all(|&x| x <= 100.0));
    for a in near {
        assert_ne!(a["time_status"], "ended");
        assert!(a["starts_at"].as_str().unwrap().starts_with("2021-09-13"));
    }
    assert_eq!(b["challenge"]["id"], "ch_2021");
    assert_eq!(b["challenge"]["open"], true);

    // Cheap to repeat: the same content, a 304.
    let etag = a.header("etag").unwrap().to_string();
    let again = reg
        .call(
            "GET",
            "/now?city=110108",
            None,
            None,
            &[("If-None-Match", &etag)],
        )
        .await;
    assert_eq!(again.status, 304);

    // A position: the city it is in, and distances from the position itself.
    let by_point = reg.anon("/now?lat=31.22&lng=121.55").await;
    assert_eq!(by_point.body["near"]["city_code"], "310115");
    // Nothing to be near: no list, no city.
    let plain = reg.anon("/now").await;
    assert!(plain.body["near"].is_null());
    assert_eq!(plain.body["today_near"], json!([]));
    reg.refuses(&[("/now?city=999999", &["city"]), ("/now?lat=31.2", &["lng"])])
        .await;
}

#[tokio::test]
async fn the_edition_names_the_current_legal_versions() {
    let reg = start_at(NOW).await;
    let a = reg.anon("/edition").await;
    assert_eq!(
        a.body["legal"],
        json!({ "terms": "2021-08-01", "privacy": "2021-08-01" })
    );
}

#[tokio::test]
async fn a_tapped_hashtag_lists_only_the_posts_that_carry_it() {
    let reg = start_at(NOW).await;
    let author = reg.log_in("13912340002").await;
    let posted = reg
        .post(
            "/topics/tp_003/posts",
            &author,
            json!({ "text": "用柠檬做了个水果电池 #水果电池# #点亮好奇心#" }),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let id = posted.body["id"].as_str().unwrap().to_string();
    let list = |path: String, token: Option<String>| {
        let reg = &reg;
        async move {
            let a = reg.call("GET", &path, token.as_deref(), None, &[]).await;
            assert_eq!(a.status, 200, "{path}: {}", a.body);
            a
        }
    };
    // Every page of the tag holds only posts with `#tag#`, and all of them.
    let pages = |path: &'static str| {
        let list = &list;
        async move {
            let mut out = Vec::new();
            let mut cursor: Option<String> = None;
            loop {
                let url = match &cursor {
                    Some(c) => format!("{path}&cursor={c}"),
                    None => path.to_string(),
                };
                let a = list(url, None).await;
                out.extend(items(&a).iter().cloned());
                match a.body["next_cursor"].as_str() {
                    Some(c) => cursor = Some(c.to_string()),
                    None => return (out, a.body["total"].as_i64().unwrap()),
                }
            }
        }
    };
    let (all, _) = pages("/topics/tp_003/posts?limit=50").await;
    let holding: Vec<&Value> = all
        .iter()
        .filter(|p| p["text"].as_str().unwrap().contains("#点亮好奇心#"))
        .collect();
    assert!(holding.len() > 1 && holding.len() < all.len());
    let (tagged, total) =
        pages("/topics/tp_003/posts?tag=%E7%82%B9%E4%BA%AE%E5%A5%BD%E5%A5%87%E5%BF%83&limit=7")
            .await;
    assert_eq!(total as usize, holding.len());
    assert_eq!(
        tagged.iter().collect::<Vec<_>>(),
        holding,
        "the same posts, in order"
    );
    // With its #s, in the hot order: the same; a tag nobody wrote: nothing.
    let hashed = list(
        "/topics/tp_003/posts?tag=%23%E6%B0%B4%E6%9E%9C%E7%94%B5%E6%B1%A0%23&sort=hot".into(),
        None,
    )
    .await;
    assert_eq!(hashed.body["total"], 1);
    assert_eq!(items(&hashed)[0]["id"], id.as_str());
    let none = list(
        "/topics/tp_003/posts?tag=%E4%B8%8D%E5%AD%98%E5%9C%A8".into(),
        None,
    )
    .await;
    assert_eq!(none.body["total"], 0);
    let long = reg
        .anon(&format!("/topics/tp_003/posts?tag={}", "a".repeat(33)))
        .await;
    assert_eq!((long.status, long.fields()), (422, vec!["tag".to_string()]));

    // Held after three reports: gone from the tag for others, still there for its author.
    for n in 3..6 {
        let t = reg.log_in(&format!("1391234000{n}")).await;
        let r = reg
            .post(
                &format!("/posts/{id}/reports"),
                &t,
                json!({ "reason": "spam" }),
            )
            .await;
        assert!(r.status < 300, "{}", r.body);
    }
    let path = "/topics/tp_003/posts?tag=%E6%B0%B4%E6%9E%9C%E7%94%B5%E6%B1%A0".to_string();
    assert_eq!(list(path.clone(), None).await.body["total"], 0);
    assert_eq!(list(path, Some(author)).await.body["total"], 1);
}

const STREAM_A: &[u8] = include_bytes!("../media/stream-a.mp4");

#[tokio::test]
async fn an_entry_states_the_age_and_a_child_needs_a_guardian() {
    let reg = start_at(NOW).await;
    let challenge = reg.anon("/challenges/ch_2021").await;
    assert_eq!(
        challenge.body["categories"],
        json!([
            { "id": "kids", "name": "少儿组", "description": "12岁及以下", "min_age": null, "max_age": 12 },
            { "id": "teens", "name": "青少年组", "description": "13至17岁", "min_age": 13, "max_age": 17 },
            { "id": "adults", "name": "成人组", "description": "18岁及以上", "min_age": 18, "max_age": null }
        ]),
        "age groups that do not overlap"
    );
    let token = reg.log_in("13912340010").await;
    let submit = |body: Value| {
        let reg = &reg;
        let token = token.clone();
        async move {
            let upload = reg.upload_bytes(&token, STREAM_A).await;
            let mut body = body;
            body["upload_id"] = json!(upload);
            body["title"] = json!("厨房里的火山");
            reg.post("/challenges/ch_2021/entries", &token, body).await
        }
    };
    let mother = json!({ "name": "王芳", "relation": "mother", "agreed": true });
    for (body, fields) in [
        (json!({ "category_id": "adults" }), vec!["age"]),
        (json!({ "category_id": "kids", "age": 9 }), vec!["guardian"]),
        (
            json!({ "category_id": "kids", "age": 9, "guardian": { "name": "王芳", "relation": "mother", "agreed": false } }),
            vec!["guardian.agreed"],
        ),
        (
            json!({ "category_id": "kids", "age": 13, "guardian": mother }),
            vec!["category_id"],
        ),
        (
            json!({ "category_id": "teens", "age": 18 }),
            vec!["category_id"],
        ),
        (json!({ "category_id": "adults", "age": 121 }), vec!["age"]),
    ] {
        let a = submit(body.clone()).await;
        assert_eq!(a.status, 422, "{body}: {}", a.body);
        assert_eq!(a.fields(), fields, "{body}");
    }
    let child = submit(json!({ "category_id": "kids", "age": 9, "guardian": mother })).await;
    assert_eq!(child.status, 201, "{}", child.body);
    let teen = submit(json!({ "category_id": "teens", "age": 14 })).await;
    assert_eq!(teen.status, 201, "{}", teen.body);
    // Stored with the entry, never shown.
    assert!(child.body.get("age").is_none() && child.body.get("guardian").is_none());
    let db = rusqlite::Connection::open(&reg.db).unwrap();
    let stored = |id: &Value| -> (i64, Option<String>, Option<String>) {
        db.query_row(
            "SELECT age, guardian_name, guardian_relation FROM entry_consents WHERE entry_id = ?1",
            [id.as_str().unwrap()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(
        stored(&child.body["id"]),
        (9, Some("王芳".into()), Some("mother".into()))
    );
    assert_eq!(stored(&teen.body["id"]), (14, None, None));
}

#[tokio::test]
async fn logging_in_requires_agreeing_to_the_current_terms_and_records_it() {
    let reg = start_at(NOW).await;
    let session = |body: Value| {
        let reg = &reg;
        async move {
            reg.call("POST", "/auth/sessions", None, Some(body), &[])
                .await
        }
    };
    let phone = "13912340020";
    for (body, fields) in [
        (
            json!({ "phone": phone, "code": "246810" }),
            vec!["agreement"],
        ),
        (
            json!({ "phone": phone, "code": "246810", "agreement": null }),
            vec!["agreement"],
        ),
        (
            json!({ "phone": phone, "code": "246810", "agreement": { "terms": "2020-01-01", "privacy": "2021-08-01" } }),
            vec!["agreement.terms"],
        ),
        (
            json!({ "phone": phone, "code": "246810", "agreement": { "terms": "2021-08-01" } }),
            vec!["agreement.privacy"],
        ),
        (
            json!({ "phone": "123", "code": "246810" }),
            vec!["phone", "agreement"],
        ),
    ] {
        let a = session(body.clone()).await;
        assert_eq!((a.status, a.slug().as_str()), (422, "validation"), "{body}");
        assert_eq!(a.fields(), fields, "{body}");
    }
    let agreed = json!({ "terms": "2021-08-01", "privacy": "2021-08-01" });
    let a = session(json!({ "phone": phone, "code": "246810", "agreement": agreed })).await;
    assert_eq!(a.status, 201, "{}", a.body);
    let expected = json!({ "terms": "2021-08-01", "privacy": "2021-08-01", "agreed_at": NOW });
    assert_eq!(a.body["user"]["agreement"], expected);
    let token = a.body["token"].as_str().unwrap().to_string();
    assert_eq!(reg.get("/me", &token).await.body["agreement"], expected);
    // A later login to the same versions keeps the first agreement's time.
    reg.clock.advance(chrono::Duration::hours(1));
    let again = session(json!({ "phone": phone, "code": "246810", "agreement": agreed })).await;
    assert_eq!(again.body["user"]["agreement"], expected);
    let db = rusqlite::Connection::open(&reg.db).unwrap();
    let rows: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM user_agreements WHERE user_id = ?1",
            [a.body["user"]["id"].as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
}
