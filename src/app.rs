//! The router (every route declared once), the layout and the app-wide contexts.
use crate::components::{AppHeader, TabBar};
use crate::i18n::t;
use crate::pages::{HomePage, NotFoundPage};
use crate::sections::*;
use crate::state::{
    provide_clock, provide_connection, provide_reminders, provide_section_states, provide_session,
    provide_toasts, ConnectionBanner, SessionExpiredBanner, ToastRegion,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, PossibleRouteMatch};
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_clock();
    provide_toasts();
    provide_connection();
    provide_session();
    // Kept reminders are scheduled again after a reload, whichever page it opens on.
    provide_reminders();
    // What only some sections keep across pages (search results, the live list, volunteer
    // likes) is created by those sections, in their own chunks, on first use.
    provide_section_states();
    view! {
        <Layout>
            <AppRoutes/>
        </Layout>
    }
}

/// Header, navigation and main landmark around whatever `children` renders.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let s = t();
    view! {
        <Title formatter=move |text: String| {
            if text.is_empty() || text == s.app_name { s.app_name.to_string() } else { format!("{text} · {}", s.app_name) }
        }/>
        <Router>
            <a class="skip-link" href="#main">{s.skip_to_content}</a>
            <AppHeader>
                <TabBar/>
            </AppHeader>
            <SessionExpiredBanner/>
            <ConnectionBanner/>
            <main id="main" class="app-main" tabindex="-1">
                {children()}
            </main>
            <ToastRegion/>
        </Router>
    }
}

/// A route's path behind one type: the router's matching and route-listing code is generic over
/// the path's type, and each shape of path (`/a`, `/a/:id`, `/a/b/:id`, …) would get its own copy
/// of it in the main module; matching through the trait object is the same matching.
type AnyPath = Arc<dyn PossibleRouteMatch + Send + Sync>;

fn any(path: impl PossibleRouteMatch + Send + Sync + 'static) -> AnyPath {
    Arc::new(path)
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage/> }>
            <Route path=any(path!("/")) view=HomePage/>
            <Route path=any(path!("/activities")) view={Lazy::<ActivitiesRoute>::new()}/>
            <Route path=any(path!("/activities/:id")) view={Lazy::<ActivityDetailRoute>::new()}/>
            <Route path=any(path!("/live")) view={Lazy::<LiveRoute>::new()}/>
            <Route path=any(path!("/live/:id")) view={Lazy::<WatchRoute>::new()}/>
            <Route path=any(path!("/challenge")) view={Lazy::<ChallengeRoute>::new()}/>
            <Route path=any(path!("/challenge/entries/:id")) view={Lazy::<EntryRoute>::new()}/>
            <Route path=any(path!("/challenge/submit")) view={Lazy::<SubmitRoute>::new()}/>
            <Route path=any(path!("/volunteers")) view={Lazy::<VolunteersRoute>::new()}/>
            <Route path=any(path!("/volunteers/leaderboard")) view={Lazy::<VolunteerLeaderboardRoute>::new()}/>
            <Route path=any(path!("/volunteers/:id")) view={Lazy::<VolunteerDetailRoute>::new()}/>
            <Route path=any(path!("/topics")) view={Lazy::<TopicsRoute>::new()}/>
            <Route path=any(path!("/topics/:id")) view={Lazy::<TopicRoute>::new()}/>
            <Route path=any(path!("/login")) view={Lazy::<LoginRoute>::new()}/>
            <Route path=any(path!("/legal/:doc")) view={Lazy::<LegalRoute>::new()}/>
            <Route path=any(path!("/me")) view={Lazy::<MeRoute>::new()}/>
            // 我的收藏 shows activity cards: the activities section's route (no route type of its own).
            <Route path=any(path!("/me/saved")) view={Lazy::<ActivitiesRoute>::new()}/>
            <Route path=any(path!("/organiser")) view={Lazy::<OrganiserRoute>::new()}/>
            <Route path=any(path!("/organiser/unit")) view={Lazy::<UnitRoute>::new()}/>
            <Route path=any(path!("/organiser/activities/new")) view={Lazy::<NewActivityRoute>::new()}/>
            <Route path=any(path!("/organiser/activities/:id/edit")) view={Lazy::<EditActivityRoute>::new()}/>
            <Route path=any(path!("/organiser/activities/:id/check-in")) view={Lazy::<CheckInRoute>::new()}/>
            // results
            <Route path=any(path!("/organiser/activities/:id/results")) view={Lazy::<ResultsRoute>::new()}/>
            // modfb: the organiser's 活动评价, in the results pack (its route type, none of its own).
            <Route path=any(path!("/organiser/activities/:id/feedback")) view={Lazy::<ResultsRoute>::new()}/>
            <Route path=any(path!("/review")) view={Lazy::<ReviewRoute>::new()}/>
            <Route path=any(path!("/review/activities/:id")) view={Lazy::<ReviewActivityRoute>::new()}/>
            <Route path=any(path!("/review/units/:id")) view={Lazy::<ReviewUnitRoute>::new()}/>
            <Route path=any(path!("/moderation")) view={Lazy::<ModerationRoute>::new()}/>
            <Route path=any(path!("/moderation/*page")) view={Lazy::<ModerationRoute>::new()}/>
            // stats
            // The reviewers' 统计 is a page of /review (ReviewPage picks it by path): no route type of its own.
            <Route path=any(path!("/review/stats")) view={Lazy::<ReviewRoute>::new()}/>
            <Route path=any(path!("/stats")) view={Lazy::<StatsRoute>::new()}/>
            // summary: 工作总结, its own pack (the organiser pack is at its budget).
            <Route path=any(path!("/organiser/summary")) view={Lazy::<SummaryRoute>::new()}/>
        </Routes>
    }
}
