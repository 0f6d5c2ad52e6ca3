//! The post list of a topic. Post text is shown as text: hashtags and line breaks are made
//! into elements by [`text_parts`], never by parsing HTML. A hashtag is a link: the topic's own
//! opens the topic, any other the topic's posts filtered by it (`?tag=` in the URL).
use super::report_sheet::ReportSheet;
use super::text::tx;
use crate::api::activities::encode_segment;
use crate::api::topics::{count_new_posts, delete_post, list_posts, set_post_like};
use crate::api::ApiError;
use crate::components::error_message;
use crate::components::PagedList;
use crate::format::{ago, Ago};
use crate::hooks::{use_like, use_paged, PagedState, PagedStatus};
use crate::i18n::t;
use crate::models::{text_parts, LikeView, Post, PostSort, TextPart};
use crate::state::{current_path, login_href, use_clock, use_session, use_toasts};
use chrono::Utc;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

/// How often the page asks whether there are newer posts (while visible).
const NEW_POSTS_EVERY: Duration = Duration::from_secs(20);

/// The hashtag's text without its `#`s (`#点亮好奇心#` → `点亮好奇心`).
pub(super) fn tag_text(hashtag: &str) -> &str {
    hashtag.trim_matches('#')
}

/// Latest or hot posts (`?sort=hot` in the URL), only those with a hashtag when `?tag=` names
/// one, with a "有 N 条新内容" banner from polling.
#[component]
pub fn PostList(
    topic_id: String,
    /// The topic's own hashtag: tapping it in a post opens the topic unfiltered.
    hashtag: String,
    published: RwSignal<Option<Post>>,
) -> impl IntoView {
    let s = t();
    let params = use_query_map();
    let sort = Memo::new(move |_| PostSort::from_param(params.read().get("sort").as_deref()));
    let tag = Memo::new(move |_| {
        params
            .read()
            .get("tag")
            .map(|t| tag_text(&t).to_string())
            .filter(|t| !t.is_empty())
    });
    let query = Memo::new(move |_| (sort.get(), tag.get()));
    let list = PagedState::<Post, ()>::new();
    let topic = StoredValue::new(topic_id);
    let own_tag = StoredValue::new(hashtag);
    let paged = use_paged(
        list,
        query,
        |(s, tag): &(PostSort, Option<String>)| {
            format!("{}|{}", s.as_str(), tag.as_deref().unwrap_or_default())
        },
        move |(sort, tag): (PostSort, Option<String>), cursor: Option<String>| async move {
            let page =
                list_posts(&topic.get_value(), sort, tag.as_deref(), cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, ()))
        },
    );
    // A post the composer published goes on top at once (latest order), also when it was
    // published before the first page arrived (a post finished right after login): that page
    // replaces the items, so the post is put back once the page is there.
    Effect::new(move |_| {
        let loaded = list.first.with(|f| *f == PagedStatus::Ready);
        if let Some(post) = published.get().filter(|_| loaded) {
            list.items.update(|items| {
                if !items.iter().any(|p| p.id == post.id) {
                    items.insert(0, post);
                }
            });
        }
    });
    let new_count = use_new_posts(topic, list);
    let report = RwSignal::new(None::<String>);
    let base = move || topic.with_value(|id| format!("/topics/{id}"));
    let tag_query = move || {
        tag.get()
            .map(|t| format!("tag={}", encode_segment(&t)))
            .unwrap_or_default()
    };
    let sort_href = move |hot: bool| {
        let mut q = vec![];
        if hot {
            q.push("sort=hot".to_string());
        }
        let t = tag_query();
        if !t.is_empty() {
            q.push(t);
        }
        if q.is_empty() {
            base()
        } else {
            format!("{}?{}", base(), q.join("&"))
        }
    };
    let links = PostLinks {
        topic_href: StoredValue::new(topic.with_value(|id| format!("/topics/{id}"))),
        own_tag,
    };
    view! {
        <section class="posts" aria-labelledby="posts-heading">
            <h2 id="posts-heading" class="visually-hidden">{tx().composer_label}</h2>
            <nav class="live-tabs posts__sort" aria-label=s.posts_sort_label>
                <a href=move || sort_href(false) class="live-tab" aria-current=move || (sort.get() == PostSort::Latest).then_some("page")>{s.sort_latest}</a>
                <a href=move || sort_href(true) class="live-tab" aria-current=move || (sort.get() == PostSort::Hot).then_some("page")>{tx().sort_hot}</a>
            </nav>
            {move || tag.get().map(|t| view! {
                <p class="posts__filter" data-testid="tag-filter">
                    <span>{(tx().posts_tagged)(&t)}</span>
                    <a href=base class="link-button">{tx().posts_all}</a>
                </p>
            })}
            <Show when=move || { new_count.get() > 0 && tag.read().is_none() }>
                <button type="button" class="new-posts" data-testid="new-posts" on:click=move |_| {
                    new_count.set(0);
                    paged.reload.run(());
                }>{move || (tx().new_posts)(new_count.get())}</button>
            </Show>
            <PagedList list paged skeletons=2 infinite=false empty=move || view! { <p class="state__body posts__empty">{tx().no_posts}</p> }>
                <ul class="post-list" data-testid="posts">
                    <For each=move || list.items.get() key=|p| p.id.clone() let:post>
                        <PostItem post report links on_deleted=Callback::new(move |id: String| list.items.update(|v| v.retain(|p| p.id != id)))/>
                    </For>
                </ul>
            </PagedList>
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

/// Where a post's hashtags lead.
#[derive(Clone, Copy)]
struct PostLinks {
    topic_href: StoredValue<String>,
    own_tag: StoredValue<String>,
}

impl PostLinks {
    fn of(&self, hashtag: &str) -> String {
        let base = self.topic_href.get_value();
        let tag = tag_text(hashtag);
        if self.own_tag.with_value(|own| tag_text(own) == tag) {
            base
        } else {
            format!("{base}?tag={}", encode_segment(tag))
        }
    }
}

/// Post text as nodes: text, hashtag links and `<br>`s.
fn post_text(text: &str, links: PostLinks) -> impl IntoView {
    text_parts(text)
        .into_iter()
        .map(|part| match part {
            TextPart::Text(t) => t.to_string().into_any(),
            TextPart::Hashtag(h) => {
                view! { <a class="hashtag" href=links.of(h) data-testid="hashtag">{h.to_string()}</a> }.into_any()
            }
            TextPart::Break => view! { <br/> }.into_any(),
        })
        .collect_view()
}

#[component]
fn PostItem(
    post: Post,
    report: RwSignal<Option<String>>,
    links: PostLinks,
    on_deleted: Callback<String>,
) -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let session = use_session();
    let toasts = use_toasts();
    let id = StoredValue::new(post.id.clone());
    let at = post.created_at.with_timezone(&Utc);
    let when = move || match clock.now().map(|now| ago(now, at)) {
        None | Some(Ago::JustNow) => tx().ago_just_now.to_string(),
        Some(Ago::Minutes(n)) => (tx().ago_minutes)(n),
        Some(Ago::Hours(n)) => (tx().ago_hours)(n),
        Some(Ago::Yesterday(t)) => (tx().ago_yesterday)(&t),
        Some(Ago::On(d)) => d,
    };
    let navigate = use_navigate();
    let online = crate::state::use_online();
    let initial = LikeView::of(post.like_count, post.liked_by_me);
    let like = use_like(
        (crate::state::IntentKind::LikePost, post.id.clone()),
        initial,
        move |want| set_post_like(id.get_value(), want),
    );
    let delete = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(tx().delete_confirm).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            match delete_post(&id).await {
                Ok(()) | Err(ApiError::NotFound(_)) => {
                    on_deleted.run(id);
                    toasts.show(tx().deleted);
                }
                Err(e) => toasts.show(error_message(&e)),
            }
        });
    };
    let time = post.created_at.to_rfc3339();
    let hidden_for_me = post.hidden && !post.mine;
    view! {
        <li class="post" data-testid="post">
            <header class="post__head">
                <span class="post__author" lang=crate::i18n::api_lang()>{post.author.display_name.clone()}</span>
                <time class="post__time" datetime=time>{when}</time>
            </header>
            // Hidden by a moderator: others read only that (the server sends them no text).
            <p class="post__text" class:post__text--hidden=hidden_for_me data-testid="post-text" lang=crate::i18n::api_lang()>
                {hidden_for_me.then_some(tx().post_hidden)}{post_text(&post.text, links)}
            </p>
            {post.hidden_reason.clone().filter(|_| post.mine).map(|r| view! { <p class="field__error" data-testid="post-hidden-reason">{(tx().post_hidden_reason)(&r)}</p> })}
            {post.image_url.clone().map(|src| view! { <img class="post__image" src=src alt="" loading="lazy"/> })}
            <div class="post__actions">
                <button type="button" class="post__action" class:post__action--liked=move || like.like.get().liked
                    aria-pressed=move || like.like.get().liked.to_string() prop:disabled=move || like.pending.get() || !online.get()
                    data-testid="post-like" on:click=move |_| like.toggle.run(())>
                    <span aria-hidden="true">"♥"</span>
                    <span class="visually-hidden">{tx().post_like}</span>
                    <span data-testid="post-like-count">{move || like.like.get().count}</span>
                </button>
                <button type="button" class="post__action" on:click=move |_| {
                    if session.is_logged_in() {
                        report.set(Some(id.get_value()));
                    } else {
                        navigate(&login_href(&current_path()), Default::default());
                    }
                }>{tx().report}</button>
                {post.mine.then(|| view! {
                    <button type="button" class="post__action post__action--danger" prop:disabled=move || !online.get() on:click=delete>{tx().delete_post}</button>
                })}
            </div>
            <crate::state::OfflineNote reason=s.offline_like/>
        </li>
    }
}
