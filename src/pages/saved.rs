//! `/me/saved`: 我的收藏 — the saved activities, the latest saved first, page by page. Each card
//! opens its activity; its 已收藏 button removes it (at once, back again if the server refuses).
use crate::api::saved::list_saved;
use crate::components::{ActivityCard, PagedList};
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::state::{login_href, use_saved_activities, use_session, ActivitySearch, SearchMeta};
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
