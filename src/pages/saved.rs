//! `/me/saved`: 我的收藏 — the saved activities, the latest saved first, page by page. Each card
//! opens its activity; its 已收藏 button removes it (at once, back again if the server refuses).
//!
//! With the work of `crate::state::saved` (loading the ids, saving and removing): the late pack
//! `saved` (`crate::sections::my_saved_page`, `crate::sections::saved_work`), not the
//! activities pack its buttons are in.
use crate::api::saved::{list_saved, saved_ids, set_saved};
use crate::components::{error_message, ActivityCard, PagedList};
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::state::saved::SavedWork;
use crate::state::{
    login_href, use_saved_activities, use_session, ActivitySearch, SavedActivities, SearchMeta,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MySavedPage() -> impl IntoView {
    let s = t();
    let session = use_session();
    view! {
        <Title text=s.my_saved/>
        <section class="page page--narrow">
            <h1 class="page__title">{s.my_saved}</h1>
            <Show when=move || session.is_logged_in() fallback=move || view! {
                <p class="state" data-testid="login-prompt">
                    <A href=login_href("/me/saved") attr:class="button button--primary">{s.login_cta}</A>
                </p>
            }>
                <MySaved/>
            </Show>
        </section>
    }
}

#[component]
fn MySaved() -> impl IntoView {
    let s = t();
    let saved = use_saved_activities();
    // Fetched afresh on every visit: it is short, and changes from any page. The search's own
    // list type, so the list code is the search's.
    let list: ActivitySearch = PagedState::new();
    let paged = use_paged(
        list,
        Memo::new(|_| ()),
        |_: &()| String::new(),
        |_: (), cursor: Option<String>| async move {
            let page = list_saved(cursor.as_deref()).await?;
            let meta = SearchMeta {
                total: page.total,
                facets: page.facets,
            };
            Ok((page.items, page.next_cursor, meta))
        },
    );
    // What was removed here (or anywhere since) leaves the list at once.
    let shown = move || {
        list.items
            .get()
            .into_iter()
            .filter(|a| saved.is_saved(&a.id) != Some(false))
            .collect::<Vec<_>>()
    };
    let empty = ViewFn::from(move || {
        view! {
            <div class="state" data-testid="saved-empty">
                <p class="state__title">{s.saved_empty}</p>
                <A href="/activities" attr:class="button button--primary">{s.saved_browse}</A>
            </div>
        }
    });
    view! {
        <PagedList list paged empty=empty.clone()>
            <Show when=move || !shown().is_empty() fallback=empty.clone()>
                <ul class="result-list" data-testid="saved-list">
                    <For each=shown key=|a| a.id.clone() let:activity>
                        <li class="result-list__item"><ActivityCard activity/></li>
                    </For>
                </ul>
            </Show>
        </PagedList>
    }
}

/// Does what a button (or the login) asked of `state` (`crate::state::saved`).
pub fn saved_work(state: SavedActivities, work: SavedWork) {
    match work {
        SavedWork::Load => load(state),
        SavedWork::Toggle(id) => {
            let want = state.is_saved(&id) != Some(true);
            send(state, id, want, None);
        }
        SavedWork::Save(id) => {
            if state.is_saved(&id) != Some(true) {
                send(state, id, true, Some(t().intent_saved));
            }
        }
    }
}

fn load(state: SavedActivities) {
    let started = state.writes.get_value();
    leptos::task::spawn_local(async move {
        let answer = saved_ids().await;
        if state.writes.try_get_value() != Some(started) {
            // A save or unsave finished meanwhile: this answer may not include it.
            return load(state);
        }
        // On failure the buttons stay unknown (shown unsaved); a tap still works and says
        // what failed.
        if let Ok(saved) = answer {
            state.ids.try_set(Some(saved.ids));
        }
    });
}

fn send(state: SavedActivities, id: String, want: bool, done: Option<&'static str>) {
    if state
        .pending
        .with_untracked(|p| p.iter().any(|(p, _)| *p == id))
    {
        return;
    }
    state.pending.update(|p| p.push((id.clone(), want)));
    leptos::task::spawn_local(async move {
        let answer = set_saved(&id, want).await;
        state.writes.update_value(|w| *w += 1);
        if answer.is_ok() {
            let unknown = state.ids.with_untracked(Option::is_none);
            state.ids.update(|ids| {
                let ids = ids.get_or_insert_with(Vec::new);
                ids.retain(|x| *x != id);
                if want {
                    ids.insert(0, id.clone());
                }
            });
            if unknown {
                // The rest was not known yet: the whole list, now with this write in it.
                load(state);
            }
        }
        // Settled (or rolled back): the button shows the known state again.
        state.pending.update(|p| p.retain(|(p, _)| *p != id));
        match answer {
            Ok(()) => done.into_iter().for_each(|d| state.toasts.show(d)),
            Err(e) => state.toasts.show(error_message(&e)),
        }
    });
}
