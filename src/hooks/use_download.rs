//! `use_download`: a file the user asked for, fetched through the API client (with their token:
//! a plain link would go without it) and offered to save. One fetch at a time; `busy` while it
//! runs, for the button; `error` in Chinese when it fails, for a line next to the button, and
//! pressing again tries again.
//!
//! ```ignore
//! let csv = use_download();
//! view! {
//!     <button disabled=move || csv.busy.get()
//!         on:click=move |_| csv.start("stats.csv", "text/csv;charset=utf-8", review_stats_csv())>
//!         "下载 CSV"
//!     </button>
//!     <p class="field__error" role="alert">{move || csv.error.get()}</p>
//! }
//! ```
use crate::api::ApiError;
use crate::components::error_message;
use leptos::prelude::*;
use std::future::Future;

/// What a download fetched: text the API wrote (a CSV) or the bytes of an uploaded file.
pub enum FileBody {
    Text(String),
    Bytes(Vec<u8>),
}

impl From<String> for FileBody {
    fn from(text: String) -> Self {
        FileBody::Text(text)
    }
}

impl From<Vec<u8>> for FileBody {
    fn from(bytes: Vec<u8>) -> Self {
        FileBody::Bytes(bytes)
    }
}

/// What the browser said when it would not save the file.
pub const SAVE_FAILED: &str = "浏览器未能保存文件，请重试";

#[derive(Clone, Copy)]
pub struct UseDownloadReturn {
    /// A fetch is running: the button is disabled and says so.
    pub busy: Signal<bool>,
    /// Why the last press failed (cleared by the next press).
    pub error: Signal<Option<String>>,
    busy_w: RwSignal<bool>,
    error_w: RwSignal<Option<String>>,
}

pub fn use_download() -> UseDownloadReturn {
    let busy_w = RwSignal::new(false);
    let error_w = RwSignal::new(None::<String>);
    UseDownloadReturn {
        busy: busy_w.into(),
        error: error_w.into(),
        busy_w,
        error_w,
    }
}

impl UseDownloadReturn {
    /// Runs `fetch` and offers what it returns as `filename` of type `mime`; a press while one
    /// is running does nothing.
    pub fn start<B, F>(&self, filename: impl Into<String>, mime: impl Into<String>, fetch: F)
    where
        B: Into<FileBody>,
        F: Future<Output = Result<B, ApiError>> + 'static,
    {
        if self.busy_w.get_untracked() {
            return;
        }
        let (busy, error) = (self.busy_w, self.error_w);
        let (filename, mime) = (filename.into(), mime.into());
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let failed = save(&filename, &mime, fetch.await.map(Into::into));
            busy.try_set(false);
            error.try_set(failed);
        });
    }
}

/// The file offered, or what to say instead (not generic: one copy in the wasm).
fn save(filename: &str, mime: &str, fetched: Result<FileBody, ApiError>) -> Option<String> {
    let offered = match fetched {
        Ok(FileBody::Text(text)) => crate::calendar::download(filename, mime, &text),
        Ok(FileBody::Bytes(bytes)) => crate::calendar::download_bytes(filename, mime, &bytes),
        Err(e) => return Some(error_message(&e)),
    };
    offered.err().map(|_| SAVE_FAILED.to_string())
}
