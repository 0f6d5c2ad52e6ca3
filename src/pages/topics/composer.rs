//! The composer of a topic: a counted textarea (IME-safe) whose draft survives reloads and
//! failed sends, with an optional image; one Idempotency-Key per intended post. A visitor who
//! is not logged in writes too: 登录并发布 goes to login and the post (text only) is published
//! on the way back, with the key made when it was started (a pending intent). Offline, 联网后发送
//! holds the post (text only, with its key) on the device, shown as 待发送; it is sent once the
//! browser is online again (or the topic is opened online), exactly once: it is forgotten only
//! when the server took it, and a second send (after a reload, a lost answer) carries the same
//! key, which the server replays instead of publishing twice.
use super::image_pick::{ImagePick, ImagePicker};
use super::text::tx;
use crate::api::idempotency::IntentKey;
use crate::api::topics::create_post;
use crate::api::ApiError;
use crate::components::error_message;
use crate::hooks::{use_ime_text, UploadStop};
use crate::i18n::t;
use crate::models::{check_draft, post_chars, DraftProblem, Post, POST_MAX_CHARS};
use crate::state::storage::{self, StorageKey};
use crate::state::{
    current_path, held_intent, hold_intent, login_href, on_back_online, release_intent,
    stash_intent, take_intent, use_online, use_session, use_toasts, IntentKind, OfflineNote,
    PendingIntent,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The composer: a counted textarea whose draft survives reloads and failed sends.
#[component]
pub fn Composer(
    topic_id: String,
    closed: bool,
    published: RwSignal<Option<Post>>,
) -> impl IntoView {
    let s = t();
    let session = use_session();
    let toasts = use_toasts();
    if closed {
        return view! { <p class="form-notice composer-closed">{tx().topic_is_closed}</p> }
            .into_any();
    }
    let key = StorageKey::PostDraft(topic_id.clone());
    let text = RwSignal::new(storage::load::<String>(&key).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // One Idempotency-Key per text: a retry of the same post after a dropped answer is not
    // published twice.
    let attempt = StoredValue::new(IntentKey::<(String, u32)>::default());
    let key = StoredValue::new(key);
    let topic_id = StoredValue::new(topic_id);
    let image = ImagePick::new();
    let navigate = StoredValue::new_local(use_navigate());
    // A muted author is told until when instead of getting the form (from /me/roles, or from
    // the 403 `muted` of a post).
    let muted = RwSignal::new(None::<String>);
    if untrack(|| session.is_logged_in()) {
        leptos::task::spawn_local(async move {
            if let Ok(until) = crate::api::moderation::my_muted_until().await {
                muted.try_set(until);
            }
        });
    }
    let online = use_online();
    // The post written offline, waiting for the connection.
    let held = RwSignal::new(topic_id.with_value(|id| held_intent(IntentKind::Post, id)));
    let sending_held = StoredValue::new(false);
    let send_held = move || {
        let Some(waiting) = held.get_untracked() else {
            return;
        };
        if sending_held.get_value() || !online.get_untracked() || !session.is_logged_in() {
            return;
        }
        sending_held.set_value(true);
        leptos::task::spawn_local(async move {
            let topic = waiting.target.clone();
            match create_post(&topic, &waiting.payload, None, &waiting.key).await {
                Ok(post) => {
                    release_intent(IntentKind::Post, &topic);
                    held.try_set(None);
                    published.try_set(Some(post));
                    toasts.show(tx().post_queued_sent);
                }
                // Still no connection (or the page left, or the session ended, or another tab
                // is sending it right now): held for the next time.
                Err(e)
                    if e.is_transient()
                        || matches!(e, ApiError::Aborted | ApiError::Unauthorized(_))
                        || e.problem()
                            .and_then(|p| p.kind.as_deref())
                            .is_some_and(|k| k.ends_with("idempotency-key-in-use")) => {}
                // Refused (too long by now, muted, topic closed): back into the box, with why.
                Err(e) => {
                    release_intent(IntentKind::Post, &topic);
                    held.try_set(None);
                    storage::save(&StorageKey::PostDraft(topic), &waiting.payload);
                    text.try_set(waiting.payload);
                    error.try_set(Some(error_message(&e)));
                }
            }
            sending_held.try_set_value(false);
        });
    };
    send_held();
    on_back_online(send_held);
    let count = move || post_chars(&text.read());
    let count_class = move || {
        if count() > POST_MAX_CHARS {
            "composer__count composer__count--over"
        } else {
            "composer__count"
        }
    };
    let ime = use_ime_text(move |value: String| {
        key.with_value(|k| storage::save(k, &value));
        error.set(None);
        text.set(value);
    });
    // `done`: the toast for a post finished after login.
    let publish = move |body: String, idem: String, done: Option<&'static str>| {
        sending.set(true);
        // Read before the awaits: the composer may be gone when they end.
        let topic = topic_id.get_value();
        leptos::task::spawn_local(async move {
            // The image first (kept across failed sends: a retry resumes or reuses it).
            let upload = match image.send().await {
                Ok(id) => id,
                Err(UploadStop::Left) => return,
                Err(UploadStop::Paused) => None,
                Err(UploadStop::Failed(e)) => {
                    image.error.try_set(Some(error_message(&e)));
                    sending.try_set(false);
                    return;
                }
            };
            match create_post(&topic, body.trim(), upload.as_deref(), &idem).await {
                Ok(post) => {
                    image.clear();
                    text.try_set(String::new());
                    attempt.try_update_value(IntentKey::done);
                    storage::forget(&StorageKey::PostDraft(topic));
                    published.try_set(Some(post));
                    toasts.show(done.unwrap_or(tx().posted));
                }
                Err(e) if e.problem().is_some_and(|p| p.muted_until.is_some()) => {
                    muted.try_set(e.problem().and_then(|p| p.muted_until.clone()));
                }
                Err(e) => {
                    error.try_set(Some(
                        e.field_message("text")
                            .map(str::to_string)
                            .unwrap_or_else(|| error_message(&e)),
                    ));
                }
            }
            sending.try_set(false);
        });
    };
    if session.is_logged_in() && muted.get_untracked().is_none() {
        if let Some(started) = topic_id.with_value(|id| take_intent(IntentKind::Post, id)) {
            let body = started.payload;
            if check_draft(&body).is_none() {
                text.set(body.clone());
                attempt.update_value(|k| {
                    k.key_with(&(body.clone(), image.generation()), || started.key.clone());
                });
                publish(body, started.key, Some(tx().intent_posted));
            }
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let body = text.get_untracked();
        if let Some(problem) = check_draft(&body) {
            error.set(Some(match problem {
                DraftProblem::Empty => tx().post_empty.into(),
                DraftProblem::TooLong(n) => (tx().post_too_long)(n - POST_MAX_CHARS),
            }));
            return;
        }
        if image.error.get_untracked().is_some() {
            return;
        }
        let idem = attempt
            .try_update_value(|k| k.key_for(&(body.clone(), image.generation())))
            .unwrap_or_default();
        if !online.get_untracked() {
            let waiting =
                topic_id.with_value(|id| hold_intent(IntentKind::Post, id, &idem, body.trim()));
            held.set(Some(waiting));
            attempt.update_value(IntentKey::done);
            text.set(String::new());
            key.with_value(storage::forget);
            return;
        }
        if !session.is_logged_in() {
            topic_id.with_value(|id| {
                stash_intent(IntentKind::Post, id, &idem, &body);
            });
            navigate.with_value(|go| go(&login_href(&current_path()), Default::default()));
            return;
        }
        publish(body, idem, None);
    };
    view! {
        <div class="composer-wrap">
            {move || muted.get().map(|until| view! {
                <p class="form-notice composer-muted" role="status" data-testid="composer-muted">{(s.muted_until)(&crate::format::china_datetime(&until))}</p>
            })}
            <form class="composer" on:submit=submit data-testid="composer" hidden=move || muted.read().is_some()>
                <label class="field__label" for="composer-text">{tx().composer_label}</label>
                <textarea id="composer-text" class="field__input composer__text" rows="4"
                    placeholder=tx().composer_placeholder
                    aria-describedby="composer-count composer-error"
                    aria-invalid=move || error.read().is_some().to_string()
                    prop:value=move || text.get()
                    {..ime.handlers()}></textarea>
                <Show when=move || session.is_logged_in()>
                    <ImagePicker image/>
                </Show>
                <div class="composer__row">
                    <p id="composer-error" class="field__error" role="alert">{move || error.get()}</p>
                    <span id="composer-count" class=count_class>
                        {move || format!("{}/{POST_MAX_CHARS}", count())}
                    </span>
                </div>
                {move || held.get().map(|waiting| view! { <HeldPost waiting/> })}
                <button type="submit" class="button button--primary" data-testid="composer-send"
                    // Logging in needs the network; one post waits at a time.
                    prop:disabled=move || sending.get() || (!online.get() && (!session.is_logged_in() || held.read().is_some()))>
                    {move || if sending.get() {
                        tx().posting
                    } else if !online.get() && session.is_logged_in() {
                        tx().post_when_online
                    } else if session.is_logged_in() {
                        tx().post_submit
                    } else {
                        tx().login_to_post
                    }}
                </button>
                <OfflineNote reason=tx().offline_post/>
            </form>
        </div>
    }
    .into_any()
}

/// The post written offline, as it will be published, marked 待发送.
#[component]
fn HeldPost(waiting: PendingIntent) -> impl IntoView {
    view! {
        <div class="composer__held" data-testid="held-post">
            <p class="composer__held-state">{tx().post_queued}</p>
            <p class="composer__held-text">{waiting.payload}</p>
        </div>
    }
}
