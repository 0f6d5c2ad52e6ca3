//! 内容审核 of posts: reports from 3 different users hold a post (2 do not, nor 3 from one
//! user) and put it first in the report queue; hide, restore and dismiss (others then see
//! 该内容已被隐藏, the author the text and why); mutes refuse posting with 403 `muted` up to
//! the exact second; banned words added or removed take effect at the next post. Every answer
//! is checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";

async fn server() -> CheckedServer {
    start_at_with(SEPT_13, |c| {
        c.post_interval_secs = 0;
        c.posts_per_hour = 10_000;
    })
    .await
}

async fn post_text(s: &CheckedServer, token: &str, text: &str) -> Answer {
    s.post("/topics/tp_001/posts", token, json!({ "text": text }))
        .await
}

async fn new_post(s: &CheckedServer, token: &str, text: &str) -> String {
    let a = post_text(s, token, text).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["id"].as_str().unwrap().to_string()
}

async fn report(s: &CheckedServer, token: &str, id: &str, reason: &str) {
    let a = s
        .post(
            &format!("/posts/{id}/reports"),
            token,
            json!({ "reason": reason, "note": "请核实" }),
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.body);
}

/// The post as `token` (or an anonymous caller) sees it.
async fn seen(s: &CheckedServer, token: Option<&str>, id: &str) -> Value {
    let a = s
        .call("GET", &format!("/posts/{id}"), token, None, &[])
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
}

async fn reports(s: &CheckedServer, token: &str, query: &str) -> Vec<Value> {
    let a = s.get(&format!("/moderation/reports{query}"), token).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["items"].as_array().unwrap().clone()
}

async fn decide(
    s: &CheckedServer,
    token: &str,
    id: &str,
    action: &str,
    reason: Option<&str>,
) -> Answer {
    s.post(
        &format!("/moderation/posts/{id}/decision"),
        token,
        json!({ "action": action, "reason": reason }),
    )
    .await
}

#[tokio::test]
async fn reports_from_three_different_users_hold_a_post() {
    let s = server().await;
    let author = s.log_in("13912350001").await;
    let r: Vec<String> = log_in_all(&s, &["13912350002", "13912350003", "13912350004"]).await;
    let moderator = s.log_in(MODERATOR).await;
    let earlier = new_post(&s, &author, "先被举报的内容").await;
    let id = new_post(&s, &author, "喝醋能预防新冠").await;

    // Two reports on the earlier post (reported first), two on this one: nothing held.
    report(&s, &r[0], &earlier, "spam").await;
    report(&s, &r[1], &earlier, "spam").await;
    s.clock.advance(chrono::Duration::seconds(60));
    report(&s, &r[0], &id, "false_info").await;
    report(&s, &r[1], &id, "false_info").await;
    // The same user reporting again does not count twice.
    report(&s, &r[1], &id, "spam").await;
    report(&s, &r[1], &id, "spam").await;
    assert_eq!(seen(&s, None, &id).await["hidden"], false);
    let queue = reports(&s, &moderator, "?sort=oldest").await;
    assert_eq!(
        queue[0]["id"],
        earlier.as_str(),
        "oldest first report first"
    );
    assert_eq!(queue[1]["report_count"], 2);

    // A third user: held. Others see no text or image; the author sees the text and why.
    report(&s, &r[2], &id, "spam").await;
    let anon = seen(&s, None, &id).await;
    assert_eq!(anon["hidden"], true);
    assert_eq!(anon["text"], "");
    assert_eq!(anon["image_url"], Value::Null);
    assert_eq!(anon["hidden_reason"], Value::Null);
    let other = seen(&s, Some(&r[0]), &id).await;
    assert_eq!(
        (other["hidden"].clone(), other["text"].clone()),
        (json!(true), json!(""))
    );
    let own = seen(&s, Some(&author), &id).await;
    assert_eq!(own["text"], "喝醋能预防新冠");
    assert_eq!(own["hidden_reason"], "该内容被多位用户举报，正在审核中");
    // In the topic's list too.
    let list = s
        .call("GET", "/topics/tp_001/posts?limit=5", None, None, &[])
        .await;
    let listed = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (listed["hidden"].clone(), listed["text"].clone()),
        (json!(true), json!(""))
    );

    // Held first, in either order.
    for query in ["", "?sort=oldest", "?sort=most"] {
        let queue = reports(&s, &moderator, query).await;
        assert_eq!(queue[0]["id"], id.as_str(), "{query}");
        assert_eq!(queue[0]["status"], "held");
        assert_eq!(queue[0]["report_count"], 3);
        assert_eq!(queue[0]["reporter_count"], 3);
        assert_eq!(queue[0]["author"]["phone_masked"], "139****0001");
        assert_eq!(
            queue[0]["reasons"],
            json!([{ "reason": "false_info", "count": 2 }, { "reason": "spam", "count": 1 }])
        );
        assert_eq!(queue[0]["audit"][0]["action"], "hold");
        assert_eq!(queue[0]["audit"][0]["moderator"]["id"], "system");
    }
    let a = s.get("/moderation/reports?sort=new", &moderator).await;
    assert_eq!(a.status, 422);
    // Paging by cursor covers both.
    let a = s.get("/moderation/reports?limit=1", &moderator).await;
    let cursor = a.body["next_cursor"].as_str().unwrap().to_string();
    let b = s
        .get(
            &format!("/moderation/reports?limit=1&cursor={cursor}"),
            &moderator,
        )
        .await;
    assert_eq!(b.body["items"][0]["id"], earlier.as_str());
    assert_eq!(b.body["next_cursor"], Value::Null);
}

async fn log_in_all(s: &CheckedServer, phones: &[&str]) -> Vec<String> {
    let mut tokens = Vec::new();
    for p in phones {
        tokens.push(s.log_in(p).await);
    }
    tokens
}

#[tokio::test]
async fn hide_restore_and_dismiss() {
    let s = server().await;
    let author = s.log_in("13912350011").await;
    let reporter = s.log_in("13912350012").await;
    let moderator = s.log_in(MODERATOR).await;
    let id = new_post(&s, &author, "这是一条广告").await;
    report(&s, &reporter, &id, "spam").await;

    // Nothing to restore yet (visible).
    let a = decide(&s, &moderator, &id, "restore", None).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "already-decided"));
    let a = decide(&s, &moderator, &id, "delete", None).await;
    assert_eq!(a.status, 422);
    assert_eq!(a.fields(), vec!["action".to_string()]);

    let a = decide(&s, &moderator, &id, "hide", Some("含广告引流")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "hidden");
    assert_eq!(a.body["report_count"], 0);
    assert_eq!(seen(&s, None, &id).await["text"], "");
    let own = seen(&s, Some(&author), &id).await;
    assert_eq!(own["hidden_reason"], "含广告引流");
    assert!(reports(&s, &moderator, "").await.is_empty());
    // Hiding again: the reports are dealt with.
    let a = decide(&s, &moderator, &id, "hide", None).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "already-decided"));
    assert_eq!(a.body["decision"]["action"], "hide");

    let a = decide(&s, &moderator, &id, "restore", None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "visible");
    let anon = seen(&s, None, &id).await;
    assert_eq!(
        (anon["hidden"].clone(), anon["text"].clone()),
        (json!(false), json!("这是一条广告"))
    );
    assert_eq!(
        decide(&s, &moderator, &id, "restore", None).await.status,
        409
    );

    // Dismiss clears the reports and leaves the post as it is.
    let other = new_post(&s, &author, "正常的内容").await;
    report(&s, &reporter, &other, "abuse").await;
    let a = decide(&s, &moderator, &other, "dismiss", None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "visible");
    assert!(reports(&s, &moderator, "").await.is_empty());
    let a = decide(&s, &moderator, &other, "dismiss", None).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "already-decided"));
    assert_eq!(a.body["decision"]["action"], "dismiss");

    // The log, newest first.
    let a = s
        .get(&format!("/moderation/audit?item={id}"), &moderator)
        .await;
    let actions: Vec<&str> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["restore", "hide"]);
    assert_eq!(a.body["items"][1]["reason"], "含广告引流");
    let unknown = decide(&s, &moderator, "po_999999", "hide", None).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_muted_author_cannot_post_until_the_exact_second() {
    let s = server().await;
    let author = s.log_in("13912350021").await;
    let moderator = s.log_in(MODERATOR).await;
    let me = s.get("/me", &author).await;
    let user_id = me.body["id"].as_str().unwrap().to_string();
    let path = format!("/moderation/users/{user_id}/mute");

    for (body, field) in [
        (json!({ "days": 0, "reason": "广告" }), "days"),
        (json!({ "days": 31, "reason": "广告" }), "days"),
        (json!({ "days": "7", "reason": "广告" }), "days"),
        (json!({ "days": 7, "reason": "  " }), "reason"),
    ] {
        let a = s.post(&path, &moderator, body.clone()).await;
        assert_eq!(a.status, 422, "{body}");
        assert_eq!(a.fields(), vec![field.to_string()], "{body}");
    }
    let a = s
        .post(
            "/moderation/users/usr_999999/mute",
            &moderator,
            json!({ "days": 1, "reason": "广告" }),
        )
        .await;
    assert_eq!(a.status, 404);

    let a = s
        .post(
            &path,
            &moderator,
            json!({ "days": 1, "reason": "反复发布广告" }),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["muted_until"], "2021-09-14T10:00:00+08:00");

    let refused = post_text(&s, &author, "我又来了").await;
    assert_eq!((refused.status, refused.slug().as_str()), (403, "muted"));
    assert_eq!(refused.body["muted_until"], "2021-09-14T10:00:00+08:00");
    assert!(refused.body["detail"].as_str().unwrap().contains("禁言"));
    let roles = s.get("/me/roles", &author).await;
    assert_eq!(roles.body["muted_until"], "2021-09-14T10:00:00+08:00");

    s.clock.advance(chrono::Duration::seconds(86_399));
    assert_eq!(post_text(&s, &author, "还差一秒").await.status, 403);
    s.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(post_text(&s, &author, "解除禁言了").await.status, 201);
    let roles = s.get("/me/roles", &author).await;
    assert_eq!(roles.body["muted_until"], Value::Null);

    let a = s
        .get(&format!("/moderation/audit?item={user_id}"), &moderator)
        .await;
    assert_eq!(a.body["items"][0]["action"], "mute");
    assert_eq!(a.body["items"][0]["reason"], "反复发布广告");
}

/// `POST /moderation/words` of `word` in `category` as `token`.
async fn add_word(s: &CheckedServer, token: &str, word: &str, category: &str) -> Answer {
    s.post(
        "/moderation/words",
        token,
        json!({ "word": word, "category": category }),
    )
    .await
}

#[tokio::test]
async fn banned_words_take_effect_at_the_next_post() {
    let s = server().await;
    let author = s.log_in("13912350031").await;
    let moderator = s.log_in(MODERATOR).await;
    new_post(&s, &author, "我学会了量子速读").await;

    let a = add_word(&s, &moderator, "量子速读", "伪科学").await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["category"], "伪科学");
    // The same word in another width or with spaces is already listed.
    let a = add_word(&s, &moderator, "量子 速读", "其他").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["word"], "量子速读");
    let a = add_word(&s, &moderator, "\u{200b}", "其他").await;
    assert_eq!(a.status, 422);
    let list = s
        .get(
            "/moderation/words?category=%E4%BC%AA%E7%A7%91%E5%AD%A6",
            &moderator,
        )
        .await;
    assert_eq!(
        list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["word"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["量子速读"]
    );

    let refused = post_text(&s, &author, "教你量子 速读").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("量子速读"));

    let removed = s
        .call(
            "DELETE",
            "/moderation/words?word=%E9%87%8F%E5%AD%90%E9%80%9F%E8%AF%BB",
            Some(&moderator),
            None,
            &[],
        )
        .await;
    assert_eq!(removed.status, 204);
    new_post(&s, &author, "教你量子速读").await;
    let again = s
        .call(
            "DELETE",
            "/moderation/words?word=%E9%87%8F%E5%AD%90%E9%80%9F%E8%AF%BB",
            Some(&moderator),
            None,
            &[],
        )
        .await;
    assert_eq!(again.status, 404);
    let neither = s
        .call("DELETE", "/moderation/words", Some(&moderator), None, &[])
        .await;
    assert_eq!(neither.status, 422);

    // A whole built-in category.
    assert_eq!(post_text(&s, &author, "周末一起赌球").await.status, 422);
    let removed = s
        .call(
            "DELETE",
            "/moderation/words?category=%E8%B5%8C%E5%8D%9A",
            Some(&moderator),
            None,
            &[],
        )
        .await;
    assert_eq!(removed.status, 204);
    assert_eq!(post_text(&s, &author, "周末一起赌球").await.status, 201);
    assert_eq!(post_text(&s, &author, "找人代考").await.status, 422);

    let a = s
        .get(
            "/moderation/audit?item=%E9%87%8F%E5%AD%90%E9%80%9F%E8%AF%BB",
            &moderator,
        )
        .await;
    let actions: Vec<&str> = a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["remove-word", "add-word"]);
}
