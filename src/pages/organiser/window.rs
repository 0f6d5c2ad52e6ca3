//! The registration window when the server says it is closed (409 `window-closed`): its dates and,
//! before it opens, a countdown on the server-corrected clock (never the device clock alone).
use crate::format::Countdown;
use crate::models::SubmitWindow;
use crate::state::use_clock;
use leptos::prelude::*;

#[component]
pub fn WindowClosed(window: SubmitWindow) -> impl IntoView {
    let clock = use_clock();
    let day = crate::format::date_time::<chrono::FixedOffset>;
    let span = format!("{} — {}", day(&window.opens_at), day(&window.closes_at));
    let opens = window.opens_at;
    let left = move || {
        let now = clock.now()?;
        let d = opens.with_timezone(&chrono::Utc) - now;
        (d.num_seconds() > 0).then(|| {
            let c = Countdown::from_duration(d);
            format!(
                "距开放还有 {} 天 {} 小时 {} 分 {} 秒",
                c.days, c.hours, c.minutes, c.seconds
            )
        })
    };
    view! {
        <div class="notice notice--warning" role="alert" data-testid="window-closed">
            <p class="notice__title">"现在不在登记时间内"</p>
            <p>"活动登记时间（北京时间）："{span}</p>
            <p class="countdown-text">{left}</p>
        </div>
    }
}
