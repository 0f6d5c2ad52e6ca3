//! Accounts (issue 3) over real HTTP: phone validation, the dev code, resend interval, code
//! expiry and wrong tries, sessions that log out at once and expire, hashed storage, and /me.
mod common;

use common::{assert_problem, plain_client};
use kepuri_server::clock::Clock;
use kepuri_server::{build_app, prepare, Config};
use serde_json::{json, Value};

struct Server {
    base: String,
    client: reqwest::Client,
    clock: Clock,
    dir: tempfile::TempDir,
}

async fn server(dev_codes: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_db(dir.path().join("auth.db"));
    config.dev_codes = dev_codes;
    common::roomy_auth_limits(&mut config);
    config.db_pool = 2;
    config.clock = Some(chrono::DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap());
    let state = prepare(config).await.unwrap();
    let clock = state.clock.clone();
    let app = build_app(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server {
        base: format!("http://{addr}/api/v1"),
        client: plain_client(),
        clock,
        dir,
    }
}

impl Server {
    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
    async fn send_code(&self, phone: &str) -> reqwest::Response {
        self.post("/auth/sms-codes", json!({ "phone": phone }))
            .await
    }
    async fn login(&self, phone: &str, code: &str) -> reqwest::Response {
        self.post("/auth/sessions", json!({ "phone": phone, "code": code }))
            .await
    }
    async fn token(&self, phone: &str) -> String {
        assert_eq!(self.send_code(phone).await.status(), 202);
        let res = self.login(phone, "246810").await;
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
    async fn me(&self, token: &str) -> reqwest::Response {
        self.client
            .get(format!("{}/me", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
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
        let (field, message) = field_of(s.send_code(bad).await, 422, "validation").await;
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("phone", "请输入正确的11位手机号"),
            "{bad:?}"
        );
    }
    let ok = s.send_code("13800138000").await;
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
    strict.send_code("13800138000").await;
    let (field, _) = field_of(
        strict.login("13800138000", "246810").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(field, "code");
    let dev = server(true).await;
    dev.send_code("13800138000").await;
    let res = dev.login("13800138000", "246810").await;
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
    assert_eq!(s.send_code("13900139000").await.status(), 202);
    s.clock.advance(chrono::Duration::seconds(20));
    let res = s.send_code("13900139000").await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((39..=40).contains(&retry), "{retry}");
    let body = assert_problem(res, 429, "rate-limited").await;
    assert!(body["detail"].as_str().unwrap().contains("秒后"));
    s.clock.advance(chrono::Duration::seconds(41));
    assert_eq!(s.send_code("13900139000").await.status(), 202);
}

#[tokio::test]
async fn codes_expire_and_die_after_five_wrong_tries() {
    let s = server(false).await;
    s.send_code("13700137000").await;
    for left in (1..=4).rev() {
        let (field, message) =
            field_of(s.login("13700137000", "000000").await, 422, "validation").await;
        assert_eq!(field, "code");
        assert_eq!(message, format!("验证码错误，还可以再试{left}次"));
    }
    let (_, message) = field_of(s.login("13700137000", "000000").await, 422, "validation").await;
    assert_eq!(message, "错误次数过多，请重新获取验证码");
    let (_, message) = field_of(s.login("13700137000", "111111").await, 422, "validation").await;
    assert_eq!(
        message, "错误次数过多，请重新获取验证码",
        "the code stays dead"
    );

    s.clock.advance(chrono::Duration::seconds(61));
    s.send_code("13700137000").await;
    s.clock.advance(chrono::Duration::seconds(301));
    let (_, message) = field_of(s.login("13700137000", "000000").await, 422, "validation").await;
    assert_eq!(message, "验证码已过期，请重新获取");
}

#[tokio::test]
async fn logging_in_twice_is_the_same_user_and_logout_is_immediate() {
    let s = server(true).await;
    let first = s.token("13600136000").await;
    s.clock.advance(chrono::Duration::seconds(61));
    let second = s.token("13600136000").await;
    assert_ne!(first, second);
    let a: Value = s.me(&first).await.json().await.unwrap();
    let b: Value = s.me(&second).await.json().await.unwrap();
    assert_eq!(a["id"], b["id"]);

    let out = s
        .client
        .delete(format!("{}/auth/sessions/current", s.base))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let res = s.me(&first).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_problem(res, 401, "unauthorized").await;
    assert_eq!(s.me(&second).await.status(), 200, "other sessions stay");
    assert_problem(s.me("made-up-token").await, 401, "unauthorized").await;
    let none = s.client.get(format!("{}/me", s.base)).send().await.unwrap();
    assert_problem(none, 401, "unauthorized").await;
}

#[tokio::test]
async fn sessions_expire() {
    let s = server(true).await;
    let token = s.token("13500135000").await;
    s.clock.advance(chrono::Duration::days(29));
    assert_eq!(s.me(&token).await.status(), 200);
    s.clock.advance(chrono::Duration::days(2));
    assert_problem(s.me(&token).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn tokens_and_codes_are_stored_only_hashed() {
    let s = server(true).await;
    let token = s.token("13400134000").await;
    let bytes = std::fs::read(s.dir.path().join("auth.db")).unwrap();
    let wal = std::fs::read(s.dir.path().join("auth.db-wal")).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(
            !file.windows(token.len()).any(|w| w == token.as_bytes()),
            "raw token on disk"
        );
    }
    let conn = rusqlite::Connection::open(s.dir.path().join("auth.db")).unwrap();
    let stored: String = conn
        .query_row("SELECT token_hash FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, kepuri_server::auth::sha256_hex(&token));
}

#[tokio::test]
async fn display_names_are_validated_by_characters() {
    let s = server(true).await;
    let token = s.token("13300133000").await;
    let patch = |name: &str| {
        s.client
            .patch(format!("{}/me", s.base))
            .bearer_auth(&token)
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
        let (field, m) = field_of(patch(bad).await.unwrap(), 422, "validation").await;
        assert_eq!(
            (field.as_str(), m.as_str()),
            ("display_name", message),
            "{bad:?}"
        );
    }
    let emoji = "🚀".repeat(20);
    let ok: Value = patch(&emoji).await.unwrap().json().await.unwrap();
    assert_eq!(
        ok["display_name"],
        emoji.as_str(),
        "20 emoji are 20 characters"
    );
    let ok: Value = patch("  爱看火箭的小王 ")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok["display_name"], "爱看火箭的小王");
    let me: Value = s.me(&token).await.json().await.unwrap();
    assert_eq!(me["display_name"], "爱看火箭的小王");
}
