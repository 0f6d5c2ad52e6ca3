use crate::api::reference::fetch_themes;
use crate::components::Remote;
use crate::components::{EditionStatus, ErrorView, IconName, SectionCard, ThemeChips};
use crate::format::date_span;
use crate::i18n::t;
use crate::state::use_clock;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let themes = LocalResource::new(fetch_themes);
    let now = Signal::derive(move || clock.now());
    // Home's lists come in their own chunk once the shell is up (see `sections::now_lists`).
    let now_lists = RwSignal::new(None::<ViewFn>);
    leptos::task::spawn_local(async move {
        let lists = crate::sections::now_lists().await;
        now_lists.try_set(Some(lists));
    });

    let hero = move || match clock.edition() {
        None => view! {
            <div class="hero__body" aria-busy="true">
                <div class="skeleton skeleton--title"></div>
                <div class="skeleton skeleton--line skeleton--short"></div>
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <ErrorView error on_retry=Callback::new(move |_| clock.sync())/>
        }
        .into_any(),
        Some(Ok(edition)) => view! {
            <div class="hero__body">
                <p class="hero__kicker" lang=crate::i18n::api_lang()>{edition.name.clone()}</p>
                <h1 class="hero__title" lang=crate::i18n::api_lang()>{edition.theme.clone()}</h1>
                <p class="hero__dates">
                    {(s.home_dates)(&date_span(edition.starts_on, edition.ends_on))}
                </p>
                <EditionStatus edition now/>
            </div>
        }
        .into_any(),
    };

    view! {
        <Title text=s.home_title/>
        <section class="hero" aria-label=s.edition_mark>
            {hero}
        </section>
        <div class="page">
            // Loaded after the shell (its own chunk): a skeleton until its code and data arrive.
            {move || match now_lists.get() {
                None => crate::pages::now::now_skeleton().into_any(),
                Some(lists) => lists.run(),
            }}
            <section class="home-section">
                <h2 class="section-heading">{s.sections_heading}</h2>
                <div class="section-grid">
                    <SectionCard href="/activities".into() title=s.section_activities description=s.section_activities_desc icon=IconName::Calendar/>
                    <SectionCard href="/activities?event_kind=open-day".into() title=s.section_open_day description=s.section_open_day_desc icon=IconName::Door/>
                    <SectionCard href="/live".into() title=s.section_live description=s.section_live_desc icon=IconName::Live accent=true/>
                    <SectionCard href="/challenge".into() title=s.section_challenge description=s.section_challenge_desc icon=IconName::Video/>
                    <SectionCard href="/volunteers".into() title=s.section_volunteers description=s.section_volunteers_desc icon=IconName::Heart/>
                    <SectionCard href="/topics".into() title=s.section_topics description=s.section_topics_desc icon=IconName::Chat/>
                </div>
            </section>
            <section class="home-section">
                <h2 class="section-heading">{s.themes_heading}</h2>
                <p class="section-hint">{s.themes_hint}</p>
                <Remote resource=themes skeleton=move || view! { <p class="muted" aria-busy="true">{s.loading}</p> } let:list>
                    {if list.is_empty() {
                        view! { <p class="muted">{s.empty}</p> }.into_any()
                    } else {
                        view! { <ThemeChips themes=list/> }.into_any()
                    }}
                </Remote>
            </section>
        </div>
    }
}
