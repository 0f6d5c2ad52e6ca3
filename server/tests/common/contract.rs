//! The contract (`api/openapi.yaml`, or the copy `KEPURI_OPENAPI=path` names) as the tests read
//! it: the one place that finds an operation's response for a status and validates a body
//! against its schema. `contract.rs` checks the anonymous answers and the examples with it; the
//! [`CheckedServer`](super::CheckedServer) checks every answer of the logged-in tests.
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

pub const SCHEMAS: &str = "#/components/schemas/";

pub struct Contract {
    pub doc: Value,
    /// What the contract's path keys start with: `/api/v1` unless its `servers` carry it.
    prefix: &'static str,
    /// Every component schema, its `$ref`s rewritten for a validator's `$defs`.
    defs: Value,
}

/// The contract, read once per test binary (a missing file fails the test).
pub fn contract() -> &'static Contract {
    static C: OnceLock<Contract> = OnceLock::new();
    C.get_or_init(Contract::load)
}

/// YAML into JSON, with every mapping key a string (`200:` is a YAML integer).
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
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

/// `#/components/schemas/X` → `#/$defs/X`, everywhere in a schema.
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

/// The media type of a `content-type` header, without parameters.
pub fn media_type(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

impl Contract {
    fn load() -> Self {
        let path = std::env::var_os("KEPURI_OPENAPI").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.yaml"),
            PathBuf::from,
        );
        assert!(path.exists(), "the contract {} is missing", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let doc = to_json(serde_yaml::from_str(&text).expect("the contract is YAML"));
        assert!(
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1")),
            "OpenAPI 3.1"
        );
        let in_paths = doc["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .any(|k| k.starts_with("/api/v1/"));
        let defs = to_defs(&doc["components"]["schemas"]);
        Self {
            prefix: if in_paths { "/api/v1" } else { "" },
            doc,
            defs,
        }
    }

    /// Follows a local `$ref` (responses, parameters, headers, examples may be references) up
    /// to a component schema, which validators resolve themselves.
    pub fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
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

    /// The contract's path (`/activities/{id}`, without `/api/v1`) that `method path` (under
    /// `/api/v1`, maybe with a query) is a request of: of the paths it fits, the one with the
    /// most fixed segments (`/volunteers/leaderboard` before `/volunteers/{id}`).
    pub fn template_for(&self, method: &str, path: &str) -> String {
        let path = path.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').collect();
        let method = method.to_ascii_lowercase();
        self.doc["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .filter(|(_, item)| item[&method].is_object())
            .filter_map(|(key, _)| {
                let key = key.strip_prefix(self.prefix)?;
                let parts: Vec<&str> = key.split('/').collect();
                let fits = parts.len() == segments.len()
                    && parts
                        .iter()
                        .zip(&segments)
                        .all(|(p, s)| p.starts_with('{') || p == s);
                let fixed = parts.iter().filter(|p| !p.starts_with('{')).count();
                fits.then(|| (fixed, key.to_string()))
            })
            .max()
            .map(|(_, key)| key)
            .unwrap_or_else(|| panic!("the contract has no {method} {path}"))
    }

    /// The response `method template` documents for `status` (or its `4XX`, or `default`).
    pub fn response(&self, method: &str, template: &str, status: u16) -> &Value {
        let key = format!("{}{template}", self.prefix);
        let method = method.to_ascii_lowercase();
        let op = &self.doc["paths"][&key][&method];
        assert!(op.is_object(), "the contract has no {method} {key}");
        let responses = &op["responses"];
        let response = responses
            .get(status.to_string())
            .or_else(|| responses.get(format!("{}XX", status / 100)))
            .or_else(|| responses.get("default"))
            .unwrap_or_else(|| panic!("{method} {key} specifies no {status} response"));
        self.resolve(response)
    }

    /// A validator for `schema`, with every component schema available under `$defs`.
    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut root = match to_defs(schema) {
            Value::Object(map) => map,
            other => Map::from_iter([("allOf".to_string(), json!([other]))]),
        };
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("$defs".into(), self.defs.clone());
        jsonschema::options()
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .unwrap_or_else(|e| panic!("schema does not compile: {e}\n{schema}"))
    }

    /// Every way `instance` breaks `schema`, one line each; empty when it is valid.
    pub fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(instance)
            .map(|e| format!("  at {:?}: {e}", e.instance_path().as_str()))
            .collect()
    }

    /// Every way an answer (`status`, `headers`, JSON `body`, `Null` when empty) to
    /// `method template` breaks what the contract says of it; empty when it fits.
    pub fn violations(
        &self,
        method: &str,
        template: &str,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &Value,
    ) -> Vec<String> {
        let what = format!("{method} {template} {status}");
        let spec = self.response(method, template, status);
        let mut failures = Vec::new();
        for (name, header) in spec["headers"].as_object().into_iter().flatten() {
            if self.resolve(header)["required"] == true && !headers.contains_key(name.as_str()) {
                failures.push(format!("{what}: no {name} header"));
            }
        }
        if spec.get("content").is_none() && body.is_null() {
            return failures; // 204 and the like: nothing to validate
        }
        let media = media_type(headers);
        let Some(content) = spec["content"].get(&media) else {
            failures.push(format!(
                "{what}: {media} is not among the contract's {:?}",
                spec["content"]
                    .as_object()
                    .map(|m| m.keys().collect::<Vec<_>>())
            ));
            return failures;
        };
        let errors = self.errors(&content["schema"], body);
        if !errors.is_empty() {
            failures.push(format!(
                "{what} does not fit the contract:\n{}\n{body}",
                errors.join("\n")
            ));
        }
        failures
    }
}
