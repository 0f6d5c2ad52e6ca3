//! Home's "what can I do now?" lists (`GET /now`): live now with viewer counts, what starts in the
//! next hours, today's activities near the visitor's city, the challenge's progress — each a short
//! horizontal strip linking into its section.
//!
//! Data, not code in the main module: this view is the `now` split point (src/sections.rs), loaded
//! once the shell has painted; the home page shows a skeleton until then.
#[path = "now_text.rs"]
mod text;

use crate::api::now::fetch_now;
use crate::components::activity_card::place_line;
use crate::components::{use_live_status, Icon, IconName, LiveBadge, Remote};
use crate::format::{clock_time, count, to_cst};
use crate::i18n::t;
use crate::models::{ActivityQuery, ActivitySummary, Livestream, Now, NowChallenge, SearchSort};
use crate::pages::near_me::CityButton;
use crate::state::{use_clock, use_near_me};
use chrono::Utc;
use leptos::prelude::*;
use text::tx;

/// Tiles the skeleton shows per strip.
const SKELETON_TILES: usize = 3;

/// The strips' skeleton (also shown while this section's code loads).
pub fn now_skeleton() -> impl IntoView {
    view! {
        <div class="now-skeleton" aria-busy="true" data-testid="now-loading">
            {(0..2).map(|_| view! {
                <div class="skeleton skeleton--line skeleton--short"></div>
                <div class="now-strip__list">
                    {(0..SKELETON_TILES).map(|_| view! { <div class="now-tile now-tile--skeleton skeleton"></div> }).collect_view()}
                </div>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn NowLists() -> impl IntoView {
    let near = use_near_me();
    let now = LocalResource::new(move || fetch_now(near.city_code()));
    view! {
        <section class="home-section now" aria-labelledby="now-heading" data-testid="now">
            <h2 class="section-heading" id="now-heading">{tx().now_heading}</h2>
            <Remote resource=now skeleton=now_skeleton let:now>
                <NowStrips now/>
            </Remote>
        </section>
    }
}

#[component]
fn NowStrips(now: Now) -> impl IntoView {
    let s = t();
    let Now {
        live,
        mut streams_soon,
        starting_soon,
        today_near,
        challenge,
        ..
    } = now;
    // Streams and activities that start soon, in one strip by start time.
    let mut soon: Vec<Soon> = starting_soon
        .into_iter()
        .map(|a| Soon::Activity(Box::new(a)))
        .collect();
    soon.extend(streams_soon.drain(..).map(|l| Soon::Stream(Box::new(l))));
    soon.sort_by_key(Soon::starts_at);
    view! {
        <Strip id="now-live" title=tx().now_live more=("/live".to_string(), s.nav_live)
            empty=live.is_empty().then_some(view! { <a href="/live?status=upcoming" class="now-strip__empty-link">{tx().now_live_empty}</a> }.into_any())>
            {live.into_iter().map(|stream| view! { <li><StreamTile stream/></li> }).collect_view()}
        </Strip>
        <Strip id="now-soon" title=tx().now_soon more=("/activities".to_string(), s.nav_activities)
            empty=soon.is_empty().then_some(view! { <p class="now-strip__empty">{tx().now_soon_empty}</p> }.into_any())>
            {soon.into_iter().map(|item| match item {
                Soon::Activity(activity) => view! { <li><ActivityTile activity=*activity/></li> }.into_any(),
                Soon::Stream(stream) => view! { <li><StreamTile stream=*stream/></li> }.into_any(),
            }).collect_view()}
        </Strip>
        <NearStrip today_near/>
        {challenge.map(|challenge| view! { <ChallengeProgress challenge/> })}
    }
}

enum Soon {
    Activity(Box<ActivitySummary>),
    Stream(Box<Livestream>),
}

impl Soon {
    fn starts_at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        match self {
            Soon::Activity(a) => a.starts_at,
            Soon::Stream(l) => l.starts_at,
        }
    }
}

/// A titled horizontal strip of tiles, with a link into its section, or its empty state.
#[component]
fn Strip(
    id: &'static str,
    title: &'static str,
    /// Where 查看全部 goes, and what it is called.
    more: (String, &'static str),
    empty: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-heading");
    view! {
        <section class="now-strip" aria-labelledby=heading.clone() data-testid=id>
            <header class="now-strip__head">
                <h3 class="now-strip__title" id=heading.clone()>{title}</h3>
                <a href=more.0 class="now-strip__more">{(tx().now_see_all)(more.1)}<Icon name=IconName::Arrow/></a>
            </header>
            {match empty {
                Some(empty) => empty,
                None => view! { <ul class="now-strip__list">{children()}</ul> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn StreamTile(stream: Livestream) -> impl IntoView {
    let status = use_live_status(&stream);
    let href = format!("/live/{}", stream.id);
    let (title, cover) = (stream.title.clone(), stream.cover_url.clone());
    view! {
        <a href=href class="now-tile now-tile--stream" data-testid="now-stream">
            <img class="now-tile__cover" src=cover alt="" width="240" height="135" loading="lazy" decoding="async"/>
            <span class="now-tile__body">
                <span class="now-tile__status"><LiveBadge stream status/></span>
                <span class="now-tile__title" data-testid="now-title" lang=crate::i18n::api_lang()>{title}</span>
            </span>
        </a>
    }
}

#[component]
fn ActivityTile(activity: ActivitySummary) -> impl IntoView {
    let s = t();
    let place = place_line(&activity);
    let starts = (tx().now_starts_at)(&clock_time(&activity.starts_at));
    view! {
        <a href=format!("/activities/{}", activity.id) class="now-tile" data-testid="now-activity">
            <img class="now-tile__cover" src=activity.cover_url.clone() alt="" width="240" height="135" loading="lazy" decoding="async"/>
            <span class="now-tile__body">
                <span class="now-tile__title" data-testid="now-title" lang=crate::i18n::api_lang()>{activity.title.clone()}</span>
                <span class="now-tile__meta"><Icon name=IconName::Clock/>{starts}</span>
                <span class="now-tile__meta"><Icon name=IconName::Pin/><span lang=crate::i18n::api_lang()>{place}</span></span>
                {activity.distance_km.map(|d| view! {
                    <span class="now-tile__meta now-tile__distance" data-testid="now-distance">{(s.distance_km)(&crate::format::km(d))}</span>
                })}
            </span>
        </a>
    }
}

/// 今天在你附近: asks for the city when none is chosen; the list follows a new choice.
#[component]
fn NearStrip(today_near: Vec<ActivitySummary>) -> impl IntoView {
    let s = t();
    let near = use_near_me();
    let clock = use_clock();
    // Today's activities by distance from the chosen city, as the search page spells it.
    let more = move || {
        let today = untrack(|| clock.today());
        let query = ActivityQuery {
            sort: SearchSort::Distance,
            near: near.city_code(),
            from: today,
            to: today,
            ..ActivityQuery::default()
        };
        format!("/activities?{}", query.to_query_string())
    };
    let chosen = near.city.get_untracked().is_some();
    let empty = if !chosen {
        Some(view! { <p class="now-strip__empty">{tx().now_near_pick}</p> }.into_any())
    } else if today_near.is_empty() {
        Some(view! { <p class="now-strip__empty">{tx().now_near_empty}</p> }.into_any())
    } else {
        None
    };
    view! {
        <div class="now-near">
            <Strip id="now-near" title=tx().now_near more=(more(), s.nav_activities) empty>
                {today_near.into_iter().map(|activity| view! { <li><ActivityTile activity/></li> }).collect_view()}
            </Strip>
            <CityButton/>
        </div>
    }
}

/// The challenge: how many entries so far and how long it stays open (by the server clock).
#[component]
fn ChallengeProgress(challenge: NowChallenge) -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let (starts, deadline) = (
        challenge.starts_at.with_timezone(&Utc),
        challenge.deadline.with_timezone(&Utc),
    );
    let open = challenge.open;
    let left = move || {
        let now = clock.now()?;
        Some(if open && now < deadline {
            (tx().now_challenge_left)(
                (to_cst(&deadline).date_naive() - to_cst(&now).date_naive()).num_days(),
            )
        } else {
            tx().now_challenge_closed.to_string()
        })
    };
    // The share of the submission window gone by, for the bar.
    let elapsed = move || {
        let now = clock.now()?;
        let total = (deadline - starts).num_seconds().max(1) as f64;
        Some(((now - starts).num_seconds() as f64 / total).clamp(0.0, 1.0) * 100.0)
    };
    view! {
        <section class="now-strip" aria-labelledby="now-challenge-heading" data-testid="now-challenge">
            <header class="now-strip__head">
                <h3 class="now-strip__title" id="now-challenge-heading">{s.nav_challenge}</h3>
            </header>
            <a href="/challenge" class="now-challenge">
                <span class="now-challenge__title" lang=crate::i18n::api_lang()>{challenge.title.clone()}</span>
                <span class="now-challenge__meta">
                    <span data-testid="now-entries">{(tx().now_challenge_entries)(&count(challenge.entry_count))}</span>
                    <span>{left}</span>
                </span>
                <span class="now-challenge__bar" aria-hidden="true">
                    <span class="now-challenge__fill" style=move || format!("width:{:.0}%", elapsed().unwrap_or(0.0))></span>
                </span>
            </a>
        </section>
    }
}
