//! `/activities`: keyword search, filters and infinite results. The URL query is the whole state.
mod filters;

use crate::api::activities::search_activities;
use crate::api::reference::{fetch_event_kinds, fetch_regions, fetch_themes};
use crate::components::PagedList;
use crate::components::Remote;
use crate::components::{ActivityCard, SearchBox};
use crate::hooks::use_scroll_restore;
use crate::hooks::{use_paged, use_visibility, PagedStatus};
use crate::i18n::t;
use crate::models::{ActivityQuery, SearchSort};
use crate::state::{use_activity_search, use_near_me, SearchMeta};
use filters::{DayStrip, FilterBar, ReferenceData};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// Results asked for per page.
const PAGE_SIZE: u32 = 20;

/// Navigates to the search for `query`; `replace` for keystrokes, push for filter choices so
/// Back undoes them.
pub fn use_search_navigate() -> impl Fn(&ActivityQuery, bool) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |query: &ActivityQuery, replace: bool| {
        let qs = query.to_query_string();
        let url = if qs.is_empty() {
            "/activities".to_string()
        } else {
            format!("/activities?{qs}")
        };
        navigate(
            &url,
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// The activities section's route: `/activities`, or 我的收藏 at `/me/saved` (its cards, save
/// buttons and list are this section's; one route type, as each costs the first load its own
/// lazy-route code).
#[component]
pub fn ActivitiesPages() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    if path.trim_end_matches('/') == "/me/saved" {
        // Its own code is the late pack `saved`, with the work of the save buttons.
        Suspend::new(crate::sections::my_saved_page()).into_any()
    } else {
        view! { <ActivitiesPage/> }.into_any()
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let s = t();
    let params = use_query_map();
    let near = use_near_me();
    let query = Memo::new(move |_| {
        let map = params.read();
        let mut q = ActivityQuery::from_params(|k| map.get(k));
        // 距离 measures from the URL's city, else the visitor's; without either it cannot sort.
        if q.sort == SearchSort::Distance && q.near.is_none() {
            q.near = near.city_code();
            if q.near.is_none() {
                q.sort = SearchSort::default();
            }
        }
        q
    });
    let search = use_activity_search();
    let paged = use_paged(
        search,
        query,
        ActivityQuery::to_query_string,
        |q: ActivityQuery, cursor: Option<String>| async move {
            let page = search_activities(&q, cursor.as_deref(), PAGE_SIZE).await?;
            Ok((
                page.items,
                page.next_cursor,
                SearchMeta {
                    total: page.total,
                    facets: page.facets,
                },
            ))
        },
    );
    // The three lists are independent: asked for at once, not one after another.
    let reference = LocalResource::new(|| async {
        let (themes, kinds, regions) =
            futures::try_join!(fetch_themes(), fetch_event_kinds(), fetch_regions())?;
        Ok::<_, crate::api::ApiError>(ReferenceData {
            themes,
            kinds,
            regions,
        })
    });
    let go = use_search_navigate();

    // Coming back from a detail page: put the list where it was.
    use_scroll_restore(search);

    let on_search = {
        let go = go.clone();
        Callback::new(move |text: String| {
            let mut q = query.get_untracked();
            q.q = text;
            go(&q, true);
        })
    };
    let keyword = Signal::derive(move || query.read().q.clone());
    let blocks = Memo::new(move |_| search.items.read().len().div_ceil(BLOCK));

    view! {
        <Title text=s.activities_title/>
        <section class="page search-page">
            <h1 class="page__title">{s.activities_title}</h1>
            <SearchBox value=keyword on_search/>
            <Remote resource=reference compact=true skeleton=|| view! { <div class="filter-bar filter-bar--loading" aria-hidden="true"></div> } let:data>
                <FilterBar query data facets=Signal::derive(move || search.meta.get().map(|m| m.facets).unwrap_or_default())/>
            </Remote>
            <DayStrip query/>
            <div class="search-summary">
                <p class="search-summary__count" aria-live="polite" data-testid="result-count">
                    {move || match (search.first.get(), search.meta.get().and_then(|m| m.total)) {
                        (PagedStatus::Ready, Some(n)) => (s.result_count)(n),
                        _ => String::new(),
                    }}
                </p>
                <div class="search-summary__actions">
                    <EndedToggle query/>
                    // Plain links: the router's <A> would mark every link to /activities as the current page.
                    <Show when=move || !query.read().is_empty()>
                        <a href="/activities" class="link-button">{s.clear_all}</a>
                    </Show>
                    // stats: the figures of all published activities (the stats section's own words).
                    <a href="/stats" class="link-button" data-testid="stats-link">{crate::pages::stats::text::tx().link}</a>
                </div>
            </div>
            // Memos, so that appending a page re-renders neither the list nor its blocks.
            <PagedList list=search paged skeletons=4 empty=move || view! { <NoResults query=query.get_untracked()/> }>
                <div class="result-blocks" data-testid="results" data-loaded=move || search.items.read().len()>
                    <For each=move || 0..blocks.get() key=|i| *i let:index>
                        <ResultBlock index/>
                    </For>
                </div>
            </PagedList>
        </section>
    }
}

/// Results per block of the windowed list: small enough that drawing one fits in a frame.
const BLOCK: usize = 10;

/// Which of `len` loaded results block `index` holds (empty past the end).
fn block_range(len: usize, index: usize) -> std::ops::Range<usize> {
    let end = len.min((index + 1) * BLOCK);
    (index * BLOCK).min(end)..end
}

/// A card's height on a phone, for a block not drawn yet whose height is not known either.
const CARD_HEIGHT_GUESS: f64 = 160.0;

/// The box that stands in for a block not drawn: its measured height, or a guess from its cards.
fn placeholder_height(measured: f64, cards: usize) -> f64 {
    if measured > 0.0 {
        measured
    } else {
        cards as f64 * CARD_HEIGHT_GUESS
    }
}

/// One block of results. Blocks far from the viewport (more than ~1.5 screens away) are
/// replaced by an empty box of their measured height, so the page holds a few dozen cards
/// however many thousands are loaded (scripts/bench measures scrolling at 2,000), and the
/// scroll position never moves. A block starts drawn unless its height is already known
/// (coming back to the list); then the observer draws it when it nears the viewport.
#[component]
fn ResultBlock(index: usize) -> impl IntoView {
    let search = use_activity_search();
    let known = search
        .block_heights
        .with_value(|h| h.get(index).copied().filter(|h| *h > 0.0));
    // A new block's cards: the first block's are drawn with the page; a later block's wait for
    // the observer's first report (a frame later, whatever it says), so the first paint is not
    // held up by cards below the fold. After that, only nearness draws or clears a block.
    let drawn = RwSignal::new(known.is_none() && index == 0);
    let draw_on_first_report = StoredValue::new(known.is_none());
    let height = StoredValue::new(known.unwrap_or(0.0));
    let node = NodeRef::<Div>::new();
    use_visibility(
        node,
        "1200px 0px",
        Callback::new(move |(visible, h): (bool, f64)| {
            let first = draw_on_first_report.get_value();
            draw_on_first_report.set_value(false);
            if visible || first {
                drawn.set(true);
            } else if drawn.get_untracked() && h > 0.0 {
                height.set_value(h);
                search.block_heights.update_value(|all| {
                    if all.len() <= index {
                        all.resize(index + 1, 0.0);
                    }
                    all[index] = h;
                });
                drawn.set(false);
            }
        }),
    );
    let items_in_block = move || search.items.with(|all| block_range(all.len(), index).len());
    let items = move || {
        search
            .items
            .with(|all| all[block_range(all.len(), index)].to_vec())
    };
    view! {
        <div node_ref=node class="result-block" style=move || (!drawn.get()).then(|| format!("height:{}px", placeholder_height(height.get_value(), items_in_block()).ceil() as u32))>
            <Show when=move || drawn.get()>
                <ul class="result-list">
                    <For each=items key=|a| a.id.clone() let:activity>
                        <li class="result-list__item"><ActivityCard activity/></li>
                    </For>
                </ul>
            </Show>
        </div>
    }
}

/// 已结束: ended activities are left out unless asked for; this shows only them (most recently
/// ended first), and again brings back what is on now and next.
#[component]
fn EndedToggle(query: Memo<ActivityQuery>) -> impl IntoView {
    let s = t();
    let go = use_search_navigate();
    let on = move || query.read().ended;
    view! {
        <button type="button" class="filter-button" class:filter-button--active=on aria-pressed=move || on().to_string()
            data-testid="show-ended" on:click=move |_| {
                let mut q = query.get_untracked();
                q.ended = !q.ended;
                go(&q, false);
            }>
            {s.show_ended}
        </button>
    }
}

#[component]
fn NoResults(query: ActivityQuery) -> impl IntoView {
    let s = t();
    // Nothing on now or next for this search: the ended ones may still be what was looked for.
    let ended_href = (!query.ended).then(|| {
        let q = ActivityQuery {
            ended: true,
            ..query
        };
        format!("/activities?{}", q.to_query_string())
    });
    view! {
        <div class="state" data-testid="no-results">
            <p class="state__title">{s.no_results_title}</p>
            <p class="state__body">{s.no_results_body}</p>
            {ended_href.map(|href| view! { <a href=href class="link-button">{s.no_results_ended}</a> })}
            <p class="muted">{s.try_keywords}</p>
            <ul class="chips chips--center">
                {s.search_suggestions.iter().map(|k| view! {
                    <li><a href=format!("/activities?q={}", crate::models::encode(k)) class="chip" lang="zh-CN">{*k}</a></li>
                }).collect_view()}
            </ul>
            <a href="/activities" class="button button--primary">{s.clear_all}</a>
        </div>
    }
}
