//! `/challenge/submit`: choose or record a video (checked in the browser, `video_field.rs`), fill
//! in the form (its draft survives reloads and failed submits), then upload it with `use_upload`
//! — progress (`upload_progress.rs`), pause/resume, retry with backoff, and resume after a
//! reload or a closed tab from the server's offset — and file the entry once (Idempotency-Key).
use super::entrant::{Entrant, EntrantFields};
use super::entry_form::{
    is_busy, on_submit, upload_and_file, EntryDraft, EntryText, EntryTextFields, Phase,
    UploadFooter,
};
use super::page_text::page_tx;
use super::text::tx;
use super::video_field::{VideoField, VideoPick};
use crate::api::challenges::{create_entry, fetch_challenge};
use crate::components::Remote;
use crate::hooks::{use_upload, UseUploadOptions};
use crate::models::{category_for_age, Challenge};
use crate::state::storage::StorageKey;
use crate::state::{login_href, use_session};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let session = use_session();
    let challenge = LocalResource::new(fetch_challenge);
    view! {
        <Title text=page_tx().sub_title/>
        <section class="page page--narrow submit-page">
            <h1 class="page__title">{page_tx().sub_title}</h1>
            <Show when=move || session.is_logged_in() fallback=move || view! {
                <A href=login_href("/challenge/submit") attr:class="button button--primary button--block">{page_tx().sub_login}</A>
            }>
                <Remote resource=challenge let:c>
                    {if c.open {
                        view! { <SubmitForm challenge=c/> }.into_any()
                    } else {
                        view! { <p class="form-notice">{page_tx().ch_closed}</p> }.into_any()
                    }}
                </Remote>
            </Show>
        </section>
    }
}

#[component]
fn SubmitForm(challenge: Challenge) -> impl IntoView {
    let text = EntryText::load(StorageKey::EntryDraft, EntryDraft::default);
    let category = text.category;
    let category_error = RwSignal::new(None::<String>);
    let entrant = Entrant::load();

    let upload = use_upload(UseUploadOptions {
        keep: Some(StorageKey::EntryUpload),
        retries: u32::MAX,
    });
    let unfinished = upload.has_unfinished();
    let phase = RwSignal::new(Phase::Editing);

    let challenge = StoredValue::new(challenge);
    let video = VideoPick::new(challenge);

    let validate = move || {
        let text_ok = text.validate();
        category_error.set(
            category
                .read_untracked()
                .is_empty()
                .then(|| page_tx().sub_category_empty.to_string()),
        );
        let entrant_ok = challenge.with_value(|c| {
            entrant.validate(&c.categories, &category.get_untracked(), category_error)
        });
        let video_ok = video.validate();
        text_ok && category_error.get_untracked().is_none() && entrant_ok && video_ok
    };

    // The upload and the filing, resumable at every step.
    let run = move || {
        let (age, guardian) = entrant.what_to_send();
        upload_and_file(
            upload,
            phase,
            video,
            text,
            move |upload_id, form| async move {
                let filed = create_entry(
                    &upload_id,
                    form.title.trim(),
                    form.description.trim(),
                    &form.category,
                    age,
                    guardian.as_ref(),
                    form.key.as_deref().unwrap_or_default(),
                )
                .await;
                match &filed {
                    Ok(_) => Entrant::forget(),
                    Err(e) => entrant.show_server_errors(e, category_error),
                }
                filed
            },
        );
    };
    let submit = on_submit(phase, text, validate, run);
    let categories = challenge.with_value(|c| c.categories.clone());
    // A valid age picks the one category whose ages hold it.
    let on_age = Callback::new(move |age: u32| {
        let fits =
            challenge.with_value(|c| category_for_age(&c.categories, age).map(|c| c.id.clone()));
        if let Some(id) = fits {
            category.set(id);
            category_error.set(None);
            text.persist();
        }
    });

    view! {
        {move || if let Phase::Done(entry) = phase.get() {
            view! {
                <div class="state" data-testid="submitted">
                    <p class="state__title">{page_tx().sub_done_title}</p>
                    <p class="state__body">{entry.title.clone()}" · "{super::status_label(entry.status)}</p>
                    <p class="state__body">{page_tx().sub_done_body}</p>
                    <A href="/me" attr:class="button button--primary">{page_tx().sub_see_mine}</A>
                </div>
            }.into_any()
        } else {
            ().into_any()
        }}
        <form class="composer submit-form" on:submit=submit novalidate
            class:visually-hidden=move || matches!(phase.get(), Phase::Done(_))>
            {unfinished.then(|| view! { <p class="form-notice" data-testid="reselect">{tx().sub_reselect}</p> })}
            <VideoField pick=video upload disabled=Signal::derive(move || is_busy(phase))/>
            <EntryTextFields text/>
            <EntrantFields entrant on_age/>
            <div class="field">
                <label class="field__label" for="entry-category">{page_tx().ch_categories_label}</label>
                <select id="entry-category" class="select" aria-describedby="category-error"
                    aria-invalid=move || category_error.read().is_some().to_string()
                    prop:value=move || category.get()
                    on:change=move |ev| { category.set(event_target_value(&ev)); category_error.set(None); text.persist(); }>
                    <option value="">{page_tx().sub_category_empty}</option>
                    {categories.into_iter().map(|c| {
                        let selected = category.get_untracked() == c.id;
                        let label = match c.description { Some(d) => format!("{}（{d}）", c.name), None => c.name };
                        view! { <option value=c.id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <p id="category-error" class="field__error" role="alert">{move || category_error.get()}</p>
            </div>
            <UploadFooter upload phase submit_label=tx().sub_submit on_resume=Callback::new(move |()| run())/>
        </form>
    }
}
