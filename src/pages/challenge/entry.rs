//! `/challenge/entries/:id`: the player, the author and description, an optimistic like and
//! share.
use super::status_label;
use crate::api::challenges::{fetch_entry, set_entry_like};
use crate::api::ApiError;
use crate::components::{error_message, LikeButton, RemoteErrorFallback};
use crate::i18n::t;
use crate::models::{Entry, EntryStatus, LikeView};
use crate::share::{share_or_copy, ShareOutcome};
use crate::state::{login_href, use_session, use_toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EntryPage() -> impl IntoView {
    let params = use_params_map();
    let entry = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { fetch_entry(&id).await }
    });
    view! {
        <article class="page page--narrow entry-page">
            <Transition fallback=|| view! { <div class="skeleton skeleton--cover" aria-busy="true"></div> }>
                <ErrorBoundary fallback=move |errors| {
                    view! { <RemoteErrorFallback errors on_retry=Callback::new(move |_| entry.refetch())/> }
                }>
                    {move || Suspend::new(async move {
                        let e = entry.await?;
                        Ok::<_, ApiError>(view! { <EntryView entry=e/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </article>
    }
}

#[component]
fn EntryView(entry: Entry) -> impl IntoView {
    let s = t();
    let session = use_session();
    let toasts = use_toasts();
    let like = RwSignal::new(LikeView {
        count: entry.like_count,
        liked: entry.liked_by_me,
    });
    let pending = RwSignal::new(false);
    let id = StoredValue::new(entry.id.clone());
    let on_like = Callback::new(move |_| {
        if !session.is_logged_in() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&login_href(&format!(
                    "/challenge/entries/{}",
                    id.get_value()
                )));
            }
            return;
        }
        if pending.get_untracked() {
            return;
        }
        let before = like.get_untracked();
        let want = !before.liked;
        // Optimistic: change now, roll back with the server's reason if it refuses.
        like.set(LikeView {
            liked: want,
            count: if want {
                before.count + 1
            } else {
                before.count.saturating_sub(1)
            },
        });
        pending.set(true);
        leptos::task::spawn_local(async move {
            match set_entry_like(&id.get_value(), want).await {
                Ok(state) => like.set(LikeView {
                    liked: state.liked,
                    count: state.like_count,
                }),
                Err(e) => {
                    like.set(before);
                    toasts.show(error_message(&e));
                }
            }
            pending.set(false);
        });
    });
    let entry_title = StoredValue::new(entry.title.clone());
    let share = move |_| {
        let url = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let title = entry_title.get_value();
        leptos::task::spawn_local(async move {
            match share_or_copy(&title, &url).await {
                ShareOutcome::Copied => toasts.show(s.link_copied),
                ShareOutcome::Failed => toasts.show(s.share_failed),
                _ => {}
            }
        });
    };
    let approved = entry.status == EntryStatus::Approved;
    view! {
        <Title text=entry.title.clone()/>
        <div class="player player--portrait">
            <video class="player__video" src=entry.playback_url.clone() poster=entry.cover_url.clone()
                controls playsinline preload="metadata" aria-label=entry.title.clone()></video>
        </div>
        <header class="watch-head">
            {(!approved).then(|| view! { <p><span class="tag" data-testid="entry-status">{status_label(entry.status)}</span></p> })}
            <h1 class="watch-head__title" data-testid="entry-title">{entry.title.clone()}</h1>
            <p class="live-card__meta">{entry.author.display_name.clone()}<span class="tag tag--theme">{entry.category.name.clone()}</span></p>
        </header>
        <div class="action-row">
            {approved.then(|| view! { <LikeButton like=like pending=pending on_like/> })}
            <button type="button" class="button button--ghost" on:click=share>{s.share}</button>
        </div>
        {(!entry.description.is_empty()).then(|| view! { <p class="prose">{entry.description.clone()}</p> })}
        {entry.reject_reason.clone().map(|r| view! { <p class="field__error">{(s.reject_reason)(&r)}</p> })}
        <A href="/challenge" attr:class="button button--ghost">{s.back_to_challenge}</A>
    }
}
