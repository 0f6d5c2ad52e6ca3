use crate::api::reference::{fetch_event_kinds, fetch_themes};
use crate::components::{Icon, IconName};
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// `/activities?theme=…&event_kind=…`. The walking skeleton shows which filters the URL
/// carries (by their names from the reference data); the search itself is issue 4's.
#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let s = t();
    let query = use_query_map();
    let theme_id = move || query.read().get("theme");
    let kind_id = move || query.read().get("event_kind");
    let names = LocalResource::new(move || {
        let (theme_id, kind_id) = (theme_id(), kind_id());
        async move {
            let mut names = Vec::new();
            if let Some(id) = theme_id {
                let themes = fetch_themes().await.unwrap_or_default();
                names.push(
                    themes
                        .into_iter()
                        .find(|t| t.id == id)
                        .map_or(id, |t| t.name),
                );
            }
            if let Some(id) = kind_id {
                let kinds = fetch_event_kinds().await.unwrap_or_default();
                names.push(
                    kinds
                        .into_iter()
                        .find(|k| k.id == id)
                        .map_or(id, |k| k.name),
                );
            }
            names
        }
    });
    view! {
        <Title text=s.activities_title/>
        <section class="page page--narrow">
            <h1 class="page__title">{s.activities_title}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let names = names.await;
                    (!names.is_empty()).then(|| view! {
                        <div class="filter-summary" data-testid="active-filters">
                            <span class="filter-summary__label">{s.filtered_by}</span>
                            <ul class="chips">
                                {names.into_iter().map(|n| view! { <li class="chip chip--selected">{n}</li> }).collect_view()}
                            </ul>
                        </div>
                    })
                })}
            </Suspense>
            <div class="state state--soon" data-testid="coming-soon">
                <Icon name=IconName::Calendar class="state__icon"/>
                <p class="state__title">{s.coming_soon}</p>
                <p class="state__body">{s.coming_soon_body}</p>
                <A href="/" attr:class="button button--primary">{s.back_home}</A>
            </div>
        </section>
    }
}
