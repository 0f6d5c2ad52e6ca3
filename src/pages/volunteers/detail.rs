//! `/volunteers/:id`: one volunteer with their story, the like button and sharing.
use super::text::tx;
use super::{like_props, LoginSheet};
use crate::api::volunteers::fetch_volunteer;
use crate::components::volunteer_card::{kind_label, region_line};
use crate::components::Remote;
use crate::components::{Icon, IconName, LikeButton};
use crate::hooks::{use_item, use_share};
use crate::i18n::t;
use crate::models::Volunteer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn VolunteerDetailPage() -> impl IntoView {
    let volunteer = use_item(|id| async move { fetch_volunteer(&id).await });
    view! {
        <article class="page page--narrow volunteer-detail">
            // The section's name until the item (or its error) is known: a page always has a title.
            <Title text=tx().vol_title/>
            <Remote resource=volunteer let:v skeleton=|| view! {
                <div aria-busy="true" data-testid="loading">
                    <span class="visually-hidden">{t().loading}</span>
                    <div class="skeleton volunteer-detail__photo" aria-hidden="true"></div>
                    <div class="skeleton skeleton--title" aria-hidden="true"></div>
                    <div class="skeleton skeleton--line" aria-hidden="true"></div>
                </div>
            }>
                <VolunteerDetail volunteer=v/>
            </Remote>
            <LoginSheet/>
        </article>
    }
}

#[component]
fn VolunteerDetail(volunteer: Volunteer) -> impl IntoView {
    let s = t();
    let (like, pending, error, on_like) = like_props(&volunteer);
    let v = volunteer;
    let name = v.name.clone();
    let share_page = use_share();
    let share = move |_| share_page.run(name.clone());
    view! {
        <Title text=v.name.clone()/>
        <header class="volunteer-detail__head">
            <img class="volunteer-detail__photo" src=v.photo_url alt="" width="160" height="160"/>
            <div>
                <span class="tag tag--theme">{kind_label(v.kind)}</span>
                <h1 class="page__title" data-testid="volunteer-name">{v.name}</h1>
            </div>
        </header>
        <dl class="facts">
            <div class="facts__row">
                <dt><Icon name=IconName::Building/>{tx().vol_organization}</dt>
                <dd>{v.organization}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Pin/>{tx().vol_region}</dt>
                <dd>{region_line(&v.region)}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Clock/>{s.vol_service_hours}</dt>
                <dd>{(s.vol_hours)(&v.service_hours.to_string())}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Tag/>{tx().vol_service_areas}</dt>
                <dd class="volunteer-detail__areas">
                    {v.service_areas.into_iter().map(|a| view! { <span class="tag">{a}</span> }).collect_view()}
                </dd>
            </div>
        </dl>
        <div class="volunteer-detail__actions">
            <LikeButton like pending on_like/>
            <button type="button" class="button button--ghost" on:click=share>
                <Icon name=IconName::Arrow/>{s.share}
            </button>
        </div>
        <p class="like-error" role="alert" data-testid="like-error">{move || error.get()}</p>
        <h2 class="section-heading">{tx().vol_story}</h2>
        // Plain text from the API; its line breaks are kept by `white-space: pre-line`.
        <p class="volunteer-detail__story" data-testid="volunteer-story">{v.story}</p>
        <A href="/volunteers" attr:class="button button--ghost">{tx().vol_back}</A>
    }
}
