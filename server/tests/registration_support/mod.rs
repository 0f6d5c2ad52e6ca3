//! What the 登记填报 tests share: a server whose clock stands still at a chosen second, logins
//! of the dev accounts, JSON requests, and a check of every response against the contract's
//! schema for its operation and status.
#![allow(dead_code)] // each test binary uses a different part of this

use kepuri_server::clock::Clock;
use kepuri_server::Config;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::OnceLock;
use tempfile::TempDir;

pub const ORGANISER: &str = "13800000001";
pub const BEIJING: &str = "13800000002";
pub const SHANGHAI: &str = "13800000003";
pub const ADMIN: &str = "13800000004";
/// The seeded moderator of 内容审核.
pub const MODERATOR: &str = "13800000005";
/// The seeded, approved unit of [`ORGANISER`] (Beijing) and the seeded 全国学会.
pub const UNIT: &str = "unit_000001";
pub const SOCIETY: &str = "unit_000002";
/// A valid 统一社会信用代码.
pub const CREDIT_CODE: &str = "91110108MA01AAAAAL";

pub struct Reg {
    pub origin: String,
    pub client: reqwest::Client,
    pub clock: Clock,
    pub state: kepuri_server::AppState,
    pub dir: TempDir,
}

/// A server with `--dev-codes` whose clock reads `at` (RFC 3339) until advanced.
pub async fn start_at(at: &str) -> Reg {
    start_at_with(at, |_| {}).await
}

/// [`start_at`] with more settings (`configure` runs last).
pub async fn start_at_with(at: &str, configure: impl FnOnce(&mut Config)) -> Reg {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_db(dir.path().join("test.db"));
    config.dev_codes = true;
    config.db_pool = 2;
    config.auth_per_ip_per_minute = 100_000;
    config.auth_global_per_minute = 100_000;
    configure(&mut config);
    let mut state = kepuri_server::prepare(config).await.expect("prepare");
    let at = chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339");
    state.clock = Clock::fixed_at(at.with_timezone(&chrono::Utc));
    let clock = state.clock.clone();
    let app = kepuri_server::build_app(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Reg {
        origin: format!("http://{addr}"),
        client: reqwest::Client::new(),
        clock,
        state,
        dir,
    }
}

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

    pub fn slug(&self) -> String {
        self.body["type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    }

    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(String::from))
            .collect()
    }
}

impl Reg {
    pub async fn log_in(&self, phone: &str) -> String {
        let res = self
            .client
            .post(format!("{}/api/v1/auth/sessions", self.origin))
            .json(&json!({ "phone": phone, "code": "246810", "agreement": { "terms": "2021-08-01", "privacy": "2021-08-01" } }))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 201, "log in {phone}");
        res.json::<Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// `method path` (under `/api/v1`) as `token`, with a JSON body and extra headers; the
    /// answer is checked against the contract's operation `template` (the path with `{id}`).
    pub async fn call(
        &self,
        method: &str,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let method_value = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .client
            .request(method_value, format!("{}/api/v1{path}", self.origin));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.expect("request");
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
        let answer = Answer {
            status,
            headers,
            body,
        };
        contract().check(method, template, &answer);
        answer
    }

    pub async fn get(&self, template: &str, path: &str, token: &str) -> Answer {
        self.call("GET", template, path, Some(token), None, &[])
            .await
    }

    pub async fn post(&self, template: &str, path: &str, token: &str, body: Value) -> Answer {
        self.call("POST", template, path, Some(token), Some(body), &[])
            .await
    }

    /// A new draft of `unit` with `fields` (201 expected).
    pub async fn draft(&self, token: &str, unit: &str, fields: Value) -> Value {
        let mut body = fields;
        body["unit_id"] = json!(unit);
        let a = self
            .post(
                "/organiser/activities",
                "/organiser/activities",
                token,
                body,
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        a.body
    }

    /// A finished upload of `token`'s user holding `bytes`; its id.
    pub async fn upload(&self, token: &str, bytes: &[u8]) -> String {
        let res = self
            .client
            .post(format!("{}/api/v1/uploads", self.origin))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", bytes.len().to_string())
            .send()
            .await
            .expect("create upload");
        assert_eq!(res.status(), 201, "create upload");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        let id = location.rsplit('/').next().unwrap().to_string();
        let res = self
            .client
            .patch(format!("{}/api/v1/uploads/{id}", self.origin))
            .bearer_auth(token)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", "0")
            .header("Content-Type", "application/offset+octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .expect("upload bytes");
        assert_eq!(res.status(), 204, "upload bytes");
        id
    }

    /// A draft with every field a submission needs (hybrid, in Haidian, on 9月12日).
    pub async fn complete_fields(&self, token: &str, title: &str) -> Value {
        let cover = self.upload(token, PNG).await;
        json!({
            "title": title,
            "summary": "量子科学家带你认识量子通信与量子计算。",
            "description": "从“墨子号”到“九章”。\n现场体验量子密钥分发。",
            "event_kind": "open-day",
            "themes": ["space"],
            "audience": "10岁以上青少年及家长",
            "format": "hybrid",
            "venue_name": "海淀区青少年科技馆",
            "venue_address": "北京市海淀区中关村大街1号",
            "province_code": "110000",
            "city_code": "110108",
            "capacity": 120,
            "online_url": "https://live.example.org/quantum",
            "starts_at": "2021-09-12T14:00:00+08:00",
            "ends_at": "2021-09-12T16:00:00+08:00",
            "cover_upload_id": cover,
            "marks_confirmed": true
        })
    }

    /// A complete draft of the seeded unit, submitted (200 expected); its id.
    pub async fn submitted(&self, token: &str, title: &str) -> String {
        let fields = self.complete_fields(token, title).await;
        let d = self.draft(token, UNIT, fields).await;
        let id = d["id"].as_str().unwrap().to_string();
        let a = self
            .call(
                "POST",
                "/organiser/activities/{id}/submit",
                &format!("/organiser/activities/{id}/submit"),
                Some(token),
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        id
    }
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

// ───────────────────────────── the contract ─────────────────────────────

const SCHEMAS: &str = "#/components/schemas/";

pub struct Contract {
    doc: Value,
    defs: Value,
}

pub fn contract() -> &'static Contract {
    static C: OnceLock<Contract> = OnceLock::new();
    C.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.yaml");
        let text = std::fs::read_to_string(path).expect("the contract");
        let doc = to_json(serde_yaml::from_str(&text).expect("YAML"));
        let defs = to_defs(&doc["components"]["schemas"]);
        Contract { doc, defs }
    })
}

fn to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => json!(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => json!(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other).unwrap().trim().to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => to_json(t.value),
    }
}

fn to_defs(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) if r.starts_with(SCHEMAS) => {
                        (k.clone(), json!(r.replacen(SCHEMAS, "#/$defs/", 1)))
                    }
                    _ => (k.clone(), to_defs(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(to_defs).collect()),
        other => other.clone(),
    }
}

impl Contract {
    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            if r.starts_with(SCHEMAS) {
                break;
            }
            v = self
                .doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("dangling $ref {r}"));
        }
        v
    }

    /// Panics unless the contract documents `status` for `method template` and `answer`'s
    /// body (and required headers) fit it.
    pub fn check(&self, method: &str, template: &str, answer: &Answer) {
        let op = &self.doc["paths"][template][method.to_ascii_lowercase()];
        assert!(op.is_object(), "the contract has no {method} {template}");
        let response = op["responses"]
            .get(answer.status.to_string())
            .unwrap_or_else(|| {
                panic!(
                    "{method} {template} does not document {}: {}",
                    answer.status, answer.body
                )
            });
        let response = self.resolve(response);
        for (name, header) in response["headers"].as_object().into_iter().flatten() {
            let header = self.resolve(header);
            if header["required"] == true {
                assert!(
                    answer.headers.contains_key(name.as_str()),
                    "{method} {template} {}: no {name} header",
                    answer.status
                );
            }
        }
        if response.get("content").is_none() && answer.body.is_null() {
            return; // 204 and the like: nothing to validate
        }
        let media = answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let content = response["content"].get(&media).unwrap_or_else(|| {
            panic!(
                "{method} {template} {}: {media} undocumented",
                answer.status
            )
        });
        let mut root = match to_defs(&content["schema"]) {
            Value::Object(m) => m,
            other => Map::from_iter([("allOf".to_string(), json!([other]))]),
        };
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("$defs".into(), self.defs.clone());
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(&answer.body)
            .map(|e| format!("  at {:?}: {e}", e.instance_path().as_str()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {} does not fit the contract:\n{}\n{}",
            answer.status,
            errors.join("\n"),
            answer.body
        );
    }
}
