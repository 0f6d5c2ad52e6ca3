//! `use_upload`: the app's one resumable (tus) upload. It owns the request on its way, so that
//! pausing stops it at once and leaving the page aborts it; it sends a file in chunks with
//! progress and speed, retries dropped chunks with backoff from the server's offset, and
//! continues an upload it made earlier (in this page, or before a reload when given a storage
//! key) when the same file is sent again.
//!
//! ```ignore
//! let upload = use_upload(UseUploadOptions { keep: Some(StorageKey::EntryUpload), retries: u32::MAX });
//! spawn_local(async move {
//!     match upload.send(file).await {
//!         Ok(upload_id) => { /* file it */ }
//!         Err(UploadStop::Left) => {} // the page is gone: touch nothing
//!         Err(UploadStop::Paused) => { /* offer 继续上传 */ }
//!         Err(UploadStop::Failed(e)) => { /* say why */ }
//!     }
//! });
//! ```
use crate::api::uploads::{create_upload, send_chunk, upload_id, upload_state, InFlight};
use crate::api::ApiError;
use crate::models::backoff_ms;
use crate::state::storage::{self, StorageKey};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What the upload is doing now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UploadStatus {
    Idle,
    Sending,
    /// Waiting this many seconds before trying again after a dropped chunk.
    Retrying(u32),
    Paused,
}

/// Why [`UseUploadReturn::send`] ended without an upload id.
#[derive(Clone, Debug)]
pub enum UploadStop {
    /// [`UseUploadReturn::pause`] was called; sending the same file again continues.
    Paused,
    /// The page that owned the upload is gone: the caller must not touch its state.
    Left,
    Failed(ApiError),
}

pub struct UseUploadOptions {
    /// Where the unfinished upload is remembered across reloads (memory only when `None`).
    pub keep: Option<StorageKey>,
    /// How many times a dropped chunk is retried before the upload fails.
    pub retries: u32,
}

/// An upload the server holds for a file (name, size and modification time).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Known {
    url: String,
    file: String,
}

struct Control {
    flight: InFlight,
    pause: Cell<bool>,
    left: Cell<bool>,
    known: RefCell<Option<Known>>,
    keep: Option<StorageKey>,
    retries: u32,
}

impl Control {
    fn still_here(&self) -> Result<(), UploadStop> {
        if self.left.get() {
            Err(UploadStop::Left)
        } else {
            Ok(())
        }
    }

    fn remember(&self, known: Option<Known>) {
        if let Some(key) = &self.keep {
            match &known {
                Some(k) => storage::save(key, k),
                None => storage::forget(key),
            }
        }
        *self.known.borrow_mut() = known;
    }

    /// The URL of an earlier upload of this same file, if there is one.
    fn url_for(&self, file: &web_sys::File) -> Option<String> {
        let fp = fingerprint(file);
        self.known
            .borrow()
            .as_ref()
            .filter(|k| k.file == fp)
            .map(|k| k.url.clone())
    }
}

#[derive(Clone, Copy)]
pub struct UseUploadReturn {
    pub status: RwSignal<UploadStatus>,
    /// Bytes the server has (or will have once what went out arrives).
    pub sent: RwSignal<f64>,
    /// Size of the file being sent (0 before the first send).
    pub total: RwSignal<f64>,
    /// Bytes per second since this send started.
    pub speed: RwSignal<f64>,
    control: StoredValue<Rc<Control>, LocalStorage>,
}

/// Name, size and modification time: how an upload knows the user picked the same file again.
fn fingerprint(f: &web_sys::File) -> String {
    format!("{}|{}|{}", f.name(), f.size(), f.last_modified())
}

pub fn use_upload(options: UseUploadOptions) -> UseUploadReturn {
    let known = options.keep.as_ref().and_then(storage::load::<Known>);
    let control = Rc::new(Control {
        flight: InFlight::default(),
        pause: Cell::new(false),
        left: Cell::new(false),
        known: RefCell::new(known),
        keep: options.keep,
        retries: options.retries,
    });
    let on_leave = send_wrapper::SendWrapper::new(control.clone());
    on_cleanup(move || {
        on_leave.left.set(true);
        on_leave.flight.abort();
    });
    UseUploadReturn {
        status: RwSignal::new(UploadStatus::Idle),
        sent: RwSignal::new(0.0),
        total: RwSignal::new(0.0),
        speed: RwSignal::new(0.0),
        control: StoredValue::new_local(control),
    }
}

impl UseUploadReturn {
    /// Whether an earlier, unfinished upload is remembered (e.g. from before a reload).
    pub fn has_unfinished(&self) -> bool {
        self.control
            .try_with_value(|c| c.known.borrow().is_some())
            .unwrap_or(false)
    }

    /// Stops sending at once; the server keeps what arrived.
    pub fn pause(&self) {
        self.control.try_with_value(|c| {
            c.pause.set(true);
            c.flight.abort();
        });
    }

    /// Forgets the finished (or abandoned) upload, so the next send starts a new one.
    pub fn forget(&self) {
        self.control.try_with_value(|c| c.remember(None));
    }

    /// How much of `file` the server already holds from an earlier upload (0–1), if any.
    pub async fn resumable(self, file: &web_sys::File) -> Option<f64> {
        let control = self.control.try_get_value()?;
        let url = control.url_for(file)?;
        let state = upload_state(&control.flight, &url).await.ok()?;
        control.still_here().ok()?;
        (state.length == file.size()).then(|| state.offset / state.length.max(1.0))
    }

    /// Sends `file` (continuing an earlier upload of it when the server still has one) and
    /// answers its upload id. Touches the page's state only through `try_` accessors, so it may
    /// outlive the page.
    pub async fn send(self, file: web_sys::File) -> Result<String, UploadStop> {
        let control = self.control.try_get_value().ok_or(UploadStop::Left)?;
        let result = self.run(&control, &file).await;
        if !matches!(result, Err(UploadStop::Left)) {
            let end = match result {
                Err(UploadStop::Paused) => UploadStatus::Paused,
                _ => UploadStatus::Idle,
            };
            self.status.try_set(end);
        }
        result
    }

    async fn run(&self, control: &Control, file: &web_sys::File) -> Result<String, UploadStop> {
        control.pause.set(false);
        let size = file.size();
        self.total.try_set(size);
        self.speed.try_set(0.0);
        self.status.try_set(UploadStatus::Sending);
        let mut offset = 0.0;
        let mut url = None;
        if let Some(earlier) = control.url_for(file) {
            let state = upload_state(&control.flight, &earlier).await;
            control.still_here()?;
            match state {
                Ok(st) if st.length == size => {
                    offset = st.offset;
                    url = Some(earlier);
                }
                _ => {}
            }
        }
        let url = match url {
            Some(u) => u,
            None => {
                let created =
                    create_upload(&control.flight, size, &file.name(), &file.type_()).await;
                control.still_here()?;
                let u = created.map_err(UploadStop::Failed)?;
                control.remember(Some(Known {
                    url: u.clone(),
                    file: fingerprint(file),
                }));
                u
            }
        };
        self.sent.try_set(offset);
        let started = (js_sys::Date::now(), offset);
        let (sent, speed) = (self.sent, self.speed);
        let mut attempt = 0;
        while offset < size {
            if control.pause.get() {
                return Err(UploadStop::Paused);
            }
            let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |bytes: f64| {
                sent.try_set(bytes);
                let secs = (js_sys::Date::now() - started.0) / 1000.0;
                if secs > 0.2 {
                    speed.try_set((bytes - started.1) / secs);
                }
            });
            let answer = send_chunk(&control.flight, &url, file, offset, on_progress).await;
            control.still_here()?;
            match answer {
                Ok(next) => {
                    offset = next;
                    self.sent.try_set(offset);
                    attempt = 0;
                    self.status.try_set(UploadStatus::Sending);
                }
                Err(_) if control.pause.get() => {
                    // Paused mid-chunk: the server says how far it got.
                    let state = upload_state(&control.flight, &url).await;
                    control.still_here()?;
                    if let Ok(st) = state {
                        self.sent.try_set(st.offset);
                    }
                    return Err(UploadStop::Paused);
                }
                Err(e)
                    if (e.is_transient() || matches!(e, ApiError::Conflict(_)))
                        && attempt < control.retries =>
                {
                    attempt += 1;
                    let wait = backoff_ms(attempt);
                    self.status.try_set(UploadStatus::Retrying(wait / 1000));
                    gloo_timers::future::TimeoutFuture::new(wait).await;
                    control.still_here()?;
                    // Ask the server what arrived before going on.
                    let state = upload_state(&control.flight, &url).await;
                    control.still_here()?;
                    if let Ok(st) = state {
                        offset = st.offset;
                        self.sent.try_set(offset);
                    }
                    self.status.try_set(UploadStatus::Sending);
                }
                Err(e) => return Err(UploadStop::Failed(e)),
            }
        }
        Ok(upload_id(&url).to_string())
    }
}
