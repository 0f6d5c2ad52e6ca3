//! 重新提交: the author of a rejected entry picks a new video (checked, previewed and uploaded as
//! a new entry's is), may fix the title and description, and files it again — back to 审核中,
//! the rejection cleared. What they typed and the unfinished upload survive reloads and errors.
use super::entry_form::{
    is_busy, on_submit, upload_and_file, EntryDraft, EntryText, EntryTextFields, Phase,
    UploadFooter,
};
use super::text::tx;
use super::video_field::{VideoField, VideoPick};
use crate::api::challenges::{fetch_challenge, resubmit_entry};
use crate::components::Remote;
use crate::hooks::{use_upload, UseUploadOptions};
use crate::models::{Challenge, Entry};
use crate::state::storage::StorageKey;
use leptos::prelude::*;
use leptos_router::components::A;

/// The form under a rejected entry; `on_done` gets the entry as the server now has it.
#[component]
pub(super) fn ResubmitForm(entry: Entry, on_done: Callback<Entry>) -> impl IntoView {
    let challenge = LocalResource::new(fetch_challenge);
    let entry = StoredValue::new(entry);
    view! {
        <section class="form-card resubmit" data-testid="resubmit" aria-labelledby="resubmit-heading">
            <h2 id="resubmit-heading" class="section-heading">{tx().resub_heading}</h2>
            <p class="muted">{tx().resub_hint}</p>
            <Remote resource=challenge let:c>
                <ResubmitFields entry=entry.get_value() challenge=c on_done/>
            </Remote>
        </section>
    }
}

#[component]
fn ResubmitFields(entry: Entry, challenge: Challenge, on_done: Callback<Entry>) -> impl IntoView {
    let id = StoredValue::new(entry.id.clone());
    let back = format!("/challenge/entries/{}", entry.id);
    // Until the author changes them, the entry's own title and description.
    let text = EntryText::load(StorageKey::ResubmitDraft(entry.id.clone()), || EntryDraft {
        title: entry.title.clone(),
        description: entry.description.clone(),
        ..EntryDraft::default()
    });
    let upload = use_upload(UseUploadOptions {
        keep: Some(StorageKey::ResubmitUpload(entry.id.clone())),
        retries: u32::MAX,
    });
    let unfinished = upload.has_unfinished();
    let phase = RwSignal::new(Phase::Editing);
    let video = VideoPick::new(StoredValue::new(challenge));

    Effect::new(move |_| {
        if let Phase::Done(entry) = phase.get() {
            on_done.run(*entry);
        }
    });
    let run = move || {
        let id = id.get_value();
        upload_and_file(
            upload,
            phase,
            video,
            text,
            move |upload_id, form| async move {
                resubmit_entry(
                    &id,
                    &upload_id,
                    form.title.trim(),
                    form.description.trim(),
                    form.key.as_deref().unwrap_or_default(),
                )
                .await
            },
        );
    };
    let valid = move || {
        let text_ok = text.validate();
        video.validate() && text_ok
    };
    let submit = on_submit(phase, text, valid, run);
    view! {
        <form class="resubmit__form" on:submit=submit novalidate>
            {unfinished.then(|| view! { <p class="form-notice" data-testid="reselect">{tx().sub_reselect}</p> })}
            <VideoField pick=video upload disabled=Signal::derive(move || is_busy(phase))/>
            <EntryTextFields text/>
            <UploadFooter upload phase submit_label=tx().resub_submit on_resume=Callback::new(move |()| run())>
                <A href=back attr:class="button button--ghost">{tx().resub_cancel}</A>
            </UploadFooter>
        </form>
    }
}
