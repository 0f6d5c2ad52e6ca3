//! `/challenge/submit`: choose or record a video, check it in the browser (type, size, and the
//! duration from a `<video>` element's metadata) before any byte is sent, fill in the form (its
//! draft survives reloads and failed submits), then upload it with tus in chunks — progress,
//! speed and time left, pause/resume, automatic retry with backoff, and resume after a reload or
//! a closed tab from the server's offset — and file the entry once (Idempotency-Key).
use crate::api::challenges::{create_entry, fetch_challenge};
use crate::api::uploads::{abort_chunk, create_upload, send_chunk, upload_id, upload_state};
use crate::api::{client::new_idempotency_key, ApiError};
use crate::components::{error_message, ErrorView};
use crate::i18n::t;
use crate::models::{
    backoff_ms, check_video, eta_seconds, human_bytes, Challenge, Entry, VideoProblem,
};
use crate::state::{login_href, storage, use_session};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde_json::{json, Value};
use std::rc::Rc;

const DRAFT_KEY: &str = "kepuri.draft.entry";
const UPLOAD_KEY: &str = "kepuri.upload.entry";

fn load(key: &str) -> Value {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or(Value::Null)
}

fn save(key: &str, v: &Value) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, &v.to_string());
    }
}

fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Name, size and modification time: how the page knows the user picked the same file again.
fn fingerprint(f: &web_sys::File) -> String {
    format!("{}|{}|{}", f.name(), f.size(), f.last_modified())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Editing,
    Uploading,
    Paused,
    Retrying(u32),
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
                {move || match challenge.get() {
                    None => view! { <div class="skeleton skeleton--cover" aria-busy="true"></div> }.into_any(),
                    Some(Err(error)) => view! { <ErrorView error on_retry=Callback::new(move |_| challenge.refetch())/> }.into_any(),
                    Some(Ok(c)) if !c.open => view! { <p class="form-notice">{s.ch_closed}</p> }.into_any(),
                    Some(Ok(c)) => view! { <SubmitForm challenge=c/> }.into_any(),
                }}
            </Show>
        </section>
    }
}

#[component]
fn SubmitForm(challenge: Challenge) -> impl IntoView {
    let s = t();
    let draft = load(DRAFT_KEY);
    let field = |k: &str| draft[k].as_str().unwrap_or_default().to_string();
    let title = RwSignal::new(field("title"));
    let description = RwSignal::new(field("description"));
    let category = RwSignal::new(field("category"));
    // One key per intended entry, kept with the draft until the entry is filed.
    let idem = StoredValue::new(
        draft["key"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(new_idempotency_key),
    );
    let persist = move || {
        save(
            DRAFT_KEY,
            &json!({
                "title": title.get_untracked(),
                "description": description.get_untracked(),
                "category": category.get_untracked(),
                "key": idem.get_value(),
            }),
        )
    };
    let title_error = RwSignal::new(None::<String>);
    let desc_error = RwSignal::new(None::<&'static str>);
    let category_error = RwSignal::new(None::<&'static str>);

    let file = RwSignal::new_local(None::<web_sys::File>);
    let preview = RwSignal::new(None::<String>);
    let duration = RwSignal::new(None::<f64>);
    let video_error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let resume_note = RwSignal::new(None::<String>);
    let pending_upload = load(UPLOAD_KEY);
    let unfinished = pending_upload["url"].is_string();

    let phase = RwSignal::new(Phase::Editing);
    let done_bytes = RwSignal::new(0.0f64);
    let total_bytes = RwSignal::new(0.0f64);
    let speed = RwSignal::new(0.0f64);
    let paused = StoredValue::new(false);

    let challenge = StoredValue::new(challenge);
    let check = move || {
        let Some(f) = file.get_untracked() else {
            return;
        };
        let problem = challenge.with_value(|c| {
            check_video(c, &f.type_(), &f.name(), f.size(), duration.get_untracked())
        });
        video_error.set(problem.map(|p| match p {
            VideoProblem::Container => s.sub_container.to_string(),
            VideoProblem::TooLarge => {
                (s.sub_too_large)(&challenge.with_value(|c| human_bytes(c.max_bytes as f64)))
            }
            VideoProblem::TooLong => {
                (s.sub_too_long)(challenge.with_value(|c| c.max_duration_seconds))
            }
            VideoProblem::Unreadable => s.sub_unreadable.to_string(),
        }));
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(f) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        if let Some(old) = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        duration.set(None);
        resume_note.set(None);
        let same = load(UPLOAD_KEY)["file"].as_str() == Some(fingerprint(&f).as_str());
        if same {
            let url = load(UPLOAD_KEY)["url"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let size = f.size();
            leptos::task::spawn_local(async move {
                if let Ok(st) = upload_state(&url).await {
                    if st.length == size {
                        resume_note.set(Some((t().sub_resuming)(
                            (st.offset / size.max(1.0) * 100.0) as u32,
                        )));
                    }
                }
            });
        }
        // Type and size now; duration when the preview's metadata arrives.
        let quick =
            challenge.with_value(|c| check_video(c, &f.type_(), &f.name(), f.size(), Some(1.0)));
        checking.set(quick.is_none());
        preview.set(
            quick
                .is_none()
                .then(|| web_sys::Url::create_object_url_with_blob(&f).ok())
                .flatten(),
        );
        file.set(Some(f));
        check();
    };
    let on_metadata = move |ev: leptos::ev::Event| {
        let v: web_sys::HtmlMediaElement = event_target(&ev);
        duration.set(Some(v.duration()));
        checking.set(false);
        check();
    };
    let on_video_error = move |_| {
        duration.set(None);
        checking.set(false);
        check();
    };

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
        if file.read_untracked().is_none() {
            video_error.set(Some(s.sub_video_missing.into()));
        }
        title_error.get_untracked().is_none()
            && desc_error.get_untracked().is_none()
            && category_error.get_untracked().is_none()
            && video_error.get_untracked().is_none()
            && !checking.get_untracked()
    };

    // The upload and the filing, resumable at every step.
    let run = move || {
        let Some(f) = file.get_untracked() else {
            return;
        };
        paused.set_value(false);
        phase.set(Phase::Uploading);
        let blob: web_sys::Blob = f.clone().into();
        let size = f.size();
        total_bytes.set(size);
        leptos::task::spawn_local(async move {
            let fp = fingerprint(&f);
            let record = load(UPLOAD_KEY);
            let known = (record["file"].as_str() == Some(fp.as_str()))
                .then(|| record["url"].as_str().map(str::to_string))
                .flatten();
            let mut offset = 0.0;
            let url = match known {
                Some(u) => match upload_state(&u).await {
                    Ok(st) if st.length == size => {
                        offset = st.offset;
                        Some(u)
                    }
                    _ => None,
                },
                None => None,
            };
            let url = match url {
                Some(u) => u,
                None => match create_upload(size, &f.name(), &f.type_()).await {
                    Ok(u) => {
                        save(UPLOAD_KEY, &json!({ "url": u, "file": fp }));
                        u
                    }
                    Err(e) => {
                        phase.set(Phase::Failed(error_message(&e)));
                        return;
                    }
                },
            };
            done_bytes.set(offset);
            let started = (now_ms(), offset);
            let mut attempt = 0;
            while offset < size {
                if paused.get_value() {
                    phase.set(Phase::Paused);
                    return;
                }
                let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |sent: f64| {
                    done_bytes.try_set(sent);
                    let secs = (now_ms() - started.0) / 1000.0;
                    if secs > 0.2 {
                        speed.try_set((sent - started.1) / secs);
                    }
                });
                match send_chunk(&url, &blob, offset, on_progress).await {
                    Ok(next) => {
                        offset = next;
                        done_bytes.set(offset);
                        attempt = 0;
                        phase.set(Phase::Uploading);
                    }
                    Err(_) if paused.get_value() => {
                        // Paused mid-chunk: ask the server how far it got, then wait for 继续.
                        if let Ok(st) = upload_state(&url).await {
                            done_bytes.set(st.offset);
                        }
                        phase.set(Phase::Paused);
                        return;
                    }
                    Err(e) if e.is_transient() || matches!(e, ApiError::Conflict(_)) => {
                        attempt += 1;
                        let wait = backoff_ms(attempt);
                        phase.set(Phase::Retrying(wait / 1000));
                        gloo_timers::future::TimeoutFuture::new(wait).await;
                        // Ask the server what arrived before going on.
                        if let Ok(st) = upload_state(&url).await {
                            offset = st.offset;
                            done_bytes.set(offset);
                        }
                        phase.set(Phase::Uploading);
                    }
                    Err(e) => {
                        phase.set(Phase::Failed(error_message(&e)));
                        return;
                    }
                }
            }
            phase.set(Phase::Submitting);
            let result = create_entry(
                upload_id(&url),
                title.get_untracked().trim(),
                description.get_untracked().trim(),
                &category.get_untracked(),
                &idem.get_value(),
            )
            .await;
            match result {
                Ok(entry) => {
                    forget(DRAFT_KEY);
                    forget(UPLOAD_KEY);
                    phase.set(Phase::Done(Box::new(entry)));
                }
                Err(e) => {
                    if let Some(m) = e.field_message("title") {
                        title_error.set(Some(m.to_string()));
                    }
                    phase.set(Phase::Failed(error_message(&e)));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches!(
            phase.get_untracked(),
            Phase::Uploading | Phase::Retrying(_) | Phase::Submitting
        ) {
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
            Phase::Uploading | Phase::Retrying(_) | Phase::Submitting | Phase::Paused
        )
    };
    let pct = move || {
        let total = total_bytes.get();
        if total > 0.0 {
            (done_bytes.get() / total * 100.0).floor() as u32
        } else {
            0
        }
    };
    let categories = challenge.with_value(|c| c.categories.clone());
    let has_progress = move || total_bytes.get() > 0.0;

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
            <div class="field">
                <label class="field__label" for="entry-video">{s.sub_video_label}</label>
                <input id="entry-video" class="field__input submit-form__file" type="file" accept="video/mp4,video/quicktime,video/webm,video/*" capture="environment"
                    aria-describedby="video-error" prop:disabled=busy on:change=on_pick/>
                <p id="video-error" class="field__error" role="alert">
                    {move || video_error.get().or_else(|| checking.get().then(|| s.sub_checking.to_string()))}
                </p>
                {move || resume_note.get().map(|n| view! { <p class="form-notice" data-testid="resume-note">{n}</p> })}
                {move || preview.get().map(|src| view! {
                    <video class="submit-form__preview" src=format!("{src}#t=0.1") preload="metadata" controls playsinline muted
                        on:loadedmetadata=on_metadata on:error=on_video_error data-testid="video-preview"></video>
                })}
                {move || match (file.get(), duration.get().filter(|d| d.is_finite())) {
                    (Some(f), Some(d)) => Some(view! { <p class="muted">{(s.sub_video_info)(&human_bytes(f.size()), d.round() as u32)}</p> }),
                    _ => None,
                }}
            </div>
            <div class="field">
                <label class="field__label" for="entry-title">{s.sub_title_label}</label>
                <input id="entry-title" class="field__input" maxlength="60" aria-describedby="title-error"
                    aria-invalid=move || title_error.read().is_some().to_string()
                    prop:value=move || title.get()
                    on:input=move |ev| { title.set(event_target_value(&ev)); title_error.set(None); persist(); }/>
                <p id="title-error" class="field__error" role="alert">{move || title_error.get()}</p>
            </div>
            <div class="field">
                <label class="field__label" for="entry-description">{s.sub_desc_label}</label>
                <textarea id="entry-description" class="field__input composer__text" rows="3" aria-describedby="desc-error"
                    prop:value=move || description.get()
                    on:input=move |ev| { description.set(event_target_value(&ev)); desc_error.set(None); persist(); }></textarea>
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
                <div class="upload-progress" data-testid="upload-progress">
                    <progress max="100" value=pct aria-label=s.sub_submit></progress>
                    <p class="upload-progress__text" aria-live="polite">
                        {move || (s.sub_progress)(&human_bytes(done_bytes.get()), &human_bytes(total_bytes.get()), pct())}
                    </p>
                    <p class="muted">
                        {move || match phase.get() {
                            Phase::Retrying(n) => (s.sub_retrying)(n),
                            Phase::Paused => s.sub_paused.to_string(),
                            Phase::Submitting => s.sub_submitting.to_string(),
                            _ => eta_seconds(done_bytes.get(), total_bytes.get(), speed.get())
                                .map(|eta| (s.sub_speed)(&human_bytes(speed.get()), eta))
                                .unwrap_or_default(),
                        }}
                    </p>
                </div>
            </Show>
            {move || match phase.get() {
                Phase::Failed(m) => Some(view! { <p class="field__error" role="alert" data-testid="submit-error">{m}</p> }),
                _ => None,
            }}
            <div class="action-row">
                {move || match phase.get() {
                    Phase::Uploading | Phase::Retrying(_) => view! {
                        <button type="button" class="button button--ghost" on:click=move |_| { paused.set_value(true); abort_chunk(); }>{s.sub_pause}</button>
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
