//! `/challenge/entries/:id`: the player, the author and description, an optimistic like and
//! share.
use super::page_text::page_tx;
use super::resubmit::ResubmitForm;
use super::status_label;
use super::text::tx;
use crate::api::challenges::{fetch_entry, set_entry_like, withdraw_entry};
use crate::components::error_message;
use crate::components::{LikeButton, Remote};
use crate::hooks::{use_item, use_like, use_share};
use crate::i18n::t;
use crate::models::{Entry, EntryStatus, LikeView};
use crate::state::{use_session, use_toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EntryPage() -> impl IntoView {
    let entry = use_item(|id| async move { fetch_entry(&id).await });
    view! {
        <article class="page page--narrow entry-page">
            // The section's name until the item (or its error) is known: a page always has a title.
            <Title text=t().section_challenge/>
            <Remote resource=entry let:value>
                <EntryView entry=value on_changed=Callback::new(move |()| entry.refetch())/>
            </Remote>
        </article>
    }
}

#[component]
fn EntryView(entry: Entry, on_changed: Callback<()>) -> impl IntoView {
    let s = t();
    let session = use_session();
    let mine = session.user().is_some_and(|u| u.id == entry.author.id);
    let id = entry.id.clone();
    let initial = LikeView::of(entry.like_count, entry.liked_by_me);
    let like = use_like(
        (crate::state::IntentKind::LikeEntry, entry.id.clone()),
        initial,
        move |want| set_entry_like(id.clone(), want),
    );
    let share = use_share();
    let entry_title = entry.title.clone();
    let approved = entry.status == EntryStatus::Approved;
    view! {
        <Title text=entry.title.clone()/>
        <div class="player player--portrait">
            <video class="player__video" src=entry.playback_url.clone() poster=entry.cover_url.clone()
                controls playsinline preload="metadata" aria-label=entry.title.clone()></video>
        </div>
        <header class="watch-head">
            {(!approved).then(|| view! { <p><span class="tag" data-testid="entry-status">{status_label(entry.status)}</span></p> })}
            <h1 class="watch-head__title" data-testid="entry-title" lang=crate::i18n::api_lang()>{entry.title.clone()}</h1>
            <p class="live-card__meta"><span lang=crate::i18n::api_lang()>{entry.author.display_name.clone()}</span><span class="tag tag--theme" lang=crate::i18n::api_lang()>{entry.category.name.clone()}</span></p>
        </header>
        // Only an approved entry can be seen by others: nothing to like or share before.
        {approved.then(|| view! {
            <div class="action-row">
                <LikeButton like=like.like pending=like.pending on_like=like.toggle/>
                <button type="button" class="button button--ghost" on:click=move |_| share.run(entry_title.clone())>{s.share}</button>
            </div>
        })}
        {(!entry.description.is_empty()).then(|| view! { <p class="prose" lang=crate::i18n::api_lang()>{entry.description.clone()}</p> })}
        {entry.reject_reason.clone().map(|r| view! { <p class="field__error entry-rejection" data-testid="entry-rejection">{(tx().reject_reason)(&r)}</p> })}
        {(entry.status == EntryStatus::Rejected && mine).then(|| view! { <RejectedActions entry=entry.clone() on_changed/> })}
        <A href="/challenge" attr:class="button button--ghost">{page_tx().back_to_challenge}</A>
    }
}

/// What the author of a rejected entry may do: 重新提交 with a new video (the form opens in
/// place, `?resubmit=1` in the URL so a reload keeps it open) or 撤回.
#[component]
fn RejectedActions(entry: Entry, on_changed: Callback<()>) -> impl IntoView {
    let query = use_query_map();
    let open = Memo::new(move |_| query.read().get("resubmit").is_some());
    let toasts = use_toasts();
    let navigate = leptos_router::hooks::use_navigate();
    let here = format!("/challenge/entries/{}", entry.id);
    let id = entry.id.clone();
    let entry = StoredValue::new(entry);
    let on_done = Callback::new(move |_: Entry| {
        toasts.show(page_tx().resub_done);
        navigate(&here, Default::default());
        on_changed.run(());
    });
    view! {
        <Show when=move || !open.get()>
            <div class="action-row entry-page__owner">
                <A href=format!("/challenge/entries/{}?resubmit=1", entry.with_value(|e| e.id.clone()))
                    attr:class="button button--primary" attr:data-testid="resubmit-open">{tx().resub_cta}</A>
                <WithdrawButton id=id.clone()/>
            </div>
        </Show>
        <Show when=move || open.get()>
            <ResubmitForm entry=entry.get_value() on_done/>
        </Show>
    }
}

/// 撤回: a rejected entry's author takes it back (after confirming); then to 我的.
#[component]
fn WithdrawButton(id: String) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = leptos_router::hooks::use_navigate();
    let withdraw = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { withdraw_entry(&id).await }
    });
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(())) => {
            toasts.show(page_tx().entry_withdrawn);
            navigate("/me", Default::default());
        }
        Some(Err(e)) => toasts.show(error_message(&e)),
        None => {}
    });
    view! {
        <button type="button" class="button button--ghost" data-testid="withdraw" prop:disabled=move || withdraw.pending().get()
            on:click=move |_| {
                let ok = window().confirm_with_message(page_tx().entry_withdraw_confirm).unwrap_or(false);
                if ok {
                    withdraw.dispatch(id.clone());
                }
            }>{page_tx().entry_withdraw}</button>
    }
}
