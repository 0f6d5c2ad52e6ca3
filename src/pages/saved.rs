//! `/me/saved`: 我的收藏 — the saved activities, the latest saved first, page by page. Each card
//! opens its activity; its 已收藏 button removes it (at once, back again if the server refuses).
use crate::api::saved::list_saved;
use crate::components::{ActivityCard, PagedList};
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::models::SavedActivity;
use crate::state::{login_href, use_saved_activities, use_session};
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
    // Fetched afresh on every visit: it is short, and changes from any page.
    let list = PagedState::<SavedActivity, ()>::new();
    let paged = use_paged(
        list,
        Memo::new(|_| ()),
        |_: &()| String::new(),
        |_: (), cursor: Option<String>| async move {
            let page = list_saved(cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, ()))
        },
    );
    // What was removed here (or anywhere since) leaves the list at once.
    let shown = move || {
        list.items
            .get()
            .into_iter()
            .filter(|i| saved.is_saved(&i.activity.id) != Some(false))
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
                    <For each=shown key=|i| i.activity.id.clone() let:item>
                        <li class="result-list__item">
                            {item.cancelled().then(|| view! { <span class="tag saved-cancelled">{s.saved_cancelled}</span> })}
                            <ActivityCard activity=item.activity/>
                        </li>
                    </For>
                </ul>
            </Show>
        </PagedList>
    }
}
