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
use crate::pages::HomePage;
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
use leptos_router::ChooseView;

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

/// `split_section!(section, split_fn, [Variant => Component, …])`: one split point per section,
/// which builds the component of the [`Page`] it is given (every page of a section behind one
/// split point keeps the loader code in the first load from growing with each route; the
/// splitter links split points by name, so each has a name of its own).
macro_rules! split_section {
    ($section:ident, $split_fn:ident, [$($variant:ident => $page:ident),+ $(,)?]) => {
        #[wasm_split($section, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $split_fn(page: Page) -> Result<AnyView, SectionLoadError> {
            Ok(match page {
                $(Page::$variant => view! { <$page/> }.into_any(),)+
                _ => ().into_any(),
            })
        }
    };
}

split_section!(activities, activities_view, [Activities => ActivitiesPages, ActivityDetail => ActivityDetailPage]);
split_section!(live, live_view, [Live => LivePage, Watch => WatchPage]);
split_section!(challenge, challenge_view, [Challenge => ChallengePage, Entry => EntryPage, Submit => SubmitPage]);
split_section!(
    volunteers,
    volunteers_view,
    [Volunteers => VolunteersPage, VolunteerLeaderboard => VolunteerLeaderboardPage, VolunteerDetail => VolunteerDetailPage]
);
split_section!(topics, topics_view, [Topics => TopicsPage, Topic => TopicPage]);
// The 用户协议 / 隐私政策 open from the login page: the same chunk.
split_section!(account, account_view, [Login => LoginPage, Me => MePage, Legal => LegalPage]);
// 登记填报 (issue 15): organisers and reviewers only, so neither grows what the public loads.
split_section!(
    organiser,
    organiser_view,
    [Organiser => OrganiserPage, Unit => UnitPage, NewActivity => NewActivityPage, EditActivity => EditActivityPage, CheckIn => CheckInPage]
);
// results: 活动回顾's editor and the organiser's 活动评价 (…/feedback; the page picks by path), a
// late pack of its own (the organiser pack is at its budget).
split_section!(results, results_view, [Results => OrganiserAfterPage]);
// summary: 工作总结 (issue 17) in a pack of its own, so the organiser pack stays in budget.
split_section!(summary, summary_view, [Summary => SummaryPage]);
// The reviewers' 统计 (/review/stats) is a page of /review: ReviewPage picks it by path.
split_section!(review, review_view, [Review => ReviewPage, ReviewActivity => ReviewActivityPage, ReviewUnit => ReviewUnitPage]);
// All of /moderation/* (ModerationPages picks the page by path).
split_section!(moderation, moderation_view, [Moderation => ModerationPages]);
// stats: 统计 (issue 17), public, its own section.
split_section!(stats, stats_view, [Stats => StatsPage]);

/// Every page a route can show: the routes' one view type. The router's view-choosing code is
/// generic over the view's type, and each `Lazy<Route>` type got its own copy of it (and of its
/// type-erasing wrapper) in the main module, about 0.8 KB of code per route; one type is one copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Activities,
    ActivityDetail,
    Live,
    Watch,
    Challenge,
    Entry,
    Submit,
    Volunteers,
    VolunteerLeaderboard,
    VolunteerDetail,
    Topics,
    Topic,
    Login,
    Me,
    Legal,
    Organiser,
    Unit,
    NewActivity,
    EditActivity,
    CheckIn,
    Results,
    Summary,
    Review,
    ReviewActivity,
    ReviewUnit,
    Moderation,
    Stats,
}

impl ChooseView for Page {
    async fn choose(self) -> AnyView {
        use Page::*;
        let loaded = match self {
            // The first page is in the main module.
            Home => return view! { <HomePage/> }.into_any(),
            Activities | ActivityDetail => activities_view(self).await,
            Live | Watch => live_view(self).await,
            Challenge | Entry | Submit => challenge_view(self).await,
            Volunteers | VolunteerLeaderboard | VolunteerDetail => volunteers_view(self).await,
            Topics | Topic => topics_view(self).await,
            Login | Me | Legal => account_view(self).await,
            Organiser | Unit | NewActivity | EditActivity | CheckIn => organiser_view(self).await,
            Results => results_view(self).await,
            Summary => summary_view(self).await,
            Review | ReviewActivity | ReviewUnit => review_view(self).await,
            Moderation => moderation_view(self).await,
            Stats => stats_view(self).await,
        };
        section_view(loaded)
    }

    // A section is fetched when its route opens (and, on a deep link, by the boot script).
    async fn preload(&self) {}
}

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
