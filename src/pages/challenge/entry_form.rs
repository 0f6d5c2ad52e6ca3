//! What filing an entry and re-submitting a rejected one share: the title and description as
//! typed (a draft that survives reloads and failed attempts, with its Idempotency-Key), their
//! fields and checks, and the upload-then-file run with its progress, pause/resume and error.
use super::text::tx;
use super::upload_progress::UploadProgress;
use super::video_field::VideoPick;
use crate::api::client::new_idempotency_key;
use crate::api::ApiError;
use crate::components::{error_message, focus_first_invalid};
use crate::hooks::{use_ime_text, UploadStop, UseUploadReturn};
use crate::models::Entry;
use crate::state::storage::{self, StorageKey};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The form as typed so far, kept until the entry is filed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct EntryDraft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Only when filing a new entry.
    #[serde(default)]
    pub category: String,
    /// One Idempotency-Key per intended filing.
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Phase {
    Editing,
    Uploading,
    Paused,
    Submitting,
    Failed(String),
    Done(Box<Entry>),
}

/// The typed text of the form, saved under `draft_key` at every change.
#[derive(Clone, Copy)]
pub(super) struct EntryText {
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    pub category: RwSignal<String>,
    pub title_error: RwSignal<Option<String>>,
    pub desc_error: RwSignal<Option<String>>,
    idem: StoredValue<String>,
    draft_key: StoredValue<StorageKey>,
}

impl EntryText {
    /// The saved draft, or `initial` when there is none.
    pub fn load(draft_key: StorageKey, initial: impl FnOnce() -> EntryDraft) -> Self {
        let draft = storage::load::<EntryDraft>(&draft_key).unwrap_or_else(initial);
        Self {
            title: RwSignal::new(draft.title),
            description: RwSignal::new(draft.description),
            category: RwSignal::new(draft.category),
            title_error: RwSignal::new(None),
            desc_error: RwSignal::new(None),
            idem: StoredValue::new(draft.key.unwrap_or_else(new_idempotency_key)),
            draft_key: StoredValue::new(draft_key),
        }
    }

    pub fn draft(&self) -> EntryDraft {
        EntryDraft {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            category: self.category.get_untracked(),
            key: Some(self.idem.get_value()),
        }
    }

    pub fn persist(&self) {
        storage::save(&self.draft_key.get_value(), &self.draft());
    }

    /// Whether the title and description may be sent (says why not next to each field).
    pub fn validate(&self) -> bool {
        let n = self.title.read_untracked().trim().chars().count();
        self.title_error.set(if n == 0 {
            Some(tx().sub_title_empty.into())
        } else if n > 40 {
            Some(tx().sub_title_long.into())
        } else {
            None
        });
        let long = self.description.read_untracked().trim().chars().count() > 500;
        self.desc_error.set(long.then(|| tx().sub_desc_long.into()));
        self.title_error.read_untracked().is_none() && self.desc_error.read_untracked().is_none()
    }

    /// Field errors the server named, next to their fields.
    fn show_server_errors(&self, e: &ApiError) {
        if let Some(m) = e.field_message("title") {
            self.title_error.try_set(Some(m.to_string()));
        }
        if let Some(m) = e.field_message("description") {
            self.desc_error.try_set(Some(m.to_string()));
        }
    }
}

/// 作品标题 and 作品简介, written back only outside an IME composition.
#[component]
pub(super) fn EntryTextFields(text: EntryText) -> impl IntoView {
    let (title, description) = (text.title, text.description);
    let (title_error, desc_error) = (text.title_error, text.desc_error);
    let title_ime = use_ime_text(move |v: String| {
        title.set(v);
        title_error.set(None);
        text.persist();
    });
    let desc_ime = use_ime_text(move |v: String| {
        description.set(v);
        desc_error.set(None);
        text.persist();
    });
    view! {
        <div class="field">
            <label class="field__label" for="entry-title">{tx().sub_title_label}</label>
            <input id="entry-title" class="field__input" maxlength="60" aria-describedby="title-error"
                aria-invalid=move || title_error.read().is_some().to_string()
                prop:value=move || title.get()
                {..title_ime.handlers()}/>
            <p id="title-error" class="field__error" role="alert">{move || title_error.get()}</p>
        </div>
        <div class="field">
            <label class="field__label" for="entry-description">{tx().sub_desc_label}</label>
            <textarea id="entry-description" class="field__input composer__text" rows="3" aria-describedby="desc-error"
                aria-invalid=move || desc_error.read().is_some().to_string()
                prop:value=move || description.get()
                {..desc_ime.handlers()}></textarea>
            <p id="desc-error" class="field__error" role="alert">{move || desc_error.get()}</p>
        </div>
    }
}

/// Uploads the picked video (resuming what the server already holds), then files it with
/// `file_entry(upload_id, draft)`. After each `.await` the page may be gone: its state is only
/// touched through `try_` accessors, and what the filing needs is read before the first await.
pub(super) fn upload_and_file<F, Fut>(
    upload: UseUploadReturn,
    phase: RwSignal<Phase>,
    video: VideoPick,
    text: EntryText,
    file_entry: F,
) where
    F: FnOnce(String, EntryDraft) -> Fut + 'static,
    Fut: Future<Output = Result<Entry, ApiError>> + 'static,
{
    let Some(f) = video.file.get_untracked() else {
        return;
    };
    phase.set(Phase::Uploading);
    let form = text.draft();
    let draft_key = text.draft_key.get_value();
    leptos::task::spawn_local(async move {
        let upload_id = match upload.send(f).await {
            Ok(id) => id,
            Err(UploadStop::Left) => return,
            Err(UploadStop::Paused) => {
                phase.try_set(Phase::Paused);
                return;
            }
            Err(UploadStop::Failed(e)) => {
                phase.try_set(Phase::Failed(error_message(&e)));
                return;
            }
        };
        phase.try_set(Phase::Submitting);
        match file_entry(upload_id, form).await {
            Ok(entry) => {
                storage::forget(&draft_key);
                upload.forget();
                phase.try_set(Phase::Done(Box::new(entry)));
            }
            Err(e) => {
                text.show_server_errors(&e);
                if let Some(m) = e.field_message("upload_id") {
                    video.show_error(m.to_string());
                }
                phase.try_set(Phase::Failed(error_message(&e)));
                focus_first_invalid();
            }
        }
    });
}

/// The form's submit: ignored while sending; else the draft is saved and, when `valid()` (which
/// shows what is wrong next to the fields), `run()` starts the upload.
pub(super) fn on_submit(
    phase: RwSignal<Phase>,
    text: EntryText,
    valid: impl Fn() -> bool + Copy + 'static,
    run: impl Fn() + Copy + 'static,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        ev.prevent_default();
        if matches!(phase.get_untracked(), Phase::Uploading | Phase::Submitting) {
            return;
        }
        text.persist();
        if valid() {
            run();
        } else {
            focus_first_invalid();
        }
    }
}

/// Whether the form is in the middle of sending (its fields are then locked).
pub(super) fn is_busy(phase: RwSignal<Phase>) -> bool {
    matches!(
        phase.get(),
        Phase::Uploading | Phase::Submitting | Phase::Paused
    )
}

/// Under the fields: the upload's progress once it started, why the last attempt failed, and
/// the button for the phase (`submit_label` to send, 暂停 while uploading, 继续上传 when paused).
#[component]
pub(super) fn UploadFooter(
    upload: UseUploadReturn,
    phase: RwSignal<Phase>,
    submit_label: &'static str,
    on_resume: Callback<()>,
    /// More buttons for the row, after the main one.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let online = crate::state::use_online();
    let has_progress = move || upload.total.get() > 0.0;
    view! {
        <Show when=has_progress>
            <UploadProgress upload waiting=Signal::derive(move || match phase.get() {
                Phase::Paused => Some(tx().sub_paused),
                Phase::Submitting => Some(tx().sub_submitting),
                _ => None,
            })/>
        </Show>
        {move || match phase.get() {
            Phase::Failed(m) => Some(view! { <p class="field__error" role="alert" data-testid="submit-error">{m}</p> }),
            _ => None,
        }}
        <div class="action-row">
            {move || match phase.get() {
                Phase::Uploading => view! {
                    <button type="button" class="button button--ghost" on:click=move |_| upload.pause()>{tx().sub_pause}</button>
                }.into_any(),
                Phase::Paused => view! {
                    <button type="button" class="button button--primary" prop:disabled=move || !online.get() on:click=move |_| on_resume.run(())>{tx().sub_resume}</button>
                }.into_any(),
                _ => view! {
                    <button type="submit" class="button button--primary" prop:disabled=move || phase.get() == Phase::Submitting || !online.get()>{submit_label}</button>
                }.into_any(),
            }}
            {children.map(|c| c())}
        </div>
        <crate::state::OfflineNote/>
    }
}
