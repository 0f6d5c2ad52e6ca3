//! 反馈评价 (issue 17): rating opens at the activity's `starts_at` to the second; one rating per
//! user per activity, changed in place; comments follow the rules of posts (Unicode length,
//! banned words, links, mutes, a per-minute limit) and only approved ones are public; the
//! moderation decision is audit-logged; the summary's average and distribution equal the rows.
//! The clock stands still; every answer is checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

/// The dev unit's seeded activity: starts 2021-09-15 14:00 (China time).
const ACTIVITY: &str = "act_000072";
const STARTS: &str = "2021-09-15T14:00:00+08:00";
const AFTER_START: &str = "2021-09-16T10:00:00+08:00";

fn mine_path(activity: &str) -> String {
    format!("/activities/{activity}/feedback/mine")
}

impl CheckedServer {
    async fn rate(&self, token: &str, stars: i64, comment: Option<&str>) -> Answer {
        let mut body = json!({ "stars": stars });
        if let Some(c) = comment {
            body["comment"] = json!(c);
        }
        self.call("PUT", &mine_path(ACTIVITY), Some(token), Some(body), &[])
            .await
    }

    async fn feedback_summary(&self, token: Option<&str>) -> Value {
        let a = self
            .call(
                "GET",
                &format!("/activities/{ACTIVITY}/feedback"),
                token,
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body
    }

    async fn public_comments(&self) -> Value {
        let a = self
            .call(
                "GET",
                &format!("/activities/{ACTIVITY}/feedback/comments"),
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body
    }

    async fn decide_feedback(&self, moderator: &str, id: &str, decision: &str) -> Answer {
        self.post(
            &format!("/moderation/feedback/{id}/decision"),
            moderator,
            json!({ "decision": decision, "note": "审核说明" }),
        )
        .await
    }

    fn query_i64(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

async fn users(s: &CheckedServer, from: usize, n: usize) -> Vec<String> {
    let mut tokens = Vec::new();
    for i in from..from + n {
        tokens.push(s.log_in(&format!("139{:08}", 8100 + i)).await);
    }
    tokens
}

#[tokio::test]
async fn rating_opens_at_the_exact_second_the_activity_starts() {
    let s = start_at("2021-09-15T13:59:59+08:00").await;
    let visitor = s.log_in("13912360001").await;
    let summary = s.feedback_summary(None).await;
    assert_eq!(summary["open"], false);
    assert_eq!(summary["count"], 0);
    assert_eq!(summary["average"], Value::Null);
    assert_eq!(summary["distribution"], json!([0, 0, 0, 0, 0]));

    let early = s.rate(&visitor, 5, Some("很好")).await;
    assert_eq!((early.status, early.slug().as_str()), (409, "not-yet-open"));
    assert_eq!(early.body["opens_at"], STARTS);

    s.advance_secs(1);
    assert_eq!(s.feedback_summary(None).await["open"], true);
    let a = s.rate(&visitor, 5, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        (a.body["comment"].clone(), a.body["comment_status"].clone()),
        (Value::Null, Value::Null),
        "no comment, nothing to moderate"
    );

    // Unknown and cancelled activities.
    let a = s
        .call(
            "PUT",
            &mine_path("act_999999"),
            Some(&visitor),
            Some(json!({ "stars": 3 })),
            &[],
        )
        .await;
    assert_eq!(a.status, 404);
    let a = s
        .call("GET", "/activities/act_999999/feedback", None, None, &[])
        .await;
    assert_eq!(a.status, 404);
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.execute(
        "UPDATE activities SET status = 'cancelled' WHERE id = ?1",
        [ACTIVITY],
    )
    .unwrap();
    let a = s.rate(&visitor, 4, None).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "conflict"));
    assert_eq!(s.feedback_summary(None).await["open"], false);
}

#[tokio::test]
async fn one_rating_per_user_changed_in_place_and_withdrawn() {
    let s = start_at(AFTER_START).await;
    let visitor = s.log_in("13912360002").await;
    let first = s.rate(&visitor, 3, Some("还可以")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let second = s.rate(&visitor, 5, Some("讲得特别好")).await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(second.body["id"], first.body["id"], "the same rating");
    assert_eq!(second.body["stars"], 5);
    assert_eq!(second.body["comment"], "讲得特别好");
    assert_eq!(
        s.query_i64(&format!(
            "SELECT COUNT(*) FROM feedback WHERE activity_id = '{ACTIVITY}'"
        )),
        1
    );

    let summary = s.feedback_summary(Some(&visitor)).await;
    assert_eq!(summary["count"], 1);
    assert_eq!(summary["average"], 5.0);
    assert_eq!(summary["distribution"], json!([0, 0, 0, 0, 1]));
    assert_eq!(summary["mine"]["id"], first.body["id"]);
    assert_eq!(summary["mine"]["comment_status"], "pending");
    let anonymous = s.feedback_summary(None).await;
    assert_eq!(anonymous["mine"], Value::Null);
    let other = s.log_in("13912360003").await;
    assert_eq!(s.feedback_summary(Some(&other)).await["mine"], Value::Null);

    // Bad stars and a bad token.
    for stars in [json!(0), json!(6), json!("5"), json!(2.5)] {
        let a = s
            .call(
                "PUT",
                &mine_path(ACTIVITY),
                Some(&visitor),
                Some(json!({ "stars": stars })),
                &[],
            )
            .await;
        assert_eq!(a.status, 422, "{stars}");
        assert_eq!(a.fields(), vec!["stars".to_string()]);
    }
    for comment in [Value::Null, json!(5), json!(["好"])] {
        let a = s
            .call(
                "PUT",
                &mine_path(ACTIVITY),
                Some(&visitor),
                Some(json!({ "stars": 4, "comment": comment })),
                &[],
            )
            .await;
        assert_eq!(a.status, 422, "{comment}");
        assert_eq!(a.fields(), vec!["comment".to_string()]);
    }
    let a = s
        .call(
            "GET",
            &format!("/activities/{ACTIVITY}/feedback"),
            Some("nope"),
            None,
            &[],
        )
        .await;
    assert_eq!(a.status, 401);

    for _ in 0..2 {
        let a = s
            .call("DELETE", &mine_path(ACTIVITY), Some(&visitor), None, &[])
            .await;
        assert_eq!(a.status, 204);
    }
    let summary = s.feedback_summary(Some(&visitor)).await;
    assert_eq!(
        (summary["count"].clone(), summary["mine"].clone()),
        (json!(0), Value::Null)
    );
}

#[tokio::test]
async fn comments_follow_the_rules_of_posts() {
    let s = start_at_with(AFTER_START, |c| c.feedback_per_minute = 4).await;
    let visitor = s.log_in("13912360004").await;

    // Length in Unicode scalar values, after trimming.
    let a = s.rate(&visitor, 4, Some(&"🚀".repeat(200))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = s
        .rate(&visitor, 4, Some(&format!("  {}  ", "科".repeat(199))))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["comment"], "科".repeat(199));
    for (text, why) in [
        ("科".repeat(201), "201 characters"),
        ("找人代考".to_string(), "a banned word"),
        ("看 https://example.org".to_string(), "a link"),
        ("a\u{202e}b".to_string(), "a bidi override"),
    ] {
        let a = s.rate(&visitor, 4, Some(&text)).await;
        assert_eq!(a.status, 422, "{why}: {}", a.body);
        assert_eq!(a.fields(), vec!["comment".to_string()], "{why}");
    }
    // Refused writes do not count: two more fit in the minute, the fifth does not.
    assert_eq!(s.rate(&visitor, 3, None).await.status, 200);
    assert_eq!(s.rate(&visitor, 2, None).await.status, 200);
    let a = s.rate(&visitor, 1, None).await;
    assert_eq!(a.status, 429, "{}", a.body);
    let wait: i64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    s.advance_secs(60);
    assert_eq!(s.rate(&visitor, 1, None).await.status, 200);

    // A muted user cannot rate.
    let moderator = s.log_in(MODERATOR).await;
    let user_id = s.get("/me", &visitor).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = s
        .post(
            &format!("/moderation/users/{user_id}/mute"),
            &moderator,
            json!({ "days": 1, "reason": "刷评价" }),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    s.advance_secs(60);
    let a = s.rate(&visitor, 5, None).await;
    assert_eq!((a.status, a.slug().as_str()), (403, "muted"));
}

#[tokio::test]
async fn only_approved_comments_are_public_and_decisions_are_logged() {
    let s = start_at(AFTER_START).await;
    let u = users(&s, 0, 3).await;
    let moderator = s.log_in(MODERATOR).await;
    let organiser = s.log_in(ORGANISER).await;
    let liked = s.rate(&u[0], 5, Some("孩子很喜欢")).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rejected = s.rate(&u[1], 1, Some("加我领奖品")).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.rate(&u[2], 4, None).await.status, 200);
    let public = s.public_comments().await;
    assert_eq!(
        (public["total"].clone(), public["items"].clone()),
        (json!(0), json!([]))
    );

    // The queue: pending comments only, oldest first; moderators only.
    let a = s.get("/moderation/feedback", &u[0]).await;
    assert_eq!(a.status, 403);
    let queue = s.get("/moderation/feedback", &moderator).await;
    let ids: Vec<&str> = queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![liked.as_str(), rejected.as_str()]);
    // Each says which activity was rated: the queue mixes activities.
    let title: String = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row(
            "SELECT title FROM activities WHERE id = ?1",
            [ACTIVITY],
            |r| r.get(0),
        )
        .unwrap();
    assert!(queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["activity_title"] == title.as_str()));

    let a = s.decide_feedback(&u[0], &liked, "approve").await;
    assert_eq!(a.status, 403);
    let a = s.decide_feedback(&moderator, &liked, "approve").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["comment_status"], "approved");
    let a = s.decide_feedback(&moderator, &rejected, "reject").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let again = s.decide_feedback(&moderator, &liked, "reject").await;
    assert_eq!(
        (again.status, again.slug().as_str()),
        (409, "already-decided")
    );
    assert_eq!(again.body["decision"]["action"], "approve");
    let a = s.decide_feedback(&moderator, "fb_999999", "approve").await;
    assert_eq!(a.status, 404);
    let audit = s
        .get(&format!("/moderation/audit?item={rejected}"), &moderator)
        .await;
    assert_eq!(audit.body["items"][0]["action"], "reject");
    assert_eq!(audit.body["items"][0]["item_kind"], "feedback");
    assert_eq!(audit.body["items"][0]["note"], "审核说明");

    let public = s.public_comments().await;
    assert_eq!(public["total"], 1);
    assert_eq!(public["items"][0]["id"], liked.as_str());
    let own = s.feedback_summary(Some(&u[1])).await;
    assert_eq!(own["mine"]["comment_status"], "rejected");
    // Every rating counts, whatever its comment's state.
    assert_eq!(s.feedback_summary(None).await["count"], 3);

    // Stars alone keep the approval; a changed comment goes back to the queue.
    s.advance_secs(5);
    assert_eq!(
        s.rate(&u[0], 4, Some("孩子很喜欢")).await.body["comment_status"],
        "approved"
    );
    assert_eq!(s.public_comments().await["total"], 1);
    let a = s.rate(&u[0], 4, Some("孩子很喜欢，还想再来")).await;
    assert_eq!(a.body["comment_status"], "pending");
    assert_eq!(s.public_comments().await["total"], 0);

    // The organiser sees every rating; anyone else gets a 404.
    let all = s
        .get(
            &format!("/organiser/activities/{ACTIVITY}/feedback"),
            &organiser,
        )
        .await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["total"], 3);
    let a = s
        .get(&format!("/organiser/activities/{ACTIVITY}/feedback"), &u[0])
        .await;
    assert_eq!(a.status, 404);
    let a = s
        .get("/organiser/activities/act_000001/feedback", &organiser)
        .await;
    assert_eq!(a.status, 404, "another unit's activity");
}

#[tokio::test]
async fn the_average_and_distribution_equal_the_rows_and_pages_cover_them() {
    let s = start_at(AFTER_START).await;
    let u = users(&s, 10, 23).await;
    let moderator = s.log_in(MODERATOR).await;
    for (i, token) in u.iter().enumerate() {
        let stars = [5, 4, 5, 3, 1, 2, 5][i % 7];
        let a = s.rate(token, stars, Some(&format!("第{i}条评价"))).await;
        assert_eq!(a.status, 200, "{}", a.body);
        s.advance_secs(1);
    }
    let summary = s.feedback_summary(None).await;
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let mut dist = [0i64; 5];
    let mut stmt = conn
        .prepare("SELECT stars, COUNT(*) FROM feedback WHERE activity_id = ?1 GROUP BY stars")
        .unwrap();
    for row in stmt
        .query_map([ACTIVITY], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .unwrap()
    {
        let (stars, n) = row.unwrap();
        dist[(stars - 1) as usize] = n;
    }
    let avg: f64 = conn
        .query_row(
            "SELECT AVG(stars) FROM feedback WHERE activity_id = ?1",
            [ACTIVITY],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summary["distribution"], json!(dist));
    assert_eq!(summary["count"], 23);
    assert_eq!(
        summary["average"].as_f64().unwrap(),
        (avg * 10.0).round() / 10.0
    );

    // Approve them all through the queue's pages, then read the public list page by page.
    let mut approved = 0;
    loop {
        let page = s.get("/moderation/feedback?limit=5", &moderator).await;
        let items = page.body["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        for f in items {
            let a = s
                .decide_feedback(&moderator, f["id"].as_str().unwrap(), "approve")
                .await;
            assert_eq!(a.status, 200);
            approved += 1;
        }
    }
    assert_eq!(approved, 23);
    let pages = s
        .all_pages(&format!(
            "/api/v1/activities/{ACTIVITY}/feedback/comments?limit=4"
        ))
        .await;
    let ids: Vec<String> = pages
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 23);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(ids, sorted, "newest first, each once");
    let a = s
        .call(
            "GET",
            &format!("/activities/{ACTIVITY}/feedback/comments?cursor=bm9wZQ"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(a.fields(), vec!["cursor".to_string()]);
}
