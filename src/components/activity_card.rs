use crate::components::{use_time_status, Icon, IconName, SaveButton, TimeBadge};
use crate::format::time_range;
use crate::i18n::{api_lang, t};
use crate::models::{ActivityFormat, ActivitySummary, TimeStatus};
use leptos::prelude::*;

/// Where an activity happens, in one short line: venue and city, or 线上.
pub fn place_line(a: &ActivitySummary) -> String {
    let s = t();
    match (&a.venue, &a.region, a.format) {
        (_, _, ActivityFormat::Online) => s.format_online.to_string(),
        (Some(v), Some(r), _) => format!(
            "{} · {}",
            r.city_name
                .clone()
                .unwrap_or_else(|| r.province_name.clone()),
            v.name
        ),
        (Some(v), None, _) => v.name.clone(),
        (None, Some(r), _) => r
            .city_name
            .clone()
            .unwrap_or_else(|| r.province_name.clone()),
        (None, None, _) => s.format_online.to_string(),
    }
}

/// One search result, with its 未开始 / 进行中 / 已结束 by the server clock (an ended one no
/// longer shows places to reserve), and its 收藏 button beside the link (a button inside a link
/// would be one control in another).
#[component]
pub fn ActivityCard(activity: ActivitySummary) -> impl IntoView {
    let a = activity;
    let status = use_time_status(&a);
    let place = place_line(&a);
    // 剩余 N 个名额 / 已约满 / …: search results carry the places (no request per card).
    let seats = a
        .registration
        .as_ref()
        .map(crate::pages::reservations::seats_line);
    let save = view! { <SaveButton id=a.id.clone() title=a.title.clone() class="save-button save-button--card"/> };
    view! {
        <div class="activity-card-wrap">
        <a href=format!("/activities/{}", a.id) class="activity-card" data-status=move || status.get().map(TimeStatus::as_str)>
            <img class="activity-card__cover" src=a.cover_url.clone() alt="" width="320" height="160" loading="lazy" decoding="async"/>
            <span class="activity-card__body">
                <span class="activity-card__tags">
                    <TimeBadge status/>
                    <span class="tag tag--theme" lang=api_lang()>{a.theme.name.clone()}</span>
                    <span class="tag">{crate::pages::activity_detail::format_label(a.format)}</span>
                </span>
                <span class="activity-card__title" lang=api_lang()>{a.title.clone()}</span>
                <span class="activity-card__meta"><Icon name=IconName::Clock/>{time_range(&a.starts_at, &a.ends_at)}</span>
                <span class="activity-card__meta"><Icon name=IconName::Pin/><span lang=api_lang()>{place}</span></span>
                {a.distance_km.map(|d| view! { <span class="activity-card__meta activity-card__distance" data-testid="card-distance">{(t().distance_km)(&crate::format::km(d))}</span> })}
                <span class="activity-card__meta"><Icon name=IconName::Building/><span lang=api_lang()>{a.organizer.name.clone()}</span></span>
                {seats.map(|line| view! {
                    <Show when=move || status.get() != Some(TimeStatus::Ended)>
                        <span class=format!("resv-seats resv-seats--{}", line.modifier) data-testid="card-seats">{line.badge.clone()}</span>
                    </Show>
                })}
            </span>
        </a>
        {save}
        </div>
    }
}
