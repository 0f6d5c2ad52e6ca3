//! Activity search (issue 4) over real HTTP: Chinese keywords of every length, ranking, each
//! filter, disjunctive facets, China-date ranges, keyset pagination, validation and ETags.
mod common;

use common::{assert_problem, problem_fields, start, TestServer};
use serde_json::Value;
use std::collections::HashSet;

async fn page(s: &TestServer, query: &str) -> Value {
    s.get_json(&format!("/api/v1/activities?{query}")).await
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

fn text_of(a: &Value) -> String {
    format!(
        "{} {} {} {}",
        a["title"].as_str().unwrap(),
        a["summary"].as_str().unwrap(),
        a["organizer"]["name"].as_str().unwrap(),
        a["venue"]["name"].as_str().unwrap_or("")
    )
}

/// Walks every page of a search and returns all ids.
async fn all_ids(s: &TestServer, query: &str) -> Vec<String> {
    s.all_pages(&format!("/api/v1/activities?{query}&limit=50"))
        .await
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn chinese_keywords_of_one_two_and_more_characters_match() {
    let s = start().await;
    for q in ["核", "水利", "航天", "碳中和", "科普讲座"] {
        let p = page(&s, &format!("q={q}&limit=50")).await;
        let total = p["total"].as_i64().unwrap();
        assert!(total > 0, "{q} finds something");
        for a in items(&p) {
            assert!(text_of(a).contains(q), "{q} in {}", text_of(a));
        }
    }
    let none = page(&s, "q=完全不存在的词语").await;
    assert_eq!(none["total"], 0);
    assert!(items(&none).is_empty() && none["next_cursor"].is_null());
}

#[tokio::test]
async fn title_hits_rank_above_body_hits() {
    let s = start().await;
    let ids = all_ids(&s, "q=核").await;
    let p = page(&s, "q=核&limit=50").await;
    let titles: Vec<bool> = items(&p)
        .iter()
        .map(|a| a["title"].as_str().unwrap().contains('核'))
        .collect();
    let first_body = titles.iter().position(|t| !t).unwrap_or(titles.len());
    assert!(
        titles[first_body..].iter().all(|t| !t),
        "no title hit after a body-only hit"
    );
    assert!(first_body > 0);
    assert_eq!(ids.len() as i64, p["total"].as_i64().unwrap());
}

#[tokio::test]
async fn each_filter_narrows_to_what_it_names() {
    let s = start().await;
    let all = page(&s, "limit=50").await["total"].as_i64().unwrap();
    assert_eq!(all, 1200);
    for (query, check) in [
        ("theme=nuclear", ("theme", "nuclear")),
        ("event_kind=open-day", ("event_kind", "open-day")),
        ("format=online", ("format", "online")),
    ] {
        let p = page(&s, &format!("{query}&limit=50")).await;
        assert!(p["total"].as_i64().unwrap() > 0 && p["total"].as_i64().unwrap() < all);
        for a in items(&p) {
            let v = if check.0 == "format" {
                a["format"].clone()
            } else {
                a[check.0]["id"].clone()
            };
            assert_eq!(v, check.1, "{query}");
        }
    }
    let p = page(&s, "province=330000&city=330100&limit=50").await;
    for a in items(&p) {
        assert_eq!(a["region"]["city_code"], "330100");
    }
    let p = page(&s, "organizer_type=university&limit=50").await;
    for a in items(&p) {
        assert_eq!(a["organizer"]["type"], "university");
    }
}

#[tokio::test]
async fn facets_are_disjunctive_and_add_up() {
    let s = start().await;
    let p = page(&s, "theme=nuclear&format=online").await;
    let themes = p["facets"]["theme"].as_array().unwrap();
    assert!(
        themes.len() > 1,
        "other themes keep their counts when one is chosen"
    );
    // Each theme's count equals the total of that theme with the other filters.
    for f in themes.iter().take(4) {
        let t = f["value"].as_str().unwrap();
        let with = page(&s, &format!("theme={t}&format=online")).await;
        assert_eq!(with["total"], f["count"], "theme {t}");
    }
    let formats = p["facets"]["format"].as_array().unwrap();
    let values: Vec<&str> = formats
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["online", "offline", "hybrid"], "reference order");
    for f in formats {
        let with = page(
            &s,
            &format!("theme=nuclear&format={}", f["value"].as_str().unwrap()),
        )
        .await;
        assert_eq!(with["total"], f["count"]);
    }
    let provinces: i64 = p["facets"]["province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_i64().unwrap())
        .sum();
    assert_eq!(
        provinces,
        p["total"].as_i64().unwrap(),
        "every activity has one province"
    );
}

#[tokio::test]
async fn date_ranges_are_china_days() {
    let s = start().await;
    let p = page(&s, "from=2021-09-13&to=2021-09-13&sort=start&limit=50").await;
    assert!(p["total"].as_i64().unwrap() > 0);
    for a in items(&p) {
        assert!(
            a["starts_at"].as_str().unwrap().starts_with("2021-09-13T"),
            "{}",
            a["starts_at"]
        );
    }
    let days: i64 = futures_sum(&s).await;
    assert_eq!(days, 1200, "the seven days partition the edition");
}

async fn futures_sum(s: &TestServer) -> i64 {
    let mut sum = 0;
    for d in 11..=17 {
        sum += page(s, &format!("from=2021-09-{d}&to=2021-09-{d}")).await["total"]
            .as_i64()
            .unwrap();
    }
    sum
}

#[tokio::test]
async fn pagination_walks_every_result_once_in_order() {
    let s = start().await;
    for query in ["sort=start", "sort=popular", "q=科普", "theme=space"] {
        let ids = all_ids(&s, query).await;
        let total = page(&s, query).await["total"].as_i64().unwrap();
        assert_eq!(ids.len() as i64, total, "{query}: no gaps");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "{query}: no duplicates"
        );
    }
    // Start order really is by start time.
    let p = page(&s, "sort=start&limit=50").await;
    let starts: Vec<&str> = items(&p)
        .iter()
        .map(|a| a["starts_at"].as_str().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test]
async fn bad_parameters_are_422s_naming_the_field() {
    let s = start().await;
    for (query, field) in [
        ("theme=astrology", "theme"),
        ("event_kind=party", "event_kind"),
        ("province=999999", "province"),
        ("province=110000&city=330100", "city"),
        ("format=teleport", "format"),
        ("organizer_type=club", "organizer_type"),
        ("from=2021-09-14&to=2021-09-12", "from"),
        ("from=9月12日", "from"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("sort=random", "sort"),
    ] {
        let body = assert_problem(
            s.get(&format!("/api/v1/activities?{query}")).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(problem_fields(&body), [field], "{query}");
    }
    let long = "科".repeat(101);
    assert_problem(
        s.get(&format!("/api/v1/activities?q={long}")).await,
        422,
        "validation",
    )
    .await;
    // A cursor from one search does not continue another.
    let p = page(&s, "sort=start&limit=5").await;
    let c = p["next_cursor"].as_str().unwrap();
    assert_problem(
        s.get(&format!("/api/v1/activities?sort=popular&cursor={c}"))
            .await,
        422,
        "validation",
    )
    .await;
}

#[tokio::test]
async fn results_carry_an_etag() {
    let s = start().await;
    let res = s.get("/api/v1/activities?q=航天").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let again = s
        .get("/api/v1/activities?q=航天")
        .header("If-None-Match", &etag)
        .await;
    assert_eq!(again.status(), 304);
}
