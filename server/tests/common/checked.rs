//! A [`TestServer`] whose every answer is checked against the contract: `s.get(path, token)`,
//! `s.post(path, token, body)`,
//! `s.patch(path, token, body, if_match)` and `s.call(method, path, token, body, headers)` with `path`
//! under `/api/v1`, each giving an [`Answer`] after the contract's operation for it (found by
//! [`Contract::template_for`]) has been checked to document its status, headers and body.
use super::contract::contract;
use super::TestServer;
use serde_json::Value;
use std::ops::Deref;

/// The answer to a request: status, headers and JSON body (`Null` when empty).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The last segment of a problem's `type`.
    pub fn slug(&self) -> String {
        self.body["type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// The fields a 422 problem names, in its order.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(String::from))
            .collect()
    }
}

/// A [`TestServer`] (everything of it is at hand through `Deref`; its unchecked requests are
/// `s.server.get(…)` and the like) whose `get`, `post` and `call` check the contract.
pub struct CheckedServer {
    pub server: TestServer,
}

impl Deref for CheckedServer {
    type Target = TestServer;

    fn deref(&self) -> &TestServer {
        &self.server
    }
}

impl CheckedServer {
    /// `method path` (under `/api/v1`) as `token`, with a JSON body and extra headers; panics
    /// unless the answer fits what the contract says of that operation and status.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let method_value = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .server
            .request(method_value, &format!("/api/v1{path}"))
            .maybe_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        for (k, v) in headers {
            req = req.header(k, *v);
        }
        let res = req.send().await;
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!(
                    "{method} {path}: not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        let contract = contract();
        let template = contract.template_for(method, path);
        let failures = contract.violations(method, &template, status, &headers, &body);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        Answer {
            status,
            headers,
            body,
        }
    }

    /// `GET path` as `token`, checked.
    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call("GET", path, Some(token), None, &[]).await
    }

    /// `POST path` as `token` with a JSON body, checked.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call("POST", path, Some(token), Some(body), &[]).await
    }

    /// `PATCH path` as `token` with a JSON body and, when given, `If-Match: version`, checked.
    pub async fn patch(
        &self,
        path: &str,
        token: &str,
        body: Value,
        if_match: Option<&str>,
    ) -> Answer {
        let headers: Vec<(&str, &str)> = if_match.map(|m| ("If-Match", m)).into_iter().collect();
        self.call("PATCH", path, Some(token), Some(body), &headers)
            .await
    }
}
