//! Accounts (issue 3) over real HTTP: phone validation, the dev code, resend interval, code
//! expiry and wrong tries, sessions that log out at once and expire, hashed storage, and /me.
mod common;

use common::{assert_problem, TestServer, DEMO_NOW};
use serde_json::{json, Value};

/// A server on the demo clock, with or without `--dev-codes`.
async fn server(dev_codes: bool) -> TestServer {
    common::start_clocked(DEMO_NOW, |c| {
        c.dev_codes = dev_codes;
        c.db_pool = 2;
    })
    .await
}

async fn send_code(s: &TestServer, phone: &str) -> reqwest::Response {
    s.post("/api/v1/auth/sms-codes")
        .json(&json!({ "phone": phone }))
        .await
}

async fn login(s: &TestServer, phone: &str, code: &str) -> reqwest::Response {
    s.post("/api/v1/auth/sessions")
        .json(&json!({ "phone": phone, "code": code, "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
        .await
}

/// Sends `phone` a code, then logs in with the dev code; the session token.
async fn token(s: &TestServer, phone: &str) -> String {
    assert_eq!(send_code(s, phone).await.status(), 202);
    s.log_in(phone).await
}

async fn me(s: &TestServer, token: &str) -> reqwest::Response {
    s.get("/api/v1/me").auth(token).await
}

async fn field_of(res: reqwest::Response, status: u16, slug: &str) -> (String, String) {
    let body = assert_problem(res, status, slug).await;
    let e = &body["errors"][0];
    (
        e["field"].as_str().unwrap().to_string(),
        e["message"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn phone_numbers_must_be_mainland_mobiles() {
    let s = server(true).await;
    for bad in [
        "1380013800",
        "12800138000",
        "138001380001",
        "1380013800a",
        "",
    ] {
        let (field, message) = field_of(send_code(&s, bad).await, 422, "validation").await;
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("phone", "请输入正确的11位手机号"),
            "{bad:?}"
        );
    }
    let ok = send_code(&s, "13800138000").await;
    assert_eq!(ok.status(), 202);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "resend_after_seconds": 60, "expires_in_seconds": 300 })
    );
}

#[tokio::test]
async fn the_dev_code_works_only_with_dev_codes() {
    let strict = server(false).await;
    send_code(&strict, "13800138000").await;
    let (field, _) = field_of(
        login(&strict, "13800138000", "246810").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(field, "code");
    let dev = server(true).await;
    send_code(&dev, "13800138000").await;
    let res = login(&dev, "13800138000", "246810").await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["phone_masked"], "138****8000");
    assert_eq!(body["user"]["display_name"], "科普爱好者8000");
    assert!(body["token"].as_str().unwrap().len() >= 22, "≥ 128 bits");
    assert!(body["expires_at"].as_str().unwrap().ends_with("+08:00"));
}

#[tokio::test]
async fn codes_cannot_be_resent_within_a_minute() {
    let s = server(true).await;
    assert_eq!(send_code(&s, "13900139000").await.status(), 202);
    s.clock.advance(chrono::Duration::seconds(20));
    let res = send_code(&s, "13900139000").await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((39..=40).contains(&retry), "{retry}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("秒后"));
    s.clock.advance(chrono::Duration::seconds(41));
    assert_eq!(send_code(&s, "13900139000").await.status(), 202);
}

#[tokio::test]
async fn codes_expire_and_die_after_five_wrong_tries() {
    let s = server(false).await;
    send_code(&s, "13700137000").await;
    for left in (1..=4).rev() {
        let (field, message) =
            field_of(login(&s, "13700137000", "000000").await, 422, "validation").await;
        assert_eq!(field, "code");
        assert_eq!(message, format!("验证码错误，还可以再试{left}次"));
    }
    let (_, message) = field_of(login(&s, "13700137000", "000000").await, 422, "validation").await;
    assert_eq!(message, "错误次数过多，请重新获取验证码");
    let (_, message) = field_of(login(&s, "13700137000", "111111").await, 422, "validation").await;
    assert_eq!(
        message, "错误次数过多，请重新获取验证码",
        "the code stays dead"
    );

    s.clock.advance(chrono::Duration::seconds(61));
    send_code(&s, "13700137000").await;
    s.clock.advance(chrono::Duration::seconds(301));
    let (_, message) = field_of(login(&s, "13700137000", "000000").await, 422, "validation").await;
    assert_eq!(message, "验证码已过期，请重新获取");
}

#[tokio::test]
async fn logging_in_twice_is_the_same_user_and_logout_is_immediate() {
    let s = server(true).await;
    let first = token(&s, "13600136000").await;
    s.clock.advance(chrono::Duration::seconds(61));
    let second = token(&s, "13600136000").await;
    assert_ne!(first, second);
    let a: Value = me(&s, &first).await.json().await.unwrap();
    let b: Value = me(&s, &second).await.json().await.unwrap();
    assert_eq!(a["id"], b["id"]);

    let out = s.delete("/api/v1/auth/sessions/current").auth(&first).await;
    assert_eq!(out.status(), 204);
    let res = me(&s, &first).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_problem(res, 401, "unauthorized").await;
    assert_eq!(me(&s, &second).await.status(), 200, "other sessions stay");
    assert_problem(me(&s, "made-up-token").await, 401, "unauthorized").await;
    let none = s.get("/api/v1/me").await;
    assert_problem(none, 401, "unauthorized").await;
}

#[tokio::test]
async fn sessions_expire() {
    let s = server(true).await;
    let token = token(&s, "13500135000").await;
    s.clock.advance(chrono::Duration::days(29));
    assert_eq!(me(&s, &token).await.status(), 200);
    s.clock.advance(chrono::Duration::days(2));
    assert_problem(me(&s, &token).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn tokens_and_codes_are_stored_only_hashed() {
    let s = server(true).await;
    let token = token(&s, "13400134000").await;
    let bytes = std::fs::read(&s.db).unwrap();
    let wal = std::fs::read(s.db.with_extension("db-wal")).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(
            !file.windows(token.len()).any(|w| w == token.as_bytes()),
            "raw token on disk"
        );
    }
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let stored: String = conn
        .query_row("SELECT token_hash FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, kepuri_server::auth::sha256_hex(&token));
}

#[tokio::test]
async fn display_names_are_validated_by_characters() {
    let s = server(true).await;
    let token = token(&s, "13300133000").await;
    let patch = |name: &str| {
        s.patch("/api/v1/me")
            .auth(&token)
            .json(&json!({ "display_name": name }))
            .send()
    };
    for (bad, message) in [
        ("", "昵称至少需要2个字"),
        (" 科 ", "昵称至少需要2个字"),
        (&"科".repeat(21) as &str, "昵称不能超过20个字"),
        ("科普\u{7}", "昵称不能包含控制字符或改变文字方向的字符"),
        ("小\u{202e}明", "昵称不能包含控制字符或改变文字方向的字符"),
        ("\u{200b}\u{200b}", "昵称须包含可见的文字"),
    ] {
        let (field, m) = field_of(patch(bad).await, 422, "validation").await;
        assert_eq!(
            (field.as_str(), m.as_str()),
            ("display_name", message),
            "{bad:?}"
        );
    }
    let emoji = "🚀".repeat(20);
    let ok: Value = patch(&emoji).await.json().await.unwrap();
    assert_eq!(
        ok["display_name"],
        emoji.as_str(),
        "20 emoji are 20 characters"
    );
    let ok: Value = patch("  爱看火箭的小王 ").await.json().await.unwrap();
    assert_eq!(ok["display_name"], "爱看火箭的小王");
    let me: Value = me(&s, &token).await.json().await.unwrap();
    assert_eq!(me["display_name"], "爱看火箭的小王");
}
