//! 内容审核 of 点亮好奇心 entries: refusals on every `/moderation/*` path (401 anonymous, 403
//! without the role), the queue (oldest first, masked phone, size), approval putting an entry
//! in the public gallery at once, rejection with a reason the author sees, withdraw and
//! resubmit, deciding twice (409 `already-decided`), claims between two moderators (409
//! `claimed`, free again after 2 minutes of server clock) and the audit rows. Every answer is
//! checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";
const STREAM_A: &[u8] = include_bytes!("../media/stream-a.mp4");
/// A second moderator for the claim tests.
const MODERATOR_2: &str = "13800000009";

async fn server() -> CheckedServer {
    let s = start_at(SEPT_13).await;
    let conn = rusqlite::Connection::open(s.dir.path().join("test.db")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    kepuri_server::grant::grant(
        &conn,
        MODERATOR_2,
        &kepuri_server::grant::Grant::Moderator,
        0,
    )
    .unwrap();
    s
}

/// A new pending entry of `token`'s user; its id.
async fn entry(s: &CheckedServer, token: &str, title: &str) -> String {
    let upload = s.upload_bytes(token, STREAM_A).await;
    let a = s
        .post(
            "/challenges/ch_2021/entries",
            token,
            json!({ "upload_id": upload, "title": title, "category_id": "kids", "age": 9, "guardian": { "name": "王芳", "relation": "mother", "agreed": true } }),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["id"].as_str().unwrap().to_string()
}

async fn decide(s: &CheckedServer, token: &str, id: &str, body: Value) -> Answer {
    s.post(&format!("/moderation/entries/{id}/decision"), token, body)
        .await
}

async fn queue(s: &CheckedServer, token: &str) -> Vec<Value> {
    let a = s.get("/moderation/entries?limit=50", token).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["items"].as_array().unwrap().clone()
}

async fn gallery_ids(s: &CheckedServer) -> Vec<String> {
    let a = s
        .call(
            "GET",
            "/challenges/ch_2021/entries?limit=50",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(a.status, 200);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_moderation_path_refuses_anonymous_callers_and_non_moderators() {
    let s = server().await;
    let organiser = s.log_in(ORGANISER).await;
    let reviewer = s.log_in(BEIJING).await;
    let moderator = s.log_in(MODERATOR).await;
    let admin = s.log_in(ADMIN).await;
    let body = json!({ "decision": "approve" });
    let calls: Vec<(&str, &str, Option<Value>)> = vec![
        ("GET", "/moderation/entries", None),
        (
            "POST",
            "/moderation/entries/ent_0001/decision",
            Some(body.clone()),
        ),
        ("GET", "/moderation/reports", None),
        (
            "POST",
            "/moderation/posts/po_000001/decision",
            Some(json!({ "action": "hide" })),
        ),
        (
            "POST",
            "/moderation/users/usr_000001/mute",
            Some(json!({ "days": 1, "reason": "测试" })),
        ),
        ("GET", "/moderation/words", None),
        (
            "POST",
            "/moderation/words",
            Some(json!({ "word": "测试词", "category": "测试" })),
        ),
        ("DELETE", "/moderation/words?word=%E4%BB%A3%E8%80%83", None),
        ("GET", "/moderation/audit", None),
        (
            "POST",
            "/moderation/claims",
            Some(json!({ "kind": "entry", "id": "ent_0001" })),
        ),
    ];
    for (method, path, body) in &calls {
        let a = s.call(method, path, None, body.clone(), &[]).await;
        assert_eq!(a.status, 401, "{method} {path} anonymous");
        assert_eq!(a.slug(), "unauthorized");
        for token in [&organiser, &reviewer] {
            let a = s.call(method, path, Some(token), body.clone(), &[]).await;
            assert_eq!(a.status, 403, "{method} {path}: {}", a.body);
            assert_eq!(a.slug(), "forbidden");
            assert!(a.body["detail"].as_str().unwrap().contains("审核权限"));
        }
    }
    // The moderator and the admin get through (reads answer 200).
    for token in [&moderator, &admin] {
        for path in ["/moderation/entries", "/moderation/reports"] {
            assert_eq!(s.get(path, token).await.status, 200, "{path}");
        }
        let a = s.get("/moderation/words", token).await;
        assert_eq!(a.status, 200);
        assert!(a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["word"] == "代考"));
    }
    // /me/roles tells who moderates.
    let roles = s.get("/me/roles", &moderator).await;
    assert_eq!(roles.body["moderator"], true);
    assert_eq!(roles.body["muted_until"], Value::Null);
    let roles = s.get("/me/roles", &admin).await;
    assert_eq!(roles.body["moderator"], true);
    let roles = s.get("/me/roles", &organiser).await;
    assert_eq!(roles.body["moderator"], false);
}

#[tokio::test]
async fn approval_puts_an_entry_in_the_gallery_at_once() {
    let s = server().await;
    let author = s.log_in("13912340001").await;
    let moderator = s.log_in(MODERATOR).await;
    let first = entry(&s, &author, "彩虹实验").await;
    s.clock.advance(chrono::Duration::seconds(5));
    let second = entry(&s, &author, "火山爆发").await;

    let items = queue(&s, &moderator).await;
    let ids: Vec<&str> = items.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![first.as_str(), second.as_str()], "oldest first");
    let e = &items[0];
    assert_eq!(e["submitter"]["phone_masked"], "139****0001");
    assert!(e.get("phone").is_none() && e["submitter"].get("phone").is_none());
    assert_eq!(e["size_bytes"], STREAM_A.len() as i64);
    assert_eq!(e["category"]["id"], "kids");
    assert!(e["playback_url"].as_str().unwrap().contains("?k=up_"));
    assert_eq!(e["claimed_by_other"], false);

    assert!(!gallery_ids(&s).await.contains(&first));
    let a = decide(&s, &moderator, &first, json!({ "decision": "approve" })).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "approved");
    assert_eq!(a.body["audit"][0]["action"], "approve");
    assert!(gallery_ids(&s).await.contains(&first));
    let ids: Vec<String> = queue(&s, &moderator)
        .await
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec![second.clone()]);

    // Deciding it again → 409 already-decided, carrying the decision.
    let again = decide(
        &s,
        &moderator,
        &first,
        json!({ "decision": "reject", "reason": "quality" }),
    )
    .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.slug(), "already-decided");
    assert_eq!(again.body["decision"]["action"], "approve");
    assert_eq!(again.body["decision"]["item_id"], first.as_str());

    let unknown = decide(&s, &moderator, "ent_9999", json!({ "decision": "approve" })).await;
    assert_eq!(unknown.status, 404);

    // A retried decision with its Idempotency-Key is replayed, not refused as decided twice.
    let body = json!({ "decision": "reject", "reason": "off-topic" });
    let path = format!("/moderation/entries/{second}/decision");
    let key = [("Idempotency-Key", "decide-key-0001")];
    let first_try = s
        .call("POST", &path, Some(&moderator), Some(body.clone()), &key)
        .await;
    assert_eq!(first_try.status, 200);
    let retry = s
        .call("POST", &path, Some(&moderator), Some(body), &key)
        .await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.header("idempotency-replayed"), Some("true"));
    assert_eq!(retry.body, first_try.body);
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_its_author_sees_it() {
    let s = server().await;
    let author = s.log_in("13912340002").await;
    let other = s.log_in("13912340003").await;
    let moderator = s.log_in(MODERATOR).await;
    let id = entry(&s, &author, "彩虹实验").await;

    for (body, field) in [
        (json!({ "decision": "reject" }), "reason"),
        (
            json!({ "decision": "reject", "reason": "boring" }),
            "reason",
        ),
        (json!({ "decision": "reject", "reason": "other" }), "note"),
        (
            json!({ "decision": "reject", "reason": "other", "note": "  " }),
            "note",
        ),
        (json!({ "decision": "maybe" }), "decision"),
    ] {
        let a = decide(&s, &moderator, &id, body.clone()).await;
        assert_eq!(a.status, 422, "{body}");
        assert_eq!(a.fields(), vec![field.to_string()], "{body}");
    }
    let a = decide(
        &s,
        &moderator,
        &id,
        json!({ "decision": "reject", "reason": "quality", "note": "画面过暗，请补光后重拍" }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "rejected");
    assert_eq!(
        a.body["rejection"],
        json!({ "reason": "quality", "note": "画面过暗，请补光后重拍" })
    );

    let mine = s.get("/me/entries", &author).await;
    let e = &mine.body["items"][0];
    assert_eq!(e["id"], id.as_str());
    assert_eq!(e["status"], "rejected");
    assert_eq!(e["rejection"]["reason"], "quality");
    assert_eq!(e["reject_reason"], "画面过暗，请补光后重拍");
    let one = s.get(&format!("/entries/{id}"), &author).await;
    assert_eq!(one.body["rejection"]["note"], "画面过暗，请补光后重拍");
    let hidden = s.get(&format!("/entries/{id}"), &other).await;
    assert_eq!(hidden.status, 404, "a rejected entry is its author's only");

    // Without a note the reason's name is the reject_reason of older clients.
    let second = entry(&s, &author, "第二个").await;
    let a = decide(
        &s,
        &moderator,
        &second,
        json!({ "decision": "reject", "reason": "personal-info" }),
    )
    .await;
    assert_eq!(
        a.body["rejection"],
        json!({ "reason": "personal-info", "note": null })
    );
    let one = s.get(&format!("/entries/{second}"), &author).await;
    assert_eq!(one.body["reject_reason"], "含个人信息");
    assert_eq!(one.body["rejection"]["note"], Value::Null);
}

#[tokio::test]
async fn a_rejected_entry_can_be_withdrawn_or_resubmitted() {
    let s = server().await;
    let author = s.log_in("13912340004").await;
    let other = s.log_in("13912340005").await;
    let moderator = s.log_in(MODERATOR).await;
    let id = entry(&s, &author, "彩虹实验").await;
    let withdraw_path = format!("/entries/{id}/withdraw");
    let resubmit_path = format!("/entries/{id}/resubmit");

    // Pending: neither withdraw nor resubmit.
    let a = s
        .call("POST", &withdraw_path, Some(&author), None, &[])
        .await;
    assert_eq!((a.status, a.slug().as_str()), (409, "conflict"));
    let reject = json!({ "decision": "reject", "reason": "quality" });
    assert_eq!(
        decide(&s, &moderator, &id, reject.clone()).await.status,
        200
    );

    // Someone else: 404 (they cannot see it).
    let a = s
        .call("POST", &withdraw_path, Some(&other), None, &[])
        .await;
    assert_eq!(a.status, 404);

    // Resubmit with a new upload: pending again, back in the queue, rejection gone.
    let upload = s.upload_bytes(&author, STREAM_A).await;
    let body = json!({ "upload_id": upload, "title": "彩虹实验（补光版）" });
    let a = s
        .call(
            "POST",
            &resubmit_path,
            Some(&author),
            Some(body.clone()),
            &[("Idempotency-Key", "resubmit-key-0001")],
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "pending_review");
    assert_eq!(a.body["title"], "彩虹实验（补光版）");
    assert_eq!(a.body["rejection"], Value::Null);
    assert!(a.body["playback_url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("?k={upload}")));
    // A retry with the same key is replayed, not refused.
    let replay = s
        .call(
            "POST",
            &resubmit_path,
            Some(&author),
            Some(body),
            &[("Idempotency-Key", "resubmit-key-0001")],
        )
        .await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.header("idempotency-replayed"), Some("true"));
    let ids: Vec<String> = queue(&s, &moderator)
        .await
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec![id.clone()]);
    // An upload that is not the author's finished one → 422 naming upload_id.
    assert_eq!(decide(&s, &moderator, &id, reject).await.status, 200);
    let a = s
        .call(
            "POST",
            &resubmit_path,
            Some(&author),
            Some(json!({ "upload_id": "up_00000000000000000000" })),
            &[],
        )
        .await;
    assert_eq!(a.status, 422);
    assert_eq!(a.fields(), vec!["upload_id".to_string()]);

    // Withdraw: gone for its author too.
    let a = s
        .call("POST", &withdraw_path, Some(&author), None, &[])
        .await;
    assert_eq!(a.status, 204);
    let gone = s.get(&format!("/entries/{id}"), &author).await;
    assert_eq!(gone.status, 404);
    let mine = s.get("/me/entries", &author).await;
    assert_eq!(mine.body["total"], 0);
    let again = s
        .call("POST", &withdraw_path, Some(&author), None, &[])
        .await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn a_claimed_entry_waits_two_minutes_for_another_moderator() {
    let s = server().await;
    let author = s.log_in("13912340006").await;
    let first = s.log_in(MODERATOR).await;
    let second = s.log_in(MODERATOR_2).await;
    let id = entry(&s, &author, "彩虹实验").await;
    let claim = json!({ "kind": "entry", "id": id });

    let a = s.post("/moderation/claims", &first, claim.clone()).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["claimed_until"], "2021-09-13T10:02:00+08:00");

    // The other moderator sees it marked, and cannot claim or decide it.
    let items = queue(&s, &second).await;
    assert_eq!(items[0]["claimed_by_other"], true);
    assert_eq!(items[0]["claimed_until"], "2021-09-13T10:02:00+08:00");
    assert_eq!(queue(&s, &first).await[0]["claimed_by_other"], false);
    let a = s.post("/moderation/claims", &second, claim.clone()).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "claimed"));
    let approve = json!({ "decision": "approve" });
    let a = decide(&s, &second, &id, approve.clone()).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "claimed"));
    assert_eq!(a.body["claimed_until"], "2021-09-13T10:02:00+08:00");

    // One second before the end it still holds; at the end it is free.
    s.clock.advance(chrono::Duration::seconds(119));
    assert_eq!(decide(&s, &second, &id, approve.clone()).await.status, 409);
    s.clock.advance(chrono::Duration::seconds(1));
    let a = decide(&s, &second, &id, approve.clone()).await;
    assert_eq!(a.status, 200, "{}", a.body);

    // The first moderator comes back: already decided, by the second.
    let a = decide(&s, &first, &id, approve).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "already-decided"));
    let a = s.post("/moderation/claims", &first, claim).await;
    assert_eq!((a.status, a.slug().as_str()), (409, "already-decided"));

    // The audit log has who, when, what.
    let a = s.get(&format!("/moderation/audit?item={id}"), &first).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["total"], 1);
    let row = &a.body["items"][0];
    assert_eq!(row["action"], "approve");
    assert_eq!(row["item_kind"], "entry");
    assert_eq!(row["at"], "2021-09-13T10:02:00+08:00");
    assert_eq!(row["moderator"]["display_name"], "科普爱好者0009");
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let s = server().await;
    let author = s.log_in("13912340007").await;
    let moderator = s.log_in(MODERATOR).await;
    let id = entry(&s, &author, "彩虹实验").await;
    decide(&s, &moderator, &id, json!({ "decision": "approve" })).await;
    let conn = rusqlite::Connection::open(s.dir.path().join("test.db")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM moderation_audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert!(conn
        .execute("UPDATE moderation_audit SET reason = 'x'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM moderation_audit", []).is_err());
}
