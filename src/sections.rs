//! The app's sections, each compiled into its own lazily loaded wasm chunk.
//!
//! The first page only needs the shell, the router, the clock, the session and the home page, so
//! every other route's view is a split point: `#[wasm_split(section)]` puts all the views of one
//! section (and the code only they use) into one chunk, which `scripts/split-build.mjs` cuts out
//! of the release build and the boot script fetches in parallel with the main module when a deep
//! link opens that section. The split names here are the chunk names the boot script's route
//! table (`scripts/split-build.mjs`, `SECTION_OF_SEGMENT`) maps URLs to.
//!
//! A chunk that fails to load (a dropped connection) shows the shared error view with 重试 instead
//! of aborting the app; natively (tests, clippy) the views are called directly.
use crate::api::ApiError;
use crate::components::ErrorView;
use crate::pages::activity_after::AfterArgs;
use crate::pages::near_me::CityPickerArgs;
use crate::pages::organiser::summary::SummaryPage; // summary
use crate::pages::reservations::ReserveAreaArgs;
use crate::pages::ModerationPages;
// results; modfb: the late pack `results` also holds the organiser's 活动评价 (…/feedback).
use crate::pages::OrganiserAfterPage;
use crate::pages::{
    ActivitiesPages, ActivityDetailPage, ChallengePage, CheckInPage, EditActivityPage, EntryPage,
    LegalPage, LivePage, LoginPage, MePage, NewActivityPage, OrganiserPage, ReviewActivityPage,
    ReviewPage, ReviewUnitPage, StatsPage, SubmitPage, TopicPage, TopicsPage, UnitPage,
    VolunteerDetailPage, VolunteerLeaderboardPage, VolunteersPage, WatchPage,
};
use crate::state::saved::SavedWork;
use crate::state::SavedActivities;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;

/// A section's chunk could not be loaded.
pub struct SectionLoadError;

impl From<SplitLoaderError> for SectionLoadError {
    fn from(_: SplitLoaderError) -> Self {
        SectionLoadError
    }
}

fn section_view(loaded: Result<AnyView, SectionLoadError>) -> AnyView {
    loaded.unwrap_or_else(|SectionLoadError| {
        // The loader keeps no failure, so a reload (or the next navigation) tries again.
        let reload = Callback::new(|_| {
            let _ = window().location().reload();
        });
        view! { <ErrorView error=ApiError::Network on_retry=reload/> }.into_any()
    })
}

/// `section_routes! { Route: section, Page, split_fn; … }`: for each, a `LazyRoute` whose view
/// is `<Page/>`, split into the chunk `section` through the split point `split_fn` (a name of its
/// own: the splitter links split points by name).
macro_rules! section_routes {
    ($($route:ident: $section:ident, $page:ident, $split_fn:ident;)*) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[wasm_split($section, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $split_fn() -> Result<AnyView, SectionLoadError> {
                    Ok(view! { <$page/> }.into_any())
                }
                section_view($split_fn().await)
            }
        }
    )*};
}

section_routes! {
    ActivitiesRoute: activities, ActivitiesPages, activities_view;
    ActivityDetailRoute: activities, ActivityDetailPage, activity_detail_view;
    LiveRoute: live, LivePage, live_view;
    WatchRoute: live, WatchPage, watch_view;
    ChallengeRoute: challenge, ChallengePage, challenge_view;
    EntryRoute: challenge, EntryPage, entry_view;
    SubmitRoute: challenge, SubmitPage, submit_view;
    VolunteersRoute: volunteers, VolunteersPage, volunteers_view;
    VolunteerLeaderboardRoute: volunteers, VolunteerLeaderboardPage, volunteer_leaderboard_view;
    VolunteerDetailRoute: volunteers, VolunteerDetailPage, volunteer_detail_view;
    TopicsRoute: topics, TopicsPage, topics_view;
    TopicRoute: topics, TopicPage, topic_view;
    LoginRoute: account, LoginPage, login_view;
    MeRoute: account, MePage, me_view;
    // The 用户协议 / 隐私政策 open from the login page: the same chunk.
    LegalRoute: account, LegalPage, legal_view;
    // summary: 工作总结 (issue 17) in a pack of its own, so the organiser pack stays in budget.
    SummaryRoute: summary, SummaryPage, summary_view;
}
/// `section_pages!(section, split_fn, [(Route, Page), …])`: `LazyRoute`s for every page of a
/// section behind one split point, which builds the page the route names. One split point per
/// section instead of one per route keeps the loader code in the first load from growing with
/// each route (used by the 登记填报 sections, which have several routes each).
macro_rules! section_pages {
    ($section:ident, $split_fn:ident, [$(($route:ident, $page:ident, $n:literal)),+ $(,)?]) => {
        #[wasm_split($section, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $split_fn(page: u8) -> Result<AnyView, SectionLoadError> {
            Ok(match page {
                $($n => view! { <$page/> }.into_any(),)+
                _ => ().into_any(),
            })
        }
        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    section_view($split_fn($n).await)
                }
            }
        )+
    };
}

// 登记填报 (issue 15): organisers and reviewers only, so neither grows what the public loads.
section_pages!(
    organiser,
    organiser_view,
    [
        (OrganiserRoute, OrganiserPage, 0),
        (UnitRoute, UnitPage, 1),
        (NewActivityRoute, NewActivityPage, 2),
        (EditActivityRoute, EditActivityPage, 3),
        (CheckInRoute, CheckInPage, 4),
    ]
);
// results: 活动回顾, a late pack of its own (the organiser pack is at its budget), fetched
// when /organiser/activities/:id/results opens.
section_pages!(
    results,
    results_view,
    [(ResultsRoute, OrganiserAfterPage, 0)]
);
section_pages!(
    review,
    review_view,
    [
        (ReviewRoute, ReviewPage, 0),
        (ReviewActivityRoute, ReviewActivityPage, 1),
        (ReviewUnitRoute, ReviewUnitPage, 2),
    ]
);

/// The logged-in part of an activity's reservation panel (预约 / 加入候补, my reservation and its
/// code): the late section `reserve`, loaded when someone logged in opens a page with the panel;
/// the activity page's first paint does not carry it. (It was in the `account` pack with /login
/// and /me, which took that pack over its budget once the after-the-week packs shared code
/// with it.)
///
/// A split point called from inside another section: every section's entry is kept by the
/// linker, so in an unsplit (debug, wasm-bindgen-test) build this import would stay unresolved
/// and the test module could not be instantiated. Only the release build is split, so only it
/// goes through the loader.
#[cfg(not(debug_assertions))]
#[wasm_split(reserve, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reserve_area_view(props: ReserveAreaArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::reservations::reserve_area(props))
}

#[cfg(debug_assertions)]
async fn reserve_area_view(props: ReserveAreaArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::reservations::reserve_area(props))
}

pub async fn reserve_area(props: ReserveAreaArgs) -> AnyView {
    section_view(reserve_area_view(props).await)
}

/// The 附近 city picker's body (`crate::pages::near_me`): the late section `near`, fetched when
/// a picker first opens (from home, the activity search or the leaderboard). A split point only
/// in the release build, like [`reserve_area`].
#[cfg(not(debug_assertions))]
#[wasm_split(near, wasm_split_path = ::leptos::wasm_split, fallible)]
fn city_picker_view(args: CityPickerArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::near_me::city_picker_body(args))
}

#[cfg(debug_assertions)]
async fn city_picker_view(args: CityPickerArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::near_me::city_picker_body(args))
}

pub async fn city_picker(args: CityPickerArgs) -> AnyView {
    section_view(city_picker_view(args).await)
}

/// 收藏's work (`crate::pages::saved`): the late section `saved` — loading the saved ids,
/// saving and removing, and 我的收藏 at /me/saved — so the activities pack carries only the
/// buttons (a read of `crate::state::saved`'s signals). Fetched when a logged-in visit first
/// shows a save button, a button is tapped, or /me/saved opens. Split points only in the
/// release build, like [`reserve_area`].
#[cfg(not(debug_assertions))]
#[wasm_split(saved, wasm_split_path = ::leptos::wasm_split, fallible)]
fn saved_work_view(state: SavedActivities, work: SavedWork) -> Result<(), SectionLoadError> {
    crate::pages::saved::saved_work(state, work);
    Ok(())
}

#[cfg(debug_assertions)]
async fn saved_work_view(state: SavedActivities, work: SavedWork) -> Result<(), SectionLoadError> {
    crate::pages::saved::saved_work(state, work);
    Ok(())
}

/// Hands `work` to the late pack; if the pack cannot be fetched, a tap says so.
pub async fn saved_work(state: SavedActivities, work: SavedWork) {
    let tap = matches!(work, SavedWork::Toggle(_) | SavedWork::Save(_));
    if saved_work_view(state, work).await.is_err() && tap {
        state
            .toasts
            .show(crate::components::error_message(&ApiError::Network));
    }
}

#[cfg(not(debug_assertions))]
#[wasm_split(saved, wasm_split_path = ::leptos::wasm_split, fallible)]
fn my_saved_view() -> Result<AnyView, SectionLoadError> {
    Ok(view! { <crate::pages::saved::MySavedPage/> }.into_any())
}

#[cfg(debug_assertions)]
async fn my_saved_view() -> Result<AnyView, SectionLoadError> {
    Ok(view! { <crate::pages::saved::MySavedPage/> }.into_any())
}

pub async fn my_saved_page() -> AnyView {
    section_view(my_saved_view().await)
}

// public
/// An activity page's after-the-week parts (`crate::pages::activity_after`: 反馈评价): the late
/// section `after`, fetched when the page of an activity that has started shows them. A split
/// point only in the release build, like [`reserve_area`].
#[cfg(not(debug_assertions))]
#[wasm_split(after, wasm_split_path = ::leptos::wasm_split, fallible)]
fn after_week_view(args: AfterArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::activity_after::after_week(args))
}

#[cfg(debug_assertions)]
async fn after_week_view(args: AfterArgs) -> Result<AnyView, SectionLoadError> {
    Ok(crate::pages::activity_after::after_week(args))
}

pub async fn after_week(args: AfterArgs) -> AnyView {
    section_view(after_week_view(args).await)
}

// One route type for all of /moderation/* (it picks the page by path): each route type costs
// the first load its own lazy-route code.
section_routes! {
    ModerationRoute: moderation, ModerationPages, moderation_view;
}

// stats: 统计 (issue 17), public, its own section.
section_routes! {
    StatsRoute: stats, StatsPage, stats_view;
}

/// Home's "what can I do now?" lists (`crate::pages::now`): the `now` chunk, which `/` does not
/// preload (it is not in `SECTION_OF_SEGMENT`'s routes): the shell paints first, then the lists'
/// code arrives with their data. Called from the main module, as the routes' split points are.
/// It hands back the view's maker (cloneable, so a `LocalResource` can hold it without the
/// first load carrying `Suspense`).
#[wasm_split(now, wasm_split_path = ::leptos::wasm_split, fallible)]
fn now_lists_view() -> Result<ViewFn, SectionLoadError> {
    Ok(ViewFn::from(|| view! { <crate::pages::now::NowLists/> }))
}

pub async fn now_lists() -> ViewFn {
    match now_lists_view().await {
        Ok(lists) => lists,
        Err(SectionLoadError) => ViewFn::from(|| section_view(Err(SectionLoadError))),
    }
}

/// The English UI table (`crate::i18n::EN`): the late section `en`, so Chinese visitors do not
/// download it. `main` awaits it before mounting when the locale is English (the boot script
/// preloads it in parallel with the main module then). A split point only in the release build.
#[cfg(not(debug_assertions))]
#[wasm_split(en, wasm_split_path = ::leptos::wasm_split, fallible)]
fn english_table() -> Result<&'static crate::i18n::Strings, SectionLoadError> {
    Ok(&crate::i18n::EN)
}

#[cfg(debug_assertions)]
async fn english_table() -> Result<&'static crate::i18n::Strings, SectionLoadError> {
    Ok(&crate::i18n::EN)
}

pub async fn load_english() {
    match english_table().await {
        Ok(table) => crate::i18n::set_english(table),
        Err(SectionLoadError) => crate::i18n::fall_back_to_chinese(),
    }
}
