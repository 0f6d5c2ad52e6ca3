//! `/challenge/submit`: choose or record a video (checked in the browser, `video_field.rs`), fill
//! in the form (its draft survives reloads and failed submits), then upload it with `use_upload`
//! — progress (`upload_progress.rs`), pause/resume, retry with backoff, and resume after a
//! reload or a closed tab from the server's offset — and file the entry once (Idempotency-Key).
use super::upload_progress::UploadProgress;
use super::video_field::{VideoField, VideoPick};
use crate::api::challenges::{create_entry, fetch_challenge};
use crate::api::client::new_idempotency_key;
use crate::components::error_message;
use crate::components::Remote;
use crate::hooks::{use_ime_text, use_upload, UploadStop, UseUploadOptions};
use crate::i18n::t;
use crate::models::{Challenge, Entry};
use crate::state::storage::{self, StorageKey};
use crate::state::{login_href, use_session};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

/// The form as typed so far, kept until the entry is filed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct EntryDraft {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    category: String,
    /// One Idempotency-Key per intended entry.
    #[serde(default)]
    key: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Editing,
    Uploading,
    Paused,
    Submitting,
    Failed(String),
    Done(Box<Entry>),
}

#[component]
pub fn SubmitPage() -> impl IntoView {
    let s = t();
    let session = use_session();
    let challenge = LocalResource::new(fetch_challenge);
    view! {
        <Title text=s.sub_title/>
        <section class="page page--narrow submit-page">
            <h1 class="page__title">{s.sub_title}</h1>
            <Show when=move || session.is_logged_in() fallback=move || view! {
                <A href=login_href("/challenge/submit") attr:class="button button--primary button--block">{s.sub_login}</A>
            }>
                <Remote resource=challenge let:c>
                    {if c.open {
                        view! { <SubmitForm challenge=c/> }.into_any()
                    } else {
                        view! { <p class="form-notice">{t().ch_closed}</p> }.into_any()
                    }}
                </Remote>
            </Show>
        </section>
    }
}

#[component]
fn SubmitForm(challenge: Challenge) -> impl IntoView {
    let s = t();
    let draft = storage::load::<EntryDraft>(&StorageKey::EntryDraft).unwrap_or_default();
    let title = RwSignal::new(draft.title);
    let description = RwSignal::new(draft.description);
    let category = RwSignal::new(draft.category);
    // One key per intended entry, kept with the draft until the entry is filed.
    let idem = StoredValue::new(draft.key.unwrap_or_else(new_idempotency_key));
    let draft_now = move || EntryDraft {
        title: title.get_untracked(),
        description: description.get_untracked(),
        category: category.get_untracked(),
        key: Some(idem.get_value()),
    };
    let persist = move || storage::save(&StorageKey::EntryDraft, &draft_now());
    let title_error = RwSignal::new(None::<String>);
    let desc_error = RwSignal::new(None::<&'static str>);
    let category_error = RwSignal::new(None::<&'static str>);
    let title_ime = use_ime_text(move |v: String| {
        title.set(v);
        title_error.set(None);
        persist();
    });
    let desc_ime = use_ime_text(move |v: String| {
        description.set(v);
        desc_error.set(None);
        persist();
    });

    let upload = use_upload(UseUploadOptions {
        keep: Some(StorageKey::EntryUpload),
        retries: u32::MAX,
    });
    let unfinished = upload.has_unfinished();
    let phase = RwSignal::new(Phase::Editing);

    let challenge = StoredValue::new(challenge);
    let video = VideoPick::new(challenge);

    let validate = move || {
        let n = title.read_untracked().trim().chars().count();
        title_error.set(if n == 0 {
            Some(s.sub_title_empty.into())
        } else if n > 40 {
            Some(s.sub_title_long.into())
        } else {
            None
        });
        desc_error.set(
            (description.read_untracked().trim().chars().count() > 500).then_some(s.sub_desc_long),
        );
        category_error.set(
            category
                .read_untracked()
                .is_empty()
                .then_some(s.sub_category_empty),
        );
        let video_ok = video.validate();
        title_error.get_untracked().is_none()
            && desc_error.get_untracked().is_none()
            && category_error.get_untracked().is_none()
            && video_ok
    };

    // The upload and the filing, resumable at every step. After each `.await` the page may be
    // gone: its state is only touched through `try_` accessors, and what the filing needs is
    // read before the first await.
    let run = move || {
        let Some(f) = video.file.get_untracked() else {
            return;
        };
        phase.set(Phase::Uploading);
        let form = draft_now();
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
            let result = create_entry(
                &upload_id,
                form.title.trim(),
                form.description.trim(),
                &form.category,
                form.key.as_deref().unwrap_or_default(),
            )
            .await;
            match result {
                Ok(entry) => {
                    storage::forget(&StorageKey::EntryDraft);
                    upload.forget();
                    phase.try_set(Phase::Done(Box::new(entry)));
                }
                Err(e) => {
                    if let Some(m) = e.field_message("title") {
                        title_error.try_set(Some(m.to_string()));
                    }
                    phase.try_set(Phase::Failed(error_message(&e)));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches!(phase.get_untracked(), Phase::Uploading | Phase::Submitting) {
            return;
        }
        persist();
        if validate() {
            run();
        }
    };
    let busy = move || {
        matches!(
            phase.get(),
            Phase::Uploading | Phase::Submitting | Phase::Paused
        )
    };
    let categories = challenge.with_value(|c| c.categories.clone());
    let has_progress = move || upload.total.get() > 0.0;

    view! {
        {move || if let Phase::Done(entry) = phase.get() {
            view! {
                <div class="state" data-testid="submitted">
                    <p class="state__title">{s.sub_done_title}</p>
                    <p class="state__body">{entry.title.clone()}" · "{super::status_label(entry.status)}</p>
                    <p class="state__body">{s.sub_done_body}</p>
                    <A href="/me" attr:class="button button--primary">{s.sub_see_mine}</A>
                </div>
            }.into_any()
        } else {
            ().into_any()
        }}
        <form class="composer submit-form" on:submit=submit novalidate
            class:visually-hidden=move || matches!(phase.get(), Phase::Done(_))>
            {unfinished.then(|| view! { <p class="form-notice" data-testid="reselect">{s.sub_reselect}</p> })}
            <VideoField pick=video upload disabled=Signal::derive(busy)/>
            <div class="field">
                <label class="field__label" for="entry-title">{s.sub_title_label}</label>
                <input id="entry-title" class="field__input" maxlength="60" aria-describedby="title-error"
                    aria-invalid=move || title_error.read().is_some().to_string()
                    prop:value=move || title.get()
                    on:input=move |ev| title_ime.input(&ev)
                    on:compositionstart=move |_| title_ime.composition_start()
                    on:compositionend=move |ev| title_ime.composition_end(&ev)/>
                <p id="title-error" class="field__error" role="alert">{move || title_error.get()}</p>
            </div>
            <div class="field">
                <label class="field__label" for="entry-description">{s.sub_desc_label}</label>
                <textarea id="entry-description" class="field__input composer__text" rows="3" aria-describedby="desc-error"
                    prop:value=move || description.get()
                    on:input=move |ev| desc_ime.input(&ev)
                    on:compositionstart=move |_| desc_ime.composition_start()
                    on:compositionend=move |ev| desc_ime.composition_end(&ev)></textarea>
                <p id="desc-error" class="field__error" role="alert">{move || desc_error.get()}</p>
            </div>
            <div class="field">
                <label class="field__label" for="entry-category">{s.ch_categories_label}</label>
                <select id="entry-category" class="select" aria-describedby="category-error"
                    prop:value=move || category.get()
                    on:change=move |ev| { category.set(event_target_value(&ev)); category_error.set(None); persist(); }>
                    <option value="">{s.sub_category_empty}</option>
                    {categories.into_iter().map(|c| {
                        let selected = category.get_untracked() == c.id;
                        let label = match c.description { Some(d) => format!("{}（{d}）", c.name), None => c.name };
                        view! { <option value=c.id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <p id="category-error" class="field__error" role="alert">{move || category_error.get()}</p>
            </div>
            <Show when=has_progress>
                <UploadProgress upload waiting=Signal::derive(move || match phase.get() {
                    Phase::Paused => Some(s.sub_paused),
                    Phase::Submitting => Some(s.sub_submitting),
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
                        <button type="button" class="button button--ghost" on:click=move |_| upload.pause()>{s.sub_pause}</button>
                    }.into_any(),
                    Phase::Paused => view! {
                        <button type="button" class="button button--primary" on:click=move |_| run()>{s.sub_resume}</button>
                    }.into_any(),
                    _ => view! {
                        <button type="submit" class="button button--primary" prop:disabled=move || phase.get() == Phase::Submitting>{s.sub_submit}</button>
                    }.into_any(),
                }}
            </div>
        </form>
    }
}
