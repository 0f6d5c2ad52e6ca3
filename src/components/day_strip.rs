//! What the two day strips (活动 and 直播) share: the chip's label with 今天 by the server clock,
//! and opening the strip with the chosen day, else today, in view.
use crate::format::{month_day, weekday};
use crate::i18n::t;
use crate::state::use_clock;
use chrono::NaiveDate;
use leptos::html::Ul;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Today's China date by the server-corrected clock (changes only at midnight).
pub fn use_today() -> Memo<Option<NaiveDate>> {
    let clock = use_clock();
    Memo::new(move |_| clock.today())
}

/// `9月13日` over `周一`, or over `今天` for today.
#[component]
pub fn DayChipLabel(day: NaiveDate, today: Memo<Option<NaiveDate>>) -> impl IntoView {
    let s = t();
    view! {
        <span class="day-chip__date">{month_day(day)}</span>
        <span class="day-chip__weekday">{move || if today.get() == Some(day) { s.today } else { weekday(day) }}</span>
    }
}

/// What a day strip is built from: the edition's days and today (both by the server clock), and
/// the list's node, which opens scrolled to the chosen day (else today) once the days are there.
pub struct DayStripParts {
    pub days: Signal<Vec<NaiveDate>>,
    pub today: Memo<Option<NaiveDate>>,
    pub strip: NodeRef<Ul>,
}

pub fn use_day_strip() -> DayStripParts {
    let clock = use_clock();
    let days = Signal::derive(move || clock.edition_days());
    let strip = NodeRef::<Ul>::new();
    use_open_on_day(strip, move || days.with(Vec::len));
    DayStripParts {
        days,
        today: use_today(),
        strip,
    }
}

/// Once the strip has its days, scrolls it sideways (never the page), as little as needed, so
/// that the chosen day's chip — else today's — is in view with a little of the next one.
pub fn use_open_on_day(strip: NodeRef<Ul>, day_count: impl Fn() -> usize + Send + Sync + 'static) {
    Effect::new(move |_| {
        let (Some(ul), n) = (strip.get(), day_count()) else {
            return;
        };
        if n == 0 {
            return;
        }
        request_animation_frame(move || {
            let find = |selector: &str| {
                ul.query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|c| c.parent_element())
                    .and_then(|li| li.dyn_into::<web_sys::HtmlElement>().ok())
            };
            let target = find(
                ".day-chip[aria-pressed=\"true\"], .day-chip[aria-current=\"page\"]:not(.day-chip--all)",
            )
            .or_else(|| find(".day-chip--today"));
            let Some(item) = target else { return };
            // The strip is positioned (CSS), so offsets are within its scrolled content.
            let right = item.offset_left() + item.offset_width();
            let peek = item.offset_width() / 2;
            let overflow = right + peek - ul.client_width();
            if overflow > 0 {
                ul.set_scroll_left(overflow);
            }
        });
    });
}
