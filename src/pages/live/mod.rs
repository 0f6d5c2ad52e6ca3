//! `/live`: 正在直播 / 即将开始 / 精彩回放 tabs, a day strip for the edition week and a theme
//! filter — all of it in the URL (`/live?status=upcoming&date=2021-09-13&theme=space`).
mod text;
mod watch;

pub use watch::WatchPage;

use crate::api::livestreams::{fetch_viewers, list_livestreams};
use crate::api::reference::fetch_themes;
use crate::components::LiveCard;
use crate::components::PagedList;
use crate::components::{use_day_strip, DayChipLabel, DayStripParts};
use crate::hooks::use_paged;
use crate::hooks::use_scroll_restore;
use crate::i18n::t;
use crate::models::{LiveQuery, LiveStatus};
use crate::state::{use_clock, use_live_list, use_live_viewers};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;
use text::tx;

const PAGE_SIZE: u32 = 20;
/// How often live viewer counts are refreshed while the tab is visible.
const VIEWERS_EVERY: Duration = Duration::from_secs(15);

fn live_href(q: &LiveQuery) -> String {
    let qs = q.to_query_string();
    if qs.is_empty() {
        "/live".into()
    } else {
        format!("/live?{qs}")
    }
}

fn tab_label(status: LiveStatus) -> &'static str {
    match status {
        LiveStatus::Live => tx().tab_live,
        LiveStatus::Upcoming => tx().tab_upcoming,
        LiveStatus::Replay => tx().tab_replay,
    }
}

#[component]
pub fn LivePage() -> impl IntoView {
    let s = t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let map = params.read();
        LiveQuery::from_params(|k| map.get(k))
    });
    let list = use_live_list();
    let paged = use_paged(
        list,
        query,
        |q: &LiveQuery| q.to_query_string(),
        |q: LiveQuery, cursor: Option<String>| async move {
            let page = list_livestreams(&q, cursor.as_deref(), PAGE_SIZE).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    let themes = LocalResource::new(fetch_themes);
    use_viewer_refresh();

    // Coming back from a watch page: put the list where it was.
    use_scroll_restore(list);

    view! {
        <Title text=s.section_live/>
        <section class="page live-page">
            <h1 class="page__title">{s.section_live}</h1>
            // Plain links (the router still handles them): its <A> marks every link to /live as
            // the current page, whatever the query, which made all tabs and days look chosen.
            <nav class="live-tabs" aria-label=tx().live_tabs_label>
                {[LiveStatus::Live, LiveStatus::Upcoming, LiveStatus::Replay].into_iter().map(|status| {
                    let href = move || live_href(&LiveQuery { status, ..query.get() });
                    let current = move || (query.read().status == status).then_some("page");
                    view! {
                        <a href=href class="live-tab" aria-current=current data-status=status.as_str()>
                            {(status == LiveStatus::Live).then(|| view! { <span class="live-dot" aria-hidden="true"></span> })}
                            {tab_label(status)}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <LiveDayStrip query/>
            <ThemeSelect query themes=Signal::derive(move || themes.get().and_then(Result::ok).unwrap_or_default())/>
            <PagedList list paged skeletons=3 empty=move || view! { <NoStreams status=query.get_untracked().status/> }>
                <ul class="live-list" data-testid="streams">
                    <For each=move || list.items.get() key=|st| st.id.clone() let:stream>
                        <li><LiveCard stream/></li>
                    </For>
                </ul>
            </PagedList>
        </section>
    }
}

/// Every 15 s while the page is visible, fresh viewer counts for the streams that are live now
/// (by the server clock) among those loaded — at most 50 per request, as the API allows.
fn use_viewer_refresh() {
    let list = use_live_list();
    let viewers = use_live_viewers();
    let clock = use_clock();
    let refresh = move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        let Some(now) = clock.now_untracked() else {
            return;
        };
        if !visible {
            return;
        }
        let ids: Vec<String> = list.items.with_untracked(|items| {
            items
                .iter()
                .filter(|st| st.status_at(now) == LiveStatus::Live)
                .take(50)
                .map(|st| st.id.clone())
                .collect()
        });
        if ids.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(counts) = fetch_viewers(&ids).await {
                viewers.0.update(|map| {
                    for c in counts.items {
                        if let Some(n) = c.viewer_count {
                            map.insert(c.id, n);
                        }
                    }
                });
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(refresh, VIEWERS_EVERY) {
        on_cleanup(move || handle.clear());
    }
}

/// 全部日期 plus one link per day of the edition week (from the edition endpoint), today marked
/// by the server clock and in view.
#[component]
fn LiveDayStrip(query: Memo<LiveQuery>) -> impl IntoView {
    let s = t();
    let DayStripParts { days, today, strip } = use_day_strip();
    view! {
        <ul class="day-strip" aria-label=s.day_chip_label node_ref=strip>
            <li>
                <a href=move || live_href(&LiveQuery { date: None, ..query.get() }) class="day-chip day-chip--all"
                    aria-current=move || query.read().date.is_none().then_some("page")>
                    <span class="day-chip__date">{tx().all_days}</span>
                </a>
            </li>
            {move || days.get().into_iter().map(|day| view! {
                <li>
                    <a href=move || live_href(&LiveQuery { date: Some(day), ..query.get() }) class="day-chip"
                        class:day-chip--today=move || today.get() == Some(day)
                        aria-current=move || (query.read().date == Some(day)).then_some("page")
                        data-date=crate::models::wire_time::format_date(day)>
                        <DayChipLabel day today/>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The theme filter: a native select (compact on phones), navigating on change.
#[component]
fn ThemeSelect(query: Memo<LiveQuery>, themes: Signal<Vec<crate::models::Theme>>) -> impl IntoView {
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let q = LiveQuery {
            theme: (!value.is_empty()).then_some(value),
            ..query.get_untracked()
        };
        navigate(
            &live_href(&q),
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    view! {
        <div class="field field--inline live-theme">
            <label for="live-theme">{tx().theme_filter_label}</label>
            <select id="live-theme" class="select" on:change=on_change
                prop:value=move || query.read().theme.clone().unwrap_or_default()>
                <option value="">{tx().all_themes}</option>
                {move || themes.get().into_iter().map(|th| {
                    let selected = query.read_untracked().theme.as_deref() == Some(th.id.as_str());
                    view! { <option value=th.id.clone() selected=selected>{th.name.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn NoStreams(status: LiveStatus) -> impl IntoView {
    let title = match status {
        LiveStatus::Live => tx().live_empty_live,
        LiveStatus::Upcoming => tx().live_empty_upcoming,
        LiveStatus::Replay => tx().live_empty_replay,
    };
    let other = if status == LiveStatus::Live {
        LiveStatus::Upcoming
    } else {
        LiveStatus::Live
    };
    view! {
        <div class="state" data-testid="no-streams">
            <p class="state__title">{title}</p>
            <p class="state__body">{tx().live_empty_body}</p>
            <a href=live_href(&LiveQuery { status: other, ..LiveQuery::default() }) class="button button--primary">{tab_label(other)}</a>
        </div>
    }
}
