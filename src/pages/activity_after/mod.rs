//! An activity's page after it started (issue 17, "after the week"): 反馈评价 — the average, the
//! distribution, the approved comments and the visitor's own rating ([`feedback`]); and 活动回顾 —
//! the figures, a photo strip opening a full-screen viewer, the news links ([`recap`]).
//!
//! Only [`AfterWeek`] is in the `activities` section: before the activity starts (server clock)
//! it says when rating opens; from then on it fetches the late pack `after`
//! (`crate::sections::after_week`) with everything else, so the activity page's first paint does
//! not carry it. Its words are in [`text`], its CSS in `style/public.css` (copied as
//! `/public.css`, loaded by the pack).
// modfb: `Figures` also shows on the organiser's 活动评价 page.
pub mod feedback;
mod recap;
mod text;

use crate::format::date_time;
use crate::i18n::{locale, Locale};
use crate::models::TimeStatus;
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;

/// What the late pack is handed.
pub struct AfterArgs {
    pub activity_id: String,
    /// The page's own read of the activity (`GET /activities/{id}`), as JSON text: 活动回顾
    /// reads its `results` from it.
    pub activity_json: String,
}

/// The pack's view (called through `crate::sections::after_week`).
pub fn after_week(args: AfterArgs) -> AnyView {
    view! {
        <leptos_meta::Stylesheet id="after-css" href="/public.css"/>
        <recap::RecapSection activity_json=args.activity_json/>
        <feedback::FeedbackSection activity_id=args.activity_id/>
    }
    .into_any()
}

/// The after-the-week parts of an activity's page: a note before it starts, the pack after.
#[component]
pub fn AfterWeek(
    activity_id: String,
    /// The page's read of the activity, as JSON text (see [`AfterArgs`]).
    activity_json: String,
    starts_at: DateTime<FixedOffset>,
    #[prop(into)] status: Signal<Option<TimeStatus>>,
) -> impl IntoView {
    // Changes once (when the activity starts while the page is open), so the pack is built once.
    let started = Memo::new(move |_| matches!(status.get(), Some(s) if s != TimeStatus::Upcoming));
    let id = StoredValue::new(activity_id);
    let json = StoredValue::new(activity_json);
    move || {
        if started.get() {
            let args = AfterArgs {
                activity_id: id.get_value(),
                activity_json: json.get_value(),
            };
            Suspend::new(crate::sections::after_week(args)).into_any()
        } else {
            let when = date_time(&starts_at);
            let note = match locale() {
                Locale::ZhCn => format!("活动开始后即可反馈评价（{when} 开始）"),
                Locale::En => format!("Rating opens when the activity starts ({when})."),
            };
            view! { <p class="muted" data-testid="feedback-opens">{note}</p> }.into_any()
        }
    }
}
