//! 推荐 (issue 17): the indicator tables (scope, sorting, paging, figures equal to the
//! database's), recommendations within the quota (idempotent, audited, 404 outside the scope,
//! the period's last second), and the admin's list and CSV export (bytes: BOM, CRLF, quoting).
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const OCT_20: &str = "2021-10-20T10:00:00+08:00";

fn ids(page: &Value, key: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key]["id"].as_str().unwrap().to_string())
        .collect()
}

async fn put(s: &CheckedServer, token: &str, kind: &str, id: &str, reason: &str) -> Answer {
    s.call(
        "PUT",
        &format!("/review/recommendations/{kind}/{id}"),
        Some(token),
        Some(json!({ "reason": reason })),
        &[],
    )
    .await
}

async fn delete(s: &CheckedServer, token: &str, kind: &str, id: &str) -> Answer {
    s.call(
        "DELETE",
        &format!("/review/recommendations/{kind}/{id}"),
        Some(token),
        None,
        &[],
    )
    .await
}

/// The published activities in Beijing's scope, as the indicator table lists them.
async fn beijing_activities(s: &CheckedServer, token: &str) -> Vec<String> {
    let page = s.get("/review/indicators/activities?limit=50", token).await;
    assert_eq!(page.status, 200, "{}", page.body);
    ids(&page.body, "activity")
}

#[tokio::test]
async fn the_indicator_tables_hold_the_scope_sorted_and_paged_with_the_databases_figures() {
    let s = start_at(OCT_20).await;
    let beijing = s.log_in(BEIJING).await;
    let shanghai = s.log_in(SHANGHAI).await;
    let organiser = s.log_in(ORGANISER).await;

    let page = s.get("/review/indicators/units", &beijing).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(ids(&page.body, "unit"), vec![UNIT, SOCIETY]);
    assert_eq!(page.body["total"], 2);
    assert_eq!(page.body["taken_at"], OCT_20);
    // Every unit's figures are what db::indicators computes for it alone.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    for item in page.body["items"].as_array().unwrap() {
        let id = item["unit"]["id"].as_str().unwrap();
        let figures = kepuri_server::db::indicators::unit_figures(&conn, id)
            .unwrap()
            .unwrap();
        assert_eq!(
            item["figures"],
            serde_json::to_value(&figures).unwrap(),
            "{id}"
        );
        assert_eq!(
            item["province"],
            json!({ "id": "110000", "name": "北京市" })
        );
        assert_eq!(item["recommended"], false);
    }
    let published: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM registered_activities WHERE unit_id = ?1 AND status = 'published'",
            [UNIT],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        page.body["items"][0]["figures"]["activities"]["published"],
        published
    );

    // Shanghai's reviewer sees none of Beijing's units or activities.
    let none = s.get("/review/indicators/units", &shanghai).await;
    assert_eq!((none.status, none.body["total"].clone()), (200, json!(0)));
    let none = s.get("/review/indicators/activities", &shanghai).await;
    assert_eq!((none.status, none.body["total"].clone()), (200, json!(0)));
    // Not a reviewer → 403; no token → 401.
    let refused = s.get("/review/indicators/units", &organiser).await;
    assert_eq!((refused.status, refused.slug()), (403, "forbidden".into()));
    let anonymous = s
        .call("GET", "/review/indicators/activities", None, None, &[])
        .await;
    assert_eq!(anonymous.status, 401);

    // Every whitelisted sort answers, both ways; the order follows the figure.
    for sort in [
        "activities",
        "participants",
        "online_views",
        "livestreams",
        "volunteers",
        "themes",
        "online_activities",
        "challenge_entries",
        "rating",
    ] {
        for order in ["asc", "desc"] {
            let a = s
                .get(
                    &format!("/review/indicators/units?sort={sort}&order={order}"),
                    &beijing,
                )
                .await;
            assert_eq!(a.status, 200, "{sort} {order}: {}", a.body);
        }
    }
    let desc = s
        .get("/review/indicators/units?sort=activities", &beijing)
        .await;
    let asc = s
        .get(
            "/review/indicators/units?sort=activities&order=asc",
            &beijing,
        )
        .await;
    let published_of = |p: &Value| -> Vec<i64> {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["figures"]["activities"]["published"].as_i64().unwrap())
            .collect()
    };
    let mut sorted = published_of(&desc.body);
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published_of(&desc.body), sorted);
    sorted.reverse();
    assert_eq!(published_of(&asc.body), sorted);
    for sort in [
        "participants",
        "online_views",
        "rating",
        "ratings",
        "photos",
        "links",
    ] {
        let a = s
            .get(
                &format!("/review/indicators/activities?sort={sort}"),
                &beijing,
            )
            .await;
        assert_eq!(a.status, 200, "{sort}: {}", a.body);
    }
    // Unknown sort keys and orders are refused, naming the parameter.
    for (path, field) in [
        ("/review/indicators/units?sort=name", "sort"),
        ("/review/indicators/units?sort=photos", "sort"),
        ("/review/indicators/activities?sort=activities", "sort"),
        ("/review/indicators/activities?order=up", "order"),
    ] {
        let a = s.get(path, &beijing).await;
        assert_eq!((a.status, a.slug()), (422, "validation".into()), "{path}");
        assert_eq!(a.fields(), vec![field], "{path}");
    }

    // Paging: one unit a page, the cursor leads to the other, then no cursor.
    let first = s.get("/review/indicators/units?limit=1", &beijing).await;
    assert_eq!(ids(&first.body, "unit"), vec![UNIT]);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    let second = s
        .get(
            &format!("/review/indicators/units?limit=1&cursor={cursor}"),
            &beijing,
        )
        .await;
    assert_eq!(ids(&second.body, "unit"), vec![SOCIETY]);
    assert_eq!(second.body["next_cursor"], Value::Null);
    // A cursor of another order is refused.
    let other = s
        .get(
            &format!("/review/indicators/units?limit=1&sort=rating&cursor={cursor}"),
            &beijing,
        )
        .await;
    assert_eq!(other.status, 422);

    // The figures are reused for a minute (taken_at stays), then taken again.
    s.advance_secs(59);
    let cached = s.get("/review/indicators/units", &beijing).await;
    assert_eq!(cached.body["taken_at"], OCT_20);
    s.advance_secs(1);
    let again = s.get("/review/indicators/units", &beijing).await;
    assert_eq!(again.body["taken_at"], "2021-10-20T10:01:00+08:00");
}

#[tokio::test]
async fn a_body_recommends_within_its_quota_idempotently_and_only_in_its_scope() {
    let s = start_at(OCT_20).await;
    let beijing = s.log_in(BEIJING).await;
    let shanghai = s.log_in(SHANGHAI).await;
    let activities = beijing_activities(&s, &beijing).await;
    assert!(activities.len() >= 2, "{activities:?}");

    let state = s.get("/review/recommendations", &beijing).await;
    assert_eq!(state.status, 200, "{}", state.body);
    // 2 units and n activities in Beijing's scope: 10 % rounds down to 0, so 1 each.
    assert_eq!(state.body["units"]["limit"], 1);
    assert_eq!(state.body["activities"]["limit"], 1);
    assert_eq!(state.body["closes_at"], "2021-10-30T00:00:00+08:00");
    assert_eq!(state.body["open"], true);

    let a = put(&s, &beijing, "units", UNIT, "组织动员有力。").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["name"], "北京市海淀区青少年科技馆");
    assert_eq!(
        a.body["recommended_by"],
        json!({ "id": "110000", "name": "北京市科协" })
    );
    assert_eq!(
        a.body["province"],
        json!({ "id": "110000", "name": "北京市" })
    );
    // Again: the same recommendation with the new reason, no more quota used.
    let again = put(&s, &beijing, "units", UNIT, "  活动场次多、覆盖面广。 ").await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["reason"], "活动场次多、覆盖面广。");
    // One more unit is over the quota: 409 saying the limit and the count.
    let over = put(&s, &beijing, "units", SOCIETY, "学会组织有力。").await;
    assert_eq!((over.status, over.slug()), (409, "quota-exceeded".into()));
    assert_eq!(
        (over.body["limit"].clone(), over.body["used"].clone()),
        (json!(1), json!(1))
    );
    assert!(over.body["detail"]
        .as_str()
        .unwrap()
        .contains("优秀组织单位最多推荐1个"));

    let act = put(
        &s,
        &beijing,
        "activities",
        &activities[0],
        "线上观看人数多。",
    )
    .await;
    assert_eq!(act.status, 200, "{}", act.body);
    assert_eq!(act.body["kind"], "activities");
    let over = put(&s, &beijing, "activities", &activities[1], "也很好。").await;
    assert_eq!((over.status, over.slug()), (409, "quota-exceeded".into()));

    let state = s.get("/review/recommendations", &beijing).await;
    assert_eq!(state.body["units"]["used"], 1);
    assert_eq!(state.body["units"]["items"][0]["id"], UNIT);
    assert_eq!(state.body["activities"]["used"], 1);
    // The tables say so at once, whatever their cache.
    let units = s.get("/review/indicators/units", &beijing).await;
    let marked: Vec<bool> = units.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["recommended"].as_bool().unwrap())
        .collect();
    assert_eq!(marked, vec![true, false]);

    // Outside the scope, unknown ids and kinds: the same 404, nothing written.
    for (token, kind, id) in [
        (&shanghai, "units", UNIT),
        (&shanghai, "activities", activities[0].as_str()),
        (&beijing, "units", "unit_999999"),
        (&beijing, "activities", "act_nope"),
        (&beijing, "volunteers", UNIT),
    ] {
        let a = put(&s, token, kind, id, "理由").await;
        assert_eq!(
            (a.status, a.slug()),
            (404, "not-found".into()),
            "{kind} {id}"
        );
        let d = delete(&s, token, kind, id).await;
        assert_eq!(d.status, 404, "{kind} {id}");
    }
    let shanghai_state = s.get("/review/recommendations", &shanghai).await;
    assert_eq!(shanghai_state.body["units"]["used"], 0);

    // Reasons: 1–200 characters after trimming.
    for reason in [json!(""), json!("   "), json!("好".repeat(201)), json!(5)] {
        let a = s
            .call(
                "PUT",
                &format!("/review/recommendations/units/{UNIT}"),
                Some(&beijing),
                Some(json!({ "reason": reason })),
                &[],
            )
            .await;
        assert_eq!((a.status, a.fields()), (422, vec!["reason".to_string()]));
    }
    let exactly = put(&s, &beijing, "units", UNIT, &"好".repeat(200)).await;
    assert_eq!(exactly.status, 200);

    // Withdrawing frees the quota; withdrawing again is fine too.
    assert_eq!(delete(&s, &beijing, "units", UNIT).await.status, 204);
    assert_eq!(delete(&s, &beijing, "units", UNIT).await.status, 204);
    let other = put(&s, &beijing, "units", SOCIETY, "学会组织有力。").await;
    assert_eq!(other.status, 200, "{}", other.body);

    // Every mark and withdrawal is in the audit log, which cannot be rewritten.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action || ':' || subject_id FROM recommendation_audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        actions,
        vec![
            format!("recommend:{UNIT}"),
            format!("recommend:{UNIT}"),
            format!("recommend:{}", activities[0]),
            format!("recommend:{UNIT}"),
            format!("withdraw:{UNIT}"),
            format!("recommend:{SOCIETY}"),
        ]
    );
    assert!(conn
        .execute("DELETE FROM recommendation_audit", [])
        .is_err());
}

#[tokio::test]
async fn the_quota_follows_the_server_setting() {
    let s = start_at_with(OCT_20, |c| c.recommend_quota_percent = 100).await;
    let beijing = s.log_in(BEIJING).await;
    assert_eq!(put(&s, &beijing, "units", UNIT, "好").await.status, 200);
    assert_eq!(put(&s, &beijing, "units", SOCIETY, "好").await.status, 200);
    let state = s.get("/review/recommendations", &beijing).await;
    assert_eq!(state.body["units"]["limit"], 2);
    assert_eq!(state.body["units"]["used"], 2);
}

#[tokio::test]
async fn recommendations_close_at_the_end_of_october_29_china_time() {
    let s = start_at("2021-10-29T23:59:59+08:00").await;
    let beijing = s.log_in(BEIJING).await;
    let last = put(&s, &beijing, "units", UNIT, "最后一秒").await;
    assert_eq!(last.status, 200, "{}", last.body);
    s.advance_secs(1);
    let state = s.get("/review/recommendations", &beijing).await;
    assert_eq!(state.body["open"], false);
    let closed = put(&s, &beijing, "units", UNIT, "晚了").await;
    assert_eq!(
        (closed.status, closed.slug()),
        (409, "window-closed".into())
    );
    assert_eq!(closed.body["closes_at"], "2021-10-30T00:00:00+08:00");
    let withdraw = delete(&s, &beijing, "units", UNIT).await;
    assert_eq!(
        (withdraw.status, withdraw.slug()),
        (409, "window-closed".into())
    );
    // Still recommended, with the reason of the last second.
    let state = s.get("/review/recommendations", &beijing).await;
    assert_eq!(state.body["units"]["items"][0]["reason"], "最后一秒");
}

#[tokio::test]
async fn the_admin_lists_every_recommendation_and_exports_csv_for_excel() {
    let s = start_at_with(OCT_20, |c| c.recommend_quota_percent = 100).await;
    let beijing = s.log_in(BEIJING).await;
    let admin = s.log_in(ADMIN).await;
    let activities = beijing_activities(&s, &beijing).await;
    assert_eq!(
        put(
            &s,
            &beijing,
            "activities",
            &activities[0],
            "场次多，\"口碑\"好\r\n第二行"
        )
        .await
        .status,
        200
    );
    assert_eq!(
        put(&s, &beijing, "units", UNIT, "=组织有力").await.status,
        200
    );
    // The admin recommends too, for the whole country.
    assert_eq!(
        put(&s, &admin, "units", SOCIETY, "全国学会表率")
            .await
            .status,
        200
    );

    let list = s.get("/admin/recommendations", &admin).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let kinds: Vec<(&str, &str)> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["id"].as_str().unwrap()))
        .collect();
    // Units first, then activities.
    assert_eq!(
        kinds,
        vec![
            ("units", UNIT),
            ("units", SOCIETY),
            ("activities", activities[0].as_str())
        ]
    );
    assert_eq!(
        list.body["items"][1]["recommended_by"],
        json!({ "id": "national", "name": "中国科协" })
    );
    let only = s
        .get("/admin/recommendations?kind=activities", &admin)
        .await;
    assert_eq!(only.body["items"].as_array().unwrap().len(), 1);
    let shanghai = s
        .get("/admin/recommendations?province=310000", &admin)
        .await;
    assert_eq!(shanghai.body["items"], json!([]));
    for bad in ["format=xml", "kind=posts", "province=11"] {
        let a = s
            .get(&format!("/admin/recommendations?{bad}"), &admin)
            .await;
        assert_eq!(a.status, 422, "{bad}");
    }
    // Only the admin.
    let refused = s.get("/admin/recommendations", &beijing).await;
    assert_eq!((refused.status, refused.slug()), (403, "forbidden".into()));

    let res = s
        .server
        .get("/api/v1/admin/recommendations?format=csv&kind=units")
        .auth(&admin)
        .send()
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"recommendations-2021.csv\""
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 BOM first");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "类别,名称,编号,省份,推荐单位,推荐理由,推荐时间");
    assert!(
        lines[1].starts_with(&format!(
            "优秀组织单位,北京市海淀区青少年科技馆,{UNIT},北京市,北京市科协,'=组织有力,2021-10-20T10:00:00+08:00"
        )),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("优秀组织单位,中国核学会,"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], "", "every line ends with CRLF");
    assert_eq!(lines.len(), 4);
    // "中" in UTF-8, as Excel needs with the BOM.
    assert!(bytes.windows(3).any(|w| w == [0xE4, 0xB8, 0xAD]));

    let res = s
        .server
        .get("/api/v1/admin/recommendations?format=csv&kind=activities")
        .auth(&admin)
        .send()
        .await;
    let text = res.text().await.unwrap();
    assert!(
        text.contains(",\"场次多，\"\"口碑\"\"好\r\n第二行\","),
        "quoted with its quotes doubled and its line break kept: {text}"
    );
}
