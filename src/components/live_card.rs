//! A livestream card and its status badge. Status and countdown follow the server-corrected
//! clock: only the badge and countdown text change each second, never the list around them.
use crate::components::{Icon, IconName};
use crate::format::{count, time_range};
use crate::i18n::t;
use crate::models::{hms, start_day_label, starts_in, LiveStatus, Livestream, StartsIn};
use crate::state::{use_clock, use_live_viewers, use_reminders};
use chrono::Utc;
use leptos::prelude::*;

/// The stream's status now, from the server-corrected clock (the API's own until it is known).
pub fn use_live_status(stream: &Livestream) -> Memo<LiveStatus> {
    let clock = use_clock();
    let (fallback, starts, ends) = (
        stream.status,
        stream.starts_at.with_timezone(&Utc),
        stream.ends_at.with_timezone(&Utc),
    );
    Memo::new(move |_| {
        clock
            .now()
            .map_or(fallback, |now| crate::models::status_at(now, starts, ends))
    })
}

/// `直播中` with the viewer count, `距开播 00:29:41` / `明天 19:00 开播`, or `回放 · 5.3万次观看`.
#[component]
pub fn LiveBadge(stream: Livestream, status: Memo<LiveStatus>) -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let viewers = use_live_viewers();
    let id = stream.id.clone();
    let own_viewers = stream.viewer_count;
    let views = stream.view_count;
    let starts = stream.starts_at.with_timezone(&Utc);
    let viewer_text = move || {
        viewers
            .0
            .read()
            .get(&id)
            .copied()
            .or(own_viewers)
            .map(|n| (s.viewers)(&count(n)))
    };
    let countdown = move || match clock.now().map(|now| starts_in(now, starts)) {
        None => String::new(),
        Some(StartsIn::Now) => s.starting_now.to_string(),
        Some(StartsIn::Soon(c)) => format!("{} {}", s.starts_in, hms(&c)),
        Some(StartsIn::Later { day, time }) => {
            (s.starts_on)(&start_day_label(&day, s.tomorrow), &time)
        }
    };
    view! {
        {move || match status.get() {
            LiveStatus::Live => view! {
                <span class="live-badge live-badge--live"><span class="live-dot" aria-hidden="true"></span>{s.badge_live}</span>
                <span class="live-meta" data-testid="viewers">{viewer_text.clone()}</span>
            }.into_any(),
            LiveStatus::Upcoming => view! {
                <span class="live-badge live-badge--upcoming">{s.badge_upcoming}</span>
                <span class="live-meta live-meta--countdown" data-testid="countdown">{countdown}</span>
            }.into_any(),
            LiveStatus::Replay => view! {
                <span class="live-badge">{s.badge_replay}</span>
                <span class="live-meta">{views.map(|n| (s.views)(&count(n)))}</span>
            }.into_any(),
        }}
    }
}

/// 预约提醒 / 已预约 for an upcoming stream.
#[component]
pub fn ReminderButton(stream: Livestream, #[prop(optional)] compact: bool) -> impl IntoView {
    let s = t();
    let reminders = use_reminders();
    let id = stream.id.clone();
    let stream = StoredValue::new(stream);
    let is_set = Memo::new(move |_| reminders.is_set(&id));
    view! {
        <button
            type="button"
            class=if compact { "button button--small button--ghost" } else { "button button--ghost" }
            aria-pressed=move || is_set.get().to_string()
            data-testid="remind"
            on:click=move |_| stream.with_value(|st| reminders.remind(st))
        >
            <Icon name=IconName::Calendar/>
            {move || if is_set.get() { s.reminder_set } else { s.remind_me }}
        </button>
    }
}

/// One stream in a list.
#[component]
pub fn LiveCard(stream: Livestream) -> impl IntoView {
    let status = use_live_status(&stream);
    let href = format!("/live/{}", stream.id);
    let when = time_range(&stream.starts_at, &stream.ends_at);
    let title_id = format!("live-{}", stream.id);
    let starts_label = {
        let s = t();
        let starts = stream.starts_at;
        let same_day = untrack(|| use_clock().today())
            .is_some_and(|d| crate::format::to_cst(&starts).date_naive() == d);
        let day = if same_day {
            s.today.to_string()
        } else {
            crate::format::month_day(crate::format::to_cst(&starts).date_naive())
        };
        (s.starts_on)(&day, &crate::format::clock_time(&starts))
    };
    let reminder = stream.clone();
    let badge = stream.clone();
    let Livestream {
        title,
        organizer,
        theme,
        cover_url,
        ..
    } = stream;
    view! {
        <article class="live-card" class:live-card--live=move || status.get() == LiveStatus::Live aria-labelledby=title_id.clone()>
            <a href=href.clone() class="live-card__cover" tabindex="-1" aria-hidden="true">
                <img src=cover_url alt="" width="320" height="180" loading="lazy" decoding="async"/>
                // ▶ only on what can play; an upcoming stream shows when it starts instead.
                {move || if status.get() == LiveStatus::Upcoming {
                    view! { <span class="live-card__starts">{starts_label.clone()}</span> }.into_any()
                } else {
                    view! { <span class="live-card__play"></span> }.into_any()
                }}
            </a>
            <div class="live-card__body">
                <p class="live-card__status"><LiveBadge stream=badge status/></p>
                <h2 class="live-card__title" id=title_id.clone()><a href=href lang=crate::i18n::api_lang()>{title}</a></h2>
                <p class="live-card__meta"><Icon name=IconName::Building/><span lang=crate::i18n::api_lang()>{organizer.name}</span></p>
                <p class="live-card__meta"><Icon name=IconName::Clock/>{when}<span class="tag tag--theme" lang=crate::i18n::api_lang()>{theme.name}</span></p>
                <Show when=move || status.get() == LiveStatus::Upcoming>
                    <ReminderButton stream=reminder.clone() compact=true/>
                </Show>
            </div>
        </article>
    }
}
