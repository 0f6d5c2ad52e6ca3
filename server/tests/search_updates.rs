//! Search follows writes (issue 21): an activity inserted, changed or deleted in SQLite is
//! found (or not) by `GET /activities` as soon as the index is refreshed — no restart, no
//! rebuild — with its total, facets and ranking.
mod common;

use common::TestServer;
use serde_json::Value;

async fn get(s: &TestServer, query: &str) -> Value {
    s.get_json(&format!("/api/v1/activities?{query}")).await
}

fn ids(v: &Value) -> Vec<&str> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["id"].as_str().expect("id"))
        .collect()
}

#[tokio::test]
async fn a_new_changed_or_withdrawn_activity_is_searchable_at_once() {
    let s = common::start().await;
    let (db, index) = (s.state.db.clone(), s.state.activity_index.clone());

    let before = get(&s, "q=量子雷达").await;
    assert_eq!(before["total"], 0);
    let space_before = get(&s, "theme=space").await["total"].as_i64().unwrap();

    // A newly approved activity (the registration flow would insert it like this).
    let write = |sql: &'static str| {
        let index = index.clone();
        db.run(move |conn| {
            conn.execute(sql, [])
                .map_err(|_| kepuri_server::problem::Problem::internal())?;
            index
                .refresh(conn, 90_001)
                .map_err(|_| kepuri_server::problem::Problem::internal())
        })
    };
    write(
        "INSERT INTO activities(seq, id, title, summary, description, theme_id, event_kind_id,
           format, starts_at, ends_at, organizer_name, organizer_type, province_code, city_code,
           popularity)
         SELECT 90001, 'act_090001', '量子雷达开放日', '新登记的活动', '', 'space', event_kind_id,
           'offline', starts_at, ends_at, '量子所', 'institute', province_code, city_code, 999999
         FROM activities WHERE seq = 1",
    )
    .await
    .unwrap();
    let found = get(&s, "q=量子雷达").await;
    assert_eq!(found["total"], 1);
    assert_eq!(ids(&found), ["act_090001"]);
    assert_eq!(found["facets"]["theme"][0]["value"], "space");
    // One character, ranked first: a title hit with the highest popularity.
    assert_eq!(ids(&get(&s, "q=雷").await)[0], "act_090001");
    assert_eq!(get(&s, "theme=space").await["total"], space_before + 1);

    write("UPDATE activities SET title = '引力波开放日', theme_id = 'water' WHERE seq = 90001")
        .await
        .unwrap();
    assert_eq!(get(&s, "q=量子雷达").await["total"], 0);
    assert_eq!(ids(&get(&s, "q=引力波&theme=water").await), ["act_090001"]);
    assert_eq!(get(&s, "theme=space").await["total"], space_before);

    write("DELETE FROM activities WHERE seq = 90001")
        .await
        .unwrap();
    assert_eq!(get(&s, "q=引力波").await["total"], 0);
}
