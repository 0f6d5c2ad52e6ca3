//! The router (every route declared once), the layout and the app-wide contexts.
use crate::components::{AppHeader, TabBar};
use crate::i18n::t;
use crate::pages::NotFoundPage;
use crate::sections::Page;
use crate::state::{
    provide_clock, provide_connection, provide_reminders, provide_section_states, provide_session,
    provide_toasts, ConnectionBanner, SessionExpiredBanner, ToastRegion,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, PossibleRouteMatch};
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
            <Route path=any(path!("/")) view=Page::Home/>
            <Route path=any(path!("/activities")) view=Page::Activities/>
            <Route path=any(path!("/activities/:id")) view=Page::ActivityDetail/>
            <Route path=any(path!("/live")) view=Page::Live/>
            <Route path=any(path!("/live/:id")) view=Page::Watch/>
            <Route path=any(path!("/challenge")) view=Page::Challenge/>
            <Route path=any(path!("/challenge/entries/:id")) view=Page::Entry/>
            <Route path=any(path!("/challenge/submit")) view=Page::Submit/>
            <Route path=any(path!("/volunteers")) view=Page::Volunteers/>
            <Route path=any(path!("/volunteers/leaderboard")) view=Page::VolunteerLeaderboard/>
            <Route path=any(path!("/volunteers/:id")) view=Page::VolunteerDetail/>
            <Route path=any(path!("/topics")) view=Page::Topics/>
            <Route path=any(path!("/topics/:id")) view=Page::Topic/>
            <Route path=any(path!("/login")) view=Page::Login/>
            <Route path=any(path!("/legal/:doc")) view=Page::Legal/>
            <Route path=any(path!("/me")) view=Page::Me/>
            // 我的收藏 shows activity cards: a page of the activities section.
            <Route path=any(path!("/me/saved")) view=Page::Activities/>
            <Route path=any(path!("/organiser")) view=Page::Organiser/>
            <Route path=any(path!("/organiser/unit")) view=Page::Unit/>
            <Route path=any(path!("/organiser/activities/new")) view=Page::NewActivity/>
            <Route path=any(path!("/organiser/activities/:id/edit")) view=Page::EditActivity/>
            <Route path=any(path!("/organiser/activities/:id/check-in")) view=Page::CheckIn/>
            <Route path=any(path!("/organiser/activities/:id/results")) view=Page::Results/>
            // The organiser's 活动评价, in the results pack (its page picks by path).
            <Route path=any(path!("/organiser/activities/:id/feedback")) view=Page::Results/>
            <Route path=any(path!("/review")) view=Page::Review/>
            <Route path=any(path!("/review/activities/:id")) view=Page::ReviewActivity/>
            <Route path=any(path!("/review/units/:id")) view=Page::ReviewUnit/>
            <Route path=any(path!("/moderation")) view=Page::Moderation/>
            <Route path=any(path!("/moderation/*page")) view=Page::Moderation/>
            // The reviewers' 统计 is a page of /review (ReviewPage picks it by path).
            <Route path=any(path!("/review/stats")) view=Page::Review/>
            <Route path=any(path!("/stats")) view=Page::Stats/>
            // 工作总结, its own pack (the organiser pack is at its budget).
            <Route path=any(path!("/organiser/summary")) view=Page::Summary/>
        </Routes>
    }
}
