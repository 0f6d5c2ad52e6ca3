use crate::format::{edition_phase, Countdown, EditionPhase};
use crate::i18n::t;
use crate::models::Edition;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Countdown before the opening day, 第N天 during, 已结束 after — from the server-corrected
/// `now` (`None` while the clock is not yet known).
#[component]
pub fn EditionStatus(
    edition: Edition,
    #[prop(into)] now: Signal<Option<DateTime<Utc>>>,
) -> impl IntoView {
    let s = t();
    let (starts_on, ends_on) = (edition.starts_on, edition.ends_on);
    let phase = Memo::new(move |_| now.get().map(|now| edition_phase(now, starts_on, ends_on)));
    move || match phase.get() {
        None => view! { <p class="edition-status" aria-busy="true">{s.loading}</p> }.into_any(),
        Some(EditionPhase::Before { remaining }) => view! {
            <div class="edition-status edition-status--before" data-testid="edition-status">
                <p class="edition-status__label">{s.countdown_label}</p>
                <CountdownView remaining/>
            </div>
        }
        .into_any(),
        Some(EditionPhase::During { day, days }) => view! {
            <div class="edition-status edition-status--during" data-testid="edition-status">
                <p class="edition-status__day">
                    <span class="live-dot" aria-hidden="true"></span>
                    {(s.day_of)(day, days)}
                </p>
                <p class="edition-status__hint">{s.during_hint}</p>
            </div>
        }
        .into_any(),
        Some(EditionPhase::After) => view! {
            <div class="edition-status edition-status--after" data-testid="edition-status">
                <p class="edition-status__day">{s.ended}</p>
                <p class="edition-status__hint">{s.ended_hint}</p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn CountdownView(remaining: Countdown) -> impl IntoView {
    let s = t();
    let parts = [
        (remaining.days, s.unit_days),
        (remaining.hours, s.unit_hours),
        (remaining.minutes, s.unit_minutes),
        (remaining.seconds, s.unit_seconds),
    ];
    view! {
        <p class="countdown" role="timer">
            {parts
                .into_iter()
                .map(|(n, unit)| {
                    view! {
                        <span class="countdown__part">
                            <span class="countdown__num">{format!("{n:02}")}</span>
                            <span class="countdown__unit">{unit}</span>
                        </span>
                    }
                })
                .collect_view()}
        </p>
    }
}
