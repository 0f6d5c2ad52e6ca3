use crate::api::activities::fetch_activity_and_json;
use crate::calendar::{download_ics, CalendarEvent};
use crate::components::{use_time_status, Icon, IconName, Remote, SaveButton, TimeBadge};
use crate::format::{count, time_range};
use crate::hooks::{use_item, use_share};
use crate::i18n::t;
use crate::models::{Activity, ActivityFormat, TimeStatus};
use crate::state::{use_activity_search, use_toasts};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

pub fn format_label(format: ActivityFormat) -> &'static str {
    let s = t();
    match format {
        ActivityFormat::Online => s.format_online,
        ActivityFormat::Offline => s.format_offline,
        ActivityFormat::Hybrid => s.format_hybrid,
    }
}

/// `/activities/:id`: everything the API says about one activity.
#[component]
pub fn ActivityDetailPage() -> impl IntoView {
    // With its JSON text: the late pack `after` reads 活动回顾 from it instead of asking again.
    let activity = use_item(|id| async move { fetch_activity_and_json(&id).await });
    view! {
        <article class="page page--narrow activity-detail">
            // The section's name until the item (or its error) is known: a page always has a title.
            <Title text=t().activities_title/>
            <Remote resource=activity skeleton=|| view! { <DetailSkeleton/> } let:value>
                <ActivityDetail activity=value.0 json=value.1/>
            </Remote>
        </article>
    }
}

/// 收藏, 添加到日历 (not once it has ended), 分享 and (for places) 在地图中查看.
#[component]
fn ActivityActions(activity: Activity, #[prop(into)] ended: Signal<bool>) -> impl IntoView {
    let s = t();
    let toasts = use_toasts();
    let a = StoredValue::new(activity);
    let page_url = move || {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default()
    };
    let add_to_calendar = move |_| {
        a.with_value(|a| {
            let location = a
                .venue
                .as_ref()
                .map(|v| format!("{} {}", v.name, v.address))
                .or_else(|| a.online_url.clone())
                .unwrap_or_default();
            let event = CalendarEvent {
                uid: &a.id,
                title: &a.title,
                description: &a.summary,
                location: &location,
                url: &page_url(),
                starts_at: a.starts_at.with_timezone(&Utc),
                ends_at: a.ends_at.with_timezone(&Utc),
                stamp: Utc::now(),
            };
            if download_ics(&event).is_err() {
                toasts.show(s.error_unexpected);
            }
        })
    };
    let share_page = use_share();
    let share = move |_| share_page.run(a.with_value(|a| a.title.clone()));
    let map_url = a.with_value(|a| {
        a.venue.as_ref().map(|v| {
            format!(
                "https://uri.amap.com/search?keyword={}",
                crate::models::encode(&v.address)
            )
        })
    });
    let (id, title) = a.with_value(|a| (a.id.clone(), a.title.clone()));
    view! {
        <div class="action-row">
            <SaveButton id title class="save-button button button--ghost"/>
            <Show when=move || !ended.get()>
                <button type="button" class="button button--ghost" on:click=add_to_calendar data-testid="add-to-calendar">
                    <Icon name=IconName::Calendar/>{s.add_to_calendar}
                </button>
            </Show>
            <button type="button" class="button button--ghost" on:click=share>
                <Icon name=IconName::Arrow/>{s.share}
            </button>
            {map_url.map(|href| view! {
                <a class="button button--ghost" href=href target="_blank" rel="noopener noreferrer">
                    <Icon name=IconName::Pin/>{s.open_map}
                </a>
            })}
        </div>
    }
}

/// Back to the results: history back when we came from the search (so its filters and scroll
/// position return), otherwise a link to the search.
#[component]
fn BackToResults() -> impl IntoView {
    let s = t();
    let search = use_activity_search();
    let came_from_search = search.key.get_untracked().is_some();
    view! {
        {if came_from_search {
            view! {
                <button type="button" class="button button--ghost" on:click=move |_| {
                    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) { let _ = h.back(); }
                }>{s.back_to_activities}</button>
            }.into_any()
        } else {
            view! { <A href="/activities" attr:class="button button--ghost">{s.back_to_activities}</A> }.into_any()
        }}
    }
}

#[component]
fn DetailSkeleton() -> impl IntoView {
    view! {
        <div aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{t().loading}</span>
            <div class="skeleton skeleton--cover" aria-hidden="true"></div>
            <div class="skeleton skeleton--title" aria-hidden="true"></div>
            <div class="skeleton skeleton--line" aria-hidden="true"></div>
        </div>
    }
}

#[component]
fn ActivityDetail(activity: Activity, json: String) -> impl IntoView {
    let s = t();
    let a = activity;
    let status = use_time_status(&a);
    let ended = Signal::derive(move || status.get() == Some(TimeStatus::Ended));
    let place = match (&a.venue, &a.region) {
        (Some(v), _) => format!("{} · {}", v.name, v.address),
        (None, Some(r)) => format!(
            "{}{}",
            r.province_name,
            r.city_name.clone().unwrap_or_default()
        ),
        (None, None) => s.format_online.to_string(),
    };
    let registration = match &a.registration {
        // The places themselves are in the reservation panel below, kept fresh.
        Some(r) if r.required => s.registration_required.to_string(),
        _ => s.registration_not_needed.to_string(),
    };
    // User-visible text from the API is always rendered as text; paragraphs split on newlines.
    let paragraphs = a
        .description
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view();
    let registration_panel = a.registration.clone().map(|r| (a.id.clone(), r));
    let online = a
        .online_url
        .clone()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    view! {
        <Title text=a.title.clone()/>
        <img class="activity-detail__cover" src=a.cover_url.clone() alt="" width="720" height="360"/>
        <p class="activity-detail__tags">
            <TimeBadge status/>
            <span class="tag tag--theme" lang=crate::i18n::api_lang()>{a.theme.name.clone()}</span>
            <span class="tag" lang=crate::i18n::api_lang()>{a.event_kind.name.clone()}</span>
            <span class="tag">{format_label(a.format)}</span>
        </p>
        <h1 class="page__title" data-testid="activity-title" lang=crate::i18n::api_lang()>{a.title.clone()}</h1>
        <p class="activity-detail__summary" lang=crate::i18n::api_lang()>{a.summary.clone()}</p>
        <dl class="facts">
            <div class="facts__row">
                <dt><Icon name=IconName::Clock/>{s.activity_time}</dt>
                <dd data-testid="activity-time">{time_range(&a.starts_at, &a.ends_at)}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Pin/>{s.activity_place}</dt>
                <dd lang=(a.venue.is_some() || a.region.is_some()).then(crate::i18n::api_lang).flatten()>{place}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Building/>{s.activity_organizer}</dt>
                <dd lang=crate::i18n::api_lang()>{a.organizer.name.clone()}</dd>
            </div>
            <div class="facts__row">
                <dt><Icon name=IconName::Tag/>{s.activity_registration}</dt>
                <dd>{registration}</dd>
            </div>
        </dl>
        // Once it has ended, what can no longer be done is gone, and the page says why.
        <Show
            when=move || !ended.get()
            fallback=|| view! {
                <div class="ended-note" role="note" data-testid="activity-ended">
                    <p class="ended-note__title">{t().activity_ended}</p>
                    <p class="ended-note__body">{t().activity_ended_body}</p>
                </div>
            }
        >
            {registration_panel.clone().map(|(activity_id, initial)| view! {
                <crate::pages::reservations::ReservationPanel activity_id initial/>
            })}
            {online.clone().map(|url| view! {
                <a class="button button--primary button--block" href=url target="_blank" rel="noopener noreferrer">
                    <Icon name=IconName::Globe/>{s.open_online}
                </a>
            })}
        </Show>
        <ActivityActions activity=a.clone() ended/>
        <section class="activity-detail__body" lang=crate::i18n::api_lang()>{paragraphs}</section>
        <p class="muted">{(s.popularity)(&count(a.popularity))}</p>
        // 反馈评价 (issue 17): a note before it starts, the late pack `after` from then on.
        <crate::pages::activity_after::AfterWeek activity_id=a.id.clone() activity_json=json starts_at=a.starts_at status/>
        <BackToResults/>
    }
}
