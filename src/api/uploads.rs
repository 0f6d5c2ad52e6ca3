//! Resumable uploads: a tus 1.0 client over `XMLHttpRequest` (fetch cannot report upload
//! progress). Create an upload for a file, ask the server how much it has (after a drop, a
//! reload or a closed tab), and send the rest in chunks, each reporting bytes as they go.
use super::client::{auth_header, notify_unauthorized, url};
use super::ApiError;
use crate::models::Problem;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

const TUS_VERSION: &str = "1.0.0";

/// The request of one upload that is on its way, held by its owner (the upload hook) so that
/// pausing or leaving the page stops it at once rather than after it.
#[derive(Default)]
pub struct InFlight(RefCell<Option<XmlHttpRequest>>);

impl InFlight {
    /// Stops the request being sent (it then fails as a network error; the server keeps the
    /// bytes that arrived, and the next HEAD says how many).
    pub fn abort(&self) {
        if let Some(xhr) = self.0.borrow_mut().take() {
            let _ = xhr.abort();
        }
    }
}

/// Bytes per PATCH: big enough for full speed on loopback and LAN (see BENCHMARKS.md), small
/// enough that a dropped connection loses little.
pub const CHUNK_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// What the server holds of an upload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UploadState {
    pub offset: f64,
    pub length: f64,
}

struct Answer {
    status: u16,
    xhr: XmlHttpRequest,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.xhr.get_response_header(name).ok().flatten()
    }

    /// A byte count header (`Upload-Offset`, `Upload-Length`): a whole number, read as one (a
    /// float parser would add its tables to every section that uploads).
    fn bytes(&self, name: &str) -> Option<f64> {
        self.header(name)?
            .trim()
            .parse::<u64>()
            .ok()
            .map(|n| n as f64)
    }

    fn error(&self) -> ApiError {
        if self.status == 401 {
            notify_unauthorized();
        }
        let problem = self
            .xhr
            .response_text()
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<Problem>(&t).ok());
        let retry = self.header("Retry-After").and_then(|v| v.parse().ok());
        ApiError::from_status(self.status, problem, retry)
    }
}

/// One request; `on_progress(bytes_sent)` follows the body while it goes out.
async fn send(
    flight: &InFlight,
    method: &str,
    path_or_url: &str,
    headers: &[(&str, String)],
    body: Option<&Blob>,
    on_progress: Option<Rc<dyn Fn(f64)>>,
) -> Result<Answer, ApiError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    let target =
        if path_or_url.starts_with('/') && !path_or_url.starts_with(super::client::API_BASE) {
            url(path_or_url)
        } else {
            path_or_url.to_string()
        };
    xhr.open_with_async(method, &target, true)
        .map_err(|_| ApiError::Network)?;
    xhr.set_request_header("Tus-Resumable", TUS_VERSION).ok();
    xhr.set_request_header("Accept", "application/json, application/problem+json")
        .ok();
    if let Some(auth) = auth_header() {
        xhr.set_request_header("Authorization", &auth).ok();
    }
    for (k, v) in headers {
        xhr.set_request_header(k, v).ok();
    }
    // Progress events call back into Rust while the promise below is pending.
    let progress = on_progress
        .map(|f| Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| f(e.loaded())));
    if let (Some(cb), Ok(upload)) = (&progress, xhr.upload()) {
        upload.set_onprogress(Some(cb.as_ref().unchecked_ref()));
    }
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        let r = resolve.clone();
        let on_end = Closure::once_into_js(move || {
            let _ = r.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(on_end.unchecked_ref()));
    });
    let sent = match body {
        Some(b) => xhr.send_with_opt_blob(Some(b)),
        None => xhr.send(),
    };
    if sent.is_err() {
        return Err(ApiError::Network);
    }
    *flight.0.borrow_mut() = Some(xhr.clone());
    let _ = JsFuture::from(done).await;
    flight.0.borrow_mut().take();
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    drop(progress);
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ApiError::Network);
    }
    Ok(Answer { status, xhr })
}

fn base64(s: &str) -> String {
    web_sys::window()
        .and_then(|w| {
            // btoa takes Latin-1: encode the UTF-8 bytes as such first.
            let latin1: String = s.bytes().map(char::from).collect();
            w.btoa(&latin1).ok()
        })
        .unwrap_or_default()
}

/// `POST /uploads`: announces a file; answers the upload's URL.
pub async fn create_upload(
    flight: &InFlight,
    length: f64,
    filename: &str,
    filetype: &str,
) -> Result<String, ApiError> {
    let metadata = format!(
        "filename {},filetype {}",
        base64(filename),
        base64(filetype)
    );
    let answer = send(
        flight,
        "POST",
        "/uploads",
        &[
            ("Upload-Length", format!("{length}")),
            ("Upload-Metadata", metadata),
        ],
        None,
        None,
    )
    .await?;
    if answer.status != 201 {
        return Err(answer.error());
    }
    answer
        .header("Location")
        .ok_or_else(|| ApiError::Decode("no Location".into()))
}

/// `HEAD` on an upload: how many bytes the server has.
pub async fn upload_state(flight: &InFlight, upload_url: &str) -> Result<UploadState, ApiError> {
    let answer = send(
        flight,
        "HEAD",
        upload_url,
        &[("Cache-Control", "no-store".into())],
        None,
        None,
    )
    .await?;
    if answer.status != 200 {
        return Err(answer.error());
    }
    match (answer.bytes("Upload-Offset"), answer.bytes("Upload-Length")) {
        (Some(offset), Some(length)) => Ok(UploadState { offset, length }),
        _ => Err(ApiError::Decode("no Upload-Offset".into())),
    }
}

/// Sends `blob[offset..offset + CHUNK_BYTES]`; answers the new offset. `on_progress` gets the
/// absolute number of bytes the server will have once what went out so far arrives.
pub async fn send_chunk(
    flight: &InFlight,
    upload_url: &str,
    blob: &Blob,
    offset: f64,
    on_progress: Rc<dyn Fn(f64)>,
) -> Result<f64, ApiError> {
    let end = (offset + CHUNK_BYTES).min(blob.size());
    let chunk = blob
        .slice_with_f64_and_f64(offset, end)
        .map_err(|_| ApiError::Decode("slice".into()))?;
    let progress: Rc<dyn Fn(f64)> = Rc::new(move |sent: f64| on_progress(offset + sent));
    let answer = send(
        flight,
        "PATCH",
        upload_url,
        &[
            ("Upload-Offset", format!("{offset}")),
            ("Content-Type", "application/offset+octet-stream".into()),
        ],
        Some(&chunk),
        Some(progress),
    )
    .await?;
    if answer.status != 204 {
        return Err(answer.error());
    }
    answer
        .bytes("Upload-Offset")
        .ok_or_else(|| ApiError::Decode("no Upload-Offset".into()))
}

/// The upload id at the end of an upload URL (`/api/v1/uploads/up_…`).
pub fn upload_id(upload_url: &str) -> &str {
    upload_url.rsplit('/').next().unwrap_or(upload_url)
}
