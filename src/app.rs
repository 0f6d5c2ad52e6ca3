//! The router (every route declared once), the layout and the app-wide contexts.
use crate::components::{AppHeader, TabBar};
use crate::i18n::t;
use crate::pages::{
    ActivitiesPage, ActivityDetailPage, ChallengePage, EntryPage, HomePage, LivePage, LoginPage,
    MePage, NotFoundPage, SubmitPage, TopicPage, TopicsPage, VolunteerDetailPage,
    VolunteerLeaderboardPage, VolunteersPage, WatchPage,
};
use crate::state::{
    provide_activity_search, provide_clock, provide_live_list, provide_reminders, provide_session,
    provide_toasts, provide_volunteers, SessionExpiredBanner, ToastRegion,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_clock();
    provide_activity_search();
    provide_toasts();
    provide_reminders();
    provide_live_list();
    let session = provide_session();
    provide_volunteers(session);
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
            <main id="main" class="app-main" tabindex="-1">
                {children()}
            </main>
            <ToastRegion/>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage/> }>
            <Route path=path!("/") view=HomePage/>
            <Route path=path!("/activities") view=ActivitiesPage/>
            <Route path=path!("/activities/:id") view=ActivityDetailPage/>
            <Route path=path!("/live") view=LivePage/>
            <Route path=path!("/live/:id") view=WatchPage/>
            <Route path=path!("/challenge") view=ChallengePage/>
            <Route path=path!("/challenge/entries/:id") view=EntryPage/>
            <Route path=path!("/challenge/submit") view=SubmitPage/>
            <Route path=path!("/volunteers") view=VolunteersPage/>
            <Route path=path!("/volunteers/leaderboard") view=VolunteerLeaderboardPage/>
            <Route path=path!("/volunteers/:id") view=VolunteerDetailPage/>
            <Route path=path!("/topics") view=TopicsPage/>
            <Route path=path!("/topics/:id") view=TopicPage/>
            <Route path=path!("/login") view=LoginPage/>
            <Route path=path!("/me") view=MePage/>
        </Routes>
    }
}
