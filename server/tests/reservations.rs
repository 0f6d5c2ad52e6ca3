//! 预约报名 (issue 18): party sizes against capacity, the waitlist's promotion order, the
//! reservation window and cancelling at their exact boundary seconds, check-in once, who may
//! check in, and no overbooking under concurrency. The server's clock stands still at a chosen
//! second; every JSON answer is checked against the contract.
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SEPT_13: &str = "2021-09-13T10:00:00+08:00";
/// The dev unit's seeded activities: 3 places, open now, starts 2021-09-15 14:00, ends 16:30.
const SMALL: &str = "act_000072";
const SMALL_STARTS: &str = "2021-09-15T14:00:00+08:00";
const SMALL_ENDS: &str = "2021-09-15T16:30:00+08:00";
/// 20 places whose reservations open 2021-09-14 09:00.
const LATER: &str = "act_000164";

fn set_clock(s: &Reg, at: &str) {
    let target = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let by = target.with_timezone(&chrono::Utc) - s.clock.now();
    assert!(by >= chrono::Duration::zero(), "the clock is past {at}");
    s.clock.advance(by);
}

impl Reg {
    async fn reserve(&self, token: &str, activity: &str, party: i64, waitlist: bool) -> Answer {
        self.post(
            "/activities/{id}/reservations",
            &format!("/activities/{activity}/reservations"),
            token,
            json!({ "party_size": party, "waitlist": waitlist }),
        )
        .await
    }

    async fn cancel(&self, token: &str, id: &str) -> Answer {
        self.call(
            "POST",
            "/me/reservations/{id}/cancel",
            &format!("/me/reservations/{id}/cancel"),
            Some(token),
            None,
            &[],
        )
        .await
    }

    async fn availability(&self, activity: &str) -> Value {
        let a = self
            .call(
                "GET",
                "/activities/{id}/availability",
                &format!("/activities/{activity}/availability"),
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, 200);
        a.body["registration"].clone()
    }

    async fn mine(&self, token: &str) -> Value {
        let a = self
            .get("/me/reservations", "/me/reservations", token)
            .await;
        assert_eq!(a.status, 200);
        a.body
    }

    async fn users(&self, n: usize) -> Vec<String> {
        let mut tokens = Vec::new();
        for i in 0..n {
            tokens.push(self.log_in(&format!("139{:08}", 7000 + i)).await);
        }
        tokens
    }

    fn sql(&self, sql: &str) {
        let conn = rusqlite::Connection::open(self.dir.path().join("test.db")).unwrap();
        conn.execute_batch(sql).unwrap();
    }
}

fn id(a: &Answer) -> String {
    a.body["id"].as_str().expect("reservation id").to_string()
}

#[tokio::test]
async fn the_dev_unit_has_its_two_seeded_activities() {
    let s = start_at(SEPT_13).await;
    let conn = rusqlite::Connection::open(s.dir.path().join("test.db")).unwrap();
    assert_eq!(
        kepuri_server::seed::reservations::dev_activities(&conn).unwrap(),
        [SMALL, LATER]
    );
    let small = s.availability(SMALL).await;
    assert_eq!(
        small,
        json!({ "required": true, "capacity": 3, "registered": 0, "remaining": 3, "waitlisted": 0,
                "opens_at": null, "closes_at": SMALL_STARTS, "state": "open" })
    );
    let later = s.availability(LATER).await;
    assert_eq!(later["state"], "not_yet_open");
    assert_eq!(later["opens_at"], "2021-09-14T09:00:00+08:00");
    // The public page and search results carry the same figures.
    let page = s
        .call(
            "GET",
            "/activities/{id}",
            &format!("/activities/{SMALL}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(page.body["registration"], small);
    assert_eq!(page.body["unit"]["id"], UNIT);
    // Online activities take no reservations.
    let online = s
        .call(
            "GET",
            "/activities",
            "/activities?format=online&limit=1",
            None,
            None,
            &[],
        )
        .await;
    let online_id = online.body["items"][0]["id"].as_str().unwrap().to_string();
    assert!(online.body["items"][0]["registration"].is_null());
    let t = s.log_in("13900007999").await;
    let a = s.reserve(&t, &online_id, 1, false).await;
    assert_eq!((a.status, a.slug()), (409, "conflict".into()));
}

#[tokio::test]
async fn party_sizes_count_against_capacity() {
    let s = start_at(SEPT_13).await;
    let u = s.users(4).await;
    let path = format!("/activities/{SMALL}/reservations");
    let template = "/activities/{id}/reservations";
    for bad in [
        json!(0),
        json!(4),
        json!(-1),
        json!(1.5),
        json!("2"),
        Value::Null,
    ] {
        let body = json!({ "party_size": bad });
        let a = s.post(template, &path, &u[0], body).await;
        assert_eq!(
            (a.status, a.fields()),
            (422, vec!["party_size".to_string()]),
            "{bad}"
        );
    }
    // JSON Schema's integers include 2.0.
    let a = s
        .post(template, &path, &u[0], json!({ "party_size": 2.0 }))
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["status"], "confirmed");
    assert!(a.body["code"].as_str().unwrap().len() == 6);
    assert_eq!(
        a.header("location"),
        Some(format!("/api/v1/me/reservations/{}", id(&a)).as_str())
    );
    // One active reservation per user and activity.
    let again = s.reserve(&u[0], SMALL, 1, true).await;
    assert_eq!(
        (again.status, again.slug()),
        (409, "already-reserved".into())
    );
    assert_eq!(again.body["reservation"]["id"], id(&a));
    // 1 place left: a party of 2 does not fit.
    let full = s.reserve(&u[1], SMALL, 2, false).await;
    assert_eq!((full.status, full.slug()), (409, "full".into()));
    assert_eq!(full.body["remaining"], 1);
    let one = s.reserve(&u[1], SMALL, 1, false).await;
    assert_eq!(one.body["status"], "confirmed");
    let reg = s.availability(SMALL).await;
    assert_eq!(
        (
            reg["registered"].clone(),
            reg["remaining"].clone(),
            reg["state"].clone()
        ),
        (json!(3), json!(0), json!("full"))
    );
    let full = s.reserve(&u[2], SMALL, 1, false).await;
    assert_eq!(
        (full.status, full.body["remaining"].clone()),
        (409, json!(0))
    );
    let waiting = s.reserve(&u[2], SMALL, 3, true).await;
    assert_eq!(waiting.status, 201);
    assert_eq!(
        (
            waiting.body["status"].clone(),
            waiting.body["code"].clone(),
            waiting.body["waitlist_position"].clone()
        ),
        (json!("waitlisted"), Value::Null, json!(1))
    );
    assert_eq!(s.availability(SMALL).await["waitlisted"], 3);
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_first_answer() {
    let s = start_at(SEPT_13).await;
    let t = s.log_in("13900007001").await;
    let path = format!("/activities/{SMALL}/reservations");
    let body = json!({ "party_size": 2 });
    let template = "/activities/{id}/reservations";
    let keyed = |key: &'static str| [("Idempotency-Key", key)];
    let first = s
        .call(
            "POST",
            template,
            &path,
            Some(&t),
            Some(body.clone()),
            &keyed("reserve-key-0001"),
        )
        .await;
    let retry = s
        .call(
            "POST",
            template,
            &path,
            Some(&t),
            Some(body.clone()),
            &keyed("reserve-key-0001"),
        )
        .await;
    assert_eq!((first.status, retry.status), (201, 201));
    assert_eq!(retry.header("idempotency-replayed"), Some("true"));
    assert_eq!(first.body, retry.body);
    assert_eq!(
        s.availability(SMALL).await["registered"],
        2,
        "reserved once"
    );
    let other_key = s
        .call(
            "POST",
            template,
            &path,
            Some(&t),
            Some(body),
            &keyed("reserve-key-0002"),
        )
        .await;
    assert_eq!(other_key.slug(), "already-reserved");
}

#[tokio::test]
async fn cancelling_promotes_the_first_waitlisted_party_that_fits_in_the_same_transaction() {
    let s = start_at(SEPT_13).await;
    let u = s.users(5).await;
    let a = id(&s.reserve(&u[0], SMALL, 2, false).await);
    let b = id(&s.reserve(&u[1], SMALL, 1, false).await);
    let w1 = id(&s.reserve(&u[2], SMALL, 3, true).await);
    let w2 = id(&s.reserve(&u[3], SMALL, 1, true).await);
    let w3 = id(&s.reserve(&u[4], SMALL, 2, true).await);
    let position = |mine: &Value| mine["waitlisted"][0]["waitlist_position"].clone();
    assert_eq!(position(&s.mine(&u[4]).await), 3);
    // One place frees: the party of 3 at the head does not fit, the party of 1 behind it does.
    let cancelled = s.cancel(&u[1], &b).await;
    assert_eq!(
        (cancelled.status, cancelled.body["status"].clone()),
        (200, json!("cancelled"))
    );
    let mine = s.mine(&u[3]).await;
    assert_eq!(mine["upcoming"][0]["id"], w2.as_str());
    assert_eq!(mine["upcoming"][0]["promoted"], true);
    assert_eq!(mine["upcoming"][0]["status"], "confirmed");
    assert!(mine["upcoming"][0]["code"].is_string());
    assert_eq!(mine["waitlisted"], json!([]));
    assert_eq!(
        position(&s.mine(&u[2]).await),
        1,
        "the head keeps its place"
    );
    assert_eq!(position(&s.mine(&u[4]).await), 2);
    // Two places free: the head (3) still does not fit; the party of 2 does.
    s.cancel(&u[0], &a).await;
    assert_eq!(s.mine(&u[4]).await["upcoming"][0]["id"], w3.as_str());
    assert_eq!(s.availability(SMALL).await["registered"], 3);
    // Cancelling again answers the cancelled reservation and frees nothing more.
    let again = s.cancel(&u[0], &a).await;
    assert_eq!(
        (again.status, again.body["status"].clone()),
        (200, json!("cancelled"))
    );
    assert_eq!(s.availability(SMALL).await["registered"], 3);
    // All three places free once both small parties cancel: the head is confirmed at last.
    s.cancel(&u[3], &w2).await;
    assert_eq!(
        s.mine(&u[2]).await["waitlisted"][0]["id"],
        w1.as_str(),
        "1 free place is not enough"
    );
    s.cancel(&u[4], &w3).await;
    let head = s.mine(&u[2]).await;
    assert_eq!(
        (
            head["upcoming"][0]["id"].clone(),
            head["upcoming"][0]["party_size"].clone()
        ),
        (json!(w1), json!(3))
    );
    let reg = s.availability(SMALL).await;
    assert_eq!(
        (reg["registered"].clone(), reg["waitlisted"].clone()),
        (json!(3), json!(0))
    );
    // After cancelling, a user may reserve again, at the end of the queue.
    let back = s.reserve(&u[0], SMALL, 1, true).await;
    assert_eq!(
        (back.status, back.body["status"].clone()),
        (201, json!("waitlisted"))
    );
    // Nobody else sees or cancels someone's reservation.
    let other = s.cancel(&u[1], &w1).await;
    assert_eq!(other.status, 404);
    let other = s
        .get(
            "/me/reservations/{id}",
            &format!("/me/reservations/{w1}"),
            &u[1],
        )
        .await;
    assert_eq!(other.status, 404);
}

#[tokio::test]
async fn reservations_open_and_close_at_their_exact_seconds() {
    let s = start_at("2021-09-14T08:59:59+08:00").await;
    let u = s.users(3).await;
    let early = s.reserve(&u[0], LATER, 1, false).await;
    assert_eq!((early.status, early.slug()), (409, "not-yet-open".into()));
    assert_eq!(early.body["opens_at"], "2021-09-14T09:00:00+08:00");
    assert_eq!(early.body["closes_at"], "2021-09-16T09:00:00+08:00");
    set_clock(&s, "2021-09-14T09:00:00+08:00");
    assert_eq!(s.availability(LATER).await["state"], "open");
    assert_eq!(s.reserve(&u[0], LATER, 1, false).await.status, 201);
    // Closing (default: the start) and cancelling end at the start, exclusive.
    let held = id(&s.reserve(&u[1], SMALL, 1, false).await);
    set_clock(&s, "2021-09-15T13:59:59+08:00");
    assert_eq!(s.availability(SMALL).await["state"], "open");
    let last = s.reserve(&u[2], SMALL, 1, false).await;
    assert_eq!(last.status, 201);
    assert_eq!(s.cancel(&u[2], &id(&last)).await.status, 200);
    set_clock(&s, SMALL_STARTS);
    let late = s.reserve(&u[2], SMALL, 1, false).await;
    assert_eq!((late.status, late.slug()), (409, "window-closed".into()));
    assert_eq!(
        (
            late.body["opens_at"].clone(),
            late.body["closes_at"].clone()
        ),
        (Value::Null, json!(SMALL_STARTS))
    );
    assert_eq!(s.availability(SMALL).await["state"], "closed");
    let refused = s.cancel(&u[1], &held).await;
    assert_eq!(
        (refused.status, refused.slug()),
        (409, "already-started".into())
    );
    let mine = s.mine(&u[1]).await;
    assert_eq!(mine["upcoming"][0]["cancellable"], false);
}

#[tokio::test]
async fn organisers_check_a_code_in_once_and_count_no_shows_after_the_end() {
    let s = start_at(SEPT_13).await;
    let organiser = s.log_in(ORGANISER).await;
    let u = s.users(3).await;
    let two = s.reserve(&u[0], SMALL, 2, false).await;
    let one = s.reserve(&u[1], SMALL, 1, false).await;
    let waiting = s.reserve(&u[2], SMALL, 1, true).await;
    assert_eq!(waiting.body["status"], "waitlisted");
    let path = format!("/organiser/activities/{SMALL}/check-ins");
    let template = "/organiser/activities/{id}/check-ins";
    let code = two.body["code"].as_str().unwrap();
    // Typed in lower case with spaces: still the code.
    let typed = format!("  {}  ", code.to_lowercase());
    let a = s
        .post(template, &path, &organiser, json!({ "code": typed }))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["check_in"]["party_size"], 2);
    assert_eq!(a.body["check_in"]["holder"]["phone_masked"], "139****7000");
    assert_eq!(
        (
            a.body["summary"]["arrived"].clone(),
            a.body["summary"]["reserved"].clone()
        ),
        (json!(2), json!(3))
    );
    let twice = s
        .post(template, &path, &organiser, json!({ "code": code }))
        .await;
    assert_eq!(
        (twice.status, twice.slug()),
        (409, "already-checked-in".into())
    );
    assert_eq!(twice.body["checked_in_at"], "2021-09-13T10:00:00+08:00");
    for bad in ["ZZZZZZ", ""] {
        let unknown = s
            .post(template, &path, &organiser, json!({ "code": bad }))
            .await;
        assert_eq!(
            (unknown.status, unknown.fields()),
            (422, vec!["code".to_string()])
        );
    }
    // A checked-in reservation cannot be cancelled; a cancelled code is refused at the door.
    let r = s.cancel(&u[0], &id(&two)).await;
    assert_eq!((r.status, r.slug()), (409, "conflict".into()));
    s.cancel(&u[1], &id(&one)).await;
    let cancelled = s
        .post(
            template,
            &path,
            &organiser,
            json!({ "code": one.body["code"] }),
        )
        .await;
    assert_eq!(
        (cancelled.status, cancelled.fields()),
        (422, vec!["code".to_string()])
    );
    // The waiting party was promoted by that cancellation and never comes.
    let summary = s.get(template, &path, &organiser).await;
    assert_eq!(summary.body["reserved"], 3);
    assert_eq!(summary.body["no_shows"], Value::Null);
    set_clock(&s, SMALL_ENDS);
    let summary = s.get(template, &path, &organiser).await;
    assert_eq!(
        (
            summary.body["ended"].clone(),
            summary.body["no_shows"].clone()
        ),
        (json!(true), json!(1))
    );
    // Other users, reviewers and unknown activities: 404; admins may.
    for phone in ["13900007000", BEIJING] {
        let t = s.log_in(phone).await;
        assert_eq!(s.get(template, &path, &t).await.status, 404);
        assert_eq!(
            s.post(template, &path, &t, json!({ "code": code }))
                .await
                .status,
            404
        );
    }
    let admin = s.log_in(ADMIN).await;
    assert_eq!(s.get(template, &path, &admin).await.status, 200);
    let other = s
        .get(
            template,
            "/organiser/activities/act_000001/check-ins",
            &organiser,
        )
        .await;
    assert_eq!(other.status, 404);
}

#[tokio::test]
async fn the_qr_code_is_the_owners_only() {
    let s = start_at(SEPT_13).await;
    let u = s.users(2).await;
    let r = s.reserve(&u[0], SMALL, 1, false).await;
    let url = format!("{}/api/v1/me/reservations/{}/qr.svg", s.origin, id(&r));
    let res = s.client.get(&url).bearer_auth(&u[0]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(r.body["code"].as_str().unwrap()));
    let res = s.client.get(&url).bearer_auth(&u[1]).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(s.client.get(&url).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn racing_users_never_overbook() {
    let s = start_at(SEPT_13).await;
    s.sql(&format!(
        "UPDATE activities SET capacity = 10 WHERE id = '{SMALL}'"
    ));
    let users = s.users(30).await;
    let s = std::sync::Arc::new(s);
    let mut tasks = Vec::new();
    for (i, t) in users.iter().cloned().enumerate() {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let party = (i % 3 + 1) as i64;
            s.reserve(&t, SMALL, party, i % 2 == 0).await.status
        }));
    }
    for t in tasks {
        let status = t.await.unwrap();
        assert!(status == 201 || status == 409, "{status}");
    }
    let mut confirmed = 0;
    for t in &users {
        let mine = s.mine(t).await;
        let all: Vec<&Value> = ["upcoming", "waitlisted", "past"]
            .iter()
            .flat_map(|g| mine[*g].as_array().unwrap())
            .collect();
        assert!(all.len() <= 1, "one reservation per user");
        confirmed += all
            .iter()
            .filter(|r| r["status"] == "confirmed")
            .map(|r| r["party_size"].as_i64().unwrap())
            .sum::<i64>();
    }
    let reg = s.availability(SMALL).await;
    assert_eq!(reg["registered"], confirmed);
    assert!((8..=10).contains(&confirmed), "{confirmed}");
}
