//! The composer and the post list of a topic. Post text is shown as text: hashtags and line
//! breaks are made into elements by [`text_parts`], never by parsing HTML.
use crate::api::idempotency::IntentKey;
use crate::api::topics::{
    count_new_posts, create_post, delete_post, list_posts, report_post, set_post_like,
};
use crate::api::{client::new_idempotency_key, ApiError};
use crate::components::{error_message, ErrorView, Sheet, SkeletonCards};
use crate::format::{ago, Ago};
use crate::hooks::{
    use_ime_text, use_like, use_paged, use_upload, PagedState, PagedStatus, UploadStop,
    UseUploadOptions, UseUploadReturn,
};
use crate::i18n::t;
use crate::models::{
    check_draft, post_chars, text_parts, DraftProblem, LikeView, Post, PostSort, TextPart,
    POST_MAX_CHARS,
};
use crate::state::storage::{self, StorageKey};
use crate::state::{current_path, login_href, use_clock, use_session, use_toasts};
use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

/// How often the page asks whether there are newer posts (while visible).
const NEW_POSTS_EVERY: Duration = Duration::from_secs(20);

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
        return view! { <p class="form-notice composer-closed">{s.topic_is_closed}</p> }.into_any();
    }
    let key = StorageKey::PostDraft(topic_id.clone());
    let text = RwSignal::new(storage::load::<String>(&key).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // One Idempotency-Key per text: a retry of the same post after a dropped answer is not
    // published twice.
    let attempt = StoredValue::new(None::<(String, String)>);
    let key = StoredValue::new(key);
    let topic_id = StoredValue::new(topic_id);
    let image = ImagePick::new();
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let body = text.get_untracked();
        if let Some(problem) = check_draft(&body) {
            error.set(Some(match problem {
                DraftProblem::Empty => s.post_empty.into(),
                DraftProblem::TooLong(n) => (s.post_too_long)(n - POST_MAX_CHARS),
            }));
            return;
        }
        if image.error.get_untracked().is_some() {
            return;
        }
        let idem = match attempt.get_value() {
            Some((t, k)) if t == body && !image.changed.get_value() => k,
            _ => {
                let k = new_idempotency_key();
                attempt.set_value(Some((body.clone(), k.clone())));
                image.changed.set_value(false);
                k
            }
        };
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
                    attempt.try_set_value(None);
                    storage::forget(&StorageKey::PostDraft(topic));
                    published.try_set(Some(post));
                    toasts.show(s.posted);
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
    view! {
        <Show when=move || session.is_logged_in() fallback=move || view! {
            <A href=move || login_href(&current_path()) attr:class="button button--primary button--block composer-login">{s.login_to_post}</A>
        }>
            <form class="composer" on:submit=submit data-testid="composer">
                <label class="field__label" for="composer-text">{s.composer_label}</label>
                <textarea id="composer-text" class="field__input composer__text" rows="4"
                    placeholder=s.composer_placeholder
                    aria-describedby="composer-count composer-error"
                    aria-invalid=move || error.read().is_some().to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| ime.input(&ev)
                    on:compositionstart=move |_| ime.composition_start()
                    on:compositionend=move |ev| ime.composition_end(&ev)></textarea>
                <ImagePicker image/>
                <div class="composer__row">
                    <p id="composer-error" class="field__error" role="alert">{move || error.get()}</p>
                    <span id="composer-count" class=count_class>
                        {move || format!("{}/{POST_MAX_CHARS}", count())}
                    </span>
                </div>
                <button type="submit" class="button button--primary" prop:disabled=move || sending.get()>
                    {move || if sending.get() { s.posting } else { s.post_submit }}
                </button>
            </form>
        </Show>
    }
    .into_any()
}

/// The composer's optional image: checked in the browser, previewed, uploaded with tus when the
/// post is sent, and reused (not uploaded again) when a send fails and is retried. Every method
/// may run after the composer is gone (it is called after awaits), so all go through `try_`.
#[derive(Clone, Copy)]
struct ImagePick {
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    preview: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    /// Whether the upload's progress is shown (from the first send until the image is cleared).
    sending: RwSignal<bool>,
    upload: UseUploadReturn,
    changed: StoredValue<bool>,
}

const IMAGE_MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
const IMAGE_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];
/// A small image is retried a few times, then the composer says why it failed.
const IMAGE_RETRIES: u32 = 3;

impl ImagePick {
    fn new() -> Self {
        let pick = Self {
            file: RwSignal::new_local(None),
            preview: RwSignal::new(None),
            error: RwSignal::new(None),
            sending: RwSignal::new(false),
            upload: use_upload(UseUploadOptions {
                keep: None,
                retries: IMAGE_RETRIES,
            }),
            changed: StoredValue::new(false),
        };
        on_cleanup(move || pick.revoke());
        pick
    }

    fn revoke(&self) {
        if let Some(Some(url)) = self.preview.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }

    fn set(&self, file: Option<web_sys::File>) {
        self.revoke();
        self.changed.try_set_value(true);
        self.sending.try_set(false);
        let s = t();
        let ok = file.as_ref().is_none_or(|f| {
            IMAGE_TYPES.contains(&f.type_().as_str()) && f.size() <= IMAGE_MAX_BYTES
        });
        self.error
            .try_set((!ok).then(|| s.image_invalid.to_string()));
        self.preview.try_set(
            file.as_ref()
                .filter(|_| ok)
                .and_then(|f| web_sys::Url::create_object_url_with_blob(f).ok()),
        );
        self.file.try_set(file.filter(|_| ok));
    }

    /// After the post is published (or the image removed): the next image is a new upload.
    fn clear(&self) {
        self.set(None);
        self.upload.forget();
        self.changed.try_set_value(false);
    }

    /// Percent of the image sent, while it is being (or has been) sent.
    fn progress(&self) -> Option<u32> {
        let total = self.upload.total.get().max(1.0);
        self.sending
            .get()
            .then(|| (self.upload.sent.get() / total * 100.0).min(100.0) as u32)
    }

    /// Uploads the picked image (or resumes/reuses an earlier upload of it); its upload id.
    async fn send(self) -> Result<Option<String>, UploadStop> {
        let Some(file) = self.file.try_get_untracked().flatten() else {
            return Ok(None);
        };
        self.sending.try_set(true);
        let result = self.upload.send(file).await;
        if matches!(result, Err(UploadStop::Failed(_))) {
            self.sending.try_set(false);
        }
        result.map(Some)
    }
}

#[component]
fn ImagePicker(image: ImagePick) -> impl IntoView {
    let s = t();
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        image.set(input.files().and_then(|f| f.get(0)));
        input.set_value("");
    };
    view! {
        <div class="composer__image">
            {move || image.preview.get().map(|src| view! {
                <figure class="composer__preview">
                    <img src=src alt="" data-testid="image-preview"/>
                    <button type="button" class="post__action" on:click=move |_| image.clear()>{s.remove_image}</button>
                </figure>
            })}
            <label class="button button--ghost button--small composer__pick">
                {s.add_image}
                <input type="file" class="visually-hidden" accept="image/jpeg,image/png,image/webp,image/gif"
                    aria-describedby="image-error" on:change=on_change/>
            </label>
            <p id="image-error" class="field__error" role="alert">
                {move || image.error.get().or_else(|| image.progress().map(|n| (t().uploading_image)(n)))}
            </p>
        </div>
    }
}

/// Latest or hot posts (`?sort=hot` in the URL), with a "有 N 条新内容" banner from polling.
#[component]
pub fn PostList(topic_id: String, published: RwSignal<Option<Post>>) -> impl IntoView {
    let s = t();
    let params = use_query_map();
    let sort = Memo::new(move |_| PostSort::from_param(params.read().get("sort").as_deref()));
    let list = PagedState::<Post, ()>::new();
    let topic = StoredValue::new(topic_id);
    let paged = use_paged(
        list,
        sort,
        |s: &PostSort| s.as_str().to_string(),
        move |sort: PostSort, cursor: Option<String>| async move {
            let page = list_posts(&topic.get_value(), sort, cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, ()))
        },
    );
    // A post the composer published goes on top at once (latest order).
    Effect::new(move |_| {
        if let Some(post) = published.get() {
            list.items.update(|items| {
                if !items.iter().any(|p| p.id == post.id) {
                    items.insert(0, post);
                }
            });
        }
    });
    let new_count = use_new_posts(topic, list);
    let report = RwSignal::new(None::<String>);
    let no_items = Memo::new(move |_| list.items.read().is_empty());
    let base = move || topic.with_value(|id| format!("/topics/{id}"));
    view! {
        <section class="posts" aria-labelledby="posts-heading">
            <h2 id="posts-heading" class="visually-hidden">{s.composer_label}</h2>
            <nav class="live-tabs posts__sort" aria-label=s.posts_sort_label>
                <a href=base class="live-tab" aria-current=move || (sort.get() == PostSort::Latest).then_some("page")>{s.sort_latest}</a>
                <a href=move || format!("{}?sort=hot", base()) class="live-tab" aria-current=move || (sort.get() == PostSort::Hot).then_some("page")>{s.sort_hot}</a>
            </nav>
            <Show when=move || { new_count.get() > 0 }>
                <button type="button" class="new-posts" data-testid="new-posts" on:click=move |_| {
                    new_count.set(0);
                    paged.reload.run(());
                }>{move || (s.new_posts)(new_count.get())}</button>
            </Show>
            {move || match (list.first.get(), no_items.get()) {
                (PagedStatus::Loading, _) => view! { <SkeletonCards count=2/> }.into_any(),
                (PagedStatus::Error(error), _) => view! { <ErrorView error on_retry=paged.retry/> }.into_any(),
                (PagedStatus::Ready, true) => view! { <p class="state__body posts__empty">{s.no_posts}</p> }.into_any(),
                (PagedStatus::Ready, false) => view! {
                    <ul class="post-list" data-testid="posts">
                        <For each=move || list.items.get() key=|p| p.id.clone() let:post>
                            <PostItem post report on_deleted=Callback::new(move |id: String| list.items.update(|v| v.retain(|p| p.id != id)))/>
                        </For>
                    </ul>
                }.into_any(),
            }}
            {move || (list.first.get() == PagedStatus::Ready && list.next_cursor.read().is_some()).then(|| view! {
                <div class="result-list__end">
                    <button type="button" class="button button--ghost" on:click=move |_| paged.load_more.run(())>{s.load_more}</button>
                </div>
            })}
            <ReportSheet report/>
        </section>
    }
}

/// Polls `new-count` every 20 s while the page is visible, since the newest post shown (or the
/// server time of the first load when there is none).
fn use_new_posts(topic: StoredValue<String>, list: PagedState<Post, ()>) -> RwSignal<u64> {
    let count = RwSignal::new(0);
    let clock = use_clock();
    let opened = clock.now_untracked().unwrap_or_else(Utc::now);
    let check = move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if !visible || list.first.try_get_untracked() != Some(PagedStatus::Ready) {
            return;
        }
        let since = list
            .items
            .try_with_untracked(|v| v.iter().max_by_key(|p| p.created_at).map(|p| p.id.clone()))
            .flatten()
            .unwrap_or_else(|| opened.to_rfc3339());
        leptos::task::spawn_local(async move {
            let Some(topic) = topic.try_get_value() else {
                return;
            };
            if let Ok(n) = count_new_posts(&topic, &since).await {
                count.try_set(n.count);
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(check, NEW_POSTS_EVERY) {
        on_cleanup(move || handle.clear());
    }
    count
}

/// Post text as nodes: text, hashtag spans and `<br>`s.
fn post_text(text: &str) -> impl IntoView {
    text_parts(text)
        .into_iter()
        .map(|part| match part {
            TextPart::Text(t) => t.to_string().into_any(),
            TextPart::Hashtag(h) => {
                view! { <span class="hashtag">{h.to_string()}</span> }.into_any()
            }
            TextPart::Break => view! { <br/> }.into_any(),
        })
        .collect_view()
}

#[component]
fn PostItem(
    post: Post,
    report: RwSignal<Option<String>>,
    on_deleted: Callback<String>,
) -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let session = use_session();
    let toasts = use_toasts();
    let id = StoredValue::new(post.id.clone());
    let at = post.created_at.with_timezone(&Utc);
    let when = move || match clock.now().map(|now| ago(now, at)) {
        None | Some(Ago::JustNow) => s.ago_just_now.to_string(),
        Some(Ago::Minutes(n)) => (s.ago_minutes)(n),
        Some(Ago::Hours(n)) => (s.ago_hours)(n),
        Some(Ago::Yesterday(t)) => (s.ago_yesterday)(&t),
        Some(Ago::On(d)) => d,
    };
    let like = use_like(
        LikeView {
            count: post.like_count,
            liked: post.liked_by_me,
        },
        move |want| {
            let id = id.get_value();
            async move { set_post_like(&id, want).await }
        },
    );
    let delete = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(s.delete_confirm).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            match delete_post(&id).await {
                Ok(()) | Err(ApiError::NotFound(_)) => {
                    on_deleted.run(id);
                    toasts.show(s.deleted);
                }
                Err(e) => toasts.show(error_message(&e)),
            }
        });
    };
    let time = post.created_at.to_rfc3339();
    view! {
        <li class="post" data-testid="post">
            <header class="post__head">
                <span class="post__author">{post.author.display_name.clone()}</span>
                <time class="post__time" datetime=time>{when}</time>
            </header>
            <p class="post__text" data-testid="post-text">{post_text(&post.text)}</p>
            {post.image_url.clone().map(|src| view! { <img class="post__image" src=src alt="" loading="lazy"/> })}
            <div class="post__actions">
                <button type="button" class="post__action" class:post__action--liked=move || like.like.get().liked
                    aria-pressed=move || like.like.get().liked.to_string() prop:disabled=move || like.pending.get()
                    data-testid="post-like" on:click=move |_| like.toggle.run(())>
                    <span aria-hidden="true">"♥"</span>
                    <span class="visually-hidden">{s.post_like}</span>
                    <span data-testid="post-like-count">{move || like.like.get().count}</span>
                </button>
                <button type="button" class="post__action" on:click=move |_| {
                    if session.is_logged_in() {
                        report.set(Some(id.get_value()));
                    } else if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&login_href(&current_path()));
                    }
                }>{s.report}</button>
                {post.mine.then(|| view! {
                    <button type="button" class="post__action post__action--danger" on:click=delete>{s.delete_post}</button>
                })}
            </div>
        </li>
    }
}

/// Why a post is reported: a sheet with the contract's reasons.
#[component]
fn ReportSheet(report: RwSignal<Option<String>>) -> impl IntoView {
    let s = t();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // A report tried again (after a lost answer) is the same report: same Idempotency-Key.
    let intent = StoredValue::new(IntentKey::<(String, String)>::default());
    // A post to report opens the sheet; closing it forgets the post. Each side only writes when
    // the value really changes, so the two never wake each other up in a loop.
    Effect::new(move |_| {
        if report.read().is_some() && !open.get_untracked() {
            reason.set(String::new());
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() && report.get_untracked().is_some() {
            report.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(id), r) = (report.get_untracked(), reason.get_untracked()) else {
            return;
        };
        if r.is_empty() {
            error.set(Some(s.poll_pick_one.into()));
            return;
        }
        sending.set(true);
        let key = intent
            .try_update_value(|k| k.key_for(&(id.clone(), r.clone())))
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            match report_post(&id, &r, &key).await {
                Ok(_) => {
                    intent.try_update_value(IntentKey::done);
                    open.try_set(false);
                    toasts.show(s.reported);
                }
                Err(e) => {
                    error.try_set(Some(error_message(&e)));
                }
            }
            sending.try_set(false);
        });
    };
    view! {
        <Sheet title=s.report_title open>
            <form class="report-form" on:submit=submit>
                <fieldset class="poll-card__options">
                    <legend class="visually-hidden">{s.report_title}</legend>
                    {s.report_reasons.iter().map(|(value, label)| view! {
                        <label class="poll-option">
                            <input type="radio" name="report-reason" value=*value
                                prop:checked=move || reason.read().as_str() == *value
                                on:change=move |_| reason.set(value.to_string())/>
                            <span>{*label}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="field__error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button button--primary button--block" prop:disabled=move || sending.get()>{s.report_submit}</button>
            </form>
        </Sheet>
    }
}
