//! Base URL, requests, retries, timeouts and cancellation for every call in `src/api/`.
use super::ApiError;
use crate::models::Problem;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Where the API lives. Set `KEPURI_API_BASE` at build time to point the app at another backend
/// (e.g. `https://api.example.org/api/v1`); the default is the same origin.
pub const API_BASE: &str = match option_env!("KEPURI_API_BASE") {
    Some(base) => base,
    None => "/api/v1",
};

/// Time limit for one attempt.
const TIMEOUT_MS: u32 = 15_000;
/// Waits before the 2nd and 3rd attempt of a safe read.
const READ_BACKOFF_MS: [u32; 2] = [400, 1_200];

thread_local! {
    static AUTH_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets the bearer token sent with every request (the session state keeps it in sync).
pub fn set_auth_token(token: Option<String>) {
    AUTH_TOKEN.with(|t| *t.borrow_mut() = token);
}

/// The `Authorization` value for requests made outside gloo-net (uploads use XHR for progress).
pub fn auth_header() -> Option<String> {
    AUTH_TOKEN.with(|t| t.borrow().as_ref().map(|t| format!("Bearer {t}")))
}

/// Tells the session state that the server answered 401 (see [`on_unauthorized`]).
pub fn notify_unauthorized() {
    ON_UNAUTHORIZED.with(|f| {
        if let Some(f) = f.borrow().as_ref() {
            f()
        }
    });
}

pub fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

/// Aborts a request when the reactive owner that started it is cleaned up (the user left the
/// page) or when its time limit passes.
struct Cancel {
    controller: web_sys::AbortController,
    timed_out: Rc<Cell<bool>>,
}

impl Cancel {
    fn new() -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let on_leave = send_wrapper::SendWrapper::new(controller.clone());
        leptos::prelude::on_cleanup(move || on_leave.abort());
        Some(Self {
            controller,
            timed_out: Rc::new(Cell::new(false)),
        })
    }

    fn timeout(&self) -> gloo_timers::callback::Timeout {
        let controller = self.controller.clone();
        let flag = self.timed_out.clone();
        gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
            flag.set(true);
            controller.abort();
        })
    }
}

fn prepare(builder: RequestBuilder, cancel: Option<&Cancel>) -> RequestBuilder {
    let mut builder = builder
        .header("Accept", "application/json, application/problem+json")
        // The reference data the server owns (themes, kinds, regions) comes in the UI's language.
        .header("Accept-Language", crate::i18n::locale().tag());
    if let Some(token) = AUTH_TOKEN.with(|t| t.borrow().clone()) {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    builder.abort_signal(cancel.map(|c| c.controller.signal()).as_ref())
}

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Called whenever the server answers 401 (the session state clears itself there).
pub fn on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

fn send_error(err: gloo_net::Error, cancel: Option<&Cancel>) -> ApiError {
    match cancel {
        Some(c) if c.timed_out.get() => ApiError::Timeout,
        Some(c) if c.controller.signal().aborted() => ApiError::Aborted,
        _ => {
            leptos::logging::warn!("request failed: {err}");
            ApiError::Network
        }
    }
}

/// What one request asks for. Everything below is deliberately not generic over the answer's
/// type: only the final `serde_json::from_str` is, which keeps the wasm small.
struct Call<'a> {
    method: Method,
    path: &'a str,
    body: Option<String>,
    idempotency_key: Option<&'a str>,
    /// `If-Match`: the version the write is based on (a 412 answers a stale one).
    if_match: Option<&'a str>,
    /// Safe reads are retried with backoff on network errors, timeouts and 5xx.
    retry: bool,
    /// A successful answer is a file, read as bytes (an error is still read as text).
    binary: bool,
}

impl<'a> Call<'a> {
    /// A safe `GET` of `path`, retried.
    fn read(path: &'a str) -> Self {
        Self {
            method: Method::GET,
            path,
            body: None,
            idempotency_key: None,
            if_match: None,
            retry: true,
            binary: false,
        }
    }

    /// A write of `body` (not retried here), with its `Idempotency-Key` when given.
    fn write(
        method: Method,
        path: &'a str,
        body: Option<String>,
        idempotency_key: Option<&'a str>,
    ) -> Self {
        Self {
            method,
            path,
            body,
            idempotency_key,
            if_match: None,
            retry: false,
            binary: false,
        }
    }
}

/// `body` as JSON text.
fn encode<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A successful answer's body (`bytes` for a binary call, else `text`) and its `ETag`.
struct Answer {
    text: String,
    bytes: Vec<u8>,
    etag: Option<String>,
}

/// The header the service worker adds to an API answer it gives from its cache (the network
/// failed): when that answer was stored, RFC 3339 UTC.
pub const CACHED_AT_HEADER: &str = "X-Kepuri-Cached-At";

/// What is told of every successful read: its path and, from the cache, when it was stored.
type ReadHook = Box<dyn Fn(&str, Option<String>)>;

thread_local! {
    static ON_READ: RefCell<Option<ReadHook>> = const { RefCell::new(None) };
}

/// Called with the path of every successful read and, when the answer came from the service
/// worker's cache rather than the server, the time it was stored (the connection state labels
/// such data as stale).
pub fn on_read(f: impl Fn(&str, Option<String>) + 'static) {
    ON_READ.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

impl Answer {
    /// The body as a `T`, with the `ETag` it came with.
    fn versioned<T: DeserializeOwned>(self) -> Result<Versioned<T>, ApiError> {
        Ok(Versioned {
            value: decode(&self.text)?,
            etag: self.etag,
        })
    }
}

async fn attempt(call: &Call<'_>, cancel: Option<&Cancel>) -> Result<Answer, ApiError> {
    let mut builder = prepare(
        RequestBuilder::new(&url(call.path)).method(call.method.clone()),
        cancel,
    );
    if let Some(key) = call.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    if let Some(version) = call.if_match {
        builder = builder.header("If-Match", version);
    }
    let request = match &call.body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json.clone()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    let _timeout = cancel.map(Cancel::timeout);
    let prefetched = match take_prefetched(call) {
        // Within this attempt's time limit, like a request of its own (the start-up script's
        // fetch has no abort signal to time it out).
        Some(answer) => {
            let answer = wasm_bindgen_futures::JsFuture::from(answer);
            let limit = gloo_timers::future::TimeoutFuture::new(TIMEOUT_MS);
            match futures::future::select(answer, limit).await {
                futures::future::Either::Left((answer, _)) => answer.ok(),
                futures::future::Either::Right(_) => return Err(ApiError::Timeout),
            }
        }
        None => None,
    };
    let response: Response = match prefetched {
        Some(answer) => Response::from(web_sys::Response::from(answer)),
        // Not prefetched, or the prefetch failed: ask (and fail) here.
        None => request.send().await.map_err(|e| send_error(e, cancel))?,
    };
    let (text, bytes) = if call.binary && response.ok() {
        let bytes = response.binary().await;
        (String::new(), bytes.map_err(|e| send_error(e, cancel))?)
    } else {
        let text = response.text().await;
        (text.map_err(|e| send_error(e, cancel))?, Vec::new())
    };
    if response.ok() {
        let headers = response.headers();
        if call.method == Method::GET {
            let cached_at = headers.get(CACHED_AT_HEADER);
            ON_READ.with(|h| {
                if let Some(f) = h.borrow().as_ref() {
                    f(call.path, cached_at);
                }
            });
        }
        return Ok(Answer {
            text,
            bytes,
            etag: headers.get("ETag"),
        });
    }
    let problem = serde_json::from_str::<Problem>(&text).ok();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    let error = ApiError::from_status(response.status(), problem, retry_after);
    if matches!(error, ApiError::Unauthorized(_)) {
        ON_UNAUTHORIZED.with(|h| {
            if let Some(f) = h.borrow().as_ref() {
                f();
            }
        });
    }
    Err(error)
}

/// The answer to `call` that the start-up script (`src/boot.js`) began to fetch before the app
/// ran, taken once: only for an anonymous safe read of exactly that URL in the language the
/// app asks in (the script guessed it from the same saved choice).
fn take_prefetched(call: &Call<'_>) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    if call.method != Method::GET || AUTH_TOKEN.with(|t| t.borrow().is_some()) {
        return None;
    }
    let map: js_sys::Map = js_sys::Reflect::get(&js_sys::global(), &"__kepuriPrefetch".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let key = wasm_bindgen::JsValue::from_str(&url(call.path));
    let entry = map.get(&key);
    if entry.is_undefined() {
        return None;
    }
    map.delete(&key);
    let lang = js_sys::Reflect::get(&entry, &"lang".into())
        .ok()?
        .as_string()?;
    if lang != crate::i18n::locale().tag() {
        return None;
    }
    js_sys::Reflect::get(&entry, &"response".into())
        .ok()?
        .dyn_into()
        .ok()
}

async fn perform(call: Call<'_>) -> Result<Answer, ApiError> {
    let cancel = Cancel::new();
    let mut result = attempt(&call, cancel.as_ref()).await;
    if call.retry {
        for wait in READ_BACKOFF_MS {
            match &result {
                Err(e) if e.is_transient() => {
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                    result = attempt(&call, cancel.as_ref()).await;
                }
                _ => break,
            }
        }
    }
    result
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A safe read: retried with backoff on network errors, timeouts and 5xx.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(&perform(Call::read(path)).await?.text)
}

/// A safe read (like [`get`]) that also hands back the answer's JSON text, for a part of the
/// page in another pack to read its own fields from without asking again.
pub async fn get_with_text<T: DeserializeOwned>(path: &str) -> Result<(T, String), ApiError> {
    let text = perform(Call::read(path)).await?.text;
    Ok((decode(&text)?, text))
}

/// A safe read of an answer that is not JSON (an SVG image), as text; retried like [`get`].
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    Ok(perform(Call::read(path)).await?.text)
}

/// A safe read of a file (a 工作总结 attachment) as its bytes; retried like [`get`]. `path` may
/// start with the API base (the server's `url`s do).
pub async fn get_bytes(path: &str) -> Result<Vec<u8>, ApiError> {
    let path = path.strip_prefix(API_BASE).unwrap_or(path);
    let call = Call {
        binary: true,
        ..Call::read(path)
    };
    Ok(perform(call).await?.bytes)
}

/// A value with the version (`ETag`) the server sent it with, for a later `If-Match`.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub etag: Option<String>,
}

/// A safe read that keeps the answer's `ETag` (retried like [`get`]).
pub async fn get_versioned<T: DeserializeOwned>(path: &str) -> Result<Versioned<T>, ApiError> {
    perform(Call::read(path)).await?.versioned()
}

/// A write based on the version `if_match` (412 when the server's copy changed since), keeping
/// the new `ETag`.
pub async fn send_versioned<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    if_match: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<Versioned<T>, ApiError> {
    let call = Call::write(method, path, Some(encode(body)?), idempotency_key);
    perform(Call { if_match, ..call }).await?.versioned()
}

/// A write with a JSON body. Writes are never retried blindly here: callers that retry pass the
/// same `idempotency_key`, so the server replays the first answer instead of acting twice.
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<T, ApiError> {
    let body = body.map(encode).transpose()?;
    decode(
        &perform(Call::write(method, path, body, idempotency_key))
            .await?
            .text,
    )
}

/// A write whose answer has no body (e.g. `DELETE` → 204).
pub async fn send_no_content(method: Method, path: &str) -> Result<(), ApiError> {
    perform(Call::write(method, path, None, None))
        .await
        .map(|_| ())
}

/// Likes (`POST`, with its own Idempotency-Key) or unlikes (`DELETE`) at a `…/likes` path; the
/// answer is the like state after it.
pub async fn set_like(path: &str, liked: bool) -> Result<crate::models::LikeState, ApiError> {
    if liked {
        let key = new_idempotency_key();
        send::<(), _>(Method::POST, path, None, Some(&key)).await
    } else {
        send::<(), _>(Method::DELETE, path, None, None).await
    }
}

/// A fresh key for one logical write (reuse it when retrying that same write).
pub fn new_idempotency_key() -> String {
    let mut key = String::with_capacity(32);
    for _ in 0..4 {
        let n = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        key.push_str(&format!("{n:08x}"));
    }
    key
}
