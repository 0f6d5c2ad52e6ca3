//! `/volunteers` (点赞科技志愿): search, filters and infinite cards with optimistic likes. The URL
//! query is the whole state. `/volunteers/leaderboard` and `/volunteers/:id` live next door.
mod detail;
mod leaderboard;
mod text;

pub use detail::VolunteerDetailPage;
pub use leaderboard::VolunteerLeaderboardPage;

use crate::api::reference::fetch_regions;
use crate::api::volunteers::list_volunteers;
use crate::components::PagedList;
use crate::components::{RegionSelect, SearchBox, Sheet, VolunteerCard};
use crate::hooks::{use_paged, PagedStatus};
use crate::i18n::t;
use crate::models::{LikeView, Volunteer, VolunteerKind, VolunteerQuery};
use crate::state::{login_href, use_volunteers};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use text::tx;

/// 志愿者 | 排行榜, as links (each view has its own URL).
#[component]
fn VolunteerTabs(board: bool) -> impl IntoView {
    let current = |on: bool| if on { "page" } else { "false" };
    view! {
        <nav class="segmented vol-tabs" aria-label=tx().vol_views_label>
            <a href="/volunteers" class="segmented__item" aria-current=current(!board)>{tx().vol_tab_list}</a>
            <a href="/volunteers/leaderboard" class="segmented__item" aria-current=current(board)>{tx().vol_tab_board}</a>
        </nav>
    }
}

/// 省份: the shared province select (with 全国 first when `all`), on one line.
#[component]
fn ProvinceSelect(
    #[prop(into)] value: Signal<Option<String>>,
    all: bool,
    on_pick: Callback<Option<String>>,
) -> impl IntoView {
    let regions = LocalResource::new(fetch_regions);
    let regions = Signal::derive(move || regions.get().and_then(Result::ok).unwrap_or_default());
    view! {
        <RegionSelect id="vol" regions province=value on_province=on_pick any=all.then_some(tx().vol_all_provinces) inline=true/>
    }
}

/// 今日还可点赞 N 次, once the server said.
#[component]
fn RemainingLikes() -> impl IntoView {
    let state = use_volunteers();
    move || {
        state.remaining.get().map(|n| {
            view! { <p class="vol-remaining" data-testid="remaining-likes">{(tx().vol_remaining)(n)}</p> }
        })
    }
}

/// Offered when a logged-out user taps a like: logging in comes back to the same card.
#[component]
fn LoginSheet() -> impl IntoView {
    let s = t();
    let state = use_volunteers();
    let location = use_location();
    let href = move || {
        let id = state.login_for.get_value();
        let search = location.search.get_untracked();
        let sep = if search.is_empty() { "" } else { "?" };
        login_href(&format!(
            "{}{sep}{search}#vol-{id}",
            location.pathname.get_untracked()
        ))
    };
    view! {
        <Sheet title=tx().vol_login_title open=state.login_open>
            <p>{tx().vol_login_body}</p>
            <a href=href class="button button--primary button--block" on:click=move |_| state.login_open.set(false)>{s.login_cta}</a>
        </Sheet>
    }
}

/// Scrolls the card named by the URL's `#vol-<id>` into view once it is on the page (after
/// coming back from logging in), loading further pages while it is not there yet.
fn use_card_anchor(load_more: Callback<()>) {
    let state = use_volunteers();
    let location = use_location();
    let tries = StoredValue::new(0u8);
    Effect::new(move |_| {
        let hash = location.hash.get();
        if state.list.first.get() != PagedStatus::Ready || !hash.starts_with("#vol-") {
            return;
        }
        let len = state.list.items.read().len();
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&hash[1..]));
        match found {
            Some(el) => request_animation_frame(move || el.scroll_into_view()),
            None if len > 0
                && state.list.next_cursor.read_untracked().is_some()
                && tries.get_value() < 10 =>
            {
                tries.update_value(|t| *t += 1);
                load_more.run(());
            }
            None => {}
        }
    });
}

#[component]
pub fn VolunteersPage() -> impl IntoView {
    let s = t();
    let state = use_volunteers();
    let list = state.list;
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let map = params.read();
        VolunteerQuery::from_params(|k| map.get(k))
    });
    let paged = use_paged(
        list,
        query,
        VolunteerQuery::to_query_string,
        |q: VolunteerQuery, cursor: Option<String>| async move {
            let page = list_volunteers(&q, cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    state.refresh_remaining();
    let navigate = use_navigate();
    let go = move |q: VolunteerQuery, replace: bool| {
        navigate(
            &q.href(),
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        )
    };
    let on_search = {
        let go = go.clone();
        Callback::new(move |text: String| {
            let mut q = query.get_untracked();
            q.q = text;
            go(q, true);
        })
    };
    let on_province = Callback::new(move |code: Option<String>| {
        let mut q = query.get_untracked();
        q.province = code;
        go(q, false);
    });
    // A link to the current query with one thing changed, marked when that is the current choice.
    let choice = move |label: &'static str, change: fn(&mut VolunteerQuery)| {
        let href = move || {
            let mut q = query.get();
            change(&mut q);
            q.href()
        };
        let current = move || {
            let mut q = query.get();
            change(&mut q);
            if q == query.get() {
                "true"
            } else {
                "false"
            }
        };
        view! { <a href=href class="segmented__item" aria-current=current>{label}</a> }
    };

    use_card_anchor(paged.load_more);

    view! {
        <Title text=tx().vol_title/>
        <section class="page volunteers-page">
            <h1 class="page__title">{tx().vol_title}</h1>
            <VolunteerTabs board=false/>
            <SearchBox value=Signal::derive(move || query.read().q.clone()) on_search label=tx().vol_search_label placeholder=tx().vol_search_placeholder/>
            <div class="vol-filters">
                <ProvinceSelect value=Signal::derive(move || query.read().province.clone()) all=true on_pick=on_province/>
                <div class="segmented" role="group" aria-label=tx().vol_kind_label>
                    {choice(tx().vol_kind_all, |q| q.kind = None)}
                    {choice(s.vol_kind_person, |q| q.kind = Some(VolunteerKind::Person))}
                    {choice(s.vol_kind_team, |q| q.kind = Some(VolunteerKind::Team))}
                </div>
                <div class="segmented" role="group" aria-label=tx().vol_sort_label>
                    {choice(tx().vol_sort_likes, |q| q.newest = false)}
                    {choice(tx().vol_sort_newest, |q| q.newest = true)}
                </div>
            </div>
            <div class="search-summary">
                <p class="search-summary__count" aria-live="polite" data-testid="result-count">
                    {move || match (list.first.get(), list.meta.get().flatten()) {
                        (PagedStatus::Ready, Some(n)) => (tx().vol_count)(n),
                        _ => String::new(),
                    }}
                </p>
                <RemainingLikes/>
            </div>
            <PagedList list paged skeletons=4 empty=move || view! {
                <div class="state" data-testid="no-results">
                    <p class="state__title">{tx().vol_empty_title}</p>
                    <p class="state__body">{tx().vol_empty_body}</p>
                    <A href="/volunteers" attr:class="button button--primary">{s.clear_all}</A>
                </div>
            }>
                <ul class="volunteer-list" data-testid="volunteers">
                    <For each=move || list.items.get() key=|v| v.id.clone() let:volunteer>
                        <li><ListCard volunteer/></li>
                    </For>
                </ul>
            </PagedList>
            <LoginSheet/>
        </section>
    }
}

/// What a volunteer's like button shows and does, wired to the app-wide like state.
pub fn like_props(
    v: &Volunteer,
) -> (
    Signal<LikeView>,
    Signal<bool>,
    Signal<Option<String>>,
    Callback<()>,
) {
    let state = use_volunteers();
    let fetched = LikeView {
        count: v.like_count,
        liked: v.liked_by_me_today,
    };
    let id = StoredValue::new(v.id.clone());
    (
        Signal::derive(move || id.with_value(|id| state.like_view(id, fetched))),
        Signal::derive(move || id.with_value(|id| state.is_pending(id))),
        Signal::derive(move || id.with_value(|id| state.error(id))),
        Callback::new(move |_| state.like(id.get_value(), fetched)),
    )
}

#[component]
fn ListCard(volunteer: Volunteer) -> impl IntoView {
    let (like, pending, error, on_like) = like_props(&volunteer);
    view! { <VolunteerCard volunteer like pending error on_like/> }
}
