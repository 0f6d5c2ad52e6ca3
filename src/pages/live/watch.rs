//! `/live/:id`: the player (MP4 in `<video>`; HLS where the browser plays it natively, else a
//! link out), the stream's details, share, 预约提醒 and related streams. What the player shows
//! follows the server-corrected clock: an upcoming stream switches to live by itself.
use super::text::tx;
use crate::api::livestreams::fetch_livestream;
use crate::components::{
    use_live_status, Icon, IconName, LiveBadge, LiveCard, ReminderButton, Remote,
};
use crate::format::time_range;
use crate::hooks::{use_item, use_share};
use crate::i18n::t;
use crate::models::{LiveStatus, Livestream, LivestreamDetail, PlaybackType};
use crate::state::use_live_list;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

#[component]
pub fn WatchPage() -> impl IntoView {
    let detail = use_item(|id| async move { fetch_livestream(&id).await });
    view! {
        <article class="page page--narrow watch-page">
            // The section's name until the item (or its error) is known: a page always has a title.
            <Title text=t().section_live/>
            <Remote resource=detail skeleton=|| view! { <WatchSkeleton/> } let:value>
                <Watch detail=value/>
            </Remote>
        </article>
    }
}

#[component]
fn Watch(detail: LivestreamDetail) -> impl IntoView {
    let LivestreamDetail {
        stream,
        description,
        related,
    } = detail;
    let status = use_live_status(&stream);
    let when = time_range(&stream.starts_at, &stream.ends_at);
    let title = stream.title.clone();
    let player_stream = stream.clone();
    let reminder = stream.clone();
    view! {
        <Title text=title.clone()/>
        <div class="player" data-testid="player">
            {move || {
                let st = player_stream.clone();
                match status.get() {
                    LiveStatus::Upcoming => view! { <UpcomingPoster stream=st/> }.into_any(),
                    now => view! { <Player stream=st live=now == LiveStatus::Live/> }.into_any(),
                }
            }}
        </div>
        <header class="watch-head">
            <p class="live-card__status"><LiveBadge stream=stream.clone() status/></p>
            <h1 class="watch-head__title" data-testid="stream-title" lang=crate::i18n::api_lang()>{title.clone()}</h1>
            <p class="live-card__meta"><Icon name=IconName::Building/><span lang=crate::i18n::api_lang()>{stream.organizer.name.clone()}</span></p>
            <p class="live-card__meta"><Icon name=IconName::Clock/>{when}<span class="tag tag--theme" lang=crate::i18n::api_lang()>{stream.theme.name.clone()}</span></p>
        </header>
        <div class="action-row">
            <Show when=move || status.get() == LiveStatus::Upcoming>
                <ReminderButton stream=reminder.clone()/>
            </Show>
            <ShareButton title=title/>
        </div>
        <section class="watch-section">
            <h2 class="section-title">{tx().stream_description}</h2>
            <p class="prose" lang=crate::i18n::api_lang()>{description}</p>
        </section>
        {(!related.is_empty()).then(|| view! {
            <section class="watch-section">
                <h2 class="section-title">{tx().related_streams}</h2>
                <ul class="live-list">
                    {related.into_iter().map(|stream| view! { <li><LiveCard stream/></li> }).collect_view()}
                </ul>
            </section>
        })}
        <BackToLive/>
    }
}

/// Whether this browser plays HLS in `<video>` by itself (Safari, most phones' browsers).
fn plays_hls_natively() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("video").ok())
        .and_then(|v| v.dyn_into::<web_sys::HtmlMediaElement>().ok())
        .is_some_and(|v| !v.can_play_type("application/vnd.apple.mpegurl").is_empty())
}

#[component]
fn Player(stream: Livestream, live: bool) -> impl IntoView {
    let s = t();
    let src = if live {
        stream.playback_url.clone()
    } else {
        stream
            .replay_url
            .clone()
            .unwrap_or_else(|| stream.playback_url.clone())
    };
    let failed = RwSignal::new(false);
    let is_hls = stream.playback_type == PlaybackType::Hls && src.contains(".m3u8");
    if is_hls && !plays_hls_natively() {
        return view! {
            <div class="player__fallback" data-testid="hls-fallback">
                <p>{tx().hls_unsupported}</p>
                <a class="button button--primary" href=src target="_blank" rel="noopener noreferrer">{tx().open_stream}</a>
            </div>
        }
        .into_any();
    }
    let video = NodeRef::<leptos::html::Video>::new();
    let retry = move |_| {
        failed.set(false);
        if let Some(v) = video.get() {
            v.load();
        }
    };
    view! {
        <video
            node_ref=video
            class="player__video"
            src=src
            poster=stream.cover_url.clone()
            controls
            playsinline
            preload="metadata"
            loop=live
            aria-label=stream.title.clone()
            on:error=move |_| failed.set(true)
        ></video>
        <Show when=move || failed.get()>
            <div class="player__error" role="alert">
                <p>{tx().video_failed}</p>
                <button type="button" class="button button--primary" on:click=retry>{s.retry}</button>
            </div>
        </Show>
    }
    .into_any()
}

#[component]
fn UpcomingPoster(stream: Livestream) -> impl IntoView {
    view! {
        <div class="player__poster">
            <img src=stream.cover_url.clone() alt="" width="640" height="360"/>
        </div>
    }
}

#[component]
fn ShareButton(title: String) -> impl IntoView {
    let s = t();
    let title = StoredValue::new(title);
    let share_page = use_share();
    let share = move |_| share_page.run(title.get_value());
    view! {
        <button type="button" class="button button--ghost" on:click=share>
            <Icon name=IconName::Arrow/>{s.share}
        </button>
    }
}

/// Back to the list: history back when we came from it (its tab, day and scroll return),
/// otherwise a link.
#[component]
fn BackToLive() -> impl IntoView {
    let came_from_list = use_live_list().key.get_untracked().is_some();
    if came_from_list {
        view! {
            <button type="button" class="button button--ghost" on:click=move |_| {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) { let _ = h.back(); }
            }>{tx().back_to_live}</button>
        }
        .into_any()
    } else {
        view! { <A href="/live" attr:class="button button--ghost">{tx().back_to_live}</A> }
            .into_any()
    }
}

#[component]
fn WatchSkeleton() -> impl IntoView {
    view! {
        <div aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{t().loading}</span>
            <div class="skeleton skeleton--cover" aria-hidden="true"></div>
            <div class="skeleton skeleton--title" aria-hidden="true"></div>
        </div>
    }
}
