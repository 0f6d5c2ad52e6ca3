//! Requests to a [`TestServer`]: `s.get(path)`, `s.post(path)`, `s.patch(path)`,
//! `s.delete(path)`, `s.request(method, path)`, built up with `.auth(token)`, `.key(key)`,
//! `.json(&body)`, … and awaited for the response (or read with [`Request::json_ok`]).
use super::TestServer;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A request being built; `.await` sends it and gives the response.
pub struct Request {
    what: String,
    builder: reqwest::RequestBuilder,
}

impl TestServer {
    /// `path` under the server's origin (`/api/v1/…`), or a whole URL as it is.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.origin)
        }
    }

    pub fn request(&self, method: Method, path: &str) -> Request {
        Request {
            what: format!("{method} {path}"),
            builder: self.client.request(method, self.url(path)),
        }
    }

    pub fn get(&self, path: &str) -> Request {
        self.request(Method::GET, path)
    }

    pub fn head(&self, path: &str) -> Request {
        self.request(Method::HEAD, path)
    }

    pub fn post(&self, path: &str) -> Request {
        self.request(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Request {
        self.request(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> Request {
        self.request(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Request {
        self.request(Method::DELETE, path)
    }

    /// `GET path` without a login; asserts a 200 and returns the JSON body.
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).json_ok().await
    }

    /// Logs `phone` in with the dev code; the session token.
    pub async fn log_in(&self, phone: &str) -> String {
        let res = self
            .post("/api/v1/auth/sessions")
            .json(&json!({ "phone": phone, "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
            .await;
        assert_eq!(res.status(), 201, "log in {phone}");
        res.json::<Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// Logs in user number `n` (phone 139 followed by `n` in eight digits) with the dev code.
    pub async fn token(&self, n: usize) -> String {
        self.log_in(&format!("139{n:08}")).await
    }
}

impl Request {
    /// `Authorization: Bearer token`.
    pub fn auth(self, token: &str) -> Self {
        self.map(|b| b.bearer_auth(token))
    }

    /// [`Request::auth`] when there is a token.
    pub fn maybe_auth(self, token: Option<&str>) -> Self {
        match token {
            Some(t) => self.auth(t),
            None => self,
        }
    }

    /// `Idempotency-Key: key`.
    pub fn key(self, key: &str) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// [`Request::key`] when there is a key.
    pub fn maybe_key(self, key: Option<&str>) -> Self {
        match key {
            Some(k) => self.key(k),
            None => self,
        }
    }

    /// A JSON body.
    pub fn json(self, body: &impl Serialize) -> Self {
        self.map(|b| b.json(body))
    }

    pub fn header<V>(self, name: &str, value: V) -> Self
    where
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Debug,
    {
        let value = value.try_into().expect("header value");
        self.map(|b| b.header(name, value))
    }

    /// A raw body.
    pub fn body(self, body: impl Into<reqwest::Body>) -> Self {
        self.map(|b| b.body(body))
    }

    /// Anything else reqwest can add.
    pub fn map(self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        Self {
            what: self.what,
            builder: f(self.builder),
        }
    }

    pub async fn send(self) -> reqwest::Response {
        self.builder.send().await.expect("request")
    }

    /// Sends; asserts a 200 and returns the JSON body.
    pub async fn json_ok(self) -> Value {
        let what = self.what.clone();
        let res = self.send().await;
        assert_eq!(res.status(), 200, "{what}");
        res.json().await.expect("json body")
    }

    /// Sends; asserts a problem+json response (see [`assert_problem`]) and returns its body.
    pub async fn problem(self, status: u16, slug: &str) -> Value {
        assert_problem(self.send().await, status, slug).await
    }
}

impl IntoFuture for Request {
    type Output = reqwest::Response;
    type IntoFuture = Pin<Box<dyn Future<Output = reqwest::Response> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The fields a 422 problem names, in its order.
pub fn problem_fields(body: &Value) -> Vec<&str> {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect()
}

/// Asserts a problem+json response and returns its body.
pub async fn assert_problem(res: reqwest::Response, status: u16, slug: &str) -> Value {
    assert_eq!(res.status().as_u16(), status);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(
        body["type"],
        format!("https://kepuri.example/problems/{slug}")
    );
    assert_eq!(body["status"], status);
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

impl TestServer {
    /// Every item of the list at `path` (which has a query string), following `next_cursor`
    /// page after page; when the pages carry a `total`, checks it against what arrived.
    pub async fn all_pages(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut page = self.get_json(path).await;
        loop {
            items.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => page = self.get_json(&format!("{path}&cursor={c}")).await,
                None => break,
            }
        }
        if let Some(total) = page["total"].as_u64() {
            assert_eq!(total as usize, items.len(), "total of {path}");
        }
        items
    }
}
