//! Base URL, requests, retries, timeouts and cancellation for every call in `src/api/`.
use super::ApiError;
use crate::models::Problem;
use gloo_net::http::{Request, RequestBuilder, Response};
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
    let mut builder = builder.header("Accept", "application/json, application/problem+json");
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

fn error_from(response: &Response, problem: Option<Problem>) -> ApiError {
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
    error
}

async fn into_result<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()));
    }
    let problem = response.json::<Problem>().await.ok();
    Err(error_from(&response, problem))
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

async fn attempt<T: DeserializeOwned>(
    make: &dyn Fn() -> Result<Request, gloo_net::Error>,
    cancel: Option<&Cancel>,
) -> Result<T, ApiError> {
    let request = make().map_err(|e| ApiError::Decode(e.to_string()))?;
    let _timeout = cancel.map(Cancel::timeout);
    let response = request.send().await.map_err(|e| send_error(e, cancel))?;
    into_result(response).await
}

/// A safe read: retried with backoff on network errors, timeouts and 5xx.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let cancel = Cancel::new();
    let full = url(path);
    let make = || prepare(Request::get(&full), cancel.as_ref()).build();
    let mut result = attempt(&make, cancel.as_ref()).await;
    for wait in READ_BACKOFF_MS {
        match &result {
            Err(e) if e.is_transient() => {
                gloo_timers::future::TimeoutFuture::new(wait).await;
                result = attempt(&make, cancel.as_ref()).await;
            }
            _ => break,
        }
    }
    result
}

/// A write with a JSON body. Writes are never retried blindly here: callers that retry pass the
/// same `idempotency_key`, so the server replays the first answer instead of acting twice.
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<T, ApiError> {
    let cancel = Cancel::new();
    let full = url(path);
    let payload = match body {
        Some(b) => Some(serde_json::to_string(b).map_err(|e| ApiError::Decode(e.to_string()))?),
        None => None,
    };
    let make = || {
        let mut builder = prepare(
            RequestBuilder::new(&full).method(method.clone()),
            cancel.as_ref(),
        );
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        match &payload {
            Some(json) => builder
                .header("Content-Type", "application/json")
                .body(json.clone()),
            None => builder.build(),
        }
    };
    attempt(&make, cancel.as_ref()).await
}

/// A write without a body or an answer body (e.g. `DELETE`, 204).
pub async fn send_no_content(method: gloo_net::http::Method, path: &str) -> Result<(), ApiError> {
    let cancel = Cancel::new();
    let request = prepare(
        RequestBuilder::new(&url(path)).method(method),
        cancel.as_ref(),
    )
    .build()
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    let _timeout = cancel.as_ref().map(Cancel::timeout);
    let response = request
        .send()
        .await
        .map_err(|e| send_error(e, cancel.as_ref()))?;
    if response.ok() {
        Ok(())
    } else {
        let problem = response.json::<Problem>().await.ok();
        Err(error_from(&response, problem))
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
