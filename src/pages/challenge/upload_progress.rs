//! The upload's progress under the entry form: bar, bytes and percent, and speed with the time
//! left (or why it is waiting: paused, retrying, filing).
use super::text::tx;
use crate::hooks::{UploadStatus, UseUploadReturn};
use crate::models::{eta_seconds, human_bytes};
use leptos::prelude::*;

#[component]
pub fn UploadProgress(
    upload: UseUploadReturn,
    /// What the form is waiting for instead of bytes (已暂停, 正在提交…), if anything.
    #[prop(into)]
    waiting: Signal<Option<&'static str>>,
) -> impl IntoView {
    let pct = move || {
        let total = upload.total.get();
        if total > 0.0 {
            (upload.sent.get() / total * 100.0).floor() as u32
        } else {
            0
        }
    };
    view! {
        <div class="upload-progress" data-testid="upload-progress">
            <progress max="100" value=pct aria-label=tx().sub_submit></progress>
            <p class="upload-progress__text" aria-live="polite">
                {move || (tx().sub_progress)(&human_bytes(upload.sent.get()), &human_bytes(upload.total.get()), pct())}
            </p>
            <p class="muted">
                {move || match (waiting.get(), upload.status.get()) {
                    (Some(w), _) => w.to_string(),
                    (None, UploadStatus::Retrying(n)) => (tx().sub_retrying)(n),
                    _ => eta_seconds(upload.sent.get(), upload.total.get(), upload.speed.get())
                        .map(|eta| (tx().sub_speed)(&human_bytes(upload.speed.get()), eta))
                        .unwrap_or_default(),
                }}
            </p>
        </div>
    }
}
