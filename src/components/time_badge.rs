//! 未开始 / 进行中 / 已结束 for an activity, by the server-corrected clock (the API's own
//! `time_status` until the clock is known, or where no clock is provided).
use crate::i18n::t;
use crate::models::{Activity, TimeStatus};
use crate::state::ServerClock;
use chrono::Utc;
use leptos::prelude::*;

/// The activity's status now; it changes by itself when the activity starts or ends.
pub fn use_time_status(activity: &Activity) -> Memo<Option<TimeStatus>> {
    let clock = use_context::<ServerClock>();
    let (fallback, starts, ends) = (
        activity.time_status,
        activity.starts_at.with_timezone(&Utc),
        activity.ends_at.with_timezone(&Utc),
    );
    Memo::new(move |_| {
        clock
            .and_then(|c| c.now())
            .map(|now| TimeStatus::at(now, starts, ends))
            .or(fallback)
    })
}

pub fn time_status_label(status: TimeStatus) -> &'static str {
    let s = t();
    match status {
        TimeStatus::Upcoming => s.time_upcoming,
        TimeStatus::Ongoing => s.time_ongoing,
        TimeStatus::Ended => s.time_ended,
    }
}

/// The badge; the accent colour (with a dot) only while the activity is on.
#[component]
pub fn TimeBadge(status: Memo<Option<TimeStatus>>) -> impl IntoView {
    move || {
        status.get().map(|st| {
            view! {
                <span class=format!("time-badge time-badge--{}", st.as_str()) data-testid="time-status" data-status=st.as_str()>
                    {(st == TimeStatus::Ongoing).then(|| view! { <span class="live-dot" aria-hidden="true"></span> })}
                    {time_status_label(st)}
                </span>
            }
        })
    }
}
