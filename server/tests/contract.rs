//! The contract (`api/openapi.yaml`) against the live server: every implemented endpoint's
//! response validates against the schema the contract gives for its status and content type,
//! and every example in the contract validates against its own schema.
//!
//! `KEPURI_OPENAPI=path` points them at another copy of the contract.
mod common;

use common::contract::{contract, SCHEMAS};
use common::start;
use serde_json::{json, Value};

/// The endpoints this server implements, as (contract path, request path, expected status).
const IMPLEMENTED: &[(&str, &str, u16)] = &[
    ("/health", "/api/v1/health", 200),
    ("/edition", "/api/v1/edition", 200),
    ("/regions", "/api/v1/regions", 200),
    ("/themes", "/api/v1/themes", 200),
    ("/event-kinds", "/api/v1/event-kinds", 200),
    ("/activities", "/api/v1/activities?q=%E6%A0%B8&limit=5", 200),
    (
        "/activities",
        "/api/v1/activities?theme=space&format=online&sort=start",
        200,
    ),
    ("/activities", "/api/v1/activities?limit=99", 422),
    (
        "/activities",
        "/api/v1/activities?sort=now&time_status=ongoing,upcoming&limit=5",
        200,
    ),
    (
        "/activities",
        "/api/v1/activities?sort=distance&near=110108&limit=5",
        200,
    ),
    ("/activities", "/api/v1/activities?sort=distance", 422),
    (
        "/regions/locate",
        "/api/v1/regions/locate?lat=39.98&lng=116.31",
        200,
    ),
    ("/regions/locate", "/api/v1/regions/locate?lat=0&lng=0", 404),
    (
        "/regions/locate",
        "/api/v1/regions/locate?lat=91&lng=0",
        422,
    ),
    ("/now", "/api/v1/now", 200),
    ("/now", "/api/v1/now?city=110108", 200),
    ("/now", "/api/v1/now?lat=31.23&lng=121.47", 200),
    ("/now", "/api/v1/now?city=999999", 422),
    ("/activities/{id}", "/api/v1/activities/act_000001", 200),
    ("/activities/{id}", "/api/v1/activities/act_000600", 200),
    ("/activities/{id}", "/api/v1/activities/act_999999", 404),
    (
        "/activities/{id}/availability",
        "/api/v1/activities/act_000072/availability",
        200,
    ),
    (
        "/activities/{id}/availability",
        "/api/v1/activities/act_999999/availability",
        404,
    ),
    ("/me/reservations", "/api/v1/me/reservations", 401),
    ("/volunteers", "/api/v1/volunteers?limit=3", 200),
    (
        "/volunteers",
        "/api/v1/volunteers?province=330000&kind=team&sort=newest",
        200,
    ),
    ("/volunteers", "/api/v1/volunteers?limit=99", 422),
    (
        "/volunteers/leaderboard",
        "/api/v1/volunteers/leaderboard",
        200,
    ),
    (
        "/volunteers/leaderboard",
        "/api/v1/volunteers/leaderboard?scope=province",
        422,
    ),
    ("/volunteers/{id}", "/api/v1/volunteers/vol_0007", 200),
    ("/volunteers/{id}", "/api/v1/volunteers/vol_9999", 404),
    ("/me/likes", "/api/v1/me/likes", 401),
    ("/livestreams", "/api/v1/livestreams?limit=5", 200),
    (
        "/livestreams",
        "/api/v1/livestreams?status=replay&date=2021-09-13&theme=space",
        200,
    ),
    ("/livestreams", "/api/v1/livestreams?status=soon", 422),
    (
        "/livestreams/viewers",
        "/api/v1/livestreams/viewers?ids=ls_0007,ls_0040,ls_9999",
        200,
    ),
    ("/livestreams/viewers", "/api/v1/livestreams/viewers", 422),
    ("/livestreams/{id}", "/api/v1/livestreams/ls_0040", 200),
    ("/livestreams/{id}", "/api/v1/livestreams/ls_9999", 404),
    ("/challenges", "/api/v1/challenges", 200),
    ("/challenges", "/api/v1/challenges?limit=0", 422),
    ("/challenges/{id}", "/api/v1/challenges/ch_2021", 200),
    ("/challenges/{id}", "/api/v1/challenges/ch_1999", 404),
    (
        "/challenges/{id}/entries",
        "/api/v1/challenges/ch_2021/entries?sort=popular&limit=3",
        200,
    ),
    (
        "/challenges/{id}/entries",
        "/api/v1/challenges/ch_2021/entries?category=kids",
        200,
    ),
    (
        "/challenges/{id}/entries",
        "/api/v1/challenges/ch_2021/entries?category=elders",
        422,
    ),
    (
        "/challenges/{id}/entries",
        "/api/v1/challenges/ch_1999/entries",
        404,
    ),
    ("/entries/{id}", "/api/v1/entries/ent_0001", 200),
    ("/entries/{id}", "/api/v1/entries/ent_9999", 404),
    ("/me/entries", "/api/v1/me/entries", 401),
    ("/topics", "/api/v1/topics?limit=3", 200),
    ("/topics", "/api/v1/topics?limit=99", 422),
    ("/topics/{id}", "/api/v1/topics/tp_001", 200),
    ("/topics/{id}", "/api/v1/topics/tp_003", 200),
    ("/topics/{id}", "/api/v1/topics/tp_999", 404),
    (
        "/topics/{id}/posts",
        "/api/v1/topics/tp_001/posts?limit=5",
        200,
    ),
    (
        "/topics/{id}/posts",
        "/api/v1/topics/tp_003/posts?since=2021-09-12T00:00:00%2B08:00&limit=3",
        200,
    ),
    (
        "/topics/{id}/posts",
        "/api/v1/topics/tp_001/posts?sort=hot&since=po_000001",
        422,
    ),
    ("/topics/{id}/posts", "/api/v1/topics/tp_999/posts", 404),
    (
        "/topics/{id}/posts/new-count",
        "/api/v1/topics/tp_001/posts/new-count?since=2021-09-13T09:00:00%2B08:00",
        200,
    ),
    (
        "/topics/{id}/posts/new-count",
        "/api/v1/topics/tp_001/posts/new-count",
        422,
    ),
    ("/posts/{id}", "/api/v1/posts/po_000001", 200),
    ("/posts/{id}", "/api/v1/posts/po_999999", 404),
    // 登记填报: the anonymous answers here; server/tests/organisers.rs and review.rs check
    // every logged-in answer (each role, each status) against the contract.
    ("/organiser/deadlines", "/api/v1/organiser/deadlines", 200),
    ("/me/roles", "/api/v1/me/roles", 401),
    ("/organiser/units", "/api/v1/organiser/units", 401),
    ("/organiser/activities", "/api/v1/organiser/activities", 401),
    (
        "/organiser/activities/{id}",
        "/api/v1/organiser/activities/act_r00001",
        401,
    ),
    ("/review/summary", "/api/v1/review/summary", 401),
    ("/review/activities", "/api/v1/review/activities", 401),
    ("/review/units", "/api/v1/review/units", 401),
    // 内容审核: likewise; server/tests/moderation_*.rs check the logged-in answers.
    ("/moderation/entries", "/api/v1/moderation/entries", 401),
    ("/moderation/reports", "/api/v1/moderation/reports", 401),
    ("/moderation/words", "/api/v1/moderation/words", 401),
    ("/moderation/audit", "/api/v1/moderation/audit", 401),
];

#[tokio::test]
async fn implemented_endpoints_answer_as_the_contract_says() {
    let contract = contract();
    let server = start().await;
    let mut failures = Vec::new();
    for &(path, request, status) in IMPLEMENTED {
        let res = server.get(request).await;
        assert_eq!(res.status().as_u16(), status, "GET {request}");
        let headers = res.headers().clone();
        let body: Value = res.json().await.expect("a JSON body");
        failures.extend(
            contract
                .violations("GET", path, status, &headers, &body)
                .into_iter()
                .map(|f| format!("GET {request}: {f}")),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `example` (OpenAPI) and `examples` (JSON Schema) on a schema, as a list.
fn schema_examples(schema: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = schema.get("example").into_iter().collect();
    if let Some(list) = schema.get("examples").and_then(Value::as_array) {
        all.extend(list);
    }
    all
}

#[test]
fn every_component_schema_example_validates() {
    let contract = contract();
    let schemas = contract.doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, schema) in schemas {
        let reference = json!({ "$ref": format!("{SCHEMAS}{name}") });
        for example in schema_examples(schema) {
            checked += 1;
            let errors = contract.errors(&reference, example);
            if !errors.is_empty() {
                failures.push(format!("{name}:\n{}", errors.join("\n")));
            }
        }
    }
    assert!(checked > 0, "the contract's schemas carry no examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_response_example_validates() {
    let contract = contract();
    let mut failures = Vec::new();
    for (path, item) in contract.doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().into_iter().flatten() {
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                let response = contract.resolve(response);
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let mut examples: Vec<&Value> = content.get("example").into_iter().collect();
                    for e in content["examples"]
                        .as_object()
                        .into_iter()
                        .flat_map(|m| m.values())
                    {
                        examples.extend(contract.resolve(e).get("value"));
                    }
                    for example in examples {
                        let errors = contract.errors(&content["schema"], example);
                        if !errors.is_empty() {
                            failures.push(format!(
                                "{method} {path} {status} {media}:\n{}",
                                errors.join("\n")
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
